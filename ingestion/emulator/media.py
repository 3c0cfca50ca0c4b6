"""Media vertical of the emulator: The Movie Database (TMDb) API v3.

API (name, emulator base URL, live base URL; clients append the real paths to the base URL):
    tmdb          {emulator}/tmdb           https://api.themoviedb.org/3

Authentication, as TMDb checks it: every request needs an `api_key` query parameter (v3 key) or an
`Authorization: Bearer <token>` header (v4 read access token). Any non-empty value is accepted; without one the
answer is 401 with TMDb's body {"status_message": "Invalid API key: You must be granted a valid key.",
"success": false, "status_code": 7}. The check comes before routing, as on TMDb.

Endpoints (query parameters other than those named, e.g. `language`, are accepted and ignored):
    GET /tmdb/genre/movie/list, /tmdb/genre/tv/list      {"genres": [{"id", "name"}]}: 19 movie and 16 TV
        genres, TMDb's real lists; 8 ids (16, 18, 35, 37, 80, 99, 9648, 10751) are in both with the same name.
    GET /tmdb/configuration/languages       a bare JSON array of 34 {"iso_639_1", "english_name", "name"}; `name`
        is "" for aa, zu.
    GET /tmdb/movie/popular?page=N, /tmdb/tv/popular?page=N     by the day's popularity, descending.
    GET /tmdb/discover/movie?page=N&sort_by=S, /tmdb/discover/tv?...   S is popularity.desc (default) or
        vote_count.desc (what the source asks for); other values answer 400. /discover/movie takes
        primary_release_year=Y and /discover/tv first_air_date_year=Y (TMDb's names): only the titles released
        (first aired) in year Y; a year that is not a whole number from 1 to 9999 answers 400 with TMDb's
        status_code 47.
    GET /tmdb/trending/all/day?page=N       the day's ranking: movies, shows and one person, 20 items, 1 page.
        Paged lists have 20 items a page, {"page", "results", "total_pages", "total_results"}; a page past the end
        answers an empty `results`; a page outside 1..500 answers 400 with status_code 22, as TMDb does.
    GET /tmdb/movie/changes?start_date=D&end_date=D&page=N, /tmdb/tv/changes?...   {"results": [{"id", "adult"}],
        "page", "total_pages", "total_results"}, 100 ids a page: the titles edited on the days from start_date to
        end_date (both included; default: the served day alone), `media_days.CHANGES`. Day two: movies 83533,
        939243, 762509 and 1000001 (on no list), TV 93405; day one: none. A date that is not YYYY-MM-DD answers
        400.
    GET /tmdb/movie/{id}, /tmdb/tv/{id}     details (no append_to_response); any other id answers 404 with TMDb's
        body {"status_message": "The resource you requested could not be found.", "status_code": 34}, and so does
        any other path below /tmdb.

The routes (`routes_for`) read titles through the `MediaData` protocol: from the hand-written scenario below
(`routes()`), or from a generated catalogue of any size (`ingestion.emulator.catalogues.media`).

Catalogue (`media_catalogue`): 66 titles, 40 movies and 26 TV shows, on day one and day two alike.
    Movies: 25 on /movie/popular (pages of 20 + 5), 25 on /discover/movie (20 + 5), 12 on both, and 2 (823219
        Flow, 1034541 Terrifier 3) only on trending: 13 + 13 + 12 + 2 = 40.
    TV: 21 on /tv/popular (20 + 1), 20 on /discover/tv (one page), 16 on both, and 1 (126308 Shōgun) only on
        trending: 5 + 4 + 16 + 1 = 26.
    Collision: movie 550 "Fight Club" (discover only, never trending, genre 18) and TV show 550 "Night Desk"
        (popular only, trending on both days, genres 80 and 9648) share the id 550.
    Details: every movie has the capture's keys; budget, revenue and runtime are 0 when unknown (e.g. 83533 has
        all three 0; 762509 Mufasa has revenue 0 on day one), `belongs_to_collection` an object or null,
        `homepage` "" except for movie 550. 1368337 The Odyssey is unannounced: release_date "", status "Planned",
        imdb_id null, overview "", genres, production_companies, production_countries and spoken_languages all
        [], vote_average 0 and vote_count 0. Whole vote averages are JSON integers (346698 Barbie: 7).
        Every show has created_by (possibly []), episode_run_time (possibly []), languages, last_episode_to_air,
        next_episode_to_air (an object for returning shows with 8+ seasons, else null), networks, seasons
        (a "Specials" season 0 for 1399, 1396, 456 and 37854), number_of_seasons (regular seasons only),
        number_of_episodes (their episode sum). Company origin_country is "" and logo_path null for a few.
    Distinct members referenced by the details: 67 production companies (movies and shows), 17 networks, 18
        spoken languages (all on the languages list); title-genre pairs 172 on day one, 173 on day two (93405 gains
        9648); title-company pairs 104, title-language 91, show-network 27.

Expected warehouse after replaying both days (tests/test_media_e2e.py): dim_title 68 (66 titles, a second
version of 83533, the unknown member), dim_genre 28 (27 ids + unknown), dim_language 35, dim_company 68,
dim_network 18, fct_title_daily_metrics 132 (66 x 2), bridge_title_genre 173, bridge_title_company 104,
bridge_title_language 91, bridge_title_network 27.

Days: DAYS = ["2025-01-01", "2025-01-02"]. Day two differs from day one in exactly these ways:
    1. Retitle: movie 83533 "Avatar 3" -> "Avatar: Fire and Ash" (title and original_title, in lists, trending
       and details). Nothing else tracked changes for any title.
    2. Genre: TV 93405 Squid Game gains 9648 Mystery (genres 10759, 18 -> 10759, 18, 9648; genre_ids follow).
    3. Revenue: movie 939243 218000000 -> 236500000; movie 762509 0 (unknown) -> 328000000. Budgets unchanged.
    4. Popularity: every title's popularity is multiplied by `media_days.popularity_drift(id)` (0.90 to 1.10,
       never 1), and by 1.5 more for the three titles that enter trending on day two (TV 100088, TV 76479,
       movie 872585), rounded to 3 decimals; so list orders within popular move.
    5. Votes: vote_count grows by max(1, vote_count // 500) for every title with votes (the 2 without, 83533 and
       1368337, stay at 0); vote_average is unchanged.
    6. Trending: `media_days.TRENDING`: day one 11 movies + 8 shows + 1 person, day two 10 movies + 9 shows +
       1 person; movies 558449 and 533535 and TV 136315 drop out, TV 100088, TV 76479 and movie 872585 come in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Protocol

from ingestion.emulator import media_days as days
from ingestion.emulator.media_catalogue import MOVIES, SHOWS, Movie
from ingestion.emulator.media_payloads import (
    NOT_FOUND,
    UNAUTHORIZED,
    genre_list,
    languages,
    movie_details,
    movie_list_item,
    page,
    paged,
    trending_item,
    trending_person,
    tv_details,
    tv_list_item,
)
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, json_response

DAYS: list[str] = list(days.DAYS)
MAX_PAGE = 500
SORTS: dict[str, Callable[[days.TitleState], tuple[float, int]]] = {
    "popularity.desc": lambda title: (-title.popularity, title.id),
    "vote_count.desc": lambda title: (-title.vote_count, title.id),
}
# TMDb's names of discover's release year filter, per media type.
YEAR_FILTERS: dict[str, str] = {"movie": "primary_release_year", "tv": "first_air_date_year"}
INVALID_PAGE = {
    "success": False,
    "status_code": 22,
    "status_message": "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
}
INVALID_INPUT = {"success": False, "status_code": 47, "status_message": "The input is not valid."}
CHANGES_PAGE_SIZE = 100

LIVE_BASE_URLS: dict[str, str] = {"tmdb": "https://api.themoviedb.org/3"}
PREFIXES: dict[str, str] = {"tmdb": "/tmdb"}


def base_urls(emulator_base_url: str) -> dict[str, str]:
    root = emulator_base_url.rstrip("/")
    return {api: f"{root}{prefix}" for api, prefix in PREFIXES.items()}


@dataclass(frozen=True)
class MediaScenario:
    """The docstring's facts as data, for tests and docs; tests check the served responses against them."""

    movie_ids: tuple[int, ...]
    tv_ids: tuple[int, ...]
    popular: Mapping[str, tuple[int, ...]]
    discover: Mapping[str, tuple[int, ...]]
    trending_only: tuple[tuple[str, int], ...]
    colliding_id: int
    retitled: tuple[tuple[str, int], str, str]
    gains_genre: tuple[tuple[str, int], int]
    revenue_day_two: Mapping[tuple[str, int], int]
    trending: Mapping[str, tuple[tuple[str, int], ...]]

    @property
    def title_keys(self) -> tuple[tuple[str, int], ...]:
        return tuple([("movie", i) for i in self.movie_ids] + [("tv", i) for i in self.tv_ids])


