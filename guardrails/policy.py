"""Policy: per-dimension thresholds (overridable per team) that turn scores and findings into a verdict.

``block`` when a finding's kind is in ``block_kinds`` (by default any protected attribute or identity
number) or a score is below its ``block_below`` threshold; ``revise`` when a score is below its
``revise_below`` threshold (team overrides first); else ``pass``.

In ``coach.toml``::

    [guardrails.revise_below]
    specificity = 70

    [guardrails.teams.Sales]      # partial: only the dimensions named change for this team
    specificity = 50
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from guardrails.models import DIMENSIONS, Dimension, Finding, Verdict

__all__ = ["GuardrailSettings", "Policy", "ThresholdOverrides", "Thresholds"]


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
    block_kinds: list[str] = Field(default_factory=lambda: ["protected_attribute", "id_number"])
    """Finding kinds that block a draft whatever the scores."""
    teams: dict[str, ThresholdOverrides] = Field(default_factory=dict)
    """Per-team overrides of ``revise_below``, by team name."""
    recent_weeks: int = Field(default=6, ge=1, le=26)
    """The recency window: the last this-many weeks of the review period."""
    recency_max_share: float = Field(default=0.5, gt=0, le=1)
    """Largest share of cited evidence that may fall in the recency window (raised for short periods)."""


class Policy:
    """Decides ``pass | revise | block`` from scores and findings under :class:`GuardrailSettings`."""

    def __init__(self, settings: GuardrailSettings | None = None) -> None:
        self.settings = settings or GuardrailSettings()

    @classmethod
    def from_settings(cls, settings: object) -> Policy:
        """The policy of an ``assistant.config.Settings`` (its ``guardrails`` field) or of guardrail settings."""
        guardrails = getattr(settings, "guardrails", settings)
        return cls(guardrails if isinstance(guardrails, GuardrailSettings) else None)

    def thresholds(self, team: str | None = None) -> dict[Dimension, int]:
        """The revise thresholds for ``team`` (defaults where the team does not override)."""
        base = self.settings.revise_below.model_dump()
        override = self.settings.teams.get(team) if team else None
        if override is not None:
            base.update({k: v for k, v in override.model_dump().items() if v is not None})
        return base  # type: ignore[return-value]

    def verdict(
        self,
        scores: Mapping[Dimension, int],
        findings: Iterable[Finding],
        team: str | None = None,
        not_applicable: Iterable[Dimension] = (),
    ) -> Verdict:
        """``block`` on a blocking kind or a score under ``block_below``; ``revise`` under the team's thresholds."""
        skip = set(not_applicable)
        blocking = set(self.settings.block_kinds)
        if any(f.kind in blocking for f in findings):
            return "block"
        floor = self.settings.block_below.model_dump()
        if any(scores[d] < floor[d] for d in DIMENSIONS if d not in skip):
            return "block"
        limits = self.thresholds(team)
        if any(scores[d] < limits[d] for d in DIMENSIONS if d not in skip):
            return "revise"
        return "pass"
