"""Goals worth committing to: the plan computed in code (objectives, capabilities, ranges), the checks every
engine's output passes, goal sets with their review and check-ins, and goals at risk.

* ``ranges``: the statistic behind a baseline, floor / target / stretch, rounding per unit;
* ``capabilities`` (+ ``capabilities.yaml``): what a capability goal can be about, matched from a person's words;
* ``outcomes`` / ``growth``: outcome goals on the team's objectives, capability goals; ``plan``: the set;
* ``checks``: what a goal set must never do (raw interest text, activity counts, wrong statistics, team
  numbers as personal ones), and a model's wording reconciled with the plan's numbers.
"""

from assistant.drafting.goals.checks import ISSUE_KINDS, GoalIssue, goal_issues, reconcile
from assistant.drafting.goals.plan import GoalPlan, objectives_for, plan_goals
from assistant.drafting.goals.ranges import KrRange, baseline_of, key_result_range, round_to

__all__ = [
    "ISSUE_KINDS",
    "GoalIssue",
    "GoalPlan",
    "KrRange",
    "baseline_of",
    "goal_issues",
    "key_result_range",
    "objectives_for",
    "plan_goals",
    "reconcile",
    "round_to",
]
