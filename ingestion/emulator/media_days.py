"""What each media title looks like on each emulated day: the catalogue plus the day-two changes documented in the
`media` module's docstring (the constants below are the single source for both)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from ingestion.emulator.media_catalogue import MOVIES, SHOWS, Movie, Show

DAY_ONE = "2025-01-01"
DAY_TWO = "2025-01-02"
DAYS = [DAY_ONE, DAY_TWO]

MOVIE, TV = "movie", "tv"

RETITLED = (MOVIE, 83533)
TITLE_BEFORE = "Avatar 3"
TITLE_AFTER = "Avatar: Fire and Ash"

GAINS_GENRE = (TV, 93405)
GAINED_GENRE_ID = 9648

# Box office that moved overnight: (media type, id) -> day-two revenue in US dollars. Mufasa has none on day one.
REVENUE_DAY_TWO: dict[tuple[str, int], int] = {(MOVIE, 939243): 236500000, (MOVIE, 762509): 328000000}

# /movie/changes and /tv/changes per day: the titles whose data was edited that day (popularity and votes are not
# edits), plus a movie on no list, as TMDb's feed names every title of its database that changed.
CHANGED_OFF_THE_LISTS = (MOVIE, 1_000_001)
CHANGES: dict[str, tuple[tuple[str, int], ...]] = {
    DAY_ONE: (),
    DAY_TWO: (RETITLED, GAINS_GENRE, *REVENUE_DAY_TWO, CHANGED_OFF_THE_LISTS),
}

# The id shared by a movie and a TV show.
COLLIDING_ID = 550

# A person trends too; the source fetches no details for people.
PERSON: dict[str, Any] = {
    "id": 1190668,
    "name": "Timothée Chalamet",
    "original_name": "Timothée Chalamet",
    "popularity": 140.2,
    "gender": 2,
    "known_for_department": "Acting",
}
PERSON_KEY = ("person", 1190668)

# /trending/all/day, best first, per day: 11 movies + 8 shows + 1 person, then 10 movies + 9 shows + 1 person.
TRENDING: dict[str, tuple[tuple[str, int], ...]] = {
    DAY_ONE: (
        (MOVIE, 762509),
        (TV, 93405),
        (MOVIE, 939243),
        (MOVIE, 402431),
        PERSON_KEY,
        (MOVIE, 1241982),
        (TV, 126308),
        (MOVIE, 558449),
        (TV, 106379),
        (MOVIE, 823219),
        (TV, 119051),
        (MOVIE, 1034541),
        (TV, 94605),
        (MOVIE, 83533),
        (TV, 136315),
        (MOVIE, 1184918),
        (TV, 1399),
        (MOVIE, 1064213),
        (TV, 550),
        (MOVIE, 533535),
    ),
    DAY_TWO: (
        (TV, 93405),
        (MOVIE, 762509),
        (MOVIE, 939243),
        (MOVIE, 83533),
        (MOVIE, 402431),
        (TV, 126308),
        (MOVIE, 823219),
        PERSON_KEY,
        (TV, 100088),
        (MOVIE, 1241982),
        (TV, 106379),
        (MOVIE, 1034541),
        (TV, 119051),
        (MOVIE, 1064213),
        (TV, 94605),
        (TV, 76479),
        (MOVIE, 1184918),
        (TV, 550),
        (MOVIE, 872585),
        (TV, 1399),
    ),
}
# Titles that enter the trending list on day two get a popularity boost on top of the daily drift.
TRENDING_BOOST = 1.5


@dataclass(frozen=True)
class TitleState:
    """One title on one day. `record` is the catalogue entry; the fields below are what can change."""

    record: Movie | Show
    media_type: str
    day: str
    title: str
    original_title: str
    genres: tuple[int, ...]
    popularity: float
    vote_count: int
    revenue: int
    trending_rank: int | None
    budget: int

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def key(self) -> tuple[str, int]:
        return (self.media_type, self.record.id)


def popularity_drift(tmdb_id: int) -> float:
    """Day two's popularity factor: between 0.90 and 1.10, never exactly 1 (every title moves)."""
    factor = 1 + ((tmdb_id * 7) % 21 - 10) / 100
    return factor if factor != 1 else 1.03


def _day_one(record: Movie | Show, media_type: str) -> TitleState:
    key = (media_type, record.id)
    ranks = {entry: rank for rank, entry in enumerate(TRENDING[DAY_ONE], start=1)}
    return TitleState(
        record=record,
        media_type=media_type,
        day=DAY_ONE,
        title=record.title if isinstance(record, Movie) else record.name,
        original_title=record.original_title if isinstance(record, Movie) else record.original_name,
        genres=record.genres,
        popularity=record.popularity,
        vote_count=record.vote_count,
        revenue=record.revenue if isinstance(record, Movie) else 0,
        trending_rank=ranks.get(key),
        budget=record.budget if isinstance(record, Movie) else 0,
    )


def _day_two(record: Movie | Show, media_type: str) -> TitleState:
    before = _day_one(record, media_type)
    key = before.key
    ranks = {entry: rank for rank, entry in enumerate(TRENDING[DAY_TWO], start=1)}
    popularity = record.popularity * popularity_drift(record.id)
    if key in ranks and before.trending_rank is None:
        popularity *= TRENDING_BOOST
    changes: dict[str, Any] = {
        "day": DAY_TWO,
        "popularity": round(popularity, 3),
        # Unreleased titles have no votes yet and get none overnight.
        "vote_count": record.vote_count + max(1, record.vote_count // 500) if record.vote_count else 0,
        "trending_rank": ranks.get(key),
    }
    if key == RETITLED:
        changes.update(title=TITLE_AFTER, original_title=TITLE_AFTER)
    if key == GAINS_GENRE:
        changes["genres"] = (*record.genres, GAINED_GENRE_ID)
    if key in REVENUE_DAY_TWO:
        changes["revenue"] = REVENUE_DAY_TWO[key]
    return dataclasses.replace(before, **changes)


@functools.cache
def states(day: str) -> dict[tuple[str, int], TitleState]:
    """Every title's state on `day`, by (media type, TMDb id)."""
    if day not in DAYS:
        raise ValueError(f"unknown media day {day!r}; valid days: {', '.join(DAYS)}")
    build = _day_one if day == DAY_ONE else _day_two
    titles = [build(movie, MOVIE) for movie in MOVIES] + [build(show, TV) for show in SHOWS]
    return {title.key: title for title in titles}


def state(media_type: str, tmdb_id: int, day: str) -> TitleState | None:
    return states(day).get((media_type, tmdb_id))
