"""What the drafting chain puts into a prompt: output schemas, quoted events, the coverage note, and
which inputs the chosen template version takes."""

from __future__ import annotations

import json
from functools import lru_cache

from assistant.core.errors import BadInput
from assistant.core.periods import Period, parse_period
from assistant.drafting.request import DraftRequest
from assistant.drafting.schemas import FeedbackDraft, GoalSet, ThinNote
from guardrails import neutralise
from prompts import PromptEvent, get_template
from prompts import inputs as prompt_inputs
from retrieval import RetrievalResult, RetrievedEvent

SCHEMAS: dict[str, type[FeedbackDraft] | type[GoalSet] | type[ThinNote]] = {
    "feedback_draft": FeedbackDraft,
    "goal_proposals": GoalSet,
    "thin_note": ThinNote,
}


@lru_cache(maxsize=8)
def schema_json(task: str) -> str:
    """The output schema as JSON text for the prompt (built once per task, not per draft)."""
    return json.dumps(SCHEMAS[task].model_json_schema(), ensure_ascii=False)


def quote_events(events: list[RetrievedEvent]) -> tuple[list[PromptEvent], list[str]]:
    """Events as prompt data with instruction-like text neutralised; returns notes on what was removed."""
    out, notes = [], []
    for e in events:
        title, f1 = neutralise(e.title)
        description, f2 = neutralise(e.description)
        # A metric's name is event text too: an instruction hidden there must not reach the model verbatim.
        metrics, f3 = {}, []
        for name, metric in e.metrics.items():
            clean, found = neutralise(name)
            metrics[clean] = metric.model_dump(exclude_none=True)
            f3 += found
        if f1 or f2 or f3:
            notes.append(f"instruction-like text removed from event {e.id} before prompting")
        out.append(
            PromptEvent(
                id=e.id,
                date=f"{e.occurred_at:%Y-%m-%d}",
                source=e.source,
                kind=e.kind,
                project=e.project,
                title=title,
                description=description,
                metrics=metrics,
                visibility=e.visibility,
            )
        )
    return out, notes


def coverage_note(result: RetrievalResult, lang: str) -> str:
    cov = result.coverage
    if lang == "zh":
        return (
            f"共 {cov.available_events} 条可见事件，选用 {cov.selected_events} 条，覆盖 {cov.months_selected}/"
            f"{cov.months_in_period} 个月，近 6 周占比 {cov.recent_share:.0%}。"
        )
    return (
        f"{cov.selected_events} of {cov.available_events} visible events, covering {cov.months_selected} of "
        f"{cov.months_in_period} months; {cov.recent_share:.0%} from the last 6 weeks."
    )


def takes_input(req: DraftRequest, lang: str, name: str) -> bool:
    """Whether the template the request will render declares input ``name`` (v2 does, v1 does not)."""
    info = get_template(req.task, lang, req.prompt_version, req.prompts_dir)
    return name in getattr(prompt_inputs, info.inputs).model_fields


def overlaps(label: str, period: Period) -> bool:
    try:
        other = parse_period(label)
    except BadInput:
        return False
    return other.start <= period.end and period.start <= other.end
