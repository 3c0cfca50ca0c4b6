"""Where the runner reads and writes. Everything is relative to the dbt project (the repo root) unless an
environment variable moves it: STARLINE_WAREHOUSE, STARLINE_EXPORT_DIR, STARLINE_STATE_DIR, STARLINE_LOG_DIR,
STARLINE_REPORT_DIR."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(os.environ.get("STARLINE_PROJECT_DIR", Path(__file__).resolve().parents[2]))


def _path(variable: str, default: str) -> Path:
    path = Path(os.environ.get(variable, default))
    return path if path.is_absolute() else PROJECT_DIR / path


@dataclass(frozen=True)
class Paths:
    project_dir: Path
    warehouse: Path
    exports: Path
    state: Path
    logs: Path

    @classmethod
    def from_environment(cls) -> Paths:
        return cls(
            project_dir=PROJECT_DIR,
            warehouse=_path("STARLINE_WAREHOUSE", "warehouse/warehouse.duckdb"),
            exports=_path("STARLINE_EXPORT_DIR", "exports"),
            state=_path("STARLINE_STATE_DIR", ".state"),
            logs=_path("STARLINE_LOG_DIR", "logs"),
        )

    @property
    def report(self) -> Path:
        """The report's pages (`make report`), moved by STARLINE_REPORT_DIR."""
        return _path("STARLINE_REPORT_DIR", "report")

    @property
    def dlt_pipelines(self) -> Path:
        return self.state / "dlt"

    def http_cache(self, namespace: str) -> Path:
        return self.state / "http_cache" / namespace

    def answers_journal(self, vertical: str, as_of_date: str) -> Path:
        """The answers a vertical's run for one as-of date received and has not loaded yet."""
        return self.state / "answers" / vertical / as_of_date

    def pending_exports(self, run_id: str) -> Path:
        # Inside the exports folder so publishing is a same-filesystem rename.
        return self.exports / ".pending" / run_id

    @property
    def deferred_runlog(self) -> Path:
        """Run log rows that could not be written (warehouse locked), written by the next run."""
        return self.state / "runlog-deferred.jsonl"

    @property
    def run_journal(self) -> Path:
        """The phase each vertical of the run in progress is in (`ingestion.runner.journal`)."""
        return self.state / "run-journal.json"

    @property
    def lock_file(self) -> Path:
        return self.state / "run.lock"
