"""What kind of work an event records, beyond its four-way ``kind``: reviews, help, mentoring, talks, ...

Collaboration and development evidence is aggregated by activity, so a quiet contributor's forty reviews,
answers and talks are described as the body of work they are, not as one example. The families are
decided from the event's text, metric keys and source, in English and Chinese; an event matches at most
one family (the first that fits), and collaboration that fits none stays ``other_collaboration``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.core.models import WorkEvent

__all__ = ["ACTIVITIES", "Activity", "activity_of"]

Activity = str

#: (activity, event kinds it applies to, text pattern, metric-key pattern, sources), in priority order.
_RULES: Sequence[tuple[Activity, frozenset[str], re.Pattern[str], re.Pattern[str] | None, frozenset[str]]] = (
    (
        "mentoring",
        frozenset({"collaboration", "development", "context"}),
        re.compile(
            r"\bmentor(?:ed|ing|s)?\b|\bcoach(?:ed|ing)\b|\bonboarding buddy\b|\bbuddy for\b|\bapprentice|"
            r"\bsponsor(?:ed|ing)\b|带教|辅导|导师|传帮带|帮带|师徒",
            re.IGNORECASE,
        ),
        re.compile(r"\bmentor|\bcoaching\b|辅导|带教", re.IGNORECASE),
        frozenset(),
    ),
    (
        "code_review",
        frozenset({"collaboration"}),
        re.compile(
            r"\b(?:code|pull request|PR|merge request|MR|diff)s? review|\breview(?:ed|ing|s)? (?:of )?\d*\s*"
            r"(?:pull requests?|PRs?|merge requests?|changes|code|diffs?)|\bcode reviews?\b|代码评审|代码审查|"
            r"评审.{0,6}(?:合并请求|代码|PR)",
            re.IGNORECASE,
        ),
        re.compile(r"\bprs? reviewed\b|\breview comments\b|\bcode reviews?\b|\bmerge requests\b", re.IGNORECASE),
        frozenset(),
    ),
    (
        "help",
        frozenset({"collaboration"}),
        re.compile(
            r"help[- ]channel|help desk|\banswer(?:ed|ing)? \d*\s*questions|\bquestions? answered|office hours|"
            r"support rotation|\bFAQ\b|团队答疑|答疑群|答疑轮值|轮值答疑|解答\d*个?问题",
            re.IGNORECASE,
        ),
        re.compile(r"\bquestions\b|\banswered\b|解答问题", re.IGNORECASE),
        frozenset(),
    ),
    (
        "talks",
        frozenset({"collaboration", "development"}),
        re.compile(
            r"\btalk\b|\bpresent(?:ed|ation)\b|\bworkshop\b|\bbrown[- ]bag\b|lunch and learn|study group|"
            r"\bdemo day\b|\bmeetup\b|\bkeynote\b|内部分享|分享会|团队.{0,4}分享|讲座|学习小组|培训课|授课|宣讲",
            re.IGNORECASE,
        ),
        re.compile(r"\battendees\b|\bparticipants\b|参与人数|参会", re.IGNORECASE),
        frozenset(),
    ),
    (
        "documentation",
        frozenset({"collaboration"}),
        re.compile(
            r"\bguide\b|\brunbook\b|\bplaybook\b|\bwiki\b|\bhandbook\b|\bdocument(?:ed|ation)\b|knowledge base|"
            r"\bwrote up\b|\bcomparison\b|知识库|文档|手册|指南|对比表|对比材料|整理成",
            re.IGNORECASE,
        ),
        re.compile(r"\bguide pages\b|\bviews\b|\balerts documented\b|文档|查看", re.IGNORECASE),
        frozenset(),
    ),
    (
        "interviewing",
        frozenset({"collaboration", "context"}),
        re.compile(r"\binterview(?:s|ed|ing)?\b|\bhiring panel|面试|招聘", re.IGNORECASE),
        re.compile(r"\binterviews?\b|面试", re.IGNORECASE),
        frozenset(),
    ),
    (
        "joint_work",
        frozenset({"collaboration"}),
        re.compile(
            r"cross[- ]team|another team|other teams?|partner team|the \w+ team|with (?:the )?(?:product|data|"
            r"design|sales|finance|legal|security|support|marketing)|working group|\bpaired with\b|"
            r"\bco-?wrote\b|跨团队|跨部门|与.{1,6}(?:团队|部门)|协助.{1,4}推进|陪同|共创|联合",
            re.IGNORECASE,
        ),
        None,
        frozenset(),
    ),
    (
        "learning",
        frozenset({"development"}),
        re.compile(
            r"\bcourse\b|\bcertif|\bexam\b|\bmodule\b|\bconference\b|\bcon\b|\battended\b|\btraining\b|"
            r"\bread(?:ing)? list|课程|认证|考试|模块|大会|峰会|培训|学习",
            re.IGNORECASE,
        ),
        re.compile(r"\bcourse\b|\bexam\b|\bmodules\b|\btakeaways\b|课时|考试|模块|要点", re.IGNORECASE),
        frozenset({"lms"}),
    ),
    (
        "stretch",
        frozenset({"development"}),
        re.compile(
            r"stretch|for the first time|\bled the\b|\bowned\b|\brotation\b|\bshadow(?:ed|ing)\b|轮岗|"
            r"第一次|首次主导|牵头|挑战",
            re.IGNORECASE,
        ),
        None,
        frozenset(),
    ),
    (
        "goal_setting",
        frozenset({"development"}),
        re.compile(r"learning goal|development plan|学习目标|发展计划", re.IGNORECASE),
        None,
        frozenset(),
    ),
)

#: Every activity a rule can give, plus the catch-alls.
ACTIVITIES: tuple[Activity, ...] = (
    *(rule[0] for rule in _RULES),
    "other_collaboration",
    "other_development",
)


def activity_of(event: WorkEvent) -> Activity | None:
    """The event's activity, or ``None`` for outcomes and context that fit no family."""
    text = f"{event.title} {event.description}"
    keys = " ".join(k.replace("_", " ") for k in event.metrics)
    for activity, kinds, pattern, key_pattern, sources in _RULES:
        if event.kind not in kinds:
            continue
        if event.source in sources or pattern.search(text) or (key_pattern is not None and key_pattern.search(keys)):
            return activity
    if event.kind == "collaboration":
        return "other_collaboration"
    if event.kind == "development":
        return "other_development"
    return None
