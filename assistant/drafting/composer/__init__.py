"""The offline grounded composer: deterministic drafts from retrieved events, no model.

Every statement is built from the events it cites, in Situation-Behaviour-Impact form, so every number,
date, name and project in a statement comes from the cited events. Output uses the same pydantic models an
LLM must fill (``FeedbackDraft``, ``GoalSet``), so both engines are parsed, checked and stored the same way.
One module per job: ``feedback``, ``goals`` and ``revision``; ``common`` holds what they share.
"""

from assistant.drafting.composer.common import month_label
from assistant.drafting.composer.feedback import compose_feedback
from assistant.drafting.composer.goals import compose_goals, metric_baselines
from assistant.drafting.composer.revision import revise_offline

__all__ = ["compose_feedback", "compose_goals", "metric_baselines", "month_label", "revise_offline"]
