"""Development areas, next steps and the summary in prose, from what people said and what fell short.

A development area quotes the critique as it was written, with who said it and when; a next step turns it
into one concrete action with a time frame. The summary states no figure of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from assistant.core.models import WorkEvent
from assistant.drafting.composer.prose import join, month_name, months_phrase, starts_with_verb
from assistant.drafting.composer.voice import Voice
from assistant.drafting.composer.write import change_phrase, quoted
from assistant.drafting.profile import MetricFact, ThemeSummary
from assistant.drafting.profile.metrics import MetricInfo, format_value

__all__ = [
    "ACTIVITY_NOUNS",
    "TOPICS",
    "critique_text",
    "miss_text",
    "next_for_critique",
    "next_for_miss",
    "next_stretch",
    "summary_text",
    "with_thanks",
    "without_thanks",
]

_CJK = re.compile(r"[\u4e00-\u9fff]")
TOPICS = {  # (en plural, en singular, zh plural, zh singular) of the work a critique is about
    "design_docs": ("design documents", "design document", "设计文档", "设计文档"),
    "plans": ("plans", "plan", "计划", "计划"),
    "estimates": ("estimates and pricing", "estimate", "测算和报价", "报价方案"),
    "proposals": ("proposals", "proposal", "提案", "提案"),
    "reports": ("reports and write-ups", "report", "报告和复盘文档", "报告"),
    "presentations": ("presentations", "presentation", "汇报", "汇报"),
    "code": ("code", "change", "代码", "代码改动"),
    "meetings": ("meetings", "meeting", "会议", "会议"),
}
ACTIVITY_NOUNS = {
    "en": {
        "code_review": "code review",
        "help": "the help channel",
        "mentoring": "mentoring",
        "talks": "talks",
        "documentation": "written guides",
        "interviewing": "interviewing",
        "joint_work": "work with other teams",
        "learning": "learning",
        "stretch": "stretch assignments",
    },
    "zh": {
        "code_review": "代码评审",
        "help": "团队答疑",
        "mentoring": "带教",
        "talks": "内部分享",
        "documentation": "文档沉淀",
        "interviewing": "招聘面试",
        "joint_work": "跨团队协作",
        "learning": "学习",
        "stretch": "挑战性任务",
    },
}


def _end(text: str, v: Voice) -> str:
    text = text.strip()
    if v.zh:
        return text if text.endswith("。") else text + "。"
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


#: A reported request ("asked for earlier headcount numbers") is told as what the person did, not quoted.
_REQUEST = re.compile(r"(?:asked|wished|would (?:have )?(?:liked|preferred)|suggested|requested)\b", re.I)


def request_object(raw: str) -> str | None:
    """What a reported request asks for ("asked for earlier headcount numbers" -> "earlier headcount numbers")."""
    m = re.match(r"(?:asked|wished|requested|suggested|would (?:have )?(?:liked|preferred))\s+(?:for\s+|that\s+)?(.+)",
                 raw.strip(), re.I)  # fmt: skip
    return m.group(1).rstrip(".") if m else None


def _remark_items(theme: ThemeSummary, v: Voice, titles: dict[str, str] | None = None) -> list[str]:
    """ "Priya (March) and Farid (June) noted “light on failure modes”", one per distinct wording."""
    by_text: dict[str, list] = defaultdict(list)
    for remark in theme.remarks:
        by_text[remark.text].append(remark)
    items = []
    for raw, remarks in by_text.items():
        text = quoted(raw, v)
        request = _REQUEST.match(raw)  # "asked for earlier headcount numbers": told, not quoted
        speakers = list(dict.fromkeys(r.speaker for r in remarks if r.speaker))
        months = months_phrase([r.date for r in remarks], v.lang, v.period)
        one_on_one = all(r.source == "one_on_one" for r in remarks)
        if v.zh:
            if speakers:
                who = join(v.who(speakers), "zh")
                items.append(f"{who}在{months}{'都' if len(remarks) > 1 else ''}指出{text}")
            elif one_on_one:
                items.append(f"{months}的一对一沟通中{'我们' if v.to_employee else ''}谈到{text}")
            else:
                context = [titles[r.event_id] for r in remarks if titles and r.event_id in titles]
                if context:
                    first = month_name(remarks[0].date, "zh")
                    again = [month_name(r.date, "zh") for r in remarks[1:]]
                    tail = f"，{join(again, 'zh')}也是如此" if again else ""
                    items.append(f"“{context[0]}”（{first}）之后，反馈是{text}{tail}")
                else:
                    items.append(f"{months}的反馈指出{text}")
            continue
        if speakers and all(v.is_author(x) for x in speakers):  # the author's own remark: "I noted in August"
            items.append(f"I {raw} {months}" if request else f"I noted {months} {text}")
        elif speakers:
            ordered = sorted(speakers, key=v.is_author)  # the author, if among them, last: "Priya (March) and I"
            spoke = {x: join([month_name(r.date, "en") for r in remarks if r.speaker == x], "en") for x in ordered}
            dated = [f"{'I' if v.is_author(x) else x} ({spoke[x]})" for x in ordered]
            both = " both" if len(dated) == 2 else ""
            items.append(f"{join(dated, 'en')}{both} {raw}" if request else f"{join(dated, 'en')}{both} noted {text}")
        elif one_on_one:
            when = months.removeprefix("in ").removeprefix("between ")
            lead = f"in our {when} one-on-one we noted" if v.to_employee else f"the {when} one-on-one notes record"
            items.append(f"{lead} {text}")
        else:
            context = [titles[r.event_id] for r in remarks if titles and r.event_id in titles]
            if context and _is_action(context[0]):
                who = "you" if v.to_employee else v.name
                months_list = [month_name(r.date, "en") for r in remarks]
                again = f", and again in {join(months_list[1:], 'en')}" if len(months_list) > 1 else ""
                items.append(f"after {who} {_lower(context[0])} ({months_list[0]}){again}, the feedback was {text}")
            else:
                items.append(f"feedback {months} noted {text}")
    return items


def _is_action(title: str) -> bool:
    return starts_with_verb(title, "en")


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def critique_text(theme: ThemeSummary, v: Voice, titles: dict[str, str] | None = None) -> str:
    """A development area from what people said, quoted, with who and when (``titles``: event id -> title)."""
    items = _remark_items(theme, v, titles)
    topic = TOPICS.get(theme.topic or "")
    if v.zh:
        subject = f"关于{v.possessive}{topic[2]}，" if topic else ""
        lead = f"{subject}同一处不足被提到了不止一次：" if theme.recurring else f"{subject}有一处不足值得跟进："
        return _end(lead + "；".join(items), v)
    if theme.recurring:
        lead = (
            f"The same comment on {v.possessive} {topic[0]} came up more than once: "
            if topic
            else ("The same comment came up more than once: ")
        )
    else:
        lead = (
            f"One comment on {v.possessive} {topic[0]} is worth acting on: "
            if topic
            else ("One comment is worth acting on: ")
        )
    return _end(lead + "; ".join(items), v)


def miss_text(fact: MetricFact, event: WorkEvent, v: Voice) -> str:
    """A result that fell well short of its target, and stayed short."""
    when = months_phrase([fact.date], v.lang, v.period)
    title = event.title.rstrip("。.")
    if bool(_CJK.search(title)) != v.zh:
        title = ""  # a title in the other language adds a foreign quotation and no fact the change lacks
    if v.zh:
        head = f"{when}，{title}：" if title else f"{when}，"
        return _end(head + change_phrase(fact, "zh"), v)
    on = f", on “{title}”" if title else ""
    return _end(f"{when[0].upper()}{when[1:]}{on}, {change_phrase(fact, 'en')}", v)


def next_for_critique(theme: ThemeSummary, v: Voice) -> str:
    """One concrete action that answers the critique, with a time frame."""
    counts: dict[str, int] = {}
    for remark in theme.remarks:
        counts[remark.text] = counts.get(remark.text, 0) + 1
    chosen = max(theme.remarks, key=lambda r: (counts[r.text], r.speaker is not None, r.date))
    wanted = None if v.zh else request_object(chosen.text)
    text = f"the request for {wanted}" if wanted else quoted(chosen.text, v)
    topic = TOPICS.get(theme.topic or "")
    speaker = chosen.speaker or (theme.speakers[0] if theme.speakers else None)
    if not topic:  # a request or a comment on how the person works, not on a document that "goes out"
        return _next_for_practice(chosen.text, wanted, speaker, v)
    if v.zh:
        check = "先发给我审阅这一点" if v.is_author(speaker) else f"请{speaker or '一位同事'}先审阅这一点"
        action = f"把{text}这条意见带到下一份{topic[3]}里，发出前{check}"
        if v.to_employee:
            return _end(f"{action}；下次一对一时我们一起复盘", v)
        return _end(f"与{v.name}约定：{action}，并在下次一对一时一起复盘", v)
    thing = topic[1]
    reader = speaker or "a reviewer"
    if v.to_employee:
        check = "send it to me to check that point" if v.is_author(speaker) else f"ask {reader} to check that point"
        return _end(
            f"Take {'' if wanted else 'the comment '}{text} into your next {thing}: {check} "
            "before it goes out, and let's go through it together at our next one-on-one",
            v,
        )
    return _end(
        f"Discuss with {v.name}: take {text} into the next {thing}, ask {reader} to check that point before it "
        "goes out, and review it together at the next one-on-one",
        v,
    )


def _next_for_practice(remark: str, wanted: str | None, speaker: str | None, v: Voice) -> str:
    """The next step for a request ("asked for earlier headcount numbers") or a comment on a way of working
    ("staffing decisions take too long"): agree what would answer it, and look again at the next one-on-one."""
    quote = quoted(remark, v)
    if v.zh:
        if speaker:
            who = "我" if v.is_author(speaker) else speaker
            action = f"和{who}确认{quote}这条意见具体要做到什么、什么时候做到，然后按约定落实"
        else:
            action = f"针对{quote}这条意见，制定一项具体的改进，定好完成时间"
        if v.to_employee:
            return _end(f"{action}；下次一对一时我们一起看是否做到", v)
        return _end(f"与{v.name}约定：{action}，并在下次一对一时一起看是否做到", v)
    if wanted and speaker and v.is_author(speaker):
        action = f"agree with me what the request for {wanted} needs in practice and by when, then deliver it that way"
    elif wanted and speaker:
        action = f"ask {speaker} what the request for {wanted} needs in practice and by when, then deliver it that way"
    elif wanted:
        action = f"agree what the request for {wanted} needs in practice and by when, then deliver it that way"
    else:
        action = f"agree one concrete change that answers the comment {quote}, with a date"
    if v.to_employee:
        return _end(f"{action[0].upper()}{action[1:]}, and let's check at our next one-on-one that it happened", v)
    return _end(f"Discuss with {v.name}: {action}, and check at the next one-on-one that it happened", v)


def next_for_miss(fact: MetricFact, v: Voice) -> str:
    """A plan to close a material miss next quarter."""
    info = MetricInfo(fact.key, fact.label, fact.unit, fact.higher_is_better, True)
    target = format_value(fact.target if fact.target is not None else fact.value, info)
    if v.zh:
        verb = "提升到" if fact.higher_is_better else "降到"
        action = f"定两三项具体行动，争取下个季度把{fact.label}{verb}{target}，每月看一次进展"
        return _end(f"我们一起{action}" if v.to_employee else f"与{v.name}一起{action}", v)
    verb = "raise" if fact.higher_is_better else "bring down"
    action = f"two or three concrete actions to {verb} {fact.label} to {target} next quarter"
    if v.to_employee:
        return _end(f"Let's agree {action}, and look at progress together every month", v)
    return _end(f"Agree with {v.name} on {action}, and review progress monthly", v)


def next_stretch(strength_words: str, v: Voice) -> str:
    """With nothing to correct: one stretch goal that builds on the strongest work."""
    if v.zh:
        if v.to_employee:
            return _end(f"下个季度，围绕{strength_words}制定一个挑战目标，约定衡量方式，我们在一对一沟通中一起回顾", v)
        return _end(f"与{v.name}约定下个季度围绕{strength_words}制定一个挑战目标及衡量方式，并在一对一沟通中回顾", v)
    if v.to_employee:
        return _end(
            f"Next quarter, set one stretch goal that builds on {strength_words}, agree how we will measure it, "
            "and let's review it together at our one-on-one",
            v,
        )
    return _end(
        f"Agree with {v.name} on one stretch goal for next quarter that builds on {strength_words}, with how it "
        "will be measured, and review it at the next one-on-one",
        v,
    )


def _period_words(v: Voice) -> str:
    label = v.period.label
    if v.zh:
        if len(label) == 4:
            return "这一年"
        return {"H1": "上半年", "H2": "下半年"}.get(label[4:], "这个季度" if "Q" in label else "这段时间")
    if len(label) == 4:
        return "this year"
    return {"H1": "in the first half", "H2": "in the second half"}.get(
        label[4:], "this quarter" if "Q" in label else "this period"
    )


_THANKED = {
    "zh": re.compile(r"^(?P<name>[^，]{1,40})，感谢你(?P<when>[^：，。]{1,12})的投入："),
    "en": re.compile(r"^(?P<name>[^,]{1,80}), thank you for your work (?P<when>[a-z ]{1,24}): "),
}
_OLD_THANKS = re.compile(r"\s*(?:Thank you for all of this\.|感谢你这段时间的投入。)\s*$")


def with_thanks(summary: str, v: Voice) -> str:
    """A warm draft's thank-you, in its opening: "Li Na, thank you for your work this period: you drove ..." /
    "李娜，感谢你这段时间的投入：你推动……". Joined to the work the opening names, it is not a free-standing
    "thank you for all of this" (the vague courtesy the guardrails would rightly flag). An opening of another
    shape is returned as it is."""
    summary = without_thanks(summary)
    when = _period_words(v)
    if v.zh:
        head = f"{v.name}，{when}"
        return f"{v.name}，感谢你{when}的投入：" + summary[len(head) :] if summary.startswith(head) else summary
    head = f"{v.name}, {when} "
    return f"{v.name}, thank you for your work {when}: " + summary[len(head) :] if summary.startswith(head) else summary


def without_thanks(summary: str) -> str:
    """The opening without a warm draft's thank-you (also the closing sentence earlier versions wrote)."""
    summary = _OLD_THANKS.sub("", summary).rstrip()
    zh = _THANKED["zh"].match(summary)
    if zh:
        return f"{zh['name']}，{zh['when']}" + summary[zh.end() :]
    en = _THANKED["en"].match(summary)
    if en:
        return f"{en['name']}, {en['when']} " + summary[en.end() :]
    return summary


