"""Regular expressions compiled on first use.

The guardrails hold well over a hundred patterns, many of them long alternations for one language only.
Python compiles a pattern in Python code, so compiling them all at import was a third of a one-shot
``coach check``, most of it for patterns the text at hand never reaches (the Chinese ones for an English
draft, and the reverse). A ``LazyPattern`` is written where ``re.compile`` was and behaves like the compiled
pattern: the first attribute asked for compiles it, and from then on its methods are plain attributes.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]

_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """``re.compile(pattern, flags)``, done when the pattern is first used (thread-safe: compiling twice is
    harmless, both results are equal)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        compiled = re.compile(self.pattern, self._flags)
        for name in _BOUND:
            self.__dict__[name] = getattr(compiled, name)
        self.__dict__.update(flags=compiled.flags, groups=compiled.groups, groupindex=compiled.groupindex)
        return compiled

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags})"
