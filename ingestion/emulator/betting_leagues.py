"""The betting emulator's leagues and teams: a handful of teams per league, each with its home venue and its
season-to-date record before the emulated window (the games in `betting_schedule` are added on top).

Team ids, names, colours and the venue ids 3622, 3679, 1841 and 218 are ESPN's; the other venue ids, the
conference group ids and every record are our own. Each league's handful of teams is a closed mini-league:
its records balance (wins = losses + overtime losses, points for = points against), as a whole real league's do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    city: str
    state: str
    indoor: bool
    grass: bool
    # Only some ESPN payloads carry these; None means the key is left out, as ESPN does.
    capacity: int | None = None
    country: str | None = None
    zip_code: str | None = None


@dataclass(frozen=True)
class Conference:
    id: str
    name: str
    abbreviation: str


@dataclass(frozen=True)
class SeasonType:
    id: int
    name: str
    abbreviation: str
    start: str
    end: str
    has_standings: bool


@dataclass(frozen=True)
class Season:
    year: int
    display_name: str
    start: str
    end: str
    types: tuple[SeasonType, ...]


@dataclass(frozen=True)
class League:
    sport: str
    slug: str
    sport_id: str
    sport_name: str
    id: str
    name: str
    abbreviation: str
    group_id: str
    regulation_periods: int
    conferences: tuple[Conference, Conference]
    # Newest first, as ESPN lists them; the first is the season the emulated games belong to.
    seasons: tuple[Season, ...]
    stat_names: tuple[str, ...]

    @property
    def uid(self) -> str:
        return f"s:{self.sport_id}~l:{self.id}"

    @property
    def current_season(self) -> Season:
        return self.seasons[0]


@dataclass(frozen=True)
class Record:
    """Season to date before the emulated window; `streak` is signed (+3 = won three, -2 = lost two)."""

    wins: int
    losses: int
    points_for: int
    points_against: int
    streak: int
    ties: int = 0
    ot_losses: int = 0
    ot_wins: int = 0


@dataclass(frozen=True)
class Team:
    league: str
    id: str
    slug: str
    abbreviation: str
    display_name: str
    short_display_name: str
    name: str
    nickname: str
    location: str
    color: str
    alternate_color: str
    logo_key: str
    venue: Venue
    conference: str
    record: Record


def _season(year: int, display: str, pre: str, regular: str, post: str, off: str, end: str) -> Season:
    """A season and ESPN's four season types; each type starts at 07:00Z and ends 06:59Z on the next's first day."""
    bounds = ((1, "Preseason", "pre", pre, regular, True), (2, "Regular Season", "reg", regular, post, True))
    bounds += ((3, "Postseason", "post", post, off, False), (4, "Off Season", "off", off, end, False))
    types = tuple(SeasonType(i, name, abbr, f"{a}T07:00Z", f"{b}T06:59Z", has) for i, name, abbr, a, b, has in bounds)
    return Season(year, display, f"{pre}T07:00Z", f"{end}T06:59Z", types)


# Stat names per sport as ESPN's standings send them, sorted the way ESPN sorts them (by name, capitals first).
FOOTBALL_STATS = (
    *("differential", "losses", "playoffSeed", "pointDifferential", "pointsAgainst", "pointsFor"),
    *("streak", "ties", "winPercent", "wins"),
)
BASKETBALL_STATS = (
    *("avgPointsAgainst", "avgPointsFor", "differential", "gamesBehind", "losses", "playoffSeed"),
    *("pointDifferential", "pointsAgainst", "pointsFor", "streak", "winPercent", "wins"),
)
HOCKEY_STATS = (
    *("OTLosses", "OTWins", "gamesPlayed", "losses", "playoffSeed", "pointDifferential", "points"),
    *("pointsAgainst", "pointsFor", "streak", "wins"),
)
BASEBALL_STATS = (
    *("avgPointsAgainst", "avgPointsFor", "gamesBehind", "losses", "playoffSeed", "pointDifferential"),
    *("pointsAgainst", "pointsFor", "streak", "winPercent", "wins"),
)

AFC, NFC = (
    Conference("8", "American Football Conference", "AFC"),
    Conference("7", "National Football Conference", "NFC"),
)
NBA_EAST, NBA_WEST = Conference("5", "Eastern Conference", "East"), Conference("6", "Western Conference", "West")
NHL_EAST, NHL_WEST = Conference("7", "Eastern Conference", "East"), Conference("8", "Western Conference", "West")
AL, NL = Conference("1", "American League", "AL"), Conference("2", "National League", "NL")

NFL = League(
    *("football", "nfl", "20", "Football", "28", "National Football League", "NFL", "9", 4, (AFC, NFC)),
    seasons=(
        _season(2024, "2024", "2024-08-01", "2024-09-05", "2025-01-09", "2025-02-13", "2025-08-01"),
        _season(2023, "2023", "2023-08-03", "2023-09-07", "2024-01-10", "2024-02-14", "2024-08-01"),
    ),
    stat_names=FOOTBALL_STATS,
)
NBA = League(
    *("basketball", "nba", "40", "Basketball", "46", "National Basketball Association", "NBA", "7", 4),
    conferences=(NBA_EAST, NBA_WEST),
    seasons=(
        _season(2025, "2024-25", "2024-09-24", "2024-10-22", "2025-04-19", "2025-06-28", "2025-09-02"),
        _season(2024, "2023-24", "2023-09-28", "2023-10-24", "2024-04-20", "2024-06-23", "2024-09-24"),
    ),
    stat_names=BASKETBALL_STATS,
)
NHL = League(
    *("hockey", "nhl", "70", "Hockey", "90", "National Hockey League", "NHL", "9", 3, (NHL_EAST, NHL_WEST)),
    seasons=(
        _season(2025, "2024-25", "2024-09-21", "2024-10-04", "2025-04-19", "2025-06-30", "2025-09-20"),
        _season(2024, "2023-24", "2023-09-23", "2023-10-10", "2024-04-20", "2024-06-25", "2024-09-21"),
    ),
    stat_names=HOCKEY_STATS,
)
# MLB does not play in late December: the emulator stretches its 2024 regular season into January so that every
# league has games on the emulated days (the shapes are real, this calendar is not).
MLB = League(
    *("baseball", "mlb", "1", "Baseball", "10", "Major League Baseball", "MLB", "9", 9, (AL, NL)),
    seasons=(
        _season(2024, "2024", "2024-02-22", "2024-03-20", "2025-01-07", "2025-01-31", "2025-02-20"),
        _season(2023, "2023", "2023-02-24", "2023-03-30", "2023-10-03", "2023-11-02", "2024-02-21"),
    ),
    stat_names=BASEBALL_STATS,
)

LEAGUES: dict[str, League] = {league.slug: league for league in (NFL, NBA, NHL, MLB)}

# Venues by id. TD Garden and Madison Square Garden host a basketball and a hockey team each (one id for both).
VENUES: dict[str, Venue] = {
    venue.id: venue
    for venue in (
        Venue("3622", "GEHA Field at Arrowhead Stadium", "Kansas City", "MO", False, True, capacity=76416),
        Venue("3752", "Acrisure Stadium", "Pittsburgh", "PA", False, True, capacity=68400),
        Venue("3814", "M&T Bank Stadium", "Baltimore", "MD", False, True, capacity=71008),
        Venue("3679", "Huntington Bank Field", "Cleveland", "OH", False, True, capacity=67431, country="USA"),
        Venue("3806", "Lincoln Financial Field", "Philadelphia", "PA", False, True, capacity=69796),
        Venue("3687", "AT&T Stadium", "Arlington", "TX", True, False, capacity=80000),
        Venue("3727", "Ford Field", "Detroit", "MI", True, False, capacity=65000),
        Venue("3798", "Lambeau Field", "Green Bay", "WI", False, True, capacity=81441),
        Venue("1824", "TD Garden", "Boston", "MA", True, False),
        Venue("1850", "Madison Square Garden", "New York", "NY", True, False),
        Venue("1883", "Rocket Mortgage FieldHouse", "Cleveland", "OH", True, False),
        Venue("4400", "Fiserv Forum", "Milwaukee", "WI", True, False),
        Venue("1841", "crypto.com Arena", "Los Angeles", "CA", True, False),
        Venue("4381", "Chase Center", "San Francisco", "CA", True, False),
        Venue("1889", "Ball Arena", "Denver", "CO", True, False),
        Venue("4375", "Paycom Center", "Oklahoma City", "OK", True, False),
        Venue("1820", "Scotiabank Arena", "Toronto", "ON", True, False, country="Canada"),
        Venue("1818", "Amerant Bank Arena", "Sunrise", "FL", True, False),
        Venue("1856", "United Center", "Chicago", "IL", True, False),
        Venue("1815", "Enterprise Center", "St. Louis", "MO", True, False),
        Venue("4093", "Rogers Place", "Edmonton", "AB", True, False, country="Canada"),
        Venue("3997", "T-Mobile Arena", "Las Vegas", "NV", True, False),
        Venue("3290", "Wrigley Field", "Chicago", "IL", False, True, capacity=41649),
        Venue("3313", "Yankee Stadium", "Bronx", "NY", False, True, zip_code="10451"),
        Venue("3", "Daikin Park", "Houston", "TX", True, True, zip_code="77002"),
        Venue("10", "Oakland Coliseum", "Oakland", "CA", False, True, zip_code="94621"),
        Venue("5411", "Sutter Health Park", "West Sacramento", "CA", False, True, zip_code="95691"),
        Venue("218", "Truist Park", "Atlanta", "Georgia", False, True, zip_code="30339"),
        Venue("22", "Dodger Stadium", "Los Angeles", "CA", False, True, zip_code="90012"),
        Venue("3112", "Citizens Bank Park", "Philadelphia", "PA", False, True, zip_code="19148"),
    )
}


def _team(
    league: str, id_: str, abbr: str, location: str, name: str, colors: str, venue: str, conference: str, record: Record
) -> Team:
    color, alternate = colors.split("/")
    return Team(
        league=league,
        id=id_,
        slug=f"{location} {name}".lower().replace(".", "").replace(" ", "-"),
        abbreviation=abbr,
        display_name=f"{location} {name}",
        short_display_name=name,
        name=name,
        nickname=location,
        location=location,
        color=color,
        alternate_color=alternate,
        logo_key=abbr.lower(),
        venue=VENUES[venue],
        conference=conference,
        record=record,
    )


# Record(wins, losses, points for, points against, streak, ties, OT losses, OT wins) before the emulated window.
TEAMS: tuple[Team, ...] = (
    # NFL, 15 games played; DET and GB tied each other earlier in the season.
    _team("nfl", "12", "KC", "Kansas City", "Chiefs", "e31837/ffb612", "3622", "8", Record(13, 2, 340, 260, 3)),
    _team("nfl", "23", "PIT", "Pittsburgh", "Steelers", "000000/ffb612", "3752", "8", Record(10, 5, 330, 280, -1)),
    _team("nfl", "33", "BAL", "Baltimore", "Ravens", "29126f/000000", "3814", "8", Record(10, 5, 420, 320, 2)),
    _team("nfl", "5", "CLE", "Cleveland", "Browns", "472a08/ff3c00", "3679", "8", Record(3, 12, 250, 380, -4)),
    _team("nfl", "21", "PHI", "Philadelphia", "Eagles", "06424d/000000", "3806", "7", Record(12, 3, 400, 270, 5)),
    _team("nfl", "6", "DAL", "Dallas", "Cowboys", "002a5c/b0b7bc", "3687", "7", Record(6, 9, 300, 390, -2)),
    _team("nfl", "8", "DET", "Detroit", "Lions", "0076b6/bbbbbb", "3727", "7", Record(3, 11, 280, 350, -3, ties=1)),
    _team("nfl", "9", "GB", "Green Bay", "Packers", "204e32/ffb612", "3798", "7", Record(2, 12, 260, 330, -1, ties=1)),
    # NBA, 30 games played.
    _team("nba", "2", "BOS", "Boston", "Celtics", "008348/ffffff", "1824", "5", Record(19, 11, 3450, 3300, 2)),
    _team("nba", "18", "NY", "New York", "Knicks", "1d428a/f58426", "1850", "5", Record(17, 13, 3400, 3350, -1)),
    _team("nba", "5", "CLE", "Cleveland", "Cavaliers", "860038/bc945c", "1883", "5", Record(21, 9, 3600, 3350, 5)),
    _team("nba", "15", "MIL", "Milwaukee", "Bucks", "00471b/eee1c6", "4400", "5", Record(12, 18, 3300, 3400, -2)),
    _team("nba", "13", "LAL", "Los Angeles", "Lakers", "552583/fdb927", "1841", "6", Record(15, 15, 3380, 3390, 1)),
    _team("nba", "9", "GS", "Golden State", "Warriors", "fdb927/1d428a", "4381", "6", Record(13, 17, 3320, 3380, -3)),
    _team("nba", "7", "DEN", "Denver", "Nuggets", "0e2240/fec524", "1889", "6", Record(11, 19, 3350, 3480, -1)),
    _team("nba", "25", "OKC", "Oklahoma City", "Thunder", "007ac1/ef3b24", "4375", "6", Record(12, 18, 3330, 3480, 1)),
    # NHL, 36 games played.
    _team("nhl", "1", "BOS", "Boston", "Bruins", "231f20/fdb71a", "1824", "7", Record(18, 14, 100, 110, -1, 0, 4, 3)),
    _team(
        "nhl", "21", "TOR", "Toronto", "Maple Leafs", "003e7e/ffffff", "1820", "7", Record(20, 14, 115, 100, 2, 0, 2, 4)
    ),
    _team(
        "nhl", "13", "NYR", "New York", "Rangers", "0038a8/ce1126", "1850", "7", Record(16, 18, 102, 110, -2, 0, 2, 2)
    ),
    _team(
        "nhl", "26", "FLA", "Florida", "Panthers", "c8102e/041e42", "1818", "7", Record(19, 15, 112, 104, 1, 0, 2, 3)
    ),
    _team(
        "nhl", "4", "CHI", "Chicago", "Blackhawks", "cf0a2c/000000", "1856", "8", Record(12, 21, 90, 125, -3, 0, 3, 1)
    ),
    _team("nhl", "19", "STL", "St. Louis", "Blues", "002f87/fcb514", "1815", "8", Record(17, 16, 104, 111, 1, 0, 3, 2)),
    _team("nhl", "6", "EDM", "Edmonton", "Oilers", "00205b/ff4c00", "4093", "8", Record(20, 14, 118, 103, 4, 0, 2, 5)),
    _team(
        "nhl", "37", "VGK", "Vegas", "Golden Knights", "344043/b4975a", "3997", "8", Record(22, 11, 120, 98, 2, 0, 3, 4)
    ),
    # MLB, 150 games played.
    _team("mlb", "10", "NYY", "New York", "Yankees", "132448/c4ced4", "3313", "1", Record(85, 65, 760, 640, 2)),
    _team("mlb", "18", "HOU", "Houston", "Astros", "002d62/eb6e1f", "3", "1", Record(76, 74, 700, 690, -1)),
    _team("mlb", "11", "OAK", "Oakland", "Athletics", "003831/efb21e", "10", "1", Record(62, 88, 610, 760, -3)),
    _team("mlb", "15", "ATL", "Atlanta", "Braves", "0c2340/ba0c2f", "218", "2", Record(78, 72, 700, 660, 1)),
    _team("mlb", "19", "LAD", "Los Angeles", "Dodgers", "005a9c/ffffff", "22", "2", Record(88, 62, 800, 650, 4)),
    _team("mlb", "22", "PHI", "Philadelphia", "Phillies", "e81828/002d72", "3112", "2", Record(61, 89, 640, 810, -2)),
)


def teams_of(league: str) -> tuple[Team, ...]:
    return tuple(team for team in TEAMS if team.league == league)


def team(league: str, team_id: str) -> Team:
    for candidate in TEAMS:
        if candidate.league == league and candidate.id == team_id:
            return candidate
    raise KeyError(f"no {league} team {team_id} in the betting fixtures")
