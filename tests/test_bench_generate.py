"""The benchmark generator: deterministic, the entity x day counts asked, the churn shares of PERFORMANCE.md,
dlt's shape (child rows under existing parents, increasing load ids each with a `_dlt_loads` row)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from benchmarks.generate import Generator, all_days, bench_paths, columns_of, data_tables, parent_of
from benchmarks.scales import VERTICALS, Scale, Size
from benchmarks.shapes import TITLE_TABLES
from ingestion.runner.transform import dbt_build

DAYS = 3
# Enough entities for the churn shares to be measurable (3 standard deviations inside the tolerances below).
CHURN_SCALE = Scale(
    "test",
    {"gaming": Size(2_000, DAYS), "crypto": Size(800, DAYS), "betting": Size(300, DAYS), "media": Size(2_000, DAYS)},
)


def generate(workdir: Path, scale: Scale, seed: int = 15) -> Path:
    generator = Generator(workdir, scale, seed)
    generator.prepare()
    generator.land(all_days(scale))
    return generator.paths.warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("bench-a"), CHURN_SCALE)


@pytest.fixture(scope="module")
def query(warehouse: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    connection = duckdb.connect(str(warehouse), read_only=True)

    def run(sql: str) -> list[tuple[Any, ...]]:
        return connection.execute(sql).fetchall()

    return run


def checksum(warehouse: Path) -> dict[str, str]:
    """Per raw table, an md5 over its rows in `_dlt_id` order; `_dlt_loads` without its clock column. dlt's
    version and pipeline-state rows carry the landing's wall clock and are left out."""
    sums = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for vertical in VERTICALS:
            for table in data_tables(connection, "warehouse", f"raw_{vertical}"):
                # Columns by name: dlt's column order follows the first row it saw (parallel requests vary it).
                columns = ", ".join(
                    f't."{name}"' for name in sorted(columns_of(connection, "warehouse", f"raw_{vertical}", table))
                )
                sums[f"{vertical}.{table}"] = connection.execute(
                    f"select md5(string_agg(row({columns})::varchar, '|' order by t._dlt_id)) "
                    f'from raw_{vertical}."{table}" t'
                ).fetchone()[0]
            sums[f"{vertical}._dlt_loads"] = connection.execute(
                f"select md5(string_agg(load_id || status, '|' order by load_id)) from raw_{vertical}._dlt_loads"
            ).fetchone()[0]
    return sums


def test_same_seed_same_raw_tables(warehouse: Path, tmp_path: Path) -> None:
    first = checksum(warehouse)
    again = checksum(generate(tmp_path, CHURN_SCALE))
    assert len(first) > 90 and all(first.values())
    assert [table for table in first if again.get(table) != first[table]] == []


def test_entities_and_days_as_asked(query: Callable[[str], list[tuple[Any, ...]]]) -> None:
    # One row per entity per day in the tables that list every entity; the key unions count each entity once.
    assert query(
        "select count(*), count(distinct app_id), count(distinct as_of_date) from raw_gaming.steam_app_details"
    ) == [(2_000 * DAYS, 2_000, DAYS)]
    assert query("select count(*), count(distinct id) from raw_crypto.coins_markets") == [(800 * DAYS, 800)]
    assert query("select count(*), count(distinct (league_slug, id)) from raw_betting.teams") == [(300 * DAYS, 300)]
    titles = " union ".join(f"select media_type, id from raw_media.{table}" for table in TITLE_TABLES)
    assert query(f"select count(*) from ({titles}) where media_type in ('movie', 'tv')") == [(2_000,)]
    assert query("select count(distinct as_of_date), min(as_of_date)::varchar from raw_media.movie_details") == [
        (DAYS, "2025-01-01")
    ]


def test_ids_repeat_across_movie_and_tv_and_leagues(query: Callable[[str], list[tuple[Any, ...]]]) -> None:
    # The emulator's day has one TMDb id that is both a movie and a show, and ESPN team ids repeat per league.
    shared_ids = query(
        "select count(*) from (select id from raw_media.movie_details intersect select id from raw_media.tv_details)"
    )[0][0]
    assert shared_ids >= 2_000 // 66
    repeated = query(
        "select count(*) from (select id from raw_betting.teams group by id having count(distinct league_slug) > 1)"
    )
    assert repeated[0][0] > 0


