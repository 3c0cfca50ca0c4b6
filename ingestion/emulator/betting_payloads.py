"""Response bodies for the ESPN APIs, shaped like the captures in `reference_responses/betting/` (key names, key
order, JSON types, ESPN's habits: ids as strings, scores as strings, stat values as floats, "0" scores and
attendance 0 before a game, no `winner` key until it is final).

Odds come in four shapes (`betting_schedule.Line`): the captured 2022 one (provider, details, overUnder); the
2024 one, which adds `spread` (the home team's line), `overOdds`/`underOdds` and `awayTeamOdds`/`homeTeamOdds`
with numeric moneylines; today's per-market `moneyline` / `pointSpread` / `total` blocks with open and close
prices as text ("-135", "+115", "EVEN"); and the 2024 numbers plus per-team `open` / `current` text blocks, as in
the captured team next event (`espn_soccer_usa1_team_183.json`).
Team details leave out `nextEvent`, which no parser reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from ingestion.emulator.betting_leagues import League, Season, Team, Venue
from ingestion.emulator.betting_schedule import HAND_WRITTEN, Game, Line, Opening, Standing, line_scores

ESPN = "https://www.espn.com"
CDN = "https://a.espncdn.com/i"
CORE = "http://sports.core.api.espn.pvt/v2/sports"
LOGO_UPDATED = "2024-06-25T21:17Z"
# ESPN schedules by US Eastern time; every emulated date is in winter (EST, UTC-5).
EASTERN = timedelta(hours=-5)


class BettingData(Protocol):
    """What the payloads read: the hand-written scenario (`betting_schedule.HAND_WRITTEN`) or a generated catalogue
    (`ingestion.emulator.catalogues.betting`). Days are emulated days, dates ESPN's (US Eastern) schedule dates."""

    def league(self, slug: str) -> League | None: ...

    def teams(self, league: str, day: str) -> list[Team]: ...

    def team(self, league: str, team_id: str, day: str) -> Team: ...

    def standings(self, league: str, day: str) -> tuple[Standing, ...]: ...

    def games(self, league: str, dates: list[str], day: str) -> list[Game]: ...

    def game_dates(self, league: str) -> list[str]: ...

    def status(self, game: Game, day: str) -> str: ...

    def venue(self, game: Game, day: str) -> Venue: ...


STAT_LABELS: dict[str, tuple[str, str, str, str]] = {
    # name: (displayName, shortDisplayName, description, abbreviation)
    "OTLosses": ("Overtime Losses", "OTL", "Overtime Losses", "OTL"),
    "OTWins": ("Overtime Wins", "OTW", "Overtime Wins", "OTW"),
    "avgPointsAgainst": ("Opponent Points Per Game", "OPP PPG", "Opponent Points Per Game", "OPP PPG"),
    "avgPointsFor": ("Points Per Game", "PPG", "Points Per Game", "PPG"),
    "differential": ("Point Differential", "DIFF", "Point Differential", "DIFF"),
    "gamesBehind": ("Games Back", "GB", "Games Back", "GB"),
    "gamesPlayed": ("Games Played", "GP", "Games Played", "GP"),
    "losses": ("Losses", "L", "Losses", "L"),
    "playoffSeed": ("Position", "POS", "Playoff Seed", "SEED"),
    "pointDifferential": ("Point Differential", "DIFF", "Point Differential", "DIFF"),
    "points": ("Points", "PTS", "Standings Points", "PTS"),
    "pointsAgainst": ("Points Against", "PA", "Total Points Against", "PA"),
    "pointsFor": ("Points For", "PF", "Total Points For", "PF"),
    "streak": ("Streak", "STRK", "Current Streak", "STRK"),
    "ties": ("Ties", "T", "Ties", "T"),
    "winPercent": ("Win Percentage", "PCT", "Winning Percentage", "PCT"),
    "wins": ("Wins", "W", "Wins", "W"),
}


# shared pieces


def _link(rel: list[str], href: str, text: str, hidden: bool | None = None, compact: bool = False) -> dict[str, Any]:
    """A link object; scoreboards send the compact form without language and shortText."""
    link: dict[str, Any] = {} if compact else {"language": "en-US"}
    link.update(rel=rel, href=href, text=text)
    if not compact:
        link["shortText"] = text
    link.update(isExternal=False, isPremium=False)
    if hidden is not None:
        link["isHidden"] = hidden
    return link


