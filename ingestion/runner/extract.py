"""Extract and load one vertical with dlt into `raw_<vertical>` of the warehouse."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dlt
import duckdb
from dlt.common.normalizers.json.relational import DataItemNormalizer
from dlt.common.pipeline import LoadInfo

from ingestion.http import ApiClient
from ingestion.runner import drift, quarantine
from ingestion.runner.lock import DEFAULT_LOCK_TIMEOUT, wait_for_warehouse
from ingestion.runner.paths import Paths
from ingestion.runner.progress import RowCounter
from ingestion.runner.refreshed import read_refreshed
from ingestion.verticals import VerticalSpec

log = logging.getLogger("starline.extract")


@dataclass
class LoadOutcome:
    load_id: str | None = None
    rows_by_table: dict[str, int] = field(default_factory=dict)
    # The distinct entities extracted (see `VerticalSpec.entity_keys`).
    records_extracted: int = 0
    extract_seconds: float = 0.0
    load_seconds: float = 0.0
    # Raw columns this load added to the vertical's schema (none on its first load: that is the baseline).
    new_fields: list[drift.NewField] = field(default_factory=list)
    # Per raw table, the records set aside in the quarantine table instead of loaded.
    quarantined: dict[str, int] = field(default_factory=dict)


class EntityCounter:
    """The distinct entities a run's records name, fed by a dlt map on each resource that names one."""

    def __init__(self) -> None:
        self._keys: set[tuple[Any, ...]] = set()
        self._lock = threading.Lock()

    def seeing(self, fields: tuple[str, ...]) -> Callable[[Any], Any]:
        def see(item: Any) -> Any:
            records = item if isinstance(item, list) else [item]
            keys = {tuple(record.get(name) for name in fields) for record in records if isinstance(record, Mapping)}
            with self._lock:
                self._keys.update(key for key in keys if None not in key)
            return item

        return see

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._keys)


def root_records(rows_by_table: Mapping[str, int]) -> int:
    # Child rows (tags, genres, ...) are parts of a record, not records.
    return sum(rows for table, rows in rows_by_table.items() if "__" not in table)


