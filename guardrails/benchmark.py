"""The labelled guardrail benchmark: load it, run the guardrails over it, compute precision/recall/F1.

Data ships in the package, ``guardrails/benchmark_data/{dev,test,holdout}.jsonl`` (see its README). A statement is
predicted positive for a label when ``check_text`` produces a finding of a matching kind. ``bench/bench_guardrails.py``
prints these numbers with throughput; ``tests/test_guardrails_benchmark.py`` asserts a floor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.errors import BadInput
from assistant.core.models import WorkEvent
from guardrails.check import check_text

__all__ = ["BENCHMARK_DIR", "LABELS", "SPLITS", "Case", "Score", "evaluate", "load_cases", "predict"]

#: Where the benchmark files live (package data).
BENCHMARK_DIR = Path(__file__).resolve().parent / "benchmark_data"
Label = Literal[
    "vague", "personality", "protected_attribute", "unsupported", "stereotype", "decision", "prompt_injection"
]
#: Benchmark label -> the finding kinds that predict it.
LABELS: dict[str, frozenset[str]] = {
    "vague": frozenset({"vague"}),
    "personality": frozenset({"personality"}),
    # a stereotype about a group ("for a woman", "像个女人") is a reference to a protected attribute too
    "protected_attribute": frozenset({"protected_attribute", "stereotype"}),
    "unsupported": frozenset({"unsupported"}),
    "stereotype": frozenset({"stereotype", "slur"}),
    "decision": frozenset({"decision"}),
    "prompt_injection": frozenset({"prompt_injection"}),
}


class Case(BaseModel):
    """One labelled feedback statement."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lang: Literal["en", "zh"]
    text: str = Field(min_length=1)
    labels: list[Label]
    """Empty for a clean statement."""
    scored: list[Label] | None = None
    """The labels this case is scored on (all when ``None``): general statements about groups are not
    feedback, so they are scored on the bias labels only."""
    evidence: list[dict] = Field(default_factory=list)
    """Small event dicts (``id, occurred_at, title`` and optionally ``description, project, metrics, person_id``)."""
    source: str

    def events(self) -> list[WorkEvent]:
        """The evidence as work events (person ``subject`` and kind ``outcome`` unless given)."""
        return [
            WorkEvent.model_validate({"person_id": "subject", "kind": "outcome", "language": self.lang, **e})
            for e in self.evidence
        ]


#: The splits: ``dev`` (tuned on), ``test`` (written before tuning), ``holdout`` (written last, never tuned on).
SPLITS = ("dev", "test", "holdout")


def load_cases(*splits: str, directory: Path = BENCHMARK_DIR) -> list[Case]:
    """The cases of the given splits (all of :data:`SPLITS` when none given).

    Raises:
        BadInput: naming the file and line of an invalid case.
    """
    out: list[Case] = []
    for split in splits or SPLITS:
        path = directory / f"{split}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.append(Case.model_validate(json.loads(line)))
            except (ValueError, TypeError) as exc:
                raise BadInput(f"{path}:{number}: {exc}") from exc
    return out


@dataclass
class Score:
    """Confusion counts for one label and language."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predict(case: Case) -> set[str]:
    """The benchmark labels the guardrails predict for one case."""
    evidence = case.events() if case.evidence else None
    kinds = check_text(case.text, lang=case.lang, evidence=evidence).kinds()
    return {label for label, predicting in LABELS.items() if predicting & kinds}


def evaluate(cases: Iterable[Case]) -> tuple[dict[tuple[str, str], Score], list[tuple[Case, set[str]]]]:
    """Scores by ``(label, lang)`` and the cases whose prediction differs from their labels.

    ``unsupported`` is only scored on cases that carry evidence: without evidence nothing can be grounded.
    """
    scores: dict[tuple[str, str], Score] = {}
    errors: list[tuple[Case, set[str]]] = []
    for case in cases:
        predicted = predict(case)
        gold = set(case.labels)
        shown = predicted if case.scored is None else predicted & set(case.scored)
        if shown != gold:
            errors.append((case, predicted))
        for label in LABELS:
            if label == "unsupported" and not case.evidence:
                continue
            if case.scored is not None and label not in case.scored:
                continue
            score = scores.setdefault((label, case.lang), Score())
            if label in gold:
                score.tp += label in predicted
                score.fn += label not in predicted
            else:
                score.fp += label in predicted
                score.tn += label not in predicted
    return scores, errors
