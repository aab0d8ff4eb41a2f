"""Retrieval: ingestion, embeddings, the Chroma store, access control and period-balanced selection."""

from retrieval.access import AccessDecision, check_access
from retrieval.ingest import IngestReport, ingest_files, ingest_models
from retrieval.retrieve import RetrievalResult, RetrievedEvent, retrieve

__all__ = [
    "AccessDecision",
    "IngestReport",
    "RetrievalResult",
    "RetrievedEvent",
    "check_access",
    "ingest_files",
    "ingest_models",
    "retrieve",
]
