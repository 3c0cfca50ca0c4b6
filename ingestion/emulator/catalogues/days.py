"""What every generated catalogue shares: a fixed set of slots (one per entity that is ever listed, day one's and
every later day's newcomers), days generated on first request each from the one before it, and the day's churn
picked from the living slots.

Days are built lazily and kept, so a request for day N builds days 2..N once and a request for day one builds
nothing more; a re-entrant lock lets a day's generation ask for facts of day one (an entity's birth figures)."""

from __future__ import annotations

import random
import threading
from array import array
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from ingestion.emulator.catalogues.description import Description

DayT = TypeVar("DayT")


class GeneratedDays(Generic[DayT]):
    def __init__(self, description: Description, days: int, first_day_count: int, new_per_day: int) -> None:
        self.seed = description.seed
        self.DAYS = description.days(days)
        self._day_index = {day: index for index, day in enumerate(self.DAYS)}
        # Slot order is arrival order: day one's entities, then `new_per_day` newcomers for each later day.
        self.born = array("h", [0] * first_day_count)
        self.born.extend(1 + step // max(1, new_per_day) for step in range(new_per_day * (days - 1)))
        self._lock = threading.RLock()
        self._days: list[DayT] = []

    @property
    def capacity(self) -> int:
        return len(self.born)

    def day(self, day: str) -> DayT:
        index = self._day_index[day]
        with self._lock:
            if not self._days:
                self._days.append(self._first_day())
            while len(self._days) <= index:
                self._days.append(self._next_day(self._days[-1], len(self._days)))
            return self._days[index]

    def first_day(self) -> DayT:
        return self.day(self.DAYS[0])

    def born_on(self, index: int) -> list[int]:
        return [slot for slot, born in enumerate(self.born) if born == index]

    def _first_day(self) -> DayT:
        raise NotImplementedError

    def _next_day(self, before: DayT, index: int) -> DayT:
        raise NotImplementedError


def split_removed(rng: random.Random, living: Iterable[int], count: int) -> tuple[list[int], list[int]]:
    """`count` slots drawn from `living` to leave, and the survivors in slot order."""
    ordered = sorted(living)
    removed = rng.sample(ordered, count)
    gone = set(removed)
    return removed, [slot for slot in ordered if slot not in gone]


def churn_record(
    kinds: Sequence[str], picked: Sequence[Iterable[int]], key: Sequence[int] | Sequence[str]
) -> dict[str, tuple]:
    """Per churn kind, the keys (app ids, coin ids, ...) of the slots it picked, sorted."""
    return {kind: tuple(sorted(key[slot] for slot in slots)) for kind, slots in zip(kinds, picked, strict=True)}
