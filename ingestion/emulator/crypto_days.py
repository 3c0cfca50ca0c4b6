"""What each coin and exchange looks like on each emulated day: the catalogue plus the day-two changes that the
`crypto` module's docstring documents (the constants below are the single source for both).

Every figure is a pure function of the coin's position in the catalogue and the date, so any number of history
days can be served and two requests for the same day always agree."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ingestion.emulator.crypto_catalogue import COINS, EXCHANGES, RWA, Coin, Exchange

DAY_ONE = "2025-01-01"
DAY_TWO = "2025-01-02"
DAYS = [DAY_ONE, DAY_TWO]

# The emulated "now" of each day: markets, details and the last market_chart point are as of this time (UTC).
SNAPSHOT_TIME = time(11, 58, 30)

RENAMED_COIN = "matic-network"
NAME_BEFORE, NAME_AFTER = "Polygon", "POL (ex-MATIC)"
SYMBOL_BEFORE, SYMBOL_AFTER = "matic", "pol"

CATEGORY_COIN = "chainlink"
GAINED_CATEGORY = RWA

# Day-two price moves in percent that reorder the top ten; every other coin moves by `_default_move`.
DAY_TWO_MOVES: dict[str, float] = {"solana": 12.0, "binancecoin": -1.0}

RENAMED_EXCHANGE = "huobi"
EXCHANGE_NAME_BEFORE, EXCHANGE_NAME_AFTER = "Huobi", "HTX"
# These two swap trust_score_rank on day two (4 <-> 5).
TRUST_RANK_SWAP = ("okex", "kraken")

# /search/trending, most searched first: bitcoin and solana trend on both days, the rest changes. Each day names
# a coin outside the top 50 (in the markets, not detailed) and one outside our 60 altogether (TRENDING_OUTSIDERS).
TRENDING_COINS: dict[str, tuple[str, ...]] = {
    DAY_ONE: ("solana", "moonpup-inu", "bitcoin", "pepe", "the-sandbox", "hyperliquid", "bittensor"),
    DAY_TWO: ("solana", RENAMED_COIN, "gridlock-ai", "chainlink", "zcash", "bitcoin", "ondo-finance"),
}
# Trending categories (CoinGecko's numeric category ids are its own; ours are the catalogue index plus 1000).
TRENDING_CATEGORIES: dict[str, tuple[str, ...]] = {
    DAY_ONE: ("meme-token", "artificial-intelligence", "layer-1"),
    DAY_TWO: ("real-world-assets-rwa", "meme-token", "layer-2"),
}

# Supply and contracts never change between the days; developer activity, sentiment and volumes do.
ACTIVE_CRYPTOCURRENCIES = {DAY_ONE: 16_950, DAY_TWO: 16_962}
MARKETS = {DAY_ONE: 1_195, DAY_TWO: 1_196}
# Stands in for the unknown supply of a coin without a market cap when we need an order of magnitude for volume.
ASSUMED_SUPPLY = 1_000_000_000
# Our 60 coins are most, not all, of the market: /global and /coins/categories scale their sums by this.
WHOLE_MARKET_FACTOR = 1.12


def snapshot_at(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), SNAPSHOT_TIME, tzinfo=UTC)


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def significant(value: float, digits: int = 8) -> float:
    return float(f"{value:.{digits}g}")


def _default_move(index: int, coin: Coin) -> float:
    """Day-two price move in percent: within 2 % (0.02 % for stablecoins), never exactly 0."""
    if coin.is_stablecoin:
        return ((index * 7) % 5 - 2) * 0.01 or 0.005
    return ((index * 37) % 17 - 8) * 0.25 or 0.15


def _day_one_change(index: int, coin: Coin) -> float:
    """The 24 h change in percent shown on day one (against an earlier day we do not serve)."""
    if coin.is_stablecoin:
        return ((index * 3) % 5 - 2) * 0.02
    return ((index * 11) % 13 - 6) * 0.4


def price_on(index: int, coin: Coin, day: str) -> float:
    """USD price at the snapshot time of `day` (day one, day two, or the invented day before day one)."""
    if day == DAY_ONE:
        return float(coin.price)
    if day == DAY_TWO:
        return significant(coin.price * (1 + DAY_TWO_MOVES.get(coin.id, _default_move(index, coin)) / 100))
    previous = (date.fromisoformat(DAY_ONE) - timedelta(days=1)).isoformat()
    if day == previous:
        return significant(coin.price / (1 + _day_one_change(index, coin) / 100))
    raise ValueError(f"no snapshot price for {day}")


def midnight_price(index: int, coin: Coin, day: date) -> float:
    """The 00:00 UTC snapshot market_chart serves for `day`: within 4 % of the day-one price (0.1 % for
    stablecoins), varying by day so every day of history differs."""
    spread = 0.001 if coin.is_stablecoin else 0.04
    wobble = ((index * 13 + day.toordinal() * 8) % 21 - 10) / 10
    return significant(coin.price * (1 + spread * wobble))


def turnover(index: int, coin: Coin) -> float:
    """24 h volume as a share of market cap."""
    return 0.4 if coin.is_stablecoin else 0.02 + (index * 3 % 10) * 0.01


@dataclass(frozen=True)
class CoinState:
    coin: Coin
    index: int
    day: str
    name: str
    symbol: str
    categories: tuple[str, ...]
    price: float
    previous_price: float
    # 1-based rank by market cap; None for coins with market cap 0.
    rank: int | None

    @property
    def id(self) -> str:
        return self.coin.id

    @property
    def market_cap(self) -> int:
        return round(self.price * self.coin.circulating)

    @property
    def previous_market_cap(self) -> int:
        return round(self.previous_price * self.coin.circulating)

    @property
    def fully_diluted_valuation(self) -> int | None:
        supply = self.coin.max if self.coin.max is not None else self.coin.total
        return None if supply is None else round(self.price * supply)

    @property
    def total_volume(self) -> int:
        day_factor = 1.0 if self.day == DAY_ONE else 1 + ((self.index * 5) % 7 - 3) * 0.05
        # A coin without a known supply still trades: its volume is scaled from an assumed billion coins.
        reference = self.market_cap or round(self.price * ASSUMED_SUPPLY)
        return round(reference * turnover(self.index, self.coin) * day_factor)


def _states_without_rank(day: str) -> list[CoinState]:
    previous_day = DAY_ONE if day == DAY_TWO else (date.fromisoformat(DAY_ONE) - timedelta(days=1)).isoformat()
    states = []
    for index, coin in enumerate(COINS):
        name, symbol, categories = coin.name, coin.symbol, coin.categories
        if day == DAY_TWO and coin.id == RENAMED_COIN:
            name, symbol = NAME_AFTER, SYMBOL_AFTER
        if day == DAY_TWO and coin.id == CATEGORY_COIN:
            categories = (*categories, GAINED_CATEGORY)
        states.append(
            CoinState(
                coin=coin,
                index=index,
                day=day,
                name=name,
                symbol=symbol,
                categories=categories,
                price=price_on(index, coin, day),
                previous_price=price_on(index, coin, previous_day),
                rank=None,
            )
        )
    return states


@functools.cache
def coin_states(day: str) -> tuple[CoinState, ...]:
    """Every coin on `day` in /coins/markets order: market cap descending, coins without a cap last."""
    if day not in DAYS:
        raise ValueError(f"unknown crypto day {day!r}; valid days: {', '.join(DAYS)}")
    states = sorted(_states_without_rank(day), key=lambda s: (-s.market_cap, s.index))
    return tuple(
        dataclasses.replace(state, rank=position if state.market_cap > 0 else None)
        for position, state in enumerate(states, start=1)
    )


def coin_state(coin_id: str, day: str) -> CoinState | None:
    return next((state for state in coin_states(day) if state.id == coin_id), None)


@dataclass(frozen=True)
class ExchangeState:
    exchange: Exchange
    index: int
    day: str
    name: str
    trust_score_rank: int
    volume_btc: float

    @property
    def id(self) -> str:
        return self.exchange.id

    @property
    def normalized_volume_btc(self) -> float:
        return round(self.volume_btc * self.exchange.normalized_share, 4)


@functools.cache
def exchange_states(day: str) -> tuple[ExchangeState, ...]:
    """Every exchange on `day` in /exchanges order (trust score rank)."""
    if day not in DAYS:
        raise ValueError(f"unknown crypto day {day!r}; valid days: {', '.join(DAYS)}")
    first, second = (next(e for e in EXCHANGES if e.id == swapped) for swapped in TRUST_RANK_SWAP)
    states = []
    for index, exchange in enumerate(EXCHANGES):
        rank, name, volume = exchange.trust_score_rank, exchange.name, exchange.volume_btc
        if day == DAY_TWO:
            volume = round(volume * (1 + (((index * 3) % 7 - 3) * 0.04 or 0.02)), 4)
            if exchange.id == RENAMED_EXCHANGE:
                name = EXCHANGE_NAME_AFTER
            if exchange.id == first.id:
                rank = second.trust_score_rank
            elif exchange.id == second.id:
                rank = first.trust_score_rank
        states.append(ExchangeState(exchange, index, day, name, rank, volume))
    return tuple(sorted(states, key=lambda s: s.trust_score_rank))
