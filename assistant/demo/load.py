"""Loading the demo organisation: the committed people, objectives and events files, ingested once, then the
goal sets and check-ins people saved over the year."""

from __future__ import annotations

from assistant.core.container import Coach
from assistant.core.errors import BadInput
from assistant.demo.org import DEMO_DATA_DIR
from retrieval.disputes import open_dispute
from retrieval.ingest import ingest_files

__all__ = ["DEMO_DISPUTES", "DEMO_FILES", "DEMO_PERIOD", "load_demo"]

DEMO_PERIOD = "2025-12-01..2026-11-30"
#: The committed files, loaded in this order (growth data after the people it names).
DEMO_FILES = ("people", "objectives", "metrics", "ladder", "learning", "openings", "mentors", "events")
#: (person, event, reason): events the demo's employees have disputed (open until a manager or HR resolves them).
DEMO_DISPUTES: list[tuple[str, str, str]] = [
    (
        "daniel-park",
        "ev-daniel-park-004",
        "Missing context: I joined this incident as incident commander 30 minutes in, after Farid handed over; "
        "the 47 minutes are the whole incident, not the part I ran.",
    ),
    (
        "li-na",
        "ev-li-na-041",
        "缺少背景：云帆科技的最后一笔回款在季度结束后第三天到账，按合同约定的口径本季度回款率已达到88%的目标。",
    ),
]


def load_demo(coach: Coach, *, goals: bool = True) -> bool:
    """Ingest the committed demo files unless people are already present; returns whether it loaded.

    ``goals``: also insert the demo's goal sets and check-ins (``assistant.demo.goals``).
    """
    if coach.sql.person_ids():
        return False
    report = ingest_files(coach, [DEMO_DATA_DIR / f"{name}.jsonl" for name in DEMO_FILES])
    if report.rejected:
        first = next(str(r) for f in report.files for r in f.rejects)
        raise BadInput(
            f"the demo files have {report.rejected} bad rows (first: {first}); regenerate them with "
            "`python -m assistant.demo.org`"
        )
    for person, event_id, reason in DEMO_DISPUTES:
        open_dispute(coach, person, event_id, reason)
    if goals:
        from assistant.demo.goals import load_demo_goals

        load_demo_goals(coach)
    return True
