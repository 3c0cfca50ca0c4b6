"""The media vertical end to end against the emulator: dlt -> DuckDB -> dbt -> Parquet, over two days.

Expected numbers come from the emulator's documented fixtures (ingestion/emulator/media.py): 40 movies and 26 shows
on both days; movie 550 and TV 550 share an id; on day two movie 83533 is retitled (the one new dim_title version),
TV 93405 gains genre 9648, and movie 762509's revenue goes from unknown to known. The replay sends a sentinel v3
key, which test_media_secrets then hunts for in everything the run left behind.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from ingestion.emulator import Emulator, media_days
from ingestion.emulator.faults import Fault
from ingestion.emulator.media import SCENARIO
from ingestion.emulator.media_catalogue import COMPANIES
from ingestion.emulator.media_payloads import genre_list, languages
from tests.conftest import ReplayRun, make_paths, replay, run_unit_tests

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
RETITLED, UNANNOUNCED, BOX_OFFICE_LATE = 83533, 1368337, 762509
SENTINEL_KEY = "tmdb-sentinel-key-3f9a71c2e8"

EXPECTED_ROWS = {
    "dim_title": 68,  # 66 first versions + the retitled movie's second + the unknown member
    "dim_genre": 28,  # 19 movie + 16 TV genres, 8 ids shared, + the unknown member
    "dim_language": 35,  # /configuration/languages (34) + the unknown member
    "dim_company": 68,
    "dim_network": 18,
    "fct_title_daily_metrics": 132,  # 66 titles x 2 days
    "bridge_title_genre": 173,
    "bridge_title_company": 104,
    "bridge_title_language": 91,
    "bridge_title_network": 27,
}


@contextmanager
def tmdb_key(value: str) -> Iterator[None]:
    """Configure a v3 key (and no token) through the environment, as a user would, for the block's runs."""
    saved = {
        name: os.environ.get(name) for name in ("SOURCES__MEDIA__TMDB__API_KEY", "SOURCES__MEDIA__TMDB__ACCESS_TOKEN")
    }
    os.environ.update(SOURCES__MEDIA__TMDB__API_KEY=value, SOURCES__MEDIA__TMDB__ACCESS_TOKEN="")
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def replayed_media(replayed) -> ReplayRun:  # type: ignore[no-untyped-def]
    """Both days replayed once per session with the sentinel key (whichever media test module asks first)."""
    with tmdb_key(SENTINEL_KEY):
        return replayed("media")


@pytest.fixture(scope="module")
def media(replayed) -> ReplayRun:  # type: ignore[no-untyped-def]
    return replayed_media(replayed)


def test_every_media_table_has_the_expected_row_count(media: ReplayRun) -> None:
    actual = {
        table: media.scalar(f"select count(*) from media.{table}")
        for (table,) in media.query("select table_name from information_schema.tables where table_schema = 'media'")
    }
    assert actual == EXPECTED_ROWS
    assert media.scalar("select count(*) from shared.dim_date where date_key in (20250101, 20250102)") == 2


def test_retitled_movie_has_exactly_two_versions_one_current(media: ReplayRun) -> None:
    versions = media.query(
        "select title, original_title, valid_from, valid_to, is_current, version_number from media.dim_title "
        "where media_type = 'movie' and tmdb_id = ? order by valid_from",
        [RETITLED],
    )
    assert [(v[0], v[1], str(v[2]), str(v[3]), v[4], v[5]) for v in versions] == [
        ("Avatar 3", "Avatar 3", DAY_ONE, DAY_TWO, False, 1),
        ("Avatar: Fire and Ash", "Avatar: Fire and Ash", DAY_TWO, "9999-12-31", True, 2),
    ]
    rows = media.query(
        "select f.as_of_date, d.title from media.fct_title_daily_metrics f join media.dim_title d using (title_key) "
        "where f.media_type = 'movie' and f.tmdb_id = ? order by 1",
        [RETITLED],
    )
    assert [(str(day), title) for day, title in rows] == [(DAY_ONE, "Avatar 3"), (DAY_TWO, "Avatar: Fire and Ash")]


