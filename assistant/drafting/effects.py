"""LLM calls as effects: the turn says "call the model", whoever runs the turn decides how to wait.

A chat turn is CPU work (retrieval, guardrails, storage) around one or more model calls that take
seconds. Code that calls a model *yields* an :class:`LLMCall` instead of calling it; the generator
receives the result (or has the call's exception thrown into it) and goes on. Two drivers run such
generators:

- :func:`run_sync` performs each call in place (``call.run()``): the CLI, the evals, tests.
- ``coach serve`` (``assistant.server.streaming``) runs the CPU parts in a worker thread and *awaits*
  ``call.arun()`` on the event loop, so a turn waiting for its model holds no thread, and cancelling the
  await (timeout, client gone) cancels the HTTP request itself.

:func:`awaiting` lets synchronous provider code (retries, structured-output fallbacks, the repair round)
run unchanged on the event loop with real awaits for its network reads and back-off sleeps: the code runs
in a greenlet, and :func:`wait_for` hands the awaitable to the loop until it is done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import greenlet

__all__ = ["LLMCall", "awaiting", "complete", "in_awaiting", "relay", "run_sync", "wait_for"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class LLMCall:
    """One call to a model, for the driver to perform: ``run`` blocks, ``arun`` is awaited."""

    run: Callable[[], Any]
    arun: Callable[[], Awaitable[Any]]
    what: str = "llm"
    """A label for logs and metrics: ``draft``, ``route``."""


def run_sync(gen: Generator[Any, Any, R]) -> Generator[Any, None, R]:
    """Drive ``gen`` here: every :class:`LLMCall` it yields is run in place, everything else passes through.

    Returns what ``gen`` returns; closing this generator closes ``gen``.
    """
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                item = gen.throw(error) if error is not None else gen.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            if isinstance(item, LLMCall):
                try:
                    value = item.run()
                except Exception as exc:  # the generator decides (fallback, error event)
                    error = exc
            else:
                yield item
    finally:
        gen.close()


def complete(gen: Generator[Any, Any, R]) -> R:
    """Run ``gen`` to its end in place (its calls run, anything else it yields is dropped) and return its value."""
    driver = run_sync(gen)
    while True:
        try:
            next(driver)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


def relay(gen: Generator[Any, Any, R], keep: Callable[[Any], Iterator[Any]]) -> Generator[Any, Any, R]:
    """Pass ``gen``'s :class:`LLMCall` effects up (and their results down); map its other items with ``keep``
    (an iterator of what to yield instead, possibly nothing). Returns what ``gen`` returns."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                item = gen.throw(error) if error is not None else gen.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            if isinstance(item, LLMCall):
                try:
                    value = yield item
                except Exception as exc:
                    error = exc
            else:
                yield from keep(item)
    finally:
        gen.close()


# -- running synchronous code with real awaits (a greenlet per call) -------------------------------------------


class _Awaiting(greenlet.greenlet):  # type: ignore[misc]
    """The greenlet :func:`awaiting` runs synchronous code in; :func:`wait_for` knows it by its type."""


def in_awaiting() -> bool:
    """Whether this code runs inside :func:`awaiting` (so :func:`wait_for` may be used)."""
    return isinstance(greenlet.getcurrent(), _Awaiting)


def wait_for(awaitable: Awaitable[T]) -> T:
    """Inside :func:`awaiting`: suspend this synchronous code until the event loop has awaited ``awaitable``."""
    current = greenlet.getcurrent()
    if not isinstance(current, _Awaiting):
        raise RuntimeError("wait_for() is only for code running inside awaiting()")
    return current.parent.switch(awaitable)  # type: ignore[no-any-return]


async def awaiting(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run the synchronous ``fn`` on the event loop; each :func:`wait_for` in it is awaited here.

    A cancellation of this coroutine is thrown into ``fn`` at its ``wait_for``, so its ``finally`` blocks
    run and the awaitable (an HTTP request) is cancelled with it.
    """
    child = _Awaiting(fn)
    request = child.switch(*args, **kwargs)
    while not child.dead:
        try:
            value = await request
        except BaseException as exc:  # CancelledError included: fn sees it where it waits
            request = child.throw(exc)
        else:
            request = child.switch(value)
    return request  # type: ignore[no-any-return]
