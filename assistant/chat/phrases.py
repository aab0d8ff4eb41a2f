"""The words of a chat message that name people, periods and languages, in English and Chinese.

Periods are understood relative to an injectable ``today``; names only against the people given (the
caller passes the people the user may see, so no one else is ever matched).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.core.models import Person
from guardrails.text import is_name_token

__all__ = [
    "CJK",
    "EN_MONTHS",
    "SELF_WORDS",
    "NameMatch",
    "asked_language",
    "default_period",
    "mention",
    "message_language",
    "month_in_text",
    "parse_period_phrase",
    "person_mentions",
    "resolve_names",
    "zh_int",
]

CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
EN_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_EN_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(EN_MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_ZH_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九十])"


# -- language ------------------------------------------------------------------------------------------------


def asked_language(text: str) -> Literal["en", "zh"] | None:
    """``in Chinese`` / ``用英文`` and friends."""
    low = text.lower()
    if re.search(
        r"\bin (simplified )?(chinese|mandarin|zh)\b|\bchinese version\b|用中文|中文版|写成中文|翻译成中文", low
    ):
        return "zh"
    if re.search(r"\bin english\b|\benglish version\b|用英文|用英语|英文版|写成英文|翻译成英文", low):
        return "en"
    return None


def message_language(text: str, names: list[str] = ()) -> Literal["en", "zh"] | None:  # type: ignore[assignment]
    """The language a message is written in (CJK characters against Latin words, names left out)."""
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    cjk = len(CJK.findall(text))
    latin = len([w for w in _LATIN_WORD.findall(text) if not re.fullmatch(r"[QqHh]\d", w)])
    if not cjk and not latin:
        return None
    return "zh" if cjk and cjk > 1.5 * latin else "en"  # a Chinese name in an English sentence stays English


# -- periods -------------------------------------------------------------------------------------------------


def zh_int(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + (_ZH_DIGITS.get(token[1:], 0) if len(token) > 1 else 0)
    return _ZH_DIGITS[token]


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _half_of(day: date) -> int:
    return 1 if day.month <= 6 else 2


def _latest_started(year: int | None, start_month: int, today: date) -> int:
    """The year of the most recent period starting in ``start_month`` that has begun (unless a year is given)."""
    if year is not None:
        return year
    return today.year if date(today.year, start_month, 1) <= today else today.year - 1


def parse_period_phrase(text: str, today: date, *, upcoming: bool = False) -> str | None:
    """A period label ``parse_period`` accepts (``2026Q3``, ``2026H1``, ``2026-05``, ``2026``), or None.

    Without a year, a quarter, half or month is the most recent one that has started (``upcoming``:
    the next one that has not ended, for goals).
    """
    low = text.lower()
    year_m = re.search(r"(20\d{2})\s*年?", low)
    year = int(year_m.group(1)) if year_m else None

    def pick(start_month: int, months: int) -> int:
        if year is not None:
            return year
        if upcoming:
            end_month = start_month + months - 1
            return today.year if (today.month <= end_month) else today.year + 1
        return _latest_started(None, start_month, today)

    # ranges first: 2026-01-01..2026-06-30, since July, the last 6 months, Q3 and Q4
    if found := _range_phrase(text, low, today, year):
        return found
    # explicit compact labels: 2026Q3, 2026 H1, Q3 2026, 2026-05
    if m := re.search(r"\b(20\d{2})\s*-?\s*([qh])([1-4])\b", low):
        kind, n = m.group(2), int(m.group(3))
        if kind == "h" and n > 2:
            return None
        return f"{m.group(1)}{kind.upper()}{n}"
    if m := re.search(r"\b([qh])([1-4])\s*,?\s*(20\d{2})\b", low):
        if m.group(1) == "h" and int(m.group(2)) > 2:
            return None
        return f"{m.group(3)}{m.group(1).upper()}{m.group(2)}"
    if m := re.search(r"\b(20\d{2})-(\d{2})\b", low):
        return f"{m.group(1)}-{m.group(2)}"
    # relative periods
    q, h = _quarter_of(today), _half_of(today)
    if re.search(r"\blast quarter\b|\bprevious quarter\b|上个?季度|上一个?季度", low):
        y, n = (today.year, q - 1) if q > 1 else (today.year - 1, 4)
        return f"{y}Q{n}"
    if re.search(r"\bthis quarter\b|\bcurrent quarter\b|本季度|这个季度|这季度", low):
        return f"{today.year}Q{q}"
    if re.search(r"\bnext quarter\b|下个?季度|下一个?季度", low):
        y, n = (today.year, q + 1) if q < 4 else (today.year + 1, 1)
        return f"{y}Q{n}"
    if re.search(
        r"\bnext half\b|\bnext half[- ]year\b|\bnext six months\b|下个半年|下一个半年|未来半年|接下来的?半年", low
    ):
        y, n = (today.year, 2) if h == 1 else (today.year + 1, 1)
        return f"{y}H{n}"
    if re.search(r"\blast half\b|\bprevious half\b|上个半年|上一个半年", low):
        y, n = (today.year - 1, 2) if h == 1 else (today.year, 1)
        return f"{y}H{n}"
    if re.search(r"\bthis half\b|\bcurrent half\b|本半年|这半年", low):
        return f"{today.year}H{h}"
    if re.search(r"\blast month\b|上个月|上月", low):
        y, mo = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{y}-{mo:02d}"
    if re.search(r"\bthis month\b|本月|这个月", low):
        return f"{today.year}-{today.month:02d}"
    if re.search(r"\blast year\b|去年", low):
        return f"{today.year - 1}"
    if re.search(r"\bnext year\b|明年", low):
        return f"{today.year + 1}"
    if re.search(r"\bthis year\b|\byear to date\b|\bytd\b|今年|本年度?", low):
        return f"{today.year}"
    # quarters and halves without a year
    if m := re.search(r"\bq([1-4])\b|\b(first|second|third|fourth) quarter\b", low):
        n = int(m.group(1)) if m.group(1) else ("first", "second", "third", "fourth").index(m.group(2)) + 1
        return f"{pick(3 * n - 2, 3)}Q{n}"
    if m := re.search(r"第?([1-4一二三四])季度|([1-4一二三四])季度", text):
        n = zh_int(m.group(1) or m.group(2))
        return f"{pick(3 * n - 2, 3)}Q{n}"
    if m := re.search(r"\bh([12])\b|\b(first|second) half\b", low):
        n = int(m.group(1)) if m.group(1) else (1 if m.group(2) == "first" else 2)
        return f"{pick(1 if n == 1 else 7, 6)}H{n}"
    if m := re.search(r"(上|下)半年", text):
        n = 1 if m.group(1) == "上" else 2
        return f"{pick(1 if n == 1 else 7, 6)}H{n}"
    # months
    if m := re.search(_ZH_NUM + r"\s*月(?!份?的?[^\s]{0,2}(?:日|号))", text):
        mo = zh_int(m.group(1))
        if 1 <= mo <= 12:
            return f"{pick(mo, 1)}-{mo:02d}"
    if m := _EN_MONTH_RE.search(text):
        word = m.group(1)
        # "may" is also a verb: only a capitalised May, or "in/of/for may", counts as the month
        if word.lower() != "may" or word == "May" or re.search(r"\b(in|of|for|during|since)\s+may\b", low):
            mo = EN_MONTHS[word.lower()]
            return f"{pick(mo, 1)}-{mo:02d}"
    if year is not None:
        return f"{year}"
    return None


_EN_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12}
_DATE_RANGE = re.compile(
    r"(20\d{2}-\d{2}-\d{2})\s*(?:\.\.|~|–|—|至|到|\bto\b|\buntil\b|\bthrough\b)\s*(20\d{2}-\d{2}-\d{2})"
)
_QUARTER_SPAN = re.compile(
    r"\bq([1-4])\s*(?:and|to|through|thru|until|-|–|&|\+)\s*q([1-4])\b(?:\s*,?\s*(20\d{2}))?"
    r"|第?([1-4一二三四])季度?\s*(?:和|到|至|与|及|-|–)\s*第?([1-4一二三四])季度"
)
_SINCE_EN = re.compile(
    r"\b(?:since|from)\s+(?:the\s+(?:start|beginning)\s+of\s+)?("
    + "|".join(sorted(EN_MONTHS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SINCE_ZH = re.compile(r"(?:自|从)?" + _ZH_NUM + r"\s*月(?:份)?(?:以来|至今|到现在|到今天)")
_EN_MONTH_WORDS = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_MONTH_SPAN = re.compile(
    r"\b(?:from\s+)?(" + _EN_MONTH_WORDS + r")\s+(?:to|until|through|thru|-|–)\s+(" + _EN_MONTH_WORDS + r")\b"
    r"|" + _ZH_NUM + r"\s*月(?:份)?\s*(?:到|至|-|–|~)\s*" + _ZH_NUM + r"\s*月",
    re.IGNORECASE,
)
_LAST_MONTHS = re.compile(
    r"\b(?:last|past|previous)\s+(\d{1,2}|" + "|".join(_EN_COUNTS) + r")\s+months\b"
    r"|(?:过去|最近|近)\s*(\d{1,2}|[一二两三四五六七八九十]+)\s*个月|(?:过去|最近|近)(半年)",
    re.IGNORECASE,
)


def _months_back(today: date, months: int) -> date:
    """The first day of the month ``months - 1`` months before today's month (``months`` calendar months)."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def _month_span(y1: int, m1: int, y2: int, m2: int) -> str | None:
    """``YYYY-MM-01..YYYY-MM-<last>`` from the first month to the last (None when they are out of order)."""
    if (y2, m2) < (y1, m1):
        return None
    return f"{date(y1, m1, 1)}..{date(y2, m2, calendar.monthrange(y2, m2)[1])}"


