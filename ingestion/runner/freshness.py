"""How old each vertical's data is, against the thresholds dbt's source freshness uses.

One definition for both: the thresholds are the dbt vars `freshness_warn_hours` and `freshness_error_hours`
(`dbt_project.yml`), and a vertical's age is that of the newest load of the raw table whose source entry carries a
`freshness` config (the table every run of the vertical loads). `make freshness` runs `dbt source freshness`;
`starline status` computes the same here without starting dbt or taking the warehouse's write lock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml

# Whose freshness `status` judges, and how: never loaded is no data yet, not stale data.
PASS, WARN, ERROR, NEVER_LOADED = "pass", "warn", "error", "never loaded"
VAR_REFERENCE = re.compile(r"var\('(?P<name>\w+)'\)\['(?P<vertical>\w+)'\]")


class FreshnessConfigError(ValueError):
    """The freshness settings in dbt_project.yml or a sources file are missing or not numbers."""


@dataclass(frozen=True)
class Rule:
    vertical: str
    table: str
    warn_hours: float
    error_hours: float


@dataclass(frozen=True)
class Freshness:
    vertical: str
    table: str
    newest_load: str | None
    age_hours: float | None
    warn_hours: float
    error_hours: float
    state: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def rules(project_dir: Path) -> list[Rule]:
    """Per vertical, its freshness table and thresholds, as dbt reads them."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    variables = project.get("vars", {})
    found = []
    for sources_file in sorted(project_dir.glob("models/*/staging/_*__sources.yml")):
        for source in yaml.safe_load(sources_file.read_text(encoding="utf-8")).get("sources", []):
            for table in source.get("tables", []):
                freshness = (table.get("config") or {}).get("freshness")
                if not freshness:
                    continue
                vertical = source["name"].removeprefix("raw_")
                found.append(
                    Rule(
                        vertical,
                        table["name"],
                        _hours(freshness, "warn_after", variables, sources_file),
                        _hours(freshness, "error_after", variables, sources_file),
                    )
                )
    return found


def _hours(freshness: Mapping[str, Any], key: str, variables: Mapping[str, Any], sources_file: Path) -> float:
    threshold = freshness.get(key) or {}
    count, period = threshold.get("count"), threshold.get("period")
    reference = VAR_REFERENCE.search(str(count))
    if reference:
        count = (variables.get(reference["name"]) or {}).get(reference["vertical"])
    if period != "hour" or not isinstance(count, int | float) or isinstance(count, bool) or count <= 0:
        raise FreshnessConfigError(
            f"{sources_file}: freshness {key} must be a positive number of hours, set per vertical in "
            f"dbt_project.yml vars freshness_warn_hours / freshness_error_hours (got count={count!r}, "
            f"period={period!r})"
        )
    return float(count)


def judge(age_hours: float | None, rule: Rule) -> str:
    if age_hours is None:
        return NEVER_LOADED
    if age_hours >= rule.error_hours:
        return ERROR
    return WARN if age_hours >= rule.warn_hours else PASS


def vertical_freshness(warehouse: Path, project_dir: Path, now: datetime | None = None) -> list[Freshness]:
    """Every vertical's age against its thresholds, at `now` (default: the current time)."""
    now = now or datetime.now(UTC)
    checks = rules(project_dir)
    newest: dict[Rule, datetime | None] = dict.fromkeys(checks)
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            newest = {rule: _newest_load(connection, rule) for rule in checks}
    result = []
    for rule in checks:
        loaded = newest[rule]
        age = None if loaded is None else round((now - loaded).total_seconds() / 3600, 2)
        result.append(
            Freshness(
                rule.vertical,
                f"raw_{rule.vertical}.{rule.table}",
                None if loaded is None else loaded.strftime("%Y-%m-%d %H:%M:%S"),
                age,
                rule.warn_hours,
                rule.error_hours,
                judge(age, rule),
            )
        )
    return result


def any_error(freshness: Sequence[Freshness]) -> bool:
    return any(entry.state == ERROR for entry in freshness)


def _newest_load(connection: duckdb.DuckDBPyConnection, rule: Rule) -> datetime | None:
    schema = f"raw_{rule.vertical}"
    exists = connection.execute(
        "select count(*) from information_schema.columns "
        "where table_schema = ? and table_name = ? and column_name = '_dlt_load_id'",
        [schema, rule.table],
    ).fetchone()
    if not exists or not exists[0]:
        return None
    # The loaded_at_field of the sources file: a dlt load id is the load's start in epoch seconds.
    (newest,) = connection.execute(
        f'select max(cast(_dlt_load_id as double)) from "{schema}"."{rule.table}"'
    ).fetchone() or (None,)
    return None if newest is None else datetime.fromtimestamp(newest, UTC)
