"""Names the user may not see: every phrasing that names someone outside the user's view gets a refusal.

``refuse_unseen`` runs after a message is understood (by the parser or an LLM router) and turns any request
that names a person the user may not see into the same refusal, whatever else the message asked. The
decision uses the message and the visible people only, so an unknown name and a real one outside the
user's line are answered alike; the engine audits one row per such name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.chat.intents import Clarify, split_paste
from assistant.chat.phrases import person_mentions, resolve_names
from assistant.chat.types import Intent
from assistant.core.errors import AccessDenied
from assistant.core.models import Person, User
from retrieval import reporting_line, visible_events

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["acts", "events_now", "person_in", "refuse_unseen", "unseen_mentions", "visible_people"]

_NAME = (
    r"[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?"  # Carla, Zed Nobody
    r"|[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+"  # wang-lei
    r"|[\u4e00-\u9fff]{2,3}?(?=[的和与跟及、，,。\s]|$)"  # 王磊
)
_JOIN = r"\s*(?:,|&|\+|\band\b|\bor\b|\bplus\b|、|，|和|与|跟|及|以及|或)\s*"
_JOINED_AFTER = re.compile(_JOIN + rf"({_NAME})")
_JOINED_BEFORE = re.compile(rf"({_NAME}){_JOIN}$")
#: Understandings that may be about a person named in the message (revisions, sources and accepting work
#: on the current draft, whose subject the user may see).
_ABOUT_PEOPLE = ("draft_feedback", "check_draft", "goals", "help", "smalltalk", "develop")


def _leftover(phrase: str, visible: list[Person]) -> bool:
    """Whether ``phrase`` holds a word that no visible person's name accounts for."""
    rest = phrase
    for m in sorted(resolve_names(phrase, visible), key=lambda m: m.start, reverse=True):
        rest = rest[: m.start] + " " + rest[m.end :]
    return bool(re.search(r"[A-Za-z]{2,}|[\u4e00-\u9fff]{2,}", rest))


def unseen_mentions(text: str, visible: list[Person]) -> list[str]:
    """Names in ``text`` that resolve to no one in ``visible``: the phrases in name slots (``feedback for …``,
    ``how is … doing``, ``compare … and …``, ``给…写``) and the names joined to a visible one (``Carla and
    王磊``). Decided from the text and ``visible`` alone: whether anyone else has the name is never looked at."""
    phrases = person_mentions(text)
    for m in resolve_names(text, visible):
        if after := _JOINED_AFTER.match(text, m.end):
            phrases.append(after.group(1))
        if before := _JOINED_BEFORE.search(text[: m.start]):
            phrases.append(before.group(1))
    out: list[str] = []
    for phrase in phrases:
        phrase = phrase.strip()
        if phrase.lower() in ("and", "or", "plus") or not _leftover(phrase, visible):
            continue
        if phrase not in out:
            out.append(phrase)
    return out


def refuse_unseen(understood: Intent | Clarify, text: str, visible: list[Person]) -> Clarify | None:
    """A refusal when the message names someone the user may not see, however it is phrased; else None.

    Applies to requests that may be about a person (a draft, a check, goals, or a message not understood);
    the focus of a draft and the pasted text of a check are the user's words about the work, not a request
    about whoever they mention.
    """
    if isinstance(understood, Clarify):
        if understood.refuse:
            return None
        kind = understood.kind or "unknown"
    else:
        if understood.kind not in _ABOUT_PEOPLE:
            return None
        kind = understood.kind
    scanned = split_paste(text)[0] if kind == "check_draft" else text
    if isinstance(understood, Intent):
        for words in (understood.focus, understood.interests):
            if words:
                scanned = scanned.replace(words, " ")
    unseen = unseen_mentions(scanned, visible)
    if not unseen:
        return None
    return Clarify("not_visible", refuse=True, mention=unseen[0], kind=kind, mentions=unseen)


def visible_people(coach: Coach, user: User) -> list[Person]:
    """Whom ``user`` may ask about: themself and everyone below them; HR everyone."""
    people = coach.sql.list_people()
    if user.role == "hr":
        return people
    managers = {p.id: p.manager_id for p in people}
    return [p for p in people if p.id == user.person_id or user.person_id in reporting_line(managers.get, p.id)]


def acts(understood: Intent | Clarify) -> bool:
    """Whether an understanding leads somewhere: a request to carry out, or a refusal (which is audited)."""
    if isinstance(understood, Clarify):
        return understood.refuse
    return understood.kind not in ("help", "smalltalk")


def person_in(visible: list[Person], person_id: str | None) -> Person:
    person = next((p for p in visible if p.id == person_id), None)
    if person is None:  # the parser only names visible people; the session's subject may have moved away
        raise AccessDenied("the person of this conversation is no longer in your reporting line")
    return person


def events_now(coach: Coach, user: User, subject_id: str, ids: list[str]) -> list[dict[str, Any]]:
    """The events as they are now, in the order cited: one since excluded from AI, made private or removed
    is left out (a stored draft keeps the copy it was written from; what it shows again is re-checked)."""
    now = {e.id: e for e in visible_events(coach, user.id, subject_id, ids=ids)}
    return [now[i].model_dump(mode="json", exclude={"score", "tokens"}) for i in ids if i in now]
