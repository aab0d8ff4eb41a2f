"""Limits that keep one client from hurting the others: request size, rate per token, time per turn, read
timeouts and header size, and how the LLM's work is bounded apart from offline work.

The rate limit's buckets live in the database or Redis, shared by every replica (``ratelimit.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.config import Settings

__all__ = ["BodySizeLimit", "Limits", "llm_budget"]


class Limits(BaseModel):
    """The server's limits; :meth:`from_settings` reads the ``server_*`` settings."""

    model_config = ConfigDict(extra="forbid")

    rate_per_minute: float = Field(default=120.0, gt=0)
    """Sustained requests per minute per token."""
    burst: int = Field(default=40, ge=1)
    """Requests a token may send at once before the rate applies (the bucket's size)."""
    max_body_bytes: int = Field(default=256_000, ge=1)
    """Largest request body accepted; larger ones get 413."""
    request_timeout_s: float = Field(default=120.0, gt=0)
    """Seconds a chat turn may take; then it ends with an error (504 on the OpenAI API)."""
    workers: int = Field(default=8, ge=1)
    """Chat turns doing CPU work at once in worker threads; more wait their turn (their timeout still runs)."""
    llm_workers: int = Field(default=2, ge=1)
    """Worker threads for the CPU parts of turns that call the LLM (apart from ``workers``); a turn waiting
    for its model holds none."""
    llm_concurrency: int = Field(default=256, ge=1)
    """LLM calls awaited at once (no thread each); more wait for a slot (their timeout still runs)."""
    header_timeout_s: float = Field(default=10.0, gt=0)
    """Seconds a client has to send its request line and headers; then 408."""
    body_timeout_s: float = Field(default=30.0, gt=0)
    """Seconds a client has to send its request body once the headers are in; then 408."""
    max_header_bytes: int = Field(default=16_384, ge=1024)
    """Largest request head (request line + headers); larger gets 431."""
    llm_budget_s: float = Field(default=75.0, gt=0)
    """Seconds a turn's drafting may spend on the LLM (see :func:`llm_budget`)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            rate_per_minute=settings.server_rate_limit_per_minute,
            burst=settings.server_rate_limit_burst,
            max_body_bytes=settings.server_max_body_bytes,
            request_timeout_s=settings.server_request_timeout_s,
            workers=settings.server_workers,
            llm_workers=settings.server_llm_workers,
            llm_concurrency=settings.server_llm_concurrency,
            header_timeout_s=settings.server_header_timeout_s,
            body_timeout_s=settings.server_body_timeout_s,
            max_header_bytes=settings.server_max_header_bytes,
            llm_budget_s=llm_budget(settings),
        )


#: Kept for the rest of a turn after the LLM's budget: the offline fallback, guardrails and storage take well
#: under a second; the margin also absorbs one read that was already waiting when the budget ran out.
_FALLBACK_RESERVE_S = 10.0


def llm_budget(settings: Settings) -> float:
    """Seconds one turn's drafting may spend on the LLM, so the user gets the offline fallback, not a timeout.

    ``llm_budget_s``, shortened when needed to fit inside the turn deadline after the LLM router's call (at most
    ``llm_timeout``, when an LLM is configured) and a reserve for the fallback: with the defaults, 75 s of the
    120 s turn (30 s routing + 75 s drafting + 10 s reserve < 120 s).
    """
    routing = settings.llm_timeout if settings.provider.startswith("openai:") else 0.0
    room = settings.server_request_timeout_s - routing - _FALLBACK_RESERVE_S
    return max(1.0, min(settings.llm_budget_s, room))


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class BodySizeLimit:
    """ASGI middleware: bodies over ``max_bytes`` get 413 before any handler reads them.

    A declared ``Content-Length`` is checked up front; a chunked body is read (up to the limit) and
    replayed to the app, so a client cannot slip past the limit by not declaring a length.
    """

    def __init__(self, app: Any, max_bytes: int, reject: Callable[[int], Any]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._reject = reject
        """Builds the 413 response (an ASGI app) from the limit."""

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False
            if too_big:
                await self._reject(self.max_bytes)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._reject(self.max_bytes)(scope, receive, send)
                return
        buffered = {"type": "http.request", "body": bytes(body), "more_body": False}
        await self.app(scope, _replay([buffered], receive), send)


def _replay(messages: list[dict[str, Any]], receive: Receive) -> Receive:
    """A ``receive`` that hands out the buffered messages, then the real one's (the client's disconnect)."""
    queue = list(messages)

    async def replay() -> dict[str, Any]:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay
