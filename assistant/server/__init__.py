"""``coach serve``: the web chat (static page + JSON/SSE API) and the OpenAI-compatible API.

Imported lazily: ``coach`` commands other than ``serve`` never load FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Limits", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from assistant.server.app import create_app

        return create_app
    if name == "Limits":
        from assistant.server.limits import Limits

        return Limits
    raise AttributeError(name)
