"""Deterministic train / held-out assignment, shared by the training script and the benchmark.

A text's split depends only on its SHA-1, so re-running the training never moves a held-out comment into
training, and the benchmark can tell which SWSR comments the model has not seen.
"""

from __future__ import annotations

import hashlib

__all__ = ["HELD_OUT_SHARE", "is_held_out"]

#: One text in five is held out (never trained or tuned on).
HELD_OUT_SHARE = 5


def is_held_out(text: str) -> bool:
    """Whether ``text`` belongs to the held-out split (about 20% of texts, fixed by their hash)."""
    digest = hashlib.sha1(text.strip().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % HELD_OUT_SHARE == 0
