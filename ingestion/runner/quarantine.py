"""Bad records set aside instead of failing the vertical: the quarantine table `raw_<vertical>.quarantine`.

A record is quarantined when its source refuses its shape (`ingestion.sources.payloads.Quarantined`) or when a
value cannot be converted to the type the raw contract declares for its column (the `_<vertical>__sources.yml`
columns staging reads): dlt would put such a value in a variant column and leave the declared one NULL, and the
drift check would then refuse the whole load for one record. The check uses dlt's own conversion
(`coerce_value`), so it refuses exactly what dlt could not load in place.

Each quarantined record lands, in the same load as the run's accepted records, with the table it was meant for,
its key, the reason and the payload as JSON. The run succeeds with warnings (counts in the summary, the run log
and `starline status`), unless more than `runtime.starline_quarantine_max_share` of some table's records were
refused: then nothing of the run is loaded, as a shape change that large is not a few bad records.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import dlt
from dlt.common.data_types.type_helpers import coerce_value, py_type_to_sc_type
from dlt.common.normalizers.naming import NamingConvention
from dlt.sources import DltResource

from ingestion.params import SettingError
from ingestion.settings import config_value
from ingestion.sources.payloads import Quarantined

QUARANTINE_TABLE = "quarantine"
MAX_SHARE_KEY = "runtime.starline_quarantine_max_share"
DEFAULT_MAX_SHARE = 0.05
# How the sources YAML names the types dlt stores.
DECLARED_TO_DLT = {
    "varchar": "text",
    "boolean": "bool",
    "bigint": "bigint",
    "double": "double",
    "date": "date",
    "timestamp": "timestamp",
    "timestamp with time zone": "timestamp",
    "json": "json",
}
QUARANTINE_HINTS: dict[str, Any] = {
    "as_of_date": {"data_type": "date", "nullable": False},
    "_run_id": {"data_type": "text", "nullable": False},
    "table_name": {"data_type": "text", "nullable": False},
    "record_key": {"data_type": "text"},
    "reason": {"data_type": "text", "nullable": False},
    "payload": {"data_type": "text"},
}


class QuarantineThresholdError(RuntimeError):
    """Too many records of a raw table were refused; nothing of the run was loaded."""


@dataclass(frozen=True)
class QuarantinedRecord:
    table: str
    reason: str
    payload: Any
    key: str | None


def max_share() -> float:
    """The configured share of a table's records that may be quarantined before the run fails."""
    share = config_value(MAX_SHARE_KEY, float, DEFAULT_MAX_SHARE)
    if not 0 <= share <= 1:
        raise SettingError(
            f"{MAX_SHARE_KEY}={share!r}: not a share; allowed: a number from 0 (refuse every bad record) to 1 "
            f"(never fail on bad records), default {DEFAULT_MAX_SHARE}"
        )
    return share


