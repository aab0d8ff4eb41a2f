"""Roles on the ladder, and the gaps between a person's evidence and a target role's expectations.

An expectation is *shown* by work events that match it (its activity families, its evidence words, or else
its competency tag), *named as a gap* by critique that matches it (what colleagues or the manager said), and
*wanted* when the person's own wishes match it. Critique that later work has answered (enough matching
work after it; praise alone does not) is an improvement, not a gap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from assistant.core.competencies import GROWTH_WORDS, growth_tags_for, label, tags_for
from assistant.core.errors import BadInput
from assistant.core.growth import RoleExpectation
from assistant.core.models import Person, WorkEvent
from assistant.drafting.develop.model import Citation, PathGap, RoleRef, Strength
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.profile.activities import activity_of
from assistant.drafting.profile.model import RemarkFact, ThemeSummary
from assistant.drafting.profile.themes import FEEDBACK_SOURCES

__all__ = ["assess", "current_role", "resolve_target", "role_ref", "roles", "shows"]

#: What kind of work product a critique theme is about -> the competencies it speaks to.
_TOPICS: dict[str, tuple[str, ...]] = {
    "design_docs": ("communication",),
    "plans": ("planning",),
    "estimates": ("planning",),
    "proposals": ("planning", "communication"),
    "reports": ("knowledge_sharing", "communication"),
    "presentations": ("communication",),
    "code": ("quality",),
}


def roles(ladder: Sequence[RoleExpectation]) -> dict[str, list[RoleExpectation]]:
    """The ladder's rows grouped by role, in file order."""
    out: dict[str, list[RoleExpectation]] = defaultdict(list)
    for row in ladder:
        out[row.role].append(row)
    return dict(out)


def role_ref(rows: Sequence[RoleExpectation], lang: str) -> RoleRef:
    first = rows[0]
    return RoleRef(role=first.role, title=first.title(lang), level=first.level, ladder=first.ladder)


def current_role(person: Person, by_role: dict[str, list[RoleExpectation]]) -> str | None:
    """The role a person holds: their level, in a role that lists their job family."""
    family = person.job_family.strip().lower()
    for role, rows in by_role.items():
        first = rows[0]
        if first.level == person.level and family in {f.lower() for f in first.job_families}:
            return role
    return None


def _names(rows: Sequence[RoleExpectation]) -> set[str]:
    first = rows[0]
    names = {first.role, first.role.replace("_", " "), first.title_en, first.title_zh}
    names.update(a for r in rows for a in r.aliases)
    return {n.strip().lower() for n in names if n.strip()}


def resolve_target(
    person: Person, by_role: dict[str, list[RoleExpectation]], wanted: str | None, current: str | None
) -> str:
    """The target role: the one ``wanted`` names (key, title or alias, either language), else the next rank up.

    Raises:
        BadInput: no ladder is loaded, ``wanted`` names no role, or there is no role above the current one.
    """
    if not by_role:
        raise BadInput("no role ladder is loaded: ingest one (docs/ingestion.md, 'Growth data') or load the demo")
    available = ", ".join(f"{r} ({rows[0].title_en} / {rows[0].title_zh})" for r, rows in by_role.items())
    if wanted and wanted.strip():
        text = wanted.strip().lower()
        exact = [r for r, rows in by_role.items() if text in _names(rows)]
        if exact:
            return exact[0]
        # a longer phrase that contains a role's name ("become a tech lead", "转向客户成功管理")
        found = [(len(n), r) for r, rows in by_role.items() for n in _names(rows) if len(n) >= 2 and n in text]
        if found:
            return max(found)[1]
        raise BadInput(f"--target-role {wanted!r}: no such role on the ladder; roles: {available}")
    if current is None:
        raise BadInput(
            f"{person.name}'s level {person.level!r} in {person.job_family!r} is on no ladder; "
            f"name a target role with --target-role ({available})"
        )
    here = by_role[current][0]
    above = [
        (rows[0].rank, r) for r, rows in by_role.items() if rows[0].ladder == here.ladder and rows[0].rank > here.rank
    ]
    if not above:
        raise BadInput(f"{person.name} holds the top role of the {here.ladder} ladder; name one with --target-role")
    lowest = min(rank for rank, _ in above)
    family = person.job_family.strip().lower()
    candidates = [r for rank, r in above if rank == lowest]
    same_family = [r for r in candidates if family in {f.lower() for f in by_role[r][0].job_families}]
    return (same_family or candidates)[0]


def _has(words: Sequence[str], text: str) -> bool:
    """Whether ``text`` (lower case) holds one of ``words``: English words at a word start ("plan" is not in
    "explained"), Chinese anywhere."""
    for word in words:
        low = word.lower()
        if low.isascii():
            if re.search(rf"(?<![a-z0-9]){re.escape(low)}", text):
                return True
        elif low in text:
            return True
    return False


