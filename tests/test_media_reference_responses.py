"""The media parsers over every real captured response in ../shared/reference_responses/media/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingestion.sources.media import helpers
from ingestion.sources.payloads import PayloadShapeError
from tests.conftest import REFERENCE_RESPONSES

MEDIA = REFERENCE_RESPONSES / "media"
pytestmark = pytest.mark.skipif(
    not MEDIA.is_dir(), reason=f"{MEDIA} is absent: the captured responses live outside the repository"
)


def check_list(endpoint: str, media_type: str, title_key: str) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        page = helpers.list_page(body, endpoint)
        assert page.number == 1 and page.total_pages > 1 and not page.is_last
        rows = helpers.list_rows(page, endpoint, media_type, page_size=20)
        assert len(rows) == 20 and [row["list_position"] for row in rows] == list(range(1, 21))
        assert {row["media_type"] for row in rows} == {media_type}
        assert all(isinstance(row[title_key], str) for row in rows)
        # Whole vote averages arrive as integers in the real payloads; the raw contract types them as double.
        assert all(isinstance(row["vote_average"], int | float) for row in rows)
        keys = list(helpers.title_entries(rows))
        assert len(keys) == 20 and {kind for kind, _ in keys} == {media_type}

    return check


def check_movie_550(body: Any) -> None:
    row = helpers.details_row(body, "movie", 550)
    assert (row["media_type"], row["title"], row["budget"], row["revenue"]) == (
        "movie",
        "Fight Club",
        63000000,
        100853753,
    )
    assert row["belongs_to_collection"] is None
    assert [c["name"] for c in row["production_companies"]][:2] == ["Fox 2000 Pictures", "Regency Enterprises"]
    with pytest.raises(PayloadShapeError, match="movie_details"):
        helpers.details_row(body, "movie", 551)


def check_movie_12313(body: Any) -> None:
    # This capture has a bare string where TMDb documents a collection object: it must not split the column.
    assert isinstance(body["belongs_to_collection"], str)
    row = helpers.details_row(body, "movie", 12313)
    assert row["belongs_to_collection"] is None
    assert (row["budget"], row["revenue"], row["homepage"]) == (0, 1408947, "")
    assert {c["origin_country"] for c in row["production_companies"]} == {"", "DE"}


def check_genres(media_type: str, count: int) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        rows = helpers.genre_rows(body, media_type)
        assert len(rows) == count and {row["media_type"] for row in rows} == {media_type}
        assert all(isinstance(row["id"], int) and row["name"] for row in rows)

    return check


def check_401(body: Any) -> None:
    assert helpers.error_text(body) == "status_code 7: Invalid API key: You must be granted a valid key."
    assert not helpers.is_not_found(body)


def check_404(body: Any) -> None:
    assert helpers.is_not_found(body)
    assert helpers.error_text(body) == "status_code 34: The resource you requested could not be found."


def check_configuration(body: Any) -> None:
    # GET /configuration is not a source endpoint; fed to the languages parser it must fail loudly, by name.
    with pytest.raises(PayloadShapeError, match="tmdb endpoint 'languages'"):
        helpers.language_rows(body)
    assert helpers.error_text(body) is None and not helpers.is_not_found(body)


# Every capture must have a check: a new file without one fails the test instead of going unread.
CHECKS: dict[str, Callable[[Any], None]] = {
    "tmdb_movie_popular.json": check_list("movie_popular", "movie", "title"),
    "tmdb_tv_popular.json": check_list("tv_popular", "tv", "name"),
    "tmdb_discover_movie.json": check_list("discover_movie", "movie", "title"),
    "tmdb_movie_550.json": check_movie_550,
    "tmdb_movie_12313_append_to_response.json": check_movie_12313,
    "tmdb_genre_movie_list.json": check_genres("movie", 19),
    "tmdb_genre_tv_list.json": check_genres("tv", 16),
    "tmdb_error_401_invalid_api_key.json": check_401,
    "tmdb_error_404_not_found.json": check_404,
    "tmdb_configuration.json": check_configuration,
}


@pytest.mark.parametrize("capture", sorted(MEDIA.glob("*.json")) if MEDIA.is_dir() else [], ids=lambda p: p.name)
def test_every_capture_parses(capture: Path) -> None:
    assert capture.name in CHECKS, f"no parser check for {capture.name}: add one to CHECKS"
    CHECKS[capture.name](json.loads(capture.read_text()))
