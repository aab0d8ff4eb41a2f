"""Team signals: a registry of small functions, each reading one requester's view of their reporting line and
returning what a manager should know, with the events it rests on and what to do about it.

Boundaries (docs/data-use.md): no sentiment, personality or flight-risk prediction; only people in the
requester's line; only events the requester may see (private 1:1 notes for the direct manager alone); an
employee sees the signals about themself, computed as their manager would see them. Every call is audited,
and every signal shown to someone other than its subject is logged for that subject's receipt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput, NotFound
from assistant.core.i18n import Strings
from assistant.core.models import Person, User, WorkEvent
from assistant.core.periods import Period
from retrieval import reporting_line, visible_events

__all__ = ["SIGNALS", "Signal", "SignalContext", "SignalReport", "register_signal", "signal_title", "team_signals"]

#: Each signal kind's title, for every front end (CLI, chat, web); a kind without one shows its name.
TITLES: Strings[str] = Strings(
    {
        "quiet_contributor": {"en": "Quiet contributor", "zh": "默默贡献者"},
        "feedback_gap": {"en": "Feedback gap", "zh": "反馈间隔过长"},
        "load_concentration": {"en": "Load concentration", "zh": "负荷集中"},
        "goals_at_risk": {"en": "Goal at risk", "zh": "目标有风险"},
    }
)


def signal_title(kind: str, lang: str) -> str:
    """ "Goal at risk" / "目标有风险" for ``goals_at_risk``; the kind itself when it has no title."""
    return TITLES.say(kind, lang) if kind in TITLES else kind


class Signal(BaseModel):
    """One thing worth a manager's attention about one person."""

    kind: str
    subject_id: str
    subject_name: str
    text: str
    """What the evidence shows (never a judgement of the person)."""
    action: str
    """What to do about it, for the reader (the manager, or the person themself)."""
    event_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)

    @property
    def cited(self) -> list[str]:
        """What the signal rests on: its events, or for a goal at risk its check-ins (``ci-<n>``)."""
        return self.event_ids or [str(c) for c in self.facts.get("checkins", [])]


@dataclass
class SignalContext:
    """What a signal function may read: the people in scope and the events the viewer may see of each."""

    coach: Coach
    viewer: User
    """Whose access the events were read with (the requester; for an employee, their direct manager)."""
    lang: str
    today: date
    window: Period
    people: list[Person]
    events: dict[str, list[WorkEvent]]
    direct: set[str]
    """People the viewer manages directly (only for them are private 1:1 notes visible)."""
    weeks: int = 6
    """A feedback gap: no feedback or 1:1 for this many weeks."""
    self_view: bool = False
    """The reader is the subject (an employee reading the signals about themself)."""
    notes: list[str] = field(default_factory=list)

    def team_of(self, person: Person) -> list[Person]:
        """The people in scope who share ``person``'s manager (the group a signal compares within)."""
        return [p for p in self.people if p.manager_id == person.manager_id]


SignalFn = Callable[[SignalContext], list[Signal]]
SIGNALS: dict[str, SignalFn] = {}
"""The registered signals by name, in registration order."""


def register_signal(name: str) -> Callable[[SignalFn], SignalFn]:
    """Add a signal function to the registry (``@register_signal("goals_at_risk")``)."""

    def add(fn: SignalFn) -> SignalFn:
        if name in SIGNALS:
            raise ValueError(f"signal {name!r} is registered already")
        SIGNALS[name] = fn
        return fn

    return add


class SignalReport(BaseModel):
    requester_id: str
    language: str
    window: str
    scope: list[str]
    """Ids of the people the signals could be about."""
    signals: list[Signal]
    notes: list[str] = Field(default_factory=list)


def _line(people: list[Person], person_id: str) -> list[Person]:
    managers = {p.id: p.manager_id for p in people}
    return [p for p in people if person_id in reporting_line(managers.get, p.id)]


