"""The betting vertical end to end against the emulator: dlt -> DuckDB -> dbt -> Parquet, over two days, then a
re-run of day two with an overlapping backfill range.

Expected numbers come from the emulator's documented fixtures (ingestion/emulator/betting.py): 30 teams in four
leagues; 24 games (21 final after day two, one postponed, two scheduled); 22 lines (game x provider) from three
providers; 401705007 is scheduled (with a line) on day one and final (without odds) on day two; the Athletics
(mlb 11) are renamed and move venue on day two; only the NBA's standings change between the days.
"""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from ingestion.emulator import Emulator
from ingestion.emulator.betting_payloads import scoreboard_body
from ingestion.emulator.faults import Fault
from tests.conftest import ReplayRun, make_paths, replay, run_unit_tests

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
SCHEDULED_THEN_FINAL, POSTPONED = "401705007", "401688004"

EXPECTED_ROWS = {
    "dim_team": 32,  # 30 teams, the Athletics' second version, the unknown member
    "dim_league": 5,  # nfl, nba, nhl, mlb + unknown
    "dim_season": 33,  # 4 leagues x 2 listed seasons x 4 season types + unknown
    "dim_venue": 31,  # 28 home venues on day one + Sutter Health Park + Wrigley Field + unknown
    "dim_odds_provider": 4,  # ESPN BET, consensus, Caesars + unknown
    "fct_game_results": 24,
    "fct_game_odds": 22,
    "fct_team_standings_daily": 60,  # 30 teams x 2 days
    "fct_team_standing_stats_daily": 720,  # (8 x 11 nfl + 8 x 13 nba + 8 x 12 nhl + 6 x 12 mlb stats) x 2 days
}

# (event, provider) -> (favorite_side, favorite_won, home_ats_result, total_result), checked by hand against
# the lines and scores in the emulator's docstring.
OUTCOMES = {
    ("401671801", "58"): ("away", True, "not_covered", "under"),  # KC -3 wins 29-10 at PIT, 39 < 44.5
    ("401671801", "1004"): ("away", True, "not_covered", "under"),  # KC -3.5, 39 < 45
    ("401671802", "58"): ("away", True, "not_covered", "over"),  # BAL -9.5 wins 35-10, 45 > 41.5
    ("401671803", "58"): ("home", True, "push", "push"),  # PHI -7 wins 24-17, 41 = 41
    ("401671803", "1004"): ("home", True, "not_covered", "under"),  # PHI -7.5, 41 < 41.5
    ("401671804", "58"): ("home", None, "not_covered", "under"),  # 24-24 tie: DET -3.5 not covered, 48 < 48.5
    ("401705001", "58"): ("away", False, "covered", "under"),  # NY +4.5 wins 112-105
    ("401705002", "58"): ("away", True, "not_covered", "over"),  # DEN -2.5 wins by 5, 241 > 232.5
    ("401705003", "58"): ("away", True, "not_covered", "under"),  # CLE -3 wins by 15, 217 < 229
    ("401705004", "58"): ("away", False, "covered", "over"),  # GS +6.5 wins 120-118 in OT, 238 > 224.5
    ("401705006", "58"): (None, None, "covered", "over"),  # pick'em, OKC wins by 6, 224 > 221.5
    ("401705007", "58"): ("home", True, "covered", "over"),  # day-one line; MIL -1.5 wins by 8, 232 > 228.5
    ("401705008", "58"): ("home", None, None, None),  # scheduled
    ("401688001", "58"): ("home", True, "covered", "under"),  # TOR -1.5 wins 4-1, 5 < 6
    ("401688002", "58"): ("home", True, "not_covered", "under"),  # FLA -1.5 wins 3-2 in OT
    ("401688003", "45"): ("home", True, None, "over"),  # Caesars, no spread: EDM named; 8 > 6.5
    ("401688005", "58"): ("home", False, "not_covered", "under"),  # TOR -1.5 loses the shootout 2-3
    ("401688006", "58"): ("away", True, "not_covered", "over"),  # STL -1.5 wins 6-2, 8 > 5.5
    ("401569901", "58"): ("home", True, "covered", "push"),  # HOU -1.5 wins 5-3, 8 = 8
    ("401569902", "58"): ("home", False, None, "under"),  # details only, "ML: LAD -210": no spread; loses 2-3
    ("401569904", "58"): ("home", True, "not_covered", "over"),  # ATL -1.5 wins by 1, 13 > 9
    ("401569905", "58"): ("away", None, None, None),  # scheduled
}