def period_title(v: Voice) -> str:
    """The review period as a title: "2026", "H1 2026", "Q3 2026", "December 2025 to November 2026" /
    "2026年", "2026年上半年", "2026年第三季度", "2025年12月至2026年11月"."""
    label, p = v.period.label, v.period
    if len(label) == 4 and label.isdigit():
        return f"{label}年" if v.zh else label
    if len(label) == 6 and label[4] in "HQ":
        if v.zh:
            part = {"H1": "上半年", "H2": "下半年"}.get(label[4:]) or f"第{'一二三四'[int(label[5]) - 1]}季度"
            return f"{label[:4]}年{part}"
        return f"{label[4:]} {label[:4]}"
    first, last = date(p.start.year, p.start.month, 1), date(p.end.year, p.end.month, 1)
    if first == last:
        return month_name(first, v.lang, with_year=True)
    a, b = month_name(first, v.lang, with_year=True), month_name(last, v.lang, with_year=True)
    return f"{a}至{b}" if v.zh else f"{a} to {b}"


def summary_text(
    v: Voice,
    *,
    collaboration: Sequence[str],
    results: Sequence[str],
    praise: str | None,
    development: str | None,
    praise_many: bool = False,
    gaps: Sequence[str],
    titles: Sequence[str] = (),
) -> str:
    """The opening: the strongest work in words (no figures), the main thing to work on, empty quarters.

    ``titles``: the strongest work by title and month, named when no theme or label says it better.
    """
    when = _period_words(v)
    parts = []
    broad = len(collaboration) >= 2  # "much of your impact": only when the collaboration is broad
    if v.zh:
        if collaboration and broad:
            parts.append(f"{v.subject}的很多贡献来自{join(collaboration, 'zh')}")
        if results:
            parts.append(f"{v.subject}推动{join(results, 'zh')}取得了可衡量的改善")
        if collaboration and not broad:
            parts.append(f"{v.subject}还通过{join(collaboration, 'zh')}为团队做出了贡献")
        if praise:
            parts.append(f"同事的反馈{'多次' if praise_many else ''}提到{v.subject}{quoted(praise, v)}")
        if not parts and titles:
            parts.append(f"最有力的工作是{join(list(titles[:2]), 'zh')}")
        head = "；".join(parts[:2]) if parts else f"{v.subject}的记录以日常工作为主"
        opening = (
            f"{v.name}，{when}{head}。" if v.to_employee else f"{v.name}{period_title(v)}评估的谈话要点：{when}{head}。"
        )
        build_on = join(list(collaboration[:1]) + list(results[:1]), "zh")
        dev = (
            f"接下来的重点是{development}。"
            if development
            else f"记录中的意见以肯定为主，下一步是围绕{build_on}制定一个挑战目标。"
            if build_on
            else "记录中的意见以肯定为主，下一步是在现有长处上制定一个挑战目标。"
        )
        gap = f"{join(gaps, 'zh')}没有任何记录。" if gaps else ""
        return opening + dev + gap
    if collaboration and broad:
        parts.append(f"much of {v.possessive} impact came through {join(collaboration, 'en')}")
    if results:
        parts.append(f"{v.subject} delivered measurable results in {join(results, 'en')}")
    if collaboration and not broad:
        parts.append(f"{v.subject} also contributed through {join(collaboration, 'en')}")
    if praise:
        said = "keeps coming back to" if praise_many else "singles out"
        parts.append(f"colleagues' feedback {said} {quoted(praise, v)}")
    if not parts and titles:
        parts.append(f"{v.possessive} strongest work was {join(list(titles[:2]), 'en')}")
    parts = parts[:2]
    head = ", and ".join(parts) if parts else f"{v.possessive} record is mostly day-to-day work"
    if v.to_employee:
        opening = f"{v.name}, {when} {head}."
    else:
        opening = f"Notes for {v.name}'s review, {period_title(v)}: {when} {head}."
    build_on = join(list(collaboration[:1]) + list(results[:1]), "en")
    dev = (
        f" The main thing to work on is {development}."
        if development
        else f" The record holds no critique to act on, so the next step is a stretch goal built on {build_on}."
        if build_on
        else " The record holds no critique to act on, so the next step is a stretch goal built on these strengths."
    )
    gap = f" Nothing is on record for {join(gaps, 'en')}." if gaps else ""
    return opening + dev + gap