def _team_links(team: Team, hidden: bool | None = None, compact: bool = False) -> list[dict[str, Any]]:
    site = f"{ESPN}/{team.league}/team"
    return [
        _link(
            ["clubhouse", "desktop", "team"], f"{site}/_/name/{team.logo_key}/{team.slug}", "Clubhouse", hidden, compact
        ),
        _link(["roster", "desktop", "team"], f"{site}/roster/_/name/{team.logo_key}", "Roster", hidden, compact),
        _link(["schedule", "desktop", "team"], f"{site}/schedule/_/name/{team.logo_key}", "Schedule", hidden, compact),
    ]


def _logo(team: Team, variant: str = "500") -> str:
    return f"{CDN}/teamlogos/{team.league}/{variant}/{team.logo_key}.png"


def _team_uid(league: League, team: Team) -> str:
    return f"{league.uid}~t:{team.id}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _league_of(data: BettingData, slug: str) -> League:
    league = data.league(slug)
    if league is None:
        raise KeyError(f"no league {slug!r} in the betting data")
    return league


# teams


def teams_body(league_slug: str, day: str, data: BettingData = HAND_WRITTEN) -> dict[str, Any]:
    """GET {sport}/{league}/teams."""
    league = _league_of(data, league_slug)
    season = league.current_season
    # ESPN lists a league's teams alphabetically by display name.
    teams = sorted(data.teams(league.slug, day), key=lambda t: t.display_name)
    return {
        "sports": [
            {
                "id": league.sport_id,
                "uid": f"s:{league.sport_id}",
                "name": league.sport_name,
                "slug": league.sport,
                "leagues": [
                    {
                        "id": league.id,
                        "uid": league.uid,
                        "name": league.name,
                        "abbreviation": league.abbreviation,
                        "shortName": league.abbreviation,
                        "slug": league.slug,
                        "teams": [{"team": _team_entry(league, team)} for team in teams],
                        "year": season.year,
                        "season": {"year": season.year, "displayName": season.display_name},
                    }
                ],
            }
        ]
    }


def _team_entry(league: League, team: Team) -> dict[str, Any]:
    variants = (
        ("500", ["full", "default"]),
        ("500-dark", ["full", "dark"]),
        ("500/scoreboard", ["full", "scoreboard"]),
        ("500-dark/scoreboard", ["full", "scoreboard", "dark"]),
    )
    return {
        "id": team.id,
        "uid": _team_uid(league, team),
        "slug": team.slug,
        "abbreviation": team.abbreviation,
        "displayName": team.display_name,
        "shortDisplayName": team.short_display_name,
        "name": team.name,
        "nickname": team.nickname,
        "location": team.location,
        "color": team.color,
        "alternateColor": team.alternate_color,
        "isActive": True,
        "isAllStar": False,
        "logos": [
            {"href": _logo(team, variant), "alt": "", "rel": rel, "width": 500, "height": 500}
            for variant, rel in variants
        ],
        "links": _team_links(team, hidden=False),
    }


