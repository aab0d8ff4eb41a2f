"""Goal sets: a goal proposal saved by the employee, shared with their manager, commented on, adjusted and
accepted; then check-ins record progress per key result. Every step (and every refusal) is audited.

Who may do what (``retrieval.check_access`` decides the relation):

| step | employee (self) | direct manager | indirect manager, HR | anyone else |
|---|---|---|---|---|
| save a proposal as a set | yes | no | no | denied |
| see a set | any state | shared or accepted | shared or accepted, read-only | denied |
| share | a draft | no | no | denied |
| comment | shared or accepted | shared or accepted | no | denied |
| adjust a key result's range | draft or shared | shared | no | denied |
| accept | no | shared | no | denied |
| check in | accepted | accepted | no | denied |

Reasons and citations that rest on a private event (a 1:1 note) are shown to the person and their direct
manager only: anyone else sees that something was withheld, never what.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput, NotFound
from assistant.core.goalstore import GoalStore
from assistant.core.tables import GoalCheckinRow, GoalSetRow
from assistant.drafting.goal_progress import KrProgress, progress_of
from assistant.drafting.schemas import DraftResult, GoalProposal, GoalReason
from retrieval import check_access, visible_events
from retrieval.access import AccessDecision

__all__ = [
    "Checkin",
    "GoalChange",
    "GoalSetView",
    "accept_goal_set",
    "adjust_key_result",
    "adjusted_note",
    "checkin",
    "comment_goal_set",
    "list_goal_sets",
    "save_goal_set",
    "share_goal_set",
    "show_goal_set",
    "user_name",
]

Status = Literal["draft", "shared", "accepted"]
_SEE = {"self": ("draft", "shared", "accepted")}
_OTHERS_SEE = ("shared", "accepted")


class GoalChange(BaseModel):
    """One step of a set's history."""

    at: datetime
    actor_id: str
    kind: str
    kr_ref: str | None = None
    text: str = ""
    details: dict[str, Any] = Field(default_factory=dict)


class Checkin(BaseModel):
    """Progress on one key result (``id`` is what a signal cites: ``ci-<n>``)."""

    id: str
    kr_ref: str
    measured_on: date
    value: float
    note: str = ""
    recorded_by: str


class GoalSetView(BaseModel):
    """A goal set as one viewer may see it."""

    id: str
    person_id: str
    person_name: str
    period: str
    status: Status
    language: str
    viewer_relation: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    shared_at: datetime | None = None
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    draft_id: str | None = None
    revision: int
    summary: str = ""
    goals: list[GoalProposal]
    history: list[GoalChange] = Field(default_factory=list)
    checkins: list[Checkin] = Field(default_factory=list)
    progress: list[KrProgress] = Field(default_factory=list)
    withheld: int = 0
    """Reasons left out for this viewer because they rest on a private event."""
    names: dict[str, str] = Field(default_factory=dict)
    """Display names of the users in ``history`` and ``checkins`` (user id -> name), for rendering."""


# -- helpers -----------------------------------------------------------------------------------------------


def user_name(coach: Coach, user_id: str) -> str:
    """The name a person is shown by ("Wang Lei" / "王磊" for the user ``wang-lei``); the id when unknown."""
    user = coach.sql.get_user(user_id)
    person = coach.sql.get_person(user.person_id if user else user_id)
    return person.name if person else user_id


def _store(coach: Coach) -> GoalStore:
    return GoalStore(coach.sql)


def _decide(coach: Coach, requester: str, subject: str, action: str, set_id: str | None = None) -> AccessDecision:
    """The relation, or an audited refusal."""
    try:
        return check_access(coach.sql, requester, subject)
    except AccessDenied as exc:
        coach.sql.audit(
            requester_id=requester,
            subject_id=subject,
            action=action,
            decision="deny",
            reason=str(exc),
            details={"goal_set": set_id} if set_id else {},
        )
        raise


def _refuse(coach: Coach, requester: str, row: GoalSetRow, action: str, why: str) -> AccessDenied:
    coach.sql.audit(
        requester_id=requester,
        subject_id=row.person_id,
        action=action,
        decision="deny",
        reason=why,
        details={"goal_set": row.id},
    )
    return AccessDenied(f"access denied: {why}")


def _row(coach: Coach, set_id: str) -> GoalSetRow:
    row = _store(coach).get(set_id)
    if row is None:
        raise NotFound(f"no goal set {set_id!r}; list them with `coach goals list --as USER`")
    return row


