"""The fault suite (`make test-faults`): a day's run of gaming and media killed (exit 9, as kill -9 stops it) in
each phase: while the APIs are read, in dlt's normalize and load, in dbt's snapshot, when a fact is built, while
the exports are written and while they are published. After the next run of the same day, every published mart,
every export and the raw tables hold exactly what a run that was never killed made: 0 rows lost, 0 duplicated.
Between the kill and the next run, the published marts are wholly the old ones or wholly the new ones.

Rows are compared on every column but the audit columns that name a run or a load (which differ between any
two runs), as text, sorted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.paths import Paths
from tests.conftest import check_parquet_file, file_sidecar, make_paths, replay

pytestmark = pytest.mark.faults

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
VERTICALS = ("gaming", "media")
POINTS = ("extract", "normalize", "load", "snapshot", "fact", "export", "publish")
RUN_AUDIT = {
    "_load_id",
    "_loaded_at",
    "_run_id",
    "_built_at",
    "_dlt_load_id",
    "_dlt_id",
    "_dlt_parent_id",
    "_dlt_root_id",
}

# The child run: the orchestrator with one step replaced by a kill. Arguments: the paths as JSON, the vertical's
# emulator base URLs as JSON, the vertical, the day, the point. Exit code 3 says the point was never reached.
KILLED_AT = r"""
import json, os, pathlib, sys

import dlt

from ingestion.http import ApiClient
from ingestion.runner import transform
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.paths import Paths

paths = Paths(**{name: pathlib.Path(value) for name, value in json.loads(sys.argv[1]).items()})
base_urls, vertical, day, point = json.loads(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]


def die(*args, **kwargs):
    os._exit(9)


if point == "extract":
    read = ApiClient.get_json
    answered = []

    def get_json(self, *args, **kwargs):
        answered.append(1)
        if len(answered) > 5:
            os._exit(9)
        return read(self, *args, **kwargs)

    ApiClient.get_json = get_json
elif point == "normalize":
    dlt.Pipeline.normalize = die
elif point == "load":
    from dlt.common.storages.load_package import PackageStorage

    PackageStorage.save_pending_transition = die
elif point == "publish":
    transform.finish_publish = die
else:
    import time

    from ingestion.runner.build_progress import LogFollower

    # The point, in dbt's JSON file log (the events the runner's progress follows).
    def reached(event):
        name, data = event["info"]["name"], event.get("data", {})
        node = data.get("node_info") or {}
        if point == "snapshot":
            return name == "LogStartLine" and node.get("unique_id", "").startswith("snapshot.")
        if point == "fact":
            schema = (node.get("node_relation") or {}).get("schema")
            return (
                name == "LogModelResult"
                and node.get("node_name", "").startswith("fct_")
                and schema == f"{vertical}_build"
                and str(data.get("status", "")).lower() == "ok"
            )
        return name == "PrintEvent" and "starline-export-seconds" in event["info"].get("msg", "")

    def follow_until_point(process, log_file, **kwargs):
        follower = LogFollower(log_file)
        while process.poll() is None:
            for line in follower.new_lines():
                if reached(json.loads(line)):
                    process.kill()
                    process.wait()
                    os._exit(9)
            time.sleep(0.02)
        os._exit(3)

    transform.follow_build = follow_until_point

