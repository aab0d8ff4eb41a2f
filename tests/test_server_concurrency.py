"""A real ``coach serve`` with a slow LLM: clients that leave free their LLM slots, and other users' offline turns
complete while the slow LLM turns are still pending.

LLM turns hold no thread while they wait for the model; what bounds them is the LLM slots
(``COACH_SERVER_LLM_CONCURRENCY``), set here to ``LLM_SLOTS`` so that some turns queue.

The LLM is the fake OpenAI-compatible server (``tests/fake_llm.py``) in ``slow`` mode: it answers after a
minute, and notices when a client hangs up on it. Assertions are about behaviour (who got an answer while
what was still pending, how many calls reached the LLM), never about how long anything took.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach

from conftest import REPO
from fake_llm import FakeLLM

pytestmark = pytest.mark.slow

LLM_WORKERS = 2
LLM_SLOTS = 2
"""Model calls in flight at once: the turns beyond them wait for a slot."""
WORKERS = 4
ASK = {"model": "coach", "messages": [{"role": "user", "content": "Feedback for Daniel Park for 2026Q3"}]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until(condition, what: str, limit_s: float = 60.0) -> None:
    """Poll ``condition`` until it holds; the limit only keeps a broken build from hanging the suite."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeLLM, dict[str, str]]]:
    data_dir = tmp_path_factory.mktemp("concurrency") / "data"
    coach = demo_coach(data_dir)
    store = TokenStore(coach.sql)
    tokens = {user: store.create(user)[1] for user in ("alice-chen", "wang-lei", "zhou-ting", "ben-okafor")}
    with FakeLLM("slow", delay=600) as llm:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")} | {
            "COACH_PROVIDER": "openai:fake",
            "COACH_OPENAI_BASE_URL": llm.url,
            "COACH_LLM_STRUCTURED_OUTPUT": "json_object",
            "COACH_LLM_TIMEOUT": "300",
            "COACH_SERVER_REQUEST_TIMEOUT_S": "900",
            "COACH_SERVER_WORKERS": str(WORKERS),
            "COACH_SERVER_LLM_WORKERS": str(LLM_WORKERS),
            "COACH_SERVER_LLM_CONCURRENCY": str(LLM_SLOTS),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "serve", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _until(lambda: _healthy(url), "coach serve answering /healthz", 120)
            yield url, llm, tokens
        finally:
            proc.kill()
            proc.wait(timeout=30)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _open_turn(url: str, token: str) -> socket.socket:
    """A client that sends an LLM turn and waits on its socket (closing it is how it leaves)."""
    body = json.dumps(ASK).encode()
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: coach\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return sock


def test_clients_that_leave_free_their_slots_and_never_reach_the_llm_when_queued(setup):
    url, llm, tokens = setup
    start = len(llm.requests)
    clients = [_open_turn(url, tokens["alice-chen"]) for _ in range(6)]
    _until(lambda: llm.in_flight == LLM_SLOTS, "the LLM slots all taken")
    for sock in clients:  # every client gives up
        sock.close()
    # The calls under way are cancelled: the LLM sees its client (the server) hang up on each.
    _until(lambda: llm.in_flight == 0 and llm.abandoned == LLM_SLOTS, "the server hanging up on the LLM")
    # The turns still waiting for a slot never call: the next turn is the next to reach the LLM.
    probe = _open_turn(url, tokens["alice-chen"])
    _until(lambda: llm.in_flight == 1, "a new LLM turn reaching the LLM")
    assert len(llm.requests) - start == LLM_SLOTS + 1
    probe.close()
    _until(lambda: llm.in_flight == 0, "the probe's call cut off too")


def test_offline_turns_of_other_users_complete_while_slow_llm_turns_are_pending(setup):
    url, llm, tokens = setup
    _until(lambda: llm.in_flight == 0, "the LLM idle before the test")
    pending: list[httpx.Response | Exception] = []

    def slow_turn() -> None:
        try:
            pending.append(
                httpx.post(
                    f"{url}/v1/chat/completions",
                    headers={"Authorization": f"Bearer {tokens['alice-chen']}"},
                    json=ASK,
                    timeout=900,
                )
            )
        except httpx.HTTPError as exc:  # the fixture kills the server at the end
            pending.append(exc)

    slow = [threading.Thread(target=slow_turn, daemon=True) for _ in range(WORKERS + 2)]
    for t in slow:
        t.start()
    _until(lambda: llm.in_flight == LLM_SLOTS, "the LLM slots all taken by slow turns")

    answers: dict[str, httpx.Response] = {}

    def offline_turn(user: str, text: str) -> None:
        answers[user] = httpx.post(
            f"{url}/v1/chat/completions",
            headers={"Authorization": f"Bearer {tokens[user]}"},
            json={"model": "coach-offline", "messages": [{"role": "user", "content": text}]},
            timeout=900,
        )

    quick = [
        threading.Thread(target=offline_turn, args=("wang-lei", "给李娜写一份第三季度的反馈")),
        threading.Thread(target=offline_turn, args=("zhou-ting", "Feedback for Ben Okafor for 2026Q3")),
        threading.Thread(target=offline_turn, args=("ben-okafor", "Feedback for me for 2026Q3")),
    ]
    for t in quick:
        t.start()
    for t in quick:
        t.join()
    # every offline turn has its draft, while all the slow LLM turns are still waiting for the LLM
    assert pending == [] and llm.in_flight == LLM_SLOTS
    assert {u: a.status_code for u, a in answers.items()} == {"wang-lei": 200, "zhou-ting": 200, "ben-okafor": 200}
    assert all(a.json()["coach"]["draft"]["engine"] == "offline" for a in answers.values())
    assert llm.max_in_flight <= LLM_SLOTS  # however many LLM turns were asked for at once