def team_body(league_slug: str, team_id: str, day: str, data: BettingData = HAND_WRITTEN) -> dict[str, Any] | None:
    """GET {sport}/{league}/teams/{id}; None for a team the league does not have."""
    league = _league_of(data, league_slug)
    standing = next((s for s in data.standings(league.slug, day) if s.team.id == team_id), None)
    if standing is None:
        return None
    team = standing.team
    conference = next(c for c in league.conferences if c.id == team.conference)
    franchise_ref = f"{CORE}/{league.sport}/leagues/{league.slug}"
    return {
        "team": {
            "id": team.id,
            "uid": _team_uid(league, team),
            "slug": team.slug,
            "location": team.location,
            "name": team.name,
            "abbreviation": team.abbreviation,
            "displayName": team.display_name,
            "shortDisplayName": team.short_display_name,
            "color": team.color,
            "alternateColor": team.alternate_color,
            "isActive": True,
            "logos": [
                {
                    "href": _logo(team, variant),
                    "width": 500,
                    "height": 500,
                    "alt": "",
                    "rel": rel,
                    "lastUpdated": LOGO_UPDATED,
                }
                for variant, rel in (("500", ["full", "default"]), ("500-dark", ["full", "dark"]))
            ],
            "record": {
                "items": [
                    {
                        "description": "Overall Record",
                        "type": "total",
                        "summary": _summary(league, standing),
                        "stats": [
                            {"name": name, "value": _stat(league, standing, name)[0]} for name in league.stat_names
                        ],
                    }
                ]
            },
            "groups": {"id": conference.id, "parent": {"id": league.group_id}, "isConference": True},
            "links": _team_links(team),
            "franchise": {
                "$ref": f"{franchise_ref}/franchises/{team.id}?lang=en&region=us",
                "id": team.id,
                "uid": f"{league.uid}~f:{team.id}",
                "slug": team.slug,
                "location": team.location,
                "name": team.name,
                "abbreviation": team.abbreviation,
                "displayName": team.display_name,
                "shortDisplayName": team.short_display_name,
                "color": team.color,
                "isActive": True,
                "venue": _franchise_venue(league, team.venue),
                "team": {
                    "$ref": f"{franchise_ref}/seasons/{league.current_season.year}/teams/{team.id}?lang=en&region=us"
                },
            },
            "standingSummary": f"{_ordinal(standing.seed)} in {conference.abbreviation}",
        }
    }


def _franchise_venue(league: League, venue: Venue) -> dict[str, Any]:
    address: dict[str, Any] = {"city": venue.city, "state": venue.state}
    if venue.zip_code is not None:
        address["zipCode"] = venue.zip_code
    return {
        "$ref": f"{CORE}/{league.sport}/leagues/{league.slug}/venues/{venue.id}?lang=en&region=us",
        "id": venue.id,
        "fullName": venue.name,
        "address": address,
        "grass": venue.grass,
        "indoor": venue.indoor,
        "images": [
            {
                "href": f"{CDN}/venues/{league.slug}/day/{venue.id}.jpg",
                "width": 2000,
                "height": 1125,
                "alt": "",
                "rel": ["full", "day"],
            }
        ],
    }


# standings


def _summary(league: League, standing: Standing) -> str:
    if league.sport == "hockey":
        return f"{standing.wins}-{standing.losses}-{standing.ot_losses}"
    if standing.ties:
        return f"{standing.wins}-{standing.losses}-{standing.ties}"
    return f"{standing.wins}-{standing.losses}"


def _stat(league: League, s: Standing, name: str) -> tuple[float, str]:
    """(value, displayValue) of one standings stat, computed the way ESPN labels it."""
    games = s.games_played
    counts = {
        "wins": s.wins,
        "losses": s.losses,
        "ties": s.ties,
        "OTLosses": s.ot_losses,
        "OTWins": s.ot_wins,
        "gamesPlayed": games,
        "pointsFor": s.points_for,
        "pointsAgainst": s.points_against,
        "playoffSeed": s.seed,
        "points": s.standings_points,
    }
    difference = s.points_for - s.points_against
    if name in counts:
        return float(counts[name]), str(counts[name])
    if name == "pointDifferential" or (name == "differential" and league.sport == "football"):
        return float(difference), f"{difference:+d}"
    if name == "differential":
        average = round(difference / games, 1)
        return average, f"{average:+.1f}"
    if name in ("avgPointsFor", "avgPointsAgainst"):
        total = s.points_for if name == "avgPointsFor" else s.points_against
        return round(total / games, 6), f"{total / games:.1f}"
    if name == "winPercent":
        return round(s.win_percent, 7), f"{s.win_percent:.3f}".removeprefix("0")
    if name == "gamesBehind":
        behind = s.games_behind or 0.0
        return behind, "-" if behind == 0 else _number(behind)
    if name == "streak":
        signed = {"W": s.streak_length, "L": -s.streak_length, "T": 0}[s.streak_kind]
        return float(signed), f"{s.streak_kind}{s.streak_length}"
    raise KeyError(f"no emulated value for the {league.slug} stat {name!r}")


