"""Plain-text tables for the terminal and for cron mail: run results, the run log, the demo's summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from ingestion.runner import runlog
from ingestion.runner.orchestrator import VerticalResult
from ingestion.runner.paths import Paths


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


def print_status(paths: Paths, limit: int) -> None:
    rows = runlog.last_runs(paths.warehouse, limit)
    if not rows:
        print(f"No runs recorded yet in {paths.warehouse}. Try `make demo` or `make run`.")
        return
    headers = (
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
    print(format_table(headers, rows))
    print()
    headers = ("vertical", "newest as-of date", "last success (UTC)", "newest raw load (UTC)", "last status")
    print(format_table(headers, runlog.freshness(paths.warehouse)))
    print()
    print("Schema drift and bad records seen by each vertical's latest run:")
    for line in drift_lines(runlog.latest_drift(paths.warehouse)):
        print(f"  {line}")


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
