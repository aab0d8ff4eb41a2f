"""The application container: settings plus lazily opened stores, embedding and token counter."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.core.config import Settings, load_settings

if TYPE_CHECKING:  # the stores are imported when first opened, so a command that needs none starts fast
    from assistant.core.embeddings import EmbeddingFunction
    from assistant.core.growth_store import GrowthStore
    from assistant.core.storage import SqlStore
    from assistant.core.tokenizer import TokenCounter
    from assistant.core.vectors import VectorStore

__all__ = ["Coach"]


class Coach:
    """One assistant instance over one data dir (or one database URL and one Chroma server).

    Opening it replays any ingest batch a crash left half-written, so every reader sees the SQL
    ledger and the vector store in agreement. Replaying holds the database's ``ingest`` lock, which every
    ingest holds while it writes: the batches of an ingest still running in another process are in flight,
    not crashed, and no other process touches them.
    """

    def __init__(self, settings: Settings | None = None, *, embedding: EmbeddingFunction | None = None) -> None:
        self.settings = settings or load_settings()
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._embedding = embedding
        self._recovered = False
        self._ingest_holder: int | None = None
        """The thread holding the ingest lock through :meth:`ingesting`, if one does."""

    @cached_property
    def sql(self) -> SqlStore:
        """People, users, objectives, event ledger, journal and audit log."""
        from assistant.core.database import PoolSettings
        from assistant.core.storage import SqlStore

        s = self.settings
        return SqlStore(
            s.resolved_database_url, pool=PoolSettings.from_settings(s), auto_upgrade=s.database_auto_upgrade
        )

    @cached_property
    def growth(self) -> GrowthStore:
        """The growth tables: ladder, learning catalog, openings, mentors, disputes, what was shown about whom."""
        from assistant.core.growth_store import GrowthStore

        return GrowthStore(self.sql)

    @cached_property
    def embedding(self) -> EmbeddingFunction:
        """The configured embedding function."""
        if self._embedding is not None:
            return self._embedding
        from assistant.core.embeddings import make_embedding

        s = self.settings
        return make_embedding(s.embedding, dim=s.embedding_dim, base_url=s.openai_base_url, api_key=s.openai_api_key)

    @cached_property
    def vectors(self) -> VectorStore:
        """Events and embeddings (Chroma)."""
        from assistant.core.vectors import VectorStore

        return VectorStore(self.settings, self.embedding.id)

    @cached_property
    def token_counter(self) -> TokenCounter:
        """Token counter for prompts and evidence packing."""
        from assistant.core.tokenizer import get_counter

        return get_counter(self.settings.token_model)

    def recover(self) -> int:
        """Finish ingest batches left half-written by a crash; returns how many were replayed.

        While another process ingests (it holds the ``ingest`` lock), its batches are its own: nothing is
        replayed, and the next read tries again.
        """
        from assistant.core.locks import LockBusy

        if self._ingest_holder == threading.get_ident():
            return self._replay()
        try:
            with self.sql.lock("ingest", wait_s=0):
                return self._replay()
        except LockBusy:
            return 0

    def _replay(self) -> int:
        from assistant.core.journal import replay_journal

        count = replay_journal(self)
        self._recovered = True
        return count

    @contextlib.contextmanager
    def ingesting(self, *, wait_s: float | None = None) -> Iterator[None]:
        """Hold the ``ingest`` lock for a whole ingest (after another process's ingest has finished).

        Raises:
            LockBusy: another ingest still ran after ``wait_s`` seconds.
        """
        if self._ingest_holder == threading.get_ident():  # nested: this thread holds it already
            yield
            return
        with self.sql.lock("ingest", wait_s=wait_s):
            self._ingest_holder = threading.get_ident()
            try:
                yield
            finally:
                self._ingest_holder = None

    def ensure_consistent(self) -> None:
        """Run recovery once per process before the first read."""
        if not self._recovered:
            self.recover()

    def ping_database(self) -> None:
        """One round trip to the SQL database (readiness); raises ``StoreError``."""
        self.sql.ping()

    def ping_vectors(self) -> None:
        """One round trip to the vector store (readiness); raises ``StoreError``."""
        self.vectors.ping()

    def open_all(self) -> None:
        """Open every lazy part now, so threads sharing this container never race to create them."""
        _ = self.sql, self.growth, self.embedding, self.vectors, self.token_counter

    def verify(self, *, wait_s: float | None = 600.0) -> dict[str, object]:
        """Finish half-written ingest batches, then compare the SQL ledger with the vector store.

        Waits (up to ``wait_s``) for an ingest running elsewhere to finish: its batch in flight is in the
        vector store and not yet in the ledger, which is not an inconsistency.
        """
        with self.ingesting(wait_s=wait_s):
            replayed = self.recover()
            ledger = self.sql.ledger_ids(include_excluded=False)
            vectors = self.vectors.ids()
        return {
            "replayed_batches": replayed,
            "ledger_events": len(ledger),
            "vector_events": len(vectors),
            "missing_in_vectors": sorted(ledger - vectors)[:20],
            "extra_in_vectors": sorted(vectors - ledger)[:20],
            "consistent": ledger == vectors,
        }
