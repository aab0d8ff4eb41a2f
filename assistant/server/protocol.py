"""How ``coach serve`` listens: the socket (bound before anything else happens) and an HTTP protocol that
times out slow clients and caps header size.

uvicorn by itself never times out a client that sends its request slowly (one header line a minute keeps
a connection, and a task, forever), and its default HTTP parser accepts headers of any size. The protocol
here is uvicorn's h11 protocol with three limits (:class:`~assistant.server.limits.Limits`):

- ``header_timeout_s``: the request line and headers must arrive within this time of the first byte (or of
  the connection opening); else ``408 Request Timeout`` and the connection is closed;
- ``body_timeout_s``: the body must arrive within this time of the headers; else 408 (or, when the app has
  already answered, the connection is closed) and the app sees the client as gone;
- ``max_header_bytes``: a request head (request line plus headers) larger than this gets ``431 Request
  Header Fields Too Large`` before any of it is parsed, so a 1 MB ``Authorization`` header costs nothing.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import math
import socket
from types import FrameType
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.server.limits import Limits

__all__ = ["CannotListen", "PortInUse", "guarded_protocol", "listen", "serve_app", "server_config"]


class CannotListen(Exception):
    """The server cannot listen on the address it was given."""


class PortInUse(CannotListen):
    """Another process listens on the port already."""


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``.

    Raises:
        PortInUse: another process has the port.
        CannotListen: any other reason (the message says which).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(
                f"port {port} on {host} is already in use: stop the other server, or pick another port with --port"
            ) from None
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _raw_response(status: int, reason: str, code: str, message: str) -> bytes:
    error = {"error": {"message": message, "type": "invalid_request_error", "code": code}}
    body = json.dumps(error, ensure_ascii=False).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\n"
        f"cache-control: no-store\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


_TIMEOUT = (
    "The request arrived too slowly (its {part} took more than {seconds:g} s) and the connection was closed. "
    "/ 请求发送过慢（{part_zh}超过 {seconds:g} 秒），连接已关闭。"
)
_TOO_LARGE = (
    "The request headers are too large: at most {limit:,} bytes are accepted. / 请求头过大：最多接受 {limit:,} 字节。"
)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with header and body read timeouts and a header size cap."""

    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_header_bytes: int = 16_384

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head = bytearray()
        self._phase = ""
        self._guard: asyncio.TimerHandle | None = None
        self._arm("head", self.header_timeout_s)  # a connection that sends nothing is a slow client too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._guard = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_guard", None) is not None:
            self._guard.cancel()  # type: ignore[union-attr]
        self._guard, self._phase = None, ""

    def _refuse(self, status: int, reason: str, code: str, message: str) -> None:
        self._disarm()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app, if running, sees the client as gone
            self.cycle.message_event.set()
            started = self.cycle.response_started
        else:
            started = False
        if not started and not self.transport.is_closing():
            self.transport.write(_raw_response(status, reason, code, message))
        self.transport.close()

    def _too_slow(self) -> None:
        self._guard = None
        head = self._phase == "head"
        seconds = self.header_timeout_s if head else self.body_timeout_s
        message = _TIMEOUT.format(
            part="headers" if head else "body", part_zh="请求头" if head else "请求体", seconds=seconds
        )
        self._refuse(408, "Request Timeout", "request_timeout", message)

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:  # reading a request head
            if self._phase != "head":
                self._arm("head", self.header_timeout_s)
            self._head.extend(data[: self.max_header_bytes + 4])
            end = self._head.find(b"\r\n\r\n")
            size = len(self._head) if end == -1 else end + 4
            if size > self.max_header_bytes:
                self._refuse(
                    431,
                    "Request Header Fields Too Large",
                    "headers_too_large",
                    _TOO_LARGE.format(limit=self.max_header_bytes),
                )
                return
            if end != -1:
                self._head.clear()
        super().data_received(data)
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._phase != "body":
                self._arm("body", self.body_timeout_s)
        elif state is not h11.IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE:
            self._disarm()  # keep-alive: uvicorn's keep-alive timeout runs until the next request begins


def guarded_protocol(limits: Limits) -> type[GuardedH11Protocol]:
    """The protocol class with ``limits``' timeouts and header cap."""
    return type(
        "CoachHTTPProtocol",
        (GuardedH11Protocol,),
        {
            "header_timeout_s": limits.header_timeout_s,
            "body_timeout_s": limits.body_timeout_s,
            "max_header_bytes": limits.max_header_bytes,
        },
    )


def server_config(app: Any, limits: Limits, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration of ``coach serve`` (and of the tests' server thread).

    Running requests get ``limits.request_timeout_s`` to finish at shutdown; the peer address stays the real
    one (no rewriting from ``X-Forwarded-For``): single sign-on trusts proxies by their address.
    """
    options.setdefault("timeout_graceful_shutdown", max(1, math.ceil(limits.request_timeout_s)))
    options.setdefault("proxy_headers", False)
    return uvicorn.Config(
        app,
        http=guarded_protocol(limits),
        h11_max_incomplete_event_size=limits.max_header_bytes + 1024,
        lifespan="on",
        **options,
    )


def serve_app(
    app: Any, sock: socket.socket, limits: Limits, *, log_level: str = "info", log_format: str = "text"
) -> None:
    """Serve ``app`` on the already listening ``sock`` until SIGINT/SIGTERM, then drain: ``/readyz`` turns 503
    at once, no new connections are taken, and running turns get up to the request timeout to finish."""
    from assistant.server.observability import configure_logging

    configure_logging(log_format, log_level)
    config = server_config(app, limits, log_level=log_level, log_config=None)  # our logging, set up above
    _DrainingServer(config).run(sockets=[sock])


class _DrainingServer(uvicorn.Server):
    """uvicorn's server, telling the app (``ServerState.draining``) as soon as a shutdown signal arrives."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        state = getattr(getattr(self.config.app, "state", None), "coach_server", None)
        if state is not None and not state.draining:
            state.draining = True
            logging.getLogger("assistant.server").info("shutting down: draining running turns")
        super().handle_exit(sig, frame)
