"""Offline turns first (``assistant.server.priority.OfflineFirst``): LLM turns' steps wait while an offline
turn is under way, go one at a time after a pause, and carry on as soon as it is over.

The assertions are about order (who entered a step while whom was inside), never about durations; the waits
below only bound how long a broken implementation could hang the test.
"""

from __future__ import annotations

import asyncio
import threading

from assistant.server.priority import OfflineFirst

HANG = 10.0  # seconds: only reached when the behaviour under test is broken


def _stepper(priority: OfflineFirst, inside: threading.Event, leave: threading.Event) -> threading.Thread:
    def run() -> None:
        with priority.step():
            inside.set()
            leave.wait(HANG)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_an_llm_step_waits_for_the_offline_turn_and_goes_on_when_it_ends() -> None:
    priority = OfflineFirst(max_pause_s=HANG * 3)
    priority.begin()
    inside, leave = threading.Event(), threading.Event()
    thread = _stepper(priority, inside, leave)

    assert not inside.wait(0.3)  # held back while the offline turn is under way
    priority.end()
    assert inside.wait(HANG)  # released by the end, not by the pause running out
    leave.set()
    thread.join(HANG)
    assert priority.urgent == 0


def test_after_the_pause_llm_steps_go_one_at_a_time_until_the_offline_turn_ends() -> None:
    priority = OfflineFirst(max_pause_s=0.0)
    priority.begin()
    first_in, first_leave = threading.Event(), threading.Event()
    second_in, second_leave = threading.Event(), threading.Event()
    first = _stepper(priority, first_in, first_leave)
    assert first_in.wait(HANG)
    second = _stepper(priority, second_in, second_leave)

    assert not second_in.wait(0.3)  # one LLM step at a time while the offline turn runs
    first_leave.set()
    assert second_in.wait(HANG)
    second_leave.set()
    for thread in (first, second):
        thread.join(HANG)
    priority.end()


def test_without_an_offline_turn_llm_steps_run_side_by_side() -> None:
    priority = OfflineFirst(max_pause_s=HANG * 3)
    events = [(threading.Event(), threading.Event()) for _ in range(3)]
    threads = [_stepper(priority, inside, leave) for inside, leave in events]

    assert all(inside.wait(HANG) for inside, _ in events)  # all three inside at once
    for _, leave in events:
        leave.set()
    for thread in threads:
        thread.join(HANG)


def test_a_model_call_waits_on_the_loop_until_the_offline_turn_ends() -> None:
    async def scenario() -> list[str]:
        priority = OfflineFirst(max_pause_s=HANG * 3)
        order: list[str] = []
        priority.begin()

        async def llm_call() -> None:
            await priority.adefer()
            order.append("model call starts")

        task = asyncio.ensure_future(llm_call())
        await asyncio.sleep(0.05)
        order.append("offline turn ends")
        priority.end()
        await asyncio.wait_for(task, HANG)
        return order

    assert asyncio.run(scenario()) == ["offline turn ends", "model call starts"]


def test_ends_never_count_below_zero() -> None:
    priority = OfflineFirst()
    priority.begin()
    priority.end()
    priority.end()
    assert priority.urgent == 0
    priority.begin()
    assert priority.urgent == 1
