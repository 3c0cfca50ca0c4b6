"""A generated ESPN catalogue: `[betting]` of a description, served through the betting routes and payloads.

Every league (nfl, nba, nhl, mlb) has `teams_per_league` teams with ids 1..n, so ids repeat across leagues as
ESPN's do; the first half of the ids play in the league's first conference. The schedule is a function of ESPN's
date alone: the season runs from `played_before` days before the first day to a week after the last one; a league
plays `games_per_day` games on each of its dates, and rests on season day s when s % off_every equals its place
(nfl 0, nba 1, nhl 2, mlb 3) modulo off_every; on the `quiet_days` dates from `quiet_start` days after the first
day no league plays (scoreboards answer `{"events": []}`, as ESPN's do in a break). Teams take turns in a fixed
order per league, so every team plays within a few dates. Scores, periods (overtime, shootouts, extra innings,
the odd football tie) and lines come from the date's own stream.

Status on an emulated day: a game dated before the day is final, one dated on or after it scheduled, unless it was
postponed on or before the day. A game has a line (ESPN BET, in the 2024 numbers shape or today's market blocks)
with probability `odds_share`; the line is shown while the game is scheduled and gone once it is final or
postponed, as in the captured finals. Standings on a day are the results of every game final that day.

Each later day applies exactly the counts of `[betting.churn]` from that day's own stream. On the days whose index
is a multiple of `team_changes_every` (day one is 0), distinct teams change: `renamed` teams take another nickname
(display name, short name, slug), `relocated` ones move to another city (location, abbreviation, logo, slug and a
new home venue there), `new_venue` ones move into a new venue in their city. Every later day, `postponed` games
dated in the coming week (the day's own date included) are postponed. Only the moving
figures (name and place versions, venue ids, records, the postponed games) are kept per day; teams, venues and
games are derived from their streams when asked for.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from array import array
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ingestion.emulator import betting
from ingestion.emulator.betting_leagues import LEAGUES, League, Team, Venue
from ingestion.emulator.betting_schedule import ESPN_BET, Game, Line, Opening, Standing, seeded
from ingestion.emulator.catalogues import names, teams
from ingestion.emulator.catalogues.days import GeneratedDays
from ingestion.emulator.catalogues.description import Betting, Description
from ingestion.emulator.routes import Route

LEAGUE_SLUGS = tuple(LEAGUES)
CHURN_KINDS = ("renamed", "relocated", "new_venue", "postponed")
# The schedule reaches this many days past the last emulated day, and postponements look this far ahead.
SCHEDULED_AHEAD = 7
FIRST_VENUE, NEW_VENUE = 10_000, 20_000
# Kick-off hours in UTC on the ESPN date (12:00 to 22:00 US Eastern, so the game stays on that date).
KICKOFFS = (17, 18, 20, 23, 24, 25, 26, 27)
ATTENDANCE = {
    "football": (55_000, 80_000),
    "basketball": (15_000, 20_000),
    "hockey": (14_000, 19_000),
    "baseball": (12_000, 48_000),
}
SPREADS = {
    "football": (1.0, 1.5, 2.5, 3.0, 3.5, 4.5, 6.0, 6.5, 7.0, 9.5, 10.0, 13.5),
    "basketball": (1.5, 2.0, 3.5, 4.5, 5.0, 6.5, 7.5, 8.5, 10.0, 12.5),
}
TOTALS = {
    "football": tuple(value / 2 for value in range(75, 110)),
    "basketball": tuple(value / 2 for value in range(411, 481, 2)),
    # ESPN sends whole totals as integers.
    "hockey": (5.5, 6, 6.5),
    "baseball": (7, 7.5, 8, 8.5, 9, 9.5, 10),
}


@dataclass(frozen=True)
class BettingDay:
    """Every team's moving figures on one day (a slot is a team: league by league, ids in order)."""

    name_version: array[int]
    place_version: array[int]
    venue: array[int]
    wins: array[int]
    losses: array[int]
    ties: array[int]
    ot_losses: array[int]
    ot_wins: array[int]
    points_for: array[int]
    points_against: array[int]
    # "W", "L" or "T" (as bytes) and how many in a row.
    streak_kind: bytearray
    streak_length: array[int]
    postponed: frozenset[str]
    # Per churn kind, the "league/id" of the teams or the event ids of the games it picked (empty on day one).
    churn: dict[str, tuple[str, ...]]


