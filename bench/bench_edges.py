"""Speed at the edges: a person with thousands of events in the year, and one-shot CLI commands.

1. **heavy retrieval**: one person with ``--events`` (5,000) events in the year (a mix of kinds, titles in
   English and Chinese, some with metrics, projects and complexity), ingested into a fresh data dir with
   the default embedded stack; then ``--queries`` (100) timed ``retrieve()`` calls by their manager for
   the year, the focus cycling through none, "collaboration", "客户沟通" and "latency reduction"
   (5 warm-up calls first). Prints p50 / p95 / max and how many events were candidates and selected.
2. **one-shot commands**: wall time of ``coach --help`` and of ``coach check FILE`` (an English draft),
   each run ``--runs`` (7) times as a new process after one untimed run (which writes the bytecode cache,
   as any installed command has it); prints the median and the best wall time, and the median CPU time
   (user + system of the process: steadier than wall time on a machine others are using).
3. **per-draft work**: the time to render a feedback prompt and to build the output schema text, first
   call and cached.

Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_edges.py [--events 5000] [--queries 100] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PERIOD = "2026-01-01..2026-12-31"
FOCUSES = (None, "collaboration", "客户沟通", "latency reduction")
TITLES_EN = [
    "Cut p95 latency of the search API",
    "Paired with SRE on the database migration",
    "Reviewed the billing export design",
    "Mentored a new hire through the first on-call week",
    "Led the incident review for the May outage",
    "Shipped the customer onboarding checklist",
    "Presented the quarterly roadmap to sales",
    "Completed the Kubernetes course",
]
TITLES_ZH = ["与售前团队协作完成大客户签约", "优化客户沟通流程", "季度回款超出目标", "带教新人完成上线"]
KINDS = ["outcome", "collaboration", "development", "context"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def heavy_retrieval(n_events: int, n_queries: int, seed: int) -> None:
    from assistant.core.config import load_settings
    from assistant.core.container import Coach
    from assistant.core.models import Person, WorkEvent
    from retrieval.ingest import ingest_models
    from retrieval.retrieve import retrieve

    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-edges-"))
    try:
        coach = Coach(load_settings(config_file=tmp / "none.toml", data_dir=tmp / "data"))
        people = [
            Person(
                id="mgr",
                name="Mia Manager",
                language="en",
                job_family="Engineering",
                level="M2",
                team="T",
                role="manager",
            ),
            Person(
                id="busy",
                name="Bo Busy",
                language="en",
                job_family="Engineering",
                level="L5",
                team="T",
                manager_id="mgr",
                role="employee",
            ),
        ]
        events = []
        start = date(2026, 1, 1)
        for i in range(n_events):
            zh = rng.random() < 0.25
            title = rng.choice(TITLES_ZH if zh else TITLES_EN)
            metrics = {"minutes": {"value": rng.randint(5, 60), "baseline": 60}} if rng.random() < 0.3 else {}
            events.append(
                WorkEvent(
                    id=f"busy-{i:05d}",
                    person_id="busy",
                    occurred_at=start + timedelta(days=rng.randrange(365)),
                    kind=rng.choice(KINDS),
                    title=f"{title} #{i}",
                    description="Details of the work and who it helped." if not zh else "工作细节与受益的同事。",
                    language="zh" if zh else "en",
                    project=rng.choice([None, "search", "billing", "onboarding"]),
                    complexity=rng.choice([None, "low", "medium", "high"]),
                    metrics=metrics,
                    visibility="private" if rng.random() < 0.05 else "normal",
                )  # type: ignore[arg-type]
            )
        started = time.perf_counter()
        ingest_models(coach, people=people, events=events)
        print(f"  ingested {n_events:,} events for one person in {time.perf_counter() - started:.1f} s")
        for i in range(5):
            retrieve(coach, "mgr", "busy", PERIOD, focus=FOCUSES[i % len(FOCUSES)])
        latencies, candidates, selected = [], [], []
        for i in range(n_queries):
            t0 = time.perf_counter()
            result = retrieve(coach, "mgr", "busy", PERIOD, focus=FOCUSES[i % len(FOCUSES)])
            latencies.append((time.perf_counter() - t0) * 1000)
            candidates.append(result.coverage.available_events)
            selected.append(result.coverage.selected_events)
        print(
            f"  retrieve (manager, one person's year): p50 {_percentile(latencies, 0.5):.1f} ms   "
            f"p95 {_percentile(latencies, 0.95):.1f} ms   max {max(latencies):.1f} ms   "
            f"({statistics.fmean(candidates):,.0f} candidates, {statistics.fmean(selected):.1f} selected per query)"
        )
        coach.sql.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def one_shot(runs: int) -> None:
    # As an installed command runs: its bytecode cached (pip compiles it at install; an editable checkout
    # writes it on the first run unless PYTHONDONTWRITEBYTECODE is set, which would add ~50 ms of compiling
    # the project's sources to every run). One untimed run per command writes it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_") and k != "PYTHONDONTWRITEBYTECODE"}
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-cli-"))
    draft = tmp / "draft.txt"
    draft.write_text(
        "Li Na shipped the billing export in March and cut its run time from 40 to 12 minutes. She should "
        "share the on-call runbook with the team before the next release.\n",
        encoding="utf-8",
    )
    coach = str(Path(sys.executable).parent / "coach")
    try:
        for label, args in (
            ("coach --help", [coach, "--help"]),
            ("coach check draft.txt", [coach, "check", str(draft)]),
        ):
            subprocess.run(args, env=env, cwd=tmp, capture_output=True, check=False)  # warm-up, untimed
            times, cpu = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                done = subprocess.run(args, env=env, cwd=tmp, capture_output=True, check=False)
                times.append(time.perf_counter() - t0)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                if done.returncode != 0:
                    raise SystemExit(f"{label} failed: {done.stderr.decode()[:500]}")
            print(
                f"  {label:<24} median {statistics.median(times):.3f} s   best {min(times):.3f} s   "
                f"(CPU median {statistics.median(cpu):.3f} s; {runs} runs)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def per_draft() -> None:
    from prompts import render

    inputs = {
        "subject_name": "Li Na",
        "job_family": "Engineering",
        "level": "L4",
        "period": "2026Q3",
        "focus": "collaboration",
        "tone": "direct",
        "length": "medium",
        "events": [],
        "coverage_note": "",
        "output_schema": "{}",
    }
    t0 = time.perf_counter()
    render("feedback_draft", "en", inputs, version=1)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(100):
        render("feedback_draft", "en", inputs, version=1)
    again = (time.perf_counter() - t0) / 100
    print(f"  render a feedback prompt: first {first * 1000:.1f} ms, then {again * 1000:.2f} ms per draft")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"\nheavy retrieval: one person with {args.events:,} events in {PERIOD}")
    heavy_retrieval(args.events, args.queries, args.seed)
    print("\none-shot commands (a new process each)")
    one_shot(args.runs)
    print("\nper-draft work")
    per_draft()


if __name__ == "__main__":
    main()
