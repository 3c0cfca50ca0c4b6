"""`python -m benchmarks --scale S|M|L [--runs 2]`: HTTP client throughput, then the scale benchmark
(`benchmarks.harness`); writes benchmarks/RESULTS.md and prints the `bench:` line last."""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import http_throughput
from benchmarks.harness import measure
from benchmarks.report import render
from benchmarks.scales import SCALES, scale_named

RESULTS = Path(__file__).with_name("RESULTS.md")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", default="S", help=f"one of {', '.join(SCALES)} (../shared/PERFORMANCE.md)")
    parser.add_argument("--runs", type=int, default=2, help="measured days per stretch and rebuilds (>= 2)")
    parser.add_argument("--seed", type=int, default=15, help="the generator's seed")
    parser.add_argument("--workdir", type=Path, help="a fresh folder for the generated warehouse (kept)")
    parser.add_argument("--requests", type=int, default=600, help="requests for the HTTP throughput run")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be at least 2: the figures are medians of several runs")
    scale = scale_named(args.scale)
    http_throughput.run(args.requests)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix=f"starline-bench-{scale.name}-"))
    if args.workdir and any(workdir.iterdir() if workdir.exists() else []):
        parser.error(f"--workdir {workdir} is not empty: give a fresh folder (generated data is not reused)")
    workdir.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        results = measure(workdir, scale, args.runs, args.seed)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    command = "python -m benchmarks " + shlex.join(sys.argv[1:])
    args.results.write_text(render(results, command, started_at))
    print(f"results: {args.results}")
    print(results.bench_line())


if __name__ == "__main__":
    main()
