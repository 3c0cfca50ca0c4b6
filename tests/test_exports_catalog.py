"""`exports/catalog.sql`: after a publish, one DuckDB view per exported table over its Parquet files, so the
exports can be queried by table name without opening the warehouse file."""

from __future__ import annotations

import json
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
    # Each view reads its table's folder: a dimension's files in it, a fact's in its month folders.
    sources = {line.split(" as select")[0].split()[-1]: line for line in catalog.read_text().splitlines()}
    assert "read_parquet('exports/gaming/dim_game/*.parquet')" in sources["gaming.dim_game"]
    assert "read_parquet('exports/shared/dim_date/*.parquet')" in sources["shared.dim_date"]
    assert (
        "read_parquet('exports/gaming/fct_game_daily_metrics/*/*.parquet', hive_partitioning = true)"
        in sources["gaming.fct_game_daily_metrics"]
    )


def test_a_fact_without_files_yet_gets_no_view_and_a_missing_folder_an_empty_catalog(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    (exports / "betting" / "fct_game_odds").mkdir(parents=True)
    (exports / "betting" / "fct_game_odds" / "_manifest.json").write_text('{"files": []}')
    written = write_catalog(exports)
    assert "create or replace view" not in written.read_text()
    assert sorted(os.listdir(exports)) == sorted(["betting", CATALOG])


def test_a_vertical_not_published_since_the_table_folders_keeps_views_on_its_flat_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = tmp_path / "exports"
    (exports / "crypto").mkdir(parents=True)
    (exports / "gaming" / "dim_x").mkdir(parents=True)
    with duckdb.connect() as connection:
        # crypto still has the flat layout's file; gaming was published in table folders (and its flat file removed).
        connection.execute(f"copy (select range as id from range(3)) to '{exports}/crypto/dim_c.parquet'")
        connection.execute(f"copy (select range as id from range(5)) to '{exports}/gaming/dim_x/dim_x.parquet'")
    (exports / "gaming" / "dim_x" / "_manifest.json").write_text(
        json.dumps({"partition_column": None, "files": [{"path": "dim_x.parquet"}]})
    )
    catalog = write_catalog(exports)
    monkeypatch.chdir(tmp_path)
    with duckdb.connect() as connection:
        connection.execute(catalog.read_text())
        counts = {
            view: connection.execute(f"select count(*) from {view}").fetchall()[0][0]
            for view in ("crypto.dim_c", "gaming.dim_x")
        }
    assert counts == {"crypto.dim_c": 3, "gaming.dim_x": 5}
