"""Schema drift is seen, not silent: new raw fields are recorded and shown, a type change in a field staging reads
quarantines the records carrying it (and fails the vertical before anything is loaded when that is too many of
them), and raw values staging cannot cast are counted.

The replays start from one gaming day built once per module (copied per test) and serve day two through payload
rewrites shaped like the real SteamSpy and storefront answers (`../shared/reference_responses/gaming`)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner import drift, runlog
from ingestion.runner.orchestrator import VerticalResult
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.runner.report import print_status
from ingestion.sources.gaming.helpers import top_app_ids_by_owners
from tests.conftest import make_paths, replay

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
GAMING_SOURCES = "models/gaming/staging/_gaming__sources.yml"


def steamspy_catalogue(change: Callable[[str, dict[str, Any]], dict[str, Any]]) -> Callable[[Any], Any]:
    """A rewrite of SteamSpy `request=all` pages (appid -> app) through `change(appid, app)`; the same path also
    answers `request=appdetails`, a single app with an `appid` key, which is left as it is."""

    def rewrite(body: Any) -> Any:
        if not isinstance(body, dict) or "appid" in body:
            return body
        return {appid: change(appid, app) for appid, app in body.items()}

    return rewrite


def storefront(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[Any], Any]:
    """A rewrite of storefront appdetails answers (`{appid: {success, data}}`) through `change(data)`."""

    def rewrite(body: Any) -> Any:
        for answer in body.values():
            if isinstance(answer, dict) and isinstance(answer.get("data"), dict):
                answer["data"] = change(answer["data"])
        return body

    return rewrite


def price_final_as_text(data: dict[str, Any]) -> dict[str, Any]:
    # The formatted price where the cents were: "14,99€" instead of 1499.
    if "price_overview" in data:
        data["price_overview"]["final"] = data["price_overview"]["final_formatted"]
    return data


@pytest.fixture(scope="module")
def day_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root of a warehouse (and its dlt state) holding one normal gaming day."""
    root = tmp_path_factory.mktemp("drift-day-one")
    run = replay(make_paths(root), ["gaming"], days=[DAY_ONE])
    [result] = run.results[DAY_ONE]
    assert result.status == "success", result.error
    assert result.new_fields == []  # a first load is the baseline, not drift
    return root


@pytest.fixture
def after_day_one(day_one: Path, tmp_path: Path) -> Paths:
    shutil.copytree(day_one, tmp_path / "root")
    return make_paths(tmp_path / "root")


def run_day_two(paths: Paths, *rewrites: tuple[str, Callable[[Any], Any]]) -> VerticalResult:
    with Emulator(["gaming"]) as emulator:
        for pattern, change in rewrites:
            emulator.rewrite(pattern, change)
        [result] = replay(paths, ["gaming"], days=[DAY_TWO], emulator=emulator).results[DAY_TWO]
    return result


