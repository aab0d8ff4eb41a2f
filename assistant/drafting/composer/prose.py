"""Small pieces of natural prose in English and Chinese: dates, counts in words, lists, and turning an
event's subject-less record ("Added multi-zone failover ...") into a sentence about the person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.core.periods import Period

__all__ = [
    "clause",
    "count_words",
    "join",
    "month_name",
    "months_phrase",
    "person_clause",
    "starts_with_verb",
]

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_NUMBERS = (  # noqa: SIM905 - a word list reads better as text
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
_ZH_DIGITS = "零一二三四五六七八九"
_IRREGULAR_PAST = frozenset(
    {
        "led", "ran", "won", "wrote", "built", "made", "drove", "took", "gave", "cut", "set", "kept", "got", "held",
        "brought", "began", "caught", "found", "met", "paid", "sold", "taught", "put", "spoke", "sat", "lost",
        "shut", "split", "sent", "spent", "went", "did", "rewrote", "rebuilt", "overtook", "undertook", "upheld",
        "oversaw", "drew", "grew", "threw", "knew", "chose", "froze", "broke", "stood", "understood", "felt",
        "thought", "bought", "fought", "sought", "told", "became", "read", "hit", "shipped",
    }
)  # fmt: skip
_NOT_VERBS = frozenset({"red", "bed", "need", "feed", "seed", "speed", "shed", "weed", "hundred", "board"})
_ZH_VERB_START = re.compile(
    r"^(?:完成|签下|拿下|上线|缩短|降低|提升|举办|赢回|主导|推动|负责|组织|带领|编写|整理|参与|参加|协助|建立|搭建|设计|优化|"
    r"推进|落地|通过|获得|带教|陪同|针对|逐笔|筛选|把|在|与|和|为|利用|梳理|调研|每周|每两周|作为|重新|策划|接手|加入|"
    r"确认|约定|帮|主持|牵头|解决|修复|减少|增加|提高|实现|交付|发布|撰写|制定|开展|推出|引入|跟进|拜访|培训|分享)"
)


def month_name(day: date, lang: str, *, with_year: bool = False) -> str:
    """``March`` / ``March 2026`` / ``3月`` / ``2026年3月``."""
    if lang == "zh":
        return f"{day.year}年{day.month}月" if with_year else f"{day.month}月"
    return f"{EN_MONTHS[day.month - 1]} {day.year}" if with_year else EN_MONTHS[day.month - 1]


def _needs_year(days: Sequence[date], period: Period | None) -> bool:
    years = {d.year for d in days}
    if period is not None:
        years |= {period.start.year, period.end.year}
    return len(years) > 1


def months_phrase(days: Sequence[date], lang: str, period: Period | None = None) -> str:
    """When things happened, as a person says it: "in March", "in March and June", "between January and
    November" / "3月", "3月和6月", "1月至11月". The year is named when the period spans two years."""
    ordered = sorted(set(days))
    if not ordered:
        return ""
    with_year = _needs_year(ordered, period)
    months = list(dict.fromkeys((d.year, d.month) for d in ordered))
    names = [month_name(date(y, m, 1), lang, with_year=with_year) for y, m in months]
    if with_year and len(names) > 1 and months[0][0] == months[-1][0]:
        # one year named once: "October and November 2026" / "2026年10月和11月"
        plain = [month_name(date(y, m, 1), lang) for y, m in months]
        names = [names[0], *plain[1:]] if lang == "zh" else [*plain[:-1], names[-1]]
    if len(names) == 1:
        return names[0] if lang == "zh" else f"in {names[0]}"
    if len(names) == 2:
        return f"{names[0]}和{names[1]}" if lang == "zh" else f"in {names[0]} and {names[1]}"
    first, last = names[0], names[-1]
    return f"{first}至{last}" if lang == "zh" else f"between {first} and {last}"


def count_words(n: int, lang: str, *, measure: bool = True) -> str:
    """A count in words: "three" / "三" ("两" before a measure word in Chinese)."""
    if lang == "zh":
        if n == 2 and measure:
            return "两"
        if n < 10:
            return _ZH_DIGITS[n]
        if n < 100:
            tens, ones = divmod(n, 10)
            return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
        return str(n)
    if n <= 20:
        return _EN_NUMBERS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_NUMBERS[ones]}" if ones else "")
    return str(n)


def join(items: Sequence[str], lang: str) -> str:
    """``a, b and c`` / ``a、b和c``."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def clause(text: str, lang: str, limit: int = 220) -> str:
    """The first sentence of ``text``, cut at a clause boundary under ``limit`` characters, no end mark."""
    text = (text or "").strip()
    if not text:
        return ""
    parts = re.split(r"(?<=[。！？])" if lang == "zh" else r"(?<=[.!?])\s+", text, maxsplit=1)
    sentence = parts[0].strip().rstrip("。.!！?？；;,， ")
    if len(sentence) > limit:
        cut = max(sentence.rfind(sep, 0, limit) for sep in ("；", "，", ";", ", ", " — "))
        sentence = sentence[:cut].rstrip("；，;, ") if cut > limit // 3 else sentence[:limit].rsplit(" ", 1)[0]
    return sentence


def starts_with_verb(text: str, lang: str) -> bool:
    """Whether a record reads as an action ("Raised ...", "Led ...", "完成……"), so a subject can go before it."""
    text = text.strip()
    if lang == "zh":
        return bool(_ZH_VERB_START.match(text))
    first = re.match(r"[A-Za-z-]+", text)
    if not first:
        return False
    word = first.group(0).lower()
    if word in _NOT_VERBS:
        return False
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)


def person_clause(text: str, lang: str, subject: str) -> str:
    """``text`` with ``subject`` ("you", "Carla", "你", "李娜") put before it when it starts with an action."""
    text = text.strip()
    if not text or not starts_with_verb(text, lang):
        return text
    if lang == "zh":
        return f"{subject}{text}"
    return f"{subject} {text[0].lower()}{text[1:]}"
