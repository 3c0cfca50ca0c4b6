"""Crypto vertical of the emulator: the CoinGecko API v3.

API (name, emulator base URL, live base URL; clients append the real paths to the base URL):
    coingecko     {emulator}/coingecko      https://api.coingecko.com/api/v3 (pro: https://pro-api.coingecko.com/api/v3)

Endpoints (bodies shaped like the captures in reference_responses/crypto/):
    GET /coingecko/ping   {"gecko_says": "(V3) To the Moon!"}.
    GET /coingecko/coins/markets?vs_currency=usd[&order=market_cap_desc&per_page=100&page=1
            &price_change_percentage=1h,24h,7d,30d&sparkline=false]
        Coins by market cap descending, coins without a cap last; `per_page` (1-250, default 100) and `page`
        (from 1) slice the list like the real API; past the end answers []. `price_change_percentage` adds
        `price_change_percentage_<window>_in_currency` keys (1h, 24h, 7d, 14d, 30d, 200d, 1y). vs_currency is
        one of usd, eur, gbp, jpy (fixed rates); a missing or other one answers 400 {"error": ...}; so do an
        order other than market_cap_desc and a bad page or per_page.
    GET /coingecko/coins/{id}?localization=false&tickers=false&market_data=false&community_data=true
            &developer_data=true&sparkline=false
        Each flag left out counts as true, as on the real API; sections switched off are absent. An unknown id
        answers 404 {"error": "coin not found"}.
    GET /coingecko/coins/{id}/market_chart?vs_currency=usd&days=D[&interval=daily]
        D + 1 points per series: the 00:00 UTC snapshot of each of the D days ending on the as-of day, then the
        price at the day's snapshot time (11:58:30 UTC), which equals /coins/markets' current_price. Daily
        granularity whatever `days` is ("max" means 365); an interval other than daily answers 400. History
        prices are fixed per coin and day, so two as-of days agree on every day they both cover.
    GET /coingecko/coins/categories   The 21 listed categories with market cap, 24 h change (a percentage,
        although CoinGecko names it market_cap_change_24h), volume and top three coins, by market cap;
        "Tokenized Gold" has no coin in our set and answers null figures and empty top-3 lists.
    GET /coingecko/exchanges[?per_page=100&page=1]   20 exchanges by trust_score_rank, sliced like the markets.
    GET /coingecko/global   {"data": {...}} totals in 11 currencies, the top ten coins' market cap percentage.
    GET /coingecko/search/trending   {"coins": [{"item": {...}}], "nfts": [], "categories": [...]}: seven coins a
        day, most searched first (score 0, 1, ...), with CoinGecko's quirks: upper-case symbols, `coin_id` is
        its internal number, `data.price` a USD number while `data.market_cap` and `data.total_volume` are text
        like "$1,234,567" and the BTC figures in `data` are text; 24 h changes keyed by currency (usd, eur, gbp,
        jpy, btc); `content` null or {"title", "description"}. nfts is always empty.
    API keys are not checked: requests with `x-cg-demo-api-key` or `x-cg-pro-api-key` are answered like any
    other, and the request log records the headers, so tests can see which key was sent.
    RATE_LIMIT_BODY is the body CoinGecko sends with HTTP 429; tests inject it with a `Fault`.

Catalogue (`crypto_catalogue`): 60 coins, 21 listed categories plus "FTX Holdings" (carried by bitcoin, ethereum
    and solana, absent from /coins/categories), 20 exchanges.
    Top fifty: every coin but the-sandbox, tezos, eos, maker, flow, neo, axie-infinity, decentraland, zcash and
        hyperliquid, on both days (ranks 51-59 and no rank).
    hyperliquid: circulating_supply 0, so market_cap 0, market_cap_rank null, fully_diluted_valuation null
        (total_supply and max_supply null).
    Stablecoins (sentiment null): tether, usd-coin, dai, first-digital-usd, ethena-usde.
    Tokens (asset_platform_id set, platforms {"<chain>": "<contract>"}): 23 coins, e.g. chainlink on ethereum and
        optimism on optimistic-ethereum; native coins send platforms {"": ""}.
    No hashing_algorithm (null) for all but bitcoin, ethereum, dogecoin, cardano, bitcoin-cash, litecoin,
        ethereum-classic, monero, kaspa and zcash; genesis_date null for every coin without one in the catalogue.
    Homepage: links.homepage is [url, "", ""]; hyperliquid sends ["", "", ""].
    No repository (developer_data counts 0, code_additions_deletions_4_weeks additions/deletions null; reddit
        figures 0): tether, usd-coin, shiba-inu, ondo-finance, pepe, render-token, okb, immutable-x,
        first-digital-usd, ethena-usde, the-sandbox, decentraland, axie-infinity, hyperliquid.
    community_data.facebook_likes is always null; telegram_channel_user_count is null for every third coin.
    roi is an object for ethereum ({"currency": "btc"}) and litecoin ({"currency": "usd"}), null elsewhere.
    Prices from 10,000 up are JSON integers (bitcoin's current_price, high_24h, low_24h), as in the capture.

Trending (`crypto_days.TRENDING_COINS`), most searched first:
    2025-01-01: solana, moonpup-inu, bitcoin, pepe, the-sandbox, hyperliquid, bittensor
    2025-01-02: solana, matic-network, gridlock-ai, chainlink, zcash, bitcoin, ondo-finance
    moonpup-inu and gridlock-ai are not among the 60 coins (no other endpoint knows them); the-sandbox,
    hyperliquid (market cap "$0", rank null) and zcash are outside the top 50 but on the markets pages.
    Trending categories: meme-token, artificial-intelligence, layer-1; then real-world-assets-rwa, meme-token,
    layer-2.

Days: DAYS = ["2025-01-01", "2025-01-02"]. Day two differs from day one in exactly these ways:
    1. Rename: matic-network "Polygon" -> "POL (ex-MATIC)" and symbol "matic" -> "pol" (markets and details).
    2. Category: chainlink gains "Real World Assets (RWA)" (appended: Oracle, Ethereum Ecosystem, Real World
       Assets (RWA)).
    3. Prices: every coin's price moves (solana +12 %, binancecoin -1 %, the others by at most 2 %, stablecoins
       by at most 0.02 %), and so market caps, volumes and 24 h changes.
    4. Ranks: solana 6 -> 5 and binancecoin 5 -> 6; stellar 18 -> 17 and polkadot 17 -> 18; aave 28 -> 27 and
       internet-computer 27 -> 28; monero 33 -> 31, render-token 31 -> 32, vechain 32 -> 33; fantom 47 -> 46 and
       injective-protocol 46 -> 47; maker 54 -> 53 and eos 53 -> 54; axie-infinity 57 -> 56 and neo 56 -> 57.
    5. Details: sentiment, watchlist users, reddit and telegram counts, stars, merged pull requests, code churn and
       commits move; nothing tracked (name, symbol, hashing algorithm, genesis date, homepage, categories)
       changes except items 1 and 2.
    6. Exchanges: huobi renamed "Huobi" -> "HTX"; okex and kraken swap trust_score_rank (4 <-> 5); every
       exchange's 24 h volume moves.
    7. Global: active_cryptocurrencies 16950 -> 16962, markets 1195 -> 1196; totals and percentages follow the
       coins. Categories' figures follow their member coins.

Warehouse after replaying both days with the source's replay parameters (25 coins and 10 exchanges a page,
    details and charts for the top 50, chart_days 7):
    dim_coin 63                     60 first versions + matic-network and chainlink on day two + the unknown member
    dim_category 23                 21 listed categories + "FTX Holdings" + the unknown member
    dim_exchange 21                 20 exchanges + the unknown member (huobi renamed in place)
    bridge_coin_category 132        the top fifty list 131 categories on day one; chainlink adds one
    fct_coin_daily_metrics 120      60 coins x 2 days (50 a day with details)
    fct_coin_price_history 400      50 coins x 8 days: day one's chart covers 2024-12-26..2025-01-01, day two's
                                    2024-12-27..2025-01-02, and the 6 shared days are kept once
    fct_exchange_daily_metrics 40   20 exchanges x 2 days
    fct_market_daily 2              one row per day
    fct_category_daily_metrics 42   21 listed categories x 2 days
    fct_coin_trending_daily 14      7 trending coins x 2 days; the two outsiders point to the unknown member
    Requests per day: 3 markets pages (25, 25, 10), 50 details, 50 charts, 1 categories, 3 exchanges pages (10,
    10, then []), 1 global, 1 trending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from ingestion.emulator import crypto_days as days
from ingestion.emulator.crypto_catalogue import CATEGORIES, COINS, EXCHANGES, FIAT_PER_USD, FTX_HOLDINGS
from ingestion.emulator.crypto_days import CoinState
from ingestion.emulator.crypto_payloads import (
    COIN_NOT_FOUND,
    RATE_LIMIT_BODY,
    categories,
    coin_details,
    exchange_item,
    global_data,
    market_chart,
    markets_item,
    trending,
)
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, json_response

DAYS: list[str] = list(days.DAYS)
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 250
MAX_CHART_DAYS = 365
TOP_N = 50

LIVE_BASE_URLS: dict[str, str] = {"coingecko": "https://api.coingecko.com/api/v3"}
PREFIXES: dict[str, str] = {"coingecko": "/coingecko"}

__all__ = ["DAYS", "RATE_LIMIT_BODY", "SCENARIO", "base_urls", "routes"]


def base_urls(emulator_base_url: str) -> dict[str, str]:
    root = emulator_base_url.rstrip("/")
    return {api: f"{root}{prefix}" for api, prefix in PREFIXES.items()}


@dataclass(frozen=True)
class CryptoScenario:
    """The docstring's facts as data, for tests and docs; tests check the served responses against it."""

    coin_ids: tuple[str, ...]
    exchange_ids: tuple[str, ...]
    listed_categories: tuple[str, ...]
    unlisted_category: str
    category_without_coins: str
    top_n: int
    outside_top_n: tuple[str, ...]
    no_market_cap: str
    stablecoins: tuple[str, ...]
    renamed: tuple[str, str, str, str, str]
    gained_category: tuple[str, str]
    rank_changes: Mapping[str, tuple[int, int]]
    renamed_exchange: tuple[str, str, str]
    trust_rank_swap: tuple[str, str]


