"""What one draft carries from step to step of the drafting chain (``assistant.drafting.chain``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from assistant.core.models import MetricDefinition, TeamObjective, WorkEvent
from assistant.core.periods import Period
from assistant.drafting.goals import GoalPlan
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.providers import DraftContext, Generation
from assistant.drafting.request import DraftRequest
from assistant.drafting.schemas import FeedbackDraft, GoalSet, ThinNote
from guardrails import GuardrailReport
from prompts import PromptEvent, RenderedPrompt
from retrieval import RetrievalResult, RetrievedEvent

__all__ = ["ChainState"]


@dataclass
class ChainState:
    """What one draft carries from step to step."""

    request: DraftRequest
    period: Period
    span: Period
    """The evidence window: the period, or for goals the year up to the period's end."""
    retrieval: RetrievalResult
    language: str
    started: float = field(default_factory=time.perf_counter)
    objectives: list[TeamObjective] = field(default_factory=list)
    context: DraftContext | None = None
    prompt: RenderedPrompt | None = None
    generation: Generation | None = None
    parsed: FeedbackDraft | GoalSet | ThinNote | None = None
    report: GuardrailReport | None = None
    revisions: int = 0
    provider_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    engine: str = "offline"
    fallback_from: str | None = None
    notes: list[str] = field(default_factory=list)
    prompt_events: list[PromptEvent] = field(default_factory=list)
    profile: EvidenceProfile | None = None
    pool: dict[str, WorkEvent] = field(default_factory=dict)
    """Every visible event of the period by id (the profile's evidence; drafts may cite any of them)."""
    poisoned: set[str] = field(default_factory=set)
    """Events with instruction-like text: never composed from."""
    catalog: dict[str, MetricDefinition] = field(default_factory=dict)
    recorded: list[RetrievedEvent] = field(default_factory=list)
    """The selected events before the catalog's units and directions were applied (the profile carries those)."""
    goal_plan: GoalPlan | None = None
    """Goals: the set computed in code (objectives, capabilities, every number); engines only word it."""
