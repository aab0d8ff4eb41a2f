"""Terminal output of the growth commands: team signals, receipts and disputes (en + zh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from assistant.core.i18n import Strings

if TYPE_CHECKING:
    from assistant.drafting.receipt import Receipt
    from assistant.drafting.signals import SignalReport
    from retrieval import DisputeView

__all__ = ["show_disputes", "show_receipt", "show_signals"]

_S: Strings[str] = Strings(
    {
        "signals_head": {"en": "Team signals ({window})", "zh": "团队信号（{window}）"},
        "signals_self": {"en": "Signals about you ({window})", "zh": "关于你的信号（{window}）"},
        "no_signals": {
            "en": "Nothing to flag: no signal fired for the {n} people in scope.",
            "zh": "暂无需要注意的事项：范围内 {n} 人均未触发信号。",
        },
        "evidence": {"en": "Evidence", "zh": "依据"},
        "todo": {"en": "What to do", "zh": "建议"},
        "boundaries": {
            "en": "Signals count dated work events only: no sentiment, personality or flight-risk guesses. "
            "See docs/data-use.md.",
            "zh": "信号只统计有日期的工作事件：不做情绪、性格或离职风险判断。详见 docs/data-use.md。",
        },
        "receipt_head": {
            "en": "Receipt for {name}: what was shared or accepted about you, and the events it used",
            "zh": "{name}的数据回执：关于你的哪些内容被分享或采纳，以及用到了哪些事件",
        },
        "no_items": {
            "en": "Nothing about you has been shared or accepted yet.",
            "zh": "目前还没有关于你的内容被分享或采纳。",
        },
        "item": {"en": "{at}  {kind}  {status} — by {by}", "zh": "{at}  {kind}  {status} —— {by}"},
        "status.accepted": {"en": "accepted", "zh": "已采纳"},
        "k.feedback_draft": {"en": "Feedback draft", "zh": "反馈草稿"},
        "k.goal_proposals": {"en": "Goal proposals", "zh": "目标建议"},
        "k.draft_review": {"en": "Draft review", "zh": "草稿检查"},
        "k.development_path": {"en": "Development path", "zh": "发展路径"},
        "k.signal": {"en": "Team signal", "zh": "团队信号"},
        "k.goal_set": {"en": "Goal set", "zh": "目标集"},
        "you": {"en": "you", "zh": "你"},
        "status.shown": {"en": "shown", "zh": "已展示"},
        "withdrawn": {"en": "(no longer used: opted out of AI use)", "zh": "（已撤回，不再用于 AI）"},
        "disputed": {"en": "disputed: {status}", "zh": "异议：{status}"},
        "disputes_head": {"en": "Disputes", "zh": "异议"},
        "no_disputes": {"en": "No disputes.", "zh": "没有异议。"},
        "dispute_line": {
            "en": "{event} {title} ({date}) — {status}, opened {opened} by {by}: {reason}",
            "zh": "{event} {title}（{date}）——{status}，{opened}由{by}提出：{reason}",
        },
        "resolution": {"en": "resolved by {by} on {at}: {note}", "zh": "{at} 由 {by} 处理：{note}"},
        "dispute_how": {
            "en": "Dispute an event that is wrong or lacks context: coach dispute --as {user} --event ID --reason TEXT",
            "zh": "如果某条事件有误或缺少背景，可以提出异议：coach dispute --as {user} --event ID --reason 文字",
        },
        "st.open": {"en": "open", "zh": "待处理"},
        "st.upheld": {"en": "upheld (left out of drafts)", "zh": "已确认（不再用于起草）"},
        "st.dismissed": {"en": "dismissed (used again)", "zh": "已驳回（重新使用）"},
    }
)


def show_signals(console: Console, report: SignalReport, self_view: bool) -> None:
    from assistant.drafting.signals import signal_title

    lang = report.language
    console.print(f"[bold]{_S.say('signals_self' if self_view else 'signals_head', lang, window=report.window)}[/]")
    if not report.signals:
        console.print(_S.say("no_signals", lang, n=len(report.scope)), highlight=False)
    for s in report.signals:
        kind = signal_title(s.kind, lang)
        console.print(f"\n[bold]{kind}[/] · {s.subject_name}", highlight=False)
        console.print(f"  {s.text}", highlight=False, markup=False)
        colon = "：" if lang == "zh" else ": "
        console.print(f"  {_S.say('evidence', lang)}{colon}{', '.join(s.cited) or '—'}", highlight=False)
        console.print(f"  {_S.say('todo', lang)}{colon}{s.action}", highlight=False, markup=False)
    for note in report.notes:
        console.print(f"\n- {note}", highlight=False, markup=False)
    console.print(f"\n[dim]{_S.say('boundaries', lang)}[/]", highlight=False)


def _status(status: str, lang: str) -> str:
    return _S.say(f"st.{status}", lang)


def show_disputes(console: Console, disputes: list[DisputeView], lang: str, me: str | None = None) -> None:
    """The disputes, each with its event and who opened it (``me``: the viewer's user id, shown as "you")."""
    console.print(f"[bold]{_S.say('disputes_head', lang)}[/]")
    if not disputes:
        console.print(_S.say("no_disputes", lang))
    for view in disputes:
        d = view.dispute
        line = _S.say(
            "dispute_line",
            lang,
            event=d.event_id,
            title=view.title or "",
            date=view.occurred_at or "",
            status=_status(d.status, lang),
            opened=f"{d.opened_at:%Y-%m-%d}",
            by=_S.say("you", lang) if d.opened_by == me else d.opened_by,
            reason=d.reason,
        )
        console.print(f"- {line}", highlight=False, markup=False)
        if d.resolved_by:
            note = _S.say("resolution", lang, by=d.resolved_by, at=f"{d.resolved_at:%Y-%m-%d}", note=d.resolution_note)
            console.print(f"    {note}", highlight=False, markup=False)


def show_receipt(console: Console, receipt: Receipt, lang: str, user_id: str) -> None:
    console.print(f"[bold]{_S.say('receipt_head', lang, name=receipt.name)}[/]", highlight=False)
    if not receipt.items:
        console.print(_S.say("no_items", lang))
    for item in receipt.items:
        by = f"{item.by_name} ({item.by})" if item.by_name else item.by
        head = _S.say(
            "item",
            lang,
            at=f"{item.at:%Y-%m-%d %H:%M}",
            kind=_S.say(f"k.{item.kind}", lang) if f"k.{item.kind}" in _S else item.kind,
            status=_S.say(f"status.{item.status}", lang),
            by=by,
        )
        console.print(f"\n{head}  [{item.id}]", highlight=False, markup=False)
        if item.summary:
            console.print(f"  {item.summary}", highlight=False, markup=False)
        for event in item.events:
            title = event.title if event.title is not None else _S.say("withdrawn", lang)
            flag = f"  ⚑ {_S.say('disputed', lang, status=_status(event.disputed, lang))}" if event.disputed else ""
            console.print(f"  - {event.id}  {event.date or ''}  {title}{flag}", highlight=False, markup=False)
    console.print()
    show_disputes(console, receipt.disputes, lang, me=user_id)
    console.print(f"\n{_S.say('dispute_how', lang, user=user_id)}", style="dim", highlight=False, markup=False)
