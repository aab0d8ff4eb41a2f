"""Shared fixtures: isolated data dirs, a small hand-made org, the demo org, and a network guard."""

from __future__ import annotations

import ipaddress
import os
import socket
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


def make_coach(data_dir: Path, **overrides: object) -> Coach:
    """A Coach on its own data dir."""
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
