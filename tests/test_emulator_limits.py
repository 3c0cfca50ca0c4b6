"""The emulator enforcing rate limits: sliding windows on a fake clock, 429 with Retry-After past the allowance and
not before, which requests a window counts, and the figures `limit_stats()` reports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from ingestion.emulator import Emulator, Fault, registry
from ingestion.emulator.__main__ import parse_args
from ingestion.emulator.crypto import RATE_LIMIT_BODY
from ingestion.emulator.limits import PUBLISHED_LIMITS, ApiLimit, Window
from ingestion.http import FakeClock

KEY = {"api_key": "starline-test-key"}
THREE_PER_TEN = ApiLimit("tmdb", ("tmdb",), (Window(3, 10),), "a test limit")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def media(clock: FakeClock) -> Iterator[Emulator]:
    with Emulator(["media"], enforce_limits=True, limits=[THREE_PER_TEN], clock=clock) as emulator:
        yield emulator


def genres(emulator: Emulator, http: requests.Session) -> requests.Response:
    return http.get(f"{emulator.base_url}/tmdb/genre/movie/list", params=KEY, timeout=5)


def test_the_window_answers_until_full_then_429_with_the_seconds_until_a_slot_frees(
    media: Emulator, http: requests.Session, clock: FakeClock
) -> None:
    assert [genres(media, http).status_code for _ in range(2)] == [200, 200]
    clock.advance(2.5)
    assert genres(media, http).status_code == 200

    refused = genres(media, http)

    assert refused.status_code == 429
    # The first request leaves the window 10 s after it arrived, 7.5 s from now: whole seconds, rounded up.
    assert refused.headers["Retry-After"] == "8"
    assert refused.json()["limit"] == "tmdb: 3 per 10 s"


def test_no_slot_frees_before_the_oldest_request_leaves_the_window(
    media: Emulator, http: requests.Session, clock: FakeClock
) -> None:
    for _ in range(3):
        genres(media, http)

    clock.advance(9.5)
    assert genres(media, http).status_code == 429
    clock.advance(0.5)
    # All three arrived together, so all three leave together.
    assert [genres(media, http).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_limit_stats_count_requests_429s_and_how_the_window_was_used(
    media: Emulator, http: requests.Session, clock: FakeClock
) -> None:
    for _ in range(12):
        genres(media, http)
        clock.advance(2.5)

    (name, stats), *_ = media.limit_stats().items()
    assert name == "tmdb"
    # Requests every 2.5 s against 3 per 10 s: one in four is refused (refusals take no slot).
    assert (stats.requests, stats.provoked_429s) == (12, 3)
    (window,) = stats.windows
    assert (window.window, window.counted, window.peak) == ("3 per 10 s", 9, 3)
    assert window.usage == pytest.approx((9 - 1) / (2.5 * 10) / (3 / 10))


def test_requests_other_apis_and_control_calls_are_not_limited(clock: FakeClock, http: requests.Session) -> None:
    with Emulator(["media", "betting"], enforce_limits=True, limits=[THREE_PER_TEN], clock=clock) as emulator:
        teams = [http.get(f"{emulator.base_url}/espn-site/football/nfl/teams", timeout=5) for _ in range(5)]
        controls = [http.get(f"{emulator.base_url}/_emulator/requests", timeout=5) for _ in range(5)]

        assert {response.status_code for response in [*teams, *controls]} == {200}
        assert emulator.limit_stats()["tmdb"].requests == 0


def test_without_enforce_limits_nothing_is_refused(clock: FakeClock, http: requests.Session) -> None:
    with Emulator(["media"], limits=[THREE_PER_TEN], clock=clock) as emulator:
        assert {genres(emulator, http).status_code for _ in range(10)} == {200}
        assert not emulator.enforces_limits
        assert emulator.limit_stats() == {}


def test_steamspy_request_all_counts_in_both_windows_appdetails_in_one_only(
    clock: FakeClock, http: requests.Session
) -> None:
    with Emulator(["gaming"], enforce_limits=True, clock=clock) as emulator:

        def spy(request: str) -> int:
            response = http.get(
                f"{emulator.base_url}/steamspy/api.php", params={"request": request, "appid": "570"}, timeout=5
            )
            return response.status_code

        assert spy("all") == 200
        clock.advance(1.0)
        assert spy("appdetails") == 200
        clock.advance(1.0)
        # Free on the one-a-second window, but within the minute of request=all.
        assert spy("all") == 429
        # The refusal took no slot: appdetails still has its second, and then none.
        assert spy("appdetails") == 200
        assert spy("appdetails") == 429
        clock.advance(58.0)
        assert spy("all") == 200

        host, pages = emulator.limit_stats()["steamspy"].windows
        assert (host.counted, pages.counted) == (4, 2)


def test_coingecko_demo_key_and_keyless_requests_have_their_own_windows(
    clock: FakeClock, http: requests.Session
) -> None:
    with Emulator(["crypto"], enforce_limits=True, clock=clock) as emulator:
        url = f"{emulator.base_url}/coingecko/global"
        keyless = [http.get(url, timeout=5) for _ in range(11)]
        demo = [http.get(url, headers={"x-cg-demo-api-key": "CG-k"}, timeout=5) for _ in range(31)]

        assert [r.status_code for r in keyless] == [200] * 10 + [429]
        assert [r.status_code for r in demo] == [200] * 30 + [429]
        # CoinGecko's own 429 body, so the client sees what the real API sends.
        assert keyless[-1].json() == RATE_LIMIT_BODY
        assert keyless[-1].headers["Retry-After"] == "60"


def test_a_fault_is_answered_within_the_window_and_counted_in_it(
    media: Emulator, http: requests.Session, clock: FakeClock
) -> None:
    media.faults.add(Fault(r"^/tmdb/", "status", status=429, headers={"Retry-After": "1"}))

    assert [genres(media, http).status_code for _ in range(4)] == [429, 200, 200, 429]
    # The injected 429 is the server's own choice, not one the client provoked.
    assert media.limit_stats()["tmdb"].provoked_429s == 1


def test_control_endpoint_reports_limit_stats(media: Emulator, http: requests.Session) -> None:
    genres(media, http)

    report = http.get(f"{media.base_url}/_emulator/limits", timeout=5).json()

    assert report["enforced"] is True
    assert report["limits"]["tmdb"]["requests"] == 1
    assert report["limits"]["tmdb"]["windows"][0]["counted"] == 1


def test_request_log_is_timed_on_the_emulator_clock(media: Emulator, http: requests.Session, clock: FakeClock) -> None:
    genres(media, http)
    clock.advance(42.0)
    genres(media, http)

    first, second = media.requests
    assert second.received_at - first.received_at == pytest.approx(42.0)


def test_published_limits_cover_every_api_the_emulator_serves() -> None:
    served = {api for vertical in registry.load().values() for api in vertical.base_urls("")}
    limited = {api for limit in PUBLISHED_LIMITS.values() for api in limit.apis}
    assert served == limited


def test_cli_takes_enforce_limits() -> None:
    assert parse_args(["--enforce-limits"]).enforce_limits is True
    assert parse_args([]).enforce_limits is False


def test_windows_need_a_request_and_a_duration() -> None:
    with pytest.raises(ValueError, match="at least 1 request"):
        Window(0, 60)
    with pytest.raises(ValueError, match="at least 1 request"):
        Window(10, 0)
