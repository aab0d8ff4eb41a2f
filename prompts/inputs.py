"""Input models of the prompt templates: a template's header names one of these in ``inputs:``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DevelopmentPathInputs",
    "FeedbackProfileInputs",
    "FeedbackPromptInputs",
    "GoalPlanInputs",
    "GoalPromptInputs",
    "PromptEvent",
    "ReviewPromptInputs",
    "RevisePromptInputs",
    "RoutePromptInputs",
]


class _Inputs(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PromptEvent(_Inputs):
    """One work event as quoted data in a prompt (instruction-like text already neutralised)."""

    id: str
    date: str
    source: str
    kind: str
    project: str | None = None
    title: str
    description: str = ""
    metrics: dict[str, dict[str, bool | int | float | str | None]] = Field(default_factory=dict)
    visibility: str = "normal"


class FeedbackPromptInputs(_Inputs):
    """Variables of ``feedback_draft``."""

    subject_name: str
    job_family: str
    level: str
    period: str
    focus: str | None = None
    tone: Literal["direct", "warm"] = "direct"
    length: Literal["short", "medium", "long"] = "medium"
    events: list[PromptEvent] = Field(min_length=0)
    """Events as quoted data (already neutralised against prompt injection)."""
    coverage_note: str
    output_schema: str
    """JSON schema of ``FeedbackDraft``, for endpoints without json_schema support."""


class FeedbackProfileInputs(FeedbackPromptInputs):
    """Variables of ``feedback_draft`` v2: the v1 variables plus the evidence profile and the audience."""

    audience: Literal["employee", "manager"] = "employee"
    subject_first_name: str
    profile: str
    """The evidence profile as JSON: labelled outcomes, collaboration by activity, themes, context, gaps."""


class GoalPromptInputs(_Inputs):
    """Variables of ``goal_proposals``."""

    subject_name: str
    job_family: str
    level: str
    skills: list[str]
    period: str
    team_objectives: list[dict[str, Any]]
    interests: str | None = None
    events: list[PromptEvent]
    baselines: list[dict[str, Any]]
    """Per metric: the person's own baseline and how it was derived (computed in code)."""
    output_schema: str


class GoalPlanInputs(GoalPromptInputs):
    """Variables of ``goal_proposals`` v2: the v1 variables plus the plan computed in code and the profile."""

    plan: str
    """The goal set computed in code, as JSON: objectives, capabilities, key-result ranges, reasons."""
    plan_notes: list[str] = Field(default_factory=list)
    """What the person should know beside the plan (objectives carried forward, interests not matched)."""
    profile: str
    """The evidence profile as JSON (labelled outcomes, activities, themes)."""


class ReviewPromptInputs(_Inputs):
    """Variables of ``draft_review``."""

    subject_name: str
    period: str
    draft: str
    findings: list[dict[str, Any]]
    events: list[dict[str, Any]]


class RevisePromptInputs(_Inputs):
    """Variables of ``revise_with_findings``."""

    task: str
    previous: str
    """The previous draft as JSON."""
    findings: list[dict[str, Any]]
    instruction: str | None = None
    events: list[PromptEvent]
    output_schema: str


class RoutePromptInputs(_Inputs):
    """Variables of ``chat_route``: what an LLM needs to fill the chat's ``route`` tool."""

    message: str
    """The user's message, as quoted data."""
    today: str
    people: list[str]
    """Names of the people the user may ask about (only those: the code resolves and checks access)."""
    user_name: str
    has_draft: bool
    """Whether the conversation has a current draft (revise, sources and accept need one)."""


class DevelopmentPathInputs(_Inputs):
    """Variables of ``development_path``: the structure the engine decided, for a model to word."""

    subject_name: str
    self_view: bool
    """The reader is the person themself (write to "you"), else their manager or HR (third person)."""
    current_role: str | None = None
    target_role: str
    target_level: str
    strengths: list[dict[str, Any]]
    """Expectations already shown: competency label, how many events, example event ids."""
    gaps: list[dict[str, Any]]
    """Expectations not shown yet: competency, expectation, basis, citations (event id, date, role, words)."""
    events: list[PromptEvent]
    """Every event a gap or strength cites, as quoted data (already neutralised)."""
    output_schema: str
