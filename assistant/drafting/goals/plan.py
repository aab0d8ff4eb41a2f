"""``plan_goals``: the goal set computed in code — which objectives, which capabilities, every number.

The offline engine returns this plan as it is; the LLM path (``goal_proposals`` v2) is handed the same plan
and may only reword it (``checks.reconcile`` puts the plan's numbers back on whatever the model returns).

Team objectives come from the goal's period; when the team has none for it yet (the next half), the most
recent ones are carried forward, each goal says from which period, and the draft carries a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from assistant.core.models import MetricDefinition, Person, TeamObjective, WorkEvent
from assistant.core.periods import Period, parse_period
from assistant.drafting.goals.capabilities import matching
from assistant.drafting.goals.growth import growth_candidates, growth_goal
from assistant.drafting.goals.outcomes import outcome_candidates, outcome_goal
from assistant.drafting.goals.text import say
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.schemas import GoalProposal, GoalSet

__all__ = ["GoalPlan", "objectives_for", "plan_goals"]

MAX_GOALS = 5
MIN_GOALS = 3


@dataclass
class GoalPlan:
    """The goal set with the notes a person should read beside it."""

    goals: GoalSet
    notes: list[str] = field(default_factory=list)
    objectives: list[TeamObjective] = field(default_factory=list)
    """The objectives the goals align to (carried-forward ones included)."""
    carried: dict[str, str] = field(default_factory=dict)
    """Objective id -> its own period, for objectives carried forward into this one."""


def _overlaps(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def objectives_for(all_objectives: Sequence[TeamObjective], period: Period) -> tuple[list[TeamObjective], str | None]:
    """The team's objectives for ``period``; when it has none, the most recent earlier ones and their period.

    Returns ``(objectives, carried_from)`` where ``carried_from`` is ``None`` for the period's own objectives.
    """
    own = [o for o in all_objectives if _overlaps(parse_period(o.period), period)]
    if own:
        return sorted(own, key=lambda o: o.id), None
    earlier = [(parse_period(o.period), o) for o in all_objectives if parse_period(o.period).end < period.start]
    if not earlier:
        return [], None
    latest_end = max(p.end for p, _ in earlier)
    chosen = sorted((o for p, o in earlier if p.end == latest_end), key=lambda o: o.id)
    labels = sorted({o.period for o in chosen}, key=lambda label: (parse_period(label).start, label), reverse=True)
    return chosen, " / ".join(labels)


def plan_goals(
    *,
    profile: EvidenceProfile,
    events: Sequence[WorkEvent],
    person: Person,
    name: str,
    period: Period,
    team_objectives: Sequence[TeamObjective],
    catalog: dict[str, MetricDefinition],
    interests: str | None,
    lang: str,
) -> GoalPlan:
    """Three to five goals: outcome goals on the team's objectives, then capability goals."""
    notes: list[str] = []
    objectives, carried_from = objectives_for(team_objectives, period)
    carried = {o.id: o.period for o in objectives} if carried_from else {}
    if carried_from:
        ids = ", ".join(o.id for o in objectives)
        notes.append(say("note.carried", lang, team=person.team, period=period.label, previous=carried_from, ids=ids))
    elif not objectives:
        notes.append(say("note.no_objectives", lang, team=person.team))
    outcome_pool = outcome_candidates(profile, objectives, carried)
    personal = [c for c in outcome_pool if c.series]
    growth = growth_candidates(profile, events, person, interests, lang)
    wanted = [c for c in growth if any(r.kind in ("interest", "aspiration") for r in c.reasons)]
    growth_slots = max(1, min(2, len(wanted)))
    chosen_outcomes = personal[: max(0, MAX_GOALS - growth_slots)][:3]
    if len(chosen_outcomes) < 2:  # one team objective the person has no results on, as a contribution
        chosen_outcomes += [c for c in outcome_pool if not c.series][:1]
    goals: list[GoalProposal] = [outcome_goal(c, profile, catalog, person.skills, lang) for c in chosen_outcomes]
    used = {g.key_results[0].metric for g in goals if g.key_results}
    until = min(period.start, _day_after(max((e.occurred_at.date() for e in events), default=period.start)))
    room = max(MIN_GOALS - len(goals), growth_slots)
    for candidate in growth[: min(room, MAX_GOALS - len(goals))]:
        goals.append(growth_goal(candidate, profile, person.skills, until, lang, used_metrics=used))
    goals = _skills_once(goals)
    if interests and not matching(interests):
        notes.append(say("note.unmatched_interest", lang))
    outcomes = sum(g.kind == "outcome" for g in goals)
    summary = say(
        "summary", lang, n=len(goals), name=name, period=period.label, outcomes=outcomes, growth=len(goals) - outcomes
    )
    return GoalPlan(goals=GoalSet(summary=summary, goals=goals), notes=notes, objectives=objectives, carried=carried)


def _skills_once(goals: list[GoalProposal]) -> list[GoalProposal]:
    """Each skill on the one goal it fits first (a list repeated on every goal says nothing)."""
    seen: set[str] = set()
    out = []
    for goal in goals:
        fit = [s for s in goal.skill_fit if s not in seen]
        seen.update(fit)
        out.append(goal.model_copy(update={"skill_fit": fit}))
    return out


def _day_after(day: date) -> date:
    from datetime import timedelta

    return day + timedelta(days=1)
