"""Media defaults: the live TMDb base URL, limits set just below TMDb's published ones (DESIGN.md §3), and the
names of the credential settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.http import ApiConfig, RateLimit
from ingestion.params import Kind, Refused, Setting, Text, WholeNumber

VERTICAL = "media"

# TMDb's upper limit sits "somewhere in the 50 requests per second range"; 40 a second is the figure we hold to.
# 38.5 a second with no burst: at most 39.5 in any second (50 ms of slack), 96% of 40 over a long run.
TMDB = ApiConfig(
    name="tmdb",
    base_url="https://api.themoviedb.org/3",
    rate_limit=RateLimit(requests=38.5, per_seconds=1, burst=1),
    # Genre lists and languages change a few times a year; a same-day re-run should not fetch them again.
    cache_ttl_seconds={"genre_movie_list": 20 * 3600, "genre_tv_list": 20 * 3600, "languages": 20 * 3600},
    # Details cost a request a title: 25,000 a day is about 11 minutes at 38.5 a second, so a catalogue of 100,000
    # titles is read in turn every four days, edited titles (the changes feeds) first.
    daily_budget=25_000,
)

APIS = (TMDB,)

# Credentials: a v4 read access token (sent as `Authorization: Bearer`) or a v3 key (sent as `api_key`).
ACCESS_TOKEN_SETTING = "sources.media.tmdb.access_token"
API_KEY_SETTING = "sources.media.tmdb.api_key"
# The emulator only checks that a key is sent; replay runs without a configured key send this one.
REPLAY_API_KEY = "starline-replay-key"

# Pages of each paged list to read (20 titles a page; TMDb serves at most page 500).
DEFAULT_POPULAR_MAX_PAGES = 5
DEFAULT_DISCOVER_MAX_PAGES = 5
DEFAULT_TRENDING_MAX_PAGES = 1
# Discover complements the popularity lists with the most-voted catalogue.
DEFAULT_DISCOVER_SORT_BY = "vote_count.desc"
DEFAULT_LANGUAGE = "en-US"
MAX_PAGE = 500
# /movie/changes and /tv/changes cover at most 14 days a request.
CHANGES_MAX_DAYS = 14
# The list fields whose change makes a title's details worth reading before its turn (the changes feeds name
# the other edits).
SIGNAL_FIELDS = ("title", "name", "original_title", "original_name", "release_date", "first_air_date", "genre_ids")
# Sort orders both /discover/movie and /discover/tv accept.
DISCOVER_SORT_ORDERS = tuple(
    f"{field}.{direction}" for field in ("popularity", "vote_average", "vote_count") for direction in ("desc", "asc")
)
# No split by default: one discover list per media type, which reaches at most 500 pages (10,000 titles).
DEFAULT_DISCOVER_YEARS = ""
# TMDb's discover filters on a single release (first air) year, per media type.
YEAR_FILTERS = {"movie": "primary_release_year", "tv": "first_air_date_year"}
# The first films TMDb lists date from the 1870s; a range reaching further back is a typo.
FIRST_YEAR, LAST_YEAR = 1870, 2100


def discover_year_range(text: str) -> range | None:
    """'1950-2026' -> the years 1950 to 2026, both included; '' -> None (no split). Anything else is ValueError."""
    if not text.strip():
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text)
    if match is None:
        raise ValueError(f"discover_years={text!r}: expected FIRST-LAST, e.g. 1950-2026, or '' for no split")
    first, last = int(match[1]), int(match[2])
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        raise ValueError(
            f"discover_years={text!r}: the first year must not be after the last, both from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return range(first, last + 1)


@dataclass(frozen=True)
class YearRange(Kind):
    @property
    def allowed(self) -> str:
        return f"a range of years FIRST-LAST from {FIRST_YEAR} to {LAST_YEAR}, e.g. 1950-2026, or '' for no split"

    def convert(self, value: object) -> str:
        if not isinstance(value, str):
            raise Refused("not text")
        try:
            years = discover_year_range(value)
        except ValueError:
            raise Refused("not a range of years FIRST-LAST") from None
        return "" if years is None else f"{years.start}-{years.stop - 1}"


PAGES = WholeNumber(0, MAX_PAGE)
PARAMS = (
    Setting("popular_max_pages", PAGES, DEFAULT_POPULAR_MAX_PAGES, "pages of /movie/popular and /tv/popular; 0 = none"),
    Setting(
        "discover_max_pages", PAGES, DEFAULT_DISCOVER_MAX_PAGES, "pages of /discover/movie and /discover/tv; 0 = none"
    ),
    Setting(
        "discover_years",
        YearRange(),
        DEFAULT_DISCOVER_YEARS,
        "release (first air) years to split /discover/movie and /discover/tv into, one list per year of up to "
        "discover_max_pages pages, so a catalogue beyond TMDb's 500 pages is read whole; '' = one list each",
    ),
    Setting("trending_max_pages", PAGES, DEFAULT_TRENDING_MAX_PAGES, "pages of /trending/all/day; 0 = none"),
    Setting("discover_sort_by", Text(choices=DISCOVER_SORT_ORDERS), DEFAULT_DISCOVER_SORT_BY, "how discover sorts"),
    Setting(
        "language",
        Text("a TMDb language tag: ISO 639-1, optionally -ISO 3166-1, e.g. en, en-US, pt-BR", r"[a-z]{2}(-[A-Z]{2})?"),
        DEFAULT_LANGUAGE,
        "language of titles and overviews",
    ),
)
