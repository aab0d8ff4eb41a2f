"""Symmetry by construction: swapping every gendered term (both languages, every pair) never changes a score,
a finding (modulo the swapped words) or a verdict. Property-tested over a generated corpus."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardrails import check_text
from guardrails.gender import EN_PAIRS, ZH_PAIRS, canonical, swap
from guardrails.swaps import EN_TEMPLATES, ZH_TEMPLATES, swap_pairs

# Extra sentences that put every English and Chinese pair in a varied context (group claims, kinship,
# roles, pronouns, neutral mentions), filled per pair below.
EN_FRAMES = (
    "{w} are too emotional to lead.",
    "There is no reason a {w} cannot do this job.",
    "He thanked his {w} in the retro.",
    "She codes like a {w}.",
    "The {w} on the team closed 12 tickets in March.",
    "Leave the negotiation to the {w}.",
)
ZH_FRAMES = (
    "{w}就是不适合做技术。",
    "他的{w}来参加了开放日。",
    "作为唯一的{w}，他带教了3名新人。",
    "那{w}一看就不靠谱。",
    "{w}和大家一样可以申请。",
)


def _report(text: str, lang: str):
    return check_text(text, lang=lang)  # type: ignore[arg-type]


def _same(a: str, b: str, lang: str) -> None:
    ra, rb = _report(a, lang), _report(b, lang)
    assert ra.scores == rb.scores, (a, b)
    assert ra.verdict == rb.verdict, (a, b)
    found_a = [(f.dimension, f.kind, canonical(f.text, lang).text) for f in ra.findings]
    found_b = [(f.dimension, f.kind, canonical(f.text, lang).text) for f in rb.findings]
    assert found_a == found_b, (a, b)


@st.composite
def corpus(draw: st.DrawFn, lang: str) -> str:
    frames = ZH_FRAMES if lang == "zh" else EN_FRAMES
    table = ZH_PAIRS if lang == "zh" else EN_PAIRS
    slot = draw(st.sampled_from(sorted(s for s in table if s != "pronoun")))
    # titles (Mr/Ms) go before a name, not in these frames
    word = draw(st.sampled_from([w for pair in table[slot] for w in pair if w.rstrip(".") not in ("mr", "ms", "mrs")]))
    joiner = "" if lang == "zh" else " "
    pieces = [draw(st.sampled_from(frames)).format(w=word)]
    pieces += [t for t, _ in swap_pairs(lang, draw(st.integers(0, 2)), seed=draw(st.integers(0, 10_000)))]
    return joiner.join(pieces)


@settings(max_examples=120, deadline=None)
@given(corpus("en"))
def test_english_gender_swaps_change_nothing(text):
    _same(text, swap(text, "en"), "en")


@settings(max_examples=120, deadline=None)
@given(corpus("zh"))
def test_chinese_gender_swaps_change_nothing(text):
    _same(text, swap(text, "zh"), "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_template_pair_is_symmetric(lang):
    for a, b in swap_pairs(lang, 200 if lang == "en" else 100):
        _same(a, b, lang)


def test_the_generated_pairs_really_differ():
    for lang, templates in (("en", EN_TEMPLATES), ("zh", ZH_TEMPLATES)):
        pairs = swap_pairs(lang, 100)
        assert sum(a != b for a, b in pairs) >= 90, lang
        assert len({a for a, _ in pairs}) >= 50 and len(templates) >= 20


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("He codes like a man.", "He codes like a woman."),
        ("Boys can't code.", "Girls can't code."),
        ("中年男人就爱斤斤计较。", "中年女人就爱斤斤计较。"),
        ("男人们都不靠谱。", "女人们都不靠谱。"),
        ("那男的一看就不靠谱。", "那女的一看就不靠谱。"),
    ],
)
def test_the_issues_asymmetries_are_gone(a, b):
    lang = "zh" if "男" in a else "en"
    ra, rb = _report(a, lang), _report(b, lang)
    assert ra.scores == rb.scores and ra.verdict == rb.verdict == "block"
    assert [f.kind for f in ra.findings if f.dimension == "bias"] == [
        f.kind for f in rb.findings if f.dimension == "bias"
    ]
    assert "stereotype" in {f.kind for f in ra.findings}


def test_canonical_spans_map_back_to_the_original_text():
    text = "Leave it to the Women and Mrs. Li; her mother agreed."
    canon = canonical(text, "en")
    assert canon.text == canonical("Leave it to the Men and Mr. Li; his father agreed.", "en").text
    start = canon.text.index("Men")
    assert text[slice(*canon.original(start, start + 3))] == "Women"
    start = canon.text.index("father")
    assert text[slice(*canon.original(start, start + 6))] == "mother"
