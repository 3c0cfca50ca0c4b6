"""Request counters per dlt resource, for the run summary."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass


@dataclass
class RequestStats:
    """Counters for one resource; `requests` counts network attempts, `wait_seconds` throttling + backoff."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    rate_limit_waits: int = 0
    wait_seconds: float = 0.0
    errors: int = 0


@dataclass(frozen=True)
class RateDrop:
    """A client lowered one of its rate limits after a 429: `limit` names the bucket ("host" or an endpoint),
    rates are requests per second."""

    api: str
    limit: str
    before: float
    after: float


_COLUMNS = (
    ("requests", "requests"),
    ("cache_hits", "cache hits"),
    ("retries", "retries"),
    ("rate_limit_waits", "waits"),
    ("wait_seconds", "wait s"),
    ("errors", "errors"),
)


class StatsRegistry:
    """Thread-safe collection of `RequestStats`, one per resource name."""

    def __init__(self) -> None:
        self._stats: dict[str, RequestStats] = {}
        self._rate_drops: list[RateDrop] = []
        self._lock = threading.Lock()

    def for_resource(self, name: str) -> RequestStats:
        """The live counters of `name`, created on first use."""
        with self._lock:
            return self._stats.setdefault(name, RequestStats())

    def add(
        self,
        name: str,
        *,
        requests: int = 0,
        cache_hits: int = 0,
        retries: int = 0,
        rate_limit_waits: int = 0,
        wait_seconds: float = 0.0,
        errors: int = 0,
    ) -> None:
        """Increment counters of `name` atomically (`+=` on the live object is not thread-safe)."""
        with self._lock:
            stats = self._stats.setdefault(name, RequestStats())
            stats.requests += requests
            stats.cache_hits += cache_hits
            stats.retries += retries
            stats.rate_limit_waits += rate_limit_waits
            stats.wait_seconds += wait_seconds
            stats.errors += errors

    def add_rate_drop(self, drop: RateDrop) -> None:
        with self._lock:
            self._rate_drops.append(drop)

    def rate_drops(self) -> list[RateDrop]:
        """Every rate drop so far, oldest first."""
        with self._lock:
            return list(self._rate_drops)

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        """Counters per resource, sorted by resource name."""
        with self._lock:
            return {name: asdict(stats) for name, stats in sorted(self._stats.items())}

    def total(self) -> RequestStats:
        """The sum over all resources."""
        with self._lock:
            every = list(self._stats.values())
            return RequestStats(
                requests=sum(s.requests for s in every),
                cache_hits=sum(s.cache_hits for s in every),
                retries=sum(s.retries for s in every),
                rate_limit_waits=sum(s.rate_limit_waits for s in every),
                wait_seconds=sum((s.wait_seconds for s in every), 0.0),
                errors=sum(s.errors for s in every),
            )

    def render(self) -> str:
        """A plain-text table with one row per resource, sorted by name, then a line per rate drop."""
        header = ["resource", *(title for _, title in _COLUMNS)]
        rows = [[name, *(_format(counters[key]) for key, _ in _COLUMNS)] for name, counters in self.as_dict().items()]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        table = [
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            for row in [header, *rows]
        ]
        drops = [
            f"{drop.api} {drop.limit} rate limit lowered after a 429: {drop.before:.4g} -> {drop.after:.4g} requests/s"
            for drop in self.rate_drops()
        ]
        return "\n".join([*table, *drops])


def _format(value: float | int) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)
