"""Token bucket pacing, measured on a fake clock (and once on the real one, across threads)."""

from __future__ import annotations

import threading
import time

import pytest

from ingestion.http import FakeClock, RateLimit, SystemClock, TokenBucket, acquire_all


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


def test_acquire_all_takes_every_token_at_the_moment_the_last_one_is_free() -> None:
    clock = FakeClock()
    host = TokenBucket(RateLimit(1, 1.0), clock)
    pages = TokenBucket(RateLimit(1, 60.0), clock)
    sent_at = []

    for buckets in ([host, pages], [host, pages], [host]):
        acquire_all(buckets)
        sent_at.append(clock.monotonic())

    # The second page waits its minute; the host token it takes is booked then, so the next request waits a second
    # after it (buckets taken one after the other had let it through at 60 s).
    assert sent_at == pytest.approx([0.0, 60.0, 61.0])
    assert clock.sleeps == pytest.approx([60.0, 1.0])


def test_acquire_all_of_nothing_does_not_wait() -> None:
    assert acquire_all([]) == 0.0


def test_concurrent_acquire_all_never_overdraws_the_shared_bucket() -> None:
    clock = FakeClock()
    limit = RateLimit(10, 1.0, burst=3)
    host = TokenBucket(limit, clock)
    endpoints = [TokenBucket(RateLimit(100, 1.0), clock) for _ in range(4)]

    def work(endpoint: TokenBucket) -> None:
        for _ in range(50):
            acquire_all([host, endpoint])

    threads = [threading.Thread(target=work, args=(endpoint,)) for endpoint in endpoints]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # 200 tokens from a bucket of 3 refilled at 10 a second need at least 19.7 simulated seconds; sleeping threads
    # may add some, never take any away.
    assert clock.monotonic() >= (200 - limit.burst) / limit.rate - 1e-6
    assert clock.monotonic() < 2 * (200 - limit.burst) / limit.rate


def test_slow_down_lowers_the_rate_by_a_tenth_down_to_a_quarter() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(40, 1.0), clock)
    rates = []
    for _ in range(15):
        clock.advance(1.0)
        change = bucket.slow_down(sent_at=clock.monotonic())
        rates.append(None if change is None else change.after)

    assert rates[:3] == pytest.approx([36.0, 32.4, 29.16])
    assert rates[13] == pytest.approx(10.0)  # 40 x 0.9^13 would be 10.2; the floor is a quarter of 40
    assert rates[14] is None
    assert bucket.rate == pytest.approx(10.0)
    assert bucket.limit.rate == 40.0


def test_a_refusal_of_a_request_sent_before_the_last_slow_down_lowers_nothing() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(10, 1.0), clock)
    clock.advance(5.0)
    assert bucket.slow_down(sent_at=4.9) is not None

    # Parallel requests refused together were all paced at the old rate: one slow-down for all of them.
    assert bucket.slow_down(sent_at=4.95) is None
    assert bucket.rate == pytest.approx(9.0)


def test_slower_rate_paces_the_following_requests() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(2, 1.0), clock)
    bucket.acquire()
    bucket.slow_down(sent_at=clock.monotonic())

    assert bucket.acquire() == pytest.approx(1 / 1.8)


def test_defer_holds_every_request_then_sends_one_then_paces() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(1, 1.0, burst=5), clock)
    bucket.defer(30.0)

    sent_at = []
    for _ in range(3):
        bucket.acquire()
        sent_at.append(clock.monotonic())

    # Thirty seconds would refill the burst of five; after a refusal they must not go out at once.
    assert sent_at == pytest.approx([30.0, 31.0, 32.0])


def test_a_shorter_deferral_does_not_cut_a_longer_one() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(1, 1.0), clock)
    bucket.defer(30.0)
    bucket.defer(5.0)

    assert bucket.acquire() == pytest.approx(30.0)


def test_a_deferral_holds_callers_already_waiting_on_other_threads() -> None:
    clock = SystemClock()
    bucket = TokenBucket(RateLimit(20, 1.0), clock)
    bucket.acquire()
    started = time.monotonic()
    waiter = threading.Thread(target=bucket.acquire)
    waiter.start()  # waits 50 ms for its token...
    bucket.defer(0.3)  # ...and is told to hold off meanwhile
    waiter.join()

    assert time.monotonic() - started >= 0.29
