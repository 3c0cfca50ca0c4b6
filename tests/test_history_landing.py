"""SCD2 history does not depend on how days were landed: several days landed and then built once (after failed
builds, or a backfill) give the marts that building each day on its own gives, and so does rebuilding them
from raw.

Day three is day two's answers with a tracked attribute changed for some entities (per vertical, below), so the
SCD2 dimension gets versions on days two and three; built once, all three days must still become versions in
as-of order, and every fact row must point to the version valid on its day, not to the unknown member."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.transform import DbtBuildError, dbt_build, rebuild
from tests.conftest import land, make_paths

# Columns that tell loads and builds apart, not data: each warehouse gets its own load ids, run ids and build times.
LOAD_AUDIT = ("_load_id", "_loaded_at", "_run_id", "_built_at")
DAYS = [("2025-01-01", "2025-01-01"), ("2025-01-02", "2025-01-02"), ("2025-01-03", "2025-01-02")]


@dataclass(frozen=True)
class DayThree:
    """How a vertical's third day differs from its second, and what its once-built warehouse must then hold."""

    path: str  # the emulator answers rewritten on day three (a regex searched in the path)
    rewrite: Callable[[Any], Any]
    marts: set[str]  # marts that must be among those compared
    check: Callable[[duckdb.DuckDBPyConnection], None]


def renamed_third(body: Any) -> Any:
    for app_id, answer in body.items():
        data = answer.get("data") if isinstance(answer, dict) else None
        if isinstance(data, dict) and int(app_id) % 3 == 0:
            data["name"] = f"{data.get('name')} (Remastered)"
    return body


def check_gaming(connection: duckdb.DuckDBPyConnection) -> None:
    versions = dict(
        connection.execute(
            "select valid_from::varchar, count(*) from gaming.dim_game where not is_unknown_member group by 1"
        ).fetchall()
    )
    unknown_facts = connection.execute(
        "select count(*) from gaming.fct_game_daily_metrics where game_key = '-1'"
    ).fetchone()
    renamed = connection.execute(
        "select count(*) from gaming.dim_game where valid_from = '2025-01-03' and game_name like '%(Remastered)'"
    ).fetchone()
    # Every game's first version starts on day one; days two and three both start versions.
    assert set(versions) == {"2025-01-01", "2025-01-02", "2025-01-03"}
    assert renamed is not None and renamed[0] == versions["2025-01-03"] > 0
    assert unknown_facts == (0,)


def renamed_every_third_rank(body: Any) -> Any:
    for coin in body:
        rank = coin.get("market_cap_rank")
        if rank and rank % 3 == 0:
            coin["name"] = f"{coin['name']} (Wrapped)"
    return body


def check_crypto(connection: duckdb.DuckDBPyConnection) -> None:
    versions = connection.execute(
        "select valid_from::varchar, count(*), count(*) filter (where coin_name like '%(Wrapped)') "
        "from crypto.dim_coin where not is_unknown_member group by 1 order by 1"
    ).fetchall()
    # 60 coins from day one; on day two matic-network's rename, chainlink's new category (the emulator's scenario)
    # and the ten coins the detail plan reads for the first time; on day three the 19 coins ranked 3, 6, ..., 57.
    assert versions == [("2025-01-01", 60, 0), ("2025-01-02", 12, 0), ("2025-01-03", 19, 19)]
    wrapped_facts = connection.execute(
        "select f.as_of_date::varchar, count(*) from crypto.fct_coin_daily_metrics f "
        "join crypto.dim_coin d using (coin_key) where d.coin_name like '%(Wrapped)' group by 1"
    ).fetchall()
    assert wrapped_facts == [("2025-01-03", 19)]
    for fact in ("fct_coin_daily_metrics", "fct_coin_price_history"):
        assert connection.execute(f"select count(*) from crypto.{fact} where coin_key = '-1'").fetchone() == (0,)


def retitled_third(body: Any) -> Any:
    name = "title" if "title" in body else "name"
    if int(body["id"]) % 3 == 0:
        body[name] = f"{body[name]} (Remastered)"
    return body


def check_media(connection: duckdb.DuckDBPyConnection) -> None:
    versions = dict(
        connection.execute(
            "select valid_from::varchar, count(*) from media.dim_title where not is_unknown_member group by 1"
        ).fetchall()
    )
    unknown_facts = connection.execute(
        "select count(*) from media.fct_title_daily_metrics where title_key = '-1'"
    ).fetchone()
    renamed = connection.execute(
        "select count(*) from media.dim_title where valid_from = '2025-01-03' and title like '%(Remastered)'"
    ).fetchone()
    # 40 movies and 26 shows on day one; day two retitles movie 83533 (ingestion/emulator/media.py).
    assert {day: versions.get(day) for day in ("2025-01-01", "2025-01-02")} == {"2025-01-01": 66, "2025-01-02": 1}
    assert renamed is not None and renamed[0] == versions["2025-01-03"] > 0
    assert unknown_facts == (0,)


