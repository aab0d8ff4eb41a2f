"""Relational state through SQLAlchemy: people, users, team objectives, the event ledger, the ingest
journal and the audit log. SQLite by default; any SQLAlchemy URL (PostgreSQL) through settings. The schema
comes from the migrations (``assistant.core.schema``), checked (and, where allowed, upgraded) on opening.

The event ledger holds one row per ingested event (who, when, kind, visibility, token count, content
hash). Retrieval filters candidates here; the event text and embedding live in the vector store.
The ingest journal is a write-ahead log that keeps the two stores in agreement across crashes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    case,
    delete,
    func,
    insert,
    null,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from assistant.core.database import PoolSettings, database_error, open_engine, safe_url
from assistant.core.locks import database_lock
from assistant.core.models import MetricDefinition, Person, TeamObjective, User
from assistant.core.schema import SchemaStatus, ensure_schema
from assistant.core.tables import (
    AuditRow,
    DraftRow,
    EvalLabelRow,
    EventRow,
    JournalRow,
    MetricRow,
    ObjectiveRow,
    PersonRow,
    UserRow,
)

__all__ = ["LedgerColumns", "SqlStore"]


class LedgerColumns(NamedTuple):
    """One person's ledger rows for ranking (:meth:`SqlStore.ranked_candidates`), column by column."""

    ids: list[str]
    ts: list[int]
    months: list[str]
    kinds: list[str]
    tokens: list[int]
    filled: list[bool]
    tags: list[str | None]
    embeddings: list[bytes | None]
    base: list[float | None]


