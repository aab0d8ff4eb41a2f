"""The drafting chains (langchain LCEL): retrieve -> render -> generate+parse -> guardrails -> revise -> store.

Each arrow is a function from one typed state to the next, composed with ``RunnableLambda`` so any step
can be tested, benchmarked or replaced alone. No draft leaves without its guardrail report: the guard step
runs after every generation, and the revise loop feeds its findings to ``revise_with_findings``. A failing
LLM is the provider wrapper's business (``FallbackProvider``), not the chain's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.core.container import Coach
from assistant.core.errors import BadInput, ProviderError
from assistant.core.models import TeamObjective, WorkEvent
from assistant.core.periods import Period, parse_period
from assistant.drafting.composer import metric_baselines
from assistant.drafting.goal_checks import check_key_results, goals_report, objective_as_event
from assistant.drafting.layout import checked_text, feedback_text, goal_words, goals_text
from assistant.drafting.providers import DraftContext, DraftOptions, Generation, Provider, get_provider, with_fallback
from assistant.drafting.request import DraftRequest
from assistant.drafting.review import review
from assistant.drafting.schemas import (
    DraftGuardrails,
    DraftResult,
    FeedbackDraft,
    GoalProposal,
    GoalSet,
    Statement,
    TemplateRef,
    Usage,
)
from guardrails import GuardrailReport, Policy, check_text, neutralise
from prompts import PromptEvent, RenderedPrompt, render
from retrieval import RetrievalResult, RetrievedEvent, retrieve, visible_events

__all__ = [
    "DraftRequest",
    "build_chain",
    "draft_feedback",
    "draft_goals",
    "draft_steps",
    "review_draft",
]

_SCHEMAS: dict[str, type[FeedbackDraft] | type[GoalSet]] = {"feedback_draft": FeedbackDraft, "goal_proposals": GoalSet}


@lru_cache(maxsize=8)
def _schema_json(task: str) -> str:
    """The output schema as JSON text for the prompt (built once per task, not per draft)."""
    return json.dumps(_SCHEMAS[task].model_json_schema(), ensure_ascii=False)


@dataclass
class ChainState:
    """What one draft carries from step to step."""

    request: DraftRequest
    period: Period
    span: Period
    """The evidence window: the period, or for goals the year up to the period's end."""
    retrieval: RetrievalResult
    language: str
    started: float = field(default_factory=time.perf_counter)
    objectives: list[TeamObjective] = field(default_factory=list)
    context: DraftContext | None = None
    prompt: RenderedPrompt | None = None
    generation: Generation | None = None
    parsed: FeedbackDraft | GoalSet | None = None
    report: GuardrailReport | None = None
    revisions: int = 0
    provider_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    engine: str = "offline"
    fallback_from: str | None = None
    notes: list[str] = field(default_factory=list)
    prompt_events: list[PromptEvent] = field(default_factory=list)


# -- steps ---------------------------------------------------------------------------------------------------


def _retrieve(coach: Coach, request: DraftRequest) -> ChainState:
    period = parse_period(request.period)
    focus = request.focus or (request.interests if request.task == "goal_proposals" else None)
    span = period
    if request.task == "goal_proposals":  # a goal's baseline comes from the year before the period ends
        start = max(span.start.replace(year=span.end.year - 1), span.start.replace(year=span.start.year - 1))
        span = Period(label=f"{start}..{span.end}", start=start, end=span.end)
    budget = request.token_budget or (4000 if request.task != "feedback_draft" else None)
    result = retrieve(coach, request.requester, request.subject, span, focus=focus, token_budget=budget)
    if request.transform_events is not None:
        result = result.model_copy(update={"events": request.transform_events(list(result.events))})
    if request.subject_alias:
        result = result.model_copy(
            update={"subject": result.subject.model_copy(update={"name": request.subject_alias})}
        )
    lang = request.language or result.subject.language
    if lang not in ("en", "zh"):
        raise BadInput(f"language {lang!r}: use en or zh")
    state = ChainState(request=request, period=period, span=span, retrieval=result, language=lang)
    _include_events(coach, state)
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
    added = visible_events(coach, request.requester, result.subject.id, ids=wanted, period=state.span)
    if added:
        events = sorted([*result.events, *added], key=lambda e: (e.occurred_at, e.id))
        state.retrieval = result.model_copy(
            update={"events": events, "tokens_used": result.tokens_used + sum(e.tokens for e in added)}
        )


def _quoted(events: list[RetrievedEvent]) -> tuple[list[PromptEvent], list[str]]:
    """Events as prompt data with instruction-like text neutralised; returns notes on what was removed."""
    out, notes = [], []
    for e in events:
        title, f1 = neutralise(e.title)
        description, f2 = neutralise(e.description)
        # A metric's name is event text too: an instruction hidden there must not reach the model verbatim.
        metrics, f3 = {}, []
        for name, metric in e.metrics.items():
            clean, found = neutralise(name)
            metrics[clean] = metric.model_dump(exclude_none=True)
            f3 += found
        if f1 or f2 or f3:
            notes.append(f"instruction-like text removed from event {e.id} before prompting")
        out.append(
            PromptEvent(
                id=e.id,
                date=f"{e.occurred_at:%Y-%m-%d}",
                source=e.source,
                kind=e.kind,
                project=e.project,
                title=title,
                description=description,
                metrics=metrics,
                visibility=e.visibility,
            )
        )
    return out, notes


