"""Domain model: people, users, work events and team objectives (pydantic v2).

Deliberately absent: gender, age, family status, ethnicity, origin, school and health. The ingest layer
drops such columns before validation and says so; these models reject any field they do not declare.
See docs/data-model.md.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator

from assistant.core.errors import BadInput
from assistant.core.periods import parse_period

__all__ = [
    "EVENT_KINDS",
    "PROTECTED_FIELDS",
    "Complexity",
    "EventKind",
    "Language",
    "Metric",
    "MetricDefinition",
    "Person",
    "Role",
    "TeamObjective",
    "User",
    "Visibility",
    "WorkEvent",
]

Language = Literal["en", "zh"]
Role = Literal["employee", "manager", "hr"]
EventKind = Literal["outcome", "collaboration", "development", "context"]
Visibility = Literal["normal", "private", "excluded_from_ai"]
Complexity = Literal["low", "medium", "high"]
EVENT_KINDS: tuple[EventKind, ...] = ("outcome", "collaboration", "development", "context")

#: Column names that are never stored, whatever file they arrive in (lower-cased, ``-``/space -> ``_``).
PROTECTED_FIELDS = frozenset(
    {
        "gender",
        "sex",
        "age",
        "birthday",
        "birth_date",
        "date_of_birth",
        "dob",
        "marital_status",
        "family_status",
        "children",
        "pregnant",
        "pregnancy",
        "ethnicity",
        "race",
        "nationality",
        "origin",
        "hukou",
        "household_registration",
        "hometown",
        "religion",
        "school",
        "university",
        "education",
        "school_tier",
        "health",
        "disability",
        "medical",
        "性别",
        "年龄",
        "出生日期",
        "婚姻状况",
        "婚育",
        "民族",
        "籍贯",
        "户籍",
        "学校",
        "学历",
        "健康",
    }
)

Id = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$")]
_SOURCE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Person(_Strict):
    """Someone whose work is reviewed, who may also manage others or work in HR."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    language: Language
    """The language this person writes and reads feedback in."""
    job_family: str = Field(min_length=1, max_length=100)
    level: str = Field(min_length=1, max_length=40)
    manager_id: Id | None = None
    """Direct manager; ``None`` at the top of the organisation."""
    team: str = Field(min_length=1, max_length=100)
    skills: list[str] = Field(default_factory=list)
    role: Role = "employee"
    """Access role: ``manager`` and ``employee`` see their reporting line; ``hr`` sees anyone, audited."""

    @field_validator("manager_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value in ("", None) else value

    @field_validator("skills", mode="before")
    @classmethod
    def _split_skills(cls, value: object) -> object:
        if isinstance(value, str):
            return [s.strip() for s in re.split(r"[;,、，]", value) if s.strip()]
        return value

    @model_validator(mode="after")
    def _not_own_manager(self) -> Person:
        if self.manager_id == self.id:
            raise ValueError(f"person {self.id!r} cannot be their own manager")
        return self


class User(_Strict):
    """Someone who signs in. Every user is a person; identity decides what they may see."""

    id: Id
    person_id: Id
    role: Role


class Metric(_Strict):
    """A measured value, with the baseline and target it is judged against when known."""

    value: FiniteFloat
    unit: str | None = None
    baseline: FiniteFloat | None = None
    target: FiniteFloat | None = None
    higher_is_better: bool = True

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, value: object) -> object:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return {"value": value}
        return value

    @property
    def met_target(self) -> bool | None:
        """Whether the target was met; ``None`` without a target."""
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def _as_utc(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time(9, 0), tzinfo=UTC)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return datetime.combine(date.fromisoformat(value.strip()), time(9, 0), tzinfo=UTC)
    return value


