"""The client's default pacing against the emulator enforcing each API's published limit, in simulated time:
thousands of requests per API through the real `ApiClient` use at least 95% of the limit and provoke no 429; a
client configured too fast is refused, honours Retry-After, slows down and stops being refused."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from ingestion.emulator import Emulator, Fault
from ingestion.emulator.gaming import SCENARIO as GAMING
from ingestion.emulator.limits import PUBLISHED_LIMITS, LimitStats, Window
from ingestion.http import ApiClient, ApiConfig, FakeClock, RateLimit, StatsRegistry
from ingestion.sources.betting.settings import ESPN_SITE
from ingestion.sources.crypto import apply_credentials
from ingestion.sources.crypto.settings import COINGECKO, DEMO_RATE_LIMIT
from ingestion.sources.gaming.settings import STEAM_STORE, STEAM_WEB, STEAMSPY
from ingestion.sources.media.settings import TMDB

DEMO_ENV = "SOURCES__CRYPTO__COINGECKO__DEMO_API_KEY"
TMDB_KEY = {"api_key": "starline-test-key"}


@dataclass(frozen=True)
class Calls:
    """What one request of a run asks for: path and query for request number i, and its endpoint."""

    path: str
    params: Callable[[int], Mapping[str, Any]]
    endpoint: str


STORE_DETAILS = Calls("api/appdetails", lambda i: {"appids": 10 + i}, "appdetails")
SPY_DETAILS = Calls("api.php", lambda i: {"request": "appdetails", "appid": 10 + i}, "appdetails")
SPY_PAGES = Calls("api.php", lambda i: {"request": "all", "page": i}, "all")
# Steam Web answers 404 for an app it does not know (or not yet released): these serve any count of requests.
PLAYED = tuple(appid for appid in GAMING.app_ids if appid not in (*GAMING.coming_soon, GAMING.unavailable))
PLAYERS = Calls(
    "ISteamUserStats/GetNumberOfCurrentPlayers/v1/", lambda i: {"appid": PLAYED[i % len(PLAYED)]}, "current_players"
)
GLOBAL = Calls("global", lambda i: {}, "global")
GENRES = Calls("genre/movie/list", lambda i: TMDB_KEY, "genre_movie_list")
TEAMS = Calls("football/nfl/teams", lambda i: {}, "teams")


class Run:
    """One enforcing emulator and the clients sending to it, on one fake clock."""

    def __init__(self, emulator: Emulator, clock: FakeClock) -> None:
        self.emulator = emulator
        self.clock = clock
        self.stats = StatsRegistry()
        self._urls = {api: url for urls in emulator.base_urls().values() for api, url in urls.items()}

    def client(self, config: ApiConfig) -> ApiClient:
        placed = dataclasses.replace(config, base_url=self._urls[config.name])
        return ApiClient(placed, stats=self.stats, clock=self.clock, rng=random.Random(3))

    def send(self, client: ApiClient, calls: Calls, count: int, start: int = 0) -> None:
        for i in range(start, start + count):
            client.get_json(calls.path, calls.params(i), endpoint=calls.endpoint, resource=calls.endpoint)

    def limit(self, name: str) -> LimitStats:
        return self.emulator.limit_stats()[name]


@pytest.fixture
def run() -> Iterator[Run]:
    clock = FakeClock()
    with Emulator(enforce_limits=True, clock=clock) as emulator:
        yield Run(emulator, clock)


def usage(stats: LimitStats, window: int = 0) -> float:
    used = stats.windows[window].usage
    assert used is not None
    return used


@pytest.mark.parametrize(
    ("config", "calls", "count", "limit"),
    [
        (STEAM_STORE, STORE_DETAILS, 3000, "steam_store"),
        (STEAMSPY, SPY_DETAILS, 3000, "steamspy"),
        (STEAM_WEB, PLAYERS, 3000, "steam_web"),
        (TMDB, GENRES, 3000, "tmdb"),
        (COINGECKO, GLOBAL, 600, "coingecko"),
    ],
    ids=["steam_store", "steamspy", "steam_web", "tmdb", "coingecko_keyless"],
)
def test_defaults_use_95_percent_of_the_limit_and_provoke_no_429(
    run: Run, config: ApiConfig, calls: Calls, count: int, limit: str
) -> None:
    run.send(run.client(config), calls, count)

    stats = run.limit(limit)
    assert (stats.requests, stats.provoked_429s) == (count, 0)
    (counted,) = [w for w in stats.windows if w.counted]
    assert counted.counted == count
    assert 0.95 <= counted.usage <= 1.0  # type: ignore[operator]
    assert run.stats.rate_drops() == []
    # A few thousand requests span many windows (the day-long one excepted: there only the rate says anything).
    assert run.clock.monotonic() > 10 * PUBLISHED_LIMITS[limit].windows[0].seconds or limit == "steam_web"


def test_steamspy_catalogue_pages_use_95_percent_of_their_minute(run: Run) -> None:
    run.send(run.client(STEAMSPY), SPY_PAGES, 150)

    stats = run.limit("steamspy")
    assert stats.provoked_429s == 0
    assert stats.windows[1].counted == 150
    assert usage(stats, 1) >= 0.95


def test_steamspy_pages_between_details_overdraw_neither_limit(run: Run) -> None:
    # request=all waits a minute for its own token; the appdetails request right after it must still wait its
    # second on the host limit (buckets taken one after the other let it through at once: a 429).
    client = run.client(STEAMSPY)
    for page in range(20):
        run.send(client, SPY_PAGES, 1, start=page)
        run.send(client, SPY_DETAILS, 30, start=30 * page)

    stats = run.limit("steamspy")
    assert (stats.requests, stats.provoked_429s) == (20 * 31, 0)
    assert stats.windows[0].peak == stats.windows[1].peak == 1


def test_coingecko_demo_key_paces_at_the_demo_plan(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEMO_ENV, "CG-test-demo-key")
    config = apply_credentials(COINGECKO, replay=False)
    assert config.rate_limit == DEMO_RATE_LIMIT

    run.send(run.client(config), GLOBAL, 1500)

    stats = run.limit("coingecko")
    assert (stats.requests, stats.provoked_429s) == (1500, 0)
    assert (stats.windows[0].counted, stats.windows[1].counted) == (1500, 0)
    assert usage(stats) >= 0.95


def test_espn_stays_far_below_the_generous_limit_it_does_not_publish(run: Run) -> None:
    run.send(run.client(ESPN_SITE), TEAMS, 2000)

    stats = run.limit("espn")
    assert stats.provoked_429s == 0
    # Polite by choice: ESPN publishes no limit, so there is no allowance to use up.
    assert usage(stats) < 0.5


@pytest.mark.parametrize(
    ("config", "window"),
    [
        (STEAM_STORE.rate_limit, PUBLISHED_LIMITS["steam_store"].windows[0]),
        (STEAMSPY.rate_limit, PUBLISHED_LIMITS["steamspy"].windows[0]),
        (STEAMSPY.endpoint_rate_limits["all"], PUBLISHED_LIMITS["steamspy"].windows[1]),
        (STEAM_WEB.rate_limit, PUBLISHED_LIMITS["steam_web"].windows[0]),
        (COINGECKO.rate_limit, PUBLISHED_LIMITS["coingecko"].windows[1]),
        (DEMO_RATE_LIMIT, PUBLISHED_LIMITS["coingecko"].windows[0]),
        (TMDB.rate_limit, PUBLISHED_LIMITS["tmdb"].windows[0]),
    ],
    ids=["steam_store", "steamspy", "steamspy_all", "steam_web", "coingecko_keyless", "coingecko_demo", "tmdb"],
)
def test_every_default_fits_its_window_with_room_to_spare(config: RateLimit | None, window: Window) -> None:
    assert config is not None
    most_in_a_window = config.burst + config.rate * window.seconds
    # Whole requests: below N + 1 never puts N + 1 in one window; the slack absorbs arrival jitter.
    assert most_in_a_window < window.requests + 1
    assert config.rate * window.seconds >= 0.95 * window.requests


@pytest.mark.parametrize(
    ("config", "calls", "limit", "published_rate"),
    [
        (dataclasses.replace(TMDB, rate_limit=RateLimit(80, 1.0)), GENRES, "tmdb", 40.0),
        (
            dataclasses.replace(STEAM_STORE, rate_limit=RateLimit(400, 300.0, burst=5)),
            STORE_DETAILS,
            "steam_store",
            2 / 3,
        ),
    ],
    ids=["tmdb", "steam_store"],
)
def test_a_client_twice_too_fast_slows_down_until_it_is_no_longer_refused(
    run: Run, config: ApiConfig, calls: Calls, limit: str, published_rate: float
) -> None:
    client = run.client(config)
    run.send(client, calls, 2000)

    refused = run.limit(limit).provoked_429s
    drops = run.stats.rate_drops()
    assert refused > 0
    # Every 429 cost one retry, sent once the Retry-After had passed: nothing hammered the server meanwhile.
    assert run.limit(limit).requests == 2000 + refused
    assert run.stats.for_resource(calls.endpoint).retries == refused
    # x0.9 per refusal, until the rate fits the window: 2 x 0.9^7 < 1 < 2 x 0.9^6.
    assert len(drops) == refused == 7
    assert all(drop.after == pytest.approx(drop.before * 0.9) for drop in drops)
    assert 0.25 * 2 * published_rate <= drops[-1].after < published_rate

    run.send(client, calls, 2000, start=2000)

    stats = run.limit(limit)
    assert stats.provoked_429s == refused
    assert len(run.stats.rate_drops()) == len(drops)


def test_a_429_the_server_sends_anyway_is_waited_out_and_slows_the_client(run: Run) -> None:
    client = run.client(TMDB)
    run.send(client, GENRES, 500)
    run.emulator.faults.add(Fault(r"^/tmdb/", "status", status=429, headers={"Retry-After": "30"}))
    refused_at = run.clock.monotonic()

    run.send(client, GENRES, 500, start=500)

    assert 30.0 in run.clock.sleeps
    (drop,) = run.stats.rate_drops()
    assert (drop.api, drop.limit) == ("tmdb", "host")
    assert (drop.before, drop.after) == (pytest.approx(38.5), pytest.approx(38.5 * 0.9))
    arrivals = [r.received_at for r in run.emulator.requests]
    start = run.clock.utcnow().timestamp() - run.clock.monotonic()
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # The refused request at refused_at, its retry 30 s later, and nothing in between.
    assert max(gaps) == pytest.approx(30.0)
    assert arrivals[500] - start == pytest.approx(refused_at, abs=0.05)
    stats = run.limit("tmdb")
    assert (stats.requests, stats.provoked_429s) == (1001, 0)
