"""Hashed word and character n-grams for the learned model, computed with numpy (no per-n-gram Python).

A polynomial hash over code points with prefix sums gives every substring's hash in O(1): position-weighted
prefix sums ``G`` and the inverse powers of the (odd) base make ``hash(a, b) = (G[b] - G[a]) * P^-a`` mod
2^64, so all n-grams of a statement are hashed in a few vector operations. Digits fold to ``0`` and ASCII
letters to lower case first, so "35 tickets" and "12 tickets" share features.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["hashed_features"]

_P = np.uint64(1_000_003)
_P_INV = np.uint64(pow(1_000_003, -1, 2**64))
_MAX = 512
_POW = np.ones(_MAX + 1, dtype=np.uint64)  # P^0 .. P^MAX (mod 2^64)
_POW[1:] = np.cumprod(np.full(_MAX, _P, dtype=np.uint64), dtype=np.uint64)
_INV = np.ones(_MAX + 1, dtype=np.uint64)
_INV[1:] = np.cumprod(np.full(_MAX, _P_INV, dtype=np.uint64), dtype=np.uint64)
_DIGIT = re.compile(r"\d")
_EN_WORD = re.compile(r"[a-z][a-z']*")
_SALT = {1: 0x9E37, 2: 0x85EB, 3: 0xC2B2, 4: 0x27D4, 5: 0x1656, "w": 0x4CF5, "b": 0x7A64}
_CHAR_N = {"zh": (1, 2, 3), "en": (3, 4, 5)}


def _mix(h: np.ndarray, salt: int, dims: int) -> np.ndarray:
    h = h ^ (h >> np.uint64(31))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(29))
    return ((h + np.uint64(salt)) % np.uint64(dims)).astype(np.int64)


def hashed_features(text: str, lang: str, dims: int) -> np.ndarray:
    """Sorted unique feature indices in ``[0, dims)`` of one statement (canonical text expected)."""
    text = " " + _DIGIT.sub("0", text.lower().strip())[: _MAX - 2] + " "
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    n = len(codes)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(codes * _POW[:n], dtype=np.uint64, out=prefix[1:])
    parts = []
    for size in _CHAR_N["zh" if lang == "zh" else "en"]:
        if n >= size:
            starts = np.arange(n - size + 1)
            h = (prefix[starts + size] - prefix[starts]) * _INV[starts]
            parts.append(_mix(h, _SALT[size], dims))
    if lang != "zh":
        spans = [(m.start(), m.end()) for m in _EN_WORD.finditer(text)]
        if spans:
            a = np.array([s for s, _ in spans])
            b = np.array([e for _, e in spans])
            words = (prefix[b] - prefix[a]) * _INV[a]
            parts.append(_mix(words, _SALT["w"], dims))
            if len(spans) > 1:
                bigrams = words[:-1] * np.uint64(31) + words[1:]
                parts.append(_mix(bigrams, _SALT["b"], dims))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(parts))
