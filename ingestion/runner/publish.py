"""Publishing a build's exports: the pending folder dbt wrote into replaces the published files, one atomic rename
per file, each data file followed by its sidecar and the manifests last, so a reader never finds a sidecar or
manifest pointing to a file not yet in place.

Every table is a folder, `<vertical>/<table>/`, with a `_manifest.json` listing its data files: a dimension's or
bridge's one `<table>.parquet`, or a fact's Hive-partitioned days (`<x>_month=YYYY-MM/`, one file per day). A
build writes only the fact days it changed, so publishing adds and replaces files but leaves every other day as it
is. Sidecars (`_<file>.meta.json`) and manifests start with `_`, which dataset readers skip.

A crash can stop a publish between two renames. Before the first, the publish writes a journal into the pending
folder (what goes where); the next run, before it builds, finishes every journaled publish and deletes the pending
folders of runs that never got that far (`recover_exports`), so files, sidecars and manifests agree again."""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "_manifest.json"
JOURNAL = "_publishing.json"
CATALOG = "catalog.sql"

log = logging.getLogger("starline.publish")


@dataclass
class Recovery:
    """What `recover_exports` found: journaled publishes it finished (files moved) and unpublished builds dropped."""

    finished: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def publish_order(pending: Path) -> list[Path]:
    """Every file to publish, relative to `pending`: each data file with its sidecar (`_x.parquet.meta.json`)
    right after it, then the manifests."""
    order: list[Path] = []
    sidecars = {path.relative_to(pending) for path in pending.rglob("*.meta.json")}
    for data in sorted(path.relative_to(pending) for path in pending.rglob("*.parquet")):
        order.append(data)
        sidecar = sidecar_of(data)
        if sidecar in sidecars:
            order.append(sidecar)
            sidecars.discard(sidecar)
    return order + sorted(sidecars) + sorted(path.relative_to(pending) for path in pending.rglob(MANIFEST))


def sidecar_of(data: Path) -> Path:
    """The sidecar of a data file: beside it, named so that dataset readers skip it."""
    return data.with_name(f"_{data.name}.meta.json")


def write_journal(pending: Path, exports: Path, files: list[Path]) -> None:
    journal = {"exports": str(exports.resolve()), "files": [str(file) for file in files]}
    temporary = pending / f"{JOURNAL}.tmp"
    temporary.write_text(json.dumps(journal, indent=1))
    os.replace(temporary, pending / JOURNAL)


def move_journaled(pending: Path) -> int:
    """Move what a journal lists and is still in `pending` (a rename already done left nothing behind), then drop
    the files the new manifests no longer list. Returns the files moved."""
    journal = json.loads((pending / JOURNAL).read_text())
    exports = Path(journal["exports"])
    moved = 0
    for relative in map(Path, journal["files"]):
        source = pending / relative
        if not source.exists():
            continue
        target = exports / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        moved += 1
    for relative in map(Path, journal["files"]):
        if relative.name == MANIFEST:
            remove_unlisted_files(exports / relative.parent)
    return moved


def journal_publish(pending: Path, exports: Path) -> list[Path]:
    """Commit to publishing `pending` into `exports`: from here on a crash is finished by the next run instead of
    dropped. Returns the paths the publish will write, in order (see `publish_order`)."""
    if not pending.exists():
        return []
    files = publish_order(pending)
    write_journal(pending, exports, files)
    return [exports / file for file in files]


def finish_publish(pending: Path) -> int:
    """Move a journaled pending folder into place and remove it; returns the files moved."""
    if not (pending / JOURNAL).exists():
        return 0
    moved = move_journaled(pending)
    shutil.rmtree(pending, ignore_errors=True)
    return moved


def publish_exports(pending: Path, exports: Path) -> list[Path]:
    """Move the pending files into place, then remove the files a new manifest no longer lists (days the table
    lost, e.g. in a full rebuild). Returns the published paths in order."""
    published = journal_publish(pending, exports)
    finish_publish(pending)
    return published


