"""``coach chat --as USER``: the conversation in the terminal, interactive or piped.

Each input line is one message. A multi-line message (a pasted draft) goes between ``\"\"\"`` fences: a
line that ends with ``\"\"\"`` (``check my draft for Daniel: \"\"\"``) or is just ``\"\"\"`` opens it, a line
``\"\"\"`` closes it.
Status lines print dim, the reply as text, then its suggested actions numbered: a number alone sends
that action. Slash commands manage sessions and open cited events. ``--json`` prints one JSON line per
event instead (the same events the web API streams).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.text import Text

from assistant.chat.strings import say
from assistant.cli.context import CliContext
from assistant.core.errors import BadInput, CoachError

if TYPE_CHECKING:
    from assistant.chat.engine import ChatEngine
    from assistant.chat.types import ChatReply

__all__ = ["register"]

_FENCE = '"""'


def _messages(stream: TextIO, prompt: str | None, console: Console) -> Iterator[str]:
    """Lines from ``stream``; a block between two ``\"\"\"`` lines is one message."""
    block: list[str] | None = None
    while True:
        if prompt and block is None:
            console.print(prompt, end="", style="bold cyan")
        line = stream.readline()
        if not line:
            if block:
                yield "\n".join(block)
            return
        line = line.rstrip("\r\n")
        if block is not None:
            if line.strip() == _FENCE:
                yield "\n".join(block)
                block = None
            else:
                block.append(line)
            continue
        if line.strip().startswith(_FENCE):
            rest = line.strip()[len(_FENCE) :]
            block = [rest] if rest else []
            continue
        if line.rstrip().endswith(_FENCE):  # 'check my draft for Daniel: """' opens a block after the request
            block = [line.rstrip()[: -len(_FENCE)].rstrip()]
            continue
        if line.strip():
            yield line


