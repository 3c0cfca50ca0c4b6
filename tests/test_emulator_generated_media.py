"""The generated TMDb catalogue (`ingestion.emulator.catalogues.media`) served through the media routes: exactly the
daily churn its description states, change feeds that name exactly the titles edited, the discover year filters,
TMDb's page cap, movie and TV ids that overlap, 404 for removed titles, the same answers for the same seed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator
from ingestion.emulator.catalogues import load
from ingestion.emulator.catalogues.media import GeneratedMedia
from ingestion.emulator.media_payloads import movie_details
from tests.conftest import make_paths, replay

SMALL = load("small")
assert SMALL.media is not None
MEDIA = SMALL.media
CHURN = MEDIA.churn
KEY = {"api_key": "emulator-test-key"}
YEARS = range(MEDIA.first_year, MEDIA.last_year + 1)
Key = tuple[str, int]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["media"], catalogue="small") as running:
        yield running


def get(emulator: Emulator, day: str, path: str, status: int = 200, **query: Any) -> Any:
    emulator.set_day(day)
    response = requests.get(f"{emulator.base_urls()['media']['tmdb']}{path}", params={**KEY, **query}, timeout=30)
    assert response.status_code == status, response.text
    return response.json()


def walk(emulator: Emulator, day: str, path: str, **query: Any) -> list[dict[str, Any]]:
    first = get(emulator, day, path, **query)
    items = list(first["results"])
    for number in range(2, first["total_pages"] + 1):
        items += get(emulator, day, path, page=number, **query)["results"]
    assert len(items) == first["total_results"]
    return items


@pytest.fixture(scope="module")
def listed(emulator: Emulator) -> dict[str, dict[Key, dict[str, Any]]]:
    """Per day, every title on /movie/popular and /tv/popular (which rank the whole catalogue) by key."""
    return {
        day: {
            (media_type, item["id"]): item
            for media_type in ("movie", "tv")
            for item in walk(emulator, day, f"/{media_type}/popular")
        }
        for day in emulator.days
    }


def test_the_description_names_the_days_and_day_one_holds_every_title(
    emulator: Emulator, listed: dict[str, dict[Key, dict[str, Any]]]
) -> None:
    assert emulator.days == ["2025-01-01", "2025-01-02", "2025-01-03"][: MEDIA.days]
    first = listed[emulator.days[0]]
    assert sum(kind == "movie" for kind, _ in first) == MEDIA.movies
    assert sum(kind == "tv" for kind, _ in first) == MEDIA.shows


def test_popular_is_ranked_by_popularity_and_trending_is_the_20_most_popular(
    emulator: Emulator, listed: dict[str, dict[Key, dict[str, Any]]]
) -> None:
    day = emulator.days[-1]
    popularity = [item["popularity"] for item in walk(emulator, day, "/movie/popular")]
    assert popularity == sorted(popularity, reverse=True)
    trending = get(emulator, day, "/trending/all/day")["results"]
    everyone = sorted(listed[day].values(), key=lambda item: -item["popularity"])
    assert [item["popularity"] for item in trending] == [item["popularity"] for item in everyone[:20]]
    assert {item["media_type"] for item in trending} <= {"movie", "tv"}


def test_each_day_applies_exactly_the_described_churn(
    emulator: Emulator, listed: dict[str, dict[Key, dict[str, Any]]]
) -> None:
    for before, after in zip(emulator.days, emulator.days[1:], strict=False):
        old, new = listed[before], listed[after]
        arrived, left = set(new) - set(old), set(old) - set(new)
        assert sum(kind == "movie" for kind, _ in arrived) == CHURN.new_movies
        assert sum(kind == "tv" for kind, _ in arrived) == CHURN.new_shows
        assert len(left) == CHURN.removed
        kept = set(old) & set(new)
        assert (
            sum(
                old[key].get("title", old[key].get("name")) != new[key].get("title", new[key].get("name"))
                for key in kept
            )
            == CHURN.retitled
        )
        assert sum(old[key]["genre_ids"] != new[key]["genre_ids"] for key in kept) == CHURN.genre_changes
        for key in kept:
            votes = old[key]["vote_count"]
            assert new[key]["vote_count"] == votes + max(1, int(votes * CHURN.vote_growth))
            assert abs(new[key]["popularity"] / old[key]["popularity"] - 1) <= CHURN.popularity_drift + 0.01
        moved = sum(old[key]["popularity"] != new[key]["popularity"] for key in kept)
        assert moved >= 0.99 * len(kept)
        for released in arrived:
            item = new[released]
            assert item.get("release_date", item.get("first_air_date")) == after


def details_by_day(emulator: Emulator, listed: dict[str, dict[Key, dict[str, Any]]]) -> dict[str, dict[int, Any]]:
    """Every listed movie's details per day, built in process from a catalogue of the same description (the HTTP
    answers are the same bytes, `test_the_same_seed_gives_the_same_answers`) to spare 6,000 requests."""
    catalogue = GeneratedMedia(SMALL, MEDIA)
    return {
        day: {
            tmdb_id: movie_details(state)
            for kind, tmdb_id in listed[day]
            if kind == "movie" and (state := catalogue.state("movie", tmdb_id, day)) is not None
        }
        for day in emulator.days
    }


def test_the_changes_feeds_name_exactly_the_titles_edited_that_day(
    emulator: Emulator, listed: dict[str, dict[Key, dict[str, Any]]]
) -> None:
    details = details_by_day(emulator, listed)
    assert walk(emulator, emulator.days[0], "/movie/changes") == []
    feeds: dict[str, dict[str, set[int]]] = {}
    for before, after in zip(emulator.days, emulator.days[1:], strict=False):
        old, new = listed[before], listed[after]
        edited_lists = {
            key
            for key, item in new.items()
            if key not in old
            or {k: v for k, v in item.items() if k in ("title", "name", "genre_ids")}
            != {k: v for k, v in old[key].items() if k in ("title", "name", "genre_ids")}
        }
        revenue = sum(
            details[before][tmdb_id]["revenue"] != body["revenue"]
            for tmdb_id, body in details[after].items()
            if tmdb_id in details[before]
        )
        budget = sum(
            details[before][tmdb_id]["budget"] != body["budget"]
            for tmdb_id, body in details[after].items()
            if tmdb_id in details[before]
        )
        assert (revenue, budget) == (CHURN.revenue_changes, CHURN.budget_changes)
        edited_money = {
            ("movie", tmdb_id)
            for tmdb_id, body in details[after].items()
            if tmdb_id in details[before]
            and (details[before][tmdb_id]["revenue"], details[before][tmdb_id]["budget"])
            != (body["revenue"], body["budget"])
        }
        feeds[after] = {}
        for media_type in ("movie", "tv"):
            feed = walk(emulator, after, f"/{media_type}/changes", start_date=after, end_date=after)
            feeds[after][media_type] = {item["id"] for item in feed}
            expected = {tmdb_id for kind, tmdb_id in edited_lists | edited_money if kind == media_type}
            assert feeds[after][media_type] == expected
            assert all(item["adult"] is False for item in feed)
    # A range is the union of its days; the default is the served day alone.
    first, last = emulator.days[1], emulator.days[-1]
    whole = walk(emulator, last, "/movie/changes", start_date=first, end_date=last)
    assert {item["id"] for item in whole} == set().union(*(feeds[day]["movie"] for day in feeds))
    assert {item["id"] for item in walk(emulator, last, "/tv/changes")} == feeds[last]["tv"]
    outside = walk(emulator, last, "/movie/changes", start_date="2024-12-01", end_date="2024-12-31")
    assert outside == []


def test_discover_filters_on_the_release_year_as_tmdb_names_it(emulator: Emulator) -> None:
    day = emulator.days[0]
    for media_type, titles, year_filter, date_field in (
        ("movie", MEDIA.movies, "primary_release_year", "release_date"),
        ("tv", MEDIA.shows, "first_air_date_year", "first_air_date"),
    ):
        total = 0
        for year in (YEARS[0], YEARS[len(YEARS) // 2], YEARS[-1]):
            items = walk(emulator, day, f"/discover/{media_type}", sort_by="vote_count.desc", **{year_filter: year})
            assert {item[date_field][:4] for item in items} == {str(year)}
            votes = [item["vote_count"] for item in items]
            assert votes == sorted(votes, reverse=True)
            total += len(items)
        # Titles are spread evenly over the years.
        assert total == 3 * titles // len(YEARS)
        counts = [
            get(emulator, day, f"/discover/{media_type}", **{year_filter: year})["total_results"] for year in YEARS
        ]
        assert sum(counts) == titles
        assert get(emulator, day, f"/discover/{media_type}", **{year_filter: YEARS[0] - 1})["results"] == []
        for malformed in ("abc", "-1", "0", "19999"):
            refused = get(emulator, day, f"/discover/{media_type}", 400, **{year_filter: malformed})
            assert refused["status_code"] == 47


def test_movie_and_tv_ids_overlap_and_stay_apart(emulator: Emulator, listed: dict[str, dict[Key, Any]]) -> None:
    day = emulator.days[0]
    movies = {tmdb_id for kind, tmdb_id in listed[day] if kind == "movie"}
    shows = {tmdb_id for kind, tmdb_id in listed[day] if kind == "tv"}
    shared = sorted(movies & shows)
    assert len(shared) >= 10
    for tmdb_id in shared[:5]:
        movie, show = get(emulator, day, f"/movie/{tmdb_id}"), get(emulator, day, f"/tv/{tmdb_id}")
        assert movie["id"] == show["id"] == tmdb_id
        assert "title" in movie and "name" in show and "seasons" in show and "seasons" not in movie


def test_removed_and_unknown_titles_answer_404(emulator: Emulator, listed: dict[str, dict[Key, Any]]) -> None:
    before, after = emulator.days[0], emulator.days[1]
    gone = sorted(set(listed[before]) - set(listed[after]))
    assert len(gone) == CHURN.removed
    for media_type, tmdb_id in gone:
        assert get(emulator, before, f"/{media_type}/{tmdb_id}")["id"] == tmdb_id
        assert get(emulator, after, f"/{media_type}/{tmdb_id}", 404)["status_code"] == 34
    highest = max(tmdb_id for _, tmdb_id in listed[after])
    assert get(emulator, after, f"/movie/{highest + 1_000_000}", 404)["status_code"] == 34
    arrived = sorted(set(listed[after]) - set(listed[before]))
    media_type, tmdb_id = arrived[0]
    assert get(emulator, before, f"/{media_type}/{tmdb_id}", 404)["status_code"] == 34
    assert get(emulator, after, f"/{media_type}/{tmdb_id}")["status"] in ("Released", "Returning Series")


def test_the_same_seed_gives_the_same_answers(emulator: Emulator) -> None:
    day = emulator.days[-1]
    served = get(emulator, day, "/movie/popular", page=7)
    again = GeneratedMedia(SMALL, MEDIA)
    in_process = [movie_details(title) for title in again.popular("movie", day)[120:140]]
    assert [item["id"] for item in served["results"]] == [body["id"] for body in in_process]
    assert get(emulator, day, f"/movie/{in_process[0]['id']}") == in_process[0]
    other = GeneratedMedia(dataclasses.replace(SMALL, seed=SMALL.seed + 1), MEDIA)
    assert [title.id for title in other.popular("movie", day)[:20]] != [item["id"] for item in served["results"]]
    assert again.changed("movie", date(2025, 1, 1), date(2025, 1, 3)) == sorted(
        item["id"] for item in walk(emulator, day, "/movie/changes", start_date="2025-01-01", end_date=day)
    )


def test_the_seed_catalogue_is_capped_at_page_500_unless_discover_is_split_by_year() -> None:
    seed = load("seed")
    assert seed.media is not None
    with Emulator(["media"], catalogue="seed") as running:
        day = running.days[0]
        popular = get(running, day, "/movie/popular")
        assert (popular["total_results"], popular["total_pages"]) == (seed.media.movies, seed.media.movies // 20)
        assert len(get(running, day, "/movie/popular", page=500)["results"]) == 20
        assert get(running, day, "/movie/popular", 400, page=501)["status_code"] == 22
        assert get(running, day, "/discover/tv", 400, page=501, first_air_date_year=2000)["status_code"] == 22
        years = seed.media.last_year - seed.media.first_year + 1
        per_year = get(running, day, "/discover/movie", primary_release_year=1990)
        assert per_year["total_results"] == seed.media.movies // years
        assert per_year["total_pages"] <= 500


@pytest.mark.e2e
def test_a_year_split_discover_lands_a_daily_fact_for_every_title_ranked_within_its_year(
    tmp_path: Path, emulator: Emulator, listed: dict[str, dict[Key, Any]]
) -> None:
    days = emulator.days[:2]
    # Day two's newcomers are released in 2025; popular is left out, so discover alone names the titles.
    lists = {"discover_years": f"{MEDIA.first_year}-2025", "discover_max_pages": 500, "popular_max_pages": 0}
    run = replay(make_paths(tmp_path), ["media"], days=days, params={"media": lists}, emulator=emulator)
    failed = [(day, result.error) for day in days for result in run.results[day] if result.status != "success"]
    assert not failed
    facts = run.query(
        "select as_of_date::text, count(*), count(discover_list_year), min(discover_list_rank), "
        "max(discover_list_rank) from media.fct_title_daily_metrics group by 1 order by 1"
    )
    movies_a_year = MEDIA.movies // len(YEARS)
    assert facts == [(day, len(listed[day]), len(listed[day]), 1, movies_a_year) for day in days]
    # A rank is unique within its media type, year and day, and the year is the title's release year.
    assert (
        run.scalar(
            "select count(*) from (select as_of_date, media_type, discover_list_year, discover_list_rank "
            "from media.fct_title_daily_metrics group by all having count(*) > 1)"
        )
        == 0
    )
    assert (
        run.scalar(
            "select count(*) from media.fct_title_daily_metrics f join media.dim_title d using (title_key) "
            "where d.is_unknown_member or year(d.release_date) is distinct from f.discover_list_year"
        )
        == 0
    )
