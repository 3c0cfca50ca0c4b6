"""The schedule's settings: `[schedule]` and `[schedule.<vertical>]` in .dlt/config.toml, or SCHEDULE__... variables;
the webhook URL is a secret (`[schedule] alert_webhook_url` in .dlt/secrets.toml or SCHEDULE__ALERT_WEBHOOK_URL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from ingestion.params import SettingError
from ingestion.settings import configured_values, secret_value

# Each source's data for a day is complete a little after these UTC times, so a run then lands that whole day.
DEFAULT_CRONS = {
    # CoinGecko's daily figures close at 00:00 UTC.
    "crypto": "20 0 * * *",
    # SteamSpy recomputes its estimates once a day, overnight in UTC.
    "gaming": "30 6 * * *",
    # TMDb's daily exports and popularity are refreshed by about 08:00 UTC.
    "media": "0 9 * * *",
    # The last North American games of the night are final by then; twice a day catches same-day lines too.
    "betting": "0 11,23 * * *",
}
DEFAULT_RETRIES = 3
DEFAULT_RETRY_DELAY_SECONDS = 300.0
TOP_LEVEL_KEYS = {"retries", "retry_delay_seconds", "alert_command", "alert_webhook_url"}
VERTICAL_KEYS = {"cron", "timezone", "enabled"}
T = TypeVar("T", int, float)


@dataclass(frozen=True)
class VerticalSchedule:
    vertical: str
    cron: str
    timezone: str
    enabled: bool = True

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class ScheduleSettings:
    verticals: tuple[VerticalSchedule, ...]
    # Attempts after the first one, within the slot; the n-th retry waits retry_delay_seconds * 2 ** (n - 1).
    retries: int = DEFAULT_RETRIES
    retry_delay_seconds: float = DEFAULT_RETRY_DELAY_SECONDS
    alert_command: str = ""
    alert_webhook_url: str | None = None

    def of(self, vertical: str) -> VerticalSchedule:
        for schedule in self.verticals:
            if schedule.vertical == vertical:
                return schedule
        raise SettingError(f"no schedule for {vertical!r}; scheduled: {', '.join(self.names)}")

    @property
    def names(self) -> list[str]:
        return [schedule.vertical for schedule in self.verticals if schedule.enabled]


def read_settings(verticals: Sequence[str]) -> ScheduleSettings:
    """Every vertical's schedule, checked: a bad cron expression, time zone or number, or a key no schedule knows,
    is a SettingError naming the key and what is allowed."""
    top = configured_values("schedule")
    for name, (_, where) in top.items():
        if name not in TOP_LEVEL_KEYS and name not in verticals:
            allowed = ", ".join(sorted(TOP_LEVEL_KEYS | set(verticals)))
            raise SettingError(f"{where}: not a schedule setting; allowed: {allowed}")
    schedules = tuple(vertical_schedule(vertical) for vertical in verticals)
    retries = _number(top, "retries", DEFAULT_RETRIES, int)
    delay = _number(top, "retry_delay_seconds", DEFAULT_RETRY_DELAY_SECONDS, float)
    command, _ = top.get("alert_command", ("", ""))
    return ScheduleSettings(
        verticals=schedules,
        retries=retries,
        retry_delay_seconds=delay,
        alert_command=str(command),
        alert_webhook_url=secret_value("schedule.alert_webhook_url"),
    )


def vertical_schedule(vertical: str) -> VerticalSchedule:
    values = configured_values(f"schedule.{vertical}")
    for name, (_, where) in values.items():
        if name not in VERTICAL_KEYS:
            allowed = ", ".join(sorted(VERTICAL_KEYS))
            raise SettingError(f"{where}: not a setting of a vertical's schedule; allowed: {allowed}")
    cron, cron_where = values.get("cron", (DEFAULT_CRONS.get(vertical, "0 6 * * *"), f"schedule.{vertical}.cron"))
    if not croniter.is_valid(str(cron)):
        raise SettingError(
            f"{cron_where}={cron!r}: not a cron expression; allowed: five fields, minute hour day month weekday, "
            "e.g. '30 6 * * *'"
        )
    timezone, zone_where = values.get("timezone", ("UTC", f"schedule.{vertical}.timezone"))
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"{zone_where}={timezone!r}: not a time zone; allowed: an IANA name such as 'UTC' or 'Europe/Berlin'"
        ) from None
    enabled, enabled_where = values.get("enabled", (True, f"schedule.{vertical}.enabled"))
    if isinstance(enabled, str):
        if enabled.lower() not in ("true", "false"):
            raise SettingError(f"{enabled_where}={enabled!r}: allowed: true or false")
        enabled = enabled.lower() == "true"
    return VerticalSchedule(vertical, str(cron), str(timezone), bool(enabled))


def _number(values: Mapping[str, tuple[Any, str]], name: str, default: T, kind: Callable[[Any], T]) -> T:
    raw, where = values.get(name, (default, f"schedule.{name}"))
    try:
        number = kind(raw)
    except (TypeError, ValueError):
        raise SettingError(f"{where}={raw!r}: not a number; allowed: a number >= 0, e.g. {default}") from None
    if number < 0:
        raise SettingError(f"{where}={raw!r}: allowed: a number >= 0, e.g. {default}")
    return number
