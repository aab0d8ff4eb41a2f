"""The chat contract shared by the conversation engine, the terminal chat and the web/API server.

One user turn goes in as text; what comes out is a stream of :class:`ChatEvent` ending in one
:class:`ChatReply`. The engine (``assistant.chat.engine.ChatEngine``) owns understanding, access control,
drafting and storage; the terminal chat and the server only present what it yields.

Engine API (``assistant.chat.engine``)::

    engine = ChatEngine(coach, provider=None)            # provider: None -> settings.provider
    engine.stream(user_id, text, session_id=None, lang=None) -> Iterator[ChatEvent]
        # session_id None -> a new session; the first event is always type "session".
        # Events: "session" -> "status"* -> "delta"* -> exactly one "reply" (or one "error").
    engine.reply(user_id, text, session_id=None, lang=None) -> ChatReply      # the same, collected
    engine.accept(user_id, session_id, draft_id) -> ChatReply                 # mark a draft accepted
    engine.event(user_id, event_id) -> dict                                   # one cited event, access-checked
    engine.sessions.create(user_id, title=None) -> SessionInfo
    engine.sessions.list(user_id) -> list[SessionInfo]                        # newest first, own sessions only
    engine.sessions.get(user_id, session_id) -> SessionInfo                   # NotFound for others' sessions
    engine.sessions.messages(user_id, session_id) -> list[ChatMessage]

Sign-in tokens, which only the server needs, are in ``assistant.server.signin``.

Errors are the ``assistant.core.errors`` classes (BadInput, NotFound, AccessDenied, ...); their messages are
sentences a person understands, in the user's language where the engine knows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["ChatEvent", "ChatMessage", "ChatReply", "Intent", "IntentKind", "RoutedKind", "SessionInfo"]

RoutedKind = Literal["draft_feedback", "revise", "check_draft", "goals", "sources", "accept", "help", "smalltalk"]
"""What the LLM router may answer (its tool schema): growth requests are understood deterministically first."""
IntentKind = Literal[
    "draft_feedback", "revise", "check_draft", "goals", "sources", "accept", "help", "smalltalk",
    "develop", "signals", "receipt",
]  # fmt: skip
ReplyKind = Literal[
    "draft", "revision", "review", "goals", "sources", "accepted", "refusal", "clarify", "help",
    "development", "signals", "receipt",
]  # fmt: skip


class Intent(BaseModel):
    """What the engine understood from one message (deterministic offline; an LLM may fill it via tools)."""

    kind: IntentKind
    subject_id: str | None = None
    period: str | None = None
    focus: str | None = None
    tone: Literal["direct", "warm"] | None = None
    length: Literal["short", "medium", "long"] | None = None
    language: Literal["en", "zh"] | None = None
    audience: Literal["employee", "manager"] | None = None
    """Who the feedback is written to: the employee (second person) or the manager (talking points)."""
    instruction: str | None = None
    """For a revision: the user's words (``shorter``, ``more direct``, ``add the May incident``)."""
    draft_text: str | None = None
    """For a check: the pasted text."""
    interests: str | None = None
    statement_index: int | None = None
    """For ``sources``: which statement (0-based); None means all."""


class ChatReply(BaseModel):
    """The final answer of one turn."""

    session_id: str
    message_id: str
    kind: ReplyKind
    lang: Literal["en", "zh"]
    text: str
    """What a person reads (plain text with light markdown); also the API's ``content``."""
    intent: Intent | None = None
    draft: dict[str, Any] | None = None
    """``DraftResult.model_dump(mode="json")`` for draft / revision / review / goals replies."""
    sources: list[dict[str, Any]] = Field(default_factory=list)
    """For ``sources`` replies: the cited events (all fields the user may see)."""
    actions: list[dict[str, str]] = Field(default_factory=list)
    """Suggested next steps, e.g. ``{"id": "accept", "label": "Accept", "message": ...}``."""


class ChatEvent(BaseModel):
    """One server-sent event of a turn."""

    type: Literal["session", "status", "delta", "reply", "error"]
    data: dict[str, Any] = Field(default_factory=dict)
    """session: {session_id}; status: {text}; delta: {text}; reply: ChatReply dump; error: {message, code}."""


class SessionInfo(BaseModel):
    id: str
    user_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    messages: int = 0


class ChatMessage(BaseModel):
    id: str
    session_id: str
    role: Literal["user", "assistant"]
    text: str
    created_at: datetime
    reply: ChatReply | None = None
    """For assistant messages: the full reply (drafts, sources, actions), so a resumed session re-renders."""
