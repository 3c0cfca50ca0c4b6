"""The betting emulator's games, betting lines and what each looks like on each emulated day.

A game's status follows the emulated day: games dated before the day are final, games dated on or after it are
scheduled, and the postponed game stays postponed. Standings on a day are the teams' records from
`betting_leagues` plus every game final that day. The `betting` module's docstring lists the resulting facts.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from ingestion.emulator.betting_leagues import LEAGUES, VENUES, League, Team, Venue, team, teams_of

DAY_ONE = "2025-01-01"
DAY_TWO = "2025-01-02"
DAYS = [DAY_ONE, DAY_TWO]


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    priority: int


ESPN_BET = Provider("58", "ESPN BET", 1)
CONSENSUS = Provider("1004", "consensus", 0)
# The provider of the captured 2022 scoreboard, whose odds carry only details and overUnder.
CAESARS = Provider("45", "Caesars Sportsbook (New Jersey)", 1)


@dataclass(frozen=True)
class Opening:
    """Where a line opened, for the shapes that say so (market and team blocks)."""

    spread: float
    over_under: float | int
    home_moneyline: int
    away_moneyline: int


@dataclass(frozen=True)
class Line:
    """One provider's line. `spread` is the home team's (negative: home favoured); None leaves the key out, as the
    captured 2022 odds do. Moneylines are American odds; None leaves the team odds out (the details-only shape).

    `style` is how a line with moneylines is written: "numbers" (spread, overOdds/underOdds, team odds with a
    numeric moneyLine and spreadOdds), "markets" (today's scoreboards: moneyline / pointSpread / total blocks, each
    side with its `open` and `close` prices as text, `current` instead of `close` before the game) or
    "team_blocks" (the numbers plus per-team `open` / `current` text blocks, as in the captured team next event).
    `texts` replaces prices by what ESPN sometimes sends instead (path in the odds object -> text, "OFF")."""

    provider: Provider
    details: str
    over_under: float | int
    spread: float | None = None
    home_moneyline: int | None = None
    away_moneyline: int | None = None
    style: str = "numbers"
    opening: Opening | None = None
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Game:
    event_id: str
    league: str
    # ESPN's schedule date (US Eastern): the `dates=` value whose scoreboard lists the game.
    date: str
    start: str
    away: str
    home: str
    away_score: int
    home_score: int
    # Periods played once final (more than the league's regulation periods = overtime or extra innings).
    periods: int
    attendance: int
    lines: tuple[Line, ...] = ()
    postponed: bool = False
    # ESPN stops sending the odds of some finished games (the captured finals have none).
    lines_pulled_when_final: bool = False
    venue_id: str | None = None
    headline: str | None = None
    week: int | None = None

    @property
    def regulation_periods(self) -> int:
        return LEAGUES[self.league].regulation_periods

    @property
    def extra_periods(self) -> int:
        return max(self.periods - self.regulation_periods, 0)


def _g(event_id: str, league: str, date: str, start: str, matchup: str, score: str, periods: int, **extra: Any) -> Game:
    """`matchup` "AWAY@HOME" (team ids), `score` "AWAY-HOME"."""
    away, home = matchup.split("@")
    away_score, home_score = (int(part) for part in score.split("-"))
    return Game(event_id, league, date, start, away, home, away_score, home_score, periods, **extra)


def _line(
    provider: Provider, details: str, over_under: float | int, spread: float, home_ml: int, away_ml: int, **shape: Any
) -> Line:
    return Line(provider, details, over_under, spread, home_ml, away_ml, **shape)


GAMES: tuple[Game, ...] = (
    # NFL week 17. The Monday night game (Dec 30 ET) kicks off on Dec 31 UTC and ends in a 24-24 overtime tie.
    _g("401671801", "nfl", "2024-12-28", "2024-12-28T21:30Z", "12@23", "29-10", 4, attendance=68112, week=17,
       lines=(_line(ESPN_BET, "KC -3", 44.5, 3.0, 130, -155), Line(CONSENSUS, "KC -3.5", 45.0, 3.5))),
    _g("401671802", "nfl", "2024-12-29", "2024-12-29T18:00Z", "33@5", "35-10", 4, attendance=67431, week=17,
       lines=(_line(ESPN_BET, "BAL -9.5", 41.5, 9.5, 340, -450, style="markets",
                    opening=Opening(8.5, 42.5, 300, -380)),)),
    _g("401671803", "nfl", "2024-12-29", "2024-12-29T18:00Z", "6@21", "17-24", 4, attendance=69796, week=17,
       lines=(_line(ESPN_BET, "PHI -7", 41.0, -7.0, -340, 270), Line(CONSENSUS, "PHI -7.5", 41.5, -7.5))),
    _g("401671804", "nfl", "2024-12-30", "2024-12-31T01:15Z", "9@8", "24-24", 5, attendance=65000, week=17,
       lines=(_line(ESPN_BET, "DET -3.5", 48.5, -3.5, -180, 150),)),
    # NBA. 401705007 is scheduled (with a line) on day one and final on day two, when ESPN no longer sends odds.
    _g("401705001", "nba", "2024-12-29", "2024-12-30T00:30Z", "2@18", "105-112", 4, attendance=19812,
       lines=(_line(ESPN_BET, "BOS -4.5", 226.5, 4.5, 160, -190),)),
    _g("401705002", "nba", "2024-12-29", "2024-12-30T03:30Z", "7@13", "123-118", 4, attendance=18997,
       lines=(_line(ESPN_BET, "DEN -2.5", 232.5, 2.5, 115, -135, style="markets",
                    opening=Opening(1.5, 230.5, 100, -120)),)),
    _g("401705003", "nba", "2024-12-30", "2024-12-31T01:00Z", "5@15", "116-101", 4, attendance=17341,
       lines=(_line(ESPN_BET, "CLE -3", 229.0, 3.0, 130, -150, style="markets", opening=Opening(3.0, 229.0, 130, -150),
                    texts=(("moneyline.away.close.odds", "OFF"),)),)),
    _g("401705004", "nba", "2024-12-30", "2024-12-31T03:00Z", "25@9", "118-120", 5, attendance=18064,
       lines=(_line(ESPN_BET, "OKC -6.5", 224.5, 6.5, 205, -250),)),
    _g("401705005", "nba", "2024-12-31", "2024-12-31T20:00Z", "18@5", "110-125", 4, attendance=19432),
    _g("401705006", "nba", "2024-12-31", "2025-01-01T01:00Z", "9@25", "109-115", 4, attendance=18203,
       lines=(_line(ESPN_BET, "EVEN", 221.5, 0.0, -110, -110),)),
    _g("401705007", "nba", "2025-01-01", "2025-01-02T01:00Z", "13@15", "112-120", 4, attendance=17650,
       lines=(_line(ESPN_BET, "MIL -1.5", 228.5, -1.5, -125, 105),), lines_pulled_when_final=True),
    _g("401705008", "nba", "2025-01-02", "2025-01-03T01:00Z", "18@25", "0-0", 4, attendance=0,
       lines=(_line(ESPN_BET, "OKC -8.5", 223.5, -8.5, -380, 300, style="markets",
                    opening=Opening(-7.5, 222.0, -320, 260)),)),
    # NHL. Hockey details name the moneyline favourite; the spread is the puck line. 401688004 is postponed.
    _g("401688001", "nhl", "2024-12-28", "2024-12-29T00:00Z", "1@21", "1-4", 3, attendance=18800,
       lines=(_line(ESPN_BET, "TOR -150", 6.0, -1.5, -150, 125),)),
    _g("401688002", "nhl", "2024-12-29", "2024-12-30T00:00Z", "13@26", "2-3", 4, attendance=19250,
       lines=(_line(ESPN_BET, "FLA -170", 6.5, -1.5, -170, 145),)),
    _g("401688003", "nhl", "2024-12-29", "2024-12-30T02:00Z", "37@6", "3-5", 3, attendance=18347,
       lines=(Line(CAESARS, "EDM -175", 6.5),)),
    _g("401688004", "nhl", "2024-12-30", "2024-12-31T00:00Z", "13@1", "0-0", 3, attendance=0, postponed=True),
    _g("401688005", "nhl", "2024-12-30", "2024-12-31T00:00Z", "26@21", "3-2", 5, attendance=18800,
       lines=(_line(ESPN_BET, "TOR -115", 6, -1.5, -115, -105),)),
    _g("401688006", "nhl", "2024-12-31", "2024-12-31T21:00Z", "19@4", "6-2", 3, attendance=40933,
       lines=(_line(ESPN_BET, "STL -130", 5.5, 1.5, 110, -130, style="team_blocks",
                    opening=Opening(1.5, 5.5, 120, -140)),), venue_id="3290", headline="Winter Classic"),
    _g("401688007", "nhl", "2024-12-31", "2025-01-01T03:00Z", "6@37", "2-4", 3, attendance=17500),
    # MLB (see betting_leagues about the calendar). 401569903 goes to 11 innings and has no reported attendance.
    _g("401569901", "mlb", "2024-12-29", "2024-12-30T00:10Z", "10@18", "3-5", 9, attendance=41000,
       lines=(_line(ESPN_BET, "HOU -130", 8.0, -1.5, -130, 110),)),
    _g("401569902", "mlb", "2024-12-30", "2024-12-31T02:10Z", "11@19", "3-2", 9, attendance=52000,
       lines=(Line(ESPN_BET, "ML: LAD -210", 8.5),)),
    _g("401569903", "mlb", "2024-12-30", "2024-12-31T00:05Z", "15@22", "3-4", 11, attendance=0),
    _g("401569904", "mlb", "2024-12-31", "2024-12-31T23:20Z", "18@15", "6-7", 9, attendance=40100,
       lines=(_line(ESPN_BET, "ATL -120", 9.0, -1.5, -120, 100, style="markets",
                    opening=Opening(-1.5, 8.5, -110, -110)),)),
    _g("401569905", "mlb", "2025-01-02", "2025-01-03T03:05Z", "22@11", "0-0", 9, attendance=0,
       lines=(_line(ESPN_BET, "PHI -140", 9.5, 1.5, 120, -140),)),
)  # fmt: skip

SCHEDULED_THEN_FINAL = "401705007"
POSTPONED = "401688004"

# The Athletics leave Oakland on day two: new display name, abbreviation, location, logo and home venue.
RENAMED_TEAM = ("mlb", "11")
RENAMED_FROM = "Oakland Athletics"
RENAMED_TO = "Athletics"


@functools.cache
def team_on(league: str, team_id: str, day: str) -> Team:
    """A team as ESPN shows it on `day`."""
    base = team(league, team_id)
    if (league, team_id) == RENAMED_TEAM and day >= DAY_TWO:
        return dataclasses.replace(
            base,
            slug="athletics",
            abbreviation="ATH",
            display_name=RENAMED_TO,
            short_display_name="Athletics",
            location="Sacramento",
            nickname="Athletics",
            logo_key="ath",
            venue=VENUES["5411"],
        )
    return base


def games_of(league: str) -> tuple[Game, ...]:
    return tuple(game for game in GAMES if game.league == league)


def status(game: Game, day: str) -> str:
    """'final', 'scheduled' or 'postponed' as of the emulated day."""
    if game.postponed:
        return "postponed"
    return "final" if game.date < day else "scheduled"


def venue_of(game: Game, day: str) -> Venue:
    return VENUES[game.venue_id] if game.venue_id else team_on(game.league, game.home, day).venue


def line_scores(game: Game) -> tuple[list[int], list[int]]:
    """Per-period scores (away, home) that add up to the final score. A game beyond regulation was level after
    regulation; the winner's margin comes in the last extra period."""
    regulation = game.regulation_periods

    def spread(total: int, periods: int) -> list[int]:
        share, rest = divmod(total, periods)
        return [share + (1 if period < rest else 0) for period in range(periods)]

    if game.extra_periods == 0:
        return spread(game.away_score, regulation), spread(game.home_score, regulation)
    level = min(game.away_score, game.home_score)
    extra = [0] * game.extra_periods
    away, home = spread(level, regulation) + extra, spread(level, regulation) + list(extra)
    (away if game.away_score > game.home_score else home)[-1] = abs(game.away_score - game.home_score)
    return away, home


