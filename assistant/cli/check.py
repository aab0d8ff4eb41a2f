"""``coach check``: score any feedback text (a manager's own draft, say) and show what to fix.

Wired into the main CLI with ``guardrails.cli.register(app)``. Exit code 0 whatever the verdict; an
unreadable input raises ``BadInput`` (the main CLI prints it and exits 2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from assistant.core.i18n import Strings
from guardrails.models import DIMENSIONS, GuardrailReport

__all__ = ["read_input", "register", "show_report"]

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


def show_report(console: Console, text: str, report: GuardrailReport) -> None:
    """Print the text with flagged spans highlighted by dimension, the scores, and each finding with its fix."""
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
        source: Annotated[str, typer.Argument(metavar="FILE|-", help="The text to check; - reads standard input.")],
        lang: Annotated[str | None, typer.Option("--lang", help="en or zh (default: detected).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    ) -> None:
        """Score a feedback text for specificity, balance, bias, grounding, privacy, recency and injection."""
        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        text = read_input(source)
        from guardrails.check import check_text  # imported when it runs, so `coach --help` stays fast

        report = check_text(text, lang=lang)  # type: ignore[arg-type]
        if as_json:
            sys.stdout.write(json.dumps(report.to_contract(), ensure_ascii=False, indent=2) + "\n")
            return
        show_report(Console(width=None if sys.stdout.isatty() else 120), text, report)