@pytest.fixture(scope="module")
def betting(replayed) -> ReplayRun:
    return replayed("betting")


@pytest.fixture(scope="module")
def rerun(betting: ReplayRun, tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    """A copy of the replayed warehouse, then day two once more with a backfill range overlapping the loaded days."""
    root = tmp_path_factory.mktemp("betting-rerun")
    shutil.copytree(betting.paths.warehouse.parent.parent, root, dirs_exist_ok=True)
    params = {"betting": {"start_date": "2024-12-27", "end_date": DAY_TWO}}
    run = replay(make_paths(root), ["betting"], days=[DAY_TWO], params=params)
    assert [result.status for result in run.results[DAY_TWO]] == ["success"], run.results[DAY_TWO][0].error
    return run


def counts(run: ReplayRun) -> dict[str, int]:
    tables = run.query("select table_name from information_schema.tables where table_schema = 'betting'")
    return {table: run.scalar(f"select count(*) from betting.{table}") for (table,) in tables}


def test_every_betting_table_has_the_expected_row_count(betting: ReplayRun) -> None:
    assert counts(betting) == EXPECTED_ROWS
    assert betting.scalar("select count(*) from shared.dim_date where date_key between 20241228 and 20250102") == 6


def test_the_game_scheduled_on_day_one_is_one_final_row_with_its_pre_game_line(betting: ReplayRun) -> None:
    raw = betting.query(
        "select as_of_date, status__type__name from raw_betting.scoreboard where id = ? order by 1",
        [SCHEDULED_THEN_FINAL],
    )
    assert [(str(day), status) for day, status in raw] == [(DAY_ONE, "STATUS_SCHEDULED"), (DAY_TWO, "STATUS_FINAL")]
    game = betting.query(
        "select game_status, home_score, away_score, winner_side, margin, total_points, attendance, is_final "
        "from betting.fct_game_results where event_id = ?",
        [SCHEDULED_THEN_FINAL],
    )
    assert game == [("final", 120, 112, "home", 8, 232, 17650, True)]
    line = betting.query(
        "select cast(line_as_of_date as varchar), line_observed_state, home_spread, over_under, home_moneyline, "
        "away_moneyline "
        "from betting.fct_game_odds where event_id = ?",
        [SCHEDULED_THEN_FINAL],
    )
    assert line == [(DAY_ONE, "pre", -1.5, 228.5, -125, 105)]


def test_games_without_a_result_keep_null_scores(betting: ReplayRun) -> None:
    rows = betting.query(
        "select event_id, game_status, home_score, away_score, winner_side, margin, attendance, venue_key <> '-1' "
        "from betting.fct_game_results where not is_final order by event_id"
    )
    assert rows == [
        ("401569905", "scheduled", None, None, None, None, None, True),
        ("401688004", "postponed", None, None, None, None, None, True),
        ("401705008", "scheduled", None, None, None, None, None, True),
    ]
    # 401569903 went 11 innings and ESPN reported no crowd (attendance 0): NULL, not zero.
    assert betting.query(
        "select periods_played, extra_periods, is_overtime, attendance from betting.fct_game_results "
        "where event_id = '401569903'"
    ) == [(11, 2, True, None)]


def test_ties_overtime_and_shootouts_are_results_like_others(betting: ReplayRun) -> None:
    rows = betting.query(
        "select event_id, winner_side, winner_team_id, home_margin, extra_periods, status_detail "
        "from betting.fct_game_results where is_overtime order by event_id"
    )
    assert rows == [
        ("401569903", "home", "22", 1, 2, "Final/11"),
        ("401671804", "tie", None, 0, 1, "Final/OT"),
        ("401688002", "home", "26", 1, 1, "Final/OT"),
        ("401688005", "away", "26", -1, 2, "Final/SO"),
        ("401705004", "home", "9", 2, 1, "Final/OT"),
    ]
    assert betting.scalar("select count(*) from betting.fct_game_results where is_final") == 21


def test_the_athletics_have_two_versions_and_every_fact_points_to_the_one_of_its_day(betting: ReplayRun) -> None:
    versions = betting.query(
        "select display_name, abbreviation, location, venue_name, cast(valid_from as varchar), "
        "cast(valid_to as varchar), is_current "
        "from betting.dim_team where league = 'mlb' and team_id = '11' order by valid_from"
    )
    assert versions == [
        ("Oakland Athletics", "OAK", "Oakland", "Oakland Coliseum", DAY_ONE, DAY_TWO, False),
        ("Athletics", "ATH", "Sacramento", "Sutter Health Park", DAY_TWO, "9999-12-31", True),
    ]
    games = betting.query(
        "select f.event_id, t.display_name from betting.fct_game_results f "
        "join betting.dim_team t on t.team_key in (f.home_team_key, f.away_team_key) "
        "where t.team_id = '11' and t.league = 'mlb' order by f.event_id"
    )
    # 401569902 (Dec 30) predates the first snapshot: it takes the first version.
    assert games == [("401569902", "Oakland Athletics"), ("401569905", "Athletics")]
    standings = betting.query(
        "select cast(s.as_of_date as varchar), t.display_name from betting.fct_team_standings_daily s "
        "join betting.dim_team t using (team_key) where s.league = 'mlb' and s.team_id = '11' order by 1"
    )
    assert standings == [(DAY_ONE, "Oakland Athletics"), (DAY_TWO, "Athletics")]
    assert betting.scalar("select count(*) from betting.dim_venue where venue_id in ('10', '5411')") == 2


def test_unchanged_teams_keep_a_single_version_and_no_fact_misses_its_team(betting: ReplayRun) -> None:
    versions = dict(
        betting.query(
            "select league || '/' || team_id, count(*) from betting.dim_team where not is_unknown_member group by 1"
        )
    )
    assert len(versions) == 30 and {team for team, n in versions.items() if n > 1} == {"mlb/11"}
    for fact, keys in (
        ("fct_game_results", ("home_team_key", "away_team_key", "venue_key", "season_key", "league_key")),
        ("fct_game_odds", ("home_team_key", "away_team_key", "provider_key", "season_key")),
        ("fct_team_standings_daily", ("team_key", "season_key", "league_key")),
    ):
        for key in keys:
            assert betting.scalar(f"select count(*) from betting.{fact} where {key} = '-1'") == 0, (fact, key)


def test_betting_outcomes_on_every_hand_checked_line(betting: ReplayRun) -> None:
    rows = betting.query(
        "select event_id, provider_id, favorite_side, favorite_won, home_ats_result, total_result "
        "from betting.fct_game_odds"
    )
    assert {(event, provider): tuple(rest) for event, provider, *rest in rows} == OUTCOMES
    chiefs = betting.query(
        "select home_implied_probability, away_implied_probability, home_cover_margin, total_margin "
        "from betting.fct_game_odds where event_id = '401671801' and provider_id = '58'"
    )
    assert chiefs == [(pytest.approx(100 / 230), pytest.approx(155 / 255), -16.0, -5.5)]
    # How often home favourites cover: of the settled lines with a home favourite, 3 covered, 5 did not, 1 pushed.
    covered = betting.query(
        "select home_ats_result, count(*) from betting.fct_game_odds "
        "where favorite_side = 'home' and is_settled and home_ats_result is not null group by 1 order by 1"
    )
    assert covered == [("covered", 3), ("not_covered", 5), ("push", 1)]


# (event, provider) -> odds_format, home_spread, over_under, home/away moneyline, home/away spread odds, over/under
# odds, opening home spread, total, home/away moneyline, unparsed count and texts: the emulator's docstring, by hand.
LINES_BY_FORMAT = {
    # 2022: details and overUnder only; hockey's and an 'ML:' details give the named team's moneyline.
    ("401688003", "45"): ("details_only", None, 6.5, -175, None, None, None, None, None, None, None, None, None),
    ("401569902", "58"): ("details_only", None, 8.5, -210, None, None, None, None, None, None, None, None, None),
    # 2024 numbers.
    ("401671801", "58"): ("numbers", 3.0, 44.5, 130, -155, -110.0, -110.0, -110.0, -110.0, None, None, None, None),
    # Today's market blocks: "+115" / "-135" closing, LAL opened "EVEN".
    ("401705002", "58"): (
        "market_blocks",
        2.5,
        232.5,
        115,
        -135,
        -110.0,
        -110.0,
        -110.0,
        -110.0,
        1.5,
        230.5,
        100,
        -120,
    ),
    # HOU's closing +100 sent as "EVEN".
    ("401569904", "58"): ("market_blocks", -1.5, 9.0, -120, 100, -110.0, -110.0, -110.0, -110.0, -1.5, 8.5, -110, -110),
    # Scheduled: the `current` prices, no `close` yet.
    ("401705008", "58"): (
        "market_blocks",
        -8.5,
        223.5,
        -380,
        300,
        -110.0,
        -110.0,
        -110.0,
        -110.0,
        -7.5,
        222.0,
        -320,
        260,
    ),
    # Per-team open / current blocks beside the numbers; team blocks carry no total.
    ("401688006", "58"): ("team_blocks", 1.5, 5.5, 110, -130, -110.0, -110.0, -110.0, -110.0, 1.5, None, 120, -140),
}


def test_odds_in_every_format_espn_has_used_land_as_numbers(betting: ReplayRun) -> None:
    rows = betting.query(
        "select event_id, provider_id, odds_format, home_spread, over_under, home_moneyline, away_moneyline, "
        "home_spread_odds, away_spread_odds, over_odds, under_odds, opening_home_spread, opening_over_under, "
        "opening_home_moneyline, opening_away_moneyline, unparsed_price_count from betting.fct_game_odds"
    )
    lines = {(event, provider): tuple(rest) for event, provider, *rest in rows}
    assert {key: lines[key] for key in LINES_BY_FORMAT} == {
        key: (*expected, 0) for key, expected in LINES_BY_FORMAT.items()
    }
    formats = betting.query("select odds_format, count(*) from betting.fct_game_odds group by 1 order by 1")
    assert formats == [("details_only", 2), ("market_blocks", 5), ("numbers", 14), ("team_blocks", 1)]
    # Raw keeps each block as ESPN sent it (one JSON column per side of a market).
    raw = betting.scalar(
        "select list(json_extract_string(o.moneyline__home, '$.close.odds')) "
        "from raw_betting.scoreboard__competitions__odds o "
        "join raw_betting.scoreboard__competitions c on o._dlt_parent_id = c._dlt_id "
        "join raw_betting.scoreboard e on c._dlt_parent_id = e._dlt_id where e.id = '401705002'"
    )
    assert raw == ["+115"]


def test_a_price_that_cannot_be_read_is_counted_and_kept_not_silently_null(betting: ReplayRun) -> None:
    # 401705003: CLE's closing moneyline came as "OFF"; the rest of the line reads.
    assert betting.query(
        "select event_id, home_moneyline, away_moneyline, opening_away_moneyline, home_spread, favorite_side, "
        "unparsed_price_count, unparsed_prices from betting.fct_game_odds where unparsed_price_count > 0"
    ) == [("401705003", 130, None, -150, 3.0, "away", 1, "moneyline.away.close.odds=OFF")]


def test_standings_are_daily_snapshots_that_move_with_the_games(betting: ReplayRun) -> None:
    bucks = betting.query(
        "select cast(as_of_date as varchar), wins, losses, games_behind, playoff_seed, streak_type, streak_length, "
        "record_summary "
        "from betting.fct_team_standings_daily where league = 'nba' and team_id = '15' order by as_of_date"
    )
    assert bucks == [(DAY_ONE, 12, 19, 10.5, 4, "L", 3, "12-19"), (DAY_TWO, 13, 19, 10.0, 4, "W", 1, "13-19")]
    bruins = betting.query(
        "select wins, losses, ot_losses, ties, games_played, standings_points, win_percent "
        "from betting.fct_team_standings_daily where league = 'nhl' and team_id = '1' and as_of_date = ?",
        [DAY_TWO],
    )
    # Hockey has no ties and ESPN sends no win percentage in these fixtures: NULL, never 0.
    assert bruins == [(18, 15, 4, None, 37, 40, None)]
    unchanged = betting.scalar(
        "select count(*) from betting.fct_team_standings_daily d1 join betting.fct_team_standings_daily d2 "
        "using (league, team_id) where d1.as_of_date = ? and d2.as_of_date = ? and d1.wins = d2.wins "
        "and d1.losses = d2.losses",
        [DAY_ONE, DAY_TWO],
    )
    assert unchanged == 28


def test_stats_no_column_maps_are_kept_in_the_long_fact(betting: ReplayRun) -> None:
    stats = dict(
        betting.query(
            "select stat_name, count(*) from betting.fct_team_standing_stats_daily where not is_mapped group by 1"
        )
    )
    assert stats == {
        "OTWins": 16,
        "avgPointsAgainst": 28,
        "avgPointsFor": 28,
        "differential": 32,
        "pointDifferential": 60,
    }
    assert betting.query(
        "select stat_value, display_value from betting.fct_team_standing_stats_daily "
        "where league = 'nhl' and team_id = '21' and stat_name = 'OTWins' and as_of_date = ?",
        [DAY_TWO],
    ) == [(4.0, "4")]


def test_run_log_has_one_success_row_per_day(betting: ReplayRun) -> None:
    rows = betting.query("select as_of_date, vertical, mode, status, tables_built from ops.etl_runs order by 1")
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        (DAY_ONE, "betting", "replay", "success", 9),
        (DAY_TWO, "betting", "replay", "success", 9),
    ]
    requests = dict(
        betting.query("select resource, sum(requests) from ops.etl_run_resources where vertical = 'betting' group by 1")
    )
    # Per day: one team list, one standings answer (for standings and seasons) and a team call per team in each of
    # 4 leagues; scoreboards: 5 dates x 4 leagues on day one, then only the 2 dates not yet settled.
    # Seasons come with the standings answer: no request of their own.
    assert requests == {"teams": 8, "team_details": 60, "standings": 8, "seasons": 0, "scoreboard": 20 + 8}


