"""What the drafting chains produce: the structured output a provider must return, and the results.

``FeedbackDraft`` and ``GoalSet`` are the schemas an LLM fills (json_schema / json_object / tools); the
offline composer fills the same models, so every engine is parsed, checked and stored the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.profile import EvidenceProfile
from guardrails import GuardrailReport
from retrieval import Coverage

__all__ = [
    "Audience",
    "DraftGuardrails",
    "DraftResult",
    "FeedbackDraft",
    "Form",
    "GoalProposal",
    "GoalReason",
    "GoalSet",
    "KeyResult",
    "Length",
    "NoteSection",
    "NoteStatement",
    "Section",
    "Statement",
    "TemplateRef",
    "ThinNote",
    "Tone",
    "Usage",
]

Section = Literal["strength", "development", "next_step"]
NoteSection = Literal["on_record", "to_collect", "question"]
"""The thin-data form's sections: what is on record, what to collect, questions for the next check-in."""
Form = Literal["review", "thin_data"]
Audience = Literal["employee", "manager"]
Tone = Literal["direct", "warm"]
Length = Literal["short", "medium", "long"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Statement(_Out):
    """One statement of a draft, with the ids of the events it rests on."""

    section: Section
    text: str = Field(min_length=1)
    event_ids: list[str] = Field(default_factory=list)
    """Citations: ids of the work events the statement rests on."""


class NoteStatement(_Out):
    """One line of the thin-data form, with the events it rests on (if any)."""

    section: NoteSection
    text: str = Field(min_length=1)
    event_ids: list[str] = Field(default_factory=list)


class ThinNote(_Out):
    """The thin-data form: what is on record, what to collect, questions for the next check-in."""

    summary: str = Field(min_length=1)
    statements: list[NoteStatement] = Field(min_length=1)


class FeedbackDraft(_Out):
    """A feedback draft: summary plus strengths, development areas and next steps, each cited."""

    summary: str = Field(min_length=1)
    statements: list[Statement] = Field(min_length=1)


class KeyResult(_Out):
    """A measurable key result with a range derived from the person's own baseline.

    ``scope="team"`` marks a team-level number the person contributes to (its ``team_baseline`` and
    ``team_target`` are the team's; ``floor`` / ``target`` / ``stretch`` stay empty): never a personal target.
    """

    metric: str
    """The metric key (``mttr_min``, ``月流失率``) or, for an action, the capability id."""
    unit: str | None = None
    baseline: float | None = None
    floor: float | None = None
    target: float | None = None
    stretch: float | None = None
    higher_is_better: bool = True
    derivation: str = ""
    """How the baseline and the range were derived, in words a person can check."""
    event_ids: list[str] = Field(default_factory=list)
    label: str = ""
    """What is measured, in the goal's language (the catalog's label; never a raw key)."""
    scope: Literal["personal", "team"] = "personal"
    """``team``: a team-level metric presented as the person's contribution, not a personal number."""
    basis: Literal["single", "median_of_2", "median_of_3", "count", "team", "commitment"] | None = None
    """The statistic behind ``baseline``: one value, the median of two or three, a count of earlier
    examples, the team's own baseline, or none (a first-time commitment)."""
    values: list[float] = Field(default_factory=list)
    """The results the baseline was computed from, oldest first."""
    team_baseline: float | None = None
    team_target: float | None = None
    ref: str = ""
    """``<goal>.<kr>`` (``1.2``) once the goal set is saved: what check-ins name."""


class GoalReason(_Out):
    """One reason a goal fits: a strength, a gap, an aspiration, an interest, the role or the team."""

    kind: Literal["strength", "gap", "aspiration", "interest", "role", "team"]
    text: str
    event_ids: list[str] = Field(default_factory=list)


class GoalProposal(_Out):
    """One objective aligned to a team objective, with key results, skill fit and justification."""

    objective: str
    aligned_to: str | None = None
    """The team objective id it supports."""
    key_results: list[KeyResult] = Field(default_factory=list)
    skill_fit: list[str] = Field(default_factory=list)
    rationale: str = ""
    event_ids: list[str] = Field(default_factory=list)
    kind: Literal["outcome", "capability"] = "outcome"
    """``outcome``: a team objective's result the person owns part of; ``capability``: a skill to grow."""
    capability: str | None = None
    """The capability id (``design_reviews``, ``mentoring``) of a capability goal."""
    why: list[GoalReason] = Field(default_factory=list)
    """Why it fits: the strengths and gaps on record (cited), the aspiration or interest, the team objective."""
    reference_path: list[GoalReason] = Field(default_factory=list)
    """How similar results were reached before: the person's own history or the team's objective."""
    carried_forward_from: str | None = None
    """The period of the team objective when the goal's period has none yet (carried forward)."""


class GoalSet(_Out):
    """Three to five goal proposals."""

    summary: str = ""
    goals: list[GoalProposal] = Field(min_length=1, max_length=5)


class TemplateRef(BaseModel):
    """Which prompt produced a result."""

    id: str
    version: int
    language: str
    sha256: str


class Usage(BaseModel):
    """Token counts (tiktoken) and time."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    """Wall time of the provider calls."""
    overhead_ms: float = 0.0
    """Everything else: retrieval, rendering, parsing, guardrails, storage."""


class DraftGuardrails(GuardrailReport):
    """A draft's guardrail report, with the text the guardrails read (statements, or goals' words)."""

    checked_text: str = ""
    """Finding spans index this text."""


class DraftResult(BaseModel):
    """What ``coach feedback`` / ``coach goals`` / ``coach review`` return and store."""

    id: str | None = None
    task: Literal["feedback_draft", "goal_proposals", "draft_review", "development_path"]
    requester_id: str
    subject_id: str
    subject_name: str
    period: str
    language: Literal["en", "zh"]
    form: Form = "review"
    """``thin_data`` below the not-enough-data threshold: what is on record, what to collect, questions."""
    audience: Audience = "employee"
    """``employee``: written to the person, ready to paste; ``manager``: third-person preparation notes."""
    text: str
    """The draft as a person reads it (statements in order, with citations)."""
    statements: list[Statement | NoteStatement] = Field(default_factory=list)
    """A review's statements, or the thin-data form's lines (see ``form``)."""
    summary: str = ""
    goals: list[GoalProposal] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    """The events used, with all their fields: the receipt a person can check."""
    coverage: Coverage | None = None
    """How the evidence is spread over the period (months, kinds, recency, not-enough-data)."""
    engine: str
    """Which engine wrote it: ``offline`` or ``openai:<model>``; a fallback says so."""
    fallback_from: str | None = None
    """The LLM that failed when the offline engine stepped in."""
    model: str | None = None
    template: TemplateRef | None = None
    guardrails: DraftGuardrails | None = None
    """The guardrail report; every draft the chains return has one."""
    revisions: int = 0
    usage: Usage = Field(default_factory=Usage)
    notes: list[str] = Field(default_factory=list)
    """Things a person should know (not enough data, fallback used, findings left)."""
    cited_event_ids: list[str] = Field(default_factory=list)
    missing_events: list[dict[str, Any]] = Field(default_factory=list)
    """For a draft review: key events the manager's text leaves out."""
    profile: EvidenceProfile | None = None
    """The evidence profile the draft was written from (outcomes, collaboration, themes, what is missing)."""
    development: dict[str, Any] | None = None
    """For a development path (evals): the whole ``DevelopmentPath`` as JSON."""
    interests: str | None = None
    """Goal proposals: the interests the person stated (matched to capabilities, never pasted into a goal)."""
