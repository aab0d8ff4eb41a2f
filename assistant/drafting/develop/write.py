"""The offline writer of a development path (en + zh), the 90-day plan, and the path as one readable text."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.drafting.develop.model import Citation, DevelopmentPath, GapWriting, PathGap, PathWriting, PlanStep
from assistant.drafting.develop.phrases import ACTIONS, S

__all__ = ["FOCUS", "build_plan", "layout", "write_offline"]

FOCUS = 3
"""How many gaps a 90-day plan works on (the rest are named in the notes for a later plan)."""


def _join(items: list[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return S.say("list_sep", lang).join(items[:-1]) + S.say("list_and", lang) + items[-1]


def _course(c, lang: str) -> str:  # type: ignore[no-untyped-def]
    hours = S.say("hours", lang, h=c.hours) if c.hours else ""
    title = c.title.strip("《》") if lang == "zh" else c.title
    return S.say("course", lang, title=title, provider=c.provider or c.kind.replace("_", " "), hours=hours)


def _until(day: date | None, lang: str) -> str:
    return S.say("until", lang, date=day.isoformat()) if day else ""


def build_plan(gaps: list[PathGap], start: date, lang: str, target: str) -> list[PlanStep]:
    """Three 30-day steps over the first gaps, each ending in a check-in with questions."""
    focus = gaps[:FOCUS]
    labels = _join([g.label for g in focus], lang)
    first: list[str] = [
        S.say("a.course", lang, course=_course(g.courses[0], lang), label=g.label) for g in focus if g.courses
    ]
    seen_openings: set[str] = set()
    for gap in focus:
        if gap.opening and gap.opening.id not in seen_openings:
            seen_openings.add(gap.opening.id)
            key = "a.opening" if gap.opening.contact_name else "a.opening_nocontact"
            until = _until(gap.opening.open_until, lang)
            first.append(S.say(key, lang, contact=gap.opening.contact_name, title=gap.opening.title, until=until))
    mentors: dict[str, list[str]] = {}
    for gap in focus:
        if gap.mentor:
            mentors.setdefault(gap.mentor.name, []).append(gap.label)
    first += [S.say("a.mentor", lang, mentor=name, label=_join(topics, lang)) for name, topics in mentors.items()]
    second = [
        S.say(
            "a.do",
            lang,
            label=_cap(g.label, lang),
            action=g.action[:1].lower() + g.action[1:] if lang != "zh" else g.action,
        )
        for g in focus
    ]
    third = [S.say("a.finish_course", lang, course=_course(g.courses[0], lang)) for g in focus if g.courses][:2]
    if focus:
        third.append(S.say("a.feedback", lang, labels=labels))
    steps = []
    for day, actions, question in (
        (30, first, S.say("q.30", lang)),
        (60, second, S.say("q.60", lang, labels=labels)),
        (90, third, S.say("q.90", lang, target=target)),
    ):
        steps.append(
            PlanStep(
                day=day,  # type: ignore[arg-type]
                checkin=start + timedelta(days=day),
                actions=actions or [S.say("q.30", lang)],
                checkin_questions=[question],
                competencies=[g.competency for g in focus],
            )
        )
    return steps


def _cap(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang != "zh" else text


def _who(c: Citation, lang: str) -> str:
    if c.speaker:
        return S.say("said_by", lang, speaker=c.speaker)
    if c.source == "one_on_one":
        return S.say("said_1on1", lang)
    return S.say("said_feedback", lang, title=c.title)


def _examples(citations: list[Citation], lang: str) -> str:
    items = [f"{c.title} [{c.event_id}]" for c in citations if c.role == "support"]
    return S.say("examples", lang, items=_join(items, lang)) if items else ""


def _critique(citations: list[Citation], lang: str) -> list[str]:
    """One sentence per thing said; the same words said of several pieces of work become one sentence."""
    by_text: dict[str, list[Citation]] = {}
    for c in citations:
        if c.role == "critique":
            by_text.setdefault(c.text or "", []).append(c)
    out = []
    for text, group in by_text.items():
        if len(group) == 1:
            c = group[0]
            out.append(S.say("why_critique_one", lang, who=_who(c, lang), text=text, date=c.date, id=c.event_id))
            continue
        refs = [
            S.say(
                "ref_speaker" if c.speaker else "ref_plain",
                lang,
                speaker=c.speaker,
                title=c.title,
                date=c.date,
                id=c.event_id,
            )
            for c in group
        ]
        sep = "；" if lang == "zh" else "; "
        out.append(S.say("why_critique_many", lang, text=text, n=len(group), refs=sep.join(refs)))
    return out


def gap_text(gap: PathGap, lang: str, name: str, self_view: bool) -> str:
    """Why this is a gap, citing every event it rests on."""
    parts = _critique(gap.citations, lang)
    support = [c for c in gap.citations if c.role == "support"]
    if gap.basis == "none":
        parts.append(S.say("why_none", lang))
    elif gap.basis == "critique" and not gap.support:
        pass  # the feedback is the whole story; "nothing on record" would read as a second charge
    elif gap.basis == "critique" and gap.support >= gap.needed:
        parts.append(S.say("why_support_enough", lang, n=gap.support, examples=_examples(support, lang)))
    else:
        parts.append(S.say("why_support", lang, n=gap.support, bar=gap.needed, examples=_examples(support, lang)))
    for c in gap.citations:
        if c.role == "aspiration":
            key = "wanted_you" if self_view else "wanted_name"
            parts.append(S.say(key, lang, name=name, text=c.text, date=c.date, id=c.event_id))
    return (" " if lang != "zh" else "").join(parts)


def write_offline(path: DevelopmentPath, self_view: bool) -> PathWriting:
    """The deterministic wording of a path's summary and gaps, in its language."""
    lang, name = path.language, path.subject_name.split()[0] if " " in path.subject_name else path.subject_name
    target = path.target_role.title
    current = path.current_role.title if path.current_role else S.say("no_current", lang)
    if path.gaps:
        key = "summary_you" if self_view else "summary_name"
        strengths = _join([s.label for s in path.strengths], lang) or S.say("nothing_yet", lang)
        summary = S.say(
            key,
            lang,
            name=name,
            current=current,
            target=target,
            strengths=strengths,
            gaps=_join([g.label for g in path.gaps], lang),
            focus=_join([g.label for g in path.gaps[:FOCUS]], lang),
        )
    else:
        summary = S.say("summary_no_gaps", lang, target=target)
    gaps = [
        GapWriting(competency=g.competency, text=gap_text(g, lang, name, self_view), event_ids=g.event_ids)
        for g in path.gaps
    ]
    return PathWriting(summary=summary, gaps=gaps)


