"""Inputs are checked before any request (issue 13, item 4): every `--param`, `--as-of`, `--dates` and `.dlt`
setting that is not allowed stops the command with exit code 2 and one line naming the setting, the value and what
is allowed; nothing reaches the APIs, the lock or the warehouse. Zero means zero (item 8): a count of 0 selects no
entity and sends no request for it.

The live runs here point every API's base URL at a local emulator, so a check that came too late would show up as
a recorded request."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ingestion.cli import EXIT_FAILED, EXIT_USAGE, main
from ingestion.clients import make_clients
from ingestion.emulator import Emulator, Fault
from ingestion.http import StatsRegistry
from ingestion.params import Setting, SettingError, WholeNumber
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.sources.crypto import helpers as crypto_helpers
from ingestion.verticals import discover
from tests.conftest import make_paths, replay

TODAY = datetime.now(UTC).date().isoformat()
TOP_N = (
    "allowed: a whole number >= 0 (apps detailed a day at most (new first, then changed, then stalest), within "
    "each API's daily_budget; unset = as many as the budgets allow, 0 = none)"
)
LEAGUES = (
    "allowed: a non-empty list, each one of football/nfl, basketball/nba, baseball/mlb, hockey/nhl "
    "(ESPN leagues to read)"
)
START_DATE = "allowed: a date YYYY-MM-DD (or YYYYMMDD), or '' for none (first scoreboard date of a backfill; '' = "


@pytest.fixture(scope="module")
def api_emulator() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def live(isolated: Path, monkeypatch: pytest.MonkeyPatch, api_emulator: Emulator) -> Iterator[Path]:
    """Live mode with every API of every vertical answered by the emulator, and the run's files under tmp_path."""
    for vertical, urls in api_emulator.base_urls().items():
        for api, url in urls.items():
            monkeypatch.setenv(f"SOURCES__{vertical.upper()}__{api.upper()}__BASE_URL", url)
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "test-key")
    api_emulator.faults.clear()
    api_emulator.clear_requests()
    yield isolated
    api_emulator.faults.clear()


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


