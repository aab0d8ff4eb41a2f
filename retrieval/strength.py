"""How much evidence opted-in mentors have in a competency: counts only, never events.

A development path suggests a mentor "strong in X". Finding one means looking at colleagues' records that
the requester may not see, so this door returns numbers and nothing else: only ``normal`` events are counted
(never private notes, never events opted out of AI use or disputed), and each look is audited with who asked
and for whom. The caller says what counts through a predicate over an event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.core.models import WorkEvent
from assistant.core.periods import Period

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["evidence_counts"]


def evidence_counts(
    coach: Coach,
    requester: str,
    people: Sequence[str],
    tests: dict[str, Callable[[WorkEvent], bool]],
    period: Period,
    *,
    purpose: str,
) -> dict[str, dict[str, int]]:
    """Per person, per test name: how many of their normal-visibility events in ``period`` pass the test."""
    coach.ensure_consistent()
    out: dict[str, dict[str, int]] = {}
    for person in dict.fromkeys(people):
        rows = coach.sql.candidate_events(person, period.start_ts, period.end_ts, ["normal"])
        blocked = coach.growth.blocking(person)
        ids = [r.id for r in rows if r.id not in blocked]
        fetched = coach.vectors.fetch(ids) if ids else {}
        events = [fetched[i][0] for i in ids if i in fetched and fetched[i][0].visibility == "normal"]
        out[person] = {name: sum(1 for e in events if test(e)) for name, test in tests.items()}
    coach.sql.audit(
        requester_id=requester,
        subject_id=None,
        action="evidence_counts",
        decision="allowed",
        reason=purpose,
        details={"people": list(out), "tests": sorted(tests), "period": period.label},
    )
    return out
