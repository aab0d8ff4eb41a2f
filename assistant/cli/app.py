"""The root of the ``coach`` app: its global option, and running it with Coach's exit codes.

``entry`` builds the app with every command. A one-shot ``coach check`` builds it with that command alone
(``assistant.cli.main``): importing the other command modules and letting typer build forty commands it
will not run was a fifth of the command's time.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from assistant.cli.context import CliContext
from assistant.core.errors import AccessDenied, BadInput, CoachError

__all__ = ["new_app", "run"]


def new_app(ctx: CliContext) -> typer.Typer:
    """A ``coach`` app with no commands yet; ``--data-dir`` goes to ``ctx``."""
    app = typer.Typer(
        help="Coach: evidence-grounded feedback and coaching assistant (en + 中文).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        data_dir: Annotated[
            Path | None,
            typer.Option(
                "--data-dir", envvar="COACH_DATA_DIR", help="Data directory (SQLite + Chroma). Default ./.coach"
            ),
        ] = None,
    ) -> None:
        ctx.data_dir = data_dir

    return app


def run(app: typer.Typer, ctx: CliContext) -> None:
    """Run ``app``, turning our errors into one readable line and an exit code."""
    err = ctx.err_console
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