class SqlStore:
    """Typed access to the relational tables."""

    def __init__(self, url: str, *, pool: PoolSettings | None = None, auto_upgrade: bool = True) -> None:
        """Open the database at ``url`` and bring its schema to this version's head (or say how).

        Raises:
            StoreError: the database cannot be reached, its driver is missing, or its schema is behind and
                ``auto_upgrade`` is off; one sentence each.
        """
        self.url = url
        self._catalog: tuple[tuple[Any, ...], dict[str, MetricDefinition]] | None = None
        """The metric catalog last parsed, with the (key, content hash) pairs it was parsed from."""
        self.where = safe_url(url)
        """The URL without its password, for messages."""
        self.engine: Engine = open_engine(url, pool)
        try:
            self.schema: SchemaStatus = ensure_schema(self.engine, auto_upgrade=auto_upgrade, where=self.where)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise database_error(exc, self.where) from None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def ping(self) -> None:
        """One round trip to the database (readiness checks); raises ``StoreError`` when it fails."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise database_error(exc, self.where) from None

    def lock(self, name: str, *, wait_s: float | None = None) -> Any:
        """A lock shared by every process on this database (``with store.lock("ingest"): ...``)."""
        return database_lock(self.engine, name, wait_s=wait_s)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def session(self) -> Session:
        """A new session; use as a context manager."""
        return Session(self.engine, expire_on_commit=False)

    def checkpoint(self) -> None:
        """SQLite: move the write-ahead log into the database file now (a no-op for other databases)."""
        if self.url.startswith("sqlite"):
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- people and users -------------------------------------------------------------------------

    def upsert_people(self, people: Sequence[Person], hashes: Sequence[str]) -> tuple[int, int, int]:
        """Insert or update people (and their users); returns (added, updated, unchanged)."""
        added = updated = 0
        with self.session() as s, s.begin():
            known = dict(
                s.execute(
                    select(PersonRow.id, PersonRow.content_hash).where(PersonRow.id.in_([p.id for p in people]))
                ).all()
            )
            for person, digest in zip(people, hashes, strict=True):
                if known.get(person.id) == digest:
                    continue
                values = person.model_dump() | {"content_hash": digest}
                if person.id in known:
                    s.execute(update(PersonRow).where(PersonRow.id == person.id).values(**values))
                    s.execute(update(UserRow).where(UserRow.id == person.id).values(role=person.role))
                    updated += 1
                else:
                    s.execute(insert(PersonRow).values(**values))
                    s.merge(UserRow(id=person.id, person_id=person.id, role=person.role))
                    added += 1
        return added, updated, len(people) - added - updated

    def person_ids(self) -> set[str]:
        """Ids of every known person."""
        with self.session() as s:
            return set(s.scalars(select(PersonRow.id)))

    def get_person(self, person_id: str) -> Person | None:
        """One person, or ``None``."""
        with self.session() as s:
            row = s.get(PersonRow, person_id)
            return _person(row) if row else None

    def list_people(self) -> list[Person]:
        """Everyone, ordered by team then name."""
        with self.session() as s:
            return [_person(r) for r in s.scalars(select(PersonRow).order_by(PersonRow.team, PersonRow.id))]

    def manager_of(self, person_id: str) -> str | None:
        """The direct manager's id, or ``None`` (also for an unknown person)."""
        with self.session() as s:
            return s.scalar(select(PersonRow.manager_id).where(PersonRow.id == person_id))

    def get_user(self, user_id: str) -> User | None:
        """A user by id, or ``None``."""
        with self.session() as s:
            row = s.get(UserRow, user_id)
            return User(id=row.id, person_id=row.person_id, role=row.role) if row else None

    # -- objectives ------------------------------------------------------------------------------

    def upsert_objectives(self, objectives: Sequence[TeamObjective], hashes: Sequence[str]) -> tuple[int, int, int]:
        """Insert or update team objectives; returns (added, updated, unchanged)."""
        added = updated = 0
        with self.session() as s, s.begin():
            known = dict(
                s.execute(
                    select(ObjectiveRow.id, ObjectiveRow.content_hash).where(
                        ObjectiveRow.id.in_([o.id for o in objectives])
                    )
                ).all()
            )
            for obj, digest in zip(objectives, hashes, strict=True):
                if known.get(obj.id) == digest:
                    continue
                row = ObjectiveRow(
                    id=obj.id, team=obj.team, period=obj.period, body=obj.model_dump(mode="json"), content_hash=digest
                )
                s.merge(row)
                if obj.id in known:
                    updated += 1
                else:
                    added += 1
        return added, updated, len(objectives) - added - updated

    def objectives(self, team: str | None = None) -> list[TeamObjective]:
        """Team objectives, optionally for one team."""
        with self.session() as s:
            q = select(ObjectiveRow).order_by(ObjectiveRow.team, ObjectiveRow.period, ObjectiveRow.id)
            if team:
                q = q.where(ObjectiveRow.team == team)
            return [TeamObjective.model_validate(r.body) for r in s.scalars(q)]

    # -- metric catalog ---------------------------------------------------------------------------

    def upsert_metrics(self, metrics: Sequence[MetricDefinition], hashes: Sequence[str]) -> tuple[int, int, int]:
        """Insert or update metric catalog entries; returns (added, updated, unchanged)."""
        added = updated = 0
        with self.session() as s, s.begin():
            keys = [m.key for m in metrics]
            known = dict(s.execute(select(MetricRow.key, MetricRow.content_hash).where(MetricRow.key.in_(keys))).all())
            for metric, digest in zip(metrics, hashes, strict=True):
                if known.get(metric.key) == digest:
                    continue
                s.merge(MetricRow(key=metric.key, body=metric.model_dump(mode="json"), content_hash=digest))
                if metric.key in known:
                    updated += 1
                else:
                    added += 1
        return added, updated, len(metrics) - added - updated

    def metric_catalog(self) -> dict[str, MetricDefinition]:
        """The whole metric catalog by key (empty when none was ingested).

        Every draft reads it: the entries are parsed again only when a key or its content hash changed (in this
        process or another one sharing the database), so a draft pays for one narrow query, not for parsing
        every entry's JSON.
        """
        with self.session() as s:
            stamp = tuple(s.execute(select(MetricRow.key, MetricRow.content_hash).order_by(MetricRow.key)).all())
            cached = self._catalog
            if cached is not None and cached[0] == stamp:
                return dict(cached[1])
            catalog = {r.key: MetricDefinition.model_validate(r.body) for r in s.scalars(select(MetricRow))}
        self._catalog = (stamp, catalog)
        return dict(catalog)

    # -- event ledger ---------------------------------------------------------------------------

    def event_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Content hash of each id already in the ledger."""
        ids = list(ids)
        out: dict[str, str] = {}
        with self.session() as s:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                out.update(s.execute(select(EventRow.id, EventRow.content_hash).where(EventRow.id.in_(chunk))).all())
        return out

    def event_people(self, ids: Iterable[str]) -> dict[str, str]:
        """The person each id already in the ledger belongs to."""
        ids = list(ids)
        out: dict[str, str] = {}
        with self.session() as s:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                out.update(s.execute(select(EventRow.id, EventRow.person_id).where(EventRow.id.in_(chunk))).all())
        return out

    def candidate_events(
        self, person_id: str, start_ts: int, end_ts: int, visibilities: Sequence[str]
    ) -> list[EventRow]:
        """Ledger rows of one person in a time range with one of the given visibilities."""
        with self.session() as s:
            q = (
                select(EventRow)
                .where(
                    EventRow.person_id == person_id,
                    EventRow.ts >= start_ts,
                    EventRow.ts <= end_ts,
                    EventRow.visibility.in_(list(visibilities)),
                )
                .order_by(EventRow.ts, EventRow.id)
            )
            return list(s.scalars(q))

    def ranked_candidates(
        self,
        person_id: str,
        start_ts: int,
        end_ts: int,
        visibilities: Sequence[str],
        *,
        embeddings: bool = True,
        tags: bool = True,
    ) -> LedgerColumns:
        """What retrieval ranks one person's events in a time range by, as columns in time order.

        Per event: ``id, ts, month, kind, tokens, filled`` (whether the row has its ranking features; see
        :meth:`fill_features`), ``tags``, ``embedding`` and ``base``, the no-focus score computed here in SQL
        (measured outcomes 0.2, high / medium complexity 0.2 / 0.1, a project 0.05). Only what the ranking
        at hand needs is read: with ``embeddings`` (a focus) the embedding and no ``base``, without it ``base``
        and no embedding; ``tags`` only when asked. What is not read is ``None``.

        Columns, not rows: a person's year can be thousands of rows, and lists of plain values (rather than
        thousands of row objects alive for the whole retrieval) keep the garbage collector's full passes,
        the cause of the slow tail, rare.
        """
        base = (
            case((EventRow.has_metrics.is_(True), 0.2), else_=0.0)
            + case((EventRow.complexity == "high", 0.2), (EventRow.complexity == "medium", 0.1), else_=0.0)
            + case((EventRow.has_project.is_(True), 0.05), else_=0.0)
        ).label("base")
        q = (
            select(
                EventRow.id,
                EventRow.ts,
                EventRow.month,
                EventRow.kind,
                EventRow.tokens,
                EventRow.tags.is_not(None).label("filled"),
                EventRow.tags if tags else null().label("tags"),
                EventRow.embedding if embeddings else null().label("embedding"),
                null().label("base") if embeddings else base,
            )
            .where(
                EventRow.person_id == person_id,
                EventRow.ts >= start_ts,
                EventRow.ts <= end_ts,
                EventRow.visibility.in_(list(visibilities)),
            )
            .order_by(EventRow.ts, EventRow.id)
        )
        out = LedgerColumns([], [], [], [], [], [], [], [], [])
        with self.engine.connect() as conn:
            # a few hundred row objects at a time, gone before the next batch: nothing per row outlives this
            for batch in conn.execute(q).partitions(256):
                for column, values in zip(out, zip(*batch, strict=True), strict=True):
                    column.extend(values)
        out.filled[:] = map(bool, out.filled)
        return out

    def fill_features(self, features: dict[str, dict[str, Any]]) -> None:
        """Store ranking features (``journal.ledger_features``) on ledger rows that lack them, by event id."""
        if not features:
            return
        with self.session() as s, s.begin():
            s.execute(update(EventRow), [{"id": event_id} | values for event_id, values in features.items()])

    def ledger_rows(self, ids: Sequence[str]) -> list[EventRow]:
        """Ledger rows of these event ids (unknown ids are left out), in time order."""
        out: list[EventRow] = []
        with self.session() as s:
            for start in range(0, len(ids), 900):
                chunk = list(ids[start : start + 900])
                out.extend(s.scalars(select(EventRow).where(EventRow.id.in_(chunk))))
        return sorted(out, key=lambda r: (r.ts, r.id))

    def ledger_ids(self, *, include_excluded: bool = True) -> set[str]:
        """Every event id in the ledger (optionally without the ones opted out of AI use)."""
        with self.session() as s:
            q = select(EventRow.id)
            if not include_excluded:
                q = q.where(EventRow.visibility != "excluded_from_ai")
            return set(s.scalars(q))

    def count_events(self) -> int:
        """Number of events in the ledger."""
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(EventRow)) or 0)

    # -- journal (write-ahead log of ingest batches) ---------------------------------------------------

    def journal_open(self, payload: str) -> int:
        """Record a batch (a JSON array of events) before touching the vector store; returns its journal id."""
        with self.session() as s, s.begin():
            row = JournalRow(created_at=datetime.now(UTC), payload=payload)
            s.add(row)
            s.flush()
            return row.id

    def journal_pending(self) -> list[tuple[int, list[dict[str, Any]]]]:
        """Batches whose vector write may not have been followed by a ledger commit."""
        with self.session() as s:
            return [(r.id, json.loads(r.payload)) for r in s.scalars(select(JournalRow).order_by(JournalRow.id))]

    def journal_commit(self, journal_id: int, rows: list[dict[str, Any]]) -> None:
        """Write the batch's ledger rows and close its journal entry in one transaction."""
        with self.session() as s, s.begin():
            ids = [r["id"] for r in rows]
            existing = set(s.scalars(select(EventRow.id).where(EventRow.id.in_(ids)))) if ids else set()
            new = [r for r in rows if r["id"] not in existing]
            changed = [r for r in rows if r["id"] in existing]
            if new:
                s.execute(insert(EventRow), new)
            if changed:
                s.execute(update(EventRow), changed)
            s.execute(delete(JournalRow).where(JournalRow.id == journal_id))

    # -- drafts (provenance) -----------------------------------------------------------------------------

    def save_draft(self, draft: Any) -> str:
        """Store a ``DraftResult`` with its provenance; returns its id."""
        draft_id = uuid.uuid4().hex[:12]
        draft.id = draft_id
        template = draft.template
        with self.session() as s, s.begin():
            s.add(
                DraftRow(
                    id=draft_id,
                    created_at=datetime.now(UTC),
                    task=draft.task,
                    requester_id=draft.requester_id,
                    subject_id=draft.subject_id,
                    period=draft.period,
                    event_ids=[e["id"] for e in draft.evidence],
                    template_id=template.id if template else None,
                    template_version=template.version if template else None,
                    template_sha256=template.sha256 if template else None,
                    engine=draft.engine,
                    model=draft.model,
                    prompt_tokens=draft.usage.prompt_tokens,
                    completion_tokens=draft.usage.completion_tokens,
                    latency_ms=draft.usage.latency_ms,
                    overhead_ms=draft.usage.overhead_ms,
                    verdict=draft.guardrails.verdict if draft.guardrails else None,
                    guardrails=draft.guardrails.model_dump(mode="json") if draft.guardrails else {},
                    text=draft.text,
                    result=draft.model_dump(mode="json"),
                )
            )
        return draft_id

    def list_drafts(self, limit: int = 20, requester_id: str | None = None) -> list[DraftRow]:
        """Stored drafts, newest first."""
        with self.session() as s:
            q = select(DraftRow).order_by(DraftRow.created_at.desc(), DraftRow.id).limit(limit)
            if requester_id:
                q = q.where(DraftRow.requester_id == requester_id)
            return list(s.scalars(q))

    def get_draft(self, draft_id: str) -> DraftRow | None:
        """One stored draft, or ``None``."""
        with self.session() as s:
            return s.get(DraftRow, draft_id)

    # -- eval labels (evals.labels) --------------------------------------------------------------------

    def save_eval_labels(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store human labels of eval results (a label already stored is left as it is)."""
        with self.session() as s, s.begin():
            known = set(s.scalars(select(EvalLabelRow.id).where(EvalLabelRow.id.in_([r["id"] for r in rows]))))
            for row in rows:
                if row["id"] not in known:
                    s.add(EvalLabelRow(**row))

    def eval_labels(self, run_id: str | None = None, suite: str | None = None) -> list[dict[str, Any]]:
        """Stored labels (their JSON bodies), oldest first; of one run or one suite when given."""
        with self.session() as s:
            q = select(EvalLabelRow.body).order_by(EvalLabelRow.at, EvalLabelRow.id)
            if run_id:
                q = q.where(EvalLabelRow.run_id == run_id)
            if suite:
                q = q.where(EvalLabelRow.suite == suite)
            return list(s.scalars(q))

    # -- audit ------------------------------------------------------------------------------------

    def audit(
        self,
        *,
        requester_id: str,
        subject_id: str | None,
        action: str,
        decision: str,
        reason: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit record."""
        with self.session() as s, s.begin():
            s.add(
                AuditRow(
                    at=datetime.now(UTC),
                    requester_id=requester_id,
                    subject_id=subject_id,
                    action=action,
                    decision=decision,
                    reason=reason,
                    details=details or {},
                )
            )

    def audit_log(self, limit: int = 50, requester_id: str | None = None) -> list[AuditRow]:
        """Most recent audit records first."""
        with self.session() as s:
            q = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
            if requester_id:
                q = q.where(AuditRow.requester_id == requester_id)
            return list(s.scalars(q))


def _person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        name=row.name,
        language=row.language,
        job_family=row.job_family,  # type: ignore[arg-type]
        level=row.level,
        manager_id=row.manager_id,
        team=row.team,
        skills=list(row.skills or []),
        role=row.role,
    )  # type: ignore[arg-type]
