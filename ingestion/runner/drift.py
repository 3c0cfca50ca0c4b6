"""Schema drift between loads: the raw columns a load adds, and the type changes that would feed staging NULLs.

dlt evolves a vertical's schema silently: a new key becomes a new column, and a value that no longer fits its
column's type goes to a variant column `<column>__v_<type>` (or, for an object or a list, to `<column>__<key>`
columns or a `<table>__<column>` child table) while the column staging reads is left NULL. The runner compares
dlt's schema before extract with the one after normalize: additions are recorded in the run log, and a change
of a column the declared raw contract lists (what staging reads) fails the vertical before anything is loaded."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import dlt
import yaml

# table -> column -> dlt data type
SchemaColumns = dict[str, dict[str, str]]

VARIANT = re.compile(r"^(?P<base>.+)__v_(?P<type>[a-z0-9_]+)$")


class SchemaDriftError(RuntimeError):
    """A column staging reads changed type; nothing of the run was loaded."""


@dataclass(frozen=True)
class NewField:
    table: str
    column: str
    data_type: str

    def as_dict(self, dataset_name: str) -> dict[str, str]:
        return {"field": f"{dataset_name}.{self.table}.{self.column}", "data_type": self.data_type}


def schema_columns(pipeline: dlt.Pipeline) -> SchemaColumns:
    """The data tables of the pipeline's schema (dlt's own `_dlt_*` tables left out), empty before a first load."""
    if not pipeline.default_schema_name:
        return {}
    return {
        name: {column: str(hints.get("data_type")) for column, hints in table.get("columns", {}).items()}
        for name, table in pipeline.default_schema.tables.items()
        if not name.startswith("_dlt")
    }


def new_fields(before: SchemaColumns, after: SchemaColumns) -> list[NewField]:
    return [
        NewField(table, column, data_type)
        for table, columns in sorted(after.items())
        for column, data_type in sorted(columns.items())
        if column not in before.get(table, {}) and not column.startswith("_dlt_")
    ]


def undeclared(added: list[NewField], contract: Mapping[str, Mapping[str, str]]) -> list[NewField]:
    """The added columns the raw contract does not declare: a declared one already existed in the warehouse (the
    contract created it empty), so its first rows are not news."""
    return [new for new in added if new.column not in contract.get(new.table, {})]


def declared_contract(project_dir: Path, dataset_name: str) -> dict[str, dict[str, str]]:
    """table -> column -> declared type, from the sources YAML whose schema is the vertical's raw dataset."""
    contract: dict[str, dict[str, str]] = {}
    for sources_file in sorted(project_dir.glob("models/*/staging/_*__sources.yml")):
        for source in yaml.safe_load(sources_file.read_text(encoding="utf-8")).get("sources", []):
            if source.get("schema", source.get("name")) != dataset_name:
                continue
            for table in source.get("tables", []):
                columns = {column["name"]: str(column.get("data_type")) for column in table.get("columns", [])}
                contract.setdefault(table["name"], {}).update(columns)
    return contract


def type_changes(
    added: list[NewField], after: SchemaColumns, contract: Mapping[str, Mapping[str, str]], dataset_name: str
) -> list[str]:
    """One description per declared column whose values no longer land in it."""
    changes: dict[str, str] = {}
    for field in added:
        changed = _changed_column(field, contract)
        if changed is None:
            continue
        table, column, new_type, where = changed
        key = f"{dataset_name}.{table}.{column}"
        old_type = after.get(table, {}).get(column) or contract[table][column]
        changes.setdefault(key, f"{key} changed type from {old_type} to {new_type} (dlt put its values in {where})")
    return list(changes.values())


def _changed_column(field: NewField, contract: Mapping[str, Mapping[str, str]]) -> tuple[str, str, str, str] | None:
    """(table, declared column, new type, where the values went) when `field` holds a declared column's values."""
    declared = contract.get(field.table, {})
    variant = VARIANT.match(field.column)
    if variant and variant["base"] in declared:
        return field.table, variant["base"], field.data_type, f"column {field.column}"
    # An object where a scalar was: dlt flattens it into `<column>__<key>` columns.
    flattened = next((name for name in declared if field.column.startswith(f"{name}__")), None)
    if flattened:
        return field.table, flattened, "object", f"columns {flattened}__*"
    # A list where a scalar was: dlt moves it to a child table `<table>__<column>`.
    parent, _, column = field.table.rpartition("__")
    if field.table not in contract and column in contract.get(parent, {}):
        return parent, column, "list", f"table {field.table}"
    return None


def drift_error(changes: list[str], sources_file: str) -> SchemaDriftError:
    more = f" (and {len(changes) - 1} more: {'; '.join(changes[1:])})" if len(changes) > 1 else ""
    return SchemaDriftError(
        f"{changes[0]}{more}; nothing of this run was loaded. Fix the payload upstream, or declare the new type "
        f"in {sources_file} and adapt the staging model that reads it"
    )
