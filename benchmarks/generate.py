"""Deterministic raw data at scale, landed the way dlt lands it.

One real emulated day per vertical goes through the project's own pipeline first (`extract_and_load` against
the emulator), so every raw table, column type and dlt system table is production's. Its rows become the seed
(`seed.duckdb` beside the warehouse) and leave the warehouse; every generated day is then cloned from the seed in
DuckDB SQL: per day one new load id and `_dlt_loads` row, entity ids shifted per copy, fresh deterministic
`_dlt_id`s, child rows re-pointed to their new parents, measures varied and names and prices churned per
`benchmarks.shapes`.

`python -m benchmarks.generate --scale S --workdir DIR` lands every day of a scale and prints what it wrote."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from benchmarks.scales import VERTICALS, Scale, scale_named
from benchmarks.shapes import SHAPES, VerticalShape
from ingestion.clients import make_clients
from ingestion.emulator import Emulator
from ingestion.http import StatsRegistry
from ingestion.runner.extract import extract_and_load
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.verticals import discover, resolve_run_params

FIRST_DAY = date(2025, 1, 1)
# Day d's load id: 06:00 UTC of its as-of date, as dlt writes it (epoch seconds, six decimals).
FIRST_LOAD = datetime(2025, 1, 1, 6, tzinfo=UTC).timestamp()
SEED_LOAD_ID = f"{FIRST_LOAD - 86400:.6f}"
# Copy k > 0 of an entity gets a new number id above every real Steam app and TMDb id: the base, plus k - 1 times
# the seed's distinct ids, plus the id's place among them; so ids stay 32-bit at L (50k games are 834 copies of
# the 60 seed apps) and each copy stays consistent across tables. ESPN's text ids (few copies) shift by a stride.
COPY_ID_BASE = 10_000_000
ID_STRIDE = 10_000_000
ROWS_PER_STATEMENT = 5_000_000
DLT_COLUMNS = ("_dlt_id", "_dlt_parent_id", "_dlt_load_id", "_dlt_list_idx")


def bench_paths(workdir: Path) -> Paths:
    return Paths(PROJECT_DIR, workdir / "warehouse.duckdb", workdir / "exports", workdir / "state", workdir / "logs")


def as_of(day: int) -> date:
    return FIRST_DAY + timedelta(days=day)


def load_id(day: int) -> str:
    return f"{FIRST_LOAD + day * 86400:.6f}"


def land_seed_day(paths: Paths, verticals: Iterable[str] = VERTICALS) -> None:
    """The emulator's first day through the real extract and load, one vertical after the other."""
    names = list(verticals)
    specs = discover()
    with Emulator(names) as emulator:
        day = emulator.days[0]
        emulator.set_day(day)
        params = resolve_run_params(specs, names, {}, replay=True, as_of_date=day)
        for name in names:
            clients = make_clients(specs[name], stats=StatsRegistry(), replay_base_urls=emulator.base_urls()[name])
            try:
                extract_and_load(specs[name], paths, clients, as_of_date=day, run_id="bench-seed", params=params[name])
            finally:
                for client in clients.values():
                    client.close()


def data_tables(connection: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
        "and table_name not like '\\_dlt%' escape '\\' order by table_name",
        [catalog, schema],
    ).fetchall()
    return [row[0] for row in rows]


