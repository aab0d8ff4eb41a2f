"""What a goal set must never do, checked on every engine's output; and the plan's numbers put back on a model's.

``goal_issues`` finds: the person's raw interest text pasted into a goal, a key result that only counts
"related activities", a baseline that is not the statistic it claims (the true median of the values it
lists), a team-level number presented as a personal one (or an objective's number not marked as the team's),
and values not rounded for their unit. The eval
suite asserts the same (``goal_quality``). ``reconcile`` keeps a model's wording but the plan's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Literal

from assistant.drafting.goals.ranges import decimals_for
from assistant.drafting.schemas import GoalProposal, GoalSet, KeyResult

__all__ = ["ISSUE_KINDS", "GoalIssue", "IssueKind", "goal_issues", "reconcile"]

IssueKind = Literal["raw_interest", "activity_count", "statistic", "team_as_personal", "team_unmarked", "unrounded"]
ISSUE_KINDS: tuple[IssueKind, ...] = (
    "raw_interest",
    "activity_count",
    "statistic",
    "team_as_personal",
    "team_unmarked",
    "unrounded",
)
_ACTIVITY_COUNT = re.compile(r"related activit|相关活动", re.IGNORECASE)
_SPLIT = re.compile(r"[;,.，；、。！!?？\n]|\band\b|\bwith\b|与|和|以及|及")
_MEDIAN_OF = re.compile(r"median of (?:the |your )?(?:last )?(\d+)|最近 ?(\d+) ?次")
_BASIS_COUNT = {"single": 1, "median_of_2": 2, "median_of_3": 3}


@dataclass(frozen=True)
class GoalIssue:
    """One problem with one goal (``goal`` is its 1-based number)."""

    kind: IssueKind
    goal: int
    message: str


def _norm(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’「」（）()]+", " ", text).strip().lower()


def _pasted(interests: str) -> list[str]:
    """The pieces of ``interests`` that would be pasted text if found in a goal: the whole of it, and each
    phrase of three or more words (English) or six or more characters (Chinese)."""
    whole = _norm(interests)
    pieces = [whole] if len(whole.split()) >= 2 or (len(whole) >= 4 and not whole.isascii()) else []
    for part in _SPLIT.split(interests):
        part = _norm(part)
        if (part.isascii() and len(part.split()) >= 3) or (not part.isascii() and len(part) >= 6):
            pieces.append(part)
    return list(dict.fromkeys(p for p in pieces if p))


def _kr_text(kr: KeyResult) -> str:
    return f"{kr.metric} {kr.label}"


def goal_issues(goals: Sequence[GoalProposal], interests: str | None = None) -> list[GoalIssue]:
    """Every issue in ``goals`` (an empty list for a good set)."""
    issues: list[GoalIssue] = []
    pasted = _pasted(interests) if interests else []
    for n, goal in enumerate(goals, start=1):
        said = _norm(" ".join([goal.objective, *(_kr_text(k) for k in goal.key_results)]))
        hit = next((p for p in pasted if p in said), None)
        if hit is not None:
            issues.append(GoalIssue("raw_interest", n, f"goal {n} pastes the stated interest {hit!r}"))
        for kr in goal.key_results:
            issues.extend(_kr_issues(n, kr))
        if goal.aligned_to and goal.key_results and not any(kr.scope == "team" for kr in goal.key_results):
            issues.append(
                GoalIssue(
                    "team_unmarked",
                    n,
                    f"goal {n}: the team objective's own number is not shown as the team's (a contribution)",
                )
            )
    return issues


def _kr_issues(n: int, kr: KeyResult) -> list[GoalIssue]:
    out = []
    name = kr.label or kr.metric
    if _ACTIVITY_COUNT.search(_kr_text(kr)) or _ACTIVITY_COUNT.search(kr.derivation):
        out.append(GoalIssue("activity_count", n, f"goal {n}: key result {name!r} only counts related activities"))
    if kr.scope == "team":
        if any(v is not None for v in (kr.floor, kr.target, kr.stretch)):
            out.append(GoalIssue("team_as_personal", n, f"goal {n}: the team-level {name!r} has a personal range"))
        return out
    if kr.baseline is not None and not kr.values and kr.basis not in ("count", "commitment"):
        same = kr.team_baseline is not None and abs(kr.baseline - kr.team_baseline) < 1e-9
        why = "is the team's baseline" if same else "has no results of the person behind it"
        out.append(GoalIssue("team_as_personal", n, f"goal {n}: the personal key result {name!r} {why}"))
    if kr.values:
        expected = _BASIS_COUNT.get(kr.basis or "")
        true = float(median(kr.values))
        if expected is None or expected != len(kr.values) or kr.baseline is None or abs(kr.baseline - true) > 0.006:
            out.append(
                GoalIssue(
                    "statistic",
                    n,
                    f"goal {n}: {name!r} baseline {kr.baseline} is not the median of {kr.values} ({true:g})",
                )
            )
        said = _MEDIAN_OF.search(kr.derivation)
        if said and int(said.group(1) or said.group(2)) != len(kr.values):
            out.append(GoalIssue("statistic", n, f"goal {n}: {name!r} says {said.group(0)!r} of {len(kr.values)}"))
        if len(kr.values) == 1 and re.search(r"median|中位数", kr.derivation, re.IGNORECASE):
            out.append(GoalIssue("statistic", n, f"goal {n}: {name!r} calls one value a median"))
    unit = kr.unit or ""
    for value in (kr.floor, kr.target, kr.stretch):
        if value is None:
            continue
        allowed = decimals_for(unit, max(abs(v) for v in (kr.floor, kr.target, kr.stretch) if v is not None))
        if abs(value * 10**allowed - round(value * 10**allowed)) > 1e-6:
            out.append(GoalIssue("unrounded", n, f"goal {n}: {name!r} value {value:g} is not rounded for {unit!r}"))
            break
    return out


def _key(goal: GoalProposal) -> str | None:
    return goal.capability or goal.aligned_to


def reconcile(parsed: GoalSet, plan: GoalSet, interests: str | None, lang: str) -> tuple[GoalSet, list[str]]:
    """A model's goal set with the plan's numbers: its wording kept where it is sound, everything computed
    (key results, reasons, reference paths, citations) taken from the plan; unplanned goals dropped."""
    planned = {_key(g): g for g in plan.goals if _key(g)}
    notes: list[str] = []
    out: list[GoalProposal] = []
    for goal in parsed.goals:
        base = planned.pop(_key(goal), None) if _key(goal) else None
        if base is None:
            notes.append(
                f"模型提出的目标“{goal.objective}”不在计算出的方案中，已删除（其数字无法核对）"
                if lang == "zh"
                else f"The model's goal “{goal.objective}” is not in the computed plan and was left out "
                "(its numbers cannot be checked)"
            )
            continue
        wording = goal.objective.strip()
        if not wording or goal_issues([goal.model_copy(update={"key_results": []})], interests):
            wording = base.objective
        changed = [
            kr.label or kr.metric for kr in goal.key_results if not any(_same_numbers(kr, b) for b in base.key_results)
        ]
        if changed:
            notes.append(
                "模型给出的关键结果数字与计算结果不一致，已改用计算值：" + "、".join(changed)
                if lang == "zh"
                else "The model's numbers differed from the computed ranges and were replaced: " + ", ".join(changed)
            )
        out.append(base.model_copy(update={"objective": wording, "rationale": goal.rationale or base.rationale}))
    for rest in planned.values():  # the model left out planned goals: keep at least three
        if len(out) >= 3:
            break
        out.append(rest)
    return GoalSet(summary=parsed.summary or plan.summary, goals=out or list(plan.goals)), notes


def _same_numbers(a: KeyResult, b: KeyResult) -> bool:
    return a.metric == b.metric and all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6)
        for x, y in ((a.floor, b.floor), (a.target, b.target), (a.stretch, b.stretch))
    )
