"""The drafting chains (langchain LCEL): retrieve -> render -> generate+parse -> guardrails -> revise -> store.

Each arrow is a function from one typed state to the next, composed with ``RunnableLambda`` so any step
can be tested, benchmarked or replaced alone. No draft leaves without its guardrail report: the guard step
runs after every generation, and the revise loop feeds its findings to ``revise_with_findings``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel

from assistant.core.container import Coach
from assistant.core.errors import BadInput, ProviderError
from assistant.core.models import WorkEvent
from assistant.core.periods import Period, parse_period
from assistant.drafting.composer import metric_baselines
from assistant.drafting.providers import DraftContext, Generation, OfflineProvider, Provider, get_provider
from assistant.drafting.schemas import DraftResult, FeedbackDraft, GoalSet, Statement, TemplateRef, Usage
from prompts.renderer import RenderedPrompt, render
from retrieval import RetrievalResult, RetrievedEvent, retrieve, visible_events

__all__ = ["DraftRequest", "build_chain", "draft_feedback", "draft_goals", "draft_steps", "review_draft"]

Task = Literal["feedback_draft", "goal_proposals", "draft_review"]
_SCHEMAS: dict[str, type[BaseModel]] = {"feedback_draft": FeedbackDraft, "goal_proposals": GoalSet}
_SECTION_LABEL = {
    "en": {"strength": "Strengths", "development": "Development areas", "next_step": "Next steps"},
    "zh": {"strength": "优势", "development": "待发展方面", "next_step": "下一步行动"},
}


@dataclass
class DraftRequest:
    """What a user asked for."""

    task: Task
    requester: str
    subject: str
    period: str
    focus: str | None = None
    language: str | None = None
    tone: str = "direct"
    length: str = "medium"
    interests: str | None = None
    draft_text: str | None = None
    instruction: str | None = None
    token_budget: int | None = None
    prompt_version: int | None = None
    """Render this version of the task's template (default: the newest)."""
    prompts_dir: str | None = None
    """An extra folder of ``<task>/v<N>.<lang>.j2`` templates (an eval suite's), besides ``prompts/``."""
    transform_events: Callable[[list[RetrievedEvent]], list[RetrievedEvent]] | None = None
    """Applied to the retrieved events before rendering and guardrails (eval counterfactuals, injections)."""
    subject_alias: str | None = None
    """Call the subject this name in the prompt and the guardrails (eval counterfactual name swaps)."""
    store: bool = True
    """Save the result to the drafts table (eval runs pass False so they stay out of ``coach history``)."""
    previous: FeedbackDraft | None = None
    """A draft to revise with ``instruction`` instead of composing a new one (chat revisions are cumulative)."""
    include_event_ids: list[str] | None = None
    """Events that must be in the evidence (access-checked; e.g. the event a revision adds a statement for)."""


@dataclass
class _State:
    request: DraftRequest
    started: float = field(default_factory=time.perf_counter)
    period: Period | None = None
    retrieval: RetrievalResult | None = None
    language: str = "en"
    context: DraftContext | None = None
    prompt: RenderedPrompt | None = None
    generation: Generation | None = None
    parsed: BaseModel | None = None
    report: Any = None
    revisions: int = 0
    provider_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    engine: str = "offline"
    fallback_from: str | None = None
    notes: list[str] = field(default_factory=list)
    prompt_events: list[dict[str, Any]] = field(default_factory=list)


# -- steps ---------------------------------------------------------------------------------------------------


def _retrieve(coach: Coach, request: DraftRequest) -> _State:
    state = _State(request=request)
    state.period = parse_period(request.period)
    focus = request.focus or (request.interests if request.task == "goal_proposals" else None)
    span = state.period
    if request.task == "goal_proposals":  # a goal's baseline comes from the year before the period ends
        start = max(span.start.replace(year=span.end.year - 1), span.start.replace(year=span.start.year - 1))
        span = Period(label=f"{start}..{span.end}", start=start, end=span.end)
    budget = request.token_budget or (4000 if request.task != "feedback_draft" else None)
    state.retrieval = retrieve(coach, request.requester, request.subject, span, focus=focus, token_budget=budget)
    if request.transform_events is not None:
        state.retrieval = state.retrieval.model_copy(
            update={"events": request.transform_events(list(state.retrieval.events))}
        )
    if request.subject_alias:
        subject = state.retrieval.subject.model_copy(update={"name": request.subject_alias})
        state.retrieval = state.retrieval.model_copy(update={"subject": subject})
    lang = request.language or state.retrieval.subject.language
    if lang not in ("en", "zh"):
        raise BadInput(f"language {lang!r}: use en or zh")
    state.language = lang
    _include_events(coach, request, span, state)
    if state.retrieval.coverage.not_enough_data:
        reasons = "; ".join(state.retrieval.coverage.reasons)
        state.notes.append(f"数据不足：{reasons}" if lang == "zh" else f"Not enough data: {reasons}")
    return state


