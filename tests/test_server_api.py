"""The web chat's HTTP API on the demo org with the real chat engine: auth, identity, sessions, SSE, limits."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.chat.engine import ChatEngine
from assistant.chat.types import ChatEvent
from assistant.core.container import Coach
from assistant.server.app import STATIC_DIR, create_app
from assistant.server.limits import Limits
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import WrappedEngine, demo_coach, parse_sse

from conftest import database_for

ROOMY = Limits(rate_per_minute=60_000, burst=10_000)
DANIEL_Q3 = "Feedback for Daniel Park for 2026Q3, focus on collaboration"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    data_dir = tmp_path_factory.mktemp("server-api") / "data"
    return demo_coach(data_dir, database_url=database_for(data_dir))


@pytest.fixture(scope="module")
def engine(coach: Coach) -> ChatEngine:
    return ChatEngine(coach)


@pytest.fixture(scope="module")
def tokens(coach: Coach) -> dict[str, str]:
    store = TokenStore(coach.sql)
    return {user: store.create(user, label="test")[1] for user in ("alice-chen", "ben-okafor", "wang-lei", "zhou-ting")}


@pytest.fixture(scope="module")
def client(coach: Coach, engine: ChatEngine) -> Iterator[TestClient]:
    with TestClient(create_app(coach, engine=engine, limits=ROOMY)) as c:
        yield c


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def chat(client: TestClient, token: str, message: str, **extra: Any) -> list[tuple[str, Any]]:
    response = client.post("/api/chat", headers=auth(token), json={"message": message, **extra})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


def reply_of(events: list[tuple[str, Any]]) -> dict[str, Any]:
    assert events[-1][0] == "reply", events[-1]
    return events[-1][1]


# -- the page ------------------------------------------------------------------------------------------------


def test_page_is_served_with_local_assets_only(client: TestClient) -> None:
    page = client.get("/")

    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == [
        "data:,",
        "/static/app.css",
        "/static/app.js",
        "/receipt",
    ]
    for name in ("index.html", "app.js", "app.css"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//cdn|@import|fonts\.googleapis", text), name
        assert client.get(f"/static/{name}").status_code == 200
    assert "WenQuanYi Micro Hei" in (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    assert client.get("/healthz").json() == {"status": "ok"}


# -- authentication and identity --------------------------------------------------------------------------------


def test_api_answers_are_not_cached_and_the_page_answers_head(client: TestClient, tokens: dict[str, str]) -> None:
    me = client.get("/api/me", headers=auth(tokens["ben-okafor"]))
    events = client.post("/api/chat", headers=auth(tokens["ben-okafor"]), json={"message": "help"})

    for response in (me, events):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.head("/").status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer coach_nope_nope", "Basic abc", "Bearer not-a-token"])
def test_missing_or_bad_token_is_a_bilingual_401(client: TestClient, header: str | None) -> None:
    response = client.get("/api/me", headers={"Authorization": header} if header else {})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()["error"]
    assert (error["type"], error["code"]) == ("authentication_error", "invalid_token")
    assert "Sign in with a valid token" in error["message"] and "请使用有效的令牌登录" in error["message"]


def test_revoked_token_is_refused_at_once(client: TestClient, coach: Coach) -> None:
    store = TokenStore(coach.sql)
    info, secret = store.create("ben-okafor")
    assert client.get("/api/me", headers=auth(secret)).status_code == 200

    store.revoke(info.id)

    assert client.get("/api/me", headers=auth(secret)).status_code == 401
    assert client.post("/api/chat", headers=auth(secret), json={"message": "hi"}).status_code == 401


def test_me_lists_only_the_people_the_user_may_see(client: TestClient, tokens: dict[str, str]) -> None:
    def people(user: str) -> dict[str, str]:
        me = client.get("/api/me", headers=auth(tokens[user])).json()
        assert me["user_id"] == user
        return {p["id"]: p["relation"] for p in me["people"]}

    assert people("ben-okafor") == {"ben-okafor": "self"}
    alice = people("alice-chen")
    assert alice["alice-chen"] == "self" and alice["daniel-park"] == "direct_manager"
    assert "li-na" not in alice and "wang-lei" not in alice
    wang = people("wang-lei")
    assert wang["wang-lei"] == "self" and {"li-na", "zhang-wei", "chen-jing"} <= set(wang)
    assert "daniel-park" not in wang and "alice-chen" not in wang
    assert len(people("zhou-ting")) == 16


def test_identity_comes_only_from_the_token(client: TestClient, tokens: dict[str, str]) -> None:
    events = chat(client, tokens["alice-chen"], DANIEL_Q3, user="ben-okafor", user_id="ben-okafor")

    reply = reply_of(events)
    assert reply["kind"] == "draft" and reply["draft"]["requester_id"] == "alice-chen"
    session_id = events[0][1]["session_id"]
    assert session_id in {s["id"] for s in client.get("/api/sessions", headers=auth(tokens["alice-chen"])).json()}
    assert session_id not in {s["id"] for s in client.get("/api/sessions", headers=auth(tokens["ben-okafor"])).json()}


# -- a chat turn over server-sent events --------------------------------------------------------------------------


def test_a_turn_streams_session_status_delta_then_one_reply(client: TestClient, tokens: dict[str, str]) -> None:
    events = chat(client, tokens["alice-chen"], DANIEL_Q3)

    order = "".join({"session": "S", "status": "s", "delta": "d", "reply": "R", "error": "E"}[k] for k, _ in events)
    assert re.fullmatch(r"Ss*d+R", order), order
    reply = reply_of(events)
    assert "".join(d["text"] for k, d in events if k == "delta") == reply["text"]
    draft = reply["draft"]
    assert draft["subject_id"] == "daniel-park" and draft["period"] == "2026Q3"
    assert set(draft["guardrails"]["scores"]) >= {"specificity", "balance", "bias", "grounding"}
    assert [m["month"] for m in draft["coverage"]["months"]] == ["2026-07", "2026-08", "2026-09"]
    assert all(s["event_ids"] for s in draft["statements"])
    assert {a["id"] for a in reply["actions"]} >= {"accept"}


def test_a_session_resumes_with_its_history_and_revises(client: TestClient, tokens: dict[str, str]) -> None:
    alice = tokens["alice-chen"]
    first = chat(client, alice, DANIEL_Q3)
    session_id = first[0][1]["session_id"]

    revised = reply_of(chat(client, alice, "make it more direct", session_id=session_id))
    history = client.get(f"/api/sessions/{session_id}/messages", headers=auth(alice)).json()

    assert revised["kind"] == "revision" and revised["session_id"] == session_id
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    assert history[0]["text"] == DANIEL_Q3 and history[1]["reply"]["kind"] == "draft"
    assert history[3]["reply"]["draft"]["id"] == revised["draft"]["id"]
    accepted = client.post(
        f"/api/sessions/{session_id}/accept", headers=auth(alice), json={"draft_id": revised["draft"]["id"]}
    )
    assert accepted.status_code == 200 and accepted.json()["kind"] == "accepted"
    assert client.get(f"/api/sessions/{session_id}", headers=auth(alice)).json()["messages"] == 6


def test_other_users_sessions_are_404(client: TestClient, tokens: dict[str, str]) -> None:
    alice, ben = tokens["alice-chen"], tokens["ben-okafor"]
    session_id = chat(client, alice, DANIEL_Q3)[0][1]["session_id"]

    for method, path, body in [
        ("GET", f"/api/sessions/{session_id}", None),
        ("GET", f"/api/sessions/{session_id}/messages", None),
        ("POST", f"/api/sessions/{session_id}/accept", {"draft_id": "x"}),
        ("POST", "/api/chat", {"message": "make it shorter", "session_id": session_id}),
    ]:
        response = client.request(method, path, headers=auth(ben), json=body)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["error"]["code"] == "not_found"
    assert len(client.get(f"/api/sessions/{session_id}/messages", headers=auth(alice)).json()) == 2


def test_a_request_about_someone_outside_the_line_is_refused_without_their_data(
    client: TestClient, tokens: dict[str, str], coach: Coach
) -> None:
    rows = coach.sql.candidate_events("li-na", 0, 2**62, ["normal", "private"])
    li_na_titles = [event.title for event, _ in coach.vectors.fetch([r.id for r in rows]).values()]
    assert li_na_titles
    for token, message, absent in [
        (tokens["alice-chen"], "Feedback for 李娜 for 2026Q3", ["李娜", "li-na"]),
        (tokens["ben-okafor"], "Feedback for Carla Mendes for 2026Q3, focus on code review", ["Carla", "carla"]),
    ]:
        reply = reply_of(chat(client, token, message))
        assert reply["kind"] == "refusal" and reply["draft"] is None and reply["sources"] == []
        assert not any(word in reply["text"] for word in absent), reply["text"]
        assert not any(title in reply["text"] for title in li_na_titles)


def test_cited_events_open_only_for_those_who_may_see_them(client: TestClient, tokens: dict[str, str]) -> None:
    alice, ben = tokens["alice-chen"], tokens["ben-okafor"]
    cited = reply_of(chat(client, alice, DANIEL_Q3))["draft"]["statements"][0]["event_ids"][0]

    opened = client.get(f"/api/events/{cited}", headers=auth(alice))
    denied = client.get(f"/api/events/{cited}", headers=auth(ben))

    assert opened.status_code == 200 and opened.json()["person_id"] == "daniel-park" and opened.json()["title"]
    assert denied.status_code == 404 and opened.json()["title"] not in denied.text
    own = reply_of(chat(client, ben, "Help me brainstorm my goals for 2026H2"))
    own_event = next(i for g in own["draft"]["goals"] for i in g.get("event_ids") or [])
    assert client.get(f"/api/events/{own_event}", headers=auth(ben)).json()["person_id"] == "ben-okafor"


# -- limits and failures ----------------------------------------------------------------------------------------


def test_bad_requests_get_a_readable_400(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/api/chat", headers=auth(tokens["alice-chen"]), json={"session_id": "x"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "message" in response.json()["error"]["message"]
    assert client.get("/api/nothing-here", headers=auth(tokens["alice-chen"])).json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("content", "content_type", "says"),
    [
        (b'{"message": ', "application/json", "The request body is not valid JSON."),
        (b'{"message": "help"}', "text/plain", "Content-Type: application/json"),
        (b"", None, "Content-Type: application/json"),
        (b'["help"]', "application/json", "The request body must be a JSON object."),
        (b'{"message": ""}', "application/json", "The request is not valid: `message` is empty."),
        (b'{"message": "hi", "lang": "fr"}', "application/json", "`lang` must be one of 'en' or 'zh'"),
    ],
)
def test_malformed_bodies_get_a_sentence_not_a_parser_message(
    client: TestClient, tokens: dict[str, str], content: bytes, content_type: str | None, says: str
) -> None:
    headers = auth(tokens["alice-chen"]) | ({"Content-Type": content_type} if content_type else {})
    response = client.post("/api/chat", headers=headers, content=content)

    assert response.status_code == 400
    assert says in response.json()["error"]["message"]
    assert "decode error" not in response.json()["error"]["message"]


def test_request_bodies_over_the_limit_get_413(client: TestClient, tokens: dict[str, str]) -> None:
    big = "x" * (ROOMY.max_body_bytes + 1)
    declared = client.post("/api/chat", headers=auth(tokens["alice-chen"]), json={"message": big})
    chunked = client.post(
        "/api/chat",
        headers=auth(tokens["alice-chen"]) | {"Content-Type": "application/json"},
        content=iter([b'{"message": "', big.encode(), b'"}']),
    )

    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "request_too_large"
        assert "at most 256,000 bytes" in response.json()["error"]["message"]


def test_rate_limit_per_token_answers_429_with_retry_after(coach: Coach, engine: ChatEngine) -> None:
    store = TokenStore(coach.sql)
    _, first = store.create("alice-chen")
    _, second = store.create("alice-chen")
    with TestClient(create_app(coach, engine=engine, limits=Limits(rate_per_minute=1, burst=2))) as c:
        statuses = [c.get("/api/me", headers=auth(first)).status_code for _ in range(3)]
        limited = c.get("/api/me", headers=auth(first))
        other = c.get("/api/me", headers=auth(second))

    assert statuses == [200, 200, 429]
    assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited" and "wait" in limited.json()["error"]["message"]
    assert other.status_code == 200


def test_a_turn_past_its_timeout_ends_with_an_error_event(
    coach: Coach, engine: ChatEngine, tokens: dict[str, str]
) -> None:
    release = threading.Event()

    def stuck(
        user_id: str, text: str, session_id: str | None = None, lang: str | None = None, **options: str | None
    ) -> Iterator[ChatEvent]:
        events = engine.stream(user_id, text, session_id=session_id, lang=lang, **options)
        yield next(events)  # the session event, then the provider "hangs"
        release.wait(10)
        yield from events

    slow = WrappedEngine(engine, stuck)
    try:
        with TestClient(
            create_app(coach, engine=slow, limits=ROOMY.model_copy(update={"request_timeout_s": 0.3}))
        ) as c:
            events = parse_sse(
                c.post("/api/chat", headers=auth(tokens["alice-chen"]), json={"message": DANIEL_Q3}).text
            )
    finally:
        release.set()

    assert [k for k, _ in events] == ["session", "error"]
    assert events[1][1]["code"] == "timeout" and "0.3 s" in events[1][1]["message"]


def test_one_failing_request_does_not_stop_the_others(coach: Coach, engine: ChatEngine, tokens: dict[str, str]) -> None:
    def flaky(
        user_id: str, text: str, session_id: str | None = None, lang: str | None = None, **options: str | None
    ) -> Iterator[ChatEvent]:
        if user_id == "ben-okafor":
            raise RuntimeError("boom: a bug in one request")
        yield from engine.stream(user_id, text, session_id=session_id, lang=lang, **options)

    app = create_app(coach, engine=WrappedEngine(engine, flaky), limits=ROOMY)
    with ServerThread(app) as server, ThreadPoolExecutor(4) as pool:

        def ask(user: str) -> list[tuple[str, Any]]:
            body = {"message": DANIEL_Q3 if user == "alice-chen" else "Help me with my goals for 2026H2"}
            response = httpx.post(f"{server.url}/api/chat", headers=auth(tokens[user]), json=body, timeout=60)
            return parse_sse(response.text)

        results = list(pool.map(ask, ["ben-okafor", "alice-chen", "ben-okafor", "alice-chen"]))
        after = ask("alice-chen")
        health = httpx.get(f"{server.url}/healthz").json()

    for failed in (results[0], results[2]):
        assert [k for k, _ in failed] == ["error"]
        assert failed[0][1]["code"] == "internal_error"
        assert "boom" not in failed[0][1]["message"] and "Please try again" in failed[0][1]["message"]
    for ok in (results[1], results[3], after):
        assert reply_of(ok)["kind"] == "draft"
    assert health == {"status": "ok"}
