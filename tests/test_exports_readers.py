"""Every exported table reads as one dataset from its own folder, in the readers analysts use (DuckDB's globs,
pandas, pyarrow datasets, polars, Spark), with the warehouse's rows and columns, and nullable integer columns read
as integers wherever the reader can. Spark needs Java and the `spark` extra: CI installs both, elsewhere its test
skips.

The regression guarded: dimension files and their `.meta.json` sidecars side by side in the vertical's folder made
`pandas.read_parquet('exports/gaming/')` fail, and one glob matched twelve tables of different schemas."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import duckdb
import pandas
import polars
import pyarrow.dataset as ds
import pytest

from tests.conftest import ReplayRun

# The nullable integer type each DuckDB integer type reads as in pandas (numpy_nullable) and polars.
INTEGERS = {"TINYINT": "Int8", "SMALLINT": "Int16", "INTEGER": "Int32", "BIGINT": "Int64"}
# ... and in Spark.
SPARK_INTEGERS = {"Int8": "tinyint", "Int16": "smallint", "Int32": "int", "Int64": "bigint"}
WITHOUT_SPARK = find_spec("pyspark") is None or shutil.which("java") is None


@dataclass(frozen=True)
class Table:
    """An exported table's folder and what the warehouse says its readers must find there."""

    name: str
    folder: Path
    files: list[Path]
    partitioned: bool
    rows: int
    exported: list[str]
    columns: list[str]
    integers: dict[str, str]
    nulls: dict[str, int]


@pytest.fixture(scope="module")
def run(replayed: Callable[[str], ReplayRun]) -> ReplayRun:
    return replayed("gaming")


@pytest.fixture(scope="module")
def tables(run: ReplayRun) -> list[Table]:
    """Every table folder of the gaming replay's exports (gaming and shared), with, from the warehouse: its rows,
    its exported columns (all but `_built_at`) in order, readers' columns (a fact's partition column last), its
    integer columns and the NULLs in each."""
    found = []
    for manifest_file in sorted(run.paths.exports.glob("*/*/_manifest.json")):
        folder = manifest_file.parent
        manifest = json.loads(manifest_file.read_text())
        schema, table = folder.parent.name, folder.name
        types = run.query(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? and column_name <> '_built_at' order by ordinal_position",
            [schema, table],
        )
        integers = {column: INTEGERS[kind] for column, kind in types if kind in INTEGERS}
        measures = ["count(*)", *(f'count(*) - count("{column}")' for column in integers)]
        counts = run.query(f"select {', '.join(measures)} from {schema}.{table}")[0]
        exported = [column for column, _ in types]
        partition = [manifest["partition_column"]] if manifest["partition_column"] else []
        found.append(
            Table(
                name=f"{schema}.{table}",
                folder=folder,
                files=sorted(folder / entry["path"] for entry in manifest["files"]),
                partitioned=bool(partition),
                rows=counts[0],
                exported=exported,
                columns=exported + partition,
                integers=integers,
                nulls={column: nulls for column, nulls in zip(integers, counts[1:], strict=True) if nulls},
            )
        )
    return found


def test_every_mart_has_a_folder_whose_parquet_globs_match_only_parquet_files(
    run: ReplayRun, tables: list[Table]
) -> None:
    marts = run.query(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('gaming', 'shared') and table_type = 'BASE TABLE' order by 1"
    )
    assert [table.name for table in tables] == [name for (name,) in marts]
    for table in tables:
        matched = sorted({*table.folder.glob("*.parquet"), *table.folder.glob("*/*.parquet")})
        assert matched == sorted(table.folder.rglob("*.parquet")) == table.files, table.name
        for file in matched:
            content = file.read_bytes()
            assert content[:4] == content[-4:] == b"PAR1", file
        others = [path for path in table.folder.rglob("*") if path.is_file() and path not in matched]
        assert others and all(path.name.startswith("_") for path in others), table.name
    # The layout the readers rely on: a dimension is one file, a fact a folder per month.
    by_name = {table.name: table for table in tables}
    assert [file.name for file in by_name["gaming.dim_game"].files] == ["dim_game.parquet"]
    assert {file.parent.name for file in by_name["gaming.fct_game_daily_metrics"].files} == {"as_of_month=2025-01"}