def share(query: Callable[[str], list[tuple[Any, ...]]], sql: str) -> float:
    return float(query(sql)[0][0])


@pytest.mark.parametrize(
    ("sql", "expected", "tolerance"),
    [
        # 3% of games renamed (1.5% once, 0.75% twice, 0.75% and back), 2% repriced, 2% new developer.
        (
            "select avg((names > 1)::int) from (select count(distinct data__name) as names "
            "from raw_gaming.steam_app_details group by app_id)",
            0.03,
            0.012,
        ),
        (
            "select avg((names = 3)::int) from (select count(distinct data__name) as names "
            "from raw_gaming.steam_app_details group by app_id)",
            0.0075,
            0.006,
        ),
        (
            "select avg((names = 2 and first_name = last_name)::int) from (select count(distinct data__name) as names, "
            "arg_min(data__name, as_of_date) as first_name, arg_max(data__name, as_of_date) as last_name "
            "from raw_gaming.steam_app_details group by app_id)",
            0.0075,
            0.006,
        ),
        (
            "select avg((prices > 1)::int) from (select count(distinct data__price_overview__initial) as prices "
            "from raw_gaming.steam_app_details group by app_id having count(data__price_overview__initial) > 0)",
            0.02,
            0.012,
        ),
        (
            "select avg((developers > 1)::int) from (select count(distinct d.value) as developers "
            "from raw_gaming.steam_app_details__data__developers d inner join raw_gaming.steam_app_details a "
            "on d._dlt_parent_id = a._dlt_id where d._dlt_list_idx = 0 group by a.app_id)",
            0.02,
            0.012,
        ),
        (
            "select avg((names > 1)::int) from (select count(distinct name) as names "
            "from raw_crypto.coins_markets group by id)",
            0.025,
            0.017,
        ),
        (
            "select avg((names > 1)::int) from (select count(distinct display_name) as names "
            "from raw_betting.teams group by league_slug, id)",
            0.05,
            0.04,
        ),
        (
            "select avg((titles > 1)::int) from (select count(distinct coalesce(title, name)) as titles from ("
            + " union all ".join(f"select media_type, id, title, name from raw_media.{t}" for t in TITLE_TABLES)
            + ") where media_type in ('movie', 'tv') group by media_type, id)",
            0.03,
            0.012,
        ),
    ],
    ids=[
        "games-renamed",
        "games-renamed-twice",
        "games-renamed-back",
        "games-repriced",
        "games-new-developer",
        "coins-renamed",
        "teams-renamed",
        "titles-retitled",
    ],
)
def test_churn_shares(
    query: Callable[[str], list[tuple[Any, ...]]], sql: str, expected: float, tolerance: float
) -> None:
    assert share(query, sql) == pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize("child", ["developers", "publishers"])
def test_one_percent_of_games_lose_developer_and_publisher(warehouse: Path, child: str) -> None:
    without = (
        "select avg((not exists (select 1 from {db}.{prefix}steam_app_details__data__{child} c "
        "where c._dlt_parent_id = a._dlt_id))::int) from {db}.{prefix}steam_app_details a"
    )
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        connection.execute(f"attach if not exists '{warehouse.with_name('seed.duckdb')}' as seed (read_only)")
        # The emulator's day already has apps without one (delisted apps): 1% of the others lose theirs.
        seed = connection.execute(without.format(db="seed", prefix="gaming__", child=child)).fetchone()[0]
        generated = connection.execute(without.format(db="raw_gaming", prefix="", child=child)).fetchone()[0]
    assert generated - seed == pytest.approx(0.01 * (1 - seed), abs=0.006)


