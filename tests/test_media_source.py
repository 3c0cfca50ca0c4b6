"""Every media resource against the local emulator, through the same client code the live run uses: pagination,
the details fan-out, the trending mix, credentials, and TMDb's 401 and 404 answers."""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable, Iterator
from typing import Any

import pytest
import requests
from dlt.extract.exceptions import ResourceExtractionError

from ingestion.clients import make_clients
from ingestion.emulator import Emulator, Fault
from ingestion.emulator.media import SCENARIO
from ingestion.emulator.media_payloads import NOT_FOUND, UNAUTHORIZED
from ingestion.http import ApiClient, StatsRegistry
from ingestion.refresh import Refreshed
from ingestion.settings import replay_api_config
from ingestion.sources.media import SPEC, TmdbCredentialsError, media_source
from ingestion.sources.media.settings import REPLAY_API_KEY, TMDB
from ingestion.sources.payloads import PayloadShapeError, Quarantined

DAY_ONE = "2025-01-01"
ALL_PAGES = {"popular_max_pages": 10, "discover_max_pages": 10, "trending_max_pages": 10}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["media"]) as running:
        yield running


@pytest.fixture(autouse=True)
def clean(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A developer's own key must not leak into these runs (and the tests must not depend on one).
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "")
    emulator.set_day(DAY_ONE)
    emulator.faults.clear()
    emulator.clear_requests()
    yield
    emulator.faults.clear()


def source(emulator: Emulator, stats: StatsRegistry | None = None, **params: Any) -> Any:
    clients = make_clients(SPEC, stats=stats or StatsRegistry(), replay_base_urls=emulator.base_urls()["media"])
    return media_source(clients, as_of_date=DAY_ONE, run_id="test-run", **{**ALL_PAGES, **params})


def extract(emulator: Emulator, resource: str, **params: Any) -> list[dict[str, Any]]:
    return list(source(emulator, **params).with_resources(resource))


def requested(emulator: Emulator, path_part: str) -> list[dict[str, str]]:
    return [r.query for r in emulator.requests if path_part in r.path]


def test_lists_walk_every_page_and_rank_across_pages(emulator: Emulator) -> None:
    rows = extract(emulator, "movie_popular")
    assert len(rows) == 25 and [row["list_position"] for row in rows] == list(range(1, 26))
    assert [q["page"] for q in requested(emulator, "/movie/popular")] == ["1", "2"]
    assert {row["media_type"] for row in rows} == {"movie"}
    assert all(row["as_of_date"] == DAY_ONE and row["_run_id"] == "test-run" for row in rows)
    assert [row["page"] for row in rows] == [1] * 20 + [2] * 5
    # One page when TMDb says there is one: no request for page 2.
    emulator.clear_requests()
    assert len(extract(emulator, "discover_tv")) == 20
    assert [q["page"] for q in requested(emulator, "/discover/tv")] == ["1"]
    assert requested(emulator, "/discover/tv")[0]["sort_by"] == "vote_count.desc"


def test_lists_stop_at_the_configured_page_limit(emulator: Emulator) -> None:
    rows = extract(emulator, "tv_popular", popular_max_pages=1)
    assert len(rows) == 20
    assert [q["page"] for q in requested(emulator, "/tv/popular")] == ["1"]


def test_trending_keeps_movies_shows_and_people_with_their_media_type(emulator: Emulator) -> None:
    rows = extract(emulator, "trending_all_day")
    assert [(row["media_type"], row["id"]) for row in rows] == list(SCENARIO.trending[DAY_ONE])
    assert [row["list_position"] for row in rows] == list(range(1, 21))
    person = next(row for row in rows if row["media_type"] == "person")
    assert person["known_for_department"] == "Acting"


def test_details_are_fetched_once_for_every_title_seen_and_never_for_people(emulator: Emulator) -> None:
    movies = extract(emulator, "movie_details")
    shows_source = source(emulator)
    shows = list(shows_source.with_resources("tv_details"))
    assert sorted(row["id"] for row in movies) == sorted(SCENARIO.movie_ids)
    assert sorted(row["id"] for row in shows) == sorted(SCENARIO.tv_ids)
    assert {row["media_type"] for row in movies} == {"movie"} and {row["media_type"] for row in shows} == {"tv"}
    detail_paths = [r.path for r in emulator.requests if r.path.startswith(("/tmdb/movie/", "/tmdb/tv/"))]
    detail_paths = [p for p in detail_paths if not p.endswith("/popular")]
    assert len(detail_paths) == len(set(detail_paths)) == 66
    # The trending-only titles are fanned out too, and the person on the list is not.
    for media_type, tmdb_id in SCENARIO.trending_only:
        assert f"/tmdb/{media_type}/{tmdb_id}" in detail_paths
    assert not any("/person/" in path for path in detail_paths)


