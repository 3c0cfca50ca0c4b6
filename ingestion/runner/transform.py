"""Transform and test one or more verticals with dbt and publish their Parquet exports.

dbt runs as a child process: dbt-duckdb keeps its DuckDB instance open for the life of the process, which would
stop the runner from reading the warehouse (run log, row counts) afterwards and would hold the file lock."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.runner.paths import Paths

log = logging.getLogger("starline.transform")

FAILED_STATUSES = {"error", "fail", "runtime error"}


class DbtBuildError(RuntimeError):
    """dbt build finished with failed models or tests; the message lists them."""


@dataclass
class BuildOutcome:
    transform_seconds: float = 0.0
    export_seconds: float = 0.0
    # Per raw field, the values staging could not cast (the `casts_cleanly` warnings).
    uncast_values: dict[str, int] = field(default_factory=dict)


def dbt_build(paths: Paths, selectors: Sequence[str], run_id: str, *, full_refresh: bool = False) -> BuildOutcome:
    """`dbt build --select <selectors>` with the exports written to a pending folder; they replace the published
    ones only when every model and test passed, so a failed build never leaves a mix of old and new files."""
    pending = paths.pending_exports(run_id)
    shutil.rmtree(pending, ignore_errors=True)
    target = paths.state / "dbt_target"
    # A fresh log folder per invocation: dbt rotates its log at 10 MB, and the export timing reads this one whole.
    log_dir = paths.logs / "dbt" / f"{run_id}-{'-'.join(selectors)}"
    shutil.rmtree(log_dir, ignore_errors=True)
    args = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        "--select",
        *selectors,
        # shared.dim_date is tested from every vertical's facts; with the default (eager) selection, building
        # shared with one vertical would also run the other verticals' tests against tables not built here.
        "--indirect-selection",
        "cautious",
        "--project-dir",
        str(paths.project_dir),
        "--profiles-dir",
        str(paths.project_dir),
        "--target-path",
        str(target),
        "--log-path",
        str(log_dir),
        # JSON lines in the file log carry each statement's duration: how the export phase is measured.
        "--log-format-file",
        "json",
        "--quiet",
        *(["--full-refresh"] if full_refresh else []),
    ]
    (target / "run_results.json").unlink(missing_ok=True)
    dbt_log = log_dir / "dbt.log"
    # Passed as environment, not --vars: changing vars make dbt re-parse the whole project on every run.
    environment = {
        **os.environ,
        "STARLINE_WAREHOUSE": str(paths.warehouse),
        "STARLINE_EXPORT_DIR": str(pending),
        "STARLINE_RUN_ID": run_id,
    }
    started = time.monotonic()
    completed = subprocess.run(
        args, cwd=paths.project_dir, env=environment, capture_output=True, text=True, check=False
    )
    outcome = BuildOutcome(transform_seconds=time.monotonic() - started)
    outcome.uncast_values = uncast_values(target)
    for raw_field, count in sorted(outcome.uncast_values.items()):
        log.warning("%d values of %s could not be cast; they stay in raw, NULL in the marts", count, raw_field)
    node_results = read_run_results(target / "run_results.json")
    failures = [
        f"{unique_id.split('.')[0]} {node_name(unique_id)}: {first_line(message)}"
        for unique_id, status, message in node_results
        if status in FAILED_STATUSES
    ]
    if completed.returncode != 0 or failures:
        shutil.rmtree(pending, ignore_errors=True)
        log.error("dbt output (full log: %s):\n%s", dbt_log, (completed.stdout + completed.stderr).strip()[-4000:])
        reason = "; ".join(failures[:5]) or first_line(completed.stdout + completed.stderr, 2) or "no output"
        more = f" (and {len(failures) - 5} more)" if len(failures) > 5 else ""
        raise DbtBuildError(f"dbt build failed: {reason}{more}")
    # The Parquet writes run inside dbt's post-hooks: book them as export, not transform.
    exporting = export_statement_seconds(dbt_log)
    # Kept only when the build failed: a green build's debug log is large and says nothing new.
    shutil.rmtree(log_dir, ignore_errors=True)
    outcome.transform_seconds = max(outcome.transform_seconds - exporting, 0.0)
    started = time.monotonic()
    publish_exports(pending, paths.exports)
    outcome.export_seconds = exporting + time.monotonic() - started
    return outcome


def rebuild(paths: Paths, verticals: Sequence[str], run_id: str) -> BuildOutcome:
    """Every mart from scratch: drop the verticals' snapshot tables (`<v>_snapshots`), then `dbt build
    --full-refresh` over shared and the verticals, which re-derives snapshot history from raw."""
    if paths.warehouse.exists():
        with duckdb.connect(str(paths.warehouse)) as connection:
            tables = connection.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_type = 'BASE TABLE' and list_contains(?, table_schema)",
                [[f"{vertical}_snapshots" for vertical in verticals]],
            ).fetchall()
            for schema, table in tables:
                connection.execute(f'drop table "{schema}"."{table}"')
    return dbt_build(paths, ["shared", *verticals], run_id, full_refresh=True)


def export_statement_seconds(dbt_log: Path) -> float:
    """Seconds dbt spent on `copy ... to` statements (the export post-hooks), from one invocation's JSON log.
    dbt logs each statement (SQLQuery) and then its duration (SQLQueryStatus) on the same thread."""
    if not dbt_log.exists():
        return 0.0
    last_statement: dict[str, str] = {}
    seconds = 0.0
    with dbt_log.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            info, data = event.get("info", {}), event.get("data", {})
            if info.get("name") == "SQLQuery":
                last_statement[info.get("thread", "")] = COMMENT.sub("", data.get("sql", "")).lstrip().lower()
            elif info.get("name") == "SQLQueryStatus" and last_statement.get(info.get("thread", ""), "").startswith(
                "copy"
            ):
                seconds += float(data.get("elapsed") or 0.0)
    return seconds


def read_run_results(path: Path) -> list[tuple[str, str, str]]:
    """(unique_id, status, message) of every node dbt ran; empty when dbt stopped before running any."""
    if not path.exists():
        return []
    results = json.loads(path.read_text())["results"]
    return [(r["unique_id"], str(r["status"]), r.get("message") or "") for r in results]


def uncast_values(target: Path) -> dict[str, int]:
    """Per raw field (`raw_<v>.<table>.<column>`), the failing rows of its `casts_cleanly` test in the last build,
    from run_results.json (the counts) and manifest.json (which source column each test is on)."""
    results_file, manifest_file = target / "run_results.json", target / "manifest.json"
    if not results_file.exists() or not manifest_file.exists():
        return {}
    failures = {
        result["unique_id"]: int(result.get("failures") or 0)
        for result in json.loads(results_file.read_text())["results"]
        if result["unique_id"].startswith("test.")
    }
    manifest = json.loads(manifest_file.read_text())
    counts: dict[str, int] = {}
    for unique_id, failing in failures.items():
        node = manifest["nodes"].get(unique_id, {})
        if failing == 0 or (node.get("test_metadata") or {}).get("name") != "casts_cleanly":
            continue
        source = manifest["sources"].get(next(iter(node["depends_on"]["nodes"]), ""), {})
        raw_field = f"{source.get('schema')}.{source.get('identifier')}.{node.get('column_name')}"
        counts[raw_field] = counts.get(raw_field, 0) + failing
    return counts


COMMENT = re.compile(r"^\s*/\*.*?\*/", re.S)
ANSI_AND_CLOCK = re.compile(r"\x1b\[[0-9;]*m|^\d\d:\d\d:\d\d\s+")


def node_name(unique_id: str) -> str:
    """`test.starline.<name>.<hash>` -> name; `model.starline.<name>` and `unit_test.starline.<model>.<name>`
    -> their last part."""
    parts = unique_id.split(".")
    return parts[2] if parts[0] == "test" and len(parts) > 3 else parts[-1]


def first_line(text: str, count: int = 1) -> str:
    """The first `count` lines of dbt output that say something (no colour codes, clock prefixes or bare
    headings), joined by ': '."""
    lines = []
    for raw in text.splitlines():
        line = ANSI_AND_CLOCK.sub("", ANSI_AND_CLOCK.sub("", raw)).strip()
        if line and line != "Encountered an error:":
            lines.append(line)
        if len(lines) == count:
            break
    return ": ".join(lines)


def publish_exports(pending: Path, exports: Path) -> list[Path]:
    """Move every exported file into place, Parquet first and its sidecar second, each with an atomic rename."""
    published: list[Path] = []
    if not pending.exists():
        return published
    files = sorted(pending.rglob("*.parquet")) + sorted(pending.rglob("*.meta.json"))
    for source in files:
        target = exports / source.relative_to(pending)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        published.append(target)
    shutil.rmtree(pending, ignore_errors=True)
    return published
