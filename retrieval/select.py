"""Period-balanced, kind-diverse selection of evidence under a token budget, and its coverage.

Selection runs in rounds. Each round offers every month its best remaining event (relevance, with a
small penalty for kinds already taken), and takes them best first while they fit the budget. So no
month takes more than its share while other months still have evidence, and a focus still decides
what each month contributes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, Field

from assistant.core.models import EVENT_KINDS, WorkEvent
from assistant.core.periods import Period

__all__ = [
    "Candidate",
    "Coverage",
    "EventKey",
    "KindCoverage",
    "MonthCoverage",
    "coverage_of",
    "coverage_of_columns",
    "select_balanced",
    "select_indices",
]

KIND_REPEAT_PENALTY = 0.25


class EventKey(NamedTuple):
    """What selection and coverage need of an event (its ledger row), without reading the event itself."""

    id: str
    ts: int
    month: str
    kind: str


class Candidate(NamedTuple):
    """An event that may be selected, with its relevance and its size in tokens.

    ``event`` is a ``WorkEvent`` or just its ``EventKey``: selection reads only id, ts, month and kind.
    (A named tuple: a person's year can offer thousands of them per retrieval.)
    """

    event: WorkEvent | EventKey
    score: float
    tokens: int


class MonthCoverage(BaseModel):
    """Evidence in one calendar month."""

    month: str
    available: int
    selected: int


class KindCoverage(BaseModel):
    """Evidence of one kind."""

    available: int
    selected: int


class Coverage(BaseModel):
    """How the evidence is spread, so a draft can say so."""

    months: list[MonthCoverage]
    by_kind: dict[str, KindCoverage]
    available_events: int
    selected_events: int
    months_in_period: int
    months_with_evidence: int
    months_selected: int
    recent_share: float
    """Share of the selected events in the last 6 weeks of the period."""
    not_enough_data: bool
    reasons: list[str] = Field(default_factory=list)
    """Why the data is judged thin (empty when it is not)."""
    left_out_for_budget: int = 0
    """Candidates that did not fit the token budget."""


def select_balanced(candidates: list[Candidate], token_budget: int) -> list[Candidate]:
    """Pick events round-robin across months, most relevant first, until the budget is spent."""
    events = [c.event for c in candidates]
    picked = select_indices(
        [e.id for e in events],
        [e.ts for e in events],
        [e.month for e in events],
        [e.kind for e in events],
        [c.score for c in candidates],
        [c.tokens for c in candidates],
        token_budget,
    )
    return [candidates[i] for i in picked]


def select_indices(
    ids: Sequence[str],
    ts: Sequence[int],
    months: Sequence[str],
    kinds: Sequence[str],
    scores: Sequence[float],
    tokens: Sequence[int],
    token_budget: int,
) -> list[int]:
    """:func:`select_balanced` over columns (candidate ``i`` is ``ids[i]``, ``ts[i]``, ...): the positions of
    the chosen candidates, in time order.

    A person's year offers thousands of candidates per retrieval; positions into plain lists cost no object
    per candidate, so a retrieval leaves the garbage collector nothing to promote.
    """
    # months, and each month's kinds, in the order they first appear (it breaks exact ties between offers)
    pools: dict[str, dict[str, list[int]]] = {}
    for month, kind in zip(months, kinds, strict=True):
        by_kind = pools.get(month)
        if by_kind is None:
            by_kind = pools[month] = {}
        if kind not in by_kind:
            by_kind[kind] = []
    # each pool best first: by (-score, ts, id), as three stable sorts on plain keys (no tuple per candidate)
    order = list(range(len(ids)))
    order.sort(key=ids.__getitem__)
    order.sort(key=ts.__getitem__)
    negated = [-s for s in scores]
    order.sort(key=negated.__getitem__)
    for i in order:
        pools[months[i]][kinds[i]].append(i)
    chosen: list[int] = []
    taken: Counter[str] = Counter()
    remaining = token_budget
    while pools and remaining > 0:
        # Each month offers the best fitting event of each kind, penalised by how often its kind was taken
        # (on a tie the earlier event, then the kind seen first).
        offers: list[tuple[float, str, int]] = []
        for month, by_kind in pools.items():
            best, best_value = -1, 0.0
            for kind, pool in by_kind.items():
                fit = next((i for i in pool if tokens[i] <= remaining), -1)
                if fit < 0:
                    continue
                value = scores[fit] - KIND_REPEAT_PENALTY * taken[kind]
                if best < 0 or value > best_value or (value == best_value and ts[fit] < ts[best]):
                    best, best_value = fit, value
            if best >= 0:
                offers.append((best_value, month, best))
        if not offers:
            break
        offers.sort(key=lambda o: (-o[0], o[1]))
        for _, month, i in offers:
            if tokens[i] > remaining:
                continue
            chosen.append(i)
            kind = kinds[i]
            taken[kind] += 1
            remaining -= tokens[i]
            pool = pools[month][kind]
            pool.remove(i)
            if not pool:
                del pools[month][kind]
            if not pools[month]:
                del pools[month]
    chosen.sort(key=lambda i: (ts[i], ids[i]))
    return chosen


def coverage_of(
    period: Period,
    available: Sequence[WorkEvent | EventKey],
    selected: list[WorkEvent],
    *,
    min_events: int,
    min_months: int,
    recent_weeks: int = 6,
) -> Coverage:
    """Coverage of the selection against everything the requester could see in the period (``available``
    needs only months and kinds)."""
    return coverage_of_columns(
        period,
        [e.month for e in available],
        [e.kind for e in available],
        selected,
        min_events=min_events,
        min_months=min_months,
        recent_weeks=recent_weeks,
    )


def coverage_of_columns(
    period: Period,
    available_months: Sequence[str],
    available_kinds: Sequence[str],
    selected: list[WorkEvent],
    *,
    min_events: int,
    min_months: int,
    recent_weeks: int = 6,
) -> Coverage:
    """:func:`coverage_of` with the available events given as their months and kinds (same length)."""
    months = period.months()
    avail_month = Counter(available_months)
    sel_month = Counter(e.month for e in selected)
    avail_kind = Counter(available_kinds)
    sel_kind = Counter(e.kind for e in selected)
    recent = period.last_weeks(recent_weeks)
    recent_n = sum(1 for e in selected if recent.contains(e.occurred_at))
    with_evidence = sum(1 for m in months if avail_month[m])
    needed_months = min(min_months, len(months))
    reasons = []
    if len(available_months) < min_events:
        reasons.append(f"only {len(available_months)} events in the period (fewer than {min_events})")
    if with_evidence < needed_months:
        reasons.append(f"evidence in only {with_evidence} of {len(months)} months (fewer than {needed_months})")
    return Coverage(
        months=[MonthCoverage(month=m, available=avail_month[m], selected=sel_month[m]) for m in months],
        by_kind={k: KindCoverage(available=avail_kind[k], selected=sel_kind[k]) for k in EVENT_KINDS},
        available_events=len(available_months),
        selected_events=len(selected),
        months_in_period=len(months),
        months_with_evidence=with_evidence,
        months_selected=sum(1 for m in months if sel_month[m]),
        recent_share=round(recent_n / len(selected), 3) if selected else 0.0,
        not_enough_data=bool(reasons),
        reasons=reasons,
    )
