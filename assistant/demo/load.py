"""Loading the demo organisation: the committed people, objectives and events files, ingested once."""

from __future__ import annotations

from assistant.core.container import Coach
from assistant.core.errors import BadInput
from assistant.demo.org import DEMO_DATA_DIR
from retrieval.ingest import ingest_files

__all__ = ["DEMO_PERIOD", "load_demo"]

DEMO_PERIOD = "2025-12-01..2026-11-30"


def load_demo(coach: Coach) -> bool:
    """Ingest the committed demo files unless people are already present; returns whether it loaded."""
    if coach.sql.person_ids():
        return False
    report = ingest_files(
        coach, [DEMO_DATA_DIR / f"{name}.jsonl" for name in ("people", "objectives", "metrics", "events")]
    )
    if report.rejected:
        first = next(str(r) for f in report.files for r in f.rejects)
        raise BadInput(
            f"the demo files have {report.rejected} bad rows (first: {first}); regenerate them with "
            "`python -m assistant.demo.org`"
        )
    return True
