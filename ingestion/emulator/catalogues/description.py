"""A generated catalogue's compact description: a TOML file naming, per vertical, how many entities there are on
day one, how many days to serve, and how many of them change in each way every day (see `catalogues/seed.toml`).

Every key is required and every unknown key is refused, so a typo cannot silently fall back to a default."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

BUILT_IN_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class GamingChurn:
    new: int
    removed: int
    renamed: int
    repriced: int
    discount_starts: int
    discount_ends: int
    owners_moves: int
    # Share of an app's review counts added a day (at least one review of each kind).
    review_growth: float
    # An app's concurrent users move by up to this share either way each day.
    ccu_swing: float


@dataclass(frozen=True)
class Gaming:
    apps: int
    days: int
    free_share: float
    discounted_share: float
    churn: GamingChurn


@dataclass(frozen=True)
class CryptoChurn:
    new: int
    removed: int
    renamed: int
    recategorised: int
    # Standard deviation of a coin's daily log return.
    volatility: float


@dataclass(frozen=True)
class Crypto:
    coins: int
    days: int
    churn: CryptoChurn


@dataclass(frozen=True)
class BettingChurn:
    # Teams taking a new nickname.
    renamed: int
    # Teams moving to another city: location, abbreviation and a new home venue there.
    relocated: int
    # Teams moving into a new home venue in their city.
    new_venue: int
    # The three team changes above happen on every day whose index (day one: 0) is a multiple of this.
    team_changes_every: int
    # Games of the coming week postponed.
    postponed: int


@dataclass(frozen=True)
class Betting:
    # Per league (nfl, nba, nhl, mlb); team ids 1..teams_per_league repeat across leagues, as ESPN's do.
    teams_per_league: int
    days: int
    # Days of the season played before the first day: their games are final on day one.
    played_before: int
    # Per league on a day it plays.
    games_per_day: int
    # Each league rests one day in this many (league n on season days n, n + off_every, ...).
    off_every: int
    # A window of `quiet_days` dates without any game, starting `quiet_start` days after the first day.
    quiet_start: int
    quiet_days: int
    # Share of games with a line while scheduled.
    odds_share: float
    churn: BettingChurn


@dataclass(frozen=True)
class MediaChurn:
    new_movies: int
    new_shows: int
    removed: int
    retitled: int
    genre_changes: int
    revenue_changes: int
    budget_changes: int
    # Every title's popularity moves by up to this share either way each day.
    popularity_drift: float
    # Share of a title's vote count added a day (at least one vote).
    vote_growth: float


@dataclass(frozen=True)
class Media:
    movies: int
    shows: int
    days: int
    # Day one's titles are spread evenly over the release (first air) years first_year..last_year.
    first_year: int
    last_year: int
    churn: MediaChurn


@dataclass(frozen=True)
class Description:
    name: str
    seed: int
    start: str
    gaming: Gaming | None
    crypto: Crypto | None
    betting: Betting | None
    media: Media | None

    def days(self, count: int) -> list[str]:
        first = date.fromisoformat(self.start)
        return [(first + timedelta(days=offset)).isoformat() for offset in range(count)]


T = TypeVar("T")


def _build(cls: type[T], table: Any, where: str) -> T:
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table")
    hints = get_type_hints(cls)
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    unknown, missing = sorted(set(table) - set(names)), [name for name in names if name not in table]
    if unknown or missing:
        raise ValueError(f"{where}: unknown keys {unknown}, missing keys {missing}")
    values: dict[str, Any] = {}
    for name in names:
        value, kind = table[name], hints[name]
        if dataclasses.is_dataclass(kind):
            values[name] = _build(kind, value, f"{where}.{name}")  # type: ignore[arg-type]
        elif kind is float and isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = float(value)
        elif kind is int and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            values[name] = value
        else:
            raise ValueError(f"{where}.{name} must be a non-negative {kind.__name__}, got {value!r}")
    return cls(**values)


def load(catalogue: str | Path) -> Description:
    """`catalogue` is a built-in name (`seed`, `small`) or the path of a description file."""
    path = Path(catalogue)
    if not path.suffix:
        path = BUILT_IN_DIR / f"{catalogue}.toml"
    if not path.is_file():
        built_in = sorted(file.stem for file in BUILT_IN_DIR.glob("*.toml"))
        raise ValueError(f"no catalogue description {catalogue!r}: give a .toml path or one of {', '.join(built_in)}")
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    where = path.name
    verticals: dict[str, type] = {"gaming": Gaming, "crypto": Crypto, "betting": Betting, "media": Media}
    unknown = sorted(set(raw) - {"seed", "start", *verticals})
    if unknown or not isinstance(raw.get("seed"), int) or not isinstance(raw.get("start"), str):
        raise ValueError(f"{where}: needs an integer seed and a start date, and no other keys than {sorted(verticals)}")
    date.fromisoformat(raw["start"])
    built = {
        name: _build(cls, raw[name], f"{where} [{name}]") if name in raw else None for name, cls in verticals.items()
    }
    return Description(name=path.stem, seed=raw["seed"], start=raw["start"], **built)  # type: ignore[arg-type]
