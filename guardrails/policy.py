"""Policy: per-dimension thresholds (overridable per team) that turn scores and findings into a verdict.

``block`` when a finding's kind is in ``block_kinds`` (by default a protected attribute, a stereotype, a
slur, a decision on rating/pay/promotion/ranking, or an identity number) or a score is below its
``block_below`` threshold; ``revise`` when a score is below its ``revise_below`` threshold (team
overrides first); else ``pass``.

In ``coach.toml``::

    [guardrails.revise_below]
    specificity = 70

    [guardrails.teams.Sales]      # partial: only the dimensions named change for this team
    specificity = 50
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assistant.core.guardrail_settings import GuardrailSettings, ThresholdOverrides, Thresholds
from guardrails.models import DIMENSIONS, Dimension, Finding, Verdict

__all__ = ["GuardrailSettings", "Policy", "ThresholdOverrides", "Thresholds"]


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
