"""A deterministic understanding of chat messages in English and Chinese.

``parse`` turns one message into an :class:`~assistant.chat.types.Intent` or a :class:`Clarify` (a
question back, or a refusal). Names are resolved only against the people the user may see, so a name
outside the user's line is never matched and its owner's data is never touched: it becomes a refusal
that says nothing about that person. Periods are understood relative to an injectable ``today``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from assistant.chat.phrases import (
    CJK,
    EN_MONTHS,
    SELF_WORDS,
    asked_language,
    default_period,
    mention,
    message_language,
    month_in_text,
    parse_period_phrase,
    resolve_names,
    zh_int,
)
from assistant.chat.types import Intent
from assistant.core.models import Person, User

__all__ = [
    "Addition",
    "Clarify",
    "SessionState",
    "asked_language",
    "default_period",
    "event_matches",
    "message_language",
    "parse",
    "parse_addition",
    "parse_period_phrase",
    "plain_instruction",
    "resolve_names",
    "split_paste",
]


@dataclass
class Clarify:
    """A question back to the user (``refuse=False``) or a refusal (``refuse=True``).

    ``reason`` is one of ``ambiguous_name``, ``one_person``, ``not_visible``, ``need_subject``, ``need_draft``,
    ``need_feedback_draft``, ``need_text``, ``review_subject``, ``goals_self``, ``unknown``.
    """

    reason: str
    refuse: bool = False
    candidates: list[Person] = field(default_factory=list)
    """Only people the user may see."""
    mention: str | None = None
    """The words the user wrote (never looked up outside the visible people)."""
    kind: str | None = None
    """The intent the message was heading for, when known."""
    mentions: list[str] = field(default_factory=list)
    """A refusal: every name the message gave that resolves to no one the user may see (each is audited)."""


@dataclass
class SessionState:
    """What the conversation so far gives a new message to lean on."""

    draft: dict[str, Any] | None = None
    """The current draft (``DraftResult`` JSON), if any."""
    intent: Intent | None = None
    """The intent that produced the current draft."""
    lang: str | None = None
    """The language of the last reply."""


@dataclass
class Addition:
    """``add the May incident``: which month and which words to look for."""

    month: int | None
    words: list[str]
    event_ids: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    """The user's own words for the event (for a reply that quotes them)."""


# -- intent patterns ---------------------------------------------------------------------------------------

