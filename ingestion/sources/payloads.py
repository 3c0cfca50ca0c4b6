"""Shape checks shared by every source: a payload that is not what the API documents fails loudly, naming the
endpoint, instead of loading garbage that would surface later as wrong numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class PayloadShapeError(ValueError):
    """An API answered 200 with JSON of the wrong shape (schema drift, an error object, a truncated list)."""

    def __init__(self, api: str, endpoint: str, expected: str, got: Any) -> None:
        snippet = repr(got)[:200]
        super().__init__(
            f"{api} endpoint '{endpoint}' returned {type(got).__name__} where {expected} was expected: {snippet}. "
            "The API may have changed shape; nothing from this run was loaded."
        )
        self.api = api
        self.endpoint = endpoint


def expect_mapping(body: Any, api: str, endpoint: str) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise PayloadShapeError(api, endpoint, "a JSON object", body)
    return body


def drop_empty_lists(record: Mapping[str, Any], object_keys: Iterable[str]) -> dict[str, Any]:
    """Some APIs send `[]` where they document an object (Steam does for requirements, price_overview, ...).
    Loading both forms would split one field into columns and a child table, so such a `[]` is dropped: the
    field's columns read NULL for that row, as for any missing key."""
    return {key: value for key, value in record.items() if not (key in object_keys and value == [])}


def nested_columns(**data_types: str) -> dict[str, Any]:
    """Column hints for a child table; unlike root hints, dlt wants each column schema to carry its name."""
    return {name: {"name": name, "data_type": data_type} for name, data_type in data_types.items()}
