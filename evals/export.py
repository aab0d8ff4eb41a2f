"""Exports for analysts and for the guardrails: a run as CSV, and human labels as benchmark statements.

``labels_to_benchmark`` turns labels into rows of the guardrail benchmark's JSONL shape
(``{"id", "lang", "text", "labels", "evidence", "source"}``, see the guardrails benchmark README), so they
can be appended to its data or its training set. One row per line of a labelled draft that a reviewer
judged: its labels are the kinds of the findings judged right plus the spans marked missed; a finding judged
wrong makes the line a negative for its label. A line with a finding the reviewer did not judge is left out
(the row would claim a label is absent that nobody looked at), and so are kinds the benchmark has no label
for; the export says how many.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evals.labels import Label, draft_sha256, effective_labels, labels_for_run, result_key
from guardrails.models import DIMENSIONS

__all__ = ["BenchmarkExport", "benchmark_kinds", "labels_to_benchmark", "results_csv"]


def benchmark_kinds() -> dict[str, str]:
    """Finding kind -> the benchmark label it predicts (from ``guardrails.benchmark.LABELS``)."""
    from guardrails.benchmark import LABELS

    out: dict[str, str] = {}
    for label, kinds in LABELS.items():
        for kind in [kinds] if isinstance(kinds, str) else sorted(kinds):
            out[kind] = label
    return out


@dataclass
class BenchmarkExport:
    """The rows, and what was left out and why."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped_unjudged: int = 0
    """Lines with a finding nobody judged."""
    skipped_kinds: dict[str, int] = field(default_factory=dict)
    """Judgements on kinds the benchmark has no label for."""
    skipped_no_draft: int = 0


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _line_of(spans: list[tuple[int, int]], start: int | None, text: str, needle: str) -> int | None:
    if start is None:
        start = text.find(needle) if needle else -1
    for i, (a, b) in enumerate(spans):
        if a <= start < b or (start == b and a < b):
            return i
    return None


def _evidence(draft: dict[str, Any], line: str) -> list[dict[str, Any]]:
    ids: list[str] = []
    for st in draft.get("statements", []):
        if st["text"] and (st["text"] in line or line in st["text"]):
            ids += st.get("event_ids", [])
    by_id = {e["id"]: e for e in draft.get("evidence", [])}
    out = []
    for event_id in dict.fromkeys(ids):
        e = by_id.get(event_id)
        if e:
            row = {
                k: e[k] for k in ("id", "occurred_at", "kind", "title", "description", "project", "metrics") if e.get(k)
            }
            row["occurred_at"] = str(row.get("occurred_at", ""))[:10]
            out.append(row)
    return out


