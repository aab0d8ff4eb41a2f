"""Rate limits every replica shares: token buckets in the database, or in Redis when ``COACH_REDIS_URL`` is set.

One bucket per sign-in token: ``burst`` requests at once, refilled at ``rate_per_minute``. With several
``coach serve`` replicas behind a load balancer, a per-process bucket would allow N times the burst; these
keep one bucket per token for all of them.

- **Database** (the default, nothing to run): table ``rate_buckets``. A request is one atomic statement,
  ``UPDATE ... SET tokens = refilled - cost WHERE refilled >= cost``: the row lock (PostgreSQL) or the
  write lock (SQLite) serialises replicas, and a refused request writes nothing.
- **Redis**: one Lua script per request (atomic on the server); buckets expire when full again.

Both use the clock of the replica asking (keep replicas' clocks in sync, as NTP does); a bucket never
refills backwards when a replica's clock is behind.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from assistant.core.database import database_error
from assistant.core.storage import SqlStore
from assistant.core.tables import RateBucketRow

__all__ = ["Limiter", "RedisRateLimiter", "SqlRateLimiter", "make_limiter", "retry_after"]


class Limiter(Protocol):
    """Spends from a key's bucket: 0 when allowed, else the seconds until the request would be."""

    def take(self, key: str, cost: int = 1) -> float: ...


def retry_after(wait_s: float) -> int:
    """The ``Retry-After`` header value (whole seconds, at least 1)."""
    return max(1, math.ceil(wait_s))


class SqlRateLimiter:
    """Token buckets in the ``rate_buckets`` table, shared by every process on the database."""

    def __init__(
        self, sql: SqlStore, rate_per_minute: float, burst: int, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.sql = sql
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        least = "LEAST" if sql.dialect == "postgresql" else "MIN"
        greatest = "GREATEST" if sql.dialect == "postgresql" else "MAX"
        refilled = f"{least}(:burst, tokens + {greatest}(0, :now - updated_at) * :rate)"
        self._spend = text(
            f"UPDATE rate_buckets SET tokens = {refilled} - :cost, updated_at = {greatest}(updated_at, :now) "
            f"WHERE key = :key AND {refilled} >= :cost"
        )
        self._peek = text(f"SELECT {refilled} FROM rate_buckets WHERE key = :key")
        dialect = postgresql if sql.dialect == "postgresql" else sqlite
        self._insert = (
            dialect.insert(RateBucketRow.__table__)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(RateBucketRow.__table__.c.key)
        )

    def take(self, key: str, cost: int = 1) -> float:
        """Spend ``cost`` from ``key``'s bucket; 0 when allowed, else seconds until ``cost`` is there."""
        cost = max(1, min(cost, int(self.burst)))  # more than a full bucket could never be allowed
        now = self._clock()
        params = {"key": key, "now": now, "rate": self.rate, "burst": self.burst, "cost": float(cost)}
        try:
            with self.sql.engine.begin() as conn:
                if conn.execute(self._spend, params).rowcount == 1:
                    return 0.0
                created = conn.execute(self._insert.values(key=key, tokens=self.burst - cost, updated_at=now))
                if created.first() is not None:  # a new bucket starts full
                    return 0.0
                # another replica created the bucket at the same moment (the insert waited for it): spend from it
                if conn.execute(self._spend, params).rowcount == 1:
                    return 0.0
                available = conn.execute(self._peek, params).scalar()
        except SQLAlchemyError as exc:
            raise database_error(exc, self.sql.where) from None
        available = float(available if available is not None else self.burst)
        return max(0.001, (cost - available) / self.rate)


_REDIS_TAKE = """
local key, now, rate, burst, cost = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', key, 'tokens', 'updated_at')
local tokens, updated = tonumber(state[1]), tonumber(state[2])
if tokens == nil then tokens, updated = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
updated = math.max(updated, now)
local allowed = 0
if tokens >= cost then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', key, 'tokens', tostring(tokens), 'updated_at', tostring(updated))
redis.call('EXPIRE', key, math.ceil((burst - tokens) / rate) + 60)
if allowed == 1 then return '0' end
return tostring((cost - tokens) / rate)
"""


class RedisRateLimiter:
    """Token buckets in Redis (``COACH_REDIS_URL``), one hash per key, spent by one atomic Lua script."""

    def __init__(
        self,
        url: str,
        rate_per_minute: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.time,
        prefix: str = "coach:rate:",
        client: Any = None,
    ) -> None:
        from assistant.core.errors import StoreError

        try:
            import redis
        except ModuleNotFoundError:
            raise StoreError(
                "COACH_REDIS_URL is set but the redis client is not installed (pip install 'coach-assistant[redis]')"
            ) from None
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        self._prefix = prefix
        self._redis = client or redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._script = self._redis.register_script(_REDIS_TAKE)
        self.where = re.sub(r"//[^@/]*@", "//***@", url)
        """The URL with any password hidden, for messages."""

    def take(self, key: str, cost: int = 1) -> float:
        """Spend ``cost`` from ``key``'s bucket; 0 when allowed, else seconds until ``cost`` is there."""
        from assistant.core.errors import StoreError

        cost = max(1, min(cost, int(self.burst)))  # more than a full bucket could never be allowed
        try:
            wait = float(self._script(keys=[self._prefix + key], args=[self._clock(), self.rate, self.burst, cost]))
        except Exception as exc:  # the redis client's own errors: one sentence, like a database's
            raise StoreError(f"cannot reach Redis at {self.where}: {' '.join(str(exc).split())[:200]}") from None
        return max(0.0, wait)


def make_limiter(settings: Any, sql: SqlStore, rate_per_minute: float, burst: int) -> Limiter:
    """Redis when ``settings.redis_url`` is set, else the database."""
    if settings.redis_url:
        return RedisRateLimiter(settings.redis_url, rate_per_minute, burst)
    return SqlRateLimiter(sql, rate_per_minute, burst)