def test_every_export_is_snappy_and_matches_its_sidecar(betting: ReplayRun) -> None:
    betting.check_exports("betting", EXPECTED_ROWS)
    odds = betting.manifest("betting", "fct_game_odds")
    assert odds["kind"] == "fact" and odds["grain"] == "one row per league, event_id and provider_id"
    # A file per game date: day two's build rewrote the dates it wrote rows of, the others are day one's files.
    assert (odds["partition_column"], odds["partitioned_by_month_of"]) == ("game_month", "game_date")
    day_one, day_two = (betting.results[day][0].run_id for day in (DAY_ONE, DAY_TWO))
    assert [(f["path"].split("/")[0], f["row_count"], f["run_id"]) for f in odds["files"]] == betting.query(
        "select 'game_month=' || strftime(game_date, '%Y-%m'), count(*), "
        "case when max(_built_at) = (select max(_built_at) from betting.fct_game_odds) then ? else ? end "
        "from betting.fct_game_odds group by game_date order by game_date",
        [day_two, day_one],
    )
    assert {f["run_id"] for f in odds["files"]} == {day_one, day_two}
    columns = {c["name"]: c for c in odds["columns"]}
    assert columns["provider_key"]["nullable"] is False and columns["home_spread"]["nullable"] is True
    assert "Non-additive" in columns["over_under"]["description"]
    standings = betting.manifest("betting", "fct_team_standings_daily")
    assert "Semi-additive" in {c["name"]: c for c in standings["columns"]}["wins"]["description"]
    assert betting.sidecar("betting", "dim_team")["scd_type"] == 2
    assert betting.sidecar("betting", "dim_venue")["scd_type"] == 1


