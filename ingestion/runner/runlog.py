"""The run log in the warehouse: `ops.etl_runs` (one row per run and vertical), `ops.etl_run_resources`
(requests and rows per resource) and `ops.etl_run_apis` (per API, the plan printed before the run beside the
requests it made). Written by the runner after each vertical, read by `starline status`."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

RUNS_DDL = """
create table if not exists ops.etl_runs (
    run_id varchar not null,
    vertical varchar not null,
    mode varchar not null,
    as_of_date date,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    error varchar,
    records_extracted bigint,
    records_by_resource json,
    tables_built integer,
    mart_rows bigint,
    extract_seconds double,
    load_seconds double,
    transform_seconds double,
    export_seconds double,
    new_fields json,
    uncast_values json,
    phase varchar,
    quarantined json,
    primary key (run_id, vertical)
)
"""

# Columns added after the first release: warehouses created before them get them on the next write.
RUNS_MIGRATIONS = (
    "alter table ops.etl_runs add column if not exists new_fields json",
    "alter table ops.etl_runs add column if not exists uncast_values json",
    "alter table ops.etl_runs add column if not exists phase varchar",
    "alter table ops.etl_runs add column if not exists quarantined json",
)

RESOURCES_DDL = """
create table if not exists ops.etl_run_resources (
    run_id varchar not null,
    vertical varchar not null,
    resource varchar not null,
    requests integer,
    cache_hits integer,
    retries integer,
    rate_limit_waits integer,
    wait_seconds double,
    errors integer,
    rows_loaded bigint,
    primary key (run_id, vertical, resource)
)
"""

APIS_DDL = """
create table if not exists ops.etl_run_apis (
    run_id varchar not null,
    vertical varchar not null,
    api varchar not null,
    planned_bulk integer,
    planned_detail integer,
    planned_at_most boolean,
    planned_seconds double,
    planned_day_share double,
    actual_bulk integer,
    actual_detail integer,
    primary key (run_id, vertical, api)
)
"""


@dataclass
class RunRecord:
    run_id: str
    vertical: str
    mode: str
    as_of_date: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    # The step the vertical is in, or was in when it finished: extract, normalize, load, transform or publish.
    phase: str | None = None
    error: str | None = None
    records_by_resource: dict[str, int] = field(default_factory=dict)
    records_extracted: int = 0
    tables_built: int = 0
    mart_rows: int = 0
    extract_seconds: float = 0.0
    load_seconds: float = 0.0
    transform_seconds: float = 0.0
    export_seconds: float = 0.0
    http: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Raw columns the run's load added ({"field": "raw_<v>.<table>.<column>", "data_type": dlt type}).
    new_fields: list[dict[str, str]] = field(default_factory=list)
    # Per raw field ("raw_<v>.<table>.<column>"), the values present in raw that staging cannot cast.
    uncast_values: dict[str, int] = field(default_factory=dict)
    # Per raw table, the records set aside in the vertical's quarantine table.
    quarantined: dict[str, int] = field(default_factory=dict)
    # Per API, the plan's figures and the requests made (`runner.planning.plan_and_actual`).
    apis: list[dict[str, Any]] = field(default_factory=list)


def defer(path: Path, record: RunRecord) -> None:
    """Keep a row for later when the warehouse cannot be written (an analyst holds it open)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as deferred:
        deferred.write(json.dumps(dataclasses.asdict(record), default=str) + "\n")


