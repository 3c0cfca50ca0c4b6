"""The report: every chart of every vertical built from the demo's warehouse, each stating its query and as-of
range, drawn in a real headless browser from disk (Debian's Chromium; CI installs it), with a screenshot per page
kept under artifacts/report/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ingestion.charts.catalogue import CHARTS
from ingestion.charts.site import ReportError, build_report
from ingestion.runner.paths import PROJECT_DIR
from tests.conftest import DEMO_GROUP, DEMO_VERTICALS, ReplayRun

# The demo warehouse (tests/conftest.py) is built once, on the worker that runs this group.
pytestmark = pytest.mark.xdist_group(DEMO_GROUP)

VERTICALS = DEMO_VERTICALS
ARTIFACTS = Path(os.environ.get("STARLINE_ARTIFACTS_DIR", PROJECT_DIR / "artifacts")) / "report"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def pages(demo: ReplayRun, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    written = build_report(demo.paths.warehouse, tmp_path_factory.mktemp("site"))
    return {page.stem: page for page in written}


def sections(page: Path) -> dict[str, str]:
    """chart slug -> the HTML of its section."""
    text = page.read_text(encoding="utf-8")
    return dict(re.findall(r'<section class="chart" data-chart="([^"]+)"(.*?)</section>', text, flags=re.S))


def test_one_page_per_vertical_with_its_charts_their_queries_and_ranges(
    demo: ReplayRun, pages: dict[str, Path]
) -> None:
    assert sorted(pages) == sorted(["index", *VERTICALS])
    assert (pages["index"].parent / "plotly.min.js").stat().st_size > 1_000_000
    for vertical in VERTICALS:
        found = sections(pages[vertical])
        charts = [chart for chart in CHARTS if chart.vertical == vertical]
        assert list(found) == [chart.slug for chart in charts]
        for chart in charts:
            section = found[chart.slug]
            assert int(re.search(r'data-rows="(\d+)"', section)[1]) > 0, chart.slug
            assert "No rows" not in section and 'class="as-of">As of ' in section
            assert "select" in section and chart.sql.strip().splitlines()[0].replace("'", "&#x27;") in section
    # The range a chart states is the range of its data: top games by players spans both demo days.
    days = demo.query(
        "select min(as_of_date)::varchar, max(as_of_date)::varchar from gaming.fct_game_daily_metrics "
        "where current_players is not null"
    )[0]
    assert f'class="as-of">As of {days[0]} to {days[1]}.' in sections(pages["gaming"])["top-games-by-players"]
    overview = pages["index"].read_text()
    assert all(f'href="{vertical}.html"' in overview for vertical in VERTICALS)
    assert overview.count("<td>2 of 2</td>") + overview.count("<td>3 of 3</td>") == 4


def figure_data(section: str) -> str:
    return section[section.index("Plotly.newPlot") :]


def test_the_top_movers_are_the_five_largest_rises_and_falls_of_the_newest_day(
    demo: ReplayRun, pages: dict[str, Path]
) -> None:
    newest = demo.query(
        "select coin.coin_name, fct.price_change_percentage_24h from crypto.fct_coin_daily_metrics as fct "
        "join crypto.dim_coin as coin using (coin_key) "
        "where fct.date_key = (select max(date_key) from crypto.fct_coin_daily_metrics) "
        "and fct.price_change_percentage_24h is not null"
    )
    # Ties go to the name, in both directions.
    rises = [name for name, _ in sorted(newest, key=lambda row: (-row[1], row[0]))[:5]]
    falls = [name for name, _ in sorted(newest, key=lambda row: (row[1], row[0]))[:5]]
    drawn = figure_data(sections(pages["crypto"])["top-movers"])
    assert len(set(rises + falls)) == 10 and all(f'"{name}"' in drawn for name in rises + falls)
    assert not any(f'"{name}"' in drawn for name, _ in newest if name not in rises + falls)


def test_cover_rates_of_favourite_and_underdog_add_up_per_league(demo: ReplayRun) -> None:
    chart = next(chart for chart in CHARTS if chart.slug == "cover-and-total-rates")
    rows = demo.query(chart.sql)
    assert {row[0] for row in rows} == {"nba", "nfl", "nhl", "mlb"}
    for league, *_, favourite, underdog, over, under in rows:
        assert favourite + underdog == pytest.approx(1.0), league
        assert over + under == pytest.approx(1.0), league
    settled = demo.query(
        "select count(*) filter (where favorite_side = 'home' and home_covered or favorite_side = 'away' and not "
        "home_covered), count(*) filter (where home_covered is not null and favorite_side is not null) "
        "from betting.fct_game_odds where is_settled and league = 'nba'"
    )[0]
    nba = next(row for row in rows if row[0] == "nba")
    assert nba[4] == pytest.approx(settled[0] / settled[1])


def test_a_vertical_not_built_yet_says_so_and_the_rest_still_draws(
    replayed: Callable[[str], ReplayRun], tmp_path: Path
) -> None:
    written = {page.stem: page for page in build_report(replayed("gaming").paths.warehouse, tmp_path)}
    assert all('data-rows="0"' in section and "No rows" in section for section in sections(written["media"]).values())
    assert all('data-rows="0"' not in section for section in sections(written["gaming"]).values())
    assert "not built yet" in written["index"].read_text()


def test_no_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"no warehouse at .*: run `make demo` or `make run` first"):
        build_report(tmp_path / "missing.duckdb", tmp_path / "site")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
@pytest.mark.parametrize("vertical", VERTICALS)
def test_every_chart_draws_in_a_headless_browser_from_disk(pages: dict[str, Path], vertical: str) -> None:
    page = pages[vertical]
    browser = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    budget = "--virtual-time-budget=20000"
    dom = subprocess.run(
        [*browser, budget, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    drawn = dict(re.findall(r'<section class="chart" data-chart="([^"]+)"(.*?)</section>', dom, flags=re.S))
    assert list(drawn) == [chart.slug for chart in CHARTS if chart.vertical == vertical]
    for slug, section in drawn.items():
        # Plotly replaced the placeholder div with its SVG, and drew at least one trace of data in it.
        assert 'class="main-svg"' in section, slug
        assert re.search(r'class="trace (scatter|bars)', section), slug
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / f"{vertical}.png"
    subprocess.run(
        [*browser, budget, "--window-size=1280,2400", f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.stat().st_size > 20_000
