"""The issue-12 measures on this repository's own held-out data: proxies for the public corpora the team
does not have (and must not tune on). ``bench/bench_guardrails.py`` prints them; none is tuned on.

- bias F1, en statements: ``holdout`` cases scored on ``stereotype`` (general statements about groups,
  neutral and pro-equality mentions);
- bias F1, zh biased vs debiased: ``holdout`` pairs of a biased sentence and its rewrite;
- bias F1, zh Weibo: SWSR comments in the held-out fifth (all of them when the SWSR folder is given);
- Spearman, specificity: ``specificity_rated.jsonl``, sentences rated 1-5 before any scoring;
- swap pairs: :func:`guardrails.swaps.swap_pairs`, pairs whose scores, finding kinds or verdict differ;
- personality F1: the ``personality`` label over all splits, per language.

"Bias flagged" is any finding of the bias dimension (as a caller of ``coach check --json`` would read it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from guardrails.benchmark import BENCHMARK_DIR, Case, Score, load_cases
from guardrails.check import check_text
from guardrails.swaps import swap_pairs
from guardrails.training.splits import is_held_out

__all__ = ["bias_flagged", "issue_table", "model_scores", "spearman"]


def bias_flagged(text: str, lang: str) -> bool:
    """Whether ``coach check --json`` would show any bias finding for ``text``."""
    return any(f.dimension == "bias" for f in check_text(text, lang=lang).findings)  # type: ignore[arg-type]


def _f1(pairs: Iterable[tuple[bool, bool]]) -> Score:
    score = Score()
    for gold, predicted in pairs:
        if gold:
            score.tp += predicted
            score.fn += not predicted
        else:
            score.fp += predicted
            score.tn += not predicted
    return score


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""

    def ranks(values: Sequence[float]) -> np.ndarray:
        arr = np.asarray(values, dtype=float)
        order = arr.argsort(kind="mergesort")
        out = np.empty(len(arr))
        out[order] = np.arange(len(arr), dtype=float)
        for value in np.unique(arr):
            mask = arr == value
            out[mask] = out[mask].mean()
        return out

    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def _bias_cases(cases: list[Case], lang: str, source: Callable[[str], bool]) -> Score:
    chosen = [c for c in cases if c.lang == lang and c.scored is not None and source(c.source)]
    gold = [("stereotype" in c.labels or "protected_attribute" in c.labels) for c in chosen]
    return _f1(zip(gold, (bias_flagged(c.text, c.lang) for c in chosen), strict=True))


def _swsr(swsr_dir: Path | None, cases: list[Case]) -> tuple[Score, int]:
    path = swsr_dir / "train.jsonl" if swsr_dir else None
    if path is not None and path.exists():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        held = [(r["text"], bool(r["label"])) for r in rows if is_held_out(r["text"])]
    else:
        held = [(c.text, "stereotype" in c.labels) for c in cases if c.source.startswith("SWSR")]
    return _f1((gold, bias_flagged(text, "zh")) for text, gold in held), len(held)


def _specificity(kind: str) -> tuple[float, float, int]:
    """Spearman of the specificity score and, for reference, of the word count, with the ratings."""
    rows = [json.loads(line) for line in (BENCHMARK_DIR / "specificity_rated.jsonl").read_text("utf-8").splitlines()]
    rows = [r for r in rows if r["kind"] == kind]
    scores = [check_text(r["text"], lang=r["lang"]).scores["specificity"] for r in rows]
    ratings = [r["rating"] for r in rows]
    return spearman(scores, ratings), spearman([len(r["text"].split()) for r in rows], ratings), len(rows)


def _swap_differences(lang: str, count: int) -> int:
    differ = 0
    for a, b in swap_pairs(lang, count):
        ra, rb = check_text(a, lang=lang), check_text(b, lang=lang)  # type: ignore[arg-type]
        kinds_a = sorted((f.dimension, f.kind) for f in ra.findings)
        kinds_b = sorted((f.dimension, f.kind) for f in rb.findings)
        differ += ra.scores != rb.scores or ra.verdict != rb.verdict or kinds_a != kinds_b
    return differ


def _personality(cases: list[Case], lang: str) -> Score:
    chosen = [c for c in cases if c.lang == lang and (c.scored is None or "personality" in c.scored)]
    predicted = (any(f.kind == "personality" for f in check_text(c.text, lang=c.lang).findings) for c in chosen)
    return _f1(zip(("personality" in c.labels for c in chosen), predicted, strict=True))


def issue_table(swsr_dir: Path | None = None) -> list[tuple[str, str, str]]:
    """``(measure, value, n)`` rows of the issue's table, measured on this repository's held-out data."""
    holdout = load_cases("holdout")
    everything = load_cases()
    rows: list[tuple[str, str, str]] = []
    en = _bias_cases(holdout, "en", lambda s: True)
    rows.append(("bias F1, en statements (P / R)", f"{en.f1:.2f} ({en.precision:.2f} / {en.recall:.2f})", str(en.n)))
    pairs = _bias_cases(holdout, "zh", lambda s: "pair" in s or "rewrite" in s)
    rows.append(("bias F1, zh biased vs debiased rewrites", f"{pairs.f1:.2f}", str(pairs.n)))
    zh = _bias_cases(holdout, "zh", lambda s: s.startswith("written"))
    rows.append(("bias F1, zh statements (all written cases)", f"{zh.f1:.2f}", str(zh.n)))
    weibo, n = _swsr(swsr_dir, holdout)
    rows.append(("bias F1, zh Weibo (SWSR held-out fifth)", f"{weibo.f1:.2f}", str(n)))
    for kind in ("general", "feedback"):
        rho, words, n = _specificity(kind)
        rows.append((f"Spearman(specificity, rating), {kind} (words: {words:.2f})", f"{rho:.2f}", str(n)))
    rows.append(("swap pairs with different scores/verdict, en", str(_swap_differences("en", 200)), "200"))
    rows.append(("swap pairs with different scores/verdict, zh", str(_swap_differences("zh", 100)), "100"))
    for lang in ("en", "zh"):
        p = _personality(everything, lang)
        rows.append((f"personality F1, {lang} (all splits)", f"{p.f1:.2f}", str(p.n)))
    return rows


def model_scores(swsr_dir: Path | None) -> list[tuple[str, int, str]]:
    """The learned model alone on the held-out fifth of its corpus (whole texts, its own threshold):
    ``(source, n, "P / R / F1")`` for sources with positives, ``"k flagged"`` for all-negative ones."""
    from guardrails.learned import load_model
    from guardrails.training.corpus import held_out_examples

    model = load_model()
    if model is None or swsr_dir is None or not (swsr_dir / "train.jsonl").exists():
        return []
    rows = []
    examples = held_out_examples(swsr_dir)
    for source in sorted({e.source for e in examples}):
        chosen = [e for e in examples if e.source == source]
        flagged = [model.probability(e.text, e.lang) >= model.threshold for e in chosen]
        if any(e.label for e in chosen):
            s = _f1(zip((bool(e.label) for e in chosen), flagged, strict=True))
            rows.append((source, len(chosen), f"P {s.precision:.2f} / R {s.recall:.2f} / F1 {s.f1:.2f}"))
        else:
            rows.append((source, len(chosen), f"all negative: {sum(flagged)} flagged"))
    return rows
