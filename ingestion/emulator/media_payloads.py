"""Response bodies for TMDb, built from a `TitleState` and shaped like the captures in
`reference_responses/media/` (key names, key order, JSON types: whole vote averages are integers, unknown
budgets/revenues/runtimes are 0, unknown strings are "", absent images are null)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ingestion.emulator.media_catalogue import COMPANIES, LANGUAGES, MOVIE_GENRES, NETWORKS, TV_GENRES, Movie, Show
from ingestion.emulator.media_days import PERSON, TitleState

PAGE_SIZE = 20
T = TypeVar("T")

COUNTRIES: dict[str, str] = {
    "AU": "Australia",
    "BE": "Belgium",
    "BR": "Brazil",
    "DE": "Germany",
    "ES": "Spain",
    "FR": "France",
    "GB": "United Kingdom",
    "JP": "Japan",
    "KR": "South Korea",
    "LV": "Latvia",
    "NZ": "New Zealand",
    "US": "United States of America",
}
HOMEPAGES: dict[tuple[str, int], str] = {("movie", 550): "http://www.foxmovies.com/movies/fight-club"}
LANGUAGE_NAMES = {code: (english, native) for code, english, native in LANGUAGES}

UNAUTHORIZED: dict[str, Any] = {
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
    "status_code": 7,
}
NOT_FOUND: dict[str, Any] = {"status_message": "The resource you requested could not be found.", "status_code": 34}


def image_path(*seed: object, suffix: str = ".jpg") -> str:
    """A stable TMDb-looking image path ('/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg') derived from `seed`."""
    digest = hashlib.sha256(repr(seed).encode()).digest()
    token = base64.b64encode(digest).decode().replace("+", "").replace("/", "").replace("=", "")
    return f"/{token[:27]}{suffix}"


def number(value: float) -> int | float:
    """TMDb sends whole numbers as JSON integers (vote_average 7, not 7.0)."""
    return int(value) if float(value).is_integer() else value


def page(results: list[dict[str, Any]], page_number: int) -> dict[str, Any]:
    """One page of a paged list: TMDb answers pages past the end with an empty `results`."""
    return paged(results, page_number, dict)


def paged(ranked: Sequence[T], page_number: int, item: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """`page` of a ranked list, building only the page's items (a generated list holds tens of thousands)."""
    chunk = ranked[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE]
    total_pages = (len(ranked) + PAGE_SIZE - 1) // PAGE_SIZE
    return {
        "page": page_number,
        "results": [item(title) for title in chunk],
        "total_pages": total_pages,
        "total_results": len(ranked),
    }


def genre_list(media_type: str) -> dict[str, Any]:
    genres = MOVIE_GENRES if media_type == "movie" else TV_GENRES
    return {"genres": [{"id": genre_id, "name": name} for genre_id, name in genres]}


def languages() -> list[dict[str, Any]]:
    return [{"iso_639_1": code, "english_name": english, "name": native} for code, english, native in LANGUAGES]


def movie_list_item(title: TitleState) -> dict[str, Any]:
    movie = title.record
    assert isinstance(movie, Movie)
    return {
        "adult": False,
        "backdrop_path": image_path("backdrop", title.key),
        "genre_ids": list(title.genres),
        "id": movie.id,
        "original_language": movie.original_language,
        "original_title": title.original_title,
        "overview": movie.overview,
        "popularity": title.popularity,
        "poster_path": image_path("poster", title.key),
        "release_date": movie.release_date,
        "title": title.title,
        "video": False,
        "vote_average": number(movie.vote_average),
        "vote_count": title.vote_count,
    }


def tv_list_item(title: TitleState) -> dict[str, Any]:
    show = title.record
    assert isinstance(show, Show)
    return {
        "adult": False,
        "backdrop_path": image_path("backdrop", title.key),
        "genre_ids": list(title.genres),
        "id": show.id,
        "origin_country": list(show.origin_country),
        "original_language": show.original_language,
        "original_name": title.original_title,
        "overview": show.overview,
        "popularity": title.popularity,
        "poster_path": image_path("poster", title.key),
        "first_air_date": show.first_air_date,
        "name": title.title,
        "vote_average": number(show.vote_average),
        "vote_count": title.vote_count,
    }


