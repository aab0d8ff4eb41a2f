"""CLI commands over the data: people, evidence, ingest, objectives, verify, audit and the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput

__all__ = ["register"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Display language: en or zh.")]


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the data commands to ``app``."""

    @app.command()
    def people(as_json: JsonOpt = False, lang: LangOpt = None) -> None:
        """List people with id, name, manager and role."""
        from assistant.cli.display import show_people

        coach = ctx.coach
        everyone = coach.sql.list_people()
        if as_json:
            ctx.emit([p.model_dump(mode="json") for p in everyone])
        else:
            show_people(ctx.console, everyone, ctx.lang(lang))

    @app.command()
    def events(
        as_user: Annotated[str, typer.Option("--as", help="Who is asking (a user id).")],
        for_person: Annotated[str, typer.Option("--for", help="Whose evidence (a person id).")],
        period: Annotated[str, typer.Option(help="2026, 2026H1, 2026Q3, 2026-05 or 2026-01-01..2026-06-30.")],
        focus: Annotated[str | None, typer.Option(help="What to look for, e.g. collaboration / 协作.")] = None,
        budget: Annotated[int | None, typer.Option(help="Token budget for the evidence.")] = None,
        as_json: JsonOpt = False,
        lang: LangOpt = None,
    ) -> None:
        """Retrieve the evidence one person may see about another, balanced over the period."""
        from assistant.cli.display import show_evidence
        from retrieval.retrieve import retrieve

        coach = ctx.coach
        result = retrieve(coach, as_user, for_person, period, focus=focus, token_budget=budget)
        if as_json:
            ctx.emit(result.model_dump(mode="json"))
        else:
            show_evidence(ctx.console, result, ctx.lang(lang, result.subject.language))

    @app.command()
    def ingest(
        files: Annotated[list[Path], typer.Argument(help="JSONL or CSV files of people, objectives or events.")],
        kind: Annotated[
            str | None,
            typer.Option(
                help="people, objectives, metrics, events, ladder, learning, openings or mentors "
                "(default: from the file)."
            ),
        ] = None,
        rejects_dir: Annotated[
            Path | None, typer.Option(help="Where rejected rows go (default <data-dir>/rejects).")
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Validate and ingest files; bad rows are reported as file:line: field: reason and skipped."""
        from retrieval.ingest import ingest_files

        kinds = ("people", "objectives", "metrics", "events", "ladder", "learning", "openings", "mentors")
        if kind and kind not in kinds:
            raise BadInput(f"--kind {kind!r}: use {', '.join(kinds[:-1])} or {kinds[-1]}")
        report = ingest_files(ctx.coach, files, kind=kind, rejects_dir=rejects_dir)  # type: ignore[arg-type]
        for fr in report.files:
            for warning in fr.warnings:
                ctx.err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
            for reject in fr.rejects:
                ctx.err_console.print(str(reject), highlight=False, markup=False)
        if as_json:
            ctx.emit(report.model_dump(mode="json") | {"rejected": report.rejected})
            return
        if report.recovered_batches:
            ctx.console.print(f"recovered {report.recovered_batches} half-written batch(es) from an earlier crash")
        for fr in report.files:
            ctx.console.print(
                f"{fr.file} ({fr.kind}): {fr.rows} rows, {fr.added} added, {fr.updated} updated, "
                f"{fr.unchanged} unchanged, {fr.rejected} rejected"
                + (f" -> {fr.rejects_file}" if fr.rejects_file else ""),
                highlight=False,
            )

    @app.command()
    def objectives(
        team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """List team objectives with their measures and baselines."""
        objs = ctx.coach.sql.objectives(team)
        if as_json:
            ctx.emit([o.model_dump(mode="json") for o in objs])
            return
        for o in objs:
            measure = (
                f" [{o.metric}: {o.baseline:g} -> {o.target:g}{o.unit or ''}]"
                if o.metric and o.baseline is not None and o.target is not None
                else ""
            )
            ctx.console.print(f"{o.team} {o.period} {o.id}: {o.title}{measure}", highlight=False)

    @app.command()
    def verify(as_json: JsonOpt = False) -> None:
        """Finish half-written ingest batches and check the SQL ledger and vector store agree."""
        report = ctx.coach.verify()
        if as_json:
            ctx.emit(report)
        else:
            ctx.console.print(report)
        if not report["consistent"]:
            raise typer.Exit(1)

    @app.command()
    def audit(
        limit: Annotated[int, typer.Option(help="How many records.")] = 20,
        requester: Annotated[str | None, typer.Option(help="Only this requester.")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Show the audit log, newest first."""
        rows = ctx.coach.sql.audit_log(limit, requester)
        payload = [
            {
                "id": r.id,
                "at": r.at,
                "requester_id": r.requester_id,
                "subject_id": r.subject_id,
                "action": r.action,
                "decision": r.decision,
                "reason": r.reason,
                "details": r.details,
            }
            for r in rows
        ]
        if as_json:
            ctx.emit(payload)
        else:
            for r in payload:
                ctx.console.print(
                    f"{r['at']:%Y-%m-%d %H:%M:%S} {r['requester_id']} -> {r['subject_id']} {r['action']} "
                    f"{r['decision']} ({r['reason']})",
                    highlight=False,
                )
