"""The gaming warehouse at scale: the emulator's 60 games cloned to N apps per day, loaded through dlt with the
source's own column hints, then `dbt build` per day (snapshots, incremental fact, bridges, Parquet exports)."""

from __future__ import annotations

import copy
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dlt
import duckdb

from ingestion.emulator import Emulator
from ingestion.records import extract_records
from ingestion.runner.extract import pipeline_for
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.runner.transform import dbt_build
from ingestion.sources import gaming as gaming_source
from ingestion.verticals import discover

# Resource -> (the id fields to shift when cloning, the source's column hints).
RESOURCES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "steamspy_apps": (("appid",), gaming_source.STEAMSPY_HINTS),
    "steamspy_app_details": (("appid",), gaming_source.STEAMSPY_HINTS),
    "steam_app_details": (("app_id",), gaming_source.STORE_HINTS),
    "steam_app_reviews": (("app_id",), gaming_source.AS_OF_HINTS),
    "steam_current_players": (("app_id",), gaming_source.PLAYERS_HINTS),
}
ID_STRIDE = 10_000_000


def base_records() -> dict[str, list[dict[str, Any]]]:
    with Emulator(["gaming"]) as emulator:
        urls = emulator.base_urls()["gaming"]
        return {name: extract_records("gaming", name, base_urls=urls) for name in RESOURCES}


def cloned(rows: list[dict[str, Any]], id_fields: tuple[str, ...], apps: int, day: str) -> list[dict[str, Any]]:
    out = []
    for copy_index in range(-(-apps // len(rows))):
        for row in rows:
            clone = copy.deepcopy(row)
            for field in id_fields:
                clone[field] = row[field] + copy_index * ID_STRIDE
            clone.update(as_of_date=day, _run_id=f"bench-{day}")
            out.append(clone)
            if len(out) == apps:
                return out
    return out


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run(apps: int, days: int) -> None:
    base = base_records()
    spec = discover()["gaming"]
    with tempfile.TemporaryDirectory(prefix="starline-bench-") as root:
        paths = Paths(
            PROJECT_DIR, Path(root) / "w.duckdb", Path(root) / "exports", Path(root) / "state", Path(root) / "logs"
        )
        pipeline = pipeline_for(spec, paths)
        first = date(2025, 1, 1)
        print(f"gaming warehouse: {apps} apps x {days} days")
        for offset in range(days):
            day = (first + timedelta(days=offset)).isoformat()
            resources = [
                dlt.resource(cloned(base[name], ids, apps, day), name=name, columns=hints, write_disposition="append")
                for name, (ids, hints) in RESOURCES.items()
            ]
            started = time.perf_counter()
            info = pipeline.run(resources, loader_file_format="parquet")
            load_seconds = time.perf_counter() - started
            rows = sum(pipeline.last_trace.last_normalize_info.row_counts.values())
            built = dbt_build(paths, ["shared", "gaming"], f"bench-{day}")
            print(
                f"  {day}: loaded {rows} raw rows in {load_seconds:.1f} s ({rows / load_seconds:.0f} rows/s, "
                f"load {info.loads_ids[-1]}); dbt build {built.transform_seconds:.1f} s; publish "
                f"{built.export_seconds:.2f} s"
            )
        with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
            facts = connection.execute("select count(*) from gaming.fct_game_daily_metrics").fetchone()
            versions = connection.execute("select count(*) from gaming.dim_game").fetchone()
        size = sum(f.stat().st_size for f in paths.exports.rglob("*.parquet"))
        print(
            f"  fact rows {facts[0] if facts else 0}, dim_game rows {versions[0] if versions else 0}, "
            f"Parquet {size / 1e6:.1f} MB, warehouse {paths.warehouse.stat().st_size / 1e6:.1f} MB, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
