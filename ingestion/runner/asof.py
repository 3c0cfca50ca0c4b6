"""The newest as-of date a vertical's marts were built for, and the refusal of runs for older dates.

dbt snapshots assume as-of dates only move forward: snapshotting an older date after a newer one would close the
newer versions and open stale ones. Such a run is refused before anything is extracted or written."""

from __future__ import annotations

from pathlib import Path

import duckdb


class OlderAsOfError(RuntimeError):
    """The run's as-of date is older than the newest one already built for the vertical."""


def newest_built_as_of(warehouse: Path, vertical: str) -> str | None:
    """The newest as-of date in the vertical's daily facts (`<v>.fct_*.as_of_date`) or SCD2 snapshots
    (`<v>_snapshots.*.dbt_updated_at`, the as-of date a version was recorded on); None before the first build.

    Both are read because neither alone is complete: a snapshot row keeps the as-of date of its last change (an
    unchanged entity gets no new row), and a day without events builds no fact rows. Each is one column of a
    table the build keeps sorted by date, so the read stays cheap at any size."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        columns = connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where (table_schema = ? and starts_with(table_name, 'fct_') and column_name = 'as_of_date') "
            "or (table_schema = ? and column_name = 'dbt_updated_at')",
            [vertical, f"{vertical}_snapshots"],
        ).fetchall()
        if not columns:
            return None
        union = " union all ".join(
            f'select max(cast("{column}" as date)) as day from "{schema}"."{table}"'
            for schema, table, column in columns
        )
        row = connection.execute(f"select max(day) from ({union})").fetchone()
    return row[0].isoformat() if row and row[0] is not None else None


def refuse_older_as_of(warehouse: Path, vertical: str, as_of_date: str) -> None:
    """Raise when `as_of_date` is older than the newest as-of date built for the vertical; the same day again
    (a re-run) is allowed."""
    newest = newest_built_as_of(warehouse, vertical)
    if newest is not None and as_of_date < newest:
        raise OlderAsOfError(
            f"as-of {as_of_date} is older than {newest}, the newest as-of date already built for {vertical}; "
            f"SCD2 history only moves forward: land the dates in as-of order in a fresh warehouse, or land it with "
            f"`starline run {vertical} --as-of {as_of_date} --land-only` and then run `starline rebuild {vertical}`"
        )