def _include_events(coach: Coach, request: DraftRequest, span: Period, state: _State) -> None:
    """Add the requested events (and a previous draft's citations) the requester may see to the evidence."""
    wanted = list(request.include_event_ids or [])
    if request.previous is not None:
        wanted += [i for s in request.previous.statements for i in s.event_ids]
    result = state.retrieval
    assert result is not None
    have = {e.id for e in result.events}
    wanted = [i for i in dict.fromkeys(wanted) if i not in have]
    if not wanted:
        return
    added = visible_events(coach, request.requester, result.subject.id, ids=wanted, period=span)
    if added:
        events = sorted([*result.events, *added], key=lambda e: (e.occurred_at, e.id))
        state.retrieval = result.model_copy(
            update={"events": events, "tokens_used": result.tokens_used + sum(e.tokens for e in added)}
        )


def _quoted(events: list[RetrievedEvent]) -> tuple[list[dict[str, Any]], list[str]]:
    """Events as prompt data with instruction-like text neutralised; returns notes on what was removed."""
    from guardrails import neutralise

    out, notes = [], []
    for e in events:
        title, f1 = neutralise(e.title)
        description, f2 = neutralise(e.description)
        if f1 or f2:
            notes.append(f"instruction-like text removed from event {e.id} before prompting")
        out.append(
            {
                "id": e.id,
                "date": f"{e.occurred_at:%Y-%m-%d}",
                "source": e.source,
                "kind": e.kind,
                "project": e.project,
                "title": title,
                "description": description,
                "metrics": {k: m.model_dump(exclude_none=True) for k, m in e.metrics.items()},
                "visibility": e.visibility,
            }
        )
    return out, notes


def _subject_name(state: _State) -> str:
    name = state.retrieval.subject.name  # type: ignore[union-attr]
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


