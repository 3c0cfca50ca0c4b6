"""Reads per-API settings from dlt's config providers (`.dlt/config.toml`, `.dlt/secrets.toml`, environment).

Every API has code defaults (in its source's `settings.py`, set below the published limits); a key under
`[sources.<vertical>.<api>]` overrides one of them, e.g. `SOURCES__GAMING__STEAMSPY__BASE_URL` or

    [sources.gaming.steam_store]
    rate_limit_requests = 100
    rate_limit_per_seconds = 300
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import dlt

from ingestion.http import ApiConfig, RateLimit, RetryPolicy

T = TypeVar("T")


def config_value(key: str, expected_type: type[T], default: T) -> T:
    value: Any = dlt.config.get(key, expected_type)
    return default if value is None else value


def secret_value(key: str) -> str | None:
    """A secret from `.dlt/secrets.toml` or the environment; empty strings count as unset."""
    value = dlt.secrets.get(key, str)
    return value or None


def resolve_api_config(vertical: str, defaults: ApiConfig) -> ApiConfig:
    """The API's code defaults with any configured overrides applied."""
    section = f"sources.{vertical}.{defaults.name}"
    rate_limit = defaults.rate_limit
    requests = dlt.config.get(f"{section}.rate_limit_requests", float)
    per_seconds = dlt.config.get(f"{section}.rate_limit_per_seconds", float)
    if requests is not None or per_seconds is not None:
        base = rate_limit or RateLimit(requests=1, per_seconds=1)
        rate_limit = RateLimit(
            requests=requests if requests is not None else base.requests,
            per_seconds=per_seconds if per_seconds is not None else base.per_seconds,
            burst=config_value(f"{section}.rate_limit_burst", int, base.burst),
        )
    retry = dataclasses.replace(
        defaults.retry,
        max_attempts=config_value(f"{section}.max_attempts", int, defaults.retry.max_attempts),
        max_retry_after=config_value(f"{section}.max_retry_after", float, defaults.retry.max_retry_after),
    )
    return dataclasses.replace(
        defaults,
        base_url=config_value(f"{section}.base_url", str, defaults.base_url),
        rate_limit=rate_limit,
        timeout_seconds=config_value(f"{section}.timeout_seconds", float, defaults.timeout_seconds),
        retry=retry,
    )


def replay_api_config(defaults: ApiConfig, base_url: str) -> ApiConfig:
    """Settings against the local emulator: same code path, local base URL, no pacing, short backoff."""
    return dataclasses.replace(
        defaults,
        base_url=base_url,
        rate_limit=None,
        endpoint_rate_limits={},
        retry=RetryPolicy(max_attempts=4, backoff_base=0.05, backoff_max=0.5, jitter=0.1, max_retry_after=10.0),
        timeout_seconds=10.0,
    )
