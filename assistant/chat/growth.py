"""Growth in the chat: development paths ("what should I learn to become a tech lead", "我想转向客户成功管理，
需要补什么", "what courses should I take?"), team signals ("anything I should know about my team?", "我的团队
有什么需要注意的吗") and the receipt ("what was shared about me?", "我的数据回执").

``parse`` runs before the general parser (these phrasings would otherwise read as goals or help); ``handle``
answers an intent it produced. Names are resolved against the visible people only, as everywhere in the chat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.chat.phrases import asked_language, resolve_names
from assistant.chat.types import ChatEvent, Intent
from assistant.core.i18n import Strings
from assistant.core.models import Person, User

if TYPE_CHECKING:
    from assistant.chat.engine import ChatEngine

__all__ = ["KINDS", "handle", "parse"]

KINDS = ("develop", "signals", "receipt")

_DEVELOP = re.compile(
    r"\b(?:what|which)\s+(?:courses?|trainings?|skills?)\b|\bwhat should i (?:learn|study|read)\b|\bcourses? should\b"
    r"|\bdevelopment (?:path|plan)\b|\bcareer (?:path|plan)\b"
    r"|\bhow (?:do|can) i (?:become|get to|grow into|move into)\b"
    r"|\b(?:to|into) (?:become|be) an?\b|\bwhat do i need to (?:become|get|move)\b|\bnext level\b|\bgrow into\b"
    r"|需要补什么|要补什么|补什么|该学什么|学什么课|要学什么|发展路径|成长路径|职业发展|怎么成为|如何成为|想转向|想转岗|想成为|"
    r"转向.{1,12}(?:需要|要)|下一级|下一个职级",
    re.IGNORECASE,
)
_GOALS = re.compile(r"\b(?:goals?|okrs?|objectives?)\b|目标|OKR", re.IGNORECASE)
"""A message that asks for goals is a goals request, even when it names a role to move toward."""
_SIGNALS = re.compile(
    r"\banything (?:i should|to) know about my (?:team|reports|people)\b|\bteam signals?\b"
    r"|\bshould i (?:know|worry) about (?:in )?my team\b|\bhow is my team (?:doing|going)\b|\bwho on my team\b"
    r"|团队有什么需要注意|团队信号|团队.{0,6}需要注意|我的团队.{0,8}(?:怎么样|情况)|团队里.{0,6}需要关注",
    re.IGNORECASE,
)
_RECEIPT = re.compile(
    r"\bmy receipt\b|\bwhat (?:was|has been|is) (?:shared|used|seen) about me\b|\bwho (?:saw|used|looked at) my\b"
    r"|\bdata about me\b|\bdispute\b|数据回执|我的回执|关于我的.{0,8}(?:分享|采纳|使用)|谁看过我的|异议|申诉",
    re.IGNORECASE,
)

_S: Strings[str] = Strings(
    {
        "status.develop": {
            "en": "Reading the record against the role ladder ({role})…",
            "zh": "对照职级标准阅读记录（{role}）…",
        },
        "status.develop_next": {
            "en": "Reading the record against the role ladder (the next step up)…",
            "zh": "对照职级标准阅读记录（上一级岗位）…",
        },
        "status.signals": {"en": "Counting your team's evidence…", "zh": "正在统计团队的工作记录…"},
        "status.receipt": {"en": "Collecting what was shared about you…", "zh": "正在汇总关于你的分享记录…"},
        "signals.none": {
            "en": "Nothing to flag for the {n} people in your line right now.",
            "zh": "目前你团队的 {n} 人都没有需要特别注意的信号。",
        },
        "signals.head": {"en": "What to know about your team ({window}):", "zh": "团队需要注意的事项（{window}）："},
        "signals.self": {"en": "Signals about you ({window}):", "zh": "关于你的信号（{window}）："},
        "signals.todo": {"en": "What to do", "zh": "建议"},
        "signals.footer": {
            "en": "Signals count dated work events only — no sentiment, personality or flight-risk guesses "
            "(docs/data-use.md).",
            "zh": "信号只统计有日期的工作事件——不做情绪、性格或离职风险判断（docs/data-use.md）。",
        },
        "receipt.head": {
            "en": "Shared or accepted about you: {n} item(s). Open the receipt page to see the events and dispute one.",
            "zh": "关于你被分享或采纳的内容：{n} 项。打开回执页面可以查看用到的事件并提出异议。",
        },
        "receipt.item": {
            "en": "- {at}: {kind} by {by} ({status}), {events} event(s)",
            "zh": "- {at}：{by} 的{kind}（{status}），{events} 个事件",
        },
        "receipt.disputes": {"en": "Your disputes: {n} ({open} open).", "zh": "你的异议：{n} 条（{open} 条待处理）。"},
        "receipt.link": {"en": "Receipt page: /receipt", "zh": "回执页面：/receipt"},
    }
)


def parse(text: str, *, user: User, visible_people: list[Person]) -> Intent | None:
    """A growth intent, or ``None`` when the message is not about growth (the general parser then reads it)."""
    raw = (text or "").strip()
    if not raw:
        return None
    lang = asked_language(raw)
    if _RECEIPT.search(raw):
        return Intent(kind="receipt", subject_id=user.person_id, language=lang)
    if _SIGNALS.search(raw):
        return Intent(kind="signals", language=lang)
    if _DEVELOP.search(raw) and not _GOALS.search(raw):  # "set my goals, I want to move toward X" asks for goals
        others = [m.people[0] for m in resolve_names(raw, visible_people) if m.people[0].id != user.person_id]
        subject = others[0].id if others else user.person_id
        return Intent(kind="develop", subject_id=subject, instruction=raw, language=lang)
    return None


def _target(engine: ChatEngine, text: str, subject: Person) -> str | None:
    """The role a message names, if any (the ladder's titles and aliases, either language)."""
    from assistant.drafting.develop.assess import resolve_target, roles

    by_role = roles(engine.coach.growth.ladder())
    try:
        return resolve_target(subject, by_role, text, None) if by_role else None
    except Exception:
        return None


def handle(engine: ChatEngine, ctx: Any, intent: Intent) -> Iterator[ChatEvent]:
    """Answer a growth intent (a generator that returns the ``ChatReply``)."""
    lang = intent.language or ctx.lang
    if intent.kind == "develop":
        from assistant.drafting.develop import development_path

        subject = engine.coach.sql.get_person(intent.subject_id or ctx.user.person_id)
        assert subject is not None
        target = _target(engine, intent.instruction or "", subject)
        status = _S.say("status.develop", lang, role=target) if target else _S.say("status.develop_next", lang)
        yield ChatEvent(type="status", data={"text": status})
        path = development_path(
            engine.coach, ctx.user.id, subject.id, target_role=target, language=lang, today=engine.today
        )
        return engine._reply(ctx, "development", path.text, intent=intent, actions=[], sources=_sources(path))
    if intent.kind == "signals":
        from assistant.drafting.signals import signal_title, team_signals

        yield ChatEvent(type="status", data={"text": _S.say("status.signals", lang)})
        report = team_signals(engine.coach, ctx.user.id, today=engine.today, lang=lang)
        self_view = report.scope == [ctx.user.person_id]
        key = "signals.self" if self_view else "signals.head"
        lines = [_S.say(key, lang, window=report.window)]
        if not report.signals:
            lines.append(_S.say("signals.none", lang, n=len(report.scope)))
        colon = "：" if lang == "zh" else ": "
        for s in report.signals:
            lines += [
                "",
                f"**{signal_title(s.kind, lang)} · {s.subject_name}**",
                f"{s.text} [{', '.join(s.cited)}]" if s.cited else s.text,
                f"{_S.say('signals.todo', lang)}{colon}{s.action}",
            ]
        lines += [*("- " + n for n in report.notes), "", _S.say("signals.footer", lang)]
        return engine._reply(ctx, "signals", "\n".join(lines), intent=intent, actions=[])
    from assistant.drafting.receipt import build_receipt

    yield ChatEvent(type="status", data={"text": _S.say("status.receipt", lang)})
    receipt = build_receipt(engine.coach, ctx.user.id)
    lines = [_S.say("receipt.head", lang, n=len(receipt.items))]
    for item in receipt.items[:10]:
        lines.append(
            _S.say(
                "receipt.item",
                lang,
                at=f"{item.at:%Y-%m-%d}",
                kind=item.kind,
                by=item.by_name or item.by,
                status=item.status,
                events=len(item.events),
            )
        )
    open_ = sum(1 for d in receipt.disputes if d.dispute.status == "open")
    lines += [_S.say("receipt.disputes", lang, n=len(receipt.disputes), open=open_), _S.say("receipt.link", lang)]
    return engine._reply(ctx, "receipt", "\n".join(lines), intent=intent, actions=[])


def _sources(path: Any) -> list[dict[str, Any]]:
    """The events the path cites, as the chat's sources list (ids, dates and titles the reader may see)."""
    seen: dict[str, dict[str, Any]] = {}
    for item in [*path.gaps, *path.strengths]:
        for c in item.citations:
            seen.setdefault(c.event_id, {"id": c.event_id, "date": c.date.isoformat(), "title": c.title or c.text})
    return list(seen.values())
