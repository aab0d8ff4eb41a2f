"""Cancelling work whose requester has gone: a scope per turn, checked where the work waits.

The server opens a :class:`CancelScope` around each chat turn it runs in a worker thread and cancels it
when the client disconnects or the turn's deadline passes. Code that waits on the network (the LLM
provider's HTTP transport) registers a closer with :func:`current_scope`; cancelling calls it, so a read
that would block for minutes ends at once and the worker thread is free for someone else.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator

from assistant.core.errors import CoachError

__all__ = ["CancelScope", "Cancelled", "cancel_scope", "current_scope"]


class Cancelled(CoachError):
    """The work was cancelled: its client disconnected or its deadline passed."""


class CancelScope:
    """A flag plus the closers of the network reads under way; thread-safe."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._closers: dict[int, Callable[[], None]] = {}
        self._next = 0
        self.reason = ""

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self, reason: str = "cancelled") -> None:
        """Set the flag and close every registered read (idempotent)."""
        with self._lock:
            if self._event.is_set():
                return
            self.reason = reason
            self._event.set()
            closers = list(self._closers.values())
        for close in closers:
            with contextlib.suppress(Exception):  # a socket already closed: nothing left to stop
                close()

    def check(self) -> None:
        """Raise :class:`Cancelled` when cancelled."""
        if self._event.is_set():
            raise Cancelled(self.reason or "cancelled")

    def register(self, close: Callable[[], None]) -> Callable[[], None]:
        """Call ``close`` on cancel (at once when already cancelled); returns the function that unregisters it."""
        with self._lock:
            key = self._next
            self._next += 1
            self._closers[key] = close
            already = self._event.is_set()
        if already:
            with contextlib.suppress(Exception):
                close()

        def unregister() -> None:
            with self._lock:
                self._closers.pop(key, None)

        return unregister


_SCOPE: contextvars.ContextVar[CancelScope | None] = contextvars.ContextVar("coach_cancel_scope", default=None)


def current_scope() -> CancelScope | None:
    """The scope of the work running in this thread, if any."""
    return _SCOPE.get()


@contextlib.contextmanager
def cancel_scope(scope: CancelScope) -> Iterator[CancelScope]:
    """Run the block under ``scope`` (set in this thread's context)."""
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)