def test_duckdb_reads_each_folder_as_one_table_with_the_warehouse_rows(run: ReplayRun, tables: list[Table]) -> None:
    with duckdb.connect() as connection:
        connection.execute(f"attach '{run.paths.warehouse}' as warehouse (read_only)")
        for table in tables:
            sources = [f"read_parquet('{table.folder}/**/*.parquet', hive_partitioning = true)"]
            if not table.partitioned:
                sources.append(f"read_parquet('{table.folder}/*.parquet')")
            for source in sources:
                relation = connection.sql(f"select * from {source}")
                assert relation.columns == (table.columns if "hive" in source else table.exported), source
                listed = ", ".join(f'"{column}"' for column in table.exported)
                (rows, differing) = connection.execute(
                    f"select (select count(*) from {source}), (select count(*) from ("
                    f"(select {listed} from {source} except all select {listed} from warehouse.{table.name}) union all"
                    f"(select {listed} from warehouse.{table.name} except all select {listed} from {source})))"
                ).fetchall()[0]
                assert (rows, differing) == (table.rows, 0), source


def test_pandas_reads_each_folder_and_keeps_nullable_integers_as_integers(tables: list[Table]) -> None:
    for table in tables:
        # The call that failed on the flat layout, with pandas' default types.
        plain = pandas.read_parquet(table.folder)
        assert (len(plain), list(plain.columns)) == (table.rows, table.columns), table.name
        frame = pandas.read_parquet(table.folder, dtype_backend="numpy_nullable")
        assert (len(frame), list(frame.columns)) == (table.rows, table.columns), table.name
        assert {column: str(frame[column].dtype) for column in table.integers} == table.integers, table.name
        nulls = {column: int(frame[column].isna().sum()) for column in table.integers}
        assert {column: count for column, count in nulls.items() if count} == table.nulls, table.name
    games = next(table for table in tables if table.name == "gaming.dim_game")
    # A real nullable integer column: metacritic scores are missing for many games, and stay Int32.
    assert games.integers["metacritic_score"] == "Int32" and games.nulls["metacritic_score"] > 0


def test_pyarrow_reads_each_folder_as_a_hive_dataset_of_its_listed_files(tables: list[Table]) -> None:
    for table in tables:
        dataset = ds.dataset(table.folder, partitioning="hive")
        assert sorted(Path(file) for file in dataset.files) == table.files, table.name
        arrow = dataset.to_table()
        assert (arrow.num_rows, arrow.column_names) == (table.rows, table.columns), table.name
        types = {column: str(arrow.schema.field(column).type) for column in table.integers}
        assert types == {column: kind.lower() for column, kind in table.integers.items()}, table.name
        nulls = {column: arrow.column(column).null_count for column in table.integers}
        assert {column: count for column, count in nulls.items() if count} == table.nulls, table.name


def test_polars_reads_each_folder_and_keeps_nullable_integers_as_integers(tables: list[Table]) -> None:
    for table in tables:
        frame = polars.read_parquet(f"{table.folder}/**/*.parquet", hive_partitioning=True)
        assert (frame.height, frame.columns) == (table.rows, table.columns), table.name
        assert {column: str(frame.schema[column]) for column in table.integers} == table.integers, table.name
        nulls = {column: frame[column].null_count() for column in table.integers}
        assert {column: count for column, count in nulls.items() if count} == table.nulls, table.name
        lazy = polars.scan_parquet(f"{table.folder}/**/*.parquet", hive_partitioning=True)
        assert lazy.select(polars.len()).collect().item() == table.rows, table.name


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("starline-exports")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.mark.skipif(WITHOUT_SPARK, reason="needs Java and pyspark (pip install -c requirements.lock -e '.[spark]')")
def test_spark_reads_each_folder_and_keeps_nullable_integers_as_integers(spark: Any, tables: list[Table]) -> None:
    from pyspark.sql import functions

    for table in tables:
        frame = spark.read.parquet(str(table.folder))
        assert (frame.count(), frame.columns) == (table.rows, table.columns), table.name
        types = dict(frame.dtypes)
        assert {column: types[column] for column in table.integers} == {
            column: SPARK_INTEGERS[kind] for column, kind in table.integers.items()
        }, table.name
        if table.integers:
            counted = frame.select(
                *(functions.count(functions.when(functions.col(c).isNull(), 1)).alias(c) for c in table.integers)
            ).first()
            nulls = {column: counted[column] for column in table.integers}
            assert {column: count for column, count in nulls.items() if count} == table.nulls, table.name
