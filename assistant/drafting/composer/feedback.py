"""The offline composer's feedback drafts, written from the evidence profile.

What to say is chosen from the profile: strengths are the strongest themes (a measured result, a body of
work aggregated by activity, what colleagues keep saying, learning), with each quarter that has evidence
represented; development areas are what people actually said (recurring critique first), then results that
fell well short of target and stayed short; next steps answer the development areas. How to say it is in
``write`` and ``write_dev``, in the requested language, audience and tone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.competencies import tags_for
from assistant.core.models import WorkEvent
from assistant.drafting.composer.prose import EN_MONTHS, join, month_name, months_phrase
from assistant.drafting.composer.voice import Voice
from assistant.drafting.composer.write import (
    FIRST_PERSON,
    activity_text,
    learning_text,
    praise_text,
    quoted,
    result_text,
    rollup_text,
    series_text,
)
from assistant.drafting.composer.write_dev import (
    ACTIVITY_NOUNS,
    TOPICS,
    critique_text,
    miss_text,
    next_for_critique,
    next_for_miss,
    next_stretch,
    request_object,
    summary_text,
    with_thanks,
)
from assistant.drafting.profile import EvidenceProfile, MetricFact, ThemeSummary, quarter_of
from assistant.drafting.schemas import FeedbackDraft, Statement

__all__ = [
    "SIZES",
    "WARM_LEADS",
    "Item",
    "compose_feedback",
    "development_statement",
    "development_words",
    "gap_words",
    "plan_items",
    "strength_statement",
    "strength_words",
    "warm_leads",
    "with_warm_lead",
    "without_warm_lead",
    "work_titles",
]

SIZES = {"short": (2, 1, 1), "medium": (3, 2, 2), "long": (5, 3, 3)}
_UNIT_ONLY = re.compile(
    r"(?:milli)?seconds?|ms|minutes?|hours?|days?|weeks?|count|value|total|amount|number|分钟|小时|天|数量"
)
#: Lead-ins a warm draft puts before development areas (a direct one has none); revisions add or strip them.
WARM_LEADS = {
    "en": "One thing would make your work even stronger — ",
    "zh": "还有一点能让你的工作更出色——",
}
_LOWER_AFTER_LEAD = re.compile(r"(?:The|In|Your|Across|Between|This|Twice|Both|Several|On|At|During|Over)\b")


def with_warm_lead(text: str, lang: str) -> str:
    """The warm lead-in joined to the development statement it introduces (one sentence, not a vague one)."""
    if lang != "zh" and _LOWER_AFTER_LEAD.match(text):
        text = text[0].lower() + text[1:]
    return WARM_LEADS["zh" if lang == "zh" else "en"] + text


def warm_leads(statements: Sequence[Statement], v: Voice) -> list[Statement]:
    """The lead-in on the first development area of a warm draft to the person (once: repeated, it grates)."""
    out, led = [], False
    for s in statements:
        text = without_warm_lead(s.text, v.lang)
        if v.warm and v.to_employee and s.section == "development" and not led:
            text, led = with_warm_lead(text, v.lang), True
        out.append(s.model_copy(update={"text": text}) if text != s.text else s)
    return out


def without_warm_lead(text: str, lang: str) -> str:
    lead = WARM_LEADS["zh" if lang == "zh" else "en"]
    if not text.startswith(lead):
        return text
    rest = text[len(lead) :]
    return rest[0].upper() + rest[1:] if rest and lang != "zh" else rest


_COLLAB_FOCUS = {"collaboration", "mentoring", "knowledge_sharing", "communication", "leadership"}
_ROLLUP_ACTIVITIES = ("code_review", "help", "mentoring", "talks", "documentation", "joint_work", "interviewing")


@dataclass
class Item:
    """One thing the draft could say, with what it rests on and how much it matters."""

    kind: str
    score: float
    event_ids: list[str]
    dimension: str
    payload: object = None
    extra: list[object] = field(default_factory=list)


def _relevance(ids: Sequence[str], scores: dict[str, float]) -> float:
    found = [scores[i] for i in ids if i in scores]
    return sum(found) / len(found) if found else 0.0


def _result_items(profile: EvidenceProfile, by_id: dict[str, WorkEvent], scores: dict[str, float]) -> list[Item]:
    items = []
    for rank, event_id in enumerate(profile.outcome_events):
        event = by_id.get(event_id)
        if event is None:
            continue
        facts = [f for f in profile.outcomes if f.event_id == event_id and not f.material_miss]
        if any(f.material_miss for f in profile.outcomes if f.event_id == event_id):
            continue  # a material miss is a development area, not a strength
        good = sum(bool(f.met_target) + 0.5 * bool(f.improved) for f in facts)
        score = 0.55 + 0.25 * min(good, 2) - 0.02 * rank + {"high": 0.15}.get(event.complexity or "", 0.0)
        items.append(Item("result", score + 0.6 * _relevance([event_id], scores), [event_id], "outcome", event, facts))
    return _series(profile, by_id, scores, items)


def _series(profile: EvidenceProfile, by_id: dict[str, WorkEvent], scores: dict[str, float], items: list[Item]):
    """One statement per measure: a metric reported in three or more events across two or more quarters is
    told once, first level to latest, citing them all (a monthly series is not three near-identical strengths)."""
    by_key: dict[str, list[MetricFact]] = {}
    for fact in profile.outcomes:
        if fact.event_id in by_id:
            by_key.setdefault(fact.key, []).append(fact)
    out = list(items)
    for facts in by_key.values():
        facts.sort(key=lambda f: (f.date, f.event_id))
        ids = list(dict.fromkeys(f.event_id for f in facts))
        quarters = {quarter_of(by_id[i].month) for i in ids}
        if len(ids) < 3 or len(quarters) < 2 or facts[-1].material_miss:
            continue
        inside = [i for i in out if i.kind == "result" and i.event_ids[0] in ids]
        if any(len(i.extra) > 1 for i in inside):  # type: ignore[arg-type]
            continue  # an event that reports other measures too keeps its own statement
        last = facts[-1]
        good = bool(last.met_target) + 0.5 * bool(last.improved)
        score = 0.6 + 0.25 * min(good, 2) + 0.05 * len(quarters) + 0.6 * _relevance(ids, scores)
        out = [i for i in out if i not in inside]
        out.append(Item("series", score, ids, "outcome", facts, [last]))
    return out


def _activity_items(profile: EvidenceProfile, scores: dict[str, float], focus_tags: set[str]) -> list[Item]:
    items: list[Item] = []
    collab = [a for a in profile.collaboration if a.activity != "other_collaboration"]
    for summary in collab:
        n = len(summary.event_ids)
        if n < 2:
            # one event is told as itself, not as a body of work ("you worked with another team")
            score = 0.34 + 0.6 * _relevance(summary.event_ids, scores) + 0.2 * bool(focus_tags & _COLLAB_FOCUS)
            items.append(Item("event", score, list(summary.event_ids), "collaboration"))
            continue
        score = 0.3 + 0.08 * min(n, 8) + 0.06 * len(summary.quarters)
        score += 0.6 * _relevance(summary.event_ids, scores) + 0.3 * bool(focus_tags & _COLLAB_FOCUS)
        items.append(Item("activity", score, list(summary.event_ids), "collaboration", summary))
    strong = [a for a in collab if len(a.event_ids) >= 2 and a.activity in _ROLLUP_ACTIVITIES]
    collab_events = sum(len(a.event_ids) for a in profile.collaboration)
    outcome_events = profile.by_kind.get("outcome", 0)
    if len(strong) >= 3 and collab_events >= max(8, outcome_events):
        parts = strong[:3]
        ids = [i for a in parts for i in a.event_ids]
        score = 1.6 + 0.3 * bool(focus_tags & _COLLAB_FOCUS)
        items.append(Item("rollup", score, ids, "collaboration", parts))
    learning = [a for a in profile.development if a.activity in ("learning", "stretch")]
    ids = [i for a in learning for i in a.event_ids]
    if len(ids) == 1:
        items.append(Item("event", 0.3 + 0.4 * bool(focus_tags & {"learning"}), ids, "development"))
    if len(ids) >= 2:
        score = 0.42 + 0.02 * min(len(ids), 10) + 0.4 * bool(focus_tags & {"learning"})
        items.append(Item("learning", score, ids, "development", learning))
    return items


def _praise_items(profile: EvidenceProfile, focus_tags: set[str]) -> list[Item]:
    items = []
    for theme in profile.praise:
        if len(theme.remarks[0].text) < 12:
            continue
        if all(r.tempered for r in theme.remarks):
            score = 0.3  # "clear on goals, but ...": the praise half of a critique
        elif theme.recurring:
            score = 1.0 + 0.15 * min(len(theme.event_ids), 4) + 0.2 * bool(focus_tags & _COLLAB_FOCUS)
        elif theme.speakers and theme.remarks[0].source in ("peer_feedback", "feedback", "customer_feedback"):
            score = 0.36
        else:
            continue
        items.append(Item("praise", score, list(theme.event_ids), "feedback", theme))
    return items


def _development_items(profile: EvidenceProfile, by_id: dict[str, WorkEvent]) -> list[Item]:
    items = []
    for theme in profile.critique:
        if theme.recurring:
            score = 2.0 + 0.2 * len(theme.event_ids)
        elif theme.speakers or theme.remarks[0].source in ("one_on_one", "peer_feedback", "manager_feedback"):
            score = 0.7
        else:
            score = 0.5
        items.append(Item("critique", score, list(theme.event_ids), "feedback", theme))
    for fact in profile.outcomes:
        if fact.material_miss and fact.event_id in by_id:
            gap = 1 - (fact.progress if fact.progress is not None else 0.5)
            items.append(Item("miss", 0.8 + 0.5 * gap, [fact.event_id], "outcome", fact))
    return sorted(items, key=lambda i: -i.score)


def plan_items(
    profile: EvidenceProfile,
    events: Sequence[WorkEvent],
    scores: dict[str, float],
    *,
    length: str = "medium",
    focus: str | None = None,
    exclude_words: Sequence[str] = (),
) -> tuple[list[Item], list[Item]]:
    """The strengths and development areas a draft of ``length`` says, in order."""
    by_id = {e.id: e for e in events}
    focus_tags = set(tags_for(focus)) if focus else set()
    n_strengths, n_dev, _ = SIZES.get(length, SIZES["medium"])
    candidates = (
        _result_items(profile, by_id, scores)
        + _activity_items(profile, scores, focus_tags)
        + _praise_items(profile, focus_tags)
    )
    candidates = [c for c in candidates if not _mentions(c, by_id, exclude_words)]
    candidates.sort(key=lambda i: (-i.score, i.event_ids))
    chosen: list[Item] = []
    limits = {"result": 2 if n_strengths < 5 else 3, "series": 2, "praise": 1, "learning": 1, "rollup": 1}
    limits |= {"activity": 2, "event": 2}
    for item in _spread(candidates, by_id):
        if len(chosen) >= n_strengths:
            break
        if sum(c.kind == item.kind for c in chosen) >= limits.get(item.kind, 1):
            continue
        if item.kind == "activity" and any(
            c.kind == "rollup" and item.payload in c.payload
            for c in chosen  # type: ignore[operator]
        ):
            continue
        if item.kind == "rollup":
            chosen = [c for c in chosen if not (c.kind == "activity" and c.payload in item.payload)]  # type: ignore[operator]
        chosen.append(item)
    development = [d for d in _development_items(profile, by_id) if not _mentions(d, by_id, exclude_words)][:n_dev]
    if length != "short":  # a short draft stays short; the summary still says which quarters are empty
        _cover_quarters(profile, by_id, chosen, development, candidates, n_strengths)
    return chosen, development


def _spread(candidates: list[Item], by_id: dict[str, WorkEvent]) -> list[Item]:
    """Candidates re-ranked so results from a quarter already used give way to other quarters' results."""
    used: dict[str, int] = {}
    out: list[Item] = []
    pool = list(candidates)
    while pool:

        def adjusted(item: Item) -> float:
            if item.kind != "result":
                return item.score
            quarter = quarter_of(by_id[item.event_ids[0]].month) if item.event_ids[0] in by_id else ""
            return item.score - 0.25 * used.get(quarter, 0)

        best = max(pool, key=adjusted)
        pool.remove(best)
        out.append(best)
        if best.kind == "result" and best.event_ids[0] in by_id:
            quarter = quarter_of(by_id[best.event_ids[0]].month)
            used[quarter] = used.get(quarter, 0) + 1
    return out


