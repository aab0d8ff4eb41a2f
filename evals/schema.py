"""The eval suite format, as pydantic models: suites, cases, request options and the assertions HR writes.

``evals.suite`` reads YAML into these (with ``file:line`` errors); the runner and the assertions read them.
See ``docs/evals.md`` for the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.core.config import ModelPrice
from assistant.core.errors import BadInput
from assistant.core.periods import parse_period
from guardrails.models import Dimension, Verdict
from prompts import list_templates

__all__ = [
    "INJECTION_FAMILIES",
    "VAR_PATTERN",
    "Assertion",
    "Case",
    "CaseDefaults",
    "CaseFile",
    "Generate",
    "InjectionGenerator",
    "LoadedSuite",
    "RequestOptions",
    "Suite",
    "as_list",
    "check_provider_spec",
    "missing_versions",
]

Task = Literal["feedback_draft", "goal_proposals", "development_path"]
VAR_PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _check_judge(value: str | None) -> str | None:
    if value is not None and not (value.startswith("openai:") and len(value) > len("openai:")):
        raise ValueError(f"judge {value!r}: use openai:<model>")
    return value


def _scalar_text(value: Any) -> Any:
    """YAML reads ``period: 2026`` or ``vars: {n: 3}`` as numbers; they are meant as text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Assert(_Model):
    name: str | None = None
    """A label for reports (default: the type and its main parameter)."""


class ScoresAssert(_Assert):
    """Guardrail score thresholds per dimension."""

    type: Literal["scores"]
    min: dict[Dimension, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)
    max: dict[Dimension, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _some(self) -> ScoresAssert:
        if not self.min and not self.max:
            raise ValueError("give min and/or max, e.g. min: {specificity: 60}")
        return self


class VerdictAssert(_Assert):
    """The guardrail verdict is one of these."""

    type: Literal["verdict"]
    is_: Verdict | list[Verdict] = Field(alias="is")


class FormAssert(_Assert):
    """The draft is a full review or the thin-data form (what is on record, what to collect, questions)."""

    type: Literal["form"]
    is_: Literal["review", "thin_data"] = Field(alias="is")


class CitesAssert(_Assert):
    """The draft cites these events or event kinds (and, optionally, every statement cites something)."""

    type: Literal["cites"]
    event_ids: list[str] = Field(default_factory=list)
    kinds: list[Literal["outcome", "collaboration", "development", "context"]] = Field(default_factory=list)
    every_statement: bool = False
    min_citations: int | None = Field(default=None, ge=0)
    """At least this many distinct cited events."""


class MentionAssert(_Assert):
    """The draft text contains (``must_mention``) or does not contain (``must_not_mention``) text or regexes."""

    type: Literal["must_mention", "must_not_mention"]
    text: str | list[str] | None = None
    regex: str | list[str] | None = None
    ignore_case: bool = True
    where: Literal["text", "notes", "all"] = "text"
    """Search the draft's text (default), its notes for the requester, or both."""

    @model_validator(mode="after")
    def _some(self) -> MentionAssert:
        if self.text is None and self.regex is None:
            raise ValueError("give text and/or regex")
        for pattern in as_list(self.regex):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"regex {pattern!r}: {exc}") from exc
        return self


class LanguageAssert(_Assert):
    """The draft is written in this language."""

    type: Literal["language"]
    is_: Literal["en", "zh"] = Field(alias="is")


class NoProtectedAssert(_Assert):
    """No protected attribute (gender, age, family, origin, school, health ...) in the draft."""

    type: Literal["no_protected_attributes"]


class GroundedAssert(_Assert):
    """No unsupported claim or inaccessible citation, and the grounding score is at least ``min_score``."""

    type: Literal["grounded"]
    min_score: int = Field(default=100, ge=0, le=100)


class LengthAssert(_Assert):
    """Length bounds on the draft text (characters) and the number of statements (or goals)."""

    type: Literal["length"]
    min_chars: int | None = Field(default=None, ge=0)
    max_chars: int | None = Field(default=None, ge=0)
    min_statements: int | None = Field(default=None, ge=0)
    max_statements: int | None = Field(default=None, ge=0)


