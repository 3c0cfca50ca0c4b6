"""The YAML descriptions are inside the warehouse: every published mart and every one of its columns carries its
description as a DuckDB comment, after the first publish (tables created) and the second (facts appended)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ingestion.runner.paths import PROJECT_DIR
from tests.conftest import ReplayRun

YAML_FILES = {
    "gaming": PROJECT_DIR / "models/gaming/marts/_gaming__marts.yml",
    "shared": PROJECT_DIR / "models/shared/_shared__models.yml",
}
# Set by the materialization macros, described once in macros/publish.sql.
BUILT_AT = "When the build that wrote this row ran (UTC); every row of one build has the same value."


def described(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """model -> (its description, column -> description), as written in the YAML file."""
    models = yaml.safe_load(path.read_text(encoding="utf-8"))["models"]
    return {
        model["name"]: (
            model["description"].strip(),
            {column["name"]: column["description"].strip() for column in model.get("columns", [])},
        )
        for model in models
    }


@pytest.mark.parametrize("schema", sorted(YAML_FILES))
def test_every_mart_and_column_carries_its_yaml_description(replayed: Callable[[str], ReplayRun], schema: str) -> None:
    run = replayed("gaming")
    expected = described(YAML_FILES[schema])
    tables = dict(
        run.query("select table_name, comment from duckdb_tables() where schema_name = ? order by 1", [schema])
    )
    assert set(tables) == set(expected)
    assert {table: (comment or "").strip() for table, comment in tables.items()} == {
        table: description for table, (description, _) in expected.items()
    }
    columns = run.query(
        "select table_name, column_name, comment from duckdb_columns() where schema_name = ? order by 1", [schema]
    )
    assert columns
    for table, column, comment in columns:
        want = expected[table][1].get(column, BUILT_AT if column == "_built_at" else None)
        assert (comment or "").strip() == want, f"{schema}.{table}.{column}"
