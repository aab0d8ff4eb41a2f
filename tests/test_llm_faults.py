"""The LLM fault suite: for every way an OpenAI-compatible endpoint misbehaves, what the user gets.

A real HTTP server on loopback (``tests/fake_llm.py``) answers as scripted; ``coach feedback`` (the CLI,
in-process and once as a real process) and ``coach serve`` (the app over real HTTP) draft through it.
Every failure ends in the labelled offline fallback (or, with ``--no-fallback``, one clear error line),
never in a traceback or a 500; answers that parse but misbehave are cleaned or flagged by the chain.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.cli.entry import CONTEXT, main
from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.drafting.providers.base import DraftContext
from assistant.drafting.providers.openai_compat import OpenAICompatProvider, ProviderUnavailable
from assistant.drafting.schemas import FeedbackDraft
from assistant.server.app import create_app
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach
from prompts.renderer import RenderedPrompt, get_template

from conftest import REPO
from fake_llm import FakeLLM

FALLBACK_MODES = {
    "500": "HTTP 500",
    "429": "HTTP 429",
    "hang": "timed out",
    "prose": "does not match FeedbackDraft after one repair",
    "malformed_json": "invalid JSON",
    "empty_choices": "no choices",
    "empty_object": "not the shape of a chat completion",
    "html": "the body is text, not JSON",
    "wrong_schema": "does not match FeedbackDraft after one repair",
    "slow_stream": "time",
}
FOREIGN = "ev-li-na-001"  # an event of another person (李娜), which Daniel Park's draft must never cite


def llm_settings(url: str) -> dict[str, Any]:
    """Small timeouts, so hang and slow-stream modes end in about a second."""
    return {
        "provider": "openai:fake",
        "openai_base_url": url,
        "llm_timeout": 1.0,
        "llm_max_retries": 1,
        "llm_budget_s": 2.5,
        "llm_structured_output": "json_object",
        "revise_rounds": 1,
    }


def env_of(settings: dict[str, Any]) -> dict[str, str]:
    return {f"COACH_{k.upper()}": str(v) for k, v in settings.items()}


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLM]:
    with FakeLLM(delay=0.3, foreign_id=FOREIGN) as server:
        yield server


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "data"
    demo_coach(path)
    return path


def coach_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path, env: dict[str, str], *args: str
) -> tuple[int, str, str]:
    """``coach --data-dir D ARGS`` in this process: (exit code, stdout, stderr). A traceback fails the test."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["coach", "--data-dir", str(data_dir), *args])
    CONTEXT.reset()
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        CONTEXT.reset()
    out, err = capsys.readouterr()
    return code, out, err


FEEDBACK = ("feedback", "--as", "alice-chen", "--for", "daniel-park", "--period", "2026Q3")


@pytest.mark.parametrize("mode", sorted(FALLBACK_MODES))
def test_cli_feedback_falls_back_to_the_labelled_offline_draft(mode, llm, data_dir, monkeypatch, capsys):
    llm.mode = mode
    code, out, err = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    assert code == 0, err
    draft = json.loads(out)
    assert (draft["engine"], draft["fallback_from"]) == ("offline", "openai:fake")
    [note] = [n for n in draft["notes"] if n.startswith("openai:fake failed, offline engine used instead: ")]
    assert FALLBACK_MODES[mode] in note
    assert draft["statements"] and all(s["event_ids"] for s in draft["statements"])
    assert "Traceback" not in err


@pytest.mark.parametrize("mode", ["html", "500", "empty_choices"])
def test_cli_feedback_without_fallback_is_one_clear_error(mode, llm, data_dir, monkeypatch, capsys):
    llm.mode = mode
    code, out, err = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--no-fallback")
    assert (code, out) == (1, "")
    assert err.startswith("error: openai:fake ") and FALLBACK_MODES[mode] in " ".join(err.split())
    assert len(err.strip().splitlines()) <= 3 and "Traceback" not in err


def test_cli_text_output_says_which_engine_wrote_it(llm, data_dir, monkeypatch, capsys):
    llm.mode = "html"
    code, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK)
    assert code == 0
    assert "offline (fallback from openai:fake)" in out
    assert "openai:fake failed, offline engine used instead" in " ".join(out.split())


def test_a_real_coach_process_exits_0_with_the_fallback_on_an_html_page(llm, data_dir):
    llm.mode = "html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")} | env_of(llm_settings(llm.url))
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), *FEEDBACK, "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["fallback_from"] == "openai:fake"
    assert "Traceback" not in done.stderr


def test_ok_is_the_llms_draft(llm, data_dir, monkeypatch, capsys):
    llm.mode = "ok"
    code, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    draft = json.loads(out)
    assert (code, draft["engine"], draft["fallback_from"]) == (0, "openai:fake", None)


