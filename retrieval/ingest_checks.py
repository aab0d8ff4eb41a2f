"""Plausibility checks of ingested rows that a single model cannot make: dates against today, reporting lines.

Each returns the reason a row is rejected, or ``None``. They are row errors: the row is reported and
skipped, the rest of the file kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from assistant.core.errors import BadInput
from assistant.core.models import TeamObjective, WorkEvent
from assistant.core.periods import parse_period

__all__ = ["event_date_problem", "manager_loop", "objective_period_problem"]


def event_date_problem(
    event: WorkEvent, *, earliest_year: int, future_days: int, now: datetime | None = None
) -> str | None:
    """Why ``occurred_at`` is implausible: before ``earliest_year``, or more than ``future_days`` ahead."""
    now = now or datetime.now(UTC)
    when = event.occurred_at
    if when.year < earliest_year:
        return (
            f"{when:%Y-%m-%d} is before {earliest_year} (COACH_INGEST_EARLIEST_YEAR); check the date, or raise the "
            "setting for older records"
        )
    if when > now + timedelta(days=future_days):
        return (
            f"{when:%Y-%m-%d} is more than {future_days} days in the future (COACH_INGEST_FUTURE_MARGIN_DAYS); "
            "work events record work that has happened"
        )
    return None


def objective_period_problem(
    objective: TeamObjective, *, earliest_year: int, now: datetime | None = None
) -> str | None:
    """Why an objective's period is implausible: before ``earliest_year`` or after next year."""
    now = now or datetime.now(UTC)
    try:
        period = parse_period(objective.period)
    except BadInput as exc:  # pragma: no cover - the model validated it already
        return str(exc)
    if period.start.year < earliest_year:
        return f"{objective.period} is before {earliest_year} (COACH_INGEST_EARLIEST_YEAR)"
    if period.start.year > now.year + 1:
        return f"{objective.period} starts after next year; objectives are set for this year or the next"
    return None


def manager_loop(person_id: str, manager_of: Callable[[str], str | None]) -> list[str] | None:
    """The loop ``person_id -> manager -> ... -> person_id`` when their reporting line comes back to them."""
    chain = [person_id]
    seen = {person_id}
    current = manager_of(person_id)
    while current is not None:
        chain.append(current)
        if current == person_id:
            return chain
        if current in seen:  # a loop above this person, not through them (rejected when it was made)
            return None
        seen.add(current)
        current = manager_of(current)
    return None
