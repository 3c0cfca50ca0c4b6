"""One vertical failing never stops the others, and the exit code says so."""

from __future__ import annotations

from ingestion.cli import EXIT_FAILED, EXIT_OK, exit_code
from ingestion.emulator import Emulator, Fault
from ingestion.runner.paths import Paths
from tests.conftest import ReplayRun, replay

DAY = "2025-01-01"


def test_a_vertical_whose_api_answers_500_fails_alone(paths: Paths) -> None:
    with Emulator(["gaming", "crypto"]) as emulator:
        emulator.faults.add(Fault(path_pattern="/steam-store/", kind="status", status=500, times=None))
        results = replay(paths, ["gaming", "crypto"], days=[DAY], emulator=emulator).results[DAY]
    gaming, crypto = results
    assert gaming.status == "failed" and "HTTP 500" in (gaming.error or "") and "steam_store" in (gaming.error or "")
    assert crypto.status == "success" and crypto.error is None and crypto.total_rows > 0
    assert exit_code(results) == EXIT_FAILED
    assert exit_code([crypto]) == EXIT_OK
    run = ReplayRun(paths)
    assert run.query("select vertical, status from ops.etl_runs order by vertical") == [
        ("crypto", "success"),
        ("gaming", "failed"),
    ]
    assert (paths.exports / "crypto").is_dir() and not (paths.exports / "gaming").exists()
    assert run.scalar("select count(*) from information_schema.schemata where schema_name = 'gaming'") == 0
