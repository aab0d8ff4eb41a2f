"""The provider interface: one small protocol, looked up by a string id (``offline``, ``openai:<model>``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from prompts.renderer import RenderedPrompt

__all__ = ["DraftContext", "Generation", "Provider"]

T = TypeVar("T", bound=BaseModel)


@dataclass
class DraftContext:
    """What an engine may use besides the prompt: the offline composer writes from this alone."""

    task: str
    language: str
    subject_name: str
    events: list[Any]
    """``RetrievedEvent`` objects, already access-checked."""
    scores: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    """Task options: tone, length, focus, interests, objectives, skills, instruction, previous, findings."""


@dataclass
class Generation:
    """A provider's answer, parsed into the requested schema."""

    parsed: BaseModel
    raw: str
    engine: str
    """``offline``, ``openai:<model>``, or ``offline (fallback from openai:<model>)``."""
    model: str | None = None
    method: str = "offline"
    """How structure was obtained: json_schema, json_object, tools, text, offline."""
    attempts: int = 1
    repaired: bool = False
    latency_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


class Provider(Protocol):
    """Turns a rendered prompt (and its context) into a parsed pydantic object."""

    id: str

    def generate(self, prompt: RenderedPrompt, schema: type[T], context: DraftContext) -> Generation:
        """Answer ``prompt`` as an instance of ``schema``; raises ``ProviderError`` when it cannot."""
        ...
