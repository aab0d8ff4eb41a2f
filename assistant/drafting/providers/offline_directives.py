"""How the offline stand-in simulates a prompt version's instructions.

The offline composer writes from the events alone and never reads the prompt text, so two prompt versions
would give identical offline drafts. A template's metadata header may carry an ``offline:`` block (inline
YAML) of directives that the :class:`~assistant.providers.offline.OfflineProvider` applies to the
composer's output. They are a stand-in for what an LLM following that version's instructions would do, so
an eval suite can compare versions offline; a real model reads the prompt itself and ignores them.

================  =============================================================================
directive         effect on the composed draft
================  =============================================================================
``cite: false``   every statement (and goal) loses its event ids, as if the prompt did not ask
                  for citations
``sections``      keep only these sections, e.g. ``[strength]``: an unbalanced draft
``hedge: true``   each statement becomes generic praise or criticism with no situation,
                  behaviour or result: a vague draft
``max_statements`` keep at most this many statements
================  =============================================================================
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.core.errors import ProviderError
from assistant.drafting.schemas import FeedbackDraft, GoalSet
from prompts.directives import DIRECTIVES

__all__ = ["DIRECTIVES", "apply_directives"]


_HEDGED = {
    "en": {
        "strength": "{name} is a great team player and does solid work.",
        "development": "{name} needs to improve communication skills.",
        "next_step": "Keep up the good work.",
    },
    "zh": {
        "strength": "{name}工作认真负责，表现不错。",
        "development": "{name}的沟通能力有待提高。",
        "next_step": "继续保持。",
    },
}


def apply_directives(parsed: BaseModel, directives: dict[str, Any], *, subject_name: str, lang: str) -> BaseModel:
    """``parsed`` changed as ``directives`` say; unknown directives raise ``ProviderError``."""
    if not directives:
        return parsed
    unknown = sorted(set(directives) - DIRECTIVES)
    if unknown:
        raise ProviderError(f"unknown offline directive(s) {unknown}; known: {sorted(DIRECTIVES)}")
    if isinstance(parsed, GoalSet):
        if directives.get("cite") is False:
            goals = [g.model_copy(update={"event_ids": []}) for g in parsed.goals]
            return parsed.model_copy(update={"goals": goals})
        return parsed
    if not isinstance(parsed, FeedbackDraft):
        return parsed
    statements = list(parsed.statements)
    sections = directives.get("sections")
    if sections:
        kept = [s for s in statements if s.section in set(sections)]
        statements = kept or statements[:1]
    if directives.get("hedge"):
        phrases = _HEDGED.get(lang, _HEDGED["en"])
        statements = [s.model_copy(update={"text": phrases[s.section].format(name=subject_name)}) for s in statements]
    if directives.get("cite") is False:
        statements = [s.model_copy(update={"event_ids": []}) for s in statements]
    limit = directives.get("max_statements")
    if isinstance(limit, int) and limit > 0:
        statements = statements[:limit]
    return parsed.model_copy(update={"statements": statements})
