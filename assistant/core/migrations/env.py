"""Alembic's environment: runs the migrations on the connection ``assistant.core.schema.upgrade`` hands it.

Run through ``coach db upgrade`` (or any store opening with auto-upgrade on), never with a URL of its own:
the caller has already taken the ``migrate`` lock. ``coach db revision`` uses the same environment to
compare ``assistant.core.tables`` with a migrated database and write the next migration.
"""

from __future__ import annotations

from alembic import context

from assistant.core.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic CLI by hand
    raise SystemExit("run migrations with `coach db upgrade`, which passes the database connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
