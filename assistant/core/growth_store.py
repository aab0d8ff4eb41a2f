"""The growth tables: ladder / learning / openings / mentors, event disputes, the signal log and stored
development paths. A thin typed layer over ``SqlStore``'s engine (who may do what is decided above it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select

from assistant.core.errors import BadInput, NotFound
from assistant.core.growth import GrowthKind, LearningItem, MentorOptIn, Opening, RoleExpectation
from assistant.core.storage import SqlStore
from assistant.core.tables import (
    AcceptanceRow,
    DevelopmentPathRow,
    DisputeRow,
    DraftRow,
    GrowthRow,
    SignalLogRow,
)

__all__ = ["GROWTH_MODELS", "Dispute", "DisputeStatus", "GrowthStore"]

DisputeStatus = Literal["open", "upheld", "dismissed"]
GROWTH_MODELS: dict[str, type[BaseModel]] = {
    "ladder": RoleExpectation,
    "learning": LearningItem,
    "openings": Opening,
    "mentors": MentorOptIn,
}


class Dispute(BaseModel):
    """An employee's dispute of one event."""

    id: str
    event_id: str
    person_id: str
    status: DisputeStatus
    reason: str
    opened_by: str
    opened_at: datetime
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    resolution_note: str = ""

    @property
    def blocks(self) -> bool:
        """Whether drafts leave the event out: while open, and for good once upheld."""
        return self.status in ("open", "upheld")


def _dispute(row: DisputeRow) -> Dispute:
    return Dispute.model_validate(row, from_attributes=True)


