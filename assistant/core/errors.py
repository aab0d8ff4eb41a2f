"""One exception tree for the whole assistant.

Every error a user can meet is a ``CoachError``; the CLI prints its message and exits non-zero.
Messages name the offending value and say what to do.
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "BadInput",
    "CoachError",
    "ConfigError",
    "GuardrailError",
    "NotFound",
    "ProviderError",
    "RetrievalError",
    "StoreError",
]


class CoachError(Exception):
    """Base of every error the assistant raises on purpose."""


class ConfigError(CoachError):
    """A setting is missing or invalid."""


class BadInput(CoachError):
    """A value given by a user or a file is invalid."""


class NotFound(BadInput):
    """A person, user or record named by the caller does not exist."""


class AccessDenied(CoachError):
    """The requester may not see what they asked for; the message says why."""


class RetrievalError(CoachError):
    """Retrieval could not complete."""


class StoreError(CoachError):
    """The SQL or vector store is unreachable or inconsistent."""


class ProviderError(CoachError):
    """An LLM or embeddings provider failed."""


class GuardrailError(CoachError):
    """A guardrail could not score a draft."""