def labels_to_benchmark(
    runs: Iterable[dict[str, Any]], labels: list[Label], *, provenance: bool = False
) -> BenchmarkExport:
    """Benchmark rows from the labels on ``runs`` (results documents); the latest row per statement text."""
    kinds = benchmark_kinds()
    merged = effective_labels(labels)
    export = BenchmarkExport()
    by_text: dict[str, dict[str, Any]] = {}
    records = {(doc["run_id"], r["case_id"], r["column"], r["repeat"]): r for doc in runs for r in doc["results"]}
    for key, label in merged.items():
        record = records.get(key)
        if (
            record is None
            or not record.get("draft")
            or draft_sha256(record) != (label.draft_sha256 or draft_sha256(record))
        ):
            export.skipped_no_draft += 1
            continue
        draft = record["draft"]
        text = draft.get("checked_text") or draft["text"]
        spans = _lines(text)
        judged: dict[int, dict[str, Any]] = {}
        for j in label.findings:
            mapped = kinds.get(j.finding.kind)
            if mapped is None:
                export.skipped_kinds[j.finding.kind] = export.skipped_kinds.get(j.finding.kind, 0) + 1
                continue
            i = _line_of(spans, j.finding.start, text, j.finding.text)
            if i is not None:
                entry = judged.setdefault(i, {"labels": set(), "negatives": set(), "notes": []})
                (entry["labels"] if j.judgement == "right" else entry["negatives"]).add(mapped)
                entry["notes"].append(f"{j.finding.kind} {j.judgement}")
        for m in label.missed:
            mapped = kinds.get(m.kind)
            if mapped is None:
                export.skipped_kinds[m.kind] = export.skipped_kinds.get(m.kind, 0) + 1
                continue
            i = _line_of(spans, m.start, text, m.text)
            if i is not None:
                entry = judged.setdefault(i, {"labels": set(), "negatives": set(), "notes": []})
                entry["labels"].add(mapped)
                entry["notes"].append(f"{m.kind} missed")
        judged_refs = {(j.finding.kind, j.finding.start, j.finding.end) for j in label.findings}
        for i, entry in sorted(judged.items()):
            a, b = spans[i]
            unjudged = [
                f
                for f in draft.get("findings", [])
                if f["kind"] in kinds and a <= f["start"] < b and (f["kind"], f["start"], f["end"]) not in judged_refs
            ]
            if unjudged:
                export.skipped_unjudged += 1
                continue
            line = text[a:b].strip()
            when = label.at.date().isoformat()
            row: dict[str, Any] = {
                "id": f"human-{draft['language']}-{hashlib.sha256(line.encode()).hexdigest()[:12]}",
                "lang": draft["language"],
                "text": line,
                "labels": sorted(entry["labels"]),
                "evidence": _evidence(draft, line),
                "source": f"human label by {label.reviewer or 'an analyst'} on {when}: coach eval run {label.run_id}, "
                f"case {label.case_id} [{label.column}] ({', '.join(entry['notes'])})",
            }
            if provenance:
                row["provenance"] = {
                    "label_id": label.id,
                    "run_id": label.run_id,
                    "case_id": label.case_id,
                    "column": label.column,
                    "repeat": label.repeat,
                    "reviewer": label.reviewer,
                    "at": label.at.isoformat(),
                    "judgements": entry["notes"],
                }
            by_text[row["id"]] = row
    export.rows = list(by_text.values())
    return export


_CSV_FIELDS = [
    "run_id", "case_id", "column", "version", "provider", "repeat", "status", "flaky", "verdict",
    *DIMENSIONS, "failed_assertions", "error", "cached", "latency_ms", "prompt_tokens", "completion_tokens",
    "cost_usd", "human_verdict", "human_status", "reviewer", "label_comment", "requester", "subject", "period",
]  # fmt: skip


def results_csv(doc: dict[str, Any], labels: list[Label] | None = None) -> str:
    """One row per result (case x column x repeat) with scores, failed assertions and any human label."""
    applied = labels_for_run(doc, labels or [])
    cases = {c["id"]: c for c in doc.get("cases", [])}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in doc["results"]:
        cell = doc.get("cells", {}).get(r["case_id"], {}).get(r["column"], {})
        label = (applied.get(result_key(r["case_id"], r["column"], r["repeat"])) or {}).get("label") or {}
        human = r["status"]
        if label.get("verdict") == "disagree" and human in ("pass", "fail"):
            human = "fail" if human == "pass" else "pass"
        case = cases.get(r["case_id"], {})
        writer.writerow(
            {
                **{k: r.get(k) for k in ("case_id", "column", "version", "provider", "repeat", "status", "verdict")},
                "run_id": doc["run_id"],
                "flaky": "yes" if cell.get("flaky") else "",
                **{d: r["scores"].get(d, "") for d in DIMENSIONS},
                "failed_assertions": "; ".join(
                    f"{a['name']}: {a['message']}" for a in r["assertions"] if a["status"] in ("fail", "error")
                ),
                "error": r.get("error") or "",
                "cached": "yes" if r.get("cached") else "",
                "latency_ms": r.get("latency_ms") or "",
                "prompt_tokens": r["tokens"]["prompt"],
                "completion_tokens": r["tokens"]["completion"],
                "cost_usd": "" if r.get("cost_usd") is None else r["cost_usd"],
                "human_verdict": label.get("verdict") or "",
                "human_status": human if label.get("verdict") else "",
                "reviewer": label.get("reviewer") or "",
                "label_comment": label.get("comment") or "",
                "requester": case.get("requester", ""),
                "subject": case.get("subject", ""),
                "period": case.get("period", ""),
            }
        )
    return buffer.getvalue()
