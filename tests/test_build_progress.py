"""The dbt build's progress from its JSON file log: nodes done of the total, what runs now, failures at once."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.runner.build_progress import BuildProgress, LogFollower


def event(name: str, node: str | None = None, **data: object) -> str:
    info = {"node_info": {"unique_id": node}} if node else {}
    return json.dumps({"info": {"name": name, "level": "info"}, "data": {**info, **data}})


def test_nodes_are_counted_as_they_finish_and_a_failure_is_named_when_it_happens() -> None:
    progress = BuildProgress()
    lines = [
        event("LogHookStartLine", "operation.starline.starline-on-run-start-0", index=1, total=2),
        event("LogStartLine", "model.starline.dim_genre", index=1, total=3),
        event("LogModelResult", "model.starline.dim_genre", index=1, total=3, status="OK"),
        event("LogStartLine", "test.starline.grain_is_unique_dim_genre", index=2, total=3),
        event("LogStartLine", "test.starline.columns_are_not_null_dim_genre", index=3, total=3),
    ]
    assert [progress.feed(line) for line in lines] == [None] * 5
    assert progress.describe() == (
        "dbt build: 1 of 3 nodes done (0 tests), none failed; "
        "running grain_is_unique_dim_genre, columns_are_not_null_dim_genre"
    )
    failed = progress.feed(event("LogTestResult", "test.starline.grain_is_unique_dim_genre", index=2, status="fail"))
    assert failed == "test.starline.grain_is_unique_dim_genre fail"
    assert progress.feed("not json") is None
    progress.feed(event("LogTestResult", "test.starline.columns_are_not_null_dim_genre", index=3, status="pass"))
    assert progress.describe() == "dbt build: 3 of 3 nodes done (2 tests), 1 failed; running nothing"


def test_skipped_nodes_count_as_done_and_are_said() -> None:
    progress = BuildProgress()
    progress.feed(event("LogStartLine", "model.starline.stg_x", index=1, total=2))
    progress.feed(event("LogModelResult", "model.starline.stg_x", index=1, total=2, status="error"))
    progress.feed(event("SkippingDetails", "model.starline.dim_x", index=2, total=2))
    assert progress.describe() == "dbt build: 2 of 2 nodes done (0 tests), 1 failed, 1 skipped; running nothing"


def test_the_follower_returns_only_complete_new_lines(tmp_path: Path) -> None:
    log_file = tmp_path / "dbt.log"
    follower = LogFollower(log_file)
    assert follower.new_lines() == []
    log_file.write_text('{"a": 1}\n{"b": ')
    assert follower.new_lines() == ['{"a": 1}']
    with log_file.open("a") as handle:
        handle.write('2}\n{"c": 3}\n')
    assert follower.new_lines() == ['{"b": 2}', '{"c": 3}']
    assert follower.new_lines() == []
