"""Retrieval scores and filters in SQL: each ledger row carries what ranking an event needs.

``month``, the competency ``tags`` (JSON), ``has_metrics`` / ``has_project`` / ``complexity`` (the
no-focus score) and the ``embedding`` (float32 bytes, the same vector Chroma holds), so retrieving a
person's year reads ledger rows only and fetches from Chroma just the events it selects. Existing rows
get their month here; their other features are filled from Chroma the first time they are retrieved.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = ("month", "tags", "has_metrics", "has_project", "complexity", "embedding")


def upgrade() -> None:
    with op.batch_alter_table("event_ledger") as batch:
        batch.add_column(sa.Column("month", sa.String(7), nullable=True))
        batch.add_column(sa.Column("tags", sa.Text, nullable=True))
        batch.add_column(sa.Column("has_metrics", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("has_project", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("complexity", sa.String(8), nullable=True))
        batch.add_column(sa.Column("embedding", sa.LargeBinary, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE event_ledger SET month = to_char(to_timestamp(ts) AT TIME ZONE 'UTC', 'YYYY-MM')")
    else:
        op.execute("UPDATE event_ledger SET month = strftime('%Y-%m', ts, 'unixepoch')")


def downgrade() -> None:
    with op.batch_alter_table("event_ledger") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
