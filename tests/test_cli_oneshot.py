"""A one-shot ``coach check`` runs on an app with that command alone: same output and exit codes as the whole
app, and it loads none of what a check does not use (the stores, numpy, the other commands)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import command_of

RUN = """
import sys
sys.argv = ["coach", *{args!r}]
from {module} import main
try:
    main()
finally:
    sys.stdout.flush()
    loaded = [m for m in {watch!r} if m in sys.modules]
    sys.stderr.write("\\nLOADED " + " ".join(loaded) + "\\n")
"""
WATCH = [
    "assistant.cli.entry",
    "assistant.cli.chat",
    "numpy",
    "sqlalchemy",
    "chromadb",
    "jieba",
    "assistant.core.models",
]


def _run(module: str, args: list[str], cwd: Path) -> tuple[int, str, str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN.format(args=args, module=module, watch=WATCH)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    err, _, loaded = done.stderr.rpartition("\nLOADED ")
    return done.returncode, done.stdout, err, loaded.split()


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(
        "Li Na shipped the billing export in March and cut its run time from 40 to 12 minutes. She is very "
        "emotional in meetings and should share the on-call runbook before the next release.\n",
        encoding="utf-8",
    )
    (tmp_path / "zh.txt").write_text(
        "李娜三月上线了账单导出，把运行时间从40分钟降到12分钟。她太情绪化了。\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["check", "draft.txt"],
        ["check", "draft.txt", "--json"],
        ["--data-dir", "elsewhere", "check", "zh.txt", "--json"],
        ["--data-dir=elsewhere", "check", "zh.txt"],
        ["check", "draft.txt", "--fail-on", "revise"],
        ["check", "draft.txt", "--lang", "fr"],
        ["check"],
        ["check", "missing.txt"],
        ["check", "--bogus"],
        ["check", "--help"],
    ],
)
def test_a_one_shot_check_answers_as_the_whole_app_does(draft: Path, args: list[str]) -> None:
    fast = _run("assistant.cli", args, draft.parent)
    whole = _run("assistant.cli.entry", args, draft.parent)

    assert fast[:3] == whole[:3]
    assert "assistant.cli.entry" in whole[3]
    assert not {"assistant.cli.entry", "assistant.cli.chat", "numpy", "sqlalchemy", "chromadb"} & set(fast[3])
    if args[-1] == "--json":
        assert json.loads(fast[1])["verdict"] in ("pass", "revise", "block")


def test_an_english_check_loads_no_chinese_segmenter_and_no_event_models(draft: Path) -> None:
    code, out, _, loaded = _run("assistant.cli", ["check", "draft.txt", "--json"], draft.parent)

    assert code == 0
    assert json.loads(out)["findings"]  # "very emotional" is reported
    assert "jieba" not in loaded
    assert "assistant.core.models" not in loaded


def test_only_check_takes_the_short_way() -> None:
    assert command_of(["check", "x.txt"]) == "check"
    assert command_of(["--data-dir", "d", "check"]) == "check"
    assert command_of(["--data-dir=d", "check", "--json"]) == "check"
    assert command_of(["--help", "check"]) is None
    assert command_of(["--data-dir"]) is None
    assert command_of(["draft", "--for", "check"]) == "draft"
    assert command_of([]) is None
