"""``coach check``: the JSON contract, terminal output, stdin and unreadable input (via ``register(app)``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli.check import register
from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from guardrails import DIMENSIONS

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app, CliContext())

    @app.command()
    def other() -> None:  # a second command keeps typer from collapsing the app into `check` alone
        """Unused."""

    return app


def test_json_output_is_exactly_the_contract(app, tmp_path: Path):
    draft = tmp_path / "draft.txt"
    draft.write_text("She is a great team player. Her personality is abrasive.", encoding="utf-8")
    result = runner.invoke(app, ["check", "--json", str(draft)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"scores", "findings", "verdict", "not_applicable"}
    assert list(payload["scores"]) == list(DIMENSIONS)
    assert all(isinstance(v, int) and 0 <= v <= 100 for v in payload["scores"].values())
    assert payload["scores"]["grounding"] == 100 and "grounding" in payload["not_applicable"]
    assert payload["verdict"] == "revise"
    keys = {"dimension", "kind", "start", "end", "text", "message", "suggestion"}
    assert all(set(f) == keys for f in payload["findings"])
    text = draft.read_text(encoding="utf-8")
    assert all(text[f["start"] : f["end"]] == f["text"] for f in payload["findings"])
    assert ("bias", "personality", "Her personality") in {
        (f["dimension"], f["kind"], f["text"]) for f in payload["findings"]
    }


def test_reads_stdin_and_honours_lang(app):
    result = runner.invoke(app, ["check", "--json", "--lang", "zh", "-"], input="她已婚已育，35岁。")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["verdict"] == "block"
    assert [f["text"] for f in payload["findings"] if f["kind"] == "protected_attribute"] == ["已婚", "已育", "35岁"]
    assert all(re.search("[\u4e00-\u9fff]", f["message"] + f["suggestion"]) for f in payload["findings"])


def test_terminal_output_lists_findings_with_fixes(app, tmp_path: Path):
    draft = tmp_path / "draft.txt"
    draft.write_text("工作认真负责，沟通能力有待提高。", encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft)])
    assert result.exit_code == 0, result.output
    assert "工作认真负责" in result.stdout
    assert "specificity/vague" in result.stdout
    assert "建议:" in result.stdout and "结论: revise" in result.stdout


def test_exit_code_is_zero_whatever_the_verdict(app):
    result = runner.invoke(app, ["check", "--json", "-"], input="Her ID is 11010519491231002X.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "block"


def test_unreadable_input_raises_bad_input_naming_the_file(app, tmp_path: Path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["check", str(missing)])
    assert isinstance(result.exception, BadInput)
    assert "nope.txt" in str(result.exception)
    binary = tmp_path / "draft.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(app, ["check", str(binary)])
    assert isinstance(result.exception, BadInput) and "draft.bin" in str(result.exception)


def test_bad_lang_is_bad_input(app):
    result = runner.invoke(app, ["check", "--lang", "fr", "-"], input="x")
    assert isinstance(result.exception, BadInput)
