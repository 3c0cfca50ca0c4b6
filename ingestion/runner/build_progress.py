"""Progress through the dbt build, most of a vertical's time: nodes done of the total (models, snapshots, tests),
the nodes running now, and each failure as it happens, as a live table on a terminal and in the run's log.

dbt keeps its terminal quiet for the runner (`--quiet`: its output is parsed for errors and export timings) and
writes its info-level events as JSON lines to a file log; the runner follows that file while dbt runs."""

from __future__ import annotations

import json
import logging
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rich.table import Table

from ingestion.runner.progress import ProgressDisplay

log = logging.getLogger("starline.progress")

# A node is done when dbt logs its result, or that it was skipped (downstream of a failure).
RESULT_EVENTS = {"LogModelResult", "LogTestResult", "LogSnapshotResult", "LogSeedResult", "LogNodeNoOpResult"}
SKIPPED_EVENT = "SkippingDetails"
FAILED = {"error", "fail", "runtime error"}


@dataclass
class BuildProgress:
    total: int = 0
    done: int = 0
    tests_done: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    running: dict[str, None] = field(default_factory=dict)

    def feed(self, line: str) -> str | None:
        """Take one JSON log line; returns a description of a node that just failed, else None."""
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            return None
        name = event.get("info", {}).get("name")
        data = event.get("data", {})
        node = (data.get("node_info") or {}).get("unique_id")
        if name == "LogStartLine" and node:
            self.total = max(self.total, int(data.get("total") or 0))
            self.running[node] = None
        elif name == SKIPPED_EVENT and node:
            self.total = max(self.total, int(data.get("total") or 0))
            self.running.pop(node, None)
            self.done += 1
            self.skipped += 1
        elif name in RESULT_EVENTS and node:
            self.running.pop(node, None)
            self.done += 1
            self.tests_done += node.startswith("test.")
            if str(data.get("status", "")).lower() in FAILED:
                self.failed.append(node)
                return f"{node} {str(data.get('status')).lower()}"
        return None

    def running_names(self, limit: int) -> list[str]:
        # unique ids are `<type>.<package>.<name>[.<hash>]`.
        return [node.split(".")[2] for node in list(self.running)[:limit]]

    def describe(self) -> str:
        now = ", ".join(self.running_names(2)) or "nothing"
        failures = f"{len(self.failed)} failed" if self.failed else "none failed"
        if self.skipped:
            failures += f", {self.skipped} skipped"
        return (
            f"dbt build: {self.done} of {self.total or '?'} nodes done ({self.tests_done} tests), {failures}; "
            f"running {now}"
        )


class LogFollower:
    """The complete lines appended to a file since the last read (dbt creates the file once it starts)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._offset = 0
        self._partial = ""

    def new_lines(self) -> list[str]:
        if not self._path.exists():
            return []
        with self._path.open(encoding="utf-8", errors="replace") as handle:
            handle.seek(self._offset)
            text = handle.read()
            self._offset = handle.tell()
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        return [line for line in lines if line]


def build_table(progress: BuildProgress, title: str, finished: bool) -> Table:
    """Figures down the side, so node names get the width of the terminal."""
    heading = f"{title}: done" if finished else title
    table = Table(title=heading, title_justify="left", show_header=False, min_width=len(heading) + 2)
    table.add_column("figure")
    table.add_column("value")
    table.add_row("nodes done", f"{progress.done} of {progress.total or '?'} ({progress.tests_done} tests)")
    table.add_row("running", "\n".join(progress.running_names(3)) or "-")
    table.add_row("failed", "\n".join(f"[red]{node.split('.')[2]}[/red]" for node in progress.failed) or "none")
    table.add_row("skipped", str(progress.skipped))
    return table


def follow_build(
    process: subprocess.Popen[str],
    log_file: Path,
    *,
    title: str = "dbt build",
    stream: TextIO | None = None,
    every: float = 5.0,
    poll: float = 0.5,
) -> BuildProgress:
    """Wait for `process`, showing its progress (a live table on a terminal, else a log line every `every`
    seconds) and logging each failure at once; then the final figures."""
    progress = BuildProgress()
    follower = LogFollower(log_file)
    display = ProgressDisplay(
        lambda finished: build_table(progress, title, finished),
        lambda: log.info("%s", progress.describe()),
        stream=stream,
        plain_every=every,
    )

    def read() -> None:
        for line in follower.new_lines():
            failure = progress.feed(line)
            if failure:
                log.warning("dbt build: %s", failure)

    with display:
        while process.poll() is None:
            read()
            display.refresh()
            time.sleep(poll)
        read()
    return progress
