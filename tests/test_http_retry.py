"""Backoff arithmetic and Retry-After parsing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from ingestion.http import RetryPolicy, backoff_delay, parse_retry_after

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("53", 53.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-4", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),
        ("Sat, 01 Mar 2025 12:02:00", 120.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_backoff_doubles_then_caps() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=5.0, jitter=0.0)
    rng = random.Random(0)

    assert [backoff_delay(n, policy, rng) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_only_lengthens_and_stays_within_its_fraction() -> None:
    policy = RetryPolicy(backoff_base=4.0, jitter=0.25)
    rng = random.Random(42)

    delays = [backoff_delay(1, policy, rng) for _ in range(200)]

    assert all(4.0 <= delay <= 5.0 for delay in delays)
    assert len(set(delays)) > 100


def test_attempt_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        backoff_delay(0, RetryPolicy(), random.Random())


def test_policy_defaults_and_validation() -> None:
    policy = RetryPolicy()
    assert policy.max_attempts == 5
    assert policy.retry_statuses == frozenset({429, 500, 502, 503, 504})
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=-0.1)