def _range_phrase(text: str, low: str, today: date, year: int | None) -> str | None:
    """A date-range label (``2026-07-01..2026-11-26``) for the ranges people write, or None."""
    if m := _DATE_RANGE.search(low):
        return f"{m.group(1)}..{m.group(2)}"
    if m := _QUARTER_SPAN.search(low):
        first = int(m.group(1)) if m.group(1) else zh_int(m.group(4))
        last = int(m.group(2)) if m.group(2) else zh_int(m.group(5))
        y = int(m.group(3)) if m.group(3) else year if year is not None else _latest_started(None, 3 * first - 2, today)
        return _month_span(y, 3 * first - 2, y, 3 * last) if last > first else None
    if m := _MONTH_SPAN.search(text):
        first = EN_MONTHS[m.group(1).lower()] if m.group(1) else zh_int(m.group(3))
        last = EN_MONTHS[m.group(2).lower()] if m.group(2) else zh_int(m.group(4))
        if 1 <= first <= 12 and 1 <= last <= 12:
            if last >= first:
                y = year if year is not None else _latest_started(None, first, today)
                return _month_span(y, first, y, last)
            y = year if year is not None else _latest_started(None, last, today)  # Nov to Feb: ends in y
            return _month_span(y - 1, first, y, last)
    since = _SINCE_EN.search(text)
    month = EN_MONTHS[since.group(1).lower()] if since else None
    if month is None and (zh := _SINCE_ZH.search(text)):
        month = zh_int(zh.group(1))
    if month is not None and 1 <= month <= 12:
        start = date(year if year is not None else _latest_started(None, month, today), month, 1)
        return f"{start}..{today}" if start <= today else None
    if m := _LAST_MONTHS.search(low):
        raw = m.group(1) or m.group(2)
        n = 6 if m.group(3) else int(raw) if raw.isdigit() else _EN_COUNTS.get(raw) or zh_int(raw)
        if 1 <= n <= 24:
            return f"{_months_back(today, n)}..{today}"
    return None


