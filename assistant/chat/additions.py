"""“Add the May incident”: which one event of the subject a revision request means, or what to ask back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.chat.intents import Addition, event_matches
from assistant.chat.strings import say
from assistant.core.models import Person
from assistant.core.periods import Period, parse_period
from assistant.drafting.composer import month_label
from retrieval import visible_events

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["AdditionMatch", "match_addition"]


@dataclass
class AdditionMatch:
    """Either the event to add, or a question back (no match, or several)."""

    event_id: str | None = None
    question: str = ""


def match_addition(
    coach: Coach, user_id: str, subject: Person, draft: dict[str, Any], addition: Addition, lang: str
) -> AdditionMatch:
    """The one event of ``subject`` the user means, visible to them and inside the draft's period."""
    period = parse_period(draft["period"])
    span = period
    month_name = ""
    if addition.month is not None:
        months = [m for m in period.months() if int(m[5:]) == addition.month]
        if not months:
            moment = date(period.end.year, addition.month, 1)
            text = say("clarify.add_empty", lang, name=subject.name, month=month_label(moment, lang))
            return AdditionMatch(question=text)
        chosen = parse_period(months[-1])
        span = Period(label=chosen.label, start=max(chosen.start, period.start), end=min(chosen.end, period.end))
        month_name = month_label(date.fromisoformat(months[-1] + "-01"), lang)
    events = [
        e.model_dump(mode="json", exclude={"score", "tokens"})
        for e in visible_events(coach, user_id, subject.id, period=span)
    ]
    cited = {i for s in draft.get("statements") or [] for i in s.get("event_ids") or []}
    if addition.event_ids:
        picked = [e for e in events if e["id"] in addition.event_ids]
    elif addition.words:
        scored = [(event_matches(e, addition.words), e) for e in events]
        best = max((score for score, _ in scored), default=0)
        picked = [e for score, e in scored if best and score == best]
    else:
        picked = list(events) if addition.month is not None else []
    fresh = [e for e in picked if e["id"] not in cited] or picked
    if len(fresh) == 1:
        return AdditionMatch(event_id=fresh[0]["id"])
    listing = "\n".join(f"- [{e['id']}] {e['occurred_at'][:10]} {e['title']}" for e in (fresh or events)[:12])
    if not events:
        text = say("clarify.add_empty", lang, name=subject.name, month=month_name or period.label)
    elif fresh:
        text = say("clarify.add_which", lang, options=listing)
    elif addition.month is None and not addition.event_ids:
        text = say("clarify.add_what", lang)
    else:
        what = ("、" if lang == "zh" else " ").join(addition.said) or ("" if lang == "zh" else "matching")
        text = say("clarify.add_none", lang, what=what, name=subject.name, month=month_name or period.label,
                   options=listing)  # fmt: skip
    return AdditionMatch(question=text)
