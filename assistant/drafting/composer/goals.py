"""The offline composer's goal proposals: goals aligned to team objectives, ranged from the person's own record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from assistant.core.competencies import tags_for
from assistant.core.models import Metric, TeamObjective, WorkEvent
from assistant.drafting.composer.common import TAG_WORDS, num
from assistant.drafting.goals.ranges import baseline_of, round_to
from assistant.drafting.schemas import GoalProposal, GoalSet, KeyResult

__all__ = ["compose_goals", "metric_baselines"]


def metric_baselines(events: Sequence[WorkEvent]) -> dict[str, dict[str, object]]:
    """Per metric name: the person's own baseline (the true median of their last three values, ``statistic``
    saying which: one value, the median of two, of three) and its sources."""
    series: dict[str, list[tuple[datetime, float, WorkEvent, Metric]]] = {}
    for event in events:
        for name, metric in event.metrics.items():
            series.setdefault(name, []).append((event.occurred_at, metric.value, event, metric))
    out: dict[str, dict[str, object]] = {}
    for name, points in series.items():
        points.sort(key=lambda p: (p[0], p[2].id))
        last = points[-3:]
        baseline, basis, _ = baseline_of([p[1] for p in last])
        out[name] = {
            "metric": name,
            "baseline": round_to(baseline, 2),
            "statistic": basis,
            "unit": last[-1][3].unit,
            "higher_is_better": last[-1][3].higher_is_better,
            "event_ids": [p[2].id for p in last],
            "values": [p[1] for p in last],
        }
    return out


def _round(value: float) -> float:
    return round(value, 2) if abs(value) < 1000 else float(round(value))


def _range(baseline: float, team_target: float | None, higher: bool) -> tuple[float, float, float, str]:
    """(floor, target, stretch, how) from the person's baseline and the team's target."""
    sign = 1 if higher else -1
    if team_target is not None and (team_target - baseline) * sign > 0:
        gap = team_target - baseline
        return (_round(baseline), _round(baseline + gap * 0.5), _round(team_target), "gap")
    step = abs(baseline) * 0.05 or 1.0
    return (_round(baseline), _round(baseline + sign * step), _round(baseline + sign * 2 * step), "ahead")


def compose_goals(
    name: str,
    skills: Sequence[str],
    objectives: Sequence[TeamObjective],
    events: Sequence[WorkEvent],
    *,
    lang: str,
    interests: str | None = None,
) -> GoalSet:
    """Three to five goals aligned to team objectives, ranged from the person's own baselines."""
    baselines = metric_baselines(events)
    interest_tags = set(tags_for(interests or ""))
    skill_text = " ".join(skills).lower()

    def affinity(obj: TeamObjective) -> float:
        obj_tags = set(tags_for(f"{obj.title} {obj.description}"))
        return 2.0 * len(obj_tags & interest_tags) + (1.0 if obj.metric in baselines else 0.0)

    goals: list[GoalProposal] = []
    for obj in sorted(objectives, key=lambda o: (-affinity(o), o.id))[:4]:
        goals.append(_goal_for(name, obj, baselines, skills, skill_text, lang))
    if interests or len(goals) < 3:
        goals.append(_growth_goal(name, events, interests, skills, lang))
    while len(goals) < 3 and events:
        goals.append(_growth_goal(name, events, None, skills, lang, variant=len(goals)))
    goals = goals[:5]
    if lang == "zh":
        summary = (
            f"为{name}提出{len(goals)}个目标建议，每个关键结果的区间都基于其本人记录中的基线，推导方式写在每项中。"
        )
    else:
        summary = (
            f"{len(goals)} goal proposals for {name}; every key result's range starts from {name}'s own "
            "baseline, and each says how it was derived."
        )
    return GoalSet(summary=summary, goals=goals)


