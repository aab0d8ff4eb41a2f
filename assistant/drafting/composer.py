"""The offline grounded composer: deterministic drafts from retrieved events, no model.

Every statement is built from the events it cites, in Situation-Behaviour-Impact form: the situation is
the event's month and project, the behaviour its title and description, the impact its metrics. So every
number, date, name and project in a statement comes from the cited events. The summary carries no
numbers or dates at all. Output uses the same pydantic models an LLM must fill (``FeedbackDraft``,
``GoalSet``), so both engines are parsed, checked and stored the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from assistant.core.competencies import tags_for
from assistant.core.models import Metric, TeamObjective, WorkEvent
from assistant.drafting.schemas import FeedbackDraft, GoalProposal, GoalSet, KeyResult, Statement

__all__ = ["compose_feedback", "compose_goals", "metric_baselines", "month_label"]

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SIZES = {"short": (2, 1, 1), "medium": (3, 2, 2), "long": (5, 3, 3)}
_TAG_WORDS = {
    "en": {
        "collaboration": "collaboration",
        "communication": "communication",
        "delivery": "delivery",
        "quality": "quality",
        "reliability": "reliability",
        "customer": "customer work",
        "sales": "sales results",
        "leadership": "leadership",
        "mentoring": "mentoring",
        "knowledge_sharing": "knowledge sharing",
        "learning": "learning",
        "innovation": "new approaches",
        "planning": "planning",
    },
    "zh": {
        "collaboration": "协作",
        "communication": "沟通",
        "delivery": "交付",
        "quality": "质量",
        "reliability": "稳定性",
        "customer": "客户工作",
        "sales": "销售业绩",
        "leadership": "牵头推动",
        "mentoring": "带教",
        "knowledge_sharing": "知识分享",
        "learning": "学习成长",
        "innovation": "创新尝试",
        "planning": "规划",
    },
}


def month_label(moment: datetime, lang: str) -> str:
    """``March 2026`` / ``2026年3月``."""
    return f"{moment.year}年{moment.month}月" if lang == "zh" else f"{_EN_MONTHS[moment.month - 1]} {moment.year}"


def _num(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def _metric_name(name: str) -> str:
    return name.replace("_", " ")


def _unit(metric: Metric, lang: str) -> str:
    unit = metric.unit or ""
    return unit if unit in ("%", "") or lang == "zh" else f" {unit}"


def _first_sentence(text: str, lang: str, limit: int = 220) -> str:
    text = text.strip()
    if not text:
        return ""
    parts = re.split(r"(?<=[。！？])" if lang == "zh" else r"(?<=[.!?])\s+", text, maxsplit=1)
    sentence = parts[0].strip().rstrip(";；,， ")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    end = "" if sentence.endswith(("。", "！", "？", ".", "!", "?", "…")) else ("。" if lang == "zh" else ".")
    return sentence + end


def _impact(event: WorkEvent, lang: str) -> str:
    bits = []
    for name, m in list(event.metrics.items())[:2]:
        unit = _unit(m, lang)
        if lang == "zh":
            extra = [
                f"基线{_num(m.baseline)}{unit}" if m.baseline is not None else "",
                f"目标{_num(m.target)}{unit}" if m.target is not None else "",
            ]
            extra_text = "，".join(x for x in extra if x)
            bits.append(f"{_metric_name(name)}为{_num(m.value)}{unit}" + (f"（{extra_text}）" if extra_text else ""))
        else:
            extra = [
                f"baseline {_num(m.baseline)}{unit}" if m.baseline is not None else "",
                f"target {_num(m.target)}{unit}" if m.target is not None else "",
            ]
            extra_text = ", ".join(x for x in extra if x)
            bits.append(f"{_metric_name(name)} {_num(m.value)}{unit}" + (f" ({extra_text})" if extra_text else ""))
    if not bits:
        return ""
    return ("结果：" + "；".join(bits) + "。") if lang == "zh" else ("Result: " + "; ".join(bits) + ".")


def _sbi(event: WorkEvent, lang: str) -> str:
    """Situation (month, project) - Behaviour (title, description) - Impact (metrics)."""
    when = month_label(event.occurred_at, lang)
    title = event.title.rstrip("。.")
    detail = _first_sentence(event.description, lang)
    impact = _impact(event, lang)
    if lang == "zh":
        where = f"，在「{event.project}」中" if event.project else ""
        return f"{when}{where}：{title}。{detail}{impact}"
    where = f", on {event.project}" if event.project else ""
    return " ".join(x for x in (f"{when}{where}: {title}.", detail, impact) if x)


def _missed(event: WorkEvent) -> tuple[str, Metric] | None:
    for name, metric in event.metrics.items():
        if metric.met_target is False:
            return name, metric
    return None


def _strength_score(event: WorkEvent, relevance: float) -> float:
    met = any(m.met_target for m in event.metrics.values())
    improved = any(
        m.baseline is not None and ((m.value > m.baseline) == m.higher_is_better) for m in event.metrics.values()
    )
    return (
        relevance
        + 0.3 * met
        + 0.2 * improved
        + 0.15 * bool(event.metrics)
        + {"high": 0.15, "medium": 0.05}.get(event.complexity or "", 0.0)
        + {"outcome": 0.1, "collaboration": 0.08, "development": 0.04}.get(event.kind, -0.2)
    )


def _prefix(section: str, tone: str, lang: str) -> str:
    table = {
        ("strength", "direct", "en"): "Strength — ",
        ("strength", "warm", "en"): "Something to recognise: ",
        ("development", "direct", "en"): "To develop — ",
        ("development", "warm", "en"): "An area to grow: ",
        ("next_step", "direct", "en"): "Next step — ",
        ("next_step", "warm", "en"): "A suggestion: ",
        ("strength", "direct", "zh"): "优势：",
        ("strength", "warm", "zh"): "值得肯定：",
        ("development", "direct", "zh"): "待改进：",
        ("development", "warm", "zh"): "可以成长的方面：",
        ("next_step", "direct", "zh"): "下一步：",
        ("next_step", "warm", "zh"): "一个建议：",
    }
    return table[(section, tone, lang)]


def compose_feedback(
    name: str,
    events: Sequence[WorkEvent],
    scores: dict[str, float],
    *,
    lang: str,
    tone: str = "direct",
    length: str = "medium",
) -> FeedbackDraft:
    """A feedback draft from retrieved events (``scores``: relevance by event id)."""
    usable = [e for e in events if e.visibility != "excluded_from_ai"]
    n_strengths, n_dev, n_next = _SIZES.get(length, _SIZES["medium"])
    statements: list[Statement] = []
    missed = [e for e in usable if _missed(e)]
    ranked = sorted(
        (e for e in usable if e not in missed and e.kind != "context"),
        key=lambda e: (-_strength_score(e, scores.get(e.id, 0.0)), e.occurred_at, e.id),
    )
    strengths: list[WorkEvent] = []
    kinds: Counter[str] = Counter()
    for event in ranked:  # prefer variety of kinds among the strengths
        if len(strengths) >= n_strengths:
            break
        if kinds[event.kind] >= max(1, n_strengths - 1) and len(ranked) > n_strengths:
            continue
        strengths.append(event)
        kinds[event.kind] += 1
    for event in sorted(strengths, key=lambda e: e.occurred_at):
        statements.append(
            Statement(
                section="strength", text=_prefix("strength", tone, lang) + _sbi(event, lang), event_ids=[event.id]
            )
        )
    dev_events = sorted(missed, key=lambda e: -scores.get(e.id, 0.0))[:n_dev]
    for event in dev_events:
        metric_name, metric = _missed(event)  # type: ignore[misc]
        unit = _unit(metric, lang)
        if lang == "zh":
            gap = f"{_metric_name(metric_name)}为{_num(metric.value)}{unit}，未达到{_num(metric.target)}{unit}的目标。"  # type: ignore[arg-type]
        else:
            gap = (
                f"{_metric_name(metric_name)} reached {_num(metric.value)}{unit}, short of the "
                f"{_num(metric.target)}{unit} target."
            )  # type: ignore[arg-type]
        situation = _sbi(event, lang).split("结果：")[0].split(" Result: ")[0]
        said = _num(metric.value) in situation and _num(metric.target) in situation  # type: ignore[arg-type]
        text = situation if said else situation + (" " if lang == "en" else "") + gap
        statements.append(
            Statement(section="development", text=_prefix("development", tone, lang) + text, event_ids=[event.id])
        )
        step = (
            (
                f"与{name}一起制定把{_metric_name(metric_name)}从{_num(metric.value)}{unit}提升到"
                f"{_num(metric.target)}{unit}的计划，并在下次一对一沟通中回顾进展。"
            )
            if lang == "zh"
            # type: ignore[arg-type]
            else (
                f"Agree with {name} on a plan to move {_metric_name(metric_name)} from {_num(metric.value)}{unit} "
                f"toward the {_num(metric.target)}{unit} target, and review progress at the next one-on-one."
            )
        )  # type: ignore[arg-type]
        statements.append(
            Statement(section="next_step", text=_prefix("next_step", tone, lang) + step, event_ids=[event.id])
        )
    if len(dev_events) < n_dev:
        statements.extend(_thin_dimension(name, usable, strengths, lang, tone))
    if strengths and not any(s.section == "next_step" for s in statements):
        statements.append(_stretch_step(name, strengths, scores, lang, tone))
    next_steps = [s for s in statements if s.section == "next_step"]
    if len(next_steps) > n_next:
        statements = [s for s in statements if s.section != "next_step"] + next_steps[:n_next]
    order = {"strength": 0, "development": 1, "next_step": 2}
    statements.sort(key=lambda s: order[s.section])
    if not statements:
        statements = [
            Statement(
                section="next_step",
                event_ids=[],
                text=(
                    "记录中没有足够的工作事件来起草反馈：请先补充本期的成果、协作和成长记录。"
                    if lang == "zh"
                    else "There are not enough work events on record to draft feedback: add this "
                    "period's outcomes, collaboration and development first."
                ),
            )
        ]
    return FeedbackDraft(summary=_summary(name, strengths, dev_events, statements, lang), statements=statements)


def _stretch_step(
    name: str, strengths: Sequence[WorkEvent], scores: dict[str, float], lang: str, tone: str
) -> Statement:
    """With no development area on record, a next step that builds on the strongest strength."""
    top = max(strengths, key=lambda e: (_strength_score(e, scores.get(e.id, 0.0)), e.occurred_at, e.id))
    when, title = month_label(top.occurred_at, lang), top.title.rstrip("。.")
    text = (
        f"与{name}约定一个在“{title}”（{when}）基础上更进一步的挑战目标，并在下次一对一沟通时回顾。"
        if lang == "zh"
        else f"Agree with {name} on a stretch goal that builds on “{title}” ({when}), and review it at the next "
        "one-on-one."
    )
    return Statement(section="next_step", text=_prefix("next_step", tone, lang) + text, event_ids=[top.id])


def _thin_dimension(
    name: str, events: Sequence[WorkEvent], strengths: Sequence[WorkEvent], lang: str, tone: str
) -> list[Statement]:
    """A development area where the record is thinnest: few measured outcomes, or little learning."""
    counts = Counter(e.kind for e in events)
    candidates = [k for k in ("outcome", "development") if counts[k] <= max(2, len(events) // 8)]
    if not candidates:
        return []
    kind = min(candidates, key=lambda k: counts[k])
    cited = sorted((e for e in events if e.kind == kind), key=lambda e: e.occurred_at)[-2:]
    if not cited:
        cited = [e for e in events if e not in strengths][:1] or list(events[:1])
    if not cited:
        return []
    anchor = cited[-1]
    when = month_label(anchor.occurred_at, lang)
    title = anchor.title.rstrip("。.")
    if kind == "outcome":
        text = (
            (
                f"本期记录中可衡量的成果较少，最清晰的一项是{when}的“{title}”。{name}的协作与支持工作很多，"
                "但其带来的结果没有被记录下来。"
            )
            if lang == "zh"
            else (
                f"Few measured outcomes are on record this period; the clearest is “{title}” ({when}). Much of "
                f"{name}'s work is collaboration and support whose results are not captured."
            )
        )
        step = (
            "为接下来的协作工作约定一到两个可衡量的结果，完成时记录下来，并在下次一对一沟通时回顾。"
            if lang == "zh"
            else "For the next pieces of collaboration work, agree one or two measurable results up front and record "
            "them when done."
        )
    else:
        text = (
            f"本期记录的学习与成长活动较少，最近的一项是{when}的“{title}”。"
            if lang == "zh"
            else f"Little learning or development activity is on record this period; the most recent is “{title}” "
            f"({when})."
        )
        step = (
            "选定一项与当前工作相关的能力，约定具体的学习行动，完成后记录下来，并在下次一对一沟通时回顾。"
            if lang == "zh"
            else "Pick one skill that the current work needs, agree a concrete learning step, and review it at the "
            "next one-on-one."
        )
    ids = [e.id for e in cited]
    return [
        Statement(section="development", text=_prefix("development", tone, lang) + text, event_ids=ids),
        Statement(section="next_step", text=_prefix("next_step", tone, lang) + step, event_ids=ids),
    ]


def _summary(
    name: str, strengths: Sequence[WorkEvent], dev: Sequence[WorkEvent], statements: Sequence[Statement], lang: str
) -> str:
    """The strongest work by month and title, then what follows.

    It states no figure of its own: the only digits are the months of cited strength events and what their
    titles say, so it can never state an unsupported number; with no usable titles it names themes instead.
    """
    by_id = {e.id: e for e in strengths}
    picks: list[WorkEvent] = []
    for statement in statements:
        if statement.section != "strength" or len(picks) == 3:
            continue
        event = next((by_id[i] for i in statement.event_ids if i in by_id), None)
        if event is not None and event not in picks and 0 < len(event.title) <= 90:
            picks.append(event)
    has_dev = any(s.section == "development" for s in statements)
    if lang == "zh":
        if picks:
            head = f"{name}本期最有力的工作：" + "；".join(
                f"{month_label(e.occurred_at, lang)}，{e.title.rstrip('。')}" for e in picks
            )
        else:
            words = _TAG_WORDS[lang]
            tags = Counter(t for e in strengths for t in (e.tags or tags_for(f"{e.title} {e.description}")))
            themes = [words[t] for t, _ in tags.most_common() if t in words][:3]
            head = f"{name}本期最有力的证据集中在" + ("、".join(themes) if themes else "日常工作")
        return head + "。" + ("" if has_dev else "本期记录未显示明确的待发展方面。")
    if picks:
        listed = "; ".join(f"{month_label(e.occurred_at, lang)}: {e.title.rstrip('.')}" for e in picks)
        head = f"{name}'s strongest work this period — {listed}."
    else:
        words = _TAG_WORDS[lang]
        tags = Counter(t for e in strengths for t in (e.tags or tags_for(f"{e.title} {e.description}")))
        themes = [words[t] for t, _ in tags.most_common() if t in words][:3]
        head = f"{name}'s strongest evidence this period is in " + (", ".join(themes) or "day-to-day work") + "."
    tail = (
        " Development areas and next steps follow, each tied to the events it cites."
        if has_dev
        else " The record shows no clear development area this period."
    )
    return head + tail


# -- goals ------------------------------------------------------------------------------------------------


def metric_baselines(events: Sequence[WorkEvent]) -> dict[str, dict[str, object]]:
    """Per metric name: the person's own baseline (median of their last three values) and its sources."""
    series: dict[str, list[tuple[datetime, float, WorkEvent, Metric]]] = {}
    for event in events:
        for name, metric in event.metrics.items():
            series.setdefault(name, []).append((event.occurred_at, metric.value, event, metric))
    out: dict[str, dict[str, object]] = {}
    for name, points in series.items():
        points.sort(key=lambda p: (p[0], p[2].id))
        last = points[-3:]
        values = sorted(p[1] for p in last)
        baseline = values[len(values) // 2]
        out[name] = {
            "metric": name,
            "baseline": baseline,
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
                "、".join(_num(v) for v in own["values"])
                if lang == "zh"
                else ", ".join(  # type: ignore[union-attr]
                    _num(v) for v in own["values"]
                )
            )  # type: ignore[union-attr]
            if lang == "zh":
                derivation = f"基线 {_num(base)} = 最近 {len(ids)} 次记录（{values}）的中位数；保底 = 保持基线；" + (
                    f"目标 = 基线加上与团队目标 {_num(obj.target)} 差距的一半；挑战 = 团队目标。"
                    if how == "gap"  # type: ignore[arg-type]
                    else "已优于团队目标：目标 = 再改进 5%，挑战 = 再改进 10%。"
                )
            else:
                derivation = (
                    f"baseline {_num(base)} = median of the last {len(ids)} values on record ({values}); "
                    "floor = hold the baseline; "
                    + (
                        f"target = baseline plus half the gap to the team target {_num(obj.target)}; "  # type: ignore[arg-type]
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
                f"本人记录中没有 {obj.metric} 的数据：使用团队基线 {_num(obj.baseline)}。"
                if lang == "zh"
                else f"no personal measurement of {obj.metric} on record: the team baseline "
                f"{_num(obj.baseline)} is used."
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
    words = _TAG_WORDS[lang]
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
        _TAG_WORDS[lang].get(Counter(t for e in pool for t in e.tags).most_common(1)[0][0], "")
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


# -- revision ------------------------------------------------------------------------------------------------

_BLOCKING_KINDS = {
    "unsupported",
    "inaccessible_citation",
    "protected_attribute",
    "personality",
    "id_number",
    "contact_data",
    "other_person_detail",
    "personal_life",
    "prompt_injection",
}
_SHORTER = re.compile(r"short|concise|brief|简短|精简|短一些|更短", re.IGNORECASE)
_DIRECT = re.compile(r"direct|blunt|straight|直接|直白", re.IGNORECASE)
_WARM = re.compile(r"warm|softer|gentle|kind|温和|委婉|亲切", re.IGNORECASE)


def revise_offline(
    previous: FeedbackDraft,
    findings: Sequence[dict],
    events: Sequence[WorkEvent],
    *,
    lang: str,
    instruction: str | None = None,
    add_event_ids: Sequence[str] = (),
    name: str | None = None,
) -> FeedbackDraft:
    """Drop statements with blocking findings, then apply a plain instruction (shorter, more direct, warmer).

    ``name``: the person's name; when given and the statements changed, the summary is written again so
    it names only work the revised draft still cites.

    ``add_event_ids``: events to add a statement for (a strength, or a development area when the event
    missed a target), placed at the end of their section in the tone of the statements already there.
    """
    flagged = {f.get("statement_index") for f in findings if f.get("kind") in _BLOCKING_KINDS}
    statements = [s for i, s in enumerate(previous.statements) if i not in flagged]
    statements = _with_added(statements, events, add_event_ids, lang)
    if instruction and _SHORTER.search(instruction):
        keep: list[Statement] = []
        for section in ("strength", "development", "next_step"):
            keep.extend([s for s in statements if s.section == section][: 2 if section == "strength" else 1])
        statements = keep
    tone = (
        "direct"
        if instruction and _DIRECT.search(instruction)
        else "warm"
        if instruction and _WARM.search(instruction)
        else None
    )
    if tone:
        retoned = []
        for s in statements:
            body = s.text
            for t in ("direct", "warm"):
                prefix = _prefix(s.section, t, lang)
                if body.startswith(prefix):
                    body = body[len(prefix) :]
            retoned.append(s.model_copy(update={"text": _prefix(s.section, tone, lang) + body}))
        statements = retoned
    if not statements:
        return previous
    summary = previous.summary
    if name and [s.event_ids for s in statements] != [s.event_ids for s in previous.statements]:
        by_id = {e.id: e for e in events}
        strengths = [by_id[i] for s in statements if s.section == "strength" for i in s.event_ids if i in by_id]
        summary = _summary(name, strengths, [], statements, lang)
    return FeedbackDraft(summary=summary, statements=statements)


def _with_added(
    statements: list[Statement], events: Sequence[WorkEvent], add_ids: Sequence[str], lang: str
) -> list[Statement]:
    """``statements`` plus one SBI statement for each event in ``add_ids`` that no statement cites yet."""
    cited = {i for s in statements for i in s.event_ids}
    by_id = {e.id: e for e in events if e.visibility != "excluded_from_ai"}
    out = list(statements)
    for event_id in add_ids:
        event = by_id.get(event_id)
        if event is None or event_id in cited:
            continue
        section = "development" if _missed(event) else "strength"
        used = [s for s in out if s.section == section]
        style = next(
            (t for t in ("warm", "direct") for s in used if s.text.startswith(_prefix(section, t, lang))), "direct"
        )
        added = Statement(section=section, text=_prefix(section, style, lang) + _sbi(event, lang), event_ids=[event_id])
        at = max((i for i, s in enumerate(out) if s.section == section), default=None)
        if at is None:
            order = {"strength": 0, "development": 1, "next_step": 2}
            at = max((i for i, s in enumerate(out) if order[s.section] < order[section]), default=-1)
        out.insert(at + 1, added)
        cited.add(event_id)
    return out