def action_for(competency: str, lang: str) -> str:
    """The measurable 90-day action of a competency (a sentence, first letter raised in English)."""
    text = ACTIONS.say(competency, lang) if competency in ACTIONS else ACTIONS.say("learning", lang)
    return text[:1].upper() + text[1:] if lang != "zh" else text


def layout(path: DevelopmentPath) -> str:
    """The whole path as a person reads it."""
    lang = path.language
    colon = "：" if lang == "zh" else ": "
    out = [S.say("heading", lang, name=path.subject_name, target=path.target_role.title, level=path.target_role.level)]
    cur = path.current_role
    current = S.say("current", lang, title=cur.title, level=cur.level) if cur else ""
    reader = S.say("you", lang) if path.requester_id == path.subject_id else (path.requester_name or path.requester_id)
    out += [S.say("window", lang, window=path.window, current=current, reader=reader), "", path.summary]
    if path.strengths:
        out += ["", S.say("strengths", lang)]
        for s in path.strengths:
            examples = _join([f"{c.title} [{c.event_id}]" for c in s.citations if c.role == "support"][-2:], lang)
            line = S.say("strength_line", lang, label=_cap(s.label, lang), n=s.support, bar=s.needed, examples=examples)
            before = next((c for c in s.citations if c.role == "critique"), None)
            if s.improved and before is not None:
                line += S.say("improved", lang, text=before.text, date=before.date)
            out.append(f"- {line}")
    if path.gaps:
        out += ["", S.say("gaps", lang)]
        for number, gap in enumerate(path.gaps[:FOCUS], start=1):
            out.append(f"{number}. {_cap(gap.label, lang)}")
            out.append(f"   {S.say('expected', lang, target=path.target_role.title, expectation=gap.expectation)}")
            out.append(f"   {S.say('why', lang)}{colon}{gap.text}")
            courses = _join([_course(c, lang) for c in gap.courses], lang) or S.say("no_course", lang)
            out.append(f"   {S.say('learn', lang)}{colon}{courses}")
            if gap.opening:
                o = gap.opening
                opening = S.say(
                    "opening",
                    lang,
                    title=o.title,
                    kind=S.say(f"kind.{o.kind}", lang),
                    weeks=S.say("weeks", lang, n=o.weeks) if o.weeks else "",
                    until=_until(o.open_until, lang),
                    contact=S.say("contact", lang, name=o.contact_name) if o.contact_name else "",
                )
            else:
                opening = S.say("no_opening", lang)
            out.append(f"   {S.say('practise', lang)}{colon}{opening}")
            mentor = (
                S.say("mentor_line", lang, name=gap.mentor.name, label=gap.mentor.strong_in)
                if gap.mentor
                else S.say("no_mentor", lang)
            )
            out.append(f"   {S.say('mentor', lang)}{colon}{mentor}")
            out.append(f"   {S.say('goal90', lang)}{colon}{gap.action}")
    if path.plan:
        out += ["", S.say("plan", lang)]
        for step in path.plan:
            start = step.day - 29
            out.append(S.say("step_head", lang, start=start, day=step.day, date=step.checkin.isoformat()))
            if step.text:
                out.append(f"  {step.text}")
            out += [f"  - {a}" for a in step.actions]
            out += [f"  {S.say('checkin', lang)}{colon}{q}" for q in step.checkin_questions]
    if path.notes:
        out += ["", S.say("notes", lang)]
        out += [f"- {n}" for n in path.notes]
    return "\n".join(out)
