"""Live settings: code defaults below the published limits, overridable from dlt config or the environment."""

from __future__ import annotations

import pytest

from ingestion.http import RateLimit
from ingestion.settings import replay_api_config, resolve_api_config
from ingestion.sources.gaming.settings import STEAM_STORE, STEAMSPY


def test_defaults_stay_below_the_published_limits() -> None:
    assert STEAMSPY.rate_limit is not None and STEAMSPY.rate_limit.rate < 1.0  # SteamSpy: 1 request/s
    assert STEAMSPY.endpoint_rate_limits["all"].rate < 1 / 60  # request=all: once a minute
    assert STEAM_STORE.rate_limit is not None and STEAM_STORE.rate_limit.rate < 200 / 300  # ~200 per 5 minutes


def test_environment_overrides_base_url_and_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCES__GAMING__STEAM_STORE__BASE_URL", "http://127.0.0.1:9/store")
    monkeypatch.setenv("SOURCES__GAMING__STEAM_STORE__RATE_LIMIT_REQUESTS", "10")
    monkeypatch.setenv("SOURCES__GAMING__STEAM_STORE__MAX_ATTEMPTS", "2")
    config = resolve_api_config("gaming", STEAM_STORE)
    assert config.base_url == "http://127.0.0.1:9/store"
    assert config.rate_limit == RateLimit(requests=10, per_seconds=300, burst=5)
    assert config.retry.max_attempts == 2
    assert resolve_api_config("gaming", STEAMSPY) == STEAMSPY


def test_replay_keeps_the_api_but_points_at_the_emulator() -> None:
    config = replay_api_config(STEAM_STORE, "http://127.0.0.1:1234/steam-store")
    assert config.name == STEAM_STORE.name and config.base_url.endswith("/steam-store")
    assert config.rate_limit is None and config.retry.max_attempts >= 2
