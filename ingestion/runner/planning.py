"""A vertical's plan from what the warehouse holds: its detail history, its newest catalogue and the requests of
its newest runs (`ingestion.plan`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from ingestion.http import ApiConfig
from ingestion.plan import ApiPlan, EndpointCalls, actual_requests, api_plans
from ingestion.runner.refreshed import read_refreshed
from ingestion.verticals import DetailTable, PlanInputs, VerticalSpec


@dataclass(frozen=True)
class VerticalPlan:
    apis: list[ApiPlan]
    # What the figures rest on, in words.
    basis: str


def plan_vertical(
    spec: VerticalSpec, warehouse: Path, configs: Mapping[str, ApiConfig], params: Mapping[str, Any], as_of_date: str
) -> VerticalPlan:
    last_requests = read_last_requests(warehouse, spec.name)
    if spec.plan_calls is not None:
        catalogue = read_catalogue(warehouse, spec.dataset_name, spec.catalogue_table)
        inputs = PlanInputs(
            params=params,
            as_of_date=as_of_date,
            configs=configs,
            refreshed=read_refreshed(warehouse, spec.dataset_name, spec.detail_tables, as_of_date),
            catalogue=catalogue,
            last_requests=last_requests,
        )
        basis = f"catalogue of {len(catalogue)} as last landed" if catalogue else "no catalogue landed yet"
        return VerticalPlan(api_plans(spec.plan_calls(inputs), configs), basis)
    calls = [
        EndpointCalls(resource, spec.resources[resource], requests)
        for resource, requests in last_requests.items()
        if resource in spec.resources
    ]
    basis = "the requests of the newest run" if calls else "no earlier run to estimate from"
    return VerticalPlan(api_plans(calls, configs), basis)


def plan_and_actual(plan: VerticalPlan, spec: VerticalSpec, http: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """Per API the planned figures beside the requests the run made (from its per-resource HTTP stats)."""
    made = actual_requests(
        {resource: int(stats.get("requests", 0)) for resource, stats in http.items()}, spec.resources
    )
    rows = []
    for api in plan.apis:
        actual = made.get(api.api, {})
        rows.append(
            {
                **asdict(api),
                "actual_bulk": actual.get("bulk", 0),
                "actual_detail": actual.get("detail", 0),
            }
        )
    return rows


def read_catalogue(warehouse: Path, dataset: str, table: DetailTable | None) -> list[Hashable]:
    """The keys of the newest as-of date the catalogue table holds; none before the first run."""
    if table is None or not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse)) as connection:
        if not _has_columns(connection, dataset, table.table, {table.key, "as_of_date"}):
            return []
        rows = connection.execute(
            f'select distinct "{table.key}" from "{dataset}"."{table.table}" '
            f'where as_of_date = (select max(as_of_date) from "{dataset}"."{table.table}") '
            f'and "{table.key}" is not null order by 1'
        ).fetchall()
    return [row[0] for row in rows]


def read_last_requests(warehouse: Path, vertical: str) -> dict[str, int]:
    """Per resource, the requests of the newest finished run of the vertical that made any."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse)) as connection:
        if not _has_columns(connection, "ops", "etl_run_resources", {"requests"}):
            return {}
        rows = connection.execute(
            "select resource, arg_max(r.requests, u.started_at) from ops.etl_run_resources as r "
            "join ops.etl_runs as u using (run_id, vertical) "
            "where r.vertical = ? and r.requests > 0 and u.status = 'success' group by resource",
            [vertical],
        ).fetchall()
    return {resource: int(requests) for resource, requests in rows}


def _has_columns(connection: duckdb.DuckDBPyConnection, schema: str, table: str, columns: set[str]) -> bool:
    found = {
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    }
    return columns <= found
