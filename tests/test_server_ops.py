"""Operating ``coach serve``: liveness and readiness, Prometheus metrics, request ids, JSON logs, store failures."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from assistant.chat.engine import ChatEngine
from assistant.core import telemetry
from assistant.core.container import Coach
from assistant.core.errors import StoreError
from assistant.server.app import create_app
from assistant.server.limits import Limits
from assistant.server.observability import JsonFormatter
from assistant.server.signin import TokenStore
from assistant.server.testing import WrappedEngine, demo_coach, parse_sse

from conftest import REPO, cli_env, database_for

DANIEL_Q3 = "Feedback for Daniel Park for 2026Q3, focus on collaboration"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    data_dir = tmp_path_factory.mktemp("server-ops") / "data"
    return demo_coach(data_dir, database_url=database_for(data_dir))


@pytest.fixture(scope="module")
def engine(coach: Coach) -> ChatEngine:
    return ChatEngine(coach)


@pytest.fixture(scope="module")
def token(coach: Coach) -> str:
    return TokenStore(coach.sql).create("alice-chen", label="ops")[1]


@pytest.fixture
def client(coach: Coach, engine: ChatEngine) -> Iterator[TestClient]:
    with TestClient(create_app(coach, engine=engine, limits=Limits(rate_per_minute=1, burst=3))) as c:
        yield c


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_liveness_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "vectors": "ok"}}


def test_readiness_names_the_store_that_fails(
    client: TestClient, coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise StoreError("cannot reach the Chroma store at http://chroma:8000: Connection refused")

    monkeypatch.setattr(coach, "ping_vectors", down)
    ready = client.get("/readyz")

    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "checks": {
            "database": "ok",
            "vectors": "cannot reach the Chroma store at http://chroma:8000: Connection refused",
        },
    }
    assert client.get("/healthz").status_code == 200  # alive, just not ready: no restart needed


def test_a_draining_server_is_not_ready(client: TestClient) -> None:
    client.app.state.coach_server.draining = True  # type: ignore[attr-defined]

    ready = client.get("/readyz")

    assert ready.status_code == 503 and ready.json()["checks"]["server"] == "shutting down"


def test_metrics_count_turns_verdicts_routes_and_429s(client: TestClient, coach: Coach) -> None:
    token = TokenStore(coach.sql).create("alice-chen", label="metrics")[1]  # its own bucket, emptied here
    events = parse_sse(client.post("/api/chat", headers=_auth(token), json={"message": DANIEL_Q3}).text)
    assert events[-1][0] == "reply"
    for _ in range(3):  # a burst of 3, the chat turn included: the fourth request is refused
        last = client.get("/api/sessions", headers=_auth(token))
    assert last.status_code == 429

    text = client.get("/metrics").text

    assert 'coach_chat_turns_total{kind="draft",outcome="ok"} 1.0' in text
    verdicts = re.findall(r'coach_guardrail_verdicts_total\{verdict="(\w+)"\} (\d+\.\d+)', text)
    assert sum(float(n) for _, n in verdicts) >= 1.0
    assert 'coach_http_requests_total{method="POST",route="/api/chat",status="200"} 1.0' in text
    assert 'coach_http_requests_total{method="GET",route="/api/sessions",status="429"} 1.0' in text
    assert "coach_rate_limited_total 1.0" in text
    assert "coach_turns_waiting 0.0" in text and "coach_turns_running 0.0" in text
    assert re.search(r"coach_chat_turn_duration_seconds_count 1\.0", text)


def test_every_answer_has_a_request_id(client: TestClient, token: str) -> None:
    fresh = client.get("/api/me", headers=_auth(token))
    echoed = client.get("/api/me", headers=_auth(token) | {"X-Request-Id": "lb-7f3a.2"})
    forged = client.get("/api/me", headers=_auth(token) | {"X-Request-Id": "x" * 80 + "\n"})

    assert re.fullmatch(r"[0-9a-f]{16}", fresh.headers["x-request-id"])
    assert echoed.headers["x-request-id"] == "lb-7f3a.2"
    assert forged.headers["x-request-id"] != "x" * 80 and len(forged.headers["x-request-id"]) == 16


def test_a_database_failure_is_a_503_with_a_plain_message(coach: Coach, engine: ChatEngine, token: str) -> None:
    def broken(*_args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    wrapped = WrappedEngine(engine, engine.stream)
    wrapped.sessions = type("Sessions", (), {"list": staticmethod(broken)})()  # type: ignore[attr-defined]
    roomy = Limits(rate_per_minute=60_000, burst=10_000)
    with TestClient(create_app(coach, engine=wrapped, limits=roomy), raise_server_exceptions=False) as c:
        answer = c.get("/api/sessions", headers=_auth(token))

    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "store_unavailable"
    assert answer.json()["error"]["message"].startswith("The service cannot reach its data store right now")
    assert "server closed" not in answer.text


def test_json_log_lines_carry_the_request_id() -> None:
    record = logging.LogRecord("assistant.drafting.chain", logging.INFO, __file__, 1, "draft %s", ("d1",), None)
    record.verdict = "pass"
    token = telemetry.request_id.set("req-42")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        telemetry.request_id.reset(token)

    assert line["message"] == "draft d1" and line["request_id"] == "req-42" and line["verdict"] == "pass"
    assert line["logger"] == "assistant.drafting.chain" and line["level"] == "info"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_a_served_turn_logs_json_with_its_request_id_from_every_layer(coach: Coach, token: str) -> None:
    port = _free_port()
    data_dir = coach.settings.data_dir
    env = {k: v for k, v in cli_env(data_dir).items() if not k.startswith("COACH_") or k == "COACH_DATABASE_URL"}
    env |= {"COACH_LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1", "COACH_CONFIG": str(data_dir / "none.toml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            headers=_auth(token) | {"X-Request-Id": "trace-0042"},
            json={"model": "coach", "messages": [{"role": "user", "content": DANIEL_Q3}]},
            timeout=60,
        )
        assert answer.status_code == 200 and answer.headers["x-request-id"] == "trace-0042"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert len(lines) == len([line for line in err.splitlines() if line.strip()]), err  # every line is JSON
    ours = [line for line in lines if line["request_id"] == "trace-0042"]
    loggers = {line["logger"] for line in ours}
    assert {"assistant.drafting.chain", "assistant.server.access"} <= loggers, ours
    access = next(line for line in ours if line["logger"] == "assistant.server.access")
    assert (access["method"], access["path"], access["status"]) == ("POST", "/v1/chat/completions", 200)
    assert os.environ.get("COACH_LOG_FORMAT") is None  # the test changed only the server's environment
