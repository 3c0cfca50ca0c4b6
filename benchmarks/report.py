"""benchmarks/RESULTS.md: the machine, the versions, the command, every measured step and the bench line."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

from benchmarks.harness import DAY_30, Results, format_figure
from benchmarks.scales import VERTICALS


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "unknown")
    return f"{os.cpu_count()} cores, {total_kib / 1024**2:.1f} GiB RAM, {model}, {platform.platform()}"


def versions() -> str:
    packages = ("duckdb", "dbt-core", "dbt-duckdb", "dlt")
    return ", ".join(f"{name} {version(name)}" for name in packages) + f", Python {platform.python_version()}"


def render(results: Results, command: str, generated_at: str) -> str:
    scale, plan, figures = results.scale, results.plan, results.figures()
    lines = [
        f"# Benchmark results: scale {scale.name}",
        "",
        f"Measured {generated_at} with `{command}`. Machines are shared: compare ratios measured in one run.",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "- Raw data: the emulator's first day per vertical landed through dlt, cloned by `benchmarks.generate` "
        "(deterministic from the seed); raw rows landed per vertical: "
        + ", ".join(f"{v} {results.raw_rows.get(v, 0):,}" for v in VERTICALS),
        "",
        "| vertical | entities x days | day-30 stretch | last stretch |",
        "|---|---|---|---|",
    ]
    for vertical in VERTICALS:
        size = scale.size(vertical)
        note = "" if plan.day30_is_30(vertical) else f" (fewer than {DAY_30 + 2 * results.runs} days: its last days)"
        lines.append(
            f"| {vertical} | {size.entities:,} x {size.days} | days {plan.day30[vertical]}{note} | "
            f"days {plan.last[vertical]} |"
        )
    lines += [
        "",
        "Day numbers count from 0 per vertical. An increment lands one more day of every vertical, then runs one "
        "build of all four (`dbt_build(paths, ['shared', 'gaming', 'crypto', 'betting', 'media'], run_id)`); the "
        "rebuild is `rebuild(paths, verticals, run_id)`. Every step runs in a child process: wall time and peak "
        "RSS (with dbt's) from `os.wait4`.",
        "",
        "## Figures (medians)",
        "",
        "| figure | value |",
        "|---|---|",
        *(f"| {name} | {format_figure(value)} |" for name, value in figures.items()),
        "",
        "## Every step",
        "",
        "| step | seconds | peak GiB | status |",
        "|---|---|---|---|",
        *(
            f"| {s.name} | {s.seconds:.1f} | {s.peak_gib:.2f} | {'ok' if s.ok else 'failed: ' + s.error} |"
            for s in results.steps
        ),
    ]
    for name, nodes in results.slowest.items():
        if nodes and name.startswith(("increment_last build", "rebuild")):
            lines += ["", f"### Slowest dbt nodes: {name}", "", "| node | seconds |", "|---|---|"]
            lines += [f"| {unique_id} | {seconds:.2f} |" for unique_id, seconds in nodes]
    lines += ["", "```", results.bench_line(), "```", ""]
    return "\n".join(lines)