BAD_INPUTS: list[tuple[list[str], dict[str, str], str]] = [
    (["run", "gaming", "--param", "gaming.top_n=-5"], {}, f"gaming.top_n=-5: below 0; {TOP_N}"),
    (["run", "gaming", "--param", "top_n=abc"], {}, f"gaming.top_n='abc': not a whole number; {TOP_N}"),
    (["run", "gaming", "--param", "gaming.limit=2.5"], {}, f"gaming.limit=2.5: not a whole number; {TOP_N}"),
    (
        ["run", "gaming", "--param", "gaming.app_ids=[570, 0]"],
        {},
        "gaming.app_ids=[570, 0]: item 0: below 1; allowed: a list, each a whole number >= 1 "
        "(Steam app ids detailed every day before any other, also beyond the catalogue pages read; without top_n, "
        "only these)",
    ),
    (
        ["run", "betting", "--param", "betting.start_date=2025-02-30"],
        {},
        f"betting.start_date='2025-02-30': not a date; {START_DATE}end_date - days_back)",
    ),
    (
        ["run", "betting", "--param", "betting.start_date=2025-01-05", "--param", "betting.end_date=2025-01-01"],
        {},
        "betting.start_date='2025-01-05' is after betting.end_date 2025-01-01; "
        "allowed: a start_date on or before end_date",
    ),
    (
        ["run", "betting", "--as-of", "2025-01-02", "--param", "betting.start_date=2025-01-03"],
        {},
        "betting.start_date='2025-01-03' is after the as-of date (end_date unset) 2025-01-02; "
        "allowed: a start_date on or before end_date",
    ),
    (
        ["run", "betting", "--as-of", "2025-01-02", "--param", "betting.start_date=2023-01-01"],
        {},
        "betting.start_date..end_date=2023-01-01..2025-01-02: 733 dates; "
        "allowed: at most 400 dates a run (backfill one season at a time)",
    ),
    (
        ["run", "betting", "--param", "betting.leagues=['football/nfl', 'football/nlf']"],
        {},
        f"betting.leagues=['football/nfl', 'football/nlf']: item 'football/nlf': not one of the allowed values; "
        f"{LEAGUES}",
    ),
    (["run", "betting", "--param", "betting.leagues=[]"], {}, f"betting.leagues=[]: empty; {LEAGUES}"),
    (
        ["run", "gaming", "--as-of", "2999-01-01"],
        {},
        f"--as-of='2999-01-01': in the future; allowed: a date YYYY-MM-DD up to today ({TODAY}, UTC)",
    ),
    (
        ["run", "gaming", "--as-of", "2025-02-30"],
        {},
        f"--as-of='2025-02-30': not a date; allowed: a date YYYY-MM-DD up to today ({TODAY}, UTC)",
    ),
    (
        ["run", "gaming", "--param", "crypto.max_coins=10"],
        {},
        "crypto.max_coins=10: not a vertical of this run (gaming); "
        "allowed: parameters of the verticals that run, or add the vertical to the run",
    ),
    (
        ["run", "gaming", "--param", "crypto.x=1"],
        {},
        "crypto.x=1: not a vertical of this run (gaming); "
        "allowed: parameters of the verticals that run, or add the vertical to the run",
    ),
    (
        ["run", "gaming", "--param", "gaming.pages=2"],
        {},
        "unknown parameter(s) for gaming: pages=2; valid: app_ids, steamspy_max_pages, top_n",
    ),
    (
        ["run", "crypto", "--param", "crypto.vs_currency=usdx"],
        {},
        "crypto.vs_currency='usdx': not one of the allowed values; allowed: one of CoinGecko's 62 vs currencies, "
        "e.g. usd, eur, gbp, jpy, btc (the currency of prices, market caps and volumes)",
    ),
    (
        ["run", "crypto", "--param", "crypto.markets_per_page=0"],
        {},
        "crypto.markets_per_page=0: below 1; allowed: a whole number from 1 to 250 (coins per /coins/markets page)",
    ),
    (
        ["run", "crypto", "--param", "crypto.chart_days=0"],
        {},
        "crypto.chart_days=0: below 1; allowed: a whole number >= 1 (days of daily price history per run)",
    ),
    (
        ["run", "media", "--param", "media.popular_max_pages=501"],
        {},
        "media.popular_max_pages=501: above 500; allowed: a whole number from 0 to 500 "
        "(pages of /movie/popular and /tv/popular; 0 = none)",
    ),
    (
        ["run", "media", "--param", "media.discover_sort_by=revenue.desc"],
        {},
        "media.discover_sort_by='revenue.desc': not one of the allowed values; allowed: one of popularity.desc, "
        "popularity.asc, vote_average.desc, vote_average.asc, vote_count.desc, vote_count.asc (how discover sorts)",
    ),
    # The environment: SOURCES__<VERTICAL>__<NAME> values are text, names must be known.
    (
        ["run", "gaming"],
        {"SOURCES__GAMING__TOP_N": "abc"},
        f"SOURCES__GAMING__TOP_N='abc': not a whole number; {TOP_N}",
    ),
    (
        ["run", "gaming"],
        {"SOURCES__GAMING__TOPN": "5"},
        "SOURCES__GAMING__TOPN: unknown setting for gaming; allowed: app_ids, steamspy_max_pages, top_n "
        "(or an API section: steamspy, steam_store, steam_web)",
    ),
    (
        ["run", "betting"],
        {"SOURCES__BETTING__LEAGUES": '["hockey/nhl", "soccer/xyz"]'},
        "SOURCES__BETTING__LEAGUES='[\"hockey/nhl\", \"soccer/xyz\"]': item 'soccer/xyz': "
        f"not one of the allowed values; {LEAGUES}",
    ),
    (
        ["run", "gaming"],
        {"SOURCES__GAMING__STEAM_STORE__RATE_LIMIT_REQUESTS": "0"},
        "SOURCES__GAMING__STEAM_STORE__RATE_LIMIT_REQUESTS='0': not above 0; "
        "allowed: a number > 0 (requests allowed per rate_limit_per_seconds)",
    ),
    # make's DATES arrives as --dates START:END.
    (
        ["run", "betting", "--dates", "2024-09-05"],
        {},
        "--dates='2024-09-05': not START:END; allowed: YYYY-MM-DD:YYYY-MM-DD, e.g. 2024-09-05:2025-01-05",
    ),
    (
        ["run", "betting", "--dates", "2025-01-05:2024-09-05"],
        {},
        "betting.start_date='2025-01-05' is after betting.end_date 2024-09-05; "
        "allowed: a start_date on or before end_date",
    ),
    (
        ["run", "gaming", "--dates", "2024-09-05:2025-01-05"],
        {},
        "--dates='2024-09-05:2025-01-05': only betting reads a date range and this run is gaming; "
        "allowed: add betting to the run or drop --dates",
    ),
]


