"""Checkable claims in a text: numbers and dates, normalised so "1,200", "1.2k" and "1200" compare equal,
and "March 2026", "2026-03-05", "2026年3月" and "Q1" compare with an event's date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from guardrails.patterns import LazyPattern

__all__ = ["DateClaim", "NumberClaim", "dates_in", "number_matches", "numbers_in"]

_MONTH_NAMES = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501

_DATE = LazyPattern(
    r"(?P<iso>(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))(?!\d)"
    r"|(?P<zh>(?:(?P<zy>(?:19|20)\d{2})\s*年\s*)?(?P<zm>\d{1,2})\s*月(?:份)?(?:\s*(?P<zd>\d{1,2})\s*[日号])?)"
    r"|(?P<zq>(?:(?P<zqy>(?:19|20)\d{2})\s*年\s*)?第?(?P<zqn>[一二三四1-4])季度)"
    r"|(?P<q>(?:(?P<qy1>(?:19|20)\d{2})\s*-?\s*)?\bQ(?P<qn>[1-4])\b(?:\s*'?(?P<qy2>(?:19|20)?\d{2})\b)?)"
    rf"|(?P<en>\b(?P<ed1>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+(?P<ey1>(?:19|20)\d{{2}}))?\b"
    rf"|\b(?<![A-Za-z]){_MON.replace('mon', 'mon2')}(?:\s+(?P<ed2>\d{{1,2}})(?:st|nd|rd|th)?(?![:/]\d))?"
    rf"(?:,?\s+(?P<ey2>(?:19|"
    rf"20)\d{{2}}))?\b)"
    r"|(?P<zy2>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)"
    r"|(?P<year>(?<![\d.,])(?:19|20)\d{2}(?![\d.,%]|\s*(?:万|亿|元|%|k\b|ms\b|个|次|人|件|家|份|tickets|deals)))"
)
_DATE_START = LazyPattern(
    r"(?<!\d)\d|第|[一二三四](?=季度)|(?<![A-Za-z])(?:Q[1-4]|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)
_NUMBER = LazyPattern(
    r"(?<![A-Za-z0-9_.,/:#-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?!\s*(?:st|nd|rd|th)\b)(?![:/]\d)"
    r"\s*(?P<mult>k\b|K\b|m\b|M\b|bn\b|million\b|billion\b|thousand\b|hundred\b|万|亿|千|百(?!分))?"
    r"\s*(?P<pct>%|percent\b|per cent\b|个百分点|百分点)?"
)
_APPROX = LazyPattern(
    r"(?:about|around|roughly|nearly|almost|over|more than|under|less than|~|约|近|超过|大约|将近|逾)\s*$"
)
_LEVEL = LazyPattern(r"(?:\b(?:from|to|reached|hit|at)|从|到|至|降到|升到|达到|为)\s*$", re.IGNORECASE)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "千": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
                "万": 1e4, "亿": 1e8, "百": 1e2, "hundred": 1e2}  # fmt: skip


@dataclass(frozen=True)
class NumberClaim:
    """A number in a text, with every value it may stand for ("5m" is 5 or 5,000,000)."""

    start: int
    end: int
    values: tuple[float, ...]
    percent: bool
    approximate: bool
    level: bool = False
    """A level ("from 10 to 4", "降到4"), never a change: only figures written in the evidence support it."""


@dataclass(frozen=True)
class DateClaim:
    """A date in a text; missing parts are ``None`` (a bare "Q3" has only a quarter)."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    def matches(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in this (possibly partial) date."""
        if self.year is not None and moment.year != self.year:
            return False
        if self.month is not None and moment.month != self.month:
            return False
        if self.day is not None and moment.day != self.day:
            return False
        return self.quarter is None or (moment.month - 1) // 3 + 1 == self.quarter

    def same(self, other: DateClaim) -> bool:
        """Whether two written dates agree where both say something."""
        pairs = ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        if any(a is not None and b is not None and a != b for a, b in pairs):
            return False
        if self.quarter is not None and other.month is not None:
            return (other.month - 1) // 3 + 1 == self.quarter
        if other.quarter is not None and self.month is not None:
            return (self.month - 1) // 3 + 1 == other.quarter
        return self.quarter is None or other.quarter is None or self.quarter == other.quarter


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def _date_matches(text: str):
    # Try the big date pattern only where a date can start (a digit, 第, Q, a month name): scanning every
    # position with all its alternatives is most of the cost otherwise.
    pos = 0
    while (start := _DATE_START.search(text, pos)) is not None:
        m = _DATE.match(text, start.start())
        if m is None or m.end() == m.start():
            pos = start.start() + 1
            continue
        yield m
        pos = m.end()


