"""LLM turns on the server: a turn waiting for its model holds no thread, a stopped turn cancels its call,
and other users' offline turns do not queue behind LLM turns.

The model is ``bench/fake_llm.py``, a local OpenAI-compatible endpoint that answers after a fixed latency
and counts the calls in flight and the ones whose client went away. Assertions are about what happened
(how many calls were in flight at once, which answer came first), never about how long it took.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.core.container import Coach
from assistant.drafting.effects import LLMCall, awaiting, complete, run_sync, wait_for
from assistant.server.app import create_app
from assistant.server.limits import Limits
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach

from conftest import REPO, database_for

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FakeLLM:
    def __init__(self, latency: float) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "fake_llm.py"), "--port", str(self.port), "--latency", str(latency)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.stats()
                return
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the fake LLM did not start"
                time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stats(self) -> dict[str, int]:
        return httpx.get(f"http://127.0.0.1:{self.port}/stats", timeout=2).json()  # type: ignore[no-any-return]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture
def slow_llm() -> Iterator[FakeLLM]:
    fake = FakeLLM(latency=6)  # long enough that every turn's call is under way before the first answer
    yield fake
    fake.stop()


@pytest.fixture
def very_slow_llm() -> Iterator[FakeLLM]:
    fake = FakeLLM(latency=30)
    yield fake
    fake.stop()


def _coach(tmp_path: Path, llm: FakeLLM) -> Coach:
    data_dir = tmp_path / "data"
    return demo_coach(
        data_dir,
        database_url=database_for(data_dir),
        provider="openai:fake",
        openai_base_url=llm.url,
        openai_api_key="not-needed",
        llm_max_retries=0,
    )


def _ask(url: str, token: str, content: str, model: str = "coach", timeout: float = 120) -> httpx.Response:
    return httpx.post(
        url + "/v1/chat/completions",
        headers={"Authorization": f"Bearer {token}"},
        json={"model": model, "messages": [{"role": "user", "content": content}]},
        timeout=timeout,
    )


TURNS = 12
REPORTS = ["Daniel Park", "Ben Okafor", "Carla Mendes", "Farid Haddad"]  # Emma Novak joined in October: thin data
ROOMY = dict(rate_per_minute=60_000, burst=10_000)


def test_turns_waiting_for_the_model_hold_no_worker(tmp_path: Path, slow_llm: FakeLLM) -> None:
    coach = _coach(tmp_path, slow_llm)
    token = TokenStore(coach.sql).create("alice-chen")[1]
    # one worker thread for the CPU parts of LLM turns: threads waiting on the model would allow one call at once
    with ServerThread(create_app(coach, limits=Limits(workers=1, llm_workers=1, **ROOMY))) as server:

        async def all_at_once() -> list[dict[str, Any]]:
            async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:

                async def one(i: int) -> dict[str, Any]:
                    body = {"model": "coach", "messages": [{"role": "user", "content": _draft_request(i)}]}
                    answer = await client.post(server.url + "/v1/chat/completions", json=body)
                    assert answer.status_code == 200, answer.text
                    return answer.json()["coach"]  # type: ignore[no-any-return]

                return list(await asyncio.gather(*(one(i) for i in range(TURNS))))

        replies = asyncio.run(all_at_once())

    assert {r["kind"] for r in replies} == {"draft"}
    assert all(r["draft"]["engine"] == "openai:fake" and not r["draft"]["fallback_from"] for r in replies)
    assert slow_llm.stats()["max_in_flight"] == TURNS  # every turn's call awaited at once, on one worker


def _draft_request(i: int) -> str:
    return f"Feedback for {REPORTS[i % len(REPORTS)]} for 2026Q{1 + i % 3}"


def test_a_timed_out_turn_cancels_its_model_call_and_says_so_in_the_session(
    tmp_path: Path, very_slow_llm: FakeLLM
) -> None:
    coach = _coach(tmp_path, very_slow_llm)
    token = TokenStore(coach.sql).create("alice-chen")[1]
    limits = Limits(request_timeout_s=2, **ROOMY)
    with ServerThread(create_app(coach, limits=limits)) as server:
        answer = _ask(server.url, token, "Feedback for Daniel Park for 2026Q3")
        assert answer.status_code == 504 and answer.json()["error"]["code"] == "timeout"
        session = answer.headers["x-coach-session"]
        deadline = time.monotonic() + 20  # the fake notices a closed connection within its polling step
        while very_slow_llm.stats()["cancelled"] < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert very_slow_llm.stats()["cancelled"] == 1  # the HTTP request itself was abandoned
        assert very_slow_llm.stats()["answered"] == 0
        history = httpx.get(
            f"{server.url}/api/sessions/{session}/messages", headers={"Authorization": f"Bearer {token}"}
        ).json()
        deadline = time.monotonic() + 20
        while len(history) < 2 and time.monotonic() < deadline:  # the turn is closed in a worker
            time.sleep(0.1)
            history = httpx.get(
                f"{server.url}/api/sessions/{session}/messages", headers={"Authorization": f"Bearer {token}"}
            ).json()
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[1]["text"].startswith("This answer was interrupted before it was finished")


def test_offline_turns_do_not_wait_behind_llm_turns(tmp_path: Path, very_slow_llm: FakeLLM) -> None:
    coach = _coach(tmp_path, very_slow_llm)
    manager = TokenStore(coach.sql).create("alice-chen")[1]
    other = TokenStore(coach.sql).create("wang-lei")[1]
    limits = Limits(workers=1, llm_workers=1, request_timeout_s=60, **ROOMY)
    app = create_app(coach, limits=limits)
    priority = app.state.coach_server.priority
    with ServerThread(app) as server:

        def waits_long(i: int) -> None:  # these clients are still waiting when the test ends
            with contextlib.suppress(httpx.HTTPError):
                _ask(server.url, manager, _draft_request(i), timeout=120)

        waiting = [threading.Thread(target=waits_long, args=(i,), daemon=True) for i in range(4)]
        for t in waiting:
            t.start()
        deadline = time.monotonic() + 25
        while very_slow_llm.stats()["in_flight"] < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert very_slow_llm.stats()["in_flight"] == 4  # four LLM turns waiting on the model

        offline = _ask(server.url, other, "给李娜写一份2026年第三季度的反馈", model="coach-offline")

        assert offline.status_code == 200 and offline.json()["coach"]["kind"] == "draft"
        assert very_slow_llm.stats()["answered"] == 0  # answered while every LLM turn still waits
        ended = time.monotonic() + 10  # the turn's bookkeeping ends just after its response is sent
        while priority.urgent and time.monotonic() < ended:
            time.sleep(0.05)
        assert priority.urgent == 0  # the offline turn was counted and is over: LLM turns are not held back


# -- the effect drivers ---------------------------------------------------------------------------------------


def _asks_twice() -> Any:
    first = yield LLMCall(run=lambda: "one", arun=lambda: asyncio.sleep(0, "one"))
    try:
        yield LLMCall(run=_fail, arun=_afail)
    except RuntimeError as exc:
        second = f"caught {exc}"
    yield "an event"
    return (first, second)


def _fail() -> str:
    raise RuntimeError("down")


async def _afail() -> str:
    raise RuntimeError("down")


def test_run_sync_performs_calls_in_place_and_throws_their_errors_in() -> None:
    driver = run_sync(_asks_twice())
    assert next(driver) == "an event"
    with pytest.raises(StopIteration) as done:
        next(driver)
    assert done.value.value == ("one", "caught down")
    assert complete(_asks_twice()) == ("one", "caught down")


def test_awaiting_runs_sync_code_with_real_awaits_and_cancels_it() -> None:
    trail: list[str] = []

    def blocking_looking(n: int) -> int:
        total = 0
        for i in range(n):
            total += wait_for(asyncio.sleep(0, i))
        trail.append("done")
        return total

    def forever() -> None:
        try:
            wait_for(asyncio.sleep(3600))
        finally:
            trail.append("cleaned up")

    async def scenario() -> int:
        task = asyncio.ensure_future(awaiting(forever))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return await awaiting(blocking_looking, 5)

    assert asyncio.run(scenario()) == 10
    assert trail == ["cleaned up", "done"]
    outside = asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="only for code running inside awaiting"):
        wait_for(outside)
    outside.close()


@pytest.fixture
def llm_taking_3_5_s() -> Iterator[FakeLLM]:
    fake = FakeLLM(latency=3.5)  # a turn of two calls outlasts the 5 s uvicorn used to give running requests
    yield fake
    fake.stop()


def test_shutdown_lets_a_running_turn_finish(tmp_path: Path, llm_taking_3_5_s: FakeLLM) -> None:
    import os
    import signal

    slow_llm = llm_taking_3_5_s
    coach = _coach(tmp_path, slow_llm)
    token = TokenStore(coach.sql).create("alice-chen")[1]
    port = _free_port()
    data_dir = coach.settings.data_dir
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")} | {
        "COACH_DATA_DIR": str(data_dir),
        "COACH_CONFIG": str(data_dir / "none.toml"),
        "COACH_PROVIDER": "openai:fake",
        "COACH_OPENAI_BASE_URL": slow_llm.url,
        "COACH_OPENAI_API_KEY": "not-needed",
    }
    if coach.settings.database_url:
        env["COACH_DATABASE_URL"] = coach.settings.database_url
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        answers: list[httpx.Response] = []
        turn = threading.Thread(target=lambda: answers.append(_ask(url, token, "Feedback for Daniel Park for 2026Q3")))
        turn.start()
        deadline = time.monotonic() + 20
        while slow_llm.stats()["in_flight"] < 1 and time.monotonic() < deadline:  # the turn waits on its model
            time.sleep(0.05)

        server.send_signal(signal.SIGTERM)
        turn.join(timeout=60)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert answers and answers[0].status_code == 200, answers[0].text if answers else "no answer"
    assert answers[0].json()["coach"]["kind"] == "draft"  # finished, not cut off
    assert server.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has drained
