"""Several processes on one database: uniqueness the database enforces, locks, and journal recovery by one.

Each "replica" here is a Coach or SqlStore of its own (its own engine and connections), as a second
``coach serve`` would be. Runs on SQLite and, with ``COACH_TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.exc import IntegrityError

from assistant.chat.sessions import SessionStore
from assistant.core.container import Coach
from assistant.core.errors import BadInput
from assistant.core.locks import LockBusy
from assistant.core.storage import SqlStore
from assistant.core.tables import TokenRow
from assistant.server.signin import TokenStore, parse_expiry

from conftest import SMALL_EVENTS, make_coach


def _replica(coach: Coach) -> Coach:
    """A second process's view of the same data: same data dir and database, its own connections."""
    return make_coach(coach.settings.data_dir, database_url=coach.settings.database_url)


def test_an_acceptance_made_at_the_same_moment_on_two_replicas_is_stored_once(small_org: Coach) -> None:
    stores = [SessionStore(small_org.sql), SessionStore(_replica(small_org).sql)]
    session = stores[0].create("mgr")

    def accept(store: SessionStore, draft: str, start: threading.Barrier, results: list[bool]) -> None:
        start.wait()
        results.append(store.accept("mgr", session.id, draft))

    for attempt in range(10):
        start = threading.Barrier(2)
        results: list[bool] = []
        threads = [threading.Thread(target=accept, args=(s, f"draft-{attempt}", start, results)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results) == [False, True]
    with small_org.sql.session() as s:
        from sqlalchemy import func, select

        from assistant.core.tables import AcceptanceRow

        rows = s.execute(select(AcceptanceRow.draft_id, func.count()).group_by(AcceptanceRow.draft_id)).all()
    assert sorted(rows) == [(f"draft-{i}", 1) for i in range(10)]


def test_two_tokens_cannot_share_a_secret(small_org: Coach) -> None:
    info, _ = TokenStore(small_org.sql).create("ann")
    with small_org.sql.session() as s, pytest.raises(IntegrityError), s.begin():
        row = s.get(TokenRow, info.id)
        assert row is not None
        s.add(TokenRow(id="other", user_id="bob", secret_sha256=row.secret_sha256, created_at=datetime.now(UTC)))


def test_an_expired_token_signs_nobody_in(small_org: Coach) -> None:
    store = TokenStore(small_org.sql)
    soon = datetime.now(UTC) + timedelta(seconds=1)
    info, secret = store.create("ann", expires_at=soon)
    assert store.verify(secret) is not None and info.active()

    with small_org.sql.session() as s, s.begin():  # time passes
        row = s.get(TokenRow, info.id)
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)

    assert store.verify(secret) is None
    assert store.get(info.id).active() is False  # type: ignore[union-attr]


def test_expiry_reads_durations_dates_and_times(small_org: Coach) -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert parse_expiry("90d", now) == now + timedelta(days=90)
    assert parse_expiry("12h", now) == now + timedelta(hours=12)
    assert parse_expiry("2w", now) == now + timedelta(weeks=2)
    assert parse_expiry("2027-03-31", now) == datetime(2027, 4, 1, tzinfo=UTC)  # through that whole day
    assert parse_expiry("2027-03-31T18:00+08:00", now) == datetime(2027, 3, 31, 10, 0, tzinfo=UTC)
    with pytest.raises(BadInput, match=r"--expires 'soon': give a duration \(30m, 12h, 90d, 2w\) or a date"):
        parse_expiry("soon", now)
    with pytest.raises(BadInput, match="the expiry 2026-11-29 12:00 UTC is not in the future"):
        TokenStore(small_org.sql).create("ann", expires_at=now - timedelta(days=1))


def test_a_batch_in_flight_in_another_process_is_left_to_it(small_org: Coach) -> None:
    writer, reader = small_org, _replica(small_org)
    event = SMALL_EVENTS[0].model_copy(update={"id": "ann-in-flight"})
    with writer.ingesting():  # an ingest under way elsewhere: journaled, in Chroma, not yet in the ledger
        journal_id = writer.sql.journal_open("[" + event.model_dump_json() + "]")
        writer.vectors.upsert([event], np.zeros((1, writer.embedding.dim), dtype=np.float32), [event.model_dump_json()])

        assert reader.recover() == 0  # not a crash: the batch is the writer's
        assert [jid for jid, _ in reader.sql.journal_pending()] == [journal_id]
        with pytest.raises(LockBusy, match="another process holds the 'ingest' lock"):
            reader.verify(wait_s=0.2)  # rather than report the in-flight event as an inconsistency

    # the writer died without finishing: now it is a crash, and the next reader finishes the batch
    assert reader.recover() == 1
    report = reader.verify(wait_s=0)
    assert report["consistent"] is True and report["replayed_batches"] == 0


def test_locks_are_exclusive_across_stores(coach: Coach, tmp_path: Path) -> None:
    other = SqlStore(coach.settings.resolved_database_url)
    with coach.sql.lock("migrate"):
        with pytest.raises(LockBusy), other.lock("migrate", wait_s=0.1):
            pass
        with other.lock("something-else", wait_s=0):  # different names do not collide
            pass
    with other.lock("migrate", wait_s=0):
        pass
    other.close()
