"""`exports/catalog.sql`: after a publish, one DuckDB view per exported table over its Parquet files, so the
exports can be queried by table name without opening the warehouse file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from ingestion.runner.publish import CATALOG, write_catalog
from tests.conftest import ReplayRun


def test_every_exported_table_is_a_view_with_the_warehouse_rows(
    replayed: Callable[[str], ReplayRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = replayed("gaming")
    catalog = run.paths.exports / CATALOG
    marts = run.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('gaming', 'shared') and table_type = 'BASE TABLE' order by 1, 2"
    )
    monkeypatch.chdir(run.paths.exports.parent)
    with duckdb.connect() as connection:
        connection.execute(catalog.read_text())
        views = connection.execute(
            "select schema_name, view_name from duckdb_views() where not internal order by 1, 2"
        ).fetchall()
        assert views == marts
        for schema, table in marts:
            (exported,) = connection.execute(f"select count(*) from {schema}.{table}").fetchone()
            assert exported == run.scalar(f"select count(*) from {schema}.{table}"), f"{schema}.{table}"
        # A fact reads as one dataset across its month folders, with the month as a column.
        months = connection.execute(
            "select distinct as_of_month from gaming.fct_game_daily_metrics order by 1"
        ).fetchall()
        assert months == [("2025-01",)]


def test_a_fact_without_files_yet_gets_no_view_and_a_missing_folder_an_empty_catalog(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    (exports / "betting" / "fct_game_odds").mkdir(parents=True)
    (exports / "betting" / "fct_game_odds" / "_manifest.json").write_text('{"files": []}')
    written = write_catalog(exports)
    assert "create or replace view" not in written.read_text()
    assert sorted(os.listdir(exports)) == sorted(["betting", CATALOG])