def _standings_stats(league: League, standing: Standing) -> list[dict[str, Any]]:
    stats: list[dict[str, Any]] = []
    for name in league.stat_names:
        display_name, short_name, description, abbreviation = STAT_LABELS[name]
        value, display_value = _stat(league, standing, name)
        stats.append(
            {
                "name": name,
                "displayName": display_name,
                "shortDisplayName": short_name,
                "description": description,
                "abbreviation": abbreviation,
                "type": name.lower(),
                "value": value,
                "displayValue": display_value,
            }
        )
    summary = _summary(league, standing)
    stats.append(
        {
            "id": "0",
            "name": "overall",
            "abbreviation": "Total",
            "displayName": "Overall",
            "shortDisplayName": "OVER",
            "description": "Overall Record",
            "type": "total",
            "summary": summary,
            "displayValue": summary,
        }
    )
    return stats


def standings_body(league_slug: str, day: str, data: BettingData = HAND_WRITTEN) -> dict[str, Any]:
    """GET {sport}/{league}/standings on the apis/v2 host: one child per conference, entries by seed."""
    league = _league_of(data, league_slug)
    season = league.current_season
    table = data.standings(league.slug, day)
    children = []
    for conference in league.conferences:
        entries = [
            {"team": _standings_team(league, s.team), "stats": _standings_stats(league, s)}
            for s in table
            if s.team.conference == conference.id
        ]
        children.append(
            {
                "uid": f"{league.uid}~g:{conference.id}",
                "id": conference.id,
                "name": conference.name,
                "abbreviation": conference.abbreviation,
                "isConference": True,
                "standings": {
                    "id": "0",
                    "name": "overall",
                    "displayName": "Standings",
                    "links": [_standings_link(league, conference.id)],
                    "season": season.year,
                    "seasonType": 2,
                    "seasonDisplayName": season.display_name,
                    "entries": entries,
                },
            }
        )
    return {
        "uid": f"{league.uid}~g:{league.group_id}",
        "id": league.group_id,
        "name": league.name,
        "abbreviation": league.abbreviation,
        "shortName": league.abbreviation,
        "children": children,
        "isConference": False,
        "links": [_standings_link(league, league.group_id)],
        "seasons": [_season_entry(season) for season in league.seasons],
    }


def _standings_link(league: League, group_id: str) -> dict[str, Any]:
    link = _link(["standings", "desktop"], f"{ESPN}/{league.slug}/standings/_/group/{group_id}", "Table")
    link["shortText"] = "Standings"
    return link


def _standings_team(league: League, team: Team) -> dict[str, Any]:
    return {
        "id": team.id,
        "uid": _team_uid(league, team),
        "location": team.location,
        "name": team.name,
        "abbreviation": team.abbreviation,
        "displayName": team.display_name,
        "shortDisplayName": team.short_display_name,
        "isActive": True,
        "logos": [
            {
                "href": _logo(team, variant),
                "width": 500,
                "height": 500,
                "alt": "",
                "rel": rel,
                "lastUpdated": LOGO_UPDATED,
            }
            for variant, rel in (("500", ["full", "default"]), ("500-dark/scoreboard", ["full", "scoreboard", "dark"]))
        ],
        "links": [_team_links(team)[0]],
    }


def _season_entry(season: Season) -> dict[str, Any]:
    return {
        "year": season.year,
        "startDate": season.start,
        "endDate": season.end,
        "displayName": season.display_name,
        "types": [
            {
                "id": str(kind.id),
                "name": kind.name,
                "abbreviation": kind.abbreviation,
                "startDate": kind.start,
                "endDate": kind.end,
                "hasStandings": kind.has_standings,
            }
            for kind in season.types
        ],
    }


def site_standings_stub(league_slug: str) -> dict[str, Any]:
    """The site/v2 standings path answers a link to the website, not standings."""
    return {"fullViewLink": {"text": "Full Standings", "href": f"{ESPN}/{league_slug}/standings"}}


# scoreboard


def scoreboard_body(league_slug: str, dates: list[str], day: str, data: BettingData = HAND_WRITTEN) -> dict[str, Any]:
    """GET {sport}/{league}/scoreboard?dates=...: the league block and every game on those ESPN dates."""
    league = _league_of(data, league_slug)
    games = sorted(data.games(league.slug, dates, day), key=lambda g: (g.start, g.event_id))
    return {
        "leagues": [_scoreboard_league(league, data.game_dates(league.slug))],
        "events": [_event(data, league, game, day) for game in games],
    }