def test_rerunning_a_day_with_an_overlapping_backfill_adds_no_rows(betting: ReplayRun, rerun: ReplayRun) -> None:
    assert counts(rerun) == EXPECTED_ROWS
    rerun.check_exports("betting", EXPECTED_ROWS)
    # Only the dates not settled before are fetched: Dec 27 (new, empty) and the as-of date.
    requests = rerun.query(
        "select resource, sum(requests) from ops.etl_run_resources where vertical = 'betting' and run_id = ? "
        "group by 1",
        [rerun.results[DAY_TWO][0].run_id],
    )
    assert dict(requests)["scoreboard"] == 8
    # Raw keeps every answer (day two's scheduled games again); the marts keep one row per game and day.
    assert rerun.scalar("select count(*) from raw_betting.scoreboard") == 22 + 3 + 2
    assert rerun.scalar("select count(*) from raw_betting.standings") == 90
    day_two_runs = "select count(distinct _run_id) from betting.fct_team_standings_daily where as_of_date = ?"
    assert rerun.scalar(day_two_runs, [DAY_TWO]) == 1
    assert rerun.query(
        "select event_id, game_status from betting.fct_game_results where event_id in (?, ?) order by 1",
        [SCHEDULED_THEN_FINAL, POSTPONED],
    ) == [(POSTPONED, "postponed"), (SCHEDULED_THEN_FINAL, "final")]
    statuses = rerun.query("select status from ops.etl_runs order by started_at")
    assert statuses == [("success",), ("success",), ("success",)]
    assert rerun.paths.warehouse != betting.paths.warehouse