def _audit(requester: str, row: GoalSetRow | None, action: str, subject: str | None = None, **details: Any) -> dict:
    return {
        "requester_id": requester,
        "subject_id": subject or (row.person_id if row else None),
        "action": action,
        "decision": "allow",
        "details": ({"goal_set": row.id} if row else {}) | details,
    }


def _goals(row: GoalSetRow) -> list[GoalProposal]:
    return [GoalProposal.model_validate(g) for g in row.body.get("goals", [])]


def _kr(goals: list[GoalProposal], ref: str):  # type: ignore[no-untyped-def]
    for goal in goals:
        for kr in goal.key_results:
            if kr.ref == ref:
                return goal, kr
    refs = ", ".join(kr.ref for g in goals for kr in g.key_results)
    raise BadInput(f"--kr {ref!r}: no such key result in this set; use one of {refs}")


def adjusted_note(lang: str, actor: str, before: dict[str, Any], after: dict[str, Any], reason: str) -> str:
    """What an adjustment adds to a key result's derivation, so the working shown matches the numbers."""
    from assistant.drafting.goals.text import say

    names = {"floor": "保底", "target": "目标", "stretch": "挑战"} if lang == "zh" else {}
    changes = ("，" if lang == "zh" else ", ").join(f"{names.get(k, k)} {before[k]:g} → {after[k]:g}" for k in after)
    why = (f"；{reason.strip()}" if lang == "zh" else f" ({reason.strip()})") if reason.strip() else ""
    return say("adjusted", lang, actor=actor, changes=changes, reason=why)


# -- the steps ---------------------------------------------------------------------------------------------


def save_goal_set(coach: Coach, requester: str, draft: DraftResult) -> GoalSetView:
    """Save a goal proposal (fresh or stored) as the requester's own goal set, in ``draft``."""
    if draft.task != "goal_proposals":
        raise BadInput(f"draft {draft.id!r} is a {draft.task}, not a goal proposal")
    decision = _decide(coach, requester, draft.subject_id, "goals.save")
    if decision.relation != "self" or draft.requester_id != requester:
        raise AccessDenied("access denied: only the person the goals are for saves them as a goal set")
    if not draft.goals:
        raise BadInput(f"draft {draft.id!r} has no goals to save (it was withheld by the guardrails)")
    body = {"summary": draft.summary, "goals": [g.model_dump(mode="json") for g in draft.goals]}
    set_id = _store(coach).create(
        person_id=draft.subject_id,
        period=draft.period,
        language=draft.language,
        draft_id=draft.id,
        created_by=requester,
        body=body,
        audit=_audit(requester, None, "goals.save", draft.subject_id, draft_id=draft.id),
    )
    return show_goal_set(coach, requester, set_id, audit=False)


def share_goal_set(coach: Coach, requester: str, set_id: str) -> GoalSetView:
    """The employee shares their draft set with their manager."""
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.share", set_id)
    if decision.relation != "self":
        raise _refuse(coach, requester, row, "goals.share", "only the person the goals are for shares them")
    if row.status != "draft":
        raise BadInput(f"goal set {set_id!r} is already {row.status}")
    _store(coach).change(
        row,
        actor_id=requester,
        kind="shared",
        audit=_audit(requester, row, "goals.share"),
        fields={"status": "shared", "shared_at": datetime.now(UTC)},
    )
    return show_goal_set(coach, requester, set_id, audit=False)


def comment_goal_set(coach: Coach, requester: str, set_id: str, text: str, kr_ref: str | None = None) -> GoalSetView:
    """A comment by the person or their direct manager on a shared or accepted set (or one key result)."""
    text = (text or "").strip()
    if not text:
        raise BadInput("--text: the comment is empty")
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.comment", set_id)
    if decision.relation not in ("self", "direct_manager"):
        raise _refuse(coach, requester, row, "goals.comment", "only the person and their direct manager comment")
    if row.status not in _OTHERS_SEE:
        raise BadInput(f"goal set {set_id!r} is a draft: share it first")
    if kr_ref:
        _kr(_goals(row), kr_ref)
    _store(coach).change(
        row,
        actor_id=requester,
        kind="comment",
        kr_ref=kr_ref,
        text=text,
        audit=_audit(requester, row, "goals.comment", kr=kr_ref),
    )
    return show_goal_set(coach, requester, set_id, audit=False)


