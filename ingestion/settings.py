"""Reads per-API settings from dlt's config providers (`.dlt/config.toml`, `.dlt/secrets.toml`, environment).

Every API has code defaults (in its source's `settings.py`, set just below the published limits); a key under
`[sources.<vertical>.<api>]` overrides one of them, e.g. `SOURCES__GAMING__STEAMSPY__BASE_URL` or

    [sources.gaming.steam_store]
    rate_limit_requests = 100
    rate_limit_per_seconds = 300
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, TypeVar

import dlt

from ingestion.http import ApiConfig, RateLimit, RetryPolicy
from ingestion.params import Number, Setting, Text, WholeNumber

T = TypeVar("T")


def config_value(key: str, expected_type: type[T], default: T) -> T:
    value: Any = dlt.config.get(key, expected_type)
    return default if value is None else value


def configured_values(section: str) -> dict[str, tuple[Any, str]]:
    """Every key set directly under `section` (e.g. "sources.gaming"), in the environment or in the config
    files, with its raw value (environment values are text) and where it was set: the variable's name, else the
    dotted key. Sub-sections, such as an API's `[sources.gaming.steamspy]`, appear as one key whose value is a
    dict."""
    prefix = section.upper().replace(".", "__") + "__"
    found: dict[str, tuple[Any, str]] = {}
    in_files = dlt.config.get(section)
    for name, value in (in_files if isinstance(in_files, dict) else {}).items():
        found[name] = (value, f"{section}.{name}")
    # dlt reads the environment before the files, so a variable wins over the same key in a file.
    for variable, value in os.environ.items():
        if variable.startswith(prefix):
            name, _, rest = variable.removeprefix(prefix).lower().partition("__")
            found[name] = ({rest: value} if rest else value, variable)
    return found


def secret_value(key: str) -> str | None:
    """A secret from `.dlt/secrets.toml` or the environment; empty strings count as unset. Read with no type:
    dlt then looks it up as a secret, and its trace (`trace.pickle` in the pipelines folder, which records every
    value resolved during a pipeline step) keeps secrets blank. Asking for `str` recorded the credential."""
    value = dlt.secrets.get(key)
    return str(value) if value not in (None, "") else None


RATE_LIMIT_SETTINGS = frozenset({"rate_limit_requests", "rate_limit_per_seconds", "rate_limit_burst"})

# The per-API settings under [sources.<vertical>.<api>]; the API's code default applies when one is unset.
API_SETTINGS = {
    setting.name: setting
    for setting in (
        Setting("base_url", Text("an http(s) URL", r"https?://[^\s/]+\S*"), None, "the API's base URL"),
        Setting("rate_limit_requests", Number(), None, "requests allowed per rate_limit_per_seconds"),
        Setting("rate_limit_per_seconds", Number(), None, "the window of rate_limit_requests, in seconds"),
        Setting("rate_limit_burst", WholeNumber(1), None, "requests allowed back to back"),
        Setting("max_attempts", WholeNumber(1), None, "tries of one request, the first included"),
        Setting("max_retry_after", Number(0, inclusive=True), None, "longest Retry-After honoured, in seconds"),
        Setting("timeout_seconds", Number(), None, "connect and read timeout of one request, in seconds"),
        Setting("daily_budget", WholeNumber(0), None, "per-entity detail requests allowed per as-of date"),
    )
}


def resolve_api_config(vertical: str, defaults: ApiConfig) -> ApiConfig:
    """The API's code defaults with any configured overrides applied; a value that is not allowed raises
    `SettingError` (other keys of the section, such as API keys, are read elsewhere)."""
    section = f"sources.{vertical}.{defaults.name}"
    configured = {
        name: API_SETTINGS[name].check(value, origin)
        for name, (value, origin) in configured_values(section).items()
        if name in API_SETTINGS
    }
    rate_limit = defaults.rate_limit
    requests, per_seconds = configured.get("rate_limit_requests"), configured.get("rate_limit_per_seconds")
    if RATE_LIMIT_SETTINGS.intersection(configured):
        base = rate_limit or RateLimit(requests=1, per_seconds=1)
        rate_limit = RateLimit(
            requests=requests if requests is not None else base.requests,
            per_seconds=per_seconds if per_seconds is not None else base.per_seconds,
            burst=configured.get("rate_limit_burst", base.burst),
        )
    retry = dataclasses.replace(
        defaults.retry,
        max_attempts=configured.get("max_attempts", defaults.retry.max_attempts),
        max_retry_after=configured.get("max_retry_after", defaults.retry.max_retry_after),
    )
    return dataclasses.replace(
        defaults,
        base_url=configured.get("base_url", defaults.base_url),
        rate_limit=rate_limit,
        timeout_seconds=configured.get("timeout_seconds", defaults.timeout_seconds),
        retry=retry,
        daily_budget=configured.get("daily_budget", defaults.daily_budget),
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
