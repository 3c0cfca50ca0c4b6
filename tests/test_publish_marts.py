"""Write-audit-publish for the warehouse (macros/publish.sql): a vertical's marts are built and tested in
`<vertical>_build`, and the marts analysts query in `<vertical>` change only when a build of the vertical passed,
all at once. A failed test and a build killed mid-way leave the published marts exactly as the last passing build
made them; `dbt build --select gaming` by hand publishes like the runner's build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from ingestion.emulator import Emulator
from ingestion.runner.paths import PROJECT_DIR, Paths
from ingestion.runner.transform import rebuild
from tests.conftest import land, make_paths, replay

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
# A singular test that refuses day two's facts: the build writes them, then fails.
REFUSES_DAY_TWO = f"select * from {{{{ ref('fct_game_daily_metrics') }}}} where as_of_date = '{DAY_TWO}'\n"


def contents(paths: Paths, schema: str) -> dict[str, list[tuple]]:
    """Every table of `schema` with its rows, sorted (as text, so NULLs and lists compare)."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()
        ]
        return {
            table: sorted(
                tuple(str(value) for value in row)
                for row in connection.execute(f'select * from "{schema}"."{table}"').fetchall()
            )
            for table in tables
        }


def day_two_facts(paths: Paths, schema: str) -> int:
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        query = f"select count(*) from {schema}.fct_game_daily_metrics where as_of_date = ?"
        return connection.execute(query, [DAY_TWO]).fetchone()[0]


def project_with_a_failing_test(root: Path) -> Path:
    project = root / "project"
    project.mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_DIR / name, project / name)
    for folder in ("models", "macros", "snapshots", "tests/dbt"):
        shutil.copytree(PROJECT_DIR / folder, project / folder)
    (project / "tests/dbt/gaming/assert_no_day_two_facts.sql").write_text(REFUSES_DAY_TWO)
    return project


def dbt_build(paths: Paths, project: Path, target: Path) -> subprocess.Popen[str]:
    """`dbt build --select shared gaming` as a user types it, from `project`."""
    environment = {
        **os.environ,
        "STARLINE_WAREHOUSE": str(paths.warehouse),
        "STARLINE_EXPORT_DIR": str(paths.exports),
        "STARLINE_PUBLISHED_EXPORT_DIR": str(paths.exports),
    }
    command = [str(Path(sys.executable).with_name("dbt")), "build", "--select", "shared", "gaming"]
    command += ["--indirect-selection", "cautious", "--exclude-resource-type", "unit_test"]
    command += ["--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target)]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_published_marts_change_only_when_a_build_of_the_vertical_passes(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
        day_one = contents(paths, "gaming")
        assert len(day_one) == 12 and day_one["fct_game_daily_metrics"]
        emulator.set_day(DAY_TWO)
        land(paths, emulator, "gaming", DAY_TWO, "day-two")

    # A failed test: the build wrote day two's facts, and nothing of it is published.
    failing = dbt_build(paths, project_with_a_failing_test(tmp_path), tmp_path / "target-failing")
    output = failing.communicate()[0]
    assert failing.returncode == 1, output[-3000:]
    assert "assert_no_day_two_facts" in output
    assert day_two_facts(paths, "gaming_build") == 60
    assert contents(paths, "gaming") == day_one

    # Killed once day two's facts are committed to the build schema.
    killed = dbt_build(paths, PROJECT_DIR, tmp_path / "target-killed")
    assert killed.stdout is not None
    for line in killed.stdout:
        if "OK created" in line and "gaming_build.fct_game_daily_metrics" in line:
            killed.send_signal(signal.SIGKILL)
            break
    killed.wait()
    assert killed.returncode == -signal.SIGKILL
    assert contents(paths, "gaming") == day_one

    # The next passing build, by hand, publishes everything built since day one, in one go.
    passing = dbt_build(paths, PROJECT_DIR, tmp_path / "target-passing")
    output = passing.communicate()[0]
    assert passing.returncode == 0, output[-3000:]
    published, built = contents(paths, "gaming"), contents(paths, "gaming_build")
    assert published == built
    assert day_two_facts(paths, "gaming") == 60
    assert len(published["fct_game_daily_metrics"]) == 120
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        versions = "select count(*) from gaming.dim_game where valid_from = ?"
        assert connection.execute(versions, [DAY_TWO]).fetchone()[0] > 0


def test_a_daily_publish_adds_the_new_rows_and_a_rebuild_replaces_the_whole_table(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
        # A row only the published copy holds: a publish that copied the built table whole would drop it.
        with duckdb.connect(str(paths.warehouse)) as connection:
            connection.execute(
                "insert into gaming.fct_game_daily_metrics select * replace (-1 as app_id) "
                "from gaming.fct_game_daily_metrics limit 1"
            )
        replay(paths, ["gaming"], days=[DAY_TWO], emulator=emulator)
    published = contents(paths, "gaming")["fct_game_daily_metrics"]
    assert day_two_facts(paths, "gaming") == day_two_facts(paths, "gaming_build") > 0
    built = contents(paths, "gaming_build")["fct_game_daily_metrics"]
    assert len(published) == len(built) + 1 and set(built) < set(published)
    outcome = rebuild(paths, ["gaming"], "rebuild")
    assert outcome.verticals["gaming"].status == "success"
    assert (
        contents(paths, "gaming")["fct_game_daily_metrics"] == contents(paths, "gaming_build")["fct_game_daily_metrics"]
    )
