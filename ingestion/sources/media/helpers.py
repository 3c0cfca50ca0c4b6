"""Parsing of TMDb payloads into rows dlt can load without inventing values, and TMDb's error semantics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ingestion.sources.payloads import PayloadShapeError, Quarantined, expect_mapping, parse_each

API = "tmdb"
MEDIA_TYPES = ("movie", "tv")
# TMDb's `status_code` for "The resource you requested could not be found."
NOT_FOUND_CODE = 34


class TmdbCredentialsError(RuntimeError):
    """TMDb refused the configured key or token (HTTP 401). The message names the settings, never their value."""


@dataclass(frozen=True)
class ListPage:
    """One page of a paged TMDb list (`/movie/popular`, `/discover/tv`, `/trending/all/day`, ...)."""

    number: int
    total_pages: int
    # Entries as sent: one that is not a title object is quarantined by `list_rows`, not the whole page.
    results: list[Any]

    @property
    def is_last(self) -> bool:
        return self.number >= self.total_pages or not self.results


def list_page(body: Any, endpoint: str) -> ListPage:
    """{"page": n, "results": [...], "total_pages": n, "total_results": n}; anything else is schema drift."""
    envelope = expect_mapping(body, API, endpoint)
    results, number, total_pages = envelope.get("results"), envelope.get("page"), envelope.get("total_pages")
    if not isinstance(results, list):
        raise PayloadShapeError(API, endpoint, "a 'results' list of objects", body)
    if not isinstance(number, int) or not isinstance(total_pages, int):
        raise PayloadShapeError(API, endpoint, "integer 'page' and 'total_pages'", body)
    return ListPage(number=number, total_pages=total_pages, results=list(results))


def changed_ids(page: ListPage, endpoint: str) -> list[int]:
    """The ids of a /movie/changes or /tv/changes page: [{"id": n, "adult": false}, ...]."""
    ids = [item.get("id") if isinstance(item, Mapping) else None for item in page.results]
    if not all(isinstance(tmdb_id, int) and not isinstance(tmdb_id, bool) for tmdb_id in ids):
        raise PayloadShapeError(API, endpoint, "items with an integer 'id'", page.results)
    return [int(tmdb_id) for tmdb_id in ids]


def list_rows(
    page: ListPage, endpoint: str, media_type: str | None, page_size: int
) -> list[dict[str, Any] | Quarantined]:
    """The page's items with their media type (the endpoint's, or the item's own on trending) and their 1-based
    position on the whole list, which is the list's rank (popularity, vote count or trending). An item without
    an integer id and a media type is quarantined; it keeps its position, so the others keep their rank."""

    def row(entry: tuple[int, Any]) -> dict[str, Any]:
        index, item = entry
        kind = item.get("media_type", media_type) if isinstance(item, Mapping) else None
        if not isinstance(kind, str) or not isinstance(item.get("id"), int):
            raise PayloadShapeError(API, endpoint, "items with an integer 'id' and a media type", item)
        return {
            **item,
            "media_type": kind,
            "page": page.number,
            "list_position": (page.number - 1) * page_size + index + 1,
        }

    def key_of(entry: tuple[int, Any]) -> Any:
        return entry[1].get("id") if isinstance(entry[1], Mapping) else None

    return parse_each(enumerate(page.results), row, key_of=key_of)


def title_entries(rows: Iterable[Mapping[str, Any] | Quarantined]) -> dict[tuple[str, int], Mapping[str, Any]]:
    """(media type, TMDb id) of every movie and show in `rows` -> its first list entry, first sighting first.
    People (trending lists them too) have no details endpoint here. Movie 550 and TV 550 are different titles:
    the type is part of the key."""
    seen: dict[tuple[str, int], Mapping[str, Any]] = {}
    for row in rows:
        if not isinstance(row, Quarantined) and row["media_type"] in MEDIA_TYPES:
            seen.setdefault((row["media_type"], int(row["id"])), row)
    return seen


def genre_rows(body: Any, media_type: str) -> list[dict[str, Any]]:
    """/genre/{movie,tv}/list answers {"genres": [{"id", "name"}]}; each row keeps the list it came from."""
    endpoint = f"genre_{media_type}_list"
    genres = expect_mapping(body, API, endpoint).get("genres")
    if not isinstance(genres, list) or not all(
        isinstance(genre, Mapping) and isinstance(genre.get("id"), int) for genre in genres
    ):
        raise PayloadShapeError(API, endpoint, "a 'genres' list of objects with integer ids", body)
    return [{**genre, "media_type": media_type} for genre in genres]


def language_rows(body: Any) -> list[dict[str, Any]]:
    """/configuration/languages answers a bare array of {"iso_639_1", "english_name", "name"}."""
    if not isinstance(body, list) or not all(
        isinstance(language, Mapping) and isinstance(language.get("iso_639_1"), str) for language in body
    ):
        raise PayloadShapeError(API, "languages", "a list of objects with an 'iso_639_1' code", body)
    return [dict(language) for language in body]


def is_not_found(body: Any) -> bool:
    """TMDb's 404 body: {"status_message": "...could not be found.", "status_code": 34} (no `id`)."""
    return isinstance(body, Mapping) and body.get("status_code") == NOT_FOUND_CODE and "id" not in body


def error_text(body: Any) -> str | None:
    """'status_code 7: Invalid API key: ...' from a TMDb error body; None for anything else."""
    if not isinstance(body, Mapping) or "status_code" not in body or "status_message" not in body:
        return None
    return f"status_code {body['status_code']}: {body['status_message']}"


def details_row(body: Any, media_type: str, tmdb_id: int) -> dict[str, Any]:
    """/movie/{id} or /tv/{id} as returned, tagged with its media type. TMDb documents `belongs_to_collection` as
    an object or null; any other form (some payloads carry a bare string) becomes null, because loading both forms
    would split one field into a column and a set of `belongs_to_collection__*` columns."""
    endpoint = f"{media_type}_details"
    details = dict(expect_mapping(body, API, endpoint))
    if details.get("id") != tmdb_id:
        raise PayloadShapeError(API, endpoint, f"the details of {media_type} {tmdb_id}", body)
    if media_type == "movie" and not isinstance(details.get("belongs_to_collection"), Mapping | None):
        details["belongs_to_collection"] = None
    details["media_type"] = media_type
    return details
