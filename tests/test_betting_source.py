"""Every betting resource against the local emulator, through the same client code the live run uses: leagues,
date ranges walked one date per request, resuming a backfill from dlt state, postponed games, games without odds,
unknown standings stats kept, and clear errors for bad parameters and bad payloads."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from dlt.extract.exceptions import ResourceExtractionError

from ingestion.cli import parse_params
from ingestion.emulator import Emulator, Fault
from ingestion.emulator.betting import SCENARIO
from ingestion.http import StatsRegistry
from ingestion.runner.drift import declared_contract
from ingestion.runner.orchestrator import make_clients
from ingestion.runner.paths import PROJECT_DIR
from ingestion.runner.quarantine import RecordGuard
from ingestion.sources.betting import SPEC, betting_source, helpers
from ingestion.sources.payloads import PayloadShapeError, Quarantined
from tests.conftest import duckdb_pipeline

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
DEC_30 = {"dates": "20241230"}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["betting"]) as running:
        yield running


@pytest.fixture(autouse=True)
def clean_emulator(emulator: Emulator) -> Iterator[None]:
    emulator.set_day(DAY_ONE)
    emulator.faults.clear()
    emulator.clear_requests()
    yield
    emulator.faults.clear()


def source(emulator: Emulator, as_of: str = DAY_ONE, stats: StatsRegistry | None = None, **params: Any) -> Any:
    urls = dict(emulator.base_urls()["betting"])
    urls.update(params.pop("urls", {}))
    clients = make_clients(SPEC, stats=stats or StatsRegistry(), replay_base_urls=urls)
    return betting_source(clients, as_of_date=as_of, run_id="test-run", **params)


def extract(emulator: Emulator, resource: str, as_of: str = DAY_ONE, **params: Any) -> list[dict[str, Any]]:
    return list(source(emulator, as_of, **params).with_resources(resource))


def scoreboard_requests(emulator: Emulator) -> list[tuple[str, str]]:
    """(league path, dates) of every scoreboard request, in order."""
    return [
        (r.path.split("/espn-site/")[1].rsplit("/", 1)[0], r.query["dates"])
        for r in emulator.requests
        if r.path.endswith("/scoreboard")
    ]


def test_teams_of_every_default_league_with_the_league_beside_them(emulator: Emulator) -> None:
    rows = extract(emulator, "teams")
    assert {(row["sport_slug"], row["league_slug"]) for row in rows} == {
        ("football", "nfl"),
        ("basketball", "nba"),
        ("baseball", "mlb"),
        ("hockey", "nhl"),
    }
    assert len(rows) == sum(SCENARIO.teams_per_league.values()) == 30
    chiefs = next(row for row in rows if row["league_slug"] == "nfl" and row["id"] == "12")
    assert chiefs["displayName"] == "Kansas City Chiefs" and chiefs["league"]["abbreviation"] == "NFL"
    assert "teams" not in chiefs["league"]
    assert all(row["as_of_date"] == DAY_ONE and row["_run_id"] == "test-run" for row in rows)
    assert sorted(r.path for r in emulator.requests) == sorted(
        f"/espn-site/{league}/teams" for league in SPEC.default_params["leagues"]
    )


def test_team_details_carry_the_home_venue_which_moves_for_the_athletics(emulator: Emulator) -> None:
    def athletics(day: str) -> dict[str, Any]:
        emulator.set_day(day)
        rows = extract(emulator, "team_details", as_of=day, leagues=["baseball/mlb"])
        assert len(rows) == SCENARIO.teams_per_league["mlb"]
        return next(row for row in rows if row["id"] == "11")

    before, after = athletics(DAY_ONE), athletics(DAY_TWO)
    assert (
        before["franchise"]["venue"]["fullName"] == "Oakland Coliseum" and before["displayName"] == "Oakland Athletics"
    )
    assert after["franchise"]["venue"]["fullName"] == "Sutter Health Park" and after["displayName"] == "Athletics"
    assert after["sport_slug"] == "baseball" and after["league_slug"] == "mlb"


def test_a_date_range_is_walked_one_date_per_request(emulator: Emulator) -> None:
    rows = extract(emulator, "scoreboard", leagues=["hockey/nhl"], start_date="2024-12-27", end_date="2024-12-31")
    assert scoreboard_requests(emulator) == [
        ("hockey/nhl", day) for day in ("20241227", "20241228", "20241229", "20241230", "20241231")
    ]
    assert len(rows) == 7
    assert {row["scoreboard_date"] for row in rows} == {"2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31"}
    # ESPN lists a late game under its US Eastern date, though it starts the next day in UTC.
    late = next(row for row in rows if row["id"] == "401688001")
    assert (late["scoreboard_date"], late["date"]) == ("2024-12-28", "2024-12-29T00:00Z")


def test_the_default_window_is_days_back_up_to_the_as_of_date(emulator: Emulator) -> None:
    rows = extract(emulator, "scoreboard", leagues="football/nfl")
    assert scoreboard_requests(emulator) == [
        ("football/nfl", day) for day in ("20241228", "20241229", "20241230", "20241231", "20250101")
    ]
    assert len(rows) == 4 and SPEC.default_params["days_back"] == 4
    emulator.clear_requests()
    extract(emulator, "scoreboard", as_of=DAY_TWO, leagues="football/nfl", days_back=1)
    assert scoreboard_requests(emulator) == [("football/nfl", "20250101"), ("football/nfl", "20250102")]


def test_a_backfill_resumes_skipping_the_dates_settled_in_earlier_runs(emulator: Emulator, tmp_path: Path) -> None:
    pipeline = duckdb_pipeline(tmp_path, "betting_resume_test", "raw_betting")
    backfill = {"leagues": ["basketball/nba", "hockey/nhl"], "start_date": "2024-12-28", "end_date": "2025-01-02"}
    try:
        pipeline.extract(source(emulator, DAY_ONE, **backfill).with_resources("scoreboard"))
        first = scoreboard_requests(emulator)
        assert len(first) == 12
        settled = pipeline.state["sources"]["betting"]["resources"]["scoreboard"]["settled_dates"]
        # Before the as-of date and every game final or postponed; the as-of date itself is never settled.
        assert settled == {
            "basketball/nba": ["2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31"],
            "hockey/nhl": ["2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31"],
        }

        emulator.set_day(DAY_TWO)
        emulator.clear_requests()
        pipeline.extract(source(emulator, DAY_TWO, **backfill).with_resources("scoreboard"))
        assert scoreboard_requests(emulator) == [
            ("basketball/nba", "20250101"),
            ("basketball/nba", "20250102"),
            ("hockey/nhl", "20250101"),
            ("hockey/nhl", "20250102"),
        ]
        settled = pipeline.state["sources"]["betting"]["resources"]["scoreboard"]["settled_dates"]
        assert settled["basketball/nba"][-1] == "2025-01-01" and settled["hockey/nhl"][-1] == "2025-01-01"
    finally:
        # A source iterated outside a pipeline uses the active pipeline's state: the other tests must not see this.
        pipeline.deactivate()


def test_postponed_games_and_games_without_odds_are_rows_like_any_other(emulator: Emulator) -> None:
    rows = {row["id"]: row for row in extract(emulator, "scoreboard", leagues=["hockey/nhl", "baseball/mlb"])}
    postponed = rows[SCENARIO.postponed]
    assert postponed["status"]["type"]["name"] == "STATUS_POSTPONED"
    assert postponed["competitions"][0]["status"]["type"]["completed"] is False
    without_odds = [rows[event] for event in SCENARIO.no_odds if event in rows]
    assert len(without_odds) == 3 and all("odds" not in row["competitions"][0] for row in without_odds)
    legacy = rows["401688003"]["competitions"][0]["odds"]
    assert legacy == [
        {
            "provider": {"id": "45", "name": "Caesars Sportsbook (New Jersey)", "priority": 1},
            "details": "EDM -175",
            "overUnder": 6.5,
        }
    ]


def test_the_scheduled_game_is_a_row_each_day_scheduled_then_final(emulator: Emulator) -> None:
    def game(day: str) -> dict[str, Any]:
        emulator.set_day(day)
        rows = extract(emulator, "scoreboard", as_of=day, leagues=["basketball/nba"], days_back=1)
        return next(row for row in rows if row["id"] == SCENARIO.scheduled_then_final)

    scheduled, final = game(DAY_ONE), game(DAY_TWO)
    assert scheduled["status"]["type"]["name"] == "STATUS_SCHEDULED" and scheduled["as_of_date"] == DAY_ONE
    assert final["status"]["type"]["name"] == "STATUS_FINAL" and final["as_of_date"] == DAY_TWO
    assert scheduled["scoreboard_date"] == final["scoreboard_date"] == "2025-01-01"


def test_standings_keep_every_stat_including_the_ones_no_column_maps(emulator: Emulator) -> None:
    rows = extract(emulator, "standings", leagues=["hockey/nhl", "basketball/nba"])
    assert len(rows) == 16
    bruins = next(row for row in rows if row["league_slug"] == "nhl" and row["team"]["id"] == "1")
    stats = {stat["name"]: stat for stat in bruins["stats"]}
    # OTWins is a hockey stat fct_team_standings_daily has no column for: loaded all the same.
    assert stats["OTWins"]["value"] == 3.0 and stats["overall"]["summary"] == "18-15-4"
    assert bruins["group"] == {
        "id": "7",
        "uid": "s:70~l:90~g:7",
        "name": "Eastern Conference",
        "abbreviation": "East",
        "isConference": True,
    }
    assert (bruins["season"], bruins["season_type"], bruins["season_display_name"]) == (2025, 2, "2024-25")
    seasons = extract(emulator, "seasons", leagues=["hockey/nhl", "basketball/nba"])
    assert [(row["league_slug"], row["year"]) for row in seasons] == [
        ("nhl", 2025),
        ("nhl", 2024),
        ("nba", 2025),
        ("nba", 2024),
    ]
    # One standings request per league feeds both resources.
    assert len([r for r in emulator.requests if r.path.endswith("/standings")]) == 4


def test_the_site_standings_stub_is_rejected_naming_the_right_base_url(emulator: Emulator) -> None:
    stub = {"espn_standings": emulator.base_urls()["betting"]["espn_site"]}
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "standings", leagues=["basketball/nba"], urls=stub)
    assert isinstance(raised.value.__cause__, PayloadShapeError)
    assert "espn_standings endpoint 'standings'" in str(raised.value) and "apis/v2/sports" in str(raised.value)


def test_a_wrongly_shaped_scoreboard_is_rejected_with_the_endpoint_named(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path_pattern="/scoreboard", kind="status", status=200, body='{"events": {}}'))
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "scoreboard", leagues=["basketball/nba"])
    assert isinstance(raised.value.__cause__, PayloadShapeError)
    assert "espn_site endpoint 'scoreboard'" in str(raised.value)


def test_a_429_is_waited_out_and_the_date_fetched(emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    emulator.faults.add(
        Fault(path_pattern="/scoreboard", kind="status", status=429, headers={"Retry-After": "0"}, times=1)
    )
    stats = StatsRegistry()
    with caplog.at_level(logging.WARNING, logger="starline.http"):
        rows = list(source(emulator, stats=stats, leagues=["football/nfl"], days_back=0).with_resources("scoreboard"))
    assert rows == [] and stats.as_dict()["scoreboard"]["retries"] == 1
    assert any("429" in record.getMessage() and "scoreboard" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"leagues": ["nba"]}, "not a 'sport/league' slug pair"),
        ({"leagues": []}, "no league configured"),
        ({"start_date": "2025-01-05", "end_date": "2025-01-01"}, "is after betting.end_date 2025-01-01"),
        ({"start_date": "2024-13-01"}, "start_date '2024-13-01' is not a date"),
        ({"start_date": "2014-01-01"}, "backfill one season at a time"),
        ({"days_back": -1}, "betting.days_back=-1: below 0"),
    ],
)
def test_bad_parameters_fail_before_any_request(emulator: Emulator, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        source(emulator, **params)
    assert emulator.requests == []


def test_backfill_parameters_arrive_from_the_cli_as_literals() -> None:
    params = parse_params(
        ["betting.start_date=2024-12-28", "betting.end_date=20250102", "betting.leagues=['hockey/nhl']"], ["betting"]
    )["betting"]
    assert params == {"start_date": "2024-12-28", "end_date": 20250102, "leagues": ["hockey/nhl"]}
    resolved = SPEC.resolve_params(params, replay=True)
    assert resolved["days_back"] == 4
    dates = helpers.scoreboard_dates(DAY_TWO, resolved["days_back"], resolved["start_date"], resolved["end_date"])
    assert [day.isoformat() for day in (dates[0], dates[-1])] == ["2024-12-28", "2025-01-02"] and len(dates) == 6
    with pytest.raises(ValueError, match="unknown parameter"):
        SPEC.resolve_params({"dates": "x"}, replay=True)


def test_an_event_without_an_id_is_quarantined_and_its_date_is_read_again(emulator: Emulator, tmp_path: Path) -> None:
    base = emulator.base_urls()["betting"]["espn_site"]
    body = requests.get(f"{base}/basketball/nba/scoreboard", params={"dates": "20241230"}, timeout=10).json()
    body["events"].append({"name": "Tip-off soon", "competitions": []})
    emulator.faults.add(Fault("/basketball/nba/scoreboard", "status", 200, body=json.dumps(body), query=DEC_30))
    pipeline = duckdb_pipeline(tmp_path, "betting_quarantine_test", "raw_betting")
    try:
        window = {"leagues": ["basketball/nba"], "start_date": "2024-12-30", "end_date": "2024-12-31"}
        scoreboard = source(emulator, DAY_ONE, **window).with_resources("scoreboard")
        guard = RecordGuard(declared_contract(PROJECT_DIR, "raw_betting"), scoreboard.schema.naming)
        scoreboard.resources["scoreboard"].add_filter(guard.admitting("scoreboard"))
        extracted = pipeline.extract(scoreboard)
        assert [(q.key, q.payload["name"]) for q in guard.refused] == [(None, "Tip-off soon")]
        reason = guard.refused[0].reason
        assert "espn_site endpoint 'scoreboard'" in reason and "events with an id" in reason
        assert extracted.metrics and guard.counts() == {"scoreboard": 1}
        settled = pipeline.state["sources"]["betting"]["resources"]["scoreboard"]["settled_dates"]
        assert settled == {"basketball/nba": ["2024-12-31"]}
    finally:
        pipeline.deactivate()


def test_a_wrongly_shaped_team_answer_quarantines_that_team_only(emulator: Emulator) -> None:
    teams = [row for row in extract(emulator, "teams", leagues=["basketball/nba"])]
    first, others = str(teams[0]["id"]), {str(team["id"]) for team in teams[1:]}
    emulator.faults.add(Fault(f"/basketball/nba/teams/{first}$", "status", 200, body='{"team": []}', times=None))
    records = extract(emulator, "team_details", leagues=["basketball/nba"])
    assert [(q.key, q.payload) for q in records if isinstance(q, Quarantined)] == [(first, {"team": []})]
    assert {str(record["id"]) for record in records if not isinstance(record, Quarantined)} == others
