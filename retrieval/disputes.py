"""Disputes: an employee says one of their events is wrong or lacks context; their manager or HR resolves it.

Who may do what:

- open: only the person the event is about (their own events, as they see them);
- list: the person (their own), a manager (people in their reporting line, events they may see), HR (anyone);
- resolve: the person's direct manager or HR; an indirect manager, the person themself or anyone else may not.

While a dispute is open, drafts leave the event out and say so; ``upheld`` (the event is wrong) keeps it out,
``dismissed`` returns it to use. Every step is audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from assistant.core.errors import AccessDenied, BadInput, NotFound
from assistant.core.growth_store import Dispute
from retrieval.access import check_access
from retrieval.evidence import read_event

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["DisputeView", "list_disputes", "open_dispute", "resolve_dispute"]

MAX_REASON = 2000


class DisputeView(BaseModel):
    """A dispute with the event's title and date, for the people who may see the event."""

    dispute: Dispute
    title: str | None = None
    occurred_at: str | None = None
    person_name: str | None = None


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise BadInput(f"--{what} is empty: say what is wrong or missing (e.g. 'the target changed in May')")
    if len(text) > MAX_REASON:
        raise BadInput(f"--{what} is {len(text)} characters; keep it under {MAX_REASON}")
    return text


def open_dispute(coach: Coach, requester: str, event_id: str, reason: str) -> Dispute:
    """The requester disputes one of their own events.

    Raises:
        NotFound: the event does not exist or the requester may not see it.
        AccessDenied: the event is about someone else.
        BadInput: an empty reason, or the event is already disputed.
    """
    text = _reason(reason, "reason")
    event = read_event(coach, requester, event_id, action="dispute_read")
    user = coach.sql.get_user(requester)
    assert user is not None  # read_event has checked the requester
    if event.person_id != user.person_id:
        coach.sql.audit(
            requester_id=requester,
            subject_id=event.person_id,
            action="dispute_open",
            decision="denied",
            reason="not the event's subject",
            details={"event_id": event_id},
        )
        raise AccessDenied(f"only the person event {event_id!r} is about may dispute it")
    dispute = coach.growth.open_dispute(event_id=event_id, person_id=event.person_id, reason=text, opened_by=requester)
    coach.sql.audit(
        requester_id=requester,
        subject_id=event.person_id,
        action="dispute_open",
        decision="allowed",
        reason="self",
        details={"event_id": event_id, "dispute_id": dispute.id},
    )
    return dispute


def resolve_dispute(
    coach: Coach, requester: str, event_id: str, outcome: Literal["upheld", "dismissed"], note: str
) -> Dispute:
    """The direct manager or HR closes the open dispute of ``event_id``.

    Raises:
        NotFound: no open dispute on that event (or the requester is unknown).
        AccessDenied: the requester is not the person's direct manager nor HR.
    """
    if outcome not in ("upheld", "dismissed"):
        raise BadInput(f"--outcome {outcome!r}: use upheld (the event is wrong) or dismissed (the event stands)")
    text = _reason(note, "note")
    owner = coach.sql.event_people([event_id]).get(event_id)
    open_ = [d for d in coach.growth.disputes([owner], status="open") if d.event_id == event_id] if owner else []
    if not open_:
        raise NotFound(f"event {event_id!r} has no open dispute you may resolve; list them with `coach dispute list`")
    assert owner is not None
    try:
        decision = check_access(coach.sql, requester, owner)
        if decision.relation not in ("direct_manager", "hr"):
            raise AccessDenied(
                f"access denied: a dispute is resolved by {owner!r}'s direct manager or HR, not by {requester!r}"
            )
    except (AccessDenied, NotFound) as exc:
        coach.sql.audit(
            requester_id=requester,
            subject_id=owner,
            action="dispute_resolve",
            decision="denied",
            reason=str(exc),
            details={"event_id": event_id},
        )
        raise
    dispute = coach.growth.resolve_dispute(event_id, status=outcome, by=requester, note=text)
    coach.sql.audit(
        requester_id=requester,
        subject_id=owner,
        action="dispute_resolve",
        decision="allowed",
        reason=decision.relation,
        details={"event_id": event_id, "dispute_id": dispute.id, "outcome": outcome},
    )
    return dispute


def list_disputes(coach: Coach, requester: str, subject: str | None = None) -> list[DisputeView]:
    """Disputes the requester may see: their own, their line's (events they may see), or anyone's for HR.

    Raises:
        NotFound: unknown requester.
        AccessDenied: ``subject`` is outside the requester's reach.
    """
    user = coach.sql.get_user(requester)
    if user is None:
        raise NotFound(f"no user {requester!r}; list users with `coach people`")
    people = {p.id: p for p in coach.sql.list_people()}
    candidates = [subject] if subject else list(people)
    out: list[DisputeView] = []
    allowed: dict[str, list[str]] = {}
    for person_id in candidates:
        try:
            allowed[person_id] = check_access(coach.sql, requester, person_id).visibilities
        except (AccessDenied, NotFound):
            if subject:
                coach.sql.audit(
                    requester_id=requester,
                    subject_id=subject,
                    action="dispute_list",
                    decision="denied",
                    reason="not visible",
                    details={},
                )
                raise
    if not allowed:
        return out
    disputes = coach.growth.disputes(list(allowed))
    rows = {r.id: r for r in coach.sql.ledger_rows([d.event_id for d in disputes])}
    shown = [d for d in disputes if d.event_id in rows and rows[d.event_id].visibility in allowed[d.person_id]]
    fetched = coach.vectors.fetch([d.event_id for d in shown]) if shown else {}
    for dispute in shown:
        event = fetched.get(dispute.event_id, (None, None))[0]
        person = people.get(dispute.person_id)
        out.append(
            DisputeView(
                dispute=dispute,
                title=event.title if event is not None else None,
                occurred_at=f"{event.occurred_at:%Y-%m-%d}" if event is not None else None,
                person_name=person.name if person else None,
            )
        )
    coach.sql.audit(
        requester_id=requester,
        subject_id=subject,
        action="dispute_list",
        decision="allowed",
        reason=user.role,
        details={"disputes": [d.dispute.id for d in out]},
    )
    return out
