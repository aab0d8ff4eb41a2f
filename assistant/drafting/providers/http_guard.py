"""An httpx transport that holds an LLM call to its time budget and stops it when its turn is cancelled.

httpx's timeouts are per operation: a server that trickles a byte every few seconds never trips a read
timeout, and one call could outlast the whole chat turn. This transport

- caps every timeout of a request at the time left before the call's deadline (``deadline`` context);
- checks the deadline after every chunk of the answer, so a trickling answer ends when the budget does;
- registers the connection's socket with the thread's :class:`~assistant.core.cancellation.CancelScope`,
  so a cancelled turn (its client disconnected) shuts the socket and the blocked read returns at once.

Keep-alive is off for this client: each call opens its own connection, which is what lets the transport
see (and shut) the socket. An LLM call takes seconds; a new loopback or LAN connection takes well under a
millisecond, a TLS one tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from assistant.core.cancellation import current_scope

__all__ = ["guarded_client", "time_budget"]

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("coach_llm_deadline", default=None)


@contextlib.contextmanager
def time_budget(deadline: float | None) -> Iterator[None]:
    """Calls made in the block must finish by ``deadline`` (``time.monotonic()``; None: no budget)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


class _GuardedStream(httpx.SyncByteStream):
    def __init__(self, inner: Any, request: httpx.Request, deadline: float | None, done: Callable[[], None]) -> None:
        self._inner = inner
        self._request = request
        self._deadline = deadline
        self._done = done

    def __iter__(self) -> Iterator[bytes]:
        scope = current_scope()
        for chunk in self._inner:
            if scope is not None and scope.cancelled:
                raise httpx.ReadError("the request was cancelled", request=self._request)
            if self._deadline is not None and time.monotonic() > self._deadline:
                raise httpx.ReadTimeout("the answer took longer than its time budget", request=self._request)
            yield chunk

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._done()


class GuardedTransport(httpx.BaseTransport):
    """Wraps a transport with the deadline and cancellation checks above."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _DEADLINE.get()
        scope = current_scope()
        if scope is not None and scope.cancelled:
            raise httpx.ConnectError("the request was cancelled", request=request)
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise httpx.ConnectTimeout("no time left in the budget for this call", request=request)
            timeouts = dict(request.extensions.get("timeout") or {})
            for key in ("connect", "read", "write", "pool"):
                current = timeouts.get(key)
                timeouts[key] = remaining if current is None else min(current, remaining)
            request.extensions["timeout"] = timeouts
        sockets: list[socket.socket] = []
        unregister: Callable[[], None] = lambda: None  # noqa: E731
        if scope is not None:
            previous = request.extensions.get("trace")

            def trace(name: str, info: dict[str, Any]) -> None:
                if name == "connection.connect_tcp.complete":
                    stream = info.get("return_value")
                    sock = stream.get_extra_info("socket") if stream is not None else None
                    if sock is not None:
                        sockets.append(sock)
                if previous is not None:
                    previous(name, info)

            def shut() -> None:
                for sock in sockets:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

            request.extensions["trace"] = trace
            unregister = scope.register(shut)
        try:
            response = self._inner.handle_request(request)
        except BaseException:
            unregister()
            raise
        response.stream = _GuardedStream(response.stream, request, deadline, unregister)
        return response

    def close(self) -> None:
        self._inner.close()


def guarded_client() -> httpx.Client:
    """An httpx client for an LLM endpoint: no keep-alive, deadline and cancellation enforced."""
    inner = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
    return httpx.Client(transport=GuardedTransport(inner))
