"""The gaming vertical end to end against the emulator: dlt -> DuckDB -> dbt -> Parquet, over two days.

Expected numbers come from the emulator's documented fixtures (ingestion/emulator/gaming.py): 60 apps; on day two
271590 is renamed, 892970's list price changes and 1903340 is released (three new dim_game versions); 1145360
gains genre 25 and tag "Mythology"; 224060 is success:false in the store; 1030300 stays coming soon.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingestion.cli import main
from tests.conftest import ReplayRun, copy_of_warehouse, make_paths, model_test_results, replay, run_unit_tests

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
RENAMED, REPRICED, RELEASED = 271590, 892970, 1903340
GAINS_GENRE_AND_TAG, UNAVAILABLE, COMING_SOON, FREE = 1145360, 224060, 1030300, 570

EXPECTED_ROWS = {
    "dim_game": 64,  # 60 first versions + 3 changed on day two + the unknown member
    "dim_developer": 51,
    "dim_publisher": 45,
    "dim_genre": 13,
    "dim_category": 20,
    "dim_tag": 123,
    "fct_game_daily_metrics": 120,  # 60 apps x 2 days
    "bridge_game_genre": 140,
    "bridge_game_category": 443,
    "bridge_game_developer": 64,
    "bridge_game_publisher": 64,
    "bridge_game_tag": 362,
}


@pytest.fixture(scope="module")
def gaming(replayed) -> ReplayRun:
    return replayed("gaming")


def test_every_gaming_table_has_the_expected_row_count(gaming: ReplayRun) -> None:
    actual = {
        table: gaming.scalar(f"select count(*) from gaming.{table}")
        for (table,) in gaming.query("select table_name from information_schema.tables where table_schema = 'gaming'")
    }
    assert actual == EXPECTED_ROWS
    assert gaming.scalar("select count(*) from shared.dim_date where date_key in (20250101, 20250102)") == 2


def test_renamed_game_has_exactly_two_versions_one_current(gaming: ReplayRun) -> None:
    versions = gaming.query(
        "select game_name, valid_from, valid_to, is_current, version_number from gaming.dim_game "
        "where app_id = ? order by valid_from",
        [RENAMED],
    )
    assert [(v[0], str(v[1]), str(v[2]), v[3], v[4]) for v in versions] == [
        ("Grand Theft Auto V", DAY_ONE, DAY_TWO, False, 1),
        ("Grand Theft Auto V Legacy", DAY_TWO, "9999-12-31", True, 2),
    ]


def test_unchanged_games_keep_a_single_version(gaming: ReplayRun) -> None:
    counts = dict(
        gaming.query("select app_id, count(*) from gaming.dim_game where not is_unknown_member group by app_id")
    )
    assert len(counts) == 60
    assert {app for app, n in counts.items() if n > 1} == {RENAMED, REPRICED, RELEASED}
    assert all(n == 1 for app, n in counts.items() if app not in {RENAMED, REPRICED, RELEASED})
    assert gaming.scalar("select count(*) from gaming.dim_game where is_current and not is_unknown_member") == 60


def test_facts_point_to_the_version_valid_on_their_day(gaming: ReplayRun) -> None:
    rows = gaming.query(
        "select f.as_of_date, d.game_name, d.valid_from from gaming.fct_game_daily_metrics f "
        "join gaming.dim_game d using (game_key) where f.app_id = ? order by 1",
        [RENAMED],
    )
    assert [(str(r[0]), r[1], str(r[2])) for r in rows] == [
        (DAY_ONE, "Grand Theft Auto V", DAY_ONE),
        (DAY_TWO, "Grand Theft Auto V Legacy", DAY_TWO),
    ]
    assert gaming.scalar("select count(*) from gaming.fct_game_daily_metrics where game_key = '-1'") == 0


def test_missing_values_stay_null_and_free_games_cost_zero(gaming: ReplayRun) -> None:
    unavailable = gaming.query(
        "select game_name, has_store_details, list_price_cents, is_free from gaming.dim_game where app_id = ?",
        [UNAVAILABLE],
    )
    assert unavailable == [("Deadpool", False, None, None)]
    coming_soon = gaming.query(
        "select initial_price_cents, current_players, total_reviews, review_score_description "
        "from gaming.fct_game_daily_metrics where app_id = ? and as_of_date = ?",
        [COMING_SOON, DAY_TWO],
    )
    assert coming_soon == [(None, None, 0, "No user reviews")]
    free = gaming.query(
        "select initial_price_cents, final_price_cents, discount_percent from gaming.fct_game_daily_metrics "
        "where app_id = ? and as_of_date = ?",
        [FREE, DAY_ONE],
    )
    assert free == [(0, 0, 0)]
    assert gaming.scalar("select count(players_2weeks) from gaming.fct_game_daily_metrics") == 0


def test_values_the_apis_send_for_unknown_stay_null(gaming: ReplayRun) -> None:
    # request=all sent 0 playtime for every app on both days (as SteamSpy does today)...
    assert (
        gaming.scalar(
            "select count(*) from raw_gaming.steamspy_apps where average_forever <> 0 or median_forever <> 0 "
            "or average_2weeks <> 0 or median_2weeks <> 0"
        )
        == 0
    )
    # ...so the fact takes appdetails' playtime (Dota 2: 600 + 570 minutes on average, 2/5 of it the median)...
    dota = gaming.query(
        "select average_playtime_forever_minutes, average_playtime_2weeks_minutes, median_playtime_forever_minutes, "
        "median_playtime_2weeks_minutes from gaming.fct_game_daily_metrics where app_id = ? order by as_of_date",
        [FREE],
    )
    assert dota == [(1170, 630, 468, 315), (1170, 630, 468, 315)]
    # ...and apps appdetails has no playtime for (no SteamSpy reviews yet) get NULL, never 0 minutes.
    unknown = gaming.query(
        "select app_id, count(*) from gaming.fct_game_daily_metrics where average_playtime_forever_minutes is null "
        "and average_playtime_2weeks_minutes is null and median_playtime_forever_minutes is null "
        "and median_playtime_2weeks_minutes is null group by app_id order by app_id"
    )
    assert unknown == [(COMING_SOON, 2), (RELEASED, 2)]
    assert (
        gaming.scalar("select count(*) from gaming.fct_game_daily_metrics where average_playtime_forever_minutes = 0")
        == 0
    )
    # Steam's review score 0 means too few reviews to score: NULL, while the count of 0 reviews stays 0.
    unscored = gaming.query(
        "select app_id, as_of_date, total_reviews from gaming.fct_game_daily_metrics where review_score is null "
        "order by app_id, as_of_date"
    )
    assert [(app, str(day), total) for app, day, total in unscored] == [
        (UNAVAILABLE, DAY_ONE, 0),
        (UNAVAILABLE, DAY_TWO, 0),
        (COMING_SOON, DAY_ONE, 0),
        (COMING_SOON, DAY_TWO, 0),
        (RELEASED, DAY_ONE, 0),
    ]


def test_daily_metrics_follow_the_api(gaming: ReplayRun) -> None:
    stardew = gaming.query(
        "select as_of_date, initial_price_cents, final_price_cents, discount_percent "
        "from gaming.fct_game_daily_metrics where app_id = 413150 order by 1"
    )
    assert [r[1:] for r in stardew] == [(1499, 1499, 0), (1499, 899, 40)]
    wukong = gaming.query(
        "select owners_min, owners_max, owners_estimate from gaming.fct_game_daily_metrics "
        "where app_id = 2358720 order by as_of_date"
    )
    assert wukong == [(10_000_000, 20_000_000, 15_000_000), (20_000_000, 50_000_000, 35_000_000)]
    released = gaming.query(
        "select current_players, positive_reviews, negative_reviews, review_score from gaming.fct_game_daily_metrics"
        " where app_id = ? and as_of_date = ?",
        [RELEASED, DAY_TWO],
    )
    assert released == [(41_873, 1_740, 58, 9)]


def test_gained_genre_and_tag_appear_in_the_bridges_from_day_two(gaming: ReplayRun) -> None:
    genres = gaming.query(
        "select genre_id, first_seen_date from gaming.bridge_game_genre where app_id = ? order by genre_id",
        [GAINS_GENRE_AND_TAG],
    )
    assert [(g, str(d)) for g, d in genres] == [("1", DAY_ONE), ("23", DAY_ONE), ("25", DAY_TWO), ("3", DAY_ONE)]
    tag = gaming.query(
        "select first_seen_date, tag_votes > 0 from gaming.bridge_game_tag where app_id = ? and tag_name = ?",
        [GAINS_GENRE_AND_TAG, "Mythology"],
    )
    assert [(str(tag[0][0]), tag[0][1])] == [(DAY_TWO, True)]
    weights = gaming.query("select app_id, sum(tag_weight) from gaming.bridge_game_tag group by app_id")
    assert all(abs(total - 1.0) < 1e-9 for _, total in weights)


def test_run_log_has_one_success_row_per_day(gaming: ReplayRun) -> None:
    rows = gaming.query(
        "select as_of_date, vertical, mode, status, records_extracted, tables_built from ops.etl_runs order by 1"
    )
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        (DAY_ONE, "gaming", "replay", "success", 60, 12),  # records_extracted: the 60 games
        (DAY_TWO, "gaming", "replay", "success", 60, 12),
    ]
    requests = dict(
        gaming.query("select resource, sum(requests) from ops.etl_run_resources where vertical = 'gaming' group by 1")
    )
    # Per day: 3 SteamSpy catalogue pages (the third is empty) and one request per app per per-app resource.
    assert requests == {
        "steamspy_apps": 6,
        "steamspy_app_details": 120,
        "steam_app_details": 120,
        "steam_app_reviews": 120,
        "steam_current_players": 120,
    }


def test_every_export_is_snappy_and_matches_its_sidecar(gaming: ReplayRun) -> None:
    gaming.check_exports("gaming", EXPECTED_ROWS)
    fact = gaming.manifest("gaming", "fct_game_daily_metrics")
    assert fact["kind"] == "fact" and fact["grain"] == "one row per app_id and as-of date"
    # A file per day, each written by its own day's build from that day's load; day two left day one's alone.
    runs = {day: gaming.results[day][0].run_id for day in (DAY_ONE, DAY_TWO)}
    files = gaming.file_sidecars("gaming", "fct_game_daily_metrics")
    assert [
        (f["partition_value"], f["first_date"], f["row_count"], f["run_id"], f["source_run_ids"]) for f in files
    ] == [("2025-01", day, 60, runs[day], [runs[day]]) for day in (DAY_ONE, DAY_TWO)]
    columns = {c["name"]: c for c in fact["columns"]}
    assert columns["game_key"]["nullable"] is False and "dim_game version" in columns["game_key"]["description"]
    assert gaming.sidecar("gaming", "dim_game")["scd_type"] == 2


def test_app_ids_beyond_the_steamspy_pages_read_are_members_with_the_best_name_known(tmp_path) -> None:
    """646570 Slay the Spire and 224060 Deadpool are on SteamSpy's second `request=all` page, which one page
    (steamspy_max_pages=1) does not reach. Both stay dim_game members with their bridges and daily rows;
    Deadpool, whose store answer is success:false, is named by SteamSpy appdetails (regression: its name was
    NULL). Owners and concurrent users come from `request=all` only, so they are NULL here."""
    run = replay(
        make_paths(tmp_path),
        ["gaming"],
        days=[DAY_ONE],
        params={"gaming": {"steamspy_max_pages": 1, "app_ids": [FREE, 646570, UNAVAILABLE]}},
    )
    assert [(r.status, r.error) for r in run.results[DAY_ONE]] == [("success", None)]
    assert run.scalar("select count(*) from raw_gaming.steamspy_apps where appid in (646570, 224060)") == 0
    assert run.query(
        "select app_id, game_name, has_store_details, developers, publishers from gaming.dim_game "
        "where app_id in (646570, 224060) order by app_id"
    ) == [(UNAVAILABLE, "Deadpool", False, None, None), (646570, "Slay the Spire", True, "Mega Crit", "Mega Crit")]
    assert run.query(
        "select g.genre_name from gaming.bridge_game_genre b join gaming.dim_genre g using (genre_key) "
        "where b.app_id = 646570 order by 1"
    ) == [("Indie",), ("Strategy",)]
    assert run.scalar("select count(*) from gaming.bridge_game_tag where app_id = 646570") == 6
    facts = run.query(
        "select f.app_id, f.game_key = d.game_key, f.owners_min, f.ccu from gaming.fct_game_daily_metrics f "
        "join gaming.dim_game d on f.app_id = d.app_id and d.is_current where f.app_id in (646570, 224060) "
        "order by 1"
    )
    assert facts == [(UNAVAILABLE, True, None, None), (646570, True, None, None)]


def test_the_gaming_dbt_unit_tests_pass_on_the_built_warehouse(gaming: ReplayRun) -> None:
    unit_tests = run_unit_tests(gaming.paths, "gaming")
    assert len(unit_tests.declared) >= 5
    assert unit_tests.statuses == dict.fromkeys(unit_tests.declared, "pass"), unit_tests.output[-4000:]


def test_a_null_in_a_not_null_column_fails_the_model_test_and_names_the_column(
    gaming: ReplayRun, tmp_path: Path
) -> None:
    paths = copy_of_warehouse(gaming, tmp_path)
    with duckdb.connect(str(paths.warehouse)) as connection:
        connection.execute(
            "update gaming_build.dim_game set valid_to = null where app_id = ? and is_current", [RENAMED]
        )
        connection.execute(
            "update gaming_build.dim_game set version_number = null where app_id in (?, ?) and is_current",
            [RENAMED, REPRICED],
        )
    assert model_test_results(paths, "dim_game", tmp_path / "dbt_target") == {
        "rows_are_valid_dim_game": (
            "fail",
            [
                ("columns_are_not_null", "valid_to", None, None, 1),
                ("columns_are_not_null", "version_number", None, None, 2),
            ],
        ),
        "rows_are_valid_dim_game_known_members": ("pass", []),
    }


def test_a_duplicated_key_fails_the_model_unique_test_and_names_both_columns(gaming: ReplayRun, tmp_path: Path) -> None:
    paths = copy_of_warehouse(gaming, tmp_path)
    with duckdb.connect(str(paths.warehouse)) as connection:
        # A row of the newest build's slice, the only one the daily tests check.
        connection.execute(
            "insert into gaming_build.dim_developer select * from gaming_build.dim_developer "
            "where _built_at = (select max(_built_at) from gaming_build.dim_developer) "
            "and not is_unknown_member limit 1"
        )
    assert model_test_results(paths, "dim_developer", tmp_path / "dbt_target") == {
        "rows_are_valid_dim_developer": (
            "fail",
            [
                ("columns_are_unique", "developer_key", None, None, 1),
                ("columns_are_unique", "developer_name", None, None, 1),
            ],
        ),
        "rows_are_valid_dim_developer_known_members": ("pass", []),
    }


def test_keys_missing_from_their_dimensions_fail_the_model_reference_test(gaming: ReplayRun, tmp_path: Path) -> None:
    paths = copy_of_warehouse(gaming, tmp_path)
    with duckdb.connect(str(paths.warehouse)) as connection:
        connection.execute(
            "update gaming_build.fct_game_daily_metrics set game_key = 'no such version' "
            "where app_id in (?, ?) and as_of_date = ?",
            [RENAMED, REPRICED, DAY_TWO],
        )
        connection.execute(
            "update gaming_build.fct_game_daily_metrics set date_key = 18991231 where app_id = ? and as_of_date = ?",
            [FREE, DAY_TWO],
        )
    assert model_test_results(paths, "fct_game_daily_metrics", tmp_path / "dbt_target") == {
        "rows_are_valid_fct_game_daily_metrics": (
            "fail",
            [
                ("references_are_valid", "date_key", None, "dim_date.date_key", 1),
                ("references_are_valid", "game_key", None, "dim_game.game_key", 2),
            ],
        )
    }


def test_a_value_outside_its_list_fails_the_model_accepted_values_test(gaming: ReplayRun, tmp_path: Path) -> None:
    paths = copy_of_warehouse(gaming, tmp_path)
    with duckdb.connect(str(paths.warehouse)) as connection:
        connection.execute(
            "update gaming_staging.stg_steam__app_reviews set review_score = 42 "
            "where app_id in (?, ?) and as_of_date = ?",
            [RENAMED, FREE, DAY_TWO],
        )
    assert model_test_results(paths, "stg_steam__app_reviews", tmp_path / "dbt_target") == {
        "rows_are_valid_stg_steam__app_reviews": (
            "fail",
            [("columns_have_accepted_values", "review_score", "42", None, 2)],
        )
    }


def test_details_on_a_budget_leave_no_game_of_the_catalogue_without_its_rows(tmp_path) -> None:
    """Five apps detailed a day (top_n=5): day one reads the top five by owners, day two the next five new ones.
    Every app of the catalogue still has its dim_game row and a daily row each day; an app detailed on day one
    only carries its storefront attributes into day two (details_as_of says so) while its day-two prices and
    review counts come from SteamSpy and current players stay NULL; an app never detailed is described by
    SteamSpy's catalogue entry."""
    run = replay(make_paths(tmp_path), ["gaming"], days=[DAY_ONE, DAY_TWO], params={"gaming": {"top_n": 5}})
    assert [(r.status, r.error) for day in (DAY_ONE, DAY_TWO) for r in run.results[day]] == [("success", None)] * 2
    detailed = {
        str(day): {
            app for (app,) in run.query("select app_id from raw_gaming.steam_app_details where as_of_date = ?", [day])
        }
        for day in (DAY_ONE, DAY_TWO)
    }
    assert detailed[DAY_ONE] == {570, 730, 578080, 271590, 1172470}
    assert len(detailed[DAY_TWO]) == 5 and not detailed[DAY_ONE] & detailed[DAY_TWO]

    assert run.query(
        "select as_of_date, count(*), count(*) filter (where game_key = '-1') "
        "from gaming.fct_game_daily_metrics group by 1 order by 1"
    ) == [(date.fromisoformat(DAY_ONE), 60, 0), (date.fromisoformat(DAY_TWO), 60, 0)]
    assert run.query(
        "select as_of_date, details_as_of, current_players is not null, review_score is not null, total_reviews = ("
        "  select positive + negative from raw_gaming.steamspy_apps s where s.appid = f.app_id "
        "  and s.as_of_date = f.as_of_date) "
        "from gaming.fct_game_daily_metrics f where app_id = ? order by 1",
        [FREE],
    ) == [
        (date.fromisoformat(DAY_ONE), date.fromisoformat(DAY_ONE), True, True, True),
        (date.fromisoformat(DAY_TWO), date.fromisoformat(DAY_ONE), False, False, True),
    ]
    # Renamed on day two, but its budget went to new apps: the carried store name stays until it is read again.
    assert run.query(
        "select game_name, has_store_details, details_as_of from gaming.dim_game where app_id = ? and is_current",
        [RENAMED],
    ) == [("Grand Theft Auto V", True, date.fromisoformat(DAY_ONE))]

    never = 646570
    assert never not in detailed[DAY_ONE] | detailed[DAY_TWO]
    steamspy = run.query(
        "select name, developer, publisher, cast(initialprice as integer), cast(price as integer) "
        "from raw_gaming.steamspy_apps where appid = ? and as_of_date = ?",
        [never, DAY_TWO],
    )[0]
    assert run.query(
        "select game_name, developers, publishers, list_price_cents, price_currency, has_store_details, details_as_of "
        "from gaming.dim_game where app_id = ? and is_current",
        [never],
    ) == [(steamspy[0], steamspy[1], steamspy[2], steamspy[3], "USD", False, None)]
    assert (
        run.scalar(
            "select final_price_cents from gaming.fct_game_daily_metrics where app_id = ? and as_of_date = ?",
            [never, DAY_TWO],
        )
        == steamspy[4]
    )
    assert {app for (app,) in run.query("select distinct app_id from gaming.bridge_game_genre")} == (
        detailed[DAY_ONE] | detailed[DAY_TWO]
    )


