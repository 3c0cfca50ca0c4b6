"""One writer at a time: a file lock for runs, and a wait for the DuckDB file when someone else holds it."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import time
from datetime import UTC, datetime
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


# How often a wait says it is still waiting, after saying so at once.
ANNOUNCE_EVERY_SECONDS = 10.0


class WaitAnnouncer:
    """Says at once, then every `every` seconds, what a run waits for, who holds it, how long it has waited and
    how long it will wait at most: a wait of up to STARLINE_LOCK_TIMEOUT is never silent."""

    def __init__(self, what: str, timeout_seconds: float, every: float = ANNOUNCE_EVERY_SECONDS) -> None:
        self._what = what
        self._timeout = timeout_seconds
        self._every = every
        self._started = time.monotonic()
        self._next = self._started

    def waiting(self, holder: str) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._every
        log.warning(
            "waiting for %s, held by %s: %.0f s so far, at most %.0f s",
            self._what,
            holder or "another process",
            now - self._started,
            self._timeout,
        )


class RunLock:
    """An exclusive `flock` on `.state/run.lock`; the file records who holds it so a waiting run can say so."""

    def __init__(
        self,
        path: Path,
        owner: str,
        timeout_seconds: float,
        poll_seconds: float = 0.5,
        announce_every: float = ANNOUNCE_EVERY_SECONDS,
    ) -> None:
        self.path = path
        self.owner = owner
        self.timeout_seconds = timeout_seconds
        self.poll_seconds = poll_seconds
        self.announce_every = announce_every
        self._handle: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_seconds
        announcer = WaitAnnouncer(f"the run lock {self.path}", self.timeout_seconds, self.announce_every)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = self.path.read_text().strip() or "another run"
                if time.monotonic() >= deadline:
                    os.close(handle)
                    raise LockTimeoutError(
                        f"another run is in progress ({holder}); waited {self.timeout_seconds:.0f} s. "
                        "Wait for it to finish or raise STARLINE_LOCK_TIMEOUT."
                    ) from None
                announcer.waiting(holder)
                time.sleep(self.poll_seconds)
        os.ftruncate(handle, 0)
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.write(handle, f"{self.owner} (pid {os.getpid()}, since {since})".encode())
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


def wait_for_warehouse(
    path: Path, timeout_seconds: float, poll_seconds: float = 1.0, announce_every: float = ANNOUNCE_EVERY_SECONDS
) -> None:
    """DuckDB allows one writer and blocks writers while any reader is attached; wait for the file to be free
    rather than failing half-way through a load, and say so while waiting. A file that cannot be opened for any
    other reason fails at once."""
    if not path.exists():
        return
    deadline = time.monotonic() + timeout_seconds
    announcer = WaitAnnouncer(
        f"the warehouse {path}, which is open in another process", timeout_seconds, announce_every
    )
    while True:
        try:
            duckdb.connect(str(path)).close()
            return
        except duckdb.Error as error:
            if not is_lock_conflict(error):
                raise warehouse_unreadable(path, error) from None
            # DuckDB names the process ("... is held in /usr/bin/python3 (PID 123). However, ..."): keep that part.
            held = re.search(r"held in (.*?\(PID \d+\))", str(error))
            holder = held[1] if held else ""
            if time.monotonic() >= deadline:
                raise LockTimeoutError(
                    f"the warehouse {path} is open in another process{f' ({holder})' if holder else ''}; "
                    f"waited {timeout_seconds:.0f} s. Close that connection (analysts: query the Parquet exports, "
                    "or connect between runs) and run again. Nothing was changed."
                ) from None
            announcer.waiting(holder)
            time.sleep(poll_seconds)