def query(paths: Paths, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def logged_run(paths: Paths, as_of_date: str) -> tuple[str, str | None, Any, Any]:
    [row] = query(
        paths,
        "select status, error, new_fields, uncast_values from ops.etl_runs where as_of_date = ? "
        "order by started_at desc limit 1",
        [as_of_date],
    )
    return row[0], row[1], json.loads(row[2]), json.loads(row[3])


def warehouse_state(paths: Paths) -> dict[str, Any]:
    """Every raw table's columns and row count, and every gaming mart's full content."""
    tables = query(
        paths,
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw_gaming', 'gaming') and table_type = 'BASE TABLE' order by all",
    )
    state: dict[str, Any] = {}
    for schema, table in tables:
        relation = f'{schema}."{table}"'
        if schema == "raw_gaming":
            columns = [row[0] for row in query(paths, f"select column_name from (describe {relation})")]
            state[relation] = (columns, query(paths, f"select count(*) from {relation}")[0][0])
        else:
            state[relation] = query(paths, f"select * from {relation} order by all")
    return state


def test_a_new_field_on_day_two_is_recorded_and_shown(after_day_one: Paths, capsys: pytest.CaptureFixture) -> None:
    """SteamSpy adds a field to every app; `userscore`, which no model reads, turns to text: both are new raw
    fields (the second as dlt's variant column), and neither fails the run."""
    result = run_day_two(
        after_day_one,
        (
            r"/steamspy/api\.php",
            steamspy_catalogue(lambda _, app: {**app, "followers": 12, "userscore": "n/a"}),
        ),
    )

    assert result.status == "success", result.error
    expected = [
        {"field": "raw_gaming.steamspy_apps.followers", "data_type": "bigint"},
        {"field": "raw_gaming.steamspy_apps.userscore__v_text", "data_type": "text"},
    ]
    assert result.new_fields == expected
    assert logged_run(after_day_one, DAY_TWO)[2] == expected
    print_status(after_day_one, limit=5)
    shown = capsys.readouterr().out
    assert "gaming: new field raw_gaming.steamspy_apps.followers (bigint)" in shown
    assert "gaming: new field raw_gaming.steamspy_apps.userscore__v_text (text)" in shown


# (rewrite, the error as a pattern): a contract column turning to text, a storefront price turning to text, and a
# contract column turning into an object. Every record carries the change, far above the quarantine's share.
THRESHOLD = (
    r"; above runtime\.starline_quarantine_max_share = 5%, so nothing of this run was loaded\. So many refusals "
    r"usually mean the API changed shape: fix the parser or the contract, or raise the share"
)
TYPE_CHANGES = {
    "ccu_as_text": (
        (r"/steamspy/api\.php", steamspy_catalogue(lambda _, app: {**app, "ccu": "n/a"})),
        r"QuarantineThresholdError: raw_gaming\.steamspy_apps: 60 of 60 records \(100\.0%\) refused, first: "
        r"steamspy_apps\.ccu: 'n/a' is not a bigint" + THRESHOLD,
    ),
    "store_final_price_as_text": (
        (r"/steam-store/api/appdetails", storefront(price_final_as_text)),
        # Apps without a price (free, unavailable) still load; the order the apps are detailed in varies.
        r"QuarantineThresholdError: raw_gaming\.steam_app_details: 50 of 60 records \(83\.3%\) refused, first: "
        r"steam_app_details\.data__price_overview__final: '\$[0-9.]+' is not a bigint" + THRESHOLD,
    ),
    "ccu_as_object": (
        (r"/steamspy/api\.php", steamspy_catalogue(lambda _, app: {**app, "ccu": {"peak": 10, "now": 7}})),
        r"QuarantineThresholdError: raw_gaming\.steamspy_apps: 60 of 60 records \(100\.0%\) refused, first: "
        r"steamspy_apps\.ccu: an object where bigint is declared" + THRESHOLD,
    ),
}


@pytest.mark.parametrize("case", TYPE_CHANGES)
def test_a_type_change_in_a_field_staging_reads_fails_and_loads_nothing(after_day_one: Paths, case: str) -> None:
    rewrite, message = TYPE_CHANGES[case]
    before = warehouse_state(after_day_one)

    result = run_day_two(after_day_one, rewrite)

    assert result.status == "failed" and re.fullmatch(message, result.error or ""), result.error
    assert logged_run(after_day_one, DAY_TWO)[:2] == ("failed", result.error)
    # Raw tables (columns and rows) and marts exactly as after day one.
    assert warehouse_state(after_day_one) == before
    assert not query(after_day_one, "select * from raw_gaming.steamspy_apps where as_of_date = ?", [DAY_TWO])


def test_the_next_normal_run_succeeds_without_the_rejected_package(after_day_one: Paths) -> None:
    rewrite, message = TYPE_CHANGES["ccu_as_text"]
    assert re.fullmatch(message, run_day_two(after_day_one, rewrite).error or "")
    # The same change again is caught again: the rejected run left nothing behind in dlt's schema.
    assert re.fullmatch(message, run_day_two(after_day_one, rewrite).error or "")

    result = run_day_two(after_day_one)

    assert result.status == "success", result.error
    assert result.new_fields == []
    columns = [row[0] for row in query(after_day_one, "select column_name from (describe raw_gaming.steamspy_apps)")]
    assert "ccu" in columns and "ccu__v_text" not in columns
    # Day one's catalogue and day two's, once each: nothing of the rejected runs was loaded.
    per_day = query(
        after_day_one,
        "select as_of_date::varchar, count(distinct _dlt_load_id), count(*) = count(ccu) "
        "from raw_gaming.steamspy_apps group by all order by 1",
    )
    assert per_day == [(DAY_ONE, 1, True), (DAY_TWO, 1, True)]


def test_values_staging_cannot_cast_are_counted_kept_in_raw_and_null_in_the_fact(
    after_day_one: Paths, capsys: pytest.CaptureFixture
) -> None:
    """Dota 2's owners range and Counter-Strike's price come as text no cast reads: the raw rows keep the text,
    the fact's owners are NULL for Dota 2, and the run log and `starline status` count one value of each."""
    unreadable = {"570": {"owners": "lots"}, "730": {"price": "n/a"}}
    result = run_day_two(
        after_day_one,
        (r"/steamspy/api\.php", steamspy_catalogue(lambda appid, app: {**app, **unreadable.get(appid, {})})),
    )

    assert result.status == "success", result.error
    expected = {"raw_gaming.steamspy_apps.owners": 1, "raw_gaming.steamspy_apps.price": 1}
    assert result.uncast_values == expected
    assert logged_run(after_day_one, DAY_TWO)[3] == expected
    kept = query(
        after_day_one,
        "select appid, owners, price from raw_gaming.steamspy_apps where as_of_date = ? and appid in (570, 730) "
        "order by appid",
        [DAY_TWO],
    )
    assert [kept[0][1], kept[1][2]] == ["lots", "n/a"]
    fact = query(
        after_day_one,
        "select owners_min, owners_max, owners_estimate from gaming.fct_game_daily_metrics "
        "where app_id = 570 and date_key = 20250102",
    )
    assert fact == [(None, None, None)]
    print_status(after_day_one, limit=5)
    shown = capsys.readouterr().out
    assert "gaming: 1 value of raw_gaming.steamspy_apps.owners could not be cast" in shown
    assert "gaming: 1 value of raw_gaming.steamspy_apps.price could not be cast" in shown


def test_apps_rank_by_owners_when_ccu_is_not_a_number() -> None:
    """Regression: a ccu sent as text or an object crashed the ranking (`bad operand type for unary -`) before
    the drift check could name the field."""
    apps = [
        {"appid": 10, "owners": "0 .. 20,000", "ccu": "n/a"},
        {"appid": 20, "owners": "0 .. 20,000", "ccu": 5},
        {"appid": 30, "owners": "20,000 .. 50,000", "ccu": {"now": 7}},
    ]
    assert top_app_ids_by_owners(apps, 3) == [30, 20, 10]


def test_declared_contract_reads_the_vertical_sources_yaml() -> None:
    contract = drift.declared_contract(PROJECT_DIR, "raw_gaming")
    assert contract["steamspy_apps"]["ccu"] == "bigint"
    assert contract["steam_app_details__data__genres"]["id"] == "varchar"
    assert "userscore" not in contract["steamspy_apps"]
    assert drift.declared_contract(PROJECT_DIR, "raw_nothing") == {}


def test_type_changes_name_variants_objects_and_lists_of_declared_columns_only() -> None:
    before = {"apps": {"ccu": "bigint", "price": "text", "userscore": "bigint"}}
    after = {
        "apps": {
            **before["apps"],
            "ccu__v_text": "text",
            "price__amount": "bigint",
            "userscore__v_text": "text",
            "followers": "bigint",
        },
        "apps__genres": {"description": "text"},
        "apps__tags": {"value": "text"},
    }
    contract = {
        "apps": {"ccu": "bigint", "price": "varchar", "tags": "varchar"},
        "apps__genres": {"description": "varchar"},
    }

    added = drift.new_fields(before, after)
    changes = drift.type_changes(added, after, contract, "raw_x")

    assert [f"{new.table}.{new.column}" for new in added] == [
        "apps.ccu__v_text",
        "apps.followers",
        "apps.price__amount",
        "apps.userscore__v_text",
        "apps__genres.description",
        "apps__tags.value",
    ]
    # The first genres of a declared child table are not news: the contract had created the table empty.
    assert [f"{new.table}.{new.column}" for new in drift.undeclared(added, contract)] == [
        "apps.ccu__v_text",
        "apps.followers",
        "apps.price__amount",
        "apps.userscore__v_text",
        "apps__tags.value",
    ]
    assert changes == [
        "raw_x.apps.ccu changed type from bigint to text (dlt put its values in column ccu__v_text)",
        "raw_x.apps.price changed type from text to object (dlt put its values in columns price__*)",
        # `tags` was declared but never loaded: its old type is the declared one.
        "raw_x.apps.tags changed type from varchar to list (dlt put its values in table apps__tags)",
    ]


def test_the_run_log_of_an_older_warehouse_gains_the_drift_columns(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema ops")
        # ops.etl_runs as created before drift was recorded, with one run in it.
        connection.execute(
            runlog.RUNS_DDL.replace("new_fields json,", "")
            .replace("uncast_values json,", "")
            .replace("quarantined json,", "")
        )
        connection.execute(
            "insert into ops.etl_runs (run_id, vertical, mode, started_at, status) "
            "values ('old', 'gaming', 'replay', '2025-01-01 00:00:00', 'success')"
        )
    record = runlog.RunRecord(
        run_id="new",
        vertical="gaming",
        mode="replay",
        as_of_date=DAY_TWO,
        started_at=datetime(2025, 1, 2),
        status="success",
        new_fields=[{"field": "raw_gaming.steamspy_apps.followers", "data_type": "bigint"}],
        uncast_values={"raw_gaming.steamspy_apps.price": 12},
        quarantined={"steamspy_apps": 2},
    )

    runlog.write(warehouse, record)

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select run_id, status, new_fields, uncast_values from ops.etl_runs order by run_id"
        ).fetchall()
    assert rows[0][:2] == ("new", "success")
    assert json.loads(rows[0][2]) == [{"field": "raw_gaming.steamspy_apps.followers", "data_type": "bigint"}]
    assert json.loads(rows[0][3]) == {"raw_gaming.steamspy_apps.price": 12}
    assert rows[1] == ("old", "success", None, None)
    assert runlog.latest_drift(warehouse) == [
        (
            "gaming",
            "new",
            [{"field": "raw_gaming.steamspy_apps.followers", "data_type": "bigint"}],
            {"raw_gaming.steamspy_apps.price": 12},
            {"steamspy_apps": 2},
        )
    ]
