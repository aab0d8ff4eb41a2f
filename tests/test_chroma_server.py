"""The at-scale path: ingest and retrieval against a real Chroma server over HTTP (HttpClient).

CI starts ``chroma run`` on loopback and sets COACH_TEST_CHROMA_HOST/PORT; without them this module starts
its own server from the virtual environment, so the path is always exercised.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.ingest import ingest_models
from retrieval.retrieve import retrieve

from conftest import SMALL_EVENTS, SMALL_PEOPLE, make_coach

pytestmark = [pytest.mark.slow, pytest.mark.chroma_server]


def _alive(host: str, port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/api/v2/heartbeat", timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    host = os.environ.get("COACH_TEST_CHROMA_HOST")
    if host:
        port = int(os.environ.get("COACH_TEST_CHROMA_PORT", "8000"))
        assert _alive(host, port), f"COACH_TEST_CHROMA_HOST={host}:{port} does not answer"
        yield host, port
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = Path(sys.executable).parent / "chroma"
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _alive("127.0.0.1", port):
            assert proc.poll() is None, "chroma run exited early"
            assert time.monotonic() < deadline, "chroma run did not start within 60 s"
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


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
