"""The built-in team signals: quiet contributors, feedback gaps and load concentration.

Each compares a person with the others who share their manager, from counts of dated events, and cites the
events it counted. None of them reads tone, guesses feelings or predicts who might leave.
"""

from __future__ import annotations

import re
from statistics import median

from assistant.core.i18n import Strings
from assistant.core.models import Person, WorkEvent
from assistant.drafting.profile.activities import activity_of
from assistant.drafting.profile.themes import FEEDBACK_SOURCES, remarks_in
from assistant.drafting.signals.registry import Signal, SignalContext, register_signal

__all__ = ["feedback_gap", "load_concentration", "quiet_contributor"]

_MANAGER_SOURCES = frozenset({"one_on_one", "manager_feedback", "performance_review", "review"})
_LOAD = re.compile(
    r"\bincident|\boutage|\bon-?call|\bpages?\b|\bsev ?[0-9]|\bpostmortem|故障|事故|值班|告警|宕机", re.I
)
_S: Strings[str] = Strings(
    {
        "quiet": {
            "en": "{n} pieces of collaboration work in the last 12 months ({activities}) — about {ratio:.1f}× the "
            "median of the people who share this manager — but only {outcomes} outcome events are on record in "
            "their name, and no manager feedback or 1:1 note that you can see praises this work.",
            "zh": "过去12个月有 {n} 项协作类工作（{activities}），约为同一主管下同事中位数的 {ratio:.1f} 倍；"
            "但署名的成果事件只有 {outcomes} 条，可见的主管反馈和1:1记录中也没有对这些工作的肯定。",
        },
        "quiet.do": {
            "en": "Name this work in the next 1:1 and in the review, with the examples cited, and make sure next "
            "period's goals count it (e.g. a mentoring or review key result).",
            "zh": "在下次1:1和评估中点名肯定这些工作（引用上面的例子），"
            "并让下期目标把它算进去（如带教或评审类关键结果）。",
        },
        "quiet.self": {
            "en": "Bring this work up in your next 1:1 with the examples cited, so it is counted in your review "
            "and your next goals.",
            "zh": "在下次1:1中带着这些例子主动提出，让评估和下期目标把这些工作算进去。",
        },
        "gap": {
            "en": "No feedback or 1:1 note on record for {weeks} weeks: the last was “{title}” on {date}.",
            "zh": "已有 {weeks} 周没有反馈或1:1记录：最近一次是 {date} 的“{title}”。",
        },
        "gap.none": {
            "en": "No feedback or 1:1 note on record in the last 12 months.",
            "zh": "过去12个月没有任何反馈或1:1记录。",
        },
        "gap.do": {
            "en": "Schedule a 1:1 this week and ask one or two colleagues who work closely with them for feedback.",
            "zh": "本周安排一次1:1，并请一两位与其合作紧密的同事提供反馈。",
        },
        "gap.self": {
            "en": "Ask your manager for a 1:1, and ask a colleague you work closely with for feedback.",
            "zh": "主动约主管做一次1:1，并请一位合作紧密的同事给你反馈。",
        },
        "gap.indirect": {
            "en": "Feedback gaps are shown to each person's direct manager only: 1:1 notes are private to them.",
            "zh": "反馈间隔只向直属经理显示：1:1记录仅其本人可见。",
        },
        "load": {
            "en": "{n} of the {total} incidents and high-complexity items in this group over the last 90 days "
            "({share:.0%}, the median person had {median:g}).",
            "zh": "过去90天，该组的 {total} 项故障与高复杂度工作中有 {n} 项落在这里"
            "（占 {share:.0%}，中位数为 {median:g} 项）。",
        },
        "load.do": {
            "en": "Rebalance: pair someone on the next incident or hard item, rotate the on-call, and check "
            "whether lower-priority work can move.",
            "zh": "重新分配：下一次故障或难题安排他人结对，轮换值班，并看看低优先级工作能否调走。",
        },
        "load.self": {
            "en": "Raise the load with your manager: ask to pair someone on the next incident or to rotate the "
            "on-call.",
            "zh": "和主管谈谈工作量：提出下一次故障安排他人结对，或轮换值班。",
        },
        "sep": {"en": ", ", "zh": "、"},
    }
)
_ACTIVITY_NAMES = {
    "code_review": ("code reviews", "代码评审"),
    "mentoring": ("mentoring", "带教辅导"),
    "talks": ("talks", "分享"),
    "documentation": ("docs and guides", "文档"),
    "help": ("help rotations", "答疑"),
    "interviewing": ("interviews", "面试"),
    "joint_work": ("cross-team work", "跨团队协作"),
    "other_collaboration": ("other help", "其他协作"),
}


def _say(ctx: SignalContext, key: str, **values: object) -> str:
    return _S.say(key, ctx.lang, **values)


def _do(ctx: SignalContext, key: str) -> str:
    return _say(ctx, f"{key}.self" if ctx.self_view else f"{key}.do")


def _collab(events: list[WorkEvent]) -> list[WorkEvent]:
    return [e for e in events if e.kind == "collaboration" and e.source not in FEEDBACK_SOURCES]