def test_the_shared_id_is_two_titles_with_their_own_details(emulator: Emulator) -> None:
    movie = next(row for row in extract(emulator, "movie_details") if row["id"] == SCENARIO.colliding_id)
    show = next(row for row in extract(emulator, "tv_details") if row["id"] == SCENARIO.colliding_id)
    assert (movie["media_type"], movie["title"], movie["budget"]) == ("movie", "Fight Club", 63000000)
    assert (show["media_type"], show["name"], show["number_of_seasons"]) == ("tv", "Night Desk", 2)
    assert [n["name"] for n in show["networks"]] == ["Hulu"]
    assert requested(emulator, "/tmdb/movie/550") and requested(emulator, "/tmdb/tv/550")


def test_details_keep_tmdbs_fields_and_nulls(emulator: Emulator) -> None:
    movies = {row["id"]: row for row in extract(emulator, "movie_details")}
    odyssey = movies[1368337]
    assert (odyssey["release_date"], odyssey["budget"], odyssey["imdb_id"], odyssey["genres"]) == ("", 0, None, [])
    dune = movies[693134]
    assert dune["belongs_to_collection"]["name"] == "Dune Collection"
    assert [c["name"] for c in dune["production_companies"]] == ["Legendary Pictures"]
    assert [lang["iso_639_1"] for lang in movies[496243]["spoken_languages"]] == ["ko", "en"]


def test_genres_and_languages(emulator: Emulator) -> None:
    genres = extract(emulator, "genres")
    assert len(genres) == 35 and {g["media_type"] for g in genres} == {"movie", "tv"}
    drama = [g for g in genres if g["id"] == 18]
    assert sorted(g["media_type"] for g in drama) == ["movie", "tv"]
    languages = extract(emulator, "languages")
    assert len(languages) == 34 and {"iso_639_1", "english_name", "name", "as_of_date"} <= set(languages[0])


def test_replay_sends_a_dummy_key_and_a_token_wins_over_a_key(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract(emulator, "languages")
    assert requested(emulator, "/configuration/languages")[0]["api_key"] == REPLAY_API_KEY
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "a-v3-key-for-tests")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "a-v4-token-for-tests")
    emulator.clear_requests()
    extract(emulator, "languages")
    (request,) = [r for r in emulator.requests if r.path.endswith("/configuration/languages")]
    assert request.headers["Authorization"] == "Bearer a-v4-token-for-tests" and "api_key" not in request.query
    assert "a-v4-token-for-tests" in SPEC.apply_credentials(TMDB, False).secrets  # type: ignore[misc]


def test_no_key_gets_tmdbs_401_and_invalid_tmdb_credentials(emulator: Emulator) -> None:
    # A client built without apply_credentials sends no key at all; TMDb (and the emulator) answer 401.
    keyless = ApiClient(replay_api_config(TMDB, emulator.base_urls()["media"]["tmdb"]), stats=StatsRegistry())
    with pytest.raises(TmdbCredentialsError) as raised:
        # The genre lists are fetched while the source is built, so the error comes unwrapped from dlt.
        media_source({"tmdb": keyless}, as_of_date=DAY_ONE, run_id="no-key")
    message = str(raised.value)
    assert message.startswith("invalid TMDb credentials")
    assert "sources.media.tmdb.access_token" in message and "sources.media.tmdb.api_key" in message
    assert "genre_movie_list" in message and "\n" not in message


def test_a_401_mid_run_fails_the_resource_with_invalid_tmdb_credentials(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(path_pattern="/tmdb/tv/popular", kind="status", status=401, body=json.dumps(UNAUTHORIZED))
    )
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "tv_popular")
    assert isinstance(raised.value.__cause__, TmdbCredentialsError)
    assert "invalid TMDb credentials" in str(raised.value.__cause__)
    assert "Invalid API key" not in str(raised.value.__cause__)  # TMDb's text adds nothing to ours
    assert len(requested(emulator, "/tv/popular")) == 1  # 401 is not retried


def test_a_title_whose_details_are_gone_is_skipped_with_a_warning(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.faults.add(Fault(path_pattern="/tmdb/movie/550$", kind="status", status=404, body=json.dumps(NOT_FOUND)))
    with caplog.at_level(logging.WARNING, logger="starline.sources.media"):
        movies = extract(emulator, "movie_details")
    assert len(movies) == 39 and 550 not in {row["id"] for row in movies}
    assert any("movie 550" in r.getMessage() and "status_code 34" in r.getMessage() for r in caplog.records)


def test_a_404_on_a_list_fails_naming_the_endpoint(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(path_pattern="/tmdb/discover/movie", kind="status", status=404, body=json.dumps(NOT_FOUND))
    )
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "discover_movie")
    assert "tmdb endpoint 'discover_movie' answered HTTP 404" in str(raised.value)


def test_a_wrongly_shaped_page_is_rejected_with_the_endpoint_named(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path_pattern="/tmdb/movie/popular", kind="status", status=200, body='{"results": {}}'))
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "movie_popular")
    assert isinstance(raised.value.__cause__, PayloadShapeError)
    assert "tmdb endpoint 'movie_popular'" in str(raised.value)