SCENARIO = MediaScenario(
    movie_ids=tuple(movie.id for movie in MOVIES),
    tv_ids=tuple(show.id for show in SHOWS),
    popular=MappingProxyType(
        {
            "movie": tuple(m.id for m in MOVIES if "p" in m.lists),
            "tv": tuple(s.id for s in SHOWS if "p" in s.lists),
        }
    ),
    discover=MappingProxyType(
        {
            "movie": tuple(m.id for m in MOVIES if "d" in m.lists),
            "tv": tuple(s.id for s in SHOWS if "d" in s.lists),
        }
    ),
    trending_only=tuple(
        [("movie", m.id) for m in MOVIES if m.lists == "t"] + [("tv", s.id) for s in SHOWS if s.lists == "t"]
    ),
    colliding_id=days.COLLIDING_ID,
    retitled=(days.RETITLED, days.TITLE_BEFORE, days.TITLE_AFTER),
    gains_genre=(days.GAINS_GENRE, days.GAINED_GENRE_ID),
    revenue_day_two=MappingProxyType(dict(days.REVENUE_DAY_TWO)),
    trending=MappingProxyType(dict(days.TRENDING)),
)


class MediaData(Protocol):
    """Where the routes read titles from: the hand-written scenario below, or a generated catalogue
    (`ingestion.emulator.catalogues.media`). Ranked lists are sequences the routes slice a page from, so a
    generated list of 70,000 titles builds only the page asked for."""

    def popular(self, media_type: str, day: str) -> Sequence[days.TitleState]: ...

    def discover(self, media_type: str, day: str, sort_by: str, year: int | None) -> Sequence[days.TitleState]: ...

    def trending(self, day: str) -> Sequence[days.TitleState | None]:
        """The day's trending list, best first; None stands for the trending person."""
        ...

    def changed(self, media_type: str, start: date, end: date) -> list[int]:
        """The ids of `media_type` edited on the days from `start` to `end`, both included, sorted."""
        ...

    def state(self, media_type: str, tmdb_id: int, day: str) -> days.TitleState | None: ...


