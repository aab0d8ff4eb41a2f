"""``DraftRequest``: what a user asked the drafting chains for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.drafting.schemas import Audience, FeedbackDraft, Length, Tone
from retrieval import RetrievedEvent

__all__ = ["DraftRequest", "Task"]

Task = Literal["feedback_draft", "goal_proposals", "draft_review"]


@dataclass
class DraftRequest:
    """What a user asked for."""

    task: Task
    requester: str
    subject: str
    period: str
    focus: str | None = None
    language: str | None = None
    tone: Tone = "direct"
    length: Length = "medium"
    audience: Audience = "employee"
    """Who the feedback is written to: the employee (second person) or the manager (third-person notes)."""
    interests: str | None = None
    draft_text: str | None = None
    instruction: str | None = None
    token_budget: int | None = None
    prompt_version: int | None = None
    """Render this version of the task's template (default: the newest)."""
    prompts_dir: str | None = None
    """An extra folder of ``<task>/v<N>.<lang>.j2`` templates (an eval suite's), besides ``prompts/``."""
    transform_events: Callable[[list[RetrievedEvent]], list[RetrievedEvent]] | None = None
    """Applied to the retrieved events before rendering and guardrails (eval counterfactuals, injections)."""
    subject_alias: str | None = None
    """Call the subject this name in the prompt and the guardrails (eval counterfactual name swaps)."""
    store: bool = True
    """Save the result to the drafts table (eval runs pass False so they stay out of ``coach history``)."""
    previous: FeedbackDraft | None = None
    """A draft to revise with ``instruction`` instead of composing a new one (chat revisions are cumulative)."""
    include_event_ids: list[str] | None = None
    """Events that must be in the evidence (access-checked; e.g. the event a revision adds a statement for)."""
    fallback: bool = True
    """When the LLM fails, write with the offline engine (labelled ``fallback_from``); False: raise the error."""
    llm_budget_s: float | None = None
    """Seconds the LLM may spend on this draft, every call and retry included (None: ``llm_budget_s`` setting)."""
    as_of: date | None = None
    """Goals: the evidence as it stood on this day, not the period's end (a set drafted at the half's start)."""
