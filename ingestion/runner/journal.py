"""What the run in progress is doing, on disk (`.state/run-journal.json`): each vertical's run log row and the
phase it is in (extract, normalize, load, transform, publish). A run removes a vertical's entry once its final
row is written; entries still there when the next run takes the run lock belong to a run that was killed
(kill -9, out of memory, the machine went down), and that run logs them as crashed, with the phase."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ingestion.runner.runlog import RunRecord, record_from_fields

CRASHED = "crashed"


class RunJournal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def start(self, record: RunRecord) -> None:
        entries = self._read()
        entries[record.vertical] = dataclasses.asdict(record)
        self._write(entries)

    def enter(self, vertical: str, phase: str) -> None:
        entries = self._read()
        if vertical in entries:
            entries[vertical]["phase"] = phase
            self._write(entries)

    def finish(self, vertical: str) -> None:
        entries = self._read()
        entries.pop(vertical, None)
        self._write(entries)

    def crashed(self, found_by: str) -> list[RunRecord]:
        """The rows of a killed run's verticals, marked crashed; call under the run lock, before `start`."""
        entries = self._read()
        if not entries:
            return []
        # The journal changes at every phase: its time is when the killed run was last seen.
        last_seen = datetime.fromtimestamp(self.path.stat().st_mtime, UTC).replace(tzinfo=None)
        records = []
        for fields in entries.values():
            record = record_from_fields(fields)
            record.status = CRASHED
            record.finished_at = last_seen
            record.error = (
                f"the run stopped during {record.phase} and never finished (killed, interrupted, out of memory or "
                f"the machine went down); found by run {found_by}: run that day again"
            )
            records.append(record)
        return records

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def _read(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        # Written whole and renamed into place, so a crash never leaves half a journal.
        return dict(json.loads(self.path.read_text(encoding="utf-8"))["verticals"])

    def _write(self, entries: dict[str, dict]) -> None:
        if not entries:
            self.clear()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        written = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"verticals": entries}, file, default=str)
        os.replace(written, self.path)
