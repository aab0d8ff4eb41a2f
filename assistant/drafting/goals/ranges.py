"""Key-result ranges from a person's own history: the statistic, the floor / target / stretch, the rounding.

Pure functions, no I/O, so the arithmetic a person is asked to commit to can be checked by a test and by
hand. The rules, in the words a derivation uses:

* **baseline**: the true median of the person's last (up to) three results on record: one value is that
  value, two values are their mean (the median of two), three are the middle one;
* **floor**: hold the baseline;
* **target** and **stretch**: when the team's target is comparable (a rate, a time, a score — not an amount
  that adds up across people) and better than the baseline, the target is halfway there (or the person's
  own best, when that is further) and the stretch is the team's target (or the best, when the best is
  beyond it). Otherwise the target is the person's best on record when that beats the baseline, else a 5%
  improvement; the stretch a further 5% of the baseline. Near-100% rates (availability) improve the
  shortfall instead: a quarter and a half of the gap to 100%;
* **amounts** (a cost, bookings): the team's planned relative change applied to the person's own baseline;
* **rounding** per unit: whole minutes, days, points, ms and currency; one decimal for small percentages
  and hours; two for rates near 100%; a tie goes to the better side; the three values are then kept strictly
  apart in the better direction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from statistics import median
from typing import Literal

__all__ = ["Basis", "KrRange", "baseline_of", "decimals_for", "is_level", "key_result_range", "round_to"]

Basis = Literal["single", "median_of_2", "median_of_3"]
Reason = Literal["hold", "halfway", "team_target", "best", "step", "team_change"]

_LEVEL_UNITS = {"%", "ms", "s", "min", "h", "days", "天", "分", "分钟", "秒", "小时", "/week", "/周", "req/s", "points"}
_LEVEL_KEYS = re.compile(
    r"pct|percent|rate|ratio|avg|average|median|mean|score|nps|csat|share|coverage|latency|time|mttr|per_|_per|"
    r"率|均|平均|占比|得分|满意度|周期|时长|NPS",
    re.IGNORECASE,
)
_WHOLE_UNITS = {"ms", "min", "s", "days", "天", "分", "分钟", "秒", "k USD", "USD", "万元", "元", "req/s", "points"}


@dataclass(frozen=True)
class KrRange:
    """A key result's numbers and how each was reached."""

    baseline: float
    basis: Basis
    values: tuple[float, ...]
    """The results the baseline is the median of, oldest first."""
    best: float
    floor: float
    target: float
    stretch: float
    target_reason: Reason
    stretch_reason: Reason
    team_change: float | None = None
    """For an amount: the team's planned relative change (-0.19 = a 19% cut) that was applied."""


def baseline_of(values: Sequence[float]) -> tuple[float, Basis, tuple[float, ...]]:
    """The true median of the last (up to) three values, the statistic's name and the values used."""
    if not values:
        raise ValueError("a baseline needs at least one value")
    used = tuple(float(v) for v in values[-3:])
    basis: Basis = "single" if len(used) == 1 else "median_of_2" if len(used) == 2 else "median_of_3"
    return float(median(used)), basis, used


def is_level(unit: str, key: str = "") -> bool:
    """A rate, time or score (a team's target applies to one person's scope too), not an amount that adds up."""
    return unit.strip() in _LEVEL_UNITS or bool(_LEVEL_KEYS.search(key))


def decimals_for(unit: str, magnitude: float) -> int:
    """How many decimals a value of ``unit`` is written with."""
    unit = unit.strip()
    size = abs(magnitude)
    if unit == "%":
        return 2 if size >= 99 else 1 if size < 20 else 0
    if unit in ("h", "小时"):
        return 1 if size < 10 else 0
    if unit in _WHOLE_UNITS:
        return 0
    return 0 if size >= 100 else 1 if size >= 10 else 2


def round_to(value: float, decimals: int, *, half_up: bool = True) -> float:
    """``value`` at ``decimals``, a half going up (``2.45`` -> ``2.5``, not banker's ``2.4``) or, with
    ``half_up=False``, down (``49.5`` -> ``49``: a lower-is-better floor keeps the better side of a tie)."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP if half_up else ROUND_HALF_DOWN))


def key_result_range(
    values: Sequence[float],
    *,
    higher_is_better: bool,
    unit: str = "",
    key: str = "",
    team_baseline: float | None = None,
    team_target: float | None = None,
) -> KrRange:
    """Floor, target and stretch for one person's series ``values`` (oldest first), rounded for ``unit``."""
    sign = 1.0 if higher_is_better else -1.0
    baseline, basis, used = baseline_of(values)
    best = max(used, key=lambda v: sign * v)

    def better(a: float, b: float) -> bool:
        return sign * (a - b) > 1e-9

    near_full = unit.strip() == "%" and higher_is_better and baseline >= 90
    step = (100 - baseline) * 0.25 if near_full else abs(baseline) * 0.05
    change = None
    if team_target is not None and is_level(unit, key) and better(team_target, baseline):
        if better(best, team_target):
            target, t_reason, stretch, s_reason = team_target, "team_target", best, "best"
        else:
            halfway = baseline + (team_target - baseline) / 2
            target, t_reason = (best, "best") if better(best, halfway) else (halfway, "halfway")
            stretch, s_reason = team_target, "team_target"
    elif (
        team_target is not None
        and team_baseline
        and not is_level(unit, key)
        and better(team_target, team_baseline)
        and abs(team_target / team_baseline - 1) < 1
    ):
        change = team_target / team_baseline - 1
        target, t_reason = baseline * (1 + change), "team_change"
        stretch, s_reason = baseline * (1 + 1.5 * change), "team_change"
    elif better(best, baseline) and sign * (best - baseline) >= step / 2:
        target, t_reason = best, "best"
        stretch, s_reason = best + sign * step, "step"
    else:
        target, t_reason = baseline + sign * step, "step"
        stretch, s_reason = baseline + 2 * sign * step, "step"
    floor, target, stretch = _rounded(baseline, target, stretch, sign, unit, _precision(used))
    return KrRange(
        baseline=round_to(baseline, 2),
        basis=basis,
        values=used,
        best=best,
        floor=floor,
        target=target,
        stretch=stretch,
        target_reason=t_reason,  # type: ignore[arg-type]
        stretch_reason=s_reason,  # type: ignore[arg-type]
        team_change=change,
    )


def _precision(values: Sequence[float]) -> int:
    """The most decimals the person's own results are written with (NPS 36, 39, 49 -> 0; 3.8% -> 1)."""
    return max((max(0, -int(Decimal(repr(v)).normalize().as_tuple().exponent)) for v in values), default=0)


def _rounded(
    floor: float, target: float, stretch: float, sign: float, unit: str, precision: int = 2
) -> tuple[float, float, float]:
    """Round the three for ``unit`` but never finer than the results they come from (``precision``: a score
    recorded in whole points gets whole-point targets, not 40.5), keep them inside the unit's bounds and
    strictly apart in the better direction (a rounding that merges two moves the later one by one step)."""
    decimals = min(decimals_for(unit, max(abs(floor), abs(target), abs(stretch))), precision)
    tick = 10.0**-decimals
    low, high = (0.0, 100.0) if unit.strip() == "%" else (0.0, float("inf"))
    out = [round_to(min(max(v, low), high), decimals, half_up=sign > 0) for v in (floor, target, stretch)]
    for i in (1, 2):
        if sign * (out[i] - out[i - 1]) < tick / 2:
            out[i] = round_to(out[i - 1] + sign * tick, decimals)
        out[i] = min(max(out[i], low), high)
    return out[0], out[1], out[2]
