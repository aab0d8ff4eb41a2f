"""Two ``coach serve`` replicas on one PostgreSQL and one Chroma server, as behind a load balancer.

Each replica is its own process with its own (empty) data dir: everything they share goes through the
database and the Chroma server. Needs ``COACH_TEST_DATABASE_URL`` (CI starts PostgreSQL); skipped without
it, unless ``COACH_TEST_REQUIRE_POSTGRES=1`` makes that a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from assistant.core.container import Coach
from assistant.core.tables import AcceptanceRow
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach, parse_sse

from conftest import REPO, TEST_DATABASE_URL, fresh_database_url

pytestmark = [pytest.mark.slow, pytest.mark.chroma_server]

if TEST_DATABASE_URL is None and os.environ.get("COACH_TEST_REQUIRE_POSTGRES") == "1":
    pytest.fail(
        "the replica tests are required here (COACH_TEST_REQUIRE_POSTGRES=1) but COACH_TEST_DATABASE_URL is unset"
    )
if TEST_DATABASE_URL is None:
    pytest.skip("needs a PostgreSQL server: set COACH_TEST_DATABASE_URL", allow_module_level=True)

BURST = 12
DANIEL_Q3 = "Feedback for Daniel Park for 2026Q3, focus on collaboration"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Replica:
    url: str
    proc: subprocess.Popen[bytes]


@dataclass
class Cluster:
    coach: Coach
    """An in-process view of the shared stores (what an admin's `coach` command sees)."""
    env: dict[str, str]
    replicas: list[Replica]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args], env=self.env, capture_output=True, text=True, timeout=120
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, chroma_server: tuple[str, int]) -> Iterator[Cluster]:
    host, port = chroma_server
    database = fresh_database_url()
    assert database is not None
    shared = {
        "COACH_DATABASE_URL": database,
        "COACH_CHROMA_HOST": host,
        "COACH_CHROMA_PORT": str(port),
        "COACH_CHROMA_COLLECTION": f"replicas-{uuid.uuid4().hex[:10]}",
    }
    admin_dir = tmp_path_factory.mktemp("replicas-admin") / "data"
    coach = demo_coach(
        admin_dir,
        database_url=database,
        chroma_host=host,
        chroma_port=port,
        chroma_collection=shared["COACH_CHROMA_COLLECTION"],
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")} | shared
    replicas = []
    for n in (1, 2):
        data_dir = tmp_path_factory.mktemp(f"replica-{n}") / "data"  # nothing shared on disk
        env = base | {
            "COACH_DATA_DIR": str(data_dir),
            "COACH_CONFIG": str(data_dir / "none.toml"),
            "COACH_SERVER_RATE_LIMIT_BURST": str(BURST),
            "COACH_SERVER_RATE_LIMIT_PER_MINUTE": "0.01",  # the burst is all there is during the test
        }
        port_n = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port_n)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        replicas.append(Replica(f"http://127.0.0.1:{port_n}", proc))
    try:
        for replica in replicas:
            deadline = time.monotonic() + 90
            while True:
                assert replica.proc.poll() is None, "a replica exited at start"
                try:
                    if httpx.get(replica.url + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "a replica did not become ready within 90 s"
                time.sleep(0.2)
        yield Cluster(coach=coach, env=base | {"COACH_DATA_DIR": str(admin_dir)}, replicas=replicas)
    finally:
        for replica in replicas:
            replica.proc.terminate()
        for replica in replicas:
            try:
                replica.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                replica.proc.kill()


def _token(cluster: Cluster, user: str) -> str:
    return TokenStore(cluster.coach.sql).create(user, label="replicas")[1]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _chat(url: str, token: str, message: str, session_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message} | ({"session_id": session_id} if session_id else {})
    answer = httpx.post(url + "/api/chat", headers=_auth(token), json=body, timeout=120)
    assert answer.status_code == 200, answer.text
    events = parse_sse(answer.text)
    assert events[-1][0] == "reply", events[-1]
    return events[-1][1]


def test_both_replicas_are_ready_on_the_shared_stores(cluster: Cluster) -> None:
    for replica in cluster.replicas:
        assert httpx.get(replica.url + "/readyz").json() == {
            "status": "ready",
            "checks": {"database": "ok", "vectors": "ok"},
        }


def test_a_token_revoked_through_one_is_refused_by_the_other(cluster: Cluster) -> None:
    one, two = cluster.replicas
    token = _token(cluster, "ben-okafor")
    assert httpx.get(one.url + "/api/me", headers=_auth(token)).json()["user_id"] == "ben-okafor"
    assert httpx.get(two.url + "/api/me", headers=_auth(token)).status_code == 200
    token_id = token.split("_")[1]

    revoked = cluster.cli("token", "revoke", token_id)  # an admin's command, on the same database

    assert revoked.returncode == 0, revoked.stderr
    for replica in (one, two):
        refused = httpx.get(replica.url + "/api/me", headers=_auth(token))
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_token"


def test_a_session_started_on_one_continues_on_the_other(cluster: Cluster) -> None:
    one, two = cluster.replicas
    token = _token(cluster, "alice-chen")
    first = _chat(one.url, token, DANIEL_Q3)
    assert first["kind"] == "draft"

    second = _chat(two.url, token, "make it more direct", session_id=first["session_id"])

    assert second["kind"] == "revision" and second["session_id"] == first["session_id"]
    assert second["draft"]["subject_id"] == first["draft"]["subject_id"] == "daniel-park"
    history = httpx.get(f"{one.url}/api/sessions/{first['session_id']}/messages", headers=_auth(token)).json()
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]

    # the OpenAI-compatible API finds the conversation by its history on either replica too
    question = {"role": "user", "content": DANIEL_Q3}
    answer = httpx.post(
        one.url + "/v1/chat/completions",
        headers=_auth(token),
        json={"model": "coach", "messages": [question]},
        timeout=120,
    )
    follow_up = [question, answer.json()["choices"][0]["message"], {"role": "user", "content": "make it shorter"}]
    again = httpx.post(
        two.url + "/v1/chat/completions",
        headers=_auth(token),
        json={"model": "coach", "messages": follow_up},
        timeout=120,
    )
    assert again.headers["x-coach-session"] == answer.headers["x-coach-session"]
    assert again.json()["coach"]["kind"] == "revision"


