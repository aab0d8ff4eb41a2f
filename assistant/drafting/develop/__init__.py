"""Development paths: the gap between a person's evidence and a target role on the ladder, what can close each
gap (courses, a stretch project or rotation, an opted-in mentor), and a 90-day plan with check-ins."""

from __future__ import annotations

from assistant.drafting.develop.engine import development_path
from assistant.drafting.develop.model import DevelopmentPath, PathGap, PathWriting, PlanStep, Strength

__all__ = ["DevelopmentPath", "PathGap", "PathWriting", "PlanStep", "Strength", "development_path"]
