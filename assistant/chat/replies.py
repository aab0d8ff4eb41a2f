"""What a chat reply says: drafts with numbered statements and citations, scores, findings, coverage, sources.

Plain text with light markdown, in the reply's language; the terminal and the web page show it as it is,
and the OpenAI-compatible API returns it as the message content.
"""

from __future__ import annotations

from typing import Any

from assistant.chat.strings import say
from assistant.core.models import Person

__all__ = ["actions_for", "clarify_options", "draft_text", "sources_text"]

_DIMENSIONS = ("specificity", "balance", "bias", "grounding", "privacy", "recency", "injection")
_FINDINGS_SHOWN = 8


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ":"


def _scores_line(guardrails: dict[str, Any], lang: str) -> str:
    scores = guardrails.get("scores") or {}
    skipped = set(guardrails.get("not_applicable") or [])
    parts = [f"{say('score.' + d, lang)} {scores[d]}" for d in _DIMENSIONS if d in scores and d not in skipped]
    verdict = guardrails.get("verdict") or "pass"
    return say("line.guardrails", lang, verdict=say("verdict." + verdict, lang), scores=" · ".join(parts))


def _findings(guardrails: dict[str, Any], lang: str) -> list[str]:
    findings = guardrails.get("findings") or []
    if not findings:
        return [say("line.no_findings", lang)]
    lines = [say("line.findings", lang)]
    for f in findings[:_FINDINGS_SHOWN]:
        where = f" (#{f['statement_index'] + 1})" if isinstance(f.get("statement_index"), int) else ""
        quoted = f.get("text") or ""
        quoted = quoted if len(quoted) <= 80 else quoted[:79] + "…"
        span = f" “{quoted}”" if quoted else ""
        lines.append(
            f"- {f.get('dimension')}/{f.get('kind')}{where}:{span} — {f.get('message')} → {f.get('suggestion')}"
        )
    if len(findings) > _FINDINGS_SHOWN:
        lines.append(f"- … +{len(findings) - _FINDINGS_SHOWN}")
    return lines


def _coverage_line(coverage: dict[str, Any], lang: str) -> str | None:
    months = list(coverage.get("months") or [])
    while months and not months[-1]["available"]:  # months still to come say nothing
        months.pop()
    while months and not months[0]["available"]:
        months.pop(0)
    if not months:
        return None
    compact = " · ".join(f"{m['month'][2:]} {m['selected']}/{m['available']}" for m in months)
    return say("line.coverage", lang, months=compact)


def _statements(draft: dict[str, Any], lang: str) -> list[str]:
    lines: list[str] = []
    section = None
    for n, s in enumerate(draft.get("statements") or [], start=1):
        if s["section"] != section:
            section = s["section"]
            if lines:
                lines.append("")
            lines.append(say("section." + section, lang) + _colon(lang))
        cite = f" [{', '.join(s['event_ids'])}]" if s.get("event_ids") else ""
        lines.append(f"{n}. {s['text']}{cite}")
    return lines


def draft_text(draft: dict[str, Any], kind: str, lang: str) -> str:
    """The whole reply for a draft, a revision, goal proposals or a review of the user's own text."""
    name, period = draft["subject_name"], draft["period"]
    head = {"draft": "head.feedback", "revision": "head.revision", "goals": "head.goals", "review": "head.review"}[kind]
    lines = [f"**{say(head, lang, name=name, period=period)}**", ""]
    guardrails = draft.get("guardrails") or {}
    withheld = guardrails.get("verdict") == "block" and kind != "review"
    if withheld:
        lines += [say("line.withheld", lang), ""]
    elif kind == "review":
        lines += [draft.get("summary") or "", ""]
        missing = draft.get("missing_events") or []
        if missing:
            lines.append(say("line.missing", lang))
            lines += [f"- [{e['id']}] {str(e.get('occurred_at', ''))[:10]} {e.get('title', '')}" for e in missing]
            lines.append("")
    elif kind == "goals":
        lines += [draft.get("text") or "", ""]
    else:
        if draft.get("summary"):
            lines += [draft["summary"], ""]
        lines += [*_statements(draft, draft.get("language") or lang), ""]
    lines.append(_scores_line(guardrails, lang))
    lines += _findings(guardrails, lang)
    if coverage := _coverage_line(draft.get("coverage") or {}, lang):
        lines.append(coverage)
    notes = draft.get("notes") or []
    if notes:
        lines.append(say("line.notes", lang))
        lines += [f"- {n}" for n in notes]
    lines.append(say("line.draft_id", lang, id=draft.get("id"), engine=draft.get("engine")))
    return "\n".join(lines).strip()


def sources_text(item_text: str | None, index: int | None, events: list[dict[str, Any]], lang: str) -> str:
    """The statement (or the whole draft) and the events it cites, each with its date, kind and text."""
    lines = [f"**{say('head.sources', lang, n=index + 1) if index is not None else say('head.sources_all', lang)}**"]
    if item_text:
        lines += ["", item_text]
    lines.append("")
    if not events:
        lines.append(say("line.no_citations", lang))
    for e in events:
        when = str(e.get("occurred_at", ""))[:10]
        project = f" · {e['project']}" if e.get("project") else ""
        lines.append(f"- [{e['id']}] {when} · {e.get('kind')} · {e.get('source')}{project}: {e.get('title')}")
        if e.get("description"):
            lines.append(f"  {e['description']}")
    return "\n".join(lines).strip()


def clarify_options(people: list[Person], limit: int = 20) -> str:
    """One line per person the user may see: name, id and team."""
    lines = [f"- {p.name} ({p.id}, {p.team})" for p in people[:limit]]
    if len(people) > limit:
        lines.append(f"- … +{len(people) - limit}")
    return "\n".join(lines)


def _action(action_id: str, lang: str) -> dict[str, str]:
    return {"id": action_id, "label": say("action." + action_id, lang), "message": say("msg." + action_id, lang)}


def actions_for(kind: str, lang: str, draft: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """Suggested next steps for a reply."""
    if kind in ("draft", "revision") and draft is not None:
        tone_action = "warmer" if _looks_direct(draft, lang) else "direct"
        out = [_action("accept", lang), _action("shorter", lang), _action(tone_action, lang)]
        if draft.get("statements"):
            out.append(_action("sources", lang))
        return out
    if kind == "goals":
        return [_action("accept", lang), _action("sources", lang)]
    if kind in ("review", "sources", "accepted", "refusal", "clarify"):
        return [_action("help", lang)]
    return []


_DIRECT_PREFIXES = ("Strength — ", "To develop — ", "Next step — ", "优势：", "待改进：", "下一步：")


def _looks_direct(draft: dict[str, Any], lang: str) -> bool:
    """Whether the offline composer's direct tone is in use (then the next tone to offer is warmer)."""
    return any(st["text"].startswith(_DIRECT_PREFIXES) for st in draft.get("statements") or [])