def _mentions(item: Item, by_id: dict[str, WorkEvent], words: Sequence[str]) -> bool:
    """Whether ``item`` is about ``words``: a roll-up by its activities' names, anything else by its first
    event (a theme carried by many events is not dropped because one of them mentions the words)."""
    if not words:
        return False
    lowered = [w.lower() for w in words]
    if item.kind in ("rollup", "activity"):
        summaries = item.payload if item.kind == "rollup" else [item.payload]
        names = (
            " ".join(
                f"{a.activity} {ACTIVITY_NOUNS['en'].get(a.activity, '')} {ACTIVITY_NOUNS['zh'].get(a.activity, '')}"  # type: ignore[attr-defined]
                for a in summaries  # type: ignore[union-attr]
            )
            .lower()
            .replace("_", " ")
        )
        return any(w in names for w in lowered)
    texts = [f"{by_id[i].title} {by_id[i].description}".lower() for i in item.event_ids if i in by_id]
    return bool(texts) and any(w in texts[0] for w in lowered) and len(item.event_ids) <= 2


def _cover_quarters(
    profile: EvidenceProfile,
    by_id: dict[str, WorkEvent],
    chosen: list[Item],
    development: list[Item],
    candidates: list[Item],
    n_strengths: int,
) -> None:
    """Add the best evidence of each quarter that has some but is cited nowhere (at most two extra items).

    A period of one quarter or less is spread by month instead, so a Q3 draft does not rest on September.
    """
    if len(profile.quarters) > 1:
        bucket = lambda e: quarter_of(e.month)  # noqa: E731
        with_evidence = [q for q, n in profile.quarters.items() if n]
    else:
        bucket = lambda e: e.month  # noqa: E731
        with_evidence = sorted({by_id[i].month for i in profile.event_ids if i in by_id})
    cited = {bucket(by_id[i]) for item in chosen + development for i in item.event_ids if i in by_id}
    for part in [b for b in with_evidence if b not in cited]:
        if len(chosen) >= n_strengths + 2:
            return
        pick = next(
            (
                c
                for c in candidates
                if c not in chosen
                and c.kind in ("result", "activity", "praise", "event")
                and any(bucket(by_id[i]) == part for i in c.event_ids if i in by_id)
            ),
            None,
        )
        if pick is not None:
            chosen.append(pick)


