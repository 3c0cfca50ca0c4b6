"""One dbt build per run over every vertical that loaded, its results split back per vertical; `starline build`
and `starline rebuild`; runs for an as-of date older than the built history refused before anything is written.

The tests share one warehouse (gaming and crypto, two emulated days) and run in file order: each leaves it as the
next expects (the refused run and the build without new data change nothing; the failing test runs last)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.cli import main
from ingestion.emulator import Emulator
from ingestion.runner import transform
from ingestion.runner.paths import Paths
from tests.conftest import ReplayRun, copy_of_warehouse, make_paths, model_test_results, replay

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
VERTICALS = ["gaming", "crypto"]


class CountingDbt:
    """Counts the dbt processes the runner starts (every dbt invocation goes through `transform.invoke`)."""

    def __init__(self) -> None:
        self.calls = 0
        self.invoke = transform.invoke

    def __call__(self, *args: Any, **kwargs: Any) -> transform.Invocation:
        self.calls += 1
        return self.invoke(*args, **kwargs)


@pytest.fixture(scope="module")
def dbt_calls() -> Iterator[CountingDbt]:
    counter = CountingDbt()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transform, "invoke", counter)
        yield counter


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory, dbt_calls: CountingDbt) -> ReplayRun:
    return replay(make_paths(tmp_path_factory.mktemp("one-build")), VERTICALS, days=[DAY_ONE, DAY_TWO])


@pytest.fixture
def environment(two_days: ReplayRun, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """The CLI pointed at the shared warehouse."""
    paths = two_days.paths
    for variable, path in (
        ("STARLINE_WAREHOUSE", paths.warehouse),
        ("STARLINE_EXPORT_DIR", paths.exports),
        ("STARLINE_STATE_DIR", paths.state),
        ("STARLINE_LOG_DIR", paths.logs),
    ):
        monkeypatch.setenv(variable, str(path))
    return paths


def checksums(paths: Paths, vertical: str) -> dict[str, str]:
    """The vertical's dimension and bridge files (one per table folder) by checksum."""
    return {
        file.name: hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted((paths.exports / vertical).glob("*/*.parquet"))
    }


def run_results(paths: Paths) -> Path:
    return paths.state / "dbt_target" / "run_results.json"


def raw_counts(run: ReplayRun) -> dict[str, int]:
    return {
        f"{schema}.{table}": run.scalar(f'select count(*) from "{schema}"."{table}"')
        for schema, table in run.query(
            "select table_schema, table_name from information_schema.tables where starts_with(table_schema, 'raw_')"
        )
    }


def test_each_day_is_one_dbt_build_of_every_vertical(two_days: ReplayRun, dbt_calls: CountingDbt) -> None:
    assert dbt_calls.calls == 2
    # The daily build runs models, snapshots and data tests; the unit tests run once in the suite.
    kinds = {node.unique_id.split(".")[0] for node in transform.read_run_results(run_results(two_days.paths))}
    assert kinds == {"model", "snapshot", "test", "operation"}
    for day in (DAY_ONE, DAY_TWO):
        assert [(r.vertical, r.status, r.as_of_date) for r in two_days.results[day]] == [
            ("gaming", "success", day),
            ("crypto", "success", day),
        ]
    assert two_days.scalar("select count(*) from gaming.fct_game_daily_metrics") == 120
    assert two_days.scalar("select count(distinct as_of_date) from crypto.fct_coin_daily_metrics") == 2
    rows = two_days.query(
        "select vertical, mode, status, transform_seconds > 0, export_seconds > 0 from ops.etl_runs "
        "where as_of_date = ? order by vertical",
        [DAY_TWO],
    )
    assert rows == [("crypto", "replay", "success", True, True), ("gaming", "replay", "success", True, True)]
    assert {path.parent.parent.name for path in two_days.paths.exports.glob("*/*/*.parquet")} == {"shared", *VERTICALS}


def test_an_as_of_date_older_than_the_built_history_is_refused_before_anything_is_written(
    two_days: ReplayRun, dbt_calls: CountingDbt
) -> None:
    raw_before, builds_before = raw_counts(two_days), dbt_calls.calls
    exports_before = {vertical: checksums(two_days.paths, vertical) for vertical in VERTICALS}
    refused = replay(two_days.paths, VERTICALS, days=[DAY_ONE]).results[DAY_ONE]

    for result in refused:
        assert result.status == "failed"
        assert result.error == (
            f"OlderAsOfError: as-of {DAY_ONE} is older than {DAY_TWO}, the newest as-of date already built for "
            f"{result.vertical}; SCD2 history only moves forward: land the dates in as-of order in a fresh "
            f"warehouse, or land it with `starline run {result.vertical} --as-of {DAY_ONE} --land-only` and then "
            f"run `starline rebuild {result.vertical}`"
        )
        assert result.records_by_resource == {}
    assert raw_counts(two_days) == raw_before
    assert dbt_calls.calls == builds_before
    assert {vertical: checksums(two_days.paths, vertical) for vertical in VERTICALS} == exports_before
    logged = two_days.query(
        "select vertical, status, error from ops.etl_runs where run_id = ? order by vertical", [refused[0].run_id]
    )
    assert [(vertical, status) for vertical, status, _ in logged] == [("crypto", "failed"), ("gaming", "failed")]
    assert all(error.startswith(f"OlderAsOfError: as-of {DAY_ONE} is older than {DAY_TWO}") for _, _, error in logged)


