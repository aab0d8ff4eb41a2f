"""Guardrail settings: the thresholds and blocking kinds a team configures (``[guardrails]`` in ``coach.toml``).

They live in core because settings are read before any stage runs; ``guardrails.Policy`` applies them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DIMENSIONS", "Dimension", "GuardrailSettings", "ThresholdOverrides", "Thresholds", "Verdict"]

Dimension = Literal["specificity", "balance", "bias", "grounding", "privacy", "recency", "injection"]
#: Every dimension, in the order reports list them.
DIMENSIONS: tuple[Dimension, ...] = ("specificity", "balance", "bias", "grounding", "privacy", "recency", "injection")
Verdict = Literal["pass", "revise", "block"]


class Thresholds(BaseModel):
    """A 0-100 threshold per dimension: a score below it triggers the verdict it belongs to."""

    model_config = ConfigDict(extra="forbid")

    specificity: int = Field(default=60, ge=0, le=100)
    balance: int = Field(default=50, ge=0, le=100)
    bias: int = Field(default=80, ge=0, le=100)
    """One personality label (-25) already sends a draft back."""
    grounding: int = Field(default=90, ge=0, le=100)
    privacy: int = Field(default=100, ge=0, le=100)
    recency: int = Field(default=60, ge=0, le=100)
    injection: int = Field(default=100, ge=0, le=100)


class ThresholdOverrides(BaseModel):
    """Partial thresholds: the dimensions given replace the defaults, the others are kept."""

    model_config = ConfigDict(extra="forbid")

    specificity: int | None = Field(default=None, ge=0, le=100)
    balance: int | None = Field(default=None, ge=0, le=100)
    bias: int | None = Field(default=None, ge=0, le=100)
    grounding: int | None = Field(default=None, ge=0, le=100)
    privacy: int | None = Field(default=None, ge=0, le=100)
    recency: int | None = Field(default=None, ge=0, le=100)
    injection: int | None = Field(default=None, ge=0, le=100)


def _never() -> Thresholds:
    return Thresholds(**{d: 0 for d in DIMENSIONS})


class GuardrailSettings(BaseModel):
    """Guardrail settings (``[guardrails]`` in ``coach.toml``)."""

    model_config = ConfigDict(extra="forbid")

    revise_below: Thresholds = Field(default_factory=Thresholds)
    """Scores below these send a draft back for revision."""
    block_below: Thresholds = Field(default_factory=_never)
    """Scores below these block a draft outright (default: never on score alone)."""
    block_kinds: list[str] = Field(
        default_factory=lambda: ["protected_attribute", "stereotype", "slur", "decision", "id_number"]
    )
    """Finding kinds that block a draft whatever the scores."""
    teams: dict[str, ThresholdOverrides] = Field(default_factory=dict)
    """Per-team overrides of ``revise_below``, by team name."""
    recent_weeks: int = Field(default=6, ge=1, le=26)
    """The recency window: the last this-many weeks of the review period."""
    recency_max_share: float = Field(default=0.5, gt=0, le=1)
    """Largest share of cited evidence that may fall in the recency window (raised for short periods)."""
