"""The ``coach`` command line (typer + rich). Every read command takes ``--json``.

Exit codes: 0 success, 1 store or provider failure, 2 bad input or unknown id, 3 access denied.
Each command module adds its commands with ``register(app, CONTEXT)``; they import what they run only
when it runs, so ``coach --help`` and ``coach check`` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from assistant.cli import chat, check, data, database, demo, drafts, evaluate, goals, growth, serve
from assistant.cli.context import CliContext
from assistant.core.errors import AccessDenied, BadInput, CoachError

__all__ = ["CONTEXT", "app", "main"]

app = typer.Typer(
    help="Coach: evidence-grounded feedback and coaching assistant (en + 中文).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
CONTEXT = CliContext()
"""The context of this invocation; every command module receives it when registered."""


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="COACH_DATA_DIR", help="Data directory (SQLite + Chroma). Default ./.coach"),
    ] = None,
) -> None:
    CONTEXT.data_dir = data_dir


for _module in (data, demo, drafts, goals, growth, check, evaluate, chat, serve, database):
    _module.register(app, CONTEXT)


def main() -> None:
    """Entry point: run the CLI, turning our errors into one readable line and an exit code."""
    err = CONTEXT.err_console
    try:
        app()
    except AccessDenied as exc:
        err.print(f"[red]denied:[/] {escape(str(exc))}", highlight=False)
        sys.exit(3)
    except BadInput as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except CoachError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except Exception as exc:
        from assistant.core.database import database_error, is_database_error

        if not is_database_error(exc):
            raise
        # the database went away or refused mid-command: one sentence, not a driver's traceback
        err.print(f"[red]error:[/] {escape(str(database_error(exc)))}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
