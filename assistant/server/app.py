"""``coach serve``: the web chat and its JSON/SSE API, plus the OpenAI-compatible API, in one FastAPI app.

Identity comes only from the ``Authorization: Bearer <token>`` header (tokens from ``coach token create``);
no request field can name another user. Every endpoint but ``/``, ``/static`` and the health endpoints
(``/healthz``, ``/readyz``, ``/metrics``) needs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.chat.engine import ChatEngine
from assistant.chat.engine import visible_people as engine_visible
from assistant.chat.types import ChatEvent
from assistant.core.container import Coach
from assistant.core.errors import CoachError
from assistant.core.models import Person, User
from assistant.drafting.providers import OfflineProvider
from assistant.server import growth_api
from assistant.server.errors import MESSAGES, ApiError, error_body, error_for, error_response
from assistant.server.health import router as health_router
from assistant.server.limits import BodySizeLimit, Limits
from assistant.server.llm_loop import LLMLoop
from assistant.server.observability import Metrics, RequestContext
from assistant.server.openai_api import Conversations
from assistant.server.openai_api import router as openai_router
from assistant.server.priority import OfflineFirst
from assistant.server.ratelimit import make_limiter
from assistant.server.signin import TokenStore
from assistant.server.state import Auth, Principal, ServerState, turn_of
from assistant.server.streaming import HEARTBEAT, run_turn, sse
from retrieval.access import reporting_line

__all__ = ["OFFLINE_MODEL", "create_app"]

STATIC_DIR = Path(__file__).parent / "static"
OFFLINE_MODEL = "coach-offline"
"""The OpenAI model id of the offline engine (no LLM at all), listed when ``coach`` uses an LLM."""
_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class ChatRequest(BaseModel):
    """One chat turn from the web page (or any client of the SSE API)."""

    model_config = ConfigDict(extra="ignore")

    message: str = Field(min_length=1)
    session_id: str | None = None
    lang: Literal["en", "zh"] | None = None
    """Answer language; by default the engine decides from the message and the people in it."""
    audience: Literal["employee", "manager"] | None = None
    """Feedback drafts written to the employee (default) or as the manager's talking points."""


class NewSession(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, max_length=200)


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    draft_id: str = Field(min_length=1)


def visible_people(coach: Coach, user: User) -> list[dict[str, Any]]:
    """Whom ``user`` may ask about (the engine's rule: self, reporting line, everyone for HR), with the relation."""
    managers = {p.id: p.manager_id for p in coach.sql.list_people()}
    out = []
    for person in engine_visible(coach, user):
        chain = reporting_line(managers.get, person.id)
        if person.id == user.person_id:
            relation = "self"
        elif user.person_id in chain:
            relation = "direct_manager" if chain[0] == user.person_id else "indirect_manager"
        else:
            relation = "hr"
        out.append(_person_json(person) | {"relation": relation})
    return sorted(out, key=lambda p: (p["relation"] != "self", p["team"], p["name"]))


def _person_json(person: Person) -> dict[str, Any]:
    return {"id": person.id, "name": person.name, "team": person.team, "language": person.language}


def _me(state: ServerState, principal: Principal) -> dict[str, Any]:
    user = principal.user
    person = state.coach.sql.get_person(user.person_id)
    return {
        "user_id": user.id,
        "person_id": user.person_id,
        "name": person.name if person else user.id,
        "role": user.role,
        "language": person.language if person else "en",
        "team": person.team if person else None,
        "token_id": principal.token.id,
        "people": visible_people(state.coach, user),
    }


async def _call(fn: Any, *args: Any) -> Any:
    """Run a synchronous engine call in the thread pool; our errors become API errors."""
    try:
        return await run_in_threadpool(fn, *args)
    except CoachError as exc:
        raise error_for(exc) from exc