def test_each_run_records_its_plan_beside_the_requests_it_made(gaming: ReplayRun) -> None:
    rows = gaming.query(
        "select r.as_of_date, a.api, a.planned_bulk, a.planned_detail, a.planned_at_most, a.actual_bulk, "
        "a.actual_detail from ops.etl_run_apis a join ops.etl_runs r using (run_id, vertical) order by 1, 2"
    )
    day_one, day_two = date.fromisoformat(DAY_ONE), date.fromisoformat(DAY_TWO)
    assert rows == [
        # Before the first run nothing is known but the page ceiling (steamspy_max_pages).
        (day_one, "steam_store", 0, 0, False, 0, 120),
        (day_one, "steam_web", 0, 0, False, 0, 60),
        (day_one, "steamspy", 100, 0, True, 3, 60),
        # Day two is planned from day one's catalogue and pages: exactly what it then requests.
        (day_two, "steam_store", 0, 120, False, 0, 120),
        (day_two, "steam_web", 0, 60, False, 0, 60),
        (day_two, "steamspy", 3, 60, False, 3, 60),
    ]


def test_starline_plan_prints_the_live_limits_for_what_the_warehouse_holds(
    gaming: ReplayRun, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STARLINE_WAREHOUSE", str(gaming.paths.warehouse))
    assert main(["plan", "gaming", "--as-of", DAY_TWO]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"plan gaming for {DAY_TWO} (catalogue of 60 as last landed)"
    every_app_due = [
        ["steamspy", "3", "60", "63"],
        ["steam_store", "0", "120", "120"],
        ["steam_web", "0", "60", "60"],
    ]
    # A plan for day two again plans what day two's run did: every app was last read on day one, so all are due.
    assert [line.split()[:4] for line in lines[2:]] == every_app_due
    assert main(["plan", "gaming", "--as-of", "2025-01-03"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The next day: every app is due again.
    assert [line.split()[:4] for line in lines[2:]] == every_app_due
