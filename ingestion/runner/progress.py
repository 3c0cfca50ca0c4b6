"""Progress while a vertical extracts: per resource, requests made, rows extracted, retries and rate-limit waits.

On a terminal it is a live table (rich); elsewhere (cron, CI, a pipe) it is plain log lines every few seconds and
once at the end, so log files stay readable."""

from __future__ import annotations

import logging
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from ingestion.http import StatsRegistry

log = logging.getLogger("starline.progress")


class RowCounter:
    """Counts the items each resource yields; fed by a dlt map on every resource (thread-safe)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def counting(self, resource: str) -> Any:
        def count(item: Any) -> Any:
            with self._lock:
                self._counts[resource] += len(item) if isinstance(item, list) else 1
            return item

        return count

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


def progress_rows(vertical: str, stats: StatsRegistry, rows: RowCounter) -> list[tuple[str, str, int, int, int, int]]:
    requests = stats.as_dict()
    counted = rows.snapshot()
    return [
        (
            vertical,
            resource,
            int(requests.get(resource, {}).get("requests", 0)),
            counted.get(resource, 0),
            int(requests.get(resource, {}).get("retries", 0)),
            int(requests.get(resource, {}).get("rate_limit_waits", 0)),
        )
        for resource in sorted(set(requests) | set(counted))
    ]


def _table(rows: list[tuple[str, str, int, int, int, int]]) -> Table:
    table = Table(title="extracting", title_justify="left")
    for header in ("vertical", "resource", "requests", "rows", "retries", "waits"):
        table.add_column(header, justify="left" if header in ("vertical", "resource") else "right")
    for row in rows:
        table.add_row(*(str(value) for value in row))
    return table


@contextmanager
def show_progress(
    vertical: str,
    stats: StatsRegistry,
    rows: RowCounter,
    *,
    stream: TextIO | None = None,
    interval_seconds: float | None = None,
) -> Iterator[None]:
    stream = stream or sys.stderr
    # Progress is INFO: a quiet run (or one whose caller configured no logging) shows no live table either.
    interactive = stream.isatty() and log.isEnabledFor(logging.INFO)
    interval = interval_seconds or (0.5 if interactive else 10.0)
    stop = threading.Event()

    def log_lines() -> None:
        for _, resource, requests, counted, retries, waits in progress_rows(vertical, stats, rows):
            log.info(
                "%s/%s: %d requests, %d rows, %d retries, %d rate-limit waits",
                vertical,
                resource,
                requests,
                counted,
                retries,
                waits,
            )

    if interactive:
        with Live(_table([]), console=Console(file=stream), refresh_per_second=4, transient=False) as live:

            def refresh() -> None:
                while not stop.wait(interval):
                    live.update(_table(progress_rows(vertical, stats, rows)))

            worker = threading.Thread(target=refresh, daemon=True)
            worker.start()
            try:
                yield
            finally:
                stop.set()
                worker.join()
                live.update(_table(progress_rows(vertical, stats, rows)))
        return

    def tick() -> None:
        while not stop.wait(interval):
            log_lines()

    worker = threading.Thread(target=tick, daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()
        log_lines()
