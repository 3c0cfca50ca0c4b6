"""Fragments generated names are put together from, and the seeded random streams every generator draws from.

A stream is named by its purpose (`"gaming/day/3"`, `"gaming/app/570"`), so drawing one more value for one
purpose never shifts what another purpose gets: adding a field to an app leaves every other app's figures as
they were."""

from __future__ import annotations

import random
import re
from datetime import date

ADJECTIVES = (
    "Crimson", "Hollow", "Silent", "Iron", "Frozen", "Golden", "Shattered", "Endless", "Lost", "Neon", "Ancient",
    "Savage", "Hidden", "Burning", "Quiet", "Electric", "Broken", "Wild", "Dark", "Bright", "Velvet", "Cosmic",
    "Rusty", "Emerald", "Scarlet", "Distant", "Last", "First", "Grim", "Tiny",
)  # fmt: skip
NOUNS = (
    "Kingdom", "Horizon", "Legends", "Frontier", "Echo", "Empire", "Garden", "Voyage", "Citadel", "Harbor", "Signal",
    "Dungeon", "Station", "Orchard", "Tide", "Forge", "Crown", "Odyssey", "Wasteland", "Colony", "Circuit", "Saga",
    "Outpost", "Labyrinth", "Archive", "Skies", "Depths", "Rebellion", "Valley", "Protocol",
)  # fmt: skip
# A rename adds or swaps the edition; every third one goes back to the plain name, as stores do after a promotion.
EDITIONS = (" Remastered", ": Definitive Edition", " Legacy", " - Game of the Year", " Reloaded")
STUDIO_SUFFIXES = ("Games", "Studios", "Interactive", "Entertainment", "Works", "Labs", "Softworks", "Publishing")
SEQUELS = ("II", "III", "IV", "2", "3", "Zero", "Origins", "Rising")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stream(seed: int, purpose: str) -> random.Random:
    return random.Random(f"{seed}/{purpose}")


def title(rng: random.Random) -> str:
    adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    form = rng.randrange(4)
    if form == 0:
        return f"{noun} of the {adjective} {rng.choice(NOUNS)}"
    if form == 1:
        return f"{adjective} {noun} {rng.choice(SEQUELS)}"
    return f"{adjective} {noun}"


def renamed(base: str, version: int) -> str:
    """The name after `version` renames."""
    return base if version % 3 == 0 else f"{base}{EDITIONS[(version - 1) % len(EDITIONS)]}"


def studio(rng: random.Random) -> str:
    return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(STUDIO_SUFFIXES)}"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def steam_date(day: date) -> str:
    """Steam's display format, "5 Dec, 2019"."""
    return f"{day.day} {MONTHS[day.month - 1]}, {day.year}"
