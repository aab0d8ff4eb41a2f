"""Capability goals: a concrete action with a measurable key result, chosen from what the person asked for
(interests, 1:1 aspirations), the gaps feedback names, and their role's usual next steps.

The person's own words are matched to a capability (``capabilities.yaml``) and never pasted into the goal;
the key result counts the action itself ("design reviews led end to end"), ranged from the earlier examples
in the person's own record, and a capability measured by a metric the person has results on gets a ranged
key result on it too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.core.models import Person, WorkEvent
from assistant.drafting.goals.capabilities import Capability, capabilities
from assistant.drafting.goals.outcomes import series_of
from assistant.drafting.goals.ranges import key_result_range
from assistant.drafting.goals.text import NUMBER_WORDS, ZH_NUMBERS, say
from assistant.drafting.profile import EvidenceProfile, RemarkFact, format_value
from assistant.drafting.profile.activities import activity_of
from assistant.drafting.profile.metrics import MetricInfo
from assistant.drafting.profile.themes import FEEDBACK_SOURCES
from assistant.drafting.schemas import GoalProposal, GoalReason, KeyResult

__all__ = ["GrowthCandidate", "growth_candidates", "growth_goal"]

_NOT_WORK = FEEDBACK_SOURCES | {"one_on_one"}
"""What others said and 1:1 notes are reasons, not earlier examples of the person's own work."""
_WEIGHTS = {"interest": 4.0, "aspiration": 3.0, "gap": 2.0, "role": 1.0}
"""What the person asks for now comes first, then what they told their manager, then the gaps feedback names."""


@dataclass
class GrowthCandidate:
    """A capability and why it fits this person (the reasons, scored)."""

    capability: Capability
    score: float
    reasons: list[GoalReason] = field(default_factory=list)
    examples: list[WorkEvent] = field(default_factory=list)
    """Earlier examples in the person's own record, oldest first."""


