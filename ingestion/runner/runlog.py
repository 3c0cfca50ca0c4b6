"""The run log in the warehouse: `ops.etl_runs` (one row per run and vertical) and `ops.etl_run_resources`
(requests and rows per resource). Written by the runner after each vertical, read by `starline status`."""

from __future__ import annotations

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
    primary key (run_id, vertical)
)
"""

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


@dataclass
class RunRecord:
    run_id: str
    vertical: str
    mode: str
    as_of_date: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
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


def write(warehouse: Path, record: RunRecord) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema if not exists ops")
        connection.execute(RUNS_DDL)
        connection.execute(RESOURCES_DDL)
        connection.execute(
            "insert or replace into ops.etl_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


def last_runs(warehouse: Path, limit: int = 20) -> list[tuple[Any, ...]]:
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        exists = connection.execute(
            "select count(*) from information_schema.tables where table_schema = 'ops' and table_name = 'etl_runs'"
        ).fetchone()
        if not exists or not exists[0]:
            return []
        return connection.execute(
            """
            select run_id, vertical, mode, as_of_date, status, records_extracted, tables_built, mart_rows,
                   round(epoch(finished_at - started_at), 1) as seconds, error
            from ops.etl_runs
            order by started_at desc, vertical
            limit ?
            """,
            [limit],
        ).fetchall()
