"""`make demo`: the local API emulator, then every vertical it has fixtures for, once per emulated day, so SCD2
history and daily facts appear; then a summary of what the warehouse holds, and the report's charts. On a
warehouse that already holds emulated days, the days older than the newest one built are left out (history only
moves forward)."""

from __future__ import annotations

import sys
from pathlib import Path

from ingestion.charts.site import build_report
from ingestion.clients import known_secrets
from ingestion.emulator import Emulator
from ingestion.http import Redactor
from ingestion.logsetup import configure
from ingestion.runner.asof import newest_built_as_of
from ingestion.runner.orchestrator import Orchestrator, new_run_id
from ingestion.runner.paths import Paths
from ingestion.runner.report import print_results, print_warehouse_summary
from ingestion.verticals import discover


def run_demo(paths: Paths, verbose: bool = False) -> int:
    specs = discover()
    with Emulator() as emulator:
        names = [name for name in specs if name in emulator.base_urls()]
        orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls())
        failed = False
        built = [day for day in (newest_built_as_of(paths.warehouse, name) for name in names) if day]
        days = [day for day in emulator.days if not built or day >= max(built)]
        if len(days) < len(emulator.days):
            print(
                f"The warehouse already holds days up to {max(built)}: running {', '.join(days)} "
                "(`make clean` starts over)"
            )
        for day in days:
            emulator.set_day(day)
            run_id = new_run_id()
            configure(run_id, paths.logs, Redactor(known_secrets(specs.values())), verbose=verbose)
            print(f"\n== as of {day} (run {run_id}) against the local emulator at {emulator.base_url}")
            results = orchestrator.run_all_pipelines(names, as_of_date=day, run_id=run_id)
            print_results(results)
            failed = failed or any(result.status == "failed" for result in results)
    print(f"\n== warehouse {paths.warehouse}")
    print_warehouse_summary(paths, ["shared", *names])
    print(f"\nParquet exports: {paths.exports}/<vertical>/<table>/, a folder per table (catalog.sql: a view each)")
    # The duckdb-cli package installs the shell beside this interpreter: a bare `duckdb` is not on a fresh PATH.
    print(f"Query it: {Path(sys.executable).with_name('duckdb')} -readonly {paths.warehouse}")
    pages = build_report(paths.warehouse, paths.report)
    print(f"Charts: {pages[0]} (opens from disk; `make report` rebuilds it)")
    return 1 if failed else 0
