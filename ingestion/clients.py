"""Builds the HTTP clients of a vertical: live settings from config, or the local emulator's base URLs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ingestion.http import ApiClient, HttpCache, StatsRegistry, SystemClock
from ingestion.settings import replay_api_config, resolve_api_config
from ingestion.verticals import VerticalSpec


def make_clients(
    spec: VerticalSpec,
    *,
    stats: StatsRegistry,
    replay_base_urls: Mapping[str, str] | None = None,
    cache_dir: Path | None = None,
    journal_dir: Path | None = None,
) -> dict[str, ApiClient]:
    """One client per API of the vertical: configured live settings, or the emulator's URLs when
    `replay_base_urls` is given (same code, other base URL). Every answer is kept in `journal_dir` (when given)
    until the run's load commits, so a run stopped before then resumes without asking again."""
    if replay_base_urls is not None:
        # A configured detail budget holds against the emulator too: it decides what a run asks for.
        configs = [
            replay_api_config(resolve_api_config(spec.name, api), replay_base_urls[api.name]) for api in spec.apis
        ]
    else:
        configs = [resolve_api_config(spec.name, api) for api in spec.apis]
    if spec.apply_credentials is not None:
        configs = [spec.apply_credentials(config, replay_base_urls is not None) for config in configs]
    cache = HttpCache(cache_dir, SystemClock()) if cache_dir is not None else None
    journal = HttpCache(journal_dir, SystemClock()) if journal_dir is not None else None
    return {config.name: ApiClient(config, stats=stats, cache=cache, journal=journal) for config in configs}


def known_secrets(specs: Iterable[VerticalSpec]) -> list[str]:
    """Every configured API key, so log handlers can redact them even in messages no client wrote."""
    secrets: list[str] = []
    for spec in specs:
        if spec.apply_credentials is None:
            continue
        for api in spec.apis:
            secrets.extend(spec.apply_credentials(api, False).secrets)
    return secrets
