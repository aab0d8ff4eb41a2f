"""Growth commands: ``coach develop``, ``coach signals``, ``coach receipt`` and ``coach dispute``."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput

__all__ = ["register"]

As = Annotated[str, typer.Option("--as", help="Who is asking (a user id).")]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
Lang = Annotated[str | None, typer.Option("--lang", help="Output language: en or zh (default: the person's).")]


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the growth commands to ``app``."""

    def _lang_of(user_id: str, lang: str | None) -> str:
        person = ctx.coach.sql.get_person(user_id)
        return ctx.lang(lang, person.language if person else None)

    @app.command()
    def develop(
        as_user: As,
        for_person: Annotated[str, typer.Option("--for", help="Whose development path (a person id).")],
        target_role: Annotated[
            str | None,
            typer.Option("--target-role", help="The role to grow into: key, title or alias (default: the next level)."),
        ] = None,
        lang: Lang = None,
        provider: Annotated[str | None, typer.Option(help="offline or openai:<model> (default: settings).")] = None,
        no_fallback: Annotated[bool, typer.Option("--no-fallback", help="Report an LLM failure instead.")] = False,
        as_json: Json = False,
    ) -> None:
        """A development path: gaps to a target role (each citing events), courses, a stretch project, an
        opted-in mentor, and a 90-day plan with check-ins."""
        from assistant.drafting.develop import development_path
        from assistant.drafting.providers import get_provider

        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        coach = ctx.coach
        engine = get_provider(provider, coach.settings) if provider else None
        path = development_path(
            coach,
            as_user,
            for_person,
            target_role=target_role,
            language=lang,
            provider=engine,
            fallback=not no_fallback,
        )
        if as_json:
            ctx.emit(path.model_dump(mode="json"))
        else:
            ctx.console.print(path.text, highlight=False, markup=False)

    @app.command()
    def signals(
        as_user: As,
        manager: Annotated[str | None, typer.Option("--manager", help="HR: whose line to look at (audited).")] = None,
        weeks: Annotated[int, typer.Option(help="A feedback gap: no feedback or 1:1 for this many weeks.")] = 6,
        lang: Lang = None,
        as_json: Json = False,
    ) -> None:
        """What a manager should know about their team: quiet contributors, feedback gaps, load concentration.
        An employee sees the signals about themself."""
        from assistant.cli.growth_display import show_signals
        from assistant.drafting.signals import team_signals

        coach = ctx.coach
        report = team_signals(coach, as_user, weeks=weeks, manager=manager, lang=_lang_of(as_user, lang))
        if as_json:
            ctx.emit(report.model_dump(mode="json"))
        else:
            user = coach.sql.get_user(as_user)
            show_signals(ctx.console, report, self_view=report.scope == [user.person_id] if user else False)

    @app.command()
    def receipt(
        as_user: As,
        for_person: Annotated[str | None, typer.Option("--for", help="HR: whose receipt (audited).")] = None,
        lang: Lang = None,
        as_json: Json = False,
    ) -> None:
        """Everything about you that was shared or accepted (drafts, goal proposals, development paths,
        signals): which events were used, by whom, when; and your disputes."""
        from assistant.cli.growth_display import show_receipt
        from assistant.drafting.receipt import build_receipt

        result = build_receipt(ctx.coach, as_user, for_person)
        if as_json:
            ctx.emit(result.model_dump(mode="json"))
        else:
            show_receipt(ctx.console, result, _lang_of(as_user, lang), as_user)

    dispute_app = typer.Typer(
        help="Dispute one of your events (wrong, or missing context); managers and HR resolve disputes.",
        invoke_without_command=True,
    )
    app.add_typer(dispute_app, name="dispute")

    @dispute_app.callback()
    def dispute(
        typer_ctx: typer.Context,
        as_user: Annotated[str | None, typer.Option("--as", help="Who is asking (a user id).")] = None,
        event: Annotated[str | None, typer.Option("--event", help="The event id to dispute.")] = None,
        reason: Annotated[str | None, typer.Option("--reason", help="What is wrong or missing.")] = None,
        as_json: Json = False,
    ) -> None:
        """Open a dispute: coach dispute --as EMPLOYEE --event ID --reason TEXT."""
        if typer_ctx.invoked_subcommand is not None:
            return
        from retrieval import open_dispute

        missing = [f for f, v in (("--as", as_user), ("--event", event), ("--reason", reason)) if not v]
        if missing:
            raise BadInput(f"coach dispute needs {', '.join(missing)} (or a subcommand: list, resolve)")
        assert as_user and event and reason is not None
        opened = open_dispute(ctx.coach, as_user, event, reason)
        if as_json:
            ctx.emit(opened.model_dump(mode="json"))
            return
        lang = _lang_of(as_user, None)
        ctx.console.print(
            f"已对 {event} 提出异议（{opened.id}）。直属经理或 HR 处理前，起草时不会使用该事件，并会在草稿说明中注明。"
            if lang == "zh"
            else f"Disputed {event} ({opened.id}). Drafts leave it out, and say so in their notes, until your manager "
            "or HR resolves it.",
            highlight=False,
        )

    @dispute_app.command("list")
    def dispute_list(
        as_user: As,
        for_person: Annotated[str | None, typer.Option("--for", help="Only this person's disputes.")] = None,
        lang: Lang = None,
        as_json: Json = False,
    ) -> None:
        """Disputes you may see: your own, your line's, or (HR) anyone's."""
        from assistant.cli.growth_display import show_disputes
        from retrieval import list_disputes

        views = list_disputes(ctx.coach, as_user, for_person)
        if as_json:
            ctx.emit([v.model_dump(mode="json") for v in views])
        else:
            show_disputes(ctx.console, views, _lang_of(as_user, lang), me=as_user)

    @dispute_app.command("resolve")
    def dispute_resolve(
        as_user: As,
        event: Annotated[str, typer.Option("--event", help="The disputed event.")],
        outcome: Annotated[
            str, typer.Option("--outcome", help="upheld (the event is wrong: keep it out) or dismissed (use it again).")
        ],
        note: Annotated[str, typer.Option("--note", help="What was decided and why (the employee reads it).")],
        as_json: Json = False,
    ) -> None:
        """Resolve a dispute (the person's direct manager or HR)."""
        from retrieval import resolve_dispute

        resolved = resolve_dispute(ctx.coach, as_user, event, outcome, note)  # type: ignore[arg-type]
        if as_json:
            ctx.emit(resolved.model_dump(mode="json"))
        else:
            ctx.console.print(f"{event}: {resolved.status}", highlight=False)