class WorkEvent(_Strict):
    """One dated piece of evidence about a person's work."""

    id: Id
    person_id: Id
    occurred_at: datetime
    """When it happened; a bare date means 09:00 UTC that day; naive times are read as UTC."""
    source: str = "manual"
    """Where it came from: jira, github, crm, lms, one_on_one, peer_feedback, manual, ..."""
    kind: EventKind
    """The four data dimensions of an employee profile."""
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=8000)
    metrics: dict[str, Metric] = Field(default_factory=dict)
    project: str | None = Field(default=None, max_length=200)
    complexity: Complexity | None = None
    visibility: Visibility = "normal"
    """``private``: only the subject and their direct manager; ``excluded_from_ai``: never retrieved."""
    language: Language = "en"
    tags: list[str] = Field(default_factory=list)
    """Competency tags; computed from the text at ingest when not given."""

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _date_or_datetime(cls, value: object) -> object:
        return _as_utc(value)

    @field_validator("occurred_at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @field_validator("source")
    @classmethod
    def _source_slug(cls, value: str) -> str:
        value = value.strip().lower()
        if not _SOURCE.match(value):
            raise ValueError(f"source {value!r} must be a lower-case word like jira, github or one_on_one")
        return value

    @field_validator("project", "complexity", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: object) -> object:
        if isinstance(value, str):
            return [t.strip() for t in re.split(r"[;,]", value) if t.strip()]
        return value

    @property
    def ts(self) -> int:
        """``occurred_at`` as a UTC epoch second."""
        return int(self.occurred_at.timestamp())

    @property
    def month(self) -> str:
        """``YYYY-MM`` of ``occurred_at`` (UTC)."""
        return self.occurred_at.strftime("%Y-%m")

    def content_hash(self) -> str:
        """A stable hash of every field: re-ingesting an unchanged event is a no-op (the journal's ``digest``)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:32]

    def as_text(self) -> str:
        """The text that is embedded, counted in tokens and shown to a model as quoted data."""
        parts = [f"[{self.id}] {self.occurred_at:%Y-%m-%d} {self.source}/{self.kind}"]
        if self.project:
            parts.append(f"({self.project})")
        parts.append(f": {self.title}")
        if self.description:
            parts.append(f" — {self.description}")
        for name, metric in self.metrics.items():
            bits = [f"{name}={metric.value:g}{metric.unit or ''}"]
            if metric.baseline is not None:
                bits.append(f"baseline {metric.baseline:g}")
            if metric.target is not None:
                bits.append(f"target {metric.target:g}")
            parts.append(" [" + ", ".join(bits) + "]")
        return "".join(parts)


class TeamObjective(_Strict):
    """A team's objective for a period, with the measure and baseline that goals align to."""

    id: Id
    team: str = Field(min_length=1, max_length=100)
    period: str
    """A period label such as ``2026H2`` (see ``assistant.periods``)."""
    title: str = Field(min_length=1, max_length=300)
    description: str = ""
    metric: str | None = None
    unit: str | None = None
    baseline: FiniteFloat | None = None
    target: FiniteFloat | None = None
    higher_is_better: bool = True
    language: Language = "en"

    @field_validator("period")
    @classmethod
    def _valid_period(cls, value: str) -> str:
        try:
            return parse_period(value).label
        except BadInput as exc:
            raise ValueError(str(exc)) from None

    @field_validator("metric", "unit", "baseline", "target", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value


class MetricDefinition(_Strict):
    """What a metric key means, from the organisation's metric catalog: labels, unit and direction.

    Drafts never show a raw key such as ``trace_coverage_pct``: they write the label in the draft's
    language, and they describe a change with the direction words the metric calls for (a churn rate that
    falls is an improvement).
    """

    key: str = Field(min_length=1, max_length=120)
    """The key as it appears in events' ``metrics``."""
    label_en: str = Field(min_length=1, max_length=120)
    label_zh: str = Field(min_length=1, max_length=120)
    unit: str | None = Field(default=None, max_length=20)
    """Overrides the unit events give, when set."""
    direction: Literal["higher", "lower"] = "higher"
    """Whether a higher or a lower value is better; overrides the events' ``higher_is_better``."""
    description: str = Field(default="", max_length=500)

    @field_validator("key", "label_en", "label_zh")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("unit", mode="before")
    @classmethod
    def _blank_unit(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("direction", mode="before")
    @classmethod
    def _direction_words(cls, value: object) -> object:
        words = {"higher": "higher", "up": "higher", "lower": "lower", "down": "lower", "高": "higher", "低": "lower"}
        if isinstance(value, str):
            return words.get(value.strip().lower(), value)
        return value

    @property
    def id(self) -> str:
        """The key (ingest reports duplicates by ``id``)."""
        return self.key

    def label(self, lang: str) -> str:
        """The label in ``lang`` (en or zh)."""
        return self.label_zh if lang == "zh" else self.label_en
