"""The betting parsers over every real captured ESPN response in ../shared/reference_responses/betting/, and the
captures loaded through the real source and dlt, so the raw contract (column hints) holds for ESPN's own data."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

import duckdb
import pytest

from ingestion.http import ApiClient
from ingestion.sources.betting import betting_source, helpers
from ingestion.sources.betting.helpers import League
from ingestion.sources.payloads import PayloadShapeError
from tests.conftest import REFERENCE_RESPONSES, duckdb_pipeline

BETTING = REFERENCE_RESPONSES / "betting"
pytestmark = pytest.mark.skipif(
    not BETTING.is_dir(), reason=f"{BETTING} is absent: the captured responses live outside the repository"
)
NBA, NFL, MLB, SOCCER = (
    League("basketball", "nba"),
    League("football", "nfl"),
    League("baseball", "mlb"),
    League("soccer", "usa.1"),
)


def load(name: str) -> Any:
    return json.loads((BETTING / name).read_text(encoding="utf-8"))


def check_teams(league: League, count: int, abbreviation: str) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        rows = helpers.team_rows(body, league)
        assert len(rows) == len({row["id"] for row in rows}) == count
        assert all(row["league"]["abbreviation"] == abbreviation and "teams" not in row["league"] for row in rows)
        assert all(row["league_slug"] == league.league and row["logos"] for row in rows)

    return check


def check_team(league: League, team_id: str, venue: str | None) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        row = helpers.team_detail_row(body, league, team_id)
        assert row["id"] == team_id and row["sport_slug"] == league.sport
        assert (row.get("franchise") or {}).get("venue", {}).get("fullName") == venue
        with pytest.raises(PayloadShapeError, match="espn_site endpoint 'team'"):
            helpers.team_detail_row(body, league, "0")

    return check


def check_scoreboard(league: League, events: int, settled: int) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        rows = helpers.scoreboard_events(body, league, date(2024, 12, 15))
        assert len(rows) == events and all(row["scoreboard_date"] == "2024-12-15" for row in rows)
        assert sum(helpers.is_settled(row) for row in rows) == settled

    return check


def check_standings(body: Any) -> None:
    rows = helpers.standings_rows(body, NBA)
    assert len(rows) == 30 and {row["group"]["abbreviation"] for row in rows} == {"East", "West"}
    assert {(row["season"], row["season_type"]) for row in rows} == {(2025, 2)}
    cavaliers = next(row for row in rows if row["team"]["abbreviation"] == "CLE")
    stats = {stat["name"]: stat for stat in cavaliers["stats"]}
    assert stats["wins"]["value"] == 64.0 and stats["overall"]["summary"] == "64-18" and "value" not in stats["overall"]
    seasons = helpers.season_rows(body, NBA)
    assert len(seasons) == 25 and seasons[0]["year"] == 2025 and seasons[0]["types"][1]["name"] == "Regular Season"


def check_summary(final: bool) -> Callable[[Any], None]:
    """A game summary is not a scoreboard, but its header is an event in the scoreboard's shape."""

    def check(body: Any) -> None:
        with pytest.raises(PayloadShapeError, match="espn_site endpoint 'scoreboard'"):
            helpers.scoreboard_events(body, NBA, date(2025, 1, 1))
        (row,) = helpers.scoreboard_events({"events": [body["header"]]}, NBA, date(2025, 1, 1))
        assert helpers.is_settled(row) is final

    return check


# Every capture must have a check: a new file without one fails the test instead of going unread.
CHECKS: dict[str, Callable[[Any], None]] = {
    "espn_nfl_teams.json": check_teams(NFL, 32, "NFL"),
    "espn_nba_teams.json": check_teams(NBA, 30, "NBA"),
    "espn_nba_team_13.json": check_team(NBA, "13", "crypto.com Arena"),
    "espn_mlb_team_15.json": check_team(MLB, "15", "Truist Park"),
    "espn_soccer_usa1_team_183.json": check_team(SOCCER, "183", None),
    "espn_nfl_scoreboard_20241215.json": check_scoreboard(NFL, 13, 13),
    "espn_nba_scoreboard_20241215.json": check_scoreboard(NBA, 7, 7),
    "espn_nfl_scoreboard_2022_wk1.json": check_scoreboard(NFL, 16, 2),
    "espn_nba_standings.json": check_standings,
    "espn_nba_summary_401772994.json": check_summary(final=False),
    "espn_nfl_summary_401547417.json": check_summary(final=True),
}


