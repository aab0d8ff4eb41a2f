"""Latency of a drafted answer through the OpenAI-compatible API, and how many sessions one server holds.

Starts ``coach serve`` (offline engine, the demo org in a temp dir) as its own process on loopback, with
the rate limit lifted, and talks to it over HTTP from this process:

1. **sequential**: ``--requests`` (50) non-streaming ``/v1/chat/completions`` calls, each a new conversation
   asking for a feedback draft, cycling through the manager's reports, periods and focuses, so every
   answer is a real draft (retrieval, composer, guardrails, storage). Nothing is cached: each draft gets a
   new id, and the first (cold) request is reported apart from the p50/p95/p99.
2. **concurrent sessions**: for N in ``--levels`` (1, 2, 4, ... 64), N sessions at once, each its own
   conversation doing ``--rounds`` turns (a draft, then "make it more direct", then "make it shorter");
   p50/p95 per level, and the largest N whose p95 stays under 1 s. Stops early once p95 passes
   ``--stop-above`` seconds. This is the worst case: every session sends at the same instant.
3. **held sessions**: for N in ``--hold-levels``, N sessions stay open for ``--hold-seconds``, each sending
   a turn (a draft, then revisions), reading the answer, then pausing ``--think`` seconds (jittered +-50%
   with a fixed seed) the way a person reads before typing again; p95 per level, and the largest N whose
   p95 stays under 1 s. Bounded in time and count; loopback only.

4. **LLM turns** (``--llm-turns`` 200): a second server whose engine is an OpenAI-compatible LLM, the
   local ``bench/fake_llm.py`` answering every call after a fixed ``--llm-latency`` (2 s). That many
   drafting turns are sent at once (each a new conversation, non-streaming), while another user sends
   offline turns (model ``coach-offline``) one after another. For each LLM turn the unavoidable LLM time
   is its model calls (the routing call, the draft, each revision round) times the latency; printed are
   the turns' p50/p95 time, the unavoidable time, the overhead above it (p95), and the offline turns'
   p50/p95 meanwhile.

Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_chat.py [--requests 50] [--levels 1,2,4,8,16,32,64] [--rounds 3]
        [--hold-levels 25,50,100,125,150] [--think 5] [--hold-seconds 20] [--llm-turns 200] [--llm-latency 2]
    .venv/bin/python bench/bench_chat.py --only-llm       # just part 4, about 30 s
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
MANAGER = "alice-chen"
PERIODS = ["2026Q1", "2026Q2", "2026Q3", "2026H1", "2026H2", "2026-03..2026-08"]
FOCUSES = ["collaboration", "reliability", "code review", "delivery", "mentoring"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(data_dir: Path) -> tuple[str, list[str]]:
    """Load the demo org and create a token; returns the token and the manager's reports' names."""
    from assistant.core.config import load_settings
    from assistant.core.container import Coach
    from assistant.demo.load import load_demo
    from assistant.server.signin import TokenStore

    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir))
    load_demo(coach)
    _, secret = TokenStore(coach.sql).create(MANAGER, label="bench")
    reports = [p.name for p in coach.sql.list_people() if p.manager_id == MANAGER]
    return secret, reports


def _start(data_dir: Path, port: int, workers: int, **extra: str) -> subprocess.Popen[bytes]:
    env = (
        {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
        | {
            "COACH_DATA_DIR": str(data_dir),
            "COACH_SERVER_RATE_LIMIT_PER_MINUTE": "1000000",
            "COACH_SERVER_RATE_LIMIT_BURST": "1000000",
            "COACH_SERVER_WORKERS": str(workers),
            "COACH_CONFIG": str(data_dir / "none.toml"),
        }
        | extra
    )
    log = data_dir.parent / f"serve-{port}.log"  # the server's log lines (a pipe nobody reads would fill up)
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def _turn(client: httpx.Client, text: str, session: str | None) -> tuple[float, dict[str, Any], str]:
    headers = {"X-Coach-Session": session} if session else {}
    body = {"model": "coach", "messages": [{"role": "user", "content": text}]}
    started = time.perf_counter()
    response = client.post("/v1/chat/completions", json=body, headers=headers)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed, response.json()["coach"], response.headers["x-coach-session"]


def _request(i: int, reports: list[str]) -> str:
    name, period, focus = reports[i % len(reports)], PERIODS[i % len(PERIODS)], FOCUSES[i % len(FOCUSES)]
    return f"Feedback for {name} for {period}, focus on {focus}"


def sequential(base: str, token: str, reports: list[str], n: int) -> None:
    latencies: list[float] = []
    kinds: Counter[str] = Counter()
    draft_ids: set[str] = set()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        cold, reply, _ = _turn(client, _request(0, reports), None)
        for i in range(1, n + 1):
            elapsed, reply, _ = _turn(client, _request(i, reports), None)
            latencies.append(elapsed * 1000)
            kinds[reply["kind"]] += 1
            if reply.get("draft"):
                draft_ids.add(reply["draft"]["id"])
    print(f"\nsequential: {n} drafted answers via /v1/chat/completions (non-streaming), one new conversation each")
    print(f"  first (cold) request: {cold * 1000:.0f} ms, not counted")
    print(
        f"  p50 {_percentile(latencies, 0.5):.0f} ms   p95 {_percentile(latencies, 0.95):.0f} ms   "
        f"p99 {_percentile(latencies, 0.99):.0f} ms   mean {statistics.fmean(latencies):.0f} ms   "
        f"max {max(latencies):.0f} ms"
    )
    print(f"  reply kinds: {dict(kinds)}; distinct draft ids: {len(draft_ids)} (no caching: one per draft)")


def _session(base: str, token: str, text: str, rounds: int, out: list[float], kinds: Counter[str], go: Any) -> None:
    follow_ups = ["make it more direct", "make it shorter", "make it warmer"]
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        go.wait()
        session = None
        for r in range(rounds):
            elapsed, reply, session = _turn(client, text if r == 0 else follow_ups[(r - 1) % 3], session)
            out.append(elapsed)
            kinds[reply["kind"]] += 1


def concurrent(base: str, token: str, reports: list[str], levels: list[int], rounds: int, stop_above: float) -> None:
    print(f"\nconcurrent sessions: each its own conversation, {rounds} turns (draft, then revisions), all at once")
    print(f"{'sessions':>9} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'turns/s':>8}  kinds")
    best = 0
    for level in levels:
        latencies: list[float] = []
        kinds: Counter[str] = Counter()
        go = threading.Event()
        threads = [
            threading.Thread(
                target=_session, args=(base, token, _request(i, reports), rounds, latencies, kinds, go), daemon=True
            )
            for i in range(level)
        ]
        for t in threads:
            t.start()
        time.sleep(0.2)  # let every client connect before the start signal
        started = time.perf_counter()
        go.set()
        for t in threads:
            t.join(timeout=600)
        wall = time.perf_counter() - started
        p95 = _percentile(latencies, 0.95)
        print(
            f"{level:>9} {len(latencies):>6} {_percentile(latencies, 0.5) * 1000:>8.0f} {p95 * 1000:>8.0f} "
            f"{max(latencies) * 1000:>8.0f} {len(latencies) / wall:>8.1f}  {dict(kinds)}"
        )
        if p95 < 1.0:
            best = level
        if p95 > stop_above:
            break
    print(f"largest number of concurrent sessions with p95 < 1 s: {best}")


def _held_session(
    base: str, token: str, text: str, think: float, until: float, seed: int, out: list[float], go: Any
) -> None:
    follow_ups = ["make it more direct", "make it shorter", "make it warmer"]
    rng = random.Random(seed)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        go.wait()
        time.sleep(rng.uniform(0, think))  # people do not all start typing at the same instant
        session, turn = None, 0
        while time.perf_counter() < until:
            elapsed, _, session = _turn(client, text if turn == 0 else follow_ups[(turn - 1) % 3], session)
            out.append(elapsed)
            turn += 1
            time.sleep(think * rng.uniform(0.5, 1.5))


def held(base: str, token: str, reports: list[str], levels: list[int], think: float, seconds: float) -> None:
    print(f"\nheld sessions: each sends a turn, reads it, thinks ~{think:g} s, and again, for {seconds:g} s")
    print(f"{'sessions':>9} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'turns/s':>8}")
    best = 0
    for level in levels:
        latencies: list[float] = []
        go = threading.Event()
        until = time.perf_counter() + 0.5 + seconds
        threads = [
            threading.Thread(
                target=_held_session,
                args=(base, token, _request(i, reports), think, until, i, latencies, go),
                daemon=True,
            )
            for i in range(level)
        ]
        for t in threads:
            t.start()
        time.sleep(0.5)
        started = time.perf_counter()
        go.set()
        for t in threads:
            t.join(timeout=seconds + 600)
        wall = time.perf_counter() - started
        p95 = _percentile(latencies, 0.95)
        print(
            f"{level:>9} {len(latencies):>6} {_percentile(latencies, 0.5) * 1000:>8.0f} {p95 * 1000:>8.0f} "
            f"{max(latencies) * 1000:>8.0f} {len(latencies) / wall:>8.1f}"
        )
        if p95 < 1.0:
            best = level
        else:
            break
    print(f"largest number of held sessions (think time ~{think:g} s) with p95 < 1 s: {best}")


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (Linux ``/proc``); ``None`` elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start_fake_llm(port: int, latency: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "fake_llm.py"), "--port", str(port), "--latency", str(latency)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/stats", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the fake LLM did not start")


async def _llm_burst(base: str, token: str, reports: list[str], n: int) -> list[tuple[float, int]]:
    """``n`` LLM drafting turns sent at once; (seconds, model calls) per turn."""
    import asyncio

    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=300, limits=limits
    ) as client:

        async def one(i: int) -> tuple[float, int]:
            body = {"model": "coach", "messages": [{"role": "user", "content": _request(i, reports)}]}
            started = time.perf_counter()
            response = await client.post("/v1/chat/completions", json=body)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            reply = response.json()["coach"]
            draft = reply.get("draft") or {}
            if draft.get("fallback_from"):
                raise SystemExit(f"a turn fell back to offline: {draft.get('notes')}")
            if draft.get("engine") == "offline":  # thin data: the offline engine writes the short form
                return elapsed, 1  # the routing call only
            return elapsed, 2 + int(draft.get("revisions") or 0)  # routing + draft + revision rounds

        return list(await asyncio.gather(*(one(i) for i in range(n))))


def _offline_meanwhile(base: str, token: str, reports: list[str], stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        i = 0
        while not stop.is_set():
            body = {"model": "coach-offline", "messages": [{"role": "user", "content": _request(i, reports)}]}
            started = time.perf_counter()
            client.post("/v1/chat/completions", json=body).raise_for_status()
            out.append(time.perf_counter() - started)
            i += 1
            time.sleep(0.1)


def llm_turns(
    data_dir: Path, reports: list[str], n: int, latency: float, workers: int, llm_workers: int | None = None
) -> None:
    import asyncio

    from assistant.core.config import load_settings
    from assistant.core.container import Coach
    from assistant.server.signin import TokenStore

    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir))
    store = TokenStore(coach.sql)
    manager, other = store.create(MANAGER, label="bench-llm")[1], store.create("wang-lei", label="bench-offline")[1]
    coach.sql.engine.dispose()
    llm_port, port = _free_port(), _free_port()
    fake = _start_fake_llm(llm_port, latency)
    proc = _start(
        data_dir,
        port,
        workers,
        COACH_PROVIDER="openai:fake",
        COACH_OPENAI_BASE_URL=f"http://127.0.0.1:{llm_port}/v1",
        COACH_OPENAI_API_KEY="not-needed",
        COACH_SERVER_LLM_CONCURRENCY=str(max(n, 1)),
        **({"COACH_SERVER_LLM_WORKERS": str(llm_workers)} if llm_workers else {}),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        warm = httpx.post(
            base + "/v1/chat/completions",
            headers={"Authorization": f"Bearer {manager}"},
            json={"model": "coach", "messages": [{"role": "user", "content": _request(0, reports)}]},
            timeout=120,
        )
        warm.raise_for_status()
        offline: list[float] = []
        stop = threading.Event()
        background = threading.Thread(target=_offline_meanwhile, args=(base, other, reports, stop, offline))
        background.start()
        time.sleep(1.0)
        cpu_before = {name: _cpu_seconds(p.pid) for name, p in (("server", proc), ("fake", fake))}
        started = time.perf_counter()
        results = asyncio.run(_llm_burst(base, manager, reports, n))
        wall = time.perf_counter() - started
        cpu = {name: _cpu_seconds(p.pid) for name, p in (("server", proc), ("fake", fake))}
        stop.set()
        background.join(timeout=60)
        stats = httpx.get(f"http://127.0.0.1:{llm_port}/stats").json()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        fake.terminate()
        fake.wait(timeout=30)
    times = [t for t, _ in results]
    overhead = [t - calls * latency for t, calls in results]
    calls = Counter(c for _, c in results)
    print(f"\nLLM turns: {n} drafting turns at once against a fake LLM answering in {latency:g} s; "
          f"{workers} workers, {llm_workers or 'default'} LLM workers, one process")  # fmt: skip
    print(
        f"  model calls per turn: {dict(sorted(calls.items()))} -> unavoidable LLM time "
        f"{', '.join(f'{c * latency:g} s' for c in sorted(calls))}; the fake saw {stats['max_in_flight']} at once"
    )
    print(
        f"  turn time p50 {_percentile(times, 0.5):.2f} s   p95 {_percentile(times, 0.95):.2f} s   "
        f"max {max(times):.2f} s   all done in {wall:.1f} s ({n / wall:.1f} turns/s)"
    )
    print(
        f"  above the unavoidable LLM time: p50 {_percentile(overhead, 0.5):.2f} s   "
        f"p95 {_percentile(overhead, 0.95):.2f} s   max {max(overhead):.2f} s"
    )
    if cpu["server"] is not None and cpu_before["server"] is not None:
        used = {name: cpu[name] - cpu_before[name] for name in cpu}  # type: ignore[operator]
        print(
            f"  CPU during the burst: the server {used['server']:.1f} s ({used['server'] / wall:.0%} of one core, "
            f"{used['server'] * 1000 / n:.0f} ms per LLM turn, offline turns included), the fake LLM "
            f"{used['fake']:.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
    if offline:
        print(
            f"  another user's offline turns meanwhile: {len(offline)} turns, "
            f"p50 {_percentile(offline, 0.5) * 1000:.0f} ms   p95 {_percentile(offline, 0.95) * 1000:.0f} ms   "
            f"max {max(offline) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--levels", default="1,2,4,8,12,16,24,32,48,64")
    parser.add_argument("--rounds", type=int, default=3, help="turns per session in the concurrency ramp")
    parser.add_argument("--workers", type=int, default=8, help="the server's worker threads (COACH_SERVER_WORKERS)")
    parser.add_argument("--stop-above", type=float, default=4.0, help="stop the ramp once p95 passes this (s)")
    parser.add_argument("--hold-levels", default="25,50,100,125,150", help="held sessions per level ('' to skip)")
    parser.add_argument("--think", type=float, default=5.0, help="seconds a held session pauses between turns")
    parser.add_argument("--hold-seconds", type=float, default=20.0, help="how long each held level runs")
    parser.add_argument("--llm-turns", type=int, default=200, help="LLM turns sent at once (0 to skip)")
    parser.add_argument("--llm-latency", type=float, default=2.0, help="seconds the fake LLM takes per call")
    parser.add_argument("--only-llm", action="store_true", help="run only the LLM turns")
    parser.add_argument(
        "--llm-workers", type=int, default=None, help="the LLM server's COACH_SERVER_LLM_WORKERS (default: its own)"
    )
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; offline engine; server workers {args.workers}"
    )
    with tempfile.TemporaryDirectory(prefix="coach-bench-chat-") as tmp:
        data_dir = Path(tmp) / "data"
        token, reports = _prepare(data_dir)
        if args.only_llm:
            llm_turns(data_dir, reports, args.llm_turns, args.llm_latency, args.workers, args.llm_workers)
            return
        port = _free_port()
        proc = _start(data_dir, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            sequential(base, token, reports, args.requests)
            levels = [int(x) for x in args.levels.split(",")]
            concurrent(base, token, reports, levels, args.rounds, args.stop_above)
            if args.hold_levels:
                hold = [int(x) for x in args.hold_levels.split(",")]
                held(base, token, reports, hold, args.think, args.hold_seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if args.llm_turns:
            llm_turns(data_dir, reports, args.llm_turns, args.llm_latency, args.workers, args.llm_workers)


if __name__ == "__main__":
    main()