def _scoreboard_league(league: League, game_dates: list[str]) -> dict[str, Any]:
    season = league.current_season
    regular = season.types[1]
    if league.sport == "football":
        calendar: list[Any] = [
            {
                "label": "Regular Season",
                "value": "2",
                "startDate": regular.start,
                "endDate": regular.end,
                "entries": [
                    {
                        "label": f"Week {week}",
                        "alternateLabel": f"Week {week}",
                        "detail": detail,
                        "value": str(week),
                        "startDate": start,
                        "endDate": end,
                    }
                    for week, detail, start, end in (
                        (17, "Dec 25-31", "2024-12-25T08:00Z", "2025-01-01T07:59Z"),
                        (18, "Jan 4-5", "2025-01-01T08:00Z", "2025-01-09T07:59Z"),
                    )
                ],
            }
        ]
    else:
        calendar = [f"{game_date}T08:00Z" for game_date in game_dates]
    return {
        "id": league.id,
        "uid": league.uid,
        "name": league.name,
        "abbreviation": league.abbreviation,
        "slug": league.slug,
        "season": {
            "year": season.year,
            "startDate": season.start,
            "endDate": season.end,
            "displayName": season.display_name,
            "type": {
                "id": str(regular.id),
                "type": regular.id,
                "name": regular.name,
                "abbreviation": regular.abbreviation,
            },
        },
        "logos": [
            {
                "href": f"{CDN}/teamlogos/leagues/500/{league.slug}.png",
                "width": 500,
                "height": 500,
                "alt": "",
                "rel": ["full", "default"],
                "lastUpdated": "2018-06-05T12:07Z",
            }
        ],
        "calendarType": "list" if league.sport == "football" else "day",
        "calendarIsWhitelist": True,
        "calendarStartDate": season.start,
        "calendarEndDate": season.end,
        "calendar": calendar,
    }


def _status(league: League, game: Game, state: str) -> dict[str, Any]:
    if state == "postponed":
        kind = {"id": "6", "name": "STATUS_POSTPONED", "state": "post", "completed": False, "description": "Postponed"}
        detail = short = "Postponed"
        period = 0
    elif state == "scheduled":
        kind = {"id": "1", "name": "STATUS_SCHEDULED", "state": "pre", "completed": False, "description": "Scheduled"}
        detail, short = _kickoff(game.start)
        period = 0
    else:
        kind = {"id": "3", "name": "STATUS_FINAL", "state": "post", "completed": True, "description": "Final"}
        detail = short = _final_detail(league, game)
        period = game.periods
    return {
        "clock": 0.0,
        "displayClock": "0:00",
        "period": period,
        "type": {**kind, "detail": detail, "shortDetail": short},
    }


def _kickoff(start: str) -> tuple[str, str]:
    local = datetime.strptime(start, "%Y-%m-%dT%H:%MZ") + EASTERN
    clock = local.strftime("%I:%M %p").lstrip("0")
    long = f"{local:%a}, {local:%B} {_ordinal(local.day)} at {clock} EST"
    return long, f"{local.month}/{local.day} - {clock} EST"


def _final_detail(league: League, game: Game) -> str:
    if game.extra_periods == 0:
        return "Final"
    if league.sport == "baseball":
        return f"Final/{game.periods}"
    if league.sport == "hockey" and game.extra_periods >= 2:
        return "Final/SO"
    return "Final/OT"


