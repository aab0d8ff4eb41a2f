"""A development path as a ``DraftResult``: how the evals read it (text, statements with citations, the
guardrail report) with the whole path kept in ``development``."""

from __future__ import annotations

from assistant.drafting.develop.model import DevelopmentPath
from assistant.drafting.schemas import DraftGuardrails, DraftResult, Statement, TemplateRef

__all__ = ["as_draft_result"]


def as_draft_result(path: DevelopmentPath, period: str) -> DraftResult:
    """The path's gaps become statements (each with its citations); nothing else is lost."""
    template = path.template or {}
    return DraftResult(
        id=path.id,
        task="development_path",
        requester_id=path.requester_id,
        subject_id=path.subject_id,
        subject_name=path.subject_name,
        period=period,
        language=path.language,
        text=path.text,
        statements=[Statement(section="development", text=g.text, event_ids=g.event_ids) for g in path.gaps],
        summary=path.summary,
        engine=path.engine,
        fallback_from=path.fallback_from,
        template=TemplateRef(
            id=str(template.get("id", "development_path")),
            version=int(template.get("version", 1)),  # type: ignore[call-overload]
            language=path.language,
            sha256=str(template.get("sha256", "")),
        ),
        guardrails=DraftGuardrails.model_validate(path.guardrails) if path.guardrails else None,
        notes=path.notes,
        cited_event_ids=path.cited_event_ids,
        development=path.model_dump(mode="json"),
    )
