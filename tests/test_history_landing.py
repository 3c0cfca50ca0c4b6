"""SCD2 history does not depend on how days were landed: several days landed and then built once (after failed
builds, or a backfill) give the marts that building each day on its own gives.

Day three is day two's answers with a tracked attribute changed for some entities of each vertical (a third of
the games renamed, the teams with an even id renamed), so its SCD2 dimension gets versions on days two and three;
built once, all three days must still become versions in as-of order, and every fact row must point to the
version valid on its day, not to the unknown member."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.transform import dbt_build
from tests.conftest import land, make_paths

# Columns that tell loads and builds apart, not data: each warehouse gets its own load ids and build times.
LOAD_AUDIT = ("_load_id", "_loaded_at", "_built_at")
DAYS = [("2025-01-01", "2025-01-01"), ("2025-01-02", "2025-01-02"), ("2025-01-03", "2025-01-02")]


def renamed_third(body: Any) -> Any:
    for app_id, answer in body.items():
        data = answer.get("data") if isinstance(answer, dict) else None
        if isinstance(data, dict) and int(app_id) % 3 == 0:
            data["name"] = f"{data.get('name')} (Remastered)"
    return body


def renamed_even_teams(body: Any) -> Any:
    for sport in body["sports"]:
        for league in sport["leagues"]:
            for entry in league["teams"]:
                if int(entry["team"]["id"]) % 2 == 0:
                    entry["team"]["displayName"] += " (Renamed)"
    return body


# Per vertical: the answers rewritten on day three (path pattern, change).
DAY_THREE: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "gaming": (r"/steam-store/api/appdetails", renamed_third),
    "betting": (r"/espn-site/[^/]+/[^/]+/teams/?$", renamed_even_teams),
}


def landed(root: Path, vertical: str, build_each_day: bool) -> Path:
    paths = make_paths(root)
    with Emulator([vertical]) as emulator:
        for as_of_date, emulator_day in DAYS:
            emulator.set_day(emulator_day)
            if as_of_date == "2025-01-03":
                emulator.rewrite(*DAY_THREE[vertical])
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


# Per vertical: the marts that must exist, and the checks of its SCD2 dimension in the built-once warehouse.
EXPECTATIONS: dict[str, tuple[set[str], Callable[[duckdb.DuckDBPyConnection], None]]] = {
    "gaming": ({"dim_game", "fct_game_daily_metrics", "bridge_game_tag", "dim_tag"}, check_gaming),
    "betting": ({"dim_team", "fct_game_results", "fct_game_odds", "fct_team_standings_daily"}, check_betting),
}


@pytest.mark.parametrize("vertical", sorted(DAY_THREE))
def test_three_days_landed_then_built_once_equal_three_daily_builds(tmp_path: Path, vertical: str) -> None:
    once = landed(tmp_path / "once", vertical, build_each_day=False)
    daily = landed(tmp_path / "daily", vertical, build_each_day=True)
    marts, check = EXPECTATIONS[vertical]

    differences = mart_differences(once, daily, vertical)
    assert set(differences) >= marts
    assert {table: diff for table, diff in differences.items() if diff[:2] != (0, 0)} == {}

    with duckdb.connect(str(once), read_only=True) as connection:
        check(connection)
