"""The `rows_are_valid` test on a model built to break each of its checks once: a tiny dbt project with the
project's generic tests, whose test fails with exactly one row per failing check, naming the check and column."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingestion.runner.paths import PROJECT_DIR
from ingestion.runner.transform import read_run_results
from tests.conftest import failure_rows

# Batch 2 is the slice the test checks (its config `where`); batch 1 breaks every check too, and must not count.
CHECKED = """
select * from (values
    (1, 1, 'a', 'x', 'open', 1, 10, false, 2),
    (2, 1, 'a', null, 'shut', 2, 99, false, 2),
    (2, 2, 'b', 'y', 'shut', 3, 10, false, 2),
    (-1, -1, null, null, null, null, null, true, 2),
    (1, 1, 'a', null, 'gone', 4, 98, false, 1)
) as checked (id, pair_a, pair_b, code, status, level, ref_key, is_unknown_member, batch)
"""
PROJECT = """
name: checks
version: "1.0"
config-version: 2
profile: checks
flags:
  send_anonymous_usage_stats: false
"""
REFERENCED = "select * from (values (10), (11)) as referenced (ref_key)"
SCHEMA = """
version: 2
models:
  - name: checked
    data_tests:
      - rows_are_valid:
          name: rows_are_valid_checked
          arguments:
            checks:
              - grain_is_unique: [pair_a, pair_b]
              - columns_are_not_null: [id, status]
              - columns_are_not_null: [code]
                where: "not is_unknown_member"
              - columns_are_unique: [id, code]
              - references_are_valid:
                  - {column: ref_key, to: "ref('referenced')", field: ref_key}
              - columns_have_accepted_values:
                  status: [open]
                  level: [1, 2]
          config:
            where: "batch = 2"
  - name: referenced
    data_tests:
      - rows_are_valid:
          name: rows_are_valid_referenced
          arguments:
            checks:
              - columns_are_unique: [ref_key]
              - columns_are_not_null: [ref_key]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The tiny project built; its warehouse, its target and dbt's output."""
    root = tmp_path_factory.mktemp("rows_are_valid")
    project = root / "project"
    shutil.copytree(PROJECT_DIR / "macros" / "generic_tests", project / "macros")
    (project / "models").mkdir()
    (project / "models" / "checked.sql").write_text(CHECKED)
    (project / "models" / "referenced.sql").write_text(REFERENCED)
    (project / "models" / "schema.yml").write_text(SCHEMA)
    (project / "dbt_project.yml").write_text(PROJECT)
    warehouse = root / "warehouse.duckdb"
    (project / "profiles.yml").write_text(
        f"checks:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: '{warehouse}'\n"
    )
    target = root / "target"
    folders = ["--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target)]
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "build", *folders, "--log-path", str(root / "logs")],
        capture_output=True,
        text=True,
        check=False,
    )
    return warehouse, target, completed.stdout + completed.stderr


def failures(built: tuple[Path, Path, str], test: str) -> tuple[str, list[tuple]]:
    """The test's status and its failure rows."""
    warehouse, target, output = built
    manifest = json.loads((target / "manifest.json").read_text())
    (node,) = [node for node in manifest["nodes"].values() if node["name"] == test]
    statuses = {result.unique_id: result.status for result in read_run_results(target / "run_results.json")}
    assert node["unique_id"] in statuses, output[-4000:]
    return statuses[node["unique_id"]], failure_rows(warehouse, target, node)


def test_each_failing_check_is_one_row_that_names_it(built: tuple[Path, Path, str]) -> None:
    status, rows = failures(built, "rows_are_valid_checked")
    # (check, column, value outside the accepted list, referenced column, count), on batch 2 only; the unknown
    # member's NULL code is outside its check's own `where`, its NULL status is not.
    assert (status, rows) == (
        "fail",
        [
            ("columns_are_not_null", "code", None, None, 1),
            ("columns_are_not_null", "status", None, None, 1),
            ("columns_are_unique", "id", None, None, 1),
            ("columns_have_accepted_values", "level", "3", None, 1),
            ("columns_have_accepted_values", "status", "shut", None, 2),
            ("grain_is_unique", "pair_a, pair_b", None, None, 1),
            ("references_are_valid", "ref_key", None, "referenced.ref_key", 1),
        ],
    )


def test_a_model_that_passes_every_check_passes(built: tuple[Path, Path, str]) -> None:
    assert failures(built, "rows_are_valid_referenced") == ("pass", [])