def columns_of(connection: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> dict[str, str]:
    rows = connection.execute(
        "select column_name, data_type from information_schema.columns where table_catalog = ? "
        "and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()
    return dict(rows)


def parent_of(table: str, tables: Iterable[str]) -> str | None:
    """dlt names a child table `<parent>__<field path>`; its parent is the longest such prefix that is a table."""
    parts = table.split("__")
    known = set(tables)
    for cut in range(len(parts) - 1, 0, -1):
        candidate = "__".join(parts[:cut])
        if candidate in known:
            return candidate
    return None


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def seed_vertical(connection: duckdb.DuckDBPyConnection, shape: VerticalShape) -> None:
    """Copy the landed day of one vertical into the seed catalog, each row with a stable code (`_seed_code`: the
    table's number and the row's place in a fixed order; a child's is its place under its parent), its parent's
    code and its entity's rank; then empty the raw tables and renumber the seed load."""
    schema = shape.dataset
    tables = data_tables(connection, "warehouse", schema)
    keys = [
        f"select {', '.join(f'cast({quoted(c)} as varchar)' for c in key.columns)} "
        f"from warehouse.{schema}.{quoted(table)} where {key.where}"
        for table, key in shape.entity_keys.items()
        if table in tables
    ]
    arity = len(next(iter(shape.entity_keys.values())).columns)
    names = [f"k{index + 1}" for index in range(arity)]
    group = "partition by k1" if shape.whole_groups else "partition by _rank"
    connection.execute(
        f"create or replace temp table entities as select *, min(_rank) over ({group}) as _first from ("
        f"select *, row_number() over (order by {', '.join(names)}) - 1 as _rank "
        f"from ({' union '.join(keys)}) as u({', '.join(names)}))"
    )
    ordered = sorted(tables, key=lambda t: t.count("__"))
    for number, table in enumerate(ordered):
        source = f"warehouse.{schema}.{quoted(table)}"
        target = f"seed.{shape.name}__{table}"
        parent = parent_of(table, tables)
        if parent is None:
            # By name: dlt orders a table's columns as the first row it saw had them, and parallel detail requests
            # make that row differ from one landing to the next.
            own = sorted(c for c in columns_of(connection, "warehouse", schema, table) if c not in DLT_COLUMNS)
            order = ", ".join(f"cast({quoted(c)} as varchar)" for c in own)
            key = shape.entity_keys.get(table)
            rank = keep = shape.table(table).rank
            if rank is None and key is not None:
                match = " and ".join(f"k.k{i + 1} = cast(t.{quoted(c)} as varchar)" for i, c in enumerate(key.columns))
                rank = f"(select k._rank from entities as k where {match} and ({key.where}))"
                keep = f"(select k._first from entities as k where {match} and ({key.where}))"
            connection.execute(
                f"create table {target} as select t.*, printf('%02x%04x', {number}, "
                f"row_number() over (order by {order}) - 1) as _seed_code, null::varchar as _seed_parent_code, "
                f"{rank or 'null::bigint'} as _seed_rank, {keep or 'null::bigint'} as _seed_keep from {source} as t"
            )
        else:
            connection.execute(
                f"create table {target} as select c.*, p._seed_code || printf('%02x%04x', {number}, "
                "c._dlt_list_idx) as _seed_code, p._seed_code as _seed_parent_code, p._seed_rank, p._seed_keep "
                f"from {source} as c inner join seed.{shape.name}__{parent} as p on c._dlt_parent_id = p._dlt_id"
            )
    for table in tables:
        connection.execute(f"delete from warehouse.{schema}.{quoted(table)}")
    # The seed load keeps its `_dlt_loads` and pipeline-state rows, renumbered before the first generated day.
    for system_table, column in (("_dlt_loads", "load_id"), ("_dlt_pipeline_state", "_dlt_load_id")):
        connection.execute(f"update warehouse.{schema}.{system_table} set {column} = ?", [SEED_LOAD_ID])
    connection.execute(f"create table seed.entities_{shape.name} as select * from entities")
    number_ids = [
        f"select cast({quoted(column)} as bigint) from seed.{shape.name}__{table}"
        for table in tables
        for column, data_type in columns_of(connection, "seed", "main", f"{shape.name}__{table}").items()
        if column in shape.table(table).ids and data_type != "VARCHAR"
    ]
    connection.execute(
        f"create table seed.ids_{shape.name} as select id, row_number() over (order by id) - 1 as place from ("
        f"{' union '.join(number_ids) if number_ids else 'select null::bigint where false'}) as u(id) "
        "where id is not null"
    )


def define_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    """The churn and variation draws: hashes of (seed, entity, ...), so every run of a seed lands the same data."""
    connection.execute(f"""
        create or replace temp macro bench_u(e, kind) as hash({seed}, e, kind) % 10000;
        create or replace temp macro bench_k1(e, days) as 1 + hash({seed}, e, 'k1') % greatest((days - 1) // 2, 1);
        create or replace temp macro bench_k2(e, days) as
            bench_k1(e, days) + 1 + hash({seed}, e, 'k2') % greatest((days - 1) // 2, 1);
        create or replace temp macro bench_version(e, d, days, once, twice, back) as case
            when bench_u(e, 'name') < once then (d >= bench_k1(e, days))::int
            when bench_u(e, 'name') < once + twice then (d >= bench_k1(e, days))::int + (d >= bench_k2(e, days))::int
            when bench_u(e, 'name') < once + twice + back then (d >= bench_k1(e, days) and d < bench_k2(e, days))::int
            else 0
        end;
        create or replace temp macro bench_renamed(name, version) as
            case version when 0 then name when 1 then name || ' II' else name || ' III' end;
        create or replace temp macro bench_vary(x, e, d, kind) as
            x * (0.8 + (hash({seed}, e, d, kind) % 4001) / 10000.0);
    """)


def shifted_id(column: str, data_type: str, vertical: str, seed_ids: int) -> str:
    value = f"s.{quoted(column)}"
    if data_type != "VARCHAR":
        place = f"(select i.place from seed.ids_{vertical} as i where i.id = {value})"
        return f"case when s._copy = 0 then {value} else {COPY_ID_BASE} + (s._copy - 1) * {seed_ids} + {place} end"
    # Numeric text ids (ESPN's) stay numeric; slugs (CoinGecko's) get a suffix.
    return (
        f"case when s._copy = 0 then {value} else coalesce(cast(try_cast({value} as bigint) + s._copy * "
        f"{ID_STRIDE} as varchar), {value} || '-' || s._copy) end"
    )


@dataclass
class Generator:
    """Lands days of one scale into a warehouse whose seed was taken (`prepare`)."""

    workdir: Path
    scale: Scale
    seed: int = 15

    @property
    def paths(self) -> Paths:
        return bench_paths(self.workdir)

    @property
    def seed_file(self) -> Path:
        return self.workdir / "seed.duckdb"

    def prepare(self) -> None:
        """Land the emulated day and take it as the seed (once per workdir)."""
        if self.seed_file.exists():
            raise FileExistsError(f"{self.seed_file} exists: use a fresh --workdir (generated data is not reused)")
        land_seed_day(self.paths)
        with self.connect() as connection:
            for vertical in VERTICALS:
                seed_vertical(connection, SHAPES[vertical])

    def connect(self) -> duckdb.DuckDBPyConnection:
        # The profile's memory limit; spill files in the workdir, not the current directory.
        connection = duckdb.connect(config={"memory_limit": "4GB", "temp_directory": str(self.workdir / "tmp")})
        connection.execute(f"attach '{self.paths.warehouse}' as warehouse")
        connection.execute(f"attach '{self.seed_file}' as seed")
        define_macros(connection, self.seed)
        return connection

    def land(self, days: Mapping[str, Iterable[int]]) -> dict[str, int]:
        """Land the given days (own day indexes) of each vertical; returns the raw rows landed per vertical."""
        landed: dict[str, int] = {}
        with self.connect() as connection:
            for vertical, indexes in days.items():
                shape, ordered = SHAPES[vertical], sorted(indexes)
                step = self._days_per_statement(connection, shape)
                landed[vertical] = sum(
                    self._land_days(connection, shape, ordered[start : start + step])
                    for start in range(0, len(ordered), step)
                )
        return landed

    def _days_per_statement(self, connection: duckdb.DuckDBPyConnection, shape: VerticalShape) -> int:
        """Several days per insert (statements cost tens of milliseconds each), up to a few million rows."""
        size = self.scale.size(shape.name)
        seed_rows = sum(
            int(connection.execute(f"select count(*) from seed.{shape.name}__{table}").fetchone()[0])  # type: ignore[index]
            for table in self._seed_tables(connection, shape)
        )
        per_day = seed_rows * size.entities / self._entity_count(connection, shape)
        return max(1, int(ROWS_PER_STATEMENT // max(per_day, 1)))

    def _entity_count(self, connection: duckdb.DuckDBPyConnection, shape: VerticalShape) -> int:
        found = connection.execute(f"select count(*) from seed.entities_{shape.name}").fetchone()
        if not found or not found[0]:
            raise RuntimeError(
                f"{shape.name}: the seed names no entity; the emulated day landed no {shape.dataset} rows"
            )
        return int(found[0])

    def entities(self, vertical: str) -> int:
        """The entities landed per day: the scale's, or more when copies are cut by whole groups (leagues)."""
        size = self.scale.size(vertical)
        with self.connect() as connection:
            base = self._entity_count(connection, SHAPES[vertical])
            found = connection.execute(
                f"select count(*) from seed.entities_{vertical} cross join range(?) as g(copy) "
                "where g.copy * ? + _first < ?",
                [-(-size.entities // base), base, size.entities],
            ).fetchone()
        return int(found[0]) if found else 0

    def _seed_tables(self, connection: duckdb.DuckDBPyConnection, shape: VerticalShape) -> list[str]:
        prefix = f"{shape.name}__"
        names = [
            name.removeprefix(prefix) for name in data_tables(connection, "seed", "main") if name.startswith(prefix)
        ]
        # Parents before children, as dlt loads them.
        return sorted(names, key=lambda table: (table.count("__"), table))

    def _land_days(self, connection: duckdb.DuckDBPyConnection, shape: VerticalShape, days: list[int]) -> int:
        size = self.scale.size(shape.name)
        base = self._entity_count(connection, shape)
        copies = -(-size.entities // base)
        connection.execute("begin")
        connection.execute(
            "create or replace temp table dd "
            "(_d int, _days int, _as_of date, _load varchar, _run varchar, _prefix varchar)"
        )
        connection.executemany(
            "insert into dd values (?, ?, ?, ?, ?, printf('%03x', ?::int))",
            [[day, size.days, as_of(day), load_id(day), f"bench-{as_of(day)}", day] for day in days],
        )
        rows = sum(
            self._land_table(connection, shape, table, base, copies, size.entities)
            for table in self._seed_tables(connection, shape)
        )
        # The schema this pipeline's loads were written with (the seed load's): every generated load is its load.
        connection.execute(f"""
            insert into warehouse.{shape.dataset}._dlt_loads
                (load_id, schema_name, status, inserted_at, schema_version_hash)
            select dd._load, seed_load.schema_name, 0, to_timestamp(dd._load::double + 30),
                seed_load.schema_version_hash
            from dd
            cross join warehouse.{shape.dataset}._dlt_loads as seed_load
            where seed_load.load_id = '{SEED_LOAD_ID}'
            order by dd._load
        """)
        connection.execute("commit")
        return rows

    def _land_table(
        self,
        connection: duckdb.DuckDBPyConnection,
        shape: VerticalShape,
        table: str,
        base: int,
        copies: int,
        entities: int,
    ) -> int:
        spec = shape.table(table)
        columns = columns_of(connection, "warehouse", shape.dataset, table)
        seed_ids = int(connection.execute(f"select count(*) from seed.ids_{shape.name}").fetchone()[0])  # type: ignore[index]
        selected = []
        for column, data_type in columns.items():
            if column == "_dlt_id":
                sql = "s._prefix || printf('%04x', s._copy) || s._seed_code"
            elif column == "_dlt_parent_id":
                sql = "s._prefix || printf('%04x', s._copy) || s._seed_parent_code"
            elif column == "_dlt_load_id":
                sql = "s._load"
            elif column == "as_of_date":
                sql = "s._as_of"
            elif column == "_run_id":
                sql = "s._run"
            elif column in spec.ids:
                sql = shifted_id(column, data_type, shape.name, seed_ids)
            elif column in spec.columns:
                sql = spec.columns[column]
            else:
                sql = f"s.{quoted(column)}"
            selected.append(f"{sql} as {quoted(column)}")
        keep = spec.keep or "true"
        inserted = connection.execute(f"""
            insert into warehouse.{shape.dataset}.{quoted(table)} by name
            select {", ".join(selected)}
            from (
                select r.*, g.copy as _copy, g.copy * {base} + r._seed_rank as _e, dd.*
                from seed.{shape.name}__{table} as r
                cross join range({copies}) as g(copy)
                cross join dd
                where (r._seed_keep is null and g.copy = 0)
                    or (r._seed_keep is not null and g.copy * {base} + r._seed_keep < {entities})
            ) as s
            where {keep}
            order by s._d
        """).fetchone()
        return int(inserted[0]) if inserted else 0


def all_days(scale: Scale) -> dict[str, range]:
    return {vertical: range(scale.size(vertical).days) for vertical in VERTICALS}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--scale", default="S", help="XS, S, M or L (../shared/PERFORMANCE.md)")
    parser.add_argument("--workdir", type=Path, required=True, help="a fresh folder for the warehouse and seed")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    generator = Generator(args.workdir, scale_named(args.scale), args.seed)
    started = time.perf_counter()
    generator.prepare()
    print(f"seed: one emulated day per vertical landed through dlt in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    landed = generator.land(all_days(generator.scale))
    for vertical, rows in landed.items():
        size = generator.scale.size(vertical)
        print(f"{vertical}: {generator.entities(vertical)} entities x {size.days} days, {rows} raw rows")
    print(f"generated {sum(landed.values())} raw rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
