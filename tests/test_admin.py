"""What an operator does: expiring tokens, single sign-on through a trusted proxy, data retention."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from assistant.chat.engine import ChatEngine
from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.core.errors import ConfigError
from assistant.core.retention import purge_before
from assistant.core.tables import AuditRow, DraftRow, MessageRow, SessionRow
from assistant.server.app import create_app
from assistant.server.limits import Limits
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach, parse_sse

from conftest import REPO, cli_env, database_for

ROOMY = Limits(rate_per_minute=60_000, burst=10_000)


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    data_dir = tmp_path_factory.mktemp("admin") / "data"
    return demo_coach(data_dir, database_url=database_for(data_dir))


def _cli(coach: Coach, *args: str) -> subprocess.CompletedProcess[str]:
    data_dir = coach.settings.data_dir
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), *args],
        env=cli_env(data_dir, COACH_CONFIG=str(data_dir / "none.toml")),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- token expiry ------------------------------------------------------------------------------------------


def test_token_create_expires_and_list_shows_it(coach: Coach) -> None:
    made = _cli(coach, "token", "create", "--user", "ben-okafor", "--expires", "90d", "--json")
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    expires = datetime.fromisoformat(info["expires_at"])
    assert timedelta(days=89, hours=23) < expires - datetime.now(UTC) <= timedelta(days=90)
    assert TokenStore(coach.sql).verify(info["token"]) is not None

    listed = _cli(coach, "token", "list", "--user", "ben-okafor")
    assert f"active until {expires:%Y-%m-%d %H:%M}" in listed.stdout

    bad = _cli(coach, "token", "create", "--user", "ben-okafor", "--expires", "next week")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --expires 'next week': give a duration (30m, 12h, 90d, 2w) or a date")


def test_an_expired_token_is_refused_by_the_server(coach: Coach) -> None:
    store = TokenStore(coach.sql)
    info, secret = store.create("alice-chen", expires_at=datetime.now(UTC) + timedelta(hours=1))
    with TestClient(create_app(coach, limits=ROOMY)) as client:
        assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        with coach.sql.session() as s, s.begin():
            from assistant.core.tables import TokenRow

            s.execute(
                update(TokenRow)
                .where(TokenRow.id == info.id)
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        refused = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_token"


# -- single sign-on through a trusted proxy -------------------------------------------------------------------


def _sso_coach(coach: Coach, **settings: object) -> Coach:
    sso = Coach(
        load_settings(
            config_file=coach.settings.data_dir / "none.toml",
            data_dir=coach.settings.data_dir,
            database_url=coach.settings.database_url,
            **settings,
        )
    )
    return sso


def test_a_trusted_proxys_user_header_signs_in_and_nothing_else_does(coach: Coach) -> None:
    sso = _sso_coach(coach, server_trusted_proxy_header="X-Forwarded-User", server_trusted_proxies="127.0.0.1")
    with ServerThread(create_app(sso, engine=ChatEngine(sso), limits=ROOMY)) as server:
        me = httpx.get(server.url + "/api/me", headers={"X-Forwarded-User": "wang-lei"})
        assert me.status_code == 200
        assert (me.json()["user_id"], me.json()["token_id"]) == ("wang-lei", "sso:wang-lei")
        answer = httpx.post(
            server.url + "/api/chat",
            headers={"X-Forwarded-User": "wang-lei"},
            json={"message": "给李娜写一份2026年第三季度的反馈"},
            timeout=120,
        )
        assert parse_sse(answer.text)[-1][1]["kind"] == "draft"
        # a name nobody has, or no header at all: not signed in
        assert httpx.get(server.url + "/api/me", headers={"X-Forwarded-User": "mallory"}).status_code == 401
        assert httpx.get(server.url + "/api/me").status_code == 401


def test_the_user_header_from_an_untrusted_address_is_ignored(coach: Coach) -> None:
    sso = _sso_coach(coach, server_trusted_proxy_header="X-Forwarded-User", server_trusted_proxies="10.9.8.7")
    with ServerThread(create_app(sso, engine=ChatEngine(sso), limits=ROOMY)) as server:
        refused = httpx.get(server.url + "/api/me", headers={"X-Forwarded-User": "zhou-ting"})
    assert refused.status_code == 401


def test_single_sign_on_is_off_by_default(coach: Coach) -> None:
    assert coach.settings.server_trusted_proxy_header is None and coach.settings.server_trusted_proxies == []
    with ServerThread(create_app(coach, limits=ROOMY)) as server:
        assert httpx.get(server.url + "/api/me", headers={"X-Forwarded-User": "zhou-ting"}).status_code == 401


def test_trusted_proxies_must_be_addresses(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"server_trusted_proxies: .*'proxy\.internal' is not an IP address"):
        load_settings(config_file=tmp_path / "none.toml", server_trusted_proxies="10.0.0.1, proxy.internal")
    assert load_settings(
        config_file=tmp_path / "none.toml", server_trusted_proxies="10.0.0.1, 10.0.1.0/24"
    ).server_trusted_proxies == ["10.0.0.1", "10.0.1.0/24"]


# -- retention -----------------------------------------------------------------------------------------------


def test_purge_deletes_old_drafts_and_sessions_and_audits_it(coach: Coach) -> None:
    engine = ChatEngine(coach)
    old = engine.reply("alice-chen", "Feedback for Daniel Park for 2026Q3")
    new = engine.reply("alice-chen", "Feedback for Emma Novak for 2026Q3")
    engine.accept("alice-chen", old.session_id, old.draft["id"])  # type: ignore[index]
    long_ago = datetime(2025, 1, 15, tzinfo=UTC)
    with coach.sql.session() as s, s.begin():
        s.execute(update(SessionRow).where(SessionRow.id == old.session_id).values(updated_at=long_ago))
        s.execute(update(DraftRow).where(DraftRow.id == old.draft["id"]).values(created_at=long_ago))  # type: ignore[index]

    dry = purge_before(coach.sql, datetime(2025, 6, 1, tzinfo=UTC), requester="test", dry_run=True)
    assert (dry["drafts"], dry["sessions"], dry["messages"], dry["acceptances"]) == (
        1,
        1,
        4,
        1,
    )  # the draft turn and the accept turn
    assert coach.sql.get_draft(old.draft["id"]) is not None  # type: ignore[index]

    done = _cli(coach, "purge", "--before", "2025-06-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) | {"before": None} == dry | {"dry_run": False, "before": None}

    assert coach.sql.get_draft(old.draft["id"]) is None  # type: ignore[index]
    assert coach.sql.get_draft(new.draft["id"]) is not None  # type: ignore[index]
    with coach.sql.session() as s:
        assert s.get(SessionRow, old.session_id) is None and s.get(SessionRow, new.session_id) is not None
        assert (
            s.scalar(select(func.count()).select_from(MessageRow).where(MessageRow.session_id == old.session_id)) == 0
        )
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "purge").order_by(AuditRow.id.desc())).first()
    assert audit is not None and audit.requester_id.startswith("cli:")
    assert (audit.details["drafts"], audit.details["sessions"]) == (1, 1)


def test_purge_refuses_a_future_date_and_a_bad_one(coach: Coach) -> None:
    future = _cli(coach, "purge", "--before", "2999-01-01")
    bad = _cli(coach, "purge", "--before", "last year")
    assert (future.returncode, bad.returncode) == (2, 2)
    assert "the date is in the future" in future.stderr
    assert bad.stderr.startswith("error: --before 'last year': give a date as YYYY-MM-DD")
