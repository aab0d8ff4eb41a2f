"""What can close a gap: courses from the learning catalog, an open stretch project or rotation, and a mentor
who opted in and has strong evidence in the competency (the mentee sees "strong in X", never the events)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.core.container import Coach
from assistant.core.growth import LearningItem, MentorOptIn, Opening, RoleExpectation
from assistant.core.models import Person, WorkEvent
from assistant.core.periods import Period
from assistant.drafting.develop.assess import shows
from assistant.drafting.develop.model import CourseRef, Mentor, OpeningRef, PathGap
from retrieval import evidence_counts

__all__ = ["recommend"]

_NORM = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


def _norm(text: str) -> str:
    return _NORM.sub("", text.lower().replace("'s ", " ").replace("’s ", " "))


def _taken(item: LearningItem, record: str) -> bool:
    title = _norm(re.sub(r"[（(].*?[)）]", "", item.title))
    return len(title) >= 4 and title in record


def _courses(gap: PathGap, catalog: Sequence[LearningItem], lang: str, record: str, used: set[str]) -> list[CourseRef]:
    fitting = [i for i in catalog if gap.competency in i.competencies]
    own = [i for i in fitting if i.language == lang]
    fitting = own or fitting  # another language only when nothing in the reader's fits
    fresh = [i for i in fitting if i.id not in used]
    fitting = fresh or fitting  # a course already suggested for another gap only when nothing else fits
    # the reader's language first, then items that build fewer other things (more focused), then catalog order
    fitting.sort(key=lambda i: (i.language != lang, len(i.competencies)))
    out = []
    for item in fitting:
        ref = CourseRef(
            id=item.id,
            title=item.title,
            kind=item.kind,
            provider=item.provider,
            hours=item.hours,
            language=item.language,
            taken=_taken(item, record),
        )
        if not ref.taken:
            out.append(ref)
        if len(out) == 2:
            break
    return out


def _opening(
    gap: PathGap,
    openings: Sequence[Opening],
    person: Person,
    today: date,
    names: dict[str, str],
    used: set[str],
    focus: set[str],
) -> OpeningRef | None:
    fitting = [
        o
        for o in openings
        if gap.competency in o.competencies
        and o.open_on(today)
        and (o.team == person.team or o.language == person.language)  # one the person can read or is close to
    ]
    # the person's team and language first, then one not suggested for another gap, then the one that
    # exercises most of the plan's focus
    fitting.sort(
        key=lambda o: (
            o.team != person.team,
            o.language != person.language,
            o.id in used,
            -len(focus & set(o.competencies)),
            o.id,
        )
    )
    if not fitting:
        return None
    o = fitting[0]
    return OpeningRef(
        id=o.id,
        title=o.title,
        kind=o.kind,
        team=o.team,
        weeks=o.weeks,
        open_until=o.open_until,
        contact_name=names.get(o.contact_id or ""),
    )


def _mentors(
    coach: Coach,
    requester: str,
    person: Person,
    gaps: Sequence[PathGap],
    expectations: dict[str, RoleExpectation],
    optins: Sequence[MentorOptIn],
    window: Period,
    names: dict[str, str],
) -> dict[str, Mentor]:
    """Per competency, the opted-in colleague with the most evidence at the target role's bar (or none)."""
    wanted = {g.competency for g in gaps}
    eligible = [
        m
        for m in optins
        if m.person_id != person.id
        and m.capacity > 0
        and person.language in m.languages
        and wanted & set(m.competencies)
    ]
    if not eligible:
        return {}
    tests = {c: (lambda e, x=expectations[c]: shows(x, e)) for c in wanted if c in expectations}
    counts = evidence_counts(
        coach, requester, [m.person_id for m in eligible], tests, window, purpose=f"mentor match for {person.id}"
    )
    out: dict[str, Mentor] = {}
    for competency in wanted:
        bar = expectations[competency].min_evidence
        ranked = sorted(
            (
                (-counts[m.person_id].get(competency, 0), m.person_id == person.manager_id, m.person_id)
                for m in eligible
                if competency in m.competencies and counts[m.person_id].get(competency, 0) >= bar
            ),
        )
        if ranked:
            mentor_id = ranked[0][2]
            out[competency] = Mentor(person_id=mentor_id, name=names.get(mentor_id, mentor_id), strong_in="")
    return out


def recommend(
    coach: Coach,
    requester: str,
    person: Person,
    gaps: list[PathGap],
    expectations: dict[str, RoleExpectation],
    events: Sequence[WorkEvent],
    window: Period,
    today: date,
    lang: str,
) -> None:
    """Fill each gap's courses, opening and mentor in place (the first gaps get first pick of openings)."""
    growth = coach.growth
    names = {p.id: p.name for p in coach.sql.list_people()}
    record = _norm(" ".join(f"{e.title} {e.description}" for e in events))
    catalog, openings = growth.learning(), growth.openings()
    mentors = _mentors(coach, requester, person, gaps, expectations, growth.mentors(), window, names)
    used_courses: set[str] = set()
    used_openings: set[str] = set()
    focus = {g.competency for g in gaps[:3]}
    for gap in gaps:
        gap.courses = _courses(gap, catalog, lang, record, used_courses)
        used_courses.update(c.id for c in gap.courses)
        gap.opening = _opening(gap, openings, person, today, names, used_openings, focus)
        if gap.opening:
            used_openings.add(gap.opening.id)
        mentor = mentors.get(gap.competency)
        if mentor is not None:
            gap.mentor = mentor.model_copy(update={"strong_in": gap.label})