def test_children_point_to_parents_of_the_same_load(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for vertical in VERTICALS:
            tables = data_tables(connection, "warehouse", f"raw_{vertical}")
            children = [(table, parent_of(table, tables)) for table in tables if parent_of(table, tables)]
            assert len(children) >= 5, vertical
            for child, parent in children:
                orphans = connection.execute(
                    f'select count(*), count(c._dlt_load_id) from raw_{vertical}."{child}" c '
                    f'left join raw_{vertical}."{parent}" p on c._dlt_parent_id = p._dlt_id '
                    "and c._dlt_load_id = p._dlt_load_id where p._dlt_id is null"
                ).fetchone()
                assert orphans == (0, 0), f"{vertical}.{child}"
            for table in tables:
                rows, ids = connection.execute(
                    f'select count(*), count(distinct _dlt_id) from raw_{vertical}."{table}"'
                ).fetchone()
                assert rows == ids > 0, f"{vertical}.{table}"


@pytest.mark.parametrize("vertical", VERTICALS)
def test_load_ids_increase_with_the_day_and_are_in_dlt_loads(
    query: Callable[[str], list[tuple[Any, ...]]], vertical: str
) -> None:
    root = {"gaming": "steam_app_details", "crypto": "coins_markets", "betting": "teams", "media": "movie_details"}
    days = query(
        f"select as_of_date, list(distinct _dlt_load_id) from raw_{vertical}.{root[vertical]} group by 1 order by 1"
    )
    load_ids = [ids for _, ids in days]
    assert len(days) == DAYS and all(len(ids) == 1 for ids in load_ids)
    flat = [ids[0] for ids in load_ids]
    assert flat == sorted(flat) and len(set(flat)) == DAYS
    assert all(re.fullmatch(r"\d{10}\.\d{6}", load_id) for load_id in flat)
    loads = query(f"select load_id, status from raw_{vertical}._dlt_loads order by load_id")
    # The seed load (renumbered before the first day) keeps its row; every generated load has one, status 0.
    assert loads[1:] == [(load_id, 0) for load_id in flat] and loads[0][0] < flat[0]


def test_the_project_builds_on_generated_raw(tmp_path: Path) -> None:
    """A few entities (two copies of the emulator's day, the second one cut short) x 3 days, then one build of
    every vertical: the marts hold one fact row per entity per day."""
    scale = Scale(
        "tiny", {"gaming": Size(70, DAYS), "crypto": Size(70, DAYS), "betting": Size(30, DAYS), "media": Size(70, DAYS)}
    )
    generate(tmp_path, scale)
    paths = bench_paths(tmp_path)
    dbt_build(paths, ["shared", *VERTICALS], "bench-e2e")
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        facts = {
            table: connection.execute(f"select count(*), count(distinct as_of_date) from {table}").fetchone()
            for table in (
                "gaming.fct_game_daily_metrics",
                "crypto.fct_coin_daily_metrics",
                "betting.fct_team_standings_daily",
                "media.fct_title_daily_metrics",
            )
        }
    assert facts["gaming.fct_game_daily_metrics"] == (70 * DAYS, DAYS)
    assert facts["crypto.fct_coin_daily_metrics"] == (70 * DAYS, DAYS)
    assert facts["betting.fct_team_standings_daily"] == (30 * DAYS, DAYS)
    assert facts["media.fct_title_daily_metrics"][0] > 0


def test_ids_of_the_seeds_targets_stay_32_bit_and_distinct(tmp_path: Path) -> None:
    """At the seed's 50k games and 100k titles the copies once got ids beyond 2^31, which staging's integer
    casts refused (found by `make bench SCALE=M`); one day of each is enough to see every copy."""
    wide = Scale(
        "wide", {"gaming": Size(50_000, 1), "crypto": Size(10, 1), "betting": Size(30, 1), "media": Size(100_000, 1)}
    )
    warehouse = generate(tmp_path, wide)
    titles = " union all ".join(f"select media_type, id from raw_media.{table}" for table in TITLE_TABLES)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        games = connection.execute(
            "select count(*), count(distinct app_id), max(app_id) from raw_gaming.steam_app_details"
        ).fetchone()
        store_and_spy = connection.execute(
            "select count(*) from (select app_id from raw_gaming.steam_app_details "
            "except select appid from raw_gaming.steamspy_app_details)"
        ).fetchone()
        media = connection.execute(
            f"select count(distinct (media_type, id)), max(id) from ({titles}) where media_type in ('movie', 'tv')"
        ).fetchone()
    assert games is not None and games[:2] == (50_000, 50_000) and games[2] < 2**31
    # A copy's ids agree across tables: the store's apps are SteamSpy's apps.
    assert store_and_spy == (0,)
    assert media is not None and media[0] == 100_000 and media[1] < 2**31