def test_429_with_retry_after_is_waited_out(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(path_pattern="/tmdb/trending/all/day", kind="status", status=429, headers={"Retry-After": "0"})
    )
    stats = StatsRegistry()
    rows = list(source(emulator, stats=stats).with_resources("trending_all_day"))
    assert len(rows) == 20
    assert stats.as_dict()["trending_all_day"]["retries"] == 1


# details on a budget

DAY_TWO = "2025-01-02"
CREDENTIAL = {"api_key": REPLAY_API_KEY, "language": "en-US"}


def read_on(day: str) -> dict[str, dict[Hashable, Refreshed]]:
    # Every title detailed on `day`, under no signal: only the changes feeds and the age can move it up.
    return {
        "movie": {tmdb_id: Refreshed(day) for tmdb_id in SCENARIO.movie_ids},
        "tv": {tmdb_id: Refreshed(day) for tmdb_id in SCENARIO.tv_ids},
    }


def budgeted(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, budget: int, **params: Any) -> Any:
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__DAILY_BUDGET", str(budget))
    clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["media"])
    return media_source(clients, run_id="test-run", **{**ALL_PAGES, **params})


def test_titles_the_changes_feeds_name_are_detailed_before_the_stalest(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.set_day(DAY_TWO)
    run = budgeted(emulator, monkeypatch, 4, as_of_date=DAY_TWO, refreshed=read_on(DAY_ONE))
    detailed = [(row["media_type"], row["id"]) for row in run.with_resources("movie_details", "tv_details")]
    # Day two's edits on the lists; movie 1000001 changed too but no list names it, so it is not a title here.
    assert sorted(detailed) == [("movie", 83533), ("movie", 762509), ("movie", 939243), ("tv", 93405)]
    feeds = [(r.path, r.query) for r in emulator.requests if r.path.endswith("/changes")]
    assert feeds == [
        (f"/tmdb/{kind}/changes", {"start_date": DAY_ONE, "end_date": DAY_TWO, "page": "1", **CREDENTIAL})
        for kind in ("movie", "tv")
    ]


def test_new_titles_come_first_and_the_feeds_are_not_read_before_any_title_was(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = read_on("2024-12-20")
    new = [("movie", 83533), ("tv", 1399)]
    for kind, tmdb_id in new:
        del history[kind][tmdb_id]
    run = budgeted(emulator, monkeypatch, 2, as_of_date=DAY_ONE, refreshed=history)
    detailed = [(row["media_type"], row["id"]) for row in run.with_resources("movie_details", "tv_details")]
    assert sorted(detailed) == sorted(new)
    # From the newest read on: it is within the feeds' 14 days.
    starts = {r.query["start_date"] for r in emulator.requests if r.path.endswith("/changes")}
    assert starts == {"2024-12-20"}
    emulator.clear_requests()
    first = budgeted(emulator, monkeypatch, 100, as_of_date=DAY_ONE)
    assert len(list(first.with_resources("movie_details", "tv_details"))) == len(SCENARIO.title_keys)
    assert not [r for r in emulator.requests if r.path.endswith("/changes")]


def test_the_changes_feeds_look_back_at_most_14_days(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = budgeted(emulator, monkeypatch, 1, as_of_date=DAY_ONE, refreshed=read_on("2024-11-01"))
    assert len(list(run.with_resources("movie_details"))) <= 1
    starts = {r.query["start_date"] for r in emulator.requests if r.path.endswith("/changes")}
    assert starts == {"2024-12-18"}


def test_a_list_entry_without_an_id_is_quarantined_and_the_others_keep_their_rank(emulator: Emulator) -> None:
    base = emulator.base_urls()["media"]["tmdb"]
    body = requests.get(f"{base}/movie/popular", params={"page": "1", "api_key": REPLAY_API_KEY}, timeout=10).json()
    served = [item["id"] for item in body["results"]]
    body["results"][1] = {"title": "No id", "media_type": "movie"}
    emulator.faults.add(Fault("/tmdb/movie/popular", "status", 200, body=json.dumps(body), query={"page": "1"}))
    records = extract(emulator, "movie_popular", popular_max_pages=1)
    refused = [record for record in records if isinstance(record, Quarantined)]
    assert [(q.key, q.payload) for q in refused] == [(None, {"title": "No id", "media_type": "movie"})]
    assert "tmdb endpoint 'movie_popular'" in refused[0].reason
    ranked = [(r["id"], r["list_position"]) for r in records if not isinstance(r, Quarantined)]
    assert ranked == [(tmdb_id, position) for position, tmdb_id in enumerate(served, 1) if position != 2]


def test_a_wrongly_shaped_details_answer_quarantines_that_title_only(emulator: Emulator) -> None:
    titles = extract(emulator, "movie_details")
    wrong, others = titles[0]["id"], {title["id"] for title in titles[1:]}
    emulator.faults.add(Fault(f"/tmdb/movie/{wrong}$", "status", 200, body="[]", times=None))
    records = extract(emulator, "movie_details")
    assert [(q.key, q.payload) for q in records if isinstance(q, Quarantined)] == [(f"movie/{wrong}", [])]
    assert {record["id"] for record in records if not isinstance(record, Quarantined)} == others
