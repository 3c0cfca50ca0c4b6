"""`starline schedule`: due times in a vertical's own time zone across DST changes, one catch-up after a restart,
retries with backoff within the slot, the alert hook (command and webhook), the run lock, the printed unit and
crontab, and the schedule in `starline status`. Time is simulated: no test waits for a slot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from croniter import croniter

from ingestion.cli import main
from ingestion.params import SettingError
from ingestion.runner.lock import RunLock
from ingestion.runner.paths import Paths
from ingestion.schedule.alerts import Alert, send_alert
from ingestion.schedule.due import next_due, previous_due
from ingestion.schedule.install import crontab, systemd_unit
from ingestion.schedule.scheduler import Attempt, Scheduler, launcher
from ingestion.schedule.settings import ScheduleSettings, VerticalSchedule, read_settings
from ingestion.schedule.state import ScheduleState, SlotOutcome
from ingestion.schedule.status import schedule_rows
from tests.conftest import PROJECT_DIR, make_paths

BERLIN = "Europe/Berlin"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.current = now
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += timedelta(seconds=seconds)


class FakeLaunches:
    """Records each attempt; fails the first `failures` of them, each taking `seconds` of simulated time."""

    def __init__(self, clock: FakeClock, failures: int = 0, seconds: float = 60.0) -> None:
        self.clock = clock
        self.failures = failures
        self.seconds = seconds
        self.calls: list[tuple[str, datetime]] = []

    def __call__(self, vertical: str, run_id: str) -> Attempt:
        self.calls.append((vertical, self.clock.now()))
        self.clock.sleep(self.seconds)
        ok = len(self.calls) > self.failures
        return Attempt(ok, run_id, "" if ok else f"CoinGecko answered 503 (attempt {len(self.calls)})", Path("x.log"))


def settings(*schedules: VerticalSchedule, retries: int = 2, delay: float = 300.0) -> ScheduleSettings:
    return ScheduleSettings(verticals=schedules, retries=retries, retry_delay_seconds=delay)


def alerting_scheduler(
    tmp_path: Path, schedule: VerticalSchedule, launches: FakeLaunches, *, retries: int, delay: float
) -> tuple[Scheduler, list[Alert]]:
    """A scheduler of one vertical whose alerts are collected in the list returned beside it."""
    alerts: list[Alert] = []
    scheduler = Scheduler(
        make_paths(tmp_path),
        settings(schedule, retries=retries, delay=delay),
        launches,
        launches.clock,
        lambda alert, _: alerts.append(alert),
    )
    return scheduler, alerts


# Due times


def test_a_daily_slot_follows_its_time_zone_across_both_dst_changes() -> None:
    berlin = VerticalSchedule("gaming", "30 6 * * *", BERLIN)
    # CET is UTC+1 and CEST UTC+2: 06:30 local moves by an hour in UTC, never in local time.
    assert next_due(berlin, utc("2026-03-28T12:00")) == utc("2026-03-29T04:30")
    assert next_due(berlin, utc("2026-03-27T12:00")) == utc("2026-03-28T05:30")
    assert next_due(berlin, utc("2026-10-24T12:00")) == utc("2026-10-25T05:30")
    assert next_due(berlin, utc("2026-10-23T12:00")) == utc("2026-10-24T04:30")


def test_a_time_the_spring_change_skips_runs_once_just_after_the_gap() -> None:
    schedule = VerticalSchedule("gaming", "30 2 * * *", BERLIN)
    # 2026-03-29 02:30 does not exist in Berlin: the clock jumps from 02:00 to 03:00 (01:00 UTC).
    assert next_due(schedule, utc("2026-03-28T12:00")) == utc("2026-03-29T01:00")
    assert next_due(schedule, utc("2026-03-29T01:00")) == utc("2026-03-30T00:30")


def test_a_fixed_time_the_autumn_change_repeats_runs_once_an_hourly_job_in_both_hours() -> None:
    daily = VerticalSchedule("gaming", "30 2 * * *", BERLIN)
    # 2026-10-25 02:30 happens twice in Berlin (00:30 and 01:30 UTC): the daily job runs at the first only.
    first = next_due(daily, utc("2026-10-24T12:00"))
    assert first == utc("2026-10-25T00:30")
    assert next_due(daily, first) == utc("2026-10-26T01:30")
    assert previous_due(daily, utc("2026-10-25T01:45")) == utc("2026-10-25T00:30")
    hourly = VerticalSchedule("betting", "0 * * * *", BERLIN)
    slots = [utc("2026-10-24T23:30")]
    for _ in range(4):
        slots.append(next_due(hourly, slots[-1]))
    assert slots[1:] == [utc(f"2026-10-25T0{hour}:00") for hour in range(4)]


def test_previous_due_is_the_slot_itself_at_its_minute() -> None:
    schedule = VerticalSchedule("crypto", "20 0 * * *", "UTC")
    assert previous_due(schedule, utc("2026-12-02T00:20:40")) == utc("2026-12-02T00:20")
    assert previous_due(schedule, utc("2026-12-02T00:19")) == utc("2026-12-01T00:20")


# The loop


def test_a_first_start_runs_nothing_until_the_next_slot_then_runs_it(tmp_path: Path) -> None:
    clock = FakeClock(utc("2026-12-01T10:00"))
    launches = FakeLaunches(clock)
    crypto = VerticalSchedule("crypto", "20 0 * * *", "UTC")
    scheduler = Scheduler(make_paths(tmp_path), settings(crypto), launches, clock, alert=lambda *_: None)
    scheduler.run(until=utc("2026-12-02T00:19"))
    assert launches.calls == []
    scheduler.run(until=utc("2026-12-03T00:00"))
    assert launches.calls == [("crypto", utc("2026-12-02T00:20"))]
    outcome = ScheduleState(tmp_path / "state" / "schedule.json").last("crypto")
    assert outcome is not None and (outcome.slot, outcome.status, outcome.attempts) == (
        "2026-12-02T00:20:00+00:00",
        "success",
        1,
    )


def test_a_restart_after_missed_slots_catches_up_once_with_the_newest_slot(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    ScheduleState(paths.state / "schedule.json").record(
        "gaming", SlotOutcome("2026-11-27T06:30:00+00:00", "success", 1, "r0", "2026-11-27T06:40:00+00:00")
    )
    # Down from the 27th to the 1st at 10:00: the slots of the 28th, 29th, 30th and 1st were missed.
    clock = FakeClock(utc("2026-12-01T10:00"))
    launches = FakeLaunches(clock)
    gaming = VerticalSchedule("gaming", "30 6 * * *", "UTC")
    Scheduler(paths, settings(gaming), launches, clock, alert=lambda *_: None).run(until=utc("2026-12-02T06:00"))
    assert launches.calls == [("gaming", utc("2026-12-01T10:00"))]
    assert ScheduleState(paths.state / "schedule.json").last_slot("gaming") == utc("2026-12-01T06:30")


def test_two_verticals_due_together_run_one_after_the_other(tmp_path: Path) -> None:
    clock = FakeClock(utc("2026-12-01T05:00"))
    launches = FakeLaunches(clock, seconds=1800)
    schedules = (VerticalSchedule("gaming", "30 6 * * *", "UTC"), VerticalSchedule("media", "30 6 * * *", "UTC"))
    Scheduler(make_paths(tmp_path), settings(*schedules), launches, clock, alert=lambda *_: None).run(
        until=utc("2026-12-01T12:00")
    )
    assert launches.calls == [("gaming", utc("2026-12-01T06:30")), ("media", utc("2026-12-01T07:00"))]


def test_a_failure_is_retried_with_doubling_delays_and_a_later_success_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(utc("2026-12-01T00:00"))
    launches = FakeLaunches(clock, failures=2, seconds=10)
    crypto = VerticalSchedule("crypto", "20 0 * * *", "UTC")
    scheduler, alerts = alerting_scheduler(tmp_path, crypto, launches, retries=3, delay=300)
    with caplog.at_level("WARNING", logger="starline.schedule"):
        outcome = scheduler.run_slot("crypto", utc("2026-12-01T00:20"))
    assert (outcome.status, outcome.attempts) == ("success", 3)
    assert [seconds for seconds in clock.sleeps if seconds != 10] == [300, 600]
    assert alerts == []
    assert "succeeded at attempt 3 after 2 failed attempts" in caplog.text


def test_the_last_failure_alerts_with_run_id_reason_and_log_then_a_success_announces_the_recovery(
    tmp_path: Path,
) -> None:
    clock = FakeClock(utc("2026-12-01T00:20"))
    launches = FakeLaunches(clock, failures=3, seconds=10)
    crypto = VerticalSchedule("crypto", "20 0 * * *", "UTC")
    scheduler, alerts = alerting_scheduler(tmp_path, crypto, launches, retries=2, delay=60)
    failed = scheduler.run_slot("crypto", utc("2026-12-01T00:20"))
    assert (failed.status, failed.attempts, failed.alerted) == ("failed", 3, True)
    (alert,) = alerts
    assert (alert.event, alert.vertical, alert.attempts, alert.run_id) == ("failed", "crypto", 3, failed.run_id)
    assert alert.reason == "CoinGecko answered 503 (attempt 3)" and alert.log_path == "x.log"
    recovered = scheduler.run_slot("crypto", utc("2026-12-02T00:20"))
    assert recovered.status == "success" and [a.event for a in alerts] == ["failed", "recovered"]
    scheduler.run_slot("crypto", utc("2026-12-03T00:20"))
    assert len(alerts) == 2


def test_no_retry_starts_after_the_next_slot_would(tmp_path: Path) -> None:
    clock = FakeClock(utc("2026-12-01T10:59"))
    launches = FakeLaunches(clock, failures=10, seconds=30)
    betting = VerticalSchedule("betting", "*/5 * * * *", "UTC")
    scheduler, alerts = alerting_scheduler(tmp_path, betting, launches, retries=5, delay=120)
    outcome = scheduler.run_slot("betting", utc("2026-12-01T10:55"))
    # The attempt ends at 10:59:30; a retry 120 s later would start at 11:01:30, after the next slot (11:00).
    assert (outcome.status, outcome.attempts, len(launches.calls)) == ("failed", 1, 1)
    assert [alert.event for alert in alerts] == ["failed"]


def test_a_slot_cut_short_by_a_stop_runs_again_after_the_restart(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    clock = FakeClock(utc("2026-12-01T06:29"))
    gaming = VerticalSchedule("gaming", "30 6 * * *", "UTC")

    def stopped(vertical: str, run_id: str) -> Attempt:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Scheduler(paths, settings(gaming), stopped, clock, alert=lambda *_: None).run(until=utc("2026-12-01T08:00"))
    assert ScheduleState(paths.state / "schedule.json").last("gaming").status == "running"
    clock.sleep(600)
    launches = FakeLaunches(clock)
    Scheduler(paths, settings(gaming), launches, clock, alert=lambda *_: None).run(until=utc("2026-12-01T08:00"))
    assert launches.calls == [("gaming", utc("2026-12-01T06:40"))]
    outcome = ScheduleState(paths.state / "schedule.json").last("gaming")
    assert outcome is not None and (outcome.slot, outcome.status) == ("2026-12-01T06:30:00+00:00", "success")


def test_a_state_file_that_is_not_json_names_the_file_and_the_fix(tmp_path: Path) -> None:
    state = tmp_path / "schedule.json"
    state.write_text("{not json")
    with pytest.raises(ValueError, match=r"schedule\.json is not the scheduler's state .* move it aside"):
        ScheduleState(state)


# The alert hook


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def webhook() -> Iterator[str]:
    Hook.received = []
    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/T0KEN-s3cret-path"
    server.shutdown()


ALERT = Alert("failed", "media", "20261201T090000Z-abc123", "TMDb answered 401", "logs/x.log", 4, "2026-12-01T09:00")


def test_the_webhook_gets_the_alert_as_json(webhook: str) -> None:
    send_alert(ALERT, ScheduleSettings(verticals=(), alert_webhook_url=webhook))
    (payload,) = Hook.received
    assert {key: payload[key] for key in ("event", "vertical", "run_id", "reason", "log_path", "attempts")} == {
        "event": "failed",
        "vertical": "media",
        "run_id": "20261201T090000Z-abc123",
        "reason": "TMDb answered 401",
        "log_path": "logs/x.log",
        "attempts": 4,
    }
    assert payload["text"] == (
        "starline media: failed after 4 attempts (slot 2026-12-01T09:00): TMDb answered 401 "
        "(run 20261201T090000Z-abc123, log logs/x.log)"
    )


def test_the_alert_command_gets_the_alert_as_variables(tmp_path: Path) -> None:
    out = tmp_path / "alert.txt"
    fields = "$STARLINE_ALERT_EVENT|$STARLINE_ALERT_VERTICAL|$STARLINE_ALERT_REASON|$STARLINE_ALERT_LOG_PATH"
    command = f'echo "{fields}" > {out}'
    send_alert(ALERT, ScheduleSettings(verticals=(), alert_command=command))
    assert out.read_text().strip() == "failed|media|TMDb answered 401|logs/x.log"


def test_an_unreachable_webhook_is_logged_without_its_secret_url(caplog: pytest.LogCaptureFixture) -> None:
    url = "http://127.0.0.1:9/hooks/T0KEN-s3cret-path"
    with caplog.at_level("ERROR", logger="starline.schedule"):
        send_alert(ALERT, ScheduleSettings(verticals=(), alert_webhook_url=url))
    assert "the alert webhook at 127.0.0.1 could not be reached (ConnectionError)" in caplog.text
    assert "T0KEN-s3cret-path" not in caplog.text


# Settings


def test_settings_default_to_a_daily_utc_slot_per_vertical() -> None:
    read = read_settings(["gaming", "crypto", "betting", "media"])
    assert {s.vertical: (s.cron, s.timezone) for s in read.verticals} == {
        "gaming": ("30 6 * * *", "UTC"),
        "crypto": ("20 0 * * *", "UTC"),
        "betting": ("0 11,23 * * *", "UTC"),
        "media": ("0 9 * * *", "UTC"),
    }
    assert (read.retries, read.retry_delay_seconds) == (3, 300.0)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SCHEDULE__GAMING__CRON", "30 25 * * *", r"SCHEDULE__GAMING__CRON='30 25 \* \* \*': not a cron expression"),
        ("SCHEDULE__GAMING__TIMEZONE", "Mars/Olympus", r"SCHEDULE__GAMING__TIMEZONE='Mars/Olympus': not a time zone"),
        ("SCHEDULE__GAMING__CRN", "30 6 * * *", r"SCHEDULE__GAMING__CRN: not a setting of a vertical's schedule"),
        ("SCHEDULE__RETRIES", "-1", r"SCHEDULE__RETRIES='-1': allowed: a number >= 0"),
    ],
)
def test_a_bad_setting_names_the_variable_and_what_is_allowed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingError, match=message):
        read_settings(["gaming"])


def test_a_cron_and_zone_from_the_environment_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEDULE__MEDIA__CRON", "15 7 * * 1-5")
    monkeypatch.setenv("SCHEDULE__MEDIA__TIMEZONE", "America/New_York")
    assert read_settings(["media"]).of("media") == VerticalSchedule("media", "15 7 * * 1-5", "America/New_York")


# Status


def test_status_shows_the_next_due_time_and_an_overdue_slot(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    ScheduleState(paths.state / "schedule.json").record(
        "gaming", SlotOutcome("2026-11-27T06:30:00+00:00", "failed", 4, "r0", "2026-11-27T07:40:00+00:00", True)
    )
    rows = {row["vertical"]: row for row in schedule_rows(paths, now=utc("2026-12-01T10:00"))}
    assert rows["gaming"]["next_due_utc"] == "overdue since 2026-11-28 06:30"
    assert rows["gaming"]["last_slot_status"] == "failed (4 attempts)"
    assert rows["crypto"]["next_due_utc"] == "2026-12-02 00:20"
    assert rows["crypto"]["last_slot_utc"] is None


# Install helpers


def test_the_printed_unit_runs_the_scheduler_of_this_checkout(tmp_path: Path) -> None:
    unit = systemd_unit(make_paths(tmp_path))
    assert f"WorkingDirectory={PROJECT_DIR}\n" in unit
    assert f"ExecStart={sys.executable} -m ingestion.cli schedule\n" in unit
    assert f"StandardOutput=append:{tmp_path / 'logs' / 'schedule.log'}\n" in unit
    assert f'Environment="STARLINE_PROJECT_DIR={PROJECT_DIR}"' in unit
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "logs").mkdir()
    unit_file = tmp_path / "starline-schedule.service"
    unit_file.write_text(unit)
    verified = subprocess.run(["systemd-analyze", "verify", str(unit_file)], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr
    assert "starline-schedule.service" not in verified.stderr, verified.stderr


def test_the_printed_crontab_has_one_valid_line_per_scheduled_vertical(tmp_path: Path) -> None:
    schedules = (
        VerticalSchedule("gaming", "30 6 * * *", BERLIN),
        VerticalSchedule("crypto", "20 0 * * *", "UTC", enabled=False),
    )
    lines = crontab(make_paths(tmp_path), settings(*schedules)).splitlines()
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries[0] == f"CRON_TZ={BERLIN}"
    fields = entries[1].split(maxsplit=5)
    assert croniter.is_valid(" ".join(fields[:5])) and " ".join(fields[:5]) == "30 6 * * *"
    assert f"cd {PROJECT_DIR} && STARLINE_PROJECT_DIR={PROJECT_DIR} " in fields[5]
    assert fields[5].endswith(f"-m ingestion.cli schedule --now gaming >> {tmp_path / 'logs' / 'schedule.log'} 2>&1")
    assert len(entries) == 2


# The real launcher and the run lock


def run_environment(paths: Paths) -> dict[str, str]:
    """The variables that point a child run at `paths`."""
    return {
        "STARLINE_WAREHOUSE": str(paths.warehouse),
        "STARLINE_STATE_DIR": str(paths.state),
        "STARLINE_LOG_DIR": str(paths.logs),
        "STARLINE_EXPORT_DIR": str(paths.exports),
    }


def test_a_run_held_by_another_process_fails_the_attempt_with_the_lock_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_paths(tmp_path)
    for name, value in {**run_environment(paths), "STARLINE_LOCK_TIMEOUT": "1"}.items():
        monkeypatch.setenv(name, value)
    with RunLock(paths.lock_file, owner="a run by hand", timeout_seconds=1):
        attempt = launcher(paths, replay=True)("betting", "20261201T110000Z-lock01")
    assert not attempt.ok
    assert "another run is in progress (a run by hand" in attempt.reason
    assert attempt.log_path == paths.logs / "20261201T110000Z-lock01.log"


def test_schedule_now_runs_the_slot_through_the_cli_and_records_it(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)

    def schedule_now() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ingestion.cli", "schedule", "--now", "betting", "--replay"],
            cwd=PROJECT_DIR,
            env={**os.environ, **run_environment(paths)},
            capture_output=True,
            text=True,
            check=False,
        )

    completed = schedule_now()
    assert completed.returncode == 0, completed.stderr[-3000:]
    outcome = ScheduleState(paths.state / "schedule.json").last("betting")
    assert outcome is not None and (outcome.status, outcome.attempts) == ("success", 1)
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        logged = connection.execute("select vertical, status from ops.etl_runs where run_id = ?", [outcome.run_id])
        assert logged.fetchall() == [("betting", "success")]
    assert (paths.logs / f"{outcome.run_id}.log").exists()
    # The same slot again is not run twice (a crontab line and a running scheduler, say).
    again = schedule_now()
    assert again.returncode == 0 and "already ran (success" in again.stdout


def test_starline_status_prints_the_schedule_as_a_table_and_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_paths(tmp_path)
    monkeypatch.setenv("STARLINE_STATE_DIR", str(paths.state))
    monkeypatch.setenv("STARLINE_WAREHOUSE", str(paths.warehouse))
    ScheduleState(paths.state / "schedule.json").record(
        "media", SlotOutcome("2026-01-05T09:00:00+00:00", "success", 2, "r1", "2026-01-05T09:20:00+00:00")
    )
    assert main(["status", "--json"]) == 0
    rows = {row["vertical"]: row for row in json.loads(capsys.readouterr().out)["schedule"]}
    assert set(rows) == {"gaming", "crypto", "betting", "media"}
    assert rows["media"]["next_due_utc"] == "overdue since 2026-01-06 09:00"
    assert (rows["media"]["last_slot_utc"], rows["media"]["last_slot_status"]) == (
        "2026-01-05 09:00",
        "success (2 attempts)",
    )
    assert main(["status"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "vertical",
        "cron",
        "time",
        "zone",
        "next",
        "due",
        "utc",
        "last",
        "slot",
        "utc",
        "last",
        "slot",
        "status",
    ]
    media = next(line for line in table if line.startswith("media "))
    assert "0 9 * * *" in media and "overdue since 2026-01-06 09:00" in media
