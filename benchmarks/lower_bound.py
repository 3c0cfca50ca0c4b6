"""The lower bound: the project's star schema written as plain DuckDB SQL, from the project's own raw tables.

`run(warehouse, out_dir)` attaches the warehouse read-only and, in one connection to a file-backed database
`out_dir/lower_bound.duckdb` (with the dbt profile's DuckDB settings, memory_limit included), builds what the
dbt marts build: every SCD2 dimension with its versions derived from the raw history in as-of order (gaps and
islands on the snapshot's check_cols), the type 1 dimensions, dim_date, the facts keyed to the version valid on
the fact's day (the unknown member '-1' otherwise), the bridges of current membership, an unknown member per
dimension, the same MD5 surrogate keys (macros/surrogate_key.sql), and Snappy Parquet exports sorted by key
(facts by date first), one folder per table as the project's exports are, each file with a sidecar (rows,
sha256). Staging keeps the newest load per entity
and day, as dbt's staging does; staging and intermediate results are temp tables (`<vertical>_<name>`, spilled
to disk past memory_limit), which measured 29% less CPU than writing them into the database file.
The SQL is in `benchmarks/lower_bound/<vertical>.sql`; a vertical whose raw schema is missing is skipped.
By hand: `python -m benchmarks.lower_bound WAREHOUSE OUT_DIR [--memory-limit 3GiB]` prints rows, seconds and
peak RSS.

Same grains, joins, keys and version history as the marts (every check_col is compared when deriving versions,
every dedup and lookup is done); it leaves out these mart columns:
- everywhere: the audit columns (`_load_id`, `_loaded_at`, `_run_id`, `_source`, `_built_at`) and dim_*.is_current;
- shared.dim_date: calendar_quarter, day_of_year, week_start_date, month_start_date;
- gaming.dim_game: app_type, is_free, price_currency, is_on_windows, is_on_mac, is_on_linux, release_date,
  release_date_text, is_coming_soon, required_age, metacritic_score, has_store_details;
  gaming.fct_game_daily_metrics: owners_min, owners_max, players_2weeks, positive_reviews, negative_reviews,
  review_score_description, the playtimes but average_playtime_forever_minutes, initial_price_cents,
  price_currency (the gaming type 1 dimensions and bridges are complete);
- crypto.dim_coin: hashing_algorithm, genesis_date, homepage_url; crypto.dim_category: category_id,
  category_description; crypto.dim_exchange: year_established, country, exchange_description, website_url,
  image_url, has_trading_incentive; crypto.fct_coin_daily_metrics: every measure but current_price, market_cap,
  total_volume_24h and has_details; crypto.fct_coin_price_history: price_at, vs_currency, as_of_date;
  crypto.fct_exchange_daily_metrics: trust_score_rank, trade_volume_24h_btc_normalized;
  crypto.fct_category_daily_metrics: market_cap_change_percentage_24h, updated_at; crypto.fct_market_daily:
  market_cap_change_percentage_24h_usd, active_cryptocurrencies, markets, upcoming_icos, ongoing_icos,
  ended_icos, updated_at;
- betting.dim_team: sport, team_slug, short_display_name, team_name, nickname, location, color, alternate_color,
  logo_url, venue_name, group_id; betting.dim_league, dim_season, dim_venue and dim_odds_provider: every column
  but their keys (and venue_name), first_seen_date and last_seen_date included; betting.fct_game_results:
  everything but the keys, game_status, home_score, away_score and winner_side; betting.fct_game_odds: everything
  but the keys and line_as_of_date (it carries ESPN's numeric spread, total and moneylines as *_number columns:
  the text-priced odds blocks and the details are not parsed, so no opening lines, unparsed-price audit,
  favourite, probabilities or settlement);
  betting.fct_team_standings_daily: group_id, group_name, ot_losses, win_percent, point_differential,
  games_behind, playoff_seed, standings_points, streak_type, streak_length, clinch_indicator, record_summary;
  betting.fct_team_standing_stats_daily: stat_type, stat_abbreviation, stat_display_name, stat_description,
  display_value, summary, is_mapped;
- media.dim_title: status, runtime_minutes, release_year, original_language, is_adult, overview_md5, has_details;
  media.dim_company and dim_network: origin_country, logo_path; media.dim_genre: is_movie_genre, is_tv_genre,
  is_on_current_lists; media.dim_language: native_name; media bridges: listed_position;
  media.fct_title_daily_metrics: is_trending, budget_usd, revenue_usd, number_of_seasons, number_of_episodes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import time
from pathlib import Path

import duckdb
import yaml

PROFILE = Path(__file__).resolve().parents[1] / "profiles.yml"
SQL_DIR = Path(__file__).with_name("lower_bound")
VERTICALS = ("gaming", "crypto", "betting", "media")

# Every table built, with its sort order for the export: the key first, facts by date first. The same columns
# are the key set the test compares with the dbt marts.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "shared": {"dim_date": ("date_key",)},
    "gaming": {
        "dim_game": ("game_key", "app_id", "valid_from", "valid_to"),
        "dim_category": ("category_key", "category_id"),
        "dim_genre": ("genre_key", "genre_id"),
        "dim_developer": ("developer_key", "developer_name"),
        "dim_publisher": ("publisher_key", "publisher_name"),
        "dim_tag": ("tag_key", "tag_name"),
        "bridge_game_category": ("app_id", "category_key"),
        "bridge_game_genre": ("app_id", "genre_key"),
        "bridge_game_developer": ("app_id", "developer_key"),
        "bridge_game_publisher": ("app_id", "publisher_key"),
        "bridge_game_tag": ("app_id", "tag_key"),
        "fct_game_daily_metrics": ("date_key", "app_id", "game_key"),
    },
    "crypto": {
        "dim_coin": ("coin_key", "coin_id", "valid_from", "valid_to"),
        "dim_category": ("category_key", "category_name"),
        "dim_exchange": ("exchange_key", "exchange_id"),
        "bridge_coin_category": ("coin_id", "category_key"),
        "fct_coin_daily_metrics": ("date_key", "coin_id", "coin_key"),
        "fct_coin_price_history": ("date_key", "coin_id", "coin_key"),
        "fct_exchange_daily_metrics": ("date_key", "exchange_id", "exchange_key"),
        "fct_category_daily_metrics": ("date_key", "category_key"),
        "fct_market_daily": ("date_key",),
    },
    "betting": {
        "dim_team": ("team_key", "league", "team_id", "valid_from", "valid_to"),
        "dim_league": ("league_key", "league"),
        "dim_season": ("season_key", "league", "season_year", "season_type"),
        "dim_venue": ("venue_key", "venue_id"),
        "dim_odds_provider": ("provider_key", "provider_id"),
        "fct_game_results": (
            "date_key",
            "game_key",
            "league_key",
            "season_key",
            "home_team_key",
            "away_team_key",
            "venue_key",
        ),
        "fct_game_odds": (
            "date_key",
            "game_key",
            "provider_key",
            "league_key",
            "season_key",
            "home_team_key",
            "away_team_key",
        ),
        "fct_team_standings_daily": (
            "date_key",
            "league",
            "team_id",
            "season_year",
            "season_type",
            "team_key",
            "season_key",
        ),
        "fct_team_standing_stats_daily": (
            "date_key",
            "league",
            "team_id",
            "season_year",
            "season_type",
            "stat_name",
            "team_key",
            "season_key",
        ),
    },
    "media": {
        "dim_title": ("title_key", "media_type", "tmdb_id", "valid_from", "valid_to"),
        "dim_company": ("company_key", "company_id"),
        "dim_genre": ("genre_key", "genre_id"),
        "dim_language": ("language_key", "language_code"),
        "dim_network": ("network_key", "network_id"),
        "bridge_title_company": ("media_type", "tmdb_id", "company_key"),
        "bridge_title_genre": ("media_type", "tmdb_id", "genre_key"),
        "bridge_title_language": ("media_type", "tmdb_id", "language_key"),
        "bridge_title_network": ("media_type", "tmdb_id", "network_key"),
        "fct_title_daily_metrics": ("date_key", "media_type", "tmdb_id", "title_key"),
    },
}

# dbt's surrogate key (macros/surrogate_key.sql): each part as `<length>:<text>`, NULL as `~`, joined by `|`.
MACROS = """
create temp macro sk_part(x) as coalesce(cast(length(cast(x as varchar)) as varchar) || ':' || cast(x as varchar), '~');
create temp macro date_key(d) as cast(
    extract(year from d) * 10000 + extract(month from d) * 100 + extract(day from d) as integer
);
"""


def profile_settings() -> dict[str, object]:
    """The DuckDB settings of the dbt profile (profiles.yml), STARLINE_DUCKDB_MEMORY_LIMIT applied as dbt does: the
    lower bound runs under the same limits as the project's build."""
    settings = dict(yaml.safe_load(PROFILE.read_text())["starline"]["outputs"]["dev"]["settings"])
    limit = re.fullmatch(r"\{\{ env_var\('STARLINE_DUCKDB_MEMORY_LIMIT', '([^']+)'\) \}\}", settings["memory_limit"])
    if limit is None:
        raise ValueError(f"{PROFILE}: memory_limit is not env_var('STARLINE_DUCKDB_MEMORY_LIMIT', '<default>')")
    settings["memory_limit"] = os.environ.get("STARLINE_DUCKDB_MEMORY_LIMIT", limit.group(1))
    return settings


