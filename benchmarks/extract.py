"""`python -m benchmarks.extract [--catalogue seed] [--api NAME ...]` (`make bench-extract`): one day's extraction
of every vertical at full catalogue size against the emulator enforcing each API's published limit, on a fake
clock, so hours of pacing take minutes. Prints one `bench-extract:` line per API.

Each API runs on its own, one after the other on its vertical's emulator and fake clock: the vertical's live
defaults (rates, budgets, pages) with only that API's resources extracted, by fresh clients (ESPN's two hosts
share one limit and run together). The planner starts from an empty warehouse, so every detail budget is spent
whole: the steady state of a daily run. Answers another API already fetched (SteamSpy's
catalogue pages that the storefront's plan reads) come from a shared answers journal, as a resumed run would take
them, so each API's figures are its own requests only.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.report import machine, versions
from ingestion.emulator import Emulator
from ingestion.emulator.limits import PUBLISHED_LIMITS, LimitStats
from ingestion.http import ApiClient, FakeClock, HttpCache, StatsRegistry
from ingestion.settings import resolve_api_config
from ingestion.verticals import VerticalSpec, discover

DAY = "2025-01-01"
# Live defaults, except where the defaults read a sample rather than the catalogue.
CATALOGUE_PARAMS: Mapping[str, Mapping[str, Any]] = {
    # Discover split by release year reads every title; the range is wider than any generated catalogue's years.
    "media": {
        "popular_max_pages": 500,
        "discover_max_pages": 500,
        "trending_max_pages": 1,
        "discover_years": "1900-2025",
    },
}


@dataclass(frozen=True)
class ExtractFigures:
    api: str
    requests: int
    limit_used_pct: float
    provoked_429: int
    simulated_hours: float
    rows: int
    cpu_seconds: float

    def line(self) -> str:
        rows_per_cpu_s = self.rows / self.cpu_seconds if self.cpu_seconds else 0.0
        return (
            f"bench-extract: api={self.api} requests={self.requests} limit_used_pct={self.limit_used_pct:.1f} "
            f"provoked_429={self.provoked_429} simulated_hours={self.simulated_hours:.2f} rows={self.rows} "
            f"rows_per_cpu_s={rows_per_cpu_s:.0f}"
        )


def limit_used_pct(stats: LimitStats) -> float:
    """The binding window's use: the highest share of any window's allowance the run's requests took."""
    used = [window.usage for window in stats.windows if window.counted and window.usage is not None]
    return 100.0 * max(used, default=0.0)


class SerialClient(ApiClient):
    """One request at a time. On a fake clock a thread that sleeps moves time on under another thread's request in
    flight, which then reaches the emulator late, beside the next one: a 429 no real network would see. With the
    waiting and the request under one lock, simulated time is the real pacing of the API's requests."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._serial = threading.Lock()

    def get_json(self, *args: Any, **kwargs: Any) -> Any:
        with self._serial:
            return super().get_json(*args, **kwargs)


def limit_of(api: str) -> str:
    return next(name for name, limit in PUBLISHED_LIMITS.items() if api in limit.apis)


def clients(
    spec: VerticalSpec, urls: Mapping[str, str], clock: FakeClock, stats: StatsRegistry, journal: HttpCache
) -> dict[str, ApiClient]:
    """The live configuration of every API of `spec` (rates, budgets, credentials), aimed at the emulator."""
    configs = [dataclasses.replace(resolve_api_config(spec.name, api), base_url=urls[api.name]) for api in spec.apis]
    if spec.apply_credentials is not None:
        configs = [spec.apply_credentials(config, True) for config in configs]
    return {config.name: SerialClient(config, stats=stats, clock=clock, journal=journal) for config in configs}


def extract_api(
    spec: VerticalSpec, api: str, emulator: Emulator, clock: FakeClock, journal: HttpCache
) -> ExtractFigures:
    """The resources of the APIs under the emulator's limit `api`."""
    resources = [name for name, calls in spec.resources.items() if calls.api in PUBLISHED_LIMITS[api].apis]
    params = {**spec.resolve_params({}, replay=False), **CATALOGUE_PARAMS.get(spec.name, {})}
    history = {"refreshed": {}} if spec.detail_tables else {}
    made = clients(spec, emulator.base_urls()[spec.name], clock, StatsRegistry(), journal)
    started, started_cpu = clock.monotonic(), time.process_time()
    source = spec.make_source(made, as_of_date=DAY, run_id=f"bench-{api}", **params, **history)
    # Some of them are requests inside other resources (the changes feeds a detail plan reads), not resources.
    extracted = source.with_resources(*(name for name in resources if name in source.resources))
    rows = sum(len(item) if isinstance(item, list) else 1 for item in extracted)
    cpu_seconds = time.process_time() - started_cpu
    limit = emulator.limit_stats()[api]
    return ExtractFigures(
        api=api,
        requests=limit.requests,
        limit_used_pct=limit_used_pct(limit),
        provoked_429=limit.provoked_429s,
        simulated_hours=(clock.monotonic() - started) / 3600,
        rows=rows,
        cpu_seconds=cpu_seconds,
    )


