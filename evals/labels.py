"""Human labels on eval results: an analyst agrees or disagrees with a result's verdict and marks each
guardrail finding right or wrong, or a span the guardrails missed, with comments.

Labels are stored with the run they were made on, one JSON object per line in
``<data_dir>/eval_runs/<run id>/labels.jsonl`` (appended, never rewritten), and in the ``eval_labels`` table
of the SQL store. A label names the draft it judged by the SHA-256 of the checked text, so a later run that
produced the same draft for the same case and column shows it (and counts a flipped verdict) too; a label
on a different draft is shown as history only. Several labels on one result merge in time order: a later
verdict, judgement of the same finding or comment replaces an earlier one; missed spans accumulate.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.errors import BadInput
from evals.compare import runs_dir
from evals.summary import pass_rate

__all__ = [
    "LABEL_SCHEMA",
    "FindingRef",
    "Label",
    "MissedSpan",
    "draft_sha256",
    "effective_labels",
    "labels_for_run",
    "labels_summary",
    "parse_labels",
    "read_labels",
    "result_key",
    "save_labels",
]

LABEL_SCHEMA = "coach-eval-label/1"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FindingRef(_M):
    """Which finding a judgement is about: its kind and span in the checked text."""

    dimension: str
    kind: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = ""


class FindingJudgement(_M):
    """A finding the guardrails made, judged right (a real problem) or wrong (a false alarm)."""

    finding: FindingRef
    judgement: Literal["right", "wrong"]
    comment: str = Field(default="", max_length=2000)


class MissedSpan(_M):
    """A problem the guardrails did not flag: its kind (``vague``, ``personality``, ``protected_attribute``,
    ``unsupported``, ...) and its text, with offsets in the checked text when the page knows them."""

    kind: str = Field(min_length=1, max_length=60, pattern=r"^[a-z_]+$")
    text: str = Field(min_length=1, max_length=2000)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    comment: str = Field(default="", max_length=2000)


class Label(_M):
    """One analyst's review of one result (case x column x repeat) of one run."""

    schema_: Literal["coach-eval-label/1"] = Field(default=LABEL_SCHEMA, alias="schema")
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12], pattern=r"^[A-Za-z0-9_-]{6,40}$")
    run_id: str
    suite: str
    case_id: str
    column: str
    repeat: int = Field(default=0, ge=0)
    draft_sha256: str | None = None
    """SHA-256 of the checked text the reviewer read (None for a result without a draft)."""
    status: str | None = None
    """The result's status when it was labelled (pass / fail / error / skipped)."""
    guardrail_verdict: str | None = None
    verdict: Literal["agree", "disagree"] | None = None
    """Agree or disagree with the result's verdict (its pass / fail)."""
    findings: list[FindingJudgement] = Field(default_factory=list)
    missed: list[MissedSpan] = Field(default_factory=list)
    comment: str = Field(default="", max_length=4000)
    reviewer: str = Field(default="", max_length=120)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def draft_sha256(record: dict[str, Any]) -> str | None:
    """The digest a label uses to recognise a result's draft."""
    draft = record.get("draft")
    if not draft:
        return None
    return hashlib.sha256((draft.get("checked_text") or draft.get("text") or "").encode()).hexdigest()


def result_key(case_id: str, column: str, repeat: int) -> str:
    """``case|column|repeat``: how labels and results find each other."""
    return f"{case_id}|{column}|{repeat}"


def _labels_file(data_dir: Path, run_id: str) -> Path:
    return runs_dir(data_dir) / run_id / "labels.jsonl"


