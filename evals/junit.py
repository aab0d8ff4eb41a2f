"""JUnit XML of a run: one ``<testsuite>`` per column (prompt version x provider), one ``<testcase>`` per case.

Repeats fold into their case: it fails when any repeat fails, and the failure message lists which. A case
that passed but regressed (against the run's reference column or ``--baseline``) is a ``<failure
type="regression">``, so CI shows the same red as the exit code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

__all__ = ["junit_xml", "write_junit"]


def junit_xml(doc: dict[str, Any]) -> str:
    """The JUnit XML document of results ``doc``."""
    name = doc["suite"]["name"]
    stamp = (doc.get("started_at") or "")[:19]  # JUnit's timestamp is a local ISO date-time without a zone
    root = ET.Element("testsuites", name=f"coach-eval {name}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    regressed: dict[tuple[str, str], list[str]] = {}
    for reg in doc.get("regressions", []):
        regressed.setdefault((reg["case_id"], reg["column"]), []).append(reg["message"])
    for column in doc.get("columns", []):
        key = column["key"]
        records = [r for r in doc["results"] if r["column"] == key]
        by_case: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            by_case.setdefault(r["case_id"], []).append(r)
        suite = ET.SubElement(root, "testsuite", name=f"{name}[{key}]", timestamp=stamp)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        seconds = 0.0
        for case_id, rs in by_case.items():
            counts["tests"] += 1
            elapsed = sum((r.get("wall_ms") or 0) for r in rs) / 1000
            seconds += elapsed
            case = ET.SubElement(
                suite, "testcase", classname=f"{name}.{key.replace('|', '.')}", name=case_id, time=f"{elapsed:.3f}"
            )
            errors = [r for r in rs if r["status"] == "error"]
            failures = [r for r in rs if r["status"] == "fail"]
            if errors:
                counts["errors"] += 1
                el = ET.SubElement(case, "error", message=_first_line(errors[0]["error"] or "error"), type="error")
                el.text = "\n".join(f"repeat {r['repeat'] + 1}: {r['error']}" for r in errors)
            elif failures:
                counts["failures"] += 1
                failed = [a for a in failures[0]["assertions"] if a["status"] in ("fail", "error")]
                message = "; ".join(f"{a['name']}: {a['message']}" for a in failed) or "failed"
                el = ET.SubElement(case, "failure", message=_first_line(message), type="assertion")
                el.text = "\n".join(
                    [
                        f"repeat {r['repeat'] + 1}: {a['name']}: {a['message']}"
                        for r in failures
                        for a in r["assertions"]
                        if a["status"] in ("fail", "error")
                    ]
                    + [f"regression: {m}" for m in regressed.get((case_id, key), [])]
                )
            elif (case_id, key) in regressed:
                counts["failures"] += 1
                messages = regressed[(case_id, key)]
                el = ET.SubElement(case, "failure", message=_first_line(messages[0]), type="regression")
                el.text = "\n".join(messages)
            elif all(r["status"] == "skipped" for r in rs):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message="every assertion was skipped")
            verdicts = sorted({r["verdict"] for r in rs if r["verdict"]})
            out = ET.SubElement(case, "system-out")
            out.text = f"verdict: {'/'.join(verdicts) or '-'}; scores: {rs[0].get('scores')}"
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("time", f"{seconds:.3f}")
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", f"{doc.get('duration_s', 0):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _first_line(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line[:500]


def write_junit(doc: dict[str, Any], path: Path) -> Path:
    """Write the JUnit XML to ``path``."""
    path.write_text(junit_xml(doc), encoding="utf-8")
    return path