def _year(title: days.TitleState) -> int | None:
    record = title.record
    released = record.release_date if isinstance(record, Movie) else record.first_air_date
    return int(released[:4]) if released else None


class HandWritten:
    def _ranked(self, media_type: str, members: tuple[int, ...], day: str, sort_by: str) -> list[days.TitleState]:
        titles = [days.state(media_type, tmdb_id, day) for tmdb_id in members]
        return sorted((title for title in titles if title is not None), key=SORTS[sort_by])

    def popular(self, media_type: str, day: str) -> Sequence[days.TitleState]:
        return self._ranked(media_type, SCENARIO.popular[media_type], day, "popularity.desc")

    def discover(self, media_type: str, day: str, sort_by: str, year: int | None) -> Sequence[days.TitleState]:
        ranked = self._ranked(media_type, SCENARIO.discover[media_type], day, sort_by)
        return ranked if year is None else [title for title in ranked if _year(title) == year]

    def trending(self, day: str) -> Sequence[days.TitleState | None]:
        listed: list[days.TitleState | None] = []
        for key in days.TRENDING[day]:
            if key == days.PERSON_KEY:
                listed.append(None)
                continue
            title = days.state(*key, day)
            assert title is not None, f"trending lists {key}, which is not in the catalogue"
            listed.append(title)
        return listed

    def changed(self, media_type: str, start: date, end: date) -> list[int]:
        return sorted(
            {
                tmdb_id
                for day, keys in days.CHANGES.items()
                if start <= date.fromisoformat(day) <= end
                for kind, tmdb_id in keys
                if kind == media_type
            }
        )

    def state(self, media_type: str, tmdb_id: int, day: str) -> days.TitleState | None:
        return days.state(media_type, tmdb_id, day)


def _authorised(request: EmulatorRequest) -> bool:
    if request.query.get("api_key", "").strip():
        return True
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def _page_number(request: EmulatorRequest) -> int | None:
    raw = request.query.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        return None
    return int(raw)


def _item(media_type: str) -> Callable[[days.TitleState], dict[str, Any]]:
    return movie_list_item if media_type == "movie" else tv_list_item