def trending_item(title: TitleState) -> dict[str, Any]:
    """Trending mixes media types: same fields as the lists, in another order, with `media_type`."""
    if title.media_type == "movie":
        item = movie_list_item(title)
        order = ("backdrop_path", "id", "title", "original_title", "overview", "poster_path", "media_type", "adult",
                 "original_language", "genre_ids", "popularity", "release_date", "video", "vote_average",
                 "vote_count")  # fmt: skip
    else:
        item = tv_list_item(title)
        order = ("backdrop_path", "id", "name", "original_name", "overview", "poster_path", "media_type", "adult",
                 "original_language", "genre_ids", "popularity", "first_air_date", "vote_average", "vote_count",
                 "origin_country")  # fmt: skip
    item["media_type"] = title.media_type
    return {key: item[key] for key in order}


def trending_person() -> dict[str, Any]:
    return {
        "id": PERSON["id"],
        "name": PERSON["name"],
        "original_name": PERSON["original_name"],
        "media_type": "person",
        "adult": False,
        "popularity": PERSON["popularity"],
        "gender": PERSON["gender"],
        "known_for_department": PERSON["known_for_department"],
        "profile_path": image_path("profile", PERSON["id"]),
    }


def _genres(title: TitleState) -> list[dict[str, Any]]:
    names = dict(MOVIE_GENRES if title.media_type == "movie" else TV_GENRES)
    return [{"id": genre_id, "name": names[genre_id]} for genre_id in title.genres]


def _companies(ids: tuple[int, ...]) -> list[dict[str, Any]]:
    companies = []
    for company_id in ids:
        name, has_logo, country = COMPANIES[company_id]
        logo = image_path("company", company_id, suffix=".png") if has_logo else None
        companies.append({"id": company_id, "logo_path": logo, "name": name, "origin_country": country})
    return companies


def _countries(codes: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"iso_3166_1": code, "name": COUNTRIES[code]} for code in codes]


def _spoken(codes: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"english_name": LANGUAGE_NAMES[code][0], "iso_639_1": code, "name": LANGUAGE_NAMES[code][1]} for code in codes
    ]


def movie_details(title: TitleState) -> dict[str, Any]:
    movie = title.record
    assert isinstance(movie, Movie)
    collection = None
    if movie.collection is not None:
        collection_id, collection_name = movie.collection
        collection = {
            "id": collection_id,
            "name": collection_name,
            "poster_path": image_path("collection-poster", collection_id),
            "backdrop_path": image_path("collection-backdrop", collection_id),
        }
    return {
        "adult": False,
        "backdrop_path": image_path("backdrop", title.key),
        "belongs_to_collection": collection,
        "budget": title.budget,
        "genres": _genres(title),
        "homepage": HOMEPAGES.get(title.key, ""),
        "id": movie.id,
        "imdb_id": movie.imdb_id,
        "original_language": movie.original_language,
        "original_title": title.original_title,
        "overview": movie.overview,
        "popularity": title.popularity,
        "poster_path": image_path("poster", title.key),
        "production_companies": _companies(movie.companies),
        "production_countries": _countries(movie.countries),
        "release_date": movie.release_date,
        "revenue": title.revenue,
        "runtime": movie.runtime,
        "spoken_languages": _spoken(movie.spoken_languages),
        "status": movie.status,
        "tagline": movie.tagline,
        "title": title.title,
        "video": False,
        "vote_average": number(movie.vote_average),
        "vote_count": title.vote_count,
    }


def _season_air_date(show: Show, season_number: int) -> str:
    first_year = int(show.first_air_date[:4])
    return f"{first_year + max(season_number - 1, 0)}{show.first_air_date[4:]}"


