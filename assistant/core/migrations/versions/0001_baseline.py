"""Baseline: the tables as they were before migrations existed (including the metric catalog and the eval
labels, which arrived just before them).

Data files made by earlier versions (which created tables on start-up) already hold some or all of these
tables: each table is created only where it is missing, so such a file is adopted, not rebuilt.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _table(name: str, *columns: sa.Column, indexes: tuple[tuple[str, list[str]], ...] = ()) -> None:
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *columns)
    for index, cols in indexes:
        op.create_index(index, name, cols)


def upgrade() -> None:
    _table(
        "people",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("job_family", sa.String(100), nullable=False),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("manager_id", sa.String(128), nullable=True),
        sa.Column("team", sa.String(100), nullable=False),
        sa.Column("skills", sa.JSON, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        indexes=(("ix_people_manager_id", ["manager_id"]), ("ix_people_team", ["team"])),
    )
    _table(
        "users",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("person_id", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        indexes=(("ix_users_person_id", ["person_id"]),),
    )
    _table(
        "team_objectives",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("team", sa.String(100), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        indexes=(("ix_team_objectives_team", ["team"]),),
    )
    _table(
        "metric_catalog",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    _table(
        "event_ledger",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("person_id", sa.String(128), nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("tokens", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        indexes=(("ix_event_person_ts", ["person_id", "ts"]),),
    )
    _table(
        "ingest_journal",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    _table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("requester_id", sa.String(128), nullable=False),
        sa.Column("subject_id", sa.String(128), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        indexes=(
            ("ix_audit_log_at", ["at"]),
            ("ix_audit_log_requester_id", ["requester_id"]),
            ("ix_audit_log_subject_id", ["subject_id"]),
        ),
    )
    _table(
        "drafts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("task", sa.String(32), nullable=False),
        sa.Column("requester_id", sa.String(128), nullable=False),
        sa.Column("subject_id", sa.String(128), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("event_ids", sa.JSON, nullable=False),
        sa.Column("template_id", sa.String(64), nullable=True),
        sa.Column("template_version", sa.Integer, nullable=True),
        sa.Column("template_sha256", sa.String(64), nullable=True),
        sa.Column("engine", sa.String(100), nullable=False),
        sa.Column("model", sa.String(100), nullable=True),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("latency_ms", sa.Double, nullable=False),
        sa.Column("overhead_ms", sa.Double, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("guardrails", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        indexes=(
            ("ix_drafts_created_at", ["created_at"]),
            ("ix_drafts_requester_id", ["requester_id"]),
            ("ix_drafts_subject_id", ["subject_id"]),
        ),
    )
    _table(
        "chat_sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        indexes=(("ix_chat_sessions_user_id", ["user_id"]), ("ix_chat_sessions_updated_at", ["updated_at"])),
    )
    _table(
        "chat_messages",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("session_id", sa.String(32), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reply", sa.JSON, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        indexes=(("ix_chat_messages_session_id", ["session_id"]),),
    )
    _table(
        "chat_acceptances",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(32), nullable=False),
        sa.Column("session_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("at", TZ, nullable=False),
        indexes=(
            ("ix_chat_acceptances_draft_id", ["draft_id"]),
            ("ix_chat_acceptances_session_id", ["session_id"]),
            ("ix_chat_acceptances_user_id", ["user_id"]),
        ),
    )
    _table(
        "api_tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("last_used_at", TZ, nullable=True),
        indexes=(("ix_api_tokens_user_id", ["user_id"]),),
    )
    _table(
        "openai_conversations",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        indexes=(("ix_openai_conversations_user_id", ["user_id"]),),
    )

    _table(
        "eval_labels",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("run_id", sa.String(120), nullable=False),
        sa.Column("suite", sa.String(120), nullable=False),
        sa.Column("case_id", sa.String(120), nullable=False),
        sa.Column("column_key", sa.String(200), nullable=False),
        sa.Column("repeat", sa.Integer, nullable=False),
        sa.Column("draft_sha256", sa.String(64), nullable=True),
        sa.Column("reviewer", sa.String(120), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        indexes=(
            ("ix_eval_labels_run_id", ["run_id"]),
            ("ix_eval_labels_suite", ["suite"]),
            ("ix_eval_labels_draft_sha256", ["draft_sha256"]),
            ("ix_eval_labels_at", ["at"]),
        ),
    )


def downgrade() -> None:
    for name in (
        "eval_labels",
        "openai_conversations",
        "api_tokens",
        "chat_acceptances",
        "chat_messages",
        "chat_sessions",
        "drafts",
        "audit_log",
        "ingest_journal",
        "event_ledger",
        "metric_catalog",
        "team_objectives",
        "users",
        "people",
    ):
        op.drop_table(name)
