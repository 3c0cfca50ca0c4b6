"""The registry of verticals. Each source package under `ingestion.sources` declares a `SPEC`; the runner finds
them by walking the package, so adding a vertical means adding a package, not editing the runner."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dlt.sources import DltSource

from ingestion.http import ApiConfig
from ingestion.params import Setting, SettingError
from ingestion.plan import EndpointCalls, ResourceCalls
from ingestion.refresh import Refreshed
from ingestion.settings import configured_values, resolve_api_config, secret_value

SourceFactory = Callable[..., DltSource]


@dataclass(frozen=True)
class DetailTable:
    """The raw table an API's per-entity details land in, and the column naming the entity: the warehouse's
    record of what was detailed when (`ingestion.refresh`)."""

    table: str
    key: str


@dataclass(frozen=True)
class PlanInputs:
    """What a vertical's `plan_calls` estimates a run from: its resolved parameters, the APIs' configs (rates,
    budgets), what the warehouse holds of the entities' details, the newest catalogue landed (keys, empty before
    the first run) and, per resource, the requests of the newest run that made any."""

    params: Mapping[str, Any]
    as_of_date: str
    configs: Mapping[str, ApiConfig]
    refreshed: Mapping[str, Mapping[Hashable, Refreshed]]
    catalogue: Sequence[Hashable]
    last_requests: Mapping[str, int]


@dataclass(frozen=True)
class VerticalSpec:
    """What the runner needs to know about one vertical.

    `make_source(clients, as_of_date, run_id, **params)` builds the dlt source; `clients` maps each API's name to
    its `ApiClient`. `params` declares the tunables (type, allowed values, default, meaning; overridable under
    `[sources.<name>]` or per run); `replay_params` replace their defaults when running against the local
    emulator; `check_params(params, as_of_date)` refuses combinations (an end before a start) with a
    `SettingError`. `secret_settings` names the dlt settings of which one must hold a key for live runs (empty
    when the APIs are public).
    `apply_credentials(config, replay)` returns an API's config with its key in the headers or params (read with
    `ingestion.settings.secret_value`); in replay mode it may use a dummy key, since the emulator only checks
    that one is sent."""

    name: str
    description: str
    apis: tuple[ApiConfig, ...]
    make_source: SourceFactory
    params: tuple[Setting, ...] = ()
    replay_params: Mapping[str, Any] = field(default_factory=dict)
    secret_settings: tuple[str, ...] = ()
    apply_credentials: Callable[[ApiConfig, bool], ApiConfig] | None = None
    # Friendlier names accepted for parameters, e.g. {"limit": "top_n"}.
    param_aliases: Mapping[str, str] = field(default_factory=dict)
    check_params: Callable[[Mapping[str, Any], str], None] | None = None
    # What a run's `records_extracted` counts: the distinct entities (games, coins, teams, titles) that these
    # resources' records name, each resource mapped to the fields identifying its entity. Without it, every root
    # record counts.
    entity_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Per API with a daily detail budget: where its details land. The runner reads what they hold and passes it
    # to `make_source` as `refreshed`, so the source spends the budget on what is new, changed or stalest.
    detail_tables: Mapping[str, DetailTable] = field(default_factory=dict)
    # The raw table whose newest as-of date lists the catalogue (the entities a run's detail plans choose from).
    catalogue_table: DetailTable | None = None
    # Per resource, where its requests go (`ingestion.plan`): the run's plan and its actual requests per API.
    resources: Mapping[str, ResourceCalls] = field(default_factory=dict)
    # The run's expected requests; without it the plan repeats the newest run's requests per resource.
    plan_calls: Callable[[PlanInputs], list[EndpointCalls]] | None = None

    @property
    def default_params(self) -> dict[str, Any]:
        return {setting.name: setting.default for setting in self.params}

    def resolve_params(
        self, overrides: Mapping[str, Any], *, replay: bool, as_of_date: str | None = None
    ) -> dict[str, Any]:
        """Code defaults < `[sources.<name>]` config < replay defaults (when replaying) < `overrides`, every
        configured and overriding value checked against its declaration (and, given the as-of date, the
        combination against `check_params`). Raises `SettingError` (a ValueError) on an unknown name or a value
        that is not allowed, before anything runs."""
        declared = {setting.name: setting for setting in self.params}
        valid = ", ".join(sorted(declared))
        params = {**self.default_params, **self._configured_params()}
        if replay:
            params.update(self.replay_params)
        named = {self.param_aliases.get(key, key): (key, value) for key, value in overrides.items()}
        unknown = sorted(f"{given}={value!r}" for name, (given, value) in named.items() if name not in declared)
        if unknown:
            raise SettingError(f"unknown parameter(s) for {self.name}: {', '.join(unknown)}; valid: {valid}")
        for name, (given, value) in named.items():
            params[name] = declared[name].check(value, f"{self.name}.{given}")
        if self.check_params is not None and as_of_date is not None:
            self.check_params(params, as_of_date)
        return params

    def _configured_params(self) -> dict[str, Any]:
        """The parameters set under `[sources.<name>]` (files or environment), checked; the per-API sections are
        checked too, so that a bad value there also fails before any request."""
        declared = {setting.name: setting for setting in self.params}
        apis = [api.name for api in self.apis]
        configured: dict[str, Any] = {}
        for name, (value, origin) in configured_values(f"sources.{self.name}").items():
            if name in declared:
                configured[name] = declared[name].check(value, origin)
            elif name not in apis:
                raise SettingError(
                    f"{origin}: unknown setting for {self.name}; allowed: {', '.join(sorted(declared))} "
                    f"(or an API section: {', '.join(apis)})"
                )
        for api in self.apis:
            resolve_api_config(self.name, api)
        return configured

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


def resolve_run_params(
    specs: Mapping[str, VerticalSpec],
    names: Sequence[str],
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    replay: bool,
    as_of_date: str,
) -> dict[str, dict[str, Any]]:
    """Every vertical's parameters for one run, resolved and checked before any of them runs: a typo or a
    parameter for a vertical outside the run fails the command, not half a run."""
    stray = [vertical for vertical, values in overrides.items() if values and vertical not in names]
    if stray:
        given = ", ".join(
            f"{vertical}.{name}={value!r}" for vertical in stray for name, value in overrides[vertical].items()
        )
        raise SettingError(
            f"{given}: not a vertical of this run ({', '.join(names)}); "
            f"allowed: parameters of the verticals that run, or add the vertical to the run"
        )
    return {
        name: specs[name].resolve_params(overrides.get(name, {}), replay=replay, as_of_date=as_of_date)
        for name in names
    }


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
