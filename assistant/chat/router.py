"""Routing a chat message through an LLM tool call, with access control kept in code.

With an LLM configured (``openai:<model>``), the message goes to the model with one tool, ``route``,
whose arguments say what the user wants (the ``chat_route`` prompt). The model only copies words: the
person's name is resolved here against the people the user may see, periods are normalised here, and
revise / sources / accept still need a current draft. On any failure (no tool call, invalid arguments,
an unreachable endpoint) the caller falls back to the deterministic parser.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Generator
from datetime import date
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.chat import intents
from assistant.chat.intents import Clarify, SessionState
from assistant.chat.types import Intent, RoutedKind
from assistant.core import telemetry
from assistant.core.config import Settings
from assistant.core.errors import BadInput, ProviderError
from assistant.core.models import Person, User
from assistant.core.periods import parse_period
from assistant.drafting.effects import LLMCall, complete
from prompts.renderer import RenderedPrompt, render

__all__ = ["ROUTE_TOOL", "OpenAIRouter", "RouteArgs", "Router", "llm_router", "route", "route_steps"]

log = logging.getLogger(__name__)


class RouteArgs(BaseModel):
    """The ``route`` tool's arguments, as the model fills them."""

    model_config = ConfigDict(extra="ignore")

    kind: RoutedKind
    person: str | None = None
    """The name as the user wrote it (``me`` for themself)."""
    period: str | None = None
    focus: str | None = None
    tone: Literal["direct", "warm"] | None = None
    length: Literal["short", "medium", "long"] | None = None
    language: Literal["en", "zh"] | None = None
    instruction: str | None = None
    draft_text: str | None = None
    interests: str | None = None
    statement_number: int | None = None
    """1-based, as the user counts."""


ROUTE_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "route",
        "description": "Say what the user's message asks the feedback assistant to do.",
        "parameters": RouteArgs.model_json_schema(),
    },
}


class Router(Protocol):
    """Anything that answers a rendered ``chat_route`` prompt with the ``route`` tool's arguments."""

    def route(self, prompt: RenderedPrompt) -> dict[str, Any]:
        """The arguments of the model's ``route`` call; raises when there is none."""
        ...


class OpenAIRouter:
    """``route`` through any OpenAI-compatible endpoint with tool calling (langchain ``bind_tools``)."""

    def __init__(self, model: str, *, settings: Settings, chat_model: Any | None = None) -> None:
        self.model = model
        self._chat = chat_model
        self._settings = settings

    def _client(self) -> Any:
        if self._chat is None:
            from langchain_openai import ChatOpenAI

            s = self._settings
            from assistant.drafting.providers.http_guard import guarded_client
            from assistant.drafting.providers.openai_compat import max_tokens_body

            self._chat = ChatOpenAI(
                model=self.model,
                base_url=s.openai_base_url,
                api_key=s.openai_api_key or "none",
                timeout=s.llm_timeout,
                # no retries: a failed routing costs nothing (the deterministic parser answers), a retry costs time
                max_retries=0,
                http_client=guarded_client(),
                temperature=0,
                max_tokens=s.llm_max_tokens,
                extra_body=max_tokens_body(s.openai_base_url, s.llm_max_tokens),  # llm_max_tokens caps routing too
            )
        return self._chat

    def _bound(self) -> Any:
        return self._client().bind_tools([ROUTE_TOOL], tool_choice={"type": "function", "function": {"name": "route"}})

    def route(self, prompt: RenderedPrompt) -> dict[str, Any]:
        from assistant.drafting.providers.http_guard import time_budget

        with time_budget(time.monotonic() + self._settings.llm_timeout):  # a trickling answer ends in time too
            message = self._timed(lambda: self._bound().invoke([("system", prompt.system), ("user", prompt.user)]))
        return self._args(message)

    async def aroute(self, prompt: RenderedPrompt) -> dict[str, Any]:
        """:meth:`route` awaited through langchain's async API (the server: no thread waits for the model)."""
        started = time.perf_counter()
        outcome = "error"
        try:
            async with asyncio.timeout(self._settings.llm_timeout):  # a trickling answer ends in time too
                message = await self._bound().ainvoke([("system", prompt.system), ("user", prompt.user)])
            outcome = "ok"
        finally:
            self._record(outcome, time.perf_counter() - started)
        return self._args(message)

    def _timed(self, call: Any) -> Any:
        started = time.perf_counter()
        outcome = "error"
        try:
            message = call()
            outcome = "ok"
            return message
        finally:
            self._record(outcome, time.perf_counter() - started)

    def _record(self, outcome: str, seconds: float) -> None:
        telemetry.count("llm_calls", model=self.model, outcome=outcome)
        telemetry.observe("llm_call_seconds", seconds, model=self.model)

    def _args(self, message: Any) -> dict[str, Any]:
        calls = getattr(message, "tool_calls", None) or []
        if not calls or calls[0].get("name") != "route":
            raise ProviderError(f"{self.model} answered without calling the route tool")
        return dict(calls[0].get("args") or {})


def llm_router(settings: Settings) -> OpenAIRouter:
    """The router for ``settings.provider`` (``openai:<model>``)."""
    return OpenAIRouter(settings.provider.split(":", 1)[1], settings=settings)


