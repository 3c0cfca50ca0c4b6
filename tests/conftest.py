"""Shared test fixtures: isolated warehouse paths, and replayed runs against the local API emulator."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dlt
import duckdb
import pyarrow.parquet as pq
import pytest
from _pytest.nodeid import NodeId
from dlt.common.configuration.container import Container
from dlt.common.pipeline import PipelineContext

from ingestion.emulator import Emulator
from ingestion.http import StatsRegistry
from ingestion.runner.extract import LoadOutcome, extract_and_load
from ingestion.runner.orchestrator import Orchestrator, VerticalResult
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.runner.publish import CATALOG
from ingestion.runner.transform import read_run_results
from ingestion.verticals import discover, resolve_run_params

os.environ.update(
    DO_NOT_TRACK="1",
    DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    RUNTIME__DLTHUB_TELEMETRY="false",
)

SHARED_DIR = PROJECT_DIR.parent / "shared"
REFERENCE_RESPONSES = SHARED_DIR / "reference_responses"


def make_paths(root: Path) -> Paths:
    return Paths(
        project_dir=PROJECT_DIR,
        warehouse=root / "warehouse" / "warehouse.duckdb",
        exports=root / "exports",
        state=root / "state",
        logs=root / "logs",
    )


@dataclass
class ReplayRun:
    """A warehouse built by replaying emulated days; `results[day]` holds each day's vertical results."""

    paths: Paths
    results: dict[str, list[VerticalResult]] = field(default_factory=dict)

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.paths.warehouse), read_only=True) as connection:
            return connection.execute(sql, list(parameters)).fetchall()

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self.query(sql, parameters)[0][0]

    def sidecar(self, vertical: str, table: str) -> dict[str, Any]:
        """The sidecar of a dimension's, bridge's or dim_date's one file."""
        return json.loads(file_sidecar(self.paths.exports / vertical / table / f"{table}.parquet").read_text())

    def manifest(self, vertical: str, table: str) -> dict[str, Any]:
        return json.loads((self.paths.exports / vertical / table / "_manifest.json").read_text())

    def file_sidecars(self, vertical: str, table: str) -> list[dict[str, Any]]:
        """The sidecars of a table's files, in the manifest's order (a fact's by month)."""
        table_dir = self.paths.exports / vertical / table
        return [
            json.loads(file_sidecar(table_dir / entry["path"]).read_text())
            for entry in self.manifest(vertical, table)["files"]
        ]

    def check_exports(self, vertical: str, expected_rows: Mapping[str, int]) -> None:
        """Exactly the vertical's marts (and shared.dim_date) are exported, each as a folder whose manifest lists
        every Parquet file in it and the table's rows: dimensions and bridges as one file, facts as a dataset of
        daily files in month folders. Every file is Snappy in every column chunk, with a sidecar whose checksum,
        size, row count and row groups match it; every other file of a table folder starts with `_`, so dataset
        readers skip it, and nothing is left of the flat layout (a file beside the table folders)."""
        datasets = sorted(manifest.parent for manifest in self.paths.exports.glob("*/*/_manifest.json"))
        exported = {f"{d.parent.name}/{d.name}" for d in datasets}
        assert exported == {"shared/dim_date"} | {f"{vertical}/{table}" for table in expected_rows}
        assert [path for path in self.paths.exports.glob("*/*") if not path.is_dir()] == []
        rows: dict[str, int] = {}
        for dataset in datasets:
            manifest = self.manifest(dataset.parent.name, dataset.name)
            assert (manifest["table"], manifest["vertical"]) == (dataset.name, dataset.parent.name)
            listed = [dataset / entry["path"] for entry in manifest["files"]]
            assert sorted(dataset.rglob("*.parquet")) == sorted(listed), dataset
            others = [p for p in dataset.rglob("*") if p.is_file() and p not in listed]
            assert [p for p in others if not p.name.startswith("_")] == [], dataset
            for entry, file in zip(manifest["files"], listed, strict=True):
                sidecar = json.loads(file_sidecar(file).read_text())
                check_parquet_file(file, sidecar, [c["name"] for c in manifest["columns"]])
                assert (entry["sha256"], entry["row_count"]) == (sidecar["sha256"], sidecar["row_count"]), file
                assert (sidecar["table"], sidecar["vertical"]) == (dataset.name, dataset.parent.name), file
            if manifest["partition_column"] is None:
                assert {p.name for p in dataset.iterdir()} == {
                    "_manifest.json",
                    f"_{dataset.name}.parquet.meta.json",
                    f"{dataset.name}.parquet",
                }, dataset
                assert self.sidecar(dataset.parent.name, dataset.name)["columns"] == manifest["columns"], dataset
            assert sum(entry["row_count"] for entry in manifest["files"]) == manifest["total_rows"], dataset
            rows[dataset.name] = manifest["total_rows"]
        assert {table: rows[table] for table in expected_rows} == dict(expected_rows)
        leftovers = [
            p
            for p in self.paths.exports.rglob("*")
            if p.is_file() and not p.name.endswith((".parquet", ".json")) and p != self.paths.exports / CATALOG
        ]
        assert leftovers == [] and not list((self.paths.exports / ".pending").rglob("*"))


