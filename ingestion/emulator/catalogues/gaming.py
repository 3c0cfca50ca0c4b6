"""A generated Steam catalogue: `[gaming]` of a description, served through the gaming routes with SteamSpy's real
page size of 1000 apps.

Day one holds `apps` apps; each later day applies exactly the churn counts of `[gaming.churn]`, drawn from that
day's own seeded stream: `removed` apps leave SteamSpy's `request=all` (the storefront answers success:false and
SteamSpy appdetails its unknown-app stand-in), `new` apps arrive with higher app ids, released that day;
`renamed`, `repriced` (list price), `discount_starts`, `discount_ends` and `owners_moves` (one owners range up)
pick distinct apps among the survivors, paid apps only for prices; every surviving app's review counts grow and
its concurrent users swing. Only the figures that move are kept per day, in compact arrays; the attributes that
never change (developers, genres, tags, ...) are derived from the app id when a page or an app is asked for.
"""

from __future__ import annotations

import functools
from array import array
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.emulator import gaming
from ingestion.emulator.catalogues import names
from ingestion.emulator.catalogues.days import GeneratedDays, churn_record, split_removed
from ingestion.emulator.catalogues.description import Description, Gaming
from ingestion.emulator.gaming_catalogue import CATALOGUE, CATEGORIES, EFIGS, EN, GENRES, OWNERS_RANGES, WIDE, Game
from ingestion.emulator.gaming_days import AppState, players_for, tag_votes
from ingestion.emulator.routes import Route

PAGE_SIZE = 1000
FREE_TO_PLAY = "37"
# The hand-written catalogue's tags are the pool generated apps draw theirs from.
TAG_POOL = tuple(sorted({tag for game in CATALOGUE for tag in game.tags}))
PAID_GENRES = tuple(genre for genre in GENRES if genre != FREE_TO_PLAY)
PRICE_TIERS = tuple(dollars * 100 - 1 for dollars in (1, 2, 5, 8, 10, 15, 20, 25, 30, 40, 50, 60, 70))
DISCOUNTS = tuple(range(10, 95, 5))
TOP_OWNERS = len(OWNERS_RANGES) - 1
CHURN_KINDS = ("new", "removed", "renamed", "repriced", "discount_starts", "discount_ends", "owners_moves")


@dataclass(frozen=True)
class GamingDay:
    """Every slot's moving figures on one day (a slot is an app, born on its day), and the churn that led there."""

    alive: bytearray
    name_version: array[int]
    price: array[int]
    discount: array[int]
    owners: array[int]
    ccu: array[int]
    positive: array[int]
    negative: array[int]
    # Alive slots in `request=all` order: owners range descending, then ccu descending, then app id.
    ranked: array[int]
    # Per churn kind, the app ids it picked that day (empty on day one).
    churn: dict[str, tuple[int, ...]]


