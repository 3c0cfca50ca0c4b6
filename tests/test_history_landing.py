"""SCD2 history does not depend on how days were landed: several days landed and then built once (after failed
builds, or a backfill) give the marts that building each day on its own gives.

Day three is day two's answers with a third of the games renamed, so the dimension gets versions on days two
and three; built once, all three days must still become versions in as-of order, and every fact row must
point to the version valid on its day, not to the unknown member."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.transform import DbtBuildError, dbt_build
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


def landed(root: Path, vertical: str, build_each_day: bool) -> Path:
    paths = make_paths(root)
    with Emulator([vertical]) as emulator:
        for as_of_date, emulator_day in DAYS:
            emulator.set_day(emulator_day)
            if as_of_date == "2025-01-03":
                emulator.rewrite(r"/steam-store/api/appdetails", renamed_third)
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


def test_three_days_landed_then_built_once_equal_three_daily_builds(tmp_path: Path) -> None:
    once = landed(tmp_path / "once", "gaming", build_each_day=False)
    daily = landed(tmp_path / "daily", "gaming", build_each_day=True)

    differences = mart_differences(once, daily, "gaming")
    assert set(differences) >= {"dim_game", "fct_game_daily_metrics", "bridge_game_tag", "dim_tag"}
    assert {table: diff for table, diff in differences.items() if diff[:2] != (0, 0)} == {}

    with duckdb.connect(str(once), read_only=True) as connection:
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
