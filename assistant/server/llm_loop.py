"""Model calls on an event loop of their own, in its own thread, so they never queue the server's requests.

A model call costs the server CPU on whichever event loop awaits it: langchain and the ``openai`` client build
the request, and parse the answer when it arrives. With hundreds of LLM turns at once those answers arrive
in waves (every turn of a burst asked at the same moment), and on the server's one loop each wave queued
every other request behind it, first-come first-served: another user's offline answer waited for hundreds
of answers to be parsed. Here the calls run on a second loop in a daemon thread; the server's loop only
waits for their results, so its own work goes on between them (the two threads share the GIL, which
changes hands every few milliseconds).

Cancelling the awaiting task cancels the call on the other loop (its HTTP request with it); the caller's
context variables (the request id in the logs) go along.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["LLMLoop"]

T = TypeVar("T")


class LLMLoop:
    """An event loop in a daemon thread, started on first use; :meth:`run` awaits a call made there."""

    def __init__(self, name: str = "coach-llm-loop") -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=serve, name=self.name, daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """Await ``call()`` made on this loop; cancelling this coroutine cancels it there."""
        loop = self._started()
        context = contextvars.copy_context()

        async def there() -> T:
            for var, value in context.items():  # this task's own copy: the caller's request id, for the logs
                var.set(value)
            return await call()

        future = asyncio.run_coroutine_threadsafe(there(), loop)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Cancel the calls still under way and stop the loop (at shutdown)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return

        def stop() -> None:
            for task in asyncio.all_tasks(loop):
                task.cancel()
            loop.call_soon(loop.stop)

        loop.call_soon_threadsafe(stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()
