"""Grounding: every number, date, name and project in a draft must come from the events it cites.

With per-statement citations (``statements``), each statement is checked against the events it cites;
for free text, the whole draft is checked against all the evidence. A citation of an event the requester
may not see (or that is not in the evidence) is an ``inaccessible_citation`` finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from assistant.core.errors import GuardrailError
from guardrails.claims import DateClaim, dates_in, number_matches, numbers_in
from guardrails.models import Finding
from guardrails.names import find_names
from guardrails.patterns import LazyPattern
from guardrails.scoring import Scored, finding
from guardrails.text import Doc

if TYPE_CHECKING:  # types only: a text-only check never builds these models
    from assistant.core.models import WorkEvent

__all__ = ["EvidenceIndex", "score_grounding"]

_WHAT = {
    "en": {"number": "number", "date": "date", "name": "name", "project": "project"},
    "zh": {"number": "数字", "date": "日期", "name": "人名", "project": "项目"},
}
_EN_PROJECT = LazyPattern(
    r"\b(?:the\s+)?((?:[A-Z][\w.-]*\s+){1,4})(?:project|initiative|programme|program|workstream)\b"
    r"|\b[Pp]roject\s+([A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3})"
)
_ZH_PROJECT = LazyPattern(r"([^\s，。、；：！？“”《》（）()了的在和与把对为是从将]{2,14}?)(?:的)?项目")
_SPACE = LazyPattern(r"\s+")
# Time and next-step words that precede a noun without being part of a project's name ("下次定价项目").
_ZH_PROJECT_LEAD = LazyPattern(
    r"(?:下次|上次|这次|本次|此次|每次|下个?月|下季度|下半年|之后|以后|今后|后续|接下来|继续|负责|参与|推进|牵头)+"
)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


@dataclass
class _Bundle:
    """What a set of events says: its text, numbers, dates and projects."""

    text: str
    numbers: list[tuple[float, float, bool, bool]]
    """``(value, tolerance, is a percentage, is derived)``."""
    written_dates: list[DateClaim]
    events: list[WorkEvent]
    projects: set[str]


class EvidenceIndex:
    """Events indexed for claim checks; bundles of cited events are cached by their ids."""

    def __init__(self, events: Sequence[WorkEvent]) -> None:
        self.events = {e.id: e for e in events}
        self.projects = {e.project for e in events if e.project}
        self._cache: dict[tuple[str, ...], _Bundle] = {}

    def bundle(self, ids: Sequence[str] | None = None) -> _Bundle:
        """The claims of the given events (all events when ``ids`` is ``None``)."""
        key = tuple(sorted(self.events)) if ids is None else tuple(sorted(set(ids)))
        if key not in self._cache:
            chosen = [self.events[i] for i in key if i in self.events]
            self._cache[key] = self._build(chosen)
        return self._cache[key]

    @staticmethod
    def _build(events: list[WorkEvent]) -> _Bundle:
        facts = [_facts(e.as_text(), e.person_id, tuple(_metric_values(e))) for e in events]
        return _Bundle(
            " ".join(f[0] for f in facts),
            [n for f in facts for n in f[1]] + _sums(events),
            [d for f in facts for d in f[2]],
            events,
            {e.project for e in events if e.project},
        )


def _sums(events: list[WorkEvent]) -> list[tuple[float, float, bool, bool]]:
    """Totals a draft may state about the events it cites: one metric summed over two or more of them
    ("99 pull requests reviewed" over six review events). Derived, so never a level ("to 99")."""
    totals: dict[str, list[float]] = {}
    for event in events:
        for key, metric in event.metrics.items():
            if (metric.unit or "").strip() not in ("%", "percent"):
                totals.setdefault(key, []).append(metric.value)
    return [(sum(values), 0.0, False, True) for values in totals.values() if len(values) >= 2]


def _metric_values(event: WorkEvent):
    for metric in event.metrics.values():
        pct = (metric.unit or "").strip() in ("%", "percent", "百分比")
        for value in (metric.value, metric.baseline, metric.target):
            if value is not None:
                yield value, pct


@lru_cache(maxsize=4096)
def _facts(
    text: str, person_id: str, metric_values: tuple[tuple[float, bool], ...]
) -> tuple[str, tuple[tuple[float, float, bool, bool], ...], tuple[DateClaim, ...]]:
    """One event's normalised text, numbers (with derived figures) and written dates; cached, since the
    same events are checked again on every revision of a draft."""
    found_dates = dates_in(text)
    values = [(v, c.percent) for c in numbers_in(text, [(d.start, d.end) for d in found_dates]) for v in c.values]
    values.extend(metric_values)
    numbers = [(v, 0.0, pct, False) for v, pct in values]
    numbers.extend((v, 0.0, False, False) for v, pct in values if pct)  # "30%" may be quoted as "30 points"
    # Derived figures a writer may quote: differences (points when both are percentages) and relative
    # changes in percent. Only between numbers of a similar size, so unrelated figures in one event
    # ("3 rounds", "15,000 orders") do not combine into support for anything.
    distinct = sorted(set(values))[:10]
    for (a, pa), (b, pb) in combinations(distinct, 2):
        if not a or not b or max(abs(a), abs(b)) / min(abs(a), abs(b)) > 20:
            continue
        numbers.append((abs(b - a), 0.0, pa and pb, True))
        numbers.append((abs(b - a) / abs(a) * 100, 1.0, True, True))
        numbers.append((abs(b - a) / abs(b) * 100, 1.0, True, True))
    return _norm(text + " " + person_id.replace("-", " ")), tuple(numbers), tuple(found_dates)


def _date_supported(claim: DateClaim, bundle: _Bundle) -> bool:
    return any(claim.matches(e.occurred_at) for e in bundle.events) or any(claim.same(d) for d in bundle.written_dates)


def _name_supported(name: str, bundle: _Bundle, subject: str | None) -> bool:
    key = _norm(name)
    if subject and (key == _norm(subject) or key == _norm(subject).split(" ")[0]):
        return True
    return key in bundle.text or key.split(" ")[0] in bundle.text.split(" ")


def _project_supported(candidate: str, bundle: _Bundle) -> bool:
    key = _norm(candidate)
    if key in bundle.text:
        return True
    # "参与支付网关项目": strip leading characters until what is left is found (at least 3 characters).
    return any(key[i:] in bundle.text for i in range(1, max(1, len(key) - 2)))


def _doc_claims(doc: Doc) -> tuple[list[DateClaim], list]:
    """Dates and numbers of the whole text, found once and cached on the doc."""
    cached = doc.__dict__.get("_claims")
    if cached is None:
        dates = dates_in(doc.text)
        cached = (dates, numbers_in(doc.text, [(d.start, d.end) for d in dates]))
        doc.__dict__["_claims"] = cached
    return cached


def _claims_in(doc: Doc, start: int, end: int, people: tuple[str, ...], known_projects: set[str]):
    """The dates, numbers, names and projects in ``doc.text[start:end]``."""
    text = doc.text
    all_dates, all_numbers = _doc_claims(doc)
    dates = [(d, d.start, d.end) for d in all_dates if start <= d.start < end]
    numbers = [(n, n.start, n.end) for n in all_numbers if start <= n.start < end]
    names = [(s, e) for s, e in find_names(doc, people) if start <= s < end]
    projects: list[tuple[int, int, str]] = []
    lowered = doc.lower[start:end]
    for project in known_projects:
        at = lowered.find(project.lower())
        if at >= 0:
            projects.append((start + at, start + at + len(project), project))
    regex = _ZH_PROJECT if doc.lang == "zh" else _EN_PROJECT
    for m in regex.finditer(text, start, end):
        group = 1 if m.group(1) else 2
        s, e = m.start(group), m.end(group)
        lead = _ZH_PROJECT_LEAD.match(text, s, e) if doc.lang == "zh" else None
        s = lead.end() if lead else s
        name = text[s:e].strip()
        e = s + len(name)
        if len(name) >= 2 and not any(a < e and s < b for a, b, _ in projects):
            projects.append((s, e, name))
    return dates, numbers, names, projects


def score_grounding(
    doc: Doc,
    index: EvidenceIndex | None,
    statements: Sequence[tuple[str, Sequence[str]]] | None,
    visible: set[str] | None,
    people: tuple[str, ...],
) -> Scored:
    """Score 0-100 (share of supported claims, less 25 per inaccessible citation); ``None`` without evidence."""
    if index is None and not statements:
        return Scored(None, [])
    index = index or EvidenceIndex([])
    subject = people[0] if people else None
    units: list[tuple[int, int, list[str] | None, int | None]] = []
    findings: list[Finding] = []
    inaccessible = 0
    if statements:
        cursor = 0
        for i, (stmt, ids) in enumerate(statements):
            at = doc.text.find(stmt, cursor)
            if at < 0:
                at = doc.text.find(stmt)
            if at < 0:
                raise GuardrailError(
                    f"statement {i} ({stmt[:60]!r}) is not part of the text; pass the draft it came from"
                )
            cursor = at + len(stmt)
            cited = list(ids)
            for event_id in cited:
                if visible is not None and event_id not in visible:
                    why = "the requester may not see" if doc.lang == "en" else "请求人无权查看该事件"
                elif event_id not in index.events:
                    why = "is not in the evidence" if doc.lang == "en" else "该事件不在证据中"
                else:
                    continue
                inaccessible += 1
                findings.append(
                    finding(
                        doc, "grounding", "inaccessible_citation", at, at + len(stmt), index=i, event=event_id, why=why
                    )
                )
            allowed = [e for e in cited if (visible is None or e in visible)]
            units.append((at, at + len(stmt), allowed, i))
    else:
        units.append((0, len(doc.text), None, None))

    total = supported = 0
    for start, end, ids, stmt_index in units:
        bundle = index.bundle(ids)
        if ids is not None and not ids:
            where = "the cited events (none cited)" if doc.lang == "en" else "所引用的事件（未引用任何事件）"
        elif ids is not None:
            where = ("the cited events " if doc.lang == "en" else "所引用的事件 ") + ", ".join(ids)
        else:
            where = "the evidence" if doc.lang == "en" else "证据"
        dates, numbers, names, projects = _claims_in(doc, start, end, people, index.projects)
        checks: list[tuple[str, int, int, bool]] = []
        checks += [("date", s, e, _date_supported(d, bundle)) for d, s, e in dates]
        checks += [("number", s, e, number_matches(n, bundle.numbers)) for n, s, e in numbers]
        checks += [("name", s, e, _name_supported(doc.text[s:e], bundle, subject)) for s, e in names]
        checks += [("project", s, e, _project_supported(p, bundle)) for s, e, p in projects]
        for what, s, e, ok in checks:
            total += 1
            supported += ok
            if not ok:
                findings.append(
                    finding(
                        doc, "grounding", "unsupported", s, e, index=stmt_index, what=_WHAT[doc.lang][what], where=where
                    )
                )
    if total == 0 and not inaccessible:
        return Scored(None, findings)  # nothing to check: not applicable, not a perfect score
    score = 100 if total == 0 else round(100 * supported / total)
    findings.sort(key=lambda f: (f.start, f.end))
    return Scored(max(0, score - 25 * inaccessible), findings)
