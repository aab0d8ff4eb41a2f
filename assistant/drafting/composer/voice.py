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
