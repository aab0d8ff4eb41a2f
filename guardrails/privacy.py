"""Privacy: contact data, identity and account numbers, and other people's private details.

A feedback draft is read by the reviewee and kept in an audited store; it must not carry an email, a
phone number, a resident ID, a passport or bank card number, nor a colleague's health, family or pay.
"""

from __future__ import annotations

import re
from datetime import date

from guardrails.models import Finding
from guardrails.names import find_names
from guardrails.patterns import LazyPattern
from guardrails.scoring import Scored, finding
from guardrails.text import Doc

__all__ = ["score_privacy", "valid_cn_id"]

_PENALTY = {"id_number": 50, "contact_data": 30, "other_person_detail": 30}

_EMAIL = LazyPattern(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONES = (
    LazyPattern(r"(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"),  # Chinese mobile
    LazyPattern(r"(?<![\w+])\+\d{1,3}[\s-]?(?:\(\d{1,4}\)[\s-]?)?\d{2,4}(?:[\s-]\d{2,4}){1,3}(?!\d)"),
    LazyPattern(r"(?<![\d-])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)"),
    LazyPattern(r"(?<![\d-])0\d{2,3}-\d{7,8}(?!\d)"),  # Chinese landline
)
_CN_ID = LazyPattern(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_PASSPORT_CONTEXT = LazyPattern(
    r"(?:passport|护照|證件|证件号?|id (?:card|number|no\.?))\D{0,14}?([A-Z]{1,2}\d{6,9})\b", re.IGNORECASE
)
_CN_PASSPORT = LazyPattern(r"(?<![\w-])[EG]\d{8}(?![\w-])")
_SSN = LazyPattern(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_CARD = LazyPattern(r"(?<![\d-])\d(?:[ -]?\d){15,18}(?![\d-])")
_MAYBE = LazyPattern(r"@|\d[\d\s()+-]{6,}")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

_SENSITIVE = {
    "en": (
        (
            "health",
            r"\b(?:sick|illness|ill|hospital\w*|surgery|diagnos\w+|cancer|pregnan\w+|therapy|therapist|medical|"
            r"mental health|depress\w+|rehab|health (?:issues?|problems?)|medication|injur\w+|chemo\w*|miscarriage)\b",
        ),
        (
            "family matters",
            r"\b(?:divorc\w+|(?:his|her|their) (?:wife|husband|spouse|kids|children|baby|son|daughter|parents?)|"
            r"family (?:issues?|emergency|situation|problems?)|funeral|passed away|custody|maternity|paternity)\b",
        ),
        (
            "compensation",
            r"\b(?:salar(?:y|ies)|(?:his|her|their) pay\b|pay (?:raise|rise|cut|band|grade)|bonus(?:es)?|"
            r"(?:a|his|her|their) raise\b|compensation|stock options|earns|makes \$|"
            r"\d+k (?:a|per) year|performance improvement plan|\bpip\b|disciplinary|written warning|"
            r"(?:his|her|their) (?:rating|performance score))\b",
        ),
    ),
    "zh": (
        ("健康状况", r"生病|住院|手术|怀孕|病假|抑郁|疾病|看病|体检|癌|产假|流产|心理问题"),
        ("家庭情况", r"离婚|家里(?:出|有)事|家庭(?:变故|矛盾|问题)|孩子|老公|老婆|丈夫|妻子|父母|葬礼|去世"),
        (
            "薪酬",
            r"薪资|工资|薪水|薪酬|奖金|年终奖|调薪|涨薪|降薪|期权|股票|月薪|年薪|绩效(?:等级|评级|是|为)|绩效改进计划|处分|警告信",
        ),
    ),
}
_SENSITIVE_RE = {
    lang: [(topic, LazyPattern(pattern)) for topic, pattern in topics] for lang, topics in _SENSITIVE.items()
}
_COLLEAGUE = {
    "en": LazyPattern(r"\b(?:colleague|teammate|co-?worker|peer|manager|report|team ?mate)'?s?\b"),
    "zh": LazyPattern(r"同事|队友|组员|下属|上级|主管|经理"),
}
_WHAT = {
    "en": {
        "phone": "phone number",
        "email": "email address",
        "cn_id": "resident ID number",
        "passport": "passport number",
        "ssn": "social security number",
        "card": "bank card number",
    },
    "zh": {
        "phone": "电话号码",
        "email": "邮箱地址",
        "cn_id": "身份证号",
        "passport": "护照号",
        "ssn": "社保号",
        "card": "银行卡号",
    },
}


def valid_cn_id(number: str) -> bool:
    """Whether ``number`` is a well-formed 18-character Chinese resident ID (birth date and checksum)."""
    if not _CN_ID.fullmatch(number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= date.today():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _numbers(doc: Doc) -> list[Finding]:
    text, lang = doc.text, doc.lang
    taken: list[tuple[int, int]] = []
    out: list[Finding] = []
    if not _MAYBE.search(text):
        return out  # no long digit run and no @: nothing below can match

    def add(kind: str, what: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        out.append(finding(doc, "privacy", kind, start, end, what=_WHAT[lang][what]))

    for m in _CN_ID.finditer(text):
        if valid_cn_id(m.group(0)):
            add("id_number", "cn_id", *m.span())
    for m in _PASSPORT_CONTEXT.finditer(text):
        add("id_number", "passport", *m.span(1))
    for m in _CN_PASSPORT.finditer(text):
        add("id_number", "passport", *m.span())
    for m in _SSN.finditer(text):
        add("id_number", "ssn", *m.span())
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if _luhn(digits):
            add("id_number", "card", *m.span())
    for m in _EMAIL.finditer(text):
        add("contact_data", "email", *m.span())
    for regex in _PHONES:
        for m in regex.finditer(text):
            add("contact_data", "phone", *m.span())
    return out


def _other_people(doc: Doc, people_names: tuple[str, ...]) -> list[Finding]:
    names = find_names(doc, people_names)
    text = doc.lower  # the English patterns are lower case; Chinese is unaffected
    out: list[Finding] = []
    for span in doc.statements:
        inside = [(s, e) for s, e in names if span.start <= s < span.end]
        colleague = _COLLEAGUE[doc.lang].search(text, span.start, span.end)
        if not inside and colleague is None:
            continue
        for topic, regex in _SENSITIVE_RE[doc.lang]:
            m = regex.search(text, span.start, span.end)
            if m is None:
                continue
            who_span = inside[0] if inside else colleague.span()  # type: ignore[union-attr]
            who = doc.text[who_span[0] : who_span[1]]
            out.append(finding(doc, "privacy", "other_person_detail", m.start(), m.end(), what=topic, who=who))
            break
    return out


def score_privacy(doc: Doc, people_names: tuple[str, ...] = ()) -> Scored:
    """Score 0-100 with ``id_number``, ``contact_data`` and ``other_person_detail`` findings."""
    found = _numbers(doc) + _other_people(doc, people_names)
    found.sort(key=lambda f: (f.start, f.end))
    return Scored(max(0, 100 - sum(_PENALTY[f.kind] for f in found)), found)
