"""Opening a database: the engine with its pool settings, and database failures as one-sentence store errors.

SQLite (the embedded default) gets WAL and foreign keys. A database server (PostgreSQL) gets a pool that
checks a connection before handing it out (``pool_pre_ping``: after a failover a stale connection is
replaced, not turned into a failed request) and replaces connections older than ``pool_recycle``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url

from assistant.core.errors import StoreError

__all__ = ["PoolSettings", "database_error", "is_database_error", "open_engine", "safe_url"]


class PoolSettings:
    """Connection-pool knobs for a database server (ignored for SQLite)."""

    def __init__(self, size: int = 5, max_overflow: int = 10, recycle_s: int = 1800, timeout_s: float = 30.0) -> None:
        self.size, self.max_overflow, self.recycle_s, self.timeout_s = size, max_overflow, recycle_s, timeout_s

    @classmethod
    def from_settings(cls, settings: Any) -> PoolSettings:
        return cls(
            size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            recycle_s=settings.database_pool_recycle_s,
            timeout_s=settings.database_pool_timeout_s,
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: say so without echoing what may hold a secret
        return "(an invalid database URL)"


def open_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    """An engine for ``url``.

    Raises:
        StoreError: the URL is invalid, or its driver is not installed (saying what to install).
    """
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"the database URL {url!r} is not valid: {exc}; see COACH_DATABASE_URL") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, pool_pre_ping=False)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    pool = pool or PoolSettings()
    try:
        return create_engine(
            parsed,
            pool_pre_ping=True,
            pool_recycle=pool.recycle_s,
            pool_size=pool.size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.timeout_s,
        )
    except ModuleNotFoundError as exc:
        extra = " (pip install 'coach-assistant[postgres]')" if parsed.get_backend_name() == "postgresql" else ""
        raise StoreError(f"the database driver for {safe_url(parsed)} is not installed: {exc.name}{extra}") from None


def is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLAlchemy's (a database that failed or refused), without importing SQLAlchemy."""
    return any(cls.__module__.startswith("sqlalchemy.") for cls in type(exc).__mro__)


def database_error(exc: BaseException, where: str | None = None) -> StoreError:
    """A database failure as one sentence: what failed, where, and what to check."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    reason = lines[0] if lines else type(orig).__name__
    if len(reason) > 240:
        reason = reason[:239] + "…"
    place = f" {where}" if where else ""
    if type(exc).__name__ in ("OperationalError", "InterfaceError", "DisconnectionError", "TimeoutError"):
        return StoreError(
            f"cannot reach the database{place}: {reason}; check COACH_DATABASE_URL and that the server is running"
        )
    return StoreError(f"the database{place} refused the operation: {reason}")
