"""``coach chat --as USER``: piped conversations through typer's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import assistant.cli.entry as cli
from assistant.cli.entry import app


@pytest.fixture
def run(demo_coach, monkeypatch):
    """Invoke the CLI on the demo org (the CLI's cached Coach is the demo one)."""
    monkeypatch.setattr(cli.CONTEXT, "_coach", demo_coach)
    runner = CliRunner()

    def invoke(*args: str, stdin: str):
        result = runner.invoke(app, ["chat", *args], input=stdin)
        assert result.exit_code == 0, (result.output, result.exception)
        return result.output

    return invoke


def _session(output: str) -> str:
    match = re.search(r"--session ([0-9a-f]{16})", output)
    assert match, output
    return match.group(1)


def test_an_english_draft_a_revision_and_sources_in_the_terminal(run):
    out = run("--as", "alice-chen", stdin="draft feedback for Carla for 2026H1, warm tone\n2\n/sources 1\n/quit\n")
    assert "Coach chat as alice-chen" in out
    assert "Finding evidence for Carla Mendes (2026H1)…" in out and "Checking specificity, balance and bias…" in out
    assert "Feedback draft for Carla Mendes — 2026H1" in out and "Guardrails: " in out
    assert "1) Accept" in out and "2) Shorter" in out
    assert "Revised draft for Carla Mendes — 2026H1" in out  # "2" picked the "Shorter" action
    assert "Sources of statement 1" in out and "[ev-carla-mendes-" in out
    assert _session(out)


def test_a_chinese_draft_and_a_refusal(run):
    out = run("--as", "wang-lei", stdin="给李娜写一份2026年第三季度的反馈\n更简短一些\n给周婷写一份反馈\n")
    assert "李娜的反馈草稿 — 2026Q3" in out and "李娜的修改稿 — 2026Q3" in out and "护栏检查" in out
    assert "无法处理关于这个人的请求" in out
    assert "People Ops" not in out.split("无法处理")[1]


def test_resume_accept_open_and_sessions(run):
    first = run("--as", "alice-chen", stdin="feedback for Daniel for 2026Q3\n")
    session = _session(first)
    out = run("--as", "alice-chen", "--session", session, stdin="/accept\n/open ev-daniel-park-001\n/sessions\n")
    assert f"Resumed conversation {session}" in out
    assert "Feedback draft for Daniel Park — 2026Q3" in out  # the earlier reply is shown again
    assert "Accepted draft" in out
    assert "Feedback from Priya on the Tier-1 Reliability RFC" in out
    assert session in out.split("Accepted draft")[1]  # listed by /sessions
    denied = run("--as", "ben-okafor", stdin="/open ev-daniel-park-001\n")
    assert "no event 'ev-daniel-park-001' that you may see" in denied
    assert "Tier-1 Reliability RFC" not in denied


def test_json_mode_prints_one_event_per_line_and_pastes_blocks(run):
    stdin = 'check my draft for Daniel for 2026Q3: """\nDaniel did great work.\nHe is a strong team player.\n"""\n'
    out = run("--as", "alice-chen", "--json", stdin=stdin)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    types = [line["type"] for line in lines]
    assert types[0] == "note" and types[1] == "session" and types[-1] == "reply"
    reply = lines[-1]["data"]
    assert reply["kind"] == "review" and reply["draft"]["text"] == "Daniel did great work.\nHe is a strong team player."


def test_unknown_user_and_bad_lang_fail_cleanly(demo_coach, monkeypatch):
    monkeypatch.setattr(cli.CONTEXT, "_coach", demo_coach)
    result = CliRunner().invoke(app, ["chat", "--as", "nobody"], input="hi\n")
    assert result.exit_code != 0 and "no user 'nobody'" in str(result.exception)
    result = CliRunner().invoke(app, ["chat", "--as", "alice-chen", "--lang", "fr"], input="hi\n")
    assert result.exit_code != 0 and "use en or zh" in str(result.exception)
