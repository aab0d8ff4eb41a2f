"""The offline composer's feedback drafts: strengths, development areas and next steps, each citing its events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.core.competencies import tags_for
from assistant.core.models import WorkEvent
from assistant.drafting.composer.common import (
    TAG_WORDS,
    metric_name,
    missed_target,
    month_label,
    num,
    prefix,
    sbi,
    strength_score,
    unit_text,
)
from assistant.drafting.schemas import FeedbackDraft, Statement

__all__ = ["compose_feedback", "summary_for"]

_SIZES = {"short": (2, 1, 1), "medium": (3, 2, 2), "long": (5, 3, 3)}


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
    missed = [e for e in usable if missed_target(e)]
    ranked = sorted(
        (e for e in usable if e not in missed and e.kind != "context"),
        key=lambda e: (-strength_score(e, scores.get(e.id, 0.0)), e.occurred_at, e.id),
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
            Statement(section="strength", text=prefix("strength", tone, lang) + sbi(event, lang), event_ids=[event.id])
        )
    dev_events = sorted(missed, key=lambda e: -scores.get(e.id, 0.0))[:n_dev]
    for event in dev_events:
        key, metric = missed_target(event)  # type: ignore[misc]
        unit = unit_text(metric, lang)
        if lang == "zh":
            gap = f"{metric_name(key)}为{num(metric.value)}{unit}，未达到{num(metric.target)}{unit}的目标。"  # type: ignore[arg-type]
        else:
            gap = (
                f"{metric_name(key)} reached {num(metric.value)}{unit}, short of the {num(metric.target)}{unit} target."  # type: ignore[arg-type]
            )
        situation = sbi(event, lang).split("结果：")[0].split(" Result: ")[0]
        said = num(metric.value) in situation and num(metric.target) in situation  # type: ignore[arg-type]
        text = situation if said else situation + (" " if lang == "en" else "") + gap
        statements.append(
            Statement(section="development", text=prefix("development", tone, lang) + text, event_ids=[event.id])
        )
        step = (
            (
                f"与{name}一起制定把{metric_name(key)}从{num(metric.value)}{unit}提升到"
                f"{num(metric.target)}{unit}的计划，并在下次一对一沟通中回顾进展。"
            )
            if lang == "zh"
            # type: ignore[arg-type]
            else (
                f"Agree with {name} on a plan to move {metric_name(key)} from {num(metric.value)}{unit} "
                f"toward the {num(metric.target)}{unit} target, and review progress at the next one-on-one."
            )
        )  # type: ignore[arg-type]
        statements.append(
            Statement(section="next_step", text=prefix("next_step", tone, lang) + step, event_ids=[event.id])
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
    return FeedbackDraft(summary=summary_for(name, strengths, dev_events, statements, lang), statements=statements)


def _stretch_step(
    name: str, strengths: Sequence[WorkEvent], scores: dict[str, float], lang: str, tone: str
) -> Statement:
    """With no development area on record, a next step that builds on the strongest strength."""
    top = max(strengths, key=lambda e: (strength_score(e, scores.get(e.id, 0.0)), e.occurred_at, e.id))
    when, title = month_label(top.occurred_at, lang), top.title.rstrip("。.")
    text = (
        f"与{name}约定一个在“{title}”（{when}）基础上更进一步的挑战目标，并在下次一对一沟通时回顾。"
        if lang == "zh"
        else f"Agree with {name} on a stretch goal that builds on “{title}” ({when}), and review it at the next "
        "one-on-one."
    )
    return Statement(section="next_step", text=prefix("next_step", tone, lang) + text, event_ids=[top.id])


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
        Statement(section="development", text=prefix("development", tone, lang) + text, event_ids=ids),
        Statement(section="next_step", text=prefix("next_step", tone, lang) + step, event_ids=ids),
    ]


def summary_for(
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
            words = TAG_WORDS[lang]
            tags = Counter(t for e in strengths for t in (e.tags or tags_for(f"{e.title} {e.description}")))
            themes = [words[t] for t, _ in tags.most_common() if t in words][:3]
            head = f"{name}本期最有力的证据集中在" + ("、".join(themes) if themes else "日常工作")
        return head + "。" + ("" if has_dev else "本期记录未显示明确的待发展方面。")
    if picks:
        listed = "; ".join(f"{month_label(e.occurred_at, lang)}: {e.title.rstrip('.')}" for e in picks)
        head = f"{name}'s strongest work this period — {listed}."
    else:
        words = TAG_WORDS[lang]
        tags = Counter(t for e in strengths for t in (e.tags or tags_for(f"{e.title} {e.description}")))
        themes = [words[t] for t, _ in tags.most_common() if t in words][:3]
        head = f"{name}'s strongest evidence this period is in " + (", ".join(themes) or "day-to-day work") + "."
    tail = (
        " Development areas and next steps follow, each tied to the events it cites."
        if has_dev
        else " The record shows no clear development area this period."
    )
    return head + tail
