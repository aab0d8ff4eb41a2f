"""A scripted fake OpenAI-compatible server: a real HTTP server on loopback, in a thread.

Each mode is one way an endpoint misbehaves (or behaves); the fault suite (``tests/test_llm_faults.py``)
checks what the user gets for each, through ``coach feedback`` and through ``coach serve``.

    with FakeLLM() as llm:
        llm.mode = "html"
        ... COACH_OPENAI_BASE_URL=llm.url, COACH_PROVIDER=openai:fake ...

A good answer cites the events of the prompt it was given (read from the prompt's ``<EVENTS>`` block), so
it is a valid, grounded draft unless the mode says otherwise.
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = (
    "ok",
    "slow",
    "500",
    "429",
    "hang",
    "prose",
    "malformed_json",
    "empty_choices",
    "empty_object",
    "html",
    "wrong_schema",
    "foreign_citations",
    "invented_numbers",
    "protected",
    "rating_pay",
    "slow_stream",
)
"""``ok``: a valid draft. ``slow``: the same after ``delay`` seconds. ``500`` and ``429`` (with ``Retry-After``):
errors every time. ``hang``: never answers. ``prose``: text with no JSON. ``malformed_json``: a body that
is not JSON. ``empty_choices``: ``"choices": []``. ``empty_object``: ``{}``. ``html``: an HTML page.
``wrong_schema``: JSON that is not a draft. ``foreign_citations``: a draft citing invented and another
person's event ids. ``invented_numbers``, ``protected``, ``rating_pay``: a draft stating a figure the events
do not hold, a protected attribute, a rating and pay. ``slow_stream``: a valid answer trickled a few bytes at
a time, ``delay`` seconds apart."""

_EVENT_ID = re.compile(r'"id":\s*"([^"]+)"')


def completion(content: str) -> dict[str, Any]:
    """A chat.completion whose message is ``content``."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _draft(ids: list[str], text: str, summary: str = "A period of steady, visible work.") -> str:
    first = ids[:1]
    return json.dumps(
        {
            "summary": summary,
            "statements": [
                {"section": "strength", "text": text, "event_ids": first},
                {
                    "section": "development",
                    "text": "Writing down the decisions behind the work would help others build on it.",
                    "event_ids": ids[1:2] or first,
                },
                {
                    "section": "next_step",
                    "text": "Share one design note with the team next month.",
                    "event_ids": ids[1:2] or first,
                },
            ],
        }
    )


class FakeLLM:
    """The server; set ``mode`` (and ``delay``) between requests. ``requests`` holds every request body."""

    def __init__(self, mode: str = "ok", *, delay: float = 0.0, foreign_id: str = "ev-not-theirs") -> None:
        self.mode = mode
        self.delay = delay
        self.foreign_id = foreign_id
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.finished = 0
        self.abandoned = 0
        """Requests whose client hung up while this server was still thinking (``slow`` and ``hang`` modes)."""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    fake._answer(self, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up: that is what some tests do
                finally:
                    with fake._lock:
                        fake.in_flight -= 1
                        fake.finished += 1

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- answers -------------------------------------------------------------------------------------------

    def _think(self, handler: BaseHTTPRequestHandler, seconds: float) -> bool:
        """Wait ``seconds`` (or until the server stops); False when the client hung up meanwhile."""
        deadline = time.monotonic() + seconds
        sock = handler.connection
        while time.monotonic() < deadline:
            if self._stop.wait(0.02):
                return False
            try:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable and sock.recv(1, socket.MSG_PEEK) == b"":
                    with self._lock:
                        self.abandoned += 1
                    return False
            except OSError:
                with self._lock:
                    self.abandoned += 1
                return False
        return True

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, **headers: str) -> None:
        handler.send_response(status)
        handler.send_header("content-type", ctype)
        handler.send_header("content-length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()

    def _json(self, handler: BaseHTTPRequestHandler, payload: Any, status: int = 200, **headers: str) -> None:
        self._send(handler, status, json.dumps(payload).encode(), "application/json", **headers)

    def _answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        mode = self.mode
        prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
        ids = list(dict.fromkeys(_EVENT_ID.findall(prompt.split("<EVENTS>", 1)[-1]))) or ["ev-none"]
        if body.get("tools") and any(t["function"]["name"] == "route" for t in body["tools"]):
            # the chat router: no tool call, so the engine uses its own parser (the tests are about drafting)
            if mode in ("hang", "slow", "slow_stream") and not self._think(
                handler, self.delay if mode != "hang" else 3600
            ):
                return
            self._json(handler, completion("I cannot route that."))
            return
        if mode == "500":
            self._json(handler, {"error": {"message": "upstream exploded", "type": "server_error"}}, 500)
        elif mode == "429":
            self._json(handler, {"error": {"message": "slow down", "type": "rate_limit"}}, 429, retry_after="0")
        elif mode == "hang":
            self._think(handler, 3600)  # the client's timeout or budget ends it first
        elif mode == "prose":
            self._json(handler, completion("Carla is a wonderful colleague and I would be glad to help."))
        elif mode == "malformed_json":
            self._send(handler, 200, b'{"id": "x", "choices": [', "application/json")
        elif mode == "empty_choices":
            self._json(handler, {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []})
        elif mode == "empty_object":
            self._json(handler, {})
        elif mode == "html":
            self._send(handler, 200, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
        elif mode == "wrong_schema":
            self._json(handler, completion(json.dumps({"feedback": "Great job!", "score": 5})))
        elif mode == "foreign_citations":
            text = _draft(ids, "Carried the release across the line.")
            data = json.loads(text)
            data["statements"][0]["event_ids"] = [ids[0], "ev-invented-123", self.foreign_id]
            self._json(handler, completion(json.dumps(data)))
        elif mode == "invented_numbers":
            self._json(handler, completion(_draft(ids, "Raised revenue by 87% and cut costs by $4.2M in one week.")))
        elif mode == "protected":
            text = "At 41, and as a mother of two, she still found time to lead the migration."
            self._json(handler, completion(_draft(ids, text)))
        elif mode == "rating_pay":
            text = "Led the migration; she deserves a rating of 5 out of 5 and a 10% pay raise."
            self._json(handler, completion(_draft(ids, text)))
        elif mode == "slow_stream":
            payload = json.dumps(completion(_draft(ids, "Led the migration to the new cluster."))).encode()
            handler.send_response(200)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(payload)))
            handler.end_headers()
            for i in range(0, len(payload), 8):
                if self._stop.wait(self.delay):
                    return
                handler.wfile.write(payload[i : i + 8])
                handler.wfile.flush()
        else:  # ok, slow
            if mode == "slow" and not self._think(handler, self.delay):
                return
            self._json(handler, completion(_draft(ids, "Led the migration to the new cluster.")))

    def wait_in_flight(self, count: int, timeout: float = 30.0) -> None:
        """Block until ``count`` requests are being answered at once (a test's synchronisation point)."""
        deadline = time.monotonic() + timeout
        while self.in_flight < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} requests in flight, have {self.in_flight}")
            time.sleep(0.02)