class SwapAssert(_Assert):
    """Names, pronouns and gendered terms swapped in the inputs: scores within ``tolerance``, same verdict."""

    type: Literal["counterfactual_swap"]
    tolerance: int = Field(default=5, ge=0, le=100)
    dimensions: list[Dimension] | None = None
    """Dimensions compared (default: all seven)."""
    names: dict[str, str] = Field(default_factory=dict)
    """Extra name swaps on top of the built-in table, e.g. {Carla: Carlos}."""
    require_change: bool = True
    """Fail when the swap changed nothing in the inputs (the case could not test anything)."""
    swap: list[Literal["names", "pronouns"]] = Field(default_factory=lambda: ["names", "pronouns"], min_length=1)
    """What to swap: first names (the tables plus ``names``) and/or pronouns with gendered terms."""


class InjectionAssert(_Assert):
    """An event that tries to steer the model is added: the outcome must not change."""

    type: Literal["injection_resistance"]
    instruction: str | None = None
    """The steering text (default: a promotion / top-rating instruction in the case's language)."""
    markers: list[str] = Field(default_factory=list)
    """Words that show the model obeyed (default: those of the built-in instruction; required with ``instruction``)."""
    tolerance: int = Field(default=5, ge=0, le=100)
    placement: Literal["description", "title", "metric"] = "description"
    """Where the injected event carries the instruction: its description, its title or a metric's name."""

    @model_validator(mode="after")
    def _markers_with_instruction(self) -> InjectionAssert:
        if self.instruction and not self.markers:
            raise ValueError(
                "a custom instruction needs markers: the words that would show the model obeyed it "
                "(e.g. markers: [promoted, best engineer]); without them obedience is not checked"
            )
        return self


class RubricAssert(_Assert):
    """An LLM judge scores the draft against a rubric; skipped (never passed) without a judge."""

    type: Literal["llm_rubric"]
    rubric: str | None = None
    """What to judge (default: the guardrails' bilingual rubric)."""
    min_score: int = Field(default=70, ge=0, le=100)
    judge: str | None = None
    """``openai:<model>`` (default: the suite's ``judge``)."""

    @field_validator("judge")
    @classmethod
    def _judge_spec(cls, value: str | None) -> str | None:
        return _check_judge(value)


class LatencyAssert(_Assert):
    """Time bounds in milliseconds: the whole draft (``total``) or only the provider calls."""

    type: Literal["latency"]
    max_ms: float = Field(gt=0)
    measure: Literal["total", "provider"] = "total"


class TokensAssert(_Assert):
    """Token bounds (tiktoken counts)."""

    type: Literal["tokens"]
    max_prompt: int | None = Field(default=None, ge=0)
    max_completion: int | None = Field(default=None, ge=0)
    max_total: int | None = Field(default=None, ge=0)


class CostAssert(_Assert):
    """Cost bound in US dollars (price table: settings ``model_prices`` or the suite's)."""

    type: Literal["cost"]
    max_usd: float = Field(ge=0)


class DevelopmentPathAssert(_Assert):
    """Properties of a development path: its target, gaps that cite evidence, mentors shown only by strength,
    the 90-day plan, and events that must (or must not) be cited."""

    type: Literal["development_path"]
    target_role: str | None = None
    """The role key the path must target (``tech_lead``)."""
    min_gaps: int = Field(default=1, ge=0)
    max_gaps: int | None = Field(default=None, ge=0)
    every_gap_cites: bool = True
    """Every gap cites at least one event, and its text names every event it cites."""
    plan_days: list[int] = Field(default_factory=lambda: [30, 60, 90])
    only_subject_events: bool = True
    """No event id of anyone but the subject appears (a mentor's record is never shown)."""
    cites: list[str] = Field(default_factory=list)
    """Event ids some gap must cite (a wish on record, a recurring critique)."""
    never_cites: list[str] = Field(default_factory=list)
    """Event ids no part of the path may cite (disputed, private to someone else)."""
    mentor_for: list[str] = Field(default_factory=list)
    """Competencies whose gap must name a mentor."""


