"""Data retention: delete drafts and chat sessions older than a date, and say so in the audit log.

What goes: stored drafts (``drafts``) created before the date; chat sessions last used before it, with
their messages and acceptances; the OpenAI-API conversation keys that point at them. What stays: people,
events, objectives, tokens, and the audit log itself (the record that the purge happened, by whom, and
how much it removed). One transaction: a failure part-way removes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select

from assistant.core.storage import SqlStore
from assistant.core.tables import AcceptanceRow, AuditRow, ConversationRow, DraftRow, MessageRow, SessionRow

__all__ = ["purge_before"]


def purge_before(sql: SqlStore, before: datetime, *, requester: str, dry_run: bool = False) -> dict[str, Any]:
    """Delete (or with ``dry_run`` only count) drafts and sessions older than ``before``; audited when it deletes.

    Returns the counts per table and the cut-off, as stored in the audit record's details.
    """
    cutoff = before if before.tzinfo else before.replace(tzinfo=UTC)
    with sql.session() as s, s.begin():
        old_sessions = select(SessionRow.id).where(SessionRow.updated_at < cutoff)
        counts = {
            "drafts": s.scalar(select(func.count()).select_from(DraftRow).where(DraftRow.created_at < cutoff)),
            "sessions": s.scalar(select(func.count()).select_from(old_sessions.subquery())),
            "messages": s.scalar(
                select(func.count()).select_from(MessageRow).where(MessageRow.session_id.in_(old_sessions))
            ),
            "acceptances": s.scalar(
                select(func.count()).select_from(AcceptanceRow).where(AcceptanceRow.session_id.in_(old_sessions))
            ),
            "conversations": s.scalar(
                select(func.count()).select_from(ConversationRow).where(ConversationRow.session_id.in_(old_sessions))
            ),
        }
        report: dict[str, Any] = {"before": cutoff.isoformat(), "dry_run": dry_run} | {
            k: int(v or 0) for k, v in counts.items()
        }
        if dry_run:
            return report
        s.execute(delete(ConversationRow).where(ConversationRow.session_id.in_(old_sessions)))
        s.execute(delete(AcceptanceRow).where(AcceptanceRow.session_id.in_(old_sessions)))
        s.execute(delete(MessageRow).where(MessageRow.session_id.in_(old_sessions)))
        s.execute(delete(SessionRow).where(SessionRow.updated_at < cutoff))
        s.execute(delete(DraftRow).where(DraftRow.created_at < cutoff))
        s.add(
            AuditRow(
                at=datetime.now(UTC),
                requester_id=requester,
                subject_id=None,
                action="purge",
                decision="allowed",
                reason=f"retention: drafts and sessions before {cutoff:%Y-%m-%d}",
                details=report,
            )
        )
    return report
