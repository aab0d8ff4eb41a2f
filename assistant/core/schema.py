"""The database schema's version: Alembic migrations in ``assistant/core/migrations/``, applied under a lock.

Nothing creates tables at start-up. Opening a store reads the schema's revision (one query); when it is
behind this code's :data:`HEAD`, the store upgrades it (``auto_upgrade``: the embedded SQLite default, and
PostgreSQL unless ``COACH_DATABASE_AUTO_UPGRADE=false``) or says to run ``coach db upgrade``. Upgrades hold
the ``migrate`` database lock (a PostgreSQL advisory lock), so replicas starting at once on an empty
database migrate it exactly once; the others wait, then find it at head. Alembic is imported only to
upgrade, so a store that is already current opens without it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from assistant.core.errors import StoreError
from assistant.core.locks import database_lock

__all__ = ["HEAD", "MIGRATIONS", "SchemaStatus", "ensure_schema", "schema_status", "upgrade"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
"""Alembic's script directory (``env.py`` and ``versions/``)."""
HEAD = "0005"
"""The newest migration this code knows; a test checks it is Alembic's head."""
_VERSION_TABLE = "alembic_version"


class SchemaStatus:
    """Where a database's schema stands against this code."""

    def __init__(self, current: str | None, known: bool) -> None:
        self.current = current
        """The stored revision (``None``: never migrated)."""
        self.known = known
        """Whether this code knows that revision (an unknown one was written by a newer version)."""

    @property
    def at_head(self) -> bool:
        return self.current == HEAD

    def as_dict(self) -> dict[str, Any]:
        return {"current": self.current, "head": HEAD, "at_head": self.at_head, "known": self.known}


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def _current(conn: Connection) -> str | None:
    if not inspect(conn).has_table(_VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


def schema_status(engine: Engine) -> SchemaStatus:
    """The database's revision and whether this code knows it."""
    with engine.connect() as conn:
        current = _current(conn)
    return SchemaStatus(current, current is None or current in _known_revisions())


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` over the packaged migrations (no ``alembic.ini`` needed); ``connection`` to run on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head", *, wait_s: float | None = 300.0) -> tuple[str | None, str | None]:
    """Migrate the database to ``revision`` under the ``migrate`` lock; returns (revision before, after).

    Raises:
        StoreError: the lock stayed busy, or a migration failed (its transaction is rolled back where the
            database supports transactional DDL, as PostgreSQL and SQLite do).
    """
    from alembic import command

    with database_lock(engine, "migrate", wait_s=wait_s):
        with engine.connect() as conn:
            before = _current(conn)
        if before == HEAD and revision == "head":
            return before, before  # another process did it while this one waited
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), revision)
        except SQLAlchemyError as exc:
            raise StoreError(f"the database migration to {revision} failed: {_first_line(exc)}") from exc
        with engine.connect() as conn:
            after = _current(conn)
    log.info("database schema upgraded from %s to %s", before or "empty", after)
    return before, after


def ensure_schema(engine: Engine, *, auto_upgrade: bool, where: str) -> SchemaStatus:
    """Make sure the schema is at :data:`HEAD` before anything reads it.

    Behind: upgraded when ``auto_upgrade``, else a ``StoreError`` saying to run ``coach db upgrade``. Ahead
    (a newer version of Coach migrated it): logged, and used as it is, since migrations only add.
    """
    status = schema_status(engine)
    if status.at_head:
        return status
    if not status.known:
        log.warning(
            "the database %s is at schema revision %s, newer than this version's %s; carrying on",
            where,
            status.current,
            HEAD,
        )
        return status
    if not auto_upgrade:
        raise StoreError(
            f"the database {where} is at schema revision {status.current or 'none'} but this version needs "
            f"{HEAD}: run `coach db upgrade` (or set COACH_DATABASE_AUTO_UPGRADE=true)"
        )
    upgrade(engine)
    return schema_status(engine)


def _first_line(exc: BaseException, limit: int = 300) -> str:
    text_ = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return text_ if len(text_) <= limit else text_[: limit - 1] + "…"
