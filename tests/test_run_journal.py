"""The run log from the start: a vertical's row says "running" (with its phase) while the run works, and a run
that is killed is logged as crashed, with the phase it died in, by the next run."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingestion.emulator import Emulator
from ingestion.runner import runlog
from ingestion.runner.journal import RunJournal
from ingestion.runner.paths import Paths
from ingestion.runner.runlog import RunRecord
from tests.conftest import replay, run_killed


def record(vertical: str, phase: str) -> RunRecord:
    return RunRecord(
        run_id="run-one",
        vertical=vertical,
        mode="replay",
        as_of_date="2025-01-01",
        started_at=datetime(2025, 1, 1, 6, 15),
        phase=phase,
    )


def test_the_journal_keeps_only_unfinished_verticals_and_reports_them_crashed(tmp_path: Path) -> None:
    journal = RunJournal(tmp_path / "state" / "run-journal.json")
    journal.start(record("gaming", "extract"))
    journal.start(record("media", "extract"))
    assert journal.path.stat().st_mode & 0o777 == 0o600
    journal.enter("gaming", "load")
    journal.enter("media", "transform")
    journal.finish("media")
    journal.enter("media", "publish")  # a finished vertical stays finished

    crashed = journal.crashed(found_by="run-two")
    assert [(r.vertical, r.status, r.phase, r.started_at) for r in crashed] == [
        ("gaming", "crashed", "load", datetime(2025, 1, 1, 6, 15))
    ]
    assert crashed[0].finished_at is not None
    assert "stopped during load" in (crashed[0].error or "") and "found by run run-two" in (crashed[0].error or "")
    journal.finish("gaming")
    assert not journal.path.exists()
    assert journal.crashed(found_by="run-three") == []


KILLED_IN_PHASE = """
import json, os, pathlib, sys
from ingestion.runner import orchestrator
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner import runlog
from ingestion.runner.paths import Paths

paths = Paths(**{name: pathlib.Path(value) for name, value in json.loads(sys.argv[1]).items()})
phase = sys.argv[3]
if phase == "load":
    from dlt.common.storages.load_package import PackageStorage

    # kill -9 once the first load job's rows are committed.
    PackageStorage.save_pending_transition = lambda *args, **kwargs: os._exit(9)
else:
    orchestrator.build = lambda *args, **kwargs: os._exit(9)
Orchestrator(paths, mode="replay", replay_base_urls={"gaming": json.loads(sys.argv[2])}).run_all_pipelines(
    ["gaming"], as_of_date="2025-01-01", run_id="killed-run"
)
"""


def runs(paths: Paths) -> list[tuple[str, str, str, str | None]]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        return connection.execute(
            "select run_id, status, phase, error from ops.etl_runs where vertical = 'gaming' order by started_at"
        ).fetchall()


@pytest.mark.parametrize("phase", ["load", "transform"])
def test_a_run_killed_mid_way_says_running_then_the_next_run_logs_it_crashed_with_its_phase(
    paths: Paths, phase: str
) -> None:
    with Emulator(["gaming"]) as emulator:
        run_killed(KILLED_IN_PHASE, paths, emulator, phase)
        # The row written when the vertical started, then when its build started: the warehouse says what it did.
        assert runs(paths) == [("killed-run", "running", "extract" if phase == "load" else "transform", None)]
        assert json.loads(paths.run_journal.read_text())["verticals"]["gaming"]["phase"] == phase

        emulator.set_day("2025-01-02")
        result = replay(paths, ["gaming"], days=["2025-01-02"], emulator=emulator).results["2025-01-02"][0]
    assert result.status == "success", result.error
    (killed_run, *_), (next_run, *_) = logged = runs(paths)
    assert [row[1:3] for row in logged] == [("crashed", phase), ("success", "publish")]
    assert f"stopped during {phase}" in logged[0][3] and f"found by run {next_run}" in logged[0][3]
    assert killed_run == "killed-run"
    assert not paths.run_journal.exists()
    # `starline status` shows the phase of a crashed run.
    assert [row[4] for row in runlog.last_runs(paths.warehouse)] == ["success", f"crashed ({phase})"]
