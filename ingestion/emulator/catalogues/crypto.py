"""A generated CoinGecko catalogue: `[crypto]` of a description, served through the crypto coin routes
(/coins/markets pages of up to 250, /coins/{id}, /coins/{id}/market_chart).

Day one lists `coins` coins; each later day applies exactly the counts of `[crypto.churn]` from that day's own
seeded stream: `removed` coins are delisted (gone from the markets, 404 on their details), `new` ones are listed,
`renamed` coins change name and symbol, `recategorised` ones gain a category, and every coin's price takes a
random step of `volatility` (the standard deviation of its daily log return), so market caps, ranks, volumes,
24 h changes and `last_updated` move every day. /coins/categories, /exchanges, /global and /search/trending are
the hand-written scenario's (of its latest day not after the requested one).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from array import array
from dataclasses import dataclass

from ingestion.emulator import crypto
from ingestion.emulator.catalogues import names
from ingestion.emulator.catalogues.days import GeneratedDays, churn_record, split_removed
from ingestion.emulator.catalogues.description import Crypto, Description
from ingestion.emulator.crypto_catalogue import CATEGORIES, STABLECOINS, USD_STABLECOIN, Coin
from ingestion.emulator.crypto_days import CoinState
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, day_for

# Stablecoins are pinned to a dollar in the payloads; generated coins all float.
CATEGORY_POOL = tuple(name for _, name, _ in CATEGORIES if name not in (STABLECOINS, USD_STABLECOIN))
CHURN_KINDS = ("new", "removed", "renamed", "recategorised")


@dataclass(frozen=True)
class CryptoDay:
    alive: bytearray
    name_version: array[int]
    # Index into CATEGORY_POOL of the category gained, -1 for none.
    gained: array[int]
    price: array[float]
    previous: array[float]
    # Alive slots in /coins/markets order: market cap descending, coins without a cap last.
    ranked: array[int]
    # Per slot, its 1-based place in `ranked` (0 when not listed).
    position: array[int]
    churn: dict[str, tuple[str, ...]]


class GeneratedCrypto(GeneratedDays[CryptoDay]):
    def __init__(self, description: Description, spec: Crypto) -> None:
        super().__init__(description, spec.days, spec.coins, spec.churn.new)
        self.spec = spec
        rng = names.stream(self.seed, "crypto/supply")
        # Circulating supply never changes; one coin in fifty has none known (market cap 0, no rank).
        self.circulating = array("d", (0.0 if rng.random() < 0.02 else 10 ** rng.uniform(6, 11) for _ in self.born))
        self.ids = [f"{names.slug(self._name(slot))}-{slot}" for slot in range(self.capacity)]
        self._slot = {coin_id: slot for slot, coin_id in enumerate(self.ids)}
        self._coin = functools.lru_cache(maxsize=4096)(self._build_coin)

    # the Vertical protocol

    def routes(self) -> list[Route]:
        ping, categories, *others = (self._on_scenario_day(route) for route in crypto.reference_routes())
        return [ping, categories, *crypto.coin_routes(self), *others]

    def base_urls(self, emulator_base_url: str) -> dict[str, str]:
        return crypto.base_urls(emulator_base_url)

    @staticmethod
    def _on_scenario_day(route: Route) -> Route:
        def handler(request: EmulatorRequest) -> EmulatorResponse:
            return route.handler(dataclasses.replace(request, day=day_for(request.day, crypto.DAYS)))

        return dataclasses.replace(route, handler=handler)

    # CryptoData

    def markets(self, day: str, window: slice, ids: set[str] | None) -> list[CoinState]:
        state = self.day(day)
        if ids is None:
            slots = list(state.ranked[window])
        else:
            wanted = {self._slot[coin_id] for coin_id in ids if coin_id in self._slot}
            slots = [slot for slot in state.ranked if slot in wanted][window]
        return [self._state(slot, day, state) for slot in slots]

    def coin_state(self, coin_id: str, day: str) -> CoinState | None:
        slot, state = self._slot.get(coin_id), self.day(day)
        return None if slot is None or not state.alive[slot] else self._state(slot, day, state)

    # the generated days

    def _first_day(self) -> CryptoDay:
        rng, capacity = names.stream(self.seed, "crypto/prices"), self.capacity
        price = array("d", (10 ** rng.uniform(-6, 4) for _ in range(capacity)))
        previous = array("d", (value / math.exp(rng.gauss(0, self.spec.churn.volatility)) for value in price))
        alive = bytearray(born == 0 for born in self.born)
        state = CryptoDay(
            alive, array("l", [0] * capacity), array("l", [-1] * capacity), price, previous, array("l"), array("l"), {}
        )
        return self._ranked(state)

    def _next_day(self, before: CryptoDay, index: int) -> CryptoDay:
        churn, rng = self.spec.churn, names.stream(self.seed, f"crypto/day/{index}")
        alive, version, gained = bytearray(before.alive), array("l", before.name_version), array("l", before.gained)
        removed, survivors = split_removed(rng, before.ranked, churn.removed)
        for slot in removed:
            alive[slot] = 0
        renamed = rng.sample(survivors, churn.renamed)
        for slot in renamed:
            version[slot] += 1
        recategorised = rng.sample([slot for slot in survivors if gained[slot] < 0], churn.recategorised)
        for slot in recategorised:
            own = self._coin(slot).categories
            gained[slot] = rng.choice([i for i, name in enumerate(CATEGORY_POOL) if name not in own])
        price = array("d", before.price)
        for slot in survivors:
            price[slot] = float(f"{before.price[slot] * math.exp(rng.gauss(0, churn.volatility)):.8g}")
        new = self.born_on(index)
        for slot in new:
            alive[slot] = 1
        picked = (new, removed, renamed, recategorised)
        state = CryptoDay(
            alive,
            version,
            gained,
            price,
            before.price,
            array("l"),
            array("l"),
            churn_record(CHURN_KINDS, picked, self.ids),
        )
        return self._ranked(state)

    def _ranked(self, state: CryptoDay) -> CryptoDay:
        price, circulating = state.price, self.circulating
        alive = [slot for slot, flag in enumerate(state.alive) if flag]
        alive.sort(key=lambda slot: -round(price[slot] * circulating[slot]))
        state.ranked.extend(alive)
        state.position.extend([0] * len(state.alive))
        for place, slot in enumerate(alive, start=1):
            state.position[slot] = place
        return state

    # one coin

    def _name(self, slot: int) -> str:
        return names.title(names.stream(self.seed, f"crypto/name/{slot}"))

    def _state(self, slot: int, day: str, state: CryptoDay) -> CoinState:
        coin, version = self._coin(slot), state.name_version[slot]
        name = names.renamed(coin.name, version)
        categories = coin.categories + ((CATEGORY_POOL[state.gained[slot]],) if state.gained[slot] >= 0 else ())
        return CoinState(
            coin=coin,
            index=slot,
            day=day,
            name=name,
            symbol=coin.symbol if version % 3 == 0 else f"{coin.symbol}{version % 3}",
            categories=categories,
            price=state.price[slot],
            previous_price=state.previous[slot],
            rank=state.position[slot] if round(state.price[slot] * coin.circulating) > 0 else None,
        )

    def _build_coin(self, slot: int) -> Coin:
        rng = names.stream(self.seed, f"crypto/coin/{slot}")
        name, circulating = self._name(slot), self.circulating[slot]
        total = circulating * rng.uniform(1, 3) if circulating else None
        token = rng.random() < 0.4
        return Coin(
            id=self.ids[slot],
            symbol="".join(word[0] for word in name.split()).lower() + str(slot % 100),
            name=name,
            price=self.first_day().price[slot],
            circulating=circulating,
            total=total,
            max=total if total is not None and rng.random() < 0.5 else None,
            categories=tuple(rng.sample(CATEGORY_POOL, rng.randint(1, 4))),
            genesis=f"{rng.randint(2009, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.5
            else None,
            homepage=f"https://{names.slug(name)}.org/" if rng.random() < 0.9 else "",
            platform=("ethereum", f"0x{rng.getrandbits(160):040x}") if token else None,
            github=f"https://github.com/{names.slug(name)}" if rng.random() < 0.6 else None,
            sentiment_up=round(rng.uniform(40, 95), 2),
        )
