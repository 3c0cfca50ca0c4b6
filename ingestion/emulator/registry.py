"""The verticals the emulator can serve. Adding one means writing a module with the `Vertical` members and
listing it here. With a generated catalogue (`ingestion.emulator.catalogues`), the verticals its description
covers are served from it and the others from their hand-written modules."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from ingestion.emulator import betting, catalogues, crypto, gaming, media
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


def load(names: list[str] | None = None, catalogue: str | Path | None = None) -> dict[str, Vertical]:
    selected = list(VERTICALS) if names is None else names
    unknown = [name for name in selected if name not in VERTICALS]
    if unknown:
        raise ValueError(
            f"unknown emulator vertical(s): {', '.join(unknown)}; available: {', '.join(sorted(VERTICALS))}"
        )
    generated = catalogues.verticals(catalogues.load(catalogue), selected) if catalogue is not None else {}
    return {name: generated.get(name) or cast(Vertical, VERTICALS[name]) for name in selected}
