"""The verticals the emulator can serve. Adding one means writing a module with the `Vertical` members and
listing it here."""

from __future__ import annotations

from types import ModuleType
from typing import Protocol, cast

from ingestion.emulator import betting, crypto, gaming, media
from ingestion.emulator.routes import Route


class Vertical(Protocol):
    DAYS: list[str]

    def routes(self) -> list[Route]: ...

    def base_urls(self, emulator_base_url: str) -> dict[str, str]: ...


VERTICALS: dict[str, ModuleType] = {
    "betting": betting,
    "crypto": crypto,
    "gaming": gaming,
    "media": media,
}


def load(names: list[str] | None = None) -> dict[str, Vertical]:
    selected = list(VERTICALS) if names is None else names
    unknown = [name for name in selected if name not in VERTICALS]
    if unknown:
        raise ValueError(
            f"unknown emulator vertical(s): {', '.join(unknown)}; available: {', '.join(sorted(VERTICALS))}"
        )
    return {name: cast(Vertical, VERTICALS[name]) for name in selected}
