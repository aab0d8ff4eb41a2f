"""Organisation data for growth: the role ladder (competency expectations per level), the learning catalog,
openings for stretch projects and rotations, and mentor opt-ins.

Each arrives in the ingest formats (JSONL/CSV, told from its content; see docs/ingestion.md) and is stored
as a body of JSON in one table (``growth_catalog``). Development paths are built from them: the ladder says
what the target role expects, the catalog, openings and mentors what can close a gap.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.core.competencies import COMPETENCIES

__all__ = [
    "GROWTH_KINDS",
    "GrowthKind",
    "LearningItem",
    "MentorOptIn",
    "Opening",
    "RoleExpectation",
]

GrowthKind = Literal["ladder", "learning", "openings", "mentors"]
GROWTH_KINDS: tuple[GrowthKind, ...] = ("ladder", "learning", "openings", "mentors")
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _split(value: object) -> object:
    if isinstance(value, str):
        return [s.strip() for s in re.split(r"[;,、，]", value) if s.strip()]
    return value


def _competencies(values: list[str]) -> list[str]:
    out = []
    for value in values:
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key not in COMPETENCIES:
            raise ValueError(f"unknown competency {value!r}; use one of: {', '.join(COMPETENCIES)}")
        out.append(key)
    if not out:
        raise ValueError("name at least one competency")
    return list(dict.fromkeys(out))


class RoleExpectation(_Strict):
    """What one role on a ladder expects in one competency (one row per role and competency)."""

    ladder: str = Field(min_length=1, max_length=60)
    """The ladder (career track) the role is on: ``engineering``, ``sales_cs``, ..."""
    role: str
    """The role's key, a lower-case slug: ``senior_engineer``, ``tech_lead``, ``cs_manager``."""
    level: str = Field(min_length=1, max_length=40)
    """The level code people at this role hold (``L6``, ``P7``, ``M1``)."""
    rank: int = Field(ge=0, le=100)
    """Seniority on the ladder: the next role up has the next higher rank."""
    title_en: str = Field(min_length=1, max_length=120)
    title_zh: str = Field(min_length=1, max_length=120)
    job_families: list[str] = Field(default_factory=list)
    """Job families whose people at ``level`` hold this role (how a person's current role is found)."""
    aliases: list[str] = Field(default_factory=list)
    """Other names people use for the role, in either language ("TL", "技术组长")."""
    competency: str
    """One of the competency tags of ``assistant.core.competencies`` (leadership, mentoring, ...)."""
    expectation_en: str = Field(min_length=1, max_length=600)
    expectation_zh: str = Field(min_length=1, max_length=600)
    min_evidence: int = Field(default=3, ge=1, le=50)
    """How many supporting events in a year show the expectation met (fewer is a gap to close)."""
    evidence_words: list[str] = Field(default_factory=list)
    """Words or phrases (en or zh, any case) whose presence in an event's title or description shows this
    expectation; with ``activities`` empty too, the competency's own tag is used."""
    activities: list[str] = Field(default_factory=list)
    """Activity families that show it: mentoring, code_review, help, talks, documentation, interviewing,
    joint_work, learning, stretch (see docs/ingestion.md)."""

    _split_lists = field_validator("job_families", "aliases", "evidence_words", "activities", mode="before")(_split)

    @field_validator("role", "ladder")
    @classmethod
    def _slug(cls, value: str) -> str:
        value = value.strip().lower()
        if not _SLUG.match(value):
            raise ValueError(f"{value!r} must be a lower-case key like tech_lead")
        return value

    @field_validator("competency")
    @classmethod
    def _known(cls, value: str) -> str:
        return _competencies([value])[0]

    @property
    def id(self) -> str:
        """``role:competency`` (ingest reports duplicates by it)."""
        return f"{self.role}:{self.competency}"

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def expectation(self, lang: str) -> str:
        return self.expectation_zh if lang == "zh" else self.expectation_en


class LearningItem(_Strict):
    """A course, internal training or external resource, and the competencies it builds."""

    id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$")
    title: str = Field(min_length=1, max_length=200)
    language: Literal["en", "zh"] = "en"
    kind: Literal["course", "internal_training", "external_resource", "book"] = "course"
    competencies: list[str]
    provider: str = Field(default="", max_length=120)
    hours: float | None = Field(default=None, gt=0, le=1000)
    url: str | None = Field(default=None, max_length=500)

    _split_lists = field_validator("competencies", mode="before")(_split)
    _known = field_validator("competencies")(_competencies)

    @field_validator("hours", "url", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if value == "" else value


class Opening(_Strict):
    """A stretch project or a rotation someone can join, and the competencies it exercises."""

    id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$")
    title: str = Field(min_length=1, max_length=200)
    language: Literal["en", "zh"] = "en"
    kind: Literal["stretch_project", "rotation"] = "stretch_project"
    team: str = Field(min_length=1, max_length=100)
    competencies: list[str]
    description: str = Field(default="", max_length=1000)
    weeks: int | None = Field(default=None, ge=1, le=104)
    open_until: date | None = None
    """The last day to join; ``None``: open until withdrawn."""
    contact_id: str | None = Field(default=None, max_length=128)
    """Who to talk to (a person id)."""

    _split_lists = field_validator("competencies", mode="before")(_split)
    _known = field_validator("competencies")(_competencies)

    @field_validator("weeks", "open_until", "contact_id", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if value == "" else value

    def open_on(self, day: date) -> bool:
        return self.open_until is None or self.open_until >= day


class MentorOptIn(_Strict):
    """Someone who agreed to mentor in some competencies. Only opted-in people are ever suggested."""

    person_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$")
    competencies: list[str]
    capacity: int = Field(default=1, ge=0, le=20)
    """How many mentees at a time; 0 pauses the opt-in."""
    languages: list[Literal["en", "zh"]] = Field(default_factory=lambda: ["en", "zh"])

    _split_lists = field_validator("competencies", "languages", mode="before")(_split)
    _known = field_validator("competencies")(_competencies)

    @property
    def id(self) -> str:
        return self.person_id