def _event(data: BettingData, league: League, game: Game, day: str) -> dict[str, Any]:
    away, home = data.team(league.slug, game.away, day), data.team(league.slug, game.home, day)
    state = data.status(game, day)
    event_status = _status(league, game, state)
    venue = data.venue(game, day)
    records = {s.team.id: s for s in data.standings(league.slug, day) if s.team.id in (game.away, game.home)}
    competition: dict[str, Any] = {
        "id": game.event_id,
        "uid": f"{league.uid}~e:{game.event_id}~c:{game.event_id}",
        "date": game.start,
        "attendance": game.attendance if state == "final" else 0,
        "type": {"id": "1", "abbreviation": "STD"},
        "timeValid": True,
        "neutralSite": False,
        "conferenceCompetition": away.conference == home.conference,
        "playByPlayAvailable": state == "final",
        "recent": False,
        "venue": _game_venue(venue),
        "competitors": [
            _competitor(league, game, home, "home", state, records[home.id]),
            _competitor(league, game, away, "away", state, records[away.id]),
        ],
        "notes": [{"type": "event", "headline": game.headline}] if game.headline else [],
        "status": event_status,
        "broadcasts": [{"market": "national", "names": ["ESPN"]}],
        "format": {"regulation": {"periods": league.regulation_periods}},
        "startDate": game.start,
        "broadcast": "ESPN",
        "highlights": [],
    }
    lines_shown = state == "scheduled" or (state == "final" and not game.lines_pulled_when_final)
    if game.lines and lines_shown:
        latest = "close" if state == "final" else "current"
        competition["odds"] = [_odds(league, line, away, home, latest) for line in game.lines]
    event: dict[str, Any] = {
        "id": game.event_id,
        "uid": f"{league.uid}~e:{game.event_id}",
        "date": game.start,
        "name": f"{away.display_name} at {home.display_name}",
        "shortName": f"{away.abbreviation} @ {home.abbreviation}",
        "season": {"year": league.current_season.year, "type": 2, "slug": "regular-season"},
    }
    if game.week is not None:
        event["week"] = {"number": game.week}
    event["competitions"] = [competition]
    event["links"] = [
        _link(["summary", "desktop", "event"], f"{ESPN}/{league.slug}/game/_/gameId/{game.event_id}", "Gamecast")
    ]
    event["status"] = event_status
    return event  # fmt: skip


def _game_venue(venue: Venue) -> dict[str, Any]:
    address: dict[str, Any] = {"city": venue.city, "state": venue.state}
    if venue.country is not None:
        address["country"] = venue.country
    body: dict[str, Any] = {"id": venue.id, "fullName": venue.name, "address": address}
    if venue.capacity is not None:
        body["capacity"] = venue.capacity
    body["indoor"] = venue.indoor
    return body


def _competitor(league: League, game: Game, team: Team, side: str, state: str, record: Standing) -> dict[str, Any]:
    score = game.home_score if side == "home" else game.away_score
    other = game.away_score if side == "home" else game.home_score
    competitor: dict[str, Any] = {
        "id": team.id,
        "uid": _team_uid(league, team),
        "type": "team",
        "order": 0 if side == "home" else 1,
        "homeAway": side,
    }
    if state == "final":
        competitor["winner"] = score > other
    competitor["team"] = {
        "id": team.id,
        "uid": _team_uid(league, team),
        "location": team.location,
        "name": team.name,
        "abbreviation": team.abbreviation,
        "displayName": team.display_name,
        "shortDisplayName": team.short_display_name,
        "color": team.color,
        "alternateColor": team.alternate_color,
        "isActive": True,
        "venue": {"id": team.venue.id},
        "links": _team_links(team, compact=True),
        "logo": _logo(team, "500/scoreboard"),
    }
    competitor["score"] = str(score) if state == "final" else "0"
    if state == "final":
        periods = line_scores(game)[0 if side == "away" else 1]
        competitor["linescores"] = [
            {"value": float(points), "displayValue": str(points), "period": number}
            for number, points in enumerate(periods, start=1)
        ]
    competitor["statistics"] = []
    competitor["records"] = [
        {"name": "overall", "abbreviation": "Game", "type": "total", "summary": _summary(league, record)}
    ]
    return competitor


def _odds(league: League, line: Line, away: Team, home: Team, latest: str) -> dict[str, Any]:
    """`latest` names the newest prices of the block shapes: "close" once the game is final, else "current"."""
    odds: dict[str, Any] = {
        "provider": {"id": line.provider.id, "name": line.provider.name, "priority": line.provider.priority},
        "details": line.details,
        "overUnder": line.over_under,
    }
    if line.spread is not None:
        odds["spread"] = line.spread
    if line.home_moneyline is None or line.away_moneyline is None:
        return odds
    favourite = _favourite(line.home_moneyline, line.away_moneyline)
    opened = _favourite(line.opening.home_moneyline, line.opening.away_moneyline) if line.opening else None
    if line.style == "numbers" or line.style == "team_blocks":
        odds["overOdds"] = -110.0
        odds["underOdds"] = -110.0
    for side, team, moneyline in (("away", away, line.away_moneyline), ("home", home, line.home_moneyline)):
        team_odds: dict[str, Any] = {"favorite": favourite == side, "underdog": favourite not in (None, side)}
        if line.style != "markets":
            team_odds["moneyLine"] = moneyline
            team_odds["spreadOdds"] = -110.0
        if line.style == "team_blocks" and line.opening is not None:
            team_odds.update(_team_blocks(line, line.opening, side, opened))
        team_odds["team"] = {
            "id": team.id,
            "uid": _team_uid(league, team),
            "abbreviation": team.abbreviation,
            "name": team.name,
            "displayName": team.display_name,
            "logo": _logo(team),
        }
        if line.style == "markets":
            team_odds["favoriteAtOpen"] = opened == side
        odds[f"{side}TeamOdds"] = team_odds
    if line.style == "markets" and line.opening is not None:
        odds.update(_market_blocks(line, line.opening, latest))
    for path, text in line.texts:
        *parents, leaf = path.split(".")
        node = odds
        for key in parents:
            node = node[key]
        node[leaf] = text
    return odds


