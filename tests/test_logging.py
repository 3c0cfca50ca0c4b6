"""Run logs: one file per run, every line tagged with the run id, secrets redacted before any handler."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import dlt
import pytest
from dlt.common import logger as dlt_logger

from ingestion.http import Redactor, StatsRegistry
from ingestion.logsetup import configure
from ingestion.runner.progress import RowCounter, show_progress

SENTINEL = "sk-sentinel-0123456789"


def test_log_file_lines_carry_the_run_id_and_never_a_secret(tmp_path: Path) -> None:
    log_file = configure("run-42", tmp_path, Redactor([SENTINEL]))
    logger = logging.getLogger("starline.test")
    logger.info("calling https://api.example/x?api_key=%s", SENTINEL)
    logger.error("failed with Authorization: Bearer %s", SENTINEL)
    assert log_file is not None
    text = log_file.read_text()
    lines = text.strip().splitlines()
    assert len(lines) == 2 and all(" run-42 " in line for line in lines)
    assert SENTINEL not in text and "***" in text


def test_progress_without_a_terminal_is_plain_log_lines(tmp_path: Path) -> None:
    configure("run-progress", tmp_path, Redactor())
    stats = StatsRegistry()
    rows = RowCounter()
    with show_progress("gaming", stats, rows, stream=io.StringIO(), interval_seconds=60):
        stats.add("steam_app_details", requests=3, retries=1, rate_limit_waits=2)
        count = rows.counting("steam_app_details")
        count([{"a": 1}, {"a": 2}])
        count({"a": 3})
    text = (tmp_path / "run-progress.log").read_text()
    assert "gaming/steam_app_details: 3 requests, 3 rows, 1 retries, 2 rate-limit waits" in text


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_the_live_table_unless_the_run_is_quiet(tmp_path: Path) -> None:
    shown = {}
    for level in (logging.INFO, logging.WARNING):
        configure(f"run-{level}", tmp_path, Redactor(), level=level)
        terminal = Terminal()
        stats = StatsRegistry()
        with show_progress("gaming", stats, RowCounter(), stream=terminal, interval_seconds=60):
            stats.add("steam_app_details", requests=3)
        shown[level] = terminal.getvalue()
    assert "extracting" in shown[logging.INFO] and "steam_app_details" in shown[logging.INFO]
    assert shown[logging.WARNING] == ""


def test_dlt_warnings_go_to_the_log_file_not_the_terminal(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    log_file = configure("run-dlt", tmp_path / "logs", Redactor([SENTINEL]))
    # A pipeline (re)initializes dlt's runtime and logger, as each vertical's run does.
    dlt.pipeline(pipeline_name="logging_check", pipelines_dir=str(tmp_path / "pipelines"), destination="duckdb")
    dlt_logger.warning("columns of table 'movie_details' did not receive any data; key %s", SENTINEL)
    assert log_file is not None
    lines = [line for line in log_file.read_text().splitlines() if "movie_details" in line]
    assert len(lines) == 1
    assert " run-dlt WARNING dlt: columns of table 'movie_details'" in lines[0] and SENTINEL not in lines[0]
    captured = capfd.readouterr()
    assert "movie_details" not in captured.err + captured.out


def test_log_lines_during_a_live_table_print_above_it(tmp_path: Path) -> None:
    configure("run-live", tmp_path, Redactor())
    terminal = Terminal()
    stats = StatsRegistry()
    original = sys.stderr
    sys.stderr = terminal
    try:
        with show_progress("gaming", stats, RowCounter(), stream=terminal, interval_seconds=60):
            logging.getLogger("starline.test").warning("warned while live")
            stats.add("steam_app_details", requests=3)
    finally:
        sys.stderr = original
    shown = terminal.getvalue()
    # The line is written once, whole, before the final table (rich reprints the table below it).
    assert shown.count("warned while live") == 1
    assert shown.index("warned while live") < shown.rindex("extracted")
