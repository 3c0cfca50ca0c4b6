"""The registry of verticals. Each source package under `ingestion.sources` declares a `SPEC`; the runner finds
them by walking the package, so adding a vertical means adding a package, not editing the runner."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dlt.sources import DltSource

from ingestion.http import ApiConfig
from ingestion.settings import config_value, secret_value

SourceFactory = Callable[..., DltSource]


@dataclass(frozen=True)
class VerticalSpec:
    """What the runner needs to know about one vertical.

    `make_source(clients, as_of_date, run_id, **params)` builds the dlt source; `clients` maps each API's name to
    its `ApiClient`. `default_params` are the tunables (overridable under `[sources.<name>]` or per run);
    `replay_params` replace them when running against the local emulator. `secret_settings` names the dlt
    settings of which one must hold a key for live runs (empty when the APIs are public).
    `apply_credentials(config, replay)` returns an API's config with its key in the headers or params (read with
    `ingestion.settings.secret_value`); in replay mode it may use a dummy key, since the emulator only checks
    that one is sent."""

    name: str
    description: str
    apis: tuple[ApiConfig, ...]
    make_source: SourceFactory
    default_params: Mapping[str, Any] = field(default_factory=dict)
    replay_params: Mapping[str, Any] = field(default_factory=dict)
    secret_settings: tuple[str, ...] = ()
    apply_credentials: Callable[[ApiConfig, bool], ApiConfig] | None = None
    # Friendlier names accepted for parameters, e.g. {"limit": "top_n"}.
    param_aliases: Mapping[str, str] = field(default_factory=dict)
    # What a run's `records_extracted` counts: the distinct entities (games, coins, teams, titles) that these
    # resources' records name, each resource mapped to the fields identifying its entity. Without it, every root
    # record counts.
    entity_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def resolve_params(self, overrides: Mapping[str, Any], *, replay: bool) -> dict[str, Any]:
        """Code defaults < `[sources.<name>]` config < replay defaults (when replaying) < `overrides`.
        Raises ValueError naming the valid parameters when an override is unknown."""
        params = {
            key: config_value(f"sources.{self.name}.{key}", type(default), default)
            for key, default in self.default_params.items()
        }
        if replay:
            params.update(self.replay_params)
        named = {self.param_aliases.get(key, key): value for key, value in overrides.items()}
        unknown = set(named) - set(params)
        if unknown:
            valid = ", ".join(sorted(params))
            raise ValueError(f"unknown parameter(s) for {self.name}: {', '.join(sorted(unknown))}; valid: {valid}")
        return {**params, **named}

    def missing_key(self) -> str | None:
        """Why a live run cannot start (no key in any of the settings), or None when it can."""
        if not self.secret_settings or any(secret_value(setting) for setting in self.secret_settings):
            return None
        return f"no API key: set {' or '.join(self.secret_settings)} (see docs/{self.name}.md)"

    @property
    def dataset_name(self) -> str:
        return f"raw_{self.name}"

    @property
    def dbt_selector(self) -> str:
        return self.name


def discover() -> dict[str, VerticalSpec]:
    """Every vertical that ships a source package, by name, in alphabetical order."""
    import ingestion.sources as sources_package

    specs: dict[str, VerticalSpec] = {}
    for module in sorted(pkgutil.iter_modules(sources_package.__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        spec = getattr(importlib.import_module(f"{sources_package.__name__}.{module.name}"), "SPEC", None)
        if isinstance(spec, VerticalSpec):
            specs[spec.name] = spec
    return specs
