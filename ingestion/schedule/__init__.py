"""`starline schedule`: runs each vertical when its cron expression says, retries a failed run with backoff within
its slot, alerts after the last failure, and catches up a missed slot once after a restart."""