_HELP = re.compile(
    r"^\s*(/?help|\?|？|what can (you|i) (do|ask)|how does this work"
    r"|帮助|怎么用|使用说明|你能做什么|我可以问什么)\s*[?？!！.。]*\s*$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\s*(thanks?( you)?( so much| a lot)?|thx|ty|cheers|great,? thanks|谢谢(你|您)?|多谢|感谢)\s*[!.！。~]*\s*$", re.I
)
_ACCEPT = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|great|good|perfect|nice|thanks|thank you|yes|yep|looks good|lgtm"
    r"|好的?|可以|不错|很好|行|嗯|没问题)[\s,，.!。！]*)*(?:please\s+|i\s+)?"
    r"(/?accept(ed)?( it| this| the draft| my draft| the revision| this one)?|approve( it)?|looks good|lgtm"
    r"|采纳|接受|就这样|通过|确认采纳|采用|就用这个|就用这版)\s*(please|吧|了)?[.!。！]*\s*$",
    re.IGNORECASE,
)
_SOURCES = re.compile(
    r"\b(sources?|evidence|citations?|cited events|what is (this|it|that) based on|where does (this|that|it) come "
    r"from|receipts?)\b|\bwhere\b[^.?!\n]{0,40}\bcomes? from\b|\bwhat\b[^.?!\n]{0,40}\bbased on\b"
    r"|\bwhy\b[^.?!\n]{0,20}\b(?:statement|item|point|line|bullet|#|no\.?|number)\s*\d"
    r"|依据|来源|出处|证据|引用|根据什么|从哪[里儿]?来|怎么来的",
    re.IGNORECASE,
)
_STATEMENT_NO = re.compile(
    r"(?:statement|item|point|line|bullet|#|no\.?|number)\s*(\d+)|第\s*(\d+|[一二三四五六七八九十]+)\s*[条项点句]"
    r"|^\s*/?sources?\s+(\d+)\s*$|(\d+)\s*$",
    re.IGNORECASE,
)
_CHECK = re.compile(
    r"\b(check|review|look at|proofread|critique|assess)\s+(this|my|the following|these|our)\b|\bspecific enough\b"
    r"|\bis (my|this)( own)? (draft|feedback|text|write-?up)\b|\bmy (own )?(draft|text|write-?up)\b"
    r"|\bhere(?: is|'s|’s) my (draft|feedback|write-?up|text)\b|\bis (this|it) (fair|ok|okay|balanced|specific|clear|"
    r"too harsh|harsh|good enough)\b|\bwhat do you think (of|about) (this|my)\b"
    r"|检查|看看这|帮我看一?下?这|帮我看看我|审阅|点评|评估一下|我写的|我写给|我的草稿|这段|够不够具体|是否具体|写得怎么样",
    re.IGNORECASE,
)
_GOALS = re.compile(
    r"\b(goals?|okrs?|objectives?|brainstorm)\b|\bwhat should i (focus on|work on|improve|learn|aim for)\b|目标|okr"
    r"|我(应该|该|可以)(重点)?(关注|提升|学习|做)什么",
    re.IGNORECASE,
)
_FEEDBACK = re.compile(
    r"\b(feedback|review|appraisal|evaluation|write-?up|draft|assessment|performance)\b|\bhow am i doing\b"
    r"|\bhow did i do\b|反馈|评价|评语|考评|绩效|表现",
    re.IGNORECASE,
)
_REVISE = re.compile(
    r"\b(shorter|short|concise|brief|briefer|trim|condense|cut it down|tighter|more direct|direct|blunter|blunt|"
    r"warmer|warm|softer|gentler|kinder|friendlier|less harsh|less formal|informal|casual|too long|wordy|longer|"
    r"more detail|add|include|mention|make it|rewrite|revise|tone|more (?:on|about)|less (?:on|about)|remove|delete|"
    r"drop|leave out|don'?t mention|expand(?: on)?|emphasi[sz]e)\b|简短|精简|短一[点些]|短[点些]|更短|太长|简洁|直接|"
    r"直白|温和|委婉|亲切|柔和|温暖|口语|加上|补充|添加|加入|写进|提到|改得|改成|修改|语气|多写|多讲|多提|少写|少提|删掉|"
    r"删除|去掉|拿掉|不要提|别提|别写",
    re.IGNORECASE,
)
_ADD = re.compile(
    r"^\s*(please\s+)?(add|include|mention|also mention)\b|加上|补充|添加|加入|写进|也提一下|提一下", re.I
)
_WARM = re.compile(
    r"\b(warm|warmer|gentle|gentler|soft|softer|kind|kinder|friendl\w*|encouraging|less formal|informal|casual)\b"
    r"|温和|委婉|亲切|温暖|柔和|口语",
    re.I,
)
_DIRECT = re.compile(r"\b(direct|blunt|blunter|straight|straightforward|frank)\b|直接|直白|坦率", re.I)
_TO_EMPLOYEE = re.compile(
    r"\b(?:to (?:her|him|them) directly|directly to (?:her|him|them)|addressed to (?:her|him|them)|"
    r"written to (?:her|him|them)|(?:in|into) (?:the )?second person|so i can send it|ready to send)\b"
    r"|直接写给(?:她|他|TA|对方)|写给(?:她|他|TA|对方)本人|第二人称|可以直接发给(?:她|他|TA|对方)",
    re.IGNORECASE,
)
_TO_MANAGER = re.compile(
    r"\b(?:talking points|prep(?:aration)? notes|notes for me|notes for my|for my (?:1:1|one-on-one|1-on-1)|"
    r"(?:in|into) (?:the )?third person|to prepare (?:me|for))\b"
    r"|谈话要点|沟通要点|准备.{0,4}要点|给我准备|第三人称|面谈提纲",
    re.IGNORECASE,
)
_SHORT = re.compile(r"\b(short|shorter|brief|concise|compact|too long|wordy)\b|简短|精简|简洁|短一|短[点些]|太长", re.I)
_LONG = re.compile(r"(?<!too )\b(long|longer|detailed|in detail|thorough)\b|详细|长一", re.I)
_FOCUS = [
    re.compile(r"\bfocus(?:ing|ed)?\s*(?:on\b|:)\s*([^,.;:\n]+)", re.I),
    re.compile(r"\bwith a focus on\s+([^,.;:\n]+)", re.I),
    re.compile(r"(?:重点|侧重|聚焦|关注)(?:是|在|于|放在|关注|：|:)?\s*([^，。,;；\n]+)"),
    re.compile(r"\babout\s+(?:(?:his|her|their)\s+)?([a-z][a-z \-]{2,40}?)\s*(?=[,.;]|$|\bfor\b|\bin\b)", re.I),
    re.compile(r"关于([\u4e00-\u9fff]{2,12}?)(?:方面)?的(?:反馈|评价|评语)"),
]
_INTERESTS = [
    re.compile(r"\binterest(?:ed|s)?\s+(?:in|are|is|:)\s*(.+?)(?:[.;\n]|$)", re.I),
    re.compile(
        r"\bI(?:'d| would)? (?:like|want) to (?:grow|work|get better|improve) (?:in|on|at)\s+(.+?)(?:[.;\n]|$)", re.I
    ),
    re.compile(r"对(.+?)(?:比较|很|更)?感兴趣"),
    re.compile(r"兴趣(?:是|在|：|:)\s*([^。；\n]+)"),
    re.compile(r"想(?:提升|学习|发展|加强)\s*([^，。；\n]+)"),
    re.compile(
        r"\bI(?:'d| would)? (?:like|want) to (?:move|grow|get|transition|switch|step up) (?:toward|towards|into|to)"
        r"\s+(.+?)(?:[.;\n]|$)",
        re.I,
    ),
    re.compile(r"\bI(?:'d| would)? (?:like|want) to (?:become|be) (?:an? )?(.+?)(?:[.;\n]|$)", re.I),
    re.compile(r"想(?:转向|转到|转型(?:为|到)?|成为|走向|往)\s*([^，。；\n]+)"),
]
_MY_MANAGER = re.compile(
    r"\bmy (manager|boss|lead|team lead|supervisor|skip[- ]level)\b|我的(经理|领导|上级|老板|主管)|我(老板|领导|上级)",
    re.I,
)
_GROUP = re.compile(
    r"\b(my|our|the|whole|entire)\s+(team|reports|direct reports|directs|org|organi[sz]ation|group|department)\b"
    r"|\b(everyone|everybody|all of them)\b|\ball (of )?(my|the) (reports|team|people|employees)\b"
    r"|我的团队|整个团队|团队(所有人|成员)|所有人|大家|全员|每个人",
    re.I,
)
_JOINED = re.compile(r"\s*(,|&|\+|and|or|plus|、|，|和|与|跟|及|以及|或)\s*", re.I)
_NOT_SELF = re.compile(r"\b(show|tell|give|let|send|remind|walk)\s+me\b", re.I)
"""``show me where …``: ``me`` there is not the person the request is about."""
_TAIL_WORDS = re.compile(r"\s*(?:please|thanks?|方面|吧|一下|的能力|能力)\s*$", re.I)


