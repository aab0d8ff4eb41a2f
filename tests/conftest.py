"""Shared fixtures: isolated data dirs, a small hand-made org, the demo org, and a network guard.

With ``COACH_TEST_DATABASE_URL`` set to a PostgreSQL server's URL (``.ci/run`` starts one), every coach a
test makes gets a database of its own on that server (a copy of one migrated template, dropped at the end
of the session) instead of a SQLite file; the data dir still holds the Chroma store.
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.core.models import Person, WorkEvent
from retrieval.ingest import ingest_models

REPO = Path(__file__).resolve().parent.parent

for _name in [n for n in os.environ if n.startswith("COACH_") and not n.startswith("COACH_TEST_")]:
    del os.environ[_name]
os.environ.pop("OPENAI_API_KEY", None)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Tests never reach past loopback: a real model call or a model download fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(host, str):
            try:
                ok = ipaddress.ip_address(host).is_loopback
            except ValueError:
                ok = host == "localhost"
            if not ok:
                raise ConnectionRefusedError(f"tests are offline: connection to {host!r} blocked")
        return real_connect(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]


TEST_DATABASE_URL = os.environ.get("COACH_TEST_DATABASE_URL") or None
"""A database server the tests use instead of SQLite (``None``: SQLite files in temp dirs)."""
_databases: list[str] = []
_template: list[str] = []
_counter = itertools.count(1)


_admin_engine: list[object] = []


def _admin(sql: str) -> None:
    """Run one statement on the test server's maintenance database (CREATE/DROP DATABASE and the like)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    assert TEST_DATABASE_URL is not None
    if not _admin_engine:
        url = TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        _admin_engine.append(create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT"))
    with _admin_engine[0].connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(sql))


def _server_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    assert TEST_DATABASE_URL is not None
    url = make_url(TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)).set(database=database)
    return url.render_as_string(hide_password=False)


def fresh_database_url() -> str | None:
    """A new database on the test server, already migrated; ``None`` when the tests run on SQLite."""
    if TEST_DATABASE_URL is None:
        return None
    if not _template:
        from assistant.core.storage import SqlStore

        name = f"coach_tpl_{os.getpid()}"
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(f"CREATE DATABASE {name}")
        SqlStore(_server_url(name)).close()
        _template.append(name)
    name = f"coach_t_{os.getpid()}_{next(_counter)}"
    _admin(f"CREATE DATABASE {name} TEMPLATE {_template[0]}")
    _databases.append(name)
    return _server_url(name)


def empty_database_url() -> str | None:
    """A new, empty (never migrated) database on the test server; ``None`` on SQLite."""
    if TEST_DATABASE_URL is None:
        return None
    name = f"coach_e_{os.getpid()}_{next(_counter)}"
    _admin(f"CREATE DATABASE {name}")
    _databases.append(name)
    return _server_url(name)


@pytest.fixture(autouse=True, scope="session")
def _drop_test_databases() -> Iterator[None]:
    """The databases the session made on the test server are dropped when it ends (not on a throwaway
    server, ``COACH_TEST_DATABASE_THROWAWAY=1``, which goes away whole)."""
    yield
    if os.environ.get("COACH_TEST_DATABASE_THROWAWAY") == "1":
        return
    for name in [*_databases, *_template]:
        try:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except Exception as exc:  # a leftover database is not a test failure
            print(f"could not drop test database {name}: {exc}")


_database_of: dict[Path, str] = {}


def database_for(data_dir: Path) -> str | None:
    """The test server database that belongs to ``data_dir`` (made on first use); ``None`` on SQLite."""
    if TEST_DATABASE_URL is None:
        return None
    key = Path(data_dir).resolve()
    if key not in _database_of:
        _database_of[key] = fresh_database_url()  # type: ignore[assignment]
    return _database_of[key]


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a ``coach --data-dir data_dir ...`` subprocess: this one, plus the data dir's database."""
    env = dict(os.environ) | extra
    url = database_for(data_dir)
    if url is not None:
        env["COACH_DATABASE_URL"] = url
    return env


def make_coach(data_dir: Path, **overrides: object) -> Coach:
    """A Coach on its own data dir (and, on a test database server, that data dir's own database)."""
    if "database_url" not in overrides:
        overrides["database_url"] = database_for(data_dir)
    return Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir, **overrides))


