"""The extraction benchmark (`benchmarks.extract`) on the small generated catalogue: the real sources through the
real clients against the emulator enforcing the published limits, on a fake clock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from benchmarks.extract import main, run
from ingestion.emulator.catalogues.description import load
from ingestion.emulator.media_catalogue import LANGUAGES, MOVIE_GENRES, TV_GENRES


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


def test_a_day_of_espn_reads_every_team_and_the_scoreboard_window_and_provokes_no_429() -> None:
    small = load("small")
    assert small.betting is not None
    betting = small.betting
    (espn,) = run("small", ["espn"])
    teams = 4 * betting.teams_per_league
    # The live defaults: four team lists, a team page per team, four standings, and each league's scoreboards of
    # the as-of date and the 4 days before it.
    assert espn.requests == 4 + teams + 4 + 4 * 5
    # Off days: league n of nfl, nba, nhl, mlb rests on season day s when s % off_every == n % off_every; the
    # window 2024-12-28..2025-01-01 lies before the quiet dates.
    season_start = date.fromisoformat(small.start) - timedelta(days=betting.played_before)
    window = [date.fromisoformat(small.start) - timedelta(days=back) for back in range(5)]
    assert betting.quiet_start > 0
    playing = sum(
        (day - season_start).days % betting.off_every != place % betting.off_every
        for place in range(4)
        for day in window
    )
    # Teams, team details and standings: a row per team each; the scoreboards a row per event.
    assert espn.rows == 3 * teams + playing * betting.games_per_day
    assert espn.provoked_429 == 0
    # The site client keeps its own polite 2 requests a second, a fifth of the 10 a second assumed for ESPN.
    site_requests = espn.requests - 4
    assert espn.simulated_hours * 3600 >= (site_requests - 2) / 2
    assert 10.0 <= espn.limit_used_pct <= 30.0


def test_a_day_of_the_small_tmdb_catalogue_reads_every_title_within_the_limit() -> None:
    media = load("small").media
    (tmdb,) = run("small", ["tmdb"])
    years = media.last_year - media.first_year + 1
    # Discover reads 1900-2025 (CATALOGUE_PARAMS), one list per year: the catalogue's titles are spread evenly over
    # its years, 20 a page, and every other year answers one empty page.
    split_years = 2025 - 1900 + 1
    discover = 0
    for titles in (media.movies, media.shows):
        per_year = [titles // years + (index < titles % years) for index in range(years)]
        discover += sum(-(-count // 20) for count in per_year) + split_years - years
    popular = -(-media.movies // 20) + -(-media.shows // 20)
    titles = media.movies + media.shows
    # Two genre lists, the languages, trending's one page, and one details request a title (the budget of 25,000
    # covers them all); no changes feed before any title was ever detailed.
    assert tmdb.requests == 2 + 1 + popular + discover + 1 + titles
    genres = len(MOVIE_GENRES) + len(TV_GENRES)
    # Every title once on popular, once on its year's discover list, and in detail; 20 on trending.
    assert tmdb.rows == genres + len(LANGUAGES) + 3 * titles + 20
    assert tmdb.provoked_429 == 0
    assert tmdb.limit_used_pct >= 95.0
    # 40 a second at most.
    assert tmdb.simulated_hours * 3600 >= tmdb.requests / 40
