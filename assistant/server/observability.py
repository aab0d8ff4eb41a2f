"""Logs and metrics of ``coach serve``: JSON log lines with a request id, Prometheus metrics at ``/metrics``.

``COACH_LOG_FORMAT=json`` makes every log line (the server's, uvicorn's, and every layer's below: chat,
drafting, retrieval, stores) one JSON object with ``request_id``; ``text`` (the default) keeps plain
lines. Every response carries ``X-Request-Id``: the one a trusted proxy sent, or a new one.

Metrics (``prometheus-client``, one registry per app) count requests and their latency by route, chat
turns by kind and outcome, LLM calls by model and outcome with their latency, fallbacks to the offline
engine, guardrail verdicts, 429s, and the turns waiting for / holding a worker.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from assistant.core import telemetry

__all__ = ["CONTENT_TYPE_LATEST", "JsonFormatter", "Metrics", "RequestContext", "configure_logging"]

REQUEST_ID_HEADER = "X-Request-Id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_access = logging.getLogger("assistant.server.access")
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or telemetry.request_id.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in payload and not key.startswith("_"):
                payload[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = telemetry.request_id.get() or "-"
        return True


def configure_logging(fmt: str = "text", level: str = "info") -> None:
    """Route every logger (ours, uvicorn's, the libraries') to standard error in ``fmt`` (text or json)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # our access line has the request id and the latency
    for noisy in ("httpx", "httpcore", "chromadb", "openai", "urllib3", "posthog"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


class Metrics:
    """The app's Prometheus metrics, fed by the HTTP middleware and by :mod:`assistant.core.telemetry`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "coach_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "coach_http_request_duration_seconds",
            "Time from request to the end of the response (streams included)",
            ["method", "route"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
            registry=r,
        )
        self.turns = Counter("coach_chat_turns", "Chat turns finished", ["kind", "outcome"], registry=r)
        self.turn_seconds = Histogram(
            "coach_chat_turn_duration_seconds",
            "Time of one chat turn, from its start to its reply or error",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120),
            registry=r,
        )
        self.llm_calls = Counter("coach_llm_calls", "Calls to an LLM endpoint", ["model", "outcome"], registry=r)
        self.llm_seconds = Histogram(
            "coach_llm_call_duration_seconds",
            "Time of one LLM call, retries included",
            ["model"],
            buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 40, 60),
            registry=r,
        )
        self.fallbacks = Counter(
            "coach_fallbacks", "Drafts written by the offline engine after the LLM failed", ["provider"], registry=r
        )
        self.verdicts = Counter("coach_guardrail_verdicts", "Guardrail verdicts of drafts", ["verdict"], registry=r)
        self.rate_limited = Counter("coach_rate_limited", "Requests refused with 429", registry=r)
        self.queued = Gauge("coach_turns_waiting", "Chat turns waiting for a free worker", registry=r)
        self.running = Gauge("coach_turns_running", "Chat turns holding a worker now", registry=r)
        self.llm_waiting = Gauge(
            "coach_llm_calls_in_flight", "Model calls awaited now (or waiting for an LLM slot)", registry=r
        )
        telemetry.subscribe(self)

    # -- telemetry sink -------------------------------------------------------------------------------

    def count(self, name: str, labels: dict[str, str], amount: float) -> None:
        if name == "llm_calls":
            self.llm_calls.labels(labels.get("model", "?"), labels.get("outcome", "?")).inc(amount)
        elif name == "fallbacks":
            self.fallbacks.labels(labels.get("provider", "?")).inc(amount)
        elif name == "guardrail_verdicts":
            self.verdicts.labels(labels.get("verdict", "?")).inc(amount)
        elif name == "chat_turns":
            self.turns.labels(labels.get("kind", "?"), labels.get("outcome", "?")).inc(amount)
        elif name == "rate_limited":
            self.rate_limited.inc(amount)

    def observe(self, name: str, labels: dict[str, str], value: float) -> None:
        if name == "llm_call_seconds":
            self.llm_seconds.labels(labels.get("model", "?")).observe(value)
        elif name == "chat_turn_seconds":
            self.turn_seconds.observe(value)

    def adjust(self, name: str, delta: float) -> None:
        if name == "turns_waiting":
            self.queued.inc(delta)
        elif name == "turns_running":
            self.running.inc(delta)
        elif name == "llm_waiting":
            self.llm_waiting.inc(delta)

    def exposition(self) -> bytes:
        """The metrics in Prometheus's text format."""
        return generate_latest(self.registry)


Send = Callable[[dict[str, Any]], Awaitable[None]]


class RequestContext:
    """ASGI middleware: a request id for every request (in the context, the logs and ``X-Request-Id``),
    an access log line, and the request metrics."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1")
        rid = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:16]
        token = telemetry.request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = message | {"headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or (
                "/static" if scope["path"].startswith("/static") else "other"
            )
            method = scope.get("method", "?")
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            if route not in ("/healthz", "/readyz", "/metrics"):
                _access.info(
                    "%s %s %d %.0f ms",
                    method,
                    scope["path"],
                    status,
                    elapsed * 1000,
                    extra={"method": method, "path": scope["path"], "status": status, "ms": round(elapsed * 1000, 1)},
                )
            telemetry.request_id.reset(token)
