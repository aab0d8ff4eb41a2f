"""``goals_at_risk``: for a requester and the people they may see, the accepted goals whose key-result trend is
below the floor, each with the check-ins it rests on and a suggested action (the "goals at risk" signal).

Bounded like every signal: only people the requester may see (``retrieval.check_access``: themself, their
reporting line, or anyone for HR), only accepted sets, nothing but the check-ins and the set itself is read,
and the call is audited with the sets it looked at.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, Field

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, NotFound
from assistant.core.goalstore import GoalStore
from assistant.core.i18n import Strings
from assistant.drafting.goal_progress import KrProgress, progress_of
from assistant.drafting.goalsets import Checkin
from assistant.drafting.schemas import GoalProposal
from retrieval import check_access, reporting_line

__all__ = ["GoalRisk", "goals_at_risk"]

_S: Strings[str] = Strings(
    {
        "below_floor": {
            "en": "{label} is at {latest} ({on}), short of the floor of {floor}{lower} agreed for {period}. Raise it "
            "at the next 1:1: what is in the way, what support helps, and whether the range still holds.",
            "zh": "{label}目前为 {latest}（{on}），没有守住{period}约定的保底 {floor}{lower}。建议在下次 1:1 中讨论："
            "遇到了什么阻碍、需要什么支持、区间是否仍然合适。",
        },
        "trending_below": {
            "en": "{label} moved from {previous} to {latest} ({on}); at this pace it ends {period} near {projected}, "
            "past the floor of {floor}{lower}. Check in early, before it gets there.",
            "zh": "{label}从 {previous} 变为 {latest}（{on}）；按这个速度，{period}结束时约为 {projected}，守不住保底 "
            "{floor}{lower}。建议提前沟通，别等到跌破保底。",
        },
    }
)


class GoalRisk(BaseModel):
    """One key result at risk, with what it rests on and what to do."""

    person_id: str
    person_name: str
    goal_set_id: str
    period: str
    goal: str
    """The goal's objective."""
    kr_ref: str
    label: str
    status: str
    """``below_floor`` or ``trending_below``."""
    floor: float
    latest: float
    latest_on: date
    projected: float | None = None
    checkins: list[Checkin] = Field(default_factory=list)
    """The check-ins cited (the last two on this key result), oldest first."""
    suggestion: str
    """What to do about it, in the requester's language."""


def _people(coach: Coach, requester: str, person_ids: Sequence[str] | None) -> list[str]:
    user = coach.sql.get_user(requester)
    if user is None:
        raise NotFound(f"no user {requester!r}")
    if person_ids is None:
        person_ids = [
            user.person_id,
            *sorted(p for p in coach.sql.person_ids() if user.person_id in reporting_line(coach.sql.manager_of, p)),
        ]
    allowed = []
    for pid in person_ids:
        try:
            check_access(coach.sql, requester, pid)
        except (AccessDenied, NotFound):
            continue  # people outside the requester's reach are left out, not reported
        allowed.append(pid)
    return allowed


def _num(value: float, unit: str | None) -> str:
    text = f"{value:g}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" or not unit.isascii() else f"{text} {unit}"


def goals_at_risk(
    coach: Coach, requester: str, person_ids: Sequence[str] | None = None, *, lang: str = "en"
) -> list[GoalRisk]:
    """Accepted goals at risk for the people ``requester`` may see (default: themself and their reporting line)."""
    people = _people(coach, requester, person_ids)
    store = GoalStore(coach.sql)
    rows = [r for r in store.list(people) if r.status == "accepted"]
    checkins = store.checkins([r.id for r in rows])
    names = {p.id: p.name for p in coach.sql.list_people() if p.id in people}
    out: list[GoalRisk] = []
    for row in rows:
        goals = [GoalProposal.model_validate(g) for g in row.body.get("goals", [])]
        mine = [
            Checkin(
                id=f"ci-{c.id}",
                kr_ref=c.kr_ref,
                measured_on=c.measured_on,
                value=c.value,
                note=c.note or "",
                recorded_by=c.recorded_by,
            )
            for c in checkins
            if c.set_id == row.id
        ]
        for item in progress_of(goals, mine, row.period):
            if item.at_risk and item.latest is not None and item.latest_on is not None and item.floor is not None:
                cited = [c for c in mine if c.id in item.checkin_ids]
                out.append(
                    _risk(
                        row.id,
                        row.person_id,
                        names.get(row.person_id, row.person_id),
                        row.period,
                        goals[item.goal - 1].objective,
                        item,
                        cited,
                        lang,
                    )
                )
    coach.sql.audit(
        requester_id=requester,
        subject_id=None,
        action="goals.at_risk",
        decision="allow",
        details={
            "people": people,
            "goal_sets": [r.id for r in rows],
            "at_risk": [f"{r.goal_set_id}:{r.kr_ref}" for r in out],
        },
    )
    return out


def _risk(
    set_id: str,
    person_id: str,
    name: str,
    period: str,
    objective: str,
    item: KrProgress,
    cited: list[Checkin],
    lang: str,
) -> GoalRisk:
    assert item.latest is not None and item.latest_on is not None and item.floor is not None
    previous = cited[0].value if len(cited) > 1 else item.latest
    text = _S.say(
        item.status,
        lang,
        label=item.label,
        latest=_num(item.latest, item.unit),
        on=item.latest_on.isoformat(),
        floor=_num(item.floor, item.unit),
        period=period,
        previous=_num(previous, item.unit),
        projected=_num(round(item.projected, 2), item.unit) if item.projected is not None else "",
        lower="" if item.higher_is_better else ("（越低越好）" if lang == "zh" else " (lower is better)"),
    )
    text = text[:1].upper() + text[1:]
    return GoalRisk(
        person_id=person_id,
        person_name=name,
        goal_set_id=set_id,
        period=period,
        goal=objective,
        kr_ref=item.ref,
        label=item.label,
        status=item.status,
        floor=item.floor,
        latest=item.latest,
        latest_on=item.latest_on,
        projected=item.projected,
        checkins=cited,
        suggestion=text,
    )
