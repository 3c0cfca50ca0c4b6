"""SCD2 history does not depend on how days were landed: several days landed and then built once (after failed
builds, or a backfill) give the marts that building each day on its own gives.

Day three is day two's answers with a tracked attribute changed for a third of the entities (games renamed,
titles retitled), so the SCD2 dimension gets versions on days two and three; built once, all three days must
still become versions in as-of order, and every fact row must point to the version valid on its day, not to the
unknown member."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


def retitled_third(body: Any) -> Any:
    name = "title" if "title" in body else "name"
    if int(body["id"]) % 3 == 0:
        body[name] = f"{body[name]} (Remastered)"
    return body


@dataclass(frozen=True)
class Vertical:
    """How day three changes a vertical, and where its SCD2 dimension and fact are."""

    day_three_path: str  # the answers day three rewrites (a regex searched in the request path)
    day_three_change: Callable[[Any], Any]
    marts: frozenset[str]  # mart tables that must exist and compare equal (at least these)
    dimension: str
    name_column: str  # the tracked attribute day three changes
    fact: str
    fact_key: str  # the fact's key to the dimension
    versions_known: dict[str, int]  # versions starting on a day, as the emulator's fixtures document them


VERTICALS = {
    "gaming": Vertical(
        r"/steam-store/api/appdetails",
        renamed_third,
        frozenset({"dim_game", "fct_game_daily_metrics", "bridge_game_tag", "dim_tag"}),
        "dim_game",
        "game_name",
        "fct_game_daily_metrics",
        "game_key",
        {},
    ),
    "media": Vertical(
        r"^/tmdb/(movie|tv)/\d+$",
        retitled_third,
        frozenset({"dim_title", "fct_title_daily_metrics", "bridge_title_genre", "dim_genre", "dim_language"}),
        "dim_title",
        "title",
        "fct_title_daily_metrics",
        "title_key",
        # 40 movies and 26 shows on day one; day two retitles movie 83533 (ingestion/emulator/media.py).
        {"2025-01-01": 66, "2025-01-02": 1},
    ),
}


def landed(root: Path, vertical: str, build_each_day: bool) -> Path:
    paths = make_paths(root)
    with Emulator([vertical]) as emulator:
        for as_of_date, emulator_day in DAYS:
            emulator.set_day(emulator_day)
            if as_of_date == "2025-01-03":
                emulator.rewrite(VERTICALS[vertical].day_three_path, VERTICALS[vertical].day_three_change)
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


@pytest.mark.parametrize("vertical", sorted(VERTICALS))
def test_three_days_landed_then_built_once_equal_three_daily_builds(tmp_path: Path, vertical: str) -> None:
    spec = VERTICALS[vertical]
    once = landed(tmp_path / "once", vertical, build_each_day=False)
    daily = landed(tmp_path / "daily", vertical, build_each_day=True)

    differences = mart_differences(once, daily, vertical)
    assert set(differences) >= spec.marts
    assert {table: diff for table, diff in differences.items() if diff[:2] != (0, 0)} == {}

    with duckdb.connect(str(once), read_only=True) as connection:
        versions = dict(
            connection.execute(
                f"select valid_from::varchar, count(*) from {vertical}.{spec.dimension} where not is_unknown_member "
                "group by 1"
            ).fetchall()
        )
        unknown_facts = connection.execute(
            f"select count(*) from {vertical}.{spec.fact} where {spec.fact_key} = '-1'"
        ).fetchone()
        renamed = connection.execute(
            f"select count(*) from {vertical}.{spec.dimension} where valid_from = '2025-01-03' "
            f"and {spec.name_column} like '%(Remastered)'"
        ).fetchone()
    # Every entity's first version starts on day one; days two and three both start versions.
    assert set(versions) == {"2025-01-01", "2025-01-02", "2025-01-03"}
    assert {day: versions[day] for day in spec.versions_known} == spec.versions_known
    assert renamed is not None and renamed[0] == versions["2025-01-03"] > 0
    assert unknown_facts == (0,)