@dataclass(frozen=True)
class Standing:
    team: Team
    wins: int
    losses: int
    ties: int
    ot_losses: int
    ot_wins: int
    points_for: int
    points_against: int
    streak_kind: str
    streak_length: int
    seed: int = 0
    games_behind: float | None = None

    @property
    def games_played(self) -> int:
        return self.wins + self.losses + self.ties + self.ot_losses

    @property
    def win_percent(self) -> float:
        return (self.wins + 0.5 * self.ties) / self.games_played

    @property
    def standings_points(self) -> int:
        return 2 * self.wins + self.ot_losses


def _after(standing: Standing, result: str, scored: int, conceded: int, overtime: bool) -> Standing:
    kind = {"win": "W", "loss": "L", "tie": "T"}[result]
    hockey = LEAGUES[standing.team.league].sport == "hockey"
    return dataclasses.replace(
        standing,
        wins=standing.wins + (result == "win"),
        losses=standing.losses + (result == "loss" and not (hockey and overtime)),
        ties=standing.ties + (result == "tie"),
        ot_losses=standing.ot_losses + (result == "loss" and hockey and overtime),
        ot_wins=standing.ot_wins + (result == "win" and hockey and overtime),
        points_for=standing.points_for + scored,
        points_against=standing.points_against + conceded,
        streak_kind=kind,
        streak_length=standing.streak_length + 1 if standing.streak_kind == kind else 1,
    )


