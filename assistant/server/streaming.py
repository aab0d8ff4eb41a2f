"""Run one synchronous chat turn in a worker thread and hand its events to async code as they come.

The engine is synchronous (SQL, Chroma, the provider's HTTP client). Each turn runs in a thread of the
server's own pool; the thread puts events on an asyncio queue through ``call_soon_threadsafe``, and the
event loop awaits that queue, so it never blocks. A deadline covers the whole turn: when it passes, the
stream ends with an ``error`` event (code ``timeout``). When it passes or the client disconnects, the
turn's cancel scope is cancelled: a call to the LLM under way is cut off at once (its socket is shut) and
the thread is free for the next turn. An exception in the turn becomes an ``error`` event; the server and
the other turns carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from asyncio import FIRST_COMPLETED
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Executor
from typing import Any

from assistant.chat.types import ChatEvent
from assistant.core.cancellation import CancelScope, cancel_scope
from assistant.server.errors import MESSAGES, error_for

__all__ = ["HEARTBEAT", "error_event", "run_turn", "sse", "wait_disconnect"]

HEARTBEAT = None
"""Yielded by :func:`run_turn` after ``heartbeat_s`` of silence, so streams can send a keep-alive."""

_END = object()


def error_event(exc: BaseException) -> ChatEvent:
    """The ``error`` event for an exception: its user-facing message and a stable code."""
    error = error_for(exc)
    return ChatEvent(type="error", data={"message": error.message, "code": error.code})


def timeout_event(seconds: float) -> ChatEvent:
    return ChatEvent(type="error", data={"message": MESSAGES["timeout"].format(seconds=seconds), "code": "timeout"})


async def wait_disconnect(receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
    """Return when the client of this request has disconnected (its body must have been read already)."""
    while True:
        message = await receive()
        if message.get("type") == "http.disconnect":
            return


async def run_turn(
    executor: Executor,
    make_events: Callable[[], Iterator[ChatEvent]],
    *,
    timeout_s: float,
    heartbeat_s: float = 15.0,
    receive: Callable[[], Awaitable[dict[str, Any]]] | None = None,
) -> AsyncIterator[ChatEvent | None]:
    """Yield the events of ``make_events()`` run in ``executor``; ``None`` is a heartbeat.

    Always ends after a ``reply`` or ``error`` event, or when the events run out. The turn runs under a
    :class:`CancelScope`: when the client disconnects (``receive``, the request's ASGI receive, says so),
    the deadline passes, or the consumer stops listening, the scope is cancelled, so a call to the LLM
    under way is cut off and the worker thread is free again; a turn still waiting for a worker never starts.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()
    scope = CancelScope()

    def put(item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone (shutting down): nobody is listening
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def work() -> None:
        events = None
        try:
            if stop.is_set():  # timed out, or the client left, while waiting for a free worker
                return
            with cancel_scope(scope):
                events = make_events()
                for event in events:
                    put(event)
                    if stop.is_set() or event.type in ("reply", "error"):
                        break
        except BaseException as exc:  # reported to the client as an error event
            put(exc)
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):  # closing a generator that failed: nothing to report
                    close()
            put(_END)

    loop.run_in_executor(executor, work)
    gone = asyncio.ensure_future(wait_disconnect(receive)) if receive is not None else None
    deadline = loop.time() + timeout_s
    reason = "the client stopped listening"
    try:
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                reason = "the turn's deadline passed"
                yield timeout_event(timeout_s)
                return
            getter = asyncio.ensure_future(queue.get())
            waiting = {getter} | ({gone} if gone is not None else set())
            done, _ = await asyncio.wait(waiting, timeout=min(remaining, heartbeat_s), return_when=FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                if gone is not None and gone in done:
                    reason = "the client disconnected"
                    return
                if loop.time() < deadline:
                    yield HEARTBEAT
                continue
            item = getter.result()
            if item is _END:
                return
            if isinstance(item, BaseException):
                yield error_event(item)
                return
            yield item
            if item.type in ("reply", "error"):
                return
    finally:
        stop.set()
        scope.cancel(reason)
        if gone is not None:
            gone.cancel()


def sse(event: str | None, data: Any) -> str:
    """One server-sent event (``event:`` line only when named); ``data`` is JSON-encoded."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (f"event: {event}\n" if event else "") + f"data: {payload}\n\n"
