"""One measured benchmark step, run as a child process so its wall time and peak RSS (with dbt's, its own
child) are that step's alone: `python -m benchmarks.step '<json>'`. The parent reads the rusage from `os.wait4`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import lower_bound
from benchmarks.generate import Generator, bench_paths
from benchmarks.scales import VERTICALS, scale_named
from ingestion.runner import transform


@dataclass(frozen=True)
class StepResult:
    name: str
    seconds: float
    peak_gib: float
    ok: bool
    error: str = ""
    # What the step reported on its last stdout line (rows landed, rows built, ...).
    detail: dict[str, Any] | None = None


def run_step(name: str, arguments: dict[str, Any]) -> StepResult:
    """Run one step in a child process and measure it from outside (whole-process wall time, max RSS)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        # Files, not pipes: the child never blocks on a full pipe, and wait4 (not communicate) reaps it.
        child = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.step", json.dumps(arguments)], stdout=out, stderr=err
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    # Linux reports ru_maxrss in KiB: the child's, or the largest of its waited-for children's (dbt's).
    peak_gib = usage.ru_maxrss / 1024**2
    lines = stdout.strip().splitlines()
    detail = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    error = "" if child.returncode == 0 else (stderr.strip().splitlines() or ["no output"])[-1]
    return StepResult(name, seconds, peak_gib, child.returncode == 0, error, detail)


def main(arguments: dict[str, Any]) -> dict[str, Any]:
    workdir = Path(arguments["workdir"])
    kind = arguments["kind"]
    if kind in ("prepare", "land"):
        generator = Generator(workdir, scale_named(arguments["scale"]), int(arguments["seed"]))
        if kind == "prepare":
            generator.prepare()
        return generator.land({vertical: days for vertical, days in arguments["days"].items()})
    paths = bench_paths(workdir)
    if kind == "build":
        transform.dbt_build(paths, ["shared", *VERTICALS], arguments["run_id"])
        return {}
    if kind == "rebuild":
        rebuilt = transform.rebuild(paths, list(VERTICALS), arguments["run_id"])
        failed = {name: vertical.error for name, vertical in rebuilt.verticals.items() if vertical.status != "success"}
        if failed:
            raise transform.DbtBuildError(f"rebuild failed: {failed}")
        return {}
    if kind == "lower_bound":
        return dict(lower_bound.run(paths.warehouse, workdir / "lower_bound"))
    raise ValueError(f"unknown step kind {kind!r}; use prepare, land, build, rebuild or lower_bound")


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