def renamed_even_teams(body: Any) -> Any:
    for sport in body["sports"]:
        for league in sport["leagues"]:
            for entry in league["teams"]:
                if int(entry["team"]["id"]) % 2 == 0:
                    entry["team"]["displayName"] += " (Renamed)"
    return body


def check_betting(connection: duckdb.DuckDBPyConnection) -> None:
    versions = dict(
        connection.execute(
            "select valid_from::varchar, count(*) from betting.dim_team where not is_unknown_member group by 1"
        ).fetchall()
    )
    # 30 teams from day one; the Athletics renamed on day two (the emulator's fixture); on day three the teams
    # with an even id: nfl 6, 8, 12; nba 2, 18; nhl 4, 6, 26; mlb 10, 18, 22.
    assert versions == {"2025-01-01": 30, "2025-01-02": 1, "2025-01-03": 11}
    renamed = connection.execute(
        "select count(*) from betting.dim_team where valid_from = '2025-01-03' and display_name like '%(Renamed)'"
    ).fetchone()
    assert renamed == (11,)
    for fact, keys in (
        ("fct_game_results", ("home_team_key", "away_team_key")),
        ("fct_game_odds", ("home_team_key", "away_team_key")),
        ("fct_team_standings_daily", ("team_key",)),
        ("fct_team_standing_stats_daily", ("team_key",)),
    ):
        for key in keys:
            unknown = connection.execute(f"select count(*) from betting.{fact} where {key} = '-1'").fetchone()
            assert unknown == (0,), (fact, key)
    # The standings of day three point to the renamed versions.
    on_day_three = connection.execute(
        "select count(*) from betting.fct_team_standings_daily as standings "
        "inner join betting.dim_team as teams on standings.team_key = teams.team_key "
        "where standings.as_of_date = '2025-01-03' and teams.display_name like '%(Renamed)'"
    ).fetchone()
    assert on_day_three == (11,)


VERTICALS = {
    "gaming": DayThree(
        r"/steam-store/api/appdetails",
        renamed_third,
        {"dim_game", "fct_game_daily_metrics", "bridge_game_tag", "dim_tag"},
        check_gaming,
    ),
    "crypto": DayThree(
        r"/coingecko/coins/markets",
        renamed_every_third_rank,
        {"dim_coin", "fct_coin_daily_metrics", "fct_coin_price_history", "bridge_coin_category", "dim_category"},
        check_crypto,
    ),
    "media": DayThree(
        r"^/tmdb/(movie|tv)/\d+$",
        retitled_third,
        {"dim_title", "fct_title_daily_metrics", "bridge_title_genre", "dim_genre", "dim_language"},
        check_media,
    ),
    "betting": DayThree(
        r"/espn-site/[^/]+/[^/]+/teams/?$",
        renamed_even_teams,
        {"dim_team", "fct_game_results", "fct_game_odds", "fct_team_standings_daily"},
        check_betting,
    ),
}


def landed(root: Path, vertical: str, build_each_day: bool) -> Path:
    paths = make_paths(root)
    with Emulator([vertical]) as emulator:
        for as_of_date, emulator_day in DAYS:
            emulator.set_day(emulator_day)
            if as_of_date == "2025-01-03":
                emulator.rewrite(VERTICALS[vertical].path, VERTICALS[vertical].rewrite)
            land(paths, emulator, vertical, as_of_date, run_id=f"run-{as_of_date}")
            if build_each_day:
                dbt_build(paths, ["shared", vertical], f"build-{as_of_date}")
    if not build_each_day:
        dbt_build(paths, ["shared", vertical], "build-once")
    return paths.warehouse


def mart_differences(once: Path, daily: Path, schema: str) -> dict[str, tuple[int, int, int]]:
    """Per mart table: (rows only built-once has, rows only day-by-day has, rows) compared on every column but
    the load audit columns."""
    differences = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{once}' as once (read_only)")
        connection.execute(f"attach '{daily}' as daily (read_only)")
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_catalog = 'once' "
                "and table_schema = ? and table_type = 'BASE TABLE' order by 1",
                [schema],
            ).fetchall()
        ]
        for table in tables:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns where table_catalog = 'once' "
                    "and table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if row[0] not in LOAD_AUDIT
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            only_once, only_daily, rows = connection.execute(
                f"select (select count(*) from (select {listed} from once.{schema}.{table} except all "
                f"select {listed} from daily.{schema}.{table})), "
                f"(select count(*) from (select {listed} from daily.{schema}.{table} except all "
                f"select {listed} from once.{schema}.{table})), "
                f"(select count(*) from daily.{schema}.{table})"
            ).fetchone()
            differences[table] = (only_once, only_daily, rows)
    return differences


