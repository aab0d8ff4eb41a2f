"""The evidence profile: one person's period as structure, the shape every draft is written from.

Four dimensions of an employee profile — outcomes (labelled metrics with direction, baseline, target and
result), collaboration (aggregated by activity), development (learning, stretch work, goals) and context
(freezes, re-prioritisation, covering for colleagues) — plus the themes of what people said (recurring
praise and critique), and what the record lacks. The offline composer realises it as prose; the LLM prompt
hands it to the model as data.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "ActivitySummary",
    "ContextNote",
    "EvidenceProfile",
    "MetricFact",
    "RemarkFact",
    "ThemeSummary",
]


class MetricFact(BaseModel):
    """One measured result, labelled and judged in the direction its metric calls for."""

    event_id: str
    date: date
    key: str
    label: str
    """In the profile's language; never the raw key."""
    unit: str
    higher_is_better: bool
    value: float
    baseline: float | None = None
    target: float | None = None
    met_target: bool | None = None
    improved: bool | None = None
    """Moved the right way from the baseline (``None`` without one)."""
    progress: float | None = None
    """Share of the planned baseline→target change achieved (1.0 = on target)."""
    material_miss: bool = False
    """A miss worth raising: well short of the planned change, and not made good later in the period."""
    title: str
    project: str | None = None
    event_language: str = "en"


class ActivitySummary(BaseModel):
    """All events of one activity in the period (code reviews, help, mentoring, talks, learning, ...)."""

    activity: str
    event_ids: list[str]
    months: list[str]
    """``YYYY-MM``, oldest first, each once."""
    quarters: list[str]
    totals: dict[str, float] = Field(default_factory=dict)
    """Per metric key: the sum over the activity's events (only keys that add up: counts, not rates)."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Per metric key in ``totals``: its label in the profile's language."""
    counts: dict[str, int] = Field(default_factory=dict)
    """Per metric key in ``totals``: how many events it was summed over."""
    units: dict[str, str] = Field(default_factory=dict)
    """Per metric key in ``totals``: its unit as written after a number (often empty)."""
    people: list[str] = Field(default_factory=list)
    """Colleagues the events name as helped, mentored or reviewed for."""


class RemarkFact(BaseModel):
    """One thing someone said, as the event records it."""

    event_id: str
    date: date
    text: str
    speaker: str | None = None
    label: str | None = None
    source: str
    tempered: bool = False
    """Praise that came with a "but" (weaker evidence of a strength)."""


class ThemeSummary(BaseModel):
    """Remarks that say the same thing: a recurring theme when two or more events carry it."""

    polarity: Literal["praise", "critique", "aspiration", "concern"]
    remarks: list[RemarkFact]
    event_ids: list[str]
    recurring: bool
    speakers: list[str] = Field(default_factory=list)
    topic: str | None = None
    """The kind of work product a critique is about (design_docs, proposals, estimates, ...)."""


class ContextNote(BaseModel):
    """Something that shaped the period rather than a result: a freeze, a re-scope, covering for someone."""

    event_id: str
    date: date
    category: Literal["freeze", "reprioritised", "rescoped", "covering", "workload", "new_scope", "team", "other"]
    title: str


class EvidenceProfile(BaseModel):
    """One person's evidence for one period, as structure."""

    subject_id: str
    subject_name: str
    language: Literal["en", "zh"]
    period: str
    quarters: dict[str, int]
    """Quarter label (``2026Q1``) -> visible events in it, for every quarter the period touches."""
    events_total: int
    event_ids: list[str] = Field(default_factory=list)
    """Every event the profile was built from (instruction-like events are not among them)."""
    by_kind: dict[str, int]
    outcomes: list[MetricFact] = Field(default_factory=list)
    outcome_events: list[str] = Field(default_factory=list)
    """Outcome events, strongest first (measured or not)."""
    collaboration: list[ActivitySummary] = Field(default_factory=list)
    development: list[ActivitySummary] = Field(default_factory=list)
    context: list[ContextNote] = Field(default_factory=list)
    praise: list[ThemeSummary] = Field(default_factory=list)
    critique: list[ThemeSummary] = Field(default_factory=list)
    aspirations: list[ThemeSummary] = Field(default_factory=list)
    concerns: list[ThemeSummary] = Field(default_factory=list)
    thin: bool = False
    """Below the not-enough-data threshold: no full review is written."""
    thin_reasons: list[str] = Field(default_factory=list)
    missing: list[Literal["outcomes", "feedback", "development", "recent", "early"]] = Field(default_factory=list)
    """What the record lacks (said to the manager as notes, never written as the person's weakness)."""