def exhibition_scoreboard() -> dict:
    """The NBA scoreboard of 2024-12-31 plus an all-star-style exhibition game whose sides, Team LeBron (31) and
    Team Durant (32), are in no team list: shaped like the game beside it (401705005 NY@CLE, final, no odds)."""
    body = scoreboard_body("nba", ["2024-12-31"], DAY_ONE)
    game = copy.deepcopy(next(e for e in body["events"] if e["id"] == "401705005"))
    game["id"] = game["competitions"][0]["id"] = "401705099"
    game["name"], game["shortName"] = "Team Durant at Team LeBron", "DUR @ LEB"
    sides = {"home": ("31", "LEB", "LeBron", "fdb927"), "away": ("32", "DUR", "Durant", "1d428a")}
    for competitor in game["competitions"][0]["competitors"]:
        team_id, abbreviation, captain, color = sides[competitor["homeAway"]]
        competitor["id"] = team_id
        competitor["uid"] = f"s:40~l:46~t:{team_id}"
        competitor["team"] = {
            **competitor["team"],
            "id": team_id,
            "uid": f"s:40~l:46~t:{team_id}",
            "location": "Team",
            "name": captain,
            "abbreviation": abbreviation,
            "displayName": f"Team {captain}",
            "shortDisplayName": captain,
            "color": color,
            "logo": f"https://a.espncdn.com/i/teamlogos/nba/500/scoreboard/{abbreviation.lower()}.png",
        }
    body["events"].append(game)
    return body