@pytest.mark.parametrize(("argv", "env", "expected"), BAD_INPUTS, ids=[" ".join(case[0][1:]) for case in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_before_any_request(
    argv: list[str],
    env: dict[str, str],
    expected: str,
    live: Path,
    api_emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    assert main(argv) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"starline: {expected}"]
    assert captured.out == ""
    assert api_emulator.requests == []
    # No log, lock, state or warehouse file: the command stopped before touching any.
    assert files_under(live) == []


def test_the_same_harness_sees_requests_once_the_input_is_valid(
    live: Path, api_emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Control for the test above: a valid run does reach the emulator (and fails fast on the injected 500s).
    monkeypatch.setenv("SOURCES__GAMING__STEAMSPY__MAX_ATTEMPTS", "1")
    api_emulator.faults.add(Fault(r"/steamspy/", "status", 500))
    assert main(["run", "gaming", "--as-of", "2025-01-01", "--param", "gaming.top_n=3"]) == EXIT_FAILED
    assert [request.path for request in api_emulator.requests][:1] == ["/steamspy/api.php"]
    assert "ApiStatusError" in capsys.readouterr().out


def test_replay_as_of_outside_the_emulated_days_exits_2(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "gaming", "--replay", "--as-of", "2024-06-01"]) == EXIT_USAGE
    assert capsys.readouterr().err.splitlines() == [
        "starline: --as-of='2024-06-01': not a day the emulator serves; allowed with --replay: 2025-01-01, 2025-01-02"
    ]
    assert files_under(live) == []


def test_a_bad_value_in_dlt_config_toml_stops_the_real_command(tmp_path: Path) -> None:
    # dlt reads .dlt/ from the working directory; the real entry point, so exit code and stderr are end to end.
    (tmp_path / ".dlt").mkdir()
    (tmp_path / ".dlt" / "config.toml").write_text('[sources.betting]\nleagues = ["hockey/nhl"]\ndays_back = -1\n')
    completed = subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "starline"), "run", "betting", "--as-of", "2025-01-01"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "STARLINE_WAREHOUSE": str(tmp_path / "w.duckdb")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == EXIT_USAGE
    assert completed.stderr.splitlines() == [
        "starline: sources.betting.days_back=-1: below 0; allowed: a whole number from 0 to 399 "
        "(scoreboards of the as-of date and this many days before it; 0 = the as-of date only)"
    ]
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"extractor_params": {"gaming": {"top_n": -5}}}, f"gaming.top_n=-5: below 0; {TOP_N}"),
        ({"as_of_date": "2999-01-01"}, "as_of_date='2999-01-01': in the future; allowed: a date YYYY-MM-DD up to "),
        ({"extractor_params": {"crypto": {"top_n": 0}}}, "crypto.top_n=0: not a vertical of this run (gaming)"),
    ],
)
def test_python_callers_get_a_setting_error_before_anything_runs(
    call: dict[str, Any], message: str, live: Path, api_emulator: Emulator
) -> None:
    paths = make_paths(live)
    with pytest.raises(SettingError) as raised:
        Orchestrator(paths, mode="live").run_all_pipelines(["gaming"], **call)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert api_emulator.requests == [] and files_under(live) == []


