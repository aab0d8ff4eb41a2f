"""The OpenAI-compatible API: ``GET /v1/models`` and ``POST /v1/chat/completions`` (streaming and not).

Existing chat clients and the official ``openai`` package talk to the coach with a coach token as the API
key. The last user message is the turn; earlier messages pick the chat session:

1. an ``X-Coach-Session: <id>`` request header names one of the user's sessions explicitly;
2. otherwise the history (user and assistant messages before the last, system messages ignored) is
   looked up: every answer records ``sha256(user, history + question + answer) -> session``, so a client
   that sends the conversation back continues the same session and "make it more direct" revises the
   last draft;
3. a history the server has not seen (edited, or from another server) starts a new session and replays
   its earlier user messages first (the last ``MAX_REPLAY``), so follow-ups still have their context.

Every response carries the session in an ``X-Coach-Session`` header. The body's ``user`` field is
ignored: identity comes only from the token.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Generator
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.chat.types import ChatEvent, ChatReply
from assistant.core.errors import NotFound
from assistant.core.storage import SqlStore
from assistant.core.tables import ConversationRow
from assistant.drafting.effects import relay
from assistant.server.errors import ERROR_CODES, MESSAGES, ApiError, error_body, error_for
from assistant.server.ratelimit import retry_after
from assistant.server.state import Auth, OfflineLane, ServerState, blocking, server_state, turn_of
from assistant.server.streaming import HEARTBEAT, run_turn

__all__ = ["router"]

router = APIRouter(prefix="/v1")
SESSION_HEADER = "X-Coach-Session"
MAX_REPLAY = 10
"""At most this many earlier user messages of an unseen history are replayed (the latest ones)."""
_CREATED = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[Any] | None = None
    """A string, or parts: ``{"type": "text", "text": ...}`` (other part types are ignored) or plain strings."""

    @property
    def text(self) -> str:
        """The content as plain text (text parts of a multi-part content joined)."""
        if isinstance(self.content, list):
            return "".join(
                part if isinstance(part, str) else str(part.get("text", ""))
                for part in self.content
                if isinstance(part, str) or (isinstance(part, dict) and part.get("type", "text") == "text")
            )
        return self.content or ""


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    n: int | None = None
    """How many answers: the coach gives one (``n`` > 1 is refused rather than silently answered once)."""
    user: str | None = None
    """Accepted and ignored: the token says who is asking."""
    coach: dict[str, Any] | None = None
    """Options of the coach itself (OpenAI clients pass them as ``extra_body``): ``audience`` is ``employee``
    (feedback written to the person, the default) or ``manager`` (talking points)."""


def _key(user_id: str, history: list[tuple[str, str]]) -> str:
    payload = json.dumps([user_id, [[role, text.strip()] for role, text in history]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Conversations:
    """The conversation -> session map (table ``openai_conversations``)."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql

    def find(self, user_id: str, history: list[tuple[str, str]]) -> str | None:
        with self.sql.session() as s:
            row = s.get(ConversationRow, _key(user_id, history))
            return row.session_id if row and row.user_id == user_id else None

    def remember(self, user_id: str, history: list[tuple[str, str]], session_id: str) -> None:
        key = _key(user_id, history)
        with self.sql.session() as s, s.begin():
            s.merge(ConversationRow(key=key, user_id=user_id, session_id=session_id, created_at=datetime.now(UTC)))


def _conversations(state: ServerState) -> Conversations:
    return state.conversations  # type: ignore[no-any-return]


