"""What the warehouse holds of each entity's details: the history the detail plans of `ingestion.refresh` read."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path

import duckdb

from ingestion.refresh import Refreshed
from ingestion.verticals import DetailTable


def read_refreshed(
    warehouse: Path, dataset: str, tables: Mapping[str, DetailTable], before: str
) -> dict[str, dict[Hashable, Refreshed]]:
    """Per API, each entity's newest as-of date with details before `before` (the run's as-of date: a re-run of
    a day plans as its first run did) and the bulk signal it was read under. A table not created yet (first run)
    or a warehouse that does not exist gives an empty history: everything is new."""
    if not tables or not warehouse.exists():
        return {}
    history: dict[str, dict[Hashable, Refreshed]] = {}
    with duckdb.connect(str(warehouse)) as connection:
        columns = set(
            connection.execute(
                "select table_name, column_name from information_schema.columns where table_schema = ?", [dataset]
            ).fetchall()
        )
        for api, detail in tables.items():
            if not {(detail.table, detail.key), (detail.table, "as_of_date")} <= columns:
                continue
            # Rows landed before detail plans existed carry no signal: they count as detailed, never as changed.
            signal = "arg_max(bulk_signal, as_of_date)" if (detail.table, "bulk_signal") in columns else "null"
            rows = connection.execute(
                f'select "{detail.key}", cast(max(as_of_date) as varchar), {signal} '
                f'from "{dataset}"."{detail.table}" '
                f'where "{detail.key}" is not null and as_of_date < cast(? as date) group by 1',
                [before],
            ).fetchall()
            history[api] = {key: Refreshed(as_of, signal) for key, as_of, signal in rows}
    return history
