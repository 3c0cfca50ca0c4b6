"""What the scheduler has done, per vertical, kept across restarts in `.state/schedule.json`: the newest slot it
handled and how that slot ended (success, or failure after the last retry). A slot is recorded as running when it
starts, so a scheduler killed mid-slot runs that slot again after its restart."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class SlotOutcome:
    slot: str
    status: str
    attempts: int
    run_id: str
    # When the slot ended; of a slot still running, when it started.
    finished_at: str
    # The alert hook was told the slot failed, so the next success is announced as a recovery.
    alerted: bool = False


class ScheduleState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._outcomes = self._read()

    def _read(self) -> dict[str, SlotOutcome]:
        if not self.path.exists():
            return {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            return {vertical: SlotOutcome(**outcome) for vertical, outcome in stored.items()}
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"{self.path} is not the scheduler's state ({error}); move it aside: the scheduler then starts "
                "afresh and runs each vertical at its next slot"
            ) from None

    def last(self, vertical: str) -> SlotOutcome | None:
        return self._outcomes.get(vertical)

    def last_slot(self, vertical: str) -> datetime | None:
        outcome = self._outcomes.get(vertical)
        return datetime.fromisoformat(outcome.slot) if outcome else None

    def record(self, vertical: str, outcome: SlotOutcome) -> None:
        self._outcomes[vertical] = outcome
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a kill mid-write leaves the previous state, never half a file.
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(
            json.dumps({name: asdict(value) for name, value in sorted(self._outcomes.items())}, indent=2),
            encoding="utf-8",
        )
        os.replace(temporary, self.path)
