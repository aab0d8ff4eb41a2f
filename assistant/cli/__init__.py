"""Interfaces: the ``coach`` command line. ``main`` is the console-script entry point."""

import os
import sys
from typing import Any

# Coach uses no pydantic plugins; looking for them scans every installed package's entry points, a
# noticeable part of a one-shot command like `coach check`. Set the variable (even empty) to look anyway.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__all__ = ["app", "command_of", "main"]


def command_of(argv: list[str]) -> str | None:
    """The command ``argv`` runs, read past the only global option (``--data-dir``); ``None`` when anything
    else comes first (``--help``, an unknown option), so the whole app handles it."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            i += 2
        elif arg.startswith("--data-dir="):
            i += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def main() -> None:
    """Run ``coach``. ``coach check`` gets an app with that one command, the same command with the same
    options, output and exit codes: a one-shot check then loads neither the other commands' modules nor
    typer's model of forty commands. Everything else gets the whole app (``assistant.cli.entry``)."""
    if command_of(sys.argv[1:]) == "check":
        from assistant.cli import check
        from assistant.cli.app import new_app, run
        from assistant.cli.context import CliContext

        ctx = CliContext()
        app = new_app(ctx)
        check.register(app, ctx)
        run(app, ctx)
    else:
        from assistant.cli.entry import main as run_all

        run_all()


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, as before
        from assistant.cli.entry import app

        return app
    raise AttributeError(f"module 'assistant.cli' has no attribute {name!r}")
