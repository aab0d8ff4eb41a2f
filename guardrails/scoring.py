"""The shape every scorer returns, and a helper to build findings from a span."""

from __future__ import annotations

from dataclasses import dataclass, field

from guardrails.messages import say
from guardrails.models import Dimension, Finding
from guardrails.text import Doc

__all__ = ["Scored", "finding"]


@dataclass
class Scored:
    """A scorer's result: ``score`` is ``None`` when the dimension does not apply to this text."""

    score: int | None
    findings: list[Finding] = field(default_factory=list)


def finding(
    doc: Doc, dimension: Dimension, kind: str, start: int, end: int, *, index: int | None = None, **fields: object
) -> Finding:
    """A finding for ``doc.text[start:end]`` with the message and hint for ``kind`` in the text's language."""
    term = doc.text[start:end]
    message, suggestion = say(kind, doc.lang, term=term, **fields)
    if index is None and start < end:
        index = doc.statement_at(start)
    return Finding(
        dimension=dimension,
        kind=kind,
        start=start,
        end=end,
        text=term,
        message=message,
        suggestion=suggestion,
        statement_index=index,
    )
