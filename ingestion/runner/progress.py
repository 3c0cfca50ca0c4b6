"""Progress while a vertical extracts (per resource: requests made, rows extracted, retries, rate-limit waits) and
while dbt builds (`build_progress`).

On a terminal it is a live table (rich); elsewhere (cron, CI, a pipe) it is plain log lines every few seconds and
once at the end, so log files stay readable."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
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


class ProgressDisplay:
    """One phase's progress: `refresh()` redraws the live table (`render(finished)`) on a terminal, or logs
    `report()` when `plain_every` seconds have passed since the last lines; leaving the block shows the final
    figures either way. Log lines written meanwhile print above the table (rich redirects stderr while live)."""

    def __init__(
        self,
        render: Callable[[bool], Table],
        report: Callable[[], None],
        *,
        stream: TextIO | None = None,
        plain_every: float = 10.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._render = render
        self._report = report
        self._stream = stream or sys.stderr
        self._plain_every = plain_every
        self._clock = clock or time.monotonic
        self._next_report = 0.0
        self._live: Live | None = None
        # Progress is INFO: a quiet run (or one whose caller configured no logging) shows no live table either.
        self.interactive = self._stream.isatty() and log.isEnabledFor(logging.INFO)

    def __enter__(self) -> ProgressDisplay:
        if self.interactive:
            self._live = Live(
                self._render(False), console=Console(file=self._stream), refresh_per_second=4, transient=False
            )
            self._live.__enter__()
        self._next_report = self._clock() + self._plain_every
        return self

    def refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._render(False))
        elif self._clock() >= self._next_report:
            self._report()
            self._next_report = self._clock() + self._plain_every

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._live is not None:
            self._live.update(self._render(True))
            self._live.__exit__(kind, error, trace)
            self._live = None
        else:
            self._report()


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


def extraction_table(rows: list[tuple[str, str, int, int, int, int]], finished: bool) -> Table:
    # The title says when extraction is over: the table stays on screen while the next phase runs.
    table = Table(title="extracted" if finished else "extracting", title_justify="left")
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
    """Extraction runs in dlt on this thread, so a second thread refreshes the display."""

    def report() -> None:
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

    display = ProgressDisplay(
        lambda finished: extraction_table(progress_rows(vertical, stats, rows), finished),
        report,
        stream=stream,
        plain_every=interval_seconds or 10.0,
    )
    tick = interval_seconds or (0.5 if display.interactive else 10.0)
    stop = threading.Event()

    def refresh() -> None:
        while not stop.wait(tick):
            display.refresh()

    with display:
        worker = threading.Thread(target=refresh, daemon=True)
        worker.start()
        try:
            yield
        finally:
            stop.set()
            worker.join()
