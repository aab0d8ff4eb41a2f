"""Chat sessions and their messages in SQL (the same database as the rest of the assistant).

Three tables of their own (``chat_sessions``, ``chat_messages``, ``chat_acceptances``), made by the
migrations like every other table. Every assistant message
keeps its full :class:`~assistant.chat.types.ChatReply` JSON, so a resumed session re-renders its drafts.
Safe to share between threads: each call opens its own SQL session (on SQLite, writes are serialised).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from assistant.chat.types import ChatMessage, ChatReply, SessionInfo
from assistant.core.errors import NotFound
from assistant.core.storage import SqlStore
from assistant.core.tables import AcceptanceRow, MessageRow, SessionRow

__all__ = ["DEFAULT_TITLE", "SessionStore"]

_TITLE_LIMIT = 80
DEFAULT_TITLE = "New conversation"
"""The title of a session created without one; its first message names it."""


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


class SessionStore:
    """Sessions belong to one user; asking for someone else's session is ``NotFound``, as for a missing one."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql
        # SQLite takes one writer at a time: serialise this process's writes rather than wait on its lock
        self._lock: Any = threading.Lock() if sql.dialect == "sqlite" else contextlib.nullcontext()

    # -- sessions ------------------------------------------------------------------------------------------

    def create(self, user_id: str, title: str | None = None) -> SessionInfo:
        """A new, empty session for ``user_id``."""
        now = datetime.now(UTC)
        row = SessionRow(
            id=_new_id(), user_id=user_id, title=_title(title) or DEFAULT_TITLE, created_at=now, updated_at=now
        )
        with self._lock, self.sql.session() as s, s.begin():
            s.add(row)
        return SessionInfo(id=row.id, user_id=user_id, title=row.title, created_at=now, updated_at=now, messages=0)

    def list(self, user_id: str) -> list[SessionInfo]:
        """The user's own sessions, most recently used first."""
        counts = (
            select(MessageRow.session_id, func.count().label("n")).group_by(MessageRow.session_id).subquery("counts")
        )
        q = (
            select(SessionRow, counts.c.n)
            .outerjoin(counts, counts.c.session_id == SessionRow.id)
            .where(SessionRow.user_id == user_id)
            .order_by(SessionRow.updated_at.desc(), SessionRow.id)
        )
        with self.sql.session() as s:
            return [_info(row, n or 0) for row, n in s.execute(q).all()]

    def get(self, user_id: str, session_id: str) -> SessionInfo:
        """One of the user's sessions.

        Raises:
            NotFound: no such session, or it belongs to someone else (the same answer for both).
        """
        with self.sql.session() as s:
            row = s.get(SessionRow, session_id)
            if row is None or row.user_id != user_id:
                raise NotFound(f"no conversation {session_id!r} of yours; start a new one or list yours")
            n = s.scalar(select(func.count()).select_from(MessageRow).where(MessageRow.session_id == session_id))
            return _info(row, n or 0)

    def rename(self, user_id: str, session_id: str, title: str) -> SessionInfo:
        """Give a session a new title."""
        self.get(user_id, session_id)
        with self._lock, self.sql.session() as s, s.begin():
            s.execute(update(SessionRow).where(SessionRow.id == session_id).values(title=_title(title)))
        return self.get(user_id, session_id)

    # -- messages -----------------------------------------------------------------------------------------

    def messages(self, user_id: str, session_id: str) -> list[ChatMessage]:
        """Every message of one of the user's sessions, oldest first."""
        self.get(user_id, session_id)
        with self.sql.session() as s:
            rows = s.scalars(select(MessageRow).where(MessageRow.session_id == session_id).order_by(MessageRow.seq))
            return [_message(r) for r in rows]

    def add_message(
        self,
        session_id: str,
        role: str,
        text: str,
        *,
        reply: ChatReply | None = None,
        message_id: str | None = None,
    ) -> ChatMessage:
        """Append a message (and the full reply for an assistant message); touches the session."""
        now = datetime.now(UTC)
        row = MessageRow(
            id=message_id or _new_id(),
            session_id=session_id,
            role=role,
            text=text,
            reply=reply.model_dump(mode="json") if reply is not None else None,
            created_at=now,
        )
        with self._lock, self.sql.session() as s, s.begin():
            s.add(row)
            s.execute(update(SessionRow).where(SessionRow.id == session_id).values(updated_at=now))
        return _message(row)

    def new_message_id(self) -> str:
        """An id for a message about to be written (a reply carries its own id)."""
        return _new_id()

    def replies(self, session_id: str) -> list[ChatReply]:
        """The assistant replies of a session, oldest first (no ownership check: the engine did it)."""
        with self.sql.session() as s:
            rows = s.scalars(
                select(MessageRow)
                .where(
                    MessageRow.session_id == session_id, MessageRow.role == "assistant", MessageRow.reply.is_not(None)
                )
                .order_by(MessageRow.seq)
            )
            return [ChatReply.model_validate(r.reply) for r in rows]

    def recent_replies(self, session_id: str, batch: int = 20) -> Iterator[ChatReply]:
        """The assistant replies of a session, newest first, read a batch at a time (long sessions stay cheap)."""
        offset = 0
        while True:
            with self.sql.session() as s:
                rows = list(
                    s.scalars(
                        select(MessageRow)
                        .where(
                            MessageRow.session_id == session_id,
                            MessageRow.role == "assistant",
                            MessageRow.reply.is_not(None),
                        )
                        .order_by(MessageRow.seq.desc())
                        .offset(offset)
                        .limit(batch)
                    )
                )
            for row in rows:
                yield ChatReply.model_validate(row.reply)
            if len(rows) < batch:
                return
            offset += batch

    # -- acceptances --------------------------------------------------------------------------------------

    def accept(self, user_id: str, session_id: str, draft_id: str) -> bool:
        """Record that ``user_id`` accepted ``draft_id``; False when it already was.

        The database's unique index on (draft, user) decides, so two replicas accepting at the same moment
        store one acceptance and exactly one of them answers True.
        """
        row = AcceptanceRow(draft_id=draft_id, session_id=session_id, user_id=user_id, at=datetime.now(UTC))
        try:
            with self._lock, self.sql.session() as s, s.begin():
                s.add(row)
        except IntegrityError:
            return False
        return True

    def accepted(self, draft_id: str) -> bool:
        """Whether anyone accepted ``draft_id``."""
        with self.sql.session() as s:
            return s.scalar(select(AcceptanceRow.id).where(AcceptanceRow.draft_id == draft_id)) is not None


def _title(title: str | None) -> str:
    text = " ".join((title or "").split())
    return text if len(text) <= _TITLE_LIMIT else text[: _TITLE_LIMIT - 1] + "…"


def _info(row: SessionRow, n: int) -> SessionInfo:
    return SessionInfo(
        id=row.id,
        user_id=row.user_id,
        title=row.title,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
        messages=n,
    )


def _message(row: MessageRow) -> ChatMessage:
    return ChatMessage(
        id=row.id,
        session_id=row.session_id,
        role=row.role,  # type: ignore[arg-type]
        text=row.text,
        created_at=_aware(row.created_at),
        reply=ChatReply.model_validate(row.reply) if row.reply else None,
    )
