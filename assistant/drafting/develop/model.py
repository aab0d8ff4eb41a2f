"""A development path as structure: the target role, the gaps between the person's evidence and its
expectations (each citing events), what can close each gap, and a 90-day plan with check-in points.

The engine decides the structure (which gaps, which course, opening and mentor); a writer — the offline
composer or an LLM through ``prompts/development_path`` — only words it, and the same checks apply to both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "Citation",
    "CourseRef",
    "DevelopmentPath",
    "GapWriting",
    "Mentor",
    "OpeningRef",
    "PathGap",
    "PathWriting",
    "PlanStep",
    "RoleRef",
    "StepWriting",
    "Strength",
]

GapBasis = Literal["critique", "thin", "none"]


class Citation(BaseModel):
    """One event a gap or strength rests on, as the reader may see it."""

    event_id: str
    date: date
    title: str
    role: Literal["support", "praise", "critique", "aspiration"]
    """What the event shows: work that meets the expectation, praise, critique, or the person's own wish."""
    text: str | None = None
    """For praise, critique and aspiration: the words said."""
    speaker: str | None = None
    source: str = ""


class RoleRef(BaseModel):
    role: str
    title: str
    """In the path's language."""
    level: str
    ladder: str


class CourseRef(BaseModel):
    id: str
    title: str
    kind: str
    provider: str = ""
    hours: float | None = None
    language: str = "en"
    taken: bool = False
    """The person's record already shows it (it is then not recommended again)."""


class OpeningRef(BaseModel):
    id: str
    title: str
    kind: Literal["stretch_project", "rotation"]
    team: str
    weeks: int | None = None
    open_until: date | None = None
    contact_name: str | None = None


class Mentor(BaseModel):
    """A colleague who opted in to mentor in this competency and has strong evidence in it. The mentee sees
    only this: who, and "strong in X" — never the mentor's events."""

    person_id: str
    name: str
    strong_in: str
    """The competency's label in the path's language."""


class PathGap(BaseModel):
    """One expectation of the target role the evidence does not show yet."""

    competency: str
    label: str
    expectation: str
    basis: GapBasis
    """``critique``: feedback names it; ``thin``: some evidence, below the role's bar; ``none``: nothing yet."""
    wanted: bool = False
    """The person said they want this (an aspiration on record)."""
    support: int = 0
    """How many events show the expectation (of ``needed``)."""
    needed: int = 1
    citations: list[Citation] = Field(default_factory=list)
    courses: list[CourseRef] = Field(default_factory=list)
    opening: OpeningRef | None = None
    mentor: Mentor | None = None
    action: str = ""
    """What to do in the 90 days, measurable (in the path's language)."""
    text: str = ""
    """The written gap: why it is a gap, citing the events."""

    @property
    def event_ids(self) -> list[str]:
        return [c.event_id for c in self.citations]


class Strength(BaseModel):
    """An expectation of the target role the evidence already shows."""

    competency: str
    label: str
    support: int
    needed: int = 1
    """The role's bar for this expectation."""
    citations: list[Citation] = Field(default_factory=list)
    improved: bool = False
    """Earlier feedback named it as a gap; later evidence shows it."""
    text: str = ""


class PlanStep(BaseModel):
    """One stretch of the 90 days, ending in a check-in."""

    day: Literal[30, 60, 90]
    checkin: date
    actions: list[str]
    checkin_questions: list[str]
    competencies: list[str] = Field(default_factory=list)
    text: str = ""


class GapWriting(BaseModel):
    """A writer's wording of one gap (what an LLM returns per gap)."""

    competency: str
    text: str
    event_ids: list[str] = Field(default_factory=list)


class StepWriting(BaseModel):
    day: int
    text: str


class PathWriting(BaseModel):
    """What a writer returns: a summary, one text per gap, one per plan step (the schema an LLM fills)."""

    summary: str
    gaps: list[GapWriting] = Field(default_factory=list)
    plan: list[StepWriting] = Field(default_factory=list)


class DevelopmentPath(BaseModel):
    """One person's development path towards a target role."""

    id: str | None = None
    created_at: datetime | None = None
    requester_id: str
    requester_name: str | None = None
    subject_id: str
    subject_name: str
    language: Literal["en", "zh"]
    window: str
    """The evidence window (the last twelve months)."""
    current_role: RoleRef | None = None
    target_role: RoleRef
    summary: str = ""
    strengths: list[Strength] = Field(default_factory=list)
    gaps: list[PathGap] = Field(default_factory=list)
    plan: list[PlanStep] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    engine: str = "offline"
    fallback_from: str | None = None
    template: dict[str, object] | None = None
    guardrails: dict[str, object] | None = None
    cited_event_ids: list[str] = Field(default_factory=list)
    text: str = ""
    """The whole path as a person reads it (the CLI and the chat print this)."""
