"""The `starline` command line: usage errors, exit codes, live runs without network, status and verticals."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingestion.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main, parse_params
from tests.conftest import ReplayRun


def test_help_exits_zero_and_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    out = capsys.readouterr().out
    assert all(command in out for command in ("run", "build", "rebuild", "demo", "status", "verticals"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "gaming", "--as-of", "2025-02-30"], "--as-of='2025-02-30': not a date; allowed: a date YYYY-MM-DD"),
        (["run", "cricket"], "unknown vertical cricket; valid: "),
        (["rebuild", "gaming", "cricket"], "unknown vertical cricket; valid: "),
        (["run", "gaming", "--param", "gaming.pages=3"], "unknown parameter(s) for gaming: pages=3; valid: "),
        (["run", "gaming", "--param", "no-equals-sign"], "expected VERTICAL.NAME=VALUE"),
        (["launch"], "invalid choice: 'launch'"),
    ],
)
def test_usage_errors_exit_2_with_a_message_naming_what_is_valid(
    argv: list[str], message: str, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_params_are_literals_scoped_to_a_vertical() -> None:
    assert parse_params(["gaming.app_ids=[570, 730]", "top_n=5"], ["gaming"]) == {
        "gaming": {"app_ids": [570, 730], "top_n": 5}
    }
    # Dates are not arithmetic: they stay text.
    assert parse_params(["betting.start_date=2024-10-15", "betting.end_date=2025-01-05"], ["betting"]) == {
        "betting": {"start_date": "2024-10-15", "end_date": "2025-01-05"}
    }


def test_a_live_run_without_network_fails_fast_naming_the_host(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 9 on loopback has no listener: the same refusal as a machine without network, but local.
    for api in ("STEAMSPY", "STEAM_STORE", "STEAM_WEB"):
        monkeypatch.setenv(f"SOURCES__GAMING__{api}__BASE_URL", "http://127.0.0.1:9/")
    started = time.monotonic()
    assert main(["run", "gaming", "--as-of", "2025-01-01"]) == EXIT_FAILED
    assert time.monotonic() - started < 20
    out = capsys.readouterr().out
    assert "cannot reach 127.0.0.1:9" in out and "make demo" in out
    log_files = list((isolated / "logs").glob("*.log"))
    assert len(log_files) == 1 and "cannot reach 127.0.0.1:9" in log_files[0].read_text()


def test_status_shows_the_last_runs_and_freshness(
    replayed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run: ReplayRun = replayed("gaming")
    monkeypatch.setenv("STARLINE_WAREHOUSE", str(run.paths.warehouse))
    assert main(["status"]) == EXIT_OK
    out = capsys.readouterr().out
    for results in run.results.values():
        assert results[0].run_id in out
    freshness_line = next(line for line in out.splitlines() if line.startswith("gaming ") and "success" in line)
    assert "2025-01-02" in freshness_line


def test_status_on_an_empty_warehouse_says_how_to_start(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status"]) == EXIT_OK
    assert "No runs recorded yet" in capsys.readouterr().out


def test_verticals_lists_every_registered_vertical_with_its_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verticals"]) == EXIT_OK
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "ready" in lines["gaming"]
