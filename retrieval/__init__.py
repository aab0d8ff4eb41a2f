"""Retrieval: the only reader (and the writer) of evidence, on top of the stores in ``assistant.core``.

``retrieve`` selects a period's evidence for a draft; ``visible_events`` and ``read_event`` fetch events by
id with the same access checks; ``ingest_files`` validates and writes people, objectives and events;
``check_access`` decides who may see whom.
"""

from retrieval.access import AccessDecision, check_access, reporting_line
from retrieval.evidence import read_event, visible_events
from retrieval.ingest import IngestReport, ingest_files, ingest_models
from retrieval.retrieve import RetrievalResult, RetrievedEvent, SubjectInfo, retrieve
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
