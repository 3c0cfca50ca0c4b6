"""The generated betting catalogue (`ingestion.emulator.catalogues.betting`) as served: teams with ids repeating
across leagues, a schedule that follows the description (games a date, off days, the quiet window), exactly the
daily churn it states, standings that add up the served final scores, odds only on the scheduled games the
generator gave a line, and the same bytes for the same seed."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator
from ingestion.emulator.betting_payloads import scoreboard_body, standings_body, team_body, teams_body
from ingestion.emulator.catalogues import load
from ingestion.emulator.catalogues.betting import GeneratedBetting
from tests.conftest import make_paths, replay

SMALL = load("small")
assert SMALL.betting is not None
BETTING = SMALL.betting
# In the order of the off-day rule (a league rests on season day s when s % off_every == its place % off_every).
LEAGUES = {"nfl": "football", "nba": "basketball", "nhl": "hockey", "mlb": "baseball"}
START = date.fromisoformat(SMALL.start)
DAYS = [(START + timedelta(days=offset)).isoformat() for offset in range(BETTING.days)]
SEASON_START = START - timedelta(days=BETTING.played_before)
# The schedule runs to a week after the last day; the scoreboards are read a little beyond it.
SEASON_END = START + timedelta(days=BETTING.days - 1 + 7)
DATES = [
    (SEASON_START + timedelta(days=offset)).isoformat() for offset in range(-2, (SEASON_END - SEASON_START).days + 3)
]
QUIET = {(START + timedelta(days=BETTING.quiet_start + offset)).isoformat() for offset in range(BETTING.quiet_days)}


@dataclasses.dataclass
class Crawl:
    """Everything the emulator serves for the betting vertical on one day."""

    teams: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    details: dict[tuple[str, str], dict[str, Any]] = dataclasses.field(default_factory=dict)
    standings: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Per league and ESPN date, the scoreboard's events.
    events: dict[tuple[str, str], list[dict[str, Any]]] = dataclasses.field(default_factory=dict)

    def all_events(self, league: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        for (events_league, listed_on), events in self.events.items():
            if league in (None, events_league):
                yield from ((listed_on, event) for event in events)

    def entries(self, league: str) -> list[dict[str, Any]]:
        return [entry for child in self.standings[league]["children"] for entry in child["standings"]["entries"]]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["betting"], catalogue="small") as running:
        yield running


@pytest.fixture(scope="module")
def crawls(emulator: Emulator) -> dict[str, Crawl]:
    urls = emulator.base_urls()["betting"]
    result: dict[str, Crawl] = {}
    with requests.Session() as http:

        def get(url: str, **params: str) -> Any:
            response = http.get(url, params=params, timeout=30)
            assert response.status_code == 200, (url, response.text)
            return response.json()

        for day in emulator.days:
            emulator.set_day(day)
            crawl = result[day] = Crawl()
            for league, sport in LEAGUES.items():
                site = f"{urls['espn_site']}/{sport}/{league}"
                body = get(f"{site}/teams")
                crawl.teams[league] = [entry["team"] for entry in body["sports"][0]["leagues"][0]["teams"]]
                for team in crawl.teams[league]:
                    crawl.details[(league, team["id"])] = get(f"{site}/teams/{team['id']}")["team"]
                crawl.standings[league] = get(f"{urls['espn_standings']}/{sport}/{league}/standings")
                for listed_on in DATES:
                    crawl.events[(league, listed_on)] = get(f"{site}/scoreboard", dates=listed_on.replace("-", ""))[
                        "events"
                    ]
    return result


def status(event: dict[str, Any]) -> str:
    return str(event["competitions"][0]["status"]["type"]["name"])


def test_the_description_names_the_days(emulator: Emulator) -> None:
    assert emulator.days == DAYS == ["2025-01-01", "2025-01-02", "2025-01-03"]


def test_every_league_has_the_described_teams_with_ids_repeating_across_leagues(crawls: dict[str, Crawl]) -> None:
    ids = {str(number) for number in range(1, BETTING.teams_per_league + 1)}
    for crawl in crawls.values():
        for league, teams in crawl.teams.items():
            assert [team["id"] for team in teams if team["id"] in ids] == [team["id"] for team in teams]
            assert {team["id"] for team in teams} == ids
            assert len(crawl.entries(league)) == BETTING.teams_per_league
            # ESPN lists teams alphabetically by display name.
            names = [team["displayName"] for team in teams]
            assert names == sorted(names)
            assert {entry["team"]["id"] for entry in crawl.entries(league)} == ids
    first = crawls[DAYS[0]]
    assert len({(league, team["id"]) for league, teams in first.teams.items() for team in teams}) == 4 * len(ids)


def test_leagues_play_the_described_games_on_their_dates_and_none_in_the_quiet_window(
    crawls: dict[str, Crawl],
) -> None:
    for crawl in crawls.values():
        for place, league in enumerate(LEAGUES):
            for listed_on in DATES:
                season_day = (date.fromisoformat(listed_on) - SEASON_START).days
                in_season = 0 <= season_day <= (SEASON_END - SEASON_START).days
                rests = season_day % BETTING.off_every == place % BETTING.off_every
                plays = in_season and not rests and listed_on not in QUIET
                events = crawl.events[(league, listed_on)]
                assert len(events) == (BETTING.games_per_day if plays else 0), (league, listed_on)
                # No team plays twice on a date.
                sides = [c["id"] for event in events for c in event["competitions"][0]["competitors"]]
                assert len(sides) == len(set(sides))
    assert QUIET and all(not crawls[DAYS[0]].events[(league, quiet)] for league in LEAGUES for quiet in QUIET)


def test_an_empty_date_window_answers_an_empty_scoreboard(emulator: Emulator) -> None:
    emulator.set_day(DAYS[0])
    first, last = sorted(QUIET)[0].replace("-", ""), sorted(QUIET)[-1].replace("-", "")
    site = emulator.base_urls()["betting"]["espn_site"]
    for league, sport in LEAGUES.items():
        body = requests.get(f"{site}/{sport}/{league}/scoreboard", params={"dates": f"{first}-{last}"}, timeout=30)
        assert body.status_code == 200
        assert body.json()["events"] == []
        assert body.json()["leagues"][0]["slug"] == league


def test_games_are_final_before_the_day_and_scheduled_from_it_unless_postponed(crawls: dict[str, Crawl]) -> None:
    for day, crawl in crawls.items():
        for listed_on, event in crawl.all_events():
            kind = status(event)
            if kind == "STATUS_POSTPONED":
                assert listed_on >= day
            else:
                assert kind == ("STATUS_FINAL" if listed_on < day else "STATUS_SCHEDULED"), (day, event["id"])
            for competitor in event["competitions"][0]["competitors"]:
                if kind == "STATUS_FINAL":
                    line_total = sum(int(score["value"]) for score in competitor["linescores"])
                    assert line_total == int(competitor["score"])
                else:
                    assert competitor["score"] == "0" and "winner" not in competitor


def test_each_day_churns_exactly_as_the_description_says(crawls: dict[str, Crawl]) -> None:
    churn = BETTING.churn
    for index, (before, after) in enumerate(itertools.pairwise(crawls.values()), start=1):
        changes = index % churn.team_changes_every == 0
        renamed, relocated, new_venue = set(), set(), set()
        for (league, team_id), was in before.details.items():
            now = after.details[(league, team_id)]
            venue_moved = was["franchise"]["venue"]["id"] != now["franchise"]["venue"]["id"]
            if was["location"] != now["location"]:
                relocated.add((league, team_id))
                assert venue_moved and now["franchise"]["venue"]["address"]["city"] == now["location"]
            elif venue_moved:
                new_venue.add((league, team_id))
                assert now["franchise"]["venue"]["address"]["city"] == now["location"]
            if was["name"] != now["name"]:
                renamed.add((league, team_id))
                assert now["displayName"] == f"{now['location']} {now['name']}"
        counts = (churn.renamed, churn.relocated, churn.new_venue) if changes else (0, 0, 0)
        assert (len(renamed), len(relocated), len(new_venue)) == counts
        # Distinct teams for each kind.
        assert len(renamed | relocated | new_venue) == sum(counts)
        was_postponed = {event["id"] for _, event in before.all_events() if status(event) == "STATUS_POSTPONED"}
        now_postponed = {event["id"] for _, event in after.all_events() if status(event) == "STATUS_POSTPONED"}
        assert was_postponed <= now_postponed
        assert len(now_postponed - was_postponed) == churn.postponed
    assert not any(status(event) == "STATUS_POSTPONED" for _, event in crawls[DAYS[0]].all_events())


def test_renamed_teams_show_their_new_names_in_lists_standings_and_scoreboards(crawls: dict[str, Crawl]) -> None:
    for day, crawl in crawls.items():
        for league, teams in crawl.teams.items():
            shown = {team["id"]: team["displayName"] for team in teams}
            assert {key[1]: detail["displayName"] for key, detail in crawl.details.items() if key[0] == league} == (
                shown
            )
            assert {entry["team"]["id"]: entry["team"]["displayName"] for entry in crawl.entries(league)} == shown
            for _, event in crawl.all_events(league):
                for competitor in event["competitions"][0]["competitors"]:
                    assert competitor["team"]["displayName"] == shown[competitor["id"]], (day, event["id"])


def test_standings_add_up_the_served_final_scores(crawls: dict[str, Crawl]) -> None:
    for day, crawl in crawls.items():
        for league, sport in LEAGUES.items():
            record: dict[str, Counter[str]] = {team["id"]: Counter() for team in crawl.teams[league]}
            for _, event in crawl.all_events(league):
                if status(event) != "STATUS_FINAL":
                    continue
                competition = event["competitions"][0]
                overtime = competition["status"]["period"] > competition["format"]["regulation"]["periods"]
                scores = {c["id"]: int(c["score"]) for c in competition["competitors"]}
                for team_id, scored in scores.items():
                    conceded = next(score for other, score in scores.items() if other != team_id)
                    tally = record[team_id]
                    tally["pointsFor"] += scored
                    tally["pointsAgainst"] += conceded
                    if scored > conceded:
                        tally["wins"] += 1
                        tally["OTWins"] += sport == "hockey" and overtime
                    elif scored < conceded:
                        tally["OTLosses" if sport == "hockey" and overtime else "losses"] += 1
                    else:
                        tally["ties"] += 1
            names = {"wins", "losses", "pointsFor", "pointsAgainst"}
            names |= {"OTLosses", "OTWins"} if sport == "hockey" else {"ties"} if sport == "football" else set()
            for entry in crawl.entries(league):
                stats = {stat["name"]: stat.get("value") for stat in entry["stats"]}
                tally = record[entry["team"]["id"]]
                assert {name: stats[name] for name in names} == {name: float(tally[name]) for name in names}, (
                    day,
                    league,
                    entry["team"]["id"],
                )
                summary = crawl.details[(league, entry["team"]["id"])]["record"]["items"][0]["summary"]
                assert summary.split("-")[:2] == [str(tally["wins"]), str(tally["losses"])]
            # Every team has played before day one, and each league's results balance.
            assert all(sum(tally[k] for k in ("wins", "losses", "ties", "OTLosses")) for tally in record.values())
            totals = sum(record.values(), Counter())
            assert totals["wins"] == totals["losses"] + totals["OTLosses"]
            assert totals["pointsFor"] == totals["pointsAgainst"]


def test_odds_only_on_scheduled_games_the_generator_gave_a_line(crawls: dict[str, Crawl]) -> None:
    catalogue = GeneratedBetting(SMALL, BETTING)
    with_odds = 0
    for day, crawl in crawls.items():
        for league in LEAGUES:
            lined = {game.event_id for game in catalogue.games(league, DATES, day) if game.lines}
            for _, event in crawl.all_events(league):
                competition = event["competitions"][0]
                expected = status(event) == "STATUS_SCHEDULED" and event["id"] in lined
                assert ("odds" in competition) == expected, (day, event["id"])
                if expected:
                    with_odds += 1
                    (odds,) = competition["odds"]
                    assert odds["provider"]["id"] == "58"
                    sides = {c["team"]["abbreviation"] for c in competition["competitors"]}
                    assert odds["details"].split(" ")[0] in sides
    assert with_odds > 0
    # Lines on about the described share of all games.
    games = [game for league in LEAGUES for game in catalogue.games(league, DATES, DAYS[0])]
    assert abs(sum(bool(game.lines) for game in games) / len(games) - BETTING.odds_share) < 0.15


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_ones(crawls: dict[str, Crawl]) -> None:
    again = GeneratedBetting(SMALL, BETTING)
    other = GeneratedBetting(dataclasses.replace(SMALL, seed=SMALL.seed + 1), BETTING)
    day = DAYS[-1]
    for league in LEAGUES:
        assert [entry["team"] for entry in teams_body(league, day, again)["sports"][0]["leagues"][0]["teams"]] == (
            crawls[day].teams[league]
        )
        assert standings_body(league, day, again) == crawls[day].standings[league]
        assert team_body(league, "1", day, again)["team"] == crawls[day].details[(league, "1")]  # type: ignore[index]
        for listed_on in DATES:
            assert scoreboard_body(league, [listed_on], day, again)["events"] == crawls[day].events[(league, listed_on)]
    assert standings_body("nba", day, other) != crawls[day].standings["nba"]
    assert again.day(day).churn != other.day(day).churn


def test_unknown_teams_and_leagues_answer_as_espn_does(emulator: Emulator) -> None:
    site = emulator.base_urls()["betting"]["espn_site"]
    missing = requests.get(f"{site}/basketball/nba/teams/{BETTING.teams_per_league + 1}", timeout=30)
    assert missing.status_code == 404
    assert requests.get(f"{site}/soccer/nba/teams", timeout=30).status_code == 400


def test_at_the_seeds_size_500_teams_play_and_change_on_every_14th_day() -> None:
    seed = load("seed")
    assert seed.betting is not None
    catalogue, spec = GeneratedBetting(seed, seed.betting), seed.betting
    assert len(catalogue.DAYS) == 360
    first, last = catalogue.DAYS[0], catalogue.DAYS[-1]
    listed = {(league, team.id) for league in LEAGUES for team in catalogue.teams(league, first)}
    assert len(listed) == 500 == 4 * spec.teams_per_league
    assert len({team_id for _, team_id in listed}) == spec.teams_per_league
    # Season day 60: 60 % 7 = 4, so every league plays; off days fall on season days 0-3 modulo 7.
    assert sum(len(catalogue.games(league, [first], first)) for league in LEAGUES) == 4 * spec.games_per_day
    renamed = [index for index, day in enumerate(catalogue.DAYS) if catalogue.day(day).churn.get("renamed")]
    assert renamed == list(range(14, 360, 14))
    # 25 renames in 360 days: 5% of the teams, as the seed's scale says.
    assert len(renamed) * spec.churn.renamed == 25
    assert len(catalogue.day(last).postponed) == 359 * spec.churn.postponed


def test_a_description_that_cannot_be_scheduled_is_refused() -> None:
    crowded = dataclasses.replace(BETTING, games_per_day=BETTING.teams_per_league)
    with pytest.raises(ValueError, match="games_per_day"):
        GeneratedBetting(SMALL, crowded)
    with pytest.raises(ValueError, match="played_before"):
        GeneratedBetting(SMALL, dataclasses.replace(BETTING, played_before=0)).first_day()


@pytest.mark.e2e
def test_the_betting_vertical_lands_and_builds_the_generated_catalogue(
    tmp_path: Path, emulator: Emulator, crawls: dict[str, Crawl]
) -> None:
    run = replay(make_paths(tmp_path), ["betting"], emulator=emulator)
    assert [result.status for results in run.results.values() for result in results] == ["success"] * len(DAYS)
    teams, changes = 4 * BETTING.teams_per_league, BETTING.churn
    changing_days = sum(index % changes.team_changes_every == 0 for index in range(1, len(DAYS)))
    count = "select count(*) from betting.{}"
    # Every change makes a team version (the venue is a team attribute); every move a new venue; plus unknown.
    team_changes = changes.renamed + changes.relocated + changes.new_venue
    assert run.scalar(count.format("dim_team")) == teams + changing_days * team_changes + 1
    moves = changes.relocated + changes.new_venue
    assert run.scalar(count.format("dim_venue")) == teams + changing_days * moves + 1
    assert run.scalar(count.format("fct_team_standings_daily")) == teams * len(DAYS)
    # The scoreboards read: the 4 days before the first day through the last one.
    read = {(START + timedelta(days=offset)).isoformat() for offset in range(-4, len(DAYS))}
    served = crawls[DAYS[-1]]
    assert run.scalar(count.format("fct_game_results")) == sum(
        len(events) for (_, listed_on), events in served.events.items() if listed_on in read
    )
    # Lines are caught on the as-of date's scoreboard, while the games are scheduled.
    assert run.scalar(count.format("fct_game_odds")) == sum(
        "odds" in event["competitions"][0]
        for day in DAYS
        for listed_on, event in crawls[day].all_events()
        if listed_on == day
    )