def parse_labels(items: Iterable[Any], where: str) -> list[Label]:
    """Validate label objects; every bad one is reported as ``where[index].field: reason``, all at once."""
    out, problems = [], []
    for index, item in enumerate(items):
        try:
            out.append(Label.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                field = ".".join(str(p) for p in err["loc"]) or "(label)"
                problems.append(f"{where}[{index}].{field}: {err['msg']}")
    if problems:
        raise BadInput("\n".join(problems))
    return out


def check_against_run(labels: list[Label], doc: dict[str, Any]) -> None:
    """Every label names a result of ``doc`` and, when it has a draft digest, that draft.

    Raises:
        BadInput: naming the label and what does not match.
    """
    records = {result_key(r["case_id"], r["column"], r["repeat"]): r for r in doc["results"]}
    problems = []
    for n, label in enumerate(labels):
        where = f"label {n} ({label.case_id} [{label.column}] repeat {label.repeat + 1})"
        if label.run_id != doc["run_id"]:
            problems.append(f"{where}: made on run {label.run_id!r}, not {doc['run_id']!r}")
            continue
        record = records.get(result_key(label.case_id, label.column, label.repeat))
        if record is None:
            problems.append(f"{where}: run {doc['run_id']} has no such result")
        elif label.draft_sha256 and label.draft_sha256 != draft_sha256(record):
            problems.append(f"{where}: the draft it judged is not the draft of this result")
    if problems:
        raise BadInput("\n".join(problems))


def save_labels(labels: list[Label], data_dir: Path, sql: Any | None = None) -> Path:
    """Append ``labels`` to their run's ``labels.jsonl`` (one write, flushed to disk) and, given the SQL store,
    to its ``eval_labels`` table. Returns the file."""
    if not labels:
        raise BadInput("no labels to save")
    run_ids = {label.run_id for label in labels}
    if len(run_ids) != 1:
        raise BadInput(f"labels of several runs in one save: {sorted(run_ids)}; save each run's labels apart")
    path = _labels_file(data_dir, labels[0].run_id)
    if not path.parent.is_dir():
        raise BadInput(f"run {labels[0].run_id!r}: no run folder {path.parent} (see `coach eval list`)")
    lines = "".join(label.model_dump_json(by_alias=True) + "\n" for label in labels)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(lines)
        fh.flush()
        os.fsync(fh.fileno())
    if sql is not None:
        sql.save_eval_labels([_row(label) for label in labels])
    return path


def _row(label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "run_id": label.run_id,
        "suite": label.suite,
        "case_id": label.case_id,
        "column_key": label.column,
        "repeat": label.repeat,
        "draft_sha256": label.draft_sha256,
        "reviewer": label.reviewer,
        "verdict": label.verdict,
        "at": label.at,
        "body": label.model_dump(mode="json", by_alias=True),
    }


def read_labels(data_dir: Path, *, run_id: str | None = None, suite: str | None = None, sql: Any = None) -> list[Label]:
    """Labels from the run folders (one run, or every run of ``suite``, or all), plus the SQL store's when
    given (labels made on another machine against a shared database); each label once, oldest first."""
    root = runs_dir(data_dir)
    files = [_labels_file(data_dir, run_id)] if run_id else sorted(root.glob("*/labels.jsonl"))
    seen: dict[str, Label] = {}
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            if not line.strip():
                continue
            try:
                label = Label.model_validate_json(line)
            except ValidationError:
                continue  # a line cut off by a crash; the others stand
            seen.setdefault(label.id, label)
    if sql is not None:
        for body in sql.eval_labels(run_id=run_id, suite=suite):
            try:
                label = Label.model_validate(body)
            except ValidationError:
                continue
            seen.setdefault(label.id, label)
    labels = [lb for lb in seen.values() if suite is None or lb.suite == suite]
    return sorted(labels, key=lambda lb: (lb.at, lb.id))


def _finding_key(ref: FindingRef) -> tuple[str, str, int, int]:
    return (ref.dimension, ref.kind, ref.start, ref.end)


def effective_labels(labels: Iterable[Label]) -> dict[tuple[str, str, str, int], Label]:
    """One merged label per (run, case, column, repeat): later verdicts, finding judgements and comments win,
    missed spans accumulate, reviewers are listed."""
    merged: dict[tuple[str, str, str, int], Label] = {}
    for label in sorted(labels, key=lambda lb: (lb.at, lb.id)):
        key = (label.run_id, label.case_id, label.column, label.repeat)
        old = merged.get(key)
        if old is None:
            merged[key] = label.model_copy(deep=True)
            continue
        findings = {_finding_key(j.finding): j for j in old.findings}
        findings.update({_finding_key(j.finding): j for j in label.findings})
        missed = {(m.kind, m.text): m for m in old.missed}
        missed.update({(m.kind, m.text): m for m in label.missed})
        reviewers = [r for r in dict.fromkeys([*old.reviewer.split(", "), label.reviewer]) if r]
        merged[key] = old.model_copy(
            update={
                "verdict": label.verdict or old.verdict,
                "findings": list(findings.values()),
                "missed": list(missed.values()),
                "comment": label.comment or old.comment,
                "reviewer": ", ".join(reviewers),
                "at": label.at,
                "draft_sha256": label.draft_sha256 or old.draft_sha256,
            }
        )
    return merged


def labels_for_run(doc: dict[str, Any], labels: list[Label]) -> dict[str, dict[str, Any]]:
    """For each result of ``doc`` (by :func:`result_key`): the label that applies to its draft (made on this run,
    or on an earlier run that produced the same draft) and the history of labels on other drafts."""
    merged = effective_labels(labels)
    out: dict[str, dict[str, Any]] = {}
    for r in doc["results"]:
        digest = draft_sha256(r)
        mine = [
            lb
            for (run, case, column, repeat), lb in merged.items()
            if case == r["case_id"] and column == r["column"] and (run != doc["run_id"] or repeat == r["repeat"])
        ]
        same = [lb for lb in mine if lb.run_id == doc["run_id"] or (digest and lb.draft_sha256 == digest)]
        current = max(same, key=lambda lb: (lb.run_id == doc["run_id"], lb.at), default=None)
        history = [lb for lb in mine if lb is not current]
        if current is None and not history:
            continue
        out[result_key(r["case_id"], r["column"], r["repeat"])] = {
            "label": current.model_dump(mode="json", by_alias=True) if current else None,
            "inherited": bool(current and current.run_id != doc["run_id"]),
            "history": [lb.model_dump(mode="json", by_alias=True) for lb in history],
        }
    return out


_FLIP = {"pass": "fail", "fail": "pass"}


def labels_summary(doc: dict[str, Any], applied: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Reviewed results, agreements, flipped verdicts, finding judgements, and the pass rate after review
    (a disagreed pass counts as a failure, a disagreed failure as a pass)."""
    counts = {"pass": 0, "fail": 0, "error": 0}
    reviewed = agree = disagree = right = wrong = missed = 0
    flipped = []
    for r in doc["results"]:
        status = r["status"]
        entry = applied.get(result_key(r["case_id"], r["column"], r["repeat"]))
        label = (entry or {}).get("label")
        if label:
            reviewed += 1
            right += sum(j["judgement"] == "right" for j in label["findings"])
            wrong += sum(j["judgement"] == "wrong" for j in label["findings"])
            missed += len(label["missed"])
            if label["verdict"] == "agree":
                agree += 1
            elif label["verdict"] == "disagree":
                disagree += 1
                if status in _FLIP:
                    flipped.append(
                        {
                            "case_id": r["case_id"],
                            "column": r["column"],
                            "repeat": r["repeat"],
                            "status": status,
                            "human_status": _FLIP[status],
                            "reviewer": label["reviewer"],
                            "comment": label["comment"],
                            "label_run_id": label["run_id"],
                        }
                    )
                    status = _FLIP[status]
        if status in counts:
            counts[status] += 1
    return {
        "reviewed": reviewed,
        "agree": agree,
        "disagree": disagree,
        "findings_right": right,
        "findings_wrong": wrong,
        "missed": missed,
        "flipped": flipped,
        "pass_rate_after_review": pass_rate(counts["pass"], counts["fail"], counts["error"]),
    }


def load_label_file(path: Path) -> list[Label]:
    """Labels from a file the report's page downloaded (a JSON list, or one object per line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read labels: {exc}") from exc
    try:
        data = json.loads(text)
        items = data if isinstance(data, list) else data.get("labels") if isinstance(data, dict) else None
    except json.JSONDecodeError:
        items = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise BadInput(f"{path}:{number}: not JSON: {exc.msg}") from exc
    if not isinstance(items, list):
        raise BadInput(f"{path}: expected a JSON list of labels (as the report's Download button writes)")
    return parse_labels(items, path.name)
