"""Betting vertical of the emulator: ESPN's site API (teams, team details, scoreboards) and its v2 standings.

APIs (name, emulator base URL, live base URL; clients append `{sport}/{league}/...` to the base URL):
    espn_site       {emulator}/espn-site        https://site.api.espn.com/apis/site/v2/sports
    espn_standings  {emulator}/espn-standings   https://site.api.espn.com/apis/v2/sports

Endpoints ({sport}/{league} is one of football/nfl, basketball/nba, hockey/nhl, baseball/mlb; any other pair answers
400 {"code": 400, "message": ...}, our stand-in for ESPN's error):
    GET /espn-site/{sport}/{league}/teams            {"sports": [{"leagues": [{"teams": [{"team": {...}}]}]}]},
        teams alphabetically by display name.
    GET /espn-site/{sport}/{league}/teams/{id}       {"team": {...}} with record, groups and franchise.venue (the
        home venue); no `nextEvent`. An id the league does not have answers 404 {"code": 404, "message": ...}.
    GET /espn-site/{sport}/{league}/scoreboard?dates=YYYYMMDD (or YYYYMMDD-YYYYMMDD, both included; without
        `dates`, the emulated day) {"leagues": [...], "events": [...]}: every game whose ESPN (US Eastern) date is
        in the range, by start time; {"events": []} on dates without games. A malformed `dates` answers 400.
    GET /espn-site/{sport}/{league}/standings        the stub the real site/v2 path answers: {"fullViewLink": ...}.
    GET /espn-standings/{sport}/{league}/standings   {"children": [conference, conference], "seasons": [...]}: one
        child per conference, entries by seed; stats are ESPN's name/value list, which differs by sport (see
        `betting_leagues.*_STATS`), plus the "overall" record stat (summary only, no value); `seasons` lists the
        current and the previous season with ESPN's four season types.

A generated catalogue (`catalogues/betting.py`: hundreds of teams, a season's schedule, daily churn) is served
through the same routes and payloads (`routes_for`); what follows is the hand-written scenario.

Fixtures: a handful of teams per league, shapes as in the captures, results and records our own:
    nfl 8 teams (AFC: KC 12, PIT 23, BAL 33, CLE 5; NFC: PHI 21, DAL 6, DET 8, GB 9), season 2024, week 17;
    nba 8 teams (East: BOS 2, NY 18, CLE 5, MIL 15; West: LAL 13, GS 9, DEN 7, OKC 25), season 2025 ("2024-25");
    nhl 8 teams (East: BOS 1, TOR 21, NYR 13, FLA 26; West: CHI 4, STL 19, EDM 6, VGK 37), season 2025;
    mlb 6 teams (AL: NYY 10, HOU 18, OAK 11; NL: ATL 15, LAD 19, PHI 22), season 2024 (stretched into January:
        MLB is really in its off-season then; shapes real, calendar not).
    30 teams; 28 distinct home venues on day one (BOS and NY/NYR share TD Garden 1824 and Madison Square Garden
    1850), Sutter Health Park 5411 (the Athletics' home from day two) and Wrigley Field 3290 (the Winter Classic):
    30 venues in all.

Games (24; ESPN date, away@home, final score away-home; status on a day: before the game's date final, from it
on scheduled, the postponed one always postponed). Lines: ESPN BET (58) with spread and moneylines, as 2024
numbers unless marked [markets] (today's per-market blocks with open and close text prices, `current` instead of
`close` while scheduled) or [team blocks] (the numbers plus per-team open/current text blocks); "consensus"
(1004) with spread and total only; Caesars (45) in the captured 2022 shape (details and overUnder only):
    nfl 401671801 12-28 KC@PIT 29-10; ESPN BET KC -3 (home +3.0) o/u 44.5 ML PIT +130 KC -155; consensus +3.5, 45.0
        401671802 12-29 BAL@CLE 35-10; ESPN BET home +9.5, 41.5, CLE +340 BAL -450 [markets; opened +8.5, 42.5,
                  CLE +300 BAL -380]
        401671803 12-29 DAL@PHI 17-24; ESPN BET PHI -7, 41.0, PHI -340 DAL +270 (spread and total push);
                  consensus -7.5, 41.5
        401671804 12-30 (kick-off 12-31 01:15Z) GB@DET 24-24 after overtime (period 5): a tie; ESPN BET -3.5, 48.5,
                  DET -180 GB +150
    nba 401705001 12-29 BOS@NY 105-112; ESPN BET +4.5, 226.5, NY +160 BOS -190 (underdog wins)
        401705002 12-29 DEN@LAL 123-118; +2.5, 232.5, LAL +115 DEN -135 [markets; opened +1.5, 230.5, LAL "EVEN"
                  DEN -120]
        401705003 12-30 CLE@MIL 116-101; +3.0, 229.0, MIL +130 CLE -150 [markets, opened the same; CLE's closing
                  moneyline sent as "OFF": NULL in the marts, counted in unparsed_price_count]
        401705004 12-30 OKC@GS 118-120 in overtime (period 5); +6.5, 224.5, GS +205 OKC -250
        401705005 12-31 NY@CLE 110-125; no odds
        401705006 12-31 GS@OKC 109-115; pick'em: details "EVEN", spread 0.0, 221.5, both -110
        401705007 01-01 LAL@MIL 112-120: SCHEDULED on day one with ESPN BET -1.5, 228.5, MIL -125 LAL +105; FINAL on
                  day two, when ESPN no longer sends its odds (as in the captured finals)
        401705008 01-02 NY@OKC: scheduled on day two; -8.5, 223.5, OKC -380 NY +300 [markets, open and current;
                  opened -7.5, 222, OKC -320 NY +260]
    nhl 401688001 12-28 BOS@TOR 1-4; ESPN BET "TOR -150" (hockey details name the moneyline favourite), puck line
                  -1.5, 6.0, TOR -150 BOS +125
        401688002 12-29 NYR@FLA 2-3 in overtime (period 4); -1.5, 6.5, FLA -170 NYR +145
        401688003 12-29 VGK@EDM 3-5; Caesars only: {"details": "EDM -175", "overUnder": 6.5}
        401688004 12-30 NYR@BOS: POSTPONED (STATUS_POSTPONED, state post, completed false) on both days; no odds
        401688005 12-30 FLA@TOR 3-2 in a shootout (period 5, "Final/SO"); -1.5, 6 (an integer, as ESPN sends
                  whole totals), TOR -115 FLA -105
        401688006 12-31 STL@CHI 6-2 at Wrigley Field (Winter Classic note, outdoor); +1.5, 5.5, CHI +110 STL -130
                  [team blocks; opened CHI +120 STL -140]
        401688007 12-31 EDM@VGK 2-4; no odds
    mlb 401569901 12-29 NYY@HOU 3-5; ESPN BET "HOU -130", run line -1.5, 8.0, HOU -130 NYY +110 (total push)
        401569902 12-30 OAK@LAD 3-2; ESPN BET details only, "ML: LAD -210", 8.5: LAD's moneyline and no spread
                  (underdog wins)
        401569903 12-30 ATL@PHI 3-4 in 11 innings; no odds; attendance 0 (ESPN's "not reported")
        401569904 12-31 HOU@ATL 6-7; -1.5, 9.0, ATL -120 HOU +100 (sent as "EVEN") [markets; opened -1.5, 8.5,
                  both -110]
        401569905 01-02 PHI@OAK (the Athletics at Sutter Health Park): scheduled on day two; +1.5, 9.5, OAK +120
                  PHI -140
    Final after day two: 21 (the tie included); postponed 1; scheduled 2. Games with a line: 20 (the 4 without:
    401705005, 401688004, 401688007, 401569903); lines (game x provider) ever served: 22 = ESPN BET 19, consensus
    2, Caesars 1; by shape: details only 2 (401688003, 401569902), numbers 14, markets 5, team blocks 1.
    No team plays twice at the same time; scheduled games have score "0", no `winner`, no `linescores`, attendance
    0; final games carry `winner` (false for both sides of the tie) and line scores adding up to the score.

Days: DAYS = ["2025-01-01", "2025-01-02"]. Day two differs from day one in exactly these ways:
    1. 401705007 LAL@MIL is final (MIL 120-112) and its odds are gone from the scoreboard.
    2. Standings: nba MIL 13-19 (was 12-19), LAL 15-17 (was 15-16), streaks and games behind in both conferences
       follow; nfl, nhl and mlb standings are identical on both days (their window games were final already).
    3. The Athletics (mlb 11) leave Oakland: displayName "Oakland Athletics" -> "Athletics", shortDisplayName
       "Athletics", abbreviation OAK -> ATH, location "Oakland" -> "Sacramento", slug, logo (oak -> ath) and home
       venue Oakland Coliseum 10 -> Sutter Health Park 5411 in teams, team details, standings and scoreboards.
    Standings on a day = the records of `betting_leagues` + every game final that day; each league's teams balance
    (wins = losses + OT losses; points for = points against).

Marts after both days with the default parameters (days_back 4: day one reads Dec 28 - Jan 1, day two only Jan 1 -
Jan 2, the other dates being settled), as tests/test_betting_e2e.py asserts:
    dim_team 32 (30 + the Athletics' second version + unknown), dim_league 5, dim_season 33 (4 leagues x 2 seasons
    x 4 types + unknown), dim_venue 31 (30 + unknown), dim_odds_provider 4, fct_game_results 24, fct_game_odds 22,
    fct_team_standings_daily 60 (30 teams x 2 days), fct_team_standing_stats_daily 720 (per day 8 x 11 nfl +
    8 x 13 nba + 8 x 12 nhl + 6 x 12 mlb stats, the "overall" record included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.emulator import betting_schedule as schedule
from ingestion.emulator.betting_leagues import LEAGUES, League
from ingestion.emulator.betting_payloads import (
    BettingData,
    scoreboard_body,
    site_standings_stub,
    standings_body,
    team_body,
    teams_body,
)
from ingestion.emulator.betting_schedule import HAND_WRITTEN
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, json_response

DAYS: list[str] = list(schedule.DAYS)

LIVE_BASE_URLS: dict[str, str] = {
    "espn_site": "https://site.api.espn.com/apis/site/v2/sports",
    "espn_standings": "https://site.api.espn.com/apis/v2/sports",
}
PREFIXES: dict[str, str] = {"espn_site": "/espn-site", "espn_standings": "/espn-standings"}
LEAGUE_PATH = r"(?P<sport>[a-z]+)/(?P<league>[a-z0-9.]+)"
DATES = re.compile(r"(\d{8})(?:-(\d{8}))?")


def base_urls(emulator_base_url: str) -> dict[str, str]:
    root = emulator_base_url.rstrip("/")
    return {api: f"{root}{prefix}" for api, prefix in PREFIXES.items()}


@dataclass(frozen=True)
class BettingScenario:
    """The docstring's facts as data, for tests; tests check the served responses against it."""

    leagues: tuple[str, ...]
    teams_per_league: dict[str, int]
    games: int
    final_after_day_two: int
    scheduled_then_final: str
    postponed: str
    renamed: tuple[str, str, str, str]
    no_odds: tuple[str, ...]
    legacy_odds: tuple[str, ...]
    lines: int


