"""The rate limits the real APIs publish, as sliding windows, and the enforcer the emulator runs with
`enforce_limits=True` (`python -m ingestion.emulator --enforce-limits`).

A request arriving when a window already holds its allowance of accepted requests is refused with 429 and a
`Retry-After` (whole seconds until the oldest one leaves the window): a provoked 429, the figure the client's
pacing must keep at zero. Refused requests do not count against the window; every other one does, faults
included, since the real server saw them too.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ingestion.emulator.crypto_payloads import RATE_LIMIT_BODY
from ingestion.emulator.routes import EmulatorResponse, Headers, json_response
from ingestion.http.clock import Clock

COINGECKO_DEMO_HEADER = "x-cg-demo-api-key"
COINGECKO_PRO_HEADER = "x-cg-pro-api-key"


@dataclass(frozen=True)
class Window:
    """At most `requests` accepted in any `seconds`. Only requests whose query holds every pair of `query` count,
    and with `with_header` only those carrying that header, with `without_headers` only those carrying none."""

    requests: int
    seconds: float
    query: Mapping[str, str] = field(default_factory=dict)
    with_header: str | None = None
    without_headers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.requests < 1 or not self.seconds > 0:
            raise ValueError(f"a window allows at least 1 request in a positive time, got {self}")

    def applies(self, query: Mapping[str, str], headers: Headers) -> bool:
        if any(query.get(name) != value for name, value in self.query.items()):
            return False
        if self.with_header is not None and self.with_header not in headers:
            return False
        return not any(name in headers for name in self.without_headers)

    def describe(self) -> str:
        scope = [f"{name}={value}" for name, value in self.query.items()]
        scope += [f"with {self.with_header}"] if self.with_header else []
        scope += [f"without {' or '.join(self.without_headers)}"] if self.without_headers else []
        return f"{self.requests} per {self.seconds:g} s" + (f" ({', '.join(scope)})" if scope else "")


@dataclass(frozen=True)
class ApiLimit:
    """The windows one API, or one host serving several of the emulator's APIs, holds its clients to; `source`
    says where the figures come from. `body` is what the 429 carries (the API's own, where known)."""

    name: str
    apis: tuple[str, ...]
    windows: tuple[Window, ...]
    source: str
    body: Any = None


PUBLISHED_LIMITS: dict[str, ApiLimit] = {
    limit.name: limit
    for limit in (
        ApiLimit(
            "steam_store",
            ("steam_store",),
            (Window(200, 300),),
            "Steam storefront (store.steampowered.com): about 200 requests per 5 minutes per IP, as measured and "
            "documented by the community (Valve publishes no figure)",
        ),
        ApiLimit(
            "steamspy",
            ("steamspy",),
            (Window(1, 1), Window(1, 60, query={"request": "all"})),
            "steamspy.com/api.php: 1 request per second, and request=all (also counted in the first) once per 60 s",
        ),
        ApiLimit(
            "steam_web",
            ("steam_web",),
            (Window(100_000, 86_400),),
            "Steam Web API terms of use: 100,000 calls per day",
        ),
        ApiLimit(
            "coingecko",
            ("coingecko",),
            (
                Window(30, 60, with_header=COINGECKO_DEMO_HEADER),
                Window(10, 60, without_headers=(COINGECKO_DEMO_HEADER, COINGECKO_PRO_HEADER)),
            ),
            "CoinGecko: demo plan 30 calls a minute; keyless about 10 a minute (published as 5-30 depending on "
            "load); paid plans differ by plan and are not enforced",
            body=RATE_LIMIT_BODY,
        ),
        ApiLimit(
            "tmdb",
            ("tmdb",),
            (Window(40, 1),),
            "TMDb: the old 40 requests per 10 s were lifted; its upper limits now sit 'somewhere in the 50 "
            "requests per second range', and 40 a second is the figure this project holds itself to",
        ),
        ApiLimit(
            "espn",
            ("espn_site", "espn_standings"),
            (Window(600, 60),),
            "ESPN (site.api.espn.com, both clients) publishes no limit: 10 a second is our generous assumption, "
            "there to catch a runaway loop rather than to model ESPN",
        ),
    )
}


@dataclass(frozen=True)
class WindowStats:
    """How one window was used: `counted` requests it counted, `peak` the most it held at once (never above its
    allowance), `usage` the long-run rate of those requests as a share of the allowance's rate (None before two
    requests at different times)."""

    window: str
    counted: int
    peak: int
    usage: float | None


@dataclass(frozen=True)
class LimitStats:
    """`requests` received for the limit's APIs; `provoked_429s` of them refused for a full window."""

    requests: int
    provoked_429s: int
    windows: tuple[WindowStats, ...]


@dataclass
class _WindowState:
    window: Window
    accepted: deque[float] = field(default_factory=deque)
    counted: int = 0
    peak: int = 0
    first: float = 0.0
    last: float = 0.0

    def expire(self, now: float) -> None:
        while self.accepted and self.accepted[0] <= now - self.window.seconds:
            self.accepted.popleft()

    def frees_in(self, now: float) -> float:
        return self.accepted[0] + self.window.seconds - now

    def count(self, now: float) -> None:
        self.accepted.append(now)
        if self.counted == 0:
            self.first = now
        self.counted += 1
        self.last = now
        self.peak = max(self.peak, len(self.accepted))

    def stats(self) -> WindowStats:
        span = self.last - self.first
        usage = (self.counted - 1) / span / (self.window.requests / self.window.seconds) if span > 0 else None
        return WindowStats(self.window.describe(), self.counted, self.peak, usage)


@dataclass
class _LimitState:
    limit: ApiLimit
    windows: list[_WindowState]
    requests: int = 0
    refused: int = 0


class LimitEnforcer:
    """Admits or refuses each request against the windows of its API, on `clock` (a fake one lets a test run
    days of traffic in seconds). `prefixes` maps each API to the path prefix it is served under."""

    def __init__(self, limits: Iterable[ApiLimit], prefixes: Mapping[str, str], clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._states: dict[str, _LimitState] = {}
        self._prefixes: list[tuple[str, _LimitState]] = []
        for limit in limits:
            state = _LimitState(limit, [_WindowState(window) for window in limit.windows])
            served = [prefixes[api] for api in limit.apis if api in prefixes]
            if served:
                self._states[limit.name] = state
                self._prefixes.extend((prefix.rstrip("/"), state) for prefix in served)

    def admit(self, path: str, query: Mapping[str, str], headers: Headers) -> EmulatorResponse | None:
        """None when the request may be answered (it is then counted); otherwise the 429 to send."""
        state = next((s for prefix, s in self._prefixes if path == prefix or path.startswith(prefix + "/")), None)
        if state is None:
            return None
        with self._lock:
            now = self._clock.monotonic()
            state.requests += 1
            windows = [w for w in state.windows if w.window.applies(query, headers)]
            for window in windows:
                window.expire(now)
            full = [w for w in windows if len(w.accepted) >= w.window.requests]
            if not full:
                for window in windows:
                    window.count(now)
                return None
            state.refused += 1
            tightest = max(full, key=lambda w: w.frees_in(now))
            frees_in = tightest.frees_in(now)
        # delay-seconds is a whole number (RFC 9110); rounding up means a slot is free when the client returns.
        retry_after = max(1, math.ceil(frees_in))
        body = state.limit.body or {
            "error": "rate limit exceeded",
            "limit": f"{state.limit.name}: {tightest.window.describe()}",
            "retry_after": retry_after,
        }
        return json_response(body, status=429, headers={"Retry-After": str(retry_after)})

    def stats(self) -> dict[str, LimitStats]:
        with self._lock:
            return {
                name: LimitStats(state.requests, state.refused, tuple(w.stats() for w in state.windows))
                for name, state in self._states.items()
            }
