"""Discover split by release year (`discover_years`): one list per year with TMDb's own filter names, each up to
`discover_max_pages` pages and no further than the year's `total_pages`, every row stamped with its year and
ranked within it; unset, discover stays one list; a malformed range is refused before anything runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ingestion.clients import make_clients
from ingestion.emulator import Emulator
from ingestion.emulator.catalogues import load
from ingestion.http import StatsRegistry
from ingestion.params import SettingError
from ingestion.sources.media import SPEC, media_source

SMALL = load("small")
assert SMALL.media is not None
MEDIA = SMALL.media
# The small catalogue spreads its titles evenly over its years: 40 movies (two pages) and 20 shows a year.
MOVIES_A_YEAR = MEDIA.movies // (MEDIA.last_year - MEDIA.first_year + 1)
SHOWS_A_YEAR = MEDIA.shows // (MEDIA.last_year - MEDIA.first_year + 1)
DAY = "2025-01-01"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["media"], catalogue="small") as running:
        yield running


@pytest.fixture(autouse=True)
def clean(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "")
    emulator.set_day(DAY)
    emulator.clear_requests()


def extract(emulator: Emulator, resource: str, **params: Any) -> list[dict[str, Any]]:
    clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["media"])
    source = media_source(clients, as_of_date=DAY, run_id="test-run", **params)
    return list(source.with_resources(resource))


def requested(emulator: Emulator, path: str) -> list[dict[str, str]]:
    return [request.query for request in emulator.requests if request.path.endswith(path)]


def test_each_year_is_its_own_list_read_to_its_last_page(emulator: Emulator) -> None:
    assert MOVIES_A_YEAR == 40
    rows = extract(emulator, "discover_movie", discover_years="2001-2003", discover_max_pages=10)
    queries = requested(emulator, "/discover/movie")
    assert [(q["primary_release_year"], q["page"]) for q in queries] == [
        (year, page) for year in ("2001", "2002", "2003") for page in ("1", "2")
    ]
    assert all(q["sort_by"] == "vote_count.desc" for q in queries)
    for year in (2001, 2002, 2003):
        of_year = [row for row in rows if row["discover_year"] == year]
        assert [row["list_position"] for row in of_year] == list(range(1, MOVIES_A_YEAR + 1))
        assert {row["release_date"][:4] for row in of_year} == {str(year)}
        votes = [row["vote_count"] for row in of_year]
        assert votes == sorted(votes, reverse=True)
    assert len(rows) == 3 * MOVIES_A_YEAR


def test_the_page_limit_applies_to_each_year_and_tv_uses_first_air_date_year(emulator: Emulator) -> None:
    movies = extract(emulator, "discover_movie", discover_years="1990-1991", discover_max_pages=1)
    assert [(q["primary_release_year"], q["page"]) for q in requested(emulator, "/discover/movie")] == [
        ("1990", "1"),
        ("1991", "1"),
    ]
    assert len(movies) == 2 * 20
    emulator.clear_requests()
    shows = extract(emulator, "discover_tv", discover_years="1990-1991", discover_max_pages=10)
    assert [(q["first_air_date_year"], q["page"]) for q in requested(emulator, "/discover/tv")] == [
        ("1990", "1"),
        ("1991", "1"),
    ]
    assert len(shows) == 2 * SHOWS_A_YEAR
    assert {row["first_air_date"][:4] for row in shows} == {"1990", "1991"}


def test_a_year_without_titles_costs_one_request_and_no_rows(emulator: Emulator) -> None:
    assert extract(emulator, "discover_tv", discover_years="1900-1902") == []
    assert len(requested(emulator, "/discover/tv")) == 3


def test_unset_discover_is_one_list_ranked_over_the_whole_catalogue(emulator: Emulator) -> None:
    rows = extract(emulator, "discover_movie", discover_max_pages=3)
    queries = requested(emulator, "/discover/movie")
    assert [q["page"] for q in queries] == ["1", "2", "3"]
    assert not any("primary_release_year" in q for q in queries)
    assert [row["list_position"] for row in rows] == list(range(1, 61))
    assert all("discover_year" not in row for row in rows)


@pytest.mark.parametrize("value", ["1950", "2026-1950", "1950-20x6", "1800-1900", "1950..2026"])
def test_a_malformed_range_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(SettingError, match=r"media\.discover_years=.*FIRST-LAST"):
        SPEC.resolve_params({"discover_years": value}, replay=False)
    with pytest.raises(ValueError, match="discover_years"):
        media_source({}, as_of_date=DAY, run_id="test-run", discover_years=value)


def test_a_range_is_normalised_and_empty_means_no_split() -> None:
    assert SPEC.resolve_params({"discover_years": " 1950 - 2026 "}, replay=False)["discover_years"] == "1950-2026"
    assert SPEC.resolve_params({"discover_years": ""}, replay=False)["discover_years"] == ""
    assert SPEC.resolve_params({}, replay=False)["discover_years"] == ""
