"""Reading events by id: the second door into the evidence, with the same checks as :func:`retrieve`.

A draft's revision needs the events its statements cite, the chat needs the one event a user clicked and
the events of a month a user names. Each goes through here: access is decided first, every event's
*current* visibility is re-checked against the ledger (an event since made private or opted out of AI
use is left out), and the text comes from the vector store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.core.errors import AccessDenied, NotFound
from assistant.core.models import WorkEvent
from assistant.core.periods import Period
from retrieval.access import AccessDecision, check_access
from retrieval.retrieve import RetrievedEvent

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["read_event", "visible_events"]


def visible_events(
    coach: Coach,
    requester: str,
    subject: str,
    *,
    ids: Sequence[str] | None = None,
    period: Period | None = None,
    decision: AccessDecision | None = None,
    drop_disputed: bool = False,
) -> list[RetrievedEvent]:
    """Events of ``subject`` that ``requester`` may see now, in time order (score 0, ledger token counts).

    Args:
        ids: only these events (unknown or hidden ids are left out, never reported).
        period: only events inside this period.
        decision: an access decision already taken for this pair in this request.
        drop_disputed: leave out events the subject disputed (open or upheld), as drafting must.

    Raises:
        AccessDenied: the requester may not see the subject.
        NotFound: unknown requester (or, for HR, unknown subject).
    """
    decision = decision or check_access(coach.sql, requester, subject)
    coach.ensure_consistent()
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        rows = [r for r in coach.sql.ledger_rows(wanted) if r.person_id == subject]
        if period is not None:
            rows = [r for r in rows if period.start_ts <= r.ts <= period.end_ts]
    elif period is not None:
        rows = coach.sql.candidate_events(subject, period.start_ts, period.end_ts, decision.visibilities)
    else:
        raise ValueError("visible_events needs ids, a period or both")
    rows = [r for r in rows if r.visibility in decision.visibilities]
    if drop_disputed:
        blocked = coach.growth.blocking(subject)
        rows = [r for r in rows if r.id not in blocked]
    fetched = coach.vectors.fetch([r.id for r in rows]) if rows else {}
    out = [
        RetrievedEvent(**event.model_dump(), score=0.0, tokens=row.tokens)
        for row in rows
        if row.id in fetched and (event := fetched[row.id][0]).visibility in decision.visibilities
    ]
    return sorted(out, key=lambda e: (e.occurred_at, e.id))


def read_event(coach: Coach, requester: str, event_id: str, *, action: str = "read_event") -> WorkEvent:
    """One event the requester may see now; audited either way.

    Raises:
        NotFound: the event does not exist, is opted out, or the requester may not see it. The message is
            the same in every case, so a refusal says nothing about the event.
    """
    hidden = NotFound(f"no event {event_id!r} you may see")
    coach.ensure_consistent()
    rows = coach.sql.ledger_rows([event_id])
    if not rows or rows[0].visibility == "excluded_from_ai":
        raise hidden
    row = rows[0]
    try:
        decision = check_access(coach.sql, requester, row.person_id)
    except (AccessDenied, NotFound) as exc:
        _audit(coach, requester, row.person_id, action, "denied", str(exc), event_id)
        raise hidden from None
    if row.visibility not in decision.visibilities:
        _audit(coach, requester, row.person_id, action, "denied", f"visibility {row.visibility}", event_id)
        raise hidden
    fetched = coach.vectors.fetch([event_id])
    if event_id not in fetched:
        raise hidden
    _audit(coach, requester, row.person_id, action, "allowed", decision.relation, event_id)
    return fetched[event_id][0]


def _audit(coach: Coach, requester: str, subject: str, action: str, decision: str, reason: str, event_id: str) -> None:
    coach.sql.audit(
        requester_id=requester,
        subject_id=subject,
        action=action,
        decision=decision,
        reason=reason,
        details={"event_id": event_id},
    )
