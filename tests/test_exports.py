"""Fact exports follow the increment: a Hive-partitioned dataset per fact, a folder per month holding a file per
day, a build rewriting only the days it wrote, each file with a sidecar and the table with a manifest that readers
of the dataset skip.

The gaming emulator serves two days of payloads; the runner is given as-of dates across month boundaries for them
(2024-12-31, then 2025-01-01, 2025-01-02 and 2025-02-01 on day two's payloads), 60 games a day."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas
import polars
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.transform import dbt_build
from tests.conftest import check_parquet_file, file_sidecar, make_paths

FACT = "fct_game_daily_metrics"
DECEMBER, JANUARY, FEBRUARY = "as_of_month=2024-12", "as_of_month=2025-01", "as_of_month=2025-02"
# (emulator day, as-of date the runner is given) per build.
BUILDS = [
    ("2025-01-01", "2024-12-31"),
    ("2025-01-02", "2025-01-01"),
    ("2025-01-02", "2025-01-02"),
    ("2025-01-02", "2025-02-01"),
]

FileState = dict[str, tuple[int, str]]


def file_states(table_dir: Path) -> FileState:
    """Every file of the dataset (data, sidecars, manifest): path -> (mtime in ns, sha256)."""
    return {
        str(file.relative_to(table_dir)): (file.stat().st_mtime_ns, hashlib.sha256(file.read_bytes()).hexdigest())
        for file in sorted(table_dir.rglob("*"))
        if file.is_file()
    }


def in_month(states: FileState, month: str) -> FileState:
    return {path: state for path, state in states.items() if path.startswith(month + "/")}


def day_file(month: str, day: str) -> str:
    return f"{month}/{FACT}_{day}.parquet"


def day_sidecar(month: str, day: str) -> str:
    return f"{month}/_{FACT}_{day}.parquet.meta.json"


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[FileState]]:
    """The fact's export folder and its file states after each build of BUILDS, after a rebuild without new data,
    after a full refresh and after a build without new data that follows it."""
    paths = make_paths(tmp_path_factory.mktemp("exports"))
    table_dir = paths.exports / "gaming" / FACT
    states = []
    with Emulator(["gaming"]) as emulator:
        orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls())
        for emulator_day, as_of_date in BUILDS:
            emulator.set_day(emulator_day)
            (result,) = orchestrator.run_all_pipelines(["gaming"], as_of_date=as_of_date)
            assert result.status == "success", result.error
            states.append(file_states(table_dir))
    dbt_build(paths, ["shared", "gaming"], "rebuild-without-new-data")
    states.append(file_states(table_dir))
    # By hand, as after a model change: every fact from scratch, written straight into the published folder.
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--select",
            "gaming",
            "--full-refresh",
            "--target-path",
            str(paths.state / "target"),
            "--log-path",
            str(paths.logs),
        ],
        cwd=paths.project_dir,
        env={
            **os.environ,
            "STARLINE_WAREHOUSE": str(paths.warehouse),
            "STARLINE_EXPORT_DIR": str(paths.exports),
            "DBT_PROFILES_DIR": str(paths.project_dir),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    states.append(file_states(table_dir))
    dbt_build(paths, ["shared", "gaming"], "build-after-the-full-refresh")
    states.append(file_states(table_dir))
    return table_dir, states


def test_two_days_across_a_month_boundary_give_one_partition_folder_per_month(
    builds: tuple[Path, list[FileState]],
) -> None:
    _, states = builds
    assert sorted(states[1]) == [
        "_manifest.json",
        day_sidecar(DECEMBER, "2024-12-31"),
        day_file(DECEMBER, "2024-12-31"),
        day_sidecar(JANUARY, "2025-01-01"),
        day_file(JANUARY, "2025-01-01"),
    ]


def test_manifest_and_sidecars_match_the_files(builds: tuple[Path, list[FileState]]) -> None:
    table_dir, _ = builds
    manifest = read_json(table_dir / "_manifest.json")
    assert (manifest["table"], manifest["vertical"], manifest["kind"]) == (FACT, "gaming", "fact")
    assert (manifest["partition_column"], manifest["partitioned_by_month_of"]) == ("as_of_month", "as_of_date")
    # 60 games on each of four days: 2024-12-31, 2025-01-01, 2025-01-02, 2025-02-01.
    assert manifest["total_rows"] == 240
    listed = [(file["path"], file["partition_value"], file["row_count"]) for file in manifest["files"]]
    assert listed == [
        (day_file(DECEMBER, "2024-12-31"), "2024-12", 60),
        (day_file(JANUARY, "2025-01-01"), "2025-01", 60),
        (day_file(JANUARY, "2025-01-02"), "2025-01", 60),
        (day_file(FEBRUARY, "2025-02-01"), "2025-02", 60),
    ]
    column_names = [column["name"] for column in manifest["columns"]]
    assert "_built_at" not in column_names and column_names[:2] == ["game_key", "date_key"]
    assert {column["name"]: column["nullable"] for column in manifest["columns"]}["app_id"] is False
    for file in manifest["files"]:
        path = table_dir / file["path"]
        sidecar = read_json(file_sidecar(path))
        check_parquet_file(path, sidecar, column_names)
        assert (file["sha256"], file["row_count"], file["size_bytes"]) == (
            sidecar["sha256"],
            sidecar["row_count"],
            sidecar["size_bytes"],
        ), path
        assert (sidecar["path"], sidecar["partition_value"]) == (file["path"], file["partition_value"])
    second = read_json(table_dir / day_sidecar(JANUARY, "2025-01-02"))
    assert (second["first_date"], second["last_date"]) == ("2025-01-02", "2025-01-02")


def test_a_day_in_a_written_month_adds_its_file_and_rewrites_no_other(builds: tuple[Path, list[FileState]]) -> None:
    _, states = builds
    before, after = states[1], states[2]
    assert sorted(set(after) - set(before)) == [day_sidecar(JANUARY, "2025-01-02"), day_file(JANUARY, "2025-01-02")]
    unchanged = {path: state for path, state in after.items() if path in before and path != "_manifest.json"}
    assert unchanged == {path: before[path] for path in unchanged} and len(unchanged) == 4
    assert after["_manifest.json"][1] != before["_manifest.json"][1]


def test_a_day_in_a_new_month_adds_a_folder_and_leaves_older_months_alone(
    builds: tuple[Path, list[FileState]],
) -> None:
    _, states = builds
    before, after = states[2], states[3]
    assert sorted(set(after) - set(before)) == [day_sidecar(FEBRUARY, "2025-02-01"), day_file(FEBRUARY, "2025-02-01")]
    for month in (DECEMBER, JANUARY):
        assert in_month(after, month) == in_month(before, month), month


def test_rebuilding_unchanged_data_gives_identical_bytes(builds: tuple[Path, list[FileState]]) -> None:
    _, states = builds
    before, after = states[3], states[4]
    assert sorted(after) == sorted(before)
    for path, (_, digest) in before.items():
        if path.endswith(".parquet"):
            assert after[path][1] == digest, path
    # The rebuild wrote no row, so it rewrote no day: every data file and sidecar is the one published before.
    for month in (DECEMBER, JANUARY, FEBRUARY):
        assert in_month(after, month) == in_month(before, month), month


def test_a_build_without_new_rows_after_a_full_refresh_rewrites_no_day(builds: tuple[Path, list[FileState]]) -> None:
    # Regression: every day then held the table's newest build stamp, and the next build rewrote all of them.
    _, states = builds
    refreshed, after = states[5], states[6]
    assert sorted(after) == sorted(refreshed)
    for month in (DECEMBER, JANUARY, FEBRUARY):
        assert in_month(after, month) == in_month(refreshed, month), month


def test_a_full_refresh_rewrites_every_file_with_identical_bytes(builds: tuple[Path, list[FileState]]) -> None:
    _, states = builds
    before, after = states[4], states[5]
    assert sorted(after) == sorted(before)
    data_files = [path for path in before if path.endswith(".parquet")]
    assert len(data_files) == 4
    for path in data_files:
        assert after[path][0] > before[path][0] and after[path][1] == before[path][1], path


def expected_rows(table_dir: Path) -> list[tuple[Any, ...]]:
    """(app_id, as_of_date as text, as_of_month) of every fact row, from the warehouse the exports came from."""
    warehouse = table_dir.parents[2] / "warehouse" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            f"select app_id, strftime(as_of_date, '%Y-%m-%d'), strftime(as_of_date, '%Y-%m') from gaming.{FACT} "
            "order by all"
        ).fetchall()


def test_duckdb_reads_the_dataset_as_one_table_without_the_sidecars(builds: tuple[Path, list[FileState]]) -> None:
    table_dir, _ = builds
    with duckdb.connect() as connection:
        rows = connection.execute(
            "select app_id, strftime(as_of_date, '%Y-%m-%d'), as_of_month "
            "from read_parquet(?, hive_partitioning = true) order by all",
            [f"{table_dir}/**/*.parquet"],
        ).fetchall()
    assert len(rows) == 240 and rows == expected_rows(table_dir)


def test_pyarrow_reads_the_dataset_as_one_table_without_the_sidecars(builds: tuple[Path, list[FileState]]) -> None:
    table_dir, _ = builds
    dataset = ds.dataset(table_dir, partitioning="hive")
    assert sorted(Path(file).name for file in dataset.files) == [
        f"{FACT}_2024-12-31.parquet",
        f"{FACT}_2025-01-01.parquet",
        f"{FACT}_2025-01-02.parquet",
        f"{FACT}_2025-02-01.parquet",
    ]
    table = dataset.to_table(columns=["app_id", "as_of_date", "as_of_month"])
    rows = sorted(zip(*(table.column(name).to_pylist() for name in table.column_names), strict=True))
    assert [(app, day.isoformat(), month) for app, day, month in rows] == expected_rows(table_dir)
    # pandas.read_parquet(folder) reads through this call (its default pyarrow engine).
    assert pq.read_table(table_dir).num_rows == 240


def test_pandas_reads_the_dataset_as_one_table(builds: tuple[Path, list[FileState]]) -> None:
    table_dir, _ = builds
    frame = pandas.read_parquet(table_dir)
    assert len(frame) == 240
    by_month = frame.groupby("as_of_month", observed=True).size().to_dict()
    assert by_month == {"2024-12": 60, "2025-01": 120, "2025-02": 60}


def test_polars_reads_the_dataset_as_one_table(builds: tuple[Path, list[FileState]]) -> None:
    table_dir, _ = builds
    frame = polars.read_parquet(f"{table_dir}/**/*.parquet", hive_partitioning=True)
    assert frame.height == 240
    assert dict(frame.group_by("as_of_month").len().sort("as_of_month").iter_rows()) == {
        "2024-12": 60,
        "2025-01": 120,
        "2025-02": 60,
    }
