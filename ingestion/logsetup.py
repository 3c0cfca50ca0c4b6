"""Logging for runs: terminal and one file per run under logs/, every line tagged with the run id, secrets
redacted before any handler sees them."""

from __future__ import annotations

import logging
from pathlib import Path

from ingestion.http import RedactingFilter, Redactor


class RunIdFilter(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = self.run_id
        return True


def configure(
    run_id: str, log_dir: Path | None, redactor: Redactor, verbose: bool = False, level: int | None = None
) -> Path | None:
    """Route `starline.*` loggers to stderr and, when `log_dir` is given, to `<log_dir>/<run_id>.log`, at `level`
    (default: DEBUG when `verbose`, else INFO)."""
    fmt = logging.Formatter("%(asctime)s %(run_id)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
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
    return log_file
