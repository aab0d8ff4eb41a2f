"""The labelled benchmark: valid data, enough cases, and an F1 floor per label and language on each split."""

from __future__ import annotations

from collections import Counter

import pytest

from guardrails.benchmark import SPLITS, evaluate, load_cases

FLOOR = 0.8
#: Labels the original dev/test/holdout cases carry; the held-out issue-12 labels have their own floors.
CORE = ("vague", "personality", "protected_attribute", "unsupported")
HELD_OUT_FLOOR = {"stereotype": 0.75, "decision": 0.8, "prompt_injection": 0.8}


@pytest.fixture(scope="module")
def cases():
    return {split: load_cases(split) for split in SPLITS}


def test_the_benchmark_is_big_enough_and_well_formed(cases):
    everything = [c for split in SPLITS for c in cases[split]]
    per_lang = Counter(c.lang for c in everything)
    assert per_lang["en"] >= 150 and per_lang["zh"] >= 150
    assert len({c.id for c in everything}) == len(everything)
    for case in everything:
        assert case.source
        assert ("unsupported" in case.labels) <= bool(case.evidence), case.id
        case.events()  # evidence validates as work events
    clean = [c for c in everything if not c.labels]
    assert len(clean) >= 0.25 * len(everything)  # plenty of negatives, hard ones included


@pytest.mark.parametrize("split", SPLITS)
def test_f1_floor_per_label_and_language(cases, split):
    scores, _ = evaluate(cases[split])
    for label in CORE:
        for lang in ("en", "zh"):
            score = scores[(label, lang)]
            assert score.tp + score.fn > 0, (label, lang)
            assert score.f1 >= FLOOR, f"{split} {label} {lang}: P={score.precision:.2f} R={score.recall:.2f}"


def test_held_out_bias_decision_and_injection_floors(cases):
    scores, _ = evaluate(cases["holdout"])
    for label, floor in HELD_OUT_FLOOR.items():
        for lang in ("en", "zh"):
            score = scores[(label, lang)]
            assert score.tp + score.fn >= 5, (label, lang)
            assert score.f1 >= floor, f"holdout {label} {lang}: P={score.precision:.2f} R={score.recall:.2f}"
