"""Framework overhead per draft: everything but the provider call, offline engine.

For each store (the demo org, then the demo org's people with 100k generated events), drafts feedback for
every person with a manager (requested by that manager) and reports p50/p95 of ``usage.overhead_ms``
(retrieval, prompt rendering, parsing, guardrails, storage; the composer's own time is the "provider" part)
and of the composer time. Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_drafting.py [--sizes demo,100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.demo.load import DEMO_PERIOD, load_demo
from assistant.demo.scaled import scaled_org
from assistant.drafting.chain import DraftRequest, draft_feedback
from retrieval.ingest import ingest_models


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _build(size: str, root: Path) -> Coach:
    coach = Coach(load_settings(config_file=root / "none.toml", data_dir=root / size))
    if size == "demo":
        load_demo(coach)
    else:
        people, events = scaled_org(int(size))
        started = time.perf_counter()
        ingest_models(coach, people=people, events=events)
        print(f"  ingested {int(size):,} events in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return coach


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,100000")
    parser.add_argument("--rounds", type=int, default=3, help="drafts per person")
    parser.add_argument("--people", type=int, default=60, help="at most this many people per store")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.processor() or platform.machine()}, offline engine")
    print(
        f"{'store':<10} {'drafts':>7} {'overhead p50 ms':>16} {'p95 ms':>8} {'composer p50 ms':>16} "
        f"{'total p50 ms':>13}"
    )
    with tempfile.TemporaryDirectory(prefix="coach-bench-draft-") as tmp:
        for size in args.sizes.split(","):
            coach = _build(size, Path(tmp))
            people = [p for p in coach.sql.list_people() if p.manager_id][: args.people]
            draft_feedback(
                coach,
                DraftRequest(
                    task="feedback_draft",
                    requester=people[0].manager_id,  # warm-up
                    subject=people[0].id,
                    period=DEMO_PERIOD,
                ),
            )
            overhead, provider, total = [], [], []
            for _ in range(args.rounds):
                for person in people:
                    started = time.perf_counter()
                    draft = draft_feedback(
                        coach,
                        DraftRequest(
                            task="feedback_draft",
                            requester=person.manager_id,  # type: ignore[arg-type]
                            subject=person.id,
                            period=DEMO_PERIOD,
                        ),
                    )
                    total.append((time.perf_counter() - started) * 1000)
                    overhead.append(draft.usage.overhead_ms)
                    provider.append(draft.usage.latency_ms)
            label = "demo" if size == "demo" else f"{int(size):,}"
            print(
                f"{label:<10} {len(overhead):>7} {statistics.median(overhead):>16.1f} "
                f"{_percentile(overhead, 0.95):>8.1f} {statistics.median(provider):>16.1f} "
                f"{statistics.median(total):>13.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
