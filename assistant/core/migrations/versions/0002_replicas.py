"""Several replicas on one database: uniqueness where it is meant, token expiry, a shared rate limit.

- ``chat_acceptances``: one acceptance per draft and user (two replicas accepting at the same moment
  stored two); earlier duplicates are removed first, keeping the first acceptance.
- ``api_tokens``: a secret's hash is unique; tokens may expire (``expires_at``).
- ``rate_buckets``: the token buckets of the rate limit, shared by every replica.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM chat_acceptances WHERE id NOT IN (SELECT MIN(id) FROM chat_acceptances GROUP BY draft_id, user_id)"
    )
    op.create_index("uq_chat_acceptances_draft_user", "chat_acceptances", ["draft_id", "user_id"], unique=True)
    op.create_index("uq_api_tokens_secret_sha256", "api_tokens", ["secret_sha256"], unique=True)
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    op.drop_index("uq_api_tokens_secret_sha256", table_name="api_tokens")
    op.drop_index("uq_chat_acceptances_draft_user", table_name="chat_acceptances")