@pytest.mark.parametrize("capture", sorted(BETTING.glob("*.json")) if BETTING.is_dir() else [], ids=lambda p: p.name)
def test_every_capture_parses(capture: Path) -> None:
    assert capture.name in CHECKS, f"no parser check for {capture.name}: add one to CHECKS"
    CHECKS[capture.name](json.loads(capture.read_text(encoding="utf-8")))


class CapturedApi:
    """Answers the source's requests from the captures, as an ApiClient would from ESPN."""

    def __init__(self, answers: Mapping[tuple[str, str | None], str]) -> None:
        self._answers = answers

    def get_json(self, path: str, params: Mapping[str, Any] | None = None, **_: Any) -> Any:
        return load(self._answers[(path, (params or {}).get("dates"))])


def test_the_captures_load_through_the_source_with_one_type_per_column(tmp_path: Path) -> None:
    site = CapturedApi(
        {
            ("basketball/nba/teams", None): "espn_nba_teams.json",
            ("football/nfl/teams", None): "espn_nfl_teams.json",
            ("basketball/nba/scoreboard", "20241215"): "espn_nba_scoreboard_20241215.json",
            ("football/nfl/scoreboard", "20241215"): "espn_nfl_scoreboard_20241215.json",
            # ESPN's week-one scoreboard of 2022, served here as if it were that Sunday's date.
            ("football/nfl/scoreboard", "20241214"): "espn_nfl_scoreboard_2022_wk1.json",
        }
    )
    standings = CapturedApi({("basketball/nba/standings", None): "espn_nba_standings.json"})
    clients = cast(dict[str, ApiClient], {"espn_site": site, "espn_standings": standings})
    pipeline = duckdb_pipeline(tmp_path, "betting_captures", "raw_betting")
    try:
        nba = betting_source(
            clients, "2024-12-16", "captures", leagues=["basketball/nba"], start_date=20241215, end_date=20241215
        )
        nfl = betting_source(
            clients, "2024-12-16", "captures", leagues=["football/nfl"], start_date="2024-12-14", end_date="2024-12-15"
        )
        pipeline.run(nba.with_resources("teams", "scoreboard", "standings", "seasons"), loader_file_format="parquet")
        pipeline.run(nfl.with_resources("teams", "scoreboard"), loader_file_format="parquet")
    finally:
        pipeline.deactivate()

    with duckdb.connect(str(tmp_path / "betting_captures.duckdb"), read_only=True) as connection:
        columns = connection.execute(
            "select table_name, column_name, data_type from information_schema.columns where table_schema = ?",
            ["raw_betting"],
        ).fetchall()
        types = {(table, column): kind for table, column, kind in columns}
        # dlt splits a column whose values change type into `<name>__v_<type>` variants: none may appear.
        assert [column for _, column, _ in columns if "__v_" in column] == []
        assert types[("scoreboard__competitions__odds", "over_under")] == "DOUBLE"
        assert types[("scoreboard__competitions", "status__clock")] == "DOUBLE"
        assert types[("scoreboard__competitions__competitors", "score")] == "VARCHAR"
        # Hinted columns exist although no captured odds carry them (the 2022 odds have no spread).
        assert types[("scoreboard__competitions__odds", "home_team_odds__money_line")] == "DOUBLE"
        # Today's text-priced blocks lie deeper than dlt flattens: one JSON column per side, there from the start.
        assert types[("scoreboard__competitions__odds", "moneyline__home")] == "JSON"
        assert types[("scoreboard__competitions__odds", "home_team_odds__current")] == "JSON"
        counts = dict(
            connection.execute(
                "select 'teams', count(*) from raw_betting.teams union all "
                "select 'events', count(*) from raw_betting.scoreboard union all "
                "select 'odds', count(*) from raw_betting.scoreboard__competitions__odds union all "
                "select 'stats', count(*) from raw_betting.standings__stats union all "
                "select 'seasons', count(*) from raw_betting.seasons"
            ).fetchall()
        )
        assert counts == {"teams": 62, "events": 13 + 7 + 16, "odds": 6, "stats": 30 * 22, "seasons": 25}
        totals = connection.execute(
            "select list(over_under order by over_under) from raw_betting.scoreboard__competitions__odds"
        ).fetchone()
        assert totals == ([44.0, 44.0, 46.5, 50.5, 52.5, 54.0],)
