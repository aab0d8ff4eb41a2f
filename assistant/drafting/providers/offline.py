"""The offline engine: the deterministic grounded composer behind the provider interface."""

from __future__ import annotations

import time

from pydantic import BaseModel

from assistant.core.errors import ProviderError
from assistant.drafting.composer import compose_feedback, compose_goals, revise_offline
from assistant.drafting.providers.base import DraftContext, Generation
from assistant.drafting.providers.offline_directives import apply_directives
from assistant.drafting.schemas import FeedbackDraft
from guardrails.injection import scan_events
from prompts.renderer import RenderedPrompt

__all__ = ["OfflineProvider"]


class OfflineProvider:
    """Writes drafts from the retrieved events alone; ignores the prompt text. No network, no model."""

    id = "offline"

    def generate(self, prompt: RenderedPrompt, schema: type[BaseModel], context: DraftContext) -> Generation:
        """Compose the task's output from ``context``."""
        started = time.perf_counter()
        opts = context.options
        # An event whose text tries to instruct the writer is for a person to look at, not evidence to cite.
        poisoned = scan_events(context.events)
        events = [e for e in context.events if e.id not in poisoned]
        if context.task == "feedback_draft":
            parsed: BaseModel = compose_feedback(
                context.subject_name,
                events,
                context.scores,
                lang=context.language,
                tone=opts.tone,
                length=opts.length,
            )
        elif context.task == "goal_proposals":
            parsed = compose_goals(
                context.subject_name,
                opts.skills,
                opts.objectives,
                events,
                lang=context.language,
                interests=opts.interests,
            )
        elif context.task == "revise_with_findings":
            if not isinstance(opts.previous, FeedbackDraft):
                raise ProviderError("the offline engine revises feedback drafts only")
            parsed = revise_offline(
                opts.previous,
                opts.findings,
                context.events,
                lang=context.language,
                instruction=opts.instruction,
                add_event_ids=opts.add_event_ids,
                name=context.subject_name,
            )
        else:
            raise ProviderError(f"the offline engine has no composer for task {context.task!r}")
        directives = getattr(prompt.template, "offline", None)
        if directives and context.task in ("feedback_draft", "goal_proposals"):
            # the template's ``offline:`` header: how this stand-in simulates the version's instructions
            parsed = apply_directives(parsed, directives, subject_name=context.subject_name, lang=context.language)
        if not isinstance(parsed, schema):
            raise ProviderError(f"offline composer produced {type(parsed).__name__}, expected {schema.__name__}")
        return Generation(
            parsed=parsed,
            raw=parsed.model_dump_json(),
            engine="offline",
            method="offline",
            latency_ms=(time.perf_counter() - started) * 1000,
        )
