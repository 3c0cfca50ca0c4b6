"""Publishing a build's exports: the pending folder dbt wrote into replaces the published files, one atomic rename
per file, in an order where a reader never finds a sidecar or manifest pointing to a file not yet in place.

Facts are Hive-partitioned datasets (`<vertical>/<table>/<x>_month=YYYY-MM/`): a build writes only the months it
changed, so publishing adds and replaces files but leaves every other month as it is; the table's `_manifest.json`
lists every month the table holds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

MANIFEST = "_manifest.json"


def publish_exports(pending: Path, exports: Path) -> list[Path]:
    """Move the data files into place, then their sidecars, then the fact manifests; then remove the partition
    folders a new manifest no longer lists (months the table lost, e.g. in a full rebuild)."""
    published: list[Path] = []
    if not pending.exists():
        return published
    data = sorted(pending.rglob("*.parquet"))
    sidecars = sorted(pending.rglob("*.meta.json"))
    manifests = sorted(pending.rglob(MANIFEST))
    for source in data + sidecars + manifests:
        target = exports / source.relative_to(pending)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        published.append(target)
    for manifest in manifests:
        remove_unlisted_partitions(exports / manifest.relative_to(pending).parent)
    shutil.rmtree(pending, ignore_errors=True)
    return published


def remove_unlisted_partitions(table_dir: Path) -> list[Path]:
    """Delete the partition folders of a fact dataset that its manifest does not list; returns them."""
    files = json.loads((table_dir / MANIFEST).read_text())["files"]
    listed = {Path(file["path"]).parent.name for file in files}
    stale = sorted(folder for folder in table_dir.glob("*=*") if folder.is_dir() and folder.name not in listed)
    for folder in stale:
        shutil.rmtree(folder)
    return stale
