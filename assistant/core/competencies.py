"""Competency tags: a small bilingual lexicon that maps work text (en + zh) to shared concepts.

Tags bridge languages (a focus of "collaboration" finds events that say 协作) and let retrieval weigh
what a manager asked about beside embedding similarity.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["COMPETENCIES", "GROWTH_WORDS", "KIND_HINTS", "LABELS", "growth_tags_for", "label", "tags_for"]

#: tag -> (English stems/phrases, Chinese words). English entries match at a word start.
COMPETENCIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "collaboration": (
        (
            "collaborat",
            "teamwork",
            "team work",
            "pair",
            "cross-team",
            "cross team",
            "partner",
            "help",
            "support",
            "cooperat",
            "together",
            "review",
        ),
        ("协作", "合作", "配合", "协同", "跨团队", "跨部门", "帮助", "支持", "结对", "评审", "互助"),
    ),
    "communication": (
        ("communicat", "present", "writ", "explain", "stakeholder", "update", "demo", "talk"),
        ("沟通", "汇报", "表达", "演示", "同步", "讲解", "分享会"),
    ),
    "delivery": (
        ("deliver", "ship", "launch", "release", "complet", "finish", "deadline", "milestone", "on time"),
        ("交付", "上线", "发布", "完成", "按期", "里程碑", "落地"),
    ),
    "quality": (
        ("quality", "bug", "defect", "test", "coverage", "regression", "refactor"),
        ("质量", "缺陷", "测试", "覆盖率", "回归", "重构", "问题单"),
    ),
    "reliability": (
        (
            "incident",
            "outage",
            "latency",
            "uptime",
            "on-call",
            "oncall",
            "reliab",
            "postmortem",
            "slo",
            "performance",
            "p95",
            "p99",
        ),
        ("故障", "事故", "延迟", "可用性", "值班", "稳定性", "复盘", "性能"),
    ),
    "customer": (
        ("customer", "client", "user", "nps", "satisfaction", "churn", "renewal", "account"),
        ("客户", "用户", "满意度", "续约", "流失", "回访", "口碑"),
    ),
    "sales": (
        ("deal", "revenue", "pipeline", "quota", "sales", "conversion", "lead", "contract", "upsell"),
        ("签约", "成交", "营收", "收入", "业绩", "销售", "转化", "线索", "合同", "回款", "商机"),
    ),
    "leadership": (
        ("lead", "led", "drove", "own", "initiat", "decision", "coordinat", "organi", "facilitat"),
        ("带领", "牵头", "主导", "推动", "负责", "组织", "决策", "统筹"),
    ),
    "mentoring": (
        ("mentor", "coach", "onboard", "teach", "guid", "new hire", "intern", "buddy"),
        ("指导", "带教", "辅导", "新人", "入职", "培养", "导师", "实习生"),
    ),
    "knowledge_sharing": (
        (
            "shar",
            "document",
            "wiki",
            "runbook",
            "guide",
            "knowledge",
            "brown bag",
            "workshop",
            "talk",
            "playbook",
            "write-up",
            "writeup",
        ),
        ("分享", "文档", "知识库", "手册", "经验", "培训", "沉淀", "讲座", "总结"),
    ),
    "learning": (
        ("learn", "course", "certif", "training", "study", "skill", "conference", "read"),
        ("学习", "课程", "认证", "培训", "进修", "技能", "考试", "读书"),
    ),
    "innovation": (
        ("prototyp", "experiment", "idea", "innovat", "automat", "new approach", "proof of concept", "poc"),
        ("创新", "试点", "实验", "原型", "自动化", "新方案", "探索"),
    ),
    "planning": (
        ("plan", "roadmap", "estimat", "priorit", "okr", "goal", "scope"),
        ("规划", "计划", "路线图", "排期", "优先级", "目标", "拆解"),
    ),
}

#: Tags that point at one of the four event kinds when a focus names them.
KIND_HINTS: dict[str, str] = {
    "collaboration": "collaboration",
    "mentoring": "collaboration",
    "knowledge_sharing": "collaboration",
    "learning": "development",
    "delivery": "outcome",
    "sales": "outcome",
    "customer": "outcome",
}


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One regex over every keyword (longest first) and the tags each keyword stands for."""
    owners: dict[str, list[str]] = {}
    english: set[str] = set()
    for tag, (en, zh) in COMPETENCIES.items():
        for word in (*en, *zh):
            owners.setdefault(word.lower(), []).append(tag)
        english.update(w.lower() for w in en)
    en_alt = "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True))
    zh_alt = "|".join(re.escape(w) for w in sorted(set(owners) - english, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z0-9])(?:{en_alt})|{zh_alt}")
    return pattern, {word: tuple(tags) for word, tags in owners.items()}


_ORDER = {tag: i for i, tag in enumerate(COMPETENCIES)}


def tags_for(text: str) -> list[str]:
    """The competency tags whose words appear in ``text``, in lexicon order."""
    pattern, owners = _matcher()
    found: set[str] = set()
    for match in pattern.finditer(text.lower()):
        found.update(owners[match.group(0)])
    return sorted(found, key=_ORDER.__getitem__)


#: Display names of the tags, for development paths and team signals (en, zh).
LABELS: dict[str, tuple[str, str]] = {
    "collaboration": ("collaboration", "协作"),
    "communication": ("communication", "沟通表达"),
    "delivery": ("delivery", "交付"),
    "quality": ("quality", "质量"),
    "reliability": ("reliability", "稳定性"),
    "customer": ("customer focus", "客户经营"),
    "sales": ("sales results", "销售业绩"),
    "leadership": ("leadership", "牵头与带人"),
    "mentoring": ("mentoring", "带教辅导"),
    "knowledge_sharing": ("knowledge sharing", "知识沉淀与分享"),
    "learning": ("learning", "学习成长"),
    "innovation": ("innovation", "创新"),
    "planning": ("planning", "规划"),
}

#: Words that say someone wants (or does) the work of a tag beyond the retrieval lexicon: read only when a
#: development path matches aspirations and feedback to the ladder, so events' stored tags never change.
GROWTH_WORDS: dict[str, tuple[str, ...]] = {
    "leadership": (
        "people leadership", "people manager", "lead a team", "leading a team", "team lead", "tech lead",
        "manage a team", "managing a team", "line manag", "direct reports", "influence", "影响力", "带人", "带团队",
        "团队管理", "管理岗",
        "管理职责", "承担管理", "当组长", "主管",
    ),
    "mentoring": ("onboarding plan", "new joiner", "新人带教", "带新人"),
    "communication": ("write-up", "复盘文档", "汇报材料"),
    "knowledge_sharing": ("复盘文档", "postmortem doc"),
}  # fmt: skip


def label(tag: str, lang: str) -> str:
    """The display name of ``tag`` in ``lang`` (the tag itself when unknown)."""
    en, zh = LABELS.get(tag, (tag.replace("_", " "), tag))
    return zh if lang == "zh" else en


def growth_tags_for(text: str) -> list[str]:
    """``tags_for`` plus the growth words (``带人`` is leadership), in lexicon order."""
    found = set(tags_for(text))
    low = text.lower()
    found.update(tag for tag, words in GROWTH_WORDS.items() if any(w in low for w in words))
    return sorted(found, key=_ORDER.__getitem__)