def _clean(value: str) -> str:
    value = value.strip(" \t\"'“”‘’.,;:，。；：")
    prev = None
    while prev != value:
        prev = value
        value = _TAIL_WORDS.sub("", value).strip(" \t\"'“”‘’.,;:，。；：")
    return value


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        if m := pattern.search(text):
            value = _clean(m.group(1))
            if value:
                return value
    return None


def _split_paste(text: str) -> tuple[str, str | None]:
    """(request, pasted text): the first line is the request when more lines follow; else text after a colon."""
    stripped = text.strip()
    if "\n" in stripped:
        head, rest = stripped.split("\n", 1)
        if rest.strip():
            head_colon = re.split(r"[:：]", head, maxsplit=1)
            if len(head_colon) == 2 and len(head_colon[1].strip()) > 20:
                return head_colon[0], (head_colon[1].strip() + "\n" + rest.strip()).strip()
            question = re.search(r"[?？]\s+", head)  # "is this fair? Daniel did ...\n..."
            if question and len(head[question.end() :].strip()) > 20:
                return head[: question.end()].strip(), (head[question.end() :].strip() + "\n" + rest.strip()).strip()
            return head, rest.strip()
    if m := re.search(r"[:：]\s*", stripped):
        head, rest = stripped[: m.start()], stripped[m.end() :]
        if len(rest.strip()) >= 20:
            return head, rest.strip()
    if m := re.search(r"[“\"「](.{20,})[”\"」]", stripped, re.S):
        return stripped[: m.start()], m.group(1).strip()
    if m := re.search(r"[?？]\s+", stripped):  # "is my own draft specific enough? Daniel led ..."
        head, rest = stripped[: m.end()], stripped[m.end() :]
        if len(rest.strip()) >= 20:
            return head, rest.strip()
    return stripped, None