def test_unknown_and_foreign_citations_never_reach_the_reader(llm, data_dir, monkeypatch, capsys):
    llm.mode = "foreign_citations"
    code, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    draft = json.loads(out)
    evidence = {e["id"] for e in draft["evidence"]}
    assert code == 0 and draft["engine"] == "openai:fake"
    assert set(draft["cited_event_ids"]) <= evidence and FOREIGN not in draft["text"]
    assert f"Citations not in the evidence were removed: ev-invented-123, {FOREIGN}" in draft["notes"]


def test_invented_numbers_are_flagged_as_ungrounded(llm, data_dir, monkeypatch, capsys):
    llm.mode = "invented_numbers"
    _, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    guard = json.loads(out)["guardrails"]
    flagged = [f for f in guard["findings"] if f["dimension"] == "grounding"]
    assert flagged and any("87%" in f["text"] or "4.2" in f["text"] for f in flagged)
    assert guard["verdict"] != "pass"


def test_a_protected_attribute_blocks_the_draft(llm, data_dir, monkeypatch, capsys):
    llm.mode = "protected"
    _, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    draft = json.loads(out)
    assert draft["guardrails"]["verdict"] == "block"
    assert "protected_attribute" in {f["kind"] for f in draft["guardrails"]["findings"]}
    assert draft["text"] == "[draft withheld: see the guardrail report]"


def test_rating_and_pay_statements_block_the_draft(llm, data_dir, monkeypatch, capsys):
    llm.mode = "rating_pay"
    _, out, _ = coach_cli(monkeypatch, capsys, data_dir, env_of(llm_settings(llm.url)), *FEEDBACK, "--json")
    draft = json.loads(out)
    assert draft["guardrails"]["verdict"] == "block"
    assert "decision" in {f["kind"] for f in draft["guardrails"]["findings"]}
    assert "pay raise" not in draft["text"] and "rating of 5" not in draft["text"]


# -- the same faults through `coach serve` ----------------------------------------------------------------


@pytest.fixture(scope="module")
def server(llm: FakeLLM, data_dir: Path) -> Iterator[tuple[str, str]]:
    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir, **llm_settings(llm.url)))
    _, token = TokenStore(coach.sql).create("alice-chen")
    with ServerThread(create_app(coach)) as running:
        yield running.url, token


@pytest.mark.parametrize("mode", sorted(FALLBACK_MODES))
def test_the_server_answers_with_the_fallback_draft_not_a_500(mode, llm, server):
    url, token = server
    llm.mode = mode
    answer = httpx.post(
        f"{url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {token}"},
        json={"model": "coach", "messages": [{"role": "user", "content": "Feedback for Daniel Park for 2026Q3"}]},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    draft = answer.json()["coach"]["draft"]
    assert (draft["engine"], draft["fallback_from"]) == ("offline", "openai:fake")
    assert any(FALLBACK_MODES[mode] in n for n in draft["notes"])


@pytest.mark.parametrize("mode", ["malformed_json", "hang"])
def test_the_web_chat_turn_ends_in_a_reply_with_the_fallback(mode, llm, server):
    from assistant.server.testing import parse_sse

    url, token = server
    llm.mode = mode
    body = httpx.post(
        f"{url}/api/chat",
        headers={"Authorization": f"Bearer {token}"},
        json={"message": "Feedback for Daniel Park for 2026Q3"},
        timeout=60,
    ).text
    events = parse_sse(body)
    assert events[-1][0] == "reply", events[-1]
    assert events[-1][1]["draft"]["fallback_from"] == "openai:fake"


@pytest.mark.parametrize("mode", ["foreign_citations", "protected"])
def test_the_server_shows_what_the_chain_made_of_a_misbehaving_answer(mode, llm, server):
    url, token = server
    llm.mode = mode
    draft = httpx.post(
        f"{url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {token}"},
        json={"model": "coach", "messages": [{"role": "user", "content": "Feedback for Daniel Park for 2026Q3"}]},
        timeout=60,
    ).json()["coach"]["draft"]
    if mode == "foreign_citations":
        assert FOREIGN not in draft["cited_event_ids"] and "ev-invented-123" not in draft["text"]
    else:
        assert draft["guardrails"]["verdict"] == "block" and "mother" not in draft["text"]


# -- the provider itself ----------------------------------------------------------------------------------

PROMPT = RenderedPrompt(template=get_template("feedback_draft", "en"), system="s", user="u")


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b'{"id": "x", "choices": [', "application/json", "invalid JSON"),
        (
            b'{"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}',
            "application/json",
            "no choices",
        ),
        (b"{}", "application/json", "not the shape of a chat completion"),
        (b"<html><body>Bad gateway</body></html>", "text/html", "not JSON"),
    ],
)
def test_a_malformed_200_is_a_provider_error(body, ctype, reason):
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": ctype})

    provider = OpenAICompatProvider(
        "m",
        base_url="http://fake.local/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        max_retries=1,
        sleep=lambda _s: None,
    )
    context = DraftContext(task="feedback_draft", language="en", subject_name="Ann", events=[])
    with pytest.raises(ProviderUnavailable, match=f"after 2 attempts: HTTP 200 but not a chat completion.*{reason}"):
        provider.generate(PROMPT, FeedbackDraft, context)
