"""CLI commands of the server: ``coach serve`` and ``coach token create | list | revoke``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput, NotFound

__all__ = ["DEMO_USERS", "EXIT_PORT_IN_USE", "register"]

EXIT_PORT_IN_USE = 4
"""``coach serve`` could not listen: the port is taken (3 means access denied, so this has its own code)."""

#: Demo users ``coach serve --demo`` creates a token for when they have no active one: managers, an employee, HR.
DEMO_USERS: list[tuple[str, str]] = [
    ("alice-chen", "manager, Platform (English)"),
    ("wang-lei", "manager, Growth (中文)"),
    ("ben-okafor", "employee, Platform"),
    ("zhou-ting", "HR (中文)"),
]

Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add ``serve`` and the ``token`` group to ``app``."""
    tokens_app = typer.Typer(help="Sign-in tokens for the web chat and the API (stored hashed).", no_args_is_help=True)
    app.add_typer(tokens_app, name="token")

    def _store():  # type: ignore[no-untyped-def]
        from assistant.server.signin import TokenStore

        return TokenStore(ctx.coach.sql)

    @tokens_app.command("create")
    def token_create(
        user: Annotated[str, typer.Option("--user", help="The user id the token signs in (see `coach people`).")],
        label: Annotated[str | None, typer.Option(help="A note to recognise the token by, e.g. 'laptop'.")] = None,
        expires: Annotated[
            str | None,
            typer.Option(
                help="When it stops working: a duration (12h, 90d, 2w) or a date (2027-03-31, through that day, UTC)."
            ),
        ] = None,
        as_json: Json = False,
    ) -> None:
        """Create a token for a user and print it once; only its hash is stored."""
        from assistant.server.signin import parse_expiry

        expires_at = parse_expiry(expires) if expires else None
        info, secret = _store().create(user, label, expires_at=expires_at)
        if as_json:
            ctx.emit(info.model_dump(mode="json") | {"token": secret})
            return
        console = ctx.console
        console.print(secret, highlight=False, soft_wrap=True)
        until = f"; expires {info.expires_at:%Y-%m-%d %H:%M} UTC" if info.expires_at else ""
        console.print(
            f"[dim]token {info.id} for {info.user_id}: shown once, stored hashed{until}; "
            f"revoke with `coach token revoke {info.id}`[/]",
            highlight=False,
        )

    @tokens_app.command("list")
    def token_list(
        user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
        as_json: Json = False,
    ) -> None:
        """List tokens (never their secrets): id, user, label, created, last used, revoked."""
        rows = _store().list(user)
        if as_json:
            ctx.emit([r.model_dump(mode="json") for r in rows])
            return
        console = ctx.console
        if not rows:
            console.print(
                "no tokens" + (f" for {user}" if user else "") + "; create one with `coach token create --user ID`"
            )
            return
        for r in rows:
            used = f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "never used"
            if r.revoked_at:
                status = f"revoked {r.revoked_at:%Y-%m-%d %H:%M}"
            elif r.expires_at and not r.active():
                status = f"expired {r.expires_at:%Y-%m-%d %H:%M}"
            else:
                status = f"active until {r.expires_at:%Y-%m-%d %H:%M}" if r.expires_at else "active"
            label = f" ({r.label})" if r.label else ""
            console.print(
                f"{r.id}  {r.user_id}{label}  created {r.created_at:%Y-%m-%d %H:%M}  {used}  {status}", highlight=False
            )

    @tokens_app.command("revoke")
    def token_revoke(token_id: Annotated[str, typer.Argument(help="The token id (from `coach token list`).")]) -> None:
        """Revoke a token: it stops working at once."""
        store = _store()
        info = store.get(token_id)
        if info is None:
            raise NotFound(f"no token {token_id!r}; list tokens with `coach token list`")
        if not store.revoke(token_id):
            ctx.console.print(f"token {token_id} was already revoked", highlight=False)
            return
        ctx.console.print(f"revoked token {token_id} of {info.user_id}", highlight=False)

    @app.command()
    def serve(
        demo: Annotated[
            bool, typer.Option("--demo", help="Load the demo organisation if the data dir is empty.")
        ] = False,
        host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        data_dir: Annotated[
            Path | None,
            typer.Option("--data-dir", help="Data directory (same as `coach --data-dir D serve`)."),
        ] = None,
    ) -> None:
        """Serve the web chat and the OpenAI-compatible API (FastAPI + uvicorn)."""
        from assistant.demo.load import load_demo
        from assistant.server.app import create_app
        from assistant.server.protocol import CannotListen, listen, serve_app

        if not 0 < port < 65536:
            raise BadInput(f"--port {port}: use a port between 1 and 65535")
        if data_dir is not None:
            ctx.data_dir = data_dir
            ctx.reset()
        try:  # before anything is loaded or any token is made: a server that cannot listen changes nothing
            sock = listen(host, port)
        except CannotListen as exc:
            ctx.err_console.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(EXIT_PORT_IN_USE) from None
        coach = ctx.coach
        console = ctx.console
        store = _store()
        if demo and load_demo(coach):
            console.print(f"Loaded the demo organisation into {coach.settings.data_dir}", highlight=False)
        # Demo users without an active demo token get one, printed once (after `make demo` too, which
        # loads the org but creates no tokens); later starts only say how to make more.
        active = {t.user_id for t in store.list() if t.label == "demo" and t.active()}
        fresh = [(u, who) for u, who in DEMO_USERS if demo and u not in active and coach.sql.get_user(u)]
        if fresh:
            console.print("Sign in with one of these tokens (shown once; stored hashed):", highlight=False)
            for user_id, who in fresh:
                _info, secret = store.create(user_id, label="demo")
                console.print(f"  {user_id:<11} {secret}  ({who})", highlight=False, soft_wrap=True)
        elif not coach.sql.person_ids():
            console.print(
                "[yellow]The data dir has no people yet:[/] run `coach serve --demo`, or `coach ingest` your files.",
                highlight=False,
            )
        else:
            console.print(
                "Sign in with a token: `coach token create --user ID` prints one; `coach token list` shows them.",
                highlight=False,
            )
        app_ = create_app(coach)
        shown = f"[{host}]" if ":" in host else host
        console.print(f"Coach is serving on http://{shown}:{port}/  (OpenAI-compatible API at /v1)", highlight=False)
        if host not in ("127.0.0.1", "localhost", "::1"):
            console.print(
                "[yellow]Listening beyond loopback: put TLS in front of it, tokens travel in headers.[/]",
                highlight=False,
            )
        settings = coach.settings
        serve_app(
            app_, sock, app_.state.coach_server.limits, log_level=settings.log_level, log_format=settings.log_format
        )