def _rank_changes() -> dict[str, tuple[int, int]]:
    before = {state.id: state.rank for state in days.coin_states(days.DAY_ONE)}
    after = {state.id: state.rank for state in days.coin_states(days.DAY_TWO)}
    return {
        coin_id: (rank, after[coin_id])
        for coin_id, rank in before.items()
        if rank is not None and after[coin_id] is not None and rank != after[coin_id]
    }


def _outside_top_n() -> tuple[str, ...]:
    return tuple(state.id for state in days.coin_states(days.DAY_ONE)[TOP_N:])


SCENARIO = CryptoScenario(
    coin_ids=tuple(coin.id for coin in COINS),
    exchange_ids=tuple(exchange.id for exchange in EXCHANGES),
    listed_categories=tuple(name for _, name, _ in CATEGORIES),
    unlisted_category=FTX_HOLDINGS,
    category_without_coins="Tokenized Gold",
    top_n=TOP_N,
    outside_top_n=_outside_top_n(),
    no_market_cap="hyperliquid",
    stablecoins=tuple(coin.id for coin in COINS if coin.is_stablecoin),
    renamed=(days.RENAMED_COIN, days.NAME_BEFORE, days.NAME_AFTER, days.SYMBOL_BEFORE, days.SYMBOL_AFTER),
    gained_category=(days.CATEGORY_COIN, days.GAINED_CATEGORY),
    rank_changes=MappingProxyType(_rank_changes()),
    renamed_exchange=(days.RENAMED_EXCHANGE, days.EXCHANGE_NAME_BEFORE, days.EXCHANGE_NAME_AFTER),
    trust_rank_swap=days.TRUST_RANK_SWAP,
)