def strength_statement(item: Item, by_id: dict[str, WorkEvent], v: Voice) -> Statement:
    events = [by_id[i] for i in item.event_ids if i in by_id]
    if item.kind == "result":
        text = result_text(item.payload, item.extra, v)  # type: ignore[arg-type]
    elif item.kind == "series":
        text = series_text(item.payload, v)  # type: ignore[arg-type]
    elif item.kind == "event":
        text = result_text(events[0], [], v)
    elif item.kind == "activity":
        text = activity_text(item.payload, events, v)  # type: ignore[arg-type]
    elif item.kind == "rollup":
        text = rollup_text(item.payload, events, v)  # type: ignore[arg-type]
    elif item.kind == "praise":
        text = praise_text(item.payload, v)  # type: ignore[arg-type]
    else:
        text = learning_text(item.payload, events, v)  # type: ignore[arg-type]
    return Statement(section="strength", text=text, event_ids=[e.id for e in events])


def development_statement(item: Item, by_id: dict[str, WorkEvent], v: Voice) -> Statement:
    if item.kind == "critique":
        titles = {i: by_id[i].title.rstrip("。.") for i in item.event_ids if i in by_id}
        text = critique_text(item.payload, v, titles)  # type: ignore[arg-type]
    else:
        fact: MetricFact = item.payload  # type: ignore[assignment]
        text = miss_text(fact, by_id[fact.event_id], v)
    return Statement(section="development", text=text, event_ids=list(item.event_ids))