SCENARIO = BettingScenario(
    leagues=tuple(f"{league.sport}/{league.slug}" for league in LEAGUES.values()),
    teams_per_league={"nfl": 8, "nba": 8, "nhl": 8, "mlb": 6},
    games=len(schedule.GAMES),
    final_after_day_two=sum(schedule.status(game, schedule.DAY_TWO) == "final" for game in schedule.GAMES),
    scheduled_then_final=schedule.SCHEDULED_THEN_FINAL,
    postponed=schedule.POSTPONED,
    renamed=(*schedule.RENAMED_TEAM, schedule.RENAMED_FROM, schedule.RENAMED_TO),
    no_odds=tuple(game.event_id for game in schedule.GAMES if not game.lines),
    legacy_odds=tuple(
        game.event_id for game in schedule.GAMES if any(line.home_moneyline is None for line in game.lines)
    ),
    lines=sum(len(game.lines) for game in schedule.GAMES),
)


def _error(status: int, message: str) -> EmulatorResponse:
    return json_response({"code": status, "message": message}, status=status)


def _dates(raw: str | None, day: str) -> list[str] | None:
    """ISO dates of a `dates` parameter (YYYYMMDD or a YYYYMMDD-YYYYMMDD range); None when malformed."""
    if raw is None:
        return [day]
    match = DATES.fullmatch(raw)
    if match is None:
        return None
    try:
        first = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        last_text = match.group(2) or match.group(1)
        last = date(int(last_text[:4]), int(last_text[4:6]), int(last_text[6:8]))
    except ValueError:
        return None
    return [(first + timedelta(days=offset)).isoformat() for offset in range((last - first).days + 1)]


