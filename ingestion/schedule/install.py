"""`starline schedule --print-systemd` / `--print-cron`: a unit or crontab for this checkout, with its paths, the
STARLINE_* variables set now (paths and limits; secrets stay in .dlt/secrets.toml, which the runs read from the
working directory) and the schedule's log file."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from ingestion.runner.paths import Paths
from ingestion.schedule.settings import ScheduleSettings

# The variables that move the runner's files or change its limits; never a secret.
PASSED_VARIABLES = (
    "STARLINE_WAREHOUSE",
    "STARLINE_EXPORT_DIR",
    "STARLINE_STATE_DIR",
    "STARLINE_LOG_DIR",
    "STARLINE_REPORT_DIR",
    "STARLINE_LOCK_TIMEOUT",
    "STARLINE_DUCKDB_MEMORY_LIMIT",
)


def environment(paths: Paths) -> dict[str, str]:
    return {
        "STARLINE_PROJECT_DIR": str(paths.project_dir),
        **{name: os.environ[name] for name in PASSED_VARIABLES if os.environ.get(name)},
    }


def schedule_log(paths: Paths) -> Path:
    return paths.logs / "schedule.log"


def systemd_unit(paths: Paths) -> str:
    """A service running `starline schedule` in the foreground, restarted if it dies."""
    python = Path(sys.executable)
    lines = [
        "# starline's scheduler for this checkout. Install:",
        "#   starline schedule --print-systemd | sudo tee /etc/systemd/system/starline-schedule.service",
        "#   sudo systemctl daemon-reload && sudo systemctl enable --now starline-schedule",
        "[Unit]",
        f"Description=starline schedule ({paths.project_dir})",
        "Wants=network-online.target",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"WorkingDirectory={paths.project_dir}",
        *(f'Environment="{name}={value}"' for name, value in environment(paths).items()),
        f"ExecStart={python} -m ingestion.cli schedule",
        "Restart=on-failure",
        "RestartSec=60",
        f"StandardOutput=append:{schedule_log(paths)}",
        f"StandardError=append:{schedule_log(paths)}",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
    ]
    return "\n".join(lines) + "\n"


def crontab(paths: Paths, settings: ScheduleSettings) -> str:
    """One line per vertical at its own cron expression; each runs that vertical's slot with the schedule's
    retries and alert (`starline schedule --now VERTICAL`). CRON_TZ (cronie, the default cron of most
    distributions) reads each line's expression in the vertical's time zone."""
    variables = " ".join(f"{name}={shlex.quote(value)}" for name, value in environment(paths).items())
    log_file = shlex.quote(str(schedule_log(paths)))
    command = f"{shlex.quote(sys.executable)} -m ingestion.cli schedule --now"
    lines = [
        f"# starline's schedule for {paths.project_dir}. Install: starline schedule --print-cron | crontab -",
        "# (that replaces your crontab: merge by hand with `crontab -e` if you have one).",
    ]
    for schedule in settings.verticals:
        if not schedule.enabled:
            continue
        lines += [
            f"CRON_TZ={schedule.timezone}",
            f"{schedule.cron} cd {shlex.quote(str(paths.project_dir))} && {variables} {command} {schedule.vertical}"
            f" >> {log_file} 2>&1",
        ]
    return "\n".join(lines) + "\n"
