"""``development_path``: access check and evidence (retrieval), profile, ladder gaps, recommendations, a 90-day
plan, then the words — offline, or an LLM through ``prompts/development_path`` with the same checks — stored
and audited.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

from assistant.core.container import Coach
from assistant.core.errors import BadInput, NotFound
from assistant.core.models import WorkEvent
from assistant.core.periods import Period
from assistant.drafting.develop.assess import assess, current_role, resolve_target, role_ref, roles
from assistant.drafting.develop.model import DevelopmentPath, PathWriting
from assistant.drafting.develop.phrases import S
from assistant.drafting.develop.recommend import recommend
from assistant.drafting.develop.write import FOCUS, action_for, build_plan, layout, write_offline
from assistant.drafting.notes import dispute_note
from assistant.drafting.profile import build_profile
from assistant.drafting.prompting import quote_events
from assistant.drafting.providers import DraftContext, DraftOptions, Provider, get_provider, with_fallback
from guardrails import Policy, check_text, scan_events
from prompts import render
from retrieval import RetrievedEvent, retrieve

__all__ = ["development_path"]

_WINDOW_DAYS = 365


def _provider(coach: Coach, provider: Provider | None, fallback: bool) -> Provider:
    chosen = provider or get_provider(coach.settings.provider, coach.settings)
    return with_fallback(chosen, budget_s=coach.settings.llm_budget_s, enabled=fallback)


def development_path(
    coach: Coach,
    requester: str,
    subject: str,
    *,
    target_role: str | None = None,
    language: str | None = None,
    provider: Provider | None = None,
    today: date | None = None,
    fallback: bool = True,
    store: bool = True,
) -> DevelopmentPath:
    """The development path of ``subject`` towards ``target_role`` (default: the next role up their ladder).

    Raises:
        AccessDenied: the requester may not see the subject (audited by retrieval).
        BadInput: no ladder, an unknown target role, or an unknown language.
    """
    today = today or date.today()
    window = Period(
        label=f"{today - timedelta(days=_WINDOW_DAYS - 1)}..{today}",
        start=today - timedelta(days=_WINDOW_DAYS - 1),
        end=today,
    )
    result = retrieve(coach, requester, subject, window, token_budget=4000, pool=True)
    person = coach.sql.get_person(subject)
    if person is None:
        raise NotFound(f"no person {subject!r}")
    lang = language or person.language
    if lang not in ("en", "zh"):
        raise BadInput(f"language {lang!r}: use en or zh")
    by_role = roles(coach.growth.ladder())
    current = current_role(person, by_role)
    target = resolve_target(person, by_role, target_role, current)
    pool: list[WorkEvent] = list(result.pool)
    poisoned = set(scan_events(pool))
    usable = [e for e in pool if e.id not in poisoned]
    people = coach.sql.list_people()
    profile = build_profile(
        usable,
        subject_id=person.id,
        subject_name=person.name,
        period=window,
        lang=lang,
        catalog=coach.sql.metric_catalog(),
        colleagues=[p.name for p in people],
        teams=sorted({p.team for p in people}),
    )
    expectations = {row.competency: row for row in by_role[target]}
    strengths, gaps = assess(list(expectations.values()), profile, usable, lang)
    recommend(coach, requester, person, gaps, expectations, usable, window, today, lang)
    for gap in gaps:
        gap.action = action_for(gap.competency, lang)
    target_ref = role_ref(by_role[target], lang)
    user = coach.sql.get_user(requester)
    self_view = user is not None and user.person_id == person.id
    path = DevelopmentPath(
        requester_id=requester,
        requester_name=next((p.name for p in people if user is not None and p.id == user.person_id), None),
        subject_id=person.id,
        subject_name=person.name,
        language=lang,  # type: ignore[arg-type]
        window=window.label,
        current_role=role_ref(by_role[current], lang) if current else None,
        target_role=target_ref,
        strengths=strengths,
        gaps=gaps,
        plan=build_plan(gaps, today, lang, target_ref.title),
    )
    path.notes = _notes(path, result.disputed, poisoned, len(usable), lang)
    _write(coach, path, usable, provider, fallback, self_view)
    path.cited_event_ids = sorted(
        {c.event_id for g in path.gaps for c in g.citations} | {c.event_id for s in path.strengths for c in s.citations}
    )
    path.text = layout(path)
    if store:
        path.id, path.created_at = coach.growth.save_path(
            requester_id=requester,
            subject_id=person.id,
            target_role=target,
            event_ids=path.cited_event_ids,
            engine=path.engine,
            body=path.model_dump(mode="json"),
        )
    coach.sql.audit(
        requester_id=requester,
        subject_id=person.id,
        action="development_path",
        decision="allowed",
        reason=result.relation,
        details={"path_id": path.id, "target_role": target, "event_ids": path.cited_event_ids, "engine": path.engine},
    )
    return path


def _notes(path: DevelopmentPath, disputed: dict[str, str], poisoned: set[str], events: int, lang: str) -> list[str]:
    notes = []
    if events < 12:
        notes.append(S.say("note_thin", lang, n=events))
    later = path.gaps[FOCUS:]
    if later:
        sep = S.say("list_sep", lang)
        notes.append(
            S.say("note_more_gaps", lang, target=path.target_role.title, labels=sep.join(g.label for g in later))
        )
    first = path.subject_name.split()[0] if " " in path.subject_name else path.subject_name
    notes.extend(dispute_note(disputed, lang, first))
    if poisoned:
        notes.append(
            (
                "含有类似指令文字的事件未被使用："
                if lang == "zh"
                else "Events with instruction-like text were not used: "
            )
            + ", ".join(sorted(poisoned))
        )
    if any(g.mentor for g in path.gaps):
        notes.append(S.say("note_mentor_privacy", lang))
    notes.append(S.say("note_no_ai_decision", lang))
    return notes


def _inputs(path: DevelopmentPath, events: list[WorkEvent], self_view: bool) -> dict[str, object]:
    cited = set(path.cited_event_ids) | {c.event_id for g in path.gaps for c in g.citations}
    cited |= {c.event_id for s in path.strengths for c in s.citations}
    quoted, _ = quote_events([RetrievedEvent(**e.model_dump(), score=0.0, tokens=0) for e in events if e.id in cited])
    return {
        "subject_name": path.subject_name,
        "self_view": self_view,
        "current_role": path.current_role.title if path.current_role else None,
        "target_role": path.target_role.title,
        "target_level": path.target_role.level,
        "strengths": [
            {
                "competency": s.competency,
                "label": s.label,
                "events": s.support,
                "example_ids": [c.event_id for c in s.citations],
            }
            for s in path.strengths
        ],
        "gaps": [
            {
                "competency": g.competency,
                "label": g.label,
                "expectation": g.expectation,
                "basis": g.basis,
                "wanted": g.wanted,
                "evidence": f"{g.support}/{g.needed}",
                "citations": [c.model_dump(mode="json", exclude={"title"}) for c in g.citations],
            }
            for g in path.gaps
        ],
        "events": [e.model_dump(mode="json") for e in quoted],
        "output_schema": _schema(),
    }


def _ladder_event(
    path: DevelopmentPath, competency: str, support: int, needed: int, expectation: str, action: str
) -> WorkEvent:
    """The ladder's side of a statement as evidence the guardrails can check against: the counts, the bar, the
    expectation and the 90-day action are the engine's facts, not the writer's inventions."""
    today = date.fromisoformat(path.window.split("..")[1])
    gap = next((g for g in path.gaps if g.competency == competency), None)
    texts = Counter(c.text for c in (gap.citations if gap else []) if c.role == "critique")
    said = " ".join(str(n) for n in sorted(set(texts.values())))
    return WorkEvent(
        id=f"ladder-{competency}",
        person_id=path.subject_id,
        occurred_at=today,
        source="ladder",
        kind="context",
        title=f"{path.target_role.title} {competency}: evidence {support} bar {needed} days 30 60 90 said {said}",
        description=f"{expectation} {action}"[:8000],
    )


def _schema() -> str:
    return json.dumps(PathWriting.model_json_schema(), ensure_ascii=False)


def _write(
    coach: Coach,
    path: DevelopmentPath,
    events: list[WorkEvent],
    provider: Provider | None,
    fallback: bool,
    self_view: bool,
) -> None:
    """Word the path (offline or LLM), then check the words: known gaps only, citations within each gap's
    evidence, guardrails on every gap text; whatever fails is replaced by the offline wording, with a note."""
    lang = path.language
    prompt = render("development_path", lang, _inputs(path, events, self_view))
    path.template = {"id": prompt.template.id, "version": prompt.template.version, "sha256": prompt.template.sha256}
    engine = _provider(coach, provider, fallback)
    context = DraftContext(
        task="development_path",
        language=lang,
        subject_name=path.subject_name,
        events=[],
        options=DraftOptions(development=path, audience="employee" if self_view else "manager"),
    )
    generation = engine.generate(prompt, PathWriting, context)
    path.engine, path.fallback_from = generation.engine, generation.fallback_from
    path.notes.extend(n for n in generation.notes if n not in path.notes)
    written: PathWriting = generation.parsed  # type: ignore[assignment]
    offline = write_offline(path, self_view)
    by_gap = {w.competency: w for w in written.gaps}
    policy = Policy.from_settings(coach.settings)
    pool = {e.id: e for e in events}
    names = [path.subject_name, *path.subject_name.split()]
    replaced: list[str] = []
    for gap, fallback_words in zip(path.gaps, offline.gaps, strict=True):
        words = by_gap.get(gap.competency)
        allowed = set(gap.event_ids)
        if words is None or not words.text.strip() or not set(words.event_ids) <= allowed:
            gap.text = fallback_words.text
            if generation.engine != "offline":
                replaced.append(gap.label)
            continue
        evidence = [pool[i] for i in allowed if i in pool]
        report = check_text(words.text, lang=lang, evidence=evidence, statements=[(words.text, words.event_ids)],
                            visible_event_ids=set(pool), people_names=names, policy=policy)  # fmt: skip
        if report.verdict == "block":
            gap.text = fallback_words.text
            replaced.append(gap.label)
        else:
            gap.text = words.text
    path.summary = written.summary.strip() or offline.summary
    if replaced:
        path.notes.append(
            (
                "以下差距的文字未通过检查，改用离线引擎的表述："
                if lang == "zh"
                else "The model's words for these gaps failed the checks; the offline wording is used: "
            )
            + ", ".join(replaced)
        )
    ladder = {
        g.competency: _ladder_event(path, g.competency, g.support, g.needed, g.expectation, g.action) for g in path.gaps
    }
    ladder |= {s.competency: _ladder_event(path, s.competency, s.support, s.needed, "", "") for s in path.strengths}
    pool |= {e.id: e for e in ladder.values()}
    statements = [(f"{g.text} {g.action}.", [*g.event_ids, ladder[g.competency].id]) for g in path.gaps]
    statements += [
        (f"{s.label}: " + "; ".join(c.title for c in s.citations if c.title), [c.event_id for c in s.citations])
        for s in path.strengths
    ]
    whole = "\n".join([path.summary, *(t for t, _ in statements)])
    report = check_text(whole, lang=lang, evidence=list(pool.values()), statements=statements or None,
                        visible_event_ids=set(pool), people_names=names, policy=policy)  # fmt: skip
    path.guardrails = report.model_dump(mode="json") | {"checked_text": whole}