def _error(message: str, status: int = 400) -> EmulatorResponse:
    return json_response({"error": message}, status=status)


def _positive_int(raw: str | None, default: int, name: str, maximum: int | None = None) -> int | str:
    """The parameter's value, or an error message for the 400 answer."""
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        limit = f" up to {maximum}" if maximum is not None else ""
        return f"{name} must be a whole number from 1{limit}, got {raw!r}"
    return int(raw)


def _page_slice(request: EmulatorRequest) -> slice | str:
    per_page = _positive_int(request.query.get("per_page"), DEFAULT_PER_PAGE, "per_page", MAX_PER_PAGE)
    page = _positive_int(request.query.get("page"), 1, "page")
    if isinstance(per_page, str):
        return per_page
    if isinstance(page, str):
        return page
    return slice((page - 1) * per_page, page * per_page)


def _vs_currency(request: EmulatorRequest) -> str | None:
    currency = request.query.get("vs_currency", "").lower()
    return currency if currency in FIAT_PER_USD else None


def _flag(request: EmulatorRequest, name: str) -> bool:
    return request.query.get(name, "true").lower() != "false"


def ping(_: EmulatorRequest) -> EmulatorResponse:
    return json_response({"gecko_says": "(V3) To the Moon!"})


class CryptoData(Protocol):
    """Where the coin routes read coins from: the hand-written scenario, or a generated catalogue
    (`ingestion.emulator.catalogues.crypto`)."""

    def markets(self, day: str, window: slice, ids: set[str] | None) -> list[CoinState]: ...

    def coin_state(self, coin_id: str, day: str) -> CoinState | None: ...


