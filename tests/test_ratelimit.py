"""The rate limit is one bucket per token for every replica: in the database, or in Redis when configured.

The Redis tests use ``COACH_TEST_REDIS_URL`` or start a ``redis-server`` on loopback; without one they
skip, unless ``COACH_TEST_REQUIRE_REDIS=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from assistant.core.container import Coach
from assistant.core.errors import StoreError
from assistant.core.storage import SqlStore
from assistant.server.ratelimit import Limiter, RedisRateLimiter, SqlRateLimiter, retry_after


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """CI's Redis (``COACH_TEST_REDIS_URL``), or a ``redis-server`` started for this module."""
    if os.environ.get("COACH_TEST_REDIS_URL"):
        yield os.environ["COACH_TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("COACH_TEST_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is required here (COACH_TEST_REQUIRE_REDIS=1) but not installed")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


Pair = Callable[..., tuple[Limiter, Limiter]]


def _sql_pair(coach: Coach, rate: float, burst: int, clock: Clock, clock2: Clock | None) -> tuple[Limiter, Limiter]:
    other = SqlStore(coach.settings.resolved_database_url)  # a second replica's connection pool
    return (
        SqlRateLimiter(coach.sql, rate, burst, clock=clock),
        SqlRateLimiter(other, rate, burst, clock=clock2 or clock),
    )


def _redis_pair(url: str, rate: float, burst: int, clock: Clock, clock2: Clock | None) -> tuple[Limiter, Limiter]:
    prefix = f"test:{time.monotonic_ns()}:"
    return (
        RedisRateLimiter(url, rate, burst, clock=clock, prefix=prefix),
        RedisRateLimiter(url, rate, burst, clock=clock2 or clock, prefix=prefix),
    )


@pytest.fixture(params=["database", "redis"])
def pair(request: pytest.FixtureRequest, coach: Coach) -> Pair:
    """``pair(clock, rate, burst, clock2=None)``: two replicas' limiters on one shared store."""
    if request.param == "database":
        return lambda clock, rate, burst, clock2=None: _sql_pair(coach, rate, burst, clock, clock2)
    url = request.getfixturevalue("redis_url")
    return lambda clock, rate, burst, clock2=None: _redis_pair(url, rate, burst, clock, clock2)


def test_two_replicas_spend_from_one_bucket(pair: Pair) -> None:
    clock = Clock()
    one, two = pair(clock, 60.0, 4)  # 4 at once, then one a second

    spent = [one.take("tok"), two.take("tok"), one.take("tok"), two.take("tok")]
    refused = two.take("tok")

    assert spent == [0.0, 0.0, 0.0, 0.0]
    assert refused == pytest.approx(1.0) and retry_after(refused) == 1
    assert one.take("other-token") == 0.0  # buckets are per token
    clock.now += 1.0
    assert one.take("tok") == 0.0 and two.take("tok") > 0


def test_a_refusal_costs_nothing_and_the_bucket_never_overfills(pair: Pair) -> None:
    clock = Clock()
    one, _ = pair(clock, 60.0, 2)
    assert [one.take("t"), one.take("t")] == [0.0, 0.0]
    for _ in range(5):
        assert one.take("t") > 0  # refused: the bucket stays empty, not negative
    clock.now += 1.0
    assert one.take("t") == 0.0
    clock.now += 3600
    assert [one.take("t") for _ in range(3)][:2] == [0.0, 0.0]  # full again, but never more than the burst
    assert one.take("t") > 0


def test_work_that_costs_more_spends_more(pair: Pair) -> None:
    clock = Clock()
    one, two = pair(clock, 60.0, 10)
    assert one.take("t", cost=8) == 0.0
    assert two.take("t", cost=3) == pytest.approx(1.0)  # 2 left; 3 needs one more second
    assert two.take("t", cost=2) == 0.0


def test_a_replica_whose_clock_is_behind_neither_refills_nor_drains_the_bucket(pair: Pair) -> None:
    ahead, behind = Clock(), Clock(1_000_000.0 - 30)  # the second replica's clock is 30 s behind
    one, two = pair(ahead, 60.0, 3, behind)
    assert one.take("t") == 0.0
    assert [two.take("t"), two.take("t")] == [0.0, 0.0]  # what the first left, no more, no less
    assert two.take("t") > 0
    ahead.now += 1.0
    assert one.take("t") == 0.0  # the bucket's time did not go backwards


def test_at_the_same_instant_replicas_allow_exactly_the_burst(pair: Pair) -> None:
    clock = Clock()
    replicas = pair(clock, 0.001, 10)  # no refill to speak of
    start = threading.Barrier(20)
    results: list[float] = []
    lock = threading.Lock()

    def hammer(limiter: Limiter) -> None:
        start.wait()
        for _ in range(3):
            wait = limiter.take("burst-token")
            with lock:
                results.append(wait)

    threads = [threading.Thread(target=hammer, args=(replicas[i % 2],)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(results) == 60
    assert results.count(0.0) == 10


def test_an_unreachable_redis_is_one_sentence() -> None:
    limiter = RedisRateLimiter(f"redis://:hunter2@127.0.0.1:{_free_port()}/0", 60.0, 5)
    with pytest.raises(StoreError, match=r"^cannot reach Redis at redis://\*\*\*@127\.0\.0\.1:\d+/0: ") as caught:
        limiter.take("t")
    assert "hunter2" not in str(caught.value) and "\n" not in str(caught.value)


def test_replicas_creating_one_bucket_at_the_same_moment_both_spend_from_it(pair: Pair) -> None:
    clock = Clock()
    one, two = pair(clock, 60.0, 100)
    start = threading.Barrier(2)
    results: list[float] = []

    def first_request(limiter: Limiter) -> None:
        start.wait()
        results.append(limiter.take("brand-new-token"))

    threads = [threading.Thread(target=first_request, args=(limiter,)) for limiter in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert results == [0.0, 0.0]  # neither is refused because the other one created the bucket