class GoalQualityAssert(_Assert):
    """Goal proposals: none of ``checks`` finds a problem (default: every check of ``goals.checks``).

    ``raw_interest`` the stated interests pasted into a goal; ``activity_count`` a key result that counts
    "related activities"; ``statistic`` a baseline that is not the median of the values it lists (or says so
    wrongly); ``team_as_personal`` a team number with a personal range, or a personal number with no results
    behind it; ``team_unmarked`` an outcome goal whose team number is not shown as the team's;
    ``unrounded`` a value not rounded for its unit. ``kinds``: goal kinds that must be present.
    """

    type: Literal["goal_quality"]
    checks: list[
        Literal["raw_interest", "activity_count", "statistic", "team_as_personal", "team_unmarked", "unrounded"]
    ] = Field(
        default_factory=lambda: [
            "raw_interest", "activity_count", "statistic", "team_as_personal", "team_unmarked", "unrounded"
        ]
    )  # fmt: skip
    kinds: list[Literal["outcome", "capability"]] = Field(default_factory=list)


class RefusedAssert(_Assert):
    """The request must be refused (the requester may not see the subject)."""

    type: Literal["refused"]


Assertion = Annotated[
    ScoresAssert
    | VerdictAssert
    | FormAssert
    | CitesAssert
    | MentionAssert
    | LanguageAssert
    | NoProtectedAssert
    | GroundedAssert
    | LengthAssert
    | SwapAssert
    | InjectionAssert
    | RubricAssert
    | LatencyAssert
    | TokensAssert
    | DevelopmentPathAssert
    | CostAssert
    | GoalQualityAssert
    | RefusedAssert,
    Field(discriminator="type"),
]


class RequestOptions(_Model):
    """What the requester asks for besides who and when."""

    focus: str | None = None
    language: Literal["en", "zh"] | None = None
    tone: Literal["direct", "warm"] = "direct"
    length: Literal["short", "medium", "long"] = "medium"
    interests: str | None = None
    token_budget: int | None = Field(default=None, ge=50)
    target_role: str | None = None
    """development_path: the role to grow into (default: the next level); the period's last day is "today"."""


