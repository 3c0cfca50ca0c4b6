"""A small on-disk cache of response bodies, so re-runs skip re-downloading unchanged reference data."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from ingestion.http.clock import Clock

_KEY_PATTERN = re.compile(r"[0-9A-Za-z_-]+")


def cache_key(method: str, url: str, params: Mapping[str, str]) -> str:
    """A stable key for a request: sha256 over the method, URL and sorted parameters."""
    payload = json.dumps([method.upper(), url, sorted(params.items())], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


class HttpCache:
    """One JSON file per entry holding only the body and its fetch time, never headers or credentials."""

    def __init__(self, directory: Path, clock: Clock) -> None:
        self._directory = directory
        self._clock = clock

    def get(self, key: str, ttl_seconds: float) -> str | None:
        """The cached body, or None if there is none or it is older than `ttl_seconds`."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            body = entry["body"]
            age = (self._clock.utcnow() - datetime.fromisoformat(entry["fetched_at"])).total_seconds()
        except (OSError, ValueError, KeyError, TypeError):
            # Missing, or damaged (say, by a full disk): either way a miss, and the next put replaces it.
            return None
        return body if isinstance(body, str) and age <= ttl_seconds else None

    def put(self, key: str, body: str) -> None:
        """Store `body` under `key`, replacing any older entry atomically."""
        path = self._path(key)
        self._directory.mkdir(parents=True, exist_ok=True)
        entry = json.dumps({"fetched_at": self._clock.utcnow().isoformat(), "body": body})
        # Write beside the target and rename, so a reader (or a crash) never sees half an entry.
        fd, temp_name = tempfile.mkstemp(dir=self._directory, prefix=f".{key[:16]}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(entry)
            os.replace(temp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def delete(self, key: str) -> None:
        """Forget `key`, if it is held."""
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def _path(self, key: str) -> Path:
        if not _KEY_PATTERN.fullmatch(key):
            raise ValueError(f"cache keys must be letters, digits, '-' or '_' (use cache_key()), got {key!r}")
        return self._directory / f"{key}.json"
