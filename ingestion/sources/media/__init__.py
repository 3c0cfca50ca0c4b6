"""The `media` dlt source: The Movie Database (TMDb) API v3 into `raw_media`.

Resources (all append-only; every root row carries the run's `as_of_date` and `_run_id`, so the raw schema keeps
each day's answers and dbt picks the latest load per title and day):

- `genres`: `/genre/movie/list` and `/genre/tv/list`, one row per genre and list (`media_type`);
- `languages`: `/configuration/languages`;
- `movie_popular`, `tv_popular`: `/movie/popular`, `/tv/popular`, every page up to `popular_max_pages`;
- `discover_movie`, `discover_tv`: `/discover/movie`, `/discover/tv` sorted by `discover_sort_by`, every page up to
  `discover_max_pages`; with `discover_years` (e.g. "1950-2026") one list per release year instead
  (`primary_release_year`, `first_air_date_year`), each up to `discover_max_pages` pages and its own
  `total_pages`, every row stamped with its `discover_year`: TMDb serves at most page 500 of a list (10,000
  titles), so only a split reads a larger catalogue whole;
- `trending_all_day`: `/trending/all/day` up to `trending_max_pages` (movies, shows and people);
- `movie_details`, `tv_details`: `/movie/{id}` and `/tv/{id}` for the titles of the day's detail plan (budget,
  revenue, runtime, status, production companies, spoken languages; networks, seasons and episode counts for
  shows), each row stamped with the `bulk_signal` its list entry had when read.

Details cost a request a title, so they follow a daily plan (`ingestion.refresh`) over every title the lists
named: titles never detailed first, then titles edited since their last read (TMDb's `/movie/changes` and
`/tv/changes` feeds, read from the newest read day on, at most 14 days back) or whose list entry changed (title,
dates, genres), then the stalest, within the API's `daily_budget`.

List rows carry `media_type` and `list_position` (the rank on that list across pages; on a year-split discover,
the rank within the year's list). Movie and TV ids are separate number spaces: a title is (media_type, id)
everywhere, never the id alone.

Credentials: a v4 read access token in `sources.media.tmdb.access_token` (sent as `Authorization: Bearer`) or a
v3 key in `sources.media.tmdb.api_key` (sent as the `api_key` parameter), from `.dlt/secrets.toml` or the
environment (SOURCES__MEDIA__TMDB__ACCESS_TOKEN, SOURCES__MEDIA__TMDB__API_KEY). Both are registered with the HTTP
client as secrets, so they are masked in every URL, header, log line and error it produces. A 401 raises
`TmdbCredentialsError` ("invalid TMDb credentials ..."), naming the settings.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Collection, Hashable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import dlt
from dlt.sources import DltResource

from ingestion.http import ApiClient, ApiConfig, ApiStatusError, iter_pages
from ingestion.refresh import DetailPlan, Refreshed, bulk_signal, daily_budget, plan_details
from ingestion.settings import secret_value
from ingestion.sources.media import helpers
from ingestion.sources.media.helpers import TmdbCredentialsError
from ingestion.sources.media.plans import RESOURCES, plan_calls
from ingestion.sources.media.settings import (
    ACCESS_TOKEN_SETTING,
    API_KEY_SETTING,
    APIS,
    CHANGES_MAX_DAYS,
    DEFAULT_DISCOVER_MAX_PAGES,
    DEFAULT_DISCOVER_SORT_BY,
    DEFAULT_DISCOVER_YEARS,
    DEFAULT_LANGUAGE,
    DEFAULT_POPULAR_MAX_PAGES,
    DEFAULT_TRENDING_MAX_PAGES,
    MAX_PAGE,
    PARAMS,
    REPLAY_API_KEY,
    SIGNAL_FIELDS,
    VERTICAL,
    YEAR_FILTERS,
    discover_year_range,
)
from ingestion.sources.payloads import Quarantined, nested_columns, one_record_per_answer
from ingestion.verticals import DetailTable, VerticalSpec

__all__ = ["SPEC", "TmdbCredentialsError", "apply_credentials", "media_source"]

log = logging.getLogger("starline.sources.media")

PAGE_SIZE = 20

# Column hints are the raw contract the staging models rely on: one type per field where TMDb mixes JSON types
# (a whole vote_average comes as an integer), and columns that exist even when no row of a load carried a value
# (dlt otherwise adds a column only once some row has one).
AS_OF_HINTS: dict[str, Any] = {
    "as_of_date": {"data_type": "date", "nullable": False},
    "media_type": {"data_type": "text", "nullable": False},
    "id": {"data_type": "bigint", "nullable": False},
}
TITLE_HINTS: dict[str, Any] = {
    **AS_OF_HINTS,
    "adult": {"data_type": "bool"},
    "original_language": {"data_type": "text"},
    "overview": {"data_type": "text"},
    "popularity": {"data_type": "double"},
    "vote_average": {"data_type": "double"},
    "vote_count": {"data_type": "bigint"},
    # Movies have title/original_title/release_date, shows name/original_name/first_air_date; trending has both.
    "title": {"data_type": "text"},
    "original_title": {"data_type": "text"},
    "release_date": {"data_type": "text"},
    "name": {"data_type": "text"},
    "original_name": {"data_type": "text"},
    "first_air_date": {"data_type": "text"},
}
LIST_HINTS: dict[str, Any] = {
    **TITLE_HINTS,
    "page": {"data_type": "bigint"},
    "list_position": {"data_type": "bigint", "nullable": False},
}
# The release year of a year-split discover list; NULL when discover is one list.
DISCOVER_HINTS: dict[str, Any] = {**LIST_HINTS, "discover_year": {"data_type": "bigint"}}
MOVIE_HINTS: dict[str, Any] = {
    **TITLE_HINTS,
    "status": {"data_type": "text"},
    "runtime": {"data_type": "bigint"},
    "budget": {"data_type": "bigint"},
    "revenue": {"data_type": "bigint"},
    "imdb_id": {"data_type": "text"},
    "homepage": {"data_type": "text"},
    "tagline": {"data_type": "text"},
    "belongs_to_collection__id": {"data_type": "bigint"},
    "belongs_to_collection__name": {"data_type": "text"},
}
TV_HINTS: dict[str, Any] = {
    **TITLE_HINTS,
    "status": {"data_type": "text"},
    "type": {"data_type": "text"},
    "in_production": {"data_type": "bool"},
    "last_air_date": {"data_type": "text"},
    "number_of_seasons": {"data_type": "bigint"},
    "number_of_episodes": {"data_type": "bigint"},
    "homepage": {"data_type": "text"},
    "tagline": {"data_type": "text"},
    "next_episode_to_air__air_date": {"data_type": "text"},
}


# Child tables of the details: logo_path and origin_country are null or "" for many members.
MEMBER_COLUMNS = nested_columns(id="bigint", name="text", logo_path="text", origin_country="text")
DETAILS_NESTED_HINTS: dict[str, Any] = {
    "genres": {"columns": nested_columns(id="bigint", name="text")},
    "production_companies": {"columns": MEMBER_COLUMNS},
    "spoken_languages": {"columns": nested_columns(iso_639_1="text", english_name="text", name="text")},
}
TV_NESTED_HINTS: dict[str, Any] = {
    **DETAILS_NESTED_HINTS,
    "networks": {"columns": MEMBER_COLUMNS},
    # Specials are sent with vote_average 0, an integer; the other seasons with a decimal.
    "seasons": {"columns": nested_columns(vote_average="double", episode_count="bigint", season_number="bigint")},
}
GENRE_HINTS: dict[str, Any] = {**AS_OF_HINTS, "name": {"data_type": "text"}}
LANGUAGE_HINTS: dict[str, Any] = {
    "as_of_date": {"data_type": "date", "nullable": False},
    "iso_639_1": {"data_type": "text", "nullable": False},
    "english_name": {"data_type": "text"},
    "name": {"data_type": "text"},
}


class Tmdb:
    """Every TMDb request of a run goes through `get`, which turns a 401 into `TmdbCredentialsError`."""

    def __init__(self, client: ApiClient, language: str) -> None:
        self._client = client
        self._language = language

    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        endpoint: str,
        resource: str,
        accept_statuses: Collection[int] = (),
    ) -> Any:
        query = {"language": self._language, **(params or {})}
        try:
            return self._client.get_json(
                path, query, endpoint=endpoint, resource=resource, accept_statuses=accept_statuses
            )
        except ApiStatusError as error:
            if error.status != 401:
                raise
            # `error.url` is already redacted by the client; the key itself is never part of this message.
            raise TmdbCredentialsError(
                f"invalid TMDb credentials: TMDb answered 401 to GET {error.url} (endpoint '{endpoint}'). "
                f"Set a valid v4 read access token in {ACCESS_TOKEN_SETTING} or a v3 API key in {API_KEY_SETTING} "
                "(.dlt/secrets.toml or the environment)."
            ) from None


@dataclasses.dataclass(frozen=True)
class TitleList:
    """One paged list: its resource (also the endpoint name in messages and stats), path and media type (None on
    trending, whose items carry their own). With `years`, one list per year, filtered by the `year_filter`
    parameter."""

    resource: str
    path: str
    media_type: str | None
    max_pages: int
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    years: range | None = None
    year_filter: str = ""


class TitleLists:
    """The paged lists, fetched once per run and shared by the list resources and the details fan-out."""

    def __init__(self, tmdb: Tmdb, lists: Sequence[TitleList]) -> None:
        self._tmdb = tmdb
        self._lists = {title_list.resource: title_list for title_list in lists}
        self._rows: dict[str, list[dict[str, Any] | Quarantined]] = {}

    def rows(self, resource: str) -> list[dict[str, Any] | Quarantined]:
        """The list's rows, fetched on first use."""
        if resource not in self._rows:
            self._rows[resource] = self._fetch(self._lists[resource])
        return self._rows[resource]

    def _fetch(self, title_list: TitleList) -> list[dict[str, Any] | Quarantined]:
        if title_list.years is None:
            return self._fetch_one(title_list, title_list.params)
        return [
            row if isinstance(row, Quarantined) else {**row, "discover_year": year}
            for year in title_list.years
            for row in self._fetch_one(title_list, {**title_list.params, title_list.year_filter: year})
        ]

    def _fetch_one(self, title_list: TitleList, params: Mapping[str, Any]) -> list[dict[str, Any] | Quarantined]:
        resource = title_list.resource

        def fetch(number: int) -> helpers.ListPage:
            body = self._tmdb.get(title_list.path, {**params, "page": number}, endpoint=resource, resource=resource)
            return helpers.list_page(body, resource)

        pages = iter_pages(
            fetch,
            first_page=1,
            max_pages=min(title_list.max_pages, MAX_PAGE),
            is_last=lambda page, _: page.is_last,
        )
        return [row for page in pages for row in helpers.list_rows(page, resource, title_list.media_type, PAGE_SIZE)]

    def title_signals(self) -> dict[Hashable, str | None]:
        """(media type, id) of every title any list named, in first-seen order, with the bulk signal of its first
        list entry."""
        entries = helpers.title_entries(row for resource in self._lists for row in self.rows(resource))
        return {key: bulk_signal(entry, SIGNAL_FIELDS) for key, entry in entries.items()}


