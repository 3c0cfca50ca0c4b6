"""Extraction without the warehouse, for notebooks and scripts: a vertical's dlt resource as a list of dicts.

    from ingestion.records import extract_records
    games = extract_records("gaming", "steamspy_apps", steamspy_max_pages=1)

The records are what the resource yields (the raw API JSON plus `as_of_date` and `_run_id`); nothing is loaded.
Records a run would quarantine (`ingestion.runner.quarantine`) are left out, each with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ingestion.clients import make_clients
from ingestion.http import StatsRegistry
from ingestion.runner.drift import declared_contract
from ingestion.runner.orchestrator import check_reachable
from ingestion.runner.paths import PROJECT_DIR
from ingestion.runner.quarantine import RecordGuard
from ingestion.verticals import discover

log = logging.getLogger("starline.records")


def extract_records(
    vertical: str,
    resource: str,
    *,
    as_of_date: str | None = None,
    base_urls: Mapping[str, str] | None = None,
    stats: StatsRegistry | None = None,
    **params: Any,
) -> list[dict[str, Any]]:
    """Run one resource of `vertical` live (or against `base_urls`, e.g. the emulator's) and return its records.
    Raises `UnreachableHostError` at once, naming the host, when an API of the vertical cannot be reached."""
    specs = discover()
    if vertical not in specs:
        raise ValueError(f"unknown vertical {vertical!r}; valid: {', '.join(specs)}")
    spec = specs[vertical]
    clients = make_clients(spec, stats=stats or StatsRegistry(), replay_base_urls=base_urls)
    resolved = spec.resolve_params(params, replay=base_urls is not None)
    as_of_date = as_of_date or datetime.now(UTC).date().isoformat()
    source = spec.make_source(clients, as_of_date=as_of_date, run_id="records", **resolved)
    if resource not in source.resources:
        raise ValueError(f"unknown resource {resource!r} of {vertical}; valid: {', '.join(source.resources)}")
    guard = RecordGuard(declared_contract(PROJECT_DIR, spec.dataset_name), source.schema.naming)
    source.resources[resource].add_filter(guard.admitting(resource, spec.entity_keys.get(resource, ())))
    try:
        check_reachable(spec, {name: client.config.base_url for name, client in clients.items()})
        records = list(source.with_resources(resource))
        for refused in guard.refused:
            log.warning("%s: left out a record of %s (key %s): %s", vertical, resource, refused.key, refused.reason)
        return records
    finally:
        for client in clients.values():
            client.close()
