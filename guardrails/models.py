"""What the guardrails return: findings with character spans, per-dimension scores and a verdict."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.guardrail_settings import DIMENSIONS, Dimension, Verdict

__all__ = ["DIMENSIONS", "Dimension", "Finding", "GuardrailReport", "JudgeScore", "Verdict"]


class Finding(BaseModel):
    """One problem in a text, with where it is and how to fix it.

    ``text[start:end] == finding.text`` always holds for the text that was checked. A finding about the
    draft as a whole (e.g. ``no_next_step``) has an empty span at the end of the text: that is where the
    missing part would go.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    dimension: Dimension
    kind: str
    """What is wrong, e.g. ``vague``, ``personality``, ``protected_attribute``, ``unsupported``."""
    start: int = Field(ge=0)
    """Offset of the first character (Python string index into the checked text)."""
    end: int = Field(ge=0)
    """Offset one past the last character."""
    text: str
    """The flagged span, ``text[start:end]``."""
    message: str
    """Why it is a problem, in the text's language."""
    suggestion: str
    """A concrete rewrite hint, in the text's language."""
    statement_index: int | None = None
    """The statement it belongs to: an index into the caller's ``statements`` when given, else into the
    text's sentences; ``None`` for findings about the whole draft."""

    def contract(self) -> dict[str, Any]:
        """The finding as the JSON contract lists it (no statement index)."""
        return {
            "dimension": self.dimension,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


class JudgeScore(BaseModel):
    """An LLM judge's opinion of a text: shown beside the deterministic scores, never instead of them."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=0, le=100)
    rationale: str = ""


class GuardrailReport(BaseModel):
    """The guardrails' verdict on one text."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[Dimension, int]
    """0-100 per dimension, all seven always present; a dimension that does not apply scores 100."""
    findings: list[Finding] = Field(default_factory=list)
    """Problems in the checked text, ordered by position."""
    verdict: Verdict
    language: Literal["en", "zh"]
    not_applicable: list[Dimension] = Field(default_factory=list)
    """Dimensions that could not be measured (e.g. grounding without evidence, recency without a period)."""
    evidence_findings: dict[str, list[Finding]] = Field(default_factory=dict)
    """Instruction-like text inside evidence events, by event id; spans index that event's ``as_text()``."""
    team: str | None = None
    """The team whose thresholds decided the verdict."""
    judge: JudgeScore | None = None
    """The optional LLM judge's score, beside (never replacing) the deterministic ones."""
    judge_error: str | None = None
    """Why the judge gave no score, when it failed."""

    def by_dimension(self, dimension: Dimension) -> list[Finding]:
        """The findings of one dimension."""
        return [f for f in self.findings if f.dimension == dimension]

    def kinds(self) -> set[str]:
        """The distinct finding kinds in the checked text."""
        return {f.kind for f in self.findings}

    def to_contract(self) -> dict[str, Any]:
        """The JSON contract of ``coach check --json``: scores, findings and verdict (plus ``not_applicable``)."""
        return {
            "scores": {d: self.scores[d] for d in DIMENSIONS},
            "findings": [f.contract() for f in self.findings],
            "verdict": self.verdict,
            "not_applicable": list(self.not_applicable),
        }
