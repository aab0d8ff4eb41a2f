"""Folding before the injection scan: NFKC, zero-width characters, homoglyphs and identifier separators.

"Ｉｇｎｏｒｅ", "Ig\u200bnore", "Іgnore" (Cyrillic І) and a metric named ``ignore_previous_instructions`` must
all read as "ignore ..." to the scanner. :func:`fold` returns the folded text and, per folded character,
the offset of the original character it came from, so findings still index the original text.
"""

from __future__ import annotations

import unicodedata

from guardrails.patterns import LazyPattern

__all__ = ["fold"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
# Cyrillic and Greek letters that look like Latin ones.
_HOMOGLYPHS = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеіјорсѕхуԁһӏΑΒΕΗΙΚΜΝΟΡΤΧΥΖαοιντυ",
    "ABCEHIJKMOPSTXYaeijopcsxydhlABEHIKMNOPTXYZaoivtu",
)
# Characters worth a closer look: zero-width, homoglyphs, full-width ASCII letters and digits, ligatures,
# mathematical alphanumerics, enclosed alphanumerics and identifier separators.
_SUSPECT = LazyPattern(
    "[" + _ZERO_WIDTH + "АВСЕНІЈКМОРЅТХУаеіјорсѕхуԁһӏΑΒΕΗΙΚΜΝΟΡΤΧΥΖαοιντυ"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\ufb00-\ufb06\u2460-\u24ff\U0001d400-\U0001d7ff_]"
)


def fold(text: str) -> tuple[str, list[int] | None]:
    """``(folded text, original offset per folded character)``; the map is ``None`` when nothing changed
    (the common case, checked with one regex search)."""
    if (text.isascii() and "_" not in text) or not _SUSPECT.search(text):
        return text, None
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _ZERO_WIDTH:
            continue
        if ch == "_":
            folded = " "
        else:
            folded = unicodedata.normalize("NFKC", ch).translate(_HOMOGLYPHS) if not ch.isascii() else ch
        for piece in folded:
            out.append(piece)
            origin.append(i)
    return "".join(out), origin
