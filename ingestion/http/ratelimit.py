"""Client-side rate limiting: token buckets that pace requests, draw on several limits at once, and slow down
when the server says they went too fast."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from ingestion.http.clock import Clock

# A 429 lowers a bucket's rate by this factor, but never below this share of the configured rate: a server that
# refuses for reasons of its own (load, a shared address) must not stall a run for good.
SLOW_DOWN_FACTOR = 0.9
SLOWEST_SHARE = 0.25
# Sleeping exactly the computed wait can leave 0.99999999 of a token through float rounding; that counts as one,
# rather than costing another near-zero sleep.
_TOKEN_EPSILON = 1e-9


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` per `per_seconds` on average, allowing `burst` back-to-back requests.

    Against a server counting a sliding window of N requests per W seconds, `burst + requests / per_seconds * W`
    must stay below N + 1: that is the most a bucket sends within any W seconds.
    """

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


@dataclass(frozen=True)
class RateChange:
    """A bucket's rate before and after a slow-down, in tokens per second."""

    before: float
    after: float


class TokenBucket:
    """A token bucket that starts full; `acquire` waits (on the given clock) until a token is free.

    The state is the token count at `_updated`, which lies in the future while the bucket is deferred: the count
    then reads as negative until the deferral ends, so the same arithmetic covers both.
    """

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self._limit = limit
        self._clock = clock
        self._rate = limit.rate
        self._tokens = float(limit.burst)
        self._updated = clock.monotonic()
        self._last_slow_down = -math.inf
        self._lock = threading.Lock()

    @property
    def limit(self) -> RateLimit:
        """The configured limit."""
        return self._limit

    @property
    def rate(self) -> float:
        """Tokens added per second now: the configured rate, or less after slow-downs."""
        with self._lock:
            return self._rate

    def acquire(self) -> float:
        """Take one token, sleeping until it is available; returns the seconds waited."""
        return acquire_all([self])

    def slow_down(self, sent_at: float) -> RateChange | None:
        """Lower the rate after the server refused a request sent at `sent_at` (on the bucket's clock's
        monotonic scale). A refusal of a request sent before the previous slow-down was paced at the old rate and
        says nothing about the new one (parallel requests refused together), so it lowers nothing. Returns the
        change, or None when there was none (also at the floor)."""
        with self._lock:
            floor = self._limit.rate * SLOWEST_SHARE
            if sent_at < self._last_slow_down or self._rate <= floor:
                return None
            now = self._clock.monotonic()
            self._refill(now)
            before = self._rate
            self._rate = max(floor, before * SLOW_DOWN_FACTOR)
            self._last_slow_down = now
            return RateChange(before, self._rate)

    def defer(self, seconds: float) -> None:
        """Send nothing for `seconds` (a server's Retry-After), then one request, then go on at the bucket's rate.
        Tokens saved up meanwhile would otherwise go out as a burst into a window that is only freeing up."""
        with self._lock:
            now = self._clock.monotonic()
            self._refill(now)
            # A longer deferral already pending keeps its end: the count at `now + seconds` is then still below 1.
            tokens_then = min(float(self._limit.burst), self._tokens + seconds * self._rate)
            self._tokens = min(tokens_then, 1.0)
            self._updated = now + seconds

    def _refill(self, now: float) -> None:
        self._tokens = min(float(self._limit.burst), self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    def _wait(self, now: float) -> float:
        """Seconds from `now` until a token is free (the lock held)."""
        self._refill(now)
        missing = 1.0 - self._tokens
        return 0.0 if missing <= _TOKEN_EPSILON else missing / self._rate


def acquire_all(buckets: Sequence[TokenBucket]) -> float:
    """Take one token from every bucket at the same moment, once all of them have one; returns the seconds waited.
    The buckets must share one clock.

    Taking them one after another would book the request in the first bucket when that one had a token, while it
    goes out only once the last one has: the first limit then sees it later than it counted it, and its next
    request can follow at once (SteamSpy: `request=all` waits a minute for its endpoint token, then an appdetails
    request right behind it breaks the one-a-second host limit).
    """
    if not buckets:
        return 0.0
    clock = buckets[0]._clock
    # One lock order for every caller, so two callers sharing buckets cannot deadlock.
    ordered = sorted(set(buckets), key=id)
    waited = 0.0
    while True:
        with contextlib.ExitStack() as held:
            for bucket in ordered:
                held.enter_context(bucket._lock)
            now = clock.monotonic()
            wait = max(bucket._wait(now) for bucket in ordered)
            if wait == 0.0:
                for bucket in ordered:
                    bucket._tokens -= 1.0
                return waited
            deadline = now + wait
        # Asleep without the locks, so other callers go on; another one may take the token meanwhile, hence the
        # check again on waking. The wait is recomputed from the clock, which other threads may have moved.
        remaining = deadline - clock.monotonic()
        if remaining > 0:
            clock.sleep(remaining)
            waited += remaining