def _deferred_records(path: Path) -> list[RunRecord]:
    if not path.exists():
        return []
    return [record_from_fields(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def record_from_fields(fields: dict[str, Any]) -> RunRecord:
    """A record back from its JSON form (`dataclasses.asdict`, times as text)."""
    fields = dict(fields)
    for stamp in ("started_at", "finished_at"):
        if fields.get(stamp):
            fields[stamp] = datetime.fromisoformat(fields[stamp])
    return RunRecord(**fields)


def write(warehouse: Path, record: RunRecord, deferred: Path | None = None) -> None:
    """Insert (or replace) the record, after any rows an earlier run had to defer."""
    pending = _deferred_records(deferred) if deferred else []
    # A first run logs its start before dlt has created the warehouse.
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema if not exists ops")
        connection.execute(RUNS_DDL)
        for migration in RUNS_MIGRATIONS:
            connection.execute(migration)
        connection.execute(RESOURCES_DDL)
        connection.execute(APIS_DDL)
        for earlier in pending:
            _insert(connection, earlier)
        _insert(connection, record)
    if deferred and pending:
        deferred.unlink()


def _insert(connection: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
    connection.execute(
        """
        insert or replace into ops.etl_runs (
            run_id, vertical, mode, as_of_date, started_at, finished_at, status, error, records_extracted,
            records_by_resource, tables_built, mart_rows, extract_seconds, load_seconds, transform_seconds,
            export_seconds, new_fields, uncast_values, phase, quarantined
        ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            record.run_id,
            record.vertical,
            record.mode,
            record.as_of_date,
            record.started_at,
            record.finished_at,
            record.status,
            record.error,
            record.records_extracted,
            json.dumps(record.records_by_resource, sort_keys=True),
            record.tables_built,
            record.mart_rows,
            round(record.extract_seconds, 3),
            round(record.load_seconds, 3),
            round(record.transform_seconds, 3),
            round(record.export_seconds, 3),
            json.dumps(record.new_fields),
            json.dumps(record.uncast_values, sort_keys=True),
            record.phase,
            json.dumps(record.quarantined, sort_keys=True),
        ],
    )
    # Resources are the root tables; child tables (`parent__child`) are parts of their records.
    resources = set(record.http) | {table for table in record.records_by_resource if "__" not in table}
    for resource in sorted(resources):
        stats = record.http.get(resource, {})
        connection.execute(
            "insert or replace into ops.etl_run_resources values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.run_id,
                record.vertical,
                resource,
                stats.get("requests", 0),
                stats.get("cache_hits", 0),
                stats.get("retries", 0),
                stats.get("rate_limit_waits", 0),
                round(float(stats.get("wait_seconds", 0.0)), 3),
                stats.get("errors", 0),
                record.records_by_resource.get(resource),
            ],
        )
    for api in record.apis:
        connection.execute(
            "insert or replace into ops.etl_run_apis values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.run_id,
                record.vertical,
                api["api"],
                api["bulk"],
                api["detail"],
                api["at_most"],
                round(float(api["seconds"]), 3),
                api["day_share"],
                api["actual_bulk"],
                api["actual_detail"],
            ],
        )


def last_runs(warehouse: Path, limit: int = 20) -> list[tuple[Any, ...]]:
    """The newest rows; the status of a run in progress or crashed says its phase, e.g. "crashed (load)"."""
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if not _has_table(connection, "ops", "etl_runs"):
            return []
        # Read only: a warehouse of an earlier release gets the column at its next run.
        columns = _run_columns(connection)
        phase = "phase" if "phase" in columns else "null"
        quarantined = (
            "(select sum(cast(value as bigint)) from json_each(quarantined))" if "quarantined" in columns else "null"
        )
        return connection.execute(
            f"""
            select run_id, vertical, mode, as_of_date,
                   status || case when status in ('running', 'crashed') and {phase} is not null
                                  then ' (' || {phase} || ')'
                                  when status = 'success' and ({quarantined} > 0 or uncast_values::varchar <> '{{}}')
                                  then ' (warnings)' else '' end as status,
                   records_extracted, {quarantined} as quarantined, tables_built, mart_rows,
                   round(epoch(finished_at - started_at), 1) as seconds, error
            from ops.etl_runs
            order by started_at desc, vertical
            limit ?
            """,
            [limit],
        ).fetchall()


# Per vertical, its latest run: vertical, run id, the raw fields its load added, per raw field the values staging
# could not cast, per raw table the records quarantined.
Drift = tuple[str, str, list[dict[str, str]], dict[str, int], dict[str, int]]


def latest_drift(warehouse: Path) -> list[Drift]:
    """What each vertical's latest run saw of schema drift and bad records."""
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if not _has_table(connection, "ops", "etl_runs"):
            return []
        columns = _run_columns(connection)
        if not {"new_fields", "uncast_values"} <= columns:
            return []
        # Read only: a warehouse of an earlier release gets the column at its next run.
        quarantined = "quarantined" if "quarantined" in columns else "null"
        rows = connection.execute(
            f"""
            select vertical, arg_max(run_id, started_at), arg_max(new_fields, started_at),
                   arg_max(uncast_values, started_at), arg_max({quarantined}, started_at)
            from ops.etl_runs
            group by vertical
            order by vertical
            """
        ).fetchall()
    return [
        (vertical, run_id, json.loads(fields or "[]"), json.loads(uncast or "{}"), json.loads(refused or "{}"))
        for vertical, run_id, fields, uncast, refused in rows
    ]


def newest_runs(warehouse: Path) -> list[tuple[Any, ...]]:
    """Per vertical: the newest as-of date loaded successfully, when that run finished, and the newest completed
    dlt load in its raw schema (what the warehouse actually holds, even if a later run failed)."""
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if not _has_table(connection, "ops", "etl_runs"):
            return []
        rows = connection.execute(
            """
            select vertical,
                   max(as_of_date) filter (where status = 'success') as newest_as_of,
                   strftime(max(finished_at) filter (where status = 'success'), '%Y-%m-%d %H:%M:%S') as last_success,
                   arg_max(status, started_at) as last_status
            from ops.etl_runs
            group by vertical
            order by vertical
            """
        ).fetchall()
        result = []
        for vertical, newest_as_of, last_success, last_status in rows:
            newest_load = None
            if _has_table(connection, f"raw_{vertical}", "_dlt_loads"):
                newest_load = connection.execute(
                    f"select strftime(max(inserted_at) at time zone 'UTC', '%Y-%m-%d %H:%M:%S') "
                    f'from "raw_{vertical}"._dlt_loads where status = 0'
                ).fetchone()[0]
            result.append((vertical, newest_as_of, last_success, newest_load, last_status))
        return result


def _run_columns(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns where table_schema = 'ops' and table_name = 'etl_runs'"
        ).fetchall()
    }


def _has_table(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()
    return bool(found and found[0])
