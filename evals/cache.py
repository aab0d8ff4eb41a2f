"""A disk cache of drafts keyed by everything that decides them, so a re-run costs nothing.

The key is the SHA-256 of a canonical JSON of: the template hashes (the task's and the revise template's),
the provider id, the complete request (incl. a transform's identity) and the repeat index, plus
fingerprints of the data (event content hashes and people), of the settings that change a draft and of
the drafting code. A value is the ``DraftResult`` JSON, written atomically (temp file + rename), so
concurrent runs and Ctrl-C never leave half a file behind. ``llm_rubric`` judge scores are cached the same
way (keyed by the judge, its endpoint, the rubric, the text and the language), so a re-run asks no judge.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.drafting.schemas import DraftResult

__all__ = ["DraftCache", "cache_key"]

_M = TypeVar("_M", bound=BaseModel)

CACHE_FORMAT = 1


def cache_key(parts: dict[str, Any]) -> str:
    """The SHA-256 of ``parts`` as canonical JSON."""
    blob = json.dumps({"format": CACHE_FORMAT, **parts}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class DraftCache:
    """``<dir>/<key[:2]>/<key>.json`` files holding ``DraftResult`` JSON."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, model: type[_M] = DraftResult) -> _M | None:  # type: ignore[assignment]
        """The cached value (a draft unless ``model`` says otherwise), or None (a corrupt entry is a miss)."""
        path = self._path(key)
        try:
            value = model.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, draft: BaseModel) -> None:
        """Store ``draft`` (or any pydantic value) under ``key`` atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(draft.model_dump_json())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
