"""The evidence profile: one person's period as structure (outcomes, collaboration, development, context,
themes of what people said), built from every event the requester may see. See ``model.py``."""

from assistant.drafting.profile.build import build_profile, quarter_of
from assistant.drafting.profile.metrics import MetricInfo, format_value, metric_info
from assistant.drafting.profile.model import (
    ActivitySummary,
    ContextNote,
    EvidenceProfile,
    MetricFact,
    RemarkFact,
    ThemeSummary,
)
from assistant.drafting.profile.prompt import prompt_profile
from assistant.drafting.profile.themes import strip_critique

__all__ = [
    "ActivitySummary",
    "ContextNote",
    "EvidenceProfile",
    "MetricFact",
    "MetricInfo",
    "RemarkFact",
    "ThemeSummary",
    "build_profile",
    "format_value",
    "metric_info",
    "prompt_profile",
    "quarter_of",
    "strip_critique",
]