def _model_json(model_id: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": _CREATED, "owned_by": "coach"}


@router.get("/models")
async def list_models(request: Request, _principal: Auth) -> dict[str, Any]:
    return {"object": "list", "data": [_model_json(m) for m in server_state(request).models]}


@router.get("/models/{model_id}")
async def get_model(model_id: str, request: Request, _principal: Auth) -> dict[str, Any]:
    if model_id not in server_state(request).models:
        raise _unknown_model(model_id, server_state(request))
    return _model_json(model_id)


def _unknown_model(model_id: str, state: ServerState) -> ApiError:
    known = ", ".join(state.models)
    return ApiError("model_not_found", f"The model {model_id!r} does not exist here; use one of: {known}.")


def _plan(
    state: ServerState,
    user_id: str,
    body: CompletionRequest,
    header_session: str | None,
    charge: Any = None,
) -> dict[str, Any]:
    """Which session the turn goes to and which earlier user turns must be replayed first (runs in a thread).

    ``charge(n)`` is called with the number of turns to replay before anything is created: each replayed turn
    is a turn of drafting work, so it counts against the token's rate limit like a request of its own.
    """
    turns = [(m.role, m.text) for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user" or not turns[-1][1].strip():
        raise ApiError(
            "bad_request", "The last message must be a non-empty user message. / 最后一条消息必须是用户消息。"
        )
    history, question = turns[:-1], turns[-1][1]
    audience = (body.coach or {}).get("audience")
    if audience is not None and audience not in ("employee", "manager"):
        raise ApiError("bad_request", f"coach.audience {audience!r}: use employee or manager")
    engine = state.models[body.model]
    conversations = _conversations(state)
    replay: list[str] = []
    if header_session:
        try:
            session_id = engine.sessions.get(user_id, header_session).id
        except NotFound as exc:
            raise ApiError("not_found", f"No chat session {header_session!r} of yours. / 未找到该会话。") from exc
    else:
        session_id = conversations.find(user_id, history) if history else None
        if session_id is not None:
            try:
                engine.sessions.get(user_id, session_id)
            except NotFound:
                session_id = None
        if session_id is None:
            replay = [text for role, text in history if role == "user" and text.strip()][-MAX_REPLAY:]
            if replay and charge is not None:
                charge(len(replay))
            session_id = engine.sessions.create(user_id).id
    return {
        "session_id": session_id,
        "question": question,
        "history": history,
        "replay": replay,
        "audience": audience,
    }


def _events(
    state: ServerState, user_id: str, model: str, plan: dict[str, Any], receive: Any = None
) -> AsyncIterator[ChatEvent | None]:
    engine = state.models[model]
    turn = turn_of(engine)

    def make() -> Generator[Any, Any, Any]:
        for earlier in plan["replay"]:
            # only the context matters: its events are dropped (an earlier turn that fails is context lost,
            # not a failure now), its model calls are awaited like any other
            yield from relay(turn(user_id, earlier, session_id=plan["session_id"]), lambda _event: iter(()))
        yield from turn(user_id, plan["question"], session_id=plan["session_id"], audience=plan["audience"])

    return run_turn(make_events=make, receive=receive, **state.turn_options(model))


def _usage(state: ServerState, body: CompletionRequest, answer: str) -> dict[str, int]:
    count = state.coach.token_counter.count
    prompt = sum(count(m.text) + 4 for m in body.messages)
    completion = count(answer)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _error_from_event(event: ChatEvent) -> ApiError:
    """The API error for an engine ``error`` event (unknown codes are server errors)."""
    code = str(event.data.get("code") or "internal_error")
    return ApiError(code if code in ERROR_CODES else "internal_error", str(event.data.get("message") or ""))


@router.post("/chat/completions")
async def chat_completions(body: CompletionRequest, request: Request, urgent: OfflineLane, principal: Auth) -> Any:
    state = server_state(request)

    async def in_line() -> None:  # an LLM turn's storage work waits while an offline turn is under way
        if state.priority is not None and not urgent:
            await state.priority.adefer()

    if body.model not in state.models:
        raise _unknown_model(body.model, state)
    if body.n is not None and body.n != 1:
        raise ApiError(
            "bad_request",
            f"The coach gives one answer per request: send n=1 or leave n out (got n={body.n}). "
            f"/ 每个请求只返回一个回答：请设置 n=1 或省略 n（收到 n={body.n}）。",
        )
    user_id = principal.user.id

    def charge(turns: int) -> None:
        wait = state.limiter.take(principal.token.id, cost=turns)
        if wait > 0:
            seconds = retry_after(wait)
            raise ApiError(
                "rate_limited",
                MESSAGES["rate_limited_replay"].format(turns=turns, seconds=seconds),
                headers={"Retry-After": str(seconds)},
            )

    try:
        await in_line()
        plan = await blocking(request, _plan, state, user_id, body, request.headers.get(SESSION_HEADER), charge)
    except ApiError:
        raise
    except Exception as exc:
        raise error_for(exc) from exc
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    headers = {SESSION_HEADER: plan["session_id"]}
    events = _events(state, user_id, body.model, plan, request.receive)

    async def remember(reply: ChatReply) -> None:
        answer = [("user", plan["question"]), ("assistant", reply.text)]
        await in_line()
        await blocking(request, _conversations(state).remember, user_id, plan["history"] + answer, plan["session_id"])

    if not body.stream:
        async for event in events:
            if event is HEARTBEAT or event.type in ("session", "status", "delta"):
                continue
            if event.type == "error":
                error = _error_from_event(event)
                return JSONResponse(error_body(error.code, error.message), status_code=error.status, headers=headers)
            reply = ChatReply.model_validate(event.data)
            await remember(reply)
            return JSONResponse(
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": created,
                    "model": body.model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.text},
                            "finish_reason": "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": _usage(state, body, reply.text),
                    "coach": reply.model_dump(mode="json"),
                },
                headers=headers,
            )
        if await request.is_disconnected():  # the client left and the turn was cancelled: nobody to answer
            return JSONResponse(error_body("cancelled", "cancelled"), status_code=499, headers=headers)
        error = error_for(RuntimeError("the chat engine ended a turn without a reply"))
        return JSONResponse(error_body(error.code, error.message), status_code=error.status, headers=headers)

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        } | extra
        return f"data: {json.dumps(payload, ensure_ascii=False, separators=(',', ':'))}\n\n"

    async def stream() -> AsyncIterator[str]:
        sent = ""
        yield chunk({"role": "assistant", "content": ""})
        async for event in events:
            if event is HEARTBEAT:
                yield ": keep-alive\n\n"
            elif event.type == "delta":
                text = str(event.data.get("text", ""))
                if text:
                    sent += text
                    yield chunk({"content": text})
            elif event.type == "error":
                error = _error_from_event(event)
                yield f"data: {json.dumps(error_body(error.code, error.message), ensure_ascii=False)}\n\n"
                yield "data: [DONE]\n\n"
                return
            elif event.type == "reply":
                reply = ChatReply.model_validate(event.data)
                await remember(reply)
                if not sent:
                    yield chunk({"content": reply.text})
                elif reply.text.startswith(sent) and len(reply.text) > len(sent):
                    yield chunk({"content": reply.text[len(sent) :]})
                yield chunk({}, "stop", usage=_usage(state, body, reply.text), coach=reply.model_dump(mode="json"))
                yield "data: [DONE]\n\n"
                return
        error = error_for(RuntimeError("the chat engine ended a turn without a reply"))
        yield f"data: {json.dumps(error_body(error.code, error.message), ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers | {"Cache-Control": "no-cache"})
