"""Generated catalogues: the emulator at the seed's scale, from a compact description (`description.py`,
`seed.toml`, `small.toml`) instead of hand-written fixtures. `verticals(description)` gives the generated
verticals the description covers, each with the `registry.Vertical` members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingestion.emulator.catalogues.betting import GeneratedBetting
from ingestion.emulator.catalogues.crypto import GeneratedCrypto
from ingestion.emulator.catalogues.description import Description, load
from ingestion.emulator.catalogues.gaming import GeneratedGaming
from ingestion.emulator.catalogues.media import GeneratedMedia

if TYPE_CHECKING:
    from ingestion.emulator.registry import Vertical

__all__ = [
    "Description",
    "GeneratedBetting",
    "GeneratedCrypto",
    "GeneratedGaming",
    "GeneratedMedia",
    "load",
    "verticals",
]


def verticals(description: Description, names: list[str]) -> dict[str, Vertical]:
    """The generated verticals among `names` that the description covers."""
    built: dict[str, Vertical] = {}
    if "gaming" in names and description.gaming is not None:
        built["gaming"] = GeneratedGaming(description, description.gaming)
    if "crypto" in names and description.crypto is not None:
        built["crypto"] = GeneratedCrypto(description, description.crypto)
    if "betting" in names and description.betting is not None:
        built["betting"] = GeneratedBetting(description, description.betting)
    if "media" in names and description.media is not None:
        built["media"] = GeneratedMedia(description, description.media)
    return built
