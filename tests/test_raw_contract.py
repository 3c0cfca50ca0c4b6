"""The declared raw contract: a vertical builds on a fresh warehouse whatever shapes the APIs send that day.

dlt creates a child table only once some row carried a non-empty list, and a root table only once a resource
yielded a row. Real APIs often send neither: an off-season day without games, a scoreboard without odds, apps
without storefront genres. Each test serves such a day from the emulator (payloads rewritten from the real
shapes) to a fresh warehouse and checks the run succeeds with the marts it should have: zero-row facts, the
dimensions' unknown members, and, on the next normal day, the data landing in the tables the contract made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner.paths import Paths
from ingestion.runner.transform import dbt_build
from tests.conftest import ReplayRun, replay

VERTICALS = ["gaming", "crypto", "betting", "media"]


def paths_query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def emptied(node: Any, keep: Iterable[str] = (), absent: Iterable[str] = ()) -> Any:
    """`node` with every list under a key not in `keep` made empty, or removed when its key is in `absent`:
    the shapes an API sends for an entity that has none of something."""
    keep, absent = set(keep), set(absent)
    if isinstance(node, list):
        return [emptied(item, keep, absent) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, list) and key not in keep:
            if key not in absent:
                result[key] = []
        else:
            result[key] = emptied(value, keep, absent)
    return result


def no_steamspy_tags(body: Any) -> Any:
    # SteamSpy's appdetails sends `[]` (a PHP empty array) for an app without tags; request=all has no tags.
    if isinstance(body, dict) and "tags" in body:
        body["tags"] = []
    return body


def no_global_breakdowns(body: Any) -> Any:
    data = body.get("data", {})
    for key in ("total_market_cap", "total_volume", "market_cap_percentage"):
        if key in data:
            data[key] = {}
    return body


# Per vertical, (path pattern, change) pairs that strip every optional list from that vertical's answers.
OPTIONAL_LISTS_EMPTY: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {
    "gaming": [
        (r"/steamspy/api\.php", no_steamspy_tags),
        # Storefront data without genres and categories at all, and with empty developer and publisher lists.
        (r"/steam-store/api/appdetails", lambda body: emptied(body, absent={"genres", "categories"})),
    ],
    "crypto": [
        (r"/coingecko/coins/[a-z0-9-]+$", lambda body: emptied(body, absent={"homepage"})),
        (r"/coingecko/global", no_global_breakdowns),
    ],
    "betting": [
        # Events with their competitions and competitors, but no odds (absent), logos, stats or season types.
        (
            r"/espn-site/.*/scoreboard",
            lambda body: emptied(body, keep={"events", "competitions", "competitors", "leagues"}, absent={"odds"}),
        ),
        (r"/espn-site/.*/teams/?$", lambda body: emptied(body, keep={"sports", "leagues", "teams"})),
        (r"/espn-site/.*/teams/[^/]+/?$", emptied),
        (r"/espn-standings/", lambda body: emptied(body, keep={"children", "entries", "seasons"})),
    ],
    "media": [
        (r"/tmdb/movie/\d+", lambda body: emptied(body, absent={"production_companies"})),
        (r"/tmdb/tv/\d+", emptied),
    ],
}

# Per vertical, the changes that make the date window hold no events: nothing listed, nothing to detail.
NO_EVENTS: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {
    "gaming": [(r"/steamspy/api\.php", lambda body: {} if "appid" not in body else body)],
    "crypto": [
        (r"/coingecko/coins/markets", lambda _: []),
        (r"/coingecko/coins/categories", lambda _: []),
        (r"/coingecko/exchanges", lambda _: []),
    ],
    "betting": [(r"/espn-site/.*/scoreboard", lambda body: {**body, "events": []})],
    "media": [
        (r"/tmdb/(movie|tv)/popular", lambda body: {**body, "results": [], "total_pages": 1, "total_results": 0}),
        (r"/tmdb/discover/", lambda body: {**body, "results": [], "total_pages": 1, "total_results": 0}),
        (r"/tmdb/trending/", lambda body: {**body, "results": [], "total_pages": 1, "total_results": 0}),
    ],
}

FACTS = {
    "gaming": ["fct_game_daily_metrics"],
    "crypto": ["fct_coin_daily_metrics", "fct_coin_price_history", "fct_category_daily_metrics"],
    "betting": ["fct_game_results", "fct_game_odds"],
    "media": ["fct_title_daily_metrics"],
}
# The dimension whose members come only from the events of the window (betting's teams come from /teams).
EVENT_DIMENSION = {"gaming": "dim_game", "crypto": "dim_coin", "betting": "dim_odds_provider", "media": "dim_title"}
BRIDGES = {
    "gaming": ["bridge_game_genre", "bridge_game_category", "bridge_game_developer", "bridge_game_publisher"],
    "crypto": ["bridge_coin_category"],
    "betting": [],
    "media": ["bridge_title_company", "bridge_title_network"],
}


def replay_day_one(
    paths: Paths, vertical: str, changes: list[tuple[str, Callable[[Any], Any]]], emulator: Emulator
) -> ReplayRun:
    for pattern, change in changes:
        emulator.rewrite(pattern, change)
    run = replay(paths, [vertical], days=emulator.days[:1], emulator=emulator)
    [result] = run.results[emulator.days[0]]
    assert result.status == "success", result.error
    return run


def count(run: ReplayRun, vertical: str, table: str) -> int:
    return int(run.scalar(f'select count(*) from {vertical}."{table}"'))


def dimensions(run: ReplayRun, vertical: str) -> list[tuple[str, str]]:
    """Each dimension of the vertical with its key column (the first column, by the project's convention)."""
    return run.query(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = ? and table_name like 'dim_%' and ordinal_position = 1 order by table_name",
        [vertical],
    )


def test_staging_of_every_vertical_builds_on_a_warehouse_no_load_ever_reached(paths: Paths) -> None:
    """Every raw table and column a staging model reads is declared: with no raw data at all, the contract alone
    gives staging what it reads (a column read but not declared fails the view), and every staging test passes."""
    paths.warehouse.parent.mkdir(parents=True)
    dbt_build(paths, [f"path:models/{vertical}/staging" for vertical in VERTICALS], "contract-only")

    raw_tables = {
        (schema, table)
        for schema, table in paths_query(paths, "select table_schema, table_name from information_schema.tables")
        if schema.startswith("raw_")
    }
    # Spot checks of the three tables the issue saw missing, each created empty.
    assert {
        ("raw_betting", "scoreboard"),
        ("raw_betting", "scoreboard__competitions__odds"),
        ("raw_gaming", "steam_app_details__data__genres"),
    } <= raw_tables
    assert {schema for schema, _ in raw_tables} == {f"raw_{vertical}" for vertical in VERTICALS}


@pytest.mark.parametrize("vertical", VERTICALS)
def test_a_day_with_no_events_builds_zero_row_facts_and_unknown_members(paths: Paths, vertical: str) -> None:
    with Emulator([vertical]) as emulator:
        run = replay_day_one(paths, vertical, NO_EVENTS[vertical], emulator)

    for fact in FACTS[vertical]:
        assert count(run, vertical, fact) == 0, fact
    dims = dimensions(run, vertical)
    assert dims, "the vertical built no dimensions"
    for table, key in dims:
        assert run.scalar(f'select count(*) from {vertical}."{table}" where "{key}" = \'-1\'') == 1, table
    # The dimension only events fill holds nothing but its unknown member.
    assert count(run, vertical, EVENT_DIMENSION[vertical]) == 1


@pytest.mark.parametrize("vertical", VERTICALS)
def test_a_day_where_every_optional_list_is_empty_or_absent_builds(paths: Paths, vertical: str) -> None:
    with Emulator([vertical]) as emulator:
        run = replay_day_one(paths, vertical, OPTIONAL_LISTS_EMPTY[vertical], emulator)

    for fact in FACTS[vertical][:1]:
        assert count(run, vertical, fact) > 0, fact
    for bridge in BRIDGES[vertical]:
        assert count(run, vertical, bridge) == 0, bridge
    if vertical == "betting":
        assert count(run, vertical, "fct_game_results") > 0
        assert count(run, vertical, "fct_game_odds") == 0


def test_child_rows_arriving_later_land_in_the_tables_the_contract_created(paths: Paths) -> None:
    """Day one has no storefront genres (the contract creates the empty child table); day two has them, and
    dlt loads them into that table: its rows reach the bridge."""
    with Emulator(["gaming"]) as emulator:
        day_two = emulator.days[1]
        replay_day_one(paths, "gaming", OPTIONAL_LISTS_EMPTY["gaming"], emulator)
        emulator.clear_rewrites()
        run = replay(paths, ["gaming"], days=[day_two], emulator=emulator)

    [result] = run.results[day_two]
    assert result.status == "success", result.error
    raw_genres = run.scalar("select count(*) from raw_gaming.steam_app_details__data__genres")
    assert raw_genres > 0
    # Every genre row the store sent for a game current on day two is bridged (the bridge holds current members).
    assert count(run, "gaming", "bridge_game_genre") == run.scalar(
        "select count(*) from raw_gaming.steam_app_details__data__genres as genres "
        "inner join raw_gaming.steam_app_details as details on genres._dlt_parent_id = details._dlt_id "
        "where details.as_of_date = ?",
        [day_two],
    )


def test_a_day_with_games_but_no_odds_then_odds_the_next_day(paths: Paths) -> None:
    """The odds child table is created empty on a day no event has odds; the next day's odds load into it."""
    with Emulator(["betting"]) as emulator:
        day_two = emulator.days[1]
        first = replay_day_one(paths, "betting", OPTIONAL_LISTS_EMPTY["betting"], emulator)
        assert count(first, "betting", "fct_game_odds") == 0
        emulator.clear_rewrites()
        run = replay(paths, ["betting"], days=[day_two], emulator=emulator)

    [result] = run.results[day_two]
    assert result.status == "success", result.error
    assert run.scalar("select count(*) from raw_betting.scoreboard__competitions__odds") > 0
    assert count(run, "betting", "fct_game_odds") > 0