class GeneratedBetting(GeneratedDays[BettingDay]):
    def __init__(self, description: Description, spec: Betting) -> None:
        if spec.teams_per_league < 2 or not 0 < 2 * spec.games_per_day <= spec.teams_per_league:
            raise ValueError("[betting] needs games_per_day >= 1 and teams_per_league >= 2 * games_per_day")
        if spec.off_every < 2 or spec.games_per_day >= 1000 or spec.churn.team_changes_every < 1:
            raise ValueError("[betting] needs off_every >= 2, games_per_day < 1000 and team_changes_every >= 1")
        super().__init__(description, spec.days, len(LEAGUE_SLUGS) * spec.teams_per_league, 0)
        self.spec = spec
        first = date.fromisoformat(self.DAYS[0])
        self.season_start = first - timedelta(days=spec.played_before)
        self.season_end = date.fromisoformat(self.DAYS[-1]) + timedelta(days=SCHEDULED_AHEAD)
        self.quiet = frozenset(
            (first + timedelta(days=spec.quiet_start + offset)).isoformat() for offset in range(spec.quiet_days)
        )
        per_league = spec.teams_per_league
        self.keys = [f"{league}/{team_id}" for league in LEAGUE_SLUGS for team_id in range(1, per_league + 1)]
        ids = range(1, per_league + 1)
        self._rotation = {
            league: names.stream(self.seed, f"betting/rotation/{league}").sample(ids, per_league)
            for league in LEAGUE_SLUGS
        }
        # Venue id -> (slot, place version): the city it was built in. New venues are numbered as days add them.
        self._venue_homes = {FIRST_VENUE + slot: (slot, 0) for slot in range(self.capacity)}
        self._games = functools.lru_cache(maxsize=4096)(self._build_games)
        self._standings = functools.lru_cache(maxsize=64)(self._build_standings)
        self._team = functools.lru_cache(maxsize=8192)(self._build_team)
        self._venue = functools.lru_cache(maxsize=8192)(self._build_venue)

    # the Vertical protocol

    def routes(self) -> list[Route]:
        return betting.routes_for(self)

    def base_urls(self, emulator_base_url: str) -> dict[str, str]:
        return betting.base_urls(emulator_base_url)

    # BettingData

    def league(self, slug: str) -> League | None:
        return LEAGUES.get(slug)

    def teams(self, league: str, day: str) -> list[Team]:
        state, first = self.day(day), LEAGUE_SLUGS.index(league) * self.spec.teams_per_league
        return [self._team_at(slot, state) for slot in range(first, first + self.spec.teams_per_league)]

    def team(self, league: str, team_id: str, day: str) -> Team:
        return self._team_at(self.slot(league, int(team_id)), self.day(day))

    def standings(self, league: str, day: str) -> tuple[Standing, ...]:
        return self._standings(league, day)

    def games(self, league: str, dates: list[str], day: str) -> list[Game]:
        shown = []
        for iso in dates:
            for game in self._games(league, iso):
                lines = tuple(dataclasses.replace(line, details=self._details(game, line, day)) for line in game.lines)
                shown.append(dataclasses.replace(game, lines=lines))
        return shown

    def game_dates(self, league: str) -> list[str]:
        span = (self.season_end - self.season_start).days + 1
        dates = ((self.season_start + timedelta(days=offset)).isoformat() for offset in range(span))
        return [iso for iso in dates if self.plays(league, iso)]

    def status(self, game: Game, day: str) -> str:
        if game.event_id in self.day(day).postponed:
            return "postponed"
        return "final" if game.date < day else "scheduled"

    def venue(self, game: Game, day: str) -> Venue:
        return self.team(game.league, game.home, day).venue

    # the schedule

    def slot(self, league: str, team_id: int) -> int:
        if not 1 <= team_id <= self.spec.teams_per_league:
            raise KeyError(f"no {league} team {team_id}")
        return LEAGUE_SLUGS.index(league) * self.spec.teams_per_league + team_id - 1

    def plays(self, league: str, iso: str) -> bool:
        """Whether `league` has games on the ESPN date `iso`."""
        season_day = (date.fromisoformat(iso) - self.season_start).days
        if not 0 <= season_day <= (self.season_end - self.season_start).days or iso in self.quiet:
            return False
        return season_day % self.spec.off_every != LEAGUE_SLUGS.index(league) % self.spec.off_every

    def _build_games(self, league: str, iso: str) -> tuple[Game, ...]:
        if not self.plays(league, iso):
            return ()
        season_day, count = (date.fromisoformat(iso) - self.season_start).days, self.spec.games_per_day
        rotation, rng = self._rotation[league], names.stream(self.seed, f"betting/games/{league}/{iso}")
        playing = [rotation[(season_day * 2 * count + turn) % len(rotation)] for turn in range(2 * count)]
        rng.shuffle(playing)
        sport, regulation = LEAGUES[league].sport, LEAGUES[league].regulation_periods
        games = []
        for number in range(count):
            away_score, home_score, periods = _score(sport, regulation, rng)
            kickoff = datetime.fromisoformat(iso) + timedelta(hours=rng.choice(KICKOFFS))
            attendance = rng.randrange(*ATTENDANCE[sport])
            lines = (_line(sport, rng),) if rng.random() < self.spec.odds_share else ()
            event_id = 500_000_000 + LEAGUE_SLUGS.index(league) * 10_000_000 + season_day * 1000 + number
            games.append(
                Game(
                    event_id=str(event_id),
                    league=league,
                    date=iso,
                    start=f"{kickoff:%Y-%m-%dT%H:%M}Z",
                    away=str(playing[2 * number]),
                    home=str(playing[2 * number + 1]),
                    away_score=away_score,
                    home_score=home_score,
                    periods=periods,
                    attendance=attendance,
                    lines=lines,
                    lines_pulled_when_final=True,
                    week=season_day // 7 + 1 if sport == "football" else None,
                )
            )
        return tuple(games)

    def _details(self, game: Game, line: Line, day: str) -> str:
        """ESPN's summary of a line with the teams' abbreviations of the day: the spread favourite's points, or
        for hockey and baseball (puck and run lines) the moneyline favourite's price."""
        assert line.spread is not None and line.home_moneyline is not None and line.away_moneyline is not None
        away, home = self.team(game.league, game.away, day), self.team(game.league, game.home, day)
        if LEAGUES[game.league].sport in SPREADS:
            favourite = home if line.spread < 0 else away
            return f"{favourite.abbreviation} {-abs(line.spread):g}"
        if line.home_moneyline < line.away_moneyline:
            return f"{home.abbreviation} {line.home_moneyline}"
        return f"{away.abbreviation} {line.away_moneyline}"

    # the generated days

    def _first_day(self) -> BettingDay:
        capacity = self.capacity

        def zeros() -> array[int]:
            return array("l", bytes(8 * capacity))

        state = BettingDay(
            *(zeros(), zeros(), array("l", range(FIRST_VENUE, FIRST_VENUE + capacity))),
            *(zeros() for _ in range(7)),
            bytearray(b"L" * capacity),
            zeros(),
            frozenset(),
            {},
        )
        for offset in range(self.spec.played_before):
            played = (self.season_start + timedelta(days=offset)).isoformat()
            for league in LEAGUE_SLUGS:
                self._record(state, self._games(league, played))
        unplayed = [self.keys[slot] for slot in range(capacity) if not _games_played(state, slot)]
        if unplayed:
            raise ValueError(f"[betting] played_before is too short: {len(unplayed)} teams have no game before day one")
        return state

    def _next_day(self, before: BettingDay, index: int) -> BettingDay:
        churn, rng = self.spec.churn, names.stream(self.seed, f"betting/day/{index}")
        copied = (array("l", figures) for figures in _figures(before))
        state = BettingDay(
            *copied, bytearray(before.streak_kind), array("l", before.streak_length), before.postponed, {}
        )
        yesterday = self.DAYS[index - 1]
        for league in LEAGUE_SLUGS:
            self._record(
                state, [game for game in self._games(league, yesterday) if game.event_id not in before.postponed]
            )
        changing = index % churn.team_changes_every == 0
        picked = rng.sample(range(self.capacity), churn.renamed + churn.relocated + churn.new_venue) if changing else []
        renamed = picked[: churn.renamed]
        relocated = picked[churn.renamed : churn.renamed + churn.relocated]
        moved = picked[churn.renamed + churn.relocated :]
        for slot in renamed:
            state.name_version[slot] += 1
        for slot in relocated:
            state.place_version[slot] += 1
        for slot in relocated + moved:
            state.venue[slot] = NEW_VENUE + len(self._venue_homes) - self.capacity
            self._venue_homes[state.venue[slot]] = (slot, state.place_version[slot])
        today = date.fromisoformat(self.DAYS[index])
        ahead = [(today + timedelta(days=offset)).isoformat() for offset in range(SCHEDULED_AHEAD)]
        candidates = [
            game.event_id
            for iso in ahead
            for league in LEAGUE_SLUGS
            for game in self._games(league, iso)
            if game.event_id not in before.postponed
        ]
        if len(candidates) < churn.postponed:
            raise ValueError(f"[betting] {self.DAYS[index]}: {len(candidates)} games in the coming week to postpone")
        postponed = rng.sample(candidates, churn.postponed)
        picked_keys = tuple(tuple(sorted(self.keys[slot] for slot in slots)) for slots in (renamed, relocated, moved))
        return dataclasses.replace(
            state,
            postponed=before.postponed | set(postponed),
            churn=dict(zip(CHURN_KINDS, (*picked_keys, tuple(sorted(postponed))), strict=True)),
        )

    def _record(self, state: BettingDay, games: tuple[Game, ...] | list[Game]) -> None:
        """Adds final results to the records, as betting_schedule's standings do (hockey's overtime losses apart)."""
        for game in sorted(games, key=lambda g: (g.start, g.event_id)):
            hockey, overtime = LEAGUES[game.league].sport == "hockey", game.extra_periods > 0
            sides = ((game.home, game.home_score, game.away_score), (game.away, game.away_score, game.home_score))
            for team_id, scored, conceded in sides:
                slot = self.slot(game.league, int(team_id))
                kind = ord("T" if scored == conceded else ("W" if scored > conceded else "L"))
                state.wins[slot] += kind == ord("W")
                state.losses[slot] += kind == ord("L") and not (hockey and overtime)
                state.ties[slot] += kind == ord("T")
                state.ot_losses[slot] += kind == ord("L") and hockey and overtime
                state.ot_wins[slot] += kind == ord("W") and hockey and overtime
                state.points_for[slot] += scored
                state.points_against[slot] += conceded
                state.streak_length[slot] = state.streak_length[slot] + 1 if state.streak_kind[slot] == kind else 1
                state.streak_kind[slot] = kind

    # teams and standings

    def _team_at(self, slot: int, state: BettingDay) -> Team:
        return self._team(slot, state.name_version[slot], state.place_version[slot], state.venue[slot])

    def _build_team(self, slot: int, name_version: int, place_version: int, venue_id: int) -> Team:
        league, team_id = self._league_and_id(slot)
        conferences = LEAGUES[league].conferences
        conference = conferences[0 if team_id <= self.spec.teams_per_league // 2 else 1].id
        return teams.team(self.seed, league, team_id, conference, (name_version, place_version), self._venue(venue_id))

    def _build_venue(self, venue_id: int) -> Venue:
        slot, place_version = self._venue_homes[venue_id]
        league, team_id = self._league_and_id(slot)
        return teams.venue(self.seed, venue_id, league, teams.city(self.seed, league, team_id, place_version))

    def _league_and_id(self, slot: int) -> tuple[str, int]:
        index, offset = divmod(slot, self.spec.teams_per_league)
        return LEAGUE_SLUGS[index], offset + 1

    def _build_standings(self, league: str, day: str) -> tuple[Standing, ...]:
        state = self.day(day)
        table = {}
        for team in self.teams(league, day):
            slot = self.slot(league, int(team.id))
            table[team.id] = Standing(
                team=team,
                wins=state.wins[slot],
                losses=state.losses[slot],
                ties=state.ties[slot],
                ot_losses=state.ot_losses[slot],
                ot_wins=state.ot_wins[slot],
                points_for=state.points_for[slot],
                points_against=state.points_against[slot],
                streak_kind=chr(state.streak_kind[slot]),
                streak_length=state.streak_length[slot],
            )
        return tuple(
            standing for conference in LEAGUES[league].conferences for standing in seeded(table, conference.id)
        )


def _figures(state: BettingDay) -> tuple[array[int], ...]:
    return (
        *(state.name_version, state.place_version, state.venue, state.wins, state.losses, state.ties),
        *(state.ot_losses, state.ot_wins, state.points_for, state.points_against),
    )


def _games_played(state: BettingDay, slot: int) -> int:
    return state.wins[slot] + state.losses[slot] + state.ties[slot] + state.ot_losses[slot]


def _score(sport: str, regulation: int, rng: random.Random) -> tuple[int, int, int]:
    """(away, home, periods): level after regulation goes to extra periods, the winner's margin in the last one."""
    if sport == "football":
        away, home = (max(0, round(rng.gauss(mean, 9))) for mean in (21, 23))
    elif sport == "basketball":
        away, home = (round(rng.gauss(mean, 11)) for mean in (110, 113))
    else:
        mean = 2.8 if sport == "hockey" else 4.3
        away, home = (min(15, int(rng.expovariate(1 / mean))) for _ in range(2))
    if away != home:
        return away, home, regulation
    if sport == "football" and rng.random() < 0.3:
        return away, home, regulation + 1
    extra = {"football": 1, "basketball": rng.choice((1, 1, 1, 2)), "hockey": rng.choice((1, 2))}.get(
        sport, rng.randint(1, 4)
    )
    margin = {"football": rng.choice((3, 6)), "basketball": rng.randint(1, 9)}.get(sport, 1)
    if rng.random() < 0.5:
        return away + margin, home, regulation + extra
    return away, home + margin, regulation + extra


def _line(sport: str, rng: random.Random) -> Line:
    """An ESPN BET line: the home team's spread (its puck or run line of 1.5 in hockey and baseball), a total and
    both moneylines, favourite first; details are filled in when served."""
    points = rng.choice(SPREADS[sport]) if sport in SPREADS else 1.5
    favourite = -5 * round((105 + points * 18) / 5) if sport in SPREADS else -rng.randrange(105, 230, 5)
    underdog = max(100, -favourite - rng.choice((10, 15, 20, 25)))
    home_favoured = rng.random() < 0.55
    spread = -points if home_favoured else points
    home, away = (favourite, underdog) if home_favoured else (underdog, favourite)
    over_under = rng.choice(TOTALS[sport])
    if rng.random() < 0.3:
        shift = rng.choice((-10, 0, 10))
        opening = Opening(spread, over_under + rng.choice((-0.5, 0.0, 0.5)), _moved(home, shift), _moved(away, -shift))
        return Line(ESPN_BET, "", over_under, spread, home, away, style="markets", opening=opening)
    return Line(ESPN_BET, "", over_under, spread, home, away)


def _moved(price: int, shift: int) -> int:
    """An American price moved by `shift`, never into (-100, 100)."""
    return min(-100, price + shift) if price < 0 else max(100, price + shift)