_REQUEST_START = re.compile(
    r"^\s*(please|pls|can|could|would|will|write|draft|give|make|help|show|add|include|now|same|redo|rewrite|"
    r"feedback|review|check|q[1-4]|h[12]|i'?d like|i want|i need|i'?m|帮|请|给|写|能|可以|麻烦|再|把|用|我想|我要)",
    re.IGNORECASE,
)
_ASKING_ANYWHERE = re.compile(
    r"\b(i'?d like|i want|i need|can you|could you|would you|please|write|draft|give me)\b", re.I
)
_ASKING_ZH = re.compile(r"请|帮我|麻烦")
"""Asking, in the first sentence of a Chinese message (a Chinese draft may say 请 further on)."""


def _looks_pasted(text: str) -> bool:
    """A message that is a draft itself, pasted with no request ("Daniel did great work. He ..."): a few
    sentences of prose that neither start like a request nor ask for something."""
    stripped = text.strip()
    first = re.split(r"(?<=[.!?。！？])\s*", stripped, maxsplit=1)[0]
    sentences = len(re.findall(r"[.!](?:\s|$)|[。！]", stripped))
    long_enough = len(stripped) >= (40 if len(CJK.findall(stripped)) > len(stripped) / 3 else 120)
    return (
        long_enough
        and sentences >= 2
        and not _REQUEST_START.match(stripped)
        and not _ASKING_ZH.search(first)
        and not _ASKING_ANYWHERE.search(stripped)
        and mention(first) is None
        and not first.rstrip().endswith(("?", "？"))
    )


def split_paste(text: str) -> tuple[str, str | None]:
    """(request, pasted text) of a message, as the parser splits it; a draft pasted on its own is all text."""
    request, pasted = _split_paste(text)
    if not _CHECK.search(request) and _looks_pasted(text):
        return "", text.strip()
    return request, pasted


def _statement_index(text: str) -> int | None:
    if m := _STATEMENT_NO.search(text):
        raw = next(g for g in m.groups() if g)
        n = zh_int(raw) if not raw.isdigit() else int(raw)
        return max(n - 1, 0)
    return None


