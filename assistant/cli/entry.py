"""The ``coach`` command line (typer + rich). Every read command takes ``--json``.

Exit codes: 0 success, 1 store or provider failure, 2 bad input or unknown id, 3 access denied.
Each command module adds its commands with ``register(app, CONTEXT)``; they import what they run only
when it runs, so ``coach --help`` and ``coach check`` stay fast.
"""

from __future__ import annotations

from assistant.cli import chat, check, data, database, demo, drafts, evaluate, goals, growth, serve
from assistant.cli.app import new_app, run
from assistant.cli.context import CliContext

__all__ = ["CONTEXT", "app", "main"]

CONTEXT = CliContext()
"""The context of this invocation; every command module receives it when registered."""
app = new_app(CONTEXT)

for _module in (data, demo, drafts, goals, growth, check, evaluate, chat, serve, database):
    _module.register(app, CONTEXT)


def main() -> None:
    """Entry point: run the CLI, turning our errors into one readable line and an exit code."""
    run(app, CONTEXT)


if __name__ == "__main__":
    main()
