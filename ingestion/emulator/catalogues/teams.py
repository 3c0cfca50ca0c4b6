"""What a generated ESPN team and its venues look like, from the seeded streams: a team's colours never change, its
nickname follows its name version and its city its place version, and a venue stands in the city its team had
when it moved in. Team ids are ESPN's style: 1..n in every league."""

from __future__ import annotations

import random

from ingestion.emulator.betting_leagues import LEAGUES, Record, Team, Venue
from ingestion.emulator.catalogues import names

CITY_STARTS = (
    "Ash", "Bel", "Cedar", "Clay", "Dun", "Elm", "Fair", "Glen", "Granite", "Haw", "Iron", "Kings", "Lake", "Maple",
    "Mill", "North", "Oak", "Pine", "Red", "River", "Rock", "Silver", "South", "Stone", "Sun", "West", "Wolf",
)  # fmt: skip
CITY_ENDS = ("ford", "field", "ton", "burg", "haven", "port", "ville", "dale", "wood", "crest", "view", "mont")
STATES = ("AZ", "CA", "CO", "FL", "GA", "IL", "IN", "KY", "MA", "MI", "MN", "MO", "NC", "NJ", "NY", "OH", "OR",
          "PA", "TN", "TX", "UT", "VA", "WA", "WI")  # fmt: skip
NICKNAMES = (
    "Comets", "Falcons", "Foxes", "Giants", "Hawks", "Hornets", "Knights", "Lynx", "Mariners", "Miners", "Owls",
    "Pilots", "Rangers", "Ravens", "Rockets", "Sentinels", "Stallions", "Storm", "Thunder", "Titans", "Vipers",
    "Voyagers", "Wolves", "Wranglers", "Yetis",
)  # fmt: skip
SPONSORS = ("Summit", "Harbor", "Keystone", "Pioneer", "Liberty", "Evergreen", "Frontier", "Beacon", "Union")
VENUE_KINDS = {"football": "Stadium", "basketball": "Arena", "hockey": "Center", "baseball": "Park"}


def city(seed: int, league: str, team_id: int, place_version: int) -> tuple[str, str]:
    """(city, state) after `place_version` relocations: each one to another city than the one before."""
    rng = names.stream(seed, f"betting/place/{league}/{team_id}")
    index = _version(rng, len(CITY_STARTS) * len(CITY_ENDS), place_version)
    start, end = divmod(index, len(CITY_ENDS))
    return f"{CITY_STARTS[start]}{CITY_ENDS[end]}", STATES[(index + place_version) % len(STATES)]


def nickname(seed: int, league: str, team_id: int, name_version: int) -> str:
    """The nickname after `name_version` renames: each one another than the one before."""
    rng = names.stream(seed, f"betting/name/{league}/{team_id}")
    return NICKNAMES[_version(rng, len(NICKNAMES), name_version)]


def _version(rng: random.Random, choices: int, version: int) -> int:
    """An index into `choices` after `version` changes, each a step to another index (one stream, so every
    version of an entity agrees with the ones before it)."""
    index = rng.randrange(choices)
    for _ in range(version):
        index = (index + rng.randrange(1, choices)) % choices
    return index


def venue(seed: int, venue_id: int, league: str, home: tuple[str, str]) -> Venue:
    """A venue built for a team of `league` in `home` (city, state)."""
    rng = names.stream(seed, f"betting/venue/{venue_id}")
    sport = LEAGUES[league].sport
    outdoor = sport == "baseball" or (sport == "football" and rng.random() < 0.7)
    return Venue(
        id=str(venue_id),
        name=f"{rng.choice(SPONSORS)} {home[0]} {VENUE_KINDS[sport]}",
        city=home[0],
        state=home[1],
        indoor=not outdoor,
        grass=outdoor and rng.random() < 0.8,
        # Only some ESPN payloads carry these, by sport as the captures do (see betting_leagues.VENUES).
        capacity=rng.randrange(55_000, 82_000, 100) if sport == "football" else None,
        zip_code=f"{rng.randrange(10_000, 99_999)}" if sport == "baseball" else None,
    )


def team(seed: int, league: str, team_id: int, conference: str, versions: tuple[int, int], home_venue: Venue) -> Team:
    """The team after (name version, place version) renames and relocations, playing at `home_venue`."""
    name = nickname(seed, league, team_id, versions[0])
    location = city(seed, league, team_id, versions[1])[0]
    colours = names.stream(seed, f"betting/colours/{league}/{team_id}")
    abbreviation = location[:3].upper()
    return Team(
        league=league,
        id=str(team_id),
        slug=names.slug(f"{location} {name}"),
        abbreviation=abbreviation,
        display_name=f"{location} {name}",
        short_display_name=name,
        name=name,
        nickname=location,
        location=location,
        color=_colour(colours),
        alternate_color=_colour(colours),
        logo_key=abbreviation.lower(),
        venue=home_venue,
        conference=conference,
        # Generated seasons start from nothing: the standings are the schedule's results alone.
        record=Record(0, 0, 0, 0, 0),
    )


def _colour(rng: random.Random) -> str:
    return f"{rng.randrange(0x1000000):06x}"
