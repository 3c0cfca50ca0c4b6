"""When a vertical is due: its cron expression read in its own time zone, returned in UTC.

Across a DST change the slots follow cron's habits: a wall-clock time the spring change skips runs at the first
minute after the gap, and a fixed-hour time the autumn change repeats runs once, at its first occurrence (a job
whose hour field is `*` or a step runs in both repeated hours, each being a real hour)."""

from __future__ import annotations

from datetime import UTC, datetime

from croniter import croniter

from ingestion.schedule.settings import VerticalSchedule


def next_due(schedule: VerticalSchedule, after: datetime) -> datetime:
    """The first slot strictly after `after` (an aware datetime), in UTC."""
    slots = croniter(schedule.cron, after.astimezone(schedule.zone))
    while True:
        slot = slots.get_next(datetime)
        if not _repeated_hour(schedule, slot):
            return slot.astimezone(UTC)


def previous_due(schedule: VerticalSchedule, at: datetime) -> datetime:
    """The newest slot at or before `at`, in UTC."""
    slots = croniter(schedule.cron, at.astimezone(schedule.zone))
    if slots.match(schedule.cron, at.astimezone(schedule.zone)) and not _repeated_hour(
        schedule, at.astimezone(schedule.zone)
    ):
        return at.replace(second=0, microsecond=0).astimezone(UTC)
    while True:
        slot = slots.get_prev(datetime)
        if not _repeated_hour(schedule, slot):
            return slot.astimezone(UTC)


def _repeated_hour(schedule: VerticalSchedule, slot: datetime) -> bool:
    """Whether `slot` is the second occurrence of a wall-clock time (the hour the autumn change repeats) in a
    schedule with fixed hours."""
    hour_field = schedule.cron.split()[1]
    if hour_field == "*" or hour_field.startswith("*/"):
        return False
    local = slot.astimezone(schedule.zone)
    first = local.replace(fold=0)
    return local.fold == 1 and first.utcoffset() != local.utcoffset()
