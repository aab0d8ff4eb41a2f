"""``summary.md``: a run in GitHub-flavoured Markdown, for pull-request comments and CI job summaries.

Short on purpose: the verdict line, the numbers, then only what needs a person (failures, flaky cases,
regressions, human labels that disagree), pass rates per assertion and dimension, and the full matrix
folded away. ``cat summary.md >> "$GITHUB_STEP_SUMMARY"`` shows it on the job's page.
"""

from __future__ import annotations

from typing import Any

from evals.summary import assertion_rates, dimension_rates

__all__ = ["summary_markdown"]


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def _cell(text: Any) -> str:
    """Table-safe text: no pipes or newlines, at most 160 characters."""
    flat = " ".join(str(text or "").split()).replace("|", "\\|")
    return flat if len(flat) <= 160 else flat[:157] + "..."


def summary_markdown(doc: dict[str, Any], labels: dict[str, Any] | None = None) -> str:
    """The Markdown summary of results ``doc`` (and of its human ``labels`` summary, when there are labels)."""
    s = doc["summary"]
    ok = doc.get("exit_code") == 0
    mark = "✅" if ok else ("⏸️" if doc.get("interrupted") else "❌")
    lines = [
        f"## {mark} coach eval · {doc['suite']['name']} — {s['passed']}/{s['completed']} passed",
        "",
        f"Run `{doc['run_id']}` · pass rate {_pct(s.get('pass_rate'))} 通过率 · {s['failed']} failed 失败 · "
        f"{s['errors']} errors 错误 · {s.get('flaky', 0)} flaky 不稳定 · {s['skipped']} skipped · "
        f"{s['cache_hits']} cache hits · {doc.get('duration_s', 0):.1f} s · ${s['cost_usd']:.4f}",
    ]
    if doc.get("options", {}).get("fail_on") is not None:
        lines.append(f"Threshold: exit 1 below a pass rate of {_pct(doc['options']['fail_on'])}.")
    if doc.get("partial"):
        lines.append(f"**Partial run**: {s['completed']} of {s['planned']} results.")
    if labels and labels.get("reviewed"):
        lines.append(
            f"Human review 人工复核: {labels['reviewed']} results labelled, {labels['disagree']} verdicts flipped; "
            f"pass rate after review {_pct(labels.get('pass_rate_after_review'))}."
        )
    failures = [r for r in doc["results"] if r["status"] in ("fail", "error")]
    if failures:
        lines += [
            "",
            f"### Failures 失败 ({len(failures)})",
            "",
            "| case | column | status | why |",
            "|---|---|---|---|",
        ]
        for r in failures[:50]:
            why = r["error"] or "; ".join(
                f"{a['name']}: {a['message']}" for a in r["assertions"] if a["status"] in ("fail", "error")
            )
            rep = f" (repeat {r['repeat'] + 1})" if doc["options"].get("repeat", 1) > 1 else ""
            lines.append(f"| {_cell(r['case_id'])}{rep} | {_cell(r['column'])} | {r['status']} | {_cell(why)} |")
        if len(failures) > 50:
            lines.append(f"| … | | | {len(failures) - 50} more in report.html |")
    flaky = [(case, col, c) for case, cols in doc.get("cells", {}).items() for col, c in cols.items() if c["flaky"]]
    if flaky:
        lines += [
            "",
            f"### Flaky 不稳定 ({len(flaky)})",
            "",
            "| case | column | verdicts over repeats |",
            "|---|---|---|",
        ]
        for case, col, c in flaky:
            verdicts = "/".join(c["verdicts"]) or "–"
            lines.append(f"| {_cell(case)} | {_cell(col)} | {verdicts} over {c['repeats']} repeats |")
    if doc.get("regressions"):
        lines += ["", f"### Regressions 回退 ({len(doc['regressions'])})", ""]
        lines += [f"- {_cell(r['message'])}" for r in doc["regressions"]]
    if labels and labels.get("flipped"):
        lines += ["", "### Verdicts a reviewer disagreed with 人工不同意的结论", ""]
        lines += [
            f"- {f['case_id']} [{f['column']}]: {f['status']} → {f['human_status']} ({_cell(f.get('comment'))})"
            for f in labels["flipped"]
        ]
    rates = assertion_rates(doc["results"])
    if rates:
        lines += ["", "### Pass rate by assertion 各断言通过率", "", "| assertion | passed | failed | rate |"]
        lines.append("|---|---:|---:|---:|")
        for row in rates:
            lines.append(
                f"| {_cell(row['name'])} | {row['pass']} | {row['fail'] + row['error']} | {_pct(row['rate'])} |"
            )
    dims = [d for d in dimension_rates(doc["results"]) if d["mean"] is not None]
    if dims:
        lines += ["", "| dimension 维度 | at or above threshold | below | mean |", "|---|---:|---:|---:|"]
        lines += [f"| {d['dimension']} | {d['pass']} | {d['fail']} | {d['mean']} |" for d in dims]
    columns = [c["key"] for c in doc.get("columns", [])]
    if doc.get("cases") and columns:
        header = " | ".join(_cell(c) for c in columns)
        lines += ["", "<details><summary>All cases 全部用例</summary>", "", f"| case | {header} |"]
        lines.append("|---|" + "---|" * len(columns))
        for case in doc["cases"]:
            cells = doc["cells"].get(case["id"], {})
            shown = []
            for col in columns:
                c = cells.get(col)
                shown.append("–" if c is None else c["status"] + (" (flaky)" if c["flaky"] else ""))
            lines.append(f"| {_cell(case['id'])} | " + " | ".join(shown) + " |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
