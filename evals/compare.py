"""What changed: between prompt versions inside a run, and between two runs (``--baseline``, ``eval compare``).

A regression is a case that passed on the reference and fails now: inside a run the reference is the first
column (the first version on the first provider); against a baseline run it is the same case and column
in that run. Against a baseline, a mean score that drops by more than ``max_score_drop`` points on any
dimension is a regression too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.core.errors import BadInput
from guardrails import DIMENSIONS

__all__ = ["compare_runs", "list_runs", "load_run", "resolve_run", "version_changes", "version_regressions"]

_GOOD = {"pass", "skipped"}


def _deltas(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {d: round(b[d] - a[d], 1) for d in DIMENSIONS if d in a and d in b and round(b[d] - a[d], 1) != 0}


def version_changes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Per case and non-reference column: status, verdict and mean-score changes against the first column."""
    columns = [c["key"] for c in doc.get("columns", [])]
    if len(columns) < 2:
        return []
    ref = columns[0]
    out = []
    for case_id, cells in doc.get("cells", {}).items():
        base = cells.get(ref)
        if base is None:
            continue
        for column in columns[1:]:
            cell = cells.get(column)
            if cell is None:
                continue
            deltas = _deltas(base["scores"], cell["scores"])
            if base["status"] != cell["status"] or base["verdicts"] != cell["verdicts"] or deltas:
                out.append(
                    {
                        "case_id": case_id,
                        "from": ref,
                        "to": column,
                        "status": [base["status"], cell["status"]],
                        "verdicts": [base["verdicts"], cell["verdicts"]],
                        "score_deltas": deltas,
                        "regressed": base["status"] in _GOOD and cell["status"] not in _GOOD,
                    }
                )
    return out