def test_every_other_title_keeps_a_single_version(media: ReplayRun) -> None:
    counts = dict(
        media.query(
            "select media_type || ':' || tmdb_id, count(*) from media.dim_title where not is_unknown_member group by 1"
        )
    )
    assert len(counts) == 66
    assert {title for title, n in counts.items() if n != 1} == {f"movie:{RETITLED}"}
    assert media.scalar("select count(*) from media.dim_title where is_current and not is_unknown_member") == 66
    assert media.scalar("select count(*) from media.fct_title_daily_metrics where title_key = '-1'") == 0


def test_movie_550_and_tv_550_never_merge(media: ReplayRun) -> None:
    titles = media.query(
        "select media_type, title, status, runtime_minutes, title_key from media.dim_title where tmdb_id = 550 "
        "order by media_type"
    )
    assert [t[:4] for t in titles] == [("movie", "Fight Club", "Released", 139), ("tv", "Night Desk", "Ended", None)]
    assert titles[0][4] != titles[1][4]
    facts = media.query(
        "select media_type, count(*), count(distinct title_key), bool_or(is_trending), max(budget_usd), "
        "max(number_of_seasons) from media.fct_title_daily_metrics where tmdb_id = 550 group by 1 order by 1"
    )
    assert facts == [("movie", 2, 1, False, 63000000, None), ("tv", 2, 1, True, None, 2)]
    genres = media.query(
        "select media_type, list(genre_id order by genre_id) from media.bridge_title_genre where tmdb_id = 550 "
        "group by 1 order by 1"
    )
    assert genres == [("movie", [18]), ("tv", [80, 9648])]
    networks = media.query("select media_type, network_id from media.bridge_title_network where tmdb_id = 550")
    assert networks == [("tv", 4330)]
    companies = dict(
        media.query("select media_type, count(*) from media.bridge_title_company where tmdb_id = 550 group by 1")
    )
    assert companies == {"movie": 4, "tv": 1}


def test_unknown_values_stay_null_and_are_never_zero(media: ReplayRun) -> None:
    odyssey = media.query(
        "select release_date, status, runtime_minutes, overview_md5 from media.dim_title where tmdb_id = ?",
        [UNANNOUNCED],
    )
    assert odyssey == [(None, "Planned", None, None)]
    metrics = media.query(
        "select vote_average, vote_count, budget_usd, revenue_usd from media.fct_title_daily_metrics "
        "where media_type = 'movie' and tmdb_id = ? order by as_of_date",
        [UNANNOUNCED],
    )
    assert metrics == [(None, 0, None, None), (None, 0, None, None)]
    mufasa = media.query(
        "select as_of_date, budget_usd, revenue_usd from media.fct_title_daily_metrics "
        "where media_type = 'movie' and tmdb_id = ? order by 1",
        [BOX_OFFICE_LATE],
    )
    assert [(str(d), b, r) for d, b, r in mufasa] == [(DAY_ONE, 200000000, None), (DAY_TWO, 200000000, 328000000)]
    assert (
        media.scalar("select count(*) from media.fct_title_daily_metrics where budget_usd = 0 or revenue_usd = 0") == 0
    )
    assert media.scalar("select count(*) from media.dim_language where native_name = ''") == 0
    # The companies TMDb sends with origin_country "", and the unknown member.
    no_country = sum(1 for _, _, country in COMPANIES.values() if country == "") + 1
    assert media.scalar("select count(*) from media.dim_company where origin_country is null") == no_country == 5


