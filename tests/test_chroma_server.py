"""The at-scale path: ingest and retrieval against a real Chroma server over HTTP (HttpClient).

CI starts ``chroma run`` on loopback and sets COACH_TEST_CHROMA_HOST/PORT; without them this module starts
its own server from the virtual environment, so the path is always exercised.
"""

from __future__ import annotations

import uuid

import pytest

from retrieval.ingest import ingest_models
from retrieval.retrieve import retrieve

from conftest import SMALL_EVENTS, SMALL_PEOPLE, make_coach

pytestmark = [pytest.mark.slow, pytest.mark.chroma_server]


def test_ingest_and_retrieve_through_a_chroma_server(chroma_server, tmp_path):
    host, port = chroma_server
    coach = make_coach(
        tmp_path / "data", chroma_host=host, chroma_port=port, chroma_collection=f"test-{uuid.uuid4().hex[:12]}"
    )
    assert coach.vectors.location == f"http://{host}:{port}"
    report = ingest_models(coach, people=SMALL_PEOPLE, events=SMALL_EVENTS)
    assert report.rejected == 0
    assert coach.vectors.count() == len(SMALL_EVENTS) - 1  # the opted-out event never reaches the store
    result = retrieve(coach, "mgr", "ann", "2026", focus="collaboration")
    assert {e.id for e in result.events} == {"ann-1", "ann-2", "ann-3", "ann-5"}
    assert max(result.events, key=lambda e: e.score).id == "ann-2"
    zh = retrieve(coach, "mgr2", "carl", "2026", focus="协作")
    assert max(zh.events, key=lambda e: e.score).id == "carl-1"
    # idempotent over HTTP too
    again = ingest_models(coach, people=SMALL_PEOPLE, events=SMALL_EVENTS)
    assert [(f.added, f.unchanged) for f in again.files] == [(0, 7), (0, 8)]
    assert coach.sql.ledger_ids(include_excluded=False) == coach.vectors.ids()