def _authenticated(handler: Callable[[EmulatorRequest], EmulatorResponse]) -> Callable[..., EmulatorResponse]:
    def checked(request: EmulatorRequest) -> EmulatorResponse:
        return handler(request) if _authorised(request) else json_response(UNAUTHORIZED, status=401)

    return checked


def routes_for(data: MediaData) -> list[Route]:
    def popular(media_type: str) -> Callable[[EmulatorRequest], EmulatorResponse]:
        def handler(request: EmulatorRequest) -> EmulatorResponse:
            number = _page_number(request)
            if number is None:
                return json_response(INVALID_PAGE, status=400)
            return json_response(paged(data.popular(media_type, request.day), number, _item(media_type)))

        return handler

    def discover(media_type: str) -> Callable[[EmulatorRequest], EmulatorResponse]:
        def handler(request: EmulatorRequest) -> EmulatorResponse:
            sort_by = request.query.get("sort_by", "popularity.desc")
            if sort_by not in SORTS:
                return json_response({"error": f"the emulator does not sort by {sort_by!r}"}, status=400)
            raw_year = request.query.get(YEAR_FILTERS[media_type])
            if raw_year is not None and not (raw_year.isdigit() and 1 <= int(raw_year) <= 9999):
                return json_response(INVALID_INPUT, status=400)
            number = _page_number(request)
            if number is None:
                return json_response(INVALID_PAGE, status=400)
            year = int(raw_year) if raw_year is not None else None
            ranked = data.discover(media_type, request.day, sort_by, year)
            return json_response(paged(ranked, number, _item(media_type)))

        return handler

    def trending(request: EmulatorRequest) -> EmulatorResponse:
        number = _page_number(request)
        if number is None:
            return json_response(INVALID_PAGE, status=400)
        items = [trending_person() if title is None else trending_item(title) for title in data.trending(request.day)]
        return json_response(page(items, number))

    def changes(media_type: str) -> Callable[[EmulatorRequest], EmulatorResponse]:
        def handler(request: EmulatorRequest) -> EmulatorResponse:
            number = _page_number(request)
            try:
                start = date.fromisoformat(request.query.get("start_date", request.day))
                end = date.fromisoformat(request.query.get("end_date", request.day))
            except ValueError:
                return json_response(
                    {"success": False, "status_code": 22, "status_message": "Invalid date."}, status=400
                )
            if number is None:
                return json_response(INVALID_PAGE, status=400)
            ids = data.changed(media_type, start, end)
            chunk = ids[(number - 1) * CHANGES_PAGE_SIZE : number * CHANGES_PAGE_SIZE]
            return json_response(
                {
                    "results": [{"id": tmdb_id, "adult": False} for tmdb_id in chunk],
                    "page": number,
                    "total_pages": max(1, -(-len(ids) // CHANGES_PAGE_SIZE)),
                    "total_results": len(ids),
                }
            )

        return handler

    def details(media_type: str) -> Callable[[EmulatorRequest], EmulatorResponse]:
        def handler(request: EmulatorRequest) -> EmulatorResponse:
            title = data.state(media_type, int(request.groups["id"]), request.day)
            if title is None:
                return json_response(NOT_FOUND, status=404)
            return json_response(movie_details(title) if media_type == "movie" else tv_details(title))

        return handler

    table: list[tuple[str, Callable[[EmulatorRequest], EmulatorResponse]]] = [
        (r"/tmdb/genre/movie/list", lambda _: json_response(genre_list("movie"))),
        (r"/tmdb/genre/tv/list", lambda _: json_response(genre_list("tv"))),
        (r"/tmdb/configuration/languages", lambda _: json_response(languages())),
        (r"/tmdb/movie/popular", popular("movie")),
        (r"/tmdb/tv/popular", popular("tv")),
        (r"/tmdb/discover/movie", discover("movie")),
        (r"/tmdb/discover/tv", discover("tv")),
        (r"/tmdb/trending/all/day", trending),
        (r"/tmdb/movie/changes", changes("movie")),
        (r"/tmdb/tv/changes", changes("tv")),
        (r"/tmdb/movie/(?P<id>\d+)", details("movie")),
        (r"/tmdb/tv/(?P<id>\d+)", details("tv")),
        (r"/tmdb/.*", lambda _: json_response(NOT_FOUND, status=404)),
    ]
    return [Route(pattern, _authenticated(handler)) for pattern, handler in table]


def routes() -> list[Route]:
    return routes_for(HandWritten())
