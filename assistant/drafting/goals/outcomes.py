"""Outcome goals: a team objective's result, with a key result the person owns, ranged from their own record.

When the person has results on the objective's metric, the personal key result is ranged from them
(``ranges.key_result_range``) and the team's number follows as a contribution. Without any, the goal says so:
the team's number is shown as the team's, and the person agrees with their manager which part they own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.models import MetricDefinition, TeamObjective
from assistant.drafting.goals.ranges import KrRange, key_result_range
from assistant.drafting.goals.text import say
from assistant.drafting.profile import EvidenceProfile, MetricFact, MetricInfo, format_value, metric_info
from assistant.drafting.schemas import GoalProposal, GoalReason, KeyResult

__all__ = ["OutcomeCandidate", "outcome_candidates", "outcome_goal", "series_of"]


@dataclass
class OutcomeCandidate:
    """A team objective and the person's own results on its metric (oldest first)."""

    objective: TeamObjective
    series: list[MetricFact]
    carried_from: str | None = None


def series_of(profile: EvidenceProfile, key: str) -> list[MetricFact]:
    """The person's results on ``key``, oldest first (one per event)."""
    seen: set[str] = set()
    out = []
    for fact in sorted(profile.outcomes, key=lambda f: (f.date, f.event_id)):
        if fact.key == key and fact.event_id not in seen:
            seen.add(fact.event_id)
            out.append(fact)
    return out


def outcome_candidates(
    profile: EvidenceProfile, objectives: Sequence[TeamObjective], carried: dict[str, str]
) -> list[OutcomeCandidate]:
    """Every objective with the person's series on its metric: those with a series first."""
    out = [OutcomeCandidate(o, series_of(profile, o.metric) if o.metric else [], carried.get(o.id)) for o in objectives]
    return sorted(out, key=lambda c: (not c.series, -len(c.series), c.objective.id))


def _date(fact: MetricFact, lang: str) -> str:
    return f"{fact.date.year}年{fact.date.month}月{fact.date.day}日" if lang == "zh" else fact.date.isoformat()


def _month(fact: MetricFact, lang: str) -> str:
    return f"{fact.date.year}年{fact.date.month}月" if lang == "zh" else fact.date.strftime("%B %Y")


def outcome_goal(
    candidate: OutcomeCandidate,
    profile: EvidenceProfile,
    catalog: dict[str, MetricDefinition],
    skills: Sequence[str],
    lang: str,
) -> GoalProposal:
    """The goal for one team objective, in ``lang``."""
    obj, series = candidate.objective, candidate.series
    key = obj.metric or ""
    info = _info(key, obj, series, lang, catalog)
    fmt = _formatter(info)
    period = candidate.carried_from or obj.period
    team_b = fmt(obj.baseline) if obj.baseline is not None else "?"
    team_t = fmt(obj.target) if obj.target is not None else "?"
    why = [
        GoalReason(
            kind="team",
            text=say("why.team", lang, period=period, title=obj.title, team_baseline=team_b, team_target=team_t),
            event_ids=[obj.id],
        )
    ]
    krs: list[KeyResult] = []
    reference: list[GoalReason] = []
    if series:
        facts = series[-3:]
        rng = key_result_range(
            [f.value for f in facts],
            higher_is_better=info.higher_is_better,
            unit=info.unit,
            key=key,
            team_baseline=obj.baseline,
            team_target=obj.target,
        )
        ids = [f.event_id for f in facts]
        krs.append(
            KeyResult(
                metric=key,
                label=info.label,
                unit=info.unit.strip() or None,
                baseline=rng.baseline,
                floor=rng.floor,
                target=rng.target,
                stretch=rng.stretch,
                higher_is_better=info.higher_is_better,
                derivation=_derivation(rng, facts, info, obj, lang),
                event_ids=ids,
                basis=rng.basis,
                values=list(rng.values),
                team_baseline=obj.baseline,
                team_target=obj.target,
            )
        )
        values = (
            "、".join(f"{fmt(f.value)}（{_date(f, lang)}）" for f in facts)
            if lang == "zh"
            else ", ".join(f"{fmt(f.value)} ({_date(f, lang)})" for f in facts)
        )
        why.append(
            GoalReason(kind="strength", text=say("why.results", lang, label=info.label, values=values), event_ids=ids)
        )
        miss = next((f for f in reversed(series) if f.material_miss and f.target is not None), None)
        if miss is not None:
            why.append(
                GoalReason(
                    kind="gap",
                    text=say(
                        "why.miss",
                        lang,
                        month=_month(miss, lang),
                        label=info.label,
                        value=fmt(miss.value),
                        target=fmt(miss.target),
                    ),
                    event_ids=[miss.event_id],
                )
            )
        reference.append(_reference(series, info, fmt, lang))
        verb = "objective.raise" if info.higher_is_better else "objective.lower"
        objective = say(verb, lang, label=info.label, title=obj.title)
    else:
        objective = say("objective.contribute", lang, title=obj.title)
        reference.append(
            GoalReason(
                kind="team", text=say("ref.team", lang, team_baseline=team_b, team_target=team_t), event_ids=[obj.id]
            )
        )
    if obj.baseline is not None and obj.target is not None:
        krs.append(
            KeyResult(
                metric=key,
                label=say("kr.team_label", lang, label=info.label),
                unit=info.unit.strip() or None,
                higher_is_better=info.higher_is_better,
                scope="team",
                basis="team",
                team_baseline=obj.baseline,
                team_target=obj.target,
                derivation=say(
                    "team.context" if series else "team.only", lang, team_baseline=team_b, team_target=team_t
                ),
            )
        )
    cited = list(dict.fromkeys(i for r in [*why, *reference] for i in r.event_ids if i != obj.id))
    return GoalProposal(
        objective=objective,
        aligned_to=obj.id,
        key_results=krs,
        skill_fit=_skill_fit(skills, key, obj),
        rationale=" ".join(r.text for r in why),
        event_ids=cited,
        kind="outcome",
        why=why,
        reference_path=reference,
        carried_forward_from=candidate.carried_from,
    )


