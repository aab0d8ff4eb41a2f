"""Progress per key result from its check-ins, and whether it is at risk: pure functions, no I/O.

A key result is **below the floor** when its latest check-in is worse than the floor (unless the line through its
last two check-ins climbs back above the floor by the end of the period); it is **trending below** when it is
still at or above the floor but that line ends the period below it. Both are "at risk": seen early, with the
check-ins cited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from assistant.core.periods import parse_period
from assistant.drafting.schemas import GoalProposal

if TYPE_CHECKING:
    from assistant.drafting.goalsets import Checkin

__all__ = ["KrProgress", "ProgressStatus", "progress_of"]

ProgressStatus = Literal["no_checkin", "below_floor", "trending_below", "on_track", "at_target", "at_stretch"]
AT_RISK: tuple[ProgressStatus, ...] = ("below_floor", "trending_below")


class KrProgress(BaseModel):
    """Where one key result stands."""

    ref: str
    goal: int
    label: str
    unit: str | None = None
    higher_is_better: bool = True
    floor: float | None = None
    target: float | None = None
    stretch: float | None = None
    latest: float | None = None
    latest_on: date | None = None
    projected: float | None = None
    """The value the last two check-ins' line reaches at the period's end (two or more check-ins)."""
    status: ProgressStatus = "no_checkin"
    checkin_ids: list[str] = Field(default_factory=list)
    """The check-ins the status rests on (the last two), oldest first."""

    @property
    def at_risk(self) -> bool:
        """Below the floor, or heading there."""
        return self.status in AT_RISK


def progress_of(goals: Sequence[GoalProposal], checkins: Sequence[Checkin], period: str) -> list[KrProgress]:
    """Progress of every personal key result with a floor, in goal order."""
    end = parse_period(period).end
    out = []
    for n, goal in enumerate(goals, start=1):
        for kr in goal.key_results:
            if kr.scope == "team" or kr.floor is None:
                continue
            mine = sorted((c for c in checkins if c.kr_ref == kr.ref), key=lambda c: (c.measured_on, c.id))
            item = KrProgress(
                ref=kr.ref,
                goal=n,
                label=kr.label or kr.metric,
                unit=kr.unit,
                higher_is_better=kr.higher_is_better,
                floor=kr.floor,
                target=kr.target,
                stretch=kr.stretch,
            )
            if mine:
                _judge(item, mine, end)
            out.append(item)
    return out


def _judge(item: KrProgress, mine: Sequence[Checkin], end: date) -> None:
    sign = 1 if item.higher_is_better else -1
    last = mine[-1]
    item.latest, item.latest_on = last.value, last.measured_on
    item.checkin_ids = [c.id for c in mine[-2:]]
    floor = item.floor if item.floor is not None else last.value
    prev = mine[-2] if len(mine) > 1 else None
    if prev is not None and last.measured_on > prev.measured_on:
        slope = (last.value - prev.value) / (last.measured_on - prev.measured_on).days
        item.projected = round(last.value + slope * max(0, (end - last.measured_on).days), 4)
    recovering = item.projected is not None and sign * (item.projected - floor) >= 0
    if sign * (last.value - floor) < 0 and not recovering:
        item.status = "below_floor"
    elif item.projected is not None and sign * (item.projected - floor) < 0:
        item.status = "trending_below"
    elif item.stretch is not None and sign * (last.value - item.stretch) >= 0:
        item.status = "at_stretch"
    elif item.target is not None and sign * (last.value - item.target) >= 0:
        item.status = "at_target"
    else:
        item.status = "on_track"
