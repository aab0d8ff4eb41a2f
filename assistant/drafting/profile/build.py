"""``build_profile``: the evidence profile of one person and period, from every event the requester may see."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from assistant.core.models import MetricDefinition, WorkEvent
from assistant.core.periods import Period
from assistant.drafting.profile.activities import activity_of
from assistant.drafting.profile.metrics import metric_info
from assistant.drafting.profile.model import (
    ActivitySummary,
    ContextNote,
    EvidenceProfile,
    MetricFact,
    RemarkFact,
    ThemeSummary,
)
from assistant.drafting.profile.themes import FEEDBACK_SOURCES, Theme, remarks_in, themes_of

__all__ = ["build_profile", "quarter_of"]

_COUNT_UNITS = {"", "个", "次", "人", "家", "条", "场", "份", "页", "项", "席", "单", "篇", "轮"}
_NOT_ADDITIVE = re.compile(
    r"pct|percent|rate|ratio|avg|average|median|mean|score|nps|share|coverage|per_|_per|率|均|平均|占比|得分|成绩|满意度|"
    r"总数|total",
    re.IGNORECASE,
)
_BENEFICIARY_EN = re.compile(
    r"(?:\bfor|\bwith|\bMentored|\bCoached|\bhelped|\bunblocked|\bsupported)\s+([A-Z][a-z]+)(?:'s)?\b"
)
_BENEFICIARY_ZH = re.compile(r"(?:带教|辅导|协助|陪同|帮助|指导)([\u4e00-\u9fff]{2,3}?)(?:[：:，,推完处做的]|$)")
_CONTEXT_RULES: Sequence[tuple[str, re.Pattern[str]]] = (
    ("freeze", re.compile(r"\bfreeze\b|\bfrozen\b|冻结|暂停", re.I)),
    ("rescoped", re.compile(r"re-?scoped|\bcut the\b|scaled back|目标调整|下调|缩减", re.I)),
    ("reprioritised", re.compile(r"priorit|重点调整|优先级|暂缓", re.I)),
    ("covering", re.compile(r"covered for|covering for|took over|代.{1,4}处理|顶岗", re.I)),
    ("new_scope", re.compile(r"took on|inherited|接手|区域调整|划入", re.I)),
    ("team", re.compile(r"joined|working group|加入", re.I)),
    ("workload", re.compile(r"on-?call|\bpages\b|workload|负荷|值班", re.I)),
)


def quarter_of(month: str) -> str:
    """``2026-05`` -> ``2026Q2``."""
    return f"{month[:4]}Q{(int(month[5:7]) - 1) // 3 + 1}"


def build_profile(
    events: Sequence[WorkEvent],
    *,
    subject_id: str,
    subject_name: str,
    period: Period,
    lang: str,
    catalog: dict[str, MetricDefinition] | None = None,
    thin: bool = False,
    thin_reasons: Sequence[str] = (),
    colleagues: Sequence[str] = (),
    teams: Sequence[str] = (),
) -> EvidenceProfile:
    """The profile of the events (those opted out of AI use are ignored) for ``period``.

    ``colleagues``: names of the people in the organisation, to recognise whom the events say were helped;
    ``teams``: its team names, never taken for a person who gave feedback.
    """
    catalog = catalog or {}
    usable = sorted(
        (e for e in events if e.visibility != "excluded_from_ai" and period.contains(e.occurred_at)),
        key=lambda e: (e.occurred_at, e.id),
    )
    quarters = {q: 0 for q in dict.fromkeys(quarter_of(m) for m in period.months())}
    for event in usable:
        quarters[quarter_of(event.month)] = quarters.get(quarter_of(event.month), 0) + 1
    names = [subject_name, subject_name.split()[0]] if " " in subject_name else [subject_name]
    feedback = [e for e in usable if e.source in FEEDBACK_SOURCES]
    work = [e for e in usable if e.source not in FEEDBACK_SOURCES]
    facts = _facts(usable, lang, catalog)
    themes = themes_of([r for e in usable for r in remarks_in(e, names, teams)])
    profile = EvidenceProfile(
        subject_id=subject_id,
        subject_name=subject_name,
        language="zh" if lang == "zh" else "en",
        period=period.label,
        quarters=quarters,
        events_total=len(usable),
        event_ids=[e.id for e in usable],
        by_kind=dict(Counter(e.kind for e in usable)),
        outcomes=facts,
        outcome_events=[e.id for e in _ranked_outcomes(work, facts)],
        collaboration=_activities(
            [e for e in work if e.kind == "collaboration"], lang, catalog, colleagues, subject_name
        ),
        development=_activities([e for e in work if e.kind == "development"], lang, catalog, colleagues, subject_name),
        context=_context([e for e in work if e.kind == "context"]),
        praise=[_theme(t) for t in themes if t.polarity == "praise"],
        critique=[_theme(t) for t in themes if t.polarity == "critique"],
        aspirations=[_theme(t) for t in themes if t.polarity == "aspiration"],
        concerns=[_theme(t) for t in themes if t.polarity == "concern"],
        thin=thin,
        thin_reasons=list(thin_reasons),
    )
    profile.missing = _missing(profile, feedback, usable, period)
    return profile


def _facts(events: Sequence[WorkEvent], lang: str, catalog: dict[str, MetricDefinition]) -> list[MetricFact]:
    facts: list[MetricFact] = []
    for event in events:
        if event.kind not in ("outcome", "context") or event.source in FEEDBACK_SOURCES:
            continue
        for key, metric in event.metrics.items():
            info = metric_info(key, lang, catalog, metric)
            sign = 1 if info.higher_is_better else -1
            met = None if metric.target is None else (metric.value - metric.target) * sign >= -1e-9
            improved = None if metric.baseline is None else (metric.value - metric.baseline) * sign > 0
            progress = None
            if metric.target is not None and metric.baseline is not None and metric.target != metric.baseline:
                progress = (metric.value - metric.baseline) / (metric.target - metric.baseline)
            facts.append(
                MetricFact(
                    event_id=event.id,
                    date=event.occurred_at.date(),
                    key=key,
                    label=info.label,
                    unit=info.unit,
                    higher_is_better=info.higher_is_better,
                    value=metric.value,
                    baseline=metric.baseline,
                    target=metric.target,
                    met_target=met,
                    improved=improved,
                    progress=progress,
                    title=event.title,
                    project=event.project,
                    event_language=event.language,
                )
            )
    for fact in facts:
        fact.material_miss = _material_miss(fact, facts)
    return facts


def _material_miss(fact: MetricFact, facts: Sequence[MetricFact]) -> bool:
    """Short of target by enough to matter, and not made good by a later result on the same metric."""
    if fact.met_target is not False or fact.target is None:
        return False
    if fact.progress is not None:
        short = fact.progress < 0.6
    else:
        short = abs(fact.value - fact.target) > 0.1 * max(abs(fact.target), 1e-9)
    later = [f for f in facts if f.key == fact.key and f.date > fact.date]
    recovered = any(f.met_target for f in later)
    return short and not recovered


def _outcome_score(event: WorkEvent, facts: Sequence[MetricFact]) -> float:
    own = [f for f in facts if f.event_id == event.id]
    score = 0.2 * bool(own) + {"high": 0.3, "medium": 0.1}.get(event.complexity or "", 0.0)
    for fact in own:
        score += 0.6 * bool(fact.met_target) + 0.3 * bool(fact.improved) - 0.5 * fact.material_miss
        if fact.baseline and fact.improved:
            score += min(0.5, abs(fact.value - fact.baseline) / max(abs(fact.baseline), 1e-9))
    return score


def _ranked_outcomes(events: Sequence[WorkEvent], facts: Sequence[MetricFact]) -> list[WorkEvent]:
    outcomes = [e for e in events if e.kind == "outcome"]
    return sorted(outcomes, key=lambda e: (-_outcome_score(e, facts), e.occurred_at, e.id))


def _activities(
    events: Sequence[WorkEvent],
    lang: str,
    catalog: dict[str, MetricDefinition],
    colleagues: Sequence[str],
    subject_name: str,
) -> list[ActivitySummary]:
    groups: dict[str, list[WorkEvent]] = defaultdict(list)
    for event in events:
        activity = activity_of(event)
        if activity is not None:
            groups[activity].append(event)
    known = {n.split()[0] for n in colleagues if n} | {n for n in colleagues if n}
    known.discard(subject_name)
    known.discard(subject_name.split()[0] if subject_name else "")
    out = []
    for activity, group in groups.items():
        totals: dict[str, float] = defaultdict(float)
        counted: Counter[str] = Counter()
        labels: dict[str, str] = {}
        units: dict[str, str] = {}
        for event in group:
            for key, metric in event.metrics.items():
                info = metric_info(key, lang, catalog, metric)
                if info.unit.strip() not in _COUNT_UNITS or _NOT_ADDITIVE.search(key):
                    continue
                totals[key] += metric.value
                counted[key] += 1
                labels[key] = info.label
                units[key] = info.unit
        people = []
        for event in group:
            text = event.title
            for name in _BENEFICIARY_EN.findall(text) + _BENEFICIARY_ZH.findall(text):
                if name in known and name not in people:
                    people.append(name)
        months = list(dict.fromkeys(e.month for e in group))
        out.append(
            ActivitySummary(
                activity=activity,
                event_ids=[e.id for e in group],
                months=months,
                quarters=list(dict.fromkeys(quarter_of(m) for m in months)),
                totals={k: round(v, 6) for k, v in totals.items()},
                labels=labels,
                counts=dict(counted),
                units=units,
                people=people,
            )
        )
    return sorted(out, key=lambda a: (-len(a.event_ids), a.activity))


def _context(events: Sequence[WorkEvent]) -> list[ContextNote]:
    notes = []
    for event in events:
        text = f"{event.title} {event.description}"
        category = next((name for name, pattern in _CONTEXT_RULES if pattern.search(text)), "other")
        notes.append(
            ContextNote(event_id=event.id, date=event.occurred_at.date(), category=category, title=event.title)  # type: ignore[arg-type]
        )
    return notes


def _theme(theme: Theme) -> ThemeSummary:
    return ThemeSummary(
        polarity=theme.polarity,
        remarks=[
            RemarkFact(
                event_id=r.event_id,
                date=r.occurred_at.date(),
                text=r.text,
                speaker=r.speaker,
                label=r.label,
                source=r.source,
                tempered=r.tempered,
            )
            for r in sorted(theme.remarks, key=lambda r: (r.occurred_at, r.event_id))
        ],
        event_ids=theme.event_ids,
        recurring=theme.recurring,
        speakers=theme.speakers,
        topic=theme.topic,
    )


def _missing(
    profile: EvidenceProfile, feedback: Sequence[WorkEvent], events: Sequence[WorkEvent], period: Period
) -> list:
    missing = []
    if not profile.outcomes and not profile.outcome_events:
        missing.append("outcomes")
    elif not profile.outcomes:
        missing.append("outcomes")  # outcomes without a single measured result
    if not feedback and not profile.praise and not profile.critique:
        missing.append("feedback")
    if not profile.development:
        missing.append("development")
    if events:
        quarters = [q for q, n in profile.quarters.items() if n == 0]
        if quarters and quarters[-1] == list(profile.quarters)[-1]:
            missing.append("recent")
        if quarters and quarters[0] == next(iter(profile.quarters)):
            missing.append("early")
    return missing
