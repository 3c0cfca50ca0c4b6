"""Time sources: the real one, and a fake that lets tests and benchmarks skip the waiting."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the HTTP layer needs from time: pacing, sleeping and wall-clock dates."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def utcnow(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def utcnow(self) -> datetime:
        return datetime.now(UTC)


_DEFAULT_START = datetime(2025, 1, 1, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to; `sleep` returns at once and is recorded in `sleeps`.

    Safe to share between threads (a client's parallel resources, the emulator's handler threads): every sleep
    moves the clock on, so concurrent sleepers add up and simulated time passes at least as fast as it would.
    """

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("FakeClock start must be timezone-aware (UTC)")
        self._start = start or _DEFAULT_START
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._elapsed

    def utcnow(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move both the monotonic and the wall clock forward."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (advance by {seconds})")
        with self._lock:
            self._elapsed += seconds
