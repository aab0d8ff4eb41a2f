"""Growth: the role ladder, learning catalog, openings and mentor opt-ins; event disputes; the team signals
shown; development paths.

Data files made by a version that created these tables at start-up already hold them: each table is
created only where it is missing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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
        "growth_catalog",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    _table(
        "event_disputes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("person_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("opened_by", sa.String(128), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("resolved_by", sa.String(128), nullable=True),
        sa.Column("resolved_at", TZ, nullable=True),
        sa.Column("resolution_note", sa.Text, nullable=False),
        indexes=(
            ("ix_event_disputes_event_id", ["event_id"]),
            ("ix_event_disputes_person_id", ["person_id"]),
            ("ix_event_disputes_status", ["status"]),
        ),
    )
    _table(
        "signal_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("requester_id", sa.String(128), nullable=False),
        sa.Column("subject_id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("event_ids", sa.JSON, nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        indexes=(
            ("ix_signal_log_at", ["at"]),
            ("ix_signal_log_requester_id", ["requester_id"]),
            ("ix_signal_log_subject_id", ["subject_id"]),
        ),
    )
    _table(
        "development_paths",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("requester_id", sa.String(128), nullable=False),
        sa.Column("subject_id", sa.String(128), nullable=False),
        sa.Column("target_role", sa.String(60), nullable=False),
        sa.Column("event_ids", sa.JSON, nullable=False),
        sa.Column("engine", sa.String(100), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        indexes=(
            ("ix_development_paths_created_at", ["created_at"]),
            ("ix_development_paths_requester_id", ["requester_id"]),
            ("ix_development_paths_subject_id", ["subject_id"]),
        ),
    )


def downgrade() -> None:
    for name in ("development_paths", "signal_log", "event_disputes", "growth_catalog"):
        op.drop_table(name)
