"""Logging for runs: terminal and one file per run under logs/, every line tagged with the run id, secrets
redacted before any handler sees them. dlt's own log goes to the run's file only: its warnings (columns that got
no data in a load, and the like) are for whoever reads the log later, and on a terminal they broke the live
progress table."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

from ingestion.http import RedactingFilter, Redactor

# dlt's logger: dlt reuses the first handler it finds on it when it (re)initializes its runtime, so the handler
# set here stays in place for every pipeline a run creates.
DLT_LOGGER = "dlt"


class RunIdFilter(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = self.run_id
        return True


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a line is logged, not when the handler was made: while a live
    progress table is on screen, rich swaps stderr for a proxy that prints each line above the table."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        """The stream is always the current stderr."""


class ForwardTo(logging.Handler):
    """Hands a library's records to one of our handlers, which formats, tags and redacts them like our own.
    dlt sets its own formatter on the handler it finds: that lands here, unused."""

    def __init__(self, target: logging.Handler) -> None:
        super().__init__()
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= self.target.level:
            self.target.handle(record)


def configure(
    run_id: str, log_dir: Path | None, redactor: Redactor, verbose: bool = False, level: int | None = None
) -> Path | None:
    """Route `starline.*` loggers to stderr and, when `log_dir` is given, to `<log_dir>/<run_id>.log`, at `level`
    (default: DEBUG when `verbose`, else INFO); dlt's log to that file (to stderr when there is none)."""
    fmt = logging.Formatter("%(asctime)s %(run_id)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    terminal = CurrentStderrHandler()
    handlers: list[logging.Handler] = [terminal]
    log_file = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / f"{run_id}.log"
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logger = logging.getLogger("starline")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RunIdFilter(run_id))
        handler.addFilter(RedactingFilter(redactor))
        logger.addHandler(handler)
    logger.setLevel(level if level is not None else logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    library = logging.getLogger(DLT_LOGGER)
    for handler in list(library.handlers):
        library.removeHandler(handler)
    library.addHandler(ForwardTo(handlers[-1]))
    library.propagate = False
    return log_file
