"""Writes the report: `index.html` (the overview), `<vertical>.html` per vertical and `plotly.min.js`, all in one
folder, so the pages open from disk (file://) with no server and no network.

Plotly draws the charts: it is a Python library the project installs like its others, writes self-contained
HTML, and its JavaScript is one file shipped inside the wheel (no CDN, no Node toolchain, unlike Evidence or
Observable Framework, and with hover and zoom that static Vega-Lite images would lack)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from ingestion.charts.catalogue import CHARTS, Chart, Row

VERTICAL_TITLES = {
    "gaming": "Gaming: Steam and SteamSpy",
    "crypto": "Crypto: CoinGecko",
    "betting": "Betting: ESPN games and odds",
    "media": "Media: TMDb movies and TV",
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 0 16px 40px; color: #222; }
nav { padding: 12px 0; border-bottom: 1px solid #ddd; margin-bottom: 16px; }
nav a { margin-right: 16px; }
section { margin: 28px 0; }
.as-of { color: #555; font-size: 0.9em; }
.empty { padding: 24px; background: #f6f6f6; color: #555; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 0.85em; }
table { border-collapse: collapse; } td, th { padding: 4px 12px; border-bottom: 1px solid #eee; text-align: left; }
"""


class ReportError(RuntimeError):
    """The report cannot be built (no warehouse yet, or a run holds it)."""


@dataclass(frozen=True)
class DrawnChart:
    chart: Chart
    rows: list[Row]

    @property
    def as_of_range(self) -> tuple[date, date] | None:
        if not self.rows:
            return None
        starts = [row.get("from_date") or row["as_of_date"] for row in self.rows]
        return min(starts), max(row["as_of_date"] for row in self.rows)


def build_report(warehouse: Path, out_dir: Path) -> list[Path]:
    """Every page from the warehouse's published marts; returns the pages written, the overview first."""
    drawn = read_charts(warehouse)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    verticals = list(dict.fromkeys(chart.vertical for chart in CHARTS))
    pages = [out_dir / "index.html"]
    pages[0].write_text(overview_page(verticals, drawn), encoding="utf-8")
    for vertical in verticals:
        page = out_dir / f"{vertical}.html"
        page.write_text(vertical_page(vertical, verticals, [d for d in drawn if d.chart.vertical == vertical]))
        pages.append(page)
    return pages


def read_charts(warehouse: Path) -> list[DrawnChart]:
    if not warehouse.exists():
        raise ReportError(f"no warehouse at {warehouse}: run `make demo` or `make run` first")
    try:
        connection = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as error:
        raise ReportError(f"cannot open {warehouse} ({error}); run `make report` again once the run is done") from None
    with connection:
        schemas = {
            row[0] for row in connection.execute("select schema_name from information_schema.schemata").fetchall()
        }
        return [DrawnChart(chart, query(connection, chart) if chart.vertical in schemas else []) for chart in CHARTS]


def query(connection: duckdb.DuckDBPyConnection, chart: Chart) -> list[Row]:
    cursor = connection.execute(chart.sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def page(title: str, verticals: Sequence[str], body: str) -> str:
    links = ['<a href="index.html">Overview</a>'] + [
        f'<a href="{vertical}.html">{html.escape(vertical.capitalize())}</a>' for vertical in verticals
    ]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} · starline</title>
<script src="plotly.min.js"></script>
<style>{STYLE}</style>
</head>
<body>
<nav>{" ".join(links)}</nav>
<h1>{html.escape(title)}</h1>
{body}
</body>
</html>
"""


def describe_range(drawn: DrawnChart) -> str:
    found = drawn.as_of_range
    if found is None:
        return "No data for this chart in the warehouse yet."
    start, end = found
    return f"As of {end}." if start == end else f"As of {start} to {end}."


def chart_section(drawn: DrawnChart) -> str:
    chart = drawn.chart
    if drawn.rows:
        figure = drawn.chart.draw(drawn.rows).to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{chart.slug}",
            config={"displaylogo": False, "responsive": True},
        )
    else:
        figure = '<div class="empty">No rows: this vertical has not been built, or the period had no data.</div>'
    return f"""<section class="chart" data-chart="{chart.slug}" data-rows="{len(drawn.rows)}">
<h2>{html.escape(chart.title)}</h2>
<p class="as-of">{html.escape(describe_range(drawn))}</p>
<p>{html.escape(chart.caption)}</p>
{figure}
<details><summary>Query</summary><pre>{html.escape(chart.sql.strip())}</pre></details>
</section>"""


def vertical_page(vertical: str, verticals: Sequence[str], drawn: Sequence[DrawnChart]) -> str:
    return page(VERTICAL_TITLES.get(vertical, vertical), verticals, "\n".join(chart_section(d) for d in drawn))


def overview_page(verticals: Sequence[str], drawn: Sequence[DrawnChart]) -> str:
    rows = []
    for vertical in verticals:
        charts = [d for d in drawn if d.chart.vertical == vertical]
        ranges = [found for found in (d.as_of_range for d in charts) if found]
        span = f"{min(r[0] for r in ranges)} to {max(r[1] for r in ranges)}" if ranges else "not built yet"
        drawn_count = sum(1 for d in charts if d.rows)
        rows.append(
            f'<tr><td><a href="{vertical}.html">{html.escape(VERTICAL_TITLES.get(vertical, vertical))}</a></td>'
            f"<td>{drawn_count} of {len(charts)}</td><td>{html.escape(span)}</td></tr>"
        )
    body = (
        "<p>Charts from the published marts of the warehouse; each states its query and the as-of dates it covers. "
        "Rebuilt by <code>make report</code> (and at the end of <code>make demo</code>).</p>"
        "<table><tr><th>vertical</th><th>charts with data</th><th>as-of dates</th></tr>" + "".join(rows) + "</table>"
    )
    return page("starline report", verticals, body)