def _dump(value: Any) -> Any:
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def chat_events(
    state: ServerState, user_id: str, body: ChatRequest, receive: Any = None
) -> AsyncIterator[ChatEvent | None]:
    """The events of one web-chat turn (``None`` = heartbeat); ``receive`` tells when the client has gone."""

    def make() -> Generator[Any, Any, Any]:
        return turn_of(state.engine)(
            user_id, body.message, session_id=body.session_id, lang=body.lang, audience=body.audience
        )

    return run_turn(make_events=make, receive=receive, **state.turn_options("coach"))


def create_app(coach: Coach, *, engine: Any = None, limits: Limits | None = None) -> FastAPI:
    """The server app over ``coach``; ``engine`` defaults to ``ChatEngine(coach)``, ``limits`` to the settings'."""
    limits = limits or Limits.from_settings(coach.settings)
    coach.ensure_consistent()
    coach.open_all()  # open the stores once, before threads race for them
    models: dict[str, Any] = {}
    uses_llm = coach.settings.provider != "offline"
    if engine is None:
        engine = ChatEngine(coach, llm_budget_s=limits.llm_budget_s)
        if uses_llm:  # an LLM is configured: the offline engine stays one model away
            models[OFFLINE_MODEL] = ChatEngine(coach, provider=OfflineProvider(), router=False)
    executor = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="coach-turn")
    # Turns that may wait on the LLM get their own, smaller pool: a slow LLM holds those threads only, and
    # offline turns (the coach-offline model, or everything when no LLM is configured) keep theirs.
    llm_executor = (
        ThreadPoolExecutor(max_workers=limits.llm_workers, thread_name_prefix="coach-llm-turn") if uses_llm else None
    )
    state = ServerState(
        coach=coach,
        engine=engine,
        tokens=TokenStore(coach.sql),
        limits=limits,
        limiter=make_limiter(coach.settings, coach.sql, limits.rate_per_minute, limits.burst),
        executor=executor,
        llm_slots=asyncio.Semaphore(limits.llm_concurrency),
        llm_executor=llm_executor,
        priority=OfflineFirst() if uses_llm else None,
        llm_loop=LLMLoop() if uses_llm else None,
        models={"coach": engine} | models,
        conversations=Conversations(coach.sql),
        metrics=Metrics(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        executor.shutdown(wait=False, cancel_futures=True)
        if llm_executor is not None:
            llm_executor.shutdown(wait=False, cancel_futures=True)
        if state.llm_loop is not None:
            state.llm_loop.close()

    app = FastAPI(title="Coach", version="1", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.coach_server = state
    app.add_middleware(_PrivateResponses)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=limits.max_body_bytes,
        reject=lambda limit: error_response(
            ApiError("request_too_large", MESSAGES["request_too_large"].format(limit=limit))
        ),
    )
    app.add_middleware(RequestContext, metrics=state.metrics)  # outermost: every answer has a request id

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(CoachError)
    async def _coach_error(_request: Request, exc: CoachError) -> JSONResponse:
        return error_response(error_for(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(ApiError("bad_request", _validation_message(exc, request.headers.get("content-type"))))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        message = MESSAGES.get(code, str(exc.detail))
        return JSONResponse(error_body(code, message), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(error_for(exc))

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=_PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/api/me")
    async def me(principal: Auth) -> dict[str, Any]:
        return await _call(_me, state, principal)

    @app.get("/api/sessions")
    async def sessions(principal: Auth) -> list[dict[str, Any]]:
        return _dump(await _call(state.engine.sessions.list, principal.user.id))

    @app.post("/api/sessions", status_code=201)
    async def new_session(principal: Auth, body: NewSession | None = None) -> dict[str, Any]:
        return _dump(await _call(state.engine.sessions.create, principal.user.id, body.title if body else None))

    @app.get("/api/sessions/{session_id}")
    async def get_session(session_id: str, principal: Auth) -> dict[str, Any]:
        return _dump(await _call(state.engine.sessions.get, principal.user.id, session_id))

    @app.get("/api/sessions/{session_id}/messages")
    async def messages(session_id: str, principal: Auth) -> list[dict[str, Any]]:
        return _dump(await _call(state.engine.sessions.messages, principal.user.id, session_id))

    @app.post("/api/sessions/{session_id}/accept")
    async def accept(session_id: str, body: AcceptRequest, principal: Auth) -> dict[str, Any]:
        return _dump(await _call(state.engine.accept, principal.user.id, session_id, body.draft_id))

    @app.get("/api/events/{event_id}")
    async def event(event_id: str, principal: Auth) -> dict[str, Any]:
        return await _call(state.engine.event, principal.user.id, event_id)

    @app.post("/api/chat")
    async def chat(body: ChatRequest, principal: Auth, request: Request) -> StreamingResponse:
        if body.session_id:  # someone else's session is a 404 before any streaming starts
            await _call(state.engine.sessions.get, principal.user.id, body.session_id)
        events = chat_events(state, principal.user.id, body, request.receive)

        async def stream() -> AsyncIterator[str]:
            async for ev in events:
                if ev is HEARTBEAT:
                    yield ": keep-alive\n\n"
                else:
                    yield sse(ev.type, ev.data)

        return StreamingResponse(stream(), media_type="text/event-stream", headers=_SSE_HEADERS)

    app.include_router(health_router)
    app.include_router(openai_router)
    growth_api.add_page(growth_api.page_router, STATIC_DIR, _PAGE_HEADERS)
    app.include_router(growth_api.page_router)
    app.include_router(growth_api.router)
    return app


_FIELD_PROBLEMS = {
    "missing": ("is missing", "缺失"),
    "string_too_short": ("is empty", "为空"),
    "too_short": ("is empty", "为空"),
    "string_type": ("must be text", "必须是文本"),
    "bool_type": ("must be true or false", "必须是 true 或 false"),
    "list_type": ("must be a list", "必须是列表"),
    "literal_error": ("must be one of {expected}", "必须是 {expected} 之一"),
}


class _PrivateResponses:
    """ASGI middleware: API answers (people's feedback) are never stored by a browser or proxy cache."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(("/api/", "/v1/")):
            await self.app(scope, receive, send)
            return

        async def send_private(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers += [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]
                message = message | {"headers": headers}
            await send(message)

        await self.app(scope, receive, send_private)


def _validation_message(exc: RequestValidationError, content_type: str | None = None) -> str:
    """A sentence a person understands from pydantic's validation errors (English, then Chinese)."""
    errors = exc.errors()
    if any(err.get("type") == "json_invalid" for err in errors):
        return (
            'The request body is not valid JSON. Send a JSON object, e.g. {"message": "..."}. '
            '/ 请求体不是有效的 JSON，请发送 JSON 对象，例如 {"message": "..."}。'
        )
    if any(tuple(err.get("loc", ())) == ("body",) for err in errors):  # no body, or not a JSON object
        if "json" not in (content_type or "").lower():
            return (
                "Send the request body as JSON, with the header Content-Type: application/json. "
                "/ 请以 JSON 格式发送请求体，并设置请求头 Content-Type: application/json。"
            )
        return "The request body must be a JSON object. / 请求体必须是 JSON 对象。"
    en, zh = [], []
    for err in errors[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        known = _FIELD_PROBLEMS.get(str(err.get("type")))
        if known is None:
            en.append(f"`{loc}`: {err.get('msg', 'invalid')}")
            zh.append(f"`{loc}`：{err.get('msg', 'invalid')}")
            continue
        expected = str((err.get("ctx") or {}).get("expected", ""))
        en.append(f"`{loc}` {known[0].format(expected=expected)}")
        zh.append(f"`{loc}` {known[1].format(expected=expected)}")
    return "The request is not valid: " + "; ".join(en) + ". / 请求格式不正确：" + "；".join(zh) + "。"
