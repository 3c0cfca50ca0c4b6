"""A failed vertical's one-line reason names the real cause, and for storage faults what to do about it."""

from __future__ import annotations

import errno

import duckdb
import pytest

from ingestion.runner.orchestrator import describe_failure


def raised(error: BaseException, wrapper: str = "Pipeline execution failed at stage load") -> BaseException:
    """`error` as dlt hands it over: wrapped in an error of its own."""
    try:
        try:
            raise error
        except BaseException as inner:
            raise RuntimeError(wrapper) from inner
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    ("error", "reason", "hint"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/srv/starline/.state/dlt/package/job.parquet"),
            "OSError: [Errno 28] No space left on device: '/srv/starline/.state/dlt/package/job.parquet'",
            "the disk is full",
        ),
        (
            duckdb.IOException('IO Error: Could not write file "/srv/w/warehouse.duckdb.wal": No space left on device'),
            'IOException: IO Error: Could not write file "/srv/w/warehouse.duckdb.wal": No space left on device',
            "the disk is full",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/srv/starline/exports/.pending"),
            "OSError: [Errno 30] Read-only file system: '/srv/starline/exports/.pending'",
            "is read-only or not the runner's",
        ),
        (
            duckdb.IOException('IO Error: Cannot open file "/srv/w/warehouse.duckdb": Permission denied'),
            'IOException: IO Error: Cannot open file "/srv/w/warehouse.duckdb": Permission denied',
            "is read-only or not the runner's",
        ),
    ],
)
def test_a_storage_fault_is_named_with_what_to_do(error: BaseException, reason: str, hint: str) -> None:
    described = describe_failure(raised(error))
    assert described.startswith(reason + " (")
    assert hint in described


def test_other_failures_carry_no_storage_hint() -> None:
    assert describe_failure(raised(ValueError("price is not a number"))) == "ValueError: price is not a number"