def default_period(kind: str, today: date) -> str:
    """Feedback and reviews: the current half-year; goals: the next half-year."""
    h = _half_of(today)
    if kind == "goals":
        return f"{today.year}H2" if h == 1 else f"{today.year + 1}H1"
    return f"{today.year}H{h}"


def month_in_text(text: str) -> int | None:
    """The month a message names (``May``, ``5月``, ``五月``), if any."""
    if m := re.search(_ZH_NUM + r"\s*月", text):
        mo = zh_int(m.group(1))
        return mo if 1 <= mo <= 12 else None
    if m := _EN_MONTH_RE.search(text):
        word = m.group(1)
        if word.lower() != "may" or word == "May" or re.search(r"\b(in|of|for|from|during)\s+may\b", text.lower()):
            return EN_MONTHS[word.lower()]
    return None


# -- names ---------------------------------------------------------------------------------------------------


def _aliases(person: Person) -> tuple[set[str], set[str]]:
    """(strong, weak) aliases: id and full name; then given / family names."""
    name = person.name.strip()
    strong = {person.id.lower(), person.id.replace("-", " ").lower(), person.id.replace("-", "").lower()}
    strong.add(name.lower())
    weak: set[str] = set()
    if CJK.search(name):
        if len(name) == 3:
            weak.add(name[1:])
    else:
        parts = [p for p in re.split(r"[\s\-]+", name) if len(p) >= 2]
        if len(parts) > 1:
            weak.update(p.lower() for p in parts)
    return strong, weak - strong


