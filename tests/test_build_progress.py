"""The dbt build's progress from its JSON file log: nodes done of the total, what runs now, failures at once."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from ingestion.http import Redactor
from ingestion.logsetup import configure
from ingestion.runner.build_progress import BuildProgress, LogFollower, follow_build


def event(name: str, node: str | None = None, **data: object) -> str:
    info = {"node_info": {"unique_id": node}} if node else {}
    return json.dumps({"info": {"name": name, "level": "info"}, "data": {**info, **data}})


def test_nodes_are_counted_as_they_finish_and_a_failure_is_named_when_it_happens() -> None:
    progress = BuildProgress()
    lines = [
        event("LogHookStartLine", "operation.starline.starline-on-run-start-0", index=1, total=2),
        event("LogStartLine", "model.starline.dim_genre", index=1, total=3),
        event("LogModelResult", "model.starline.dim_genre", index=1, total=3, status="OK"),
        event("LogStartLine", "test.starline.rows_are_valid_dim_genre", index=2, total=3),
        event("LogStartLine", "test.starline.rows_are_valid_dim_genre_known_members", index=3, total=3),
    ]
    assert [progress.feed(line) for line in lines] == [None] * 5
    assert progress.describe() == (
        "dbt build: 1 of 3 nodes done (0 tests), none failed; "
        "running rows_are_valid_dim_genre, rows_are_valid_dim_genre_known_members"
    )
    failed = progress.feed(event("LogTestResult", "test.starline.rows_are_valid_dim_genre", index=2, status="fail"))
    assert failed == "test.starline.rows_are_valid_dim_genre fail"
    assert progress.feed("not json") is None
    progress.feed(
        event("LogTestResult", "test.starline.rows_are_valid_dim_genre_known_members", index=3, status="pass")
    )
    assert progress.describe() == "dbt build: 3 of 3 nodes done (2 tests), 1 failed; running nothing"


def test_skipped_nodes_count_as_done_and_are_said() -> None:
    progress = BuildProgress()
    progress.feed(event("LogStartLine", "model.starline.stg_x", index=1, total=2))
    progress.feed(event("LogModelResult", "model.starline.stg_x", index=1, total=2, status="error"))
    progress.feed(event("SkippingDetails", "model.starline.dim_x", index=2, total=2))
    assert progress.describe() == "dbt build: 2 of 2 nodes done (0 tests), 1 failed, 1 skipped; running nothing"


def test_the_follower_returns_only_complete_new_lines(tmp_path: Path) -> None:
    log_file = tmp_path / "dbt.log"
    follower = LogFollower(log_file)
    assert follower.new_lines() == []
    log_file.write_text('{"a": 1}\n{"b": ')
    assert follower.new_lines() == ['{"a": 1}']
    with log_file.open("a") as handle:
        handle.write('2}\n{"c": 3}\n')
    assert follower.new_lines() == ['{"b": 2}', '{"c": 3}']
    assert follower.new_lines() == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# A stand-in for dbt: appends JSON events to its log file as it goes, pausing while two tests run.
FAKE_DBT = """
import json, sys, time
def event(name, node, **data):
    return json.dumps({"info": {"name": name}, "data": {"node_info": {"unique_id": node}, **data}}) + "\\n"
with open(sys.argv[1], "a") as log:
    for line in (
        event("LogStartLine", "model.starline.dim_genre", total=3),
        event("LogModelResult", "model.starline.dim_genre", status="success"),
        event("LogStartLine", "test.starline.rows_are_valid_dim_genre", total=3),
        event("LogStartLine", "test.starline.rows_are_valid_dim_genre_known_members", total=3),
    ):
        log.write(line)
    log.flush()
    time.sleep(1.0)
    log.write(event("LogTestResult", "test.starline.rows_are_valid_dim_genre", status="fail"))
    log.write(event("LogTestResult", "test.starline.rows_are_valid_dim_genre_known_members", status="pass"))
"""


def run_fake_dbt(tmp_path: Path, stream: io.StringIO, every: float) -> BuildProgress:
    log_file = tmp_path / "dbt.log"
    process = subprocess.Popen([sys.executable, "-c", FAKE_DBT, str(log_file)], text=True)
    return follow_build(process, log_file, title="dbt build (shared, gaming)", stream=stream, every=every, poll=0.05)


def test_a_terminal_shows_the_build_live_with_the_running_tests_and_each_failure(tmp_path: Path) -> None:
    log_file = configure("run-live-build", tmp_path, Redactor())
    terminal = Terminal()
    progress = run_fake_dbt(tmp_path, terminal, every=60)
    shown = terminal.getvalue()
    assert progress.failed == ["test.starline.rows_are_valid_dim_genre"]
    # While the tests ran, the table named them; at the end it says done, with the figures and the failure.
    assert "1 of 3" in shown and "rows_are_valid_dim_genre_known_members" in shown
    final = shown[shown.rindex("dbt build (shared, gaming): done") :]
    assert "3 of 3 (2 tests)" in final and "rows_are_valid_dim_genre" in final
    assert "rows_are_valid_dim_genre_known_members" not in final and "skipped" in final
    assert log_file is not None
    assert "WARNING starline.progress: dbt build: test.starline.rows_are_valid_dim_genre fail" in log_file.read_text()


def test_without_a_terminal_the_build_is_log_lines(tmp_path: Path) -> None:
    log_file = configure("run-plain-build", tmp_path, Redactor())
    plain = io.StringIO()
    run_fake_dbt(tmp_path, plain, every=0.3)
    assert plain.getvalue() == ""
    assert log_file is not None
    lines = [line.split("starline.progress: ")[1] for line in log_file.read_text().splitlines()]
    assert "dbt build: 1 of 3 nodes done (0 tests), none failed; running rows_are_valid_dim_genre, " in "".join(
        line + "\n" for line in lines
    ).replace("rows_are_valid_dim_genre_known_members\n", "\n")
    assert lines[-2:] == [
        "dbt build: test.starline.rows_are_valid_dim_genre fail",
        "dbt build: 3 of 3 nodes done (2 tests), 1 failed; running nothing",
    ]