def _subject(
    request: str, user: User, visible: list[Person], *, allow_self_words: bool = True
) -> Person | Clarify | None:
    """The person a request is about: a visible name, ``me``, or None when it names no one."""
    matches = resolve_names(request, visible)
    for first, second in pairwise(matches):  # "Carla and Daniel": one draft is one person's
        if first.people != second.people and _JOINED.fullmatch(request[first.end : second.start]):
            return Clarify(
                "one_person", candidates=[*first.people, *second.people], mention=request[first.start : second.end]
            )
    if matches:
        by_cue = [m for m in matches if re.search(r"(for|on|about|of|给|为|对|关于)\s*$", request[: m.start].lower())]
        chosen = (by_cue or matches)[0]
        if len(chosen.people) > 1:
            return Clarify("ambiguous_name", candidates=chosen.people, mention=chosen.text)
        return chosen.people[0]
    me = next((p for p in visible if p.id == user.person_id), None)
    if m := _MY_MANAGER.search(request):  # upward feedback: only if the manager is someone the user may see
        boss = next((p for p in visible if me is not None and p.id == me.manager_id), None)
        return boss or Clarify("not_visible", refuse=True, mention=m.group(0))
    if m := _GROUP.search(request):  # one draft is about one person
        if user.role == "employee":
            return Clarify("not_visible", refuse=True, mention=m.group(0))
        return Clarify("need_subject", mention=m.group(0))
    named = mention(request)
    if named is not None:
        return Clarify("not_visible", refuse=True, mention=named)
    if allow_self_words and SELF_WORDS.search(_NOT_SELF.sub(" ", request)):
        return me
    return None


def _focus(text: str, visible: list[Person], today: date) -> str | None:
    """What to focus on, unless the words found are a person or a period ("about Ben", "about Q3")."""
    found = _first(_FOCUS, text)
    looks_like_a_name = re.fullmatch(r"[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?", found or "")
    if found and (resolve_names(found, visible) or parse_period_phrase(found, today) or looks_like_a_name):
        return None
    return found


def audience_of(text: str) -> str | None:
    """``employee`` ("write it to her directly", "直接写给她"), ``manager`` ("talking points", "给我准备谈话要点")."""
    if _TO_MANAGER.search(text):
        return "manager"
    if _TO_EMPLOYEE.search(text):
        return "employee"
    return None


def _options(kind: str, text: str) -> dict[str, Any]:
    tone = "warm" if _WARM.search(text) else "direct" if _DIRECT.search(text) else None
    length = "short" if _SHORT.search(text) else "long" if _LONG.search(text) else None
    return {"tone": tone, "length": length, "language": asked_language(text), "audience": audience_of(text)}


