"""The loop behind `starline schedule`: sleep until the next vertical is due, run it (one run at a time: each run
takes the runner's lock, so a run started by hand is waited for), retry a failure with backoff while the slot
lasts, alert after the last failure, and record the slot.

A slot is due when the vertical's next slot after the last one it handled has come. Slots missed while the
scheduler was down (or while another vertical ran) collapse into the newest one: after a restart a missed day is
caught up once, not once per missed slot. A first start with no state runs nothing until the next slot."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import duckdb

from ingestion.runner.orchestrator import new_run_id
from ingestion.runner.paths import Paths
from ingestion.schedule.alerts import Alert, send_alert
from ingestion.schedule.due import next_due, previous_due
from ingestion.schedule.settings import ScheduleSettings
from ingestion.schedule.state import ScheduleState, SlotOutcome

log = logging.getLogger("starline.schedule")
# The longest single sleep: a suspended machine or a changed clock is noticed within it.
LONGEST_SLEEP_SECONDS = 300.0
RUNNING = "running"


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    run_id: str
    reason: str
    log_path: Path


Launcher = Callable[[str, str], Attempt]


def schedule_state(paths: Paths) -> ScheduleState:
    return ScheduleState(paths.state / "schedule.json")


class Scheduler:
    def __init__(
        self,
        paths: Paths,
        settings: ScheduleSettings,
        launch: Launcher,
        clock: Clock | None = None,
        alert: Callable[[Alert, ScheduleSettings], None] = send_alert,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.launch = launch
        self.clock = clock or SystemClock()
        self.alert = alert
        self.state = schedule_state(paths)
        self.started_at = self.clock.now()

    def due(self, vertical: str, now: datetime) -> tuple[datetime | None, datetime]:
        """(the slot to run now, or None; the vertical's next slot after the last one it handled)."""
        schedule = self.settings.of(vertical)
        last = self.state.last(vertical)
        if last is not None and last.status == RUNNING:
            # A scheduler stopped mid-slot: that slot (or a newer one since) runs again.
            return previous_due(schedule, now), datetime.fromisoformat(last.slot)
        upcoming = next_due(schedule, self.state.last_slot(vertical) or self.started_at)
        if upcoming > now:
            return None, upcoming
        return previous_due(schedule, now), upcoming

    def run(self, until: datetime | None = None) -> None:
        """Run slots as they come, until `until` (forever without one)."""
        names = self.settings.names
        for vertical in names:
            log.info("%s: next due at %s", vertical, self.due(vertical, self.clock.now())[1].isoformat())
        while True:
            now = self.clock.now()
            if until is not None and now >= until:
                return
            due_now = [(vertical, slot) for vertical in names if (slot := self.due(vertical, now)[0]) is not None]
            for vertical, slot in due_now:
                self.run_slot(vertical, slot)
            if due_now:
                continue
            wait = (min(self.due(vertical, now)[1] for vertical in names) - now).total_seconds()
            if until is not None:
                wait = min(wait, (until - now).total_seconds())
            self.clock.sleep(min(max(wait, 0.0), LONGEST_SLEEP_SECONDS))

    def run_slot(self, vertical: str, slot: datetime) -> SlotOutcome:
        """Every attempt of one slot, then its record (and its alert)."""
        schedule = self.settings.of(vertical)
        slot_ends = next_due(schedule, slot)
        previous = self.state.last(vertical)
        alerted = previous is not None and previous.alerted
        self._record(vertical, slot, RUNNING, 0, "", alerted=alerted)
        attempts = self.settings.retries + 1
        attempt = None
        for number in range(1, attempts + 1):
            run_id = new_run_id(self.clock.now())
            log.info("%s: slot %s, attempt %d of %d, run %s", vertical, slot.isoformat(), number, attempts, run_id)
            attempt = self.launch(vertical, run_id)
            if attempt.ok:
                if number > 1:
                    log.warning("%s: succeeded at attempt %d after %d failed attempts", vertical, number, number - 1)
                if alerted:
                    self.alert(self._alert("recovered", vertical, attempt, number, slot), self.settings)
                return self._record(vertical, slot, "success", number, attempt.run_id, alerted=False)
            log.warning("%s: attempt %d failed: %s (log %s)", vertical, number, attempt.reason, attempt.log_path)
            if number == attempts:
                break
            delay = self.settings.retry_delay_seconds * 2 ** (number - 1)
            if self.clock.now() + timedelta(seconds=delay) >= slot_ends:
                log.warning("%s: no retry: the next slot (%s) comes first", vertical, slot_ends.isoformat())
                break
            self.clock.sleep(delay)
        assert attempt is not None
        self.alert(self._alert("failed", vertical, attempt, number, slot), self.settings)
        return self._record(vertical, slot, "failed", number, attempt.run_id, alerted=True)

    def _alert(self, event: str, vertical: str, attempt: Attempt, attempts: int, slot: datetime) -> Alert:
        return Alert(event, vertical, attempt.run_id, attempt.reason, str(attempt.log_path), attempts, slot.isoformat())

    def _record(
        self, vertical: str, slot: datetime, status: str, attempts: int, run_id: str, *, alerted: bool
    ) -> SlotOutcome:
        outcome = SlotOutcome(slot.isoformat(), status, attempts, run_id, self.clock.now().isoformat(), alerted)
        self.state.record(vertical, outcome)
        return outcome


def launcher(paths: Paths, *, replay: bool = False) -> Launcher:
    """Each attempt as `starline run <vertical>` in a child process: a crash or a leak of one run never takes the
    scheduler down. Its output is passed on; the reason of a failure is the run log's error for that run, else
    the child's last line (a lock timeout fails before any run log row)."""

    def launch(vertical: str, run_id: str) -> Attempt:
        arguments = [sys.executable, "-m", "ingestion.cli", "run", vertical, "--run-id", run_id]
        completed = subprocess.run(
            [*arguments, *(["--replay"] if replay else [])],
            cwd=paths.project_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stdout.write(completed.stdout)
        sys.stderr.write(completed.stderr)
        log_path = paths.logs / f"{run_id}.log"
        if completed.returncode == 0:
            return Attempt(True, run_id, "", log_path)
        lines = [line for line in (completed.stderr + completed.stdout).splitlines() if line.strip()]
        reason = run_error(paths.warehouse, run_id) or (lines[-1] if lines else f"exit code {completed.returncode}")
        return Attempt(False, run_id, reason, log_path)

    return launch


def run_error(warehouse: Path, run_id: str) -> str | None:
    """The first line of the error the run log holds for `run_id`, if any."""
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            row = connection.execute(
                "select error from ops.etl_runs where run_id = ? and error is not null order by vertical limit 1",
                [run_id],
            ).fetchone()
    except duckdb.Error:
        return None
    return str(row[0]).strip().splitlines()[0] if row and str(row[0]).strip() else None
