"""The alert hook: after a slot's last failed attempt (event "failed"), and on the first success after an alerted
failure (event "recovered"). A shell command (`[schedule] alert_command`, given the alert as STARLINE_ALERT_*
variables) and/or a JSON POST to a webhook (`alert_webhook_url`, a secret). A hook that fails is logged, never
raised: the schedule goes on."""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import requests

from ingestion.schedule.settings import ScheduleSettings

log = logging.getLogger("starline.schedule")
HOOK_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Alert:
    event: str
    vertical: str
    run_id: str
    reason: str
    log_path: str
    attempts: int
    slot: str

    @property
    def text(self) -> str:
        """One line for a chat webhook or a mail subject."""
        if self.event == "recovered":
            return f"starline {self.vertical}: recovered, run {self.run_id} succeeded (slot {self.slot})"
        return (
            f"starline {self.vertical}: failed after {self.attempts} attempts (slot {self.slot}): {self.reason} "
            f"(run {self.run_id}, log {self.log_path})"
        )


def send_alert(alert: Alert, settings: ScheduleSettings) -> None:
    if not settings.alert_command and not settings.alert_webhook_url:
        log.warning("no alert hook is configured ([schedule] alert_command or alert_webhook_url): %s", alert.text)
        return
    if settings.alert_command:
        variables = {f"STARLINE_ALERT_{name.upper()}": str(value) for name, value in asdict(alert).items()}
        try:
            completed = subprocess.run(
                settings.alert_command,
                shell=True,
                env={**os.environ, **variables, "STARLINE_ALERT_TEXT": alert.text},
                capture_output=True,
                text=True,
                timeout=HOOK_TIMEOUT_SECONDS,
                check=False,
            )
            if completed.returncode != 0:
                output = (completed.stderr or completed.stdout).strip().splitlines()
                log.error(
                    "the alert command exited %d: %s", completed.returncode, output[-1] if output else "no output"
                )
        except subprocess.TimeoutExpired:
            log.error("the alert command did not finish within %d s", HOOK_TIMEOUT_SECONDS)
    if settings.alert_webhook_url:
        try:
            answer = requests.post(
                settings.alert_webhook_url, json={**asdict(alert), "text": alert.text}, timeout=HOOK_TIMEOUT_SECONDS
            )
            if answer.status_code >= 300:
                log.error("the alert webhook answered HTTP %d", answer.status_code)
        except requests.RequestException as error:
            # The error's text holds the URL's path, where webhook services keep their token: name the host only.
            host = urlsplit(settings.alert_webhook_url).hostname
            log.error("the alert webhook at %s could not be reached (%s)", host, type(error).__name__)