def next_statement(item: Item, v: Voice) -> Statement:
    if item.kind == "critique":
        text = next_for_critique(item.payload, v)  # type: ignore[arg-type]
    else:
        text = next_for_miss(item.payload, v)  # type: ignore[arg-type]
    return Statement(section="next_step", text=text, event_ids=list(item.event_ids))


def strength_words(items: Sequence[Item], lang: str) -> tuple[list[str], list[str], str | None, bool]:
    """(collaboration activities, result labels, a praise label, whether the praise recurs).

    A praise label in the speaker's first person ("helped me prepare a review") is not used: said about
    the reader in the summary it would put the colleague's "me" in the manager's mouth.
    """
    nouns = ACTIVITY_NOUNS["zh" if lang == "zh" else "en"]
    collaboration: list[str] = []
    results: list[str] = []
    praise = None
    praise_many = False
    for item in items:
        if item.kind == "rollup":
            collaboration += [nouns.get(a.activity, "") for a in item.payload]  # type: ignore[attr-defined]
        elif item.kind == "activity":
            collaboration.append(nouns.get(item.payload.activity, ""))  # type: ignore[attr-defined]
        elif item.kind in ("result", "series"):
            facts = sorted(item.extra, key=lambda f: (f.target is None, f.baseline is None))  # type: ignore[attr-defined]
            results += [f.label for f in facts[:1] if not _UNIT_ONLY.fullmatch(f.label.lower())]
        elif item.kind == "praise" and praise is None:
            theme: ThemeSummary = item.payload  # type: ignore[assignment]
            praise = next((r.label for r in theme.remarks if r.label and not FIRST_PERSON.search(r.label)), None)
            praise_many = len(theme.event_ids) > 1
    return (
        list(dict.fromkeys(w for w in collaboration if w))[:4],
        list(dict.fromkeys(results))[:2],
        praise,
        praise_many,
    )


