"""``coach serve --demo`` from a clean data dir: loads the demo org, prints tokens once, serves the chat."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.core.container import Coach

from conftest import REPO, cli_env, make_coach

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int) -> tuple[subprocess.Popen[str], list[str]]:
    """Start the server and return it with its stdout lines up to the "serving" line."""
    env = {k: v for k, v in cli_env(data_dir).items() if not k.startswith("COACH_") or k == "COACH_DATABASE_URL"}
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "--data-dir",
            str(data_dir),
            "serve",
            "--demo",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Coach is serving"):
            break
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, lines
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"coach serve did not come up: {lines}")


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def test_serve_demo_loads_the_org_and_prints_working_tokens_once(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", _free_port()
    proc, lines = _serve(data_dir, port)
    try:
        tokens = dict(re.findall(r"^\s+([a-z-]+)\s+(coach_[0-9a-f]{12}_\S+)", "\n".join(lines), re.M))
        assert set(tokens) == {"alice-chen", "wang-lei", "ben-okafor", "zhou-ting"}
        assert f"Coach is serving on http://127.0.0.1:{port}/" in lines[-1]
        me = httpx.get(f"http://127.0.0.1:{port}/api/me", headers={"Authorization": f"Bearer {tokens['wang-lei']}"})
        assert me.json()["name"] == "王磊" and me.json()["role"] == "manager"
        assert "<title>Coach</title>" in httpx.get(f"http://127.0.0.1:{port}/").text
    finally:
        _stop(proc)

    again, lines = _serve(data_dir, port)
    try:
        assert not any("coach_" in line for line in lines)
        assert any("coach token create --user ID" in line for line in lines)
        still = httpx.get(
            f"http://127.0.0.1:{port}/api/me", headers={"Authorization": f"Bearer {tokens['ben-okafor']}"}
        )
        assert still.json()["people"] == [
            {"id": "ben-okafor", "name": "Ben Okafor", "team": "Platform", "language": "en", "relation": "self"}
        ]
    finally:
        _stop(again)


def test_serve_demo_after_make_demo_prints_tokens_for_demo_users_without_one(tmp_path: Path) -> None:
    from assistant.demo.load import load_demo
    from assistant.server.signin import TokenStore

    data_dir, port = tmp_path / "data", _free_port()
    coach = make_coach(data_dir)
    assert load_demo(coach)  # what `make demo` leaves: the org, no tokens
    proc, lines = _serve(data_dir, port)
    _stop(proc)
    tokens = dict(re.findall(r"^\s+([a-z-]+)\s+(coach_[0-9a-f]{12}_\S+)", "\n".join(lines), re.M))
    assert set(tokens) == {"alice-chen", "wang-lei", "ben-okafor", "zhou-ting"}
    assert not any("Loaded the demo organisation" in line for line in lines)

    store = TokenStore(coach.sql)
    (ben,) = [t for t in store.list("ben-okafor") if t.revoked_at is None]
    assert store.revoke(ben.id)
    proc, lines = _serve(data_dir, port)
    _stop(proc)
    again = dict(re.findall(r"^\s+([a-z-]+)\s+(coach_[0-9a-f]{12}_\S+)", "\n".join(lines), re.M))
    assert set(again) == {"ben-okafor"} and again["ben-okafor"] != tokens["ben-okafor"]


def test_serve_on_a_busy_port_says_so_with_its_own_exit_code_and_keeps_the_demo_tokens(tmp_path: Path) -> None:
    from assistant.core.config import load_settings
    from assistant.demo.load import load_demo
    from assistant.server.signin import TokenStore

    data_dir = tmp_path / "data"
    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir))
    assert load_demo(coach)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "assistant.cli",
                "--data-dir",
                str(data_dir),
                "serve",
                "--demo",
                "--port",
                str(port),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 4, (done.stdout, done.stderr)  # 3 means "access denied"
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "Coach is serving" not in done.stdout and "coach_" not in done.stdout
    assert TokenStore(coach.sql).list() == []  # no demo token was made (and shown) for a server that never ran


def test_serve_accepts_data_dir_after_the_command_too(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "elsewhere", _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")} | {"PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--demo", "--data-dir", str(data_dir), "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Coach is serving"):
                break
        assert f"Loaded the demo organisation into {data_dir}" in "".join(lines)
        assert (data_dir / "coach.db").exists() and not (tmp_path / ".coach").exists()
    finally:
        _stop(proc)
