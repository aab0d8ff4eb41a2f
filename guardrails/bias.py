"""Bias: stereotypes and slurs, protected attributes and proxies, personality instead of behaviour, gendered
wording, personal life, absolutes, and decisions reserved to people.

Three layers (docs/guardrails.md): rules that find spans and explain them (the lexicons in ``lexicon_en`` /
``lexicon_zh``, the stance rules in :mod:`guardrails.stance`, the decision rules in :mod:`guardrails.decision`),
a small learned model (:mod:`guardrails.learned`) that flags generalisations the rules miss, and the policy.
Every rule and the model read the gender-canonical text (:mod:`guardrails.gender`), so swapping gendered
terms cannot change a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from guardrails import lexicon_en, lexicon_zh
from guardrails.decision import scan_decisions
from guardrails.features import features
from guardrails.gender import Canonical, canonical_pattern
from guardrails.learned import model_findings
from guardrails.models import Finding
from guardrails.patterns import LazyPattern
from guardrails.scoring import Scored, finding
from guardrails.stance import has_group_term, neutral_stance, quoted, scan_stance
from guardrails.text import Doc, Span

__all__ = ["BIAS_KINDS", "canonical_doc", "score_bias"]

#: Finding kinds of this dimension and the points each costs.
BIAS_KINDS = {
    "stereotype": 40,
    "slur": 40,
    "decision": 40,
    "protected_attribute": 40,
    "personality": 25,
    "gendered_language": 10,
    "personal_life": 15,
    "absolute": 5,
}
#: Protected topics that a neutral, negated, legal or quoted statement may mention without bias.
_STANCE_TOPICS = {"gender", "family"}

_I = re.IGNORECASE
_EN_PERSON_NEXT = LazyPattern(r"\s*,?\s*" + lexicon_en.PERSON_NEXT, _I)
_EN_NEXT_WORD = LazyPattern(r"\s+([A-Za-z][\w'-]*)")
_EN_CUE = LazyPattern(
    r"\b(?:is|was|are|were|be|being|been|seems?|seemed|appears?|appeared|comes? across(?: as)?|came across(?: as)?|"
    r"gets?|got|becomes?|became|too|overly|very|so|quite|rather|a bit|a little|kind of|sort of|sometimes|often|"
    r"always|extremely|really|incredibly|remains?|felt|feels?|looks?|looked|sounds?|sounded|tends? to be|"
    r"can be|could be|is being|was being|'s|'re|and|,)\s+(?:\w+\s+){0,2}$",
    _I,
)
_EN_SUBJECT = LazyPattern(
    r"\b(?:he|she|they|you|i|we|his|her|their|your|colleague|teammate|manager|lead|engineer|person|someone|"
    r"[A-Z][a-z]+(?= (?:is|was|can|seems|comes|came|gets|got|has|had|tends)))\b"
)
_EN_DETERMINER = LazyPattern(r"\b(?:the|a|an|this|that|these|those|our|its|my|it)\b", _I)
_EN_ADVERB_AFTER_PRETTY = LazyPattern(
    r"\s+(?:\w+ly\b|good|well|much|sure|clear|close|fast|quick|big|high|low|hard|"
    r"easy|bad|solid|strong|similar|new|late|early|long|short|simple|rough|small|"
    r"large|great|cool|common|standard|consistent|tight|busy|impressive|\w+(?:ed|ive|ous|ful|able|ing)\b)",
    _I,
)
_ZH_DEGREE = LazyPattern(lexicon_zh.DEGREE)
_ZH_THING_AFTER = LazyPattern(
    r"增长|品牌|地位|市场|产品|回归|反弹|表现|上涨|突破|出击|资源|领域|业务|数据|信息|字段|词|话题"
)
_ZH_SCHOOL = LazyPattern(lexicon_zh.SCHOOL_CONTEXT)

_EN_ABSOLUTE = LazyPattern(
    r"\b(?:always|never|constantly|every single time|all the time|without fail|invariably|not once|each and every)\b",
    _I,
)
_ZH_ABSOLUTE = LazyPattern(r"总是|从来不|从不|从来没有?|从来都|永远|老是|每次都|动不动就|根本不|一向|向来")


def _en_person(doc: Doc, start: int, end: int) -> bool:
    """Whether an ambiguous English trait word at ``[start, end)`` describes a person."""
    text = doc.text
    if text[end : end + 1] == "-" or text[start - 1 : start] == "-":
        return False  # part of a compound: "emotional-intelligence", "user-friendly"
    if _EN_PERSON_NEXT.match(text, end):
        return True
    nxt = _EN_NEXT_WORD.match(text, end)
    if nxt and nxt.group(1).lower() not in lexicon_en.FUNCTION_NEXT:
        return False  # attributive on a thing: "an aggressive timeline", "a difficult migration"
    index = doc.statement_at(start)
    begin = doc.statements[index].start if index is not None else max(0, start - 80)
    window = text[max(begin, start - 80) : start]
    if not _EN_CUE.search(window):
        return False
    return bool(_EN_SUBJECT.search(window)) or not _EN_DETERMINER.search(window)


def _en_pretty(doc: Doc, start: int, end: int) -> bool:
    return not _EN_ADVERB_AFTER_PRETTY.match(doc.text, end) and _en_person(doc, start, end)


def _zh_degree(doc: Doc, start: int, end: int) -> bool:
    if not doc.aligned(start, end, whole=False):
        return False
    if _ZH_THING_AFTER.match(doc.text, end):
        return False
    before = doc.text[max(0, start - 4) : start]
    if "对" in doc.text[max(0, start - 12) : start] and doc.text[start:end] == "敏感":
        return False  # 对数据很敏感: sensitive *to* something is a skill, not a temperament
    return bool(_ZH_DEGREE.search(before))


def _zh_school(doc: Doc, start: int, end: int) -> bool:
    around = doc.text[max(0, start - 6) : start] + "|" + doc.text[end : end + 6]
    return bool(_ZH_SCHOOL.search(around.replace("|", "", 1)))


_CHECKS: dict[str | None, Callable[[Doc, int, int], bool]] = {
    None: lambda doc, s, e: True,
    "person": _en_person,
    "pretty": _en_pretty,
    "word": lambda doc, s, e: doc.aligned(s, e, whole=True),
    "start": lambda doc, s, e: doc.aligned(s, e, whole=False),
    "degree": _zh_degree,
    "school": _zh_school,
}


@lru_cache(maxsize=2)
def _compiled(lang: str) -> tuple[re.Pattern[str], list[tuple[str, str, str | None]]]:
    """One regex per language with a named group per rule, so a text is scanned once."""
    rules = lexicon_zh.RULES if lang == "zh" else lexicon_en.RULES
    # Rules read canonical text: a rule written with either member of a gender pair matches both.
    parts = "|".join(f"(?P<r{i}>{canonical_pattern(pattern, lang)})" for i, (_, _, pattern, _) in enumerate(rules))
    if lang == "en":
        # English runs on lower-cased text; one leading word-start check lets the engine skip
        # mid-word positions before trying hundreds of alternatives.
        parts = rf"(?<![a-z0-9])(?:{parts})"
    return re.compile(parts), [(k, t, c) for k, t, _, c in rules]


def canonical_doc(doc: Doc) -> Doc:
    """The gender-canonical twin of ``doc`` (``doc`` itself when no gendered term occurs); cached on it."""
    cached = doc.__dict__.get("_canonical_doc")
    if cached is None:
        canon = doc.canon.text
        cached = doc if canon == doc.text else Doc(canon, doc.lang)
        if cached is not doc:
            # the same sentences at their canonical offsets (gendered words never end a sentence)
            to = doc.canon.canonical_offset
            spans = [(to(s.start), to(s.end)) for s in doc.statements]
            cached.__dict__["statements"] = [Span(s, e, canon[s:e]) for s, e in spans]
        cached.__dict__["_gender_terms"] = doc.canon.terms
        if cached is not doc:
            cached.__dict__["_zh_canonical"] = Canonical(canon)  # already canonical: jieba's cut is shared
        doc.__dict__["_canonical_doc"] = cached
    return cached


def _scan(doc: Doc, cdoc: Doc) -> list[tuple[str, str, int, int]]:
    # Both lexicons when both scripts are present: a protected attribute is flagged in any draft, even one
    # that quotes the other language.
    langs = [doc.lang]
    if doc.lang == "en" and doc.has_cjk:
        langs.append("zh")
    elif doc.lang == "zh" and doc.has_latin_words:
        langs.append("en")
    return [hit for lang in langs for hit in _scan_lang(cdoc, lang)]


def _scan_lang(cdoc: Doc, lang: str) -> list[tuple[str, str, int, int]]:
    pattern, rules = _compiled(lang)
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    text = cdoc.text if lang == "zh" else cdoc.lower
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        kind, topic, context = rules[int(m.lastgroup[1:])]  # type: ignore[index]
        if end > start and _CHECKS[context](cdoc, start, end):
            out.append((kind, topic, start, end))
            pos = end
        else:
            pos = start + 1
    return out


_EN_PERSON = LazyPattern(r"\b(?:he|him|his|you|your|yours)\b|\b[A-Z][a-z]+(?= (?:is|was|has|had|can|will|should|did))")
_ZH_PERSON = LazyPattern(r"(?:他|你|您)(?!们)|其|该员工|这位|此人|本人")


def _about_group(cdoc: Doc, index: int | None) -> bool:
    """A statement about a group in general (a group term and no single person): not feedback about someone."""
    if index is None:
        return False
    span = cdoc.statements[index]
    if not has_group_term(cdoc, span.start, span.end, groups_only=True):
        return False  # a relative ("a young mother") is about one person, not a group
    person = _ZH_PERSON if cdoc.lang == "zh" else _EN_PERSON
    if person.search(span.text) or (cdoc.lang == "en" and person.search(cdoc.canon.text, span.start, span.end)):
        return False
    return not any(span.start <= s < span.end for _, s, _ in cdoc.token_names())


def _keep(cdoc: Doc, hit: tuple[str, str, int, int], neutral: _LazyNeutral, quotes: list[tuple[int, int]]) -> bool:
    """Gender and family mentions in a neutral, negated, legal or quoted statement are not bias; nor is a
    protected attribute mentioned in a statement about a group in general rather than about a person."""
    kind, topic, start, end = hit
    # (the subject-gender rules are about a person by construction)
    if kind == "protected_attribute" and topic != "gender" and _about_group(cdoc, cdoc.statement_at(start)):
        return False
    if kind in ("slur", "decision") or (kind == "protected_attribute" and topic not in _STANCE_TOPICS):
        return True
    if kind not in ("stereotype", "protected_attribute", "gendered_language"):
        return True
    if any(s <= start and end <= e for s, e in quotes):
        return False
    return cdoc.statement_at(start) not in neutral


def _absolutes(doc: Doc) -> list[Finding]:
    """Absolutes in critical statements: "always late", "从来不听取意见" (praise with "never missed" is fine)."""
    regex, text = (_ZH_ABSOLUTE, doc.text) if doc.lang == "zh" else (_EN_ABSOLUTE, doc.lower)
    out: list[Finding] = []
    for index, f in enumerate(features(doc)):
        if not f.criticism:
            continue
        for m in regex.finditer(text, f.span.start, f.span.end):
            out.append(finding(doc, "bias", "absolute", m.start(), m.end(), index=index))
    return out


class _LazyNeutral:
    """Statement indices with a neutral stance, computed only for the statements asked about."""

    def __init__(self, cdoc: Doc) -> None:
        self._cdoc = cdoc
        self._seen: dict[int, bool] = {}

    def __contains__(self, index: object) -> bool:
        if not isinstance(index, int):
            return False
        if index not in self._seen:
            self._seen[index] = neutral_stance(self._cdoc, self._cdoc.statements[index])
        return self._seen[index]


def score_bias(doc: Doc) -> Scored:
    """Score 0-100 with stereotype, slur, decision, protected_attribute, personality, gendered_language,
    personal_life and absolute findings."""
    cdoc = canonical_doc(doc)
    hits = _scan(doc, cdoc) + scan_stance(cdoc) + scan_decisions(cdoc)
    neutral = _LazyNeutral(cdoc)
    quotes = quoted(cdoc)
    hits = [h for h in hits if _keep(cdoc, h, neutral, quotes)]
    hits += model_findings(cdoc, hits, neutral)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, topic, start, end in sorted(hits, key=lambda h: (h[2], -(h[3] - h[2]))):
        if any(start < e and s < end for s, e in taken) and kind in ("protected_attribute", "stereotype"):
            continue  # one finding per span: a slur or stereotype already covers it
        taken.append((start, end))
        s, e = doc.canon.original(start, end)
        fields = {"topic": topic} if kind == "protected_attribute" else {}
        found.append(finding(doc, "bias", kind, s, e, **fields))
    found += _absolutes(doc)
    found.sort(key=lambda f: (f.start, f.end))
    penalty = sum(BIAS_KINDS[f.kind] for f in found)
    return Scored(max(0, 100 - penalty), found)
