"""How the runner reads dbt's results: failing nodes, reasons, the seconds spent exporting, and which vertical each
node's result belongs to."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ingestion.runner.paths import PROJECT_DIR
from ingestion.runner.transform import (
    Invocation,
    attribute,
    export_seconds_by_node,
    first_line,
    killed_by,
    node_name,
    read_run_results,
)


def test_export_seconds_add_up_the_timing_lines_of_each_node_and_stay_out_of_the_reported_output(
    tmp_path: Path,
) -> None:
    output = "\n".join(
        [
            "starline-export-seconds model.starline.fct_a 0.250000",
            "\x1b[0m12:00:01  Failure in test rows_are_valid_fct_b (models/b.yml)",
            "starline-export-seconds model.starline.dim_b 0.500000",
            "starline-export-seconds model.starline.fct_a 0.125000",
            "a line that only mentions starline-export-seconds model.x 1.0",
        ]
    )
    assert export_seconds_by_node(output) == {"model.starline.fct_a": 0.375, "model.starline.dim_b": 0.5}
    assert export_seconds_by_node("") == {}
    failed = invocation(tmp_path, 1, 3.0, output)
    assert failed.dbt_output.splitlines() == [
        "\x1b[0m12:00:01  Failure in test rows_are_valid_fct_b (models/b.yml)",
        "a line that only mentions starline-export-seconds model.x 1.0",
    ]


def test_failing_nodes_are_named_and_reasons_are_clean() -> None:
    assert node_name("test.starline.rows_are_valid_stg_x.de63579d07") == "rows_are_valid_stg_x"
    assert node_name("model.starline.dim_game") == "dim_game"
    assert node_name("unit_test.starline.fct_x.facts_point_to_versions") == "facts_point_to_versions"
    output = "\x1b[0m21:32:43  Encountered an error:\nParsing Error\n  Error reading starline: x.yml\n"
    assert first_line(output) == "Parsing Error"
    assert first_line(output, 2) == "Parsing Error: Error reading starline: x.yml"


def write_build(tmp_path: Path, nodes: dict[str, tuple[list[str], str, float]]) -> None:
    """A build's manifest and run_results: per node unique id, its fqn, status and execution seconds."""
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "nodes": {uid: {"fqn": fqn} for uid, (fqn, _, _) in nodes.items() if uid.startswith("model")},
                "unit_tests": {uid: {"fqn": fqn} for uid, (fqn, _, _) in nodes.items() if uid.startswith("unit")},
            }
        )
    )
    (tmp_path / "run_results.json").write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": uid, "status": status, "message": f"{uid} said {status}", "execution_time": seconds}
                    for uid, (_, status, seconds) in nodes.items()
                ]
            }
        )
    )


# What dbt prints when model.starline.fct_a's export hook took 1 s.
FCT_A_EXPORTS_FOR_ONE_SECOND = "starline-export-seconds model.starline.fct_a 1.000000"


def invocation(tmp_path: Path, returncode: int, seconds: float, output: str = "") -> Invocation:
    return Invocation(
        returncode=returncode,
        output=output,
        seconds=seconds,
        target=tmp_path,
        pending=tmp_path / "pending",
        results=read_run_results(tmp_path / "run_results.json"),
    )


def test_a_failing_vertical_fails_alone_and_the_build_time_is_split_by_node_time(tmp_path: Path) -> None:
    write_build(
        tmp_path,
        {
            "model.starline.dim_date": (["starline", "shared", "dim_date"], "success", 2.0),
            "model.starline.fct_a": (["starline", "alpha", "marts", "fct_a"], "success", 4.0),
            "unit_test.starline.fct_a.t": (["starline", "alpha", "marts", "t"], "pass", 1.0),
            "model.starline.fct_b": (["starline", "beta", "marts", "fct_b"], "error", 2.0),
            "model.starline.dim_b": (["starline", "beta", "marts", "dim_b"], "skipped", 0.0),
        },
    )
    uncast = {"raw_alpha.x.y": 3, "raw_beta.x.y": 1}
    outcome = attribute(invocation(tmp_path, 1, 11.0, FCT_A_EXPORTS_FOR_ONE_SECOND), ["alpha", "beta"], uncast)
    alpha, beta = outcome.verticals["alpha"], outcome.verticals["beta"]
    assert (alpha.status, alpha.error) == ("success", None)
    assert beta.status == "failed"
    assert beta.error == "dbt build failed: model fct_b: model.starline.fct_b said error"
    assert outcome.shared_passed
    # 11 s wall less 1 s of export = 10 s; node work: alpha 4 + 1 - 1 export, beta 2, shared 2 split in halves.
    assert outcome.transform_seconds == 10.0
    assert (alpha.transform_seconds, beta.transform_seconds) == (6.25, 3.75)
    assert (alpha.export_seconds, beta.export_seconds) == (1.0, 0.0)
    assert (alpha.uncast_values, beta.uncast_values) == ({"raw_alpha.x.y": 3}, {"raw_beta.x.y": 1})


def test_a_shared_failure_or_a_crash_outside_any_node_fails_every_vertical(tmp_path: Path) -> None:
    write_build(
        tmp_path,
        {
            "model.starline.dim_date": (["starline", "shared", "dim_date"], "error", 1.0),
            "model.starline.fct_a": (["starline", "alpha", "marts", "fct_a"], "skipped", 0.0),
        },
    )
    outcome = attribute(invocation(tmp_path, 1, 3.0), ["alpha", "beta"], {})
    assert not outcome.shared_passed
    assert {name: v.status for name, v in outcome.verticals.items()} == {"alpha": "failed", "beta": "failed"}
    assert outcome.verticals["beta"].error == "dbt build failed: model dim_date: model.starline.dim_date said error"

    (tmp_path / "run_results.json").unlink()
    crashed = attribute(invocation(tmp_path, 2, 3.0, "Encountered an error:\nParsing Error\n  x.yml\n"), ["alpha"], {})
    assert crashed.verticals["alpha"].status == "failed"
    assert crashed.verticals["alpha"].error == "dbt build failed: Parsing Error: x.yml"


def test_a_dbt_killed_by_a_signal_says_so_instead_of_its_last_warning(tmp_path: Path) -> None:
    leaked = "resource_tracker: There appear to be 1 leaked semaphore objects to clean up at shutdown"
    killed = attribute(invocation(tmp_path, -signal.SIGKILL, 3.0, leaked), ["alpha"], {})
    error = killed.verticals["alpha"].error or ""
    assert error.startswith("dbt build failed: dbt was killed by SIGKILL") and "semaphore" not in error
    assert killed_by(0) == "" and killed_by(2) == ""


RUNNER_STARTING_A_CHILD = """
import subprocess, sys
from ingestion.runner.transform import die_with_parent
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], preexec_fn=die_with_parent)
print(child.pid, flush=True)
child.wait()
"""


def test_the_dbt_child_dies_with_a_killed_runner() -> None:
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER_STARTING_A_CHILD], stdout=subprocess.PIPE, text=True, cwd=PROJECT_DIR
    )
    assert runner.stdout is not None
    child = int(runner.stdout.readline())
    os.kill(child, 0)  # running
    runner.kill()
    runner.wait(timeout=30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child}").exists() and "zombie" not in Path(f"/proc/{child}/status").read_text().lower():
        assert time.monotonic() < deadline, "the child outlived its runner"
        time.sleep(0.1)
