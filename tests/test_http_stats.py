"""Per-resource request counters and their table."""

from __future__ import annotations

import threading

import pytest

from ingestion.http import RateDrop, RequestStats, StatsRegistry


def test_for_resource_creates_once_and_returns_live_counters() -> None:
    registry = StatsRegistry()

    registry.for_resource("apps").requests += 2

    assert registry.for_resource("apps") is registry.for_resource("apps")
    assert registry.for_resource("apps").requests == 2


def test_as_dict_total_and_render() -> None:
    registry = StatsRegistry()
    registry.add("teams", requests=3, retries=1, wait_seconds=1.25)
    registry.add("coins", requests=10, cache_hits=4, rate_limit_waits=2, wait_seconds=3.5, errors=1)

    assert list(registry.as_dict()) == ["coins", "teams"]
    assert registry.as_dict()["teams"] == {
        "requests": 3,
        "cache_hits": 0,
        "retries": 1,
        "rate_limit_waits": 0,
        "wait_seconds": 1.25,
        "errors": 0,
    }
    assert registry.total() == RequestStats(
        requests=13, cache_hits=4, retries=1, rate_limit_waits=2, wait_seconds=pytest.approx(4.75), errors=1
    )
    lines = registry.render().splitlines()
    assert lines[0].split() == [
        "resource",
        "requests",
        "cache",
        "hits",
        "retries",
        "waits",
        "wait",
        "s",
        "errors",
    ]
    assert lines[1].split() == ["coins", "10", "4", "0", "2", "3.50", "1"]
    assert lines[2].split() == ["teams", "3", "0", "1", "0", "1.25", "0"]
    assert len({len(line) for line in lines}) == 1


def test_concurrent_adds_are_not_lost() -> None:
    registry = StatsRegistry()

    def work() -> None:
        for _ in range(2000):
            registry.add("shared", requests=1, wait_seconds=0.5)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert registry.for_resource("shared").requests == 16000
    assert registry.for_resource("shared").wait_seconds == pytest.approx(8000.0)


def test_rate_drops_are_kept_in_order_and_rendered_after_the_table() -> None:
    registry = StatsRegistry()
    registry.add("movies", requests=5)
    registry.add_rate_drop(RateDrop("tmdb", "host", 38.5, 34.65))
    registry.add_rate_drop(RateDrop("steamspy", "endpoint 'all'", 1 / 61, 0.9 / 61))

    assert [drop.api for drop in registry.rate_drops()] == ["tmdb", "steamspy"]
    lines = registry.render().splitlines()
    assert lines[1].split()[0] == "movies"
    assert lines[2:] == [
        "tmdb host rate limit lowered after a 429: 38.5 -> 34.65 requests/s",
        "steamspy endpoint 'all' rate limit lowered after a 429: 0.01639 -> 0.01475 requests/s",
    ]
