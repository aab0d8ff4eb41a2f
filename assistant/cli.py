"""The ``coach`` command line (typer + rich). Every read command takes ``--json``.

Exit codes: 0 success, 1 store or provider failure, 2 bad input or unknown id, 3 access denied.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from assistant.app import Coach
from assistant.config import load_settings
from assistant.errors import AccessDenied, BadInput, CoachError
from assistant.i18n import default_lang

__all__ = ["app", "main"]

app = typer.Typer(
    help="Coach: evidence-grounded feedback and coaching assistant (en + 中文).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(width=None if sys.stdout.isatty() else 132)
err_console = Console(stderr=True, soft_wrap=True)
_state: dict[str, Any] = {}

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Display language: en or zh.")]


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="COACH_DATA_DIR", help="Data directory (SQLite + Chroma). Default ./.coach"),
    ] = None,
) -> None:
    _state["data_dir"] = data_dir


def _coach() -> Coach:
    if "coach" not in _state:
        _state["coach"] = Coach(load_settings(data_dir=_state.get("data_dir")))
    return _state["coach"]


def _emit(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def _lang(lang: str | None) -> str:
    if lang and lang not in ("en", "zh"):
        raise BadInput(f"--lang {lang!r}: use en or zh")
    return lang or default_lang()


@app.command()
def people(as_json: JsonOpt = False, lang: LangOpt = None) -> None:
    """List people with id, name, manager and role."""
    from assistant.render import render_people

    coach = _coach()
    everyone = coach.sql.list_people()
    if as_json:
        _emit([p.model_dump(mode="json") for p in everyone])
    else:
        render_people(console, everyone, _lang(lang))


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
    from assistant.render import render_evidence
    from retrieval.retrieve import retrieve

    coach = _coach()
    result = retrieve(coach, as_user, for_person, period, focus=focus, token_budget=budget)
    if as_json:
        _emit(result.model_dump(mode="json"))
    else:
        render_evidence(console, result, _lang(lang or result.subject.language))


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="JSONL or CSV files of people, objectives or events.")],
    kind: Annotated[str | None, typer.Option(help="people, objectives or events (default: from the file).")] = None,
    rejects_dir: Annotated[
        Path | None, typer.Option(help="Where rejected rows go (default <data-dir>/rejects).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate and ingest files; bad rows are reported as file:line: field: reason and skipped."""
    from retrieval.ingest import ingest_files

    if kind and kind not in ("people", "objectives", "events"):
        raise BadInput(f"--kind {kind!r}: use people, objectives or events")
    report = ingest_files(_coach(), files, kind=kind, rejects_dir=rejects_dir)  # type: ignore[arg-type]
    for fr in report.files:
        for warning in fr.warnings:
            err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
        for reject in fr.rejects:
            err_console.print(str(reject), highlight=False, markup=False)
    if as_json:
        _emit(report.model_dump(mode="json") | {"rejected": report.rejected})
        return
    if report.recovered_batches:
        console.print(f"recovered {report.recovered_batches} half-written batch(es) from an earlier crash")
    for fr in report.files:
        console.print(
            f"{fr.file} ({fr.kind}): {fr.rows} rows, {fr.added} added, {fr.updated} updated, "
            f"{fr.unchanged} unchanged, {fr.rejected} rejected" + (f" -> {fr.rejects_file}" if fr.rejects_file else ""),
            highlight=False,
        )


@app.command()
def objectives(
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List team objectives with their measures and baselines."""
    objs = _coach().sql.objectives(team)
    if as_json:
        _emit([o.model_dump(mode="json") for o in objs])
        return
    for o in objs:
        measure = (
            f" [{o.metric}: {o.baseline:g} -> {o.target:g}{o.unit or ''}]"
            if o.metric and o.baseline is not None and o.target is not None
            else ""
        )
        console.print(f"{o.team} {o.period} {o.id}: {o.title}{measure}", highlight=False)


@app.command()
def verify(as_json: JsonOpt = False) -> None:
    """Finish half-written ingest batches and check the SQL ledger and vector store agree."""
    coach = _coach()
    replayed = coach.recover()
    ledger = coach.sql.ledger_ids(include_excluded=False)
    vectors = coach.vectors.ids()
    report = {
        "replayed_batches": replayed,
        "ledger_events": len(ledger),
        "vector_events": len(vectors),
        "missing_in_vectors": sorted(ledger - vectors)[:20],
        "extra_in_vectors": sorted(vectors - ledger)[:20],
        "consistent": ledger == vectors,
    }
    if as_json:
        _emit(report)
    else:
        console.print(report)
    if not report["consistent"]:
        raise typer.Exit(1)


@app.command()
def audit(
    limit: Annotated[int, typer.Option(help="How many records.")] = 20,
    requester: Annotated[str | None, typer.Option(help="Only this requester.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the audit log, newest first."""
    rows = _coach().sql.audit_log(limit, requester)
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
        _emit(payload)
    else:
        for r in payload:
            console.print(
                f"{r['at']:%Y-%m-%d %H:%M:%S} {r['requester_id']} -> {r['subject_id']} {r['action']} "
                f"{r['decision']} ({r['reason']})",
                highlight=False,
            )


@app.command()
def demo(as_json: JsonOpt = False) -> None:
    """Load the demo organisation if absent and show the pipeline for an English and a Chinese person."""
    from assistant.demo import run_demo

    run_demo(_coach(), console, as_json=as_json, emit=_emit)


def _register_plugins() -> None:
    from assistant.chat.cli import register as register_chat
    from assistant.cli_drafts import register as register_drafts
    from assistant.server.cli import register as register_server
    from evals.cli import register as register_evals
    from guardrails.cli import register as register_guardrails

    shared = {"coach": _coach, "emit": _emit, "console": console}
    register_drafts(app, shared)
    register_guardrails(app)
    register_evals(app, shared)
    register_chat(app, shared)
    register_server(app, shared)


_register_plugins()


def main() -> None:
    """Entry point: run the CLI, turning our errors into one readable line and an exit code."""
    try:
        app()
    except AccessDenied as exc:
        err_console.print(f"[red]denied:[/] {escape(str(exc))}", highlight=False)
        sys.exit(3)
    except BadInput as exc:
        err_console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except CoachError as exc:
        err_console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