def adjust_key_result(
    coach: Coach,
    requester: str,
    set_id: str,
    kr_ref: str,
    *,
    floor: float | None = None,
    target: float | None = None,
    stretch: float | None = None,
    reason: str = "",
) -> GoalSetView:
    """Change a personal key result's floor / target / stretch (the three stay in the better direction)."""
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.adjust", set_id)
    allowed = {"self": ("draft", "shared"), "direct_manager": ("shared",)}.get(decision.relation, ())
    if not allowed:
        raise _refuse(coach, requester, row, "goals.adjust", "only the person and their direct manager adjust goals")
    if row.status not in allowed:
        raise BadInput(f"goal set {set_id!r} is {row.status}: it can no longer be adjusted by {requester!r}")
    goals = _goals(row)
    goal, kr = _kr(goals, kr_ref)
    if kr.scope == "team":
        raise BadInput(f"key result {kr_ref} is the team's number: it has no personal range to adjust")
    new = {k: v for k, v in (("floor", floor), ("target", target), ("stretch", stretch)) if v is not None}
    if not new:
        raise BadInput("give at least one of --floor, --target, --stretch")
    for name, value in new.items():
        if not math.isfinite(value):
            raise BadInput(f"--{name} {value!r} is not a number")
    merged = {"floor": kr.floor, "target": kr.target, "stretch": kr.stretch} | new
    sign = 1 if kr.higher_is_better else -1
    f, t, s = merged["floor"], merged["target"], merged["stretch"]
    if None not in (f, t, s) and not (sign * f <= sign * t <= sign * s):  # type: ignore[operator]
        word = "higher" if kr.higher_is_better else "lower"
        raise BadInput(f"key result {kr_ref}: floor {f:g}, target {t:g}, stretch {s:g} must each be {word} or equal")
    before = {k: getattr(kr, k) for k in new}
    kr.floor, kr.target, kr.stretch = f, t, s
    kr.derivation += adjusted_note(row.language, user_name(coach, requester), before, new, reason)
    body = {"summary": row.body.get("summary", ""), "goals": [g.model_dump(mode="json") for g in goals]}
    del goal
    _store(coach).change(
        row,
        actor_id=requester,
        kind="adjusted",
        kr_ref=kr_ref,
        text=reason.strip(),
        details={"before": before, "after": new},
        fields={"body": body},
        audit=_audit(requester, row, "goals.adjust", kr=kr_ref, before=before, after=new),
    )
    return show_goal_set(coach, requester, set_id, audit=False)


def accept_goal_set(coach: Coach, requester: str, set_id: str) -> GoalSetView:
    """The direct manager accepts a shared set; check-ins start."""
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.accept", set_id)
    if decision.relation != "direct_manager":
        raise _refuse(coach, requester, row, "goals.accept", "only the direct manager accepts a goal set")
    if row.status != "shared":
        raise BadInput(f"goal set {set_id!r} is {row.status}: only a shared set can be accepted")
    _store(coach).change(
        row,
        actor_id=requester,
        kind="accepted",
        audit=_audit(requester, row, "goals.accept"),
        fields={"status": "accepted", "accepted_at": datetime.now(UTC), "accepted_by": requester},
    )
    return show_goal_set(coach, requester, set_id, audit=False)


def checkin(
    coach: Coach, requester: str, set_id: str, kr_ref: str, value: float, *, on: date | None = None, note: str = ""
) -> GoalSetView:
    """Record progress on one key result of an accepted set (by the person or their direct manager)."""
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.checkin", set_id)
    if decision.relation not in ("self", "direct_manager"):
        raise _refuse(coach, requester, row, "goals.checkin", "only the person and their direct manager check in")
    if row.status != "accepted":
        raise BadInput(f"goal set {set_id!r} is {row.status}: check-ins start once the manager accepts it")
    if not math.isfinite(value):
        raise BadInput(f"--value {value!r} is not a number")
    _kr(_goals(row), kr_ref)
    day = on or datetime.now(UTC).date()
    _store(coach).add_checkin(
        set_id,
        kr_ref=kr_ref,
        measured_on=day,
        value=float(value),
        note=note.strip(),
        recorded_by=requester,
        audit=_audit(requester, row, "goals.checkin", kr=kr_ref, value=value, on=day.isoformat()),
    )
    return show_goal_set(coach, requester, set_id, audit=False)


