"""Named locks shared by every process on one database: who migrates, who replays the ingest journal.

On PostgreSQL a lock is a session-level advisory lock held on a connection of its own, so it is released
when its holder's connection ends, even after a crash. On SQLite (one machine by construction) it is a
``flock`` on a file beside the database file, which the kernel releases when the holder dies.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from assistant.core.errors import StoreError

__all__ = ["LockBusy", "database_lock", "lock_key"]

_POLL_S = 0.05
_memory_locks: dict[tuple[str, str], threading.Lock] = {}
_memory_guard = threading.Lock()


class LockBusy(StoreError):
    """Another process holds the lock (only raised when asked not to wait, or after the wait ran out)."""


def lock_key(name: str) -> int:
    """The signed 64-bit advisory-lock key of a lock name (stable across processes and versions)."""
    return int.from_bytes(hashlib.sha256(f"coach:{name}".encode()).digest()[:8], "big", signed=True)


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


@contextlib.contextmanager
def database_lock(engine: Engine, name: str, *, wait_s: float | None = None) -> Iterator[None]:
    """Hold the lock ``name`` on ``engine``'s database for the ``with`` block.

    Args:
        wait_s: seconds to wait for a busy lock; ``None`` waits as long as it takes, ``0`` not at all.

    Raises:
        LockBusy: the lock stayed busy for ``wait_s`` seconds.
    """
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name, wait_s):
            yield
    elif engine.dialect.name == "sqlite" and (path := _sqlite_file(engine)) is not None:
        with _file_lock(path.with_name(f"{path.name}.{name}.lock"), name, wait_s):
            yield
    else:  # an in-memory or unknown database lives in this process only
        with _in_process(str(engine.url), name, wait_s):
            yield


def _deadline(wait_s: float | None) -> float | None:
    return None if wait_s is None else time.monotonic() + wait_s


def _busy(name: str, wait_s: float | None) -> LockBusy:
    waited = "" if not wait_s else f" after waiting {wait_s:g} s"
    return LockBusy(f"another process holds the {name!r} lock{waited}; try again when it has finished")


@contextlib.contextmanager
def _advisory(engine: Engine, name: str, wait_s: float | None) -> Iterator[None]:
    key = lock_key(name)
    deadline = _deadline(wait_s)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            if deadline is not None and time.monotonic() >= deadline:
                raise _busy(name, wait_s)
            time.sleep(_POLL_S)
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # a dead connection has released the lock already
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


@contextlib.contextmanager
def _file_lock(path: Path, name: str, wait_s: float | None) -> Iterator[None]:
    import fcntl

    deadline = _deadline(wait_s)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise _busy(name, wait_s) from None
                time.sleep(_POLL_S)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _in_process(url: str, name: str, wait_s: float | None) -> Iterator[None]:
    with _memory_guard:
        lock = _memory_locks.setdefault((url, name), threading.Lock())
    timeout: Any = -1 if wait_s is None else wait_s
    if not lock.acquire(timeout=timeout):
        raise _busy(name, wait_s)
    try:
        yield
    finally:
        lock.release()