def test_configured_and_overriding_values_are_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    specs = discover()
    monkeypatch.setenv("SOURCES__GAMING__APP_IDS", "[570, 730, 570]")
    monkeypatch.setenv("SOURCES__GAMING__TOP_N", "7")
    assert specs["gaming"].resolve_params({}, replay=False) == {
        "top_n": 7,
        "app_ids": [570, 730],
        "steamspy_max_pages": 100,
    }
    betting = specs["betting"].resolve_params(
        {"leagues": "hockey/nhl,football/nfl", "start_date": 20241228, "end_date": "2025-01-02"},
        replay=False,
        as_of_date="2025-01-02",
    )
    assert betting == {
        "leagues": ["hockey/nhl", "football/nfl"],
        "days_back": 4,
        "start_date": "2024-12-28",
        "end_date": "2025-01-02",
    }
    assert specs["crypto"].resolve_params({"vs_currency": "EUR"}, replay=False)["vs_currency"] == "eur"


# Zero means zero: each count of each source, iterated against the emulator.


@pytest.fixture
def emulator(api_emulator: Emulator) -> Emulator:
    api_emulator.faults.clear()
    api_emulator.set_day("2025-01-01")
    api_emulator.clear_requests()
    return api_emulator


def extract(emulator: Emulator, vertical: str, **params: Any) -> dict[str, list[dict[str, Any]]]:
    """Every selected resource's rows of `vertical` with `params` over its replay defaults."""
    spec = discover()[vertical]
    clients = make_clients(spec, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()[vertical])
    resolved = spec.resolve_params(params, replay=True, as_of_date="2025-01-01")
    source = spec.make_source(clients, as_of_date="2025-01-01", run_id="zero", **resolved)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in source.selected_resources}
    for name in source.selected_resources:
        rows[name] = list(source.with_resources(name))
    return rows


def requested(emulator: Emulator, prefix: str) -> list[str]:
    return [request.path for request in emulator.requests if request.path.startswith(prefix)]


def test_crypto_top_n_0_selects_no_coin(emulator: Emulator) -> None:
    rows = extract(emulator, "crypto", top_n=0)
    assert rows["coin_details"] == [] and rows["coin_market_chart"] == []
    # Markets and categories only: no /coins/{id} nor /coins/{id}/market_chart.
    assert set(requested(emulator, "/coingecko/coins/")) == {"/coingecko/coins/markets", "/coingecko/coins/categories"}
    assert len(rows["coins_markets"]) == 60
    # The regression itself: `top_coin_ids(rows, 0)` used to return every coin.
    assert crypto_helpers.top_coin_ids([{"id": "bitcoin", "market_cap_rank": 1}], 0) == []
    assert crypto_helpers.top_coin_ids([{"id": "b", "market_cap_rank": 2}, {"id": "a", "market_cap_rank": 1}], 1) == [
        "a"
    ]


def test_crypto_max_counts_0_read_no_page(emulator: Emulator) -> None:
    rows = extract(emulator, "crypto", max_coins=0, max_exchanges=0)
    assert rows["coins_markets"] == rows["exchanges"] == rows["coin_details"] == []
    assert requested(emulator, "/coingecko/coins/markets") == requested(emulator, "/coingecko/exchanges") == []