def test_the_rate_limit_is_one_bucket_for_both(cluster: Cluster) -> None:
    one, two = cluster.replicas
    token = _token(cluster, "wang-lei")
    statuses = [
        httpx.get((one if i % 2 else two).url + "/api/sessions", headers=_auth(token)).status_code
        for i in range(BURST + 4)
    ]

    assert statuses == [200] * BURST + [429] * 4  # not 2 x BURST: the replicas share the bucket


def test_an_acceptance_at_the_same_moment_on_both_is_stored_once(cluster: Cluster) -> None:
    token = _token(cluster, "alice-chen")
    drafts = [_chat(cluster.replicas[i % 2].url, token, DANIEL_Q3) for i in range(3)]

    def accept(url: str, reply: dict[str, Any], start: threading.Barrier, answers: list[dict[str, Any]]) -> None:
        start.wait()
        answer = httpx.post(
            f"{url}/api/sessions/{reply['session_id']}/accept",
            headers=_auth(token),
            json={"draft_id": reply["draft"]["id"]},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        answers.append(answer.json())

    for reply in drafts:
        start = threading.Barrier(2)
        answers: list[dict[str, Any]] = []
        threads = [threading.Thread(target=accept, args=(r.url, reply, start, answers)) for r in cluster.replicas]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)

        texts = sorted(a["text"] for a in answers)
        assert len(texts) == 2 and texts[0] != texts[1]  # one "accepted", one "already accepted"
        assert sum("already" in t for t in texts) == 1
    with cluster.coach.sql.session() as s:
        counts = dict(
            s.execute(
                select(AcceptanceRow.draft_id, func.count())
                .where(AcceptanceRow.draft_id.in_([r["draft"]["id"] for r in drafts]))
                .group_by(AcceptanceRow.draft_id)
            ).all()
        )
    assert counts == {r["draft"]["id"]: 1 for r in drafts}
    audited = [a for a in cluster.coach.sql.audit_log(200, requester_id="alice-chen") if a.action == "chat_accept"]
    assert {a.details["draft_id"] for a in audited} >= set(counts) and len(audited) == len(
        {a.details["draft_id"] for a in audited}
    )
