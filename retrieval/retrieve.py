"""``retrieve(requester, subject, period, focus, token_budget)``: the one way evidence is read.

Access control first (and always audited), then candidates from the SQL ledger (person, period,
visibility) with what ranks them (the no-focus score computed in SQL, competency tags, the embedding),
relevance to the focus (embedding similarity plus competency tags), period-balanced selection under a
tiktoken budget, and coverage. Only the selected events are read from the vector store and parsed (unless
the caller asks for the whole pool, as drafting does for the evidence profile): a person with thousands of
events in the period costs ledger rows, not thousands of parsed events.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.core.competencies import KIND_HINTS, tags_for
from assistant.core.errors import AccessDenied, NotFound, StoreError
from assistant.core.models import WorkEvent
from assistant.core.periods import Period, parse_period
from assistant.core.storage import LedgerColumns
from retrieval.access import Relation, check_access
from retrieval.select import Coverage, coverage_of_columns, select_indices

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


def _base_score(features: dict[str, Any]) -> float:
    """The no-focus score of a row filled here (the same sum ``SqlStore.ranked_candidates`` makes in SQL)."""
    return (
        (0.2 if features["has_metrics"] else 0.0)
        + {"high": 0.2, "medium": 0.1}.get(features["complexity"] or "", 0.0)
        + (0.05 if features["has_project"] else 0.0)
    )


def _fill(coach: Coach, cols: LedgerColumns, needs_vectors: bool, dim: int) -> None:
    """Rows from before the ledger kept their ranking columns are filled from the vector store once (and
    stored, so the next retrieval reads them from SQL)."""
    size = dim * 4
    stale = [
        i
        for i, (done, e) in enumerate(zip(cols.filled, cols.embeddings, strict=True))
        if not done or (needs_vectors and (e is None or len(e) != size))
    ]
    if not stale:
        return
    from assistant.core.journal import ledger_features

    fetched = coach.vectors.fetch([cols.ids[i] for i in stale])
    filled = {eid: ledger_features(event, vector) for eid, (event, vector) in fetched.items()}
    coach.sql.fill_features(filled)
    for i in stale:
        f = filled.get(cols.ids[i])
        if f is not None:  # a row the vector store lacks fails below, when it is selected
            cols.tags[i], cols.embeddings[i], cols.base[i] = f["tags"], f["embedding"], _base_score(f)


def _score(cols: LedgerColumns, focus_vec: np.ndarray | None, focus_tags: set[str], tag_weight: float) -> list[float]:
    if not cols.ids:
        return []
    if focus_vec is None:
        # No focus: prefer substantial evidence (measured outcomes, harder work), evenly across kinds.
        return [float(b or 0.0) for b in cols.base]
    import numpy as np  # imported when evidence is ranked, so a cached eval never loads it

    n = len(cols.ids)
    matrix = np.frombuffer(b"".join(cols.embeddings), dtype=np.float32).reshape(n, -1)
    sims = (matrix @ focus_vec).astype(np.float64)
    overlap = np.zeros(n)
    if focus_tags:
        tags = [t or "[]" for t in cols.tags]
        for tag in focus_tags:  # the tag as it appears in the stored JSON lists, found without parsing them
            quoted = json.dumps(tag, ensure_ascii=False)
            overlap += np.fromiter((quoted in t for t in tags), dtype=bool, count=n)
        overlap /= len(focus_tags)
    hinted = [KIND_HINTS[t] for t in focus_tags if t in KIND_HINTS]
    bonus = np.where(np.isin(np.array(cols.kinds), hinted), _TAG_KIND_BONUS, 0.0)
    return (sims + tag_weight * overlap + bonus).tolist()


def retrieve(
    coach: Coach,
    requester: str,
    subject: str,
    period: str | Period,
    focus: str | None = None,
    token_budget: int | None = None,
    *,
    pool: bool = False,
) -> RetrievalResult:
    """Evidence about ``subject`` that ``requester`` may see, balanced over ``period``.

    With ``pool`` the result also carries every visible event of the period and its score (``pool``,
    ``pool_scores``: what the evidence profile is built from); without it only the selected events are read
    from the vector store.

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
    focus_text = (focus or "").strip() or None
    focus_tags = set(tags_for(focus_text)) if focus_text else set()
    focus_vec = coach.embedding.embed([focus_text])[0] if focus_text else None
    cols = coach.sql.ranked_candidates(
        subject,
        span.start_ts,
        span.end_ts,
        decision.visibilities,
        embeddings=focus_vec is not None,
        tags=bool(focus_tags),
    )
    # A disputed event is never used silently: it is left out (and named in ``disputed``) until resolved.
    blocked = coach.growth.blocking(subject)
    disputed = {i: blocked[i].status for i in cols.ids if i in blocked}
    if disputed:
        keep = [n for n, i in enumerate(cols.ids) if i not in blocked]
        cols = LedgerColumns(*([column[n] for n in keep] for column in cols))
    _fill(coach, cols, focus_vec is not None, len(focus_vec) if focus_vec is not None else 0)
    scores = _score(cols, focus_vec, focus_tags, settings.tag_weight)
    picked = select_indices(cols.ids, cols.ts, cols.months, cols.kinds, scores, cols.tokens, budget)
    # only the selected events (or, for the evidence profile, the period's) are read from the vector store
    wanted = list(cols.ids) if pool else [cols.ids[n] for n in picked]
    fetched = coach.vectors.events(wanted)
    if len(fetched) != len(wanted):
        missing = sorted(set(wanted) - set(fetched))[:5]
        raise StoreError(
            f"the vector store lacks {len(wanted) - len(fetched)} ledger events (e.g. {missing}); "
            "run `coach verify` to repair"
        )
    # Defence in depth: the ledger filter already did this, the event itself must agree.
    picked = [n for n in picked if fetched[cols.ids[n]].visibility in decision.visibilities]
    selected = [fetched[cols.ids[n]] for n in picked]
    coverage = coverage_of_columns(
        span, cols.months, cols.kinds, selected, min_events=settings.min_events, min_months=settings.min_months
    )
    coverage.left_out_for_budget = len(cols.ids) - len(picked)
    result = RetrievalResult(
        requester_id=requester,
        relation=decision.relation,
        subject=SubjectInfo(**decision.subject.model_dump(include=set(SubjectInfo.model_fields))),
        period=span,
        focus=focus_text,
        focus_tags=sorted(focus_tags),
        token_budget=budget,
        tokens_used=sum(cols.tokens[n] for n in picked),
        encoding=coach.token_counter.name,
        events=[
            RetrievedEvent(**event.model_dump(), score=round(scores[n], 4), tokens=cols.tokens[n])
            for n, event in zip(picked, selected, strict=True)
        ],
        coverage=coverage,
        pool=[fetched[i] for i in cols.ids if fetched[i].visibility in decision.visibilities] if pool else [],
        pool_scores={i: round(sc, 4) for i, sc in zip(cols.ids, scores, strict=True)} if pool else {},
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
