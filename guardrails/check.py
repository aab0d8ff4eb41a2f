"""``check_text``: run every scorer over one text and decide a verdict. Deterministic, offline, no model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from assistant.core.errors import BadInput, CoachError
from guardrails.balance import score_balance
from guardrails.bias import score_bias
from guardrails.grounding import EvidenceIndex, score_grounding
from guardrails.injection import scan_events, score_injection
from guardrails.judge import RUBRIC, Judge
from guardrails.models import DIMENSIONS, Dimension, Finding, GuardrailReport
from guardrails.policy import Policy
from guardrails.privacy import score_privacy
from guardrails.recency import score_recency
from guardrails.scoring import Scored
from guardrails.specificity import score_specificity
from guardrails.text import Doc, detect_language

if TYPE_CHECKING:  # types only: a text-only check never builds these models
    from assistant.core.models import WorkEvent
    from assistant.core.periods import Period

__all__ = ["check_text"]

_DEFAULT_POLICY = Policy()


def check_text(
    text: str,
    *,
    lang: Literal["en", "zh"] | None = None,
    evidence: Sequence[WorkEvent] | None = None,
    statements: Sequence[tuple[str, Sequence[str]]] | None = None,
    visible_event_ids: set[str] | None = None,
    people_names: Sequence[str] | None = None,
    period: Period | None = None,
    policy: Policy | None = None,
    team: str | None = None,
    judge: Judge | None = None,
) -> GuardrailReport:
    """Score ``text`` on all seven dimensions and decide ``pass | revise | block``.

    Args:
        text: the draft (or any feedback text) to check.
        lang: ``en`` or ``zh``; detected from the share of CJK characters when ``None``.
        evidence: the work events the draft may rest on; enables grounding (and, with ``period``, recency),
            and their text is scanned for prompt injection.
        statements: ``(statement text, cited event ids)`` per statement of ``text``; grounding then checks
            each statement against the events it cites (else the whole text against all the evidence).
        visible_event_ids: the events the requester may see; citing any other is a finding.
        people_names: names of the people involved, **the subject first** (the subject needs no citation to
            be named); used to recognise names beyond the built-in heuristics.
        period: the review period; enables recency.
        policy: thresholds and blocking kinds (default: ``GuardrailSettings()`` defaults).
        team: the team whose threshold overrides apply.
        judge: an optional LLM judge whose score is added as ``report.judge``.

    Raises:
        BadInput: when ``lang`` is not en, zh or None.
        GuardrailError: when a statement in ``statements`` is not part of ``text``.
    """
    if lang is not None and lang not in ("en", "zh"):
        raise BadInput(f"lang {lang!r}: use en or zh (or None to detect it)")
    language = lang or detect_language(text)
    doc = Doc(text, language)
    policy = policy or _DEFAULT_POLICY
    people = tuple(people_names or ())
    events = list(evidence or [])
    index = EvidenceIndex(events) if evidence is not None else None
    poisoned = scan_events(events) if events else {}
    if statements:
        cited = {i for _, ids in statements for i in ids}
        dated = [e for e in events if e.id in cited]
    else:
        dated = events
    settings = policy.settings
    results: dict[Dimension, Scored] = {
        "specificity": score_specificity(doc, events),
        "balance": score_balance(doc),
        "bias": score_bias(doc),
        "grounding": score_grounding(doc, index, statements, visible_event_ids, people),
        "privacy": score_privacy(doc, people),
        "recency": score_recency(doc, dated, period, weeks=settings.recent_weeks, max_share=settings.recency_max_share),
        "injection": score_injection(doc, poisoned),
    }
    scores = {d: 100 if results[d].score is None else results[d].score for d in DIMENSIONS}
    not_applicable = [d for d in DIMENSIONS if results[d].score is None]
    findings = sorted((f for d in DIMENSIONS for f in results[d].findings), key=lambda f: (f.start, f.end))
    if statements:
        findings = _index_by_statement(text, statements, findings)
    report = GuardrailReport(
        scores=scores,  # type: ignore[arg-type]
        findings=findings,
        verdict=policy.verdict(scores, findings, team, not_applicable),  # type: ignore[arg-type]
        language=language,
        not_applicable=not_applicable,
        evidence_findings=poisoned,
        team=team,
    )
    if judge is not None:
        try:
            report.judge = judge.score(text, RUBRIC[language], language)
        except CoachError as exc:
            report.judge_error = str(exc)
    return report


def _index_by_statement(
    text: str, statements: Sequence[tuple[str, Sequence[str]]], findings: list[Finding]
) -> list[Finding]:
    """Point each finding's ``statement_index`` at the caller's statements rather than our sentences."""
    bounds: list[tuple[int, int]] = []
    cursor = 0
    for stmt, _ in statements:
        at = text.find(stmt, cursor)
        at = text.find(stmt) if at < 0 else at
        bounds.append((at, at + len(stmt)))
        cursor = max(cursor, at + len(stmt))
    out = []
    for f in findings:
        index = next((i for i, (s, e) in enumerate(bounds) if s <= f.start < e or (s == f.start == e)), None)
        out.append(f.model_copy(update={"statement_index": index}))
    return out
