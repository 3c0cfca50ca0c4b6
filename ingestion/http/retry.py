"""Retry policy: which answers to retry, how long to back off, and reading `Retry-After`."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff; `jitter` is the largest fraction added at random."""

    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    jitter: float = 0.25
    max_retry_after: float = 300.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"RetryPolicy.max_attempts must be at least 1, got {self.max_attempts!r}")
        for name in ("backoff_base", "backoff_max", "jitter", "max_retry_after"):
            value = getattr(self, name)
            if not value >= 0:
                raise ValueError(f"RetryPolicy.{name} must be zero or positive, got {value!r}")


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from `now` a `Retry-After` value (delay-seconds or HTTP-date) asks for; None if unusable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    # HTTP-dates are always GMT; a date without a zone is read that way rather than as local time.
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Delay after failed attempt number `attempt` (1-based): capped exponential plus random jitter."""
    if attempt < 1:
        raise ValueError(f"attempt numbers start at 1, got {attempt}")
    delay = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
    return delay + delay * policy.jitter * rng.random()
