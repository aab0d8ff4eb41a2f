"""Write a run's files: ``results.json``, ``report.html`` and ``junit.xml``, in ``--out`` and the run store."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from evals.compare import runs_dir
from evals.junit import junit_xml
from evals.report import report_html

__all__ = ["SHIPPED_SUITES", "shipped_suites", "write_run"]

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


def write_run(doc: dict[str, Any], data_dir: Path, out: Path | None = None) -> dict[str, Path]:
    """Write the three files to ``<data_dir>/eval_runs/<run id>/`` and, when given, to ``out``."""
    files = {
        "results.json": json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n",
        "report.html": report_html(doc),
        "junit.xml": junit_xml(doc),
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
