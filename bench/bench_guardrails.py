"""Guardrail benchmark: precision / recall / F1 per label and language, and throughput and latency per draft.

Quality: every case of ``guardrails/benchmark_data/{dev,test,holdout}.jsonl`` goes through ``check_text`` (with
its evidence, if any); a case is predicted positive for a label when a finding of a matching kind appears
(vague, personality, protected_attribute, unsupported, stereotype (or slur), decision, prompt_injection;
unsupported is scored on cases with evidence only, general statements about groups on the bias labels only).
``dev`` is the split the lexicons were tuned on; ``test`` was written before tuning; ``holdout`` was written
last and never tuned on (docs/guardrails.md has first-run numbers). Then the learned component alone on the
held-out fifth of its corpus, and the issue-12 table (the combined rules + model + policy) on held-out data.

Speed: ~200-word feedback drafts (English, and Chinese of comparable length), each one unique (numbers
and names vary, so jieba's per-text cache never hits), checked one after another in this one process (one
core): drafts/s and p50 / p99 latency from ``time.perf_counter``. Twice per language: the text alone (as
``coach check`` does) and with 12 evidence events, per-statement citations and a period (as the drafting
pipeline does). Warm-up (jieba's dictionary, regex compilation) is done first and not counted.

Run from the repository root::

    .venv/bin/python bench/bench_guardrails.py              # or: make bench-guardrails
    .venv/bin/python bench/bench_guardrails.py --drafts 500 --errors
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.core.models import WorkEvent
from assistant.core.periods import parse_period
from guardrails import check_text, warm_up
from guardrails.benchmark import LABELS, evaluate, load_cases
from guardrails.measures import issue_table, model_scores

EN_NAMES = ["Priya", "Tom", "Maria", "Kenji", "Aisha", "David", "Elena", "Omar"]
ZH_NAMES = ["李娜", "王伟", "张敏", "刘洋", "陈静", "赵磊", "周婷", "杨帆"]

EN_DRAFT = [
    "In the {m1} release review, {name} walked the team through the rollback plan, which cut the go/no-go "
    "meeting from {a} to {b} minutes.",
    "She rewrote the retry logic in payments-api and p95 latency fell from {c} ms to {d} ms over {e} weeks.",
    "During the {m2} incident she paired with {peer} on the database failover and restored service in {f} minutes.",
    "Her design doc for the queue migration was clear, and {g} teams adopted the template afterwards.",
    "She also mentored {h} new hires, reviewing {i} of their pull requests in the first month.",
    "One area to grow: in sprint planning she committed to {j} stories but delivered {k}, and the slip was "
    "only raised on the last day.",
    "Next quarter, I'd like her to flag scope risks at the mid-sprint check-in and keep a written estimate log.",
    "She could also present the on-call runbook at the {m3} ops review so other teams can reuse it.",
    "Overall, a strong half: the latency work alone saved about {l} support tickets a month.",
    "In the {m3} architecture forum she also explained the trade-offs of the new cache to {g} other teams and "
    "answered their questions in a written FAQ that is now linked from the service README.",
]
ZH_DRAFT = [
    "{m1}月的版本评审会上，{name}带大家过了一遍回滚方案，评审时间从{a}分钟缩短到{b}分钟。",
    "她重写了支付服务的重试逻辑，{e}周内接口p95延迟从{c}毫秒降到{d}毫秒。",
    "{m2}月的故障中，她和{peer}一起完成数据库切换，{f}分钟内恢复了服务。",
    "她为消息队列迁移写的设计文档条理清楚，之后有{g}个团队采用了这个模板。",
    "她还带教了{h}名新人，第一个月评审了他们的{i}个合并请求。",
    "需要改进的地方：迭代规划时她承诺了{j}个需求，实际交付{k}个，而且延期风险到最后一天才暴露。",
    "下季度建议她在迭代中期检查时主动提示范围风险，并坚持记录工时估算。",
    "也可以在{m3}月的运维例会上分享值班手册，方便其他团队复用。",
    "总体来看，这半年表现扎实：仅延迟优化一项每月就减少了约{l}个客服工单。",
]


def _values(rng: random.Random) -> dict[str, object]:
    return {
        "m1": rng.choice(["March", "April", "May"]),
        "m2": rng.choice(["June", "July"]),
        "m3": rng.choice(["September", "October"]),
        "a": rng.randint(50, 90),
        "b": rng.randint(10, 40),
        "c": rng.randint(300, 900),
        "d": rng.randint(80, 290),
        "e": rng.randint(2, 9),
        "f": rng.randint(5, 59),
        "g": rng.randint(2, 9),
        "h": rng.randint(2, 6),
        "i": rng.randint(10, 80),
        "j": rng.randint(8, 14),
        "k": rng.randint(3, 7),
        "l": rng.randint(20, 400),
    }


def make_draft(lang: str, rng: random.Random) -> tuple[str, list[tuple[str, list[str]]], list[WorkEvent]]:
    """A unique ~200-word draft, its statements with citations, and 12 evidence events that support it."""
    values = _values(rng)
    names = ZH_NAMES if lang == "zh" else EN_NAMES
    values["name"], values["peer"] = rng.sample(names, 2)
    if lang == "zh":
        for key in ("m1", "m2", "m3"):
            values[key] = {"March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "September": 9, "October": 10}[
                values[key]  # type: ignore[index]
            ]
    sentences = [s.format(**values) for s in (ZH_DRAFT if lang == "zh" else EN_DRAFT)]
    text = ("" if lang == "zh" else " ").join(sentences)
    events = []
    for n, sentence in enumerate(sentences + sentences[:3]):
        events.append(
            WorkEvent(
                id=f"ev-{n}",
                person_id="subject",
                occurred_at=f"2026-{1 + n % 6:02d}-{10 + n:02d}",
                kind="outcome",
                title=sentence[:60],
                description=sentence,
                language=lang,  # type: ignore[arg-type]
            )
        )
    statements = [(s, [f"ev-{n}"]) for n, s in enumerate(sentences)]
    return text, statements, events


def quality(splits: list[str], show_errors: bool) -> None:
    print("\n## Quality (precision / recall / F1; a label is predicted when a finding of its kind appears)\n")
    print(f"{'split':7} {'label':20} {'lang':4} {'n+':>4} {'n-':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for split in splits:
        cases = load_cases(split)
        scores, errors = evaluate(cases)
        for label in LABELS:
            for lang in ("en", "zh"):
                s = scores.get((label, lang))
                if s is None or s.tp + s.fn == 0:
                    continue
                print(
                    f"{split:7} {label:20} {lang:4} {s.tp + s.fn:>4} {s.fp + s.tn:>4} "
                    f"{s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}"
                )
        per_lang = {lang: sum(1 for c in cases if c.lang == lang) for lang in ("en", "zh")}
        print(f"{split:7} cases: en {per_lang['en']}, zh {per_lang['zh']}; mismatched cases: {len(errors)}")
        if show_errors:
            for case, predicted in errors:
                print(f"    {case.id} gold={sorted(case.labels)} predicted={sorted(predicted)} | {case.text}")


def learned_and_combined(swsr: Path) -> None:
    print("\n## Learned component alone (held-out fifth of its corpus, never trained or tuned on)\n")
    for source, n, text in model_scores(swsr):
        print(f"  {source:24} n={n:5}  {text}")
    print("\n## Combined (rules + learned model + policy, as coach check --json): the issue-12 table\n")
    for measure, value, n in issue_table(swsr):
        print(f"  {measure:48} {value:>18}   n={n}")


def speed(drafts: int, seed: int, clock: str = "wall") -> None:
    now = time.process_time if clock == "cpu" else time.perf_counter
    print(f"\n## Speed (one process, one core; {drafts} unique drafts per row, after warm-up; {clock} clock)\n")
    print(f"{'lang':4} {'mode':18} {'words':>6} {'chars':>6} {'drafts/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    period = parse_period("2026H1")
    for lang in ("en", "zh"):
        rng = random.Random(seed)
        batch = [make_draft(lang, rng) for _ in range(drafts)]
        words = statistics.mean(len(t.split()) if lang == "en" else len(t) / 1.6 for t, _, _ in batch)
        chars = statistics.mean(len(t) for t, _, _ in batch)
        for mode in ("text only", "evidence+cites"):
            for text, _, _ in batch[:20]:  # warm-up, not counted
                check_text(text, lang=lang)  # type: ignore[arg-type]
            timings = []
            started = now()
            for text, statements, events in batch:
                t0 = now()
                if mode == "text only":
                    check_text(text, lang=lang)  # type: ignore[arg-type]
                else:
                    check_text(
                        text,
                        lang=lang,  # type: ignore[arg-type]
                        evidence=events,
                        statements=statements,
                        people_names=ZH_NAMES if lang == "zh" else EN_NAMES,
                        period=period,
                    )
                timings.append((now() - t0) * 1000)
            elapsed = now() - started
            timings.sort()
            p50 = timings[len(timings) // 2]
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            print(
                f"{lang:4} {mode:18} {words:>6.0f} {chars:>6.0f} {drafts / elapsed:>9.0f} {p50:>7.2f} {p99:>7.2f} "
                f"{timings[-1]:>7.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=2000, help="timed drafts per language and mode")
    parser.add_argument("--splits", default="dev,test,holdout", help="benchmark splits to score")
    parser.add_argument("--errors", action="store_true", help="list the mismatched cases")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-speed", action="store_true", help="quality only")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall (perf_counter) or cpu (process_time: this process's own time, steadier on a shared machine)",
    )
    parser.add_argument(
        "--swsr",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "data" / "swsr",
        help="the SWSR folder (its held-out fifth is scored when present)",
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.processor() or 'cpu'}")
    started = time.perf_counter()
    warm_up()
    print(f"warm-up (jieba dictionary and tag table): {time.perf_counter() - started:.2f} s")
    quality([s for s in args.splits.split(",") if s], args.errors)
    learned_and_combined(args.swsr)
    if not args.no_speed:
        speed(args.drafts, args.seed, args.clock)


if __name__ == "__main__":
    main()
