"""The betting fixtures: shapes against the real ESPN captures, internal consistency (scores, line scores,
standings), and the documented day-two changes (the source and end-to-end tests rely on them)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator, betting
from ingestion.emulator.betting import SCENARIO
from tests.conftest import REFERENCE_RESPONSES

CAPTURES = REFERENCE_RESPONSES / "betting"
DAY_ONE, DAY_TWO = betting.DAYS
LEAGUES = {"nfl": "football", "nba": "basketball", "nhl": "hockey", "mlb": "baseball"}
WINDOW = ["20241228", "20241229", "20241230", "20241231", "20250101", "20250102"]
# Keys of the 2024 ESPN odds shape and today's per-market blocks, newer than the captured 2022 odds (provider,
# details, overUnder). Team odds are checked against the captured team next event, the one capture with text-priced
# open / current blocks; the scoreboards' team odds also carry the team's uid, display name and logo, and today's
# whether the team was the favourite at open.
ODDS = "event.competitions[].odds[]"
NEWER_ODDS_KEYS = {
    ODDS: {"spread", "overOdds", "underOdds", "moneyline", "pointSpread", "total"},
    **{f"{ODDS}.{side}TeamOdds": {"favoriteAtOpen"} for side in ("home", "away")},
    **{f"{ODDS}.{side}TeamOdds.team": {"uid", "displayName", "logo"} for side in ("home", "away")},
}


@dataclass
class Crawl:
    """Every betting response the emulator serves for one day, by league."""

    teams: dict[str, dict[str, Any]] = field(default_factory=dict)
    details: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    standings: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The scoreboard date (ESPN's, US Eastern) each event was listed under.
    listed_on: dict[str, str] = field(default_factory=dict)

    def team_list(self, league: str) -> list[dict[str, Any]]:
        return [entry["team"] for entry in self.teams[league]["sports"][0]["leagues"][0]["teams"]]

    def entries(self, league: str) -> list[dict[str, Any]]:
        return [entry for child in self.standings[league]["children"] for entry in child["standings"]["entries"]]

    def event(self, event_id: str) -> dict[str, Any]:
        return next(e for events in self.events.values() for e in events if e["id"] == event_id)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["betting"]) as running:
        yield running


@pytest.fixture(scope="module")
def crawls(emulator: Emulator) -> dict[str, Crawl]:
    urls = emulator.base_urls()["betting"]
    result: dict[str, Crawl] = {}
    with requests.Session() as http:

        def get(url: str, **params: str) -> Any:
            response = http.get(url, params=params, timeout=5)
            assert response.status_code == 200, (url, response.text)
            return response.json()

        for day in betting.DAYS:
            emulator.set_day(day)
            crawl = result[day] = Crawl()
            for league, sport in LEAGUES.items():
                site = f"{urls['espn_site']}/{sport}/{league}"
                crawl.teams[league] = get(f"{site}/teams")
                for team in crawl.team_list(league):
                    crawl.details[(league, team["id"])] = get(f"{site}/teams/{team['id']}")
                crawl.standings[league] = get(f"{urls['espn_standings']}/{sport}/{league}/standings")
                crawl.events[league] = []
                for date in WINDOW:
                    for event in get(f"{site}/scoreboard", dates=date)["events"]:
                        crawl.events[league].append(event)
                        crawl.listed_on[event["id"]] = date
    emulator.set_day(DAY_ONE)
    return result


def capture(name: str) -> Any:
    path = CAPTURES / name
    if not path.is_file():
        pytest.skip(f"reference capture {path} is not available (it lives outside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))


def json_type(value: Any) -> str:
    """JSON's own types: ESPN sends whole numbers as 44 or 44.0 alike, so int and float are one kind."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", dict: "object", list: "array", type(None): "null"}[type(value)]