def file_sidecar(file: Path) -> Path:
    """The sidecar of an exported Parquet file: beside it, named so that dataset readers skip it."""
    return file.with_name(f"_{file.name}.meta.json")


def check_parquet_file(file: Path, sidecar: Mapping[str, Any], columns: Sequence[str]) -> None:
    """The file is Snappy in every column chunk, has `columns`, and its sidecar's checksum, size, row count and
    row groups are the file's."""
    metadata = pq.ParquetFile(file).metadata
    codecs = {
        metadata.row_group(group).column(column).compression
        for group in range(metadata.num_row_groups)
        for column in range(metadata.num_columns)
    }
    assert codecs == {"SNAPPY"}, file
    assert sidecar["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest(), file
    assert (sidecar["row_count"], sidecar["size_bytes"]) == (metadata.num_rows, file.stat().st_size), file
    assert (sidecar["compression"], sidecar["row_groups"]) == ("snappy", metadata.num_row_groups), file
    assert metadata.schema.to_arrow_schema().names == list(columns), file


def replay(
    paths: Paths,
    verticals: Sequence[str],
    days: Iterable[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    emulator: Emulator | None = None,
) -> ReplayRun:
    """Run `verticals` once per day against the emulator (a fresh one unless given), like `make demo` does."""
    run = ReplayRun(paths)
    own = emulator is None
    emulator = emulator or Emulator(verticals).start()
    try:
        orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls())
        for day in days or emulator.days:
            emulator.set_day(day)
            run.results[day] = orchestrator.run_all_pipelines(verticals, as_of_date=day, extractor_params=params)
    finally:
        if own:
            emulator.stop()
    return run


def run_killed(script: str, paths: Paths, emulator: Emulator, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a child Python that kills itself with exit code 9 (as kill -9 would stop it); it gets the
    paths' fields as JSON, the emulator's gaming base URLs as JSON, then `arguments`."""
    fields = {name: str(getattr(paths, name)) for name in ("project_dir", "warehouse", "exports", "state", "logs")}
    killed = subprocess.run(
        [sys.executable, "-c", script, json.dumps(fields), json.dumps(emulator.base_urls()["gaming"]), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr[-3000:]
    return killed


def land(paths: Paths, emulator: Emulator, vertical: str, as_of_date: str, run_id: str) -> LoadOutcome:
    """Extract and load one vertical's day from the emulator (at the day it is set to) without building it: how
    days pile up when builds fail, or in a backfill."""
    specs = discover()
    params = resolve_run_params(specs, [vertical], {}, replay=True, as_of_date=as_of_date)[vertical]
    orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls(), specs=specs)
    clients = orchestrator.build_clients(specs[vertical], StatsRegistry(), as_of_date, emulator.base_urls()[vertical])
    try:
        return extract_and_load(specs[vertical], paths, clients, as_of_date=as_of_date, run_id=run_id, params=params)
    finally:
        for client in clients.values():
            client.close()


@dataclass
class UnitTestRun:
    declared: set[str]
    statuses: dict[str, str]
    output: str


def duckdb_pipeline(tmp_path: Path, name: str, dataset: str) -> dlt.Pipeline:
    """A dlt pipeline of its own under `tmp_path`, loading into `<tmp_path>/<name>.duckdb` as `dataset`."""
    return dlt.pipeline(
        pipeline_name=name,
        destination=dlt.destinations.duckdb(str(tmp_path / f"{name}.duckdb")),
        dataset_name=dataset,
        pipelines_dir=str(tmp_path / "pipelines"),
    )


def run_dbt(warehouse: Path, target: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`dbt <arguments>` against `warehouse`, with its target (manifest, results) in `target`."""
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            *arguments,
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
        ],
        env={**os.environ, "STARLINE_WAREHOUSE": str(warehouse)},
        capture_output=True,
        text=True,
        check=False,
    )


def dbt_test(paths: Paths, selector: str, target: Path) -> str:
    """`dbt test --select <selector>` against the warehouse of `paths`; its output (results in `target`)."""
    completed = run_dbt(paths.warehouse, target, "test", "--select", selector)
    return completed.stdout + completed.stderr


