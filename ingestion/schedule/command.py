"""`starline schedule`: the foreground scheduler, one slot by hand (`--now`, what the printed crontab runs), or
the printed unit and crontab."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from ingestion.clients import known_secrets
from ingestion.http import Redactor
from ingestion.logsetup import configure
from ingestion.params import SettingError
from ingestion.runner.lock import LockTimeoutError, RunLock
from ingestion.runner.paths import Paths
from ingestion.schedule.due import previous_due
from ingestion.schedule.install import crontab, schedule_log, systemd_unit
from ingestion.schedule.scheduler import RUNNING, Scheduler, launcher
from ingestion.schedule.settings import read_settings
from ingestion.verticals import discover

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130


def command_schedule(args: argparse.Namespace, paths: Paths) -> int:
    specs = discover()
    settings = read_settings(list(specs))
    if args.print_systemd:
        # systemd appends to the log file but does not create its folder.
        schedule_log(paths).parent.mkdir(parents=True, exist_ok=True)
        print(systemd_unit(paths), end="")
        return EXIT_OK
    if args.print_cron:
        print(crontab(paths, settings), end="")
        return EXIT_OK
    if args.now is not None and args.now not in specs:
        raise SettingError(f"--now {args.now!r}: unknown vertical; valid: {', '.join(specs)}")
    if not settings.names:
        raise SettingError("no vertical is scheduled: every [schedule.<vertical>] has enabled = false")
    secrets = [*known_secrets(specs.values()), *([settings.alert_webhook_url] if settings.alert_webhook_url else [])]
    # The scheduler's own lines go to stderr; the unit and crontab send them to logs/schedule.log, and each run
    # writes its own logs/<run id>.log.
    configure("schedule", None, Redactor(secrets), verbose=args.verbose)
    try:
        lock = RunLock(paths.state / "schedule.lock", owner="starline schedule", timeout_seconds=0)
        with lock:
            scheduler = Scheduler(paths, settings, launcher(paths, replay=args.replay))
            if args.now is None:
                try:
                    scheduler.run()
                except KeyboardInterrupt:
                    # A slot cut short is not recorded, so the next start runs it again.
                    print("starline schedule: stopped", file=sys.stderr)
                    return EXIT_INTERRUPTED
                return EXIT_OK
            slot = previous_due(settings.of(args.now), scheduler.clock.now())
            handled = scheduler.state.last(args.now)
            if handled is not None and handled.status != RUNNING and datetime.fromisoformat(handled.slot) >= slot:
                print(
                    f"{args.now}: slot {slot.isoformat()} already ran ({handled.status}, run {handled.run_id}); "
                    "nothing to do"
                )
                return EXIT_OK
            outcome = scheduler.run_slot(args.now, slot)
            return EXIT_OK if outcome.status == "success" else EXIT_FAILED
    except LockTimeoutError:
        holder = (paths.state / "schedule.lock").read_text().strip() or "another process"
        raise SettingError(
            f"another scheduler runs for this checkout ({holder}); stop it first, or let it run this slot"
        ) from None
