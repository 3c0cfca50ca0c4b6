"""Gaming helpers for notebooks: SteamSpy's catalogue ranked, with owners parsed, without touching the warehouse.

from ingestion.sources.gaming.notebook import top_games
for game in top_games(count=100, sort_by="owners"):
    print(game["name"], game["owners_estimate"])

result = SteamExtractor().extract_top_games(count=100, sort_by="owners")   # the same, with its provenance
print(result.count, result.source, result.extracted_at)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ingestion.params import Setting, WholeNumber
from ingestion.records import extract_records
from ingestion.sources.gaming.helpers import owners_bounds

SORT_KEYS = ("owners", "ccu", "positive")
# A negative count would slice from the end (all but the last N), not select fewer games.
COUNT = Setting("count", WholeNumber(0), 100, "games to return; 0 = none")


def top_games(
    count: int = 100,
    sort_by: str = "owners",
    *,
    max_pages: int = 1,
    base_urls: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The `count` apps of SteamSpy's catalogue with the most owners (or ccu, or positive reviews), each record
    carrying SteamSpy's fields plus `owners_min`, `owners_max` and `owners_estimate` (NULL-safe: None when the
    range is unreadable)."""
    if sort_by not in SORT_KEYS:
        raise ValueError(f"sort_by must be one of {', '.join(SORT_KEYS)}, not {sort_by!r}")
    count = COUNT.check(count, "count")
    records = []
    for app in extract_records("gaming", "steamspy_apps", base_urls=base_urls, steamspy_max_pages=max_pages):
        low, high = owners_bounds(app.get("owners"))
        estimate = (low + high) // 2 if low is not None and high is not None else None
        records.append({**app, "owners_min": low, "owners_max": high, "owners_estimate": estimate})

    def rank(record: dict[str, Any]) -> tuple[int, int]:
        value = record["owners_min"] if sort_by == "owners" else record.get(sort_by)
        return (-(value or 0), int(record["appid"]))

    return sorted(records, key=rank)[:count]


@dataclass(frozen=True)
class ExtractionResult:
    """Records extracted for a notebook: `data` (one dict per record), the API they came from (`source`), when
    (`extracted_at`, UTC) and how they were ranked (`sort_by`)."""

    source: str
    data: list[dict[str, Any]]
    sort_by: str
    extracted_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def count(self) -> int:
        return len(self.data)


class SteamExtractor:
    """Steam games for scripts and notebooks, live or against `base_urls` (e.g. the emulator's). `max_pages`
    bounds the SteamSpy catalogue pages read (1000 apps each on the real API)."""

    def __init__(self, *, base_urls: Mapping[str, str] | None = None, max_pages: int = 1) -> None:
        self.base_urls = base_urls
        self.max_pages = max_pages

    def extract_top_games(self, count: int = 100, sort_by: str = "owners") -> ExtractionResult:
        """`top_games` with its provenance: each record carries `owners_min`, `owners_max` and `owners_estimate`."""
        games = top_games(count, sort_by, max_pages=self.max_pages, base_urls=self.base_urls)
        return ExtractionResult(source="steamspy", data=games, sort_by=sort_by)
