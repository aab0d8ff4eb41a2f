"""Server limits against misbehaving clients: slow headers and bodies, huge headers, replayed histories.

Each test talks to a real server (uvicorn in a thread) over a raw socket or httpx, the way such a client
would; what is asserted is what the client receives, never how long it took.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.server.app import create_app
from assistant.server.limits import Limits, llm_budget
from assistant.server.ratelimit import SqlRateLimiter
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    return demo_coach(tmp_path_factory.mktemp("limits") / "data")


@pytest.fixture(scope="module")
def server(coach: Coach) -> Iterator[ServerThread]:
    limits = Limits(header_timeout_s=0.5, body_timeout_s=0.5, max_header_bytes=8192)
    with ServerThread(create_app(coach, limits=limits)) as running:
        yield running


def _raw(server: ServerThread, *chunks: bytes, wait_s: float = 20.0) -> bytes:
    """Send ``chunks`` and return everything the server answers until it closes the connection."""
    with socket.create_connection((server.host, server.port), timeout=wait_s) as sock:
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except ConnectionResetError:
            pass
        return answer


def test_a_huge_authorization_header_gets_431_before_anything_reads_it(server):
    head = b"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b"a" * 1_000_000 + b"\r\n\r\n"
    answer = _raw(server, head[:65536], head[65536:])
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b'"code": "headers_too_large"' in answer and b"8,192" in answer
    assert "请求头过大".encode() in answer  # bilingual, sent as UTF-8
    assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}  # the server is fine


def test_a_request_head_within_the_limit_is_served(server):
    answer = httpx.get(server.url + "/healthz", headers={"X-Padding": "p" * 6000})
    assert answer.status_code == 200


def test_a_client_that_sends_its_headers_slowly_is_timed_out_with_408(server):
    answer = _raw(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # ... and never the blank line
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code": "request_timeout"' in answer and b"headers" in answer


def test_a_connection_that_sends_nothing_is_closed(server):
    assert _raw(server).startswith(b"HTTP/1.1 408 ")


def test_a_client_that_sends_its_body_slowly_is_timed_out(server):
    head = b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    answer = _raw(server, head + b'{"message": "hel')
    assert answer.startswith(b"HTTP/1.1 408 ") and b"body" in answer


def test_keep_alive_connections_still_serve_several_requests(server):
    with httpx.Client(base_url=server.url) as client:
        assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 200]


def test_an_unseen_history_counts_each_replayed_turn_against_the_rate_limit(coach: Coach):
    limits = Limits(rate_per_minute=0.6, burst=20)  # a refill of one request per 100 s: none during the test
    _, token = TokenStore(coach.sql).create("alice-chen")
    history = []
    for i in range(10):
        history += [
            {"role": "user", "content": f"Feedback for Daniel Park for 2026Q{i % 4 + 1}"},
            {"role": "assistant", "content": "(an answer from elsewhere)"},
        ]
    with ServerThread(create_app(coach, limits=limits)) as running:
        headers = {"Authorization": f"Bearer {token}"}
        first = httpx.post(
            f"{running.url}/v1/chat/completions",
            headers=headers,
            json={"model": "coach", "messages": [*history, {"role": "user", "content": "make it shorter"}]},
            timeout=120,
        )
        assert first.status_code == 200
        served = 0
        while httpx.get(f"{running.url}/api/me", headers=headers).status_code == 200:
            served += 1
        assert served == 20 - 1 - 10  # the request itself and its ten replayed turns
        again = httpx.post(
            f"{running.url}/v1/chat/completions",
            headers=headers,
            json={"model": "coach", "messages": [*history, {"role": "user", "content": "make it warmer"}]},
        )
        assert again.status_code == 429 and int(again.headers["Retry-After"]) >= 1


def test_a_replay_is_charged_before_any_session_is_made(coach: Coach):
    from assistant.chat.sessions import SessionStore

    limits = Limits(rate_per_minute=0.6, burst=5)
    _, token = TokenStore(coach.sql).create("daniel-park")
    sessions = SessionStore(coach.sql)
    before = len(sessions.list("daniel-park"))
    history = [{"role": "user", "content": f"question {i}"} for i in range(6)]
    with ServerThread(create_app(coach, limits=limits)) as running:
        refused = httpx.post(
            f"{running.url}/v1/chat/completions",
            headers={"Authorization": f"Bearer {token}"},
            json={"model": "coach", "messages": [*history, {"role": "user", "content": "and now?"}]},
        )
    assert refused.status_code == 429 and "6 earlier messages" in refused.json()["error"]["message"]
    assert len(sessions.list("daniel-park")) == before  # nothing was created for the refused request


def test_the_bucket_charges_a_cost_only_when_it_can_pay_it(coach: Coach):
    limiter = SqlRateLimiter(coach.sql, 60, 5, clock=lambda: 0.0)  # the shared bucket the server uses
    assert limiter.take("cost-k", cost=3) == 0
    assert limiter.take("cost-k", cost=3) > 0  # two left: refused, and nothing spent
    assert limiter.take("cost-k", cost=2) == 0
    assert limiter.take("cost-k") > 0


def test_the_llm_budget_fits_inside_the_turn_deadline(tmp_path: Path):
    settings = load_settings(config_file=tmp_path / "none.toml", provider="openai:m")
    assert (settings.llm_timeout, settings.llm_max_retries, settings.server_request_timeout_s) == (30, 2, 120)
    assert llm_budget(settings) + settings.llm_timeout < settings.server_request_timeout_s
    short = load_settings(config_file=tmp_path / "none.toml", provider="openai:m", server_request_timeout_s=40)
    assert llm_budget(short) == 1.0 or llm_budget(short) + short.llm_timeout < 40
    offline = load_settings(config_file=tmp_path / "none.toml")
    assert llm_budget(offline) == offline.llm_budget_s