def _find(alias: str, low: str) -> list[tuple[int, int]]:
    if CJK.search(alias):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(alias), low)]
    return [(m.start(), m.end()) for m in re.finditer(r"(?<![a-z0-9])" + re.escape(alias) + r"(?![a-z0-9])", low)]


@dataclass
class NameMatch:
    start: int
    end: int
    text: str
    people: list[Person]


def resolve_names(text: str, people: list[Person]) -> list[NameMatch]:
    """Mentions of ``people`` in ``text``, in order; a mention may match several people (ambiguous)."""
    low = text.lower()
    found: list[NameMatch] = []
    taken: list[tuple[int, int]] = []
    for strength in (0, 1):
        spans: dict[tuple[int, int], list[Person]] = {}
        for person in people:
            aliases = _aliases(person)[strength]
            for alias in sorted(aliases, key=len, reverse=True):
                for span in _find(alias, low):
                    if any(s < span[1] and span[0] < e for s, e in taken):
                        continue
                    spans.setdefault(span, [])
                    if person not in spans[span]:
                        spans[span].append(person)
        # longest spans first, so "alice chen" wins over "alice"
        for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(NameMatch(span[0], span[1], text[span[0] : span[1]], spans[span]))
    return sorted(found, key=lambda m: m.start)


_MENTION_STOP = {
    "me",
    "myself",
    "my",
    "mine",
    "the",
    "a",
    "an",
    "this",
    "that",
    "last",
    "next",
    "previous",
    "current",
    "first",
    "second",
    "third",
    "fourth",
    "him",
    "her",
    "them",
    "us",
    "team",
    "everyone",
    "someone",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "chinese",
    "english",
    "collaboration",
    "delivery",
    "quality",
    "period",
    "quarter",
    "year",
    "half",
    "it",
    "statement",
    "goals",
    "my goals",
    "feedback",
    "performance",
    "review",
}
_TOPIC_WORDS = {
    "growth", "communication", "teamwork", "leadership", "ownership", "reliability", "mentoring", "coaching",
    "planning", "execution", "impact", "sales", "customers", "customer", "engineering", "design", "writing",
    "hiring", "onboarding", "quality", "delivery", "collaboration", "improvement", "development", "work",
    "now", "today", "later", "everything", "all", "both", "each", "other", "others", "anyone", "people", "you",
    "he", "she", "they", "his", "hers", "theirs", "our", "ours", "your", "yours", "whom", "who", "what",
    "review", "reviews", "feedback", "draft", "drafts", "goal", "goals", "okr", "okrs", "example", "instance",
}  # fmt: skip
"""Lower-case words that follow "feedback for" / "how is" as a topic or a pronoun, not as a name."""
_LATIN_NAME = r"[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?"
_ANY_NAME = r"[A-Za-z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?"
_CJK_NAME = r"[\u4e00-\u9fff]{2,4}"
_ID_NAME = r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+"
"""An id such as ``wang-lei``, written as the user may know it."""
_EN_SLOTS = [
    # "feedback for carla", "review of wang-lei", "goals for Zed": a person is what follows
    re.compile(
        r"\b(?i:feedback|review|draft|write-?up|evaluation|appraisal|assessment|goals?)\s+(?i:for|to|of)\s+"
        rf"({_ANY_NAME}|{_CJK_NAME})"
    ),
    re.compile(
        r"\b(?i:feedback|review|draft|write-?up|evaluation|appraisal|assessment|goals?)\s+(?i:on|about)\s+"
        rf"({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})"
    ),
    re.compile(rf"\b(?i:for|about|on)\s+({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})"),
    # "how is carla doing", "how has 王磊 performed"
    re.compile(
        rf"\b(?i:how(?:'s| is| has| did| was| are))\s+({_ANY_NAME}|{_CJK_NAME})\s+(?i:doing|done|been|going|"
        r"perform\w*|get(?:ting)? on|progress\w*)\b"
    ),
    # "compare X and Y", "X vs Y"
    re.compile(
        rf"\b(?i:compare|comparing|rank|ranking)\s+({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})\s*(?i:and|with|to|vs\.?|"
        rf"versus|&|,)\s*({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})"
    ),
    re.compile(rf"({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})\s+(?i:vs\.?|versus)\s+({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})"),
    # a follow-up that is only a name: "and Li Na?", "what about wang-lei?", "same for Carla"
    re.compile(
        rf"^\s*(?i:and|what about|how about|same for|now)\s+({_LATIN_NAME}|{_ID_NAME}|{_CJK_NAME})\s*[?？.!！]*\s*$"
    ),
]
#: "那 carla mendes 呢？", "还有王磊呢": a follow-up that is only a name (a Chinese one must read as a name).
_ZH_FOLLOW_UP = re.compile(
    r"^\s*(?:那|那么|还有|另外)?\s*([\u4e00-\u9fff]{2,4}?|[A-Za-z][\w'\-]*(?:\s+[A-Za-z][\w'\-]*)?)\s*呢\s*[?？]?\s*$"
)
_ZH_MENTION = re.compile(
    r"(?:给|为|帮|替|对|关于)\s*([\u4e00-\u9fff]{2,4}?|[A-Za-z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)\s*"
    r"(?:写|起草|准备|做|生成|出|的|提)"
    r"|([\u4e00-\u9fff]{2,3})的(?:[\u4e00-\u9fff\d]{0,8})(?:反馈|评价|评语|绩效)"
    r"|(?:对比|比较)\s*([\u4e00-\u9fff]{2,4}?|[A-Za-z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)\s*(?:和|与|跟|及)"
    r"\s*([\u4e00-\u9fff]{2,4}|[A-Za-z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)"
    r"|([\u4e00-\u9fff]{2,4}?)(?:最近|这季度|这个季度|今年)?(?:表现|做得|干得)怎么样"
)
_ZH_NOT_NAME = re.compile(
    r"季度|半年|[上下本今去明]年|[上下本这]个?月|\d|第|[我你他她]|自己|团队|大家|本人|反馈|[一这那]份|评价|绩效|目标|草稿"
)