@functools.cache
def standings(league: str, day: str) -> tuple[Standing, ...]:
    """Every team's standing on `day`, ordered by conference (as listed) then seed."""
    table: dict[str, Standing] = {}
    for base in teams_of(league):
        record = base.record
        table[base.id] = Standing(
            team=team_on(league, base.id, day),
            wins=record.wins,
            losses=record.losses,
            ties=record.ties,
            ot_losses=record.ot_losses,
            ot_wins=record.ot_wins,
            points_for=record.points_for,
            points_against=record.points_against,
            streak_kind="W" if record.streak > 0 else "L",
            streak_length=abs(record.streak),
        )
    for game in sorted(games_of(league), key=lambda g: g.start):
        if status(game, day) != "final":
            continue
        margin = game.home_score - game.away_score
        home_result = "tie" if margin == 0 else ("win" if margin > 0 else "loss")
        away_result = {"win": "loss", "loss": "win", "tie": "tie"}[home_result]
        overtime = game.extra_periods > 0
        table[game.home] = _after(table[game.home], home_result, game.home_score, game.away_score, overtime)
        table[game.away] = _after(table[game.away], away_result, game.away_score, game.home_score, overtime)
    return tuple(standing for conference in LEAGUES[league].conferences for standing in seeded(table, conference.id))


