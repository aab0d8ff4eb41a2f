"""The self-contained HTML report of a run: matrix, score charts (inline SVG), changes, failures.

No external assets: CSS and SVG are inline, there is no script or stylesheet link, so the file can be
mailed or attached to a CI run as it is.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from evals.compare import version_changes
from guardrails import DIMENSIONS

__all__ = ["highlight", "histogram_svg", "report_html", "write_report"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2"]
_DIM_CLASS = {d: f"d-{d}" for d in DIMENSIONS}


def highlight(text: str, findings: list[dict[str, Any]]) -> Markup:
    """``text`` HTML-escaped with each finding's span in a ``<mark>`` (overlaps split at their boundaries)."""
    spans = [f for f in findings if 0 <= f.get("start", 0) < f.get("end", 0) <= len(text)]
    cuts = sorted({0, len(text), *(f["start"] for f in spans), *(f["end"] for f in spans)})
    out = []
    for a, b in pairwise(cuts):
        piece = escape(text[a:b])
        covering = [f for f in spans if f["start"] <= a and b <= f["end"]]
        if covering:
            first = covering[0]
            title = "; ".join(f"{f['dimension']}/{f['kind']}: {f.get('message', '')}" for f in covering)
            out.append(f'<mark class="{_DIM_CLASS.get(first["dimension"], "")}" title="{escape(title)}">{piece}</mark>')
        else:
            out.append(piece)
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
    return env


def report_html(doc: dict[str, Any]) -> str:
    """The report of results document ``doc`` as one HTML string."""
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
        )
    )


def _anchor(record: dict[str, Any]) -> str:
    """The id of a failure's section: case, column and (after the first) repeat."""
    column = record["column"].replace("|", "-").replace(":", "-")
    return f"fail-{record['case_id']}-{column}" + (f"-r{record['repeat']}" if record["repeat"] else "")


def write_report(doc: dict[str, Any], path: Path) -> Path:
    """Write the HTML report to ``path``."""
    path.write_text(report_html(doc), encoding="utf-8")
    return path
