"""The extraction benchmark (`benchmarks.extract`) on the small generated catalogue: the real sources through the
real clients against the emulator enforcing the published limits, on a fake clock."""

from __future__ import annotations

from pathlib import Path

from benchmarks.extract import main, run
from ingestion.emulator.catalogues.description import load


def test_a_day_of_gaming_and_crypto_uses_each_limit_and_provokes_no_429() -> None:
    small = load("small")
    figures = {figure.api: figure for figure in run("small", ["steamspy", "coingecko"])}
    steamspy, coingecko = figures["steamspy"], figures["coingecko"]
    # Every catalogue page (and the empty one after the last) and one appdetails per app: the budget of 21,600
    # reaches the whole small catalogue.
    apps = small.gaming.apps
    pages = -(-apps // 1000)
    assert steamspy.requests == pages + 1 + apps
    assert steamspy.rows == 2 * apps
    # Markets pages of 250, then details and a chart for 100 coins (the budget of 200), categories, exchanges,
    # global and trending.
    markets_pages = -(-small.crypto.coins // 250)
    assert coingecko.requests == markets_pages + 200 + 4
    for figure in (steamspy, coingecko):
        assert figure.provoked_429 == 0
        assert figure.limit_used_pct >= 95.0
        assert figure.line().startswith(f"bench-extract: api={figure.api} requests={figure.requests} ")
    # SteamSpy's 1 a second: an appdetails a second and a catalogue page a minute, not faster.
    assert steamspy.simulated_hours * 3600 >= apps


def test_the_results_file_records_each_api_line_and_the_command(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS_EXTRACT.md"
    main(["--catalogue", "small", "--api", "coingecko", "--results", str(results)])
    text = results.read_text()
    assert "`python -m benchmarks.extract --catalogue small --api coingecko --results " in text
    markets_pages = -(-load("small").crypto.coins // 250)
    requests = markets_pages + 200 + 4
    assert f"| coingecko | {requests:,} | " in text
    [line] = [line for line in text.splitlines() if line.startswith("bench-extract:")]
    assert line.startswith(f"bench-extract: api=coingecko requests={requests} ")
    assert " provoked_429=0 " in line
