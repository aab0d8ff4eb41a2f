"""The capability catalog (``capabilities.yaml``): what a capability goal can be about, and how to tell.

A person's interests and 1:1 aspirations are matched against each capability's patterns, never pasted into
a goal: the goal is the capability's concrete action with a measurable key result, in the reader's language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Capability", "capabilities", "matching"]

_FILE = Path(__file__).with_name("capabilities.yaml")


class _Bi(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Capability(BaseModel):
    """One capability a goal can grow (see the header of ``capabilities.yaml`` for the fields)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: _Bi
    match: str
    gaps: str = ""
    topics: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    evidence: str = ""
    activity: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    count: tuple[int, int, int]
    counts: bool = True
    action: _Bi
    kr: _Bi
    first_step: _Bi

    def matches(self, text: str) -> bool:
        """Whether ``text`` (an interest, an aspiration) asks for this capability."""
        return bool(text) and re.search(self.match, text, re.IGNORECASE) is not None

    def answers_gap(self, text: str, topic: str | None) -> bool:
        """Whether a critique (its text or its topic) is a gap this capability closes."""
        if topic and topic in self.topics:
            return True
        return bool(self.gaps) and re.search(self.gaps, text, re.IGNORECASE) is not None

    def shows_in(self, text: str) -> bool:
        """Whether an event's text is an earlier example of this capability."""
        return bool(self.evidence) and re.search(self.evidence, text, re.IGNORECASE) is not None


@cache
def capabilities() -> tuple[Capability, ...]:
    """The catalog, validated once."""
    rows = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    out = []
    for n, row in enumerate(rows, start=1):
        try:
            out.append(Capability.model_validate(row))
        except ValueError as exc:  # a broken catalog is a bug in this repository: say which entry
            raise ValueError(f"{_FILE.name} entry {n} ({row.get('id')!r}): {exc}") from exc
    return tuple(out)


def matching(text: str) -> list[Capability]:
    """The capabilities ``text`` asks for, in catalog order."""
    return [c for c in capabilities() if c.matches(text)]
