"""The learned component: deterministic hashed features, the shipped model's loading and symmetry, the
numpy trainer learning a separable toy corpus, and the training corpus's sources and held-out split."""

from __future__ import annotations

import numpy as np
import pytest

from guardrails.features_hash import hashed_features
from guardrails.gender import canonical
from guardrails.learned import MODEL_PATH, BiasModel, load_model
from guardrails.training.__main__ import train
from guardrails.training.corpus import Example, _composed
from guardrails.training.splits import is_held_out


def test_hashed_features_are_deterministic_and_in_range():
    a = hashed_features("Women are too serious to lead.", "en", 1 << 18)
    assert np.array_equal(a, hashed_features("Women are too serious to lead.", "en", 1 << 18))
    assert a.min() >= 0 and a.max() < 1 << 18 and len(a) == len(set(a.tolist()))
    # digits fold, so numbers do not make features of their own
    assert np.array_equal(
        hashed_features("closed 35 tickets", "en", 1 << 18), hashed_features("closed 12 tickets", "en", 1 << 18)
    )
    assert len(hashed_features("女生就是学不好编程", "zh", 1 << 18)) > 20


def test_the_shipped_model_loads_offline_and_is_small():
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 3_000_000
    model = load_model()
    assert isinstance(model, BiasModel) and 0.0 < model.threshold < 1.0


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("Women are hopeless with money.", "Men are hopeless with money.", "en"),
        ("女人就是靠不住。", "男人就是靠不住。", "zh"),
    ],
)
def test_the_model_reads_canonical_text_so_swaps_score_the_same(a, b, lang):
    model = load_model()
    pa = model.probability(canonical(a, lang).text, lang)
    assert pa == model.probability(canonical(b, lang).text, lang)


def test_the_model_separates_generalisations_from_work_text():
    model = load_model()
    stereo = model.probability(canonical("女人就该在家带孩子，别出来抢工作。", "zh").text, "zh")
    work = model.probability("3月她完成了支付网关迁移，接口延迟降到210毫秒。", "zh")
    assert stereo > model.threshold > work


def test_the_trainer_learns_a_separable_toy_corpus():
    pos = [Example(f"they are always {w}", "en", 1, "toy") for w in ("lazy", "weak", "useless", "hopeless")] * 5
    neg = [Example(f"she shipped the {w} release", "en", 0, "toy") for w in ("api", "billing", "search", "mobile")] * 5
    weights, bias = train(pos + neg, epochs=80)
    model = BiasModel(weights, bias, 0.5, len(weights))
    assert (
        model.probability("they are always lazy", "en") > 0.5 > model.probability("she shipped the api release", "en")
    )


def test_the_held_out_split_is_fixed_by_the_text_and_about_a_fifth():
    texts = [f"statement number {i}" for i in range(2000)]
    share = sum(is_held_out(t) for t in texts) / len(texts)
    assert 0.15 < share < 0.25
    assert [is_held_out(t) for t in texts[:50]] == [is_held_out(t) for t in texts[:50]]


def test_composed_statements_cover_both_labels_in_both_languages():
    import random

    for lang in ("en", "zh"):
        examples = _composed(lang, random.Random(1))
        labels = {e.label for e in examples}
        assert labels == {0, 1} and len(examples) > 100
