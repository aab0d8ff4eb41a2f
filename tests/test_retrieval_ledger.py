"""Retrieval ranks from the ledger and reads only the events it selects; older ledgers are filled once."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from assistant.core.container import Coach
from assistant.core.tables import EventRow
from retrieval.retrieve import retrieve

FOCUSES = [None, "collaboration", "database migration", "协作"]


def _snapshot(coach: Coach, focus: str | None) -> list[tuple[str, float]]:
    result = retrieve(coach, "mgr", "ann", "2026", focus=focus)
    return [(e.id, e.score) for e in result.events]


@pytest.mark.parametrize("focus", FOCUSES)
def test_a_ledger_from_before_the_features_gives_the_same_evidence_and_is_filled(small_org: Coach, focus) -> None:
    expected = _snapshot(small_org, focus)
    with small_org.sql.session() as s, s.begin():  # what migration 0003 leaves on rows ingested before it
        s.execute(
            update(EventRow).values(tags=None, has_metrics=None, has_project=None, complexity=None, embedding=None)
        )

    assert _snapshot(small_org, focus) == expected

    with small_org.sql.session() as s:
        rows = s.execute(
            select(EventRow.id, EventRow.tags, EventRow.embedding).where(EventRow.person_id == "ann")
        ).all()
    visible = [r for r in rows if r.id != "ann-4"]  # ann-4 is opted out of AI use: never a candidate
    assert all(r.tags is not None and r.embedding is not None for r in visible)
    assert _snapshot(small_org, focus) == expected


def test_only_the_selected_events_are_read_from_the_vector_store(small_org: Coach, monkeypatch) -> None:
    asked: list[list[str]] = []
    real = small_org.vectors.events

    def events(ids):  # type: ignore[no-untyped-def]
        asked.append(list(ids))
        return real(ids)

    monkeypatch.setattr(small_org.vectors, "events", events)
    monkeypatch.setattr(small_org.vectors, "fetch", lambda ids: pytest.fail(f"fetched {ids} with embeddings"))

    result = retrieve(small_org, "mgr", "ann", "2026", focus="collaboration")

    assert asked == [[e.id for e in result.events]]
