"""One writer at a time: the run lock, an analyst's open DuckDB connection, and load packages left pending."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from ingestion.clients import make_clients
from ingestion.emulator import Emulator
from ingestion.http import StatsRegistry
from ingestion.runner import extract
from ingestion.runner.extract import pipeline_for
from ingestion.runner.lock import LockTimeoutError, RunLock, WarehouseUnreadableError, wait_for_warehouse
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.paths import Paths
from ingestion.sources.gaming import SPEC
from tests.conftest import ReplayRun, land, make_paths, replay, run_killed


@contextmanager
def reader_holding(warehouse: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with a read-only connection open, as an analyst's DuckDB shell would have."""
    script = (
        "import duckdb, sys, time\n"
        f"connection = duckdb.connect({str(warehouse)!r}, read_only=True)\n"
        "print('open', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    reader = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        yield reader
    finally:
        reader.communicate("\n", timeout=30)


def test_a_second_run_waits_then_names_the_run_holding_the_lock(tmp_path: Path) -> None:
    lock_file = tmp_path / "run.lock"
    with RunLock(lock_file, owner="run first-run", timeout_seconds=1):
        started = time.monotonic()
        with pytest.raises(LockTimeoutError) as raised, RunLock(lock_file, owner="run second", timeout_seconds=0.6):
            pass
        assert time.monotonic() - started >= 0.5
    assert "another run is in progress (run first-run" in str(raised.value)
    with RunLock(lock_file, owner="run third", timeout_seconds=0.1):
        assert "run third" in lock_file.read_text()


def test_a_waiting_run_says_so_at_once_and_again_naming_the_holder_and_since_when(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lock_file = tmp_path / "run.lock"
    caplog.set_level(logging.WARNING, logger="starline.lock")
    with (
        RunLock(lock_file, owner="run nightly", timeout_seconds=1),
        pytest.raises(LockTimeoutError),
        RunLock(lock_file, owner="run second", timeout_seconds=1.0, poll_seconds=0.05, announce_every=0.3),
    ):
        pass
    said = [record.getMessage() for record in caplog.records if "waiting for the run lock" in record.getMessage()]
    assert 3 <= len(said) <= 5, said
    assert "held by run nightly (pid " in said[0] and ", since 20" in said[0] and "UTC)" in said[0]
    assert said[0].endswith(": 0 s so far, at most 1 s")


def test_waiting_for_the_warehouse_is_announced_at_once_and_every_few_seconds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    caplog.set_level(logging.WARNING, logger="starline.lock")
    with reader_holding(warehouse), pytest.raises(LockTimeoutError):
        wait_for_warehouse(warehouse, timeout_seconds=1.0, poll_seconds=0.05, announce_every=0.3)
    said = [record.getMessage() for record in caplog.records if "waiting for the warehouse" in record.getMessage()]
    assert 3 <= len(said) <= 5 and ", which is open in another process, held by " in said[0], said
    # DuckDB's own naming of the process, without its advice on read-only connections.
    assert re.search(r"held by \S+ \(PID \d+\): 0 s so far", said[0]) and "However" not in said[0], said[0]
    assert said[-1].endswith("s so far, at most 1 s")


def test_the_orchestrator_refuses_to_run_while_another_run_holds_the_lock(paths: Paths) -> None:
    with RunLock(paths.lock_file, owner="run nightly", timeout_seconds=1):
        orchestrator = Orchestrator(paths, mode="replay", replay_base_urls={"gaming": {}}, lock_timeout=0.2)
        with pytest.raises(LockTimeoutError, match="run nightly"):
            orchestrator.run_pipeline("gaming", as_of_date="2025-01-01")


def test_waiting_for_the_warehouse_gives_up_with_advice_while_a_reader_holds_it(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create table kept as select 42 as answer")
    with reader_holding(warehouse):
        with pytest.raises(LockTimeoutError) as raised:
            wait_for_warehouse(warehouse, timeout_seconds=0.5, poll_seconds=0.1)
        assert "is open in another process" in str(raised.value) and "Parquet exports" in str(raised.value)
    wait_for_warehouse(warehouse, timeout_seconds=0.5, poll_seconds=0.1)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select answer from kept").fetchall() == [(42,)]


def test_an_analyst_connection_fails_the_run_cleanly_and_damages_nothing(tmp_path: Path) -> None:
    run: ReplayRun = replay(make_paths(tmp_path), ["gaming"], days=["2025-01-01"])
    exports_before = {p.name: p.read_bytes() for p in run.paths.exports.rglob("*.parquet")}
    facts_before = run.scalar("select count(*) from gaming.fct_game_daily_metrics")
    with reader_holding(run.paths.warehouse), Emulator(["gaming"]) as emulator:
        emulator.set_day("2025-01-02")
        orchestrator = Orchestrator(run.paths, mode="replay", replay_base_urls=emulator.base_urls(), lock_timeout=1.0)
        result = orchestrator.run_pipeline("gaming", as_of_date="2025-01-02")
    assert result.status == "failed"
    assert "is open in another process" in (result.error or "")
    assert {p.name: p.read_bytes() for p in run.paths.exports.rglob("*.parquet")} == exports_before
    assert run.scalar("select count(*) from gaming.fct_game_daily_metrics") == facts_before
    # The run log row waited on disk while the warehouse was busy and lands with the next run.
    assert run.paths.deferred_runlog.exists()
    with Emulator(["gaming"]) as emulator:
        replay(run.paths, ["gaming"], days=["2025-01-01"], emulator=emulator)
    statuses = run.query("select as_of_date, status from ops.etl_runs order by started_at")
    assert [(str(day), status) for day, status in statuses] == [
        ("2025-01-01", "success"),
        ("2025-01-02", "failed"),
        ("2025-01-01", "success"),
    ]
    assert not run.paths.deferred_runlog.exists()


def test_a_load_left_pending_is_finished_and_the_new_day_still_loads(paths: Paths) -> None:
    with Emulator(["gaming"]) as emulator:
        # Day one is extracted and normalized but never loaded, as when a run dies during the load step.
        clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["gaming"])
        pipeline = pipeline_for(SPEC, paths)
        source = SPEC.make_source(clients, as_of_date="2025-01-01", run_id="crashed", app_ids=[570, 730])
        pipeline.extract(source, loader_file_format="parquet")
        pipeline.normalize()
        assert pipeline.has_pending_data
        emulator.set_day("2025-01-02")
        result = replay(paths, ["gaming"], days=["2025-01-02"], emulator=emulator).results["2025-01-02"][0]
    assert result.status == "success", result.error
    run = ReplayRun(paths)
    loaded = run.query("select as_of_date, count(*) from raw_gaming.steam_app_details group by 1 order by 1")
    assert [(str(day), count) for day, count in loaded] == [("2025-01-01", 2), ("2025-01-02", 60)]
    assert not pipeline_for(SPEC, paths).has_pending_data


def test_a_damaged_warehouse_fails_at_once_with_what_it_is_and_stays_as_it_was(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create table kept as select range as answer from range(1000)")
    with warehouse.open("r+b") as file:
        # The second header block: DuckDB reports "Corrupt database file ... in block at location 8192", a
        # message that contains "lock" without being a lock conflict.
        file.seek(8192)
        file.write(b"\0" * 4096)
    damaged = warehouse.read_bytes()
    started = time.monotonic()
    with pytest.raises(WarehouseUnreadableError) as raised:
        wait_for_warehouse(warehouse, timeout_seconds=600, poll_seconds=0.1)
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert "cannot be opened: IO Error: Corrupt database file" in message and "restore a backup" in message
    assert "another process" not in message
    assert warehouse.read_bytes() == damaged


def test_a_reader_that_opens_the_warehouse_during_extraction_delays_the_load_instead_of_failing_it(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with Emulator(["gaming"]) as emulator:
        replay(paths, ["gaming"], days=["2025-01-01"], emulator=emulator)
        emulator.set_day("2025-01-02")
        readers: list[subprocess.Popen[str]] = []
        checked_drift = extract.check_drift

        def reader_opens_after_extraction(*args: object) -> object:
            # An analyst connects while the APIs are read and closes the shell two seconds later.
            script = (
                "import duckdb, time\n"
                f"connection = duckdb.connect({str(paths.warehouse)!r}, read_only=True)\n"
                "print('open', flush=True)\n"
                "time.sleep(2)\n"
            )
            reader = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
            assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
            readers.append(reader)
            return checked_drift(*args)

        monkeypatch.setattr(extract, "check_drift", reader_opens_after_extraction)
        with caplog.at_level(logging.WARNING, logger="starline.lock"):
            loaded = land(paths, emulator, "gaming", "2025-01-02", "run-two")
    assert readers and readers[0].wait(timeout=30) == 0
    assert any("is open in another process" in record.getMessage() for record in caplog.records)
    assert loaded.rows_by_table["steam_app_details"] == 60
    days = ReplayRun(paths).query("select as_of_date, count(*) from raw_gaming.steam_app_details group by 1 order by 1")
    assert [(str(day), count) for day, count in days] == [("2025-01-01", 60), ("2025-01-02", 60)]


KILLED_AFTER_THE_FIRST_COMMIT = """
import json, os, pathlib, sys
from dlt.common.storages.load_package import PackageStorage
from ingestion.clients import make_clients
from ingestion.http import StatsRegistry
from ingestion.runner.extract import extract_and_load
from ingestion.runner.paths import Paths
from ingestion.verticals import discover, resolve_run_params

paths = Paths(**{name: pathlib.Path(value) for name, value in json.loads(sys.argv[1]).items()})
specs = discover()
params = resolve_run_params(specs, ["gaming"], {}, replay=True, as_of_date="2025-01-01")["gaming"]
clients = make_clients(specs["gaming"], stats=StatsRegistry(), replay_base_urls=json.loads(sys.argv[2]))
# kill -9 right after a job's rows are committed, before dlt writes down that the job is done.
PackageStorage.save_pending_transition = lambda *args, **kwargs: os._exit(9)
extract_and_load(specs["gaming"], paths, clients, as_of_date="2025-01-01", run_id="killed", params=params)
"""


def test_a_load_killed_after_a_job_committed_lands_its_rows_once_when_finished(paths: Paths) -> None:
    with Emulator(["gaming"]) as emulator:
        run_killed(KILLED_AFTER_THE_FIRST_COMMIT, paths, emulator)
        with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
            committed = [
                table
                for (table,) in connection.execute(
                    "select table_name from information_schema.tables where table_schema = 'raw_gaming' "
                    "and table_name not like '\\_dlt%' escape '\\'"
                ).fetchall()
                if connection.execute(f'select count(*) from raw_gaming."{table}"').fetchone()[0]  # type: ignore[index]
            ]
        assert committed, "the kill came after load jobs committed their rows"
        emulator.set_day("2025-01-02")
        result = replay(paths, ["gaming"], days=["2025-01-02"], emulator=emulator).results["2025-01-02"][0]
    assert result.status == "success", result.error
    run = ReplayRun(paths)
    duplicated = {
        table: run.scalar(f'select count(*) - count(distinct _dlt_id) from raw_gaming."{table}"')
        for (table,) in run.query(
            "select table_name from information_schema.columns where table_schema = 'raw_gaming' "
            "and column_name = '_dlt_id'"
        )
    }
    assert len(duplicated) > 10 and set(duplicated.values()) == {0}, duplicated
    loaded = run.query("select as_of_date, count(*) from raw_gaming.steam_app_details group by 1 order by 1")
    assert [(str(day), count) for day, count in loaded] == [("2025-01-01", 60), ("2025-01-02", 60)]
