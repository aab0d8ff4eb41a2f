"""Sign-in tokens: shown once, stored hashed, verified in constant time, revocable; CLI create/list/revoke."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.core.container import Coach
from assistant.core.errors import NotFound
from assistant.core.tables import TokenRow
from assistant.server.signin import TokenStore, token_id_of

from conftest import REPO, cli_env


@pytest.fixture
def store(small_org: Coach) -> TokenStore:
    return TokenStore(small_org.sql)


def test_create_returns_a_secret_shown_once_and_stores_only_its_hash(store: TokenStore) -> None:
    info, secret = store.create("ann", label="laptop")

    assert re.fullmatch(r"coach_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", secret)
    assert token_id_of(secret) == info.id
    assert (info.user_id, info.label, info.revoked_at, info.last_used_at) == ("ann", "laptop", None, None)
    with store.sql.session() as s:
        row = s.scalars(select(TokenRow)).one()
    assert row.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps([str(v) for v in vars(row).values()])


def test_verify_gives_the_user_only_for_the_exact_secret(store: TokenStore) -> None:
    _, secret = store.create("bob")

    assert store.verify(secret).id == "bob"  # type: ignore[union-attr]
    assert store.verify(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert store.verify("coach_000000000000_" + secret.split("_", 2)[2]) is None
    for junk in ("", "coach_", "Bearer x", "not-a-token", "coach__abc"):
        assert store.verify(junk) is None


def test_revoke_stops_the_token_at_once(store: TokenStore) -> None:
    info, secret = store.create("ann")
    _, other = store.create("ann")

    assert store.revoke(info.id) is True
    assert store.verify(secret) is None
    assert store.verify(other).id == "ann"  # type: ignore[union-attr]
    assert store.revoke(info.id) is False  # already revoked
    assert store.revoke("no-such-token") is False
    assert store.get(info.id).revoked_at is not None  # type: ignore[union-attr]


def test_last_used_is_recorded_at_most_once_a_minute(store: TokenStore) -> None:
    info, secret = store.create("ann")
    store.verify(secret)
    first = store.get(info.id).last_used_at  # type: ignore[union-attr]
    store.verify(secret)

    assert first is not None
    assert store.get(info.id).last_used_at == first  # type: ignore[union-attr]
    with store.sql.session() as s, s.begin():
        s.get(TokenRow, info.id).last_used_at = first - timedelta(minutes=5)  # type: ignore[union-attr]
    store.verify(secret)
    assert store.get(info.id).last_used_at > first - timedelta(minutes=5)  # type: ignore[operator, union-attr]


def test_tokens_only_for_existing_users(store: TokenStore) -> None:
    with pytest.raises(NotFound, match="no user 'ghost'"):
        store.create("ghost")


def test_list_is_newest_first_and_filters_by_user(store: TokenStore) -> None:
    a, _ = store.create("ann")
    b, _ = store.create("bob")
    c, _ = store.create("ann")

    assert [t.id for t in store.list()][:1] == [c.id]
    assert {t.id for t in store.list()} == {a.id, b.id, c.id}
    assert {t.id for t in store.list("ann")} == {a.id, c.id}


def _coach_cli(data_dir: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", data_dir, *args],
        env=cli_env(Path(data_dir)),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_cli_token_create_list_revoke(small_org: Coach) -> None:
    data_dir = str(small_org.settings.data_dir)

    created = _coach_cli(data_dir, "token", "create", "--user", "ann", "--label", "ci", "--json")
    assert created.returncode == 0, created.stderr
    payload = json.loads(created.stdout)
    assert payload["user_id"] == "ann" and payload["token"].startswith(f"coach_{payload['id']}_")
    assert TokenStore(small_org.sql).verify(payload["token"]).id == "ann"  # type: ignore[union-attr]

    listed = json.loads(_coach_cli(data_dir, "token", "list", "--user", "ann", "--json").stdout)
    assert [(t["id"], t["label"], t["revoked_at"]) for t in listed] == [(payload["id"], "ci", None)]
    assert payload["token"] not in _coach_cli(data_dir, "token", "list").stdout

    revoked = _coach_cli(data_dir, "token", "revoke", payload["id"])
    assert revoked.returncode == 0 and f"revoked token {payload['id']} of ann" in revoked.stdout
    assert TokenStore(small_org.sql).verify(payload["token"]) is None

    unknown = _coach_cli(data_dir, "token", "revoke", "nope")
    assert unknown.returncode == 2 and "no token 'nope'" in unknown.stderr
    ghost = _coach_cli(data_dir, "token", "create", "--user", "ghost")
    assert ghost.returncode == 2 and "no user 'ghost'" in ghost.stderr
