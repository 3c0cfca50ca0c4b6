"""Details on a budget: which entities an API's per-entity detail requests go to on one as-of date.

Bulk endpoints (SteamSpy `request=all`, CoinGecko `/coins/markets`, TMDb lists) cover the whole catalogue every
day; detail endpoints cost a request per entity, and at catalogue scale the APIs' rate limits allow only a share
of the catalogue a day. So each API has a daily request budget, spent in this order:

1. pinned: entities the configuration names explicitly;
2. new: never detailed before;
3. changed: the bulk data (or the API's own change feed) says something changed since they were detailed;
4. stale: the rest, oldest details first, so the whole catalogue is refreshed in turn.

The history is what the warehouse holds from the days before the as-of date (`Refreshed` per entity), so a run
that failed before loading leaves nothing counted, and a re-run of a day plans what the day's first run planned:
it reads those details again, and the day gets the answers of its newest run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

REASONS = ("pinned", "new", "changed", "stale")


@dataclass(frozen=True)
class Refreshed:
    """What the warehouse holds of one entity's details: the newest as-of date they landed for and the bulk
    signal the entity had when they were read (None when unknown)."""

    as_of: str
    signal: str | None = None


@dataclass(frozen=True)
class DetailBudget:
    """An API's detail requests for one as-of date; `per_entity` is what detailing one entity costs on it."""

    api: str
    requests: int
    per_entity: int = 1

    def __post_init__(self) -> None:
        if self.requests < 0:
            raise ValueError(f"{self.api}: a detail budget cannot be negative, got {self.requests}")
        if self.per_entity < 1:
            raise ValueError(f"{self.api}: an entity costs at least one request, got {self.per_entity}")

    @property
    def entities(self) -> int:
        return self.requests // self.per_entity


def daily_budget(
    api: str, configured: int | None, per_entity: int, *, candidates: int, pinned: int, extra: int | None
) -> DetailBudget:
    """An API's budget for the day: its configured `daily_budget` (unset: every candidate and pinned entity), cut
    to `extra` entities beyond the pinned ones when a per-day cap (`top_n`) is set."""
    entities = candidates + pinned if configured is None else configured // per_entity
    if extra is not None:
        entities = min(entities, extra + pinned)
    return DetailBudget(api=api, requests=entities * per_entity, per_entity=per_entity)


@dataclass(frozen=True)
class DetailPlan:
    """The entities to detail, in request order, and why."""

    budget: DetailBudget
    chosen: tuple[Hashable, ...]
    reasons: Mapping[str, int]
    # Candidates the budget did not reach (they come first in later days' order: new, changed, then stalest).
    left: int = 0
    signals: Mapping[Hashable, str | None] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.chosen) * self.budget.per_entity

    def signal(self, key: Hashable) -> str | None:
        return self.signals.get(key)


def bulk_signal(entry: Mapping[str, Any], fields: Sequence[str]) -> str:
    """A short digest of the bulk fields whose change should trigger a detail refresh (a rename, a new price)."""
    values = json.dumps([entry.get(name) for name in fields], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.md5(values.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def plan_details(
    budget: DetailBudget,
    candidates: Mapping[Hashable, str | None],
    history: Mapping[Hashable, Refreshed],
    *,
    pinned: Iterable[Hashable] = (),
    changed: Collection[Hashable] = (),
) -> DetailPlan:
    """Choose up to the budget's entities among `candidates` (key -> bulk signal, in catalogue order: the order
    new and changed entities are taken in) and `pinned` (detailed first, even when the bulk pages did not reach
    them). `changed` names entities an API's change feed reported, beside the ones whose signal moved."""
    slots = budget.entities
    pinned_keys = list(dict.fromkeys(pinned))
    ordered: dict[str, list[Hashable]] = {reason: [] for reason in REASONS}
    ordered["pinned"] = pinned_keys
    taken = set(pinned_keys)
    stale: list[tuple[str, int, Hashable]] = []
    for position, (key, signal) in enumerate(candidates.items()):
        if key in taken:
            continue
        seen = history.get(key)
        if seen is None:
            ordered["new"].append(key)
        elif key in changed or (signal is not None and seen.signal is not None and signal != seen.signal):
            ordered["changed"].append(key)
        else:
            stale.append((seen.as_of, position, key))
    ordered["stale"] = [key for _, _, key in sorted(stale, key=lambda item: (item[0], item[1]))]

    chosen: list[Hashable] = []
    reasons: dict[str, int] = {}
    for reason in REASONS:
        room = slots - len(chosen)
        picked = ordered[reason][: max(0, room)]
        chosen.extend(picked)
        reasons[reason] = len(picked)
    waiting = sum(len(keys) for keys in ordered.values())
    return DetailPlan(
        budget=budget,
        chosen=tuple(chosen),
        reasons=reasons,
        left=waiting - len(chosen),
        signals={key: candidates.get(key) for key in chosen},
    )
