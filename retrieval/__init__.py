"""Retrieval: the only reader (and the writer) of evidence, on top of the stores in ``assistant.core``.

``retrieve`` selects a period's evidence for a draft; ``visible_events`` and ``read_event`` fetch events by
id with the same access checks; ``ingest_files`` validates and writes people, objectives and events;
``check_access`` decides who may see whom.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``retrieve`` is both a submodule and a function: importing the submodule first and binding the function
# after keeps ``retrieval.retrieve`` the function however the submodule is imported later.
from retrieval.retrieve import RetrievalResult, RetrievedEvent, SubjectInfo, retrieve

if TYPE_CHECKING:
    from retrieval.access import AccessDecision, check_access, reporting_line
    from retrieval.disputes import DisputeView, list_disputes, open_dispute, resolve_dispute
    from retrieval.evidence import read_event, visible_events
    from retrieval.ingest import IngestReport, ingest_files, ingest_models
    from retrieval.select import Coverage
    from retrieval.strength import evidence_counts

__all__ = [
    "AccessDecision",
    "Coverage",
    "DisputeView",
    "IngestReport",
    "RetrievalResult",
    "RetrievedEvent",
    "SubjectInfo",
    "check_access",
    "evidence_counts",
    "ingest_files",
    "ingest_models",
    "list_disputes",
    "open_dispute",
    "read_event",
    "reporting_line",
    "resolve_dispute",
    "retrieve",
    "visible_events",
]

_EXPORTS: dict[str, str] = {
    "AccessDecision": "retrieval.access",
    "Coverage": "retrieval.select",
    "DisputeView": "retrieval.disputes",
    "list_disputes": "retrieval.disputes",
    "open_dispute": "retrieval.disputes",
    "resolve_dispute": "retrieval.disputes",
    "IngestReport": "retrieval.ingest",
    "check_access": "retrieval.access",
    "evidence_counts": "retrieval.strength",
    "ingest_files": "retrieval.ingest",
    "ingest_models": "retrieval.ingest",
    "read_event": "retrieval.evidence",
    "reporting_line": "retrieval.access",
    "visible_events": "retrieval.evidence",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, so importing one submodule does not load every scorer."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
