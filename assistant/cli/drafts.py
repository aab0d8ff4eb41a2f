"""CLI commands of the drafting engine: feedback, review, history and prompts (goals: ``cli/goals.py``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput

__all__ = ["register"]

As = Annotated[str, typer.Option("--as", help="Who is asking (a user id).")]
For = Annotated[str, typer.Option("--for", help="Whose evidence (a person id).")]
PeriodOpt = Annotated[str, typer.Option("--period", help="2026, 2026H1, 2026Q3, 2026-05 or a date range.")]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
Lang = Annotated[str | None, typer.Option("--lang", help="Draft language: en or zh (default: the person's).")]
NoFallback = Annotated[
    bool,
    typer.Option("--no-fallback", help="When the LLM fails, report the error (exit 1) instead of drafting offline."),
]


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read the draft: {exc}") from exc


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the drafting commands to ``app``."""

    def _lang(lang: str | None) -> str | None:
        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        return lang

    def _show(result, as_json: bool) -> None:  # type: ignore[no-untyped-def]
        from assistant.cli.display import show_draft

        if as_json:
            ctx.emit(result.model_dump(mode="json"))
        else:
            show_draft(ctx.console, result)

    @app.command()
    def feedback(
        as_user: As,
        for_person: For,
        period: PeriodOpt,
        focus: Annotated[str | None, typer.Option(help="What to focus on, e.g. collaboration / 协作.")] = None,
        lang: Lang = None,
        tone: Annotated[str, typer.Option(help="direct or warm.")] = "direct",
        length: Annotated[str, typer.Option(help="short, medium or long.")] = "medium",
        audience: Annotated[
            str, typer.Option(help="employee (written to the person, ready to send) or manager (preparation notes).")
        ] = "employee",
        provider: Annotated[str | None, typer.Option(help="offline or openai:<model> (default: settings).")] = None,
        no_fallback: NoFallback = False,
        as_json: Json = False,
    ) -> None:
        """Draft feedback: strengths, development areas and next steps, each citing its events."""
        from assistant.drafting.chain import DraftRequest, draft_feedback
        from assistant.drafting.providers import get_provider

        if tone not in ("direct", "warm"):
            raise BadInput(f"--tone {tone!r}: use direct or warm")
        if length not in ("short", "medium", "long"):
            raise BadInput(f"--length {length!r}: use short, medium or long")
        if audience not in ("employee", "manager"):
            raise BadInput(f"--audience {audience!r}: use employee or manager")
        coach = ctx.coach
        engine = get_provider(provider, coach.settings) if provider else None
        request = DraftRequest(
            task="feedback_draft",
            requester=as_user,
            subject=for_person,
            period=period,
            focus=focus,
            language=_lang(lang),
            tone=tone,
            length=length,
            audience=audience,  # type: ignore[arg-type]
            fallback=not no_fallback,
        )
        _show(draft_feedback(coach, request, engine), as_json)

    @app.command()
    def review(
        as_user: As,
        for_person: For,
        period: PeriodOpt,
        source: Annotated[str, typer.Argument(help="The draft to review: a file, or - for stdin.")],
        lang: Lang = None,
        as_json: Json = False,
        fail_on: Annotated[
            str | None, typer.Option("--fail-on", help="Exit 1 when the verdict is at or above: revise or block.")
        ] = None,
    ) -> None:
        """Review your own draft: guardrail findings plus the key events it leaves out."""
        from assistant.cli.check import at_or_above
        from assistant.drafting.chain import DraftRequest, review_draft

        at_or_above("pass", fail_on)  # validates --fail-on before any work
        request = DraftRequest(
            task="draft_review",
            requester=as_user,
            subject=for_person,
            period=period,
            draft_text=_read(source),
            language=_lang(lang),
        )
        result = review_draft(ctx.coach, request)
        _show(result, as_json)
        if at_or_above(result.guardrails.verdict, fail_on):
            raise typer.Exit(1)

    @app.command()
    def history(
        draft_id: Annotated[str | None, typer.Argument(help="Show one stored draft in full.")] = None,
        as_user: Annotated[str | None, typer.Option("--as", help="Only drafts this user asked for.")] = None,
        limit: Annotated[int, typer.Option(help="How many.")] = 20,
        as_json: Json = False,
    ) -> None:
        """List stored drafts with their provenance, or show one."""
        from assistant.core.errors import NotFound

        sql = ctx.coach.sql
        if draft_id:
            row = sql.get_draft(draft_id)
            if row is None:
                raise NotFound(f"no stored draft {draft_id!r}; list them with `coach history`")
            if as_json:
                ctx.emit(row.result)
            else:
                from assistant.cli.display import show_draft
                from assistant.drafting.schemas import DraftResult

                show_draft(ctx.console, DraftResult.model_validate(row.result))
            return
        rows = sql.list_drafts(limit, as_user)
        payload = [
            {
                "id": r.id,
                "created_at": r.created_at,
                "task": r.task,
                "requester_id": r.requester_id,
                "subject_id": r.subject_id,
                "period": r.period,
                "engine": r.engine,
                "model": r.model,
                "template": f"{r.template_id}@v{r.template_version}" if r.template_id else None,
                "template_sha256": r.template_sha256,
                "event_ids": r.event_ids,
                "prompt_tokens": r.prompt_tokens,
                "completion_tokens": r.completion_tokens,
                "latency_ms": r.latency_ms,
                "overhead_ms": r.overhead_ms,
                "verdict": r.verdict,
            }
            for r in rows
        ]
        if as_json:
            ctx.emit(payload)
            return
        for r in payload:
            ctx.console.print(
                f"{r['id']}  {r['created_at']:%Y-%m-%d %H:%M}  {r['task']:<15} {r['requester_id']} → "
                f"{r['subject_id']} {r['period']}  {r['engine']}  {r['template']}  "
                f"verdict={r['verdict']}",
                highlight=False,
            )

    prompts_app = typer.Typer(help="The versioned prompt templates.", no_args_is_help=True)
    app.add_typer(prompts_app, name="prompts")

    @prompts_app.command("list")
    def prompts_list(as_json: Json = False) -> None:
        """Every template with version, language and hash."""
        from prompts import list_templates

        templates = list_templates()
        if as_json:
            ctx.emit([t.model_dump() | {"ref": t.ref} for t in templates])
            return
        for t in templates:
            ctx.console.print(f"{t.ref:<28} {t.sha256[:12]}  {t.description}", highlight=False)

    @prompts_app.command("show")
    def prompts_show(
        task: Annotated[str, typer.Argument(help="e.g. feedback_draft")],
        lang: Annotated[str, typer.Option("--lang", help="en or zh.")] = "en",
        version: Annotated[int | None, typer.Option(help="Default: the newest.")] = None,
        as_json: Json = False,
    ) -> None:
        """Print one template's source and metadata."""
        from prompts.renderer import PROMPTS_DIR, get_template

        info = get_template(task, lang, version)
        source = (PROMPTS_DIR / info.path).read_text(encoding="utf-8")
        if as_json:
            ctx.emit(info.model_dump() | {"ref": info.ref, "source": source})
        else:
            ctx.console.print(source, highlight=False, markup=False)