def parse(
    text: str,
    *,
    user: User,
    visible_people: list[Person],
    today: date | None = None,
    session_state: SessionState | None = None,
) -> Intent | Clarify:
    """Understand one message. Deterministic: the same message, people, day and state give the same answer."""
    today = today or date.today()
    state = session_state or SessionState()
    raw = (text or "").strip()
    if not raw:
        return Intent(kind="help")
    if _HELP.match(raw):
        return Intent(kind="help")
    if _THANKS.match(raw):
        return Intent(kind="smalltalk", instruction="thanks")
    if _ACCEPT.match(raw):
        return Intent(kind="accept") if state.draft else Clarify("need_draft", kind="accept")
    request, pasted = split_paste(raw)  # a draft pasted on its own is a draft to check

    # check my draft (pasted text)
    revising = bool(state.draft) and bool(_REVISE.search(raw))  # "make my draft shorter" is not a check
    if (
        (_CHECK.search(request) or (not request and pasted))
        and not re.search(r"\b(sources?|citations?)\b|依据|来源|出处", request, re.I)
        and (pasted or not revising)
    ):
        if not pasted:
            return Clarify("need_text", kind="check_draft")
        subject = _subject(request, user, visible_people, allow_self_words=False)
        if subject is None:
            in_text = [m for m in resolve_names(pasted, visible_people) if m.people[0].id != user.person_id]
            distinct = {p.id for m in in_text for p in m.people}
            if len(distinct) == 1:
                subject = in_text[0].people[0]
            elif state.draft:
                subject = next((p for p in visible_people if p.id == state.draft.get("subject_id")), None)
        if isinstance(subject, Clarify):
            subject.kind = "check_draft"
            return subject
        if subject is None:
            return Clarify("review_subject", kind="check_draft")
        period = parse_period_phrase(request, today) or (
            state.draft.get("period") if state.draft and state.draft.get("subject_id") == subject.id else None
        )
        return Intent(
            kind="check_draft",
            subject_id=subject.id,
            period=period or default_period("check_draft", today),
            focus=_focus(request, visible_people, today),
            language=asked_language(request),
            draft_text=pasted,
        )

    # sources of a statement
    if _SOURCES.search(raw) and len(raw) < 120 and not _FEEDBACK.search(re.sub(r"draft", "", raw, flags=re.I)):
        if not state.draft:
            return Clarify("need_draft", kind="sources")
        return Intent(kind="sources", statement_index=_statement_index(raw))

    # goals for oneself
    if _GOALS.search(raw) and not re.search(r"\bfeedback\b|反馈", raw, re.I):
        subject = _subject(raw, user, visible_people)
        if isinstance(subject, Clarify):
            subject.kind = "goals"
            return subject
        if subject is not None and subject.id != user.person_id:
            return Clarify("goals_self", candidates=[subject], kind="goals")
        return Intent(
            kind="goals",
            subject_id=user.person_id,
            period=parse_period_phrase(raw, today, upcoming=True) or default_period("goals", today),
            interests=_first(_INTERESTS, raw),
            language=asked_language(raw),
        )

    # a revision of the current draft ("in Chinese" alone re-drafts it in that language)
    def period_or_name(words: str) -> bool:
        return bool(parse_period_phrase(words, today) or resolve_names(words, visible_people))

    wants_new = bool(_FEEDBACK.search(raw)) and (bool(resolve_names(raw, visible_people)) or bool(mention(raw)))
    revise_words = (
        _REVISE.search(raw)
        or (state.draft and asked_language(raw) and not period_or_name(raw))
        or (state.draft and audience_of(raw) and not period_or_name(raw))
    )
    if revise_words and not wants_new and (state.draft or not _FEEDBACK.search(raw)):
        if not state.draft:
            return Clarify("need_draft", kind="revise")
        if state.draft.get("task") != "feedback_draft":
            return Clarify("need_feedback_draft", kind="revise")
        opts = _options("revise", raw)
        return Intent(
            kind="revise",
            subject_id=state.draft.get("subject_id"),
            period=state.draft.get("period"),
            instruction=raw,
            tone=opts["tone"],
            length="short" if _SHORT.search(raw) else None,
            language=opts["language"],
            audience=opts["audience"],
        )

    # a new feedback draft (or a follow-up: "now for Q2", "same for Ben")
    subject = _subject(raw, user, visible_people)
    period = parse_period_phrase(raw, today)
    follow_up = state.intent is not None and state.intent.kind in ("draft_feedback", "revise") and state.draft
    if (
        _FEEDBACK.search(raw)
        or (isinstance(subject, Person) and subject.id != user.person_id)
        or (follow_up and (period or subject is not None))
    ):
        if isinstance(subject, Clarify):
            subject.kind = "draft_feedback"
            return subject
        base = state.intent if follow_up else None
        if subject is None and base is not None:
            subject = next((p for p in visible_people if p.id == base.subject_id), None)
        if subject is None:
            if user.role == "employee":
                subject = next((p for p in visible_people if p.id == user.person_id), None)
            if subject is None:
                return Clarify("need_subject", kind="draft_feedback")
        opts = _options("draft_feedback", raw)
        same = base is not None and base.subject_id == subject.id
        return Intent(
            kind="draft_feedback",
            subject_id=subject.id,
            period=period or (base.period if base else None) or default_period("draft_feedback", today),
            focus=_focus(raw, visible_people, today) or (base.focus if same and base else None),
            tone=opts["tone"] or (base.tone if same and base else None),
            length=opts["length"] or (base.length if same and base else None),
            language=opts["language"] or (base.language if same and base else None),
            audience=opts["audience"] or (base.audience if same and base else None),
        )
    return Intent(kind="smalltalk")


