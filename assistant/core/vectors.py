"""The vector store: work events and their embeddings in ChromaDB.

Embedded by default (``PersistentClient`` under the data dir); a Chroma server through ``HttpClient``
when ``chroma_host`` is set. Each record carries the event's JSON in its ``event`` metadata field, so the
event can be rebuilt exactly, beside the fields a Chroma user filters on (person_id, ts, kind,
visibility). Records have no ``documents``: embedded Chroma 1.x fills its full-text index with every
document even when the schema disables it, which halves write throughput. Embeddings are always
computed by our own embedding function and passed in: Chroma's default function would download a model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from assistant.core.config import Settings
from assistant.core.errors import StoreError
from assistant.core.models import WorkEvent

__all__ = ["VectorStore"]

T = TypeVar("T")


def _schema() -> object | None:
    """Cosine space; HNSW built lighter than the default because retrieval scores candidates exactly."""
    try:
        from chromadb import FtsIndexConfig, HnswIndexConfig, Schema, VectorIndexConfig
    except ImportError:  # older chromadb without Schema
        return None
    schema = Schema()
    schema.delete_index(config=FtsIndexConfig(), key="#document")
    schema.create_index(
        config=VectorIndexConfig(space="cosine", hnsw=HnswIndexConfig(ef_construction=64, max_neighbors=12))
    )
    return schema


class VectorStore:
    """Events + embeddings in one Chroma collection."""

    def __init__(self, settings: Settings, embedding_id: str) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        self._settings = settings
        self._chroma_settings = chroma_settings
        self._reopen_lock = threading.Lock()
        try:
            if settings.chroma_host:
                self.client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
                )
                self.location = f"http://{settings.chroma_host}:{settings.chroma_port}"
            else:
                settings.chroma_path.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
                self.location = str(settings.chroma_path)
        except Exception as exc:
            raise StoreError(
                f"cannot open the Chroma store at {settings.chroma_host or settings.chroma_path}: {exc}"
            ) from exc
        try:
            self.collection = self.client.get_or_create_collection(
                settings.chroma_collection,
                embedding_function=None,
                schema=_schema(),
                metadata={"embedding": embedding_id},
            )
        except Exception as exc:
            raise StoreError(
                f"cannot open Chroma collection {settings.chroma_collection!r} at {self.location}: {exc}"
            ) from exc
        built_with = (self.collection.metadata or {}).get("embedding")
        if built_with and built_with != embedding_id:
            raise StoreError(
                f"the Chroma collection {settings.chroma_collection!r} holds {built_with!r} embeddings but "
                f"the embedding setting is {embedding_id!r}; use the original setting or a new data dir / "
                "collection and ingest again"
            )
        self.embedding_id = embedding_id

    def upsert(self, events: Sequence[WorkEvent], embeddings: np.ndarray, payloads: Sequence[str]) -> None:
        """Insert or replace events (``payloads``: each event's JSON) with their embeddings."""
        if not events:
            return
        self.collection.upsert(
            ids=[e.id for e in events],
            embeddings=embeddings,
            metadatas=[
                {"person_id": e.person_id, "ts": e.ts, "kind": e.kind, "visibility": e.visibility, "event": js}
                for e, js in zip(events, payloads, strict=True)
            ],
        )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove events (unknown ids are ignored)."""
        if ids:
            self.collection.delete(ids=list(ids))

    def _reopen(self) -> None:
        """Drop this process's cached view of the embedded store and open it again from disk.

        Embedded Chroma keeps the segment state it loaded in memory; after another process (``coach
        ingest`` beside a running ``coach serve``) writes to the same folder, reads by id fail with
        "Error finding id" until the store is opened again.
        """
        import chromadb
        from chromadb.api.shared_system_client import SharedSystemClient

        identifier = str(self._settings.chroma_path)
        SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self.client = chromadb.PersistentClient(path=identifier, settings=self._chroma_settings)
        self.collection = self.client.get_collection(self._settings.chroma_collection)

    def _read(self, op: Callable[[], T]) -> T:
        """Run a read; if the embedded store's in-memory view is stale, reopen it once and retry."""
        from chromadb.errors import InternalError

        collection = self.collection
        try:
            return op()
        except InternalError:
            if self._settings.chroma_host:
                raise
            with self._reopen_lock:
                if self.collection is collection:  # another thread may have reopened it already
                    self._reopen()
            return op()

    def fetch(self, ids: Sequence[str]) -> dict[str, tuple[WorkEvent, np.ndarray]]:
        """Events and embeddings by id (missing ids are simply absent)."""
        if not ids:
            return {}
        got = self._read(lambda: self.collection.get(ids=list(ids), include=["metadatas", "embeddings"]))
        out: dict[str, tuple[WorkEvent, np.ndarray]] = {}
        for eid, meta, emb in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True):
            out[eid] = (WorkEvent.model_validate_json(str(meta["event"])), np.asarray(emb, dtype=np.float32))
        return out

    def events(self, ids: Sequence[str]) -> dict[str, WorkEvent]:
        """Events by id, without their embeddings (missing ids are simply absent)."""
        if not ids:
            return {}
        got = self._read(lambda: self.collection.get(ids=list(ids), include=["metadatas"]))
        return {
            eid: WorkEvent.model_validate_json(str(meta["event"]))
            for eid, meta in zip(got["ids"], got["metadatas"], strict=True)
        }

    def ids(self) -> set[str]:
        """Every id in the collection (for consistency checks)."""
        out: set[str] = set()
        offset, page = 0, 10_000
        while True:
            got = self._read(lambda at=offset: self.collection.get(include=[], limit=page, offset=at))
            out.update(got["ids"])
            if len(got["ids"]) < page:
                return out
            offset += page

    def count(self) -> int:
        """Number of events stored."""
        return self._read(lambda: self.collection.count())

    def ping(self) -> None:
        """One round trip to the store (readiness checks); raises ``StoreError`` when it fails."""
        try:
            self._read(lambda: self.collection.count())
        except Exception as exc:
            detail = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise StoreError(f"cannot reach the Chroma store at {self.location}: {detail}") from None
