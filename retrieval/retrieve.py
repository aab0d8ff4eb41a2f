"""``retrieve(requester, subject, period, focus, token_budget)``: the one way evidence is read.

Access control first (and always audited), then candidates from the SQL ledger (person, period,
visibility), their text and embeddings from the vector store, relevance to the focus (embedding
similarity plus competency tags), period-balanced selection under a tiktoken budget, and coverage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.core.competencies import KIND_HINTS, tags_for
from assistant.core.errors import AccessDenied, NotFound, StoreError
from assistant.core.models import WorkEvent
from assistant.core.periods import Period, parse_period
from retrieval.access import Relation, check_access
from retrieval.select import Candidate, Coverage, coverage_of, select_balanced

if TYPE_CHECKING:
    import numpy as np

    from assistant.core.container import Coach

__all__ = ["RetrievalResult", "RetrievedEvent", "SubjectInfo", "retrieve"]

_TAG_KIND_BONUS = 0.1


class RetrievedEvent(WorkEvent):
    """A selected event with why and how much: relevance score and token count."""

    score: float
    tokens: int


class SubjectInfo(BaseModel):
    """The person the evidence is about (no protected attributes exist to leak)."""

    id: str
    name: str
    language: str
    team: str
    job_family: str
    level: str


class RetrievalResult(BaseModel):
    """Evidence for one person and period, with its coverage."""

    requester_id: str
    relation: Relation
    subject: SubjectInfo
    period: Period
    focus: str | None
    focus_tags: list[str] = Field(default_factory=list)
    token_budget: int
    tokens_used: int
    encoding: str
    events: list[RetrievedEvent]
    coverage: Coverage
    pool: list[WorkEvent] = Field(default_factory=list, exclude=True)
    """Every visible event of the period (not only those that fit the budget), for the evidence profile."""
    pool_scores: dict[str, float] = Field(default_factory=dict, exclude=True)
    """Relevance to the focus of every event in ``pool``."""
    disputed: dict[str, str] = Field(default_factory=dict)
    """Events left out because the person disputed them: event id -> ``open`` or ``upheld``."""


def _score(
    candidates: list[tuple[WorkEvent, np.ndarray]],
    focus_vec: np.ndarray | None,
    focus_tags: set[str],
    tag_weight: float,
) -> list[float]:
    if not candidates:
        return []
    if focus_vec is None:
        # No focus: prefer substantial evidence (measured outcomes, harder work), evenly across kinds.
        return [
            0.2 * bool(e.metrics) + {"high": 0.2, "medium": 0.1}.get(e.complexity or "", 0.0) + 0.05 * bool(e.project)
            for e, _ in candidates
        ]
    import numpy as np  # imported when evidence is ranked, so a cached eval never loads it

    matrix = np.stack([vec for _, vec in candidates])
    sims = matrix @ focus_vec
    hinted = {KIND_HINTS[t] for t in focus_tags if t in KIND_HINTS}
    scores = []
    for (event, _), sim in zip(candidates, sims, strict=True):
        overlap = len(focus_tags & set(event.tags)) / len(focus_tags) if focus_tags else 0.0
        scores.append(float(sim) + tag_weight * overlap + (_TAG_KIND_BONUS if event.kind in hinted else 0.0))
    return scores


def retrieve(
    coach: Coach,
    requester: str,
    subject: str,
    period: str | Period,
    focus: str | None = None,
    token_budget: int | None = None,
) -> RetrievalResult:
    """Evidence about ``subject`` that ``requester`` may see, balanced over ``period``.

    Raises:
        AccessDenied: the requester may not see the subject (audited).
        NotFound: unknown requester, or for HR an unknown subject.
        BadInput: an unparseable period.
    """
    settings = coach.settings.retrieval
    budget = token_budget or settings.token_budget
    span = period if isinstance(period, Period) else parse_period(period)
    coach.ensure_consistent()
    audit: dict[str, Any] = {"period": span.label, "focus": focus, "token_budget": budget}
    try:
        decision = check_access(coach.sql, requester, subject)
    except (AccessDenied, NotFound) as exc:
        coach.sql.audit(
            requester_id=requester,
            subject_id=subject,
            action="retrieve",
            decision="denied",
            reason=str(exc),
            details=audit,
        )
        raise
    rows = coach.sql.candidate_events(subject, span.start_ts, span.end_ts, decision.visibilities)
    # A disputed event is never used silently: it is left out (and named in ``disputed``) until resolved.
    blocked = coach.growth.blocking(subject)
    disputed = {r.id: blocked[r.id].status for r in rows if r.id in blocked}
    rows = [r for r in rows if r.id not in blocked]
    fetched = coach.vectors.fetch([r.id for r in rows])
    if len(fetched) != len(rows):
        missing = sorted({r.id for r in rows} - set(fetched))[:5]
        raise StoreError(
            f"the vector store lacks {len(rows) - len(fetched)} ledger events (e.g. {missing}); "
            "run `coach verify` to repair"
        )
    tokens = {r.id: r.tokens for r in rows}
    pairs = [fetched[r.id] for r in rows]
    # Defence in depth: the ledger filter already did this, the event itself must agree.
    pairs = [(e, v) for e, v in pairs if e.visibility in decision.visibilities]
    focus_text = (focus or "").strip() or None
    focus_tags = set(tags_for(focus_text)) if focus_text else set()
    focus_vec = coach.embedding.embed([focus_text])[0] if focus_text else None
    scores = _score(pairs, focus_vec, focus_tags, settings.tag_weight)
    candidates = [Candidate(e, s, tokens[e.id]) for (e, _), s in zip(pairs, scores, strict=True)]
    chosen = select_balanced(candidates, budget)
    available = [e for e, _ in pairs]
    coverage = coverage_of(
        span, available, [c.event for c in chosen], min_events=settings.min_events, min_months=settings.min_months
    )
    coverage.left_out_for_budget = len(candidates) - len(chosen)
    result = RetrievalResult(
        requester_id=requester,
        relation=decision.relation,
        subject=SubjectInfo(**decision.subject.model_dump(include=set(SubjectInfo.model_fields))),
        period=span,
        focus=focus_text,
        focus_tags=sorted(focus_tags),
        token_budget=budget,
        tokens_used=sum(c.tokens for c in chosen),
        encoding=coach.token_counter.name,
        events=[RetrievedEvent(**c.event.model_dump(), score=round(c.score, 4), tokens=c.tokens) for c in chosen],
        coverage=coverage,
        pool=available,
        pool_scores={e.id: round(s, 4) for (e, _), s in zip(pairs, scores, strict=True)},
        disputed=disputed,
    )
    coach.sql.audit(
        requester_id=requester,
        subject_id=subject,
        action="retrieve",
        decision="allowed",
        reason=decision.relation,
        details=audit
        | {"relation": decision.relation, "event_ids": [e.id for e in result.events]}
        | ({"disputed_left_out": sorted(disputed)} if disputed else {}),
    )
    return result
