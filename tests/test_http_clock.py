"""The fake clock that the pacing and retry tests rely on."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from ingestion.http import FakeClock, SystemClock


def test_fake_clock_sleep_moves_both_clocks_and_is_recorded() -> None:
    start = datetime(2024, 6, 1, tzinfo=UTC)
    clock = FakeClock(start)

    clock.sleep(1.5)
    clock.advance(2.0)
    clock.sleep(0.25)

    assert clock.monotonic() == pytest.approx(3.75)
    assert clock.utcnow() == start + timedelta(seconds=3.75)
    assert clock.sleeps == [1.5, 0.25]


def test_fake_clock_defaults_to_a_fixed_aware_time() -> None:
    assert FakeClock().utcnow() == FakeClock().utcnow()
    assert FakeClock().utcnow().tzinfo is not None
    assert FakeClock().monotonic() == 0.0


def test_fake_clock_rejects_naive_start_and_going_backwards() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="backwards"):
        FakeClock().advance(-1)


def test_system_clock_gives_aware_utc() -> None:
    now = SystemClock().utcnow()
    assert now.utcoffset() == timedelta(0)


def test_fake_clock_loses_no_time_to_concurrent_sleepers() -> None:
    clock = FakeClock()

    def nap() -> None:
        for _ in range(1000):
            clock.sleep(0.001)

    threads = [threading.Thread(target=nap) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert clock.monotonic() == pytest.approx(8.0)
    assert len(clock.sleeps) == 8000