class GrowthStore:
    """Typed access to the growth tables of one ``SqlStore``."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql

    # -- ladder, learning catalog, openings, mentor opt-ins ------------------------------------------------

    def upsert(self, kind: GrowthKind, items: Sequence[BaseModel], hashes: Sequence[str]) -> tuple[int, int, int]:
        """Insert or update entries of one kind; returns (added, updated, unchanged)."""
        added = updated = 0
        with self.sql.session() as s, s.begin():
            ids = [str(getattr(i, "id")) for i in items]  # noqa: B009 - every growth model has an id
            known = dict(
                s.execute(
                    select(GrowthRow.id, GrowthRow.content_hash).where(GrowthRow.kind == kind, GrowthRow.id.in_(ids))
                ).all()
            )
            for item_id, item, digest in zip(ids, items, hashes, strict=True):
                if known.get(item_id) == digest:
                    continue
                s.merge(GrowthRow(kind=kind, id=item_id, body=item.model_dump(mode="json"), content_hash=digest))
                if item_id in known:
                    updated += 1
                else:
                    added += 1
        return added, updated, len(items) - added - updated

    def items(self, kind: GrowthKind) -> list[Any]:
        """Every entry of one kind, in id order."""
        model = GROWTH_MODELS[kind]
        with self.sql.session() as s:
            rows = s.scalars(select(GrowthRow).where(GrowthRow.kind == kind).order_by(GrowthRow.id))
            return [model.model_validate(r.body) for r in rows]

    def ladder(self) -> list[RoleExpectation]:
        return self.items("ladder")

    def learning(self) -> list[LearningItem]:
        return self.items("learning")

    def openings(self) -> list[Opening]:
        return self.items("openings")

    def mentors(self) -> list[MentorOptIn]:
        return self.items("mentors")

    # -- disputes ----------------------------------------------------------------------------------------------

    def open_dispute(self, *, event_id: str, person_id: str, reason: str, opened_by: str) -> Dispute:
        """Record a dispute. Raises ``BadInput`` when the event already has an open one."""
        with self.sql.session() as s, s.begin():
            existing = s.scalar(select(DisputeRow).where(DisputeRow.event_id == event_id, DisputeRow.status == "open"))
            if existing is not None:
                raise BadInput(f"event {event_id!r} is already disputed (since {existing.opened_at:%Y-%m-%d})")
            row = DisputeRow(
                id=uuid.uuid4().hex[:12],
                event_id=event_id,
                person_id=person_id,
                status="open",
                reason=reason,
                opened_by=opened_by,
                opened_at=datetime.now(UTC),
                resolution_note="",
            )
            s.add(row)
            s.flush()
            return _dispute(row)

    def resolve_dispute(self, event_id: str, *, status: DisputeStatus, by: str, note: str) -> Dispute:
        """Close the open dispute of ``event_id``. Raises ``NotFound`` when there is none."""
        with self.sql.session() as s, s.begin():
            row = s.scalar(select(DisputeRow).where(DisputeRow.event_id == event_id, DisputeRow.status == "open"))
            if row is None:
                raise NotFound(f"event {event_id!r} has no open dispute; list them with `coach dispute list`")
            row.status, row.resolved_by, row.resolved_at, row.resolution_note = status, by, datetime.now(UTC), note
            s.flush()
            return _dispute(row)

    def disputes(self, person_ids: Sequence[str] | None = None, *, status: str | None = None) -> list[Dispute]:
        """Disputes (of these people, with this status), newest first."""
        with self.sql.session() as s:
            q = select(DisputeRow).order_by(DisputeRow.opened_at.desc(), DisputeRow.id)
            if person_ids is not None:
                q = q.where(DisputeRow.person_id.in_(list(person_ids)))
            if status:
                q = q.where(DisputeRow.status == status)
            return [_dispute(r) for r in s.scalars(q)]

    def blocking(self, person_id: str) -> dict[str, Dispute]:
        """The events of ``person_id`` that drafts must leave out (open or upheld disputes), by event id."""
        out: dict[str, Dispute] = {}
        for dispute in sorted(self.disputes([person_id]), key=lambda d: d.opened_at):
            if dispute.blocks:
                out[dispute.event_id] = dispute
            else:
                out.pop(dispute.event_id, None)
        return out

    # -- what was shown about whom (receipts) ------------------------------------------------------------------

    def log_signal(self, *, requester_id: str, subject_id: str, kind: str, event_ids: list[str], body: dict) -> None:
        with self.sql.session() as s, s.begin():
            s.add(
                SignalLogRow(
                    at=datetime.now(UTC),
                    requester_id=requester_id,
                    subject_id=subject_id,
                    kind=kind,
                    event_ids=event_ids,
                    body=body,
                )
            )

    def signals_about(self, subject_id: str) -> list[SignalLogRow]:
        with self.sql.session() as s:
            q = select(SignalLogRow).where(SignalLogRow.subject_id == subject_id).order_by(SignalLogRow.at.desc())
            return list(s.scalars(q))

    def save_path(
        self, *, requester_id: str, subject_id: str, target_role: str, event_ids: list[str], engine: str, body: dict
    ) -> tuple[str, datetime]:
        """Store a development path as shown; returns its id and time."""
        path_id, now = uuid.uuid4().hex[:12], datetime.now(UTC)
        with self.sql.session() as s, s.begin():
            s.add(
                DevelopmentPathRow(
                    id=path_id,
                    created_at=now,
                    requester_id=requester_id,
                    subject_id=subject_id,
                    target_role=target_role,
                    event_ids=event_ids,
                    engine=engine,
                    body=body | {"id": path_id},
                )
            )
        return path_id, now

    def paths_about(self, subject_id: str) -> list[DevelopmentPathRow]:
        with self.sql.session() as s:
            q = (
                select(DevelopmentPathRow)
                .where(DevelopmentPathRow.subject_id == subject_id)
                .order_by(DevelopmentPathRow.created_at.desc())
            )
            return list(s.scalars(q))

    def accepted_drafts_about(self, subject_id: str) -> list[tuple[DraftRow, AcceptanceRow]]:
        """Stored drafts about ``subject_id`` that someone accepted, with the acceptance, newest first."""
        with self.sql.session() as s:
            q = (
                select(DraftRow, AcceptanceRow)
                .join(AcceptanceRow, AcceptanceRow.draft_id == DraftRow.id)
                .where(DraftRow.subject_id == subject_id)
                .order_by(AcceptanceRow.at.desc())
            )
            return [(d, a) for d, a in s.execute(q).all()]
