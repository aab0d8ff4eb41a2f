"""Run one chat turn: its CPU work in a worker thread, its model calls awaited on the event loop.

The engine's turn (``ChatEngine.turn``) is a generator of events; a model call is yielded as an
``LLMCall`` effect. A worker thread of the server's pool (``COACH_SERVER_WORKERS``) advances the turn and
puts its events on an asyncio queue through ``call_soon_threadsafe`` until the turn asks for a model
call; the worker is then free, and the event loop awaits the call (``LLMCall.arun``: langchain's async
API) under the LLM slots (``COACH_SERVER_LLM_CONCURRENCY``), then hands the result to a worker again. So
a turn waiting for its model holds no thread: offline turns and the CPU parts of LLM turns share the
workers, model calls are bounded apart.

A deadline covers the whole turn: when it passes, the stream ends with an ``error`` event (code
``timeout``). When it passes, the client disconnects or the consumer stops listening, a model call under
way is cancelled (its HTTP request with it), a blocking call in a worker is cut off through the turn's
:class:`CancelScope`, and the turn is closed in a worker, so its session records that the answer was
interrupted. An exception in the turn becomes an ``error`` event; the server and the other turns carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import threading
import time
from asyncio import FIRST_COMPLETED
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from concurrent.futures import Executor
from typing import Any

from assistant.chat.types import ChatEvent
from assistant.core import telemetry
from assistant.core.cancellation import CancelScope, cancel_scope
from assistant.drafting.effects import LLMCall
from assistant.server.errors import MESSAGES, error_for
from assistant.server.llm_loop import LLMLoop
from assistant.server.priority import OfflineFirst

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


async def _perform(
    call: LLMCall,
    slots: asyncio.Semaphore | None,
    priority: OfflineFirst | None = None,
    llm_loop: LLMLoop | None = None,
) -> Any:
    """Await one model call, holding one of the LLM slots while it runs (after any offline turn under way); on
    ``llm_loop`` when given, so its request building and parsing keep off this loop."""
    telemetry.adjust("llm_waiting", +1)
    try:
        if priority is not None:
            await priority.adefer()
        if slots is None:
            return await (llm_loop.run(call.arun) if llm_loop is not None else call.arun())
        async with slots:
            return await (llm_loop.run(call.arun) if llm_loop is not None else call.arun())
    finally:
        telemetry.adjust("llm_waiting", -1)


class _Turn:
    """The generator of one turn and who may touch it: a worker (``worker``), the loop awaiting its model
    call (``llm``), nobody any more (``closed``). The lock makes stopping and closing happen exactly once."""

    def __init__(self, make_events: Callable[[], Generator[Any, Any, Any]]) -> None:
        self.make_events = make_events
        self.gen: Generator[Any, Any, Any] | None = None
        self.phase = "worker"
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.scope = CancelScope()
        """Cuts off a blocking model call made in a worker (a provider that cannot be awaited)."""

    def close(self) -> None:
        if self.gen is not None:
            with contextlib.suppress(Exception):  # closing a turn that failed: nothing left to report
                self.gen.close()


async def run_turn(
    executor: Executor,
    make_events: Callable[[], Generator[Any, Any, Any]],
    *,
    timeout_s: float,
    heartbeat_s: float = 15.0,
    llm_slots: asyncio.Semaphore | None = None,
    receive: Callable[[], Awaitable[dict[str, Any]]] | None = None,
    priority: OfflineFirst | None = None,
    urgent: bool = False,
    llm_loop: LLMLoop | None = None,
) -> AsyncIterator[ChatEvent | None]:
    """Yield the events of ``make_events()``; ``None`` is a heartbeat. Its CPU work runs in ``executor``,
    its model calls (``LLMCall``) are awaited here under ``llm_slots``.

    Always ends after a ``reply`` or ``error`` event, or when the events run out. When the client
    disconnects (``receive``, the request's ASGI receive, says so), the deadline passes, or the consumer
    stops listening, the turn is stopped: a model call under way is cancelled, a turn still waiting for a
    worker never starts. With ``priority``, an ``urgent`` turn (offline) is counted while it waits for or
    holds a worker, and any other turn gives way to it between its steps (``OfflineFirst.step``). With
    ``llm_loop``, model calls are made on that loop (``LLMLoop``), not this one.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    turn = _Turn(make_events)
    # the worker threads run in this request's context, so every layer's log lines carry its request id
    context = contextvars.copy_context()

    def put(item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone (shutting down): nobody is listening
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def advance(value: Any, error: BaseException | None) -> None:
        """In a worker: run the turn until it asks for a model call, ends, or is stopped."""
        telemetry.adjust("turns_waiting", -1)
        telemetry.adjust("turns_running", +1)
        try:
            if turn.stop.is_set():  # timed out while waiting for a free worker
                turn.close()
                put(_END)
                return
            if turn.gen is None:
                turn.gen = turn.make_events()
            while True:
                try:
                    with cancel_scope(turn.scope), give_way():
                        item = turn.gen.throw(error) if error is not None else turn.gen.send(value)
                except StopIteration:
                    put(_END)
                    return
                value, error = None, None
                if isinstance(item, LLMCall):
                    with turn.lock:
                        if not turn.stop.is_set():
                            turn.phase = "llm"  # the loop owns the turn until the call is done
                            put(item)
                            return
                    turn.close()
                    put(_END)
                    return
                put(item)
                if turn.stop.is_set() or item.type in ("reply", "error"):
                    turn.close()
                    put(_END)
                    return
        except BaseException as exc:  # reported to the client as an error event
            put(exc)
            turn.close()
            put(_END)
        finally:
            telemetry.adjust("turns_running", -1)

    give_way = priority.step if priority is not None and not urgent else contextlib.nullcontext

    def submit(value: Any = None, error: BaseException | None = None) -> None:
        turn.phase = "worker"
        telemetry.adjust("turns_waiting", +1)
        loop.run_in_executor(executor, context.run, advance, value, error)

    counted = priority is not None and urgent
    if counted:
        priority.begin()  # type: ignore[union-attr]
    submit()
    gone = asyncio.ensure_future(wait_disconnect(receive)) if receive is not None else None
    deadline = loop.time() + timeout_s
    started, outcome, kind = time.perf_counter(), "ended", "none"
    reason = "the client stopped listening"
    call: asyncio.Future[Any] | None = None
    try:
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                outcome, reason = "timeout", "the turn's deadline passed"
                yield timeout_event(timeout_s)
                return
            # the turn's next step: its model call (no thread is held meanwhile), or its next event
            step = call if call is not None else asyncio.ensure_future(queue.get())
            waiting = {step} | ({gone} if gone is not None else set())
            done, _ = await asyncio.wait(waiting, timeout=min(remaining, heartbeat_s), return_when=FIRST_COMPLETED)
            if step not in done:
                if step is not call:
                    step.cancel()
                if gone is not None and gone in done:
                    outcome, reason = "disconnected", "the client disconnected"
                    return
                if loop.time() < deadline:
                    yield HEARTBEAT
                continue
            if step is call:
                call = None
                try:
                    result = step.result()
                except Exception as exc:  # the turn decides what a failed call means (fallback, error)
                    submit(None, exc)
                else:
                    submit(result)
                continue
            item = step.result()
            if item is _END:
                return
            if isinstance(item, LLMCall):
                call = asyncio.ensure_future(_perform(item, llm_slots, priority, llm_loop))
                continue
            if isinstance(item, BaseException):
                event = error_event(item)
                outcome = str(event.data.get("code"))
                yield event
                return
            if item.type == "reply":
                outcome, kind = "ok", str(item.data.get("kind"))
            elif item.type == "error":
                outcome = str(item.data.get("code"))
            yield item
            if item.type in ("reply", "error"):
                return
    finally:
        if counted:
            priority.end()  # type: ignore[union-attr]
        with turn.lock:
            turn.stop.set()
            suspended = turn.phase == "llm"
            turn.phase = "closed"
        turn.scope.cancel(reason)  # a blocking model call in a worker is cut off
        if gone is not None:
            gone.cancel()
        if call is not None and not call.done():
            call.cancel()  # the model call's HTTP request is cancelled with it
        if suspended:  # closed in a worker: the engine stores that the answer was interrupted
            with contextlib.suppress(RuntimeError):
                loop.run_in_executor(executor, context.run, turn.close)
        telemetry.count("chat_turns", kind=kind, outcome=outcome)
        telemetry.observe("chat_turn_seconds", time.perf_counter() - started)


def sse(event: str | None, data: Any) -> str:
    """One server-sent event (``event:`` line only when named); ``data`` is JSON-encoded."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (f"event: {event}\n" if event else "") + f"data: {payload}\n\n"
