"""Every relational table, on one public declarative ``Base``: the domain ledger (people, users, objectives,
the event ledger, the ingest journal, the audit log, drafts) and what the interfaces keep (chat sessions,
messages, acceptances, sign-in tokens, API conversations, rate-limit buckets). One metadata, so one schema.

The schema is created and changed only by the Alembic migrations in ``assistant/core/migrations/``; a
change here needs a migration there (``tests/test_migrations.py`` fails until the two agree).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AcceptanceRow",
    "AuditRow",
    "Base",
    "ConversationRow",
    "DevelopmentPathRow",
    "DisputeRow",
    "DraftRow",
    "EvalLabelRow",
    "EventRow",
    "GoalChangeRow",
    "GoalCheckinRow",
    "GoalSetRow",
    "GrowthRow",
    "JournalRow",
    "MessageRow",
    "MetricRow",
    "ObjectiveRow",
    "PersonRow",
    "RateBucketRow",
    "SessionRow",
    "SignalLogRow",
    "TokenRow",
    "UserRow",
]


class Base(DeclarativeBase):
    """The declarative base of every table."""


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    job_family: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(40))
    manager_id: Mapped[str | None] = mapped_column(String(128), index=True)
    team: Mapped[str] = mapped_column(String(100), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    role: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(128), index=True)
    role: Mapped[str] = mapped_column(String(16))


class ObjectiveRow(Base):
    __tablename__ = "team_objectives"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    team: Mapped[str] = mapped_column(String(100), index=True)
    period: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


class MetricRow(Base):
    """One metric catalog entry (``MetricDefinition`` as JSON)."""

    __tablename__ = "metric_catalog"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


class EventRow(Base):
    __tablename__ = "event_ledger"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(128))
    ts: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(20))
    tokens: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    # what ranking needs, so retrieval scores and filters here and fetches only the events it selects
    month: Mapped[str | None] = mapped_column(String(7))
    """``YYYY-MM`` of the event (UTC)."""
    tags: Mapped[str | None] = mapped_column(Text)
    """The competency tags, a JSON list; ``None``: features not filled yet (a row from before 0003)."""
    has_metrics: Mapped[bool | None] = mapped_column(Boolean)
    has_project: Mapped[bool | None] = mapped_column(Boolean)
    complexity: Mapped[str | None] = mapped_column(String(8))
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The event's embedding as float32 bytes (the vector the vector store holds); ``None`` when opted out."""


Index("ix_event_person_ts", EventRow.person_id, EventRow.ts)


class JournalRow(Base):
    __tablename__ = "ingest_journal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[str] = mapped_column(Text)
    """JSON list of the events of one batch, replayed by recovery."""


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    requester_id: Mapped[str] = mapped_column(String(128), index=True)
    subject_id: Mapped[str | None] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DraftRow(Base):
    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    task: Mapped[str] = mapped_column(String(32))
    requester_id: Mapped[str] = mapped_column(String(128), index=True)
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    period: Mapped[str] = mapped_column(String(40))
    event_ids: Mapped[list[str]] = mapped_column(JSON)
    template_id: Mapped[str | None] = mapped_column(String(64))
    template_version: Mapped[int | None] = mapped_column(Integer)
    template_sha256: Mapped[str | None] = mapped_column(String(64))
    engine: Mapped[str] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(100))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[float] = mapped_column(default=0.0)
    overhead_ms: Mapped[float] = mapped_column(default=0.0)
    verdict: Mapped[str | None] = mapped_column(String(16))
    guardrails: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


# -- chat sessions (assistant.chat.sessions) --------------------------------------------------------


class SessionRow(Base):
    __tablename__ = "chat_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class MessageRow(Base):
    __tablename__ = "chat_messages"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)
    session_id: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AcceptanceRow(Base):
    __tablename__ = "chat_acceptances"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(String(32), index=True)
    session_id: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


Index("uq_chat_acceptances_draft_user", AcceptanceRow.draft_id, AcceptanceRow.user_id, unique=True)
"""One acceptance per draft and user, whichever replica records it."""