def _clean_mention(phrase: str) -> str | None:
    phrase = phrase.strip()
    if CJK.match(phrase) and phrase[0] in "和与跟及" and len(phrase) > 2:  # "李娜和周婷的反馈": the name after 和
        phrase = phrase[1:]
    words = phrase.split()
    while words and words[-1].lower() in _MENTION_STOP | set(EN_MONTHS):
        words.pop()
    phrase = " ".join(words)
    low = phrase.lower()
    if (
        not phrase
        or low in _MENTION_STOP
        or low in _TOPIC_WORDS
        or low in EN_MONTHS
        or re.fullmatch(r"[qh]\d|20\d\d", low)
        or _ZH_NOT_NAME.search(phrase)
    ):
        return None
    return phrase


def person_mentions(text: str) -> list[str]:
    """Every person-like phrase in a name slot (``feedback for …``, ``how is … doing``, ``compare … and …``,
    ``给…写``, ``…的反馈``), in order, whether or not it names anyone: callers resolve them."""
    found: list[tuple[int, str]] = []
    for pattern in [*_EN_SLOTS, _ZH_MENTION]:
        for m in pattern.finditer(text):
            for index, group in enumerate(m.groups(), start=1):
                if group and (phrase := _clean_mention(group)):
                    found.append((m.start(index), phrase))
    if (m := _ZH_FOLLOW_UP.match(text)) and (not CJK.match(m.group(1)) or is_name_token(m.group(1))):
        found.append((m.start(1), m.group(1).strip()))
    out: list[str] = []
    for _start, phrase in sorted(found):
        if phrase not in out:
            out.append(phrase)
    return out


def mention(text: str) -> str | None:
    """A person-like phrase after ``feedback for`` / ``给…写``, even when it names no one the user may see."""
    found = person_mentions(text)
    return found[0] if found else None


SELF_WORDS = re.compile(
    r"\b(me|myself|my own|mine|my|am i|did i)\b|我自己|我本人|我的|给我|为我|帮我|我表现|我做得|我这", re.IGNORECASE
)
