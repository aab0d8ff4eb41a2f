"""Terminal rendering (rich) of people, evidence and coverage, in English or Chinese."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.i18n import t
from assistant.models import Person
from retrieval.retrieve import RetrievalResult

__all__ = ["render_coverage", "render_evidence", "render_people"]

_BAR = "▁▂▃▄▅▆▇█"


def render_people(console: Console, people: list[Person], lang: str) -> None:
    """A table of people with their manager and role."""
    table = Table(title=t("people_title", lang))
    for col in ("id", "name", "language", "team", "level", "manager_id", "role"):
        table.add_column(col)
    for p in people:
        table.add_row(p.id, p.name, p.language, p.team, p.level, p.manager_id or "-", p.role)
    console.print(table)


def render_coverage(console: Console, result: RetrievalResult, lang: str) -> None:
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


def render_evidence(console: Console, result: RetrievalResult, lang: str, limit: int | None = None) -> None:
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
    render_coverage(console, result, lang)