class Changes:
    """TMDb's change feeds: the titles of a media type edited from a day on, 100 ids a page."""

    def __init__(self, tmdb: Tmdb) -> None:
        self._tmdb = tmdb

    def since(self, media_type: str, start: date, end: date) -> set[tuple[str, int]]:
        resource = f"{media_type}_changes"

        def fetch(number: int) -> helpers.ListPage:
            params = {"start_date": start.isoformat(), "end_date": end.isoformat(), "page": number}
            return helpers.list_page(
                self._tmdb.get(f"{media_type}/changes", params, endpoint=resource, resource=resource), resource
            )

        pages = iter_pages(fetch, first_page=1, max_pages=MAX_PAGE, is_last=lambda page, _: page.is_last)
        return {(media_type, tmdb_id) for page in pages for tmdb_id in helpers.changed_ids(page, resource)}


@dlt.source(name="media", max_table_nesting=2)
def media_source(
    clients: Mapping[str, ApiClient],
    as_of_date: str,
    run_id: str,
    popular_max_pages: int = DEFAULT_POPULAR_MAX_PAGES,
    discover_max_pages: int = DEFAULT_DISCOVER_MAX_PAGES,
    trending_max_pages: int = DEFAULT_TRENDING_MAX_PAGES,
    discover_sort_by: str = DEFAULT_DISCOVER_SORT_BY,
    discover_years: str = DEFAULT_DISCOVER_YEARS,
    language: str = DEFAULT_LANGUAGE,
    refreshed: Mapping[str, Mapping[Hashable, Refreshed]] | None = None,
) -> Sequence[DltResource]:
    """TMDb for one as-of date; `clients["tmdb"]` must carry the credentials (see `apply_credentials`) and
    `refreshed` holds, per media type, what the warehouse already has of each title's details."""
    years = discover_year_range(discover_years)
    tmdb = Tmdb(clients["tmdb"], language)
    discover_params = {"sort_by": discover_sort_by, "include_adult": "false"}
    lists = TitleLists(
        tmdb,
        [
            TitleList("movie_popular", "movie/popular", "movie", popular_max_pages),
            TitleList("tv_popular", "tv/popular", "tv", popular_max_pages),
            *(
                TitleList(
                    f"discover_{media_type}",
                    f"discover/{media_type}",
                    media_type,
                    discover_max_pages,
                    discover_params,
                    years,
                    YEAR_FILTERS[media_type],
                )
                for media_type in helpers.MEDIA_TYPES
            ),
            TitleList("trending_all_day", "trending/all/day", None, trending_max_pages),
        ],
    )

    history: dict[Hashable, Refreshed] = {
        (media_type, tmdb_id): seen
        for media_type, titles in (refreshed or {}).items()
        for tmdb_id, seen in titles.items()
    }

    def edited(media_type: str) -> set[tuple[str, int]]:
        # From the newest day this media type was read on (its details are current up to then); nothing to ask
        # before any title was read: every title is new.
        reads = [seen.as_of for (kind, _), seen in history.items() if kind == media_type]
        if not reads:
            return set()
        end = date.fromisoformat(as_of_date)
        start = max(date.fromisoformat(max(reads)), end - timedelta(days=CHANGES_MAX_DAYS))
        return Changes(tmdb).since(media_type, start, end)

    @functools.cache
    def detail_plan() -> DetailPlan:
        candidates = lists.title_signals()
        budget = daily_budget(
            clients["tmdb"].config.name,
            clients["tmdb"].config.daily_budget,
            1,
            candidates=len(candidates),
            pinned=0,
            extra=None,
        )
        changed = set().union(*(edited(media_type) for media_type in helpers.MEDIA_TYPES))
        return plan_details(budget, candidates, history, changed=changed)

    def stamped(row: dict[str, Any] | Quarantined, signal: str | None = None) -> Any:
        if isinstance(row, Quarantined):
            return row
        signed = {"bulk_signal": signal} if signal is not None else {}
        return {**row, **signed, "as_of_date": as_of_date, "_run_id": run_id}

    # Fetched here, before dlt runs the resources, so that a refused key fails the run with the credentials
    # message itself rather than inside dlt's wrapped extraction error (the lists are tiny and cached a day).
    genre_lists = {
        media_type: helpers.genre_rows(
            tmdb.get(f"genre/{media_type}/list", endpoint=f"genre_{media_type}_list", resource="genres"), media_type
        )
        for media_type in helpers.MEDIA_TYPES
    }

    @dlt.resource(name="genres", write_disposition="append", columns=GENRE_HINTS)
    def genres() -> Iterator[list[dict[str, Any]]]:
        for rows in genre_lists.values():
            yield [stamped(row) for row in rows]

    @dlt.resource(name="languages", write_disposition="append", columns=LANGUAGE_HINTS)
    def languages() -> Iterator[list[dict[str, Any]]]:
        body = tmdb.get("configuration/languages", endpoint="languages", resource="languages")
        yield [stamped(row) for row in helpers.language_rows(body)]

    def list_resource(resource: str) -> DltResource:
        def rows() -> Iterator[list[Any]]:
            yield [stamped(row) for row in lists.rows(resource)]

        hints = DISCOVER_HINTS if resource.startswith("discover_") else LIST_HINTS
        return dlt.resource(rows, name=resource, write_disposition="append", columns=hints)

    @dlt.resource(name="movie_ids_seen", selected=False)
    def movie_ids_seen() -> Iterator[int]:
        yield from (tmdb_id for kind, tmdb_id in detail_plan().chosen if kind == "movie")

    @dlt.resource(name="tv_ids_seen", selected=False)
    def tv_ids_seen() -> Iterator[int]:
        yield from (tmdb_id for kind, tmdb_id in detail_plan().chosen if kind == "tv")

    @one_record_per_answer(key_of=lambda media_type, tmdb_id: f"{media_type}/{tmdb_id}")
    def details(media_type: str, tmdb_id: int) -> Iterator[Any]:
        resource = f"{media_type}_details"
        body = tmdb.get(f"{media_type}/{tmdb_id}", endpoint=resource, resource=resource, accept_statuses=(404,))
        if helpers.is_not_found(body):
            # A title can vanish between the list and the details call; the lists still record that it was seen.
            log.warning("TMDb has no details for %s %s (%s); skipped", media_type, tmdb_id, helpers.error_text(body))
            return
        yield stamped(helpers.details_row(body, media_type, tmdb_id), detail_plan().signal((media_type, tmdb_id)))

    @dlt.transformer(
        data_from=movie_ids_seen, name="movie_details", columns=MOVIE_HINTS, nested_hints=DETAILS_NESTED_HINTS
    )
    def movie_details(tmdb_id: int) -> Iterator[Any]:
        yield from details("movie", tmdb_id)

    @dlt.transformer(data_from=tv_ids_seen, name="tv_details", columns=TV_HINTS, nested_hints=TV_NESTED_HINTS)
    def tv_details(tmdb_id: int) -> Iterator[Any]:
        yield from details("tv", tmdb_id)

    return (
        genres,
        languages,
        *(list_resource(resource) for resource in ("movie_popular", "tv_popular", "discover_movie", "discover_tv")),
        list_resource("trending_all_day"),
        movie_details,
        tv_details,
    )


