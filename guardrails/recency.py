"""Recency: does the cited evidence crowd into the last weeks of the review period?

Reviews drawn from the last few weeks misjudge a whole period (recency bias). The share of cited events
dated in the final ``weeks`` weeks is compared with what an even spread would give.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.models import WorkEvent
from assistant.core.periods import Period
from guardrails.scoring import Scored, finding
from guardrails.text import Doc

__all__ = ["recent_share", "score_recency"]


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
    """Score 0-100 with a ``recency_bias`` finding; ``None`` without dated evidence and a period."""
    if not events or period is None:
        return Scored(None, [])
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
