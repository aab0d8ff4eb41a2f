"""Write a run's files: ``results.json``, ``report.html``, ``junit.xml``, ``summary.md`` and ``results.csv``, in
``--out`` and the run store; and write them again when labels are added to a stored run."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.compare import runs_dir
from evals.export import results_csv
from evals.junit import junit_xml
from evals.labels import Label, labels_for_run, labels_summary
from evals.markdown import summary_markdown
from evals.report import report_html

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["SHIPPED_SUITES", "attach_labels", "save_run_labels", "shipped_suites", "write_run"]

SHIPPED_SUITES = Path(__file__).resolve().parent / "suites"


def _atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def attach_labels(doc: dict[str, Any], labels: list[Label]) -> dict[str, Any]:
    """Set ``doc["labels"]``: the human labels that apply to its results and what they add up to."""
    applied = labels_for_run(doc, labels)
    doc["labels"] = labels_summary(doc, applied) | {"by_result": applied}
    return doc


def write_run(
    doc: dict[str, Any], data_dir: Path, out: Path | None = None, *, labels: list[Label] | None = None
) -> dict[str, Path]:
    """Write the run's files to ``<data_dir>/eval_runs/<run id>/`` and, when given, to ``out``."""
    attach_labels(doc, labels or [])
    files = {
        "results.json": json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n",
        "report.html": report_html(doc),
        "junit.xml": junit_xml(doc),
        "summary.md": summary_markdown(doc, doc["labels"]),
        "results.csv": results_csv(doc, labels),
    }
    targets = [runs_dir(data_dir) / doc["run_id"]]
    if out is not None:
        targets.insert(0, Path(out))
    written: dict[str, Path] = {}
    for folder in targets:
        for name, text in files.items():
            _atomic(folder / name, text)
    for name in files:
        written[name] = targets[0] / name
    return written


def shipped_suites() -> list[Path]:
    """The suites that ship in ``evals/suites``."""
    return sorted(SHIPPED_SUITES.glob("*.yaml"))


def save_run_labels(coach: Coach, doc: dict[str, Any], labels: list[Label]) -> tuple[Path, Path]:
    """Check ``labels`` against run ``doc``, save them (run folder + database) and write the run's report,
    results, summary and CSV again with every label of its suite; returns (labels file, report)."""
    from evals.labels import check_against_run, read_labels, save_labels

    check_against_run(labels, doc)
    path = save_labels(labels, coach.settings.data_dir, coach.sql)
    every = read_labels(coach.settings.data_dir, suite=doc["suite"]["name"], sql=coach.sql)
    written = write_run(doc, coach.settings.data_dir, None, labels=every)
    return path, written["report.html"]
