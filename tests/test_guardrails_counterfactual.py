"""Counterfactual invariance: swapping names, pronouns and gendered terms never moves specificity or balance."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guardrails import check_text

# Each template is filled twice, once per gender; {n*} are numbers, {name}/{peer} names.
EN_TEMPLATES = [
    "In the {month} release review, {name} walked the team through the rollback plan, "
    "which cut the meeting to {n1} minutes.",
    "{He} rewrote the retry logic and p95 latency fell from {n2} ms to {n1} ms.",
    "{He} is a great team player.",
    "{Mr} {name} paired with {peer} on the failover and restored service in {n1} minutes.",
    "{His} design doc was clear, and {n1} teams adopted the template.",
    "{He} needs to improve {his} communication skills.",
    "In sprint planning {he} committed to {n2} stories but delivered {n1}; "
    "next time, flag the risk at the mid-sprint check-in.",
    "Next quarter, I'd like {him} to present the on-call runbook at the {month} ops review.",
    "As the only {man} on the team, {he} mentored {n1} new hires and reviewed {n2} of their pull requests.",
    "{name} did a good job this year and should keep it up.",
    "{He} taught {himself} Terraform and automated {n1} manual deploy steps.",
    "Maybe {he} was just a little late on the docs sometimes.",
    "Great energy from {name} all year!",
]
ZH_TEMPLATES = [
    "{month}月的版本评审会上，{name}梳理了回滚方案，评审时间缩短到{n1}分钟。",
    "{he}重写了重试逻辑，接口延迟从{n2}毫秒降到{n1}毫秒。",
    "{he}工作认真负责，表现不错。",
    "{name}{mr}和{peer}一起完成了数据库切换，{n1}分钟内恢复服务。",
    "{he}的沟通能力有待提高。",
    "迭代规划时{he}承诺了{n2}个需求，实际交付{n1}个；建议下次在中期检查时提示风险。",
    "下季度建议{he}在{month}月的运维例会上分享值班手册。",
    "作为团队里唯一的{man}同事，{he}带教了{n1}名新人。",
    "{name}今年表现优秀，继续保持。",
    "{he}可能稍微有点拖延，偶尔文档交得晚。",
]
EN_GENDER = [
    {"He": "He", "he": "he", "him": "him", "his": "his", "His": "His", "himself": "himself", "Mr": "Mr.", "man": "man"},
    {
        "He": "She",
        "he": "she",
        "him": "her",
        "his": "her",
        "His": "Her",
        "himself": "herself",
        "Mr": "Ms.",
        "man": "woman",
    },
]
ZH_GENDER = [{"he": "他", "mr": "先生", "man": "男"}, {"he": "她", "mr": "女士", "man": "女"}]
EN_NAMES = ["Tom", "Priya", "Kenji", "Maria", "Ahmed", "Olivia", "Wei", "Fatima", "Daniel", "Aisha Khan", "Li Na"]
ZH_NAMES = ["李娜", "王伟", "张敏", "刘洋", "陈静", "赵磊", "周婷", "杨帆", "欧阳娜娜", "孙悦"]
MONTHS = ["March", "April", "May", "June", "September"]


@st.composite
def drafts(draw: st.DrawFn, lang: str) -> tuple[str, str]:
    templates = EN_TEMPLATES if lang == "en" else ZH_TEMPLATES
    names = EN_NAMES if lang == "en" else ZH_NAMES
    chosen = draw(st.lists(st.sampled_from(templates), min_size=1, max_size=6))
    name_a, peer_a, name_b, peer_b = draw(st.permutations(names))[:4]
    numbers = {"n1": draw(st.integers(1, 60)), "n2": draw(st.integers(61, 900))}
    month = draw(st.sampled_from(MONTHS)) if lang == "en" else draw(st.integers(1, 12))
    genders = EN_GENDER if lang == "en" else ZH_GENDER
    first = draw(st.integers(0, 1))
    joiner = " " if lang == "en" else ""
    a = joiner.join(t.format(name=name_a, peer=peer_a, month=month, **numbers, **genders[first]) for t in chosen)
    b = joiner.join(t.format(name=name_b, peer=peer_b, month=month, **numbers, **genders[1 - first]) for t in chosen)
    return a, b


def _scores(text: str, lang: str) -> tuple[int, int, list[str]]:
    report = check_text(text, lang=lang)  # type: ignore[arg-type]
    kinds = sorted(f.kind for f in report.findings if f.dimension in ("specificity", "balance"))
    return report.scores["specificity"], report.scores["balance"], kinds


@settings(max_examples=80, deadline=None)
@given(drafts("en"))
def test_english_swaps_leave_specificity_and_balance_unchanged(pair):
    a, b = pair
    assert _scores(a, "en") == _scores(b, "en"), (a, b)


@settings(max_examples=80, deadline=None)
@given(drafts("zh"))
def test_chinese_swaps_leave_specificity_and_balance_unchanged(pair):
    a, b = pair
    assert _scores(a, "zh") == _scores(b, "zh"), (a, b)


def test_the_generator_really_swaps_gendered_terms():
    a = EN_TEMPLATES[8].format(name="Tom", peer="Priya", month="May", n1=3, n2=70, **EN_GENDER[0])
    b = EN_TEMPLATES[8].format(name="Maria", peer="Kenji", month="May", n1=3, n2=70, **EN_GENDER[1])
    assert "only man" in a and "only woman" in b and " he " in a and " she " in b
    assert _scores(a, "en") == _scores(b, "en")
