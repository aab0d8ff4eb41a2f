"""Key-result ranges: the statistic a baseline claims, floor / target / stretch, rounding per unit, and the
checks that catch what the old goals did wrong (pasted interests, activity counts, wrong medians, team
numbers as personal ones)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.core.models import TeamObjective
from assistant.core.periods import parse_period
from assistant.drafting.goals import baseline_of, goal_issues, key_result_range, objectives_for, round_to
from assistant.drafting.goals.ranges import decimals_for
from assistant.drafting.schemas import GoalProposal, KeyResult


def test_the_baseline_is_the_true_median_and_says_which():
    assert baseline_of([39, 49]) == (44.0, "median_of_2", (39.0, 49.0))  # the old code took 49, the upper one
    assert baseline_of([3.7, 4.0]) == (3.85, "median_of_2", (3.7, 4.0))
    assert baseline_of([31]) == (31.0, "single", (31.0,))
    assert baseline_of([420, 380, 400, 500]) == (400.0, "median_of_3", (380.0, 400.0, 500.0))  # the last three
    with pytest.raises(ValueError):
        baseline_of([])


def test_a_comparable_team_target_sets_target_and_stretch():
    # NPS 36, 39, 49 against a team target of 45: hold 39, target the team's 45, stretch the person's own best
    r = key_result_range(
        [36, 39, 49], higher_is_better=True, unit="分", key="客户NPS", team_baseline=31, team_target=45
    )
    assert (r.baseline, r.floor, r.target, r.stretch) == (39, 39, 45, 49)
    assert (r.target_reason, r.stretch_reason) == ("team_target", "best")
    # lower is better, best not beyond halfway: target halfway, stretch the team's target
    r = key_result_range([420, 380, 400], higher_is_better=False, unit="ms", key="p95_latency_ms", team_target=250)
    assert (r.floor, r.target, r.stretch, r.target_reason) == (400, 325, 250, "halfway")


def test_an_amount_takes_the_teams_relative_change_not_its_number():
    # a team cloud bill of 210k -> 170k is not a personal target: the person's own 55k / 48k gets the same -19%
    r = key_result_range(
        [55, 48], higher_is_better=False, unit="k USD", key="cloud_cost_k_usd", team_baseline=210, team_target=170
    )
    assert r.baseline == 51.5 and r.team_change == pytest.approx(-40 / 210)
    assert (r.floor, r.target, r.stretch) == (51, 42, 37)  # whole k USD; the floor's tie goes to the better side


@pytest.mark.parametrize(
    ("unit", "magnitude", "decimals"),
    [
        ("%", 99.8, 2),
        ("%", 3.8, 1),
        ("%", 62, 0),
        ("min", 31.35, 0),
        ("分", 51.45, 0),
        ("h", 5.7, 1),
        ("h", 30, 0),
        ("k USD", 210, 0),
        ("万元", 1200, 0),
        ("", 4.5, 2),
        ("", 45, 1),
        ("", 450, 0),
    ],
)
def test_rounding_per_unit(unit, magnitude, decimals):
    assert decimals_for(unit, magnitude) == decimals


def test_no_unrounded_targets_like_the_old_ones():
    r = key_result_range([33], higher_is_better=False, unit="min", key="mttr_min")  # the old 31.35 min
    assert (r.baseline, r.floor, r.target, r.stretch) == (33, 33, 31, 30)
    r = key_result_range([49], higher_is_better=True, unit="分", key="客户NPS")  # the old NPS 51.45
    assert (r.floor, r.target, r.stretch) == (49, 51, 54)
    assert round_to(2.45, 1) == 2.5 and round_to(49.5, 0, half_up=False) == 49


def test_near_full_rates_improve_the_shortfall_and_stay_below_100():
    r = key_result_range([99.9, 99.95, 99.92], higher_is_better=True, unit="%", key="availability_pct")
    assert r.floor == 99.92 and r.floor < r.target < r.stretch <= 100


def test_values_that_round_together_are_kept_apart():
    r = key_result_range([2, 2, 2], higher_is_better=True, unit="", key="deploys")
    assert r.floor < r.target < r.stretch


def test_objectives_are_carried_forward_when_the_period_has_none():
    objs = [
        TeamObjective(id="o-h1", team="T", period="2026H1", title="A", metric="m", baseline=1, target=2),
        TeamObjective(id="o-h2", team="T", period="2026H2", title="B", metric="m", baseline=1, target=2),
        TeamObjective(id="o-y", team="T", period="2026", title="C", metric="n", baseline=1, target=2),
    ]
    own, carried = objectives_for(objs, parse_period("2026H2"))
    assert [o.id for o in own] == ["o-h2", "o-y"] and carried is None
    ahead, carried = objectives_for(objs, parse_period("2027H1"))
    assert [o.id for o in ahead] == ["o-h2", "o-y"] and carried == "2026H2 / 2026"
    assert objectives_for(objs, parse_period("2025H2")) == ([], None)


def _goal(**kr: object) -> GoalProposal:
    return GoalProposal(objective="Lead two design reviews", key_results=[KeyResult(**kr)])  # type: ignore[arg-type]


def test_the_checks_catch_what_the_old_goals_did():
    pasted = GoalProposal(objective="Grow in move toward staff engineer; learn distributed tracing")
    assert [i.kind for i in goal_issues([pasted], "move toward staff engineer; learn distributed tracing")] == [
        "raw_interest"
    ]
    zh = GoalProposal(objective="围绕“想转向客户成功管理”持续成长")
    assert [i.kind for i in goal_issues([zh], "想转向客户成功管理")] == ["raw_interest"]
    assert goal_issues([GoalProposal(objective="Run QBRs with five accounts")], "mentoring") == []
    counted = _goal(metric="related activities", baseline=18, floor=18, target=22, stretch=27, basis="count")
    assert [i.kind for i in goal_issues([counted])] == ["activity_count"]
    upper = _goal(
        metric="nps",
        baseline=49,
        floor=49,
        target=51,
        stretch=54,
        values=[39, 49],
        basis="median_of_2",
        derivation="median of the last 2 values (39, 49)",
    )
    assert [i.kind for i in goal_issues([upper])] == ["statistic"]
    single = _goal(
        metric="nps",
        baseline=49,
        floor=49,
        target=51,
        stretch=54,
        values=[49],
        basis="single",
        derivation="median of the last 1 values (49)",
    )
    assert {i.kind for i in goal_issues([single])} == {"statistic"}
    team = _goal(metric="cloud_cost_k_usd", baseline=210, floor=210, target=190, stretch=170, team_baseline=210)
    assert [i.kind for i in goal_issues([team])] == ["team_as_personal"]
    ranged_team = _goal(metric="cloud_cost_k_usd", scope="team", target=170, team_baseline=210, team_target=170)
    assert [i.kind for i in goal_issues([ranged_team])] == ["team_as_personal"]
    unrounded = _goal(
        metric="mttr", unit="min", baseline=33, floor=33, target=31.35, stretch=29.7, values=[33], basis="single"
    )
    assert [i.kind for i in goal_issues([unrounded])] == ["unrounded"]
    unmarked = GoalProposal(
        objective="x",
        aligned_to="o1",
        key_results=[KeyResult(metric="m", baseline=2, floor=2, target=3, stretch=4, values=[2], basis="single")],
    )
    assert [i.kind for i in goal_issues([unmarked])] == ["team_unmarked"]


def test_goals_drafted_as_of_a_day_use_only_what_was_on_record_then(demo_coach) -> None:
    from assistant.drafting.chain import DraftRequest, draft_goals
    from assistant.drafting.providers import OfflineProvider
    from retrieval import visible_events

    def cited(as_of: date | None) -> set[str]:
        request = DraftRequest(task="goal_proposals", requester="li-na", subject="li-na", period="2026H2",
                               interests="想转向客户成功管理", store=False, as_of=as_of)  # fmt: skip
        draft = draft_goals(demo_coach, request, OfflineProvider())
        return {i for g in draft.goals for i in g.event_ids}

    def days(ids: set[str]) -> set[date]:
        return {e.occurred_at.date() for e in visible_events(demo_coach, "li-na", "li-na", ids=sorted(ids))}

    assert max(days(cited(None))) > date(2026, 7, 3)  # the whole half, as a proposal made today sees it
    assert max(days(cited(date(2026, 7, 3)))) <= date(2026, 7, 3)  # as it stood when the set was saved


def test_targets_are_no_finer_than_the_results_they_come_from() -> None:
    scores = key_result_range([36, 37, 49], higher_is_better=True, unit="")  # a score kept in whole points
    assert all(v == int(v) for v in (scores.floor, scores.target, scores.stretch))
    churn = key_result_range([3.9, 3.6], higher_is_better=False, unit="%")  # one decimal stays one decimal
    assert {round(v, 1) for v in (churn.floor, churn.target, churn.stretch)} == {
        churn.floor,
        churn.target,
        churn.stretch,
    }
    assert churn.floor > churn.target > churn.stretch
