"""Extract and load one vertical with dlt into `raw_<vertical>` of the warehouse."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import dlt
from dlt.common.pipeline import LoadInfo

from ingestion.http import ApiClient
from ingestion.runner.paths import Paths
from ingestion.runner.progress import RowCounter
from ingestion.verticals import VerticalSpec

log = logging.getLogger("starline.extract")


@dataclass
class LoadOutcome:
    load_id: str | None = None
    rows_by_table: dict[str, int] = field(default_factory=dict)
    extract_seconds: float = 0.0
    load_seconds: float = 0.0

    @property
    def records_extracted(self) -> int:
        # Root tables only: child rows (tags, genres, ...) are parts of a record, not records.
        return sum(rows for table, rows in self.rows_by_table.items() if "__" not in table)


def pipeline_for(spec: VerticalSpec, paths: Paths) -> dlt.Pipeline:
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return dlt.pipeline(
        pipeline_name=f"starline_{spec.name}",
        destination=dlt.destinations.duckdb(str(paths.warehouse)),
        dataset_name=spec.dataset_name,
        pipelines_dir=str(paths.dlt_pipelines),
    )


def finish_pending(pipeline: dlt.Pipeline) -> bool:
    """A load that failed earlier (locked file, crash) leaves a package behind; `run()` would only finish it
    and skip the new data, so finish it explicitly first."""
    if not pipeline.has_pending_data:
        return False
    log.warning("%s: finishing a load package left pending by an earlier run", pipeline.pipeline_name)
    pipeline.normalize()
    pipeline.load()
    return True


def extract_and_load(
    spec: VerticalSpec,
    paths: Paths,
    clients: Mapping[str, ApiClient],
    *,
    as_of_date: str,
    run_id: str,
    params: Mapping[str, Any],
    rows: RowCounter | None = None,
) -> LoadOutcome:
    pipeline = pipeline_for(spec, paths)
    finish_pending(pipeline)
    outcome = LoadOutcome()
    source = spec.make_source(clients, as_of_date=as_of_date, run_id=run_id, **params)
    if rows is not None:
        for name, resource in source.selected_resources.items():
            resource.add_map(rows.counting(name))

    started = time.monotonic()
    # Parquet load files: about 4x faster and a tenth of the memory of DuckDB's default insert statements.
    pipeline.extract(source, loader_file_format="parquet")
    outcome.extract_seconds = time.monotonic() - started

    started = time.monotonic()
    normalize_info = pipeline.normalize()
    load_info: LoadInfo = pipeline.load()
    outcome.load_seconds = time.monotonic() - started

    outcome.rows_by_table = {
        table: count for table, count in normalize_info.row_counts.items() if not table.startswith("_dlt")
    }
    outcome.load_id = load_info.loads_ids[-1] if load_info.loads_ids else None
    log.info(
        "%s: loaded %d records (%s) in load %s",
        spec.name,
        outcome.records_extracted,
        ", ".join(f"{t}={n}" for t, n in sorted(outcome.rows_by_table.items())),
        outcome.load_id,
    )
    return outcome
