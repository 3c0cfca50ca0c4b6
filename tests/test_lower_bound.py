"""The lower bound builds the same star schema as the dbt marts: on each vertical's replayed demo warehouse, every
table it builds has the dbt mart's rows, key sets (version keys, date keys, natural keys) and the values of every
column it shares with the mart, and its exports are sorted Snappy Parquet files whose sidecars match them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from benchmarks import lower_bound
from tests.conftest import ReplayRun, file_sidecar

MART_TABLES = {
    "gaming": {
        "dim_game",
        "dim_category",
        "dim_genre",
        "dim_developer",
        "dim_publisher",
        "dim_tag",
        "bridge_game_category",
        "bridge_game_genre",
        "bridge_game_developer",
        "bridge_game_publisher",
        "bridge_game_tag",
        "fct_game_daily_metrics",
    },
    "crypto": {
        "dim_coin",
        "dim_category",
        "dim_exchange",
        "bridge_coin_category",
        "fct_coin_daily_metrics",
        "fct_coin_price_history",
        "fct_exchange_daily_metrics",
        "fct_category_daily_metrics",
        "fct_market_daily",
    },
    "betting": {
        "dim_team",
        "dim_league",
        "dim_season",
        "dim_venue",
        "dim_odds_provider",
        "fct_game_results",
        "fct_game_odds",
        "fct_team_standings_daily",
        "fct_team_standing_stats_daily",
    },
    "media": {
        "dim_title",
        "dim_company",
        "dim_genre",
        "dim_language",
        "dim_network",
        "bridge_title_company",
        "bridge_title_genre",
        "bridge_title_language",
        "bridge_title_network",
        "fct_title_daily_metrics",
    },
}

# Per vertical: the SCD2 dimension, its natural key, and the fact keyed to its versions.
SCD2 = {
    "gaming": ("dim_game", "app_id", "fct_game_daily_metrics", "game_key"),
    "crypto": ("dim_coin", "coin_id", "fct_coin_daily_metrics", "coin_key"),
    "betting": ("dim_team", "league, team_id", "fct_team_standings_daily", "team_key"),
    "media": ("dim_title", "media_type, tmdb_id", "fct_title_daily_metrics", "title_key"),
}

Built = tuple[ReplayRun, Path, dict[str, int]]


@pytest.fixture(scope="module")
def built(replayed: Callable[[str], ReplayRun], tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """`built("gaming")`: the vertical's replayed warehouse, the lower bound's output folder and its row counts."""
    runs: dict[str, Built] = {}

    def get(vertical: str) -> Built:
        if vertical not in runs:
            run = replayed(vertical)
            out_dir = tmp_path_factory.mktemp(f"lower-bound-{vertical}")
            runs[vertical] = (run, out_dir, lower_bound.run(run.paths.warehouse, out_dir, memory_limit="1GB"))
        return runs[vertical]

    return get


def rows_of(database: Path, sql: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


@pytest.mark.parametrize("vertical", sorted(MART_TABLES))
def test_same_rows_keys_and_values_as_the_dbt_marts(vertical: str, built: Callable[[str], Built]) -> None:
    run, out_dir, rows = built(vertical)
    # Only the vertical whose raw schema the warehouse holds, and the shared calendar.
    assert set(rows) == {"shared.dim_date"} | {f"{vertical}.{table}" for table in MART_TABLES[vertical]}
    database = out_dir / "lower_bound.duckdb"
    for name, count in rows.items():
        schema, table = name.split(".")
        columns_sql = "select column_name from duckdb_columns() where schema_name = ? and table_name = ? order by 1"
        ours = [c for (c,) in rows_of(database, columns_sql, [schema, table])]
        theirs = {c for (c,) in run.query(columns_sql, [schema, table])}
        # Every column it has is a mart column with the same meaning, but the odds read as numbers only.
        assert {c for c in ours if not c.endswith("_number")} <= theirs, name
        assert set(lower_bound.TABLES[schema][table]) <= set(ours), name
        shared = ", ".join(c for c in ours if c in theirs)
        mine = rows_of(database, f"select {shared} from {name} order by all")
        marts = run.query(f"select {shared} from {name} order by all")
        assert len(mine) == count == len(marts), name
        assert mine == marts, name
    # The unknown member of every dimension, keyed '-1'.
    for table in {t for t in MART_TABLES[vertical] if t.startswith("dim_")}:
        key = lower_bound.TABLES[vertical][table][0]
        assert rows_of(
            out_dir / "lower_bound.duckdb", f"select count(*) from {vertical}.{table} where {key} = '-1'"
        ) == [(1,)], table


@pytest.mark.parametrize("vertical", sorted(MART_TABLES))
def test_versions_come_from_the_raw_history(vertical: str, built: Callable[[str], Built]) -> None:
    """The demo's two days change some entities, so the key sets above cover second versions: facts of the second
    day point to them, and none points to the unknown member."""
    _, out_dir, _ = built(vertical)
    dimension, natural_key, fact, version_key = SCD2[vertical]
    database = out_dir / "lower_bound.duckdb"
    [(changed,)] = rows_of(
        database,
        f"select count(*) from (select {natural_key} from {vertical}.{dimension} where not is_unknown_member "
        f"group by all having count(*) = 2)",
    )
    [(on_second_versions, unknown)] = rows_of(
        database,
        f"select count(*) filter (where d.version_number = 2), count(*) filter (where f.{version_key} = '-1') "
        f"from {vertical}.{fact} f left join {vertical}.{dimension} d using ({version_key})",
    )
    assert changed >= 1 and on_second_versions >= 1 and unknown == 0


def test_surrogate_keys_are_length_prefixed_md5s(built: Callable[[str], Built]) -> None:
    _, out_dir, _ = built("gaming")
    versions = rows_of(out_dir / "lower_bound.duckdb", "select game_key, app_id, valid_from from gaming.dim_game")
    for game_key, app_id, valid_from in versions:
        if app_id is None:
            assert game_key == "-1"
            continue
        encoded = f"{len(str(app_id))}:{app_id}|10:{valid_from.isoformat()}"
        assert game_key == hashlib.md5(encoded.encode()).hexdigest()
    with duckdb.connect() as connection:
        connection.execute(lower_bound.MACROS)
        null_key = connection.execute("select md5(sk_part(null) || '|' || sk_part('a'))").fetchall()
    assert null_key == [(hashlib.md5(b"~|1:a").hexdigest(),)]


def test_exports_are_sorted_snappy_files_with_sidecars(built: Callable[[str], Built]) -> None:
    _, out_dir, rows = built("gaming")
    files = sorted((out_dir / "exports").glob("*/*/*.parquet"))
    assert [f"{file.parents[1].name}.{file.stem}" for file in files] == sorted(rows)
    for file in files:
        assert file.parent.name == file.stem, file
        sidecar = json.loads(file_sidecar(file).read_text())
        metadata = pq.ParquetFile(file).metadata
        assert sidecar["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest(), file
        assert sidecar["row_count"] == metadata.num_rows == rows[f"{file.parents[1].name}.{file.stem}"], file
        assert {
            metadata.row_group(group).column(column).compression
            for group in range(metadata.num_row_groups)
            for column in range(metadata.num_columns)
        } == {"SNAPPY"}, file
    fact_file = out_dir / "exports" / "gaming" / "fct_game_daily_metrics" / "fct_game_daily_metrics.parquet"
    fact = pq.read_table(fact_file).to_pylist()
    order = [(row["date_key"], row["app_id"]) for row in fact]
    assert order == sorted(order) and len({row["date_key"] for row in fact}) == 2


def test_a_missing_warehouse_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no warehouse at .*missing\.duckdb: run `make demo`"):
        lower_bound.run(tmp_path / "missing.duckdb", tmp_path / "out")
