"""The schedule as `starline status` shows it: per vertical its cron, the next time it is due and how its last
scheduled slot ended."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ingestion.runner.paths import Paths
from ingestion.schedule.due import next_due
from ingestion.schedule.scheduler import RUNNING, schedule_state
from ingestion.schedule.settings import read_settings
from ingestion.schedule.state import SlotOutcome
from ingestion.verticals import discover

SCHEDULE_HEADERS = ("vertical", "cron", "time zone", "next due utc", "last slot utc", "last slot status")


def schedule_rows(paths: Paths, now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per vertical; a vertical whose next slot has passed (no scheduler ran it) is "overdue since"."""
    now = now or datetime.now(UTC)
    state = schedule_state(paths)
    rows = []
    for schedule in read_settings(list(discover())).verticals:
        last = state.last(schedule.vertical)
        if not schedule.enabled:
            due = "disabled"
        else:
            upcoming = next_due(schedule, state.last_slot(schedule.vertical) or now)
            due = f"{'overdue since ' if upcoming <= now else ''}{upcoming:%Y-%m-%d %H:%M}"
        rows.append(
            {
                "vertical": schedule.vertical,
                "cron": schedule.cron,
                "time_zone": schedule.timezone,
                "next_due_utc": due,
                "last_slot_utc": f"{datetime.fromisoformat(last.slot):%Y-%m-%d %H:%M}" if last else None,
                "last_slot_status": None if last is None else slot_status(last),
            }
        )
    return rows


def slot_status(outcome: SlotOutcome) -> str:
    if outcome.status == RUNNING:
        return f"running since {datetime.fromisoformat(outcome.finished_at):%Y-%m-%d %H:%M} (or stopped mid-slot)"
    return f"{outcome.status} ({outcome.attempts} attempts)"