def run(catalogue: str, apis: Sequence[str] | None = None) -> list[ExtractFigures]:
    figures = []
    for spec in discover().values():
        # In declaration order: an API whose plan reads another's bulk pages comes after it.
        limits = (limit_of(calls.api) for calls in spec.resources.values())
        wanted = [api for api in dict.fromkeys(limits) if not apis or api in apis]
        if not wanted:
            continue
        clock = FakeClock(datetime.fromisoformat(DAY).replace(tzinfo=UTC))
        with (
            tempfile.TemporaryDirectory(prefix="starline-bench-extract-") as journal_dir,
            Emulator([spec.name], day=DAY, catalogue=catalogue, enforce_limits=True, clock=clock) as emulator,
        ):
            journal = HttpCache(Path(journal_dir), clock)
            for api in wanted:
                result = extract_api(spec, api, emulator, clock, journal)
                print(result.line(), flush=True)
                figures.append(result)
    return figures


def render(figures: Sequence[ExtractFigures], command: str, measured_at: str, wall_seconds: float) -> str:
    lines = [
        "# Extraction benchmark results",
        "",
        f"Measured {measured_at} with `{command}` ({wall_seconds / 60:.1f} minutes of real time). Each API ran one "
        "day of its vertical's generated catalogue through the real source and clients against the emulator "
        "enforcing its published limit (`ingestion/emulator/limits.py`), on a fake clock: `simulated_hours` is the "
        "time the requests take at that limit.",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "",
        "| api | requests | limit used | provoked 429s | simulated hours | rows landed | rows per CPU second |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        rows_per_cpu_s = figure.rows / figure.cpu_seconds if figure.cpu_seconds else 0.0
        lines.append(
            f"| {figure.api} | {figure.requests:,} | {figure.limit_used_pct:.1f}% | {figure.provoked_429} | "
            f"{figure.simulated_hours:.2f} | {figure.rows:,} | {rows_per_cpu_s:,.0f} |"
        )
    lines += ["", "```", *(figure.line() for figure in figures), "```", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extract", description=__doc__)
    parser.add_argument("--catalogue", default="seed", help="the emulator's generated catalogue (default: seed)")
    parser.add_argument("--api", nargs="*", help="only these APIs (default: every API of every vertical)")
    parser.add_argument("--results", type=Path, help="also write the figures as markdown to this file")
    args = parser.parse_args(argv)
    started = time.monotonic()
    figures = run(args.catalogue, args.api)
    if args.results is not None:
        command = shlex.join(["python", "-m", "benchmarks.extract", *(argv if argv is not None else sys.argv[1:])])
        measured_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        args.results.write_text(render(figures, command, measured_at, time.monotonic() - started))


if __name__ == "__main__":
    main()
