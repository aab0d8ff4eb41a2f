"""Who a draft speaks to: the employee (second person, ready to paste) or the manager (third-person notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.core.periods import Period

__all__ = ["Audience", "Voice"]

Audience = Literal["employee", "manager"]


@dataclass(frozen=True)
class Voice:
    """Language, audience and tone of one draft, and how it names its subject."""

    lang: str
    audience: Audience
    tone: str
    name: str
    """The subject's name as the draft uses it: the first name in English, the full name in Chinese."""
    period: Period
    author: str | None = None
    """Who writes the draft (the requester's name): their own remarks are "I" / "我" in a draft to the person."""

    def is_author(self, speaker: str | None) -> bool:
        """Whether ``speaker`` ("王磊", "Alice") is the draft's author writing to the person."""
        if not (speaker and self.author and self.to_employee):
            return False
        return speaker in (self.author, self.author.split()[0])

    def who(self, speakers: list[str]) -> list[str]:
        """The speakers as the draft names them: the author as "I" / "我", last ("Priya and I")."""
        others = [s for s in speakers if not self.is_author(s)]
        return others + (["我" if self.zh else "I"] if len(others) < len(speakers) else [])

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    @property
    def to_employee(self) -> bool:
        return self.audience == "employee"

    @property
    def subject(self) -> str:
        """ "you" / "Carla" / "你" / "李娜"."""
        if self.to_employee:
            return "你" if self.zh else "you"
        return self.name

    @property
    def Subject(self) -> str:
        subject = self.subject
        return subject[:1].upper() + subject[1:] if not self.zh else subject

    @property
    def possessive(self) -> str:
        """ "your" / "Carla's" / "你的" / "李娜的"."""
        if self.zh:
            return f"{self.subject}的"
        return "your" if self.to_employee else f"{self.name}'s"

    @property
    def warm(self) -> bool:
        return self.tone == "warm"