Orchestrator(paths, mode="replay", replay_base_urls={vertical: base_urls}).run_all_pipelines(
    [vertical], as_of_date=day, run_id="killed-run"
)
os._exit(3)
"""


def kill_run(paths: Paths, emulator: Emulator, vertical: str, point: str) -> None:
    fields = {name: str(getattr(paths, name)) for name in ("project_dir", "warehouse", "exports", "state", "logs")}
    urls = json.dumps(emulator.base_urls()[vertical])
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, json.dumps(fields), urls, vertical, DAY_TWO, point],
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr[-3000:]


def rows_of(connection: duckdb.DuckDBPyConnection, relation: str, *, distinct: bool = False) -> list[tuple]:
    columns = [
        name
        for (name, *_) in connection.execute(f"describe select * from {relation}").fetchall()
        if name not in RUN_AUDIT
    ]
    listed = ", ".join(f'"{column}"::varchar' for column in columns)
    query = f"select {'distinct ' if distinct else ''}{listed} from {relation}"
    return sorted(connection.execute(query).fetchall(), key=repr)


def fingerprint(paths: Paths, vertical: str) -> dict[str, list[tuple[str, ...]]]:
    """Every published mart and every export (the files of each table folder) of the vertical by content,
    and its raw tables by distinct content: raw is append-only, so a killed run's load and the re-run's may both
    hold the day, as two runs of a day always do; staging keeps the newest."""
    found: dict[str, list[tuple[str, ...]]] = {}
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        for schema in (vertical, f"raw_{vertical}"):
            tables = connection.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "and table_type = 'BASE TABLE' and not starts_with(table_name, '_dlt')",
                [schema],
            ).fetchall()
            for (table,) in tables:
                relation = f'"{schema}"."{table}"'
                found[f"{schema}.{table}"] = rows_of(connection, relation, distinct=schema != vertical)
        for manifest_file in sorted((paths.exports / vertical).glob("*/_manifest.json")):
            manifest = json.loads(manifest_file.read_text())
            files = [manifest_file.parent / entry["path"] for entry in manifest["files"]]
            assert sorted(manifest_file.parent.rglob("*.parquet")) == sorted(files), manifest_file
            for entry, file in zip(manifest["files"], files, strict=True):
                sidecar = sidecar_of(file_sidecar(file))
                check_parquet_file(file, sidecar, [column["name"] for column in manifest["columns"]])
                assert (entry["sha256"], entry["row_count"]) == (sidecar["sha256"], sidecar["row_count"]), file
                if manifest["partition_column"] is None:
                    assert sidecar["columns"] == manifest["columns"], file
            found[f"exports/{manifest_file.parent.name}"] = rows_of(
                connection, f"read_parquet({[str(file) for file in files]!r}, hive_partitioning = true)"
            )
    return found


def marts(found: dict[str, list[tuple]], vertical: str) -> dict[str, list[tuple]]:
    return {name: rows for name, rows in found.items() if name.startswith(f"{vertical}.")}


def sidecar_of(path: Path) -> dict:
    return json.loads(path.read_text())


def duplicated_raw_rows(paths: Paths, vertical: str) -> dict[str, int]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from information_schema.columns where table_schema = ? and column_name = '_dlt_id'",
            [f"raw_{vertical}"],
        ).fetchall()
        counts = {
            table: connection.execute(
                f'select count(*) - count(distinct _dlt_id) from "raw_{vertical}"."{table}"'
            ).fetchone()[0]
            for (table,) in tables
        }
    return {table: count for table, count in counts.items() if count}


@pytest.fixture(scope="module")
def day_one(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Per vertical, a folder holding the warehouse, exports and state after day one, to copy for each case."""
    built: dict[str, Path] = {}

    def folder(vertical: str) -> Path:
        if vertical not in built:
            root = tmp_path_factory.mktemp(f"{vertical}-day-one")
            replay(make_paths(root), [vertical], days=[DAY_ONE])
            built[vertical] = root
        return built[vertical]

    return folder


@pytest.fixture(scope="module")
def reference(day_one: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict]:
    """Per vertical, the fingerprint of day two run once, never killed, after day one."""
    made: dict[str, dict] = {}

    def of(vertical: str) -> dict:
        if vertical not in made:
            root = tmp_path_factory.mktemp(f"{vertical}-reference")
            shutil.copytree(day_one(vertical), root, dirs_exist_ok=True)
            paths = make_paths(root)
            replay(paths, [vertical], days=[DAY_TWO])
            made[vertical] = fingerprint(paths, vertical)
        return made[vertical]

    return of


# One worker per vertical: each builds its vertical's day one and reference once.
CASES = [
    pytest.param(vertical, point, marks=pytest.mark.xdist_group(f"faults-{vertical}"), id=f"{vertical}-{point}")
    for vertical in VERTICALS
    for point in POINTS
]


@pytest.mark.parametrize(("vertical", "point"), CASES)
def test_a_run_killed_then_run_again_leaves_what_a_clean_run_leaves(
    vertical: str,
    point: str,
    day_one: Callable[[str], Path],
    reference: Callable[[str], dict],
    tmp_path: Path,
) -> None:
    shutil.copytree(day_one(vertical), tmp_path, dirs_exist_ok=True)
    paths = make_paths(tmp_path)
    before = marts(fingerprint(paths, vertical), vertical)
    with Emulator([vertical], day=DAY_TWO) as emulator:
        kill_run(paths, emulator, vertical, point)
        # What analysts query is wholly the last passing build's, or wholly the new one's (a kill while the exports
        # were published comes after the marts were).
        assert marts(fingerprint(paths, vertical), vertical) in (before, marts(reference(vertical), vertical))
        result = replay(paths, [vertical], days=[DAY_TWO], emulator=emulator).results[DAY_TWO][0]
    assert result.status == "success", result.error
    assert duplicated_raw_rows(paths, vertical) == {}
    found, expected = fingerprint(paths, vertical), reference(vertical)
    # The comparison covers the marts, both kinds of export and raw, each with rows of both days.
    assert sum(name.startswith(f"{vertical}.fct_") and len(rows) > 0 for name, rows in expected.items()) >= 1
    assert {name.split("/")[0].split(".")[0] for name in expected} == {vertical, f"raw_{vertical}", "exports"}
    assert sorted(found) == sorted(expected)
    differing = [name for name in expected if found[name] != expected[name]]
    assert differing == [], {name: (len(found[name]), len(expected[name])) for name in differing}