def routes_for(data: BettingData) -> list[Route]:
    """ESPN's routes over `data`: the hand-written scenario or a generated catalogue."""

    def league_of(request: EmulatorRequest) -> League | None:
        league = data.league(request.groups["league"])
        return league if league is not None and league.sport == request.groups["sport"] else None

    def unknown_league(request: EmulatorRequest) -> EmulatorResponse:
        return _error(400, f"Failed to get league {request.groups['sport']}/{request.groups['league']}")

    def teams(request: EmulatorRequest) -> EmulatorResponse:
        league = league_of(request)
        if league is None:
            return unknown_league(request)
        return json_response(teams_body(league.slug, request.day, data))

    def team(request: EmulatorRequest) -> EmulatorResponse:
        league = league_of(request)
        if league is None:
            return unknown_league(request)
        body = team_body(league.slug, request.groups["team_id"], request.day, data)
        if body is None:
            return _error(404, f"team {request.groups['team_id']} not found in {league.slug}")
        return json_response(body)

    def scoreboard(request: EmulatorRequest) -> EmulatorResponse:
        league = league_of(request)
        if league is None:
            return unknown_league(request)
        dates = _dates(request.query.get("dates"), request.day)
        if dates is None:
            return _error(
                400, f"Invalid dates parameter {request.query.get('dates')!r}: use YYYYMMDD or YYYYMMDD-YYYYMMDD"
            )
        return json_response(scoreboard_body(league.slug, dates, request.day, data))

    def site_standings(request: EmulatorRequest) -> EmulatorResponse:
        league = league_of(request)
        if league is None:
            return unknown_league(request)
        return json_response(site_standings_stub(league.slug))

    def standings(request: EmulatorRequest) -> EmulatorResponse:
        league = league_of(request)
        if league is None:
            return unknown_league(request)
        return json_response(standings_body(league.slug, request.day, data))

    return [
        Route(rf"/espn-site/{LEAGUE_PATH}/teams/?", teams),
        Route(rf"/espn-site/{LEAGUE_PATH}/teams/(?P<team_id>[^/]+)/?", team),
        Route(rf"/espn-site/{LEAGUE_PATH}/scoreboard/?", scoreboard),
        Route(rf"/espn-site/{LEAGUE_PATH}/standings/?", site_standings),
        Route(rf"/espn-standings/{LEAGUE_PATH}/standings/?", standings),
    ]


def routes() -> list[Route]:
    return routes_for(HAND_WRITTEN)
