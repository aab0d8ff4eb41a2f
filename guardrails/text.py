"""Text plumbing shared by the scorers: language detection, statements with offsets, jieba segments.

A :class:`Doc` is built once per checked text; every scorer reads the same statements and the same
jieba segmentation, so a check cuts a Chinese text once however many scorers look at it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from guardrails.gender import Canonical, canonical
from guardrails.patterns import LazyPattern

__all__ = [
    "Doc",
    "Span",
    "ascii_lower",
    "detect_language",
    "is_name_token",
    "segment",
    "warm_up",
]

Lang = Literal["en", "zh"]

_CJK = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = LazyPattern(r"[A-Za-z]")
_LATIN_2 = LazyPattern(r"[A-Za-z]{2}")
_LATIN_WORD = LazyPattern(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}")
# Sentence ends: Chinese stops, ASCII !? and a full stop followed by space or the end, and line breaks.
# Semicolons (；;) join the halves of one point ("...打断了两次；下次可以..."), so they do not split.
_BOUNDARY = LazyPattern(r"[。！？]+[”’」』）)]*|[!?]+[\"'”’)\]]*(?=\s|$)|\.+[\"'”’)\]]*(?=\s|$)|\n")
_ABBREV = LazyPattern(r"(?:^|[^A-Za-z])(?:mr|ms|mrs|dr|prof|e\.g|i\.e|vs|approx|jr|sr|st|no|fig)$", re.IGNORECASE)
_UNIT = LazyPattern(r"\d\s*[A-Za-z]{1,3}$")  # "210 ms." ends a sentence; "Ms." does not
_BULLET = LazyPattern(r"^(?:[-*•·]\s+|\d{1,2}[.)、]\s*|[（(]\d{1,2}[)）]\s*)")
_SKIP = LazyPattern(r"^(?:hi|hello|dear|thanks|thank you|best|regards|cheers|你好|您好|谢谢|此致)\b.{0,30}$", re.I)

#: Lower-cases ASCII only, so ``Doc.lower`` has exactly the offsets of ``Doc.text`` (``str.lower`` may not).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_jieba_lock = threading.Lock()
_jieba_ready = False


def detect_language(text: str) -> Lang:
    """``zh`` when CJK characters make up a real share of the letters, else ``en``."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return "en"
    latin = len(_LATIN.findall(text))
    # A Chinese character carries about as much as a short English word; weigh Latin letters down.
    return "zh" if cjk >= 0.25 * (cjk + latin / 2) else "en"


def _jieba():
    """jieba, initialised once and quietly (its dictionary ships with the package)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


@lru_cache(maxsize=1)
def _tag_table() -> dict[str, str]:
    """jieba's word -> part-of-speech table (``nr`` marks person names); loaded on first use."""
    _jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def warm_up() -> None:
    """Load jieba's dictionary and tag table now, so the first check is not slow."""
    _jieba()
    _tag_table()
    segment("热身：李娜在三月完成了迁移。")


@lru_cache(maxsize=256)
def segment(text: str) -> tuple[tuple[str, int, int], ...]:
    """jieba's tokens of ``text`` as ``(word, start, end)``; cached, so repeated checks cut once."""
    return tuple(_jieba().tokenize(text))


_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫", "尉迟", "长孙")


#: Characters that end verb phrases and never make up a given name.
_NOT_GIVEN = frozenset("住了着过到的地得们吗呢吧啊么掉完")


def is_name_token(word: str) -> bool:
    """Whether a jieba token looks like a Chinese person's name (``nr`` in jieba's table, or surname + 1-2)."""
    if not 2 <= len(word) <= 4 or not all(_CJK.match(ch) for ch in word):
        return False
    if any(ch in _NOT_GIVEN for ch in word[1:]):
        return False  # 卡住 (jieba's table says nr), 高了: a verb and its complement, not a name
    tag = _tag_table().get(word)
    if tag is not None:
        return tag.startswith("nr")
    if word[0] in "小老" and len(word) == 2 and word[1] in _SURNAMES:
        return True
    if word.startswith(_COMPOUND_SURNAMES):
        return len(word) in (3, 4)
    return word[0] in _SURNAMES and len(word) <= 3


def _both(zh: Canonical) -> Canonical:
    """Canonical text of a text with Chinese characters, from its Chinese canonicalisation (same offsets):
    English terms next."""
    if not _LATIN_2.search(zh.text):  # no English word of two letters or more: nothing English to map
        return zh
    en = canonical(zh.text, "en")
    terms = tuple(sorted((*((en.canonical_offset(s), en.canonical_offset(e), w) for s, e, w in zh.terms), *en.terms)))
    return Canonical(en.text, en._canon_starts, en._orig_starts, en._replaced, terms)


