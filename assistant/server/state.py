"""What every request of ``coach serve`` shares, and who is asking: the server state and authentication."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ipaddress
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from assistant.core import telemetry
from assistant.core.container import Coach
from assistant.core.models import User
from assistant.server.errors import MESSAGES, ApiError
from assistant.server.limits import Limits
from assistant.server.llm_loop import LLMLoop
from assistant.server.priority import OfflineFirst
from assistant.server.ratelimit import Limiter, retry_after
from assistant.server.signin import TokenInfo, TokenStore

if TYPE_CHECKING:
    from assistant.chat.engine import ChatEngine

__all__ = [
    "Auth",
    "OfflineLane",
    "Principal",
    "ServerState",
    "authenticate",
    "blocking",
    "offline_first",
    "server_state",
    "turn_of",
]

_log = logging.getLogger("assistant.server")
T = TypeVar("T")


@dataclass
class ServerState:
    """What every request needs: the app container, the chat engine, tokens and limits."""

    coach: Coach
    engine: ChatEngine
    """The chat engine of the ``coach`` model (tests may pass anything with the same methods)."""
    tokens: TokenStore
    limits: Limits
    limiter: Limiter
    """The per-token rate limit, shared by replicas (``ratelimit.SqlRateLimiter`` or ``RedisRateLimiter``)."""
    executor: ThreadPoolExecutor
    """The worker threads chat turns do their CPU work in (``limits.workers`` of them)."""
    llm_slots: asyncio.Semaphore
    """LLM calls awaited at once (``limits.llm_concurrency``)."""
    models: dict[str, ChatEngine]
    """OpenAI model id -> engine; ``coach`` is ``engine``."""
    conversations: Any = None
    """``openai_api.Conversations``: which session an OpenAI-style message history continues."""
    metrics: Any = None
    """``observability.Metrics``: this app's Prometheus registry."""
    llm_executor: ThreadPoolExecutor | None = None
    """The worker threads for the CPU parts of turns that call the LLM (``limits.llm_workers``); ``None`` when
    no LLM is configured. A turn waiting for its model holds none of them."""
    priority: OfflineFirst | None = None
    """Offline turns first: LLM turns give way between their steps while one runs; ``None`` without an LLM."""
    llm_loop: LLMLoop | None = None
    """The event loop model calls are made on (its own thread); ``None``: this server's loop."""
    draining: bool = False
    """Set when shutdown begins: ``/readyz`` answers 503 so the load balancer sends no new work."""

    def executor_for(self, model: str) -> ThreadPoolExecutor:
        """The pool a turn of ``model`` does its CPU work in: the LLM's pool for the LLM engine, else the
        offline one, so a burst of LLM turns never queues offline turns."""
        if model == "coach" and self.llm_executor is not None:
            return self.llm_executor
        return self.executor

    def turn_options(self, model: str) -> dict[str, Any]:
        """How a turn of ``model`` runs (``run_turn``'s pool, deadline, LLM slots and priority): an offline turn
        is urgent, an LLM turn steps aside for it."""
        return {
            "executor": self.executor_for(model),
            "timeout_s": self.limits.request_timeout_s,
            "llm_slots": self.llm_slots,
            "priority": self.priority,
            "urgent": self.urgent(model),
            "llm_loop": self.llm_loop,
        }

    def urgent(self, model: str) -> bool:
        """Whether a turn of ``model`` goes ahead of LLM turns: an offline model's, when an LLM is configured."""
        return self.priority is not None and self.executor_for(model) is self.executor


@dataclass(frozen=True)
class Principal:
    """The signed-in user, known only from their token (or, with single sign-on, a trusted proxy's header)."""

    user: User
    token: TokenInfo


def turn_of(engine: Any) -> Any:
    """The engine's turn with its model calls as effects (``ChatEngine.turn``); an engine without one (a test's
    stand-in) is run through its ``stream``."""
    return getattr(engine, "turn", None) or engine.stream


def server_state(request: Request) -> ServerState:
    """The state of the app serving ``request``."""
    return request.app.state.coach_server


async def blocking(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking ``fn(*args)`` for ``request`` off the event loop: in Starlette's shared thread pool, or, for
    a request that goes first (``offline_first``), in the offline turns' pool, where it does not queue behind
    the sign-ins of a burst of LLM requests."""
    if getattr(request.state, "urgent", False):
        state = server_state(request)
        context = contextvars.copy_context()  # the request id, for the log lines
        return await asyncio.get_running_loop().run_in_executor(state.executor, context.run, partial(fn, *args))
    return await run_in_threadpool(fn, *args)


async def authenticate(request: Request) -> Principal:
    """The user of the request's bearer token (or of a trusted proxy's user header), after the rate limit;
    401/429 otherwise."""
    state = server_state(request)
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        found = await blocking(request, state.tokens.authenticate, secret.strip())
    else:
        found = await blocking(request, _proxy_user, state, request)
    if found is None:
        raise ApiError("invalid_token", MESSAGES["invalid_token"], headers={"WWW-Authenticate": "Bearer"})
    token, user = found
    # the bucket is shared with every replica (database or Redis): a round trip, so off the event loop
    wait = await blocking(request, state.limiter.take, token.id)
    if wait > 0:
        telemetry.count("rate_limited")
        seconds = retry_after(wait)
        raise ApiError(
            "rate_limited", MESSAGES["rate_limited"].format(seconds=seconds), headers={"Retry-After": str(seconds)}
        )
    return Principal(user=user, token=token)


def _proxy_user(state: ServerState, request: Request) -> tuple[TokenInfo, User] | None:
    """The user an authenticating reverse proxy vouches for, when single sign-on is configured and the
    connection comes from one of the configured proxy addresses; ``None`` otherwise."""
    settings = state.coach.settings
    name = settings.server_trusted_proxy_header
    if not name or not settings.server_trusted_proxies:
        return None
    value = (request.headers.get(name) or "").strip()
    if not value:
        return None
    peer = request.client.host if request.client else ""
    if not _trusted(peer, settings.server_trusted_proxies):
        _log.warning("ignored the %s header from %s, which is not a trusted proxy", name, peer or "an unknown peer")
        return None
    user = state.coach.sql.get_user(value)
    if user is None:
        _log.warning("the proxy at %s named an unknown user %r in %s", peer, value[:200], name)
        return None
    token = TokenInfo(id=f"sso:{user.id}", user_id=user.id, label="single sign-on", created_at=datetime.now(UTC))
    return token, user


def _trusted(peer: str, networks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)


async def offline_first(request: Request) -> AsyncIterator[bool]:
    """A chat request's place in line, decided before its authentication: a request for an offline model is
    under way (``OfflineFirst.begin``) until its response is sent; any other first waits while one is.
    Yields whether the request is urgent."""
    state = server_state(request)
    priority = state.priority
    model = None
    if priority is not None:
        with contextlib.suppress(ValueError, UnicodeDecodeError):  # FastAPI has read the body already
            body = await request.json()
            model = body.get("model") if isinstance(body, dict) else None
    if priority is None or not isinstance(model, str) or model not in state.models:
        yield False
        return
    if not state.urgent(model):
        await priority.adefer()
        yield False
        return
    priority.begin()
    request.state.urgent = True  # its sign-in and bookkeeping use the offline pool (``blocking``)
    try:
        yield True
    finally:
        priority.end()


Auth = Annotated[Principal, Depends(authenticate)]
OfflineLane = Annotated[bool, Depends(offline_first)]
"""Declare before ``Auth``: dependencies run in order."""
