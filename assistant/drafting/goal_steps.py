"""The goal chain's own work inside the shared steps: the profile and plan, the prompt's plan input, and the
settling of whatever an engine returned (the plan's numbers back, the checks, the key-result refs)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from assistant.core.errors import BadInput
from assistant.drafting.goals import goal_issues, plan_goals, reconcile
from assistant.drafting.profile import build_profile, prompt_profile
from assistant.drafting.schemas import GoalProposal, GoalSet
from guardrails import scan_events

if TYPE_CHECKING:
    from assistant.core.container import Coach
    from assistant.drafting.chain import ChainState

__all__ = ["check_goal_request", "goal_plan_step", "plan_inputs", "settle_goals", "with_refs"]


def check_goal_request(request: Any) -> None:
    """Goals are brainstormed by the person for themself."""
    if request.requester != request.subject:
        raise BadInput("goal proposals are brainstormed by the employee for themself: --as is the person")


def goal_plan_step(coach: Coach, state: ChainState, name: str) -> None:
    """Profile the whole evidence window and compute the plan; the team's objectives come with it."""
    result = state.retrieval
    person = coach.sql.get_person(result.subject.id)
    if person is None:
        raise BadInput(f"no person {result.subject.id!r}")
    poisoned = state.poisoned = set(scan_events(list(state.pool.values())))
    events = [e for e in state.pool.values() if e.id not in poisoned]
    people = coach.sql.list_people()
    state.profile = build_profile(
        events,
        subject_id=result.subject.id,
        subject_name=result.subject.name,
        period=state.span,
        lang=state.language,
        catalog=state.catalog,
        colleagues=[p.name for p in people],
        teams=sorted({p.team for p in people if p.team}),
    )
    plan = plan_goals(
        profile=state.profile,
        events=events,
        person=person,
        name=name,
        period=state.period,
        team_objectives=coach.sql.objectives(person.team),
        catalog=state.catalog,
        interests=state.request.interests,
        lang=state.language,
    )
    plan.goals = GoalSet(summary=plan.goals.summary, goals=with_refs(plan.goals.goals))
    state.goal_plan = plan
    state.objectives = list(plan.objectives)
    state.notes.extend(n for n in plan.notes if n not in state.notes)


def plan_inputs(state: ChainState) -> dict[str, Any]:
    """What ``goal_proposals`` v2 adds to v1's variables: the profile, the plan and its notes."""
    assert state.goal_plan is not None and state.profile is not None
    return {
        "profile": prompt_profile(state.profile, state.poisoned),
        "plan": json.dumps(state.goal_plan.goals.model_dump(mode="json"), ensure_ascii=False),
        "plan_notes": list(state.goal_plan.notes),
    }


def with_refs(goals: list[GoalProposal]) -> list[GoalProposal]:
    """Each key result numbered ``<goal>.<kr>`` in order (what check-ins name)."""
    out = []
    for n, goal in enumerate(goals, start=1):
        krs = [kr.model_copy(update={"ref": f"{n}.{k}"}) for k, kr in enumerate(goal.key_results, start=1)]
        out.append(goal.model_copy(update={"key_results": krs}))
    return out


def settle_goals(state: ChainState, parsed: GoalSet) -> GoalSet:
    """An engine's goal set with the plan's numbers (a model may only reword), renumbered, and the notes of
    every check that still fails (none for the offline engine)."""
    interests = state.request.interests
    if state.goal_plan is not None:
        parsed, notes = reconcile(parsed, state.goal_plan.goals, interests, state.language)
        state.notes.extend(n for n in notes if n not in state.notes)
    parsed = GoalSet(summary=parsed.summary, goals=with_refs(list(parsed.goals)))
    for issue in goal_issues(parsed.goals, interests):
        note = ("目标检查：" if state.language == "zh" else "Goal check: ") + issue.message
        if note not in state.notes:
            state.notes.append(note)
    return parsed