def apply_credentials(config: ApiConfig, replay: bool) -> ApiConfig:
    """The TMDb config with its credential: the v4 token as a Bearer header when set, else the v3 key as the
    `api_key` parameter; in replay mode a dummy key when neither is set. The value also goes into `secrets`, so
    the client masks it wherever it could show up (URLs, headers, error bodies, urllib3's debug log)."""
    token = secret_value(ACCESS_TOKEN_SETTING)
    api_key = secret_value(API_KEY_SETTING)
    if token:
        return dataclasses.replace(
            config,
            headers={**config.headers, "Authorization": f"Bearer {token}"},
            secrets=(*config.secrets, token),
        )
    if api_key or replay:
        key = api_key or REPLAY_API_KEY
        return dataclasses.replace(config, params={**config.params, "api_key": key}, secrets=(*config.secrets, key))
    return config


SPEC = VerticalSpec(
    name=VERTICAL,
    description="TMDb movies and TV: titles, genres, languages, companies, networks, daily popularity and votes",
    apis=APIS,
    make_source=media_source,
    params=PARAMS,
    # The emulator's lists are short: read all of them.
    replay_params={"popular_max_pages": 10, "discover_max_pages": 10, "trending_max_pages": 10},
    apply_credentials=apply_credentials,
    secret_settings=(ACCESS_TOKEN_SETTING, API_KEY_SETTING),
    # Titles: every movie and show some list named, fetched in detail (people on the trending list are not titles).
    entity_keys={"movie_details": ("media_type", "id"), "tv_details": ("media_type", "id")},
    detail_tables={"movie": DetailTable("movie_details", "id"), "tv": DetailTable("tv_details", "id")},
    resources=RESOURCES,
    plan_calls=plan_calls,
)