def recover_exports(exports: Path) -> Recovery:
    """Before a build, with the run lock held: finish the publishes a crash interrupted (a journal in a pending
    folder) and delete the pending folders of builds that crashed or failed before publishing."""
    recovery = Recovery()
    root = exports / ".pending"
    if not root.exists():
        return recovery
    for run in sorted(folder for folder in root.iterdir() if folder.is_dir()):
        journals = sorted(run.rglob(JOURNAL))
        for journal in journals:
            name = str(journal.parent.relative_to(root))
            recovery.finished[name] = move_journaled(journal.parent)
            log.warning(
                "finished publishing the exports of %s, interrupted by a crash (%d files moved)",
                name,
                recovery.finished[name],
            )
        if not journals:
            recovery.dropped.append(run.name)
            log.warning("removed the exports of run %s, which stopped before publishing them", run.name)
        shutil.rmtree(run, ignore_errors=True)
    return recovery


def remove_unlisted_files(table_dir: Path) -> list[Path]:
    """Delete the data files of a table folder that its manifest does not list, with their sidecars, and the
    partition folders left empty; then the table's file and sidecar of the flat layout before table folders
    (`<vertical>/<table>.parquet`, `<table>.parquet.meta.json`), which the folder now replaces. Returns the data
    files removed."""
    listed = {table_dir / file["path"] for file in json.loads((table_dir / MANIFEST).read_text())["files"]}
    found = [*table_dir.glob("*.parquet"), *table_dir.glob("*=*/*.parquet")]
    stale = sorted(path for path in found if path not in listed)
    for path in stale:
        path.unlink()
        sidecar_of(path).unlink(missing_ok=True)
    for folder in table_dir.glob("*=*"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    flat = table_dir.with_name(f"{table_dir.name}.parquet")
    if flat.is_file():
        flat.unlink()
        stale.append(flat)
    flat.with_name(f"{flat.name}.meta.json").unlink(missing_ok=True)
    return stale


def write_catalog(exports: Path) -> Path:
    """`<exports>/catalog.sql`: one DuckDB view per published table, `<vertical>.<table>`, over the Parquet files
    of its folder (a fact over all its day files, with the month folder as a column). From the folder that holds
    the exports, `duckdb -init exports/catalog.sql` queries them by table name without opening the warehouse file,
    so an analyst's session never blocks a run. Rewritten after every publish, atomically."""
    lines = [
        "-- Written by starline after each publish: a view per exported table. Paths are relative to the folder",
        f"-- that holds {exports.name}/ (run duckdb from there): duckdb -init {exports.name}/{CATALOG}",
    ]
    folders = (
        sorted(p for p in exports.iterdir() if p.is_dir() and not p.name.startswith(".")) if exports.exists() else []
    )
    for folder in folders:
        views: dict[str, str] = {}
        # A vertical not published since the upgrade to table folders still has its dimensions as flat files.
        for data in sorted(folder.glob("*.parquet")):
            views[data.stem] = f"read_parquet('{exports.name}/{folder.name}/{data.name}')"
        for manifest_file in sorted(folder.glob(f"*/{MANIFEST}")):
            manifest = json.loads(manifest_file.read_text())
            if manifest["files"]:
                table = manifest_file.parent.name
                where = f"{exports.name}/{folder.name}/{table}"
                views[table] = (
                    f"read_parquet('{where}/*/*.parquet', hive_partitioning = true)"
                    if manifest["partition_column"]
                    else f"read_parquet('{where}/*.parquet')"
                )
        if views:
            lines.append(f"create schema if not exists {folder.name};")
            lines += [
                f"create or replace view {folder.name}.{table} as select * from {source};"
                for table, source in sorted(views.items())
            ]
    catalog = exports / CATALOG
    exports.mkdir(parents=True, exist_ok=True)
    temporary = exports / f"{CATALOG}.tmp"
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, catalog)
    return catalog