def shape(*samples: Any) -> Any:
    """The union of several captured values: objects merge their keys, arrays their items, scalars their types."""
    present = [sample for sample in samples if sample is not None]
    if present and all(isinstance(sample, dict) for sample in present):
        keys = dict.fromkeys(key for sample in present for key in sample)
        return {key: shape(*(sample[key] for sample in present if key in sample)) for key in keys}
    if present and all(isinstance(sample, list) for sample in present):
        items = [item for sample in present for item in sample]
        return [shape(*items)] if items else []
    return {json_type(sample) for sample in samples}


def assert_fits(actual: Any, reference: Any, path: str, extra: dict[str, set[str]] | None = None) -> None:
    """`actual` uses only keys the reference has (plus `extra[path]`), with the reference's JSON types."""
    if isinstance(reference, set):
        assert json_type(actual) in reference or "null" in reference, f"{path}: {json_type(actual)} not {reference}"
        return
    if isinstance(reference, dict):
        assert isinstance(actual, dict), f"{path}: {json_type(actual)} where the capture has an object"
        unknown = set(actual) - set(reference) - (extra or {}).get(path, set())
        assert not unknown, f"{path}: keys the captures do not have: {sorted(unknown)}"
        for key, value in actual.items():
            if key in reference:
                assert_fits(value, reference[key], f"{path}.{key}", extra)
        return
    assert isinstance(actual, list), f"{path}: {json_type(actual)} where the capture has an array"
    if reference:
        for item in actual:
            assert_fits(item, reference[0], f"{path}[]", extra)


# shapes against the captures


def test_team_lists_fit_the_captured_team_lists(crawls: dict[str, Crawl]) -> None:
    reference = shape(capture("espn_nfl_teams.json"), capture("espn_nba_teams.json"))
    for crawl in crawls.values():
        for body in crawl.teams.values():
            assert_fits(body, reference, "teams")
            assert list(body["sports"][0]["leagues"][0]["teams"][0]["team"]) == list(
                capture("espn_nba_teams.json")["sports"][0]["leagues"][0]["teams"][0]["team"]
            )


def test_team_details_fit_the_captured_teams(crawls: dict[str, Crawl]) -> None:
    reference = shape(capture("espn_nba_team_13.json"), capture("espn_mlb_team_15.json"))
    for crawl in crawls.values():
        for body in crawl.details.values():
            assert_fits(body, reference, "team")
            venue = body["team"]["franchise"]["venue"]
            assert isinstance(venue["indoor"], bool) and isinstance(venue["grass"], bool)


def test_scoreboards_fit_the_captured_scoreboards(crawls: dict[str, Crawl]) -> None:
    # The captured scoreboards' notes are all empty; a team's next event shows the shape of a competition note.
    next_event = capture("espn_nba_team_13.json")["team"]["nextEvent"]
    priced_next_event = capture("espn_soccer_usa1_team_183.json")["team"]["nextEvent"]
    reference = shape(
        capture("espn_nfl_scoreboard_20241215.json"),
        capture("espn_nba_scoreboard_20241215.json"),
        capture("espn_nfl_scoreboard_2022_wk1.json"),
        {"events": next_event},
        {"events": [{"competitions": [{"odds": event["competitions"][0]["odds"]}]} for event in priced_next_event]},
    )
    for crawl in crawls.values():
        for events in crawl.events.values():
            for event in events:
                assert_fits(event, reference["events"][0], "event", NEWER_ODDS_KEYS)
                for competitor in event["competitions"][0]["competitors"]:
                    assert isinstance(competitor["score"], str) and competitor["id"] == competitor["team"]["id"]


def test_standings_fit_the_captured_standings(crawls: dict[str, Crawl]) -> None:
    real = capture("espn_nba_standings.json")
    reference = shape(real)
    for crawl in crawls.values():
        for body in crawl.standings.values():
            assert_fits(body, reference, "standings")
            assert list(body) == list(real)
            for child in body["children"]:
                for entry in child["standings"]["entries"]:
                    numeric = [stat for stat in entry["stats"] if "value" in stat]
                    # ESPN sends standings values as floats (64.0), record stats with a summary and no value.
                    assert numeric and all(type(stat["value"]) is float for stat in numeric)
                    records = [stat for stat in entry["stats"] if "value" not in stat]
                    assert [stat["name"] for stat in records] == ["overall"] and records[0]["summary"]