def test_daily_measures_follow_the_api(media: ReplayRun) -> None:
    for day in (DAY_ONE, DAY_TWO):
        states = media_days.states(day)
        for media_type in ("movie", "tv"):
            ranked = sorted((s for s in states.values() if s.media_type == media_type), key=lambda s: -s.popularity)
            expected = [(s.id, s.popularity, rank, s.vote_count) for rank, s in enumerate(ranked, start=1)]
            actual = media.query(
                "select tmdb_id, popularity, popularity_rank, vote_count from media.fct_title_daily_metrics "
                "where as_of_date = ? and media_type = ? order by popularity_rank",
                [day, media_type],
            )
            assert actual == expected, (day, media_type)
        trending = media.query(
            "select media_type, tmdb_id, trending_rank from media.fct_title_daily_metrics "
            "where as_of_date = ? and is_trending order by trending_rank",
            [day],
        )
        expected_trending = [
            (kind, tmdb_id, rank)
            for rank, (kind, tmdb_id) in enumerate(SCENARIO.trending[day], start=1)
            if kind != "person"
        ]
        assert trending == expected_trending
    sonic = media.query(
        "select revenue_usd from media.fct_title_daily_metrics where tmdb_id = 939243 order by as_of_date"
    )
    assert sonic == [(218000000,), (236500000,)]


def test_gained_genre_appears_in_the_bridge_from_day_two(media: ReplayRun) -> None:
    (media_type, tmdb_id), genre_id = SCENARIO.gains_genre
    rows = media.query(
        "select genre_id, first_seen_date from media.bridge_title_genre where media_type = ? and tmdb_id = ? "
        "order by genre_id",
        [media_type, tmdb_id],
    )
    assert [(g, str(d)) for g, d in rows] == [(18, DAY_ONE), (genre_id, DAY_TWO), (10759, DAY_ONE)]
    shared = media.query("select genre_id from media.dim_genre where is_movie_genre and is_tv_genre order by genre_id")
    assert [g for (g,) in shared] == [16, 18, 35, 37, 80, 99, 9648, 10751]


def test_run_log_has_one_success_row_per_day(media: ReplayRun) -> None:
    rows = media.query(
        "select as_of_date, vertical, mode, status, records_extracted, tables_built from ops.etl_runs order by 1"
    )
    # records_extracted counts titles: the 40 movies and 26 shows the lists name, each fetched in detail.
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        (DAY_ONE, "media", "replay", "success", 66, 10),
        (DAY_TWO, "media", "replay", "success", 66, 10),
    ]
    requests = dict(
        media.query("select resource, sum(requests) from ops.etl_run_resources where vertical = 'media' group by 1")
    )
    assert requests == {
        "genres": 4,
        "languages": 2,
        "movie_popular": 4,
        "tv_popular": 4,
        "discover_movie": 4,
        "discover_tv": 2,
        "trending_all_day": 2,
        # The changes feeds on day two only: on day one no title had been read yet.
        "movie_changes": 1,
        "tv_changes": 1,
        "movie_details": 80,
        "tv_details": 52,
    }


def test_every_export_is_snappy_and_matches_its_sidecar(media: ReplayRun) -> None:
    media.check_exports("media", EXPECTED_ROWS)
    fact = media.manifest("media", "fct_title_daily_metrics")
    assert fact["kind"] == "fact" and fact["grain"] == "one row per media_type, tmdb_id and as-of date"
    runs = {day: media.results[day][0].run_id for day in (DAY_ONE, DAY_TWO)}
    files = media.file_sidecars("media", "fct_title_daily_metrics")
    assert [(f["partition_value"], f["first_date"], f["run_id"], f["source_run_ids"]) for f in files] == [
        ("2025-01", day, runs[day], [runs[day]]) for day in (DAY_ONE, DAY_TWO)
    ]
    columns = {c["name"]: c for c in fact["columns"]}
    assert columns["title_key"]["nullable"] is False and "Semi-additive" in columns["vote_count"]["description"]
    assert media.sidecar("media", "dim_title")["scd_type"] == 2
    assert media.sidecar("media", "dim_genre")["kind"] == "dimension"
    assert media.sidecar("media", "bridge_title_genre")["kind"] == "bridge"


