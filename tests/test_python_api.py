"""The Python API people script against: orchestrator results, parameter aliases, extraction for notebooks, and
the seed's examples run exactly as written (only the import line is this project's)."""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from ingestion.api import SteamExtractor, get_orchestrator
from ingestion.emulator import Emulator
from ingestion.emulator.gaming_catalogue import CATALOGUE
from ingestion.records import extract_records
from ingestion.runner.extract import EntityCounter
from ingestion.runner.orchestrator import Orchestrator
from ingestion.sources.gaming.notebook import top_games
from ingestion.verticals import discover
from tests.conftest import ReplayRun, make_paths

GAMING_MARTS = [
    "bridge_game_category",
    "bridge_game_developer",
    "bridge_game_genre",
    "bridge_game_publisher",
    "bridge_game_tag",
    "dim_category",
    "dim_developer",
    "dim_game",
    "dim_genre",
    "dim_publisher",
    "dim_tag",
    "fct_game_daily_metrics",
]
GAMING_SETTINGS = ("STEAMSPY", "STEAM_STORE", "STEAM_WEB")
SENTINEL_KEY = "tmdb-sentinel-0123456789"


@pytest.fixture(autouse=True)
def starline_logging() -> Iterator[None]:
    """The Python API configures the `starline` logger per run; give the next test the logger it found."""
    logger = logging.getLogger("starline")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handlers, level, propagate = saved
    for handler in handlers:
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = propagate


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once, as with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def warehouse_rows(paths_root: Path, schema: str) -> int:
    with duckdb.connect(str(paths_root / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'",
            [schema],
        ).fetchall()
        return sum(connection.execute(f"select count(*) from {schema}.{t}").fetchone()[0] for (t,) in tables)


def test_run_results_carry_what_a_script_needs(replayed) -> None:
    run: ReplayRun = replayed("gaming")
    result = run.results["2025-01-02"][0]
    assert (result.vertical, result.status, result.error) == ("gaming", "success", None)
    assert result.records_extracted == 60  # games: the emulator's 60 apps, each fetched in detail
    assert result.records_by_resource["steam_app_details"] == 60 and result.pipeline == "gaming"
    assert sorted(result.tables_created) == sorted(
        row[0] for row in run.query("select table_name from information_schema.tables where table_schema = 'gaming'")
    )
    assert result.total_rows == sum(run.scalar(f"select count(*) from gaming.{t}") for t in result.tables_created)
    assert result.total_duration_sec >= sum(result.phase_seconds.values()) > 0
    assert set(result.phase_seconds) == {"extract", "load", "transform", "export"}
    # The Parquet writes inside dbt's post-hooks are booked as export, not as transform.
    assert result.phase_seconds["export"] > 0
    assert result.http["steam_app_details"]["requests"] == 60


def test_limit_is_accepted_as_the_top_n_of_gaming() -> None:
    gaming = discover()["gaming"]
    assert gaming.resolve_params({"limit": 100}, replay=False)["top_n"] == 100
    with pytest.raises(ValueError, match="valid: app_ids, steamspy_max_pages, top_n"):
        gaming.resolve_params({"pages": 2}, replay=False)


def test_get_orchestrator_defaults_to_live_runs_over_every_vertical() -> None:
    orchestrator = get_orchestrator()
    assert isinstance(orchestrator, Orchestrator) and orchestrator.mode == "live"
    assert "gaming" in orchestrator.specs
    assert (orchestrator.log_level, get_orchestrator(quiet=True).log_level) == (logging.INFO, logging.WARNING)
    with pytest.raises(ValueError, match=r"mode 'offline' is not known; use 'live' .* or 'replay'"):
        get_orchestrator(mode="offline")


def test_the_seed_orchestrator_examples_run_as_written_in_replay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    orchestrator = get_orchestrator(mode="replay", paths=make_paths(tmp_path))
    result = orchestrator.run_pipeline('gaming', extractor_params={'limit': 100})  # fmt: skip
    print(result.records_extracted, result.tables_created, result.total_rows)
    gaming_rows_after_one_run = warehouse_rows(tmp_path, "gaming")
    for r in orchestrator.run_all_pipelines():
        print(r.pipeline, r.total_rows, r.total_duration_sec)
    captured = capsys.readouterr()

    # No emulator was started by the test: each run started one (its address is in the log) and stopped it.
    emulators = re.findall(
        r"replaying against a local emulator at http://127\.0\.0\.1:(\d+), as of 2025-01-01", captured.err
    )
    assert len(emulators) == 2
    for port in emulators:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()

    assert (result.status, result.as_of_date) == ("success", "2025-01-01")
    assert result.records_extracted == len(CATALOGUE) == 60  # the emulator's catalogue, all within limit=100
    assert result.tables_created == GAMING_MARTS
    # Day one, by table: 443 + 64 + 139 + 64 + 361 category/developer/genre/publisher/tag bridge rows, 20
    # categories, 51 developers, 61 games (60 + the unknown member), 13 genres, 45 publishers, 123 tags, 60 facts.
    assert result.total_rows == gaming_rows_after_one_run == 1444

    lines = captured.out.strip().splitlines()
    assert lines[0] == f"60 {GAMING_MARTS} 1444"
    printed = [line.split() for line in lines[1:]]
    assert [(name, int(rows)) for name, rows, _ in printed] == [
        (name, warehouse_rows(tmp_path, name)) for name in ("betting", "crypto", "gaming", "media")
    ]
    assert all(float(seconds) > 0 for *_, seconds in printed)
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
        runs = connection.execute(
            "select vertical, status, records_extracted, tables_built from ops.etl_runs order by started_at"
        ).fetchall()
    # Entities: 60 games, 30 teams (NFL 8, NBA 8, NHL 7, MLB 7), 60 coins, 40 movies + 26 shows.
    assert runs == [
        ("gaming", "success", 60, 12),
        ("betting", "success", 30, 9),
        ("crypto", "success", 60, 10),
        ("gaming", "success", 60, 12),
        ("media", "success", 66, 10),
    ]
    # Progress went to stderr without the test configuring any logging.
    assert "gaming: success, 60 entities extracted, 12 mart tables with 1444 rows" in captured.err
    assert "gaming/steam_app_details: 60 requests, 60 rows" in captured.err


def test_a_replay_run_refuses_a_day_its_emulator_does_not_have(tmp_path: Path) -> None:
    orchestrator = get_orchestrator(mode="replay", paths=make_paths(tmp_path), quiet=True)
    with pytest.raises(ValueError, match="unknown emulator day '2024-06-01'; valid days: 2025-01-01, 2025-01-02"):
        orchestrator.run_pipeline("gaming", as_of_date="2024-06-01")
    assert not (tmp_path / "warehouse").exists()


def test_replay_base_urls_missing_a_vertical_are_refused_not_replaced_by_live_urls(tmp_path: Path) -> None:
    orchestrator = Orchestrator(make_paths(tmp_path), mode="replay", replay_base_urls={"crypto": {}})
    with pytest.raises(ValueError, match="replay_base_urls has no emulator base URLs for gaming"):
        orchestrator.run_pipeline("gaming")


@pytest.mark.parametrize("quiet", [False, True])
def test_a_live_run_without_network_fails_in_seconds_and_logs_to_stderr_unless_quiet(
    quiet: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    for api in GAMING_SETTINGS:
        monkeypatch.setenv(f"SOURCES__GAMING__{api}__BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", SENTINEL_KEY)
    orchestrator = get_orchestrator(paths=make_paths(tmp_path), quiet=quiet)
    started = time.monotonic()
    result = orchestrator.run_pipeline("gaming")
    assert time.monotonic() - started < 5
    expected = (
        f"UnreachableHostError: cannot reach 127.0.0.1:{port} (steamspy, for gaming): Connection refused. "
        "No network? `make demo` runs everything offline against the local API emulator."
    )
    assert (result.status, result.error) == ("failed", expected)
    logging.getLogger("starline.test").warning("a message naming the key %s", SENTINEL_KEY)

    err = capsys.readouterr().err
    assert f"ERROR starline.run: gaming failed: {expected}" in err
    assert ("INFO starline.run: gaming: live run as of" in err) is not quiet
    assert SENTINEL_KEY not in err and "a message naming the key ***" in err
    log_text = next((tmp_path / "logs").glob("*.log")).read_text()
    assert f"gaming failed: {expected}" in log_text and SENTINEL_KEY not in log_text


def test_the_seed_steam_extractor_example_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Emulator(["gaming"]) as emulator:
        # The live settings pointed at the emulator, so the seed's `SteamExtractor()` runs unchanged and offline.
        for api, url in emulator.base_urls()["gaming"].items():
            monkeypatch.setenv(f"SOURCES__GAMING__{api.upper()}__BASE_URL", url)
        result = SteamExtractor().extract_top_games(count=100, sort_by='owners')  # fmt: skip
        for game in result.data:
            print(game['owners_estimate'])  # fmt: skip
    printed = [int(line) for line in capsys.readouterr().out.split()]
    # One SteamSpy page: the emulator's hold 50 apps (the real API's 1000), so count=100 gets all 50 of it.
    assert (result.source, result.sort_by, result.count, len(printed)) == ("steamspy", "owners", 50, 50)
    assert printed == [game["owners_estimate"] for game in result.data] == sorted(printed, reverse=True)
    by_app = {game["appid"]: game for game in result.data}
    # ELDEN RING: "20,000,000 .. 50,000,000" owners -> the middle of the range.
    assert (by_app[1245620]["name"], by_app[1245620]["owners_estimate"]) == ("ELDEN RING", 35_000_000)
    assert printed[0] == 350_000_000  # Dota 2, "200,000,000 .. 500,000,000"


def test_notebook_helpers_fail_in_seconds_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    # No DNS, as on a machine without network: the first host of the vertical is named at once.
    for api in GAMING_SETTINGS:
        monkeypatch.setenv(f"SOURCES__GAMING__{api}__BASE_URL", f"https://{api.lower()}.invalid")
    started = time.monotonic()
    with pytest.raises(RuntimeError) as raised:
        top_games(count=5)
    assert str(raised.value) == (
        "cannot reach steamspy.invalid:443 (steamspy, for gaming): Name or service not known. "
        "No network? `make demo` runs everything offline against the local API emulator."
    )
    port = closed_port()
    with pytest.raises(RuntimeError, match=f"cannot reach 127.0.0.1:{port} \\(steamspy, for gaming\\)"):
        SteamExtractor(
            base_urls=dict.fromkeys(("steamspy", "steam_store", "steam_web"), f"http://127.0.0.1:{port}")
        ).extract_top_games()
    assert time.monotonic() - started < 5


def test_entities_are_counted_once_across_resources_and_by_their_whole_key() -> None:
    counter = EntityCounter()
    teams, details = counter.seeing(("league_slug", "id")), counter.seeing(("league_slug", "id"))
    page = [{"league_slug": "nfl", "id": "1"}, {"league_slug": "nba", "id": "1"}, {"league_slug": "nfl"}]
    assert teams(page) is page
    details({"league_slug": "nfl", "id": "1", "record": {}})
    assert counter.count == 2  # nfl/1 twice, nba/1; the entry without an id names no team


def test_top_games_gives_named_records_with_an_owners_estimate() -> None:
    with Emulator(["gaming"]) as emulator:
        games = top_games(count=5, sort_by="owners", max_pages=5, base_urls=emulator.base_urls()["gaming"])
    assert [game["name"] for game in games][:2] == ["Dota 2", "Counter-Strike 2"]
    assert games[0]["owners_estimate"] == 350_000_000  # "200,000,000 .. 500,000,000"
    estimates = [game["owners_estimate"] for game in games]
    assert estimates == sorted(estimates, reverse=True)


def test_extract_records_names_what_is_valid() -> None:
    with pytest.raises(ValueError, match="unknown vertical 'chess'"):
        extract_records("chess", "games")
    with Emulator(["gaming"]) as emulator, pytest.raises(ValueError, match="valid: steamspy_apps"):
        extract_records("gaming", "nope", base_urls=emulator.base_urls()["gaming"])
