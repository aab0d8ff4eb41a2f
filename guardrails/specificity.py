"""Specificity: is each statement anchored in a situation, an observable behaviour and its impact (SBI), and
how concrete is it?

Vague praise and criticism (Correll & Simard 2016 found women get more of it, less tied to outcomes) names
no behaviour, no result and no number; such a statement is a ``vague`` finding, whose message says which of
situation, behaviour or impact is missing and whose hint is written from the statement's own words (and,
with evidence, names the event that would make it specific). The score per statement is its SBI
completeness, topped up by its concreteness (names, numbers, dates, places, objects, informative content:
:mod:`guardrails.concreteness`); the draft's score is the mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guardrails.concreteness import concreteness_of
from guardrails.features import StatementFeatures, features
from guardrails.messages import say
from guardrails.models import Finding
from guardrails.patterns import LazyPattern
from guardrails.scoring import Scored
from guardrails.text import Doc

if TYPE_CHECKING:  # types only: a text-only check never builds these models
    from assistant.core.models import WorkEvent

__all__ = ["score_specificity"]

#: How much concreteness tops up a statement's missing SBI share (half of it for a statement flagged vague).
_WEIGHT = 0.8
_VAGUE_WEIGHT = 0.4
_WORD = LazyPattern(r"[A-Za-z][A-Za-z'-]{3,}|[\u4e00-\u9fff]{2}")


def _completeness(f: StatementFeatures) -> float:
    if f.vague:
        return 0.0
    points = 0.45 if f.behaviour else 0.25
    points += 0.2 if f.situation else 0.0
    points += 0.2 if (f.impact or f.number) else 0.0
    points += 0.15 if f.concrete else 0.0
    return min(1.0, points)


def _closest_event(text: str, events: Sequence[WorkEvent]) -> WorkEvent | None:
    """The event sharing most words with the statement (none when nothing is shared)."""
    words = {w.lower() for w in _WORD.findall(text)}
    best, best_overlap = None, 0
    for event in events:
        overlap = len(words & {w.lower() for w in _WORD.findall(f"{event.title} {event.description or ''}")})
        if overlap > best_overlap:
            best, best_overlap = event, overlap
    return best


def _hint(doc: Doc, f: StatementFeatures, term: str, events: Sequence[WorkEvent]) -> str:
    """A rewrite hint built from the statement itself: what to add, and which event would carry it."""
    quoted = term if len(term) <= 60 else term[:57] + "…"
    hint = say("vague", doc.lang, missing=f.missing, term=quoted)[1]
    event = _closest_event(f.span.text, events) if events else None
    if event is not None:
        hint += say("vague_event", doc.lang, title=event.title, date=f"{event.occurred_at:%Y-%m-%d}")[1]
    return hint


def score_specificity(doc: Doc, events: Sequence[WorkEvent] = ()) -> Scored:
    """Score 0-100 and a ``vague`` finding per evaluative statement without behaviour, result or number."""
    scored = [f for f in features(doc) if f.evaluative or f.behaviour or f.impact]
    if not scored:
        return Scored(None, [])
    findings: list[Finding] = []
    for index, f in enumerate(features(doc)):
        if not f.vague:
            continue
        for start, end in f.platitudes or [(f.span.start, f.span.end)]:
            term = doc.text[start:end]
            message = say("vague", doc.lang, missing=f.missing, term=term)[0]
            findings.append(
                Finding(
                    dimension="specificity",
                    kind="vague",
                    start=start,
                    end=end,
                    text=term,
                    message=message,
                    suggestion=_hint(doc, f, term, events),
                    statement_index=index,
                )
            )
    sbis = [_completeness(f) for f in scored]
    partial = [f for f, sbi in zip(scored, sbis, strict=True) if sbi < 1.0]  # complete ones need no top-up
    masked = [p for f in partial for p in f.platitudes]  # a platitude is not content
    concrete = iter(concreteness_of(doc.text, doc.lang, [(f.span.start, f.span.end) for f in partial], masked))
    total = 0.0
    for f, sbi in zip(scored, sbis, strict=True):
        if sbi >= 1.0:
            total += 1.0
            continue
        # a statement flagged vague (no behaviour, result or figure) earns half the concreteness credit
        total += sbi + (1.0 - sbi) * (_VAGUE_WEIGHT if f.vague else _WEIGHT) * next(concrete)
    score = round(100 * total / len(scored))
    return Scored(score, findings)
