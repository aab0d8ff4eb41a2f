"""Gendered terms as counterpart pairs, in English and Chinese: the one source of every gender word the
guardrails match, so that each rule covers both sides of a pair by construction.

A rule never names "woman" or "女人" on its own: it names a *slot* (``GROUP``, ``PERSON``, ``KIN``...) whose
pattern is built from both members of every pair in that slot. Swapping every pair in a text
(:func:`swap`) therefore leaves every score, finding kind and verdict unchanged, which
``tests/test_guardrails_symmetry.py`` checks over a generated corpus.

Chinese terms are matched on characters, not on jieba tokens: "中年男人" and "中年女人", "那男的" and "那女的"
cut differently, and a match must not depend on how one side happens to be segmented.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "EN_PAIRS",
    "ZH_PAIRS",
    "Canonical",
    "canonical",
    "canonical_pattern",
    "en_terms",
    "slots_of",
    "swap",
    "zh_terms",
]

#: English pairs by slot: ``(masculine, feminine)``. Plurals and possessives are listed as their own pairs.
EN_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    # people as a group or a generic member of one
    "group": (
        ("men", "women"), ("man", "woman"), ("boys", "girls"), ("boy", "girl"), ("guys", "gals"),
        ("guy", "gal"), ("males", "females"), ("male", "female"), ("gentlemen", "ladies"),
        ("gentleman", "lady"), ("lads", "lasses"), ("lad", "lass"), ("blokes", "chicks"), ("dudes", "chicks"),
        ("sons", "daughters"), ("husbands", "wives"), ("fathers", "mothers"), ("dads", "moms"), ("dads", "mums"),
        ("brothers", "sisters"), ("kings", "queens"), ("princes", "princesses"), ("grandfathers", "grandmothers"),
        ("boyfriends", "girlfriends"), ("uncles", "aunts"), ("widowers", "widows"), ("schoolboys", "schoolgirls"),
        ("menfolk", "womenfolk"),
    ),
    # kinship and relationships of one person
    "kin": (
        ("husband", "wife"), ("father", "mother"), ("dad", "mom"), ("dad", "mum"), ("daddy", "mommy"),
        ("son", "daughter"), ("brother", "sister"), ("uncle", "aunt"), ("nephew", "niece"),
        ("grandfather", "grandmother"), ("grandpa", "grandma"), ("boyfriend", "girlfriend"), ("fiancé", "fiancée"),
        ("groom", "bride"), ("widower", "widow"), ("stepfather", "stepmother"), ("stepson", "stepdaughter"),
        ("father-in-law", "mother-in-law"), ("son-in-law", "daughter-in-law"), ("godfather", "godmother"),
    ),
    # roles that carry a gender
    "role": (
        ("chairman", "chairwoman"), ("salesman", "saleswoman"), ("businessman", "businesswoman"),
        ("spokesman", "spokeswoman"), ("policeman", "policewoman"), ("actor", "actress"), ("waiter", "waitress"),
        ("headmaster", "headmistress"), ("king", "queen"),
        ("prince", "princess"), ("sir", "madam"), ("mr", "ms"), ("mr", "mrs"), ("mr.", "ms."), ("mr.", "mrs."),
        ("monk", "nun"), ("heir", "heiress"), ("duke", "duchess"),
    ),
    # adjectives and abstract nouns
    "quality": (
        ("masculine", "feminine"), ("masculinity", "femininity"), ("manly", "womanly"), ("boyish", "girlish"),
        ("manhood", "womanhood"), ("fatherhood", "motherhood"), ("paternal", "maternal"), ("paternity", "maternity"),
        ("fatherly", "motherly"), ("brotherly", "sisterly"), ("gentlemanly", "ladylike"), ("macho", "girly"),
    ),
    # pronouns
    "pronoun": (
        ("he", "she"), ("his", "her"), ("him", "her"), ("his", "hers"), ("himself", "herself"),
    ),
}  # fmt: skip

#: Chinese pairs by slot: ``(masculine, feminine)``; matched on characters.
ZH_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    "group": (
        ("男人们", "女人们"), ("男人", "女人"), ("男性", "女性"), ("男生", "女生"), ("男孩子", "女孩子"),
        ("男孩", "女孩"), ("男的", "女的"), ("男子", "女子"), ("男士", "女士"), ("男同志", "女同志"),
        ("男同事", "女同事"), ("男员工", "女员工"), ("男同学", "女同学"), ("男方", "女方"), ("男娃", "女娃"),
        ("小伙子", "小姑娘"), ("小伙", "姑娘"), ("帅哥", "美女"), ("大叔", "大妈"), ("大爷", "大娘"),
        ("爷们", "娘们"), ("汉子", "娘子"), ("男青年", "女青年"), ("男领导", "女领导"), ("男老板", "女老板"),
        ("男司机", "女司机"), ("男博士", "女博士"), ("男程序员", "女程序员"), ("男工程师", "女工程师"),
        ("男销售", "女销售"), ("男老师", "女老师"), ("男护士", "女护士"), ("男演员", "女演员"), ("男神", "女神"),
        ("男权", "女权"), ("剩男", "剩女"), ("渣男", "渣女"), ("直男", "直女"), ("凤凰男", "凤凰女"),
        ("男宝", "女宝"), ("男", "女"),
    ),
    "kin": (
        ("丈夫", "妻子"), ("老公", "老婆"), ("父亲", "母亲"), ("爸爸", "妈妈"), ("爸", "妈"), ("儿子", "女儿"),
        ("哥哥", "姐姐"), ("弟弟", "妹妹"), ("兄弟", "姐妹"), ("爷爷", "奶奶"), ("外公", "外婆"), ("公公", "婆婆"),
        ("岳父", "岳母"), ("叔叔", "阿姨"), ("舅舅", "舅妈"), ("男朋友", "女朋友"), ("男友", "女友"),
        ("新郎", "新娘"), ("宝爸", "宝妈"), ("奶爸", "辣妈"), ("家庭主夫", "家庭主妇"), ("全职爸爸", "全职妈妈"),
        ("单亲爸爸", "单亲妈妈"), ("继父", "继母"), ("女婿", "儿媳"),
    ),
    "role": (("先生", "女士"), ("王子", "公主"), ("绅士", "淑女"), ("国王", "女王"), ("男主", "女主")),
    "quality": (("男性化", "女性化"), ("阳刚", "阴柔"), ("爷们儿", "娘们儿"), ("父爱", "母爱")),
    "pronoun": (("他们", "她们"), ("他", "她")),
}  # fmt: skip


def en_terms(*slots: str) -> list[str]:
    """Every English term (both sides) of the given slots, longest first, without duplicates."""
    return _terms(EN_PAIRS, slots)


def zh_terms(*slots: str) -> list[str]:
    """Every Chinese term (both sides) of the given slots, longest first, without duplicates."""
    return _terms(ZH_PAIRS, slots)


def _terms(table: dict[str, tuple[tuple[str, str], ...]], slots: tuple[str, ...]) -> list[str]:
    words = {w for slot in slots or tuple(table) for pair in table[slot] for w in pair}
    return sorted(words, key=lambda w: (-len(w), w))


@lru_cache(maxsize=2)
def _swap_table(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = ZH_PAIRS if lang == "zh" else EN_PAIRS
    mapping: dict[str, str] = {}
    for pairs in table.values():
        for a, b in pairs:
            mapping.setdefault(a, b)
            mapping.setdefault(b, a)
    words = sorted(mapping, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    pattern = body if lang == "zh" else rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])"
    return re.compile(pattern, 0 if lang == "zh" else re.IGNORECASE), mapping


def swap(text: str, lang: str) -> str:
    """``text`` with every gendered term replaced by its counterpart (case kept for English).

    Ambiguous English forms take the first pair listed ("her" becomes "him"); callers that need "his" write
    text where the choice does not matter or generate both sides from a template.
    """
    pattern, mapping = _swap_table("zh" if lang == "zh" else "en")

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        other = mapping.get(word) or mapping.get(word.lower(), word)
        if word.isupper() and len(word) > 1:
            return other.upper()
        if word[0].isupper():
            return other[0].upper() + other[1:]
        return other

    return pattern.sub(repl, text)


def trie_pattern(words: set[str] | list[str]) -> str:
    """A regex alternation of ``words`` shaped as a trie ("m(?:an|en|other)"): the engine tries each first
    letter once instead of every word in turn, which matters for a scan at every word of a draft."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends and body else body

    return build(tree)


