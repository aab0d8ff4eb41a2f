"""Eval runner speed offline: cases/s with a cold cache, the cached re-run time, for a suite; and the wall time
of the whole command `coach eval run SUITE --out DIR` re-run on a warm cache (process start-up included).

    .venv/bin/python bench/bench_evals.py [--suite evals/suites/feedback_core.yaml] [--concurrency 4] [--rounds 3]
                                          [--cli-rounds 5] [--repo PATH]

``--repo`` times the command of another checkout (e.g. a worktree of an older commit) with this venv, for a
before / after comparison on the same machine.

The demo org is loaded into a fresh temp data dir first (not timed). "Cold" drafts every case (a fresh cache
dir each round); "cached" re-runs the same suite on the warm cache. The first cold round also pays the
one-off warm-up of the process (jieba, tiktoken, Chroma), so it is printed separately. Prints numbers; never
asserts on them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    from assistant.core.config import load_settings
    from assistant.core.container import Coach
    from assistant.demo.load import load_demo
    from evals.runner import RunOptions, run_suite
    from evals.suite import load_suite

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", type=Path, default=REPO / "evals" / "suites" / "feedback_core.yaml")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cli-rounds", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose `coach eval run` is timed")
    parser.add_argument("--cli-only", action="store_true", help="time only the cached command")
    args = parser.parse_args()
    if args.cli_only:
        cli_cached(args)
        return
    loaded = load_suite(args.suite)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        coach = Coach(load_settings(config_file=root / "none.toml", data_dir=root / "data"))
        started = time.perf_counter()
        load_demo(coach)
        print(f"demo org loaded in {time.perf_counter() - started:.1f} s (not counted)")
        cold, cached, first = [], [], None
        for n in range(args.rounds + 1):
            cache = root / f"cache-{n}"
            options = RunOptions(concurrency=args.concurrency, cache_dir=cache)
            t0 = time.perf_counter()
            doc = run_suite(coach, loaded, options)
            elapsed = time.perf_counter() - t0
            units = doc["summary"]["completed"]
            if doc["exit_code"] != 0:
                print(f"warning: the suite exited {doc['exit_code']} ({doc['summary']})")
            if n == 0:
                first = (units, elapsed)
            else:
                cold.append(units / elapsed)
            t1 = time.perf_counter()
            again = run_suite(coach, loaded, options)
            cached.append(time.perf_counter() - t1)
            assert again["summary"]["cache_hits"] == units, again["summary"]
    assert first is not None
    name = loaded.suite.name
    print(f"suite {name}: {first[0]} results (case x version x provider x repeat), concurrency {args.concurrency}")
    print(f"first cold run (incl. process warm-up): {first[1]:.2f} s = {first[0] / first[1]:.1f} cases/s")
    print(f"cold, warm process: median {statistics.median(cold):.1f} cases/s over {len(cold)} rounds")
    print(f"cached re-run: median {statistics.median(cached):.3f} s (max {max(cached):.3f} s)")
    cli_cached(args)


def cli_cached(args: argparse.Namespace) -> None:
    """Wall time of `coach eval run SUITE --out DIR` in a new process, on a warm cache (the first run fills it)."""
    suite = str(args.suite)
    env = {**os.environ, "PYTHONPATH": str(args.repo.resolve())}
    env = {k: v for k, v in env.items() if not k.startswith("COACH_")}
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "assistant.cli", "--data-dir", f"{tmp}/data", "eval", "run", suite]
        command += ["--out", f"{tmp}/out", "-q"]
        first = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True)
        if first.returncode not in (0, 1):
            raise SystemExit(f"`coach eval run` failed ({first.returncode}): {first.stderr[-2000:]}")
        times = []
        for _ in range(args.cli_rounds):
            t0 = time.perf_counter()
            subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - t0)
    print(
        f"`coach eval run {args.suite.name} --out DIR`, cached, new process ({args.repo.resolve()}): "
        f"median {statistics.median(times):.2f} s wall (min {min(times):.2f}, max {max(times):.2f}) over {len(times)}"
    )


if __name__ == "__main__":
    main()
