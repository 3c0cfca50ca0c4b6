"""Which days the benchmark lands and measures, and the `bench:` line it ends with."""

from __future__ import annotations

from benchmarks.harness import Plan, Results
from benchmarks.scales import SCALES
from benchmarks.step import StepResult


def test_day_30_and_the_last_days_per_vertical() -> None:
    plan = Plan.of(SCALES["S"], runs=2)
    # Crypto has 36 days at S: days 30 and 31, then 32-33 in one go, then the last two.
    assert (list(plan.backfill["crypto"]), plan.day30["crypto"]) == (list(range(30)), [30, 31])
    assert (list(plan.between["crypto"]), plan.last["crypto"]) == ([32, 33], [34, 35])
    # Gaming has 16: its two days before the last two stand in for day 30.
    assert (plan.day30["gaming"], list(plan.between["gaming"]), plan.last["gaming"]) == ([12, 13], [], [14, 15])
    assert not plan.day30_is_30("gaming") and plan.day30_is_30("media")
    large = Plan.of(SCALES["L"], runs=3)
    assert (large.day30["gaming"], large.last["gaming"]) == ([30, 31, 32], [157, 158, 159])
    assert large.last["betting"] == [357, 358, 359]


def test_bench_line_holds_medians_and_ratios() -> None:
    results = Results(SCALES["S"], 2, Plan.of(SCALES["S"], 2))
    results.steps = [
        StepResult("increment_day30 build 1", 10.0, 1.0, True),
        StepResult("increment_day30 build 2", 12.0, 1.5, True),
        StepResult("increment_last build 1", 11.0, 1.2, True),
        StepResult("increment_last build 2", 13.0, 1.1, True),
        StepResult("rebuild 1", 30.0, 2.5, True),
        StepResult("rebuild 2", 34.0, 2.0, True),
        StepResult("lower_bound 1", 8.0, 0.5, True),
        StepResult("lower_bound 2", 8.0, 0.6, True),
        StepResult("increment_last land 1", 3.0, 2.9, True),
        StepResult("increment_last land 2", 5.0, 0.4, False, "boom"),
    ]
    assert results.bench_line() == (
        "bench: scale=S increment_day30_s=11.00 increment_last_s=12.00 rebuild_s=32.00 lower_bound_s=8.00 "
        "rebuild_ratio=4.00 last_over_day30=1.09 peak_gib=2.50 lower_bound_gib=0.60 land_day_s=3.00 runs=2 "
        "failed_steps=1"
    )
