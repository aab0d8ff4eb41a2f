"""CLI commands of the database itself: ``coach db upgrade | status | revision`` and ``coach purge``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from assistant.cli.context import CliContext

__all__ = ["register"]

Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the ``db`` group and ``purge`` to ``app``."""
    db_app = typer.Typer(help="The database schema: upgrade it, see where it stands.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    def _engine() -> tuple[Any, str]:
        from assistant.core.config import load_settings
        from assistant.core.database import PoolSettings, open_engine, safe_url

        settings = load_settings(data_dir=ctx.data_dir)
        url = settings.resolved_database_url
        if url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        return open_engine(url, PoolSettings.from_settings(settings)), safe_url(url)

    @db_app.command("upgrade")
    def db_upgrade(
        revision: Annotated[str, typer.Option(help="Migrate up to this revision.")] = "head",
        wait: Annotated[
            float, typer.Option(help="Seconds to wait while another process holds the migration lock.")
        ] = 300.0,
        as_json: Json = False,
    ) -> None:
        """Migrate the database to this version's schema (safe to run from every replica at once)."""
        from sqlalchemy.exc import SQLAlchemyError

        from assistant.core.database import database_error
        from assistant.core.schema import upgrade

        engine, where = _engine()
        try:
            before, after = upgrade(engine, revision, wait_s=wait)
        except SQLAlchemyError as exc:
            raise database_error(exc, where) from None
        finally:
            engine.dispose()
        if as_json:
            ctx.emit({"database": where, "before": before, "after": after, "changed": before != after})
        elif before == after:
            ctx.console.print(f"{where}: already at schema revision {after}", highlight=False)
        else:
            ctx.console.print(f"{where}: upgraded from {before or 'an empty database'} to {after}", highlight=False)

    @db_app.command("status")
    def db_status(as_json: Json = False) -> None:
        """The schema revision of the database and the one this version needs."""
        from sqlalchemy.exc import SQLAlchemyError

        from assistant.core.database import database_error
        from assistant.core.schema import schema_status

        engine, where = _engine()
        try:
            status = schema_status(engine)
        except SQLAlchemyError as exc:
            raise database_error(exc, where) from None
        finally:
            engine.dispose()
        if as_json:
            ctx.emit({"database": where} | status.as_dict())
            return
        if status.at_head:
            state = "up to date"
        elif not status.known:
            state = "newer than this version of Coach"
        else:
            state = "behind: run `coach db upgrade`"
        ctx.console.print(
            f"{where}: schema revision {status.current or 'none'}, this version needs {status.as_dict()['head']} "
            f"({state})",
            highlight=False,
        )

    @db_app.command("revision")
    def db_revision(
        message: Annotated[str, typer.Option("--message", "-m", help="What the migration does, in a few words.")],
    ) -> None:
        """For developers: write the next migration from what ``assistant/core/tables.py`` adds (then edit it)."""
        import tempfile
        from pathlib import Path

        from alembic import command
        from sqlalchemy import create_engine

        from assistant.core.schema import HEAD, alembic_config, upgrade

        with tempfile.TemporaryDirectory(prefix="coach-revision-") as tmp:
            engine = create_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
            try:
                upgrade(engine)
                with engine.begin() as conn:
                    script = command.revision(
                        alembic_config(conn), message=message, autogenerate=True, rev_id=f"{int(HEAD) + 1:04d}"
                    )
            finally:
                engine.dispose()
        scripts = script if isinstance(script, list) else [script]
        for made in scripts:
            if made is not None:
                ctx.console.print(
                    f"wrote {made.path}: review it (data to move? a default for existing rows?), then set "
                    f"HEAD = {made.revision!r} in assistant/core/schema.py",
                    highlight=False,
                )

    @app.command()
    def purge(
        before: Annotated[
            str,
            typer.Option("--before", help="Delete drafts and conversations older than this date (YYYY-MM-DD, UTC)."),
        ],
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be deleted.")] = False,
        as_json: Json = False,
    ) -> None:
        """Data retention: delete stored drafts and chat sessions older than a date (audited; people, events,
        tokens and the audit log stay)."""
        import getpass
        from datetime import UTC, date, datetime

        from assistant.core.errors import BadInput
        from assistant.core.retention import purge_before

        try:
            day = date.fromisoformat(before.strip())
        except ValueError:
            raise BadInput(f"--before {before!r}: give a date as YYYY-MM-DD, e.g. 2025-01-01") from None
        cutoff = datetime(day.year, day.month, day.day, tzinfo=UTC)
        if cutoff > datetime.now(UTC):
            raise BadInput(f"--before {before}: the date is in the future; purging would delete today's work")
        report = purge_before(ctx.coach.sql, cutoff, requester=f"cli:{getpass.getuser()}", dry_run=dry_run)
        if as_json:
            ctx.emit(report)
            return
        what = (
            f"{report['drafts']} drafts, {report['sessions']} conversations ({report['messages']} messages, "
            f"{report['acceptances']} acceptances)"
        )
        if dry_run:
            ctx.console.print(
                f"would delete {what} from before {day}; run without --dry-run to delete", highlight=False
            )
        else:
            ctx.console.print(f"deleted {what} from before {day}; recorded in the audit log", highlight=False)