def shows(expectation: RoleExpectation, event: WorkEvent) -> bool:
    """Whether a work event shows the expectation."""
    text = f"{event.title} {event.description}".lower()
    if expectation.activities and activity_of(event) in expectation.activities:
        return True
    if expectation.evidence_words and _has(expectation.evidence_words, text):
        return True
    if not expectation.activities and not expectation.evidence_words:
        return expectation.competency in (event.tags or tags_for(text))
    return False


def _says(expectation: RoleExpectation, remark: RemarkFact, topic: str | None, *, loose: bool) -> bool:
    """Whether a remark speaks about the expectation (``loose``: critique may use the broad lexicon too)."""
    text = remark.text.lower()
    if expectation.evidence_words and _has(expectation.evidence_words, text):
        return True
    if _has(GROWTH_WORDS.get(expectation.competency, ()), text):
        return True
    if not loose:
        return False
    return expectation.competency in growth_tags_for(remark.text) or expectation.competency in _TOPICS.get(
        topic or "", ()
    )


def _remarks(themes: Sequence[ThemeSummary], expectation: RoleExpectation, role: str, *, loose: bool) -> list[Citation]:
    out = []
    for theme in themes:
        for remark in theme.remarks:
            if _says(expectation, remark, theme.topic, loose=loose):
                out.append(
                    Citation(
                        event_id=remark.event_id,
                        date=remark.date,
                        title="",
                        role=role,  # type: ignore[arg-type]
                        text=remark.text,
                        speaker=remark.speaker,
                        source=remark.source,
                    )
                )
    return sorted({c.event_id: c for c in out}.values(), key=lambda c: c.date)


def _support(event: WorkEvent) -> Citation:
    return Citation(
        event_id=event.id, date=event.occurred_at.date(), title=event.title, role="support", source=event.source
    )


def assess(
    expectations: Sequence[RoleExpectation], profile: EvidenceProfile, events: Sequence[WorkEvent], lang: str
) -> tuple[list[Strength], list[PathGap]]:
    """Strengths and gaps of ``profile`` against ``expectations`` (one per competency), gaps most pressing first."""
    titles = {e.id: e.title for e in events}
    work = sorted(
        (e for e in events if e.source not in FEEDBACK_SOURCES and e.kind != "context"),
        key=lambda e: (e.occurred_at, e.id),
    )
    strengths: list[Strength] = []
    gaps: list[PathGap] = []
    for exp in expectations:
        critique = _remarks(profile.critique, exp, "critique", loose=True)
        criticised = {c.event_id for c in critique}  # work that drew the critique is not evidence of meeting it
        support = [e for e in work if shows(exp, e) and e.id not in criticised]
        praise = _remarks(profile.praise, exp, "praise", loose=False)
        wishes = _remarks(profile.aspirations, exp, "aspiration", loose=False)
        for c in critique + praise + wishes:
            c.title = titles.get(c.event_id, "")
        last_critique = critique[-1].date if critique else None
        # Only work answers critique: praise that happens to share a word ("the cutover plan") proves little.
        answered = (
            last_critique is not None
            and sum(1 for e in support if e.occurred_at.date() > last_critique) >= exp.min_evidence
        )
        recent = _distinct([_support(e) for e in support])[-3:]
        name = label(exp.competency, lang)
        if len(support) >= exp.min_evidence and (not critique or answered):
            later = [p for p in praise if last_critique and p.date > last_critique][-1:]
            strengths.append(
                Strength(
                    competency=exp.competency,
                    label=name,
                    support=len(support),
                    needed=exp.min_evidence,
                    citations=(critique[-1:] if answered else []) + later + recent,
                    improved=answered,
                )
            )
            continue
        basis = "critique" if critique and not answered else "thin" if support else "none"
        gaps.append(
            PathGap(
                competency=exp.competency,
                label=name,
                expectation=exp.expectation(lang),
                basis=basis,  # type: ignore[arg-type]
                wanted=bool(wishes),
                support=len(support),
                needed=exp.min_evidence,
                citations=[*critique[-2:], *wishes[-1:], *recent[-2:]],
            )
        )
    order = {"critique": 0, "thin": 1, "none": 2}
    gaps.sort(key=lambda g: (not g.wanted, order[g.basis], g.support / g.needed))
    return strengths, gaps


def _distinct(citations: list[Citation]) -> list[Citation]:
    """One citation per title (the latest), in time order: "Paired with Priya ..." twice reads as a copy."""
    by_title = {c.title: c for c in citations}
    return sorted(by_title.values(), key=lambda c: (c.date, c.event_id))


def latest(citations: Sequence[Citation]) -> date | None:
    return max((c.date for c in citations), default=None)