def _info(
    key: str, obj: TeamObjective, series: Sequence[MetricFact], lang: str, catalog: dict[str, MetricDefinition]
) -> MetricInfo:
    if series:
        last = series[-1]
        return MetricInfo(
            key=key,
            label=last.label,
            unit=last.unit,
            higher_is_better=last.higher_is_better,
            from_catalog=key in catalog,
        )
    from assistant.core.models import Metric

    probe = Metric(value=obj.baseline or 0.0, unit=obj.unit, higher_is_better=obj.higher_is_better)
    return metric_info(key, lang, catalog, probe)


def _formatter(info: MetricInfo):  # type: ignore[no-untyped-def]
    def fmt(value: float | None) -> str:
        return "?" if value is None else format_value(value, info)

    return fmt


def _derivation(rng: KrRange, facts: Sequence[MetricFact], info: MetricInfo, obj: TeamObjective, lang: str) -> str:
    """The working, step by step: the statistic and its values, then where floor, target and stretch come from."""
    fmt = _formatter(info)
    sep = "；" if lang == "zh" else "; "
    values = ("、" if lang == "zh" else ", ").join(fmt(v) for v in rng.values)
    best = next(f for f in facts if abs(f.value - rng.best) < 1e-9)
    near_full = info.unit.strip() == "%" and info.higher_is_better and rng.baseline >= 90
    parts = [
        say("basis." + rng.basis, lang, baseline=fmt(rng.baseline), values=values),
        say("floor.hold", lang, floor=fmt(rng.floor)),
        say(
            "target."
            + (rng.target_reason + "_gap" if near_full and rng.target_reason == "step" else rng.target_reason),
            lang,
            target=fmt(rng.target),
            team_target=fmt(obj.target),
            best_date=_date(best, lang),
            change=f"{rng.team_change:+.0%}" if rng.team_change is not None else "",
        ),
        say(
            "stretch."
            + (rng.stretch_reason + "_gap" if near_full and rng.stretch_reason == "step" else rng.stretch_reason),
            lang,
            stretch=fmt(rng.stretch),
            best_date=_date(best, lang),
        ),
    ]
    return sep.join(parts) + ("。" if lang == "zh" else ".")


def _reference(series: Sequence[MetricFact], info: MetricInfo, fmt, lang: str) -> GoalReason:  # type: ignore[no-untyped-def]
    """The person's own way there: their biggest improvement on the metric, else their best result."""
    improved = [f for f in series if f.improved and f.baseline is not None]
    if improved:
        top = max(improved, key=lambda f: abs(f.value - (f.baseline or 0.0)) / max(abs(f.baseline or 1.0), 1e-9))
        text = say(
            "ref.improved",
            lang,
            title=top.title,
            date=_date(top, lang),
            label=info.label,
            baseline=fmt(top.baseline),
            value=fmt(top.value),
        )
        return GoalReason(kind="strength", text=text, event_ids=[top.event_id])
    sign = 1 if info.higher_is_better else -1
    best = max(series, key=lambda f: sign * f.value)
    text = say("ref.best", lang, value=fmt(best.value), title=best.title, date=_date(best, lang))
    return GoalReason(kind="strength", text=text, event_ids=[best.event_id])


def _skill_fit(skills: Sequence[str], key: str, obj: TeamObjective) -> list[str]:
    """Skills this goal uses: those named in the objective, or matching a capability measured by its metric."""
    from assistant.drafting.goals.capabilities import capabilities

    text = f"{obj.title} {obj.description}".lower()
    related = [c for c in capabilities() if key and key in c.metrics]
    fit = [s for s in skills if s.lower() in text or any(c.matches(s) for c in related)]
    return fit[:3]
