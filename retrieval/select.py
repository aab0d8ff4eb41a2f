"""Period-balanced, kind-diverse selection of evidence under a token budget, and its coverage.

Selection runs in rounds. Each round offers every month its best remaining event (relevance, with a
small penalty for kinds already taken), and takes them best first while they fit the budget. So no
month takes more than its share while other months still have evidence, and a focus still decides
what each month contributes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    "select_balanced",
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
    pools: dict[str, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for cand in candidates:
        pools[cand.event.month][cand.event.kind].append(cand)
    for by_kind in pools.values():
        for pool in by_kind.values():
            pool.sort(key=lambda c: (-c.score, c.event.ts, c.event.id))
    chosen: list[Candidate] = []
    taken: Counter[str] = Counter()
    remaining = token_budget

    def best_offer(by_kind: dict[str, list[Candidate]]) -> tuple[float, Candidate] | None:
        # The best fitting event of each kind, penalised by how often its kind was already taken.
        offers = []
        for kind, pool in by_kind.items():
            fit = next((c for c in pool if c.tokens <= remaining), None)
            if fit is not None:
                offers.append((fit.score - KIND_REPEAT_PENALTY * taken[kind], fit))
        return max(offers, key=lambda o: (o[0], -o[1].event.ts), default=None)

    while pools and remaining > 0:
        offers = [(offer, month) for month, by_kind in pools.items() if (offer := best_offer(by_kind))]
        if not offers:
            break
        offers.sort(key=lambda o: (-o[0][0], o[1]))
        for (_, cand), month in offers:
            if cand.tokens > remaining:
                continue
            chosen.append(cand)
            taken[cand.event.kind] += 1
            remaining -= cand.tokens
            pool = pools[month][cand.event.kind]
            pool.remove(cand)
            if not pool:
                del pools[month][cand.event.kind]
            if not pools[month]:
                del pools[month]
    chosen.sort(key=lambda c: (c.event.ts, c.event.id))
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
    months = period.months()
    avail_month = Counter(e.month for e in available)
    sel_month = Counter(e.month for e in selected)
    avail_kind = Counter(e.kind for e in available)
    sel_kind = Counter(e.kind for e in selected)
    recent = period.last_weeks(recent_weeks)
    recent_n = sum(1 for e in selected if recent.contains(e.occurred_at))
    with_evidence = sum(1 for m in months if avail_month[m])
    needed_months = min(min_months, len(months))
    reasons = []
    if len(available) < min_events:
        reasons.append(f"only {len(available)} events in the period (fewer than {min_events})")
    if with_evidence < needed_months:
        reasons.append(f"evidence in only {with_evidence} of {len(months)} months (fewer than {needed_months})")
    return Coverage(
        months=[MonthCoverage(month=m, available=avail_month[m], selected=sel_month[m]) for m in months],
        by_kind={k: KindCoverage(available=avail_kind[k], selected=sel_kind[k]) for k in EVENT_KINDS},
        available_events=len(available),
        selected_events=len(selected),
        months_in_period=len(months),
        months_with_evidence=with_evidence,
        months_selected=sum(1 for m in months if sel_month[m]),
        recent_share=round(recent_n / len(selected), 3) if selected else 0.0,
        not_enough_data=bool(reasons),
        reasons=reasons,
    )
