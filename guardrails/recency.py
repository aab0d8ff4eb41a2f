"""Recency: does the cited evidence crowd into the last weeks of the review period?

Reviews drawn from the last few weeks misjudge a whole period (recency bias). The share of cited events
dated in the final ``weeks`` weeks is compared with what an even spread would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guardrails.messages import say
from guardrails.models import Finding
from guardrails.patterns import LazyPattern
from guardrails.scoring import Scored, finding
from guardrails.text import Doc

if TYPE_CHECKING:  # types only: a text-only check never builds these models
    from assistant.core.models import WorkEvent
    from assistant.core.periods import Period

__all__ = ["recent_share", "score_recency", "text_recency"]

# Relative references to the last weeks: an example dated only "last week" could be from any review.
_EN_RECENT = LazyPattern(
    r"\b(?:(?:last|this|past|previous) (?:week|few days|couple of (?:days|weeks)|fortnight|sprint)|yesterday|"
    r"the other day|recently|lately|(?:a|one|two|three|couple of|few) (?:days?|weeks?) ago|earlier this week|"
    r"(?:in )?the (?:last|past) (?:few |two |three |couple of )?(?:days|weeks|month)|this month|last month)\b"
)
#: Substrings every English relative-time reference contains.
_EN_RECENT_CUES = ("last ", "this ", "past ", "previous ", "yesterday", "other day", "recent", "lately", " ago")
_ZH_RECENT = LazyPattern(
    r"上周|上星期|上个?星期|这周|本周|这星期|昨天|前天|最近|近期|前几天|这几天|上个月|这个月|本月|近一个月|前两周|这两周|"
    r"(?:一|两|三|几)(?:天|周|个星期)前"
)
# Anything that places an example elsewhere in the period.
_EN_OTHER = LazyPattern(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|q[1-4]|h[12]|(?:19|20)\d\d|\d{1,2}/\d{1,2}|last (?:quarter|year|half)|"
    r"earlier this (?:year|half|quarter)|"
    r"(?:start|beginning|end|middle) of (?:the )?(?:year|quarter|half|period)|(?:first|second|third|fourth) quarter|"
    r"(?:in|since|during|by) may\b|spring|summer|autumn|fall|winter)\b"
)
_ZH_OTHER = LazyPattern(
    r"\d{1,2}\s*月|\d{4}\s*年|第[一二三四1-4]季度|上半年|下半年|年初|年中|年底|去年|季度初|Q[1-4]|H[12]"
)


def text_recency(doc: Doc) -> tuple[int | None, list[Finding]]:
    """Recency from the draft's own time references, when there is no dated evidence.

    Examples dated only relative to now ("last week", "最近一个月") say nothing about the rest of the period;
    a draft whose every dated example is such, or whose dated examples are mostly such, scores low.
    ``(None, [])`` when the draft dates nothing.
    """
    recent_re, other_re = (_ZH_RECENT, _ZH_OTHER) if doc.lang == "zh" else (_EN_RECENT, _EN_OTHER)
    text = doc.text if doc.lang == "zh" else doc.lower  # English patterns are lower case
    if doc.lang == "zh":
        recent_at = [m.start() for m in recent_re.finditer(text)]
    else:  # the pattern runs only on statements holding one of its cue substrings (far cheaper)
        recent_at = [
            m.start()
            for span in doc.statements
            if any(cue in text[span.start : span.end] for cue in _EN_RECENT_CUES)
            for m in recent_re.finditer(text, span.start, span.end)
        ]
    if not recent_at:
        return None, []  # nothing dated relative to now: without evidence, recency cannot be measured
    other_at = [m.start() for m in other_re.finditer(text)]
    recent = other = 0
    for span in doc.statements:
        r = any(span.start <= at < span.end for at in recent_at)
        o = any(span.start <= at < span.end for at in other_at)
        recent += r and not o
        other += o
    if recent == 0:
        return 100, []
    share = recent / (recent + other)
    if other and (share <= 0.5 or recent < 2):
        return 100, []
    score = max(30, round(100 - 60 * share - 5 * min(recent, 4)))
    end = len(doc.text)
    message, suggestion = say("recency_relative", doc.lang, count=recent, total=recent + other)
    found = Finding(
        dimension="recency", kind="recency_bias", start=end, end=end, text="", message=message, suggestion=suggestion
    )
    return score, [found]


def recent_share(events: Sequence[WorkEvent], period: Period, weeks: int) -> tuple[float, float, int]:
    """``(share in the last weeks, share an even spread would give, events in the period)``."""
    inside = [e for e in events if period.contains(e.occurred_at)]
    if not inside:
        return 0.0, 0.0, 0
    tail = period.last_weeks(weeks)
    recent = sum(1 for e in inside if tail.contains(e.occurred_at))
    return recent / len(inside), min(1.0, tail.days / period.days), len(inside)


def score_recency(
    doc: Doc, events: Sequence[WorkEvent] | None, period: Period | None, *, weeks: int, max_share: float
) -> Scored:
    """Score 0-100 with a ``recency_bias`` finding: from the cited evidence's dates against the period, else
    from the draft's own time references (relative-only examples lower it); ``None`` with neither."""
    if not events or period is None:
        score, found = text_recency(doc)
        return Scored(score, found)
    share, expected, count = recent_share(events, period, weeks)
    if count == 0 or expected >= 1.0:
        return Scored(None, [])
    allowed = max(max_share, min(0.9, expected * 1.75))
    if share <= allowed:
        return Scored(100, [])
    score = round(100 * (1 - (share - allowed) / (1 - allowed)))
    end = len(doc.text)
    found = finding(
        doc, "recency", "recency_bias", end, end, share=share, weeks=weeks, expected=expected, period=period.label
    )
    return Scored(max(0, score), [found])