class RecordGuard:
    """Checks every record a vertical's resources yield against the raw contract; the refused ones are kept here
    until the runner loads them to the quarantine table. Filters run in dlt's worker threads, hence the lock."""

    def __init__(self, contract: Mapping[str, Mapping[str, str]], naming: NamingConvention) -> None:
        unknown = sorted(
            f"{table}.{column} ({declared})"
            for table, columns in contract.items()
            for column, declared in columns.items()
            if declared not in DECLARED_TO_DLT
        )
        if unknown:
            raise ValueError(
                f"the raw contract declares types the record check does not know: {', '.join(unknown)}; "
                f"known: {', '.join(DECLARED_TO_DLT)} (add the type to DECLARED_TO_DLT in {__name__})"
            )
        self._contract = {
            table: {column: DECLARED_TO_DLT[declared] for column, declared in columns.items()}
            for table, columns in contract.items()
        }
        self._naming = naming
        self._name_cache: dict[tuple[str, str, Any], tuple[str, str]] = {}
        self._accepted: Counter[str] = Counter()
        self._refused: list[QuarantinedRecord] = []
        self._lock = threading.Lock()

    def admitting(self, table: str, key_fields: tuple[str, ...] = ()) -> Callable[[Any], bool]:
        """A dlt filter for the resource loading `table`: True for a record to load, False for one quarantined."""

        def admit(item: Any) -> bool:
            if isinstance(item, Quarantined):
                self._refuse(QuarantinedRecord(table, item.reason, item.payload, item.key))
                return False
            problems = self.problems(table, item) if isinstance(item, Mapping) else []
            if problems:
                key = "/".join(str(item.get(name)) for name in key_fields) if key_fields else None
                self._refuse(QuarantinedRecord(table, "; ".join(problems), item, key))
                return False
            with self._lock:
                self._accepted[table] += 1
            return True

        return admit

    def problems(self, table: str, record: Mapping[str, Any]) -> list[str]:
        """Each value of `record` that the declared column it lands in cannot hold, as dlt names the columns."""
        found: list[str] = []
        self._check(table, "", record, found)
        return found

    def _check(self, table: str, prefix: str, record: Mapping[str, Any], found: list[str]) -> None:
        declared = self._contract.get(table, {})
        for name, value in record.items():
            column, child = self._names(table, prefix, name)
            data_type = declared.get(column)
            if value is None or value == [] or value == {} or data_type == "json":
                continue
            if child in self._contract and not isinstance(value, list):
                found.append(f"{table}.{column}: {value!r:.80} where a list (table {child}) is declared")
            elif isinstance(value, Mapping):
                if data_type is not None:
                    found.append(f"{table}.{column}: an object where {data_type} is declared")
                else:
                    self._check(table, column, value, found)
            elif isinstance(value, list):
                if data_type is not None:
                    found.append(f"{table}.{column}: a list where {data_type} is declared")
                elif child in self._contract:
                    for entry in value:
                        self._check(child, "", entry if isinstance(entry, Mapping) else {"value": entry}, found)
            elif data_type is not None and not _converts(value, data_type):
                found.append(f"{table}.{column}: {value!r:.80} is not a {data_type}")

    def _names(self, table: str, prefix: str, name: Any) -> tuple[str, str]:
        """The column a key lands in and the child table a list under it would make, as dlt names them; the same
        few keys recur in every record, so each is normalized once (this runs for every record of a run)."""
        key = (table, prefix, name)
        found = self._name_cache.get(key)
        if found is None:
            identifier = self._naming.normalize_identifier(str(name))
            column = self._naming.make_path(prefix, identifier) if prefix else identifier
            found = self._name_cache.setdefault(key, (column, self._naming.make_path(table, column)))
        return found

    def _refuse(self, record: QuarantinedRecord) -> None:
        with self._lock:
            self._refused.append(record)

    @property
    def refused(self) -> list[QuarantinedRecord]:
        with self._lock:
            return list(self._refused)

    def counts(self) -> dict[str, int]:
        """Per raw table, the records quarantined."""
        return dict(sorted(Counter(record.table for record in self.refused).items()))

    def breaches(self, share: float) -> list[str]:
        """One description per table whose quarantined share is above `share`."""
        found = []
        for table, refused in self.counts().items():
            total = refused + self._accepted[table]
            if refused / total > share:
                first = next(record.reason for record in self.refused if record.table == table)
                found.append(f"{table}: {refused} of {total} records ({refused / total:.1%}) refused, first: {first}")
        return found

    def resource(self, as_of_date: str, run_id: str) -> DltResource:
        """The quarantined records as rows of the quarantine table."""

        def rows() -> Iterator[dict[str, Any]]:
            for record in self.refused:
                yield {
                    "as_of_date": as_of_date,
                    "_run_id": run_id,
                    "table_name": record.table,
                    "record_key": record.key,
                    "reason": record.reason,
                    "payload": json.dumps(record.payload, default=str, sort_keys=True),
                }

        return dlt.resource(rows, name=QUARANTINE_TABLE, write_disposition="append", columns=QUARANTINE_HINTS)


def threshold_error(dataset: str, breaches: list[str], share: float) -> QuarantineThresholdError:
    more = f" (and {len(breaches) - 1} more: {'; '.join(breaches[1:])})" if len(breaches) > 1 else ""
    return QuarantineThresholdError(
        f"{dataset}.{breaches[0]}{more}; above {MAX_SHARE_KEY} = {share:.0%}, so nothing of this run was loaded. "
        "So many refusals usually mean the API changed shape: fix the parser or the contract, or raise the share"
    )


def _converts(value: Any, data_type: str) -> bool:
    try:
        coerce_value(data_type, py_type_to_sc_type(type(value)), value)  # type: ignore[arg-type]
    except (ValueError, TypeError, ArithmeticError):
        return False
    return True