@pytest.fixture(scope="module")
def day_two_again(media: ReplayRun, tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    """A copy of the two-day warehouse with day two run once more (the session replay stays untouched)."""
    root = tmp_path_factory.mktemp("media-rerun")
    shutil.copytree(media.paths.warehouse.parent.parent, root, dirs_exist_ok=True)
    with tmdb_key(SENTINEL_KEY):
        return replay(make_paths(root), ["media"], days=[DAY_TWO])


def test_rerunning_a_day_replaces_its_facts_instead_of_adding(media: ReplayRun, day_two_again: ReplayRun) -> None:
    run = day_two_again
    assert run.results[DAY_TWO][0].status == "success"
    for table, rows in EXPECTED_ROWS.items():
        assert run.scalar(f"select count(*) from media.{table}") == rows, table
    # Raw keeps all three loads (history); the marts see one row per title and day, from the newest load.
    assert run.scalar("select count(*) from raw_media.tv_details") == 26 * 3
    newest = run.scalar("select max(_load_id) from media.fct_title_daily_metrics")
    assert run.query(
        "select as_of_date, count(*) from media.fct_title_daily_metrics where _load_id = ? group by 1", [newest]
    ) == [(date.fromisoformat(DAY_TWO), 66)]
    unchanged = (
        "select * exclude (_load_id, _loaded_at, _run_id, _built_at) from media.fct_title_daily_metrics order by all"
    )
    assert run.query(unchanged) == media.query(unchanged)


def test_genres_and_languages_only_details_name_are_members(tmp_path) -> None:
    """Regression: a genre or a spoken language a title's details name but the genre list or
    /configuration/languages lacks failed the bridges' relationship tests, and the whole vertical. Here the TV
    genre list has no 10765 Sci-Fi & Fantasy and the languages list no Korean: both are members, named by the
    details, and every title's bridge row keeps them."""
    tv_genres = {"genres": [g for g in genre_list("tv")["genres"] if g["id"] != 10765]}
    listed_languages = [language for language in languages() if language["iso_639_1"] != "ko"]
    with Emulator(["media"]) as emulator, tmdb_key(SENTINEL_KEY):
        for path, body in ((r"/tmdb/genre/tv/list$", tv_genres), (r"/tmdb/configuration/languages$", listed_languages)):
            emulator.faults.add(Fault(path, "status", 200, body=json.dumps(body), times=None))
        run = replay(make_paths(tmp_path), ["media"], days=[DAY_ONE], emulator=emulator)
    assert [(r.status, r.error) for r in run.results[DAY_ONE]] == [("success", None)]
    assert run.query(
        "select genre_name, is_movie_genre, is_tv_genre, is_on_current_lists from media.dim_genre "
        "where genre_id = 10765"
    ) == [("Sci-Fi & Fantasy", False, False, False)]
    assert run.query("select english_name, native_name from media.dim_language where language_code = 'ko'") == [
        ("Korean", "한국어/조선말")
    ]
    sci_fi = run.query(
        "select b.media_type, b.tmdb_id from media.bridge_title_genre b join media.dim_genre g using (genre_key) "
        "where g.genre_id = 10765 order by 2"
    )
    assert sci_fi == [
        ("tv", tmdb_id)
        for tmdb_id in sorted((1399, 94997, 66732, 1402, 76479, 84958, 60625, 94605, 119051, 1429, 106379))
    ]
    korean = run.query(
        "select b.media_type, b.tmdb_id from media.bridge_title_language b join media.dim_language l "
        "using (language_key) where l.language_code = 'ko' order by 1"
    )
    assert korean == [("movie", 496243), ("tv", 93405)]
    # The other lists' members are untouched: 34 genre ids listed + 10765 + unknown; 33 languages + ko + unknown.
    assert run.scalar("select count(*) from media.dim_genre") == 28
    assert run.scalar("select count(*) from media.dim_language") == 35


def test_the_media_dbt_unit_tests_pass_on_the_built_warehouse(media: ReplayRun) -> None:
    unit_tests = run_unit_tests(media.paths, "media")
    assert len(unit_tests.declared) >= 5
    assert unit_tests.statuses == dict.fromkeys(unit_tests.declared, "pass"), unit_tests.output[-4000:]
