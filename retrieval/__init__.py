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
    from retrieval.evidence import read_event, visible_events
    from retrieval.ingest import IngestReport, ingest_files, ingest_models
    from retrieval.select import Coverage

__all__ = [
    "AccessDecision",
    "Coverage",
    "IngestReport",
    "RetrievalResult",
    "RetrievedEvent",
    "SubjectInfo",
    "check_access",
    "ingest_files",
    "ingest_models",
    "read_event",
    "reporting_line",
    "retrieve",
    "visible_events",
]

_EXPORTS: dict[str, str] = {
    "AccessDecision": "retrieval.access",
    "Coverage": "retrieval.select",
    "IngestReport": "retrieval.ingest",
    "check_access": "retrieval.access",
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