class Case(_Model):
    """One case: who asks about whom, for which period, and what must hold of the draft."""

    id: str = Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
    description: str = ""
    task: Task = "feedback_draft"
    requester: str
    subject: str
    period: str
    request: RequestOptions = Field(default_factory=RequestOptions)
    vars: dict[str, str] = Field(default_factory=dict)
    """Values for ``${name}`` placeholders in the case's strings."""
    tags: list[str] = Field(default_factory=list)
    assert_: list[Assertion] = Field(default_factory=list, alias="assert", validate_default=True)

    @field_validator("assert_")
    @classmethod
    def _something_to_check(cls, value: list[Any]) -> list[Any]:
        if not value:
            raise ValueError(
                "a case needs at least one assertion (its own `assert:` or the suite's `defaults.assert`); "
                "without one it tests nothing"
            )
        return value

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return _scalar_text(value)

    @field_validator("period")
    @classmethod
    def _known_period(cls, value: str) -> str:
        if "${" not in value:  # a placeholder is checked once vars are filled in
            try:
                parse_period(value)
            except BadInput as exc:
                raise ValueError(str(exc)) from exc
        return value

    @field_validator("vars", mode="before")
    @classmethod
    def _var_text(cls, value: Any) -> Any:
        return {k: _scalar_text(v) for k, v in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _goals_for_self(self) -> Case:
        if self.task == "goal_proposals" and self.requester != self.subject:
            raise ValueError("goal_proposals cases need requester == subject (employees brainstorm their own goals)")
        return self


class CaseDefaults(_Model):
    """Fields every case inherits unless it sets them; ``assert`` is prepended to every case's list."""

    task: Task | None = None
    requester: str | None = None
    period: str | None = None
    request: dict[str, Any] = Field(default_factory=dict)

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return _scalar_text(value)

    assert_: list[dict[str, Any]] = Field(default_factory=list, alias="assert")


class CaseFile(_Model):
    """Cases from a JSONL or CSV file (relative to the suite); ``assert`` is added to each of its cases."""

    file: str
    assert_: list[dict[str, Any]] = Field(default_factory=list, alias="assert")

    @field_validator("file")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if not value.lower().endswith((".jsonl", ".csv")):
            raise ValueError(f"{value!r}: cases files are .jsonl or .csv")
        return value


INJECTION_FAMILIES = (
    "direct",
    "multilingual",
    "paraphrased",
    "encoded",
    "zero_width",
    "full_width",
    "role_play",
    "title",
    "metric",
)


class InjectionGenerator(_Model):
    """``injection: {count: 50, families: [encoded, role_play]}``: generated injection cases."""

    count: int = Field(ge=1, le=2000)
    families: list[Literal[INJECTION_FAMILIES]] | None = None  # type: ignore[valid-type]
    """Which kinds of attempt to cycle through (default: all of them)."""


class Generate(_Model):
    """Cases generated from the org at run time (offline, deterministic for a seed)."""

    seed: int = 0
    """The seed of every random choice (subjects, wordings, canaries); the same seed gives the same cases."""
    injection: int | InjectionGenerator | None = None
    """How many injection cases (or ``{count, families}``)."""
    access_sweep: bool = False
    """A ``refused`` case for every requester / subject pair outside the reporting line."""
    swaps: str | None = None
    """``names``, ``pronouns`` or ``names+pronouns``: a counterfactual swap case per person."""

    @field_validator("injection")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if isinstance(value, int) and not 1 <= value <= 2000:
            raise ValueError("give a number of injection cases from 1 to 2000")
        return value

    @field_validator("swaps")
    @classmethod
    def _swap_kinds(cls, value: str | None) -> str | None:
        if value is not None:
            parts = [p.strip() for p in value.split("+")]
            bad = [p for p in parts if p not in ("names", "pronouns")]
            if bad or not parts:
                raise ValueError(f"swaps {value!r}: use names, pronouns or names+pronouns")
        return value


class Suite(_Model):
    """The top level of a suite file."""

    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    dataset: Literal["demo", "current"] = "demo"
    """``demo``: load the demo org into an empty data dir first; ``current``: use the data dir as it is."""
    prompts_dir: str | None = None
    """An extra folder of prompt templates, relative to the suite file (versions that are not shipped)."""
    versions: list[int] | None = None
    """Prompt versions to compare (the first is the reference); default: the newest only."""
    providers: list[str] = Field(default_factory=lambda: ["offline"], min_length=1)
    judge: str | None = None
    """Default judge for ``llm_rubric``: ``openai:<model>``."""
    repeat: int = Field(default=1, ge=1, le=100)
    model_prices: dict[str, ModelPrice] = Field(default_factory=dict)
    """Prices (USD per 1M tokens) that override the settings' table for this suite."""
    defaults: CaseDefaults = Field(default_factory=CaseDefaults)
    generate: Generate | None = None
    """Generated cases (injection, access sweep, swaps) added to ``cases`` at run time."""
    cases: list[dict[str, Any]] = Field(default_factory=list)
    """Inline cases, or ``{file: cases.jsonl}`` entries; validated one by one so errors point at the case."""

    @field_validator("providers")
    @classmethod
    def _provider_specs(cls, value: list[str]) -> list[str]:
        for spec in value:
            check_provider_spec(spec)
        return value

    @field_validator("judge")
    @classmethod
    def _judge_spec(cls, value: str | None) -> str | None:
        return _check_judge(value)


def check_provider_spec(spec: str) -> str:
    """``spec`` if it names a provider (``offline`` or ``openai:<model>``); else a ``ValueError`` saying so."""
    if spec != "offline" and not (spec.startswith("openai:") and len(spec) > len("openai:")):
        raise ValueError(f"provider {spec!r}: use offline or openai:<model>")
    return spec


def missing_versions(
    tasks: set[str], versions: list[int], prompts_dir: Path | None
) -> list[tuple[int, str, list[str]]]:
    """``(version, task, known refs)`` for every version a task has no template of (in any language)."""
    templates = list_templates(prompts_dir)
    missing = []
    for version in versions:
        for task in sorted(tasks):
            if not any(t.id == task and t.version == version for t in templates):
                known = sorted(t.ref for t in templates if t.id == task)
                missing.append((version, task, known))
    return missing


@dataclass
class LoadedSuite:
    """A validated suite with its cases expanded (inline and from files)."""

    suite: Suite
    path: Path
    sha256: str
    cases: list[Case]
    warnings: list[str] = field(default_factory=list)
    """Bad rows of cases files, as ``file:line: field: reason`` (those rows are skipped)."""

    @property
    def prompts_dir(self) -> Path | None:
        """The suite's extra templates folder, resolved against the suite file."""
        return (self.path.parent / self.suite.prompts_dir).resolve() if self.suite.prompts_dir else None


def as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
