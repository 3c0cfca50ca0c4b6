"""Transform and test verticals with dbt in one invocation and publish each vertical's Parquet exports.

dbt runs as a child process: dbt-duckdb keeps its DuckDB instance open for the life of the process, which would
stop the runner from reading the warehouse (run log, row counts) afterwards and would hold the file lock.

One `dbt build --select shared <v1> <v2> ...` per run: dbt's start-up, parse and per-invocation overhead is paid
once instead of once per vertical. Its results are attributed back to the verticals by each node's folder (the
node's fqn, `models/<vertical>/...`, `snapshots/<vertical>/...`, `tests/dbt/<vertical>/...`): a vertical
succeeds when all its nodes and all of `shared` passed, and only then are its exports published.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.runner.build_progress import follow_build
from ingestion.runner.paths import Paths
from ingestion.runner.publish import finish_publish, journal_publish, publish_exports, write_catalog

log = logging.getLogger("starline.transform")

FAILED_STATUSES = {"error", "fail", "runtime error"}
NOT_PASSED_STATUSES = FAILED_STATUSES | {"skipped"}
SHARED = "shared"


class DbtBuildError(RuntimeError):
    """dbt build finished with failed models or tests; the message lists them."""


@dataclass
class VerticalOutcome:
    """One vertical's part of a build. Its transform seconds are the build's wall time (less exports) split in
    proportion to the execution time of the vertical's nodes, `shared`'s nodes counted equally to every vertical,
    so the verticals' rows in the run log add up to the build; its export seconds are its own export hooks
    (plus its share of shared's) and the publishing of its folder."""

    status: str = "success"
    error: str | None = None
    transform_seconds: float = 0.0
    export_seconds: float = 0.0
    uncast_values: dict[str, int] = field(default_factory=dict)


@dataclass
class BuildOutcome:
    transform_seconds: float = 0.0
    export_seconds: float = 0.0
    # Per raw field, the values staging could not cast (the `casts_cleanly` warnings).
    uncast_values: dict[str, int] = field(default_factory=dict)
    verticals: dict[str, VerticalOutcome] = field(default_factory=dict)
    shared_passed: bool = True


@dataclass
class NodeResult:
    unique_id: str
    status: str
    message: str
    seconds: float

    def describe(self) -> str:
        return f"{self.unique_id.split('.')[0]} {node_name(self.unique_id)}: {error_summary(self.message)}"


@dataclass
class Invocation:
    """What one `dbt build` left behind: its exit code and output, node results and the files it wrote."""

    returncode: int
    output: str
    seconds: float
    target: Path
    pending: Path
    results: list[NodeResult]

    @property
    def dbt_output(self) -> str:
        """dbt's output without the export timing lines."""
        return "\n".join(line for line in self.output.splitlines() if not EXPORT_TIMING.match(line))

    def failure(self, results: Sequence[NodeResult]) -> str:
        """`dbt build failed: ...` naming up to five failed nodes of `results`, else dbt's own first lines."""
        failures = [result.describe() for result in results if result.status in FAILED_STATUSES]
        reason = "; ".join(failures[:5]) or killed_by(self.returncode) or first_line(self.dbt_output, 2) or "no output"
        more = f" (and {len(failures) - 5} more)" if len(failures) > 5 else ""
        return f"dbt build failed: {reason}{more}"

    def report_failure(self) -> None:
        log.error("dbt output:\n%s", self.dbt_output.strip()[-4000:])


def dbt_build(paths: Paths, selectors: Sequence[str], run_id: str) -> BuildOutcome:
    """`dbt build --select <selectors>` with the exports written to a pending folder; they replace the published
    ones only when every model and test passed, so a failed build never leaves a mix of old and new files."""
    invocation = invoke(paths, selectors, run_id)
    outcome = BuildOutcome(uncast_values=report_uncast(invocation.target))
    if invocation.returncode != 0 or any(r.status in FAILED_STATUSES for r in invocation.results):
        shutil.rmtree(invocation.pending, ignore_errors=True)
        invocation.report_failure()
        raise DbtBuildError(invocation.failure(invocation.results))
    # The Parquet writes run inside dbt's post-hooks: book them as export, not transform.
    exporting = sum(export_seconds_by_node(invocation.output).values())
    outcome.transform_seconds = max(invocation.seconds - exporting, 0.0)
    started = time.monotonic()
    publish_exports(invocation.pending, paths.exports)
    write_catalog(paths.exports)
    outcome.export_seconds = exporting + time.monotonic() - started
    return outcome


def build(
    paths: Paths,
    verticals: Sequence[str],
    run_id: str,
    *,
    full_refresh: bool = False,
    on_publish: Callable[[], None] | None = None,
) -> BuildOutcome:
    """One `dbt build --select shared <verticals>`; never raises for failed nodes: each vertical's outcome says
    whether it passed, and only passing verticals (and shared, when it passed) have their exports published
    (`on_publish` is called first)."""
    invocation = invoke(paths, [SHARED, *verticals], run_id, full_refresh=full_refresh)
    outcome = attribute(invocation, verticals, report_uncast(invocation.target))
    passed = [name for name, vertical in outcome.verticals.items() if vertical.status == "success"]
    if len(passed) < len(verticals):
        invocation.report_failure()
    if on_publish is not None:
        on_publish()
    publishing_order = ([SHARED] if outcome.shared_passed else []) + passed
    # Every passing vertical is committed before the first file moves: a crash mid-way is finished by the next
    # run for all of them, not only for those already started.
    for name in publishing_order:
        journal_publish(invocation.pending / name, paths.exports / name)
    for name in publishing_order:
        started = time.monotonic()
        finish_publish(invocation.pending / name)
        publishing = time.monotonic() - started
        for receiver in passed if name == SHARED else [name]:
            outcome.verticals[receiver].export_seconds += publishing / (len(passed) if name == SHARED else 1)
    shutil.rmtree(invocation.pending, ignore_errors=True)
    if publishing_order:
        write_catalog(paths.exports)
    outcome.export_seconds = sum(vertical.export_seconds for vertical in outcome.verticals.values())
    return outcome


def attribute(invocation: Invocation, verticals: Sequence[str], uncast: dict[str, int]) -> BuildOutcome:
    """Each vertical's status, error and seconds from one build's nodes (see `VerticalOutcome`). A vertical fails
    when any of its nodes or of shared's did not pass, or when dbt stopped outside any node (parse error, an
    on-run-start hook, a lock): nothing that build left can be trusted."""
    groups = node_groups(invocation.target / "manifest.json", verticals)
    by_group: dict[str, list[NodeResult]] = {name: [] for name in [SHARED, *verticals]}
    for result in invocation.results:
        by_group[groups.get(result.unique_id, SHARED)].append(result)
    crashed = invocation.returncode != 0 and all(r.status not in NOT_PASSED_STATUSES for r in invocation.results)
    outcome = BuildOutcome(
        uncast_values=uncast,
        shared_passed=not crashed and all(r.status not in NOT_PASSED_STATUSES for r in by_group[SHARED]),
    )
    exports = export_seconds_by_node(invocation.output)
    exporting = {name: sum(exports.get(r.unique_id, 0.0) for r in nodes) for name, nodes in by_group.items()}
    working = {name: sum(r.seconds for r in nodes) - exporting[name] for name, nodes in by_group.items()}
    weights = {name: working[name] + working[SHARED] / len(verticals) for name in verticals}
    outcome.transform_seconds = max(invocation.seconds - sum(exports.values()), 0.0)
    for name in verticals:
        share = weights[name] / sum(weights.values()) if sum(weights.values()) > 0 else 1 / len(verticals)
        vertical = VerticalOutcome(
            transform_seconds=round(outcome.transform_seconds * share, 3),
            export_seconds=exporting[name] + exporting[SHARED] / len(verticals),
            uncast_values={f: n for f, n in uncast.items() if f.startswith(f"raw_{name}.")},
        )
        if not outcome.shared_passed or any(r.status in NOT_PASSED_STATUSES for r in by_group[name]):
            vertical.status = "failed"
            vertical.error = invocation.failure(by_group[SHARED] + by_group[name])
        outcome.verticals[name] = vertical
    return outcome


def rebuild(
    paths: Paths, verticals: Sequence[str], run_id: str, *, on_publish: Callable[[], None] | None = None
) -> BuildOutcome:
    """Every mart from scratch: drop the verticals' snapshot tables (`<v>_snapshots`), whose history the
    snapshots' upstream then re-derives from raw in as-of order, and `dbt build --full-refresh` the selection."""
    if paths.warehouse.exists():
        with duckdb.connect(str(paths.warehouse)) as connection:
            relations = connection.execute(
                "select table_schema, table_name, table_type from information_schema.tables "
                "where list_contains(?, table_schema)",
                [[f"{vertical}_snapshots" for vertical in verticals]],
            ).fetchall()
            for schema, table, kind in relations:
                connection.execute(f'drop {"view" if kind == "VIEW" else "table"} "{schema}"."{table}"')
        log.info("dropped %d snapshot tables of %s", len(relations), ", ".join(verticals))
    return build(paths, verticals, run_id, full_refresh=True, on_publish=on_publish)


def invoke(paths: Paths, selectors: Sequence[str], run_id: str, *, full_refresh: bool = False) -> Invocation:
    """Run `dbt build --select <selectors>` with the exports going to the run's pending folder."""
    pending = paths.pending_exports(run_id)
    shutil.rmtree(pending, ignore_errors=True)
    target = paths.state / "dbt_target"
    log_dir = paths.state / "dbt_log"
    shutil.rmtree(log_dir, ignore_errors=True)
    args = [
        *dbt_command(paths, "build", target),
        "--select",
        *selectors,
        # shared.dim_date is tested from every vertical's facts; with the default (eager) selection, building
        # shared with one vertical would also run the other verticals' tests against tables not built here.
        "--indirect-selection",
        "cautious",
        # Unit tests check the SQL, not the day's data: they run in `make test` (dbt's advice for production
        # runs), and here they were a third of the daily build's node time.
        "--exclude-resource-type",
        "unit_test",
        # The file log at info, as JSON: the node events the runner follows for its progress lines
        # (`build_progress`). dbt's debug file log took a sixth of the build; a build by hand keeps it.
        "--log-level-file",
        "info",
        "--log-format-file",
        "json",
        "--log-path",
        str(log_dir),
        "--quiet",
        # A full refresh reads all of raw in each staging model: two such queries side by side ran out of DuckDB's
        # memory_limit at scale M, and DuckDB already spreads one query over every core.
        *(["--full-refresh", "--threads", "1"] if full_refresh else []),
    ]
    (target / "run_results.json").unlink(missing_ok=True)
    # Passed as environment, not --vars: changing vars make dbt re-parse the whole project on every run.
    environment = {
        **os.environ,
        "STARLINE_WAREHOUSE": str(paths.warehouse),
        "STARLINE_EXPORT_DIR": str(pending),
        "STARLINE_RUN_ID": run_id,
        # Facts are exported by month: the months this build does not rewrite are read from the published files.
        "STARLINE_PUBLISHED_EXPORT_DIR": str(paths.exports),
    }
    started = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        process = subprocess.Popen(
            args,
            cwd=paths.project_dir,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=die_with_parent,
        )
        follow_build(process, log_dir / "dbt.log", title=f"dbt build ({', '.join(selectors)})")
        output.seek(0)
        printed = output.read()
    return Invocation(
        returncode=process.returncode,
        output=printed,
        seconds=time.monotonic() - started,
        target=target,
        pending=pending,
        results=read_run_results(target / "run_results.json"),
    )


def dbt_command(paths: Paths, command: str, target: Path) -> list[str]:
    """`dbt <command>` of this venv on the project, with its artifacts in `target`."""
    return [
        str(Path(sys.executable).with_name("dbt")),
        command,
        "--project-dir",
        str(paths.project_dir),
        "--profiles-dir",
        str(paths.project_dir),
        "--target-path",
        str(target),
    ]


def report_uncast(target: Path) -> dict[str, int]:
    counts = uncast_values(target)
    for raw_field, count in sorted(counts.items()):
        log.warning("%d values of %s could not be cast; they stay in raw, NULL in the marts", count, raw_field)
    return counts


def node_groups(manifest_file: Path, verticals: Sequence[str]) -> dict[str, str]:
    """Per node unique id, the vertical whose folder holds it (its fqn's second part); nodes of other folders
    (`shared`, hooks) are shared."""
    if not manifest_file.exists():
        return {}
    manifest = json.loads(manifest_file.read_text())
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    groups = {}
    for unique_id, node in nodes.items():
        fqn = node.get("fqn") or []
        groups[unique_id] = fqn[1] if len(fqn) > 1 and fqn[1] in verticals else SHARED
    return groups


def export_seconds_by_node(output: str) -> dict[str, float]:
    """Per node, the seconds its export post-hook took, from the lines it prints (`export_parquet()` in
    macros/export_parquet.sql)."""
    seconds: dict[str, float] = {}
    for line in output.splitlines():
        if match := EXPORT_TIMING.match(line):
            seconds[match["node"]] = seconds.get(match["node"], 0.0) + float(match["seconds"])
    return seconds


def read_run_results(path: Path) -> list[NodeResult]:
    """Every node dbt ran, with its status, message and execution seconds; empty when dbt stopped before running
    any."""
    if not path.exists():
        return []
    return [
        NodeResult(r["unique_id"], str(r["status"]), r.get("message") or "", float(r.get("execution_time") or 0.0))
        for r in json.loads(path.read_text())["results"]
    ]


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


# prctl option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1
EXPORT_TIMING = re.compile(r"^starline-export-seconds (?P<node>\S+) (?P<seconds>[0-9.]+)$")
ANSI_AND_CLOCK = re.compile(r"\x1b\[[0-9;]*m|^\d\d:\d\d:\d\d\s+")


def node_name(unique_id: str) -> str:
    """`test.starline.<name>.<hash>` -> name; `model.starline.<name>` and `unit_test.starline.<model>.<name>`
    -> their last part."""
    parts = unique_id.split(".")
    return parts[2] if parts[0] == "test" and len(parts) > 3 else parts[-1]


def error_summary(message: str) -> str:
    """A failed node's message in one line: dbt heads errors with 'Compilation Error in model x (path)', and the
    line after it says what went wrong."""
    headed = message.lstrip().startswith(("Compilation Error", "Runtime Error", "Database Error"))
    return first_line(message, 2 if headed else 1)


def killed_by(returncode: int) -> str:
    """The reason of a dbt process ended by a signal (a negative return code), which its output does not say:
    what it printed last is often a multiprocessing warning about leaked semaphores."""
    if returncode >= 0:
        return ""
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    return f"dbt was killed by {name} (out of memory, a timeout or an operator); nothing it built was published"


def die_with_parent() -> None:
    """In the dbt child, before it starts: the kernel sends it SIGTERM when the runner dies, so a killed run
    leaves no dbt build writing to the warehouse and the pending exports on its own (Linux; elsewhere a no-op)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


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