def _day(d: date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def _wish(text: str) -> str:
    """The wish itself: a 1:1 note's first clause ("wants to lead people", not the agreed follow-ups)."""
    return re.split(r"[，,；;。.]|\bagreed\b|约定", text, maxsplit=1)[0]


def _who(remark: RemarkFact, lang: str) -> str:
    return say("who", lang, who=remark.speaker) if remark.speaker else ""


def growth_candidates(
    profile: EvidenceProfile,
    events: Sequence[WorkEvent],
    person: Person,
    interests: str | None,
    lang: str,
) -> list[GrowthCandidate]:
    """Every capability with a reason to grow it, best first."""
    out = []
    for cap in capabilities():
        reasons: list[GoalReason] = []
        score = 0.0
        if interests and cap.matches(interests):
            score += _WEIGHTS["interest"]
            reasons.append(GoalReason(kind="interest", text=say("why.interest", lang, name=cap.name(lang))))
        for theme in profile.aspirations:
            remark = next((r for r in theme.remarks if cap.matches(_wish(r.text))), None)
            if remark is not None:
                score += _WEIGHTS["aspiration"]
                text = say("why.aspiration", lang, date=_day(remark.date, lang), text=remark.text)
                reasons.append(GoalReason(kind="aspiration", text=text, event_ids=[remark.event_id]))
                break
        for theme in profile.critique:
            remark = next((r for r in theme.remarks if cap.answers_gap(r.text, theme.topic)), None)
            if remark is not None:
                score += _WEIGHTS["gap"]
                text = say("why.gap", lang, text=remark.text, who=_who(remark, lang), date=_day(remark.date, lang))
                reasons.append(GoalReason(kind="gap", text=text, event_ids=list(theme.event_ids[-2:])))
                break
        if person.job_family in cap.roles and not reasons:
            score += _WEIGHTS["role"]
            reasons.append(GoalReason(kind="role", text=say("why.role", lang, job_family=person.job_family)))
        examples = [
            e
            for e in sorted(events, key=lambda e: (e.occurred_at, e.id))
            if e.source not in _NOT_WORK
            and (cap.shows_in(e.title) or (cap.activity and activity_of(e) in cap.activity))
        ]
        if score <= 0 and not examples:
            continue
        score += 0.5 if examples else 0.0
        for theme in profile.praise:
            remark = next((r for r in theme.remarks if cap.shows_in(r.text)), None)
            if remark is not None:
                text = say("why.praise", lang, text=remark.text, who=_who(remark, lang), date=_day(remark.date, lang))
                reasons.append(GoalReason(kind="strength", text=text, event_ids=[remark.event_id]))
                break
        if examples:
            last = examples[-1]
            n = len(examples)
            text = say(
                "why.examples",
                lang,
                n=n,
                s="" if n == 1 else "s",
                title=last.title,
                date=_day(last.occurred_at.date(), lang),
            )
            reasons.append(GoalReason(kind="strength", text=text, event_ids=[e.id for e in examples[-3:]]))
        out.append(GrowthCandidate(cap, score, reasons, examples))
    order = {c.id: n for n, c in enumerate(capabilities())}
    return sorted(out, key=lambda c: (-c.score, order[c.capability.id]))


def growth_goal(
    candidate: GrowthCandidate,
    profile: EvidenceProfile,
    skills: Sequence[str],
    until: date,
    lang: str,
    *,
    used_metrics: set[str],
) -> GoalProposal:
    """The goal for one capability: the action with its counted key result, and a metric one when measured."""
    cap = candidate.capability
    since = until - timedelta(days=182)
    recent = [e for e in candidate.examples if since <= e.occurred_at.date() < until]
    count = len(recent)
    f, t, s = cap.count
    if not cap.counts:
        floor, target, stretch = f, t, s
        how = say("count.commit", lang, floor=floor, target=target, stretch=stretch)
    elif count >= t:
        floor, target, stretch = count, count + 1, count + 2
        how = say("count.ahead", lang, count=count, until=_day(until, lang))
    else:
        floor, target, stretch = max(f, count), t, max(s, t + 1)
        key = "count.pace" if count else "count.first" if floor == 1 else "count.none"
        how = say(key, lang, count=count, until=_day(until, lang), floor=floor, target=target, stretch=stretch)
    n_text = (ZH_NUMBERS if lang == "zh" else NUMBER_WORDS).get(target, str(target))
    objective = cap.action(lang).format(n=n_text, s="" if target == 1 else "s")
    krs = [
        KeyResult(
            metric=cap.id,
            label=cap.kr(lang),
            baseline=float(count) if cap.counts else None,
            floor=float(floor),
            target=float(target),
            stretch=float(stretch),
            derivation=how + ("。" if lang == "zh" else "."),
            event_ids=[e.id for e in recent[-3:]],
            basis="count" if count and cap.counts else "commitment",
        )
    ]
    metric_kr = _metric_kr(cap, profile, lang, used_metrics)
    if metric_kr is not None:
        krs.append(metric_kr)
    if candidate.examples:
        reference = [
            GoalReason(
                kind="strength",
                text=say("ref.example", lang, title=e.title, date=_day(e.occurred_at.date(), lang)),
                event_ids=[e.id],
            )
            for e in candidate.examples[-2:]
        ]
    else:
        reference = [GoalReason(kind="role", text=say("ref.first_step", lang, step=cap.first_step(lang)))]
    why = candidate.reasons
    cited = list(dict.fromkeys(i for r in [*why, *reference] for i in r.event_ids))
    cited += [i for kr in krs for i in kr.event_ids if i not in cited]
    return GoalProposal(
        objective=objective,
        key_results=krs,
        skill_fit=[s for s in skills if cap.matches(s) or s.lower() in cap.name.en.lower()][:3],
        rationale=" ".join(r.text for r in why if r.kind != "role") or " ".join(r.text for r in why),
        event_ids=cited,
        kind="capability",
        capability=cap.id,
        why=why,
        reference_path=reference,
    )


def _metric_kr(cap: Capability, profile: EvidenceProfile, lang: str, used: set[str]) -> KeyResult | None:
    """A ranged key result on the first metric measuring ``cap`` that the person has results on."""
    for key in cap.metrics:
        if key in used:
            continue
        series = series_of(profile, key)
        if not series:
            continue
        facts = series[-3:]
        last = facts[-1]
        info = MetricInfo(
            key=key, label=last.label, unit=last.unit, higher_is_better=last.higher_is_better, from_catalog=True
        )
        rng = key_result_range(
            [x.value for x in facts], higher_is_better=info.higher_is_better, unit=info.unit, key=key
        )
        values = ("、" if lang == "zh" else ", ").join(format_value(v, info) for v in rng.values)
        best = next(x for x in facts if abs(x.value - rng.best) < 1e-9)
        near_full = info.unit.strip() == "%" and info.higher_is_better and rng.baseline >= 90
        sep = "；" if lang == "zh" else "; "
        parts = [
            say("basis." + rng.basis, lang, baseline=format_value(rng.baseline, info), values=values),
            say("floor.hold", lang, floor=format_value(rng.floor, info)),
            say(
                "target." + rng.target_reason + ("_gap" if near_full and rng.target_reason == "step" else ""),
                lang,
                target=format_value(rng.target, info),
                best_date=_day(best.date, lang),
                team_target="",
                change="",
            ),
            say(
                "stretch." + rng.stretch_reason + ("_gap" if near_full and rng.stretch_reason == "step" else ""),
                lang,
                stretch=format_value(rng.stretch, info),
                best_date=_day(best.date, lang),
            ),
        ]
        used.add(key)
        return KeyResult(
            metric=key,
            label=info.label,
            unit=info.unit.strip() or None,
            baseline=rng.baseline,
            floor=rng.floor,
            target=rng.target,
            stretch=rng.stretch,
            higher_is_better=info.higher_is_better,
            derivation=sep.join(parts) + ("。" if lang == "zh" else "."),
            event_ids=[x.event_id for x in facts],
            basis=rng.basis,
            values=list(rng.values),
        )
    return None