def _manager_praise(person: Person, events: list[WorkEvent]) -> int:
    names = [person.name, person.name.split()[0]]
    return sum(
        1 for e in events if e.source in _MANAGER_SOURCES for r in remarks_in(e, names, ()) if r.polarity == "praise"
    )


@register_signal("quiet_contributor")
def quiet_contributor(ctx: SignalContext) -> list[Signal]:
    """Much collaboration evidence, little recognition: few outcomes credited and no manager praise."""
    out = []
    for person in ctx.people:
        team = [p for p in ctx.team_of(person) if p.team == person.team]
        if len(team) < 3:
            continue
        collab = {p.id: len(_collab(ctx.events[p.id])) for p in team}
        outcomes = {p.id: sum(1 for e in ctx.events[p.id] if e.kind == "outcome") for p in team}
        mid_c, mid_o = median(collab.values()), median(outcomes.values())
        mine = _collab(ctx.events[person.id])
        if not (len(mine) >= max(10, 1.5 * mid_c) and outcomes[person.id] <= 0.5 * mid_o):
            continue
        if _manager_praise(person, ctx.events[person.id]) > 1:
            continue
        kinds: dict[str, list[WorkEvent]] = {}
        for e in mine:
            kinds.setdefault(activity_of(e) or "other_collaboration", []).append(e)
        ranked = sorted(kinds.items(), key=lambda kv: -len(kv[1]))
        lang_i = 1 if ctx.lang == "zh" else 0
        activities = _say(ctx, "sep").join(
            f"{len(group)} {_ACTIVITY_NAMES.get(k, (k, k))[lang_i]}" for k, group in ranked[:4]
        )
        cited = [group[-1].id for _, group in ranked[:4]]
        out.append(
            Signal(
                kind="quiet_contributor",
                subject_id=person.id,
                subject_name=person.name,
                text=_say(
                    ctx,
                    "quiet",
                    n=len(mine),
                    activities=activities,
                    ratio=len(mine) / max(mid_c, 1),
                    outcomes=outcomes[person.id],
                ),
                action=_do(ctx, "quiet"),
                event_ids=cited,
                facts={"collaboration": len(mine), "team_median": mid_c, "outcomes": outcomes[person.id]},
            )
        )
    return out


@register_signal("feedback_gap")
def feedback_gap(ctx: SignalContext) -> list[Signal]:
    """No feedback or 1:1 for ``ctx.weeks`` weeks (direct reports only: 1:1 notes are the direct manager's)."""
    out = []
    if any(p.id not in ctx.direct for p in ctx.people):
        ctx.notes.append(_say(ctx, "gap.indirect"))
    for person in ctx.people:
        if person.id not in ctx.direct:
            continue
        feedback = [e for e in ctx.events[person.id] if e.source in FEEDBACK_SOURCES]
        last = max(feedback, key=lambda e: (e.occurred_at, e.id), default=None)
        weeks = (ctx.today - last.occurred_at.date()).days // 7 if last else None
        if last is not None and weeks is not None and weeks < ctx.weeks:
            continue
        text = (
            _say(ctx, "gap", weeks=weeks, title=last.title, date=last.occurred_at.date().isoformat())
            if last
            else _say(ctx, "gap.none")
        )
        out.append(
            Signal(
                kind="feedback_gap",
                subject_id=person.id,
                subject_name=person.name,
                text=text,
                action=_do(ctx, "gap"),
                event_ids=[last.id] if last else [],
                facts={"weeks": weeks, "threshold_weeks": ctx.weeks},
            )
        )
    return out


def _heavy(event: WorkEvent) -> bool:
    return event.complexity == "high" or bool(_LOAD.search(f"{event.title} {event.description}"))


@register_signal("load_concentration")
def load_concentration(ctx: SignalContext) -> list[Signal]:
    """Incidents and high-complexity work piling on one person of a group over the last 90 days."""
    out = []
    start = ctx.today.toordinal() - 89
    for person in ctx.people:
        team = [p for p in ctx.team_of(person) if p.team == person.team]
        if len(team) < 3:
            continue
        load = {
            p.id: [
                e
                for e in ctx.events[p.id]
                if e.occurred_at.date().toordinal() >= start and e.source not in FEEDBACK_SOURCES and _heavy(e)
            ]
            for p in team
        }
        total = sum(len(v) for v in load.values())
        mine = load[person.id]
        mid = median(len(v) for v in load.values())
        if total == 0 or len(mine) < 4 or len(mine) / total < 0.35 or len(mine) < 2 * max(mid, 1):
            continue
        out.append(
            Signal(
                kind="load_concentration",
                subject_id=person.id,
                subject_name=person.name,
                text=_say(ctx, "load", n=len(mine), total=total, share=len(mine) / total, median=mid),
                action=_do(ctx, "load"),
                event_ids=[e.id for e in mine][-5:],
                facts={"items": len(mine), "group_total": total, "group_median": mid},
            )
        )
    return out
