"""Where the CPU of one LLM-backed chat turn goes: the engine's turn driven in one thread, its model calls awaited.

The demo org in a temp dir, the LLM engine pointed at ``bench/fake_llm.py`` answering at once, and ``--turns``
(60) drafting turns sent one after another the way ``coach serve`` runs them (``ChatEngine.turn``, each
``LLMCall`` awaited through langchain's async API), all in this thread. Prints the CPU time of this thread
per turn (``time.thread_time``: the fake model's own CPU is another process) and how it splits over the
chain's steps, the session writes and the model calls (request building, HTTP, parsing). What the server adds
around a turn (HTTP, sign-in, the rate limit, the OpenAI API's bookkeeping) is not in it: compare with the
server's CPU per LLM turn that ``bench/bench_chat.py --only-llm`` prints.

Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_llm_turn_cpu.py [--turns 60]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_chat


def _timed(owner: Any, name: str, label: str, parts: Counter[str]) -> None:
    """Wrap ``owner.name`` so its CPU time adds up under ``label``."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            parts[label] += time.thread_time() - started

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-bench-turn-") as tmp:
        data_dir = Path(tmp) / "data"
        _, reports = bench_chat._prepare(data_dir)
        port = bench_chat._free_port()
        fake = bench_chat._start_fake_llm(port, 0.0)
        try:
            run(data_dir, reports, port, args.turns)
        finally:
            fake.terminate()
            fake.wait(timeout=30)


def run(data_dir: Path, reports: list[str], port: int, n: int) -> None:
    from assistant.chat import engine as engine_module
    from assistant.chat import intents
    from assistant.chat.sessions import SessionStore
    from assistant.core.config import load_settings
    from assistant.core.container import Coach
    from assistant.drafting import chain
    from assistant.drafting.effects import LLMCall

    os.environ.update(
        {
            "COACH_PROVIDER": "openai:fake",
            "COACH_OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1",
            "COACH_OPENAI_API_KEY": "not-needed",
        }
    )
    parts: Counter[str] = Counter()
    for step in ("_retrieve", "_profile", "_render", "_guard", "_finish"):
        _timed(chain, step, f"draft: {step.strip('_')}", parts)
    _timed(SessionStore, "add_message", "session: store the question and the answer", parts)
    _timed(engine_module, "visible_people", "chat: whom the user may ask about", parts)
    _timed(intents, "parse", "chat: the deterministic parse", parts)
    coach = Coach(load_settings(config_file=data_dir / "none.toml", data_dir=data_dir))
    engine = engine_module.ChatEngine(coach)

    async def turn(i: int) -> None:
        gen = engine.turn(bench_chat.MANAGER, bench_chat._request(i, reports))
        value: Any = None
        while True:
            try:
                item = gen.send(value)
            except StopIteration:
                return
            value = None
            if isinstance(item, LLMCall):
                started = time.thread_time()
                value = await item.arun()
                parts[f"model call: {item.what} (langchain, openai, httpx)"] += time.thread_time() - started

    async def all_turns() -> None:
        for i in range(3):  # warm: imports, compiled templates, the provider's learnt method
            await turn(i)
        parts.clear()
        started, wall = time.thread_time(), time.perf_counter()
        for i in range(n):
            await turn(i)
        cpu = time.thread_time() - started
        print(f"{n} LLM drafting turns, one after another, in one thread (the fake model answers at once)")
        print(f"  {cpu * 1000 / n:6.1f} ms CPU per turn (wall {(time.perf_counter() - wall) * 1000 / n:.1f} ms)")
        for label, seconds in parts.most_common():
            print(f"  {seconds * 1000 / n:6.1f} ms  {label}")
        rest = cpu - sum(parts.values())
        print(f"  {rest * 1000 / n:6.1f} ms  the rest (the routing prompt, replies, events, session reads)")

    asyncio.run(all_turns())


if __name__ == "__main__":
    main()
