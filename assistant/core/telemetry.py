"""What the layers report about their work (LLM calls, fallbacks, guardrail verdicts), for whoever listens.

The drafting layer cannot know about the server's Prometheus registry (imports point down), so it calls
:func:`count` and :func:`observe` here; ``coach serve`` subscribes a sink that turns them into metrics.
With no sink (the CLI, the tests) they cost a dictionary lookup. The request id of the HTTP request a
piece of work belongs to lives here too, so every layer's log lines can carry it.
"""

from __future__ import annotations

import contextvars
import logging
import weakref
from typing import Protocol

__all__ = ["Sink", "adjust", "count", "observe", "request_id", "subscribe"]

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("coach_request_id", default=None)
"""The id of the HTTP request being served in this context (``None`` outside a request)."""

_log = logging.getLogger(__name__)


class Sink(Protocol):
    """Receives the events; must not raise (a failing sink is logged and skipped)."""

    def count(self, name: str, labels: dict[str, str], amount: float) -> None: ...

    def observe(self, name: str, labels: dict[str, str], value: float) -> None: ...

    def adjust(self, name: str, delta: float) -> None: ...


_sinks: weakref.WeakSet[Sink] = weakref.WeakSet()  # type: ignore[type-var]


def subscribe(sink: Sink) -> None:
    """Send every event to ``sink`` while it is alive (held weakly: the subscriber keeps it)."""
    _sinks.add(sink)


def count(name: str, amount: float = 1.0, **labels: str) -> None:
    """Something happened ``amount`` times, e.g. ``count("llm_calls", model="gpt-4o-mini", outcome="ok")``."""
    for sink in list(_sinks):
        try:
            sink.count(name, labels, amount)
        except Exception:  # metrics must never break the work they describe
            _log.exception("telemetry sink failed on %s", name)


def observe(name: str, value: float, **labels: str) -> None:
    """A measurement, e.g. ``observe("llm_call_seconds", 1.8, model="gpt-4o-mini")``."""
    for sink in list(_sinks):
        try:
            sink.observe(name, labels, value)
        except Exception:
            _log.exception("telemetry sink failed on %s", name)


def adjust(name: str, delta: float) -> None:
    """A level went up or down by ``delta``, e.g. ``adjust("turns_waiting", +1)``."""
    for sink in list(_sinks):
        try:
            sink.adjust(name, delta)
        except Exception:
            _log.exception("telemetry sink failed on %s", name)
