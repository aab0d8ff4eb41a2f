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
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.core.errors import BadInput
from evals.schema import (
    VAR_PATTERN,
    Assertion,
    Case,
    CaseDefaults,
    CaseFile,
    LoadedSuite,
    Suite,
    SwapAssert,
    missing_versions,
)
from evals.yaml_errors import by_line, line_map, location, one_branch, validation_errors

__all__ = ["Assertion", "Case", "LoadedSuite", "Suite", "SwapAssert", "load_suite", "parse_suite_text"]

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
    lines = line_map(node)
    try:
        suite = Suite.model_validate(data)
    except ValidationError as exc:
        raise BadInput("\n".join(validation_errors(exc, data, lines, where))) from exc
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
                problems.extend(validation_errors(exc, raw, lines, where, ("cases", index)))
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
            problems.extend(validation_errors(exc, merged, lines, where, ("cases", index), len(defaults.assert_), raw))
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
    elif cases or suite.generate is not None:
        tasks = {c.task for c in cases} | ({"feedback_draft"} if suite.generate is not None else set())
        try:
            missing = missing_versions(tasks, suite.versions or [], prompts_dir)
        except BadInput as exc:  # a template in prompts_dir with a bad header (or an unknown offline directive)
            problems.append(f"{where}:{lines.get(('prompts_dir',), 1)}: prompts_dir: {exc}")
            missing = []
        for version, task, known in missing:
            at = lines.get(("versions", suite.versions.index(version)), lines.get(("versions",), 1))
            problems.append(
                f"{where}:{at}: versions[{suite.versions.index(version)}]: no {task} template v{version} "
                f"(known: {', '.join(known) or 'none'}); add prompts/{task}/v{version}.<lang>.j2 or a prompts_dir"
            )
    if suite.generate is not None and not defaults.period:
        problems.append(
            f"{where}:{lines.get(('generate',), 1)}: generate: generated cases take their period from "
            "defaults.period; set it (e.g. defaults: {period: 2026H1})"
        )
    if not suite.cases and suite.generate is None:
        problems.append(f"{where}:1: cases: a suite needs cases (or a generate: block)")
    if problems:
        # A bad default is reported once, not per case; all problems in the order of the file.
        raise BadInput("\n".join(sorted(dict.fromkeys(problems), key=by_line)))
    if not cases and suite.generate is None:
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

            return VAR_PATTERN.sub(one, value)
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
            for err in one_branch(exc.errors(include_url=False), merged):
                _, name = location(merged, tuple(err["loc"]))
                name = "row" if name == "(top level)" else name
                bad.append((number, f"{path.name}:{number}: {name}: {err['msg']}"))
        except BadInput as exc:
            bad.append((number, f"{path.name}:{number}: {exc}"))
    return cases, [message for _, message in sorted(bad, key=lambda item: item[0])]
