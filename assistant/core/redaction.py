"""Opting out is retroactive: an event withdrawn from AI use leaves the stored drafts and chat messages too.

When an event already stored is re-ingested as ``excluded_from_ai``, :func:`redact_withdrawn` rewrites every
stored draft (``coach history``) and chat message that carried it:

- the event's entry is removed from ``evidence`` and ``sources`` lists, its id from every citation list;
- a statement (or goal) that cited it is replaced by :data:`WITHDRAWN` (its words came from the event);
- every remaining copy of the event's title and description, and of the replaced statements, in any text of
  the record (the rendered draft, the summary, the guardrail report's checked text, a chat message) becomes
  :data:`WITHDRAWN`.

The rest of each draft is kept. Runs in the ingest batch's commit path, so a replayed batch redacts too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, cast, or_, select

from assistant.core.models import WorkEvent
from assistant.core.storage import SqlStore
from assistant.core.tables import DraftRow, MessageRow

__all__ = ["WITHDRAWN", "redact_withdrawn"]

WITHDRAWN = "[withdrawn from AI use / 已撤回，不再用于 AI]"
_MIN_SECRET = 6
"""Shorter strings (``OK``, ``Q3``) are too common to replace wherever they occur."""
_TEXT_KEYS = ("text", "objective", "rationale")


def _collect(value: Any, ids: set[str], secrets: set[str]) -> None:
    """Add the event entries' text and the citing statements' text found in ``value`` to ``secrets``."""
    if isinstance(value, dict):
        if value.get("id") in ids and ("title" in value or "description" in value):
            secrets.update(str(value.get(k) or "") for k in ("title", "description"))
        cites = value.get("event_ids")
        if isinstance(cites, list) and ids & set(cites):
            secrets.update(str(value.get(k) or "") for k in _TEXT_KEYS)
        for child in value.values():
            _collect(child, ids, secrets)
    elif isinstance(value, list):
        for child in value:
            _collect(child, ids, secrets)


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, WITHDRAWN)
    return text


def _redact(value: Any, ids: set[str], secrets: list[str]) -> Any:
    if isinstance(value, dict):
        out = {}
        cites = value.get("event_ids")
        cited = isinstance(cites, list) and bool(ids & set(cites))
        for key, child in value.items():
            if cited and key in _TEXT_KEYS and isinstance(child, str):
                out[key] = WITHDRAWN
            elif key in ("event_ids", "cited_event_ids") and isinstance(child, list):
                out[key] = [i for i in child if i not in ids]
            else:
                out[key] = _redact(child, ids, secrets)
        return out
    if isinstance(value, list):
        return [
            _redact(child, ids, secrets)
            for child in value
            if not (isinstance(child, dict) and child.get("id") in ids and ("title" in child or "description" in child))
        ]
    if isinstance(value, str):
        return _scrub(value, secrets)
    return value


def _secrets(found: set[str], events: Iterable[WorkEvent]) -> list[str]:
    for event in events:
        found.update((event.title, event.description))
    # longest first, so a description is replaced whole before a title inside it
    return sorted({s for s in found if len(s.strip()) >= _MIN_SECRET and s != WITHDRAWN}, key=len, reverse=True)


def redact_withdrawn(sql: SqlStore, events: list[WorkEvent]) -> int:
    """Redact ``events`` (now ``excluded_from_ai``) from stored drafts and chat messages; returns rows changed."""
    ids = {e.id for e in events}
    if not ids:
        return 0
    people = {e.person_id for e in events}
    changed = 0
    with sql.session() as s, s.begin():
        drafts = [
            row
            for row in s.scalars(select(DraftRow).where(DraftRow.subject_id.in_(people)))
            if ids & set(row.event_ids or []) or ids & set((row.result or {}).get("cited_event_ids") or [])
        ]
        for row in drafts:
            found: set[str] = set()
            _collect(row.result, ids, found)
            secrets = _secrets(found, events)
            row.result = _redact(row.result, ids, secrets)
            row.guardrails = _redact(row.guardrails, ids, secrets)
            row.text = _scrub(row.text, secrets)
            row.event_ids = [i for i in row.event_ids or [] if i not in ids]
            changed += 1
        wanted = [cast(MessageRow.reply, Text).like(f'%"{i}"%') for i in sorted(ids)]
        for start in range(0, len(wanted), 200):
            for row in s.scalars(select(MessageRow).where(or_(*wanted[start : start + 200]))):
                found = set()
                _collect(row.reply, ids, found)
                secrets = _secrets(found, events)
                row.reply = _redact(row.reply, ids, secrets)
                row.text = _scrub(row.text, secrets)
                changed += 1
    return changed