class HandWritten:
    def markets(self, day: str, window: slice, ids: set[str] | None) -> list[CoinState]:
        states = days.coin_states(day)
        return list(states[window] if ids is None else tuple(state for state in states if state.id in ids)[window])

    def coin_state(self, coin_id: str, day: str) -> CoinState | None:
        return days.coin_state(coin_id, day)


def coin_routes(data: CryptoData) -> list[Route]:
    """/coins/markets, /coins/{id} and /coins/{id}/market_chart."""

    def coins_markets(request: EmulatorRequest) -> EmulatorResponse:
        currency = _vs_currency(request)
        if currency is None:
            if "vs_currency" not in request.query:
                return _error("Missing parameter vs_currency")
            return _error("invalid vs_currency")
        if request.query.get("order", "market_cap_desc") != "market_cap_desc":
            return _error("the emulator only serves order=market_cap_desc")
        window = _page_slice(request)
        if isinstance(window, str):
            return _error(window)
        windows = {part.strip() for part in request.query.get("price_change_percentage", "").split(",")}
        ids = set(request.query["ids"].split(",")) if request.query.get("ids") else None
        return json_response(
            [markets_item(state, currency, windows) for state in data.markets(request.day, window, ids)]
        )

    def coin(request: EmulatorRequest) -> EmulatorResponse:
        state = data.coin_state(request.groups["coin_id"], request.day)
        if state is None:
            return json_response(COIN_NOT_FOUND, status=404)
        return json_response(
            coin_details(
                state,
                localization=_flag(request, "localization"),
                tickers=_flag(request, "tickers"),
                market_data=_flag(request, "market_data"),
                community_data=_flag(request, "community_data"),
                developer_data=_flag(request, "developer_data"),
            )
        )

    def coin_market_chart(request: EmulatorRequest) -> EmulatorResponse:
        state = data.coin_state(request.groups["coin_id"], request.day)
        if state is None:
            return json_response(COIN_NOT_FOUND, status=404)
        currency = _vs_currency(request)
        if currency is None:
            return _error("invalid vs_currency")
        raw_days = request.query.get("days")
        if raw_days is None:
            return _error("Missing parameter days")
        chart_days = MAX_CHART_DAYS if raw_days == "max" else _positive_int(raw_days, 1, "days")
        if isinstance(chart_days, str):
            return _error(chart_days)
        if request.query.get("interval", "daily") != "daily":
            return _error("the emulator only serves interval=daily")
        return json_response(market_chart(state, min(chart_days, MAX_CHART_DAYS), currency))

    # Fixed paths first: /coins/markets would otherwise match /coins/{id}.
    return [
        Route(r"/coingecko/coins/markets", coins_markets),
        Route(r"/coingecko/coins/(?P<coin_id>[a-z0-9-]+)/market_chart", coin_market_chart),
        Route(r"/coingecko/coins/(?P<coin_id>[a-z0-9-]+)", coin),
    ]


def coins_categories(request: EmulatorRequest) -> EmulatorResponse:
    return json_response(categories(request.day))


def exchanges(request: EmulatorRequest) -> EmulatorResponse:
    window = _page_slice(request)
    if isinstance(window, str):
        return _error(window)
    return json_response([exchange_item(state) for state in days.exchange_states(request.day)[window]])


def global_route(request: EmulatorRequest) -> EmulatorResponse:
    return json_response(global_data(request.day))


def search_trending(request: EmulatorRequest) -> EmulatorResponse:
    return json_response(trending(request.day))


def reference_routes() -> list[Route]:
    """The endpoints that are not about one coin or a page of coins, always from the hand-written scenario."""
    return [
        Route(r"/coingecko/ping", ping),
        Route(r"/coingecko/coins/categories", coins_categories),
        Route(r"/coingecko/exchanges", exchanges),
        Route(r"/coingecko/global", global_route),
        Route(r"/coingecko/search/trending", search_trending),
    ]


def routes() -> list[Route]:
    # /coins/categories goes before /coins/{id}, which would match it too.
    ping_route, categories_route, *others = reference_routes()
    return [ping_route, categories_route, *coin_routes(HandWritten()), *others]