def plain_instruction(intent: Intent) -> str | None:
    """The user's words, plus what the parser understood from them in plain words (``再短一点`` -> shorter),
    so the drafting engine applies a revision however it was phrased."""
    words = intent.instruction or ""
    wanted = [
        plain
        for understood, plain in (
            (intent.length == "short", "shorter"),
            (intent.tone == "direct", "more direct"),
            (intent.tone == "warm", "warmer"),
        )
        if understood and plain not in words.lower()
    ]
    return f"{words} ({'; '.join(wanted)})" if wanted else intent.instruction


# -- "add the May incident" ---------------------------------------------------------------------------------

#: Word families a user may name an event by; an event matches a family when its text has any member.
_FAMILIES: list[tuple[str, ...]] = [
    (
        "incident",
        "outage",
        "sev1",
        "sev2",
        "sev3",
        "postmortem",
        "post-mortem",
        "on-call",
        "事故",
        "故障",
        "宕机",
        "复盘",
        "告警",
    ),
    ("launch", "launched", "release", "released", "shipped", "rollout", "上线", "发布", "交付"),
    ("customer", "client", "account", "deal", "contract", "renewal", "客户", "签约", "合同", "续约"),
    ("mentor", "mentored", "mentoring", "coached", "onboarding", "带教", "辅导", "导师", "新人"),
    ("talk", "presentation", "workshop", "sharing", "分享", "讲座", "培训"),
    ("feedback", "peer", "反馈", "评价"),
    ("rfc", "design", "proposal", "设计", "方案"),
    ("migration", "migrate", "迁移"),
    ("latency", "performance", "p95", "性能", "延迟"),
    ("cost", "spend", "成本", "费用"),
    ("course", "certification", "learning", "课程", "认证", "学习"),
]
_ADD_STOP = {
    "add", "include", "mention", "also", "the", "a", "an", "please", "to", "it", "in", "from", "of", "on",
    "and", "that", "this", "event", "one", "draft", "feedback", "statement", "about", "with", "his", "her",
    "their", "month", "too",
}  # fmt: skip


def parse_addition(text: str) -> Addition | None:
    """What ``add the May incident`` / ``加上5月的故障`` / ``add ev-123`` asks for (None: not an addition)."""
    if not _ADD.search(text):
        return None
    ids = re.findall(r"\b(?:ev|obj)-[\w\-]+", text)
    low = text.lower()
    words = [w for w in re.findall(r"[a-z][a-z0-9\-]+", low) if w not in _ADD_STOP and w not in EN_MONTHS]
    said = [w for w in words if not w.startswith(("ev-", "obj-"))]
    for family in _FAMILIES:
        cjk = [f for f in family if CJK.search(f) and f in text]
        if cjk:
            words.append(family[0])
            said.append(cjk[0])
    words = [w for w in words if not w.startswith(("ev-", "obj-"))]
    return Addition(month=month_in_text(text), words=words, event_ids=ids, said=said)


def event_matches(event: dict[str, Any], words: list[str]) -> int:
    """How well an event fits ``words``: a word itself in the title counts most, then in the text, then a
    word of the same family (``incident`` finds ``outage``, ``故障`` finds ``incident``)."""
    title = str(event.get("title") or "").lower()
    body = " ".join(str(event.get(k) or "") for k in ("description", "project", "source")).lower()
    score = 0
    for word in words:
        family = next((f for f in _FAMILIES if word in f), (word,))
        if word in title:
            score += 4
        elif word in body:
            score += 2
        elif any(member in title or member in body for member in family):
            score += 1
    return score