def work_titles(items: Sequence[Item], by_id: dict[str, WorkEvent], v: Voice) -> list[str]:
    """The single-event strengths by title and month: "“Shipped the billing export” (January)"."""
    out = []
    for item in items:
        if item.kind in ("result", "event") and item.event_ids and item.event_ids[0] in by_id:
            event = by_id[item.event_ids[0]]
            month = month_name(event.occurred_at.date(), v.lang)
            title = event.title.rstrip("。.")
            out.append(f"“{title}”（{month}）" if v.zh else f"“{title}” ({month})")
    return out


def development_words(item: Item | None, v: Voice) -> str | None:
    if item is None:
        return None
    if item.kind == "miss":
        fact: MetricFact = item.payload  # type: ignore[assignment]
        month = month_name(fact.date, v.lang)
        if v.zh:
            return f"{fact.label}：{month}仍未达到目标，下面给出了下个季度的行动计划"
        return f"{fact.label}, still short of its target in {month}; the next step below sets a plan for next quarter"
    theme: ThemeSummary = item.payload  # type: ignore[assignment]
    topic = TOPICS.get(theme.topic or "")
    counts: dict[str, int] = {}
    for remark in theme.remarks:
        counts[remark.text] = counts.get(remark.text, 0) + 1
    quote = max(counts, key=lambda text: (counts[text], any(r.speaker for r in theme.remarks if r.text == text)))
    remarks = [r for r in theme.remarks if r.text == quote]
    speakers = list(dict.fromkeys(r.speaker for r in remarks if r.speaker))
    who = join(v.who(speakers[:2]), v.lang)  # the author's own remark: "I" / "我"
    when = months_phrase([r.date for r in remarks], v.lang, v.period)
    quote = quoted(quote, v)
    if v.zh:
        if not topic:
            source = f"{who}在{when}提出的一点" if who else f"{when}反馈中提出的一点"
            return f"{source}：{quote}；下一步行动说明了具体怎么改"
        said = f"{who}{'都' if len(speakers) > 1 else ''}在{when}指出{quote}" if who else f"{when}的反馈指出{quote}"
        check = "先发给我审阅这一点" if speakers and all(v.is_author(x) for x in speakers) else "先请人专门审阅这一点"
        return f"{v.possessive}{topic[2]}：{said}；下一份{topic[3]}发出前，{check}"
    if not topic:
        wanted = request_object(remarks[0].text)
        if wanted and who:
            return f"a request {who} made {when}: {wanted}; the next step below says how to act on it"
        source = f"a point {who} raised {when}" if who else f"a point raised in feedback {when}"
        return f"{source}: {quote}; the next step below says how to act on it"
    what = f"{v.possessive} {topic[0]}"
    both = "both " if len(speakers) == 2 else ""
    said = f"{who} {both}noted {when} {quote}" if who else f"feedback {when} was {quote}"
    return f"{what}: {said}; the next step is to have that point checked before the next {topic[1]} goes out"


