"""Embedding functions: an offline hashing embedding (en + zh) and an OpenAI-compatible endpoint.

The hashing embedding needs no download: it hashes word unigrams and bigrams (Latin script),
character unigrams and bigrams (CJK) and bilingual competency tags into a fixed-size signed vector.
The tags put "collaboration" and 协作 on shared dimensions, so focus text in one language still finds
events written in the other.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

import numpy as np

from assistant.core.competencies import tags_for
from assistant.core.errors import ConfigError, ProviderError

__all__ = ["EmbeddingFunction", "HashingEmbedding", "OpenAIEmbedding", "make_embedding"]

_LATIN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SLOT_CACHE = 200_000
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ed", "es", "ly", "s")


class EmbeddingFunction(Protocol):
    """Turns texts into L2-normalised vectors; ``id`` names the model so stores can refuse a mix."""

    id: str
    dim: int

    def embed(self, texts: Sequence[str], tags: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """One float32 row per text; ``tags`` are competency tags already computed for each text."""
        ...


def _stem(word: str) -> str:
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


def _features(text: str, tags: Sequence[str] | None = None) -> list[tuple[str, float]]:
    text = unicodedata.normalize("NFKC", text).lower()
    feats: list[tuple[str, float]] = []
    words = [_stem(w) for w in _LATIN.findall(text)]
    feats.extend((w, 1.0) for w in words)
    feats.extend((f"{a} {b}", 0.5) for a, b in pairwise(words))
    for run in _CJK.findall(text):
        feats.extend((ch, 0.6) for ch in run)
        feats.extend((run[i : i + 2], 1.0) for i in range(len(run) - 1))
    feats.extend((f"#tag:{tag}", 2.0) for tag in (tags_for(text) if tags is None else tags))
    return feats


class HashingEmbedding:
    """Deterministic lexical embedding; no model, no network, same vector on every machine."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.id = f"hashing-v1-{dim}"
        self._slots: dict[str, tuple[int, float]] = {}

    def _slot(self, feat: str) -> tuple[int, float]:
        slot = self._slots.get(feat)
        if slot is None:
            h = zlib.crc32(feat.encode("utf-8"))
            slot = (h % self.dim, 1.0 if (h >> 31) & 1 else -1.0)
            if len(self._slots) >= _SLOT_CACHE:
                self._slots.clear()
            self._slots[feat] = slot
        return slot

    def embed_one(self, text: str, tags: Sequence[str] | None = None) -> np.ndarray:
        """The vector of one text."""
        counts: dict[int, float] = {}
        slot = self._slot
        for feat, weight in _features(text, tags):
            index, sign = slot(feat)
            counts[index] = counts.get(index, 0.0) + sign * weight
        vec = np.zeros(self.dim, dtype=np.float32)
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            val = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            vec[idx] = np.sign(val) * np.log1p(np.abs(val))
            norm = float(np.linalg.norm(vec))
            if norm > 0 and math.isfinite(norm):
                vec /= norm
        return vec

    def embed(self, texts: Sequence[str], tags: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """One row per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.embed_one(text, None if tags is None else tags[i])
        return out


class OpenAIEmbedding:
    """Any OpenAI-compatible ``/embeddings`` endpoint (OpenAI, Azure, vLLM, Ollama, ...)."""

    def __init__(
        self,
        model: str,
        *,
        client: object | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        batch_size: int = 256,
    ) -> None:
        if client is None:
            from openai import OpenAI

            client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=30, max_retries=3)
        self._client = client
        self._model = model
        self._batch = batch_size
        self.id = f"openai:{model}"
        self.dim = 0  # learnt from the first response

    def embed(self, texts: Sequence[str], tags: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Embeds in batches (``tags`` are not used); rows are normalised so cosine is a dot product."""
        rows: list[list[float]] = []
        for start in range(0, len(texts), self._batch):
            chunk = list(texts[start : start + self._batch])
            try:
                response = self._client.embeddings.create(model=self._model, input=chunk)  # type: ignore[attr-defined]
            except Exception as exc:
                raise ProviderError(f"embeddings endpoint failed for model {self._model!r}: {exc}") from exc
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        self.dim = matrix.shape[1] if len(rows) else self.dim
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms


def make_embedding(
    spec: str, *, dim: int = 256, base_url: str | None = None, api_key: str | None = None
) -> EmbeddingFunction:
    """Build the embedding named by ``spec``: ``hashing`` or ``openai:<model>``."""
    if spec == "hashing":
        return HashingEmbedding(dim)
    if spec.startswith("openai:") and len(spec) > len("openai:"):
        return OpenAIEmbedding(spec.split(":", 1)[1], base_url=base_url, api_key=api_key)
    raise ConfigError(f"embedding {spec!r} is unknown; use 'hashing' or 'openai:<model>'")