# the fixtures hold together


def test_every_league_serves_its_teams_details_standings_and_seasons(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        for league, count in SCENARIO.teams_per_league.items():
            ids = [team["id"] for team in crawl.team_list(league)]
            assert len(ids) == len(set(ids)) == count
            assert {entry["team"]["id"] for entry in crawl.entries(league)} == set(ids)
            assert all(crawl.details[(league, team_id)]["team"]["id"] == team_id for team_id in ids)
            seasons = crawl.standings[league]["seasons"]
            assert len(seasons) == 2 and all([t["id"] for t in s["types"]] == ["1", "2", "3", "4"] for s in seasons)
    assert SCENARIO.leagues == ("football/nfl", "basketball/nba", "hockey/nhl", "baseball/mlb")


def test_final_games_have_consistent_scores_winners_and_line_scores(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        for events in crawl.events.values():
            for event in events:
                competition = event["competitions"][0]
                status = competition["status"]["type"]
                sides = {c["homeAway"]: c for c in competition["competitors"]}
                assert set(sides) == {"home", "away"} and event["status"] == competition["status"]
                if status["completed"]:
                    scores = {side: int(c["score"]) for side, c in sides.items()}
                    for side, competitor in sides.items():
                        other = scores["away" if side == "home" else "home"]
                        assert competitor["winner"] is (scores[side] > other)
                        assert sum(period["value"] for period in competitor["linescores"]) == scores[side]
                    assert competition["attendance"] >= 0 and status["name"] == "STATUS_FINAL"
                else:
                    assert all(
                        c["score"] == "0" and "winner" not in c and "linescores" not in c for c in sides.values()
                    )
                    assert competition["attendance"] == 0


def test_every_league_has_three_dates_with_final_games_carrying_odds(crawls: dict[str, Crawl]) -> None:
    crawl = crawls[DAY_TWO]
    for league, events in crawl.events.items():
        dates = {
            crawl.listed_on[event["id"]]
            for event in events
            if event["status"]["type"]["completed"] and event["competitions"][0].get("odds")
        }
        assert len(dates) >= 3, league
    served = [event for crawl in crawls.values() for events in crawl.events.values() for event in events]
    assert {event["id"] for event in served} >= set(SCENARIO.no_odds)
    assert all("odds" not in event["competitions"][0] for event in served if event["id"] in SCENARIO.no_odds)
    legacy = [
        odds
        for event in served
        if event["id"] in SCENARIO.legacy_odds
        for odds in event["competitions"][0].get("odds", [])
        if "homeTeamOdds" not in odds
    ]
    assert legacy and all(set(odds) <= {"provider", "details", "overUnder", "spread"} for odds in legacy)


def test_lines_come_in_every_shape_espn_has_used(crawls: dict[str, Crawl]) -> None:
    shapes: dict[tuple[str, str], str] = {}
    for crawl in crawls.values():
        for events in crawl.events.values():
            for event in events:
                for odds in event["competitions"][0].get("odds", []):
                    if "moneyline" in odds:
                        kind = "markets"
                    elif "open" in odds.get("homeTeamOdds", {}):
                        kind = "team blocks"
                    elif "spread" in odds:
                        kind = "numbers"
                    else:
                        kind = "details only"
                    shapes[(event["id"], odds["provider"]["id"])] = kind
    assert Counter(shapes.values()) == {"details only": 2, "numbers": 14, "markets": 5, "team blocks": 1}
    day_two = crawls[DAY_TWO]

    def moneylines(event_id: str) -> dict[str, Any]:
        return day_two.event(event_id)["competitions"][0]["odds"][0]["moneyline"]

    assert moneylines("401705002") == {
        "displayName": "Moneyline",
        "shortDisplayName": "ML",
        "home": {"open": {"odds": "EVEN"}, "close": {"odds": "+115"}},
        "away": {"open": {"odds": "-120"}, "close": {"odds": "-135"}},
    }
    assert moneylines("401705003")["away"] == {"open": {"odds": "-150"}, "close": {"odds": "OFF"}}
    assert moneylines("401569904")["away"]["close"] == {"odds": "EVEN"}
    # Not played yet: the newest prices are `current`, not `close`.
    assert moneylines("401705008")["home"] == {"open": {"odds": "-320"}, "current": {"odds": "-380"}}
    total = day_two.event("401705008")["competitions"][0]["odds"][0]["total"]["over"]
    assert total == {"open": {"line": "o222", "odds": "-110"}, "current": {"line": "o223.5", "odds": "-110"}}
    chicago = day_two.event("401688006")["competitions"][0]["odds"][0]["homeTeamOdds"]
    assert (chicago["moneyLine"], chicago["open"]["moneyLine"]["american"]) == (110, "+120")
    assert chicago["current"]["pointSpread"] == {"alternateDisplayValue": "+1.5", "american": "+1.5"}
    dodgers = day_two.event("401569902")["competitions"][0]["odds"]
    assert dodgers == [
        {"provider": {"id": "58", "name": "ESPN BET", "priority": 1}, "details": "ML: LAD -210", "overUnder": 8.5}
    ]


def test_the_scheduled_game_of_day_one_is_final_on_day_two_without_its_odds(crawls: dict[str, Crawl]) -> None:
    before, after = (crawls[day].event(SCENARIO.scheduled_then_final) for day in (DAY_ONE, DAY_TWO))
    assert before["status"]["type"]["name"] == "STATUS_SCHEDULED" and before["competitions"][0]["odds"]
    assert after["status"]["type"]["name"] == "STATUS_FINAL" and "odds" not in after["competitions"][0]
    assert {c["homeAway"]: c["score"] for c in after["competitions"][0]["competitors"]} == {
        "home": "120",
        "away": "112",
    }


def test_the_postponed_game_stays_postponed(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        status = crawl.event(SCENARIO.postponed)["status"]["type"]
        assert (status["name"], status["state"], status["completed"]) == ("STATUS_POSTPONED", "post", False)


def test_standings_balance_and_only_the_nba_moves_on_day_two(crawls: dict[str, Crawl]) -> None:
    def values(crawl: Crawl, league: str) -> dict[str, dict[str, float]]:
        return {
            entry["team"]["id"]: {stat["name"]: stat["value"] for stat in entry["stats"] if "value" in stat}
            for entry in crawl.entries(league)
        }

    for crawl in crawls.values():
        for league in LEAGUES:
            table = values(crawl, league).values()
            assert sum(t["wins"] for t in table) == sum(t["losses"] + t.get("OTLosses", 0) for t in table)
            assert sum(t["pointsFor"] for t in table) == sum(t["pointsAgainst"] for t in table)
    changed = {league for league in LEAGUES if values(crawls[DAY_ONE], league) != values(crawls[DAY_TWO], league)}
    assert changed == {"nba"}
    bucks, lakers = values(crawls[DAY_TWO], "nba")["15"], values(crawls[DAY_TWO], "nba")["13"]
    assert (bucks["wins"], bucks["losses"], lakers["wins"], lakers["losses"]) == (13, 19, 15, 17)


def test_the_athletics_leave_oakland_on_day_two_everywhere(crawls: dict[str, Crawl]) -> None:
    league, team_id, before, after = SCENARIO.renamed
    for day, name, abbreviation, venue in ((DAY_ONE, before, "OAK", "10"), (DAY_TWO, after, "ATH", "5411")):
        crawl = crawls[day]
        listed = next(team for team in crawl.team_list(league) if team["id"] == team_id)
        detail = crawl.details[(league, team_id)]["team"]
        standing = next(entry["team"] for entry in crawl.entries(league) if entry["team"]["id"] == team_id)
        assert listed["displayName"] == detail["displayName"] == standing["displayName"] == name
        assert listed["abbreviation"] == abbreviation and detail["franchise"]["venue"]["id"] == venue
    unchanged = [
        key
        for key, body in crawls[DAY_ONE].details.items()
        if key != (league, team_id) and body != crawls[DAY_TWO].details[key]
    ]
    # Records move with the standings; names, logos and venues of every other team stay put.
    for key in unchanged:
        one, two = crawls[DAY_ONE].details[key]["team"], crawls[DAY_TWO].details[key]["team"]
        assert {k: v for k, v in one.items() if k not in ("record", "standingSummary")} == {
            k: v for k, v in two.items() if k not in ("record", "standingSummary")
        }


def test_no_team_plays_two_games_at_the_same_time(crawls: dict[str, Crawl]) -> None:
    for events in crawls[DAY_TWO].events.values():
        slots = [(c["id"], event["date"]) for event in events for c in event["competitions"][0]["competitors"]]
        assert len(slots) == len(set(slots))


def test_scenario_counts_match_what_is_served(crawls: dict[str, Crawl]) -> None:
    games = {event["id"]: event for crawl in crawls.values() for events in crawl.events.values() for event in events}
    assert len(games) == SCENARIO.games == 24
    final = [e for e in (crawls[DAY_TWO].event(i) for i in games) if e["status"]["type"]["completed"]]
    assert len(final) == SCENARIO.final_after_day_two == 21
    lines = {
        (event["id"], odds["provider"]["id"])
        for crawl in crawls.values()
        for events in crawl.events.values()
        for event in events
        for odds in event["competitions"][0].get("odds", [])
    }
    assert len(lines) == SCENARIO.lines == 22


# requests


def test_dates_ranges_defaults_and_errors(emulator: Emulator) -> None:
    site = emulator.base_urls()["betting"]["espn_site"]
    emulator.set_day(DAY_TWO)
    try:
        ranged = requests.get(f"{site}/hockey/nhl/scoreboard", params={"dates": "20241228-20241231"}, timeout=5)
        singles = [
            event["id"]
            for date in WINDOW[:4]
            for event in requests.get(f"{site}/hockey/nhl/scoreboard", params={"dates": date}, timeout=5).json()[
                "events"
            ]
        ]
        assert [event["id"] for event in ranged.json()["events"]] == singles and len(singles) == 7
        today = requests.get(f"{site}/basketball/nba/scoreboard", timeout=5).json()["events"]
        assert [event["id"] for event in today] == ["401705008"]
        empty = requests.get(f"{site}/football/nfl/scoreboard", params={"dates": "20250101"}, timeout=5).json()
        assert empty["events"] == [] and empty["leagues"][0]["slug"] == "nfl"
    finally:
        emulator.set_day(DAY_ONE)
    assert requests.get(f"{site}/football/nfl/scoreboard", params={"dates": "2024-12-28"}, timeout=5).status_code == 400
    assert requests.get(f"{site}/football/nfl/scoreboard", params={"dates": "20241332"}, timeout=5).status_code == 400
    wrong_sport = requests.get(f"{site}/hockey/nfl/teams", timeout=5)
    assert wrong_sport.status_code == 400 and wrong_sport.json()["code"] == 400
    assert requests.get(f"{site}/football/nfl/teams/999", timeout=5).status_code == 404


def test_site_standings_path_is_only_a_stub(emulator: Emulator) -> None:
    urls = emulator.base_urls()["betting"]
    stub = requests.get(f"{urls['espn_site']}/basketball/nba/standings", timeout=5).json()
    assert set(stub) == {"fullViewLink"}
    assert "children" in requests.get(f"{urls['espn_standings']}/basketball/nba/standings", timeout=5).json()
