"""The benchmark scales (../shared/PERFORMANCE.md): entities and as-of days per vertical."""

from __future__ import annotations

from dataclasses import dataclass

VERTICALS = ("gaming", "crypto", "betting", "media")


@dataclass(frozen=True)
class Size:
    entities: int
    days: int


@dataclass(frozen=True)
class Scale:
    name: str
    sizes: dict[str, Size]

    def size(self, vertical: str) -> Size:
        return self.sizes[vertical]


def _scale(name: str, games: Size, coins: Size, teams: Size, titles: Size) -> Scale:
    return Scale(name, dict(zip(VERTICALS, (games, coins, teams, titles), strict=True)))


SCALES: dict[str, Scale] = {
    # XS: for iterating on the harness itself; not a published figure.
    "XS": _scale("XS", Size(500, 8), Size(100, 8), Size(40, 8), Size(1_000, 8)),
    "S": _scale("S", Size(5_000, 16), Size(1_000, 36), Size(50, 36), Size(10_000, 36)),
    "M": _scale("M", Size(50_000, 16), Size(10_000, 36), Size(500, 36), Size(100_000, 36)),
    "L": _scale("L", Size(50_000, 160), Size(10_000, 365), Size(500, 360), Size(100_000, 365)),
}


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; use one of {', '.join(SCALES)}") from None