@lru_cache(maxsize=2)
def _canon_table(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every term -> one representative of all the terms its pairs connect ("先生", "男士" and "女士" are one
    class; "his", "him" and "her" another), the first one listed: only sameness matters."""
    table = ZH_PAIRS if lang == "zh" else EN_PAIRS
    parent: dict[str, str] = {}

    def root(word: str) -> str:
        while parent.setdefault(word, word) != word:
            word = parent[word]
        return word

    for pairs in table.values():
        for a, b in pairs:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
    mapping = {word: root(word) for word in parent}
    if lang != "zh":
        # English runs on ASCII-lowered text (same offsets), so no IGNORECASE; "mr." etc. match without the dot.
        body = trie_pattern({w.rstrip(".") for w in mapping})
        return re.compile(rf"(?<![^\W\d_])(?:{body})(?![^\W\d_])\.?"), mapping
    # Every term, kept ones too: "女婿" must match whole before its "女" could (the trie is greedy).
    return re.compile(trie_pattern(set(mapping))), mapping


_TITLES = frozenset({"mr", "ms", "mrs", "mr.", "ms.", "mrs."})


@dataclass(frozen=True)
class Canonical:
    """A text with every gendered term replaced by one fixed member of its pair, and the way back.

    Rules, jieba and the learned model read ``text``: a text and its gender-swapped twin have the same
    canonical text, so they get the same findings by construction. Chinese pairs have equal lengths, so
    offsets are unchanged; English ones may not ("women" -> "men"), so spans are mapped back.
    """

    text: str
    _canon_starts: tuple[int, ...] = ()
    _orig_starts: tuple[int, ...] = ()
    _replaced: tuple[tuple[int, int], ...] = ()
    """Per segment: ``(canonical length, original length)`` of a replaced term, or ``(0, 0)`` for kept text."""
    terms: tuple[tuple[int, int, str], ...] = ()
    """Every gendered term found, as ``(start, end, canonical word)`` in ``text``: rules ask this instead of
    searching the text again."""

    @property
    def same_offsets(self) -> bool:
        """Whether every offset of ``text`` is the same offset of the original (no term changed length)."""
        return all(c == o for c, o in self._replaced)

    def canonical_offset(self, offset: int) -> int:
        """The offset in ``text`` of an offset of the original text (a word boundary, as statements are)."""
        if not self._canon_starts:
            return offset
        k = bisect_right(self._orig_starts, offset) - 1
        c0, o0 = self._canon_starts[k], self._orig_starts[k]
        canon_len = self._replaced[k][0]
        if canon_len:
            return c0 + (canon_len if offset > o0 else 0)
        return c0 + (offset - o0)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if not self._canon_starts:
            return start, end
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, offset: int, *, is_end: bool) -> int:
        k = bisect_right(self._canon_starts, offset) - 1
        if is_end and k > 0 and self._canon_starts[k] == offset:
            k -= 1  # an end offset belongs to the segment before it
        c0, o0 = self._canon_starts[k], self._orig_starts[k]
        canon_len, orig_len = self._replaced[k]
        if canon_len:
            return o0 + (orig_len if offset > c0 else 0)
        return o0 + (offset - c0)


def canonical(text: str, lang: str) -> Canonical:
    """``text`` with gendered terms mapped to one side of their pair (lower case kept as written)."""
    pattern, mapping = _canon_table("zh" if lang == "zh" else "en")
    if lang == "zh":
        found = [(m.start(), m.end(), mapping[m.group(0)]) for m in pattern.finditer(text)]
        if not found:
            return Canonical(text)
        chars = list(text)
        for start, end, word in found:
            chars[start:end] = word
        return Canonical("".join(chars), terms=tuple(found))
    terms: list[tuple[int, int, str]] = []
    pieces: list[str] = []
    canon_starts: list[int] = []
    orig_starts: list[int] = []
    replaced: list[tuple[int, int]] = []
    cursor = length = 0
    lowered = text.lower() if len(text.lower()) == len(text) else text
    for m in pattern.finditer(lowered):
        word = text[m.start() : m.end()]
        key = word.lower()
        if key not in mapping:
            key = key[:-1] if key.endswith(".") else key
            if key not in mapping:
                continue
            word = word[:-1]  # the full stop ends the sentence, not "Mr."
        if key in _TITLES and not word[:1].isupper():
            continue  # "480 ms" is milliseconds; only "Ms Li" / "Mr. Li" are titles
        if m.start() > cursor:
            canon_starts.append(length)
            orig_starts.append(cursor)
            replaced.append((0, 0))
            pieces.append(text[cursor : m.start()])
            length += m.start() - cursor
        other = mapping[key]
        other = other.capitalize() if word[:1].isupper() else other
        canon_starts.append(length)
        orig_starts.append(m.start())
        replaced.append((len(other), len(word)))
        terms.append((length, length + len(other), mapping[key]))
        pieces.append(other)
        length += len(other)
        cursor = m.start() + len(word)
    if not pieces:
        return Canonical(text)
    canon_starts.append(length)
    orig_starts.append(cursor)
    replaced.append((0, 0))
    pieces.append(text[cursor:])
    return Canonical("".join(pieces), tuple(canon_starts), tuple(orig_starts), tuple(replaced), tuple(terms))


@lru_cache(maxsize=2)
def slots_of(lang: str) -> dict[str, frozenset[str]]:
    """Canonical word -> the slots ("group", "kin", ...) of the terms it stands for."""
    _, mapping = _canon_table("zh" if lang == "zh" else "en")
    table = ZH_PAIRS if lang == "zh" else EN_PAIRS
    out: dict[str, set[str]] = {}
    for slot, pairs in table.items():
        for pair in pairs:
            for word in pair:
                out.setdefault(mapping[word], set()).add(slot)
    return {word: frozenset(slots) for word, slots in out.items()}


def canonical_pattern(source: str, lang: str) -> str:
    """A regex source with its gendered words canonicalised, so a rule written with either side of a pair
    matches the canonical text."""
    return canonical(source, lang).text
