"""Client-side rate limiting with a token bucket."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ingestion.http.clock import Clock


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` per `per_seconds` on average, allowing `burst` back-to-back requests."""

    requests: float
    per_seconds: float
    burst: int = 1

    def __post_init__(self) -> None:
        # `not x > 0` also rejects NaN.
        if not self.requests > 0:
            raise ValueError(f"RateLimit.requests must be positive, got {self.requests!r}")
        if not self.per_seconds > 0:
            raise ValueError(f"RateLimit.per_seconds must be positive, got {self.per_seconds!r}")
        if self.burst < 1:
            raise ValueError(f"RateLimit.burst must be at least 1, got {self.burst!r}")

    @property
    def rate(self) -> float:
        """Tokens added per second."""
        return self.requests / self.per_seconds


class TokenBucket:
    """A token bucket that starts full; `acquire` waits (on the given clock) until a token is free."""

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self._limit = limit
        self._clock = clock
        self._tokens = float(limit.burst)
        self._updated = clock.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until it is available; returns the seconds waited."""
        with self._lock:
            now = self._clock.monotonic()
            self._tokens = min(self._limit.burst, self._tokens + (now - self._updated) * self._limit.rate)
            self._updated = now
            # Taking the token before sleeping reserves a slot, so concurrent callers queue up in order
            # without holding the lock while they wait.
            self._tokens -= 1
            wait = -self._tokens / self._limit.rate if self._tokens < 0 else 0.0
        if wait > 0:
            self._clock.sleep(wait)
        return wait