def version_regressions(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Cases that pass on the reference column and fail on another column of the same run."""
    return [
        {
            "kind": "version",
            "case_id": c["case_id"],
            "column": c["to"],
            "against": c["from"],
            "message": f"{c['case_id']}: passes on {c['from']} but {c['status'][1]}s on {c['to']}"
            + (f" (scores {_fmt(c['score_deltas'])})" if c["score_deltas"] else ""),
        }
        for c in version_changes(doc)
        if c["regressed"]
    ]


def _fmt(deltas: dict[str, float]) -> str:
    return ", ".join(f"{d} {v:+g}" for d, v in deltas.items())


def compare_runs(before: dict[str, Any], after: dict[str, Any], *, max_score_drop: int = 5) -> dict[str, Any]:
    """Changes from run ``before`` to run ``after`` for every (case, column) both ran.

    Raises:
        BadInput: the runs are of different suites (nothing in them is comparable).
    """
    names = (before.get("suite") or {}).get("name"), (after.get("suite") or {}).get("name")
    if None not in names and names[0] != names[1]:
        raise BadInput(
            f"runs {before.get('run_id')} and {after.get('run_id')} are of different suites ({names[0]!r} and "
            f"{names[1]!r}): compare runs of the same suite"
        )
    changes, regressions, fixed = [], [], []
    a_cells, b_cells = before.get("cells", {}), after.get("cells", {})
    for case_id, cells in b_cells.items():
        for column, cell in cells.items():
            old = a_cells.get(case_id, {}).get(column)
            if old is None:
                continue
            deltas = _deltas(old["scores"], cell["scores"])
            if old["status"] == cell["status"] and old["verdicts"] == cell["verdicts"] and not deltas:
                continue
            change = {
                "case_id": case_id,
                "column": column,
                "status": [old["status"], cell["status"]],
                "verdicts": [old["verdicts"], cell["verdicts"]],
                "score_deltas": deltas,
            }
            changes.append(change)
            drops = {d: v for d, v in deltas.items() if v < -max_score_drop}
            if old["status"] in _GOOD and cell["status"] not in _GOOD:
                regressions.append(
                    {
                        "kind": "baseline",
                        "case_id": case_id,
                        "column": column,
                        "against": before.get("run_id"),
                        "message": f"{case_id} [{column}]: passed in {before.get('run_id')}, {cell['status']}s now",
                    }
                )
            elif drops:
                regressions.append(
                    {
                        "kind": "baseline",
                        "case_id": case_id,
                        "column": column,
                        "against": before.get("run_id"),
                        "message": f"{case_id} [{column}]: scores dropped more than {max_score_drop} since "
                        f"{before.get('run_id')}: {_fmt(drops)}",
                    }
                )
            elif old["status"] not in _GOOD and cell["status"] in _GOOD:
                fixed.append(change)
    common = sum(1 for cid, cells in b_cells.items() for col in cells if col in a_cells.get(cid, {}))
    missing = [
        {"case_id": cid, "column": col, "status": cell["status"]}
        for cid, cells in a_cells.items()
        for col, cell in cells.items()
        if col not in b_cells.get(cid, {})
    ]
    return {
        "before": before.get("run_id"),
        "after": after.get("run_id"),
        "compared": common,
        "changes": changes,
        "regressions": regressions,
        "fixed": fixed,
        "missing": missing,
        "max_score_drop": max_score_drop,
    }


# -- finding runs --------------------------------------------------------------------------------------------


def runs_dir(data_dir: Path) -> Path:
    """Where every run's results are kept: ``<data_dir>/eval_runs/<run id>/``."""
    return Path(data_dir) / "eval_runs"


def list_runs(data_dir: Path) -> list[dict[str, Any]]:
    """Past runs, newest first: id, suite, when, summary, exit code."""
    out = []
    root = runs_dir(data_dir)
    folders = _by_time([p.parent for p in root.glob("*/results.json")]) if root.is_dir() else []
    for path in (f / "results.json" for f in reversed(folders)):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append(
            {
                "run_id": doc.get("run_id", path.parent.name),
                "suite": doc.get("suite", {}).get("name"),
                "started_at": doc.get("started_at"),
                "partial": doc.get("partial"),
                "summary": doc.get("summary", {}),
                "exit_code": doc.get("exit_code"),
                "path": str(path.parent),
            }
        )
    return out


def _by_time(paths: list[Path]) -> list[Path]:
    """Run folders oldest first: by the id's timestamp (to the second), then by when the results were written."""
    return sorted(paths, key=lambda p: (p.name[:15], (p / "results.json").stat().st_mtime_ns, p.name))


def _suite_of(folder: Path) -> str | None:
    try:
        return json.loads((folder / "results.json").read_text(encoding="utf-8")).get("suite", {}).get("name")
    except (OSError, ValueError, AttributeError):
        return None


def resolve_run(ref: str, data_dir: Path, suite: str | None = None) -> Path:
    """The results JSON a RUN reference names: a results file, a run folder (``--out`` DIR), a run id or its
    unique prefix under ``<data_dir>/eval_runs``, or ``latest`` (the newest run; of ``suite`` when given)."""
    path = Path(ref)
    if path.is_file():
        return path
    if path.is_dir() and (path / "results.json").is_file():
        return path / "results.json"
    root = runs_dir(data_dir)
    folders = _by_time([p.parent for p in root.glob("*/results.json")]) if root.is_dir() else []
    if ref == "latest":
        candidates = [f for f in folders if suite is None or _suite_of(f) == suite]
        if candidates:
            return candidates[-1] / "results.json"
        of = f" of suite {suite!r}" if suite else ""
        raise BadInput(f"run 'latest': no run{of} under {root} yet (see `coach eval list`)")
    runs = [f.name for f in folders]
    matches = [r for r in runs if r == ref] or [r for r in runs if r.startswith(ref)]
    if len(matches) == 1:
        return root / matches[0] / "results.json"
    if len(matches) > 1:
        raise BadInput(f"run {ref!r} is ambiguous: {', '.join(matches[:5])}")
    raise BadInput(
        f"run {ref!r}: not a results.json, a folder written by --out, or a run id under {root} (see `coach eval list`)"
    )


def load_run(ref: str, data_dir: Path, suite: str | None = None) -> dict[str, Any]:
    """The results document a RUN reference names (``latest``: the newest run of ``suite`` when given)."""
    path = resolve_run(ref, data_dir, suite)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"{path}: not a results file: {exc}") from exc
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema != "coach-eval-run/1":
        raise BadInput(f"{path}: not a coach eval results file (schema {schema!r}, expected 'coach-eval-run/1')")
    return doc
