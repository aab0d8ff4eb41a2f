"""Offline turns first: while one is under way, LLM turns pause their CPU work between steps.

One process runs Python one thread at a time (the GIL), so a separate thread pool for offline turns keeps
them from *queueing* behind LLM turns, but not from *sharing* the core with them: during a burst of 200 LLM
turns (retrieval, guardrails, storage in the LLM workers; request building and parsing of model calls on
the event loop), an offline turn waited seconds, mostly for the event loop to deliver its answer. Threads
have no priorities, so LLM turns step aside themselves: from the moment an offline turn starts until its
events are delivered, an LLM turn's worker waits before its next step (:meth:`OfflineFirst.step`), and a
model call waits before it starts (:meth:`OfflineFirst.adefer`); each at most ``max_pause_s`` at a time, after
which LLM turns' steps go one worker at a time until the offline turn is over. So a steady stream of offline
turns slows LLM turns down but never stops them.

:meth:`begin` and :meth:`end` are called on the event loop (``state.offline_first``, ``streaming.run_turn``);
:meth:`step` in worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

__all__ = ["OfflineFirst"]

_FREE = contextlib.nullcontext()


class OfflineFirst:
    """Counts the offline turns under way; LLM turns give way to them (:meth:`step` in threads, :meth:`adefer` on
    the event loop)."""

    def __init__(self, max_pause_s: float = 0.25) -> None:
        self.max_pause_s = max_pause_s
        self._urgent = 0
        self._cond = threading.Condition()
        self._clear: asyncio.Event | None = None
        self._alone = threading.Lock()
        """Held by the one LLM worker stepping while an offline turn is still under way after a pause."""

    @property
    def urgent(self) -> int:
        """Offline turns under way now."""
        return self._urgent

    def begin(self) -> None:
        """An offline turn starts (on the event loop); call :meth:`end` exactly once when it is over."""
        with self._cond:
            self._urgent += 1
        if self._clear is not None:
            self._clear.clear()

    def end(self) -> None:
        with self._cond:
            self._urgent = max(0, self._urgent - 1)
            idle = self._urgent == 0
            if idle:
                self._cond.notify_all()
        if idle and self._clear is not None:
            self._clear.set()

    def step(self) -> contextlib.AbstractContextManager[Any]:
        """Around one step of an LLM turn, in its worker thread: while an offline turn is under way, wait for it
        (at most ``max_pause_s``), then take the step alone, one LLM worker at a time."""
        if self._urgent == 0:  # the common case: no lock taken
            return _FREE
        with self._cond:
            self._cond.wait_for(lambda: self._urgent == 0, timeout=self.max_pause_s)
        return _FREE if self._urgent == 0 else self._alone

    async def adefer(self) -> None:
        """On the event loop, before an LLM turn's model call: wait while an offline turn is under way (bounded)."""
        if self._urgent == 0:
            return
        if self._clear is None:
            self._clear = asyncio.Event()  # made on the loop that begins and ends turns
        if self._urgent == 0:
            return
        self._clear.clear()
        try:
            await asyncio.wait_for(self._clear.wait(), timeout=self.max_pause_s)
        except TimeoutError:
            return