def test_gaming_top_n_0_and_no_catalogue_pages_send_no_detail_request(emulator: Emulator) -> None:
    rows = extract(emulator, "gaming", top_n=0)
    assert len(rows["steamspy_apps"]) == 60
    assert all(rows[name] == [] for name in ("steamspy_app_details", "steam_app_details", "steam_app_reviews"))
    assert requested(emulator, "/steam-store/") == requested(emulator, "/steam-web/") == []
    emulator.clear_requests()
    rows = extract(emulator, "gaming", steamspy_max_pages=0)
    assert all(rows[name] == [] for name in rows) and emulator.requests == []


def test_media_max_pages_0_reads_no_list_and_no_details(emulator: Emulator) -> None:
    rows = extract(emulator, "media", popular_max_pages=0, discover_max_pages=0, trending_max_pages=0)
    assert all(rows[name] == [] for name in rows if name not in ("genres", "languages"))
    assert {request.path.split("/")[2] for request in emulator.requests} == {"genre", "configuration"}


def test_betting_days_back_0_reads_the_as_of_date_only(emulator: Emulator) -> None:
    extract(emulator, "betting", days_back=0, leagues=["hockey/nhl"])
    scoreboards = [r for r in emulator.requests if r.path.endswith("/scoreboard")]
    assert [(r.path, r.query) for r in scoreboards] == [("/espn-site/hockey/nhl/scoreboard", {"dates": "20250101"})]


def test_crypto_run_with_top_n_0_succeeds_with_no_coin_detailed_that_day(paths: Paths, emulator: Emulator) -> None:
    replay(paths, ["crypto"], emulator=emulator, days=["2025-01-01"])
    run = replay(paths, ["crypto"], params={"crypto": {"top_n": 0}}, emulator=emulator, days=["2025-01-02"])
    (result,) = run.results["2025-01-02"]
    assert (result.status, result.error) == ("success", None)
    assert "coin_details" not in result.http and "coin_market_chart" not in result.http
    detailed = run.query(
        "select as_of_date::varchar, count(*), count(*) filter (where has_details) "
        "from crypto.fct_coin_daily_metrics group by 1 order by 1"
    )
    assert detailed == [("2025-01-01", 60, 50), ("2025-01-02", 60, 0)]


def test_make_run_reports_starlines_exit_status(tmp_path: Path) -> None:
    # GNU make exits 2 on any failed recipe; the status starline gave is the last line the recipe prints.
    completed = subprocess.run(
        ["make", "--no-print-directory", "run", "VERTICAL=gaming", "AS_OF=2999-01-01"],
        cwd=PROJECT_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "STARLINE_WAREHOUSE": str(tmp_path / "w.duckdb")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = completed.stderr.splitlines()
    assert lines[0] == (
        f"starline: --as-of='2999-01-01': in the future; allowed: a date YYYY-MM-DD up to today ({TODAY}, UTC)"
    )
    assert lines[1] == "make run: starline exited with status 2"
    assert not (tmp_path / "w.duckdb").exists()


def test_top_games_refuses_a_negative_count_before_any_request(emulator: Emulator) -> None:
    from ingestion.sources.gaming.notebook import top_games

    with pytest.raises(SettingError, match=r"^count=-5: below 0; allowed: a whole number >= 0 \(games to return"):
        top_games(count=-5, base_urls=emulator.base_urls()["gaming"])
    assert emulator.requests == []
    assert top_games(count=0, base_urls=emulator.base_urls()["gaming"]) == []


def test_an_optional_setting_may_stay_unset_and_a_required_one_may_not() -> None:
    optional = Setting("top_n", WholeNumber(0), None, "a cap")
    assert optional.check(None, "crypto.top_n") is None
    assert optional.check("7", "crypto.top_n") == 7
    with pytest.raises(SettingError, match=r"crypto.chart_days=None: not a whole number"):
        Setting("chart_days", WholeNumber(1), 30, "days").check(None, "crypto.chart_days")
