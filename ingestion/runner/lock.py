"""One writer at a time: a file lock for runs, and a wait for the DuckDB file when someone else holds it."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path
from types import TracebackType

import duckdb

LOCK_CONFLICT = "could not set lock on file"
# How long a run waits for the run lock or the warehouse file unless configured otherwise.
DEFAULT_LOCK_TIMEOUT = 600.0

log = logging.getLogger("starline.lock")


class LockTimeoutError(RuntimeError):
    """Another run or an open DuckDB connection kept the lock past the configured timeout."""


class WarehouseUnreadableError(RuntimeError):
    """The warehouse file exists but DuckDB cannot open it for a reason other than another process's lock."""


class RunLock:
    """An exclusive `flock` on `.state/run.lock`; the file records who holds it so a waiting run can say so."""

    def __init__(self, path: Path, owner: str, timeout_seconds: float, poll_seconds: float = 0.5) -> None:
        self.path = path
        self.owner = owner
        self.timeout_seconds = timeout_seconds
        self.poll_seconds = poll_seconds
        self._handle: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.path.read_text().strip() or "another run"
                    os.close(handle)
                    raise LockTimeoutError(
                        f"another run is in progress ({holder}); waited {self.timeout_seconds:.0f} s. "
                        "Wait for it to finish or raise STARLINE_LOCK_TIMEOUT."
                    ) from None
                time.sleep(self.poll_seconds)
        os.ftruncate(handle, 0)
        os.write(handle, f"{self.owner} (pid {os.getpid()})".encode())
        self._handle = handle
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._handle is not None:
            os.ftruncate(self._handle, 0)
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None


def is_lock_conflict(error: duckdb.Error) -> bool:
    """DuckDB's own words for another process holding the file, not any message that happens to contain "lock"
    (a damaged file reports "Could not read block ...")."""
    return LOCK_CONFLICT in str(error).lower()


def warehouse_unreadable(path: Path, error: duckdb.Error) -> WarehouseUnreadableError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return WarehouseUnreadableError(
        f"the warehouse {path} cannot be opened: {reason}. The file is damaged or not a DuckDB "
        f"{duckdb.__version__} database. Nothing was changed: move it aside and restore a backup (without one, the "
        "next run starts an empty warehouse and the history in the damaged file is lost), or, if a newer DuckDB "
        "wrote it, open it with that version."
    )


def wait_for_warehouse(path: Path, timeout_seconds: float, poll_seconds: float = 1.0) -> None:
    """DuckDB allows one writer and blocks writers while any reader is attached; wait for the file to be free
    rather than failing half-way through a load, and say so while waiting. A file that cannot be opened for any
    other reason fails at once."""
    if not path.exists():
        return
    deadline = time.monotonic() + timeout_seconds
    announced = False
    while True:
        try:
            duckdb.connect(str(path)).close()
            return
        except duckdb.Error as error:
            if not is_lock_conflict(error):
                raise warehouse_unreadable(path, error) from None
            holder = str(error).split("Conflicting lock is held in")[-1].strip() if "held in" in str(error) else ""
            if time.monotonic() >= deadline:
                raise LockTimeoutError(
                    f"the warehouse {path} is open in another process{f' ({holder})' if holder else ''}; "
                    f"waited {timeout_seconds:.0f} s. Close that connection (analysts: query the Parquet exports, "
                    "or connect between runs) and run again. Nothing was changed."
                ) from None
            if not announced:
                log.warning(
                    "the warehouse %s is open in another process%s; waiting up to %.0f s for it to close",
                    path,
                    f" ({holder})" if holder else "",
                    timeout_seconds,
                )
                announced = True
            time.sleep(poll_seconds)
