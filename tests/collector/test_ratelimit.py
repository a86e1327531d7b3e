"""Per-client rate limiting keyed by a salted hash that rotates daily."""

from __future__ import annotations

import datetime as dt

from helpcenter_collector.ratelimit import ClientKeys, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refused_then_refilled():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.check("10.0.0.1") for _ in range(3)] == [0, 0, 0]
    wait = limiter.check("10.0.0.1")
    assert 0.9 < wait <= 1.0
    assert limiter.check("10.0.0.2") == 0  # other clients are unaffected
    clock.now += 1.0
    assert limiter.check("10.0.0.1") == 0


def test_zero_turns_limiting_off():
    limiter = RateLimiter(per_minute=0)
    assert all(limiter.check("1.2.3.4") == 0 for _ in range(10_000))


def test_keys_are_hashes_not_addresses_and_rotate_daily():
    day = [dt.date(2026, 11, 22)]
    keys = ClientKeys(today=lambda: day[0])
    first = keys.key("203.0.113.7")
    assert "203.0.113.7" not in first and len(first) == 24
    assert keys.key("203.0.113.7") == first
    assert keys.key("203.0.113.8") != first
    day[0] = dt.date(2026, 11, 23)
    assert keys.key("203.0.113.7") != first


def test_the_bucket_table_stays_bounded():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock, max_clients=100)
    for n in range(1000):
        limiter.check(f"10.0.{n // 256}.{n % 256}")
    assert limiter.clients <= 100
    assert all("10.0." not in key for key in limiter._buckets)