def route(
    router: Router,
    text: str,
    *,
    user: User,
    visible_people: list[Person],
    today: date,
    session_state: SessionState,
) -> Intent | Clarify | None:
    """What the LLM understood, checked in code; None means: use the deterministic parser."""
    return complete(
        route_steps(router, text, user=user, visible_people=visible_people, today=today, session_state=session_state)
    )


def route_steps(
    router: Router,
    text: str,
    *,
    user: User,
    visible_people: list[Person],
    today: date,
    session_state: SessionState,
) -> Generator[LLMCall, Any, Intent | Clarify | None]:
    """:func:`route` as effects: a router that can be awaited (``aroute``) is yielded as an :class:`LLMCall`."""
    me = next((p for p in visible_people if p.id == user.person_id), None)
    lang = intents.message_language(text) or (me.language if me else "en")
    try:
        prompt = render(
            "chat_route",
            lang if lang in ("en", "zh") else "en",
            {
                "message": text,
                "today": today.isoformat(),
                "people": [p.name for p in visible_people],
                "user_name": me.name if me else user.id,
                "has_draft": session_state.draft is not None,
            },
        )
        asynchronous = getattr(router, "aroute", None)
        if asynchronous is not None:
            answer = yield LLMCall(run=lambda: router.route(prompt), arun=lambda: asynchronous(prompt), what="route")
        else:
            answer = router.route(prompt)
        args = RouteArgs.model_validate(answer)
    except (ProviderError, ValidationError, BadInput) as exc:
        log.info("LLM routing failed, using the deterministic parser: %s", exc)
        return None
    except Exception as exc:  # an SDK or network error of any kind: never worse than offline
        from assistant.core.cancellation import Cancelled, current_scope

        scope = current_scope()
        if scope is not None and scope.cancelled:  # the turn was cancelled: stop, do not go on to draft
            raise Cancelled(scope.reason or "cancelled") from exc
        log.warning("LLM routing failed unexpectedly, using the deterministic parser: %s", exc)
        return None
    return _checked(args, text, user, visible_people, today, session_state)


def _period(words: str | None, today: date, upcoming: bool) -> str | None:
    if not words:
        return None
    try:
        return parse_period(words).label
    except BadInput:
        return intents.parse_period_phrase(words, today, upcoming=upcoming)


def _checked(
    args: RouteArgs, text: str, user: User, visible: list[Person], today: date, state: SessionState
) -> Intent | Clarify:
    kind = args.kind
    if kind in ("revise", "sources", "accept") and not state.draft:
        return Clarify("need_draft", kind=kind)
    if kind in ("help", "smalltalk"):
        return Intent(kind=kind)
    if kind == "accept":
        return Intent(kind="accept")
    if kind == "sources":
        number = args.statement_number
        return Intent(kind="sources", statement_index=number - 1 if number and number > 0 else None)
    if kind == "revise":
        assert state.draft is not None
        if state.draft.get("task") != "feedback_draft":
            return Clarify("need_feedback_draft", kind="revise")
        return Intent(
            kind="revise",
            subject_id=state.draft.get("subject_id"),
            period=state.draft.get("period"),
            tone=args.tone,
            length=args.length,
            language=args.language,
            instruction=args.instruction or text,
        )
    subject = _subject(args.person, user, visible)
    if isinstance(subject, Clarify):
        subject.kind = kind
        return subject
    if kind == "goals":
        if subject is not None and subject.id != user.person_id:
            return Clarify("goals_self", candidates=[subject], kind="goals")
        return Intent(
            kind="goals",
            subject_id=user.person_id,
            period=_period(args.period, today, True) or intents.default_period("goals", today),
            interests=args.interests,
            language=args.language,
        )
    if subject is None and state.draft:
        subject = next((p for p in visible if p.id == state.draft.get("subject_id")), None)
    if subject is None and user.role == "employee":
        subject = next((p for p in visible if p.id == user.person_id), None)
    if subject is None:
        return Clarify("review_subject" if kind == "check_draft" else "need_subject", kind=kind)
    pasted = (intents.split_paste(text)[1] or args.draft_text or "").strip() if kind == "check_draft" else None
    if kind == "check_draft" and not pasted:
        return Clarify("need_text", kind=kind)
    return Intent(
        kind=kind,
        subject_id=subject.id,
        period=_period(args.period, today, False) or intents.default_period(kind, today),
        focus=args.focus,
        tone=args.tone,
        length=args.length,
        language=args.language,
        draft_text=pasted,  # the user's own text, never the model's copy of it
    )


def _subject(person: str | None, user: User, visible: list[Person]) -> Person | Clarify | None:
    """The named person among the visible ones; anyone else is a refusal, decided here and not by the model."""
    words = (person or "").strip()
    if not words:
        return None
    if words.lower() in ("me", "myself", "i", "self") or words in ("我", "我自己", "本人"):
        return next((p for p in visible if p.id == user.person_id), None)
    matches = intents.resolve_names(words, visible)
    if not matches:
        return Clarify("not_visible", refuse=True, mention=words)
    if len(matches[0].people) > 1:
        return Clarify("ambiguous_name", candidates=matches[0].people, mention=matches[0].text)
    return matches[0].people[0]