def _subject_name(state: ChainState) -> str:
    name = state.retrieval.subject.name
    return name.split()[0] if state.language == "en" and " " in name else name


def _coverage_note(result: RetrievalResult, lang: str) -> str:
    cov = result.coverage
    if lang == "zh":
        return (
            f"共 {cov.available_events} 条可见事件，选用 {cov.selected_events} 条，覆盖 {cov.months_selected}/"
            f"{cov.months_in_period} 个月，近 6 周占比 {cov.recent_share:.0%}。"
        )
    return (
        f"{cov.selected_events} of {cov.available_events} visible events, covering {cov.months_selected} of "
        f"{cov.months_in_period} months; {cov.recent_share:.0%} from the last 6 weeks."
    )


def _render(coach: Coach, state: ChainState) -> ChainState:
    req, result = state.request, state.retrieval
    state.prompt_events, notes = _quoted(result.events)
    state.notes.extend(notes)
    subject = coach.sql.get_person(result.subject.id)
    if subject is None:
        raise BadInput(f"no person {result.subject.id!r}")
    options = DraftOptions(tone=req.tone, length=req.length, focus=req.focus)
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
            "coverage_note": _coverage_note(result, state.language),
            "output_schema": _schema_json(req.task),
        }
    else:
        state.objectives = [o for o in coach.sql.objectives(subject.team) if _overlaps(o.period, state.period)]
        options.objectives, options.skills, options.interests = state.objectives, subject.skills, req.interests
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
            "output_schema": _schema_json(req.task),
        }
    state.prompt = render(req.task, state.language, inputs, version=req.prompt_version, prompts_dir=req.prompts_dir)
    state.context = DraftContext(
        task=req.task,
        language=state.language,
        subject_name=_subject_name(state),
        events=list(result.events),
        scores={e.id: e.score for e in result.events},
        options=options,
    )
    return state


def _overlaps(label: str, period: Period) -> bool:
    try:
        other = parse_period(label)
    except BadInput:
        return False
    return other.start <= period.end and period.start <= other.end


def _generate(coach: Coach, provider: Provider, state: ChainState) -> ChainState:
    assert state.prompt is not None and state.context is not None
    previous = state.request.previous
    if previous is not None and state.request.task == "feedback_draft":
        state.parsed = previous  # a revision starts from the draft the user has, not from a new one
        return state
    generation = _call(coach, provider, state.prompt, state.request.task, state.context, state)
    state.generation = generation
    return state


def _call(
    coach: Coach, provider: Provider, prompt: RenderedPrompt, task: str, context: DraftContext, state: ChainState
) -> Generation:
    """One provider call, with its tokens, time, engine and notes recorded on the state."""
    if provider.id != "offline":
        state.prompt_tokens += coach.token_counter.count(prompt.system + "\n" + prompt.user)
    generation = provider.generate(prompt, _SCHEMAS[task], context)
    parsed = generation.parsed
    if not isinstance(parsed, FeedbackDraft | GoalSet):
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
    names = [result.subject.name, _subject_name(state)]
    policy = Policy.from_settings(coach.settings)
    evidence: list[WorkEvent] = list(result.events)
    if isinstance(parsed, FeedbackDraft):
        pairs = [(s.text, s.event_ids) for s in parsed.statements]
    else:
        # A goal also rests on the team objective it is aligned to: that objective is evidence it may quote.
        evidence += [objective_as_event(o, result.subject.id) for o in state.objectives]
        pairs = [
            (goal_words(g, state.language), [*g.event_ids, *([g.aligned_to] if g.aligned_to else [])])
            for g in parsed.goals
        ]
    report = check_text(
        checked_text(parsed, state.language) if isinstance(parsed, FeedbackDraft) else "\n".join(p[0] for p in pairs),
        lang=state.language,  # type: ignore[arg-type]
        evidence=evidence,
        statements=pairs,
        visible_event_ids={e.id for e in evidence},
        people_names=names,
        period=state.period,
        team=result.subject.team,
        policy=policy,
    )
    if isinstance(parsed, GoalSet):
        report = goals_report(report, policy, result.subject.team)
        state.notes.extend(check_key_results(parsed, result.events, state.objectives, state.language))
    state.report = report
    return state


