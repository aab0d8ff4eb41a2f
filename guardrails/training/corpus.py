"""The training corpus of the learned bias model, assembled from documented sources.

| source | lang | licence | what |
|---|---|---|---|
| SWSR train portion (Jiang et al. 2022), ``../shared/data/swsr/train.jsonl`` | zh | MIT | Weibo comments, sexist or not; the hash-fixed held-out fifth is left out |
| ``data/*.txt`` in this folder | en, zh | this repository (MIT) | statements written for issue 12: groups x stereotype and neutral predicates in stance frames, free-form stereotypes and neutral / pro-equality / legal / policy mentions |
| ``assistant/demo/data/events.jsonl`` | en, zh | this repository | real work-event text (titles, descriptions) as neutral negatives; held-out fifth left out |
| ``guardrails/benchmark_data/dev.jsonl`` | en, zh | this repository | feedback statements of the tuning split as negatives (never ``test`` or ``holdout``) |

Every text is canonicalised (gendered terms mapped to one side of their pair) exactly as at run time.
"""  # noqa: E501

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import BadInput
from guardrails.gender import canonical
from guardrails.training.splits import is_held_out

__all__ = ["DATA_DIR", "Example", "build_corpus", "held_out_examples"]

DATA_DIR = Path(__file__).resolve().parent / "data"
_ROOT = Path(__file__).resolve().parents[2]

_EN_POSITIVE_FRAMES = ("{G} {p}.", "Everyone knows {g} {p}.", "Let's face it, {g} {p}.", "Honestly, {g} {p}.",
                       "{G} {p}, that's just how it is.", "In my experience {g} {p}.")  # fmt: skip
_EN_NEGATED_FRAMES = ("It's a myth that {g} {p}.", "Nobody should claim that {g} {p}.",
                      "The old idea that {g} {p} is simply wrong.", "I don't believe {g} {p}.",
                      "People used to say {g} {p}, but the data disagree.", "Is it true that {g} {p}?",
                      "Stop saying {g} {p}.")  # fmt: skip
_ZH_POSITIVE_FRAMES = ("{g}{p}。", "{g}嘛，{p}。", "说实话，{g}{p}。", "谁都知道{g}{p}。", "{g}{p}，这是常识。")
_ZH_NEGATED_FRAMES = ("谁说{g}{p}？", "“{g}{p}”这种说法是偏见。", "不能认为{g}{p}。", "所谓{g}{p}早就被推翻了。",
                      "{g}{p}？这是刻板印象。")  # fmt: skip


@dataclass(frozen=True)
class Example:
    """One training text (canonical), its label (1 = generalisation / sexist remark) and its source."""

    text: str
    lang: str
    label: int
    source: str
    raw: str = ""
    """The text as written (before canonicalisation): what the held-out split is decided on."""


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as exc:
        raise BadInput(f"{path}: cannot read training statements: {exc}") from exc


def _jsonl(path: Path) -> list[dict]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc}; pass the folder that holds it") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{number}: not JSON: {exc}") from exc
    return rows


def _composed(lang: str, rng: random.Random) -> list[Example]:
    groups = _lines(f"{lang}_groups.txt")
    stereo = _lines(f"{lang}_stereotype_predicates.txt")
    neutral = _lines(f"{lang}_neutral_predicates.txt")
    positive = _ZH_POSITIVE_FRAMES if lang == "zh" else _EN_POSITIVE_FRAMES
    negated = _ZH_NEGATED_FRAMES if lang == "zh" else _EN_NEGATED_FRAMES
    out: list[Example] = []
    for p in stereo:
        for g in rng.sample(groups, 4):
            out.append(_fill(rng.choice(positive), g, p, lang, 1, "composed stereotype"))
        out.append(_fill(rng.choice(negated), rng.choice(groups), p, lang, 0, "composed negation"))
    for p in neutral:
        for g in rng.sample(groups, 4):
            out.append(_fill(rng.choice(positive[:1]), g, p, lang, 0, "composed neutral"))
    return out


def _fill(frame: str, group: str, predicate: str, lang: str, label: int, source: str) -> Example:
    text = frame.format(g=group, G=group[:1].upper() + group[1:], p=predicate)
    return Example(text, lang, label, source)


def build_corpus(swsr_dir: Path, seed: int = 12) -> list[Example]:
    """Every training example (held-out texts excluded), canonicalised.

    Raises:
        BadInput: naming the file (and line) that is missing or malformed.
    """
    return [e for e in _all(swsr_dir, seed) if not is_held_out(e.raw)]


def held_out_examples(swsr_dir: Path, seed: int = 12) -> list[Example]:
    """The held-out fifth of every source: never trained or tuned on, scored after training."""
    return [e for e in _all(swsr_dir, seed) if is_held_out(e.raw)]


def _all(swsr_dir: Path, seed: int) -> list[Example]:
    rng = random.Random(seed)
    raw: list[Example] = []
    for lang in ("en", "zh"):
        raw += _composed(lang, rng)
        raw += [Example(t, lang, 1, "written stereotype") for t in _lines(f"{lang}_stereotype_free.txt")]
        raw += [Example(t, lang, 0, "written neutral") for t in _lines(f"{lang}_neutral_free.txt")]
    for number, row in enumerate(_jsonl(swsr_dir / "train.jsonl"), 1):
        if "text" not in row or row.get("label") not in (0, 1):
            raise BadInput(f"{swsr_dir / 'train.jsonl'}:{number}: needs 'text' and 'label' 0 or 1")
        raw.append(Example(row["text"], "zh", int(row["label"]), "SWSR"))
    for event in _jsonl(_ROOT / "assistant" / "demo" / "data" / "events.jsonl"):
        text = f"{event['title']}. {event.get('description') or ''}".strip()
        raw.append(Example(text, event.get("language", "en"), 0, "demo events"))
    for case in _jsonl(_ROOT / "guardrails" / "benchmark_data" / "dev.jsonl"):
        raw.append(Example(case["text"], case["lang"], 0, "benchmark dev"))
    return [Example(canonical(e.text, e.lang).text, e.lang, e.label, e.source, e.text) for e in raw]
