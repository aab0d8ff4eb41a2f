"""What the guardrails need to know about goals: objectives as citable evidence, no balance, checked baselines."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.models import Metric, TeamObjective, WorkEvent
from assistant.core.periods import parse_period
from assistant.drafting.schemas import GoalSet
from guardrails import GuardrailReport, Policy
from retrieval import RetrievedEvent

__all__ = ["check_key_results", "objective_as_event", "without_balance", "without_dimensions"]


def objective_as_event(objective: TeamObjective, person_id: str) -> WorkEvent:
    """A team objective in the shape of a work event, so goals can cite it like evidence."""
    metrics = {}
    if objective.metric and objective.baseline is not None:
        metrics[objective.metric] = Metric(
            value=objective.baseline,
            unit=objective.unit,
            baseline=objective.baseline,
            target=objective.target,
            higher_is_better=objective.higher_is_better,
        )
    return WorkEvent(
        id=objective.id,
        person_id=person_id,
        occurred_at=parse_period(objective.period).start,
        source="okr",
        kind="context",
        title=objective.title,
        description=objective.description,
        metrics=metrics,
        language=objective.language,
    )


def without_balance(report: GuardrailReport, policy: Policy, team: str) -> GuardrailReport:
    """Goals are not reviews: balance (strengths vs criticism, next steps) does not apply to them."""
    return without_dimensions(report, policy, team, ("balance",))


def without_dimensions(
    report: GuardrailReport, policy: Policy, team: str, dimensions: tuple[str, ...]
) -> GuardrailReport:
    """The report with ``dimensions`` not applicable (their findings dropped) and the verdict decided again.

    The thin-data form lists what is on record and asks questions: neither balance nor specificity apply.
    """
    findings = [f for f in report.findings if f.dimension not in dimensions]
    scores = dict(report.scores) | {d: 100 for d in dimensions}
    not_applicable = sorted(set(report.not_applicable) | set(dimensions))
    verdict = policy.verdict(scores, findings, team=team, not_applicable=not_applicable)
    return report.model_copy(
        update={"findings": findings, "scores": scores, "not_applicable": not_applicable, "verdict": verdict}
    )


def check_key_results(
    goals: GoalSet, events: Sequence[RetrievedEvent], objectives: Sequence[TeamObjective], lang: str
) -> list[str]:
    """Each personal key result's numbers must come from a cited event's metric or the team objective.

    A key result that lists the ``values`` its baseline is the median of is checked value by value; one that
    counts earlier examples, commits to a first one, or is the team's own number is derived in code (and
    checked by ``goals.checks``) and skipped here.
    """
    by_id = {e.id: e for e in events}
    by_objective = {o.id: o for o in objectives}
    notes: list[str] = []
    for goal in goals.goals:
        for kr in goal.key_results:
            if kr.baseline is None or kr.scope == "team" or kr.basis in ("count", "commitment", "team"):
                continue
            ids = kr.event_ids or goal.event_ids
            known = {m.value for i in ids if i in by_id for key, m in by_id[i].metrics.items()}
            objective = by_objective.get(goal.aligned_to or "")
            if objective is not None and objective.baseline is not None:
                known.add(objective.baseline)
            if not known or kr.metric in ("related activities", "相关活动数"):
                continue
            wanted = kr.values or [kr.baseline]
            missing = [v for v in wanted if not any(abs(v - k) < 1e-9 for k in known)]
            if missing and not (not kr.event_ids and not objective):
                shown = ", ".join(f"{v:g}" for v in missing)
                note = (
                    f"关键结果 {kr.label or kr.metric} 的数值 {shown} 无法在引用的事件或团队目标中找到"
                    if lang == "zh"
                    else f"key result {kr.label or kr.metric}: {shown} is not in the cited events or the team objective"
                )
                if note not in notes:
                    notes.append(note)
    return notes
