"""What the data dir holds, for the cache keys: its fingerprint and its people, without opening SQL when it can.

Every cache key includes a digest of the data (each event's content hash and the people). Computing it opens
the SQL store, and importing SQLAlchemy alone costs a few hundred milliseconds: more than a fully cached
re-run of the core suite needs in all. So for the embedded SQLite database the digest is remembered with the
database files' size, modification time and inode (``<cache>/state/<url digest>.json``): while those are
unchanged, so is the data, and a re-run reads the snapshot instead of the database.

The snapshot is trusted only when it cannot be "racily clean" (the trick git uses for its index): the
snapshot must have been taken a while after the files' last modification, longer than the file system's
timestamp granularity (50 ms where timestamps have sub-second parts, 2.5 s where they do not), so a write in
the same clock tick as the snapshot cannot hide. Anything else, a PostgreSQL URL included, reads the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.models import Person

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["DataState", "data_state", "refresh_snapshot"]

SNAPSHOT_FORMAT = 1
_FINE_NS = 50_000_000
_COARSE_NS = 2_500_000_000


@dataclass
class DataState:
    """The data's fingerprint and people; ``from_snapshot`` when the database was not opened for them."""

    fingerprint: str
    people: list[Person]
    from_snapshot: bool


def _sqlite_files(url: str) -> list[Path] | None:
    """The database file and its write-ahead log for a file SQLite URL; None for anything else."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or ":memory:" in url or "?" in url:
        return None
    db = Path(url[len(prefix) :])
    return [db, db.with_name(db.name + "-wal")]


def _stat(files: list[Path]) -> list[list[int]]:
    out = []
    for path in files:
        try:
            st = path.stat()
        except FileNotFoundError:
            out.append([0, 0, 0])
            continue
        # An empty write-ahead log holds nothing: SQLite creates it on open and removes it on close.
        out.append([st.st_size, st.st_mtime_ns, st.st_ino] if st.st_size else [0, 0, 0])
    return out


def _settled(stat: list[list[int]], taken_ns: int) -> bool:
    """The snapshot was taken well after the last write, so no write can share its timestamp."""
    mtimes = [m for _, m, _ in stat if m]
    if not mtimes:
        return False
    margin = _FINE_NS if any(m % 1_000_000_000 for m in mtimes) else _COARSE_NS
    return max(mtimes) + margin < taken_ns


def _snapshot_path(cache_dir: Path, url: str) -> Path:
    return cache_dir / "state" / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.json"


def _compute(coach: Coach) -> tuple[str, list[Person]]:
    from evals.drafter import data_fingerprint

    return data_fingerprint(coach), coach.sql.list_people()


def refresh_snapshot(coach: Coach, cache_dir: Path, *, settle: bool = False) -> DataState:
    """Read the fingerprint and people from the database and remember them with the files' state.

    With ``settle`` (after a run that wrote audit records) the write-ahead log is checkpointed into the
    database first and, where timestamps are fine-grained, the snapshot waits out the racy margin, so the
    very next run can trust it.
    """
    url = coach.settings.resolved_database_url
    files = _sqlite_files(url)
    if files and settle:
        coach.sql.checkpoint()
        mtimes = [m for _, m, _ in _stat(files) if m]
        if mtimes and any(m % 1_000_000_000 for m in mtimes):
            wait_ns = max(mtimes) + _FINE_NS + 5_000_000 - time.time_ns()
            if 0 < wait_ns <= _FINE_NS + 5_000_000:
                time.sleep(wait_ns / 1e9)
    before = _stat(files) if files else []
    taken = time.time_ns()
    fingerprint, people = _compute(coach)
    if files and _stat(files) == before:  # nothing wrote while we read: the snapshot describes these files
        payload = {
            "format": SNAPSHOT_FORMAT,
            "url": url,
            "stat": before,
            "taken_ns": taken,
            "fingerprint": fingerprint,
            "people": [p.model_dump(mode="json") for p in people],
        }
        _write(_snapshot_path(cache_dir, url), payload)
    return DataState(fingerprint, people, from_snapshot=False)


def data_state(coach: Coach, cache_dir: Path, *, use_snapshot: bool, prepare: Callable[[], None]) -> DataState:
    """The data's state from a trustworthy snapshot, else (after ``prepare``: demo load, recovery) from SQL."""
    url = coach.settings.resolved_database_url
    files = _sqlite_files(url)
    if use_snapshot and files:
        snap = _read(_snapshot_path(cache_dir, url))
        if (
            snap is not None
            and snap.get("format") == SNAPSHOT_FORMAT
            and snap.get("url") == url
            and snap.get("stat") == _stat(files)
            and _settled(snap["stat"], int(snap.get("taken_ns", 0)))
        ):
            try:
                people = [Person.model_validate(p) for p in snap["people"]]
                return DataState(str(snap["fingerprint"]), people, from_snapshot=True)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged snapshot is read again from the database
    prepare()
    return refresh_snapshot(coach, cache_dir)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
