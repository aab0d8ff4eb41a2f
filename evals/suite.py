"""The eval suite format: YAML validated with pydantic; every error names the file, line and field.

A suite names the prompt versions and providers to compare and the cases to run; each case names a
subject, a requester, a period, request options and assertions. Cases are written inline or loaded from
JSONL / CSV files next to the suite (bad rows are reported with ``file:line`` and skipped). See
``docs/evals.md`` for the reference.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.core.config import ModelPrice
from assistant.core.errors import BadInput
from assistant.core.periods import parse_period
from guardrails.models import Dimension, Verdict

__all__ = [
    "Assertion",
    "Case",
    "LoadedSuite",
    "Suite",
    "load_suite",
    "parse_suite_text",
]

Task = Literal["feedback_draft", "goal_proposals"]
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


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

    @model_validator(mode="after")
    def _some(self) -> MentionAssert:
        if self.text is None and self.regex is None:
            raise ValueError("give text and/or regex")
        for pattern in _as_list(self.regex):
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


class InjectionAssert(_Assert):
    """An event that tries to steer the model is added: the outcome must not change."""

    type: Literal["injection_resistance"]
    instruction: str | None = None
    """The steering text (default: a promotion / top-rating instruction in the case's language)."""
    markers: list[str] = Field(default_factory=list)
    """Words that show the model obeyed (default: those of the built-in instruction; required with ``instruction``)."""
    tolerance: int = Field(default=5, ge=0, le=100)

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


class RefusedAssert(_Assert):
    """The request must be refused (the requester may not see the subject)."""

    type: Literal["refused"]


Assertion = Annotated[
    ScoresAssert
    | VerdictAssert
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
    | CostAssert
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
    cases: list[dict[str, Any]] = Field(min_length=1)
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
    from prompts.renderer import list_templates

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


# -- line numbers --------------------------------------------------------------------------------------------


def _line_map(node: yaml.Node | None, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """``{path: 1-based line}`` for every mapping key and sequence item under ``node``."""
    lines: dict[tuple[Any, ...], int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            lines.update(_line_map(value, sub))
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_map(item, (*path, index)))
    return lines


def _location(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
    """The part of a pydantic ``loc`` that exists in ``data`` (union tags dropped), and its dotted form."""
    kept: list[Any] = []
    current = data
    for part in loc:
        part = _ALIASES.get(part, part) if isinstance(part, str) else part
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
            kept.append(part)
            current = current[part]  # type: ignore[index]
        elif isinstance(current, dict) and isinstance(part, str) and part not in _UNION_TAGS:
            kept.append(part)  # a missing field: keep its name for the message (union branch names are dropped)
            current = None
    return tuple(kept), _dotted(tuple(kept)) or "(top level)"


_ALIASES = {"assert_": "assert", "is_": "is"}
_SHAPE_TAGS = frozenset(
    {"str", "list[str]", "list[literal['pass','revise','block']]", "literal['pass','revise','block']"}
)
_UNION_TAGS = frozenset(
    {
        "scores",
        "verdict",
        "cites",
        "must_mention",
        "must_not_mention",
        "language",
        "no_protected_attributes",
        "grounded",
        "length",
        "counterfactual_swap",
        "injection_resistance",
        "llm_rubric",
        "latency",
        "tokens",
        "cost",
        "refused",
        "str",
        "list[str]",
        "list[literal['pass','revise','block']]",
        "literal['pass','revise','block']",
    }
)


def _errors(
    exc: ValidationError,
    data: Any,
    lines: dict[tuple[Any, ...], int],
    where: str,
    prefix: tuple[Any, ...] = (),
    inherited: int = 0,
    own: dict[str, Any] | None = None,
) -> list[str]:
    """One ``file:line: field: reason`` per error, by line.

    For a case, ``own`` is what the case itself says and ``inherited`` how many assertions came first from
    ``defaults``: an error in a value the case inherited points at the ``defaults`` block, once.
    """
    out: list[tuple[int, str]] = []
    for err in _one_branch(exc.errors(include_url=False), data):
        kept, dotted = _location(data, tuple(err["loc"]))
        base = prefix
        if own is not None and kept and _inherited_field(kept, own, data):
            base = ("defaults",)
        if inherited and len(kept) >= 2 and kept[0] == "assert" and isinstance(kept[1], int):
            if kept[1] < inherited:  # the error is in a default assertion: point at the defaults block
                base = ("defaults",)
            else:
                kept = ("assert", kept[1] - inherited, *kept[2:])
            dotted = _dotted(kept)
        full = (*base, *kept)
        line = next((lines[full[:n]] for n in range(len(full), -1, -1) if full[:n] in lines), None)
        prefix_text = _dotted(base)
        label = f"{prefix_text}{'.' if prefix_text and not dotted.startswith('[') else ''}{dotted}"
        if dotted == "(top level)" and prefix_text:
            label = prefix_text
        message = f"{where}:{line or 1}: {label}: {err['msg']}"
        if any(o.startswith(f"{where}:{line or 1}: {label}: ") for _, o in out):
            continue  # one message per field (a union reports each of its branches)
        out.append((line or 1, message))
    return [message for _, message in sorted(out, key=lambda item: item[0])]


def _inherited_field(kept: tuple[Any, ...], own: dict[str, Any], merged: dict[str, Any]) -> bool:
    """Whether the value at ``kept`` came from ``defaults``: the merged case has it, the case itself does not."""
    if kept[0] in ("task", "requester", "period"):
        return kept[0] in merged and kept[0] not in own
    if kept[0] == "request" and len(kept) >= 2:
        return kept[1] in (merged.get("request") or {}) and kept[1] not in (own.get("request") or {})
    return False


def _by_line(message: str) -> int:
    match = re.match(r"^[^\n]*?:(\d+):", message)
    return int(match.group(1)) if match else 0


def _one_branch(errors: list[Any], data: Any) -> list[Any]:
    """Of a ``str | list[str]`` style union's errors, keep the branch that matches the input's shape.

    ``is: [pass, maybe]`` fails both as a scalar and as a list; only the list branch's error (``is[1]``)
    says something useful, so the scalar branch's is dropped (and vice versa for a scalar input).
    """
    kept = []
    for err in errors:
        loc = tuple(err["loc"])
        tag_at = next((i for i, part in enumerate(loc) if part in _SHAPE_TAGS), None)
        if tag_at is not None:
            value: Any = data
            for part in loc[:tag_at]:
                in_dict = isinstance(value, dict) and part in value
                if in_dict or (isinstance(value, list) and isinstance(part, int) and part < len(value)):
                    value = value[part]
            is_list_branch = str(loc[tag_at]).startswith("list[")
            if is_list_branch != isinstance(value, list):
                continue
        kept.append(err)
    return kept or errors


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# -- loading -------------------------------------------------------------------------------------------------


def load_suite(path: Path | str) -> LoadedSuite:
    """Read and validate a suite file.

    Raises:
        BadInput: ``file:line: field: reason`` for every problem found.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read the suite: {exc}") from exc
    return parse_suite_text(text, path)


def parse_suite_text(text: str, path: Path) -> LoadedSuite:
    """Validate suite YAML ``text`` as if read from ``path`` (files it names are relative to ``path``)."""
    where = path.name
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise BadInput(f"{where}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict):
        raise BadInput(f"{where}:1: a suite is a mapping with name, cases, ... (see docs/evals.md)")
    lines = _line_map(node)
    try:
        suite = Suite.model_validate(data)
    except ValidationError as exc:
        raise BadInput("\n".join(_errors(exc, data, lines, where))) from exc
    problems: list[str] = []
    warnings: list[str] = []
    cases: list[Case] = []
    defaults = suite.defaults
    for index, raw in enumerate(suite.cases):
        if not isinstance(raw, dict):
            problems.append(f"{where}:{lines.get(('cases', index), 1)}: cases[{index}]: a case is a mapping")
            continue
        if "file" in raw:
            try:
                entry = CaseFile.model_validate(raw)
            except ValidationError as exc:
                problems.extend(_errors(exc, raw, lines, where, ("cases", index)))
                continue
            try:
                loaded, bad = _cases_from_file(path.parent / entry.file, defaults, entry.assert_)
            except BadInput as exc:
                problems.append(f"{where}:{lines.get(('cases', index, 'file'), 1)}: cases[{index}].file: {exc}")
                continue
            cases.extend(loaded)
            warnings.extend(bad)
            continue
        merged = _with_defaults(raw, defaults, [])
        try:
            cases.append(_substitute(Case.model_validate(merged)))
        except ValidationError as exc:
            problems.extend(_errors(exc, merged, lines, where, ("cases", index), len(defaults.assert_), raw))
        except BadInput as exc:
            problems.append(f"{where}:{lines.get(('cases', index), 1)}: cases[{index}]: {exc}")
    seen: dict[str, int] = {}
    for case in cases:
        seen[case.id] = seen.get(case.id, 0) + 1
    dupes = sorted(k for k, v in seen.items() if v > 1)
    if dupes:
        problems.append(f"{where}:{lines.get(('cases',), 1)}: cases: duplicate case ids {dupes}")
    prompts_dir = path.parent / suite.prompts_dir if suite.prompts_dir else None
    if prompts_dir is not None and not prompts_dir.is_dir():
        problems.append(
            f"{where}:{lines.get(('prompts_dir',), 1)}: prompts_dir: {suite.prompts_dir!r} is not a folder "
            f"next to the suite"
        )
    elif cases:
        try:
            missing = missing_versions({c.task for c in cases}, suite.versions or [], prompts_dir)
        except BadInput as exc:  # a template in prompts_dir with a bad header (or an unknown offline directive)
            problems.append(f"{where}:{lines.get(('prompts_dir',), 1)}: prompts_dir: {exc}")
            missing = []
        for version, task, known in missing:
            at = lines.get(("versions", suite.versions.index(version)), lines.get(("versions",), 1))
            problems.append(
                f"{where}:{at}: versions[{suite.versions.index(version)}]: no {task} template v{version} "
                f"(known: {', '.join(known) or 'none'}); add prompts/{task}/v{version}.<lang>.j2 or a prompts_dir"
            )
    if problems:
        # A bad default is reported once, not per case; all problems in the order of the file.
        raise BadInput("\n".join(sorted(dict.fromkeys(problems), key=_by_line)))
    if not cases:
        raise BadInput(f"{where}: no valid cases; every row of its cases files is bad:\n" + "\n".join(warnings))
    return LoadedSuite(
        suite=suite,
        path=path.resolve(),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        cases=cases,
        warnings=warnings,
    )


def _with_defaults(raw: dict[str, Any], defaults: CaseDefaults, extra_asserts: list[dict[str, Any]]) -> dict[str, Any]:
    merged = dict(raw)
    for key in ("task", "requester", "period"):
        value = getattr(defaults, key)
        if value is not None and key not in merged:
            merged[key] = value
    if defaults.request:
        merged["request"] = {**defaults.request, **(merged.get("request") or {})}
    asserts = [*defaults.assert_, *extra_asserts, *(merged.get("assert") or [])]
    if asserts or "assert" in merged:
        merged["assert"] = asserts
    return merged


def _substitute(case: Case) -> Case:
    """Replace ``${name}`` in the case's strings with its ``vars``; an unknown name is an error."""
    if not case.vars and "${" not in case.model_dump_json():
        return case

    def fill(value: Any) -> Any:
        if isinstance(value, str):

            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name not in case.vars:
                    raise BadInput(f"case {case.id!r}: ${{{name}}} is not in its vars {sorted(case.vars)}")
                return case.vars[name]

            return _VAR.sub(one, value)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    data = case.model_dump(by_alias=True, exclude_none=True)
    data = {k: (v if k == "vars" else fill(v)) for k, v in data.items()}
    return Case.model_validate(data)


_CSV_FIELDS = {"id", "description", "task", "requester", "subject", "period", "tags", "assert"}
_CSV_REQUEST = {"focus", "language", "tone", "length", "interests", "token_budget"}


def _cases_from_file(
    path: Path, defaults: CaseDefaults, extra_asserts: list[dict[str, Any]]
) -> tuple[list[Case], list[str]]:
    """Cases from a JSONL or CSV file; bad rows come back as ``file:line: field: reason`` and are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise BadInput(f"no cases file {str(path)!r}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the cases file {str(path)!r}: {exc}") from exc
    rows: list[tuple[int, Any]] = []
    bad: list[tuple[int, str]] = []
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                bad.append((number, f"{path.name}:{number}: not JSON: {exc.msg}"))
    else:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            number = reader.line_num
            record: dict[str, Any] = {}
            request: dict[str, Any] = {}
            extra: dict[str, str] = {}
            for key, value in row.items():
                if key is None or value is None or value == "":
                    continue
                key = key.strip()
                if key in _CSV_FIELDS:
                    record[key] = value
                elif key in _CSV_REQUEST:
                    request[key] = value
                else:
                    extra[key] = value
            if "tags" in record:
                record["tags"] = [t.strip() for t in record["tags"].split(";") if t.strip()]
            if "assert" in record:
                try:
                    record["assert"] = json.loads(record["assert"])
                except json.JSONDecodeError as exc:
                    bad.append((number, f"{path.name}:{number}: assert: not JSON: {exc.msg}"))
                    continue
            if request:
                record["request"] = request
            if extra:
                record["vars"] = extra
            rows.append((number, record))
    cases = []
    for number, record in rows:
        if not isinstance(record, dict):
            bad.append((number, f"{path.name}:{number}: a case is an object"))
            continue
        merged = _with_defaults(record, defaults, extra_asserts)
        try:
            cases.append(_substitute(Case.model_validate(merged)))
        except ValidationError as exc:
            for err in _one_branch(exc.errors(include_url=False), merged):
                _, dotted = _location(merged, tuple(err["loc"]))
                dotted = "row" if dotted == "(top level)" else dotted
                bad.append((number, f"{path.name}:{number}: {dotted}: {err['msg']}"))
        except BadInput as exc:
            bad.append((number, f"{path.name}:{number}: {exc}"))
    return cases, [message for _, message in sorted(bad, key=lambda item: item[0])]


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