# Each vertical's case builds its own warehouses (five builds): the cases run on any worker, not one after another.
@pytest.mark.parametrize(
    "vertical", [pytest.param(vertical, marks=pytest.mark.xdist_group(f"history-{vertical}")) for vertical in VERTICALS]
)
def test_three_days_landed_then_built_once_equal_three_daily_builds(tmp_path: Path, vertical: str) -> None:
    once = landed(tmp_path / "once", vertical, build_each_day=False)
    daily = landed(tmp_path / "daily", vertical, build_each_day=True)

    differences = mart_differences(once, daily, vertical)
    assert set(differences) >= VERTICALS[vertical].marts
    assert {table: diff for table, diff in differences.items() if diff[:2] != (0, 0)} == {}

    with duckdb.connect(str(once), read_only=True) as connection:
        VERTICALS[vertical].check(connection)

    # The rebuild from raw (snapshots dropped, every model from scratch) re-derives the same history.
    daily_paths = make_paths(tmp_path / "daily")
    rebuilt = rebuild(daily_paths, [vertical], "rebuild")
    assert rebuilt.verticals[vertical].status == "success", rebuilt.verticals[vertical].error
    # One model at a time: two full-refresh staging models side by side ran out of memory at scale M.
    run_results = json.loads((daily_paths.state / "dbt_target" / "run_results.json").read_text())
    assert run_results["args"]["threads"] == 1
    differences = mart_differences(daily, once, vertical)
    assert {table: diff for table, diff in differences.items() if diff[:2] != (0, 0)} == {}


def test_a_day_older_than_the_history_is_refused_and_the_marts_stay(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        for day in ("2025-01-01", "2025-01-02"):
            emulator.set_day(day)
            land(paths, emulator, "gaming", day, run_id=f"run-{day}")
            dbt_build(paths, ["shared", "gaming"], f"build-{day}")
        before = mart_rows(paths.warehouse)
        emulator.set_day("2025-01-01")
        emulator.rewrite(r"/steam-store/api/appdetails", renamed_third)
        land(paths, emulator, "gaming", "2024-12-31", run_id="run-late")

    with pytest.raises(DbtBuildError) as refused:
        dbt_build(paths, ["shared", "gaming"], "build-late")
    message = str(refused.value)
    assert "as-of 2024-12-31, older than 2025-01-02" in message
    assert "starline rebuild gaming" in message
    assert mart_rows(paths.warehouse) == before


def mart_rows(warehouse: Path) -> dict[str, Any]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            "versions": connection.execute("select count(*), min(valid_from) from gaming.dim_game").fetchone(),
            "facts": connection.execute(
                "select count(*), min(as_of_date) from gaming.fct_game_daily_metrics"
            ).fetchone(),
        }


def snapshot_of(warehouse: Path, copy: Path) -> Path:
    """A copy of a closed warehouse file: the state of the marts at this point, to compare with later."""
    copy.write_bytes(warehouse.read_bytes())
    return copy


@pytest.mark.xdist_group("history-rerun")
def test_a_same_day_rerun_gives_the_history_of_its_own_answers(tmp_path: Path) -> None:
    """Re-running the newest day after the source changed replaces that day's versions (issue 10: it used to add a
    second version on the same day with the same dbt_scd_id, and dim_game's key stopped being unique); re-running
    it again with the first answers takes the change back."""
    paths = make_paths(tmp_path / "rerun")
    with Emulator(["gaming"]) as emulator:
        for day in ("2025-01-01", "2025-01-02"):
            emulator.set_day(day)
            land(paths, emulator, "gaming", day, run_id=f"run-{day}")
            dbt_build(paths, ["shared", "gaming"], f"build-{day}")
        first_answers = snapshot_of(paths.warehouse, tmp_path / "first-answers.duckdb")
        emulator.rewrite(r"/steam-store/api/appdetails", renamed_third)
        land(paths, emulator, "gaming", "2025-01-02", run_id="rerun-changed")
        dbt_build(paths, ["shared", "gaming"], "build-rerun-changed")
        changed = snapshot_of(paths.warehouse, tmp_path / "changed.duckdb")
        emulator.clear_rewrites()
        land(paths, emulator, "gaming", "2025-01-02", run_id="rerun-reverted")
        dbt_build(paths, ["shared", "gaming"], "build-rerun-reverted")

    reference = make_paths(tmp_path / "reference")
    with Emulator(["gaming"]) as emulator:
        emulator.set_day("2025-01-01")
        land(reference, emulator, "gaming", "2025-01-01", run_id="reference-1")
        emulator.set_day("2025-01-02")
        emulator.rewrite(r"/steam-store/api/appdetails", renamed_third)
        land(reference, emulator, "gaming", "2025-01-02", run_id="reference-2")
    dbt_build(reference, ["shared", "gaming"], "reference-build")

    with duckdb.connect(str(changed), read_only=True) as connection:
        renamed, versions, on_day_two = connection.execute(
            "select count(*) filter (where game_name like '%(Remastered)'), count(*), "
            "count(*) filter (where valid_from = '2025-01-02') from gaming.dim_game where not is_unknown_member"
        ).fetchone()
    # Every third app renamed on day two, beside the emulator's own three day-two changes, and no version twice.
    assert renamed > 0 and on_day_two >= renamed
    assert versions == 60 + on_day_two
    assert {t: d for t, d in mart_differences(changed, reference.warehouse, "gaming").items() if d[:2] != (0, 0)} == {}
    reverted = mart_differences(paths.warehouse, first_answers, "gaming")
    assert {table: diff for table, diff in reverted.items() if diff[:2] != (0, 0)} == {}