# -- reading -----------------------------------------------------------------------------------------------


def show_goal_set(coach: Coach, requester: str, set_id: str, *, audit: bool = True) -> GoalSetView:
    """One set as ``requester`` may see it (viewing is audited)."""
    row = _row(coach, set_id)
    decision = _decide(coach, requester, row.person_id, "goals.view", set_id)
    if row.status not in _SEE.get(decision.relation, _OTHERS_SEE):
        raise _refuse(coach, requester, row, "goals.view", f"goal set {set_id!r} has not been shared yet")
    if audit:
        coach.sql.audit(**_audit(requester, row, "goals.view", relation=decision.relation))
    return _view(coach, row, decision)


def list_goal_sets(
    coach: Coach, requester: str, person: str | None = None, period: str | None = None
) -> list[GoalSetView]:
    """The sets ``requester`` may see: their own (or ``person``'s, when they may see that person)."""
    user = coach.sql.get_user(requester)
    subject = person or (user.person_id if user else requester)
    decision = _decide(coach, requester, subject, "goals.list")
    rows = [r for r in _store(coach).list([subject], period) if r.status in _SEE.get(decision.relation, _OTHERS_SEE)]
    coach.sql.audit(**_audit(requester, None, "goals.list", subject, sets=[r.id for r in rows]))
    return [_view(coach, r, decision) for r in rows]


def _view(coach: Coach, row: GoalSetRow, decision: AccessDecision) -> GoalSetView:
    goals = _goals(row)
    cited = sorted({i for g in goals for i in _cited(g)} - {g.aligned_to for g in goals if g.aligned_to})
    visible = {e.id for e in visible_events(coach, decision.requester.id, row.person_id, ids=cited)} if cited else set()
    hidden = set(cited) - visible
    goals, withheld = _without(goals, hidden)
    rows = _store(coach).checkins([row.id])
    checkins = [_checkin(c) for c in rows]
    changes = _store(coach).changes(row.id)
    actors = {c.actor_id for c in changes} | {c.recorded_by for c in checkins}
    return GoalSetView(
        id=row.id,
        person_id=row.person_id,
        person_name=decision.subject.name,
        period=row.period,
        status=row.status,
        language=row.language,
        viewer_relation=decision.relation,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        shared_at=row.shared_at,
        accepted_at=row.accepted_at,
        accepted_by=row.accepted_by,
        draft_id=row.draft_id,
        revision=row.revision,
        summary=row.body.get("summary", ""),
        goals=goals,
        history=[
            GoalChange(at=c.at, actor_id=c.actor_id, kind=c.kind, kr_ref=c.kr_ref, text=c.text, details=c.details or {})
            for c in changes
        ],
        names={a: user_name(coach, a) for a in sorted(actors)},
        checkins=checkins,
        progress=progress_of(goals, checkins, row.period),
        withheld=withheld,
    )


def _cited(goal: GoalProposal) -> set[str]:
    ids = set(goal.event_ids) | {i for r in [*goal.why, *goal.reference_path] for i in r.event_ids}
    return ids | {i for kr in goal.key_results for i in kr.event_ids}


def _without(goals: list[GoalProposal], hidden: set[str]) -> tuple[list[GoalProposal], int]:
    """Goals without the reasons resting on events this viewer may not see (and without those citations)."""
    if not hidden:
        return goals, 0
    withheld = 0
    out = []
    for goal in goals:

        def keep(reasons: list[GoalReason]) -> list[GoalReason]:
            nonlocal withheld
            kept = [r for r in reasons if not set(r.event_ids) & hidden]
            withheld += len(reasons) - len(kept)
            return kept

        why, reference = keep(goal.why), keep(goal.reference_path)
        krs = [
            kr.model_copy(update={"event_ids": [i for i in kr.event_ids if i not in hidden]}) for kr in goal.key_results
        ]
        out.append(
            goal.model_copy(
                update={
                    "why": why,
                    "reference_path": reference,
                    "key_results": krs,
                    "event_ids": [i for i in goal.event_ids if i not in hidden],
                    "rationale": " ".join(r.text for r in why),
                }
            )
        )
    return out, withheld


def _checkin(row: GoalCheckinRow) -> Checkin:
    return Checkin(
        id=f"ci-{row.id}",
        kr_ref=row.kr_ref,
        measured_on=row.measured_on,
        value=row.value,
        note=row.note or "",
        recorded_by=row.recorded_by,
    )
