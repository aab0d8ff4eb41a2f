"""The schema comes from the Alembic migrations alone, and they make exactly the tables of ``tables.py``.

Runs on SQLite, and on PostgreSQL when ``COACH_TEST_DATABASE_URL`` is set (CI does both). A table or column
added to ``assistant/core/tables.py`` without a migration fails ``test_migrations_make_exactly_the_tables``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from assistant.core.errors import StoreError
from assistant.core.schema import HEAD, MIGRATIONS, alembic_config, schema_status, upgrade
from assistant.core.storage import SqlStore
from assistant.core.tables import Base

from conftest import REPO, TEST_DATABASE_URL, _admin, empty_database_url

on_server = pytest.mark.skipif(TEST_DATABASE_URL is None, reason="needs COACH_TEST_DATABASE_URL (a PostgreSQL server)")


def _empty_url(tmp_path: Path) -> str:
    return empty_database_url() or f"sqlite:///{tmp_path / 'coach.db'}"


def test_head_is_the_one_head_of_the_migrations() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD]
    assert script.dir == str(MIGRATIONS)


def test_migrations_make_exactly_the_tables_of_tables_py(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(_empty_url(tmp_path))
    try:
        assert upgrade(engine) == (None, HEAD)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
            differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert differences == [], f"assistant/core/tables.py and the migrations disagree: {differences}"
    finally:
        engine.dispose()


def test_every_migration_downgrades_to_an_empty_database(tmp_path: Path) -> None:
    from alembic import command

    engine = create_engine(_empty_url(tmp_path))
    try:
        upgrade(engine)
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        assert upgrade(engine) == (None, HEAD)
    finally:
        engine.dispose()


def test_a_data_file_from_before_migrations_is_adopted_and_deduplicated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    upgrade(engine, "0001")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # what earlier versions' create_all left behind
        for at in (now, now):  # two replicas accepted the same draft at the same moment
            conn.execute(
                text(
                    "INSERT INTO chat_acceptances (draft_id, session_id, user_id, at) VALUES ('d1', 's1', 'ann', :at)"
                ),
                {"at": at},
            )
        conn.execute(
            text(
                "INSERT INTO api_tokens (id, user_id, label, secret_sha256, created_at) "
                "VALUES ('abc', 'ann', 'old', 'f00', :at)"
            ),
            {"at": now},
        )
    engine.dispose()

    store = SqlStore(url)

    assert store.schema.current == HEAD
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM chat_acceptances")).scalar() == 1
        assert conn.execute(text("SELECT label, expires_at FROM api_tokens")).one() == ("old", None)
    store.close()


def test_without_auto_upgrade_an_older_schema_is_refused_in_one_sentence(tmp_path: Path) -> None:
    url = _empty_url(tmp_path)
    engine = create_engine(url)
    upgrade(engine, "0001")
    engine.dispose()

    with pytest.raises(StoreError) as caught:
        SqlStore(url, auto_upgrade=False)

    message = str(caught.value)
    assert "schema revision 0001" in message and f"needs {HEAD}" in message and "`coach db upgrade`" in message
    assert "\n" not in message


def test_a_schema_from_a_newer_version_is_used_as_it_is(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = _empty_url(tmp_path)
    engine = create_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    store = SqlStore(url)

    assert (store.schema.current, store.schema.known) == ("9999", False)
    assert "newer than this version's" in caplog.text
    assert store.count_events() == 0
    store.close()


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _env(tmp_path: Path, url: str, **extra: str) -> dict[str, str]:
    import os

    base = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    return base | {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_DATABASE_URL": url} | extra


@pytest.mark.slow
def test_replicas_upgrading_an_empty_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    url = _empty_url(tmp_path)
    procs = [_cli(["db", "upgrade", "--json"], _env(tmp_path, url)) for _ in range(6)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]

    assert [code for code, _, _ in results] == [0] * 6, [err for _, _, err in results]
    reports = [json.loads(out) for _, out, _ in results]
    assert sorted(r["changed"] for r in reports) == [False] * 5 + [True]
    assert {r["after"] for r in reports} == {HEAD}
    engine = create_engine(url)
    assert schema_status(engine).at_head
    engine.dispose()


def test_an_unreachable_database_is_one_sentence_and_exit_1(tmp_path: Path) -> None:
    env = _env(tmp_path, "postgresql://coach:hunter2@127.0.0.1:9/coach")
    proc = _cli(["people"], env)
    _, err = proc.communicate(timeout=120)

    assert proc.returncode == 1
    assert err.count("\n") == 1 and err.startswith("error: cannot reach the database postgresql+psycopg://coach:***@")
    assert "hunter2" not in err and "Traceback" not in err


def test_a_missing_driver_says_what_to_install(tmp_path: Path) -> None:
    proc = _cli(["people"], _env(tmp_path, "mysql://coach:hunter2@127.0.0.1/coach"))
    _, err = proc.communicate(timeout=120)

    assert proc.returncode == 1
    assert err == "error: the database driver for mysql://coach:***@127.0.0.1/coach is not installed: MySQLdb\n"


@on_server
def test_stale_pooled_connections_are_replaced_after_a_failover(tmp_path: Path) -> None:
    url = empty_database_url()
    assert url is not None
    store = SqlStore(url)
    assert store.count_events() == 0  # the pool now holds a connection
    database = store.engine.url.database
    # what a failover does to every open connection
    _admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")

    assert store.count_events() == 0  # pre-ping found the dead connection and opened a new one
    store.close()
