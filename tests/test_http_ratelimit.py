"""Token bucket pacing, measured on a fake clock (and once on the real one, across threads)."""

from __future__ import annotations

import threading
import time

import pytest

from ingestion.http import FakeClock, RateLimit, SystemClock, TokenBucket


def test_rate_is_requests_per_second() -> None:
    assert RateLimit(200, 300.0).rate == pytest.approx(2 / 3)
    assert RateLimit(1, 60.0, burst=1).rate == pytest.approx(1 / 60)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requests": 0, "per_seconds": 1.0}, "requests must be positive"),
        ({"requests": -1, "per_seconds": 1.0}, "requests must be positive"),
        ({"requests": float("nan"), "per_seconds": 1.0}, "requests must be positive"),
        ({"requests": 1, "per_seconds": 0.0}, "per_seconds must be positive"),
        ({"requests": 1, "per_seconds": 1.0, "burst": 0}, "burst must be at least 1"),
    ],
)
def test_invalid_limits_are_rejected(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimit(**kwargs)  # type: ignore[arg-type]


def test_bucket_starts_full_then_paces_at_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(2, 1.0, burst=2), clock)

    finished_at = []
    waits = []
    for _ in range(6):
        waits.append(bucket.acquire())
        finished_at.append(clock.monotonic())

    assert waits == pytest.approx([0.0, 0.0, 0.5, 0.5, 0.5, 0.5])
    assert clock.sleeps == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert sum(clock.sleeps) == pytest.approx(2.0)
    assert finished_at == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.5, 2.0])


def test_idle_time_refills_up_to_the_burst_only() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(1, 1.0, burst=3), clock)
    for _ in range(3):
        bucket.acquire()

    clock.advance(100.0)
    waits = [bucket.acquire() for _ in range(4)]

    assert waits == pytest.approx([0.0, 0.0, 0.0, 1.0])


def test_partial_refill_shortens_the_wait() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(1, 10.0), clock)
    bucket.acquire()

    clock.advance(7.5)

    assert bucket.acquire() == pytest.approx(2.5)


def test_concurrent_callers_share_one_budget() -> None:
    bucket = TokenBucket(RateLimit(100, 1.0, burst=1), SystemClock())
    started = time.monotonic()
    threads = [threading.Thread(target=bucket.acquire) for _ in range(11)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # One token up front, then ten more at 10 ms each.
    assert time.monotonic() - started >= 0.095
