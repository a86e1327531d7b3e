"""Per-client rate limiting without keeping anyone's address.

A client is known only by `ClientKeys.key(address)`: an HMAC-SHA256 of its address under a random
salt that is replaced every UTC day and lives only in memory. Raw addresses are never stored or
logged, and yesterday's keys cannot be linked to today's (nor reversed once the salt is gone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

from helpcenter import clock


class ClientKeys:
    """Hashes client addresses with a daily rotating salt."""

    def __init__(self, today: Callable[[], dt.date] | None = None) -> None:
        self._today = today or clock.today
        self._day: dt.date | None = None
        self._salt = b""
        self._lock = threading.Lock()

    def key(self, address: str) -> str:
        with self._lock:
            day = self._today()
            if day != self._day:
                self._day, self._salt = day, secrets.token_bytes(32)
            salt = self._salt
        return hmac.new(salt, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:24]


class RateLimiter:
    """A token bucket per client key: `per_minute` requests on average, bursts of `burst`.

    `per_minute=0` turns limiting off. Memory is bounded: buckets that have refilled are dropped
    when the table grows past `max_clients`.
    """

    def __init__(self, per_minute: int = 120, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 keys: ClientKeys | None = None, max_clients: int = 100_000) -> None:
        self.per_minute = per_minute
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 2))
        self.clock = clock
        self.keys = keys or ClientKeys()
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, address: str, cost: float = 1.0) -> float:
        """0 when the request may proceed, else the seconds to wait before retrying."""
        if self.per_minute <= 0:
            return 0.0
        key = self.keys.key(address)
        now = self.clock()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                if len(self._buckets) > self.max_clients:
                    self._prune(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [k for k, (tokens, stamp) in self._buckets.items()
                if tokens + (now - stamp) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]
        while len(self._buckets) > self.max_clients:  # still too many: forget the oldest
            del self._buckets[next(iter(self._buckets))]

    @property
    def clients(self) -> int:
        return len(self._buckets)