class GeneratedGaming(GeneratedDays[GamingDay]):
    def __init__(self, description: Description, spec: Gaming) -> None:
        super().__init__(description, spec.days, spec.apps, spec.churn.new)
        self.spec = spec
        self._start = date.fromisoformat(description.start)
        first = sorted(names.stream(self.seed, "gaming/ids").sample(range(1, 300_000), spec.apps))
        # Steam's app ids are multiples of 10 and newer apps get higher ones.
        self.appids = array("l", [number * 10 for number in first])
        self.appids.extend(self.appids[-1] + 10 * step for step in range(1, self.capacity - spec.apps + 1))
        self._slot = {appid: slot for slot, appid in enumerate(self.appids)}
        self.free = bytearray(self.capacity)
        # A page's apps are built again for every day asked for; what never changes is built once per app.
        self._game = functools.lru_cache(maxsize=PAGE_SIZE * 8)(self._build_game)

    # the Vertical protocol

    def routes(self) -> list[Route]:
        return gaming.routes_for(self)

    def base_urls(self, emulator_base_url: str) -> dict[str, str]:
        return gaming.base_urls(emulator_base_url)

    # GamingData

    def steamspy_page(self, page: int, day: str) -> list[AppState]:
        state = self.day(day)
        return [self._app(slot, day, state) for slot in state.ranked[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]

    def state(self, appid: int, day: str) -> AppState | None:
        slot = self._slot.get(appid)
        state = self.day(day)
        return None if slot is None or not state.alive[slot] else self._app(slot, day, state)

    # the generated days

    def _first_day(self) -> GamingDay:
        """Every slot's figures as of its birth: day one's apps as they are on day one, later ones as new."""
        rng, capacity = names.stream(self.seed, "gaming/figures"), self.capacity
        price, discount, owners, ccu, positive, negative = (array("l", bytes(8 * capacity)) for _ in range(6))
        for slot in range(capacity):
            newcomer = self.born[slot] > 0
            self.free[slot] = rng.random() < self.spec.free_share
            if not self.free[slot]:
                price[slot] = rng.choice(PRICE_TIERS)
                if not newcomer and rng.random() < self.spec.discounted_share:
                    discount[slot] = rng.choice(DISCOUNTS)
            owners[slot] = 0 if newcomer else min(TOP_OWNERS, int(rng.expovariate(1.0)))
            ccu[slot] = max(1, int(rng.uniform(0.05, 1.0) * 3 ** owners[slot]))
            reviews = 20_000 * 2 ** owners[slot] if owners[slot] else 2_000
            positive[slot] = max(1, int(reviews * rng.uniform(0.005, 0.03)))
            negative[slot] = max(1, int(positive[slot] * rng.uniform(0.03, 0.4)))
        alive = bytearray(born == 0 for born in self.born)
        state = GamingDay(
            alive, array("l", bytes(8 * capacity)), price, discount, owners, ccu, positive, negative, array("l"), {}
        )
        return self._ranked(state)

    def _next_day(self, before: GamingDay, index: int) -> GamingDay:
        churn, rng = self.spec.churn, names.stream(self.seed, f"gaming/day/{index}")
        alive = bytearray(before.alive)
        version, price, discount, owners, ccu, positive, negative = (
            array("l", figures)
            for figures in (
                before.name_version,
                before.price,
                before.discount,
                before.owners,
                before.ccu,
                before.positive,
                before.negative,
            )
        )
        removed, survivors = split_removed(rng, before.ranked, churn.removed)
        for slot in removed:
            alive[slot] = 0
        paid = [slot for slot in survivors if not self.free[slot]]
        renamed = rng.sample(survivors, churn.renamed)
        for slot in renamed:
            version[slot] += 1
        repriced = rng.sample(paid, churn.repriced)
        for slot in repriced:
            price[slot] = rng.choice([tier for tier in PRICE_TIERS if tier != price[slot]])
        starts = rng.sample([slot for slot in paid if not discount[slot]], churn.discount_starts)
        ends = rng.sample([slot for slot in paid if discount[slot]], churn.discount_ends)
        for slot in starts:
            discount[slot] = rng.choice(DISCOUNTS)
        for slot in ends:
            discount[slot] = 0
        moved = rng.sample([slot for slot in survivors if owners[slot] < TOP_OWNERS], churn.owners_moves)
        for slot in moved:
            owners[slot] += 1
        growth, swing = churn.review_growth, churn.ccu_swing
        for slot in survivors:
            positive[slot] += max(1, int(positive[slot] * growth))
            negative[slot] += max(1, int(negative[slot] * growth))
            ccu[slot] = max(1, int(ccu[slot] * (1 + swing * (2 * rng.random() - 1))))
        new = self.born_on(index)
        for slot in new:
            alive[slot] = 1
        picked = (new, removed, renamed, repriced, starts, ends, moved)
        state = GamingDay(
            alive,
            version,
            price,
            discount,
            owners,
            ccu,
            positive,
            negative,
            array("l"),
            churn_record(CHURN_KINDS, picked, self.appids),
        )
        return self._ranked(state)

    def _ranked(self, state: GamingDay) -> GamingDay:
        owners, ccu = state.owners, state.ccu
        alive = [slot for slot, flag in enumerate(state.alive) if flag]
        # Slots are in app id order, so a stable sort on (owners, ccu) breaks ties by app id.
        alive.sort(key=lambda slot: (-owners[slot], -ccu[slot]))
        state.ranked.extend(alive)
        return state

    # one app

    def _app(self, slot: int, day: str, state: GamingDay) -> AppState:
        game = self._game(slot)
        positive, negative, ccu = state.positive[slot], state.negative[slot], state.ccu[slot]
        return AppState(
            game=game,
            day=day,
            name=names.renamed(game.name, state.name_version[slot]),
            coming_soon=False,
            release_date=game.released,
            price=state.price[slot],
            discount=state.discount[slot],
            genres=game.genres,
            tags=tag_votes(game),
            owners=OWNERS_RANGES[state.owners[slot]],
            ccu=ccu,
            positive=positive,
            negative=negative,
            review_positive=positive,
            review_negative=negative,
            player_count=players_for(game.appid, ccu),
            in_store=True,
        )

    def _build_game(self, slot: int) -> Game:
        """What never changes about the app in `slot`, from its own stream; figures are those of its birth."""
        appid, first = self.appids[slot], self.first_day()
        rng = names.stream(self.seed, f"gaming/app/{appid}")
        name = names.title(rng)
        free = bool(self.free[slot])
        developer = names.studio(rng)
        # One app in a hundred names no developer and no publisher (Steam sends empty lists).
        credited = rng.random() >= 0.01
        publishers = (developer,) if rng.random() < 0.5 else (names.studio(rng),)
        genres = tuple(rng.sample(PAID_GENRES, rng.randint(1, 3))) + ((FREE_TO_PLAY,) if free else ())
        platforms = "w" + ("m" if rng.random() < 0.3 else "") + ("l" if rng.random() < 0.2 else "")
        born = self.born[slot]
        released = self._start + timedelta(days=born) if born else self._start - timedelta(days=rng.randint(1, 7000))
        return Game(
            appid=appid,
            name=name,
            developers=(developer,) if credited else (),
            publishers=publishers if credited else (),
            released=names.steam_date(released),
            price=first.price[slot],
            genres=genres,
            categories=tuple(rng.sample(tuple(CATEGORIES), rng.randint(2, 8))),
            platforms=platforms,
            owners=OWNERS_RANGES[first.owners[slot]],
            ccu=first.ccu[slot],
            positive=first.positive[slot],
            negative=first.negative[slot],
            tags=tuple(rng.sample(TAG_POOL, rng.randint(3, 7))),
            free=free,
            discount=first.discount[slot],
            metacritic=rng.randint(45, 95) if rng.random() < 0.3 else None,
            achievements=rng.randint(5, 200) if rng.random() < 0.6 else None,
            required_age="17" if rng.random() < 0.02 else 0,
            languages=rng.choice((EN, EFIGS, WIDE)),
            website=f"https://www.{names.slug(name)}.com" if rng.random() < 0.6 else None,
            mature=rng.random() < 0.2,
            empty_requirements=platforms == "w" and rng.random() < 0.5,
        )