def run(warehouse: Path, out_dir: Path, memory_limit: str | None = None) -> dict[str, int]:
    """Build the lower bound from `warehouse`'s raw tables into `out_dir`; rows per table (`vertical.table`)."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `make demo` or the benchmark generator first")
    out_dir.mkdir(parents=True, exist_ok=True)
    database = out_dir / "lower_bound.duckdb"
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    settings = profile_settings() | ({"memory_limit": memory_limit} if memory_limit else {})
    with duckdb.connect(str(database), config=settings) as connection:
        connection.execute(f"attach '{warehouse}' as wh (read_only)")
        connection.execute(MACROS)
        raw_schemas = {
            row[0]
            for row in connection.execute(
                "select schema_name from duckdb_schemas() where database_name = 'wh'"
            ).fetchall()
        }
        verticals = [vertical for vertical in VERTICALS if f"raw_{vertical}" in raw_schemas]
        if not verticals:
            raise ValueError(f"{warehouse} has no raw schema of {', '.join(VERTICALS)}: land some data first")
        connection.execute("create schema shared")
        connection.execute((SQL_DIR / "shared.sql").read_text())
        for vertical in verticals:
            connection.execute(f"create schema {vertical}")
            connection.execute((SQL_DIR / f"{vertical}.sql").read_text())
        return {
            f"{schema}.{table}": export(connection, schema, table, order_by, out_dir / "exports")
            for schema in ("shared", *verticals)
            for table, order_by in TABLES[schema].items()
        }


def export(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, order_by: tuple[str, ...], exports: Path
) -> int:
    """Write `schema.table` to `exports/<schema>/<table>/<table>.parquet` (Snappy, sorted) with its sidecar
    `_<table>.parquet.meta.json`; its rows."""
    folder = exports / schema / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.parquet"
    connection.execute(
        f"copy (select * from {schema}.{table} order by {', '.join(order_by)}) "
        f"to '{path}' (format parquet, compression snappy)"
    )
    rows = connection.execute(f"select count(*) from {schema}.{table}").fetchone()
    assert rows is not None
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    sidecar = {"table": table, "vertical": schema, "row_count": rows[0], "sha256": digest.hexdigest()}
    path.with_name(f"_{path.name}.meta.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    return int(rows[0])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lower_bound", description=run.__doc__)
    parser.add_argument("warehouse", type=Path, help="the project's DuckDB warehouse (read only)")
    parser.add_argument("out_dir", type=Path, help="where the lower bound's database and exports go")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit (default: the dbt profile's)")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = run(args.warehouse, args.out_dir, args.memory_limit)
    seconds = time.perf_counter() - started
    for name, count in rows.items():
        print(f"{name:<40} {count:>12,}")
    fact_rows = sum(count for name, count in rows.items() if ".fct_" in name)
    # ru_maxrss is in KiB on Linux.
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"lower_bound: tables={len(rows)} fact_rows={fact_rows} seconds={seconds:.2f} peak_gib={peak_gib:.2f}")


if __name__ == "__main__":
    main()