def _revise(coach: Coach, provider: Provider, state: ChainState) -> ChainState:
    """Feed guardrail findings back until the verdict passes or the rounds run out."""
    rounds = coach.settings.revise_rounds
    wants_instruction = bool(state.request.instruction)
    assert state.report is not None
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
                "output_schema": _schema_json(task),
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
                **{k: getattr(base, k) for k in ("tone", "length", "focus", "interests", "objectives", "skills")},
                previous=state.parsed,
                findings=list(state.report.findings),
                instruction=state.request.instruction,
                add_event_ids=_to_add(state),
            ),
        )
        _call(coach, provider, prompt, task, context, state)
        state.revisions += 1
        wants_instruction = False
        _guard(coach, state)
    return state


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
    statements: list[Statement] = []
    goals: list[GoalProposal] = []
    if isinstance(parsed, FeedbackDraft):
        statements = list(parsed.statements)
    else:
        goals = list(parsed.goals)
    statements, goals = _drop_unknown_citations(statements, goals, state)
    text = (
        feedback_text(parsed.summary, statements, lang)
        if isinstance(parsed, FeedbackDraft)
        else goals_text(parsed.summary, goals, lang)
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
        evidence=[e.model_dump(mode="json") for e in result.events],
        coverage=result.coverage,
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
    )
    if state.request.store:
        draft.id = coach.sql.save_draft(draft)
    return draft


def _drop_unknown_citations(
    statements: list[Statement], goals: list[GoalProposal], state: ChainState
) -> tuple[list[Statement], list[GoalProposal]]:
    """Citations of events not in the evidence (invented, or not visible) never reach the reader."""
    known = {e.id for e in state.retrieval.events} | {o.id for o in state.objectives}
    dropped = sorted(
        {i for s in statements for i in s.event_ids if i not in known}
        | {i for g in goals for i in g.event_ids if i not in known}
    )
    if not dropped:
        return statements, goals
    state.notes.append(
        ("已删除不在证据中的引用：" if state.language == "zh" else "Citations not in the evidence were removed: ")
        + ", ".join(dropped)
    )
    statements = [s.model_copy(update={"event_ids": [i for i in s.event_ids if i in known]}) for s in statements]
    goals = [g.model_copy(update={"event_ids": [i for i in g.event_ids if i in known]}) for g in goals]
    return statements, goals


# -- public entry points -------------------------------------------------------------------------------------


def _steps(coach: Coach, provider: Provider) -> list[tuple[str, Callable[[Any], Any]]]:
    """The chain's steps in order, by name: the one definition behind ``build_chain`` and ``draft_steps``.

    The provider is wrapped for this one draft, so an LLM that fails falls back to the offline engine once
    and stays there for the draft's revise rounds.
    """
    engine = with_fallback(provider)
    return [
        ("retrieve", partial(_retrieve, coach)),
        ("render", partial(_render, coach)),
        ("generate", partial(_generate, coach, engine)),
        ("guard", partial(_guard, coach)),
        ("revise", partial(_revise, coach, engine)),
        ("finish", partial(_finish, coach)),
    ]


def build_chain(coach: Coach, provider: Provider) -> Runnable[DraftRequest, DraftResult]:
    """The LCEL pipeline for feedback drafts and goal proposals."""
    (_, first), *rest = _steps(coach, provider)
    chain: Runnable[Any, Any] = RunnableLambda(first)
    for _, step in rest:
        chain = chain | RunnableLambda(step)
    return chain


def _check_goal_request(request: DraftRequest) -> None:
    if request.requester != request.subject:
        raise BadInput("goal proposals are brainstormed by the employee for themself: --as is the person")


def _provider(coach: Coach, provider: Provider | None) -> Provider:
    return provider or get_provider(coach.settings.provider, coach.settings)


def draft_feedback(coach: Coach, request: DraftRequest, provider: Provider | None = None) -> DraftResult:
    """A feedback draft with citations, evidence, coverage and its guardrail report (stored)."""
    request.task = "feedback_draft"
    return build_chain(coach, _provider(coach, provider)).invoke(request)


def draft_goals(coach: Coach, request: DraftRequest, provider: Provider | None = None) -> DraftResult:
    """Three to five goal proposals for the requester themself (stored)."""
    _check_goal_request(request)
    request.task = "goal_proposals"
    return build_chain(coach, _provider(coach, provider)).invoke(request)


def draft_steps(coach: Coach, request: DraftRequest, provider: Provider | None = None) -> Iterator[str | DraftResult]:
    """The same chain one step at a time, for callers that report progress (the chat).

    Yields each step's name just before it runs (``retrieve``, ``render``, ``generate``, ``guard``,
    ``revise``, ``finish``), then the stored ``DraftResult``. ``request.task`` says which chain.
    """
    if request.task == "goal_proposals":
        _check_goal_request(request)
    value: Any = request
    for name, step in _steps(coach, _provider(coach, provider)):
        yield name
        value = step(value)
    yield value


def review_draft(coach: Coach, request: DraftRequest) -> DraftResult:
    """A manager's own text -> guardrail findings plus the key events it leaves out (stored)."""
    return review(coach, request)
