"""The OpenAI-compatible API, driven by the official ``openai`` client against a real uvicorn server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from assistant.chat.engine import ChatEngine
from assistant.chat.types import ChatEvent
from assistant.core.container import Coach
from assistant.server.app import create_app
from assistant.server.limits import Limits
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import WrappedEngine, demo_coach, parse_sse
from retrieval.ingest import ingest_models

from conftest import SMALL_EVENTS, SMALL_PEOPLE, database_for, make_coach

DANIEL_Q3 = "Feedback for Daniel Park for 2026Q3, focus on collaboration"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    data_dir = tmp_path_factory.mktemp("server-openai") / "data"
    return demo_coach(data_dir, database_url=database_for(data_dir))


@pytest.fixture(scope="module")
def tokens(coach: Coach) -> dict[str, str]:
    store = TokenStore(coach.sql)
    return {user: store.create(user, label="test")[1] for user in ("alice-chen", "ben-okafor", "wang-lei")}


@pytest.fixture(scope="module")
def server(coach: Coach) -> Iterator[ServerThread]:
    app = create_app(coach, engine=ChatEngine(coach), limits=Limits(rate_per_minute=60_000, burst=10_000))
    with ServerThread(app) as running:
        yield running


def client(server: ServerThread, token: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=token, max_retries=0, timeout=60)


def test_models_list(server: ServerThread, tokens: dict[str, str]) -> None:
    models = client(server, tokens["alice-chen"]).models.list()

    assert [m.id for m in models] == ["coach"]
    assert client(server, tokens["alice-chen"]).models.retrieve("coach").owned_by == "coach"


def test_a_completion_is_a_draft_with_usage_and_the_coach_reply(server: ServerThread, tokens: dict[str, str]) -> None:
    raw = client(server, tokens["alice-chen"]).chat.completions.with_raw_response.create(
        model="coach", messages=[{"role": "user", "content": DANIEL_Q3}]
    )
    completion = raw.parse()

    assert completion.object == "chat.completion" and completion.model == "coach"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    coach_reply: dict[str, Any] = completion.model_extra["coach"]  # type: ignore[index]
    assert coach_reply["kind"] == "draft" and choice.message.content == coach_reply["text"]
    assert coach_reply["draft"]["subject_id"] == "daniel-park" and coach_reply["draft"]["guardrails"]["scores"]
    assert completion.usage is not None and completion.usage.prompt_tokens > 5
    assert completion.usage.completion_tokens > 100
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    assert raw.headers["x-coach-session"] == coach_reply["session_id"]


def test_streaming_sends_the_same_text_in_chunks_then_stop(server: ServerThread, tokens: dict[str, str]) -> None:
    stream = client(server, tokens["alice-chen"]).chat.completions.create(
        model="coach", messages=[{"role": "user", "content": DANIEL_Q3}], stream=True
    )
    chunks = list(stream)

    assert all(c.object == "chat.completion.chunk" for c in chunks) and len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks].count("stop") == 1 and chunks[-1].choices[0].finish_reason
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len([c for c in chunks if c.choices[0].delta.content]) > 3
    assert text == chunks[-1].model_extra["coach"]["text"]  # type: ignore[index]
    assert "Daniel" in text


def test_the_wire_format_ends_with_done(server: ServerThread, tokens: dict[str, str]) -> None:
    response = httpx.post(
        f"{server.url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {tokens['alice-chen']}"},
        json={"model": "coach", "stream": True, "messages": [{"role": "user", "content": DANIEL_Q3}]},
        timeout=60,
    )

    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert events[-1] == ("message", "[DONE]")
    assert events[-2][1]["choices"][0]["finish_reason"] == "stop" and events[-2][1]["usage"]["completion_tokens"] > 0


def test_a_follow_up_with_the_history_revises_the_same_draft(server: ServerThread, tokens: dict[str, str]) -> None:
    api = client(server, tokens["alice-chen"])
    messages: list[Any] = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": DANIEL_Q3},
    ]
    first = api.chat.completions.with_raw_response.create(model="coach", messages=messages)
    messages += [
        {"role": "assistant", "content": first.parse().choices[0].message.content},
        {"role": "user", "content": "make it more direct"},
    ]

    second = api.chat.completions.with_raw_response.create(model="coach", messages=messages)
    streamed = list(api.chat.completions.create(model="coach", messages=messages, stream=True))

    revision = second.parse().model_extra["coach"]  # type: ignore[index]
    assert revision["kind"] == "revision" and revision["draft"]["subject_id"] == "daniel-park"
    assert second.headers["x-coach-session"] == first.headers["x-coach-session"]
    assert streamed[-1].model_extra["coach"]["kind"] == "revision"  # type: ignore[index]


def test_an_unseen_history_is_replayed_into_a_new_session(server: ServerThread, tokens: dict[str, str]) -> None:
    messages = [
        {"role": "user", "content": DANIEL_Q3},
        {"role": "assistant", "content": "(a draft this server never wrote)"},
        {"role": "user", "content": "make it shorter"},
    ]
    raw = client(server, tokens["alice-chen"]).chat.completions.with_raw_response.create(
        model="coach", messages=messages
    )

    reply = raw.parse().model_extra["coach"]  # type: ignore[index]
    assert reply["kind"] == "revision" and reply["draft"]["subject_id"] == "daniel-park"
    history = httpx.get(
        f"{server.url}/api/sessions/{raw.headers['x-coach-session']}/messages",
        headers={"Authorization": f"Bearer {tokens['alice-chen']}"},
    ).json()
    assert [m["text"] for m in history if m["role"] == "user"] == [DANIEL_Q3, "make it shorter"]


def test_the_session_header_continues_a_chosen_session(server: ServerThread, tokens: dict[str, str]) -> None:
    api = client(server, tokens["alice-chen"])
    first = api.chat.completions.with_raw_response.create(
        model="coach", messages=[{"role": "user", "content": DANIEL_Q3}]
    )
    session = first.headers["x-coach-session"]

    again = api.chat.completions.create(
        model="coach",
        messages=[{"role": "user", "content": "make it shorter"}],
        extra_headers={"X-Coach-Session": session},
    )

    assert again.model_extra["coach"]["session_id"] == session  # type: ignore[index]
    assert again.model_extra["coach"]["kind"] == "revision"  # type: ignore[index]
    with pytest.raises(openai.NotFoundError):
        client(server, tokens["ben-okafor"]).chat.completions.create(
            model="coach", messages=[{"role": "user", "content": "hi"}], extra_headers={"X-Coach-Session": session}
        )


def test_identity_is_the_token_not_the_user_field(server: ServerThread, tokens: dict[str, str]) -> None:
    refused = client(server, tokens["ben-okafor"]).chat.completions.create(
        model="coach", messages=[{"role": "user", "content": DANIEL_Q3}], user="alice-chen"
    )

    assert refused.model_extra["coach"]["kind"] == "refusal"  # type: ignore[index]
    assert "Daniel" not in (refused.choices[0].message.content or "")


def test_chinese_request_gets_a_chinese_draft(server: ServerThread, tokens: dict[str, str]) -> None:
    reply = client(server, tokens["wang-lei"]).chat.completions.create(
        model="coach", messages=[{"role": "user", "content": "给李娜写一份第三季度的反馈，重点是协作"}]
    )

    coach_reply = reply.model_extra["coach"]  # type: ignore[index]
    assert coach_reply["kind"] == "draft" and coach_reply["lang"] == "zh"
    assert coach_reply["draft"]["subject_id"] == "li-na" and "李娜" in (reply.choices[0].message.content or "")


def test_errors_surface_as_the_clients_exceptions(server: ServerThread, tokens: dict[str, str]) -> None:
    with pytest.raises(openai.AuthenticationError, match="Sign in with a valid token"):
        client(server, "coach_000000000000_wrong").chat.completions.create(
            model="coach", messages=[{"role": "user", "content": DANIEL_Q3}]
        )
    with pytest.raises(openai.AuthenticationError):
        client(server, "sk-not-a-coach-token").models.list()
    api = client(server, tokens["alice-chen"])
    with pytest.raises(openai.NotFoundError, match="use one of: coach"):
        api.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": DANIEL_Q3}])
    with pytest.raises(openai.BadRequestError, match="last message must be a non-empty user message"):
        api.chat.completions.create(model="coach", messages=[{"role": "assistant", "content": "hello"}])
    parts = api.chat.completions.create(
        model="coach",
        messages=[
            {"role": "system", "content": [{"type": "text", "text": "You are helpful."}]},
            {"role": "user", "content": [{"type": "text", "text": "Feedback for Daniel Park "}, "for 2026Q3"]},  # type: ignore[list-item]
        ],
    )
    assert parts.choices[0].message.content.startswith("**Feedback draft for Daniel Park — 2026Q3**")  # type: ignore[union-attr]
    with pytest.raises(openai.BadRequestError, match="one answer per request"):  # not one answer silently
        api.chat.completions.create(model="coach", messages=[{"role": "user", "content": DANIEL_Q3}], n=2)
    malformed = httpx.post(
        f"{server.url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {tokens['alice-chen']}", "Content-Type": "application/json"},
        content=b'{"model": "coach", "messages": [',
    )
    assert malformed.status_code == 400 and "The request body is not valid JSON." in malformed.text
    with pytest.raises(openai.APIStatusError) as too_big:
        api.chat.completions.create(model="coach", messages=[{"role": "user", "content": "x" * 300_000}])
    assert too_big.value.status_code == 413


def test_with_an_llm_configured_the_offline_engine_is_a_second_model(tmp_path: Path) -> None:
    coach = make_coach(tmp_path / "data", provider="openai:gpt-4o-mini")
    ingest_models(coach, people=SMALL_PEOPLE, events=SMALL_EVENTS)
    token = TokenStore(coach.sql).create("mgr")[1]
    with TestClient(create_app(coach)) as http:
        models = http.get("/v1/models", headers={"Authorization": f"Bearer {token}"}).json()["data"]
        state = http.app.state.coach_server  # type: ignore[attr-defined]
        offline = http.post(
            "/v1/chat/completions",
            headers={"Authorization": f"Bearer {token}"},
            json={"model": "coach-offline", "messages": [{"role": "user", "content": "feedback for ann for 2026H1"}]},
        )

    assert [m["id"] for m in models] == ["coach", "coach-offline"]
    assert state.models["coach"].router is not None and state.models["coach-offline"].router is None
    assert offline.status_code == 200, offline.text
    assert offline.json()["coach"]["draft"]["engine"] == "offline"


def test_rate_limit_is_a_429_the_client_understands(coach: Coach, tokens: dict[str, str]) -> None:
    app = create_app(coach, engine=ChatEngine(coach), limits=Limits(rate_per_minute=1, burst=1))
    with ServerThread(app) as limited:
        api = client(limited, tokens["alice-chen"])
        api.models.list()
        with pytest.raises(openai.RateLimitError) as caught:
            api.models.list()

    assert caught.value.status_code == 429 and int(caught.value.response.headers["retry-after"]) >= 1


def test_the_docs_python_example_runs(server: ServerThread, tokens: dict[str, str], capsys: Any) -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "server.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", docs, re.S).group(1)  # type: ignore[union-attr]
    example = example.replace("http://127.0.0.1:8000/v1", f"{server.url}/v1").replace("coach_...", tokens["alice-chen"])

    exec(compile(example, "docs/server.md", "exec"), {})

    printed = capsys.readouterr().out
    assert "Feedback draft for Daniel Park" in printed and "'specificity':" in printed
    assert "Revised draft for Daniel Park" in printed


def test_a_turn_past_its_timeout_is_504_or_a_stream_error(coach: Coach, tokens: dict[str, str]) -> None:
    engine = ChatEngine(coach)
    release = threading.Event()

    def stuck(
        user_id: str, text: str, session_id: str | None = None, lang: str | None = None, **options: str | None
    ) -> Iterator[ChatEvent]:
        events = engine.stream(user_id, text, session_id=session_id, lang=lang, **options)
        yield next(events)
        release.wait(10)
        yield from events

    limits = Limits(rate_per_minute=60_000, burst=10_000, request_timeout_s=0.3)
    try:
        with ServerThread(create_app(coach, engine=WrappedEngine(engine, stuck), limits=limits)) as slow:
            api = client(slow, tokens["alice-chen"])
            question = [{"role": "user", "content": DANIEL_Q3}]
            with pytest.raises(openai.APIStatusError, match=r"longer than 0\.3 s") as caught:
                api.chat.completions.create(model="coach", messages=question)  # type: ignore[arg-type]
            with pytest.raises(openai.APIError, match=r"longer than 0\.3 s"):
                list(api.chat.completions.create(model="coach", messages=question, stream=True))  # type: ignore[arg-type]
            assert httpx.get(f"{slow.url}/healthz").json() == {"status": "ok"}
    finally:
        release.set()

    assert caught.value.status_code == 504


def test_the_audience_is_a_field_of_the_coach_object(server: ServerThread, tokens: dict[str, str]) -> None:
    api = client(server, tokens["alice-chen"])
    ask = [{"role": "user", "content": DANIEL_Q3}]
    notes = api.chat.completions.create(model="coach", messages=ask, extra_body={"coach": {"audience": "manager"}})
    draft = notes.model_extra["coach"]["draft"]  # type: ignore[index]
    assert draft["audience"] == "manager" and draft["summary"].startswith("Notes for Daniel")
    to_him = api.chat.completions.create(model="coach", messages=ask)
    assert to_him.model_extra["coach"]["draft"]["audience"] == "employee"  # type: ignore[index]
    with pytest.raises(openai.BadRequestError, match="audience"):
        api.chat.completions.create(model="coach", messages=ask, extra_body={"coach": {"audience": "board"}})