def test_starline_build_transforms_what_is_landed_and_logs_it(environment: Paths, two_days: ReplayRun) -> None:
    before = {vertical: checksums(environment, vertical) for vertical in VERTICALS}
    assert main(["build", *VERTICALS]) == 0

    # Nothing new was landed: the same marts, byte for byte.
    assert {vertical: checksums(environment, vertical) for vertical in VERTICALS} == before
    assert two_days.scalar("select count(*) from gaming.fct_game_daily_metrics") == 120
    run_id = two_days.scalar("select max(run_id) from ops.etl_runs where mode = 'build'")
    logged = two_days.query(
        "select vertical, as_of_date::varchar, status, records_extracted, tables_built from ops.etl_runs "
        "where run_id = ? order by vertical",
        [run_id],
    )
    assert logged == [("crypto", DAY_TWO, "success", 0, 10), ("gaming", DAY_TWO, "success", 0, 12)]
    assert two_days.sidecar("crypto", "dim_coin")["run_id"] == run_id


def test_starline_rebuild_drops_the_snapshots_and_rebuilds_every_mart_from_raw(
    environment: Paths, two_days: ReplayRun
) -> None:
    facts_before = two_days.scalar("select count(*) from crypto.fct_coin_daily_metrics")
    with duckdb.connect(str(environment.warehouse)) as connection:
        # A row no build could make: a rebuild that kept the snapshot table would keep it.
        connection.execute(
            "insert into crypto_snapshots.snap_coin (coin_id, dbt_scd_id) values ('not-a-coin', 'planted')"
        )
    assert main(["rebuild", "crypto"]) == 0

    assert two_days.scalar("select count(*) from crypto_snapshots.snap_coin where coin_id = 'not-a-coin'") == 0
    assert two_days.scalar("select count(*) from crypto_snapshots.snap_coin where dbt_valid_to is null") == 60
    assert two_days.scalar("select count(*) from crypto.fct_coin_daily_metrics") == facts_before
    assert two_days.query("select mode, status from ops.etl_runs where mode = 'rebuild'") == [("rebuild", "success")]


def duplicate_first_genre(body: Any) -> Any:
    """The same storefront genre twice for every app: stg_steam__app_genres' grain test fails."""
    for app in body.values():
        genres = (app.get("data") or {}).get("genres")
        if genres:
            genres.append(genres[0])
    return body


def test_one_verticals_failing_test_leaves_the_others_marts_exports_and_run_log(
    two_days: ReplayRun, dbt_calls: CountingDbt, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    paths = two_days.paths
    caplog.set_level(logging.INFO, logger="starline.progress")
    gaming_before, builds_before = checksums(paths, "gaming"), dbt_calls.calls
    with Emulator(VERTICALS) as emulator:
        emulator.rewrite(r"/steam-store/api/appdetails", duplicate_first_genre)
        # The same day again: a re-run of the newest as-of date is allowed.
        gaming, crypto = replay(paths, VERTICALS, days=[DAY_TWO], emulator=emulator).results[DAY_TWO]

    assert dbt_calls.calls == builds_before + 1
    assert gaming.status == "failed"
    assert gaming.error is not None and gaming.error.startswith("dbt build failed: test rows_are_valid_stg_steam")
    assert (crypto.status, crypto.error, len(crypto.tables_created)) == ("success", None, 10)
    assert checksums(paths, "gaming") == gaming_before
    assert two_days.sidecar("crypto", "dim_coin")["run_id"] == crypto.run_id
    assert two_days.sidecar("shared", "dim_date")["run_id"] == crypto.run_id
    assert two_days.sidecar("gaming", "dim_game")["run_id"] != crypto.run_id
    assert not list((paths.exports / ".pending").rglob("*.parquet"))
    logged = two_days.query(
        "select vertical, status, error from ops.etl_runs where run_id = ? order by vertical", [crypto.run_id]
    )
    assert logged == [("crypto", "success", None), ("gaming", "failed", gaming.error)]
    # dbt's own account of the failure goes into the run's log; no dbt file log is written.
    reported = [record.getMessage() for record in caplog.records if record.name == "starline.transform"]
    assert any(
        "Failure in test rows_are_valid_stg_steam__app_genres" in message and "starline-export-seconds" not in message
        for message in reported
    )
    assert not (paths.logs / "dbt").exists()
    # The failure was said while dbt ran, and the build's progress with it.
    progress = [record.getMessage() for record in caplog.records if record.name == "starline.progress"]
    assert any(m.startswith("dbt build: test.starline.rows_are_valid_stg_steam__app_genres") for m in progress)
    final = next(m for m in reversed(progress) if m.startswith("dbt build: ") and " nodes done " in m)
    done, total = re.match(r"dbt build: (\d+) of (\d+) nodes done", final).groups()
    assert done == total and ", 1 failed" in final
    # The failing test says which of its checks broke: the grain, at every app of the day with genres.
    results = model_test_results(copy_of_warehouse(two_days, tmp_path), "stg_steam__app_genres", tmp_path / "target")
    assert results == {
        "rows_are_valid_stg_steam__app_genres": (
            "fail",
            [("grain_is_unique", "app_id, as_of_date, genre_id", None, None, 59)],
        )
    }
