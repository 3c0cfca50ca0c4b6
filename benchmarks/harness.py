"""`make bench`: generate a scale's raw history, then measure in one run the one-day increment at day 30 and at
the last day, the full rebuild, the peak RSS of each, and the hand-written DuckDB lower bound.

Each vertical keeps its own day numbers (gaming has fewer days than the others at every scale). The measured
days are `runs` consecutive days from day 30 and the last `runs` days; a vertical too short for day 30 (gaming
at S and M: 16 days) takes the `runs` days just before its last ones. Days before the first measured one are
landed and built in one go, and so are the days between the two measured stretches."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.scales import VERTICALS, Scale
from benchmarks.step import StepResult, run_step

DAY_30 = 30


@dataclass(frozen=True)
class Plan:
    """Per vertical: the days landed before measuring, each measured stretch, and the days between them."""

    backfill: dict[str, range]
    day30: dict[str, list[int]]
    between: dict[str, range]
    last: dict[str, list[int]]

    @classmethod
    def of(cls, scale: Scale, runs: int) -> Plan:
        backfill, day30, between, last = {}, {}, {}, {}
        for vertical in VERTICALS:
            days = scale.size(vertical).days
            last_start = days - runs
            start = DAY_30 if DAY_30 + runs <= last_start else last_start - runs
            if start < 1:
                raise ValueError(f"{vertical} has {days} days at scale {scale.name}: too few for {runs} runs twice")
            backfill[vertical] = range(start)
            day30[vertical] = list(range(start, start + runs))
            between[vertical] = range(start + runs, last_start)
            last[vertical] = list(range(last_start, days))
        return cls(backfill, day30, between, last)

    def day30_is_30(self, vertical: str) -> bool:
        return self.day30[vertical][0] == DAY_30


@dataclass
class Results:
    scale: Scale
    runs: int
    plan: Plan
    steps: list[StepResult] = field(default_factory=list)
    raw_rows: dict[str, int] = field(default_factory=dict)
    # Per build step, its slowest dbt nodes (unique id, seconds) from run_results.json.
    slowest: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def named(self, prefix: str) -> list[StepResult]:
        return [step for step in self.steps if step.name.startswith(prefix)]

    def median(self, prefix: str) -> float | None:
        seconds = [step.seconds for step in self.named(prefix) if step.ok]
        return statistics.median(seconds) if seconds else None

    def peak(self, prefixes: tuple[str, ...]) -> float | None:
        peaks = [step.peak_gib for step in self.steps if step.ok and step.name.startswith(prefixes)]
        return max(peaks) if peaks else None

    @property
    def failed(self) -> list[StepResult]:
        return [step for step in self.steps if not step.ok]

    def figures(self) -> dict[str, float | None]:
        day30, last = self.median("increment_day30 build"), self.median("increment_last build")
        rebuild, lower = self.median("rebuild"), self.median("lower_bound")
        return {
            "increment_day30_s": day30,
            "increment_last_s": last,
            "rebuild_s": rebuild,
            "lower_bound_s": lower,
            "rebuild_ratio": rebuild / lower if rebuild and lower else None,
            "last_over_day30": last / day30 if last and day30 else None,
            # The project's steps (builds and rebuilds), not the generator's landing.
            "peak_gib": self.peak(
                ("backfill build", "increment_day30 build", "increment_last build", "catch-up build", "rebuild")
            ),
            "lower_bound_gib": self.peak(("lower_bound",)),
            "land_day_s": self.median("increment_last land"),
        }

    def bench_line(self) -> str:
        shown = " ".join(f"{name}={format_figure(value)}" for name, value in self.figures().items())
        failed = f" failed_steps={len(self.failed)}" if self.failed else ""
        return f"bench: scale={self.scale.name} {shown} runs={self.runs}{failed}"


def slowest_nodes(run_results: Path, count: int = 8) -> list[tuple[str, float]]:
    if not run_results.exists():
        return []
    nodes = json.loads(run_results.read_text())["results"]
    timed = sorted(((node["unique_id"], float(node["execution_time"])) for node in nodes), key=lambda n: -n[1])
    return timed[:count]


def format_figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def measure(workdir: Path, scale: Scale, runs: int, seed: int, say: Callable[[str], None] = print) -> Results:
    plan = Plan.of(scale, runs)
    results = Results(scale, runs, plan)
    common: dict[str, Any] = {"workdir": str(workdir), "scale": scale.name, "seed": seed}

    def step(name: str, **arguments: Any) -> StepResult:
        result = run_step(name, {**common, **arguments})
        results.steps.append(result)
        for vertical, rows in (result.detail or {}).items():
            if arguments.get("kind") in ("prepare", "land"):
                results.raw_rows[vertical] = results.raw_rows.get(vertical, 0) + int(rows)
        if arguments.get("kind") in ("build", "rebuild"):
            results.slowest[name] = slowest_nodes(workdir / "state" / "dbt_target" / "run_results.json")
        status = "ok" if result.ok else f"FAILED: {result.error}"
        say(f"  {name}: {result.seconds:.1f} s, peak {result.peak_gib:.2f} GiB, {status}", flush=True)
        return result

    def days(selection: dict[str, Any]) -> dict[str, list[int]]:
        return {vertical: list(selection[vertical]) for vertical in VERTICALS if len(selection[vertical])}

    say(f"scale {scale.name}: generating the history before day 30 and building it in one go")
    step("generate backfill", kind="prepare", days=days(plan.backfill))
    step("backfill build", kind="build", run_id="bench-backfill")
    for run in range(runs):
        today = {vertical: [plan.day30[vertical][run]] for vertical in VERTICALS}
        step(f"increment_day30 land {run + 1}", kind="land", days=today)
        step(f"increment_day30 build {run + 1}", kind="build", run_id=f"bench-day30-{run + 1}")
    if any(len(plan.between[vertical]) for vertical in VERTICALS):
        step("catch-up land", kind="land", days=days(plan.between))
        step("catch-up build", kind="build", run_id="bench-catch-up")
    for run in range(runs):
        today = {vertical: [plan.last[vertical][run]] for vertical in VERTICALS}
        step(f"increment_last land {run + 1}", kind="land", days=today)
        step(f"increment_last build {run + 1}", kind="build", run_id=f"bench-last-{run + 1}")
    for run in range(runs):
        step(f"rebuild {run + 1}", kind="rebuild", run_id=f"bench-rebuild-{run + 1}")
    for run in range(runs):
        step(f"lower_bound {run + 1}", kind="lower_bound")
    return results
