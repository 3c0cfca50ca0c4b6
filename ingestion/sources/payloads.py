"""Shape checks shared by every source: a payload that is not what the API documents is refused, naming the
endpoint, instead of loading garbage that would surface later as wrong numbers. A whole answer of the wrong shape
fails the run; one entry of a list, or one entity's answer, is quarantined instead (`Quarantined`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ParamSpec

from ingestion.http.trail import answer_trail


class PayloadShapeError(ValueError):
    """An API answered 200 with JSON of the wrong shape (schema drift, an error object, a truncated list)."""

    def __init__(self, api: str, endpoint: str, expected: str, got: Any) -> None:
        returned = f"{api} endpoint '{endpoint}' returned {type(got).__name__}"
        self.problem = f"{returned} where {expected} was expected: {repr(got)[:200]}"
        super().__init__(f"{self.problem}. The API may have changed shape; nothing from this run was loaded.")
        self.api = api
        self.endpoint = endpoint
        self.got = got


@dataclass(frozen=True)
class Quarantined:
    """A record set aside instead of loaded: one entry of a list, or one entity's answer, that the parsers refuse.
    Resources yield it in place of the record; the runner books it to the vertical's quarantine table and the run
    goes on, unless too large a share of a table's records is refused (`ingestion.runner.quarantine`)."""

    reason: str
    payload: Any
    key: str | None = None


def parse_each(
    items: Iterable[Any], parse: Callable[[Any], dict[str, Any]], key_of: Callable[[Any], Hashable | None]
) -> list[dict[str, Any] | Quarantined]:
    """`parse` applied to each entry of a list; an entry it refuses is quarantined, the others still load. When
    it refuses every entry, the list is not what the endpoint serves (another endpoint's answer, a new shape):
    that fails the run as a bad answer."""
    parsed: list[dict[str, Any] | Quarantined] = []
    first_error: PayloadShapeError | None = None
    for item in items:
        try:
            parsed.append(parse(item))
        except PayloadShapeError as error:
            first_error = first_error or error
            parsed.append(quarantined(error, key_of(item)))
    if first_error is not None and all(isinstance(entry, Quarantined) for entry in parsed):
        raise first_error
    return parsed


P = ParamSpec("P")


def one_record_per_answer(
    key_of: Callable[..., Hashable | None],
) -> Callable[[Callable[P, Iterator[Any]]], Callable[P, Iterator[Any]]]:
    """For a transformer that makes one request per entity: an answer the parsers refuse quarantines that
    entity's record instead of failing the run, and is dropped from the HTTP cache and the run's journal so the
    next run asks for it again. `key_of` names the entity from the transformer's arguments."""

    def decorate(transform: Callable[P, Iterator[Any]]) -> Callable[P, Iterator[Any]]:
        @functools.wraps(transform)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> Iterator[Any]:
            records = transform(*args, **kwargs)
            while True:
                try:
                    record = next_forgetting_refused(records)
                except StopIteration:
                    return
                except PayloadShapeError as error:
                    yield quarantined(error, key_of(*args, **kwargs))
                    return
                yield record

        return guarded

    return decorate


def next_forgetting_refused(records: Iterator[Any]) -> Any:
    """The transformer's next record; when the parsers refuse the answer it was made from, the answers served
    for it are forgotten first. One step at a time: between steps dlt runs other entities' transformers on this
    thread, and their answers are theirs."""
    with answer_trail() as trail:
        try:
            return next(records)
        except PayloadShapeError:
            trail.forget()
            raise


def quarantined(error: PayloadShapeError, key: Hashable | None) -> Quarantined:
    return Quarantined(reason=error.problem, payload=error.got, key=None if key is None else str(key))


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
