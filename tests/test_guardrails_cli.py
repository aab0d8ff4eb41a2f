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


def test_jsonl_prints_one_report_a_line_in_order(app, tmp_path: Path):
    batch = tmp_path / "batch.jsonl"
    rows = [
        {"text": "Girls can't code."},
        {"text": "In March she cut p95 latency from 480 ms to 210 ms."},
        {"text": "她已婚已育。", "lang": "zh"},
    ]
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--jsonl", str(batch)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    reports = [json.loads(line) for line in lines]
    assert all(set(r) == {"scores", "findings", "verdict", "not_applicable"} for r in reports)
    assert [r["verdict"] for r in reports] == ["block", reports[1]["verdict"], "block"]
    assert reports[1]["verdict"] != "block"
    assert "stereotype" in {f["kind"] for f in reports[0]["findings"]}


def test_jsonl_names_the_line_and_field_of_bad_input(app, tmp_path: Path):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"text": "fine"}\n{"txt": "oops"}\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--jsonl", str(batch)])
    assert isinstance(result.exception, BadInput)
    assert "bad.jsonl:2" in str(result.exception) and "'text'" in str(result.exception)
    result = runner.invoke(app, ["check", "--jsonl", "-"], input='{"text": "x", "lang": "fr"}\n')
    assert isinstance(result.exception, BadInput) and "standard input:1" in str(result.exception)
    result = runner.invoke(app, ["check", "--jsonl", "-"], input="[1, 2]\n")
    assert isinstance(result.exception, BadInput) and "expected an object" in str(result.exception)


def test_fail_on_exits_one_at_or_above_the_verdict(app):
    vague = "Great job this year."
    assert runner.invoke(app, ["check", "-"], input=vague).exit_code == 0
    assert runner.invoke(app, ["check", "--fail-on", "revise", "-"], input=vague).exit_code == 1
    assert runner.invoke(app, ["check", "--fail-on", "block", "-"], input=vague).exit_code == 0
    blocked = runner.invoke(app, ["check", "--json", "--fail-on", "block", "-"], input="Boys can't code.")
    assert blocked.exit_code == 1 and json.loads(blocked.stdout)["verdict"] == "block"
    batch = '{"text": "Great job."}\n{"text": "Boys cannot code."}\n'
    assert runner.invoke(app, ["check", "--jsonl", "-", "--fail-on", "block"], input=batch).exit_code == 1
    bad = runner.invoke(app, ["check", "--fail-on", "pass", "-"], input=vague)
    assert isinstance(bad.exception, BadInput) and "--fail-on" in str(bad.exception)


def test_file_and_jsonl_are_exclusive(app):
    result = runner.invoke(app, ["check"])
    assert isinstance(result.exception, BadInput) and "--jsonl" in str(result.exception)


def test_review_fail_on_exits_one_at_or_above_the_verdict(monkeypatch):
    """``coach review --fail-on``: the drafting chain is faked; only the exit-code logic is under test."""
    import assistant.drafting.chain as chain
    from assistant.cli.drafts import register as register_drafts

    class Report:
        verdict = "revise"

    class Result:
        guardrails = Report()

        def model_dump(self, mode: str = "json") -> dict:
            return {"guardrails": {"verdict": self.guardrails.verdict}}

    monkeypatch.setattr(chain, "review_draft", lambda coach, request: Result())
    ctx = CliContext()
    ctx.use(object())  # type: ignore[arg-type] - the faked chain never touches the container
    drafts = typer.Typer()
    register_drafts(drafts, ctx)
    args = ["review", "--as", "m", "--for", "p", "--period", "2026H1", "--json", "-"]
    plain = runner.invoke(drafts, args, input="Good job.")
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["guardrails"]["verdict"] == "revise"
    assert runner.invoke(drafts, [*args, "--fail-on", "revise"], input="Good job.").exit_code == 1
    assert runner.invoke(drafts, [*args, "--fail-on", "block"], input="Good job.").exit_code == 0
