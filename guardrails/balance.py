"""Balance: strengths and development areas, criticism tied to behaviour with a suggestion, a next step.

Feedback that is all praise gives no direction; all criticism demotivates; criticism buried between
compliments (the "sandwich") gets missed; criticism without an observed behaviour and a suggestion
cannot be acted on. Each is a finding; the score starts at 100 and loses points per finding.
"""

from __future__ import annotations

from guardrails.features import StatementFeatures, features
from guardrails.models import Finding
from guardrails.scoring import Scored, finding
from guardrails.text import Doc

__all__ = ["score_balance"]

_PENALTY = {
    "no_strength": 25,
    "no_development_area": 20,
    "no_next_step": 25,
    "criticism_without_suggestion": 15,
    "excessive_buffering": 15,
}
_WHY = {
    "en": {
        "behaviour": "is not tied to an observed behaviour",
        "suggestion": "comes without a suggestion",
        "both": "names neither an observed behaviour nor a suggestion",
    },
    "zh": {
        "behaviour": "没有对应到具体行为",
        "suggestion": "没有给出改进建议",
        "both": "既没有具体行为，也没有改进建议",
    },
}


def _is_strength(f: StatementFeatures) -> bool:
    achievement = (f.behaviour or f.impact) and not f.criticism and not f.next_step
    return (f.praise and not f.criticism) or achievement


def _is_development(f: StatementFeatures) -> bool:
    return f.criticism and not (f.praise and not f.hedged and f.impact)


def score_balance(doc: Doc) -> Scored:
    """Score 0-100 with ``no_strength``, ``no_development_area``, ``no_next_step``,
    ``criticism_without_suggestion`` and ``excessive_buffering`` findings."""
    feats = [f for f in features(doc) if f.evaluative or f.behaviour or f.impact]
    if not feats:
        return Scored(None, [])
    findings: list[Finding] = []
    strengths = [_is_strength(f) for f in feats]
    development = [_is_development(f) for f in feats]
    end = len(doc.text)
    if not any(strengths):
        findings.append(finding(doc, "balance", "no_strength", end, end))
    if not any(development):
        findings.append(finding(doc, "balance", "no_development_area", end, end))
    if not any(f.actionable for f in feats):
        findings.append(finding(doc, "balance", "no_next_step", end, end))
    for i, f in enumerate(feats):
        if not development[i]:
            continue
        follow = feats[i + 1] if i + 1 < len(feats) else None
        # A suggestion in the same or the next statement, or in a later next-steps section.
        suggested = (
            f.next_step or (follow is not None and follow.next_step) or any(g.actionable for g in feats[i + 1 :])
        )
        if not (f.behaviour and suggested):
            why = "both" if not f.behaviour and not suggested else ("behaviour" if not f.behaviour else "suggestion")
            findings.append(
                finding(
                    doc, "balance", "criticism_without_suggestion", f.span.start, f.span.end, why=_WHY[doc.lang][why]
                )
            )
        before = i > 0 and strengths[i - 1] and not development[i - 1]
        after = follow is not None and strengths[i + 1] and not development[i + 1] and not follow.next_step
        if before and after and f.hedged:
            findings.append(finding(doc, "balance", "excessive_buffering", f.span.start, f.span.end))
    penalty = sum(_PENALTY[x.kind] for x in findings[:6])
    return Scored(max(0, 100 - penalty), findings)
