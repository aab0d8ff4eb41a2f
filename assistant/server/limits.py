"""Limits that keep one client from hurting the others: request size, rate per token, time per turn."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.config import Settings

__all__ = ["BodySizeLimit", "Limits", "RateLimiter"]


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
    """Chat turns run at once in worker threads; more wait their turn (their timeout still runs)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            rate_per_minute=settings.server_rate_limit_per_minute,
            burst=settings.server_rate_limit_burst,
            max_body_bytes=settings.server_max_body_bytes,
            request_timeout_s=settings.server_request_timeout_s,
            workers=settings.server_workers,
        )


class RateLimiter:
    """A token bucket per key (a sign-in token id): ``burst`` at once, refilled at ``rate_per_minute``."""

    def __init__(self, rate_per_minute: float, burst: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one request of ``key``'s bucket; returns 0 when allowed, else the seconds until one is free."""
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    @staticmethod
    def retry_after(wait_s: float) -> int:
        """The ``Retry-After`` header value (whole seconds, at least 1)."""
        return max(1, math.ceil(wait_s))


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
