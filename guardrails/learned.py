"""The learned component: a small logistic regression over hashed word and character n-grams of the
gender-canonical text, trained by ``make train-guardrails`` (``guardrails/training``).

It flags generalisations and sexist remarks that no rule lists ("Sucking at math is a requirement for being
a man", Weibo phrasings), as a ``stereotype`` finding whose span and hint come from the rules: the group term
the statement is about, or the statement. It only looks at statements that name a gender group, a relative
or a gendered role (never "he"/"she" alone), so feedback about one person is left to the rules; statements
that negate, argue for equality, ask a legal question or quote someone are skipped.

The weights (``model_data/bias_model.npz``, a few hundred KB) load lazily, once, offline; numpy only, and
imported with them: a text that names no gender group (most feedback) never loads numpy, which would be a
third of a one-shot ``coach check``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from guardrails.patterns import LazyPattern
from guardrails.stance import has_group_term
from guardrails.text import Doc

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_PATH", "BiasModel", "load_model", "model_findings"]

MODEL_PATH = Path(__file__).resolve().parent / "model_data" / "bias_model.npz"
#: The bar for a finding on the model's word alone (no rule agreeing): a false alarm blocks a draft, so it is
#: higher than the F1-tuned threshold, which still applies where the model only confirms a rule.
ALONE = 0.4
_lock = threading.Lock()
_GROUP_SPAN = LazyPattern(
    r"(?<![a-z])(?:men|man|boys?|guys?|males?|gentlem[ae]n|fathers?|dads?|husbands?|sons?)(?![a-z])"
    r"|男人们?|男性|男生|男孩子?|男的|男子|男士|男同[事志学]|男员工|他们|[大中老小]?男|爸爸们?|父亲|丈夫|老公|儿子",
    re.IGNORECASE,
)


class BiasModel:
    """Weights and threshold of the hashed n-gram logistic regression."""

    def __init__(self, weights: np.ndarray, bias: float, threshold: float, dims: int) -> None:
        self.weights = weights.astype("float32")
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.dims = dims

    def probability(self, text: str, lang: str) -> float:
        """P(generalisation or sexist remark) for one canonical statement."""
        import numpy as np

        from guardrails.features_hash import hashed_features  # numpy too: loaded with the model

        index = hashed_features(text, lang, self.dims)
        if not len(index):
            return 0.0
        z = self.bias + float(self.weights[index].sum()) / np.sqrt(len(index))
        return float(1.0 / (1.0 + np.exp(-z)))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> BiasModel | None:
    """The shipped model, loaded once; ``None`` when the weights file is absent (rules still run)."""
    with _lock:
        if not path.exists():
            return None
        import numpy as np  # only when a statement is for the model to judge

        data = np.load(path)
        weights = data["weights"]
        return BiasModel(weights, float(data["bias"]), float(data["threshold"]), int(weights.shape[0]))


def model_findings(
    cdoc: Doc, hits: list[tuple[str, str, int, int]], neutral: Container[int]
) -> list[tuple[str, str, int, int]]:
    """``stereotype`` hits for gender-group statements the model flags and no rule already explains."""
    model = None
    out: list[tuple[str, str, int, int]] = []
    if not has_group_term(cdoc, 0, len(cdoc.text), groups_only=True):
        return out  # no gender group named anywhere: nothing for the model to judge
    for index, span in enumerate(cdoc.statements):
        if index in neutral or any(span.start <= s < span.end and k in ("stereotype", "slur") for k, _, s, _ in hits):
            continue
        if not has_group_term(cdoc, span.start, span.end, groups_only=True):
            continue
        model = model or load_model()
        if model is None:
            return out
        if model.probability(span.text, cdoc.lang) < max(model.threshold, ALONE):
            continue
        group = _GROUP_SPAN.search(span.text)
        start, end = (group.start(), group.end()) if group else (0, len(span.text))
        out.append(("stereotype", "model", span.start + start, span.start + end))
    return out