def seeded(table: dict[str, Standing], conference: str) -> list[Standing]:
    members = [standing for standing in table.values() if standing.team.conference == conference]
    sport = LEAGUES[members[0].team.league].sport
    if sport == "hockey":
        ranked = sorted(members, key=lambda s: (-s.standings_points, -s.wins, int(s.team.id)))
    else:
        ranked = sorted(members, key=lambda s: (-s.win_percent, -s.wins, int(s.team.id)))
    leader = ranked[0]
    return [
        dataclasses.replace(
            standing,
            seed=seed,
            games_behind=((leader.wins - standing.wins) + (standing.losses - leader.losses)) / 2
            if sport in ("basketball", "baseball")
            else None,
        )
        for seed, standing in enumerate(ranked, start=1)
    ]


class HandWritten:
    """The fixtures above as `betting_payloads.BettingData`."""

    def league(self, slug: str) -> League | None:
        return LEAGUES.get(slug)

    def teams(self, league: str, day: str) -> list[Team]:
        return [team_on(league, base.id, day) for base in teams_of(league)]

    def team(self, league: str, team_id: str, day: str) -> Team:
        return team_on(league, team_id, day)

    def standings(self, league: str, day: str) -> tuple[Standing, ...]:
        return standings(league, day)

    def games(self, league: str, dates: list[str], day: str) -> list[Game]:
        return [game for game in games_of(league) if game.date in dates]

    def game_dates(self, league: str) -> list[str]:
        return sorted({game.date for game in games_of(league)})

    def status(self, game: Game, day: str) -> str:
        return status(game, day)

    def venue(self, game: Game, day: str) -> Venue:
        return venue_of(game, day)


HAND_WRITTEN = HandWritten()