def team_signals(
    coach: Coach,
    requester: str,
    *,
    today: date | None = None,
    weeks: int = 6,
    manager: str | None = None,
    lang: str | None = None,
    only: list[str] | None = None,
) -> SignalReport:
    """Run every registered signal (or ``only`` these) over the requester's line.

    A manager gets their whole line; HR names a ``manager`` whose line to look at; an employee gets the
    signals about themself.

    Raises:
        NotFound: unknown requester or manager. BadInput: HR without ``manager``, bad ``weeks`` or names.
        AccessDenied: ``manager`` given by someone who is not HR and not that manager or above them.
    """
    from assistant.drafting.signals import builtin, goals  # noqa: F401 - registers the built-in signals

    user = coach.sql.get_user(requester)
    if user is None:
        raise NotFound(f"no user {requester!r}; list users with `coach people`")
    if not 1 <= weeks <= 52:
        raise BadInput(f"--weeks {weeks}: use 1 to 52")
    unknown = sorted(set(only or ()) - set(SIGNALS))
    if unknown:
        raise BadInput(f"unknown signal(s) {', '.join(unknown)}; known: {', '.join(SIGNALS)}")
    today = today or date.today()
    window = Period(label=f"{today - timedelta(days=364)}..{today}", start=today - timedelta(days=364), end=today)
    people = coach.sql.list_people()
    me = next((p for p in people if p.id == user.person_id), None)
    lang = lang or (me.language if me else "en")
    head = manager or user.person_id
    if manager and manager != user.person_id:
        if user.role != "hr" and manager not in [p.id for p in _line(people, user.person_id)]:
            coach.sql.audit(requester_id=requester, subject_id=manager, action="signals", decision="denied",
                            reason="not HR and not above that manager", details={})  # fmt: skip
            raise AccessDenied(f"access denied: {requester!r} may not see the signals of {manager!r}'s line")
        if not any(p.id == manager for p in people):
            raise NotFound(f"no person {manager!r}")
    scope = _line(people, head)
    viewer, self_view = user, False
    if not scope and user.role == "hr" and not manager:
        raise BadInput("HR reads a manager's team signals: add --manager ID (audited)")
    if not scope:  # an employee: the signals about themself, as their direct manager would see them
        self_view = True
        boss = coach.sql.get_user(me.manager_id) if me and me.manager_id else None
        viewer = boss or user
        scope = [me] if me else []
        siblings = [p for p in people if me and p.manager_id == me.manager_id and p.id != me.id]
        scope += siblings if boss else []
    direct = {p.id for p in scope if p.manager_id == viewer.person_id}
    events = {p.id: visible_events(coach, viewer.id, p.id, period=window, drop_disputed=True) for p in scope}
    ctx = SignalContext(
        coach=coach,
        viewer=viewer,
        lang=lang,
        today=today,
        window=window,
        people=scope,
        events=events,  # type: ignore[arg-type]
        direct=direct,
        weeks=weeks,
        self_view=self_view,
    )
    signals: list[Signal] = []
    for name, fn in SIGNALS.items():
        if only and name not in only:
            continue
        signals.extend(fn(ctx))
    if self_view and me is not None:
        signals = [s for s in signals if s.subject_id == me.id]
        scope = [me]
        ctx.notes = [n for n in ctx.notes if "{" not in n]
    shown = [s for s in signals if s.subject_id != user.person_id]
    for s in shown:
        coach.growth.log_signal(
            requester_id=requester, subject_id=s.subject_id, kind=s.kind, event_ids=s.event_ids, body=s.model_dump()
        )
    coach.sql.audit(
        requester_id=requester,
        subject_id=manager,
        action="signals",
        decision="allowed",
        reason="self" if self_view else user.role,
        details={
            "scope": [p.id for p in scope],
            "signals": [{"kind": s.kind, "subject": s.subject_id, "event_ids": s.event_ids} for s in signals],
        },
    )
    return SignalReport(
        requester_id=requester,
        language=lang,
        window=window.label,
        scope=[p.id for p in scope],
        signals=signals,
        notes=ctx.notes,
    )
