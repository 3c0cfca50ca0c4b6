"""The extraction benchmark (`benchmarks.extract`) on the small generated catalogue: the real sources through the
real clients against the emulator enforcing the published limits, on a fake clock."""

from __future__ import annotations

from benchmarks.extract import run
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