def copy_of_warehouse(run: ReplayRun, tmp_path: Path) -> Paths:
    """A copy of the run's warehouse to damage or test: the tests check the marts dbt built (`<vertical>_build`),
    before they are published, and dbt's own hooks write to the warehouse it runs on."""
    paths = make_paths(tmp_path)
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(run.paths.warehouse, paths.warehouse)
    return paths


def model_test_results(paths: Paths, model: str, target: Path) -> dict[str, tuple[str, list]]:
    """Runs the model's `rows_are_valid` tests: per test name its status and the failure rows its query returns,
    (check, column, value outside the accepted list, referenced column, count) each."""
    output = dbt_test(paths, f"{model},test_name:rows_are_valid", target)
    manifest = json.loads((target / "manifest.json").read_text())
    statuses = {result.unique_id: result.status for result in read_run_results(target / "run_results.json")}
    results = {
        node["name"]: (statuses[uid], failure_rows(paths.warehouse, target, node))
        for uid, node in manifest["nodes"].items()
        if node.get("attached_node") == f"model.starline.{model}" and uid in statuses
    }
    assert results, output[-4000:]
    return results


def failure_rows(warehouse: Path, target: Path, test: dict) -> list[tuple]:
    """The rows the test's compiled query (under `target`) returns on `warehouse`, in order."""
    compiled = next((target / "compiled").rglob(Path(test["compiled_path"]).name)).read_text()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(f"select * from ({compiled}) as failing order by all").fetchall()


def run_unit_tests(paths: Paths, vertical: str) -> UnitTestRun:
    """dbt's unit tests of `vertical` against a built warehouse (dbt reads their inputs' column types from it).
    The runner's daily build leaves unit tests out: the suite runs them here, once per vertical."""
    target = paths.state / "unit_test_target"
    output = dbt_test(paths, f"{vertical},resource_type:unit_test", target)
    manifest = json.loads((target / "manifest.json").read_text())
    return UnitTestRun(
        declared={uid for uid, test in manifest["unit_tests"].items() if test["fqn"][1] == vertical},
        statuses={
            result.unique_id: result.status
            for result in read_run_results(target / "run_results.json")
            if result.unique_id.startswith("unit_test.")
        },
        output=output,
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` sends the tests of one group to one worker by the `@<group>` suffix of their node ids.
    A test's group is its `xdist_group` mark, else its file: a file's module fixtures (its replays) are then built
    once, on one worker, where loadgroup alone spreads unmarked tests one by one and each worker would build them.
    pytest-xdist 3.8 adds the suffix by setting `item._nodeid`, which pytest 9 no longer reads (a node id is
    `item._id`), so it is set here."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        groups = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        } or {item.nodeid.split("::")[0]}
        suffix = "@" + "_".join(sorted(groups))
        if not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


@pytest.fixture(autouse=True)
def no_active_dlt_pipeline() -> None:
    """A source iterated outside a pipeline reads the active pipeline's state (resume markers, for one): start
    every test without the pipeline an earlier test in this process left active."""
    context = Container()[PipelineContext]
    if context.is_active():
        context.deactivate()


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return make_paths(tmp_path)


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's files (warehouse, exports, state, logs) under tmp_path, for code that reads them from the
    environment (the CLI, live-mode orchestrators)."""
    for variable, folder in (
        ("STARLINE_WAREHOUSE", "warehouse/warehouse.duckdb"),
        ("STARLINE_EXPORT_DIR", "exports"),
        ("STARLINE_STATE_DIR", "state"),
        ("STARLINE_LOG_DIR", "logs"),
    ):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    return tmp_path


@pytest.fixture(scope="session")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ReplayRun]:
    """`replayed("gaming")`: the vertical replayed over every emulated day, once per test session (read-only use)."""
    runs: dict[str, ReplayRun] = {}

    def get(vertical: str) -> ReplayRun:
        if vertical not in runs:
            runs[vertical] = replay(make_paths(tmp_path_factory.mktemp(f"replay-{vertical}")), [vertical])
            failed = [r for results in runs[vertical].results.values() for r in results if r.status != "success"]
            assert not failed, f"replay of {vertical} failed: {[(r.as_of_date, r.error) for r in failed]}"
        return runs[vertical]

    return get


DEMO_VERTICALS = ["gaming", "crypto", "betting", "media"]
# The tests that read the `demo` warehouse share this group, so that one worker replays it once per session.
DEMO_GROUP = "demo-warehouse"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    """Every vertical replayed over every emulated day: the data `make demo` builds (read-only use)."""
    run = replay(make_paths(tmp_path_factory.mktemp("demo")), DEMO_VERTICALS)
    failed = [
        (r.pipeline, r.as_of_date, r.error)
        for results in run.results.values()
        for r in results
        if r.status != "success"
    ]
    assert not failed, f"the demo replay failed: {failed}"
    return run