def _favourite(home_moneyline: int, away_moneyline: int) -> str | None:
    if home_moneyline == away_moneyline:
        return None
    return "home" if home_moneyline < away_moneyline else "away"


def _american(price: int) -> str:
    """ESPN's text price: "-135", "+115", and "EVEN" for +100."""
    return "EVEN" if price == 100 else f"{price:+d}"


def _points(line: float) -> str:
    return f"{line:+g}"


def _market_blocks(line: Line, opening: Opening, latest: str) -> dict[str, Any]:
    """Today's per-market blocks: each side's `open` and newest (`latest`) prices as text."""
    assert line.spread is not None and line.home_moneyline is not None and line.away_moneyline is not None

    def side(opened: dict[str, str], now: dict[str, str]) -> dict[str, Any]:
        return {"open": opened, latest: now}

    def total(prefix: str) -> dict[str, Any]:
        return side(
            {"line": f"{prefix}{opening.over_under:g}", "odds": "-110"},
            {"line": f"{prefix}{line.over_under:g}", "odds": "-110"},
        )

    return {
        "moneyline": {
            "displayName": "Moneyline",
            "shortDisplayName": "ML",
            "home": side({"odds": _american(opening.home_moneyline)}, {"odds": _american(line.home_moneyline)}),
            "away": side({"odds": _american(opening.away_moneyline)}, {"odds": _american(line.away_moneyline)}),
        },
        "pointSpread": {
            "displayName": "Spread",
            "shortDisplayName": "Spread",
            "home": side(
                {"line": _points(opening.spread), "odds": "-110"}, {"line": _points(line.spread), "odds": "-110"}
            ),
            "away": side(
                {"line": _points(-opening.spread), "odds": "-110"}, {"line": _points(-line.spread), "odds": "-110"}
            ),
        },
        "total": {"displayName": "Total", "shortDisplayName": "Total", "over": total("o"), "under": total("u")},
    }


def _price(american: int) -> dict[str, Any]:
    """A team block's price as the captured team next event writes it: decimal and fractional odds beside the
    American text."""
    fraction = Fraction(100, -american) if american < 0 else Fraction(american, 100)
    decimal = round(1 + float(fraction), 2)
    text = f"{fraction.numerator}/{fraction.denominator}"
    return {
        "value": decimal,
        "displayValue": text,
        "alternateDisplayValue": _american(american),
        "decimal": decimal,
        "fraction": text,
        "american": _american(american),
    }


def _team_blocks(line: Line, opening: Opening, side: str, opened: str | None) -> dict[str, Any]:
    """A team's `open` and `current` blocks (the line, the spread price and the moneyline as text)."""
    assert line.spread is not None
    home = side == "home"
    now_spread, open_spread = (line.spread, opening.spread) if home else (-line.spread, -opening.spread)
    now_moneyline = line.home_moneyline if home else line.away_moneyline
    open_moneyline = opening.home_moneyline if home else opening.away_moneyline
    assert now_moneyline is not None

    def points(value: float) -> dict[str, str]:
        return {"alternateDisplayValue": _points(value), "american": _points(value)}

    return {
        "open": {
            "favorite": opened == side,
            "pointSpread": points(open_spread),
            "spread": _price(-110),
            "moneyLine": _price(open_moneyline),
        },
        "current": {"pointSpread": points(now_spread), "spread": _price(-110), "moneyLine": _price(now_moneyline)},
    }
