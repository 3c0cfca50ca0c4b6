"""The Dagster definitions (the `dagster` extra): each vertical's raw tables and dbt models as assets with dbt's
lineage, a job and a schedule per vertical from `[schedule]`, a freshness check per vertical, and the gaming
assets materialized against the emulator through the runner (same warehouse, exports and run log rows)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

dg = pytest.importorskip("dagster", reason="the dagster extra is not installed: pip install -e '.[dagster]'")

from ingestion.dagster_definitions import StarlineRunner, build_definitions  # noqa: E402
from tests.conftest import make_paths  # noqa: E402

pytestmark = pytest.mark.xdist_group("dagster")


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dagster")
    patch = pytest.MonkeyPatch()
    paths = make_paths(root)
    for name, value in {
        "STARLINE_WAREHOUSE": paths.warehouse,
        "STARLINE_STATE_DIR": paths.state,
        "STARLINE_LOG_DIR": paths.logs,
        "STARLINE_EXPORT_DIR": paths.exports,
    }.items():
        patch.setenv(name, str(value))
    yield root
    patch.undo()


@pytest.fixture(scope="module")
def definitions(environment: Path) -> dg.Definitions:
    return build_definitions(make_paths(environment))


def key(*parts: str) -> dg.AssetKey:
    return dg.AssetKey(list(parts))


def test_every_vertical_has_its_raw_tables_models_and_snapshot_as_assets(definitions: dg.Definitions) -> None:
    graph = definitions.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    for vertical, raw, mart, snapshot in (
        ("gaming", "steamspy_apps", "fct_game_daily_metrics", "snap_game"),
        ("crypto", "coins_markets", "fct_coin_daily_metrics", "snap_coin"),
        ("betting", "teams", "fct_game_results", "snap_team"),
        ("media", "movie_popular", "fct_title_daily_metrics", "snap_title"),
    ):
        assert {key(f"raw_{vertical}", raw), key(vertical, mart), key(vertical, snapshot)} <= keys
    # A dlt child table is an asset of its own.
    assert key("raw_gaming", "steam_app_details__data__genres") in keys
    assert key("shared", "dim_date") in keys


def test_lineage_runs_from_raw_through_staging_and_the_snapshot_to_the_marts(definitions: dg.Definitions) -> None:
    graph = definitions.resolve_asset_graph()
    assert (
        key("raw_gaming", "steam_app_details__data__genres")
        in graph.get(key("gaming", "stg_steam__app_genres")).parent_keys
    )
    assert key("gaming", "snap_game") in graph.get(key("gaming", "dim_game")).parent_keys
    fact_parents = graph.get(key("gaming", "fct_game_daily_metrics")).parent_keys
    assert {key("gaming", "dim_game"), key("gaming", "stg_steamspy__apps")} <= fact_parents
    upstream = graph.upstream_key_iterator(key("gaming", "fct_game_daily_metrics"))
    assert key("raw_gaming", "steamspy_apps") in set(upstream)


def test_a_job_schedule_and_freshness_check_per_vertical_from_the_same_settings(definitions: dg.Definitions) -> None:
    schedules = {schedule.name: schedule for schedule in definitions.schedules}
    assert {name: (s.cron_schedule, s.execution_timezone) for name, s in schedules.items()} == {
        "gaming_schedule": ("30 6 * * *", "UTC"),
        "crypto_schedule": ("20 0 * * *", "UTC"),
        "betting_schedule": ("0 11,23 * * *", "UTC"),
        "media_schedule": ("0 9 * * *", "UTC"),
    }
    checks = {check_key.name for check in definitions.asset_checks for check_key in check.check_keys}
    assert checks == {"gaming_freshness", "crypto_freshness", "betting_freshness", "media_freshness"}


def test_materializing_the_gaming_job_runs_the_vertical_and_logs_it_like_starline_run(
    definitions: dg.Definitions, environment: Path
) -> None:
    job = definitions.resolve_job_def("gaming_job")
    result = job.execute_in_process(
        resources={"starline": StarlineRunner(mode="replay", params={"gaming": {"steamspy_max_pages": 1}})}
    )
    assert result.success
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert key("gaming", "dim_game") in materialized and key("raw_gaming", "steamspy_apps") in materialized
    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == "gaming_freshness" and check.passed
    paths = make_paths(environment)
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        runs = connection.execute("select vertical, mode, status from ops.etl_runs").fetchall()
        games = connection.execute("select count(*) from gaming.dim_game where not is_unknown_member").fetchone()
    assert runs == [("gaming", "replay", "success")]
    assert games is not None and games[0] > 0
    assert (paths.exports / "gaming" / "dim_game" / "dim_game.parquet").exists()
