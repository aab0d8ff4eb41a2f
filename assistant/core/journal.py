"""The ingest journal: a write-ahead log that keeps the SQL ledger and the vector store in agreement.

A batch of events is journaled in SQL, written to the vector store, then its ledger rows are committed and
its journal entry closed in one transaction. A crash at any point leaves a journal entry that
:func:`replay_journal` finishes when the container next opens, so no reader sees the two stores disagree.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

from assistant.core.models import WorkEvent

if TYPE_CHECKING:
    import numpy as np

    from assistant.core.container import Coach

__all__ = ["FAULT_ENV", "apply_batch", "digest", "ledger_features", "replay_journal"]

#: Environment hook for the crash-consistency tests: exit hard after the Nth batch's vector write.
FAULT_ENV = "COACH_FAULT_EXIT_AFTER_VECTOR_BATCH"


def ledger_features(event: WorkEvent, embedding: np.ndarray | None) -> dict[str, Any]:
    """What retrieval ranks an event by, stored on its ledger row (see ``EventRow``)."""
    if embedding is not None:
        import numpy as np  # imported when there is a vector to store, so a command that ingests nothing never loads it

    return {
        "month": event.month,
        "tags": json.dumps(list(event.tags), ensure_ascii=False),
        "has_metrics": bool(event.metrics),
        "has_project": bool(event.project),
        "complexity": event.complexity,
        "embedding": None if embedding is None else np.asarray(embedding, dtype=np.float32).tobytes(),
    }


def _ledger_row(event: WorkEvent, digest: str, tokens: int, embedding: np.ndarray | None) -> dict[str, Any]:
    return {
        "id": event.id,
        "person_id": event.person_id,
        "ts": event.ts,
        "kind": event.kind,
        "visibility": event.visibility,
        "tokens": tokens,
        "content_hash": digest,
    } | ledger_features(event, embedding)


def apply_batch(
    coach: Coach,
    journal_id: int,
    events: list[WorkEvent],
    payloads: list[str],
    maybe_stored: set[str] | None = None,
    prepared: tuple[list[int], np.ndarray] | None = None,
) -> None:
    """Write one journaled batch to the vector store, then commit its ledger rows.

    ``payloads`` are the events' JSON; ``maybe_stored`` the ids that may already be in the vector store
    (``None``: any of them), so an event newly opted out of AI use is deleted there; ``prepared`` the
    token counts and embeddings of the visible events when a worker computed them already.
    """
    visible = [i for i, e in enumerate(events) if e.visibility != "excluded_from_ai"]
    excluded = [
        e.id for e in events if e.visibility == "excluded_from_ai" and (maybe_stored is None or e.id in maybe_stored)
    ]
    if prepared is None:
        texts = [events[i].as_text() for i in visible]
        prepared = (
            coach.token_counter.count_many(texts),
            coach.embedding.embed(texts, [events[i].tags for i in visible]),
        )
    tokens, vectors = prepared
    if visible:
        coach.vectors.upsert([events[i] for i in visible], vectors, [payloads[i] for i in visible])
    if excluded:
        coach.vectors.delete(excluded)  # opted out: the text never stays in the vector store
    token_of = dict(zip((events[i].id for i in visible), tokens, strict=True))
    vector_of = {events[i].id: vectors[j] for j, i in enumerate(visible)}
    rows = [
        _ledger_row(e, digest(js), token_of.get(e.id, 0), vector_of.get(e.id))
        for e, js in zip(events, payloads, strict=True)
    ]
    _maybe_crash()
    coach.sql.journal_commit(journal_id, rows)
    if excluded:  # opting out is retroactive: the event's text leaves stored drafts and chat messages too
        from assistant.core.redaction import redact_withdrawn

        withdrawn = set(excluded)
        redact_withdrawn(coach.sql, [e for e in events if e.id in withdrawn])


def digest(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


_batches_written = 0


def _maybe_crash() -> None:
    global _batches_written
    _batches_written += 1
    limit = os.environ.get(FAULT_ENV)
    if limit and _batches_written >= int(limit):
        os._exit(86)  # simulate a crash between the vector write and the ledger commit


def replay_journal(coach: Coach) -> int:
    """Finish every journaled batch (idempotent); returns how many were replayed."""
    pending = coach.sql.journal_pending()
    for journal_id, payload in pending:
        events = [WorkEvent.model_validate(item) for item in payload]
        apply_batch(coach, journal_id, events, [e.model_dump_json() for e in events])
    return len(pending)
