"""The media fixtures: authentication, pagination, shapes against the real captures, the id collision and the
documented day-two changes (other tests hard-code them from the `ingestion.emulator.media` docstring)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator, media
from ingestion.emulator.media import SCENARIO
from tests.conftest import REFERENCE_RESPONSES

CAPTURES = REFERENCE_RESPONSES / "media"
DAY_ONE, DAY_TWO = media.DAYS
KEY = {"api_key": "emulator-test-key"}


def json_types(value: Any, path: str = "") -> dict[str, set[str]]:
    """Every key path of a JSON document with the JSON types found there (list items share the path `[]`)."""
    found: dict[str, set[str]] = {}

    def walk(node: Any, at: str) -> None:
        kind = "number" if isinstance(node, int | float) and not isinstance(node, bool) else type(node).__name__
        found.setdefault(at, set()).add(kind)
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, f"{at}.{key}")
        elif isinstance(node, list):
            for child in node:
                walk(child, f"{at}[]")

    walk(value, path)
    return found


def capture(name: str) -> Any:
    if not CAPTURES.is_dir():
        pytest.skip(f"{CAPTURES} is absent: the captured responses live outside the repository")
    return json.loads((CAPTURES / name).read_text())


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["media"]) as running:
        yield running


@pytest.fixture(scope="module")
def tmdb(emulator: Emulator) -> str:
    return emulator.base_urls()["media"]["tmdb"]


@pytest.fixture(autouse=True)
def day_one(emulator: Emulator) -> None:
    emulator.set_day(DAY_ONE)


def get(url: str, status: int = 200, **params: Any) -> Any:
    response = requests.get(url, params={**KEY, **params}, timeout=5)
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


def walk_list(url: str, **params: Any) -> list[dict[str, Any]]:
    first = get(url, **params)
    items = list(first["results"])
    for number in range(2, first["total_pages"] + 1):
        items += get(url, page=number, **params)["results"]
    return items


def test_no_key_answers_tmdbs_401_body_and_either_credential_is_accepted(tmdb: str) -> None:
    refused = requests.get(f"{tmdb}/movie/popular", timeout=5)
    assert refused.status_code == 401
    if CAPTURES.is_dir():
        assert refused.json() == capture("tmdb_error_401_invalid_api_key.json")
    bearer = requests.get(f"{tmdb}/movie/popular", headers={"Authorization": "Bearer a-v4-token"}, timeout=5)
    assert bearer.status_code == 200
    assert requests.get(f"{tmdb}/movie/popular", headers={"Authorization": "Bearer "}, timeout=5).status_code == 401
    assert requests.get(f"{tmdb}/movie/popular", params={"api_key": ""}, timeout=5).status_code == 401


def test_unknown_ids_and_paths_answer_tmdbs_404_body(tmdb: str) -> None:
    for path in ("movie/1", "tv/83533", "person/1190668"):
        body = get(f"{tmdb}/{path}", status=404)
        assert body == {"status_message": "The resource you requested could not be found.", "status_code": 34}
        if CAPTURES.is_dir():
            assert body == capture("tmdb_error_404_not_found.json")


def test_lists_page_by_twenty_and_hold_the_documented_titles(tmdb: str) -> None:
    counts = {}
    for path, members in [
        ("movie/popular", SCENARIO.popular["movie"]),
        ("tv/popular", SCENARIO.popular["tv"]),
        ("discover/movie", SCENARIO.discover["movie"]),
        ("discover/tv", SCENARIO.discover["tv"]),
    ]:
        first = get(f"{tmdb}/{path}", sort_by="vote_count.desc") if "discover" in path else get(f"{tmdb}/{path}")
        items = walk_list(f"{tmdb}/{path}")
        assert len(first["results"]) == min(20, len(members))
        assert first["total_results"] == len(members) and first["total_pages"] == (len(members) + 19) // 20
        assert sorted(item["id"] for item in items) == sorted(members), path
        counts[path] = (len(items), first["total_pages"])
    assert counts == {
        "movie/popular": (25, 2),
        "tv/popular": (21, 2),
        "discover/movie": (25, 2),
        "discover/tv": (20, 1),
    }
    popular = walk_list(f"{tmdb}/movie/popular")
    assert [m["popularity"] for m in popular] == sorted((m["popularity"] for m in popular), reverse=True)
    voted = walk_list(f"{tmdb}/discover/movie", sort_by="vote_count.desc")
    assert [m["vote_count"] for m in voted] == sorted((m["vote_count"] for m in voted), reverse=True)
    past_the_end = get(f"{tmdb}/movie/popular", page=3)
    assert past_the_end["results"] == [] and past_the_end["page"] == 3
    assert get(f"{tmdb}/movie/popular", status=400, page=501)["status_code"] == 22
    get(f"{tmdb}/discover/movie", status=400, sort_by="title.asc")


def test_catalogue_has_40_movies_and_26_shows_with_one_shared_id(tmdb: str) -> None:
    seen = {("movie", m["id"]) for path in ("movie/popular", "discover/movie") for m in walk_list(f"{tmdb}/{path}")}
    seen |= {("tv", s["id"]) for path in ("tv/popular", "discover/tv") for s in walk_list(f"{tmdb}/{path}")}
    trending = get(f"{tmdb}/trending/all/day")["results"]
    seen |= {(t["media_type"], t["id"]) for t in trending if t["media_type"] != "person"}
    assert seen == set(SCENARIO.title_keys)
    assert (len(SCENARIO.movie_ids), len(SCENARIO.tv_ids)) == (40, 26)
    assert set(SCENARIO.movie_ids) & set(SCENARIO.tv_ids) == {SCENARIO.colliding_id}
    movie, show = get(f"{tmdb}/movie/550"), get(f"{tmdb}/tv/550")
    assert (movie["title"], show["name"]) == ("Fight Club", "Night Desk")
    assert [g["id"] for g in movie["genres"]] == [18] and [g["id"] for g in show["genres"]] == [80, 9648]


def test_trending_mixes_movies_shows_and_a_person(tmdb: str, emulator: Emulator) -> None:
    for day, expected in ((DAY_ONE, (11, 8, 1)), (DAY_TWO, (10, 9, 1))):
        emulator.set_day(day)
        body = get(f"{tmdb}/trending/all/day")
        kinds = [item["media_type"] for item in body["results"]]
        assert (kinds.count("movie"), kinds.count("tv"), kinds.count("person")) == expected
        assert [(i["media_type"], i["id"]) for i in body["results"]] == [
            (kind, tmdb_id) for kind, tmdb_id in SCENARIO.trending[day]
        ]
        assert (body["total_pages"], body["total_results"]) == (1, 20)
    # Movies carry title/release_date, shows name/first_air_date, as on TMDb.
    by_type = {item["media_type"]: item for item in body["results"]}
    assert {"title", "release_date", "video"} <= set(by_type["movie"]) and "name" not in by_type["movie"]
    assert {"name", "first_air_date", "origin_country"} <= set(by_type["tv"]) and "title" not in by_type["tv"]


def test_served_shapes_match_the_captures(tmdb: str) -> None:
    # Same key paths and JSON types as the real responses ("number" covers TMDb's int/float mix); null is allowed
    # anywhere, as TMDb sends it for missing images and ids (the 12313 capture has null logo_path).
    for served, name in [
        (get(f"{tmdb}/movie/popular"), "tmdb_movie_popular.json"),
        (get(f"{tmdb}/tv/popular"), "tmdb_tv_popular.json"),
        (get(f"{tmdb}/discover/movie"), "tmdb_discover_movie.json"),
        (get(f"{tmdb}/genre/movie/list"), "tmdb_genre_movie_list.json"),
        (get(f"{tmdb}/genre/tv/list"), "tmdb_genre_tv_list.json"),
        # Fight Club's collection is null, like the capture's; other movies send an object.
        (get(f"{tmdb}/movie/550"), "tmdb_movie_550.json"),
    ]:
        expected, actual = json_types(capture(name)), json_types(served)
        assert set(actual) == set(expected), name
        for path, kinds in actual.items():
            assert kinds <= expected[path] | {"NoneType"}, (name, path, kinds)
    odyssey = get(f"{tmdb}/movie/1368337")
    assert (odyssey["release_date"], odyssey["imdb_id"], odyssey["budget"], odyssey["runtime"]) == ("", None, 0, 0)
    assert odyssey["genres"] == odyssey["spoken_languages"] == odyssey["production_companies"] == []
    assert get(f"{tmdb}/movie/346698")["vote_average"] == 7 and isinstance(
        get(f"{tmdb}/movie/346698")["vote_average"], int
    )
    assert isinstance(get(f"{tmdb}/movie/693134")["belongs_to_collection"], dict)
    languages = get(f"{tmdb}/configuration/languages")
    assert isinstance(languages, list) and len(languages) == 34
    assert {"iso_639_1", "english_name", "name"} == set(languages[0])


def test_tv_details_carry_networks_seasons_and_episode_counts(tmdb: str) -> None:
    got = get(f"{tmdb}/tv/1399")
    assert [n["name"] for n in got["networks"]] == ["HBO"]
    assert [s["season_number"] for s in got["seasons"]] == list(range(9))  # Specials + 8 seasons
    assert got["seasons"][0]["vote_average"] == 0 and isinstance(got["seasons"][0]["vote_average"], int)
    assert (got["number_of_seasons"], got["number_of_episodes"]) == (8, 73)
    assert got["next_episode_to_air"] is None and got["last_episode_to_air"]["season_number"] == 8
    assert got["in_production"] is False and got["status"] == "Ended"
    simpsons = get(f"{tmdb}/tv/456")
    assert simpsons["next_episode_to_air"]["air_date"] == "2025-01-05" and simpsons["in_production"] is True


def test_day_two_differs_exactly_as_documented(tmdb: str, emulator: Emulator) -> None:
    def crawl() -> dict[tuple[str, int], dict[str, Any]]:
        return {(kind, tmdb_id): get(f"{tmdb}/{kind}/{tmdb_id}") for kind, tmdb_id in SCENARIO.title_keys}

    before = crawl()
    emulator.set_day(DAY_TWO)
    after = crawl()
    (retitled, old_title, new_title) = SCENARIO.retitled
    assert (before[retitled]["title"], after[retitled]["title"]) == (old_title, new_title)
    assert after[retitled]["original_title"] == new_title
    gains, genre_id = SCENARIO.gains_genre
    assert [g["id"] for g in after[gains]["genres"]] == [g["id"] for g in before[gains]["genres"]] + [genre_id]
    revenue = {key: (before[key]["revenue"], after[key]["revenue"]) for key in SCENARIO.revenue_day_two}
    assert revenue == {("movie", 939243): (218000000, 236500000), ("movie", 762509): (0, 328000000)}
    ignored = {"popularity", "vote_count"}
    for key in SCENARIO.title_keys:
        assert before[key]["popularity"] != after[key]["popularity"], key
        grew = after[key]["vote_count"] - before[key]["vote_count"]
        assert grew == (max(1, before[key]["vote_count"] // 500) if before[key]["vote_count"] else 0), key
        changed = {field for field in before[key] if field not in ignored and before[key][field] != after[key][field]}
        expected = {"title", "original_title"} if key == retitled else set()
        expected |= {"genres"} if key == gains else set()
        expected |= {"revenue"} if key in SCENARIO.revenue_day_two else set()
        assert changed == expected, key
