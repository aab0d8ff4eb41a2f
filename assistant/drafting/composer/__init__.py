"""The offline grounded composer: deterministic drafts from the evidence profile, no model.

Every statement is built from the events it cites, so every number, date, name and project in it comes from
those events (a sum is the sum of one metric over them). Output uses the same pydantic models an LLM must
fill (``FeedbackDraft``, ``GoalSet``), so both engines are parsed, checked and stored the same way. One
module per job: ``feedback`` (what to say) with ``write`` / ``write_dev`` (how to say it), ``thin`` (the
thin-data form), ``revision`` (edits of a draft the user has) and ``goals``; ``voice`` is who a draft
speaks to and ``prose`` the small pieces of language they share.
"""

from assistant.drafting.composer.common import month_label
from assistant.drafting.composer.feedback import compose_feedback
from assistant.drafting.composer.goals import compose_goals, metric_baselines
from assistant.drafting.composer.revision import revise_offline
from assistant.drafting.composer.thin import compose_thin
from assistant.drafting.composer.voice import Audience, Voice

__all__ = [
    "Audience",
    "Voice",
    "compose_feedback",
    "compose_goals",
    "compose_thin",
    "metric_baselines",
    "month_label",
    "revise_offline",
]
