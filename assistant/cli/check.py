"""``coach check``: score any feedback text (a manager's own draft, say) and show what to fix.

Wired into the main CLI with ``register(app, ctx)``. Exit code 0 whatever the verdict, unless
``--fail-on revise|block`` asks for 1 at or above that verdict; an unreadable input raises ``BadInput`` (the
main CLI prints it and exits 2). ``--jsonl FILE|-`` scores one ``{"text", "lang"?}`` object a line and prints
one JSON report a line, in order, in one process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from assistant.core.i18n import Strings

if TYPE_CHECKING:  # imported when the command runs, so `coach --help` does not load the guardrails
    from rich.console import Console

    from guardrails.models import GuardrailReport

__all__ = ["VERDICT_ORDER", "at_or_above", "read_input", "read_jsonl", "register", "show_report"]

#: Verdicts from mildest to most severe, for ``--fail-on``.
VERDICT_ORDER = ("pass", "revise", "block")

#: Highlight style per dimension in the terminal.
STYLES = {
    "specificity": "underline yellow",
    "balance": "underline cyan",
    "bias": "bold underline red",
    "grounding": "underline magenta",
    "privacy": "bold underline bright_red",
    "recency": "underline blue",
    "injection": "reverse red",
}
_LABELS: Strings[str] = Strings(
    {
        "scores": {"en": "Scores", "zh": "得分"},
        "findings": {"en": "Findings", "zh": "问题"},
        "none": {"en": "No findings.", "zh": "没有发现问题。"},
        "verdict": {"en": "Verdict", "zh": "结论"},
        "fix": {"en": "Fix", "zh": "建议"},
        "na": {"en": "not applicable", "zh": "不适用"},
        "whole": {"en": "whole draft", "zh": "整篇"},
        "dimension": {"en": "Dimension", "zh": "维度"},
        "score": {"en": "Score", "zh": "分数"},
    }
)
_VERDICT_STYLE = {"pass": "bold green", "revise": "bold yellow", "block": "bold red"}


def read_input(source: str) -> str:
    """The text of ``source``: a file path, or ``-`` for standard input.

    Raises:
        BadInput: naming the file when it cannot be read or decoded.
    """
    try:
        if source == "-":
            return sys.stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        name = "standard input" if source == "-" else repr(source)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BadInput(f"cannot read {name}: {reason}; pass a readable UTF-8 text file or - for stdin") from exc


def at_or_above(verdict: str, fail_on: str | None) -> bool:
    """Whether ``verdict`` is at or above ``fail_on`` (``None``: never).

    Raises:
        BadInput: when ``fail_on`` is not revise or block.
    """
    if fail_on is None:
        return False
    if fail_on not in VERDICT_ORDER[1:]:
        raise BadInput(f"--fail-on {fail_on!r}: use revise or block")
    return VERDICT_ORDER.index(verdict) >= VERDICT_ORDER.index(fail_on)


def read_jsonl(source: str) -> list[tuple[str, str | None]]:
    """``(text, lang)`` per non-blank line of a JSON Lines file (or ``-``), each ``{"text": ..., "lang"?: ...}``.

    Raises:
        BadInput: naming the file, the line and the field that is missing or wrong.
    """
    name = "standard input" if source == "-" else source
    rows: list[tuple[str, str | None]] = []
    for number, line in enumerate(read_input(source).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name}:{number}: not a JSON object ({exc.msg}); write one object a line") from exc
        if not isinstance(row, dict):
            raise BadInput(f'{name}:{number}: expected an object like {{"text": ...}}, got {type(row).__name__}')
        text, lang = row.get("text"), row.get("lang")
        if not isinstance(text, str):
            raise BadInput(f"{name}:{number}: field 'text' must be a string, got {text!r}")
        if lang not in (None, "en", "zh"):
            raise BadInput(f"{name}:{number}: field 'lang' {lang!r}: use en or zh, or leave it out")
        rows.append((text, lang))
    return rows


def show_report(console: Console, text: str, report: GuardrailReport) -> None:
    """Print the text with flagged spans highlighted by dimension, the scores, and each finding with its fix."""
    from rich.table import Table
    from rich.text import Text

    from guardrails.models import DIMENSIONS

    lang = report.language
    body = Text(text)
    for f in report.findings:
        if f.end > f.start:
            body.stylize(STYLES[f.dimension], f.start, f.end)
    console.print(body)
    console.print()
    table = Table(title=_LABELS.say("scores", lang), show_header=True, header_style="bold")
    table.add_column(_LABELS.say("dimension", lang))
    table.add_column(_LABELS.say("score", lang), justify="right")
    for d in DIMENSIONS:
        shown = _LABELS.say("na", lang) if d in report.not_applicable else str(report.scores[d])
        table.add_row(Text(d, style=STYLES[d].replace("underline", "").strip() or None), shown)
    console.print(table)
    console.print(Text(f"{_LABELS.say('findings', lang)}:", style="bold"))
    if not report.findings:
        console.print(f"  {_LABELS.say('none', lang)}")
    for n, f in enumerate(report.findings, 1):
        where = f"[{f.start}:{f.end}] “{f.text}”" if f.end > f.start else f"[{_LABELS.say('whole', lang)}]"
        line = Text(f"{n:>2}. ")
        line.append(f"{f.dimension}/{f.kind}", style=STYLES[f.dimension])
        line.append(f" {where}\n    {f.message}\n    {_LABELS.say('fix', lang)}: {f.suggestion}")
        console.print(line)
    verdict = Text(f"{_LABELS.say('verdict', lang)}: ")
    verdict.append(report.verdict, style=_VERDICT_STYLE[report.verdict])
    console.print(verdict)


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the ``check`` command to ``app``."""

    @app.command("check")
    def check(
        source: Annotated[
            str | None, typer.Argument(metavar="FILE|-", help="The text to check; - reads standard input.")
        ] = None,
        lang: Annotated[str | None, typer.Option("--lang", help="en or zh (default: detected).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
        jsonl: Annotated[
            str | None,
            typer.Option(
                "--jsonl",
                metavar="FILE|-",
                help='Score one {"text", "lang"?} object a line; print one JSON report a line, in order.',
            ),
        ] = None,
        fail_on: Annotated[
            str | None, typer.Option("--fail-on", help="Exit 1 when a verdict is at or above: revise or block.")
        ] = None,
    ) -> None:
        """Score a feedback text for specificity, balance, bias, grounding, privacy, recency and injection."""
        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        at_or_above("pass", fail_on)  # validates --fail-on before any work
        from guardrails.check import check_text  # imported when it runs, so `coach --help` stays fast

        if (source is None) == (jsonl is None):
            raise BadInput("pass either FILE|- or --jsonl FILE|-, not both and not neither")
        if jsonl is not None:
            failed = False
            for text, row_lang in read_jsonl(jsonl):
                report = check_text(text, lang=row_lang or lang)  # type: ignore[arg-type]
                sys.stdout.write(json.dumps(report.to_contract(), ensure_ascii=False) + "\n")
                failed = failed or at_or_above(report.verdict, fail_on)
            if failed:
                raise typer.Exit(1)
            return
        text = read_input(source)  # type: ignore[arg-type]
        report = check_text(text, lang=lang)  # type: ignore[arg-type]
        if as_json:
            sys.stdout.write(json.dumps(report.to_contract(), ensure_ascii=False, indent=2) + "\n")
        else:
            from rich.console import Console

            show_report(Console(width=None if sys.stdout.isatty() else 120), text, report)
        if at_or_above(report.verdict, fail_on):
            raise typer.Exit(1)
