"""Selection over columns picks exactly what the per-candidate selection picked.

Retrieval selects from plain columns (``select_indices``) so a person with thousands of events costs no object
per event. The reference here is the selection as it was written over ``Candidate`` objects, kept verbatim, and
a slow path that reads every event and its embedding from the vector store and scores it from the event itself.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assistant.core.competencies import KIND_HINTS, tags_for
from assistant.core.container import Coach
from assistant.core.tables import EventRow
from retrieval.disputes import open_dispute
from retrieval.ingest import ingest_models
from retrieval.retrieve import retrieve
from retrieval.select import KIND_REPEAT_PENALTY, Candidate, EventKey, select_balanced, select_indices

from conftest import make_coach, person, work_event


def reference_select(candidates: list[Candidate], token_budget: int) -> list[Candidate]:
    """The selection as written before it ran over columns (retrieval/select.py at b86b1fe), unchanged."""
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


KINDS = ["outcome", "collaboration", "development", "context"]
# few distinct values, so ties in score, time, and score minus the kind penalty are common
candidate = st.tuples(
    st.integers(min_value=0, max_value=11),  # month
    st.integers(min_value=0, max_value=3),  # day: several events share a timestamp
    st.sampled_from(KINDS),
    st.sampled_from([0.0, 0.1, 0.25, 0.35, 0.5, 0.6, 0.75, 1.0]),
    st.integers(min_value=1, max_value=80),  # tokens
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(candidate, max_size=120), budget=st.integers(min_value=0, max_value=1500), seed=st.integers())
def test_column_selection_equals_the_reference(rows, budget, seed) -> None:
    rng = random.Random(seed)
    names = [f"e{n:03d}" for n in range(len(rows))]
    rng.shuffle(names)  # ids out of time order, so the id tie-break is exercised
    candidates = [
        Candidate(
            EventKey(name, 1767225600 + month * 2_678_400 + day * 86_400, f"2026-{month + 1:02d}", kind), score, tokens
        )
        for name, (month, day, kind, score, tokens) in zip(names, rows, strict=True)
    ]
    candidates.sort(key=lambda c: (c.event.ts, c.event.id))  # the ledger's order
    shuffled = rng.sample(candidates, len(candidates))  # and any other order
    for offered in (candidates, shuffled):
        expected = reference_select(offered, budget)

        assert select_balanced(offered, budget) == expected
        picked = select_indices(
            [c.event.id for c in offered],
            [c.event.ts for c in offered],
            [c.event.month for c in offered],
            [c.event.kind for c in offered],
            [c.score for c in offered],
            [c.tokens for c in offered],
            budget,
        )
        assert [offered[i] for i in picked] == expected


def _busy_year(n: int, seed: int) -> list:
    rng = random.Random(seed)
    titles_en = [
        "Cut p95 latency of the search API",
        "Paired with SRE on the database migration",
        "Mentored a new hire through the first on-call week",
        "Presented the quarterly roadmap to sales",
    ]
    titles_zh = ["与售前团队协作完成大客户签约", "优化客户沟通流程", "带教新人完成上线"]
    out = []
    for i in range(n):
        zh = rng.random() < 0.25
        out.append(
            work_event(
                f"busy-{i:04d}",
                "busy",
                (date(2026, 1, 1) + timedelta(days=rng.randrange(365))).isoformat(),
                rng.choice(KINDS),
                title=f"{rng.choice(titles_zh if zh else titles_en)} #{i % 7}",  # repeated titles: score ties
                lang="zh" if zh else "en",
                project=rng.choice([None, "search", "billing"]),
                complexity=rng.choice([None, "low", "medium", "high"]),
                metrics={"minutes": {"value": 12, "baseline": 60}} if rng.random() < 0.3 else {},
                visibility=rng.choice(["normal"] * 9 + ["private", "excluded_from_ai"]),
            )
        )
    return out


def _slow_path(coach: Coach, focus: str | None, budget: int, visible: set[str], left_out: set[str]) -> list:
    """Every visible event read and scored from the event itself, then the reference selection."""
    with coach.sql.session() as s:
        rows = s.execute(
            select(EventRow.id, EventRow.tokens)
            .where(EventRow.person_id == "busy", EventRow.visibility.in_(sorted(visible)))
            .order_by(EventRow.ts, EventRow.id)
        ).all()
    rows = [r for r in rows if r.id not in left_out]
    fetched = coach.vectors.fetch([r.id for r in rows])
    events = [fetched[r.id][0] for r in rows]
    if focus is None:
        scores = [
            (0.2 if e.metrics else 0.0)
            + {"high": 0.2, "medium": 0.1}.get(e.complexity or "", 0.0)
            + (0.05 if e.project else 0.0)
            for e in events
        ]
    else:
        focus_vec = coach.embedding.embed([focus])[0]
        focus_tags = set(tags_for(focus))
        hinted = {KIND_HINTS[t] for t in focus_tags if t in KIND_HINTS}
        sims = (np.stack([fetched[r.id][1] for r in rows]) @ focus_vec).astype(np.float64)
        scores = [
            float(sim)
            + coach.settings.retrieval.tag_weight
            * (sum(t in e.tags for t in focus_tags) / len(focus_tags) if focus_tags else 0.0)
            + (0.1 if e.kind in hinted else 0.0)
            for sim, e in zip(sims, events, strict=True)
        ]
    candidates = [
        Candidate(EventKey(e.id, e.ts, e.month, e.kind), s, r.tokens)
        for e, s, r in zip(events, scores, rows, strict=True)
    ]
    return [(c.event.id, round(c.score, 4), c.tokens) for c in reference_select(candidates, budget)]


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Coach, str]:
    """One person's year of 600 events, one of them disputed (one store for the module: each open store
    holds files)."""
    coach = make_coach(tmp_path_factory.mktemp("busy") / "data")
    report = ingest_models(
        coach,
        people=[person("mgr", role="manager"), person("busy", "mgr"), person("hr", role="hr")],
        events=_busy_year(600, seed=3),
    )
    assert report.rejected == 0
    disputed = next(e.id for e in _busy_year(600, seed=3) if e.visibility == "normal")
    open_dispute(coach, "busy", disputed, "This was not my work.")
    return coach, disputed


@pytest.mark.parametrize("focus", [None, "collaboration", "客户沟通", "latency reduction"])
@pytest.mark.parametrize("budget", [300, 2000])
def test_retrieval_selects_what_the_slow_path_selects(busy: tuple[Coach, str], focus, budget) -> None:
    coach, disputed = busy
    for requester, visible in (("mgr", {"normal", "private"}), ("busy", {"normal", "private"}), ("hr", {"normal"})):
        result = retrieve(coach, requester, "busy", "2026", focus=focus, token_budget=budget)
        expected = _slow_path(coach, focus, budget, visible, {disputed})

        assert [(e.id, e.score, e.tokens) for e in result.events] == expected
        assert len(expected) > 5
        assert result.disputed == {disputed: "open"}
        assert result.coverage.selected_events == len(expected)
        assert result.tokens_used == sum(t for _, _, t in expected)