# -- sign-in tokens (assistant.server.signin) -------------------------------------------------------


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    secret_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """After this moment the token signs nobody in (``None``: until revoked)."""


Index("uq_api_tokens_secret_sha256", TokenRow.secret_sha256, unique=True)


class RateBucketRow(Base):
    """One token bucket of the rate limit (``assistant.server.ratelimit``), shared by every replica."""

    __tablename__ = "rate_buckets"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    """Seconds since the epoch of the last refill."""


# -- OpenAI-compatible API conversations (assistant.server.openai_api) ------------------------------------


class ConversationRow(Base):
    """Which chat session a conversation (a user and the messages so far) continues."""

    __tablename__ = "openai_conversations"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    session_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- human labels on eval results (evals.labels) --------------------------------------------------------------


class EvalLabelRow(Base):
    """An analyst's review of one eval result; the same label is kept beside the run's files."""

    __tablename__ = "eval_labels"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(120), index=True)
    suite: Mapped[str] = mapped_column(String(120), index=True)
    case_id: Mapped[str] = mapped_column(String(120))
    column_key: Mapped[str] = mapped_column(String(200))
    repeat: Mapped[int] = mapped_column(Integer, default=0)
    draft_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    reviewer: Mapped[str] = mapped_column(String(120), default="")
    verdict: Mapped[str | None] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The whole label (``coach-eval-label/1``)."""


# -- growth: the role ladder, learning catalog, openings, mentor opt-ins (assistant.core.growth) -----------------


class GrowthRow(Base):
    """One entry of the growth data (``kind``: ladder, learning, openings, mentors) as JSON."""

    __tablename__ = "growth_catalog"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


class DisputeRow(Base):
    """An employee's dispute of one of their events: open until their manager or HR resolves it."""

    __tablename__ = "event_disputes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), index=True)
    person_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    """``open``, ``upheld`` (the event is wrong: drafts keep leaving it out) or ``dismissed`` (used again)."""
    reason: Mapped[str] = mapped_column(Text)
    opened_by: Mapped[str] = mapped_column(String(128))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolution_note: Mapped[str] = mapped_column(Text, default="")


class SignalLogRow(Base):
    """A team signal shown to someone other than its subject (what the subject's receipt lists)."""

    __tablename__ = "signal_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    requester_id: Mapped[str] = mapped_column(String(128), index=True)
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    event_ids: Mapped[list[str]] = mapped_column(JSON)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class DevelopmentPathRow(Base):
    """A development path as it was shown (``DevelopmentPath`` as JSON), with who asked and which events."""

    __tablename__ = "development_paths"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    requester_id: Mapped[str] = mapped_column(String(128), index=True)
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    target_role: Mapped[str] = mapped_column(String(60))
    event_ids: Mapped[list[str]] = mapped_column(JSON)
    engine: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


# -- goal sets, their review and check-ins (assistant.drafting.goalsets) ---------------------------------------


class GoalSetRow(Base):
    """A person's goals for a period, saved from a goal proposal: draft -> shared -> accepted."""

    __tablename__ = "goal_sets"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(128), index=True)
    period: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    draft_id: Mapped[str | None] = mapped_column(String(32))
    """The stored goal proposal it was saved from."""
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    shared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str | None] = mapped_column(String(128))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Bumped by every change of the body (an adjustment), so a stale write is refused."""
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    """``{"summary": ..., "goals": [GoalProposal, ...]}`` with key results numbered ``<goal>.<kr>``."""


class GoalChangeRow(Base):
    """One step in a goal set's life: saved, shared, a comment, an adjustment, accepted."""

    __tablename__ = "goal_set_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    kr_ref: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class GoalCheckinRow(Base):
    """Progress on one key result: the value measured on a day, and who recorded it."""

    __tablename__ = "goal_checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[str] = mapped_column(String(32), index=True)
    kr_ref: Mapped[str] = mapped_column(String(16))
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
