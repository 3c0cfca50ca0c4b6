"""The lower bound: the project's star schema written as plain DuckDB SQL, from the project's own raw tables.

`run(warehouse, out_dir)` attaches the warehouse read-only and, in one connection to a file-backed database
`out_dir/lower_bound.duckdb` (memory_limit applies), builds what the dbt marts build: every SCD2 dimension with
its versions derived from the raw history in as-of order (gaps and islands on the snapshot's check_cols), the
type 1 dimensions, dim_date, the facts keyed to the version valid on the fact's day (the unknown member '-1'
otherwise), the bridges of current membership, an unknown member per dimension, the same MD5 surrogate keys
(macros/surrogate_key.sql), and Snappy Parquet exports sorted by key (facts by date first), each with a
`.meta.json` sidecar (rows, sha256). Staging keeps the newest load per entity and day, as dbt's staging does.
The SQL is in `benchmarks/lower_bound/<vertical>.sql`; a vertical whose raw schema is missing is skipped.

Same grains, joins and keys as the marts; it leaves out:
- every audit column (`_load_id`, `_loaded_at`, `_run_id`, `_source`, `_built_at`) of every mart;
- descriptive columns that no key, grain or version depends on: of dim_game all but game_name, list_price_cents,
  developers and publishers (every check_col is still compared for versions); of dim_coin all but coin_name,
  symbol and categories; of dim_team all but abbreviation, display_name, venue_id and the league and venue keys;
  of dim_title all but title, original_title and release_date; the type 1 dimensions keep their key, natural key,
  one name and first/last seen dates (dim_season, dim_league, dim_venue, dim_odds_provider, dim_exchange and
  crypto's dim_category: no names, dates or flags beyond the keys); dim_date keeps year, month, day, weekday and
  is_weekend only;
- of the facts: most measures. fct_game_daily_metrics keeps players, ccu, owners estimate, reviews, one playtime
  and price; fct_coin_daily_metrics keeps price, market cap, volume and has_details; fct_coin_price_history
  price, market cap and volume; fct_exchange_daily_metrics and fct_category_daily_metrics their two headline
  figures; fct_market_daily total cap, volume and btc/eth dominance; fct_game_results status, scores and
  winner; fct_game_odds the spread, total and moneylines as numbers (ESPN's text-priced odds blocks are not
  parsed, so no opening lines, unparsed-price audit, implied probabilities or settlement); the standings facts
  wins, losses, ties, games played, points for and against (standings) and the stat value (stats);
  fct_title_daily_metrics popularity, its rank, votes and the three list ranks;
- bridges keep their keys, first and last seen dates, and the tag votes and weight.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

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


def run(warehouse: Path, out_dir: Path, memory_limit: str = "4GB") -> dict[str, int]:
    """Build the lower bound from `warehouse`'s raw tables into `out_dir`; rows per table (`vertical.table`)."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `make demo` or the benchmark generator first")
    out_dir.mkdir(parents=True, exist_ok=True)
    database = out_dir / "lower_bound.duckdb"
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    with duckdb.connect(str(database), config={"memory_limit": memory_limit}) as connection:
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
            connection.execute(f"create schema {vertical}; create schema {vertical}_work")
            connection.execute((SQL_DIR / f"{vertical}.sql").read_text())
        return {
            f"{schema}.{table}": export(connection, schema, table, order_by, out_dir / "exports")
            for schema in ("shared", *verticals)
            for table, order_by in TABLES[schema].items()
        }


def export(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, order_by: tuple[str, ...], exports: Path
) -> int:
    """Write `schema.table` to `exports/<schema>/<table>.parquet` (Snappy, sorted) with a sidecar; its rows."""
    folder = exports / schema
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
    path.with_name(path.name + ".meta.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    return int(rows[0])