def _seasons(show: Show) -> list[dict[str, Any]]:
    numbered = ([(0, show.specials)] if show.specials else []) + list(enumerate(show.episodes_per_season, start=1))
    return [
        {
            "air_date": _season_air_date(show, number_),
            "episode_count": episodes,
            "id": show.id * 100 + number_,
            "name": "Specials" if number_ == 0 else f"Season {number_}",
            "overview": "",
            "poster_path": image_path("season", show.id, number_),
            "season_number": number_,
            # Specials are rarely rated: TMDb sends 0 (an integer) for them.
            "vote_average": 0 if number_ == 0 else number(round(show.vote_average - 0.1 * (number_ % 3), 1)),
        }
        for number_, episodes in numbered
    ]


def _episode(show: Show, season_number: int, episode_number: int, air_date: str) -> dict[str, Any]:
    return {
        "id": show.id * 10000 + season_number * 100 + episode_number % 100,
        "name": f"Episode {episode_number}",
        "overview": "",
        "vote_average": number(show.vote_average),
        "vote_count": max(1, show.vote_count // 1000),
        "air_date": air_date,
        "episode_number": episode_number,
        "episode_type": "finale" if show.status == "Ended" else "standard",
        "production_code": "",
        "runtime": show.episode_run_time[0] if show.episode_run_time else None,
        "season_number": season_number,
        "show_id": show.id,
        "still_path": image_path("still", show.id, season_number, episode_number),
    }


def _created_by(show: Show) -> list[dict[str, Any]]:
    return [
        {
            "id": int(hashlib.sha256(name.encode()).hexdigest()[:6], 16),
            "credit_id": hashlib.sha256(f"{show.id}:{name}".encode()).hexdigest()[:24],
            "name": name,
            "original_name": name,
            "gender": 2,
            "profile_path": image_path("profile", name),
        }
        for name in show.created_by
    ]


def tv_details(title: TitleState) -> dict[str, Any]:
    show = title.record
    assert isinstance(show, Show)
    last_season = len(show.episodes_per_season)
    last_episode = _episode(show, last_season, show.episodes_per_season[-1], show.last_air_date)
    ongoing = show.status == "Returning Series"
    # Long-running shows have their next episode scheduled; the others are between seasons or ended.
    next_episode = (
        _episode(show, last_season, show.episodes_per_season[-1] + 1, "2025-01-05")
        if ongoing and last_season >= 8
        else None
    )
    return {
        "adult": False,
        "backdrop_path": image_path("backdrop", title.key),
        "created_by": _created_by(show),
        "episode_run_time": list(show.episode_run_time),
        "first_air_date": show.first_air_date,
        "genres": _genres(title),
        "homepage": "",
        "id": show.id,
        "in_production": ongoing,
        "languages": list(dict.fromkeys([show.original_language, *show.spoken_languages])),
        "last_air_date": show.last_air_date,
        "last_episode_to_air": last_episode,
        "name": title.title,
        "next_episode_to_air": next_episode,
        "networks": [
            {
                "id": network_id,
                "logo_path": image_path("network", network_id, suffix=".png") if NETWORKS[network_id][1] else None,
                "name": NETWORKS[network_id][0],
                "origin_country": NETWORKS[network_id][2],
            }
            for network_id in show.networks
        ],
        "number_of_episodes": sum(show.episodes_per_season),
        "number_of_seasons": last_season,
        "origin_country": list(show.origin_country),
        "original_language": show.original_language,
        "original_name": title.original_title,
        "overview": show.overview,
        "popularity": title.popularity,
        "poster_path": image_path("poster", title.key),
        "production_companies": _companies(show.companies),
        "production_countries": _countries(show.origin_country),
        "seasons": _seasons(show),
        "spoken_languages": _spoken(show.spoken_languages),
        "status": show.status,
        "tagline": show.tagline,
        "type": show.show_type,
        "vote_average": number(show.vote_average),
        "vote_count": title.vote_count,
    }