def test_sides_missing_from_the_team_list_are_dim_team_members(tmp_path) -> None:
    """Regression: a game between teams /teams does not list (all-star, exhibition) pointed at the unknown team
    without a word. They are members now, named by the scoreboard, and the game points at them."""
    with Emulator(["betting"]) as emulator:
        emulator.faults.add(
            Fault(
                r"/espn-site/basketball/nba/scoreboard$",
                "status",
                200,
                body=json.dumps(exhibition_scoreboard()),
                times=None,
                query={"dates": "20241231"},
            )
        )
        run = replay(
            make_paths(tmp_path),
            ["betting"],
            days=[DAY_ONE],
            params={"betting": {"leagues": ["basketball/nba"]}},
            emulator=emulator,
        )
    assert [(r.status, r.error) for r in run.results[DAY_ONE]] == [("success", None)]
    teams = run.query(
        "select team_id, abbreviation, display_name, short_display_name, team_name, location, color, logo_url, "
        "home_venue_key, team_key from betting.dim_team where team_id in ('31', '32') order by team_id"
    )
    assert [row[:9] for row in teams] == [
        ("31", "LEB", "Team LeBron", "LeBron", "LeBron", "Team", "fdb927",
         "https://a.espncdn.com/i/teamlogos/nba/500/scoreboard/leb.png", "-1"),
        ("32", "DUR", "Team Durant", "Durant", "Durant", "Team", "1d428a",
         "https://a.espncdn.com/i/teamlogos/nba/500/scoreboard/dur.png", "-1"),
    ]  # fmt: skip
    game = run.query(
        "select home_team_key, away_team_key, home_score, away_score from betting.fct_game_results "
        "where event_id = '401705099'"
    )
    original = run.query("select home_score, away_score from betting.fct_game_results where event_id = '401705005'")
    assert game == [(teams[0][9], teams[1][9], *original[0])]
    # The eight listed NBA teams plus the two sides, plus the unknown member; no game misses a team.
    assert run.scalar("select count(*) from betting.dim_team") == 11
    assert run.scalar("select count(*) from betting.fct_game_results where '-1' in (home_team_key, away_team_key)") == 0


def test_the_betting_dbt_unit_tests_pass_on_the_built_warehouse(betting: ReplayRun) -> None:
    unit_tests = run_unit_tests(betting.paths, "betting")
    assert len(unit_tests.declared) >= 5
    assert unit_tests.statuses == dict.fromkeys(unit_tests.declared, "pass"), unit_tests.output[-4000:]
