"""How a failed chat turn is reported: one ``error`` event with a sentence and a stable code."""

from __future__ import annotations

import logging

from assistant.chat.phrases import CJK
from assistant.chat.strings import say
from assistant.chat.types import ChatEvent
from assistant.core.cancellation import Cancelled
from assistant.core.errors import AccessDenied, BadInput, CoachError, NotFound, ProviderError

__all__ = ["ERROR_CLASSES", "error_event"]

log = logging.getLogger("assistant.chat")


def error_event(exc: BaseException, lang: str) -> ChatEvent:
    """The error event a failed turn ends with: a sentence in the user's language and a stable code."""
    if isinstance(exc, NotFound):
        code, key = "not_found", "error.not_found"
    elif isinstance(exc, BadInput):
        code, key = "bad_input", "error.bad_input"
    elif isinstance(exc, AccessDenied):
        code, key = "denied", "error.denied"
    elif isinstance(exc, ProviderError):
        code, key = "provider", "error.provider"
    elif isinstance(exc, Cancelled):  # the client left or the deadline passed: nobody is waiting, nothing broke
        return ChatEvent(type="error", data={"message": say("error.cancelled", lang), "code": "cancelled"})
    else:
        log.exception("chat turn failed")
        return ChatEvent(type="error", data={"message": say("error.internal", lang), "code": "internal"})
    detail = str(exc)
    if code in ("not_found", "bad_input") and (detail[:1].isupper() or CJK.match(detail[:1])):
        # already a whole sentence of ours ("The message is too long …"): no "I couldn't do that:" before it
        return ChatEvent(type="error", data={"message": detail, "code": code})
    return ChatEvent(type="error", data={"message": say(key, lang, detail=detail), "code": code})


ERROR_CLASSES: dict[str, type[CoachError]] = {
    "not_found": NotFound,
    "bad_input": BadInput,
    "denied": AccessDenied,
    "provider": ProviderError,
}
"""The exception each error code stands for, so a caller of ``reply()`` gets a typed error back."""
