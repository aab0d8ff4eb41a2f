"""The provider interface: one small protocol, looked up by a string id (``offline``, ``openai:<model>``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel

from assistant.core.models import TeamObjective
from assistant.core.periods import Period
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.schemas import Audience, FeedbackDraft, GoalSet, Length, Tone
from guardrails import Finding
from prompts.renderer import RenderedPrompt
from retrieval import RetrievedEvent

__all__ = ["ContextTask", "DraftContext", "DraftOptions", "Generation", "Provider"]

T = TypeVar("T", bound=BaseModel)
ContextTask = Literal["feedback_draft", "goal_proposals", "revise_with_findings", "draft_review", "development_path"]


@dataclass
class DraftOptions:
    """What the request asked for, beside the evidence: the offline composer writes from these."""

    tone: Tone = "direct"
    length: Length = "medium"
    audience: Audience = "employee"
    focus: str | None = None
    interests: str | None = None
    """Goals: what the person wants to grow in, in their words."""
    objectives: list[TeamObjective] = field(default_factory=list)
    """Goals: the team objectives of the period."""
    skills: list[str] = field(default_factory=list)
    instruction: str | None = None
    """A revision: what the user asked to change."""
    previous: FeedbackDraft | GoalSet | None = None
    """A revision: the draft being revised."""
    findings: list[Finding] = field(default_factory=list)
    """A revision: the guardrail findings on ``previous``."""
    add_event_ids: list[str] = field(default_factory=list)
    """A revision: events to add a statement for."""
    profile: EvidenceProfile | None = None
    """The evidence profile of the person and period (feedback drafts)."""
    thin: bool = False
    """Below the not-enough-data threshold: write the thin-data form, not a review."""
    period: Period | None = None
    development: object | None = None
    """A development path (``develop.model.DevelopmentPath``): the structure the offline writer words."""
    goal_plan: GoalSet | None = None
    """Goals: the set computed in code; the offline engine returns it, a model rewords it."""
    author: str | None = None
    """The requester's name: a draft to the person speaks of the author's own remarks as "I" / "我"."""


@dataclass
class DraftContext:
    """What an engine may use besides the prompt: the offline composer writes from this alone."""

    task: ContextTask | str
    language: str
    subject_name: str
    events: list[RetrievedEvent]
    """Already access-checked."""
    scores: dict[str, float] = field(default_factory=dict)
    options: DraftOptions = field(default_factory=DraftOptions)
    deadline: float | None = None
    """``time.monotonic()`` by which a model must have answered (the draft's LLM budget); None: no limit."""


@dataclass
class Generation:
    """A provider's answer, parsed into the requested schema."""

    parsed: BaseModel
    raw: str
    engine: str
    """``offline`` or ``openai:<model>``: the engine that wrote ``parsed``."""
    model: str | None = None
    method: str = "offline"
    """How structure was obtained: json_schema, json_object, tools, text, offline."""
    attempts: int = 1
    repaired: bool = False
    latency_ms: float = 0.0
    notes: list[str] = field(default_factory=list)
    fallback_from: str | None = None
    """The provider that failed when another one wrote this answer (see ``FallbackProvider``)."""


class Provider(Protocol):
    """Turns a rendered prompt (and its context) into a parsed pydantic object."""

    id: str

    def generate(self, prompt: RenderedPrompt, schema: type[T], context: DraftContext) -> Generation:
        """Answer ``prompt`` as an instance of ``schema``; raises ``ProviderError`` when it cannot."""
        ...
