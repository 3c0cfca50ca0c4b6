"""Runs of the gaming vertical through the runner: re-runs, rebuilds, failures and a single-vertical dbt build."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ingestion.emulator import Emulator, Fault
from ingestion.http import StatsRegistry
from ingestion.runner.extract import extract_and_load
from ingestion.runner.orchestrator import make_clients
from ingestion.runner.paths import Paths
from ingestion.runner.transform import build
from ingestion.sources.gaming import SPEC
from tests.conftest import ReplayRun, make_paths, replay

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"


def export_checksums(paths: Paths) -> dict[str, str]:
    return {
        str(file.relative_to(paths.exports)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(paths.exports.rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def day_one_twice(tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    return replay(make_paths(tmp_path_factory.mktemp("rerun")), ["gaming"], days=[DAY_ONE, DAY_ONE])


def test_rerunning_an_as_of_date_replaces_its_facts_instead_of_adding(day_one_twice: ReplayRun) -> None:
    run = day_one_twice
    first, second = (results[0] for results in [run.results[DAY_ONE]] * 2)
    assert first.status == second.status == "success"
    assert run.scalar("select count(*) from gaming.fct_game_daily_metrics") == 60
    assert run.scalar("select count(*) from gaming.dim_game") == 61  # one version per game + the unknown member
    # Raw keeps both loads (history); staging and marts see one row per app and day.
    assert run.scalar("select count(*) from raw_gaming.steamspy_apps") == 120
    assert run.scalar("select count(distinct _load_id) from gaming.fct_game_daily_metrics") == 1
    assert run.scalar("select count(*) from ops.etl_runs where status = 'success'") == 2


def test_rebuilding_unchanged_data_gives_byte_identical_exports(day_one_twice: ReplayRun) -> None:
    paths = day_one_twice.paths
    before = export_checksums(paths)
    outcome = build(paths, ["gaming"], "rebuild-without-new-data")
    assert (outcome.verticals["gaming"].status, outcome.shared_passed) == ("success", True)
    assert export_checksums(paths) == before
    assert day_one_twice.sidecar("gaming", "dim_game")["run_id"] == "rebuild-without-new-data"


def test_a_failing_api_fails_the_vertical_and_leaves_warehouse_and_exports_as_they_were(
    day_one_twice: ReplayRun,
) -> None:
    paths = day_one_twice.paths
    before = export_checksums(paths)
    facts_before = day_one_twice.scalar("select count(*) from gaming.fct_game_daily_metrics")
    with Emulator(["gaming"]) as emulator:
        emulator.faults.add(Fault(path_pattern="/steam-store/", kind="status", status=500, times=None))
        failed = replay(paths, ["gaming"], days=[DAY_TWO], emulator=emulator).results[DAY_TWO][0]
    assert failed.status == "failed"
    assert "500" in (failed.error or "") and "steam_store" in (failed.error or "")
    assert export_checksums(paths) == before
    assert day_one_twice.scalar("select count(*) from gaming.fct_game_daily_metrics") == facts_before
    assert day_one_twice.scalar("select count(*) from raw_gaming.steamspy_apps where as_of_date = ?", [DAY_TWO]) == 0
    logged = day_one_twice.query("select status, error from ops.etl_runs where as_of_date = ?", [DAY_TWO])
    assert logged == [("failed", failed.error)]


def test_dbt_build_select_gaming_works_on_a_warehouse_where_nothing_else_was_built(paths: Paths) -> None:
    with Emulator(["gaming"]) as emulator:
        clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["gaming"])
        extract_and_load(
            SPEC, paths, clients, as_of_date=DAY_ONE, run_id="raw-only", params={"top_n": 100, "steamspy_max_pages": 5}
        )
    environment = {
        **os.environ,
        "STARLINE_WAREHOUSE": str(paths.warehouse),
        "STARLINE_EXPORT_DIR": str(paths.exports),
        "DBT_PROFILES_DIR": str(paths.project_dir),
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    completed = subprocess.run(
        [
            dbt,
            "build",
            "--select",
            "gaming",
            "--target-path",
            str(paths.state / "target"),
            "--log-path",
            str(paths.logs),
        ],
        cwd=paths.project_dir,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert "Created shared.dim_date" in completed.stdout
    run = ReplayRun(paths)
    assert run.scalar("select count(*) from gaming.fct_game_daily_metrics") == 60
    assert run.scalar("select count(*) from shared.dim_date where date_key = 20250101") == 1
    fact = paths.exports / "gaming" / "fct_game_daily_metrics"
    assert (fact / "as_of_month=2025-01" / "fct_game_daily_metrics_2025-01-01.parquet").exists()
    # Without the runner's pending folder, the build writes the dataset in place, manifest included.
    assert json.loads((fact / "_manifest.json").read_text())["total_rows"] == 60


def test_a_failing_dbt_test_fails_the_vertical_and_publishes_no_exports(day_one_twice: ReplayRun) -> None:
    paths = day_one_twice.paths
    before = export_checksums(paths)
    # Left by a run killed during its dbt build: the next run removes it before building.
    stale = paths.exports / ".pending" / "20250101T000000Z-killed" / "gaming" / "dim_game" / "dim_game.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"never published")
    with Emulator(["gaming"]) as emulator:
        emulator.set_day(DAY_TWO)
        body = requests.get(
            emulator.base_urls()["gaming"]["steam_store"] + "/api/appdetails", params={"appids": 570}, timeout=10
        ).json()
        # The same genre twice breaks stg_steam__app_genres' grain test: the build must stop before publishing.
        body["570"]["data"]["genres"].append(body["570"]["data"]["genres"][0])
        emulator.faults.add(
            Fault(
                path_pattern="/steam-store/api/appdetails",
                kind="status",
                status=200,
                body=json.dumps(body),
                query={"appids": "570"},
                times=None,
            )
        )
        failed = replay(paths, ["gaming"], days=[DAY_TWO], emulator=emulator).results[DAY_TWO][0]
    assert failed.status == "failed"
    assert "dbt build failed" in (failed.error or "") and "rows_are_valid_stg_steam__app_genres" in (failed.error or "")
    assert export_checksums(paths) == before
    assert not list((paths.exports / ".pending").rglob("*.parquet"))
    assert not stale.parents[2].exists()
