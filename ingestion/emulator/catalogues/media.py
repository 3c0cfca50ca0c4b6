"""A generated TMDb catalogue: `[media]` of a description, served through the media routes (`media.routes_for`).

Day one holds `movies` movies and `shows` TV shows, spread evenly over the release (first air) years
`first_year`..`last_year`, so each year's discover list is `movies` / years titles long. Movie and TV ids are
separate number spaces drawn from overlapping ranges, so some ids name both a movie and a show, as on TMDb.

Each later day applies exactly the counts of `[media.churn]`, drawn from that day's own seeded stream: `removed`
titles leave every list and their details answer 404; `new_movies` and `new_shows` arrive with higher ids,
released that day; `retitled` titles change title (and original title), `genre_changes` gain a genre or drop the
one they gained, `revenue_changes` and `budget_changes` movies get new box-office figures; every surviving
title's popularity drifts and its vote count grows. The /movie/changes and /tv/changes feeds name the titles of
that day's churn (new, retitled, genre, revenue and budget changes; removals are not edits).

Lists: /movie/popular and /tv/popular rank every living title of the type by popularity (TMDb serves 500 pages
of them); /discover ranks by popularity or vote count, optionally within one year; /trending/all/day is the
day's 20 most popular titles of either type. Genre lists and languages are the hand-written ones.

Only the figures that move are kept per day, in compact arrays; what never changes (names, dates, genres,
companies, ...) is derived from the title's id when a page or a title is asked for.
"""

from __future__ import annotations

import functools
import heapq
import random
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload

from ingestion.emulator import media
from ingestion.emulator.catalogues import names
from ingestion.emulator.catalogues.days import GeneratedDays, split_removed
from ingestion.emulator.catalogues.description import Description, Media
from ingestion.emulator.media_catalogue import COMPANIES, MOVIE_GENRES, NETWORKS, TV_GENRES, Movie, Show
from ingestion.emulator.media_days import TitleState
from ingestion.emulator.media_payloads import COUNTRIES
from ingestion.emulator.routes import Route

MOVIE, TV = "movie", "tv"
CHURN_KINDS = ("new", "removed", "retitled", "genre_changes", "revenue_changes", "budget_changes")
# The kinds the changes feeds report: every edit of a title's data (popularity and votes are not edits).
EDITS = ("new", "retitled", "genre_changes", "revenue_changes", "budget_changes")
TRENDING_SIZE = 20
# Most titles are English-language; the others draw from languages the languages list carries.
LANGUAGE_POOL = ("en",) * 12 + ("fr", "es", "ja", "ko", "de", "it", "hi", "pt", "zh", "sv", "da")
COUNTRY_POOL = tuple(COUNTRIES)
COMPANY_POOL = tuple(COMPANIES)
NETWORK_POOL = tuple(NETWORKS)
MOVIE_GENRE_IDS = tuple(genre_id for genre_id, _ in MOVIE_GENRES)
TV_GENRE_IDS = tuple(genre_id for genre_id, _ in TV_GENRES)
BUDGET_STEP = 500_000
RETITLES = (": Extended Cut", ": The Director's Cut", " (Restored)", ": Special Edition", " Redux")


def retitled(base: str, version: int) -> str:
    """The title after `version` retitles; every third one goes back to the original."""
    return base if version % 3 == 0 else f"{base}{RETITLES[(version - 1) % len(RETITLES)]}"


@dataclass(frozen=True)
class MediaDay:
    """Every slot's moving figures on one day (a slot is a title, born on its day), and the churn that led there."""

    alive: bytearray
    title_version: array[int]
    # Odd: the title carries its extra genre (`extra_genre` of its record); even: its own genres only.
    genre_version: array[int]
    revenue: array[int]
    budget: array[int]
    popularity: array[float]
    vote_count: array[int]
    # Per churn kind, the (media type, id) keys it picked that day (empty on day one), sorted.
    churn: dict[str, tuple[tuple[str, int], ...]]


