"""Helpers for the server's tests and benchmark: a demo org in a fresh data dir, SSE parsing, engine wrappers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.chat.types import ChatEvent
from assistant.core.config import load_settings
from assistant.core.container import Coach

__all__ = ["WrappedEngine", "demo_coach", "parse_sse"]


def demo_coach(data_dir: Path, **overrides: object) -> Coach:
    """A Coach on ``data_dir`` with the demo organisation loaded (offline engine, no config file)."""
    from assistant.demo.load import load_demo

    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir, **overrides))
    load_demo(coach)
    return coach


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """``[(event type, decoded data)]`` of a ``text/event-stream`` body (comments skipped)."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        kind, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
        if data:
            raw = "\n".join(data)
            out.append((kind, raw if raw == "[DONE]" else json.loads(raw)))
    return out


class WrappedEngine:
    """A real engine with ``stream`` replaced for chosen users (to make one request slow or fail)."""

    def __init__(self, real: Any, stream: Callable[..., Iterator[ChatEvent]]) -> None:
        self._real = real
        self.stream = stream
        self.turn = stream  # the server runs turns through ``turn``: the replacement stands for both

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