def gap_words(profile: EvidenceProfile, v: Voice) -> list[str]:
    words = []
    for quarter, n in profile.quarters.items():
        if n:
            continue
        first = (int(quarter[-1]) - 1) * 3 + 1
        if v.zh:
            words.append(f"{first}月至{first + 2}月")
        else:
            words.append(f"{EN_MONTHS[first - 1]} to {EN_MONTHS[first + 1]}")
    return words if len(words) < len(profile.quarters) else []


def compose_feedback(
    profile: EvidenceProfile,
    events: Sequence[WorkEvent],
    scores: dict[str, float],
    voice: Voice,
    *,
    length: str = "medium",
    focus: str | None = None,
) -> FeedbackDraft:
    """A feedback draft: a summary, strengths, development areas and next steps, each citing its events."""
    by_id = {e.id: e for e in events if e.visibility != "excluded_from_ai"}
    strengths, development = plan_items(profile, list(by_id.values()), scores, length=length, focus=focus)
    _, _, n_next = SIZES.get(length, SIZES["medium"])
    statements = [strength_statement(i, by_id, voice) for i in strengths]
    statements += warm_leads([development_statement(i, by_id, voice) for i in development], voice)
    statements += [next_statement(i, voice) for i in development[:n_next]]
    collaboration, results, praise, praise_many = strength_words(strengths, voice.lang)
    if not development and strengths:
        words = (
            collaboration[:2]
            or results[:2]
            or work_titles(strengths, by_id, voice)[:1]
            or [praise or ("这些长处" if voice.zh else "these strengths")]
        )
        top = strengths[0]
        statement = Statement(
            section="next_step",
            text=next_stretch(("、" if voice.zh else " and ").join(words), voice),
            event_ids=list(top.event_ids[:3]),
        )
        statements.append(statement)
    if not statements:
        statements = [Statement(section="next_step", text=_nothing(voice), event_ids=[])]
    summary = summary_text(
        voice,
        collaboration=collaboration,
        results=results,
        praise=praise,
        praise_many=praise_many,
        development=development_words(development[0] if development else None, voice),
        gaps=gap_words(profile, voice),
        titles=work_titles(strengths, by_id, voice),
    )
    if voice.warm and voice.to_employee:
        summary = with_thanks(summary, voice)
    return FeedbackDraft(summary=summary, statements=statements)


def _nothing(v: Voice) -> str:
    if v.zh:
        return "记录中没有足够的工作事件来起草反馈：请先补充本期的成果、协作和成长记录。"
    return (
        "There are not enough work events on record to draft feedback: add this period's outcomes, "
        "collaboration and development first."
    )
