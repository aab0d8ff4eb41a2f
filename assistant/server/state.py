"""What every request of ``coach serve`` shares, and who is asking: the server state and authentication."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from assistant.core.container import Coach
from assistant.core.models import User
from assistant.server.errors import MESSAGES, ApiError
from assistant.server.limits import Limits, RateLimiter
from assistant.server.signin import TokenInfo, TokenStore

if TYPE_CHECKING:
    from assistant.chat.engine import ChatEngine

__all__ = ["Auth", "Principal", "ServerState", "authenticate", "server_state"]


@dataclass
class ServerState:
    """What every request needs: the app container, the chat engine, tokens and limits."""

    coach: Coach
    engine: ChatEngine
    """The chat engine of the ``coach`` model (tests may pass anything with the same methods)."""
    tokens: TokenStore
    limits: Limits
    limiter: RateLimiter
    executor: ThreadPoolExecutor
    """The worker threads chat turns run in (``limits.workers`` of them)."""
    models: dict[str, ChatEngine]
    """OpenAI model id -> engine; ``coach`` is ``engine``."""
    conversations: Any = None
    """``openai_api.Conversations``: which session an OpenAI-style message history continues."""
    llm_executor: ThreadPoolExecutor | None = None
    """The threads of turns that may call the LLM (``limits.llm_workers``); None when no LLM is configured."""

    def executor_for(self, model: str) -> ThreadPoolExecutor:
        """The pool a turn of ``model`` runs in: the LLM's pool for the LLM engine, else the offline one."""
        if model == "coach" and self.llm_executor is not None:
            return self.llm_executor
        return self.executor


@dataclass(frozen=True)
class Principal:
    """The signed-in user, known only from their token."""

    user: User
    token: TokenInfo


def server_state(request: Request) -> ServerState:
    """The state of the app serving ``request``."""
    return request.app.state.coach_server


async def authenticate(request: Request) -> Principal:
    """The user of the request's bearer token, after the token's rate limit; 401/429 otherwise."""
    state = server_state(request)
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError("invalid_token", MESSAGES["invalid_token"], headers={"WWW-Authenticate": "Bearer"})
    found = await run_in_threadpool(state.tokens.authenticate, secret.strip())
    if found is None:
        raise ApiError("invalid_token", MESSAGES["invalid_token"], headers={"WWW-Authenticate": "Bearer"})
    token, user = found
    wait = state.limiter.take(token.id)
    if wait > 0:
        seconds = RateLimiter.retry_after(wait)
        raise ApiError(
            "rate_limited", MESSAGES["rate_limited"].format(seconds=seconds), headers={"Retry-After": str(seconds)}
        )
    return Principal(user=user, token=token)


Auth = Annotated[Principal, Depends(authenticate)]
