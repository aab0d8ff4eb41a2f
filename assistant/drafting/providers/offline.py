"""The offline engine: the deterministic grounded composer behind the provider interface."""

from __future__ import annotations

import time
from datetime import date

from pydantic import BaseModel

from assistant.core.errors import ProviderError
from assistant.core.models import WorkEvent
from assistant.core.periods import Period
from assistant.drafting.composer import Voice, compose_feedback, compose_goals, compose_thin, revise_offline
from assistant.drafting.profile import EvidenceProfile, build_profile
from assistant.drafting.providers.base import DraftContext, Generation
from assistant.drafting.providers.offline_directives import apply_directives
from assistant.drafting.schemas import FeedbackDraft, ThinNote
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
        if context.task == "feedback_draft" and schema is ThinNote:
            profile = opts.profile or _profile_of(context, events)
            parsed: BaseModel = compose_thin(profile, _usable(events, profile), _voice(context, profile))
        elif context.task == "feedback_draft":
            profile = opts.profile or _profile_of(context, events)
            parsed = compose_feedback(
                profile,
                _usable(events, profile),
                context.scores,
                _voice(context, profile),
                length=opts.length,
                focus=opts.focus,
            )
        elif context.task == "goal_proposals" and opts.goal_plan is not None:
            parsed = opts.goal_plan
        elif context.task == "goal_proposals":
            parsed = compose_goals(
                context.subject_name,
                opts.skills,
                opts.objectives,
                events,
                lang=context.language,
                interests=opts.interests,
            )
        elif context.task == "development_path":
            from assistant.drafting.develop.write import write_offline

            parsed = write_offline(opts.development, self_view=opts.audience == "employee")  # type: ignore[arg-type]
        elif context.task == "revise_with_findings":
            if not isinstance(opts.previous, FeedbackDraft):
                raise ProviderError("the offline engine revises feedback drafts only")
            profile = opts.profile or _profile_of(context, events)
            parsed = revise_offline(
                opts.previous,
                opts.findings,
                events,
                voice=_voice(context, profile),
                profile=profile,
                scores=context.scores,
                instruction=opts.instruction,
                add_event_ids=opts.add_event_ids,
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


def _usable(events: list[WorkEvent], profile: EvidenceProfile) -> list[WorkEvent]:
    """The events the profile was built from: the offline engine never writes from an instruction-like one."""
    known = set(profile.event_ids)
    return [e for e in events if e.id in known] if known else list(events)


def _period_of(context: DraftContext) -> Period:
    if context.options.period is not None:
        return context.options.period
    days = sorted(e.occurred_at.date() for e in context.events) or [date.today()]
    return Period(label=f"{days[0]}..{days[-1]}", start=days[0], end=days[-1])


def _profile_of(context: DraftContext, events: list[WorkEvent]) -> EvidenceProfile:
    """A profile from the context's events alone (callers that did not build one)."""
    return build_profile(
        events,
        subject_id=context.events[0].person_id if context.events else "",
        subject_name=context.subject_name,
        period=_period_of(context),
        lang=context.language,
    )


def _voice(context: DraftContext, profile: EvidenceProfile) -> Voice:
    return Voice(
        lang="zh" if context.language == "zh" else "en",
        audience=context.options.audience,
        tone=context.options.tone,
        name=context.subject_name,
        period=_period_of(context),
        author=context.options.author,
    )
