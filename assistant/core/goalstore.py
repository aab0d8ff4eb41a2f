"""Rows of goal sets, their changes and check-ins; every write lands with its audit record in one transaction.

The rules (who may do what, in which state) live in ``assistant.drafting.goalsets``; this module only reads
and writes, so a failure mid-way leaves neither a change without its audit row nor an audit row without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.core.errors import StoreError
from assistant.core.storage import SqlStore
from assistant.core.tables import AuditRow, GoalChangeRow, GoalCheckinRow, GoalSetRow

__all__ = ["Audit", "GoalStore"]

Audit = dict[str, Any]
"""``requester_id``, ``subject_id``, ``action``, ``decision``, ``reason``, ``details`` of the audit record."""


def _audit(session: Session, audit: Audit, at: datetime) -> None:
    session.add(AuditRow(at=at, **({"details": {}, "reason": ""} | audit)))


class GoalStore:
    """Goal sets on the relational store."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql

    def create(
        self,
        *,
        person_id: str,
        period: str,
        language: str,
        draft_id: str | None,
        created_by: str,
        body: dict[str, Any],
        audit: Audit,
        at: datetime | None = None,
        set_id: str | None = None,
    ) -> str:
        """A new goal set in ``draft``; returns its id (``set_id`` when given: the demo's fixed ids)."""
        at = at or datetime.now(UTC)
        set_id = set_id or "gs-" + uuid.uuid4().hex[:10]
        with self.sql.session() as s, s.begin():
            s.add(
                GoalSetRow(
                    id=set_id,
                    person_id=person_id,
                    period=period,
                    status="draft",
                    language=language,
                    draft_id=draft_id,
                    created_by=created_by,
                    created_at=at,
                    updated_at=at,
                    revision=1,
                    body=body,
                )
            )
            s.add(
                GoalChangeRow(set_id=set_id, at=at, actor_id=created_by, kind="saved", details={"draft_id": draft_id})
            )
            _audit(s, audit | {"details": {**audit.get("details", {}), "goal_set": set_id}}, at)
        return set_id

    def get(self, set_id: str) -> GoalSetRow | None:
        """One goal set, or ``None``."""
        with self.sql.session() as s:
            return s.get(GoalSetRow, set_id)

    def list(self, person_ids: Sequence[str] | None = None, period: str | None = None) -> list[GoalSetRow]:
        """Goal sets, newest first; of ``person_ids`` and ``period`` when given."""
        with self.sql.session() as s:
            q = select(GoalSetRow).order_by(GoalSetRow.updated_at.desc(), GoalSetRow.id)
            if person_ids is not None:
                q = q.where(GoalSetRow.person_id.in_(list(person_ids)))
            if period:
                q = q.where(GoalSetRow.period == period)
            return list(s.scalars(q))

    def change(
        self,
        row: GoalSetRow,
        *,
        actor_id: str,
        kind: str,
        audit: Audit,
        kr_ref: str | None = None,
        text: str = "",
        details: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Record one change (and apply ``fields`` to the set, refusing a stale revision)."""
        at = at or datetime.now(UTC)
        with self.sql.session() as s, s.begin():
            if fields:
                values = dict(fields) | {"updated_at": at}
                if "body" in values:
                    values["revision"] = row.revision + 1
                done = s.execute(
                    update(GoalSetRow)
                    .where(GoalSetRow.id == row.id, GoalSetRow.revision == row.revision)
                    .values(**values)
                )
                if done.rowcount != 1:
                    raise StoreError(f"goal set {row.id!r} changed meanwhile; show it again and retry")
            else:
                s.execute(update(GoalSetRow).where(GoalSetRow.id == row.id).values(updated_at=at))
            s.add(
                GoalChangeRow(
                    set_id=row.id, at=at, actor_id=actor_id, kind=kind, kr_ref=kr_ref, text=text, details=details or {}
                )
            )
            _audit(s, audit, at)

    def changes(self, set_id: str) -> list[GoalChangeRow]:
        """A set's history, oldest first."""
        with self.sql.session() as s:
            q = select(GoalChangeRow).where(GoalChangeRow.set_id == set_id).order_by(GoalChangeRow.id)
            return list(s.scalars(q))

    def add_checkin(
        self,
        set_id: str,
        *,
        kr_ref: str,
        measured_on: date,
        value: float,
        note: str,
        recorded_by: str,
        audit: Audit,
        at: datetime | None = None,
    ) -> int:
        """Record a check-in; returns its id."""
        at = at or datetime.now(UTC)
        with self.sql.session() as s, s.begin():
            row = GoalCheckinRow(
                set_id=set_id,
                kr_ref=kr_ref,
                measured_on=measured_on,
                value=value,
                note=note,
                recorded_by=recorded_by,
                recorded_at=at,
            )
            s.add(row)
            s.flush()
            s.execute(update(GoalSetRow).where(GoalSetRow.id == set_id).values(updated_at=at))
            _audit(s, audit | {"details": {**audit.get("details", {}), "checkin": row.id}}, at)
            return row.id

    def checkins(self, set_ids: Sequence[str]) -> list[GoalCheckinRow]:
        """Check-ins of the sets, oldest measurement first."""
        if not set_ids:
            return []
        with self.sql.session() as s:
            q = (
                select(GoalCheckinRow)
                .where(GoalCheckinRow.set_id.in_(list(set_ids)))
                .order_by(GoalCheckinRow.measured_on, GoalCheckinRow.id)
            )
            return list(s.scalars(q))
