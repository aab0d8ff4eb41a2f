"""Word-level differences between two drafts (characters for Chinese), for the report's side-by-side view."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

__all__ = ["changes_against"]

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z0-9_'’]+|\s+|.", re.DOTALL)


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def changes_against(reference: str, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """What ``text`` changed against ``reference``: spans of ``text`` that are new or rewritten, and
    ``(position in text, removed reference text)`` for what was dropped. Whitespace-only changes are ignored."""
    a, b = _tokens(reference), _tokens(text)
    matcher = SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    changed: list[tuple[int, int]] = []
    deleted: list[tuple[int, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if j2 > j1:
            start, end = b[j1][1], b[j2 - 1][1] + len(b[j2 - 1][0])
            if text[start:end].strip():
                changed.append((start, end))
        if i2 > i1 and op == "delete":
            removed = reference[a[i1][1] : a[i2 - 1][1] + len(a[i2 - 1][0])]
            if removed.strip():
                position = b[j1][1] if j1 < len(b) else len(text)
                deleted.append((position, removed))
    return changed, deleted