def _goal_for(
    name: str,
    obj: TeamObjective,
    baselines: dict[str, dict[str, object]],
    skills: Sequence[str],
    skill_text: str,
    lang: str,
) -> GoalProposal:
    krs: list[KeyResult] = []
    ids: list[str] = []
    if obj.metric:
        own = baselines.get(obj.metric)
        if own is not None:
            base = float(own["baseline"])  # type: ignore[arg-type]
            higher = bool(own["higher_is_better"])
            floor, target, stretch, how = _range(base, obj.target, higher)
            ids = list(own["event_ids"])  # type: ignore[arg-type]
            values = (
                "、".join(num(v) for v in own["values"])
                if lang == "zh"
                else ", ".join(  # type: ignore[union-attr]
                    num(v) for v in own["values"]
                )
            )  # type: ignore[union-attr]
            if lang == "zh":
                derivation = f"基线 {num(base)} = 最近 {len(ids)} 次记录（{values}）的中位数；保底 = 保持基线；" + (
                    f"目标 = 基线加上与团队目标 {num(obj.target)} 差距的一半；挑战 = 团队目标。"
                    if how == "gap"  # type: ignore[arg-type]
                    else "已优于团队目标：目标 = 再改进 5%，挑战 = 再改进 10%。"
                )
            else:
                derivation = (
                    f"baseline {num(base)} = median of the last {len(ids)} values on record ({values}); "
                    "floor = hold the baseline; "
                    + (
                        f"target = baseline plus half the gap to the team target {num(obj.target)}; "  # type: ignore[arg-type]
                        "stretch = the team target."
                        if how == "gap"
                        else "already ahead of the team target: target = a further 5%, stretch = a further 10%."
                    )
                )
            krs.append(
                KeyResult(
                    metric=obj.metric,
                    unit=obj.unit or own["unit"],
                    baseline=base,
                    floor=floor,  # type: ignore[arg-type]
                    target=target,
                    stretch=stretch,
                    higher_is_better=higher,
                    derivation=derivation,
                    event_ids=ids,
                )
            )
        elif obj.baseline is not None:
            higher = obj.higher_is_better
            floor, target, stretch, _ = _range(obj.baseline, obj.target, higher)
            derivation = (
                f"本人记录中没有 {obj.metric} 的数据：使用团队基线 {num(obj.baseline)}。"
                if lang == "zh"
                else f"no personal measurement of {obj.metric} on record: the team baseline "
                f"{num(obj.baseline)} is used."
            )
            krs.append(
                KeyResult(
                    metric=obj.metric,
                    unit=obj.unit,
                    baseline=obj.baseline,
                    floor=floor,
                    target=target,
                    stretch=stretch,
                    higher_is_better=higher,
                    derivation=derivation,
                )
            )
    fit = [s for s in skills if any(w in f"{obj.title} {obj.description}".lower() for w in s.lower().split())]
    fit = fit or [s for s in skills if s.lower() in skill_text][:2]
    if lang == "zh":
        objective = f"支持团队目标“{obj.title}”"
        rationale = f"对齐团队目标 {obj.id}；起点来自{name}本人的记录。" if ids else f"对齐团队目标 {obj.id}。"
    else:
        objective = f"Contribute to the team objective “{obj.title}”"
        rationale = (
            f"Aligned to team objective {obj.id}; the starting point is {name}'s own record."
            if ids
            else f"Aligned to team objective {obj.id}."
        )
    return GoalProposal(
        objective=objective, aligned_to=obj.id, key_results=krs, skill_fit=fit[:3], rationale=rationale, event_ids=ids
    )


def _other_theme(
    events: Sequence[WorkEvent], pool: Sequence[WorkEvent], variant: int, lang: str
) -> tuple[list[WorkEvent], str] | None:
    """The ``variant``-th theme of the whole record after the pool's own strongest one, with its events."""
    words = TAG_WORDS[lang]
    first = Counter(t for e in pool for t in e.tags if t in words).most_common(1)
    ranked = [t for t, _ in Counter(t for e in events for t in e.tags if t in words).most_common()]
    others = [t for t in ranked if not first or t != first[0][0]]
    if len(others) < variant:
        return None
    tag = others[variant - 1]
    return sorted((e for e in events if tag in e.tags), key=lambda e: e.occurred_at), words[tag]


def _growth_goal(
    name: str, events: Sequence[WorkEvent], interests: str | None, skills: Sequence[str], lang: str, variant: int = 0
) -> GoalProposal:
    """A development goal shaped by the stated interests (or the person's strongest theme)."""
    wanted = tags_for(interests or "")
    themed = [e for e in events if set(e.tags) & set(wanted)] if wanted else []
    pool = themed or [e for e in events if e.kind in ("development", "collaboration")] or list(events)
    pool = sorted(pool, key=lambda e: e.occurred_at)
    count = len(pool)
    ids = [e.id for e in pool[-3:]]
    theme = (interests or "").strip() or (
        TAG_WORDS[lang].get(Counter(t for e in pool for t in e.tags).most_common(1)[0][0], "")
        if any(e.tags for e in pool)
        else ""
    )
    theme = theme or ("专业成长" if lang == "zh" else "professional growth")
    if variant:
        other = _other_theme(events, pool, variant, lang)
        if other is not None:  # a different theme of the record, not the same goal numbered again
            pool, theme = other
            count, ids = len(pool), [e.id for e in pool[-3:]]
        else:
            theme = f"{theme} ({variant})" if lang == "en" else f"{theme}（{variant}）"
    floor, target, stretch = (
        float(count),
        float(count + max(1, round(count * 0.25))),
        float(count + max(2, round(count * 0.5))),
    )
    if lang == "zh":
        objective = f"围绕“{theme}”持续成长"
        derivation = (
            f"基线 = 参考期内已记录的相关活动 {count} 项；保底 = 保持该数量；目标 = 增加约四分之一；挑战 = 增加约一半。"
        )
        rationale = "根据本人表达的兴趣与相关记录提出。" if interests else "根据本人记录中最突出的主题提出。"
        metric = "相关活动数"
    else:
        objective = f"Grow in {theme}"
        derivation = (
            f"baseline = {count} related activities on record in the reference window; floor = keep that "
            "pace; target = about a quarter more; stretch = about half more."
        )
        rationale = "Shaped by the interests stated." if interests else "Built on the strongest theme in the record."
        metric = "related activities"
    return GoalProposal(
        objective=objective,
        aligned_to=None,
        skill_fit=list(skills[:2]),
        rationale=rationale,
        event_ids=ids,
        key_results=[
            KeyResult(
                metric=metric,
                baseline=float(count),
                floor=floor,
                target=target,
                stretch=stretch,
                derivation=derivation,
                event_ids=ids,
            )
        ],
    )
