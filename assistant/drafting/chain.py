"""The drafting chains (langchain LCEL): retrieve -> render -> generate+parse -> guardrails -> revise -> store.

Each arrow is a function from one typed state to the next, composed with ``RunnableLambda`` so any step
can be tested, benchmarked or replaced alone. No draft leaves without its guardrail report: the guard step
runs after every generation, and the revise loop feeds its findings to ``revise_with_findings``. A failing
LLM is the provider wrapper's business (``FallbackProvider``), not the chain's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from functools import partial
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.core import telemetry
from assistant.core.container import Coach
from assistant.core.errors import BadInput, ProviderError
from assistant.core.models import WorkEvent
from assistant.core.periods import Period, parse_period
from assistant.drafting.chain_state import ChainState
from assistant.drafting.citations import drop_unknown
from assistant.drafting.composer import metric_baselines
from assistant.drafting.effects import LLMCall, complete
from assistant.drafting.goal_checks import (
    check_key_results,
    objective_as_event,
    without_balance,
    without_dimensions,
)
from assistant.drafting.goal_steps import check_goal_request, goal_plan_step, plan_inputs, settle_goals
from assistant.drafting.layout import checked_text, feedback_text, goal_words, goals_text
from assistant.drafting.notes import dispute_note, profile_notes
from assistant.drafting.profile import EvidenceProfile, build_profile, prompt_profile
from assistant.drafting.profile.metrics import with_catalog
from assistant.drafting.prompting import SCHEMAS, coverage_note, quote_events, schema_json, takes_input
from assistant.drafting.providers import (
    DraftContext,
    DraftOptions,
    Generation,
    OfflineProvider,
    Provider,
    get_provider,
    with_fallback,
)
from assistant.drafting.request import DraftRequest
from assistant.drafting.review import review
from assistant.drafting.schemas import (
    DraftGuardrails,
    DraftResult,
    FeedbackDraft,
    GoalProposal,
    GoalSet,
    NoteStatement,
    Statement,
    TemplateRef,
    ThinNote,
    Usage,
)
from guardrails import Policy, check_text, scan_events
from prompts import RenderedPrompt, render
from retrieval import RetrievedEvent, retrieve, visible_events

__all__ = [
    "DraftRequest",
    "build_chain",
    "draft_feedback",
    "draft_goals",
    "draft_steps",
    "review_draft",
]

_log = logging.getLogger(__name__)


# -- steps ---------------------------------------------------------------------------------------------------


def _retrieve(coach: Coach, request: DraftRequest) -> ChainState:
    if request.prompt_version is None:  # a version pinned in settings, else the newest
        request.prompt_version = coach.settings.prompt_versions.get(request.task)
    period = parse_period(request.period)
    focus = request.focus or (request.interests if request.task == "goal_proposals" else None)
    span = period
    if request.task == "goal_proposals":  # a goal's baseline comes from the year before the period ends
        start = max(span.start.replace(year=span.end.year - 1), span.start.replace(year=span.start.year - 1))
        end = max(start, min(span.end, request.as_of)) if request.as_of else span.end
        span = Period(label=f"{start}..{end}", start=start, end=end)
    budget = request.token_budget or (4000 if request.task != "feedback_draft" else None)
    result = retrieve(coach, request.requester, request.subject, span, focus=focus, token_budget=budget, pool=True)
    if request.transform_events is not None:
        selected = {x.id for x in result.events}
        rest = [
            RetrievedEvent(**e.model_dump(), score=result.pool_scores.get(e.id, 0.0), tokens=0)
            for e in result.pool
            if e.id not in selected
        ]
        pool = request.transform_events(rest)
        events = request.transform_events(list(result.events))
        result = result.model_copy(update={"events": events, "pool": [*events, *pool]})
    if request.subject_alias:
        result = result.model_copy(
            update={"subject": result.subject.model_copy(update={"name": request.subject_alias})}
        )
    lang = request.language or result.subject.language
    if lang not in ("en", "zh"):
        raise BadInput(f"language {lang!r}: use en or zh")
    state = ChainState(request=request, period=period, span=span, retrieval=result, language=lang)
    _include_events(coach, state)
    # the catalog's unit and direction, on the events the draft is written from and checked against alike
    catalog = state.catalog = coach.sql.metric_catalog()
    state.recorded = list(state.retrieval.events)  # what a model's prompt quotes: the events as recorded
    events, pool = with_catalog(state.retrieval.events, catalog), with_catalog(state.retrieval.pool, catalog)
    state.retrieval = state.retrieval.model_copy(update={"events": events, "pool": pool})
    state.pool = {e.id: e for e in [*state.retrieval.pool, *state.retrieval.events]}
    state.notes.extend(dispute_note(state.retrieval.disputed, lang, _subject_name(state)))
    if state.retrieval.coverage.not_enough_data:
        reasons = "; ".join(state.retrieval.coverage.reasons)
        state.notes.append(f"数据不足：{reasons}" if lang == "zh" else f"Not enough data: {reasons}")
    return state


def _include_events(coach: Coach, state: ChainState) -> None:
    """Add the requested events (and a previous draft's citations) the requester may see to the evidence."""
    request, result = state.request, state.retrieval
    wanted = list(request.include_event_ids or [])
    if request.previous is not None:
        wanted += [i for s in request.previous.statements for i in s.event_ids]
    have = {e.id for e in result.events}
    wanted = [i for i in dict.fromkeys(wanted) if i not in have]
    if not wanted:
        return
    added = visible_events(
        coach, request.requester, result.subject.id, ids=wanted, period=state.span, drop_disputed=True
    )
    if added:
        events = sorted([*result.events, *added], key=lambda e: (e.occurred_at, e.id))
        state.retrieval = result.model_copy(
            update={"events": events, "tokens_used": result.tokens_used + sum(e.tokens for e in added)}
        )


def _profile(coach: Coach, state: ChainState) -> ChainState:
    """The evidence profile of a feedback draft: every visible event of the period, as structure.

    Events with instruction-like text (prompt injection) are left out of it, so nothing they say is quoted.
    """
    if state.request.task == "goal_proposals":
        goal_plan_step(coach, state, _subject_name(state))
        return state
    if state.request.task != "feedback_draft":
        return state
    result = state.retrieval
    poisoned = state.poisoned = set(scan_events(list(state.pool.values())))
    if poisoned:
        state.notes.append(
            ("含有类似指令文字的事件未用于起草：" if state.language == "zh" else "Events with instruction-like text "
             "were not used for writing: ") + ", ".join(sorted(poisoned))
        )  # fmt: skip
    cov = result.coverage
    people = coach.sql.list_people()
    state.profile = build_profile(
        [e for e in state.pool.values() if e.id not in poisoned],
        subject_id=result.subject.id,
        subject_name=result.subject.name,
        period=state.period,
        lang=state.language,
        catalog=state.catalog,
        thin=cov.not_enough_data,
        thin_reasons=cov.reasons,
        colleagues=[p.name for p in people],
        teams=sorted({p.team for p in people if p.team}),
    )
    state.notes.extend(profile_notes(state.profile, state.language, _subject_name(state)))
    return state


def _evidence(state: ChainState, ids: set[str] | None = None) -> list[WorkEvent]:
    """The events a draft rests on: the selected evidence, plus any other visible event the draft cites."""
    selected = list(state.retrieval.events)
    have = {e.id for e in selected}
    wanted = ids if ids is not None else _cited(state)
    extra = [state.pool[i] for i in sorted(wanted) if i in state.pool and i not in have]
    return sorted([*selected, *extra], key=lambda e: (e.occurred_at, e.id))


def _cited(state: ChainState) -> set[str]:
    parsed = state.parsed
    if isinstance(parsed, FeedbackDraft | ThinNote):
        return {i for s in parsed.statements for i in s.event_ids}
    if isinstance(parsed, GoalSet):
        return {i for g in parsed.goals for i in g.event_ids}
    return set()


def _named_in_profile(profile: EvidenceProfile | None) -> list[str]:
    """Colleagues the profile names (who said what, whom the work helped): the guardrails then read these
    names whole, and still check that each appears in the events a statement cites."""
    if profile is None:
        return []
    themes = [*profile.praise, *profile.critique]
    names = [s for t in themes for s in t.speakers] + [p for a in profile.collaboration for p in a.people]
    return list(dict.fromkeys(names))


def _subject_name(state: ChainState) -> str:
    name = state.retrieval.subject.name
    return name.split()[0] if " " in name else name  # "Carla" in either language; Chinese names stay whole


def _render(coach: Coach, state: ChainState) -> ChainState:
    req, result = state.request, state.retrieval
    recorded = {e.id: e for e in state.recorded}
    state.prompt_events, notes = quote_events([recorded.get(e.id, e) for e in result.events])
    state.notes.extend(notes)
    subject = coach.sql.get_person(result.subject.id)
    if subject is None:
        raise BadInput(f"no person {result.subject.id!r}")
    author = coach.sql.get_person(getattr(coach.sql.get_user(req.requester), "person_id", req.requester))
    options = DraftOptions(
        tone=req.tone,
        length=req.length,
        focus=req.focus,
        audience=req.audience,
        profile=state.profile,
        thin=bool(state.profile and state.profile.thin),
        period=state.period,
        author=author.name if author else None,
    )
    events = [e.model_dump(mode="json") for e in state.prompt_events]
    inputs: dict[str, object]
    if req.task == "feedback_draft":
        inputs = {
            "subject_name": result.subject.name,
            "job_family": subject.job_family,
            "level": subject.level,
            "period": req.period,
            "focus": req.focus,
            "tone": req.tone,
            "length": req.length,
            "events": events,
            "coverage_note": coverage_note(result, state.language),
            "output_schema": schema_json(req.task),
        }
        if state.profile is not None and takes_input(req, state.language, "profile"):
            inputs |= {
                "audience": req.audience,
                "subject_first_name": _subject_name(state),
                "profile": prompt_profile(state.profile, state.poisoned),
            }
    else:
        options.objectives, options.skills, options.interests = state.objectives, subject.skills, req.interests
        options.goal_plan = state.goal_plan.goals if state.goal_plan else None
        inputs = {
            "subject_name": result.subject.name,
            "job_family": subject.job_family,
            "level": subject.level,
            "skills": subject.skills,
            "period": req.period,
            "team_objectives": [o.model_dump(mode="json") for o in state.objectives],
            "interests": req.interests,
            "events": events,
            "baselines": list(metric_baselines(result.events).values()),
            "output_schema": schema_json(req.task),
        }
        if state.goal_plan is not None and takes_input(req, state.language, "plan"):
            inputs |= plan_inputs(state)
    state.prompt = render(req.task, state.language, inputs, version=req.prompt_version, prompts_dir=req.prompts_dir)
    composing = list(state.pool.values()) if req.task == "feedback_draft" else list(result.events)
    scores = dict(result.pool_scores) | {e.id: e.score for e in result.events}
    state.context = DraftContext(
        task=req.task,
        language=state.language,
        subject_name=_subject_name(state),
        events=composing,  # the profile leaves instruction-like events out; a model reads them neutralised
        scores=scores,
        options=options,
    )
    return state


def _generate(coach: Coach, provider: Provider, state: ChainState) -> Generator[LLMCall, Any, ChainState]:
    assert state.prompt is not None and state.context is not None
    previous = state.request.previous
    if previous is not None and state.request.task == "feedback_draft":
        state.parsed = previous  # a revision starts from the draft the user has, not from a new one
        return state
    if state.profile is not None and state.profile.thin:
        # Too little evidence for a review: the thin-data form lists facts and questions, which the
        # deterministic engine writes for every provider (there is nothing for a model to interpret).
        state.generation = yield from _call(coach, OfflineProvider(), state.prompt, "thin_note", state.context, state)
        if provider.id != "offline":
            state.notes.append(
                "数据不足时由离线引擎给出简短说明。"
                if state.language == "zh"
                else "The thin-data form is written by the offline engine."
            )
        return state
    generation = yield from _call(coach, provider, state.prompt, state.request.task, state.context, state)
    state.generation = generation
    return state


def _call(
    coach: Coach, provider: Provider, prompt: RenderedPrompt, task: str, context: DraftContext, state: ChainState
) -> Generator[LLMCall, Any, Generation]:
    """One provider call, with its tokens, time, engine and notes recorded on the state.

    A provider that can be awaited is called as an effect (:class:`LLMCall`): the driver of the chain
    performs it (in place, or awaited on the server's event loop) and sends the generation back.
    """
    if provider.id != "offline":
        state.prompt_tokens += coach.token_counter.count(prompt.system + "\n" + prompt.user)
    steps = getattr(provider, "generate_steps", None)
    if steps is not None:
        generation = yield from steps(prompt, SCHEMAS[task], context)
    else:
        generation = provider.generate(prompt, SCHEMAS[task], context)
    parsed = generation.parsed
    if not isinstance(parsed, FeedbackDraft | GoalSet | ThinNote):
        raise ProviderError(f"provider {provider.id} answered with {type(parsed).__name__}, not a draft")
    state.parsed = parsed
    state.engine = generation.engine
    state.fallback_from = state.fallback_from or generation.fallback_from
    state.provider_ms += generation.latency_ms
    state.notes.extend(n for n in generation.notes if n not in state.notes)
    state.completion_tokens += coach.token_counter.count(generation.raw)
    return generation


def _guard(coach: Coach, state: ChainState) -> ChainState:
    result, parsed = state.retrieval, state.parsed
    assert parsed is not None
    names = [result.subject.name, _subject_name(state), *_named_in_profile(state.profile)]
    policy = Policy.from_settings(coach.settings)
    if isinstance(parsed, GoalSet):
        parsed = state.parsed = settle_goals(state, parsed)
    evidence: list[WorkEvent] = _evidence(state)
    if isinstance(parsed, FeedbackDraft | ThinNote):
        pairs = [(s.text, s.event_ids) for s in parsed.statements]
    else:
        # A goal also rests on the team objective it is aligned to: that objective is evidence it may quote.
        evidence += [objective_as_event(o, result.subject.id) for o in state.objectives]
        pairs = [
            (goal_words(g, state.language), [*g.event_ids, *([g.aligned_to] if g.aligned_to else [])])
            for g in parsed.goals
        ]
    report = check_text(
        checked_text(parsed, state.language) if not isinstance(parsed, GoalSet) else "\n".join(p[0] for p in pairs),
        lang=state.language,  # type: ignore[arg-type]
        evidence=evidence,
        statements=pairs,
        visible_event_ids={e.id for e in evidence} | set(state.pool),
        people_names=names,
        period=state.period,
        team=result.subject.team,
        policy=policy,
    )
    if isinstance(parsed, GoalSet):
        report = without_balance(report, policy, result.subject.team)
    elif state.profile is not None and state.profile.thin:
        report = without_dimensions(report, policy, result.subject.team, ("balance", "specificity", "recency"))
    if isinstance(parsed, GoalSet):
        found = check_key_results(parsed, [*state.pool.values()], state.objectives, state.language)
        state.notes.extend(n for n in found if n not in state.notes)
    state.report = report
    return state


def _revise(coach: Coach, provider: Provider, state: ChainState) -> Generator[LLMCall, Any, ChainState]:
    """Feed guardrail findings back until the verdict passes or the rounds run out."""
    rounds = coach.settings.revise_rounds
    wants_instruction = bool(state.request.instruction)
    assert state.report is not None
    if isinstance(state.parsed, ThinNote):
        return state  # the thin-data form states facts and questions: there is nothing to revise towards
    while (state.report.verdict != "pass" or wants_instruction) and state.revisions < rounds:
        assert state.parsed is not None and state.context is not None
        task = state.request.task
        prompt = render(
            "revise_with_findings",
            state.language,
            prompts_dir=state.request.prompts_dir,
            inputs={
                "task": task,
                "previous": state.parsed.model_dump_json(),
                "findings": [f.model_dump() for f in state.report.findings],
                "instruction": state.request.instruction,
                "events": [e.model_dump(mode="json") for e in state.prompt_events],
                "output_schema": schema_json(task),
            },
        )
        base = state.context.options
        context = DraftContext(
            task="revise_with_findings" if task == "feedback_draft" else task,
            language=state.language,
            subject_name=state.context.subject_name,
            events=state.context.events,
            scores=state.context.scores,
            options=DraftOptions(
                **{k: getattr(base, k) for k in _KEPT_OPTIONS},
                thin=base.thin,
                period=base.period,
                previous=state.parsed,
                findings=list(state.report.findings),
                instruction=state.request.instruction,
                add_event_ids=_to_add(state),
            ),
        )
        yield from _call(coach, provider, prompt, task, context, state)
        state.revisions += 1
        wants_instruction = False
        _guard(coach, state)
    return state


_KEPT_OPTIONS = ("tone", "length", "focus", "interests", "objectives", "skills", "audience", "profile", "goal_plan",
                 "author")  # fmt: skip
"""What a revision keeps of the draft's options."""


def _to_add(state: ChainState) -> list[str]:
    """Requested events the current draft does not cite yet (a revision adds a statement for each)."""
    if not state.request.include_event_ids or not isinstance(state.parsed, FeedbackDraft):
        return []
    cited = {i for s in state.parsed.statements for i in s.event_ids}
    return [i for i in state.request.include_event_ids if i not in cited]


def _finish(coach: Coach, state: ChainState) -> DraftResult:
    result, report, parsed = state.retrieval, state.report, state.parsed
    assert report is not None and parsed is not None and state.prompt is not None
    lang = state.language
    statements: list[Statement | NoteStatement] = []
    goals: list[GoalProposal] = []
    if isinstance(parsed, GoalSet):
        goals = list(parsed.goals)
    else:
        statements = list(parsed.statements)
    statements, goals = _drop_unknown_citations(statements, goals, state)
    text = (
        goals_text(parsed.summary, goals, lang)
        if isinstance(parsed, GoalSet)
        else feedback_text(parsed.summary, statements, lang)
    )
    if report.verdict == "block":
        reasons = sorted({f.kind for f in report.findings})
        state.notes.append(
            ("草稿被护栏拦截：" if lang == "zh" else "Draft blocked by the guardrails: ") + ", ".join(reasons)
        )
        text = "[草稿已拦截，见护栏报告]" if lang == "zh" else "[draft withheld: see the guardrail report]"
    cited = {i for s in statements for i in s.event_ids} | {i for g in goals for i in g.event_ids}
    total_ms = (time.perf_counter() - state.started) * 1000
    template = state.prompt.template
    draft = DraftResult(
        task=state.request.task,
        requester_id=state.request.requester,
        subject_id=result.subject.id,
        subject_name=result.subject.name,
        period=state.request.period,
        language=lang,  # type: ignore[arg-type]
        text=text,
        statements=statements,
        summary=parsed.summary,
        goals=goals,
        evidence=[e.model_dump(mode="json") for e in _evidence(state, cited)],
        coverage=result.coverage,
        form="thin_data" if state.profile is not None and state.profile.thin else "review",
        audience=state.request.audience,
        profile=state.profile,
        engine=state.engine,
        fallback_from=state.fallback_from,
        model=state.generation.model if state.generation else None,
        template=TemplateRef(
            id=template.id, version=template.version, language=template.language, sha256=template.sha256
        ),
        guardrails=DraftGuardrails(**report.model_dump(), checked_text=checked_text(parsed, lang)),
        revisions=state.revisions,
        usage=Usage(
            prompt_tokens=state.prompt_tokens,
            completion_tokens=state.completion_tokens,
            latency_ms=round(state.provider_ms, 2),
            overhead_ms=round(total_ms - state.provider_ms, 2),
        ),
        notes=state.notes,
        cited_event_ids=sorted(cited),
        interests=state.request.interests if state.request.task == "goal_proposals" else None,
    )
    if state.request.store:
        draft.id = coach.sql.save_draft(draft)
    telemetry.count("guardrail_verdicts", verdict=report.verdict)
    what = f"{len(result.events)} events, {state.revisions} revisions, provider {state.provider_ms:.0f} ms"
    extra = {"draft_id": draft.id, "engine": state.engine, "verdict": report.verdict}
    _log.info("%s %s for %s: %s, %s, total %.0f ms", state.request.task, draft.id, result.subject.id,
              report.verdict, what, total_ms, extra=extra)  # fmt: skip
    return draft


def _drop_unknown_citations(
    statements: list[Statement | NoteStatement], goals: list[GoalProposal], state: ChainState
) -> tuple[list[Statement | NoteStatement], list[GoalProposal]]:
    """Citations of events not in the evidence (invented, or not visible) never reach the reader."""
    known = {e.id for e in state.retrieval.events} | set(state.pool) | {o.id for o in state.objectives}
    statements, goals, note = drop_unknown(statements, goals, known, state.language)
    if note:
        state.notes.append(note)
    return statements, goals


# -- public entry points -------------------------------------------------------------------------------------


def _steps(
    coach: Coach, provider: Provider, request: DraftRequest | None = None
) -> list[tuple[str, Callable[[Any], Any]]]:
    """The chain's steps in order, by name: the one definition behind ``build_chain`` and ``draft_steps``.

    The provider is wrapped for this one draft, so an LLM that fails (or runs out of the draft's time
    budget) falls back to the offline engine once and stays there for the draft's revise rounds; unless the
    request says ``fallback=False``, when the error is raised.
    """
    budget = request.llm_budget_s if request is not None and request.llm_budget_s else coach.settings.llm_budget_s
    engine = with_fallback(provider, budget_s=budget, enabled=request is None or request.fallback)
    return [
        ("retrieve", partial(_retrieve, coach)),
        ("profile", partial(_profile, coach)),
        ("render", partial(_render, coach)),
        ("generate", partial(_generate, coach, engine)),
        ("guard", partial(_guard, coach)),
        ("revise", partial(_revise, coach, engine)),
        ("finish", partial(_finish, coach)),
    ]


def _in_place(step: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A step whose model calls (effects) run in place: what a synchronous pipeline needs."""

    def run(value: Any) -> Any:
        out = step(value)
        return complete(out) if isinstance(out, Generator) else out

    return run


def build_chain(
    coach: Coach, provider: Provider, request: DraftRequest | None = None
) -> Runnable[DraftRequest, DraftResult]:
    """The LCEL pipeline for feedback drafts and goal proposals (``request``: its fallback and budget); model
    calls block (see :func:`draft_steps`)."""
    (_, first), *rest = _steps(coach, provider, request)
    chain: Runnable[Any, Any] = RunnableLambda(_in_place(first))
    for _, step in rest:
        chain = chain | RunnableLambda(_in_place(step))
    return chain


def _provider(coach: Coach, provider: Provider | None) -> Provider:
    return provider or get_provider(coach.settings.provider, coach.settings)


def draft_feedback(coach: Coach, request: DraftRequest, provider: Provider | None = None) -> DraftResult:
    """A feedback draft with citations, evidence, coverage and its guardrail report (stored)."""
    request.task = "feedback_draft"
    return build_chain(coach, _provider(coach, provider), request).invoke(request)


def draft_goals(coach: Coach, request: DraftRequest, provider: Provider | None = None) -> DraftResult:
    """Three to five goal proposals for the requester themself (stored)."""
    check_goal_request(request)
    request.task = "goal_proposals"
    return build_chain(coach, _provider(coach, provider), request).invoke(request)


def draft_steps(
    coach: Coach, request: DraftRequest, provider: Provider | None = None
) -> Generator[str | LLMCall | DraftResult, Any, None]:
    """The same chain one step at a time, for callers that report progress (the chat).

    Yields each step's name just before it runs (``retrieve``, ``render``, ``generate``, ``guard``,
    ``revise``, ``finish``), then the stored ``DraftResult``. ``request.task`` says which chain. Model calls
    are yielded as :class:`LLMCall` effects: the caller performs each and sends its result back (or throws
    its error in); ``assistant.drafting.effects.run_sync`` does that in place.
    """
    if request.task == "goal_proposals":
        check_goal_request(request)
    value: Any = request
    for name, step in _steps(coach, _provider(coach, provider), request):
        yield name
        out = step(value)
        value = (yield from out) if isinstance(out, Generator) else out
    yield value


def review_draft(coach: Coach, request: DraftRequest) -> DraftResult:
    """A manager's own text -> guardrail findings plus the key events it leaves out (stored)."""
    return review(coach, request)
