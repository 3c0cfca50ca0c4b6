"""Freshness: one definition for dbt's source freshness and `starline status` (thresholds from dbt_project.yml
vars, the age of the newest load of each vertical's freshness table); status exits 1 past an error threshold."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from ingestion.cli import EXIT_FAILED, EXIT_OK, main
from ingestion.runner import runlog
from ingestion.runner.freshness import FreshnessConfigError, Rule, judge, rules, vertical_freshness
from ingestion.runner.paths import PROJECT_DIR

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DBT = Path(os.environ.get("VIRTUAL_ENV", PROJECT_DIR / ".venv")) / "bin" / "dbt"


def test_thresholds_are_the_dbt_vars_of_each_vertical() -> None:
    found = {rule.vertical: rule for rule in rules(PROJECT_DIR)}
    assert found == {
        "betting": Rule("betting", "teams", 36, 60),
        "crypto": Rule("crypto", "coins_markets", 36, 60),
        "gaming": Rule("gaming", "steamspy_apps", 36, 60),
        "media": Rule("media", "movie_popular", 36, 60),
    }


def copy_of_project_config(tmp_path: Path, warn: str, error: str) -> Path:
    project = tmp_path / "project"
    (project / "models/gaming/staging").mkdir(parents=True)
    text = (PROJECT_DIR / "dbt_project.yml").read_text()
    text = text.replace("freshness_warn_hours: {gaming: 36,", f"freshness_warn_hours: {{gaming: {warn},")
    text = text.replace("freshness_error_hours: {gaming: 60,", f"freshness_error_hours: {{gaming: {error},")
    (project / "dbt_project.yml").write_text(text)
    shutil.copy(PROJECT_DIR / "models/gaming/staging/_gaming__sources.yml", project / "models/gaming/staging")
    return project


def test_a_threshold_set_in_dbt_project_yml_is_the_one_used(tmp_path: Path) -> None:
    assert rules(copy_of_project_config(tmp_path, "6", "12")) == [Rule("gaming", "steamspy_apps", 6, 12)]


def test_a_threshold_that_is_not_a_number_is_refused_naming_the_vars(tmp_path: Path) -> None:
    with pytest.raises(FreshnessConfigError, match=r"freshness_warn_hours / freshness_error_hours .*'soon'"):
        rules(copy_of_project_config(tmp_path, "'soon'", "12"))


@pytest.mark.parametrize(
    ("age", "state"), [(None, "never loaded"), (0.0, "pass"), (35.9, "pass"), (36.0, "warn"), (60.0, "error")]
)
def test_an_age_is_judged_against_both_thresholds(age: float | None, state: str) -> None:
    assert judge(age, Rule("gaming", "steamspy_apps", 36, 60)) == state


def warehouse_with_loads(path: Path, hours_ago: dict[str, float], now: datetime = NOW) -> Path:
    """Each vertical's freshness table with one load that many hours before `now`, and a run log row for it."""
    tables = {rule.vertical: rule.table for rule in rules(PROJECT_DIR)}
    with duckdb.connect(str(path)) as connection:
        for vertical, hours in hours_ago.items():
            load_id = f"{(now - timedelta(hours=hours)).timestamp():.6f}"
            connection.execute(f"create schema if not exists raw_{vertical}")
            connection.execute(f"create table raw_{vertical}.{tables[vertical]} (_dlt_load_id varchar)")
            connection.execute(f"insert into raw_{vertical}.{tables[vertical]} values (?)", [load_id])
    for vertical in hours_ago:
        runlog.write(
            path,
            runlog.RunRecord(
                run_id=f"run-{vertical}",
                vertical=vertical,
                mode="live",
                as_of_date="2025-03-08",
                started_at=datetime(2025, 3, 8, 6),
                finished_at=datetime(2025, 3, 8, 7),
                status="success",
            ),
        )
    return path


def test_each_vertical_is_judged_by_the_age_of_its_newest_load(tmp_path: Path) -> None:
    warehouse = warehouse_with_loads(tmp_path / "w.duckdb", {"gaming": 40, "crypto": 70, "media": 1})
    found = {entry.vertical: entry for entry in vertical_freshness(warehouse, PROJECT_DIR, now=NOW)}
    assert {vertical: (entry.age_hours, entry.state) for vertical, entry in found.items()} == {
        "betting": (None, "never loaded"),
        "crypto": (70.0, "error"),
        "gaming": (40.0, "warn"),
        "media": (1.0, "pass"),
    }
    assert found["gaming"].newest_load == "2025-03-08 20:00:00"


def test_status_exits_1_past_an_error_threshold_and_says_so_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    warehouse = warehouse_with_loads(tmp_path / "w.duckdb", {"gaming": 40, "crypto": 70}, now=datetime.now(UTC))
    monkeypatch.setenv("STARLINE_WAREHOUSE", str(warehouse))

    assert main(["status", "--json"]) == EXIT_FAILED
    document = json.loads(capsys.readouterr().out)
    states = {entry["vertical"]: entry["freshness"]["state"] for entry in document["verticals"]}
    assert states == {"crypto": "error", "gaming": "warn"}
    assert {run["run_id"] for run in document["runs"]} == {"run-gaming", "run-crypto"}

    assert main(["status"]) == EXIT_FAILED
    table = capsys.readouterr().out
    gaming = next(line for line in table.splitlines() if line.startswith("gaming ") and "36/60" in line)
    assert gaming.split()[-1] == "warn" and "40.0" in gaming


def test_status_exits_0_when_every_vertical_that_ran_is_within_its_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    warehouse = warehouse_with_loads(tmp_path / "w.duckdb", {"gaming": 2}, now=datetime.now(UTC))
    monkeypatch.setenv("STARLINE_WAREHOUSE", str(warehouse))
    assert main(["status"]) == EXIT_OK
    assert "pass" in capsys.readouterr().out


def test_dbt_source_freshness_agrees_with_status(tmp_path: Path) -> None:
    warehouse = warehouse_with_loads(tmp_path / "w.duckdb", {"gaming": 40, "crypto": 70}, now=datetime.now(UTC))
    target = tmp_path / "target"
    completed = subprocess.run(
        [
            str(DBT),
            "source",
            "freshness",
            "--select",
            "source:raw_gaming.steamspy_apps",
            "source:raw_crypto.coins_markets",
            "--target-path",
            str(target),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, "STARLINE_WAREHOUSE": str(warehouse), "DBT_PROFILES_DIR": str(PROJECT_DIR)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout[-2000:]
    results = json.loads((target / "sources.json").read_text())["results"]
    assert {result["unique_id"]: result["status"] for result in results} == {
        "source.starline.raw_gaming.steamspy_apps": "warn",
        "source.starline.raw_crypto.coins_markets": "error",
    }