def ascii_lower(text: str) -> str:
    """``text`` lower-cased with every offset kept (``str.lower`` when it keeps the length, which it does
    unless a character expands, like "İ"; ASCII-only lowering otherwise)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


@dataclass(frozen=True, slots=True)
class Span:
    """A statement (sentence or bullet) of the text, with its offsets."""

    start: int
    end: int
    text: str


def _inside_quote(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a sentence end) lies inside a curly quotation that closes later on the same
    line: a quoted remark of several sentences ("“... the what. I learned more ...”") is one statement."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:end]  # a sentence end that closes the quote ("... ok.”") is not inside it
    if before.count("“") <= before.count("”") and before.count("「") <= before.count("」"):
        return False
    line_end = text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else len(text)]
    return "”" in after or "」" in after


def _statements(text: str) -> list[Span]:
    spans: list[Span] = []
    cursor = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0) != "\n" and _inside_quote(text, match.start(), match.end()):
            continue
        if (
            match.group(0).startswith(".")
            and _ABBREV.search(text, max(0, match.start() - 8), match.start())
            and not _UNIT.search(text, max(0, match.start() - 8), match.start())
        ):
            continue
        _add(text, cursor, match.end(), spans)
        cursor = match.end()
    _add(text, cursor, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    chunk = text[start:end]
    stripped = chunk.lstrip()
    start += len(chunk) - len(stripped)
    bullet = _BULLET.match(stripped)
    if bullet:
        start += bullet.end()
    body = text[start:end].rstrip()
    if not re.search(r"\w", body) or body.endswith((":", "：")) or _SKIP.match(body):
        return
    out.append(Span(start, start + len(body), body))


@dataclass
class Doc:
    """A text prepared for scoring: language, lower-cased copy, statements and (for Chinese) segments."""

    text: str
    lang: Lang
    lower: str = field(init=False)
    """``text`` with ASCII letters lower-cased (same length and offsets)."""

    def __post_init__(self) -> None:
        self.lower = ascii_lower(self.text)

    @cached_property
    def statements(self) -> list[Span]:
        """Sentences and bullet points, trimmed, with headers and greetings left out."""
        return _statements(self.text)

    @cached_property
    def canon(self) -> Canonical:
        """The text with gendered terms canonicalised (see :mod:`guardrails.gender`): what bias rules read."""
        return canonical(self.text, "en") if not self.has_cjk else _both(self._zh_canonical)

    @cached_property
    def canon_lower(self) -> str:
        """``canon.text`` with ASCII letters lower-cased (same offsets)."""
        return ascii_lower(self.canon.text)

    @cached_property
    def _zh_canonical(self) -> Canonical:
        return canonical(self.text, "zh")

    @cached_property
    def _zh_canon(self) -> str:
        return self._zh_canonical.text

    @cached_property
    def tokens(self) -> tuple[tuple[str, int, int], ...]:
        """jieba tokens ``(word, start, end)`` of the whole text (empty when it has no Chinese characters); the
        words are those of the gender-canonical text (same offsets).

        jieba cuts the gender-canonical text (Chinese pairs have equal lengths, so offsets hold): "中年女人"
        and "中年男人" are cut the same way, and no rule depends on how one side happens to be segmented.
        """
        if not self.has_cjk:
            return ()
        return segment(self._zh_canon)

    @cached_property
    def has_cjk(self) -> bool:
        """Whether the text contains Chinese characters (an English draft may quote Chinese)."""
        return bool(_CJK.search(self.text))

    @cached_property
    def has_latin_words(self) -> bool:
        """Whether the text contains English words (a Chinese draft may quote English)."""
        return bool(_LATIN_WORD.search(self.text))

    @cached_property
    def _starts(self) -> frozenset[int]:
        return frozenset(t[1] for t in self.tokens)

    @cached_property
    def _ends(self) -> frozenset[int]:
        return frozenset(t[2] for t in self.tokens)

    def aligned(self, start: int, end: int, *, whole: bool = True) -> bool:
        """Whether ``[start, end)`` starts (and, if ``whole``, ends) on a jieba token boundary."""
        if not self.tokens:
            return True
        return start in self._starts and (not whole or end in self._ends)

    def statement_at(self, offset: int) -> int | None:
        """Index of the statement containing ``offset``."""
        for i, span in enumerate(self.statements):
            if span.start <= offset < span.end:
                return i
        return None

    def token_names(self) -> Iterator[tuple[str, int, int]]:
        """Chinese tokens that look like person names."""
        yield from self._token_name_list

    @cached_property
    def _token_name_list(self) -> list[tuple[str, int, int]]:
        # judged on the gender-canonical word, so 老公 and 老婆 are the same kind of token; found once per text
        return [(self.text[s:e], s, e) for word, s, e in self.tokens if is_name_token(word)]
