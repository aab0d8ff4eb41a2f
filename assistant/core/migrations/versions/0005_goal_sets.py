"""Goal sets: a person's goals saved from a proposal, each step of their review, and check-ins on key results.

Data files made by a version that created these tables at start-up already hold them: each table is
created only where it is missing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
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
        "goal_sets",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("person_id", sa.String(128), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("draft_id", sa.String(32), nullable=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("shared_at", TZ, nullable=True),
        sa.Column("accepted_at", TZ, nullable=True),
        sa.Column("accepted_by", sa.String(128), nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        indexes=(("ix_goal_sets_person_id", ["person_id"]),),
    )
    _table(
        "goal_set_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("set_id", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("kr_ref", sa.String(16), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        indexes=(("ix_goal_set_changes_set_id", ["set_id"]),),
    )
    _table(
        "goal_checkins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("set_id", sa.String(32), nullable=False),
        sa.Column("kr_ref", sa.String(16), nullable=False),
        sa.Column("measured_on", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        indexes=(("ix_goal_checkins_set_id", ["set_id"]),),
    )


def downgrade() -> None:
    for name in ("goal_checkins", "goal_set_changes", "goal_sets"):
        op.drop_table(name)