@pytest.fixture
def coach(tmp_path: Path) -> Coach:
    """An empty Coach in a temp dir."""
    return make_coach(tmp_path / "data")


def person(
    pid: str, manager: str | None = None, *, role: str = "employee", lang: str = "en", team: str = "Platform"
) -> Person:
    """A person with sensible defaults."""
    return Person(
        id=pid,
        name=pid.title(),
        language=lang,
        job_family="Engineering",
        level="L4",  # type: ignore[arg-type]
        manager_id=manager,
        team=team,
        role=role,
    )  # type: ignore[arg-type]


def work_event(
    eid: str,
    pid: str,
    day: str,
    kind: str = "outcome",
    *,
    title: str = "Shipped a thing",
    description: str = "",
    visibility: str = "normal",
    lang: str = "en",
    **extra: object,
) -> WorkEvent:
    """A work event with sensible defaults."""
    return WorkEvent(
        id=eid,
        person_id=pid,
        occurred_at=day,
        kind=kind,
        title=title,  # type: ignore[arg-type]
        description=description,
        visibility=visibility,
        language=lang,
        **extra,
    )  # type: ignore[arg-type]


#: director -> mgr -> (ann, bob); director -> mgr2 -> carl; hr is HR; ann has private/excluded events.
SMALL_PEOPLE = [
    person("director", role="manager"),
    person("mgr", "director", role="manager"),
    person("mgr2", "director", role="manager", lang="zh", team="增长"),
    person("ann", "mgr"),
    person("bob", "mgr"),
    person("carl", "mgr2", lang="zh", team="增长"),
    person("hr", role="hr", team="People Ops"),
]
SMALL_EVENTS = [
    work_event(
        "ann-1",
        "ann",
        "2026-01-15",
        title="Shipped the billing export",
        description="Cut export time from 40 to 12 minutes",
        metrics={"minutes": {"value": 12, "baseline": 40}},
    ),
    work_event("ann-2", "ann", "2026-02-10", "collaboration", title="Paired with SRE on the database migration"),
    work_event(
        "ann-3",
        "ann",
        "2026-03-03",
        "context",
        title="1:1: discussed workload and growth",
        visibility="private",
        source="one_on_one",
    ),
    work_event(
        "ann-4", "ann", "2026-04-20", "development", title="Personal matter noted", visibility="excluded_from_ai"
    ),
    work_event("ann-5", "ann", "2026-05-05", "development", title="Completed the Kubernetes course"),
    work_event("bob-1", "bob", "2026-01-20", title="Released the search API v2"),
    work_event("carl-1", "carl", "2026-02-02", "collaboration", title="与售前团队协作完成华东大客户签约", lang="zh"),
    work_event("carl-2", "carl", "2026-06-12", "outcome", title="季度回款 320 万，超出目标", lang="zh"),
]


@pytest.fixture
def small_org(coach: Coach) -> Coach:
    """The small hand-made org ingested into a fresh Coach."""
    report = ingest_models(coach, people=SMALL_PEOPLE, events=SMALL_EVENTS)
    assert report.rejected == 0
    return coach


@pytest.fixture(scope="session")
def demo_coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """The committed demo org, ingested once per session (read-only for tests)."""
    from assistant.demo.load import load_demo

    c = make_coach(tmp_path_factory.mktemp("demo") / "data")
    assert load_demo(c) is True
    return c


# -- a Chroma server (the at-scale vector store) ---------------------------------------------------------------


def _alive(host: str, port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/api/v2/heartbeat", timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A Chroma server on loopback: CI's (``COACH_TEST_CHROMA_HOST``/``PORT``), or one started for the session."""
    host = os.environ.get("COACH_TEST_CHROMA_HOST")
    if host:
        port = int(os.environ.get("COACH_TEST_CHROMA_PORT", "8000"))
        assert _alive(host, port), f"COACH_TEST_CHROMA_HOST={host}:{port} does not answer"
        yield host, port
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = Path(sys.executable).parent / "chroma"
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _alive("127.0.0.1", port):
            assert proc.poll() is None, "chroma run exited early"
            assert time.monotonic() < deadline, "chroma run did not start within 60 s"
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