class Ranked(Sequence[TitleState]):
    """A ranked list of slots whose titles are built only when sliced (a page at a time)."""

    def __init__(self, slots: array[int], build: Callable[[int], TitleState]) -> None:
        self._slots = slots
        self._build = build

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, index: int) -> TitleState: ...

    @overload
    def __getitem__(self, index: slice) -> list[TitleState]: ...

    def __getitem__(self, index: int | slice) -> TitleState | list[TitleState]:
        if isinstance(index, slice):
            return [self._build(slot) for slot in self._slots[index]]
        return self._build(self._slots[index])

    def __iter__(self) -> Iterator[TitleState]:
        return (self._build(slot) for slot in self._slots)


class GeneratedMedia(GeneratedDays[MediaDay]):
    def __init__(self, description: Description, spec: Media) -> None:
        churn = spec.churn
        new = churn.new_movies + churn.new_shows
        super().__init__(description, spec.days, spec.movies + spec.shows, new)
        self.spec = spec
        self._start = date.fromisoformat(description.start)
        # Day one's movies, then its shows; each later day's newcomers, movies first.
        self.kinds = bytearray([0] * spec.movies + [1] * spec.shows)
        self.kinds.extend(0 if step % new < churn.new_movies else 1 for step in range(new * (spec.days - 1)))
        self.ids = array("l", [0] * self.capacity)
        self._slot: dict[tuple[str, int], int] = {}
        # Movie ids are drawn from three times as many numbers as there are movies, show ids from four times: the
        # ranges overlap, so some ids name a movie and a show.
        for kind, media_type, count, spread in ((0, MOVIE, spec.movies, 3), (1, TV, spec.shows, 4)):
            slots = [slot for slot, slot_kind in enumerate(self.kinds) if slot_kind == kind]
            first = sorted(names.stream(self.seed, f"media/{media_type}/ids").sample(range(1, spread * count), count))
            first.extend(first[-1] + step for step in range(1, len(slots) - count + 1))
            for slot, tmdb_id in zip(slots, first, strict=True):
                self.ids[slot] = tmdb_id
                self._slot[(media_type, tmdb_id)] = slot
        self.years = array("h", [0] * self.capacity)
        span = spec.last_year - spec.first_year + 1
        for kind in (0, 1):
            slots = [slot for slot in range(spec.movies + spec.shows) if self.kinds[slot] == kind]
            names.stream(self.seed, f"media/years/{kind}").shuffle(slots)
            for place, slot in enumerate(slots):
                self.years[slot] = spec.first_year + place % span
        for slot in range(spec.movies + spec.shows, self.capacity):
            self.years[slot] = (self._start + timedelta(days=self.born[slot])).year
        self._record = functools.lru_cache(maxsize=8192)(self._build_record)
        self._rankings = functools.lru_cache(maxsize=8)(self._build_rankings)
        self._trending_ranks = functools.lru_cache(maxsize=4)(self._build_trending)

    # the Vertical protocol

    def routes(self) -> list[Route]:
        return media.routes_for(self)

    def base_urls(self, emulator_base_url: str) -> dict[str, str]:
        return media.base_urls(emulator_base_url)

    # MediaData

    def popular(self, media_type: str, day: str) -> Sequence[TitleState]:
        return self.discover(media_type, day, "popularity.desc", None)

    def discover(self, media_type: str, day: str, sort_by: str, year: int | None) -> Sequence[TitleState]:
        slots = self._rankings(media_type, day, sort_by).get(year, array("l"))
        return Ranked(slots, functools.partial(self._title, day=day))

    def trending(self, day: str) -> Sequence[TitleState | None]:
        return [self._title(slot, day) for slot in self._trending_ranks(day)]

    def changed(self, media_type: str, start: date, end: date) -> list[int]:
        edited = {
            tmdb_id
            for day in self.DAYS
            if start <= date.fromisoformat(day) <= end
            for kind in EDITS
            for edited_type, tmdb_id in self.day(day).churn.get(kind, ())
            if edited_type == media_type
        }
        return sorted(edited)

    def state(self, media_type: str, tmdb_id: int, day: str) -> TitleState | None:
        slot = self._slot.get((media_type, tmdb_id))
        return None if slot is None or not self.day(day).alive[slot] else self._title(slot, day)

    def key(self, slot: int) -> tuple[str, int]:
        return (TV if self.kinds[slot] else MOVIE, self.ids[slot])

    # the generated days

    def _first_day(self) -> MediaDay:
        """Every slot's figures as of its birth: day one's titles as they are on day one, later ones as new."""
        rng, capacity = names.stream(self.seed, "media/figures"), self.capacity
        revenue, budget, votes = (array("q", bytes(8 * capacity)) for _ in range(3))
        popularity = array("d", bytes(8 * capacity))
        for slot in range(capacity):
            newcomer = self.born[slot] > 0
            # Popularity is heavy-tailed: most titles sit near 1, a few hundred in the hundreds.
            popularity[slot] = round(rng.paretovariate(1.3) * (20 if newcomer else 0.6), 3)
            votes[slot] = 0 if newcomer else int(10 ** rng.uniform(0, 4.5))
            if not self.kinds[slot] and rng.random() < 0.6:
                budget[slot] = BUDGET_STEP * rng.randint(1, 400)
                revenue[slot] = 0 if newcomer else int(budget[slot] * rng.uniform(0.2, 6))
        alive = bytearray(born == 0 for born in self.born)
        versions = (array("H", bytes(2 * capacity)) for _ in range(2))
        return MediaDay(alive, *versions, revenue, budget, popularity, votes, {})

    def _next_day(self, before: MediaDay, index: int) -> MediaDay:
        churn, rng = self.spec.churn, names.stream(self.seed, f"media/day/{index}")
        alive = bytearray(before.alive)
        title_version, genre_version = array("H", before.title_version), array("H", before.genre_version)
        revenue, budget = array("q", before.revenue), array("q", before.budget)
        popularity, votes = array("d", before.popularity), array("q", before.vote_count)
        removed, survivors = split_removed(rng, (slot for slot, flag in enumerate(alive) if flag), churn.removed)
        for slot in removed:
            alive[slot] = 0
        movies = [slot for slot in survivors if not self.kinds[slot]]
        picked_retitled = rng.sample(survivors, churn.retitled)
        for slot in picked_retitled:
            title_version[slot] += 1
        picked_genres = rng.sample(survivors, churn.genre_changes)
        for slot in picked_genres:
            genre_version[slot] += 1
        picked_revenue = rng.sample(movies, churn.revenue_changes)
        for slot in picked_revenue:
            revenue[slot] = int(max(revenue[slot], budget[slot], 1_000_000) * rng.uniform(1.01, 1.3))
        picked_budget = rng.sample(movies, churn.budget_changes)
        for slot in picked_budget:
            steps = [step for step in range(1, 401) if step * BUDGET_STEP != budget[slot]]
            budget[slot] = BUDGET_STEP * rng.choice(steps)
        drift, growth = churn.popularity_drift, churn.vote_growth
        for slot in survivors:
            popularity[slot] = max(0.001, round(popularity[slot] * (1 + drift * (2 * rng.random() - 1)), 3))
            votes[slot] += max(1, int(votes[slot] * growth))
        new = self.born_on(index)
        for slot in new:
            alive[slot] = 1
        picked = (new, removed, picked_retitled, picked_genres, picked_revenue, picked_budget)
        record = {
            kind: tuple(sorted(self.key(slot) for slot in slots))
            for kind, slots in zip(CHURN_KINDS, picked, strict=True)
        }
        return MediaDay(alive, title_version, genre_version, revenue, budget, popularity, votes, record)

    def _build_rankings(self, media_type: str, day: str, sort_by: str) -> dict[int | None, array[int]]:
        """The living titles of `media_type` ranked by `sort_by` (ties by id), as a whole (None) and per year: one
        sort serves a year-split read's hundred-odd lists."""
        state, kind = self.day(day), 0 if media_type == MOVIE else 1
        slots = [slot for slot, flag in enumerate(state.alive) if flag and self.kinds[slot] == kind]
        figure = state.popularity if sort_by == "popularity.desc" else state.vote_count
        ids = self.ids
        slots.sort(key=lambda slot: (-figure[slot], ids[slot]))
        rankings: dict[int | None, array[int]] = {None: array("l", slots)}
        for slot in slots:
            rankings.setdefault(self.years[slot], array("l")).append(slot)
        return rankings

    def _build_trending(self, day: str) -> tuple[int, ...]:
        state = self.day(day)
        living = (slot for slot, flag in enumerate(state.alive) if flag)
        return tuple(heapq.nsmallest(TRENDING_SIZE, living, key=lambda slot: (-state.popularity[slot], slot)))

    # one title

    def _title(self, slot: int, day: str) -> TitleState:
        state, record = self.day(day), self._record(slot)
        version = state.title_version[slot]
        base = record.title if isinstance(record, Movie) else record.name
        genres = record.genres + ((self._extra_genre(slot),) if state.genre_version[slot] % 2 else ())
        ranks = self._trending_ranks(day)
        return TitleState(
            record=record,
            media_type=self.key(slot)[0],
            day=day,
            title=retitled(base, version),
            original_title=retitled(base, version),
            genres=genres,
            popularity=state.popularity[slot],
            vote_count=state.vote_count[slot],
            revenue=state.revenue[slot],
            trending_rank=ranks.index(slot) + 1 if slot in ranks else None,
            budget=state.budget[slot],
        )

    def _extra_genre(self, slot: int) -> int:
        """The genre a genre change adds to the title: one it does not have, the same every time."""
        media_type, tmdb_id = self.key(slot)
        pool = MOVIE_GENRE_IDS if media_type == MOVIE else TV_GENRE_IDS
        own = self._record(slot).genres
        return names.stream(self.seed, f"media/{media_type}/{tmdb_id}/genre").choice(
            [genre for genre in pool if genre not in own]
        )

    def _released(self, slot: int, rng: random.Random) -> str:
        born = self.born[slot]
        if born:
            return (self._start + timedelta(days=born)).isoformat()
        return f"{self.years[slot]}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def _build_record(self, slot: int) -> Movie | Show:
        """What never changes about the title in `slot`, from its own stream; figures are those of its birth."""
        media_type, tmdb_id = self.key(slot)
        rng, first = names.stream(self.seed, f"media/{media_type}/{tmdb_id}"), self.first_day()
        title = names.title(rng)
        language = rng.choice(LANGUAGE_POOL)
        spoken = (language,) if language == "en" or rng.random() < 0.5 else (language, "en")
        countries = ("US",) if language == "en" else (rng.choice(COUNTRY_POOL),)
        companies = tuple(rng.sample(COMPANY_POOL, rng.randint(1, 3)))
        votes = first.vote_count[slot]
        vote_average = round(rng.uniform(4.5, 8.7), 3) if votes else 0.0
        overview = f"The {rng.choice(names.ADJECTIVES).lower()} story of a {rng.choice(names.NOUNS).lower()}."
        if media_type == MOVIE:
            return Movie(
                id=tmdb_id,
                title=title,
                original_title=title,
                original_language=language,
                release_date=self._released(slot, rng),
                genres=tuple(rng.sample(MOVIE_GENRE_IDS, rng.randint(1, 3))),
                runtime=0 if rng.random() < 0.02 else rng.randint(75, 180),
                budget=first.budget[slot],
                revenue=first.revenue[slot],
                companies=companies,
                spoken_languages=spoken,
                countries=countries,
                popularity=first.popularity[slot],
                vote_average=vote_average,
                vote_count=votes,
                lists="",
                overview=overview,
                imdb_id=f"tt{rng.randrange(10**7):07d}" if rng.random() < 0.9 else None,
            )
        first_air = self._released(slot, rng)
        seasons = tuple(rng.randint(6, 24) for _ in range(rng.randint(1, 8)))
        ended = int(first_air[:4]) + len(seasons) < 2024 and rng.random() < 0.7
        return Show(
            id=tmdb_id,
            name=title,
            original_name=title,
            original_language=language,
            first_air_date=first_air,
            genres=tuple(rng.sample(TV_GENRE_IDS, rng.randint(1, 3))),
            episodes_per_season=seasons,
            networks=(rng.choice(NETWORK_POOL),),
            companies=companies,
            spoken_languages=spoken,
            origin_country=countries,
            popularity=first.popularity[slot],
            vote_average=vote_average,
            vote_count=votes,
            lists="",
            overview=overview,
            status="Ended" if ended else "Returning Series",
            last_air_date=max(first_air, f"{min(2024, int(first_air[:4]) + len(seasons) - 1)}-12-20"),
            episode_run_time=(rng.choice((22, 30, 45, 60)),) if rng.random() < 0.8 else (),
        )
