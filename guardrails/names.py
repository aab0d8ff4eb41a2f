"""Finding people's names in a text: names the caller knows, common given names, Chinese name tokens.

Grounding checks that every person a draft names appears in the evidence; privacy checks that no other
person's private details are shared. Both need names; neither needs them to be perfect, so this is a
known-names list (``people_names``) plus two heuristics: a common given name (optionally followed by a
capitalised surname, or after Mr/Ms/Dr) in English, and jieba's person-name tokens in Chinese.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guardrails.patterns import LazyPattern
from guardrails.text import Doc

__all__ = ["find_names"]

_GIVEN = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "aaron abdul adam adrian ahmed aisha alan alex alexander alexandra ali alice alicia amanda amir amit amy ana "
        "andre andrea andrew angela anil anita ann anna anne anthony anton arjun ashley aya ben benjamin beth bob "
        "brandon brian carla carlos carmen caroline catherine chen chloe chris christina christine claire clara "
        "daniel david deepak diana diego dmitri dylan elena eli elizabeth ella emily emma eric erin ethan eva fatima "
        "felix fiona frank gabriel gary george grace hannah hao harry helen henry hiroshi hugo ian igor isaac isabel "
        "ivan jack jacob james jamie jane jason javier jay jean jen jennifer jessica jim joan joe john jonathan "
        "jordan jose joseph josh juan julia julie justin kai karen karim kate katie kavya kenji kevin kim kumar laura "
        "lauren lee leo liam lily linda lisa liz lucas lucy luis luke maria marta martin mary matt matthew maya mei "
        "mia michael michelle miguel mike ming mohammed nadia nancy naomi natalie nathan neha nick nicole nikhil nina "
        "noah olga oliver olivia omar oscar pablo patrick paul pedro peter philip priya rachel rahul raj rajesh ravi "
        "rebecca ricardo richard robert rohan rosa ryan sam samuel sandra sara sarah scott sean sergei shreya simon "
        "sofia sophie stephen steve sunil susan takeshi tanya tara thomas tim tom tony tyler victor vikram vivek wei "
        "william xin yan yuki yusuf zara zoe sanjay meera ade kwame amara chidi tunde"
    ).split()
)
_EN_CANDIDATE = LazyPattern(r"\b(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?\b")
_HONORIFIC = LazyPattern(r"^(?:Mr|Ms|Mrs|Dr|Prof)\b")
_NOT_SURNAME = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "In On At The And But For With During After Before From To Of Is Was Has Had Can Could Would Should Will Also "
        "Then This That These Those Our Their His Her Its Team Project Review Q1 Q2 Q3 Q4 Next Last"
    ).split()
)


@lru_cache(maxsize=64)
def _known(names: tuple[str, ...]) -> re.Pattern[str] | None:
    parts: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        parts.add(name)
        if " " in name:  # "Priya Sharma" is also mentioned as "Priya"
            parts.add(name.split()[0])
    if not parts:
        return None
    ordered = sorted(parts, key=len, reverse=True)
    latin = "|".join(re.escape(p) for p in ordered if not re.search(r"[\u4e00-\u9fff]", p))
    # A Chinese name sits between Chinese characters ("请王蕾先看"): no word boundary to ask for.
    cjk = "|".join(re.escape(p) for p in ordered if re.search(r"[\u4e00-\u9fff]", p))
    alternatives = [f"(?<![\\w\u4e00-\u9fff])(?:{latin})(?![a-z])" if latin else "", f"(?:{cjk})" if cjk else ""]
    return re.compile("|".join(a for a in alternatives if a))


def find_names(doc: Doc, people_names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Spans of person names in ``doc``: known names first, then the heuristics, without overlaps (cached on doc)."""
    cache = doc.__dict__.setdefault("_names", {})
    if people_names not in cache:
        cache[people_names] = _find_names(doc, people_names)
    return cache[people_names]


def _find_names(doc: Doc, people_names: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))

    known = _known(tuple(people_names))
    if known is not None:
        for m in known.finditer(doc.text):
            add(*m.span())
    if doc.lang == "zh":
        for _, start, end in doc.token_names():
            add(start, end)
    else:
        for m in _EN_CANDIDATE.finditer(doc.text):
            given = m.group(1)
            honorific = bool(_HONORIFIC.match(m.group(0)))
            if given.lower() in _GIVEN or honorific:
                surname = m.group(2)
                add(m.start(), m.end() if surname and surname not in _NOT_SURNAME else m.end(1))
    return sorted(spans)
