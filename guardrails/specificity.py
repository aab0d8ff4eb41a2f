"""Specificity: is each statement anchored in a situation, an observable behaviour and its impact (SBI)?

Vague praise and criticism (Correll & Simard 2016 found women get more of it, less tied to outcomes) names
no behaviour, no result and no number; such a statement is a ``vague`` finding. The score is the mean SBI
completeness of the evaluative statements.
"""

from __future__ import annotations

from guardrails.features import features
from guardrails.messages import say
from guardrails.models import Finding
from guardrails.scoring import Scored
from guardrails.text import Doc

__all__ = ["score_specificity"]


def _completeness(f) -> float:
    if f.vague:
        return 0.0
    points = 0.45 if f.behaviour else 0.25
    points += 0.2 if f.situation else 0.0
    points += 0.2 if (f.impact or f.number) else 0.0
    points += 0.15 if f.concrete else 0.0
    return min(1.0, points)


def score_specificity(doc: Doc) -> Scored:
    """Score 0-100 and a ``vague`` finding per evaluative statement without behaviour, result or number."""
    scored = [f for f in features(doc) if f.evaluative or f.behaviour or f.impact]
    if not scored:
        return Scored(None, [])
    findings: list[Finding] = []
    for index, f in enumerate(features(doc)):
        if not f.vague:
            continue
        message, suggestion = say("vague", doc.lang, missing=f.missing)
        for start, end in f.platitudes or [(f.span.start, f.span.end)]:
            findings.append(
                Finding(
                    dimension="specificity",
                    kind="vague",
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    message=message,
                    suggestion=suggestion,
                    statement_index=index,
                )
            )
    score = round(100 * sum(_completeness(f) for f in scored) / len(scored))
    return Scored(score, findings)