def _render(coach: Coach, state: _State) -> _State:
    req, result = state.request, state.retrieval
    assert result is not None
    events, notes = _quoted(result.events)
    state.prompt_events = events
    state.notes.extend(notes)
    subject = coach.sql.get_person(result.subject.id)
    assert subject is not None
    schema = _SCHEMAS[req.task]
    options: dict[str, Any] = {"tone": req.tone, "length": req.length, "focus": req.focus}
    if req.task == "feedback_draft":
        inputs: dict[str, Any] = {
            "subject_name": result.subject.name,
            "job_family": subject.job_family,
            "level": subject.level,
            "period": req.period,
            "focus": req.focus,
            "tone": req.tone,
            "length": req.length,
            "events": events,
            "coverage_note": _coverage_note(result, state.language),
            "output_schema": json.dumps(schema.model_json_schema(), ensure_ascii=False),
        }
    else:
        period = state.period
        assert period is not None
        objectives = [o for o in coach.sql.objectives(subject.team) if _overlaps(o.period, period)]
        baselines = list(metric_baselines(result.events).values())
        options.update(objectives=objectives, skills=subject.skills, interests=req.interests)
        inputs = {
            "subject_name": result.subject.name,
            "job_family": subject.job_family,
            "level": subject.level,
            "skills": subject.skills,
            "period": req.period,
            "team_objectives": [o.model_dump(mode="json") for o in objectives],
            "interests": req.interests,
            "events": events,
            "baselines": baselines,
            "output_schema": json.dumps(schema.model_json_schema(), ensure_ascii=False),
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


def _generate(coach: Coach, provider: Provider, state: _State) -> _State:
    assert state.prompt is not None and state.context is not None
    previous = state.request.previous
    if previous is not None and state.request.task == "feedback_draft":
        state.parsed = previous  # a revision starts from the draft the user has, not from a new one
        return state
    schema = _SCHEMAS[state.request.task]
    state.prompt_tokens += (
        coach.tokens.count(state.prompt.system + "\n" + state.prompt.user) if provider.id != "offline" else 0
    )
    generation = _call(provider, state.prompt, schema, state.context, state)
    state.generation, state.parsed = generation, generation.parsed
    state.completion_tokens += coach.tokens.count(generation.raw)
    return state


def _call(
    provider: Provider, prompt: RenderedPrompt, schema: type[BaseModel], context: DraftContext, state: _State
) -> Generation:
    """One provider call; an LLM that stays down or answers off-schema falls back to the offline engine.

    Once an LLM has failed for this draft, later rounds go straight to the offline engine.
    """
    if state.fallback_from is None or provider.id == "offline":
        started = time.perf_counter()
        try:
            generation = provider.generate(prompt, schema, context)
            state.engine = generation.engine
            state.provider_ms += generation.latency_ms
            state.notes.extend(generation.notes)
            return generation
        except ProviderError as exc:
            if provider.id == "offline":
                raise
            state.provider_ms += (time.perf_counter() - started) * 1000  # the failed calls are provider time too
            state.fallback_from = provider.id
            state.notes.append(f"{provider.id} failed, offline engine used instead: {exc}")
    generation = OfflineProvider().generate(prompt, schema, context)
    state.engine = "offline"
    state.provider_ms += generation.latency_ms
    return generation


def _plain(statements: list[Statement], summary: str) -> str:
    return "\n".join([summary, *(s.text for s in statements)]) if summary else "\n".join(s.text for s in statements)


def _guard(coach: Coach, state: _State) -> _State:
    from guardrails import check_text

    result = state.retrieval
    assert result is not None and state.parsed is not None
    names = [result.subject.name, _subject_name(state)]
    policy = coach_policy(coach)
    evidence: list[Any] = list(result.events)
    if isinstance(state.parsed, FeedbackDraft):
        pairs = [(s.text, s.event_ids) for s in state.parsed.statements]
        text = _checked_text(state.parsed, state.language)
    else:
        assert isinstance(state.parsed, GoalSet)
        # A goal also rests on the team objective it is aligned to: that objective is evidence it may quote.
        objectives = state.context.options.get("objectives", []) if state.context else []
        evidence += [_objective_as_event(o, result.subject.id) for o in objectives]
        pairs = [
            (_goal_text(g, state.language), [*g.event_ids, *([g.aligned_to] if g.aligned_to else [])])
            for g in state.parsed.goals
        ]
        text = "\n".join(p[0] for p in pairs)
    report = check_text(
        text,
        lang=state.language,
        evidence=evidence,
        statements=pairs,
        visible_event_ids={e.id for e in evidence},
        people_names=names,
        period=state.period,
        team=result.subject.team,
        policy=policy,
    )
    if isinstance(state.parsed, GoalSet):
        report = _goals_report(report, policy, result.subject.team)
        state.notes.extend(_check_key_results(state.parsed, result.events, state.context, state.language))
    state.report = report
    return state


def _objective_as_event(objective: Any, person_id: str) -> WorkEvent:
    """A team objective in the shape of a work event, so goals can cite it like evidence."""
    from assistant.core.models import Metric

    metrics = {}
    if objective.metric and objective.baseline is not None:
        metrics[objective.metric] = Metric(
            value=objective.baseline,
            unit=objective.unit,
            baseline=objective.baseline,
            target=objective.target,
            higher_is_better=objective.higher_is_better,
        )
    start = parse_period(objective.period).start
    return WorkEvent(
        id=objective.id,
        person_id=person_id,
        occurred_at=start,
        source="okr",
        kind="context",
        title=objective.title,
        description=objective.description,
        metrics=metrics,
        language=objective.language,
    )


def _goals_report(report: Any, policy: Any, team: str) -> Any:
    """Goals are not feedback: balance (strengths vs criticism, next steps) does not apply to them."""
    findings = [f for f in report.findings if f.dimension != "balance"]
    scores = dict(report.scores) | {"balance": 100}
    not_applicable = sorted(set(report.not_applicable) | {"balance"})
    verdict = policy.verdict(scores, findings, team=team, not_applicable=not_applicable)
    return report.model_copy(
        update={"findings": findings, "scores": scores, "not_applicable": not_applicable, "verdict": verdict}
    )


def _check_key_results(
    goals: GoalSet, events: list[RetrievedEvent], context: DraftContext | None, lang: str
) -> list[str]:
    """Each key result's baseline must come from a cited event's metric or the team objective's baseline."""
    by_id = {e.id: e for e in events}
    objectives = {o.id: o for o in (context.options.get("objectives", []) if context else [])}
    notes = []
    for goal in goals.goals:
        for kr in goal.key_results:
            if kr.baseline is None:
                continue
            known = {m.value for i in kr.event_ids or goal.event_ids if i in by_id for m in by_id[i].metrics.values()}
            objective = objectives.get(goal.aligned_to or "")
            if objective is not None and objective.baseline is not None:
                known.add(objective.baseline)
            derived_count = not kr.event_ids and not objective  # counted activities: derived in code
            if (
                known
                and not any(abs(kr.baseline - v) < 1e-9 for v in known)
                and not derived_count
                and kr.metric not in ("related activities", "相关活动数")
            ):
                notes.append(
                    f"关键结果 {kr.metric} 的基线 {kr.baseline:g} 无法在引用的事件或团队目标中找到"
                    if lang == "zh"
                    else f"key result {kr.metric}: baseline {kr.baseline:g} is not in the cited events or "
                    "the team objective"
                )
    return notes


def coach_policy(coach: Coach) -> Any:
    """The guardrail policy from settings (per-team thresholds)."""
    from guardrails import Policy

    return Policy.from_settings(coach.settings)


def _goal_text(goal: Any, lang: str) -> str:
    """What the guardrails read of a goal: its words. Key-result numbers are derived in code and checked there."""
    return ("；" if lang == "zh" else "; ").join(p for p in (goal.objective, goal.rationale) if p)


def _revise(coach: Coach, provider: Provider, state: _State) -> _State:
    """Feed guardrail findings back until the verdict passes or the rounds run out."""
    rounds = coach.settings.revise_rounds
    wants_instruction = bool(state.request.instruction)
    while (state.report.verdict != "pass" or wants_instruction) and state.revisions < rounds:
        assert state.parsed is not None and state.context is not None
        findings = [f.model_dump() for f in state.report.findings]
        task = state.request.task
        prompt = render(
            "revise_with_findings",
            state.language,
            prompts_dir=state.request.prompts_dir,
            inputs={
                "task": task,
                "previous": state.parsed.model_dump_json(),
                "findings": findings,
                "instruction": state.request.instruction,
                "events": state.prompt_events,
                "output_schema": json.dumps(_SCHEMAS[task].model_json_schema(), ensure_ascii=False),
            },
        )
        context = DraftContext(
            task="revise_with_findings" if task == "feedback_draft" else task,
            language=state.language,
            subject_name=state.context.subject_name,
            events=state.context.events,
            scores=state.context.scores,
            options=state.context.options
            | {
                "previous": state.parsed,
                "findings": findings,
                "instruction": state.request.instruction,
                "add_event_ids": _to_add(state),
            },
        )
        if provider.id != "offline":
            state.prompt_tokens += coach.tokens.count(prompt.system + "\n" + prompt.user)
        generation = _call(provider, prompt, _SCHEMAS[task], context, state)
        state.completion_tokens += coach.tokens.count(generation.raw)
        state.parsed = generation.parsed
        state.revisions += 1
        wants_instruction = False
        _guard(coach, state)
    return state


def _to_add(state: _State) -> list[str]:
    """Requested events the current draft does not cite yet (a revision adds a statement for each)."""
    if not state.request.include_event_ids or not isinstance(state.parsed, FeedbackDraft):
        return []
    cited = {i for s in state.parsed.statements for i in s.event_ids}
    return [i for i in state.request.include_event_ids if i not in cited]


def _finish(coach: Coach, state: _State) -> DraftResult:
    result, report, parsed = state.retrieval, state.report, state.parsed
    assert result is not None and report is not None and parsed is not None and state.prompt is not None
    lang = state.language
    statements: list[Statement] = []
    summary = ""
    goals: list[Any] = []
    if isinstance(parsed, FeedbackDraft):
        statements, summary = list(parsed.statements), parsed.summary
    else:
        assert isinstance(parsed, GoalSet)
        goals, summary = list(parsed.goals), parsed.summary
    statements, goals = _drop_unknown_citations(statements, goals, result, state)
    text = (
        _render_feedback(summary, statements, lang)
        if isinstance(parsed, FeedbackDraft)
        else _render_goals(summary, goals, lang)
    )
    if report.verdict == "block":
        reasons = sorted({f.kind for f in report.findings})
        state.notes.append(
            ("草稿被护栏拦截：" if lang == "zh" else "Draft blocked by the guardrails: ") + ", ".join(reasons)
        )
        text = "[草稿已拦截，见护栏报告]" if lang == "zh" else "[draft withheld: see the guardrail report]"
    cited = {i for s in statements for i in s.event_ids} | {i for g in goals for i in g.event_ids}
    evidence = [e.model_dump(mode="json") for e in result.events]
    total_ms = (time.perf_counter() - state.started) * 1000
    draft = DraftResult(
        task=state.request.task,
        requester_id=state.request.requester,
        subject_id=result.subject.id,
        subject_name=result.subject.name,
        period=state.request.period,
        language=lang,  # type: ignore[arg-type]
        text=text,
        statements=statements,
        summary=summary,
        goals=goals,
        evidence=evidence,
        coverage=result.coverage.model_dump(mode="json"),
        engine=state.engine,
        fallback_from=state.fallback_from,
        model=state.generation.model if state.generation else None,
        template=TemplateRef(
            id=state.prompt.template.id,
            version=state.prompt.template.version,
            language=state.prompt.template.language,
            sha256=state.prompt.template.sha256,
        ),
        guardrails=report.model_dump(mode="json") | {"checked_text": _checked_text(parsed, lang)},
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
    statements: list[Statement], goals: list[Any], result: RetrievalResult, state: _State
) -> tuple[list[Statement], list[Any]]:
    """Citations of events not in the evidence (invented, or not visible) never reach the reader."""
    known = {e.id for e in result.events} | {
        o.id for o in (state.context.options.get("objectives", []) if state.context else [])
    }
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


def _checked_text(parsed: BaseModel, lang: str) -> str:
    if isinstance(parsed, FeedbackDraft):
        return _plain(parsed.statements, parsed.summary)
    assert isinstance(parsed, GoalSet)
    return "\n".join(_goal_text(g, lang) for g in parsed.goals)


def _render_feedback(summary: str, statements: list[Statement], lang: str) -> str:
    lines = [summary, ""]
    for section in ("strength", "development", "next_step"):
        chosen = [s for s in statements if s.section == section]
        if not chosen:
            continue
        lines.append(_SECTION_LABEL[lang][section] + ("：" if lang == "zh" else ":"))
        lines.extend(f"- {s.text} [{', '.join(s.event_ids)}]" if s.event_ids else f"- {s.text}" for s in chosen)
        lines.append("")
    return "\n".join(lines).strip()


def _render_goals(summary: str, goals: list[Any], lang: str) -> str:
    lines = [summary, ""]
    for n, goal in enumerate(goals, start=1):
        cite = f" [{', '.join(goal.event_ids)}]" if goal.event_ids else ""
        lines.append(f"{n}. {goal.objective}{cite}")
        for kr in goal.key_results:
            unit = kr.unit or ""
            if lang == "zh":
                lines.append(
                    f"   - {kr.metric}：基线 {kr.baseline:g}{unit} → 保底 {kr.floor:g} / 目标 {kr.target:g} / "
                    f"挑战 {kr.stretch:g}{unit}"
                )
                lines.append(f"     推导：{kr.derivation}")
            else:
                lines.append(
                    f"   - {kr.metric}: baseline {kr.baseline:g}{unit} → floor {kr.floor:g} / target "
                    f"{kr.target:g} / stretch {kr.stretch:g}{unit}"
                )
                lines.append(f"     how: {kr.derivation}")
        if goal.skill_fit:
            lines.append(("   技能匹配：" if lang == "zh" else "   skill fit: ") + ", ".join(goal.skill_fit))
    return "\n".join(lines).strip()


# -- public entry points -------------------------------------------------------------------------------------


def _steps(coach: Coach, provider: Provider) -> list[tuple[str, Callable[[Any], Any]]]:
    """The chain's steps in order, by name: the one definition behind ``build_chain`` and ``draft_steps``."""
    return [
        ("retrieve", partial(_retrieve, coach)),
        ("render", partial(_render, coach)),
        ("generate", partial(_generate, coach, provider)),
        ("guard", partial(_guard, coach)),
        ("revise", partial(_revise, coach, provider)),
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
    from assistant.drafting.review import review

    return review(coach, request)
