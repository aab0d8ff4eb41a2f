"""Train the learned bias model: ``python -m guardrails.training [--swsr DIR] [--out FILE]``.

Reproducible (fixed seeds, hash-fixed splits): the corpus of :mod:`guardrails.training.corpus` minus its
held-out fifth is split again into train (90%) and a threshold-tuning tenth; the held-out fifth (never
trained or tuned on) is scored at the end, per source. numpy only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

from guardrails.features_hash import hashed_features
from guardrails.learned import MODEL_PATH
from guardrails.training.corpus import Example, build_corpus, held_out_examples

DIMS = 1 << 18
_ROOT = Path(__file__).resolve().parents[2]


def _tune_split(text: str) -> bool:
    return hashlib.sha1(("tune:" + text).encode("utf-8")).digest()[0] % 10 == 0


def _matrix(examples: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat feature indices, row offsets and per-row scale (1/sqrt(n)) of the examples."""
    rows = [hashed_features(e.text, e.lang, DIMS) for e in examples]
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(r) for r in rows])
    scale = np.array([1.0 / np.sqrt(max(1, len(r))) for r in rows], dtype=np.float64)
    return np.concatenate(rows) if rows else np.zeros(0, np.int64), offsets, scale


def _logits(w: np.ndarray, b: float, flat: np.ndarray, offsets: np.ndarray, scale: np.ndarray) -> np.ndarray:
    sums = np.add.reduceat(w[flat], offsets[:-1]) if len(flat) else np.zeros(len(scale))
    sums[offsets[:-1] == offsets[1:]] = 0.0
    return b + sums * scale


def train(examples: list[Example], epochs: int = 200, lr: float = 0.5, l2: float = 2e-6) -> tuple[np.ndarray, float]:
    """Logistic regression with AdaGrad; classes and languages weighted to equal mass."""
    flat, offsets, scale = _matrix(examples)
    y = np.array([e.label for e in examples], dtype=np.float64)
    groups = [(e.lang, e.label) for e in examples]
    counts = {g: groups.count(g) for g in set(groups)}
    weight = np.array([len(examples) / (len(counts) * counts[g]) for g in groups])
    lengths = np.diff(offsets)
    row_of = np.repeat(np.arange(len(examples)), lengths)
    w = np.zeros(DIMS)
    b = 0.0
    g2w = np.full(DIMS, 1e-8)
    g2b = 1e-8
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-_logits(w, b, flat, offsets, scale)))
        err = (p - y) * weight / len(examples)
        grad_w = np.bincount(flat, weights=(err * scale)[row_of], minlength=DIMS) + l2 * w
        grad_b = float(err.sum())
        g2w += grad_w**2
        g2b += grad_b**2
        w -= lr * grad_w / np.sqrt(g2w)
        b -= lr * grad_b / np.sqrt(g2b)
    return w, b


def _predict(w: np.ndarray, b: float, examples: list[Example]) -> np.ndarray:
    flat, offsets, scale = _matrix(examples)
    return 1.0 / (1.0 + np.exp(-_logits(w, b, flat, offsets, scale)))


def _f1(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(((pred == 1) & (y == 1)).sum())
    p = tp / max(1.0, float(pred.sum()))
    r = tp / max(1.0, float(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--swsr", type=Path, default=_ROOT.parent / "shared" / "data" / "swsr")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--epochs", type=int, default=200)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = build_corpus(args.swsr)
    fit = [e for e in corpus if not _tune_split(e.text)]
    tune = [e for e in corpus if _tune_split(e.text)]
    print(f"corpus: {len(corpus)} examples ({len(fit)} train, {len(tune)} threshold tuning)")
    for source in sorted({e.source for e in corpus}):
        chosen = [e for e in corpus if e.source == source]
        print(f"  {source:22} {len(chosen):6} ({sum(e.label for e in chosen)} positive)")
    w, b = train(fit, epochs=args.epochs)
    y = np.array([e.label for e in tune])
    probs = _predict(w, b, tune)
    best = max(np.arange(0.3, 0.91, 0.02), key=lambda t: _f1(y, (probs >= t).astype(int))[2])
    print(f"threshold {best:.2f} (tuning tenth: P/R/F1 {'/'.join(f'{v:.2f}' for v in _f1(y, probs >= best))})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, weights=w.astype(np.float16), bias=np.float64(b), threshold=np.float64(best))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB) in {time.perf_counter() - started:.0f} s")
    held = held_out_examples(args.swsr)
    probs = _predict(w.astype(np.float16).astype(np.float64), b, held)
    print("held-out fifth (never trained or tuned on), the model alone on whole texts:")
    for source in sorted({e.source for e in held}):
        idx = [i for i, e in enumerate(held) if e.source == source]
        ys = np.array([held[i].label for i in idx])
        flagged = probs[idx] >= best
        if ys.any():
            p, r, f = _f1(ys, flagged.astype(int))
            print(f"  {source:22} n={len(idx):5}  P {p:.2f}  R {r:.2f}  F1 {f:.2f}")
        else:
            print(f"  {source:22} n={len(idx):5}  all negative: {int(flagged.sum())} flagged")


if __name__ == "__main__":
    sys.exit(main())