def make_private(folder: Path) -> None:
    """Folders 0700 and files 0600 under `folder`: dlt's pipeline state, traces and load packages hold what the
    APIs sent and how the run was configured, for the owner only."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def pipeline_for(spec: VerticalSpec, paths: Paths) -> dlt.Pipeline:
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    paths.state.mkdir(parents=True, exist_ok=True)
    paths.state.chmod(0o700)
    return dlt.pipeline(
        pipeline_name=f"starline_{spec.name}",
        destination=dlt.destinations.duckdb(str(paths.warehouse)),
        dataset_name=spec.dataset_name,
        pipelines_dir=str(paths.dlt_pipelines),
    )


def finish_pending(pipeline: dlt.Pipeline, paths: Paths, dataset: str) -> bool:
    """A load that failed earlier (locked file, crash) leaves a package behind; `run()` would only finish it
    and skip the new data, so finish it explicitly first."""
    if not pipeline.has_pending_data:
        return False
    log.warning("%s: finishing a load package left pending by an earlier run", pipeline.pipeline_name)
    pipeline.normalize()
    resumed = list(pipeline.list_normalized_load_packages())
    pipeline.load()
    for table, rows in remove_reloaded_rows(paths, dataset, resumed).items():
        log.warning("%s: removed %d rows of %s that the resumed load wrote a second time", dataset, rows, table)
    return True


def remove_reloaded_rows(paths: Paths, dataset: str, load_ids: Sequence[str]) -> dict[str, int]:
    """A run killed after a load job committed but before dlt marked the job completed leaves the job to be run
    again when the package is finished: its rows land twice, same `_dlt_id`. Keep one row per `_dlt_id` of the
    resumed loads (rows of other loads are never touched). Returns the rows removed per table."""
    removed: dict[str, int] = {}
    if not load_ids or not paths.warehouse.exists():
        return removed
    with duckdb.connect(str(paths.warehouse)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.columns where table_schema = ? "
                "and column_name in ('_dlt_id', '_dlt_load_id') group by table_name having count(*) = 2",
                [dataset],
            ).fetchall()
        ]
        placeholders = ", ".join("?" for _ in load_ids)
        for table in sorted(tables):
            (count,) = connection.execute(
                f'delete from "{dataset}"."{table}" where rowid in ('
                f"select rowid from (select rowid, row_number() over (partition by _dlt_id order by rowid) as copy "
                f'from "{dataset}"."{table}" where _dlt_load_id in ({placeholders})) where copy > 1)',
                list(load_ids),
            ).fetchone() or (0,)
            if count:
                removed[table] = count
    return removed


def check_drift(
    spec: VerticalSpec, paths: Paths, pipeline: dlt.Pipeline, before: drift.SchemaColumns
) -> list[drift.NewField]:
    """The columns normalize added; raises SchemaDriftError, after dropping the normalized package and restoring
    the schema, when one of them holds values of a column staging reads."""
    after = drift.schema_columns(pipeline)
    added = drift.new_fields(before, after)
    contract = drift.declared_contract(paths.project_dir, spec.dataset_name)
    changes = drift.type_changes(added, after, contract, spec.dataset_name)
    if changes:
        # Restores dlt's schema as well, so the next run sees the same change again rather than a known column.
        pipeline.abort_packages()
        raise drift.drift_error(changes, f"models/{spec.name}/staging/_{spec.name}__sources.yml")
    if not before:
        return []
    added = drift.undeclared(added, contract)
    for new in added:
        log.warning(
            "%s: new raw field %s.%s.%s (%s)", spec.name, spec.dataset_name, new.table, new.column, new.data_type
        )
    return added


def give_child_tables_a_load_id(paths: Paths, dataset: str) -> list[str]:
    """Child tables a release before the load-id propagation created lack `_dlt_load_id`; dlt would add it NOT
    NULL, which DuckDB cannot do to a table that has rows. Added here as a nullable column first (rows loaded
    before stay NULL), dlt finds it in place. Returns the tables changed."""
    if not paths.warehouse.exists():
        return []
    with duckdb.connect(str(paths.warehouse)) as connection:
        missing = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables as t where table_schema = ? "
                "and table_name like '%\\_\\_%' escape '\\' and table_name not like '\\_dlt%' escape '\\' "
                "and not exists (select 1 from information_schema.columns as c where c.table_schema = t.table_schema "
                "and c.table_name = t.table_name and c.column_name = '_dlt_load_id')",
                [dataset],
            ).fetchall()
        ]
        for table in missing:
            connection.execute(f'alter table "{dataset}"."{table}" add column _dlt_load_id varchar')
    return missing


def extract_and_load(
    spec: VerticalSpec,
    paths: Paths,
    clients: Mapping[str, ApiClient],
    *,
    as_of_date: str,
    run_id: str,
    params: Mapping[str, Any],
    rows: RowCounter | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_phase: Callable[[str], None] = lambda phase: None,
) -> LoadOutcome:
    """Extract the vertical's source and load it through dlt; `on_phase` hears "normalize" and "load" begin."""
    pipeline = pipeline_for(spec, paths)
    give_child_tables_a_load_id(paths, spec.dataset_name)
    finish_pending(pipeline, paths, spec.dataset_name)
    outcome = LoadOutcome()
    history = (
        {"refreshed": read_refreshed(paths.warehouse, spec.dataset_name, spec.detail_tables, as_of_date)}
        if spec.detail_tables
        else {}
    )
    source = spec.make_source(clients, as_of_date=as_of_date, run_id=run_id, **params, **history)
    share = quarantine.max_share()
    guard = quarantine.RecordGuard(drift.declared_contract(paths.project_dir, spec.dataset_name), source.schema.naming)
    entities = EntityCounter()
    for name, resource in source.selected_resources.items():
        # First, so that counts and progress see only the records that load.
        resource.add_filter(guard.admitting(name, spec.entity_keys.get(name, ())))
        if rows is not None:
            resource.add_map(rows.counting(name))
        if name in spec.entity_keys:
            resource.add_map(entities.seeing(spec.entity_keys[name]))

    # Child tables (tags, genres, ...) get their root row's load id, so dbt reads only a new load's child rows
    # instead of joining the whole history of a child table to find them.
    DataItemNormalizer.update_normalizer_config(
        source.schema, {"propagation": {"root": {"_dlt_load_id": "_dlt_load_id"}}}
    )
    before = drift.schema_columns(pipeline)
    started = time.monotonic()
    # Parquet load files: about 4x faster and a tenth of the memory of DuckDB's default insert statements.
    pipeline.extract(source, loader_file_format="parquet")
    if guard.refused:
        pipeline.extract(
            guard.resource(as_of_date, run_id), schema=pipeline.default_schema, loader_file_format="parquet"
        )
    outcome.extract_seconds = time.monotonic() - started

    started = time.monotonic()
    on_phase("normalize")
    normalize_info = pipeline.normalize()
    breaches = guard.breaches(share)
    if breaches:
        pipeline.abort_packages()
        raise quarantine.threshold_error(spec.dataset_name, breaches, share)
    outcome.new_fields = check_drift(spec, paths, pipeline, before)
    outcome.quarantined = guard.counts()
    for table, count in outcome.quarantined.items():
        log.warning(
            "%s: %d %s of %s quarantined in %s.%s",
            spec.name,
            count,
            "record" if count == 1 else "records",
            table,
            spec.dataset_name,
            quarantine.QUARANTINE_TABLE,
        )
    # An analyst may have opened the file while the APIs were read (minutes): wait for it here too, instead of
    # failing the load on DuckDB's lock error.
    wait_for_warehouse(paths.warehouse, lock_timeout)
    # Again: a package finished above may have created child tables in the old shape.
    give_child_tables_a_load_id(paths, spec.dataset_name)
    on_phase("load")
    load_info: LoadInfo = pipeline.load()
    outcome.load_seconds = time.monotonic() - started

    outcome.rows_by_table = {
        table: count
        for table, count in normalize_info.row_counts.items()
        if not table.startswith("_dlt") and table != quarantine.QUARANTINE_TABLE
    }
    outcome.records_extracted = entities.count if spec.entity_keys else root_records(outcome.rows_by_table)
    outcome.load_id = load_info.loads_ids[-1] if load_info.loads_ids else None
    log.info(
        "%s: extracted %d entities, loaded %s in load %s",
        spec.name,
        outcome.records_extracted,
        ", ".join(f"{t}={n}" for t, n in sorted(outcome.rows_by_table.items())),
        outcome.load_id,
    )
    return outcome
