"""Plain-text tables for the terminal and for cron mail: run results, the run log, the demo's summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from ingestion.runner import runlog
from ingestion.runner.freshness import Freshness, vertical_freshness
from ingestion.runner.orchestrator import VerticalResult
from ingestion.runner.paths import Paths
from ingestion.schedule.status import SCHEDULE_HEADERS, schedule_rows


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in headers], *[["" if v is None else str(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(value.ljust(widths[i]) for i, value in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def print_results(results: Sequence[VerticalResult]) -> None:
    rows = [
        (
            r.vertical,
            f"{r.status} (warnings)" if r.status == "success" and (r.quarantined or r.uncast_values) else r.status,
            r.records_extracted,
            sum(r.quarantined.values()),
            len(r.tables_created),
            r.total_rows,
            *(f"{r.phase_seconds.get(phase, 0.0):.1f}" for phase in ("extract", "load", "transform", "export")),
            f"{r.total_duration_sec:.1f}",
            r.error or "",
        )
        for r in results
    ]
    headers = (
        "vertical",
        "status",
        "entities",
        "quarantined",
        "tables",
        "rows",
        "extract s",
        "load s",
        "transform s",
        "export s",
        "total s",
        "error",
    )
    print(format_table(headers, rows))


RUN_HEADERS = (
    "run id",
    "vertical",
    "mode",
    "as of",
    "status",
    "entities",
    "quarantined",
    "tables",
    "rows",
    "seconds",
    "error",
)
VERTICAL_HEADERS = (
    "vertical",
    "newest as-of date",
    "last success (UTC)",
    "newest raw load (UTC)",
    "last status",
    "age h",
    "warn/error after h",
    "freshness",
)


def print_status(paths: Paths, limit: int, *, as_json: bool = False) -> list[Freshness]:
    """The schedule, the last runs, each vertical's state and freshness, and the drift of its latest run; returns the
    freshness, whose errors make `starline status` exit non-zero."""
    runs = runlog.last_runs(paths.warehouse, limit)
    ages = {entry.vertical: entry for entry in vertical_freshness(paths.warehouse, paths.project_dir)}
    verticals = [(*row, ages.get(row[0])) for row in runlog.newest_runs(paths.warehouse)]
    # Only verticals that have run are judged: one never run is not stale, it is not used.
    judged = [age for *_, age in verticals if age is not None]
    drift = runlog.latest_drift(paths.warehouse)
    schedule = schedule_rows(paths)
    if as_json:
        print(json.dumps({**status_document(runs, verticals, drift), "schedule": schedule}, default=str, indent=2))
        return judged
    print(format_table(SCHEDULE_HEADERS, [tuple(row.values()) for row in schedule]))
    print()
    if not runs:
        print(f"No runs recorded yet in {paths.warehouse}. Try `make demo` or `make run`.")
        return judged
    print(format_table(RUN_HEADERS, runs))
    print()
    print(format_table(VERTICAL_HEADERS, [vertical_row(row) for row in verticals]))
    print()
    print("Schema drift and bad records seen by each vertical's latest run:")
    for line in drift_lines(drift):
        print(f"  {line}")
    return judged


def vertical_row(row: Sequence[Any]) -> tuple[Any, ...]:
    *logged, age = row
    if age is None:
        return (*logged, None, None, None)
    hours = None if age.age_hours is None else f"{age.age_hours:.1f}"
    return (*logged, hours, f"{age.warn_hours:g}/{age.error_hours:g}", age.state)


def status_document(
    runs: Sequence[Sequence[Any]], verticals: Sequence[Sequence[Any]], drift: Sequence[runlog.Drift]
) -> dict[str, Any]:
    """`starline status --json`: the same as the tables, keyed by the tables' column names."""
    run_keys = [header.replace(" ", "_") for header in RUN_HEADERS]
    logged_keys = ("vertical", "newest_as_of_date", "last_success_utc", "newest_raw_load_utc", "last_status")
    return {
        "runs": [dict(zip(run_keys, row, strict=True)) for row in runs],
        "verticals": [
            {
                **dict(zip(logged_keys, row[:-1], strict=True)),
                "freshness": None if row[-1] is None else row[-1].as_dict(),
            }
            for row in verticals
        ],
        "drift": [
            {"vertical": v, "run_id": run_id, "new_fields": new, "uncast_values": uncast, "quarantined": refused}
            for v, run_id, new, uncast, refused in drift
        ],
    }


def drift_lines(drift: Sequence[runlog.Drift]) -> list[str]:
    lines = []
    for vertical, run_id, new_fields, uncast, quarantined in drift:
        seen = [f"{vertical}: new field {new['field']} ({new['data_type']})" for new in new_fields]
        seen += [
            f"{vertical}: {count} {'value' if count == 1 else 'values'} of {raw_field} could not be cast "
            "(kept in raw, NULL in the marts)"
            for raw_field, count in sorted(uncast.items())
        ]
        seen += [
            f"{vertical}: {count} {'record' if count == 1 else 'records'} of raw_{vertical}.{table} quarantined "
            f"(not loaded; see raw_{vertical}.quarantine)"
            for table, count in sorted(quarantined.items())
        ]
        lines += seen or [f"{vertical}: none (run {run_id})"]
    return lines


def scd2_versions(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[int, int, int] | None:
    """(entities, versions, entities with more than one version) for an SCD2 dimension, else None."""
    columns = {
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    }
    if not {"valid_from", "is_current", "is_unknown_member", "version_number"} <= columns:
        return None
    row = connection.execute(
        f"""
        select count(*) filter (where is_current), count(*), count(*) filter (where is_current and version_number > 1)
        from "{schema}"."{table}" where not is_unknown_member
        """
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def print_warehouse_summary(paths: Paths, schemas: Sequence[str]) -> None:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        rows = []
        for schema in schemas:
            tables = connection.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "and table_type = 'BASE TABLE' order by table_name",
                [schema],
            ).fetchall()
            for (table,) in tables:
                count = connection.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
                versions = scd2_versions(connection, schema, table)
                scd2 = f"{versions[1]} versions of {versions[0]}, {versions[2]} changed" if versions else ""
                rows.append((f"{schema}.{table}", count[0] if count else 0, scd2))
    print(format_table(("table", "rows", "SCD2"), rows))
