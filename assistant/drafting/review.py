"""Draft review: a manager's own text -> guardrail findings plus the key events it leaves out."""

from __future__ import annotations

import re
import time

from assistant.core.container import Coach
from assistant.core.errors import BadInput
from assistant.core.periods import parse_period
from assistant.drafting.notes import dispute_note
from assistant.drafting.request import DraftRequest
from assistant.drafting.schemas import DraftGuardrails, DraftResult, TemplateRef, Usage
from guardrails import Policy, check_text
from prompts import render
from retrieval import RetrievedEvent, retrieve

__all__ = ["missing_key_events", "review"]

_WORD = re.compile(r"[a-z0-9][a-z0-9-]{3,}|[\u4e00-\u9fff]{2,}", re.IGNORECASE)
_STOP = {"with", "from", "that", "this", "into", "their", "over", "team", "after", "before", "first", "about"}


def _key_terms(event: RetrievedEvent) -> set[str]:
    terms = {w.lower() for w in _WORD.findall(event.title) if w.lower() not in _STOP}
    if event.project:
        terms.add(event.project.lower())
    for metric in event.metrics.values():
        terms.add(f"{metric.value:g}")
    return terms


def _mentioned(event: RetrievedEvent, text: str) -> bool:
    lowered = text.lower()
    terms = _key_terms(event)
    if not terms:
        return False
    hits = sum(1 for t in terms if t in lowered)
    cjk_title = re.sub(r"[^\u4e00-\u9fff]", "", event.title)
    # Chinese titles: any 4-character run of the title counts as a mention
    if len(cjk_title) >= 4 and any(cjk_title[i : i + 4] in text for i in range(len(cjk_title) - 3)):
        return True
    return hits >= max(1, min(2, len(terms) // 2))


def _weight(event: RetrievedEvent) -> float:
    missed = any(m.met_target is False for m in event.metrics.values())
    return (
        event.score
        + 0.3 * bool(event.metrics)
        + 0.3 * missed
        + {"high": 0.2, "medium": 0.1}.get(event.complexity or "", 0.0)
        + {"outcome": 0.2, "collaboration": 0.1, "development": 0.05}.get(event.kind, 0.0)
    )


def missing_key_events(text: str, events: list[RetrievedEvent], limit: int = 5) -> list[RetrievedEvent]:
    """The most substantial events (measured, missed targets, hard work) that the text does not mention."""
    ranked = sorted(events, key=lambda e: (-_weight(e), e.occurred_at, e.id))
    return [e for e in ranked if not _mentioned(e, text)][:limit]


def review(coach: Coach, request: DraftRequest) -> DraftResult:
    """Check a manager's draft against the guardrails and the evidence; store the review."""
    started = time.perf_counter()
    text = (request.draft_text or "").strip()
    if not text:
        raise BadInput("the draft to review is empty")
    requester, subject, period = request.requester, request.subject, request.period
    span = parse_period(period)
    result = retrieve(coach, requester, subject, span, focus=request.focus, token_budget=6000)
    lang = request.language or _language_of(text)
    names = [result.subject.name, *result.subject.name.split()]
    report = check_text(
        text,
        lang=lang,
        evidence=list(result.events),
        visible_event_ids={e.id for e in result.events},
        people_names=names,
        period=span,
        team=result.subject.team,
        policy=Policy.from_settings(coach.settings),
    )
    missing = missing_key_events(text, list(result.events))
    prompt = render(
        "draft_review",
        lang,
        {
            "subject_name": result.subject.name,
            "period": period,
            "draft": text,
            "findings": [f.contract() for f in report.findings],
            "events": [{"id": e.id, "title": e.title} for e in missing],
        },
    )
    first = result.subject.name.split()[0] if " " in result.subject.name else result.subject.name
    notes = dispute_note(result.disputed, lang, first)
    if result.coverage.not_enough_data:
        notes.append(("数据不足：" if lang == "zh" else "Not enough data: ") + "; ".join(result.coverage.reasons))
    if lang == "zh":
        summary = f"发现 {len(report.findings)} 个问题；草稿未提及 {len(missing)} 个关键事件。结论：{report.verdict}。"
    else:
        summary = (
            f"{len(report.findings)} findings; the draft leaves out {len(missing)} key events. "
            f"Verdict: {report.verdict}."
        )
    draft = DraftResult(
        task="draft_review",
        requester_id=requester,
        subject_id=result.subject.id,
        subject_name=result.subject.name,
        period=period,
        language=lang,
        text=text,
        summary=summary,  # type: ignore[arg-type]
        evidence=[e.model_dump(mode="json") for e in result.events],
        coverage=result.coverage,
        engine="offline",
        template=TemplateRef(
            id=prompt.template.id,
            version=prompt.template.version,
            language=prompt.template.language,
            sha256=prompt.template.sha256,
        ),
        guardrails=DraftGuardrails(**report.model_dump(), checked_text=text),
        missing_events=[e.model_dump(mode="json") for e in missing],
        notes=notes,
        usage=Usage(overhead_ms=round((time.perf_counter() - started) * 1000, 2)),
    )
    draft.id = coach.sql.save_draft(draft)
    return draft


def _language_of(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return "zh" if cjk > len(text) * 0.15 else "en"