def dates_in(text: str) -> list[DateClaim]:
    """Every date in ``text`` (ISO, Chinese, English month names, quarters and bare years)."""
    out: list[DateClaim] = []
    for m in _date_matches(text):
        g = m.groupdict()
        s, e = m.span()
        if g["iso"]:
            out.append(DateClaim(s, e, int(g["iy"]), int(g["im"]), int(g["id"])))
        elif g["zh"]:
            out.append(DateClaim(s, e, _year(g["zy"]), int(g["zm"]), int(g["zd"]) if g["zd"] else None))
        elif g["zq"]:
            out.append(DateClaim(s, e, _year(g["zqy"]), quarter=_ZH_DIGITS[g["zqn"]]))
        elif g["q"]:
            out.append(DateClaim(s, e, _year(g["qy1"] or g["qy2"]), quarter=int(g["qn"])))
        elif g["en"]:
            name = (g["mon"] or g["mon2"]).lower().rstrip(".")
            if name == "may" and not (g["ed1"] or g["ed2"] or g["ey1"] or g["ey2"]) and not _may_is_month(text, s):
                continue
            day = g["ed1"] or g["ed2"]
            out.append(DateClaim(s, e, _year(g["ey1"] or g["ey2"]), _MONTH_NAMES[name], int(day) if day else None))
        elif g["zy2"]:
            out.append(DateClaim(s, e, int(g["zy2"])))
        elif g["year"]:
            out.append(DateClaim(s, e, int(g["year"])))
    return out


def _may_is_month(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].lower()
    return text[start] == "M" and bool(re.search(r"(?:in|since|by|during|until|early|late|mid-?|of)\s*$", before))


def numbers_in(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[NumberClaim]:
    """Every number in ``text`` outside the ``skip`` spans (dates), with its normalised values."""
    spans = list(skip)
    out: list[NumberClaim] = []
    for m in _NUMBER.finditer(text):
        s, e = m.span("num")
        if any(a <= s < b for a, b in spans):
            continue
        base = float(m.group("num").replace(",", ""))
        mult = m.group("mult")
        values = {base}
        if mult:
            # Keep the bare value too: "120 万" may be checked against an event's "120" in a 万元 metric.
            values.add(base * _MULTIPLIERS[mult.lower()])
        end = max(m.end("pct") if m.group("pct") else -1, m.end("mult") if mult else -1, e)
        approx = bool(_APPROX.search(text, max(0, s - 12), s))
        level = bool(_LEVEL.search(text, max(0, s - 8), s))
        out.append(NumberClaim(s, end, tuple(sorted(values)), bool(m.group("pct")), approx, level))
    return out


def number_matches(claim: NumberClaim, known: Iterable[tuple[float, float, bool, bool]]) -> bool:
    """Whether the claim equals a known ``(value, tolerance, percent, derived)``: a percentage only matches
    percentages, and a level ("to 4") only figures the evidence wrote, not derived changes."""
    slack = 0.1 if claim.approximate else 0.005
    for value in claim.values:
        for ref, tol, percent, derived in known:
            if (claim.percent and not percent) or (claim.level and derived):
                continue
            if abs(value - ref) <= max(tol, slack * max(abs(value), abs(ref)), 1e-9):
                return True
    return False
