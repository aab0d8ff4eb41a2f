"""What the CLI shows in the terminal (rich): people, evidence and coverage, drafts and their guardrails, en or zh."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.core.i18n import t
from assistant.core.models import Person
from retrieval.retrieve import RetrievalResult

__all__ = ["show_coverage", "show_draft", "show_evidence", "show_guardrails", "show_people"]

_BAR = "▁▂▃▄▅▆▇█"


def show_people(console: Console, people: list[Person], lang: str) -> None:
    """A table of people with their manager and role."""
    table = Table(title=t("people_title", lang))
    for col in ("id", "name", "language", "team", "level", "manager_id", "role"):
        table.add_column(col)
    for p in people:
        table.add_row(p.id, p.name, p.language, p.team, p.level, p.manager_id or "-", p.role)
    console.print(table)


def show_coverage(console: Console, result: RetrievalResult, lang: str) -> None:
    """Month bars (selected/available), counts per kind, and the not-enough-data verdict."""
    cov = result.coverage
    peak = max((m.available for m in cov.months), default=0) or 1
    line = Text()
    for m in cov.months:
        level = 0 if not m.available else 1 + round((len(_BAR) - 2) * m.available / peak)
        line.append(_BAR[level] if m.available else "·", style="green" if m.selected else "dim")
    console.print(Text(t("coverage", lang) + ": ", style="bold") + line)
    console.print("  " + "  ".join(f"{m.month[2:]}:{m.selected}/{m.available}" for m in cov.months))
    kinds = ", ".join(f"{t('kind.' + k, lang)} {v.selected}/{v.available}" for k, v in cov.by_kind.items())
    console.print(f"{t('by_kind', lang)}: {kinds}")
    console.print(
        t(
            "summary",
            lang,
            selected=cov.selected_events,
            available=cov.available_events,
            months=cov.months_selected,
            total=cov.months_in_period,
            tokens=result.tokens_used,
            budget=result.token_budget,
            recent=cov.recent_share,
        )
    )
    if cov.not_enough_data:
        console.print(Text(t("not_enough", lang, reasons="; ".join(cov.reasons)), style="bold yellow"))
    else:
        console.print(Text(t("enough", lang), style="green"))


def show_evidence(console: Console, result: RetrievalResult, lang: str, limit: int | None = None) -> None:
    """The selected events as a table, then their coverage."""
    console.rule(t("evidence_for", lang, name=result.subject.name, period=result.period.label))
    console.print(
        t("requested_by", lang, requester=result.requester_id, relation=t("relation." + result.relation, lang))
        + (f" · {t('focus', lang, focus=result.focus)}" if result.focus else "")
    )
    table = Table(show_lines=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column(t("col_date", lang), no_wrap=True)
    table.add_column(t("col_kind", lang), no_wrap=True)
    table.add_column(t("col_source", lang), no_wrap=True)
    table.add_column(t("col_title", lang), overflow="fold")
    table.add_column(t("col_score", lang), justify="right")
    table.add_column(t("col_tokens", lang), justify="right")
    shown = result.events if limit is None else result.events[:limit]
    for e in shown:
        flag = " 🔒" if e.visibility == "private" else ""
        table.add_row(
            e.id,
            f"{e.occurred_at:%Y-%m-%d}",
            t("kind." + e.kind, lang),
            e.source,
            e.title + flag,
            f"{e.score:.2f}",
            str(e.tokens),
        )
    console.print(table)
    if limit is not None and len(result.events) > limit:
        console.print(f"… +{len(result.events) - limit}")
    show_coverage(console, result, lang)


def show_guardrails(console: Console, report: dict, lang: str) -> None:
    """Scores per dimension, the verdict, and each finding with its suggestion."""
    if not report:
        return
    verdict = report.get("verdict", "?")
    style = {"pass": "green", "revise": "yellow", "block": "red"}.get(verdict, "white")
    scores = "  ".join(f"{d} {v}" for d, v in report.get("scores", {}).items())
    console.print(
        Text(("护栏" if lang == "zh" else "Guardrails") + f" [{verdict}]  ", style=f"bold {style}") + Text(scores)
    )
    for f in report.get("findings", [])[:12]:
        console.print(
            f"  • {f['dimension']}/{f['kind']}: “{f['text']}” — {f['message']} → {f['suggestion']}",
            highlight=False,
            markup=False,
        )


def show_draft(console: Console, draft) -> None:  # type: ignore[no-untyped-def]
    """A stored or fresh ``DraftResult``: text with citations, evidence, coverage, guardrails, provenance."""
    lang = draft.language
    titles = {
        "feedback_draft": ("Feedback draft", "反馈草稿"),
        "goal_proposals": ("Goal proposals", "目标建议"),
        "draft_review": ("Draft review", "草稿审阅"),
    }[draft.task]
    console.rule(f"{titles[1] if lang == 'zh' else titles[0]}: {draft.subject_name} ({draft.period})")
    if draft.task == "draft_review":
        console.print(draft.summary, highlight=False)
    else:
        console.print(draft.text, highlight=False, markup=False, soft_wrap=True)
    if draft.notes:
        # a grid, so a long Chinese note wraps beside its "!" instead of starting on the next line
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column(overflow="fold")
        for note in draft.notes:
            notes.add_row(Text("!", style="yellow"), Text(note, style="yellow"))
        console.print(notes)
    if draft.missing_events:
        console.print(Text("未提及的关键事件：" if lang == "zh" else "Key events the draft leaves out:", style="bold"))
        for e in draft.missing_events:
            console.print(f"  - [{e['id']}] {e['occurred_at'][:10]} {e['title']}", highlight=False, markup=False)
    cited = set(draft.cited_event_ids)
    if cited:
        console.print(Text("引用的证据：" if lang == "zh" else "Cited evidence:", style="bold"))
        for e in draft.evidence:
            if e["id"] in cited:
                console.print(
                    f"  [{e['id']}] {e['occurred_at'][:10]} {e['source']}/{e['kind']}: {e['title']}",
                    highlight=False,
                    markup=False,
                )
    if draft.guardrails is not None:
        show_guardrails(console, draft.guardrails.model_dump(mode="json"), lang)
    template = f"{draft.template.id}@v{draft.template.version}.{draft.template.language}" if draft.template else "-"
    engine = draft.engine + (f" (fallback from {draft.fallback_from})" if draft.fallback_from else "")
    console.print(
        Text(
            f"id {draft.id} · engine {engine} · prompt {template} · tokens {draft.usage.prompt_tokens}+"
            f"{draft.usage.completion_tokens} · revisions {draft.revisions}",
            style="dim",
        )
    )
