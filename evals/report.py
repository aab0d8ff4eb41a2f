"""The self-contained HTML report of a run: a page analysts work in.

Filters (status, case, version, provider, assertion), a search over draft text, pass rates per assertion and
per guardrail dimension, the matrix, score charts (inline SVG), what changed, every case's drafts side by
side across versions, providers and the baseline run (differences against the first marked, findings
highlighted at their spans), failures linked to their drafts, and human labelling.

No external assets: CSS, SVG and the script are inline and the script fetches nothing, so the file can be
mailed or attached to a CI run as it is. Labels made in the page are kept in the browser and downloaded as
a JSON file for ``coach eval label --import``; served by ``coach eval serve-report`` (``review`` given) the
page saves each label on loopback instead.
"""

from __future__ import annotations

import json
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from evals.compare import version_changes
from evals.diff import changes_against
from evals.labels import draft_sha256, result_key
from evals.summary import assertion_rates, dimension_rates
from guardrails.models import DIMENSIONS

__all__ = ["highlight", "histogram_svg", "report_html", "write_report"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2"]
_DIM_CLASS = {d: f"d-{d}" for d in DIMENSIONS}


def highlight(
    text: str,
    findings: list[dict[str, Any]],
    changed: list[tuple[int, int]] | tuple[()] = (),
    deleted: list[tuple[int, str]] | tuple[()] = (),
) -> Markup:
    """``text`` HTML-escaped with each finding's span in a ``<mark>`` (overlaps split at their boundaries),
    spans in ``changed`` in ``<ins>`` and the ``deleted`` reference text in ``<del>`` where it was removed."""
    spans = [(i, f) for i, f in enumerate(findings) if 0 <= f.get("start", 0) < f.get("end", 0) <= len(text)]
    edits = [(a, b) for a, b in changed if 0 <= a < b <= len(text)]
    removed: dict[int, list[str]] = {}
    for position, old in deleted:
        removed.setdefault(min(max(position, 0), len(text)), []).append(old)
    cuts = sorted(
        {0, len(text), *(f["start"] for _, f in spans), *(f["end"] for _, f in spans), *(x for e in edits for x in e)}
        | set(removed)
    )
    out = []
    for a, b in pairwise(cuts):
        out.extend(f'<del title="removed against the first draft">{escape(old)}</del>' for old in removed.pop(a, []))
        piece = escape(text[a:b])
        covering = [(i, f) for i, f in spans if f["start"] <= a and b <= f["end"]]
        if covering:
            first = covering[0][1]
            title = "; ".join(f"{f['dimension']}/{f['kind']}: {f.get('message', '')}" for _, f in covering)
            ids = " ".join(str(i + 1) for i, _ in covering)
            piece = (
                f'<mark class="{_DIM_CLASS.get(first["dimension"], "")}" data-f="{ids}" '
                f'title="{escape(title)}">{piece}</mark>'
            )
        if any(x <= a and b <= y for x, y in edits):
            piece = f"<ins>{piece}</ins>"
        out.append(piece)
    out.extend(
        f'<del title="removed against the first draft">{escape(old)}</del>' for old in removed.pop(len(text), [])
    )
    return Markup("".join(out))


def histogram_svg(dimension: str, series: list[tuple[str, list[float]]], width: int = 300, height: int = 150) -> Markup:
    """An inline SVG histogram of 0-100 scores in ten bins, one bar colour per series (column)."""
    bins = 10
    counts = [[0] * bins for _ in series]
    for i, (_, values) in enumerate(series):
        for v in values:
            counts[i][min(bins - 1, int(v // 10))] += 1
    peak = max([1, *(c for row in counts for c in row)])
    left, bottom, top = 28, 22, 18
    plot_w, plot_h = width - left - 6, height - bottom - top
    slot = plot_w / bins
    bar = max(2.0, (slot - 4) / max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" style="width:100%;height:auto" '
        f'role="img" aria-label="{escape(dimension)} score distribution">',
        f'<text x="{left}" y="12" class="t">{escape(dimension)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9ca3af"/>',
        f'<text x="{left - 4}" y="{top + 4}" class="a" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" class="a" text-anchor="end">0</text>',
    ]
    for b in range(bins):
        x0 = left + b * slot + 2
        if b % 2 == 0:
            parts.append(f'<text x="{left + b * slot}" y="{height - 6}" class="a">{b * 10}</text>')
        for i, row in enumerate(counts):
            if not row[b]:
                continue
            h = plot_h * row[b] / peak
            colour = PALETTE[i % len(PALETTE)]
            label = f"{series[i][0]}: {row[b]} in {b * 10}-{b * 10 + 9 if b < bins - 1 else 100}"
            parts.append(
                f'<rect x="{x0 + i * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)}</title></rect>'
            )
    parts.append(f'<text x="{left + plot_w}" y="{height - 6}" class="a" text-anchor="end">100</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["highlight"] = highlight
    env.globals["draft_id"] = lambda case, column, repeat: "r-" + _slug(result_key(case, column, repeat))
    return env


def report_html(doc: dict[str, Any], *, review: dict[str, str] | None = None) -> str:
    """The report of results document ``doc`` as one HTML string (``review``: the loopback save endpoint)."""
    columns = doc.get("columns", [])
    cells = doc.get("cells", {})
    charts = []
    for d in DIMENSIONS:
        series = [
            (c["key"], [r["scores"][d] for r in doc["results"] if r["column"] == c["key"] and r["scores"]])
            for c in columns
        ]
        means = [(key, round(sum(v) / len(v), 1) if v else None) for key, v in series]
        charts.append({"dimension": d, "svg": histogram_svg(d, series), "means": means})
    failures = [r for r in doc.get("results", []) if r["status"] in ("fail", "error")]
    anchors: dict[str, str] = {}  # "<case>|<column>" -> the section of its first failing repeat
    for r in failures:
        r_anchor = _anchor(r)
        anchors.setdefault(f"{r['case_id']}|{r['column']}", r_anchor)
    case_info = {c["id"]: c for c in doc.get("cases", [])}
    comparison = (doc.get("baseline") or {}).get("comparison")
    labels = (doc.get("labels") or {}).get("by_result", {})
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            doc=doc,
            columns=columns,
            colours={c["key"]: PALETTE[i % len(PALETTE)] for i, c in enumerate(columns)},
            cells=cells,
            cases=doc.get("cases", []),
            case_info=case_info,
            charts=charts,
            changes=version_changes(doc),
            comparison=comparison,
            failures=[(r, _anchor(r)) for r in failures],
            anchors=anchors,
            summary=doc.get("summary", {}),
            dimensions=DIMENSIONS,
            assertion_rates=assertion_rates(doc.get("results", [])),
            dimension_rates=dimension_rates(doc.get("results", [])),
            assertion_names=sorted({a["name"] for r in doc.get("results", []) for a in r["assertions"]}),
            versions=sorted({str(c["version"]) for c in columns}),
            providers=sorted({c["provider"] for c in columns}),
            blocks=_case_blocks(doc, labels),
            review=review,
            review_summary={"reviewed": 0, "flipped": [], "pass_rate_after_review": None, **(doc.get("labels") or {})},
            page_data=_page_data(doc, labels, review),
        )
    )


def _pane(record: dict[str, Any], title: str, labels: dict[str, Any], *, baseline: bool = False) -> dict[str, Any]:
    draft = record.get("draft") or {}
    key = result_key(record["case_id"], record["column"], record.get("repeat", 0))
    return {
        "key": key,
        "id": "r-" + _slug(key) + ("-baseline" if baseline else ""),
        "title": title,
        "record": record,
        "text": draft.get("checked_text") or draft.get("text") or "",
        "findings": draft.get("findings") or [],
        "language": draft.get("language") or "en",
        "baseline": baseline,
        "label": None if baseline else labels.get(key),
        "failed": [a for a in record.get("assertions", []) if a["status"] in ("fail", "error")],
    }


def _case_blocks(doc: dict[str, Any], labels: dict[str, Any]) -> list[dict[str, Any]]:
    """Per case: a pane per result (column x repeat) and the baseline run's draft, differences against the first."""
    by_case: dict[str, list[dict[str, Any]]] = {}
    repeat = (doc.get("options") or {}).get("repeat", 1)
    for r in doc.get("results", []):
        title = r["column"] + (f" · repeat {r['repeat'] + 1}" if repeat > 1 else "")
        by_case.setdefault(r["case_id"], []).append(_pane(r, title, labels))
    base = doc.get("baseline") or {}
    for key, drafted in (base.get("drafts") or {}).items():
        case_id, column = key.split("|", 1)
        if case_id in by_case:
            version, _, provider = column.partition("|")
            record = {
                "case_id": case_id,
                "column": column,
                "repeat": 0,
                "version": version.lstrip("v"),
                "provider": provider,
                "variants": {},
                **drafted,
            }
            by_case[case_id].append(_pane(record, f"baseline {base.get('run_id')} · {column}", labels, baseline=True))
    blocks = []
    for case in doc.get("cases", []):
        panes = by_case.get(case["id"], [])
        reference = next((p for p in panes if p["text"]), None)
        for p in panes:
            if reference is not None and p is not reference and p["text"]:
                p["changed"], p["deleted"] = changes_against(reference["text"], p["text"])
                p["differs"] = bool(p["changed"] or p["deleted"])
            else:
                p["changed"], p["deleted"], p["differs"] = [], [], False
            p["reference"] = p is reference and len(panes) > 1
        blocks.append({"case": case, "panes": panes})
    return blocks


def _page_data(doc: dict[str, Any], labels: dict[str, Any], review: dict[str, str] | None) -> Markup:
    """What the page's script needs to make labels, as JSON safe inside a ``<script>`` element."""
    results = {}
    for r in doc.get("results", []):
        key = result_key(r["case_id"], r["column"], r["repeat"])
        findings = (r.get("draft") or {}).get("findings") or []
        results[key] = {
            "case_id": r["case_id"],
            "column": r["column"],
            "repeat": r["repeat"],
            "status": r["status"],
            "verdict": r.get("verdict"),
            "draft_sha256": draft_sha256(r),
            "findings": [{k: f[k] for k in ("dimension", "kind", "start", "end", "text")} for f in findings],
            "label": (labels.get(key) or {}).get("label"),
        }
    data = {"run_id": doc["run_id"], "suite": doc["suite"]["name"], "results": results, "review": review}
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)


def _anchor(record: dict[str, Any]) -> str:
    """The id of a failure's section: case, column and (after the first) repeat."""
    column = record["column"].replace("|", "-").replace(":", "-")
    return f"fail-{record['case_id']}-{column}" + (f"-r{record['repeat']}" if record["repeat"] else "")


def write_report(doc: dict[str, Any], path: Path) -> Path:
    """Write the HTML report to ``path``."""
    path.write_text(report_html(doc), encoding="utf-8")
    return path