class _Session:
    """The terminal's side of one chat: current session, language, last reply's actions and draft."""

    def __init__(self, engine: ChatEngine, user: str, session_id: str | None, lang: str | None) -> None:
        self.engine, self.user, self.session_id, self.lang = engine, user, session_id, lang
        self.actions: list[dict[str, str]] = []
        self.draft_id: str | None = None

    @property
    def ui(self) -> str:
        return self.lang or "en"

    def remember(self, reply: ChatReply) -> None:
        self.actions = list(reply.actions)
        if reply.draft and reply.draft.get("id"):
            self.draft_id = reply.draft["id"]


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add ``coach chat`` to ``app``."""

    @app.command()
    def chat(
        as_user: Annotated[str, typer.Option("--as", help="Who is talking (a user id).")],
        session: Annotated[str | None, typer.Option("--session", help="Resume this conversation.")] = None,
        lang: Annotated[
            str | None, typer.Option("--lang", help="Reply language: en or zh (default: the language of each message).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line per event.")] = False,
    ) -> None:
        """Talk to the coach: draft and revise feedback, check your draft, brainstorm goals (en + 中文)."""
        from assistant.chat.engine import ChatEngine

        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        console: Console = ctx.console
        engine = ChatEngine(ctx.coach)
        user = engine.coach.sql.get_user(as_user)
        if user is None:
            raise BadInput(f"no user {as_user!r}; list people with `coach people`")
        me = engine.coach.sql.get_person(user.person_id)
        chat_state = _Session(engine, as_user, None, lang)
        ui = lang or (me.language if me else "en")
        out = _Out(console, as_json)
        if session:
            _resume(chat_state, session, out)
        else:
            out.note(say("cli.welcome", ui, user=as_user))
        interactive = sys.stdin.isatty()
        for message in _messages(sys.stdin, "› " if interactive and not as_json else None, console):
            if not _handle(chat_state, message.strip() if "\n" not in message else message, out, ui):
                break


class _Out:
    """Where the terminal chat writes: rich text, or one JSON line per event."""

    def __init__(self, console: Console, as_json: bool) -> None:
        self.console, self.as_json = console, as_json

    def json(self, kind: str, data: Any) -> None:
        sys.stdout.write(json.dumps({"type": kind, "data": data}, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()

    def note(self, text: str, style: str = "dim") -> None:
        if self.as_json:
            self.json("note", {"text": text})
        else:
            self.console.print(Text(text, style=style), soft_wrap=True)

    def reply(self, reply: ChatReply) -> None:
        lines = reply.text.split("\n")
        for n, line in enumerate(lines):
            bold = n == 0 and line.startswith("**") and line.endswith("**")
            self.console.print(Text(line.strip("*") if bold else line, style="bold" if bold else ""), soft_wrap=True)
        if reply.actions:
            self.console.print(Text(say("cli.actions", reply.lang), style="dim"))
            for n, action in enumerate(reply.actions, start=1):
                self.console.print(Text(f"  {n}) {action['label']}", style="cyan"))
        self.console.print()


def _send(chat: _Session, text: str, out: _Out) -> None:
    for event in chat.engine.stream(chat.user, text, session_id=chat.session_id, lang=chat.lang):
        if out.as_json:
            out.json(event.type, event.data)
        if event.type == "session":
            if chat.session_id != event.data["session_id"]:
                chat.session_id = event.data["session_id"]
                out.note(say("cli.session", chat.ui, id=chat.session_id, user=chat.user)) if not out.as_json else None
        elif event.type == "status" and not out.as_json:
            out.note(event.data["text"])
        elif event.type == "error" and not out.as_json:
            out.console.print(Text(event.data["message"], style="red"))
        elif event.type == "reply":
            from assistant.chat.types import ChatReply

            reply = ChatReply.model_validate(event.data)
            chat.remember(reply)
            if not out.as_json:
                out.reply(reply)


def _resume(chat: _Session, session_id: str, out: _Out) -> None:
    info = chat.engine.sessions.get(chat.user, session_id)
    chat.session_id = info.id
    messages = chat.engine.sessions.messages(chat.user, session_id)
    if out.as_json:
        out.json("session", {"session_id": info.id, "title": info.title, "resumed": True})
        for m in messages:
            out.json("message", m.model_dump(mode="json"))
    else:
        out.note(say("cli.resumed", chat.ui, id=info.id, title=info.title))
        for m in messages:
            if m.role == "user":
                out.console.print(Text("› " + m.text, style="bold cyan"))
            elif m.reply is not None:
                out.reply(m.reply)
            else:
                out.console.print(Text(m.text, style="red"))
    for m in reversed(messages):
        if m.reply is not None:
            chat.remember(m.reply)
            break


def _handle(chat: _Session, message: str, out: _Out, ui: str) -> bool:
    """One input; False means leave."""
    if message.isdigit() and chat.actions:
        n = int(message)
        if 1 <= n <= len(chat.actions):
            message = chat.actions[n - 1]["message"]
    if not message.startswith("/"):
        _send(chat, message, out)
        return True
    command, _, arg = message.partition(" ")
    arg = arg.strip()
    lang = chat.lang or ui
    try:
        if command in ("/quit", "/exit", "/q"):
            return False
        if command == "/help":
            out.note(say("cli.commands", lang), style="")
            out.note(say("help", lang), style="")
        elif command == "/new":
            chat.session_id, chat.actions, chat.draft_id = None, [], None
            out.note(say("cli.new", lang))
        elif command == "/sessions":
            sessions = chat.engine.sessions.list(chat.user)
            if out.as_json:
                out.json("sessions", [s.model_dump(mode="json") for s in sessions])
            elif not sessions:
                out.note(say("cli.no_sessions", lang))
            for s in [] if out.as_json else sessions:
                out.console.print(Text(f"{s.id}  {s.updated_at:%Y-%m-%d %H:%M}  {s.messages:>3}  {s.title}"))
        elif command == "/resume":
            if not arg:
                raise BadInput(say("cli.usage", lang, usage="/resume ID"))
            _resume(chat, arg, out)
        elif command == "/sources":
            _send(chat, f"sources {arg}" if arg else "sources", out)
        elif command == "/accept":
            if not (chat.session_id and chat.draft_id):
                out.note(say("cli.no_draft", lang), style="yellow")
            else:
                reply = chat.engine.accept(chat.user, chat.session_id, chat.draft_id, lang=chat.lang)
                chat.remember(reply)
                out.json("reply", reply.model_dump(mode="json")) if out.as_json else out.reply(reply)
        elif command == "/open":
            if not arg:
                raise BadInput(say("cli.usage", lang, usage="/open EVENT_ID"))
            event = chat.engine.event(chat.user, arg)
            if out.as_json:
                out.json("event", event)
            else:
                _show_event(out.console, event)
        else:
            out.note(say("cli.unknown_command", lang, cmd=command), style="yellow")
    except CoachError as exc:
        if out.as_json:
            out.json("error", {"message": str(exc), "code": _code(exc)})
        else:
            out.console.print(Text(str(exc), style="red"))
    return True


def _code(exc: CoachError) -> str:
    from assistant.core.errors import AccessDenied, NotFound

    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, AccessDenied):
        return "denied"
    return "bad_input" if isinstance(exc, BadInput) else "internal"


def _show_event(console: Console, event: dict[str, Any]) -> None:
    console.print(Text(f"[{event['id']}] {str(event['occurred_at'])[:10]} · {event['kind']} · {event['source']}"))
    console.print(Text(event["title"], style="bold"))
    if event.get("project"):
        console.print(Text(event["project"], style="dim"))
    if event.get("description"):
        console.print(Text(event["description"]))
    for name, metric in (event.get("metrics") or {}).items():
        extra = ", ".join(f"{k} {metric[k]:g}" for k in ("baseline", "target") if metric.get(k) is not None)
        console.print(
            Text(f"  {name}: {metric['value']:g}{metric.get('unit') or ''}" + (f" ({extra})" if extra else ""))
        )
    console.print()
