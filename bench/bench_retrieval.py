"""Benchmark of ingest throughput and "one person's year" retrieval latency at growing data sizes.

What it measures, for each size N (number of synthetic work events from ``assistant.demo.scaled.scaled_org``):

* **ingest** — ``ingest_models(coach, people=..., events=...)`` end to end into a fresh data dir with the
  default embedded stack (SQLite ledger + Chroma ``PersistentClient`` + the offline hashing embedding +
  tiktoken counting): person validation, event tagging, embedding, token counting, Chroma writes, the
  write-ahead journal and the SQL ledger. Reported as events per second (wall clock).
* **retrieval** — ``retrieve(coach, manager, report, "2025-12-01..2026-11-30", focus=...)`` for random
  (seeded) manager -> direct-report pairs, focus cycling through ``None``, ``"collaboration"``,
  ``"客户沟通"`` and ``"latency reduction"``. Five warm-up queries are not counted. Reported as p50 / p95 /
  p99 / max latency in ms, plus the mean number of candidate events (``coverage.available_events``) and of
  selected events per query.
* **footprint** — size of the data dir on disk (allocated blocks) and the process's peak RSS so far
  (``resource.getrusage``; it never goes down, so with several sizes in one run it is the peak up to and
  including that size).

Run from the repository root::

    .venv/bin/python bench/bench_retrieval.py                          # 10k, 100k and 1M events
    .venv/bin/python bench/bench_retrieval.py --sizes 10000 --queries 50
    .venv/bin/python bench/bench_retrieval.py --sizes 10000,100000 --queries 200 --json bench.json
    .venv/bin/python bench/bench_retrieval.py --sizes 100000 --profile   # + cProfile top 15 to stderr

Progress goes to stderr, the results table (and machine facts) to stdout. Data dirs live under
``--work-dir`` (default: a fresh temporary directory) and are removed at the end unless ``--keep``.
``coach.toml`` and ``COACH_*`` variables are read as usual, except that the data dir is always the
benchmark's own.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from assistant.core.config import load_settings
from assistant.core.container import Coach
from assistant.core.models import Person, WorkEvent
from assistant.demo.scaled import scaled_org
from retrieval.ingest import ingest_models
from retrieval.retrieve import retrieve

PERIOD = "2025-12-01..2026-11-30"
FOCUSES: tuple[str | None, ...] = (None, "collaboration", "客户沟通", "latency reduction")
WARMUP_QUERIES = 5
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
PROFILE_TOP = 15


@dataclass
class SizeResult:
    """The numbers measured for one data size."""

    size: int
    people: int
    events_ingested: int
    events_rejected: int
    ingest_seconds: float
    ingest_events_per_s: float
    queries: int
    latency_ms: dict[str, float] = field(default_factory=dict)
    candidates_per_query: float = 0.0
    selected_per_query: float = 0.0
    tokens_used_per_query: float = 0.0
    disk_mb: float = 0.0
    peak_rss_mb: float = 0.0
    data_dir: str = ""


# -- helpers ------------------------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress line to stderr (stdout stays for the results)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine_facts() -> dict[str, Any]:
    """Python, chromadb, CPU and OS facts that the numbers depend on."""
    processor = platform.processor()
    if not processor:  # empty on many Linux builds: take the model name from /proc/cpuinfo
        try:
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
                if line.lower().startswith("model name"):
                    processor = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
    try:
        chroma_version = metadata.version("chromadb")
    except metadata.PackageNotFoundError:
        chroma_version = "not installed"
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "chromadb": chroma_version,
        "numpy": np.__version__,
        "cpu_count": os.cpu_count(),
        "processor": processor or "unknown",
        "platform": platform.platform(),
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def disk_mb(path: Path) -> float:
    """Space the files under ``path`` take on disk (allocated blocks where known), in MB."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            total += st.st_blocks * 512 if hasattr(st, "st_blocks") else st.st_size
    return total / (1024 * 1024)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95, p99, max and mean of latency samples (ms)."""
    if not samples_ms:
        return {}
    arr = np.asarray(samples_ms, dtype=np.float64)
    p50, p95, p99 = np.percentile(arr, [50, 95, 99])
    return {"p50": float(p50), "p95": float(p95), "p99": float(p99), "max": float(arr.max()), "mean": float(arr.mean())}


class Profiler:
    """A cProfile run that is a no-op when disabled; prints the top functions by cumulative time."""

    def __init__(self, enabled: bool) -> None:
        self.profile = cProfile.Profile() if enabled else None

    def __enter__(self) -> Profiler:
        if self.profile is not None:
            self.profile.enable()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.profile is not None:
            self.profile.disable()

    def report(self, title: str) -> None:
        """Top functions by cumulative time, to stderr."""
        if self.profile is None:
            return
        out = io.StringIO()
        pstats.Stats(self.profile, stream=out).sort_stats("cumulative").print_stats(PROFILE_TOP)
        print(f"\n===== cProfile: {title} (top {PROFILE_TOP} by cumulative time) =====", file=sys.stderr)
        print(out.getvalue(), file=sys.stderr, flush=True)


def counted(
    events: Iterable[WorkEvent], expected: int, per_person: Counter[str], started: float
) -> Iterator[WorkEvent]:
    """Pass events through, counting them per person and logging progress about every 10%.

    The count is of events handed to the ingest, which runs at most one batch (``ingest_batch_size``)
    ahead of what is written.
    """
    step = max(1, expected // 10)
    for n, event in enumerate(events, start=1):
        per_person[event.person_id] += 1
        if n % step == 0:
            elapsed = time.perf_counter() - started
            log(
                f"  ingest {n:,}/{expected:,} ({100 * n / expected:.0f}%) in {elapsed:.1f}s, "
                f"{n / elapsed:,.0f} ev/s, peak RSS {peak_rss_mb():,.0f} MB"
            )
        yield event


# -- phases -------------------------------------------------------------------------------------------


def run_ingest(coach: Coach, size: int, profile: bool) -> tuple[list[Person], Counter[str], int, int, float]:
    """Ingest ``size`` scaled-org events; returns people, events per person, ingested, rejected, seconds."""
    per_person: Counter[str] = Counter()
    people, events = scaled_org(size)
    log(f"  {len(people):,} people; ingesting {size:,} events ...")
    profiler = Profiler(profile)
    started = time.perf_counter()
    with profiler:
        report = ingest_models(coach, people=people, events=counted(events, size, per_person, started))
    seconds = time.perf_counter() - started
    profiler.report(f"ingest of {size:,} events")
    event_reports = [f for f in report.files if f.kind == "events"]
    ingested = sum(f.added + f.updated + f.unchanged for f in event_reports)
    rejected = sum(f.rejected for f in event_reports)
    if rejected:
        first = next(str(r) for f in event_reports for r in f.rejects)
        log(f"  WARNING: {rejected:,} events rejected (e.g. {first})")
    return people, per_person, ingested, rejected, seconds


def query_pairs(
    people: list[Person], per_person: Counter[str], count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """``count`` random (manager, subject) pairs over people who have a manager and events."""
    eligible = sorted(p.id for p in people if p.manager_id and per_person[p.id] > 0)
    if not eligible:
        raise SystemExit("no person with both a manager and events: nothing to query")
    manager_of = {p.id: p.manager_id for p in people}
    return [(str(manager_of[s]), s) for s in rng.choices(eligible, k=count)]


def run_queries(
    coach: Coach, pairs: list[tuple[str, str]], warmup: list[tuple[str, str]], profile: bool
) -> tuple[list[float], list[int], list[int], list[int]]:
    """Time each retrieval; returns latencies (ms), candidates, selected and tokens used per query."""
    for i, (requester, subject) in enumerate(warmup):
        retrieve(coach, requester, subject, PERIOD, focus=FOCUSES[i % len(FOCUSES)])
    latencies: list[float] = []
    candidates: list[int] = []
    selected: list[int] = []
    tokens: list[int] = []
    profiler = Profiler(profile)
    with profiler:
        for i, (requester, subject) in enumerate(pairs):
            focus = FOCUSES[i % len(FOCUSES)]
            t0 = time.perf_counter()
            result = retrieve(coach, requester, subject, PERIOD, focus=focus)
            latencies.append((time.perf_counter() - t0) * 1000)
            candidates.append(result.coverage.available_events)
            selected.append(result.coverage.selected_events)
            tokens.append(result.tokens_used)
    profiler.report(f"{len(pairs)} retrievals")
    return latencies, candidates, selected, tokens


def close(coach: Coach) -> None:
    """Release the SQL engine and Chroma client so the data dir can be removed."""
    if "sql" in coach.__dict__:
        coach.sql.engine.dispose()
    if "vectors" in coach.__dict__:
        client = coach.vectors.client
        clear = getattr(client, "clear_system_cache", None)
        if callable(clear):
            try:
                clear()
            except Exception as exc:  # best effort: only affects cleanup
                log(f"  (could not clear the Chroma system cache: {exc})")
    gc.collect()


def bench_size(size: int, data_dir: Path, n_queries: int, seed: int, profile: bool) -> SizeResult:
    """Ingest, query and measure one data size in the fresh, empty ``data_dir``."""
    log(f"size {size:,}: data dir {data_dir}")
    coach = Coach(load_settings(data_dir=data_dir))
    try:
        people, per_person, ingested, rejected, seconds = run_ingest(coach, size, profile)
        log(f"  ingested {ingested:,} events in {seconds:.1f}s ({ingested / seconds:,.0f} ev/s)")
        rng = random.Random(seed)
        warmup = query_pairs(people, per_person, WARMUP_QUERIES, rng)
        pairs = query_pairs(people, per_person, n_queries, rng)
        log(f"  {n_queries} retrievals ({WARMUP_QUERIES} warm-up first) ...")
        latencies, candidates, selected, tokens = run_queries(coach, pairs, warmup, profile)
        stats = percentiles(latencies)
        log(f"  retrieval p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms, max {stats['max']:.1f} ms")
        return SizeResult(
            size=size,
            people=len(people),
            events_ingested=ingested,
            events_rejected=rejected,
            ingest_seconds=round(seconds, 3),
            ingest_events_per_s=round(ingested / seconds, 1),
            queries=len(pairs),
            latency_ms={k: round(v, 3) for k, v in stats.items()},
            candidates_per_query=round(float(np.mean(candidates)), 2),
            selected_per_query=round(float(np.mean(selected)), 2),
            tokens_used_per_query=round(float(np.mean(tokens)), 1),
            disk_mb=round(disk_mb(data_dir), 2),
            peak_rss_mb=round(peak_rss_mb(), 1),
            data_dir=str(data_dir),
        )
    finally:
        close(coach)


# -- output -------------------------------------------------------------------------------------------


def print_table(results: list[SizeResult]) -> None:
    """The summary table, one row per size."""
    header = (
        f"{'size':<11}{'ingest ev/s':>12}{'ingest s':>10}{'retrieve p50 ms':>17}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'cand/query':>12}{'sel/query':>11}{'disk MB':>10}{'peak RSS MB':>13}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        lat = r.latency_ms
        print(
            f"{r.size:<11,}{r.ingest_events_per_s:>12,.0f}{r.ingest_seconds:>10,.1f}{lat['p50']:>17.1f}"
            f"{lat['p95']:>9.1f}{lat['p99']:>9.1f}{lat['max']:>9.1f}{r.candidates_per_query:>12.1f}"
            f"{r.selected_per_query:>11.1f}{r.disk_mb:>10,.1f}{r.peak_rss_mb:>13,.0f}"
        )


def parse_sizes(text: str) -> list[int]:
    """``"10000,100_000,1e6"`` -> ``[10000, 100000, 1000000]``."""
    sizes: list[int] = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if not part:
            continue
        try:
            value = int(float(part)) if "e" in part.lower() else int(part)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a size: {part!r}") from exc
        if value <= 0:
            raise argparse.ArgumentTypeError(f"sizes must be positive, got {value}")
        sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sizes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated event counts (default: 10000,100000,1000000)",
    )
    parser.add_argument("--queries", type=int, default=200, help="timed retrievals per size (default: 200)")
    parser.add_argument(
        "--work-dir", type=Path, default=None, help="where the data dirs go (default: a new temporary directory)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data dirs instead of removing them")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write the numbers as JSON")
    parser.add_argument("--seed", type=int, default=7, help="seed of the query sampling (default: 7)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the ingest and the timed retrievals; top functions go to stderr "
        "(the profiler slows both down, so the table is not comparable)",
    )
    args = parser.parse_args(argv)
    if args.queries < 1:
        parser.error("--queries must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for every size and print (and optionally save) the results."""
    args = parse_args(argv)
    facts = machine_facts()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    print(
        f"period {PERIOD}; {args.queries} queries per size; focus cycles {list(FOCUSES)}; seed {args.seed}"
        + ("; PROFILED" if args.profile else "")
    )
    print(flush=True)
    created = args.work_dir is None
    if args.work_dir is None:
        work_dir = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    else:
        work_dir = args.work_dir
        work_dir.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    made: list[Path] = []
    try:
        for size in args.sizes:
            made.append(Path(tempfile.mkdtemp(prefix=f"n{size}-", dir=work_dir)))
            results.append(bench_size(size, made[-1], args.queries, args.seed, args.profile))
    finally:
        if args.keep:
            log(f"data dirs kept under {work_dir}")
        elif created:
            shutil.rmtree(work_dir, ignore_errors=True)
        else:  # only what this run made, never other files in a given --work-dir
            for data_dir in made:
                shutil.rmtree(data_dir, ignore_errors=True)
    print()
    print_table(results)
    if args.json:
        payload = {
            "machine": facts,
            "period": PERIOD,
            "focuses": list(FOCUSES),
            "queries": args.queries,
            "seed": args.seed,
            "profiled": args.profile,
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
