"""Betting defaults: ESPN's two hosts, polite pacing (ESPN publishes no limits) and the leagues and dates to read."""

from __future__ import annotations

from ingestion.http import ApiConfig, RateLimit
from ingestion.params import ListOf, OptionalDate, Setting, Text, WholeNumber

VERTICAL = "betting"

# Teams, team details and scoreboards. ESPN publishes no limit: two requests a second is polite and still walks a
# whole season of four leagues' scoreboards in about ten minutes.
ESPN_SITE = ApiConfig(
    name="espn_site",
    base_url="https://site.api.espn.com/apis/site/v2/sports",
    rate_limit=RateLimit(requests=2, per_seconds=1, burst=2),
    # Team lists and home venues change a few times a year; a same-day re-run need not fetch them again.
    # Scoreboards and standings are never cached: scores and lines move by the minute.
    cache_ttl_seconds={"teams": 20 * 3600, "team": 20 * 3600},
)

# Standings live under apis/v2 on the same host (apis/site/v2's standings path is a stub without data). Four
# requests a run; one a second keeps both clients together near the site client's pace.
ESPN_STANDINGS = ApiConfig(
    name="espn_standings",
    base_url="https://site.api.espn.com/apis/v2/sports",
    rate_limit=RateLimit(requests=1, per_seconds=1, burst=1),
)

APIS = (ESPN_SITE, ESPN_STANDINGS)

# ESPN's "sport/league" path slugs.
DEFAULT_LEAGUES = ["football/nfl", "basketball/nba", "baseball/mlb", "hockey/nhl"]
# Scoreboards from as-of date minus this many days up to the as-of date: late finals and the day's own games
# (scheduled, with their pre-game lines) are both caught.
DEFAULT_DAYS_BACK = 4
# A guard against a mistyped backfill (a wrong year walks thousands of dates): a whole season is about 250 days.
MAX_SCOREBOARD_DATES = 400

# The leagues the models are written and tested for (sport-specific periods, lines and standings stats); another
# ESPN league needs its sport's rules checked in the betting models first.
KNOWN_LEAGUES = tuple(DEFAULT_LEAGUES)
PARAMS = (
    Setting(
        "leagues",
        ListOf(Text("an ESPN sport/league slug", choices=KNOWN_LEAGUES), min_items=1),
        list(DEFAULT_LEAGUES),
        "ESPN leagues to read",
    ),
    Setting(
        "days_back",
        WholeNumber(0, MAX_SCOREBOARD_DATES - 1),
        DEFAULT_DAYS_BACK,
        "scoreboards of the as-of date and this many days before it; 0 = the as-of date only",
    ),
    Setting("start_date", OptionalDate(), "", "first scoreboard date of a backfill; '' = end_date - days_back"),
    Setting("end_date", OptionalDate(), "", "last scoreboard date of a backfill; '' = the as-of date"),
)

# Statuses after which a game's scoreboard entry no longer changes; a past date whose games all have one is not
# fetched again (see `betting_source`).
SETTLED_STATUSES = frozenset({"STATUS_FINAL", "STATUS_POSTPONED", "STATUS_CANCELED", "STATUS_FORFEIT"})
