"""The crypto fixtures: pagination, shapes against the real captures, and the documented day-two changes (other
tests hard-code them from the `ingestion.emulator.crypto` docstring, so they are checked here)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator, crypto
from ingestion.emulator.crypto import SCENARIO
from ingestion.emulator.crypto_catalogue import FIAT_PER_USD, TRENDING_OUTSIDERS
from ingestion.emulator.crypto_days import TRENDING_COINS
from tests.conftest import REFERENCE_RESPONSES

CAPTURES = REFERENCE_RESPONSES / "crypto"
DAY_ONE, DAY_TWO = crypto.DAYS
DETAIL_FLAGS = {
    "localization": "false",
    "tickers": "false",
    "market_data": "false",
    "community_data": "true",
    "developer_data": "true",
    "sparkline": "false",
}
CHANGE_WINDOWS = "1h,24h,7d,30d"
IN_CURRENCY_KEYS = [f"price_change_percentage_{window}_in_currency" for window in CHANGE_WINDOWS.split(",")]
# Where our fixtures legitimately send another JSON type than the capture does (the real API does the same for
# other coins): nulls the API documents, objects where the capture's coin has null, and the reverse.
NULLABLE = {
    "market.fully_diluted_valuation",
    "market.market_cap_rank",
    "market.total_supply",
    "market.max_supply",
    "coin.hashing_algorithm",
    "coin.genesis_date",
    "coin.sentiment_votes_up_percentage",
    "coin.sentiment_votes_down_percentage",
    "coin.market_cap_rank",
    "coin.developer_data.code_additions_deletions_4_weeks.additions",
    "coin.developer_data.code_additions_deletions_4_weeks.deletions",
    "category.market_cap",
    "category.market_cap_change_24h",
    "category.volume_24h",
    "exchange.year_established",
    "exchange.country",
    "exchange.trust_score",
}
TYPE_QUIRKS: dict[str, tuple[type, ...]] = {
    "market.roi": (dict,),
    "coin.asset_platform_id": (str,),
    "coin.detail_platforms[].decimal_place": (int,),
    "coin.community_data.telegram_channel_user_count": (int,),
}
# Objects keyed by data (chains, currencies, coin symbols): every value is checked against the capture's values.
KEYED_BY_DATA = {"coin.platforms", "coin.detail_platforms", "global.data.market_cap_percentage"}
TRACKED_DETAILS = ("name", "symbol", "hashing_algorithm", "genesis_date", "categories")


def capture(name: str) -> Any:
    path = CAPTURES / name
    if not path.is_file():
        pytest.skip(f"reference capture {path} is not available (it lives outside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def assert_like(actual: Any, reference: Any, path: str) -> None:
    """`actual` uses only keys the reference has, with the reference's JSON types; JSON has one number type, so
    an integer may stand where the capture has a float (CoinGecko itself writes 70187 and 69702.3)."""
    if actual is None and (reference is None or path in NULLABLE):
        return
    if type(actual) in TYPE_QUIRKS.get(path, ()):
        return
    if is_number(reference):
        assert is_number(actual), f"{path}: {actual!r} is not a number"
        return
    assert type(actual) is type(reference), f"{path}: {type(actual).__name__} != {type(reference).__name__}"
    if isinstance(reference, dict) and path in KEYED_BY_DATA:
        sample = next(iter(reference.values()))
        for value in actual.values():
            assert_like(value, sample, f"{path}[]")
    elif isinstance(reference, dict):
        unknown = set(actual) - set(reference)
        assert not unknown, f"{path}: keys the real API does not send: {sorted(unknown)}"
        for key in actual:
            assert_like(actual[key], reference[key], f"{path}.{key}")
    elif isinstance(reference, list) and reference:
        for item in actual:
            assert_like(item, reference[0], f"{path}[]")


@dataclass
class Crawl:
    """Every crypto response the emulator serves for one day."""

    pages: list[list[dict[str, Any]]] = field(default_factory=list)
    coins: dict[str, dict[str, Any]] = field(default_factory=dict)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: list[dict[str, Any]] = field(default_factory=list)
    exchange_pages: list[list[dict[str, Any]]] = field(default_factory=list)
    global_data: dict[str, Any] = field(default_factory=dict)
    trending: dict[str, Any] = field(default_factory=dict)

    @property
    def markets(self) -> dict[str, dict[str, Any]]:
        return {coin["id"]: coin for page in self.pages for coin in page}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["crypto"]) as running:
        yield running


@pytest.fixture(scope="module")
def url(emulator: Emulator) -> str:
    return emulator.base_urls()["crypto"]["coingecko"]


@pytest.fixture(scope="module")
def crawls(emulator: Emulator, url: str) -> dict[str, Crawl]:
    result: dict[str, Crawl] = {}
    with requests.Session() as http:

        def get(path: str, **params: str) -> Any:
            response = http.get(f"{url}/{path}", params=params, timeout=5)
            assert response.status_code == 200, response.text
            assert response.headers["Content-Type"].startswith("application/json")
            return response.json()

        for day in crypto.DAYS:
            emulator.set_day(day)
            crawl = result[day] = Crawl()
            for page in range(1, 5):
                crawl.pages.append(
                    get(
                        "coins/markets",
                        vs_currency="usd",
                        per_page="25",
                        page=str(page),
                        price_change_percentage=CHANGE_WINDOWS,
                    )
                )
            for coin_id in SCENARIO.coin_ids:
                crawl.coins[coin_id] = get(f"coins/{coin_id}", **DETAIL_FLAGS)
            for coin_id in ("bitcoin", "tether", SCENARIO.renamed[0]):
                crawl.charts[coin_id] = get(
                    f"coins/{coin_id}/market_chart", vs_currency="usd", days="7", interval="daily"
                )
            crawl.categories = get("coins/categories")
            crawl.exchange_pages = [get("exchanges", per_page="10", page=str(page)) for page in (1, 2, 3)]
            crawl.global_data = get("global")
            crawl.trending = get("search/trending")
    emulator.set_day(DAY_ONE)
    return result


# pagination and parameters


def test_markets_pages_honour_per_page_and_page(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        assert [len(page) for page in crawl.pages] == [25, 25, 10, 0]
        ids = [coin["id"] for page in crawl.pages for coin in page]
        assert len(ids) == len(set(ids)) == 60 and set(ids) == set(SCENARIO.coin_ids)
        caps = [coin["market_cap"] for page in crawl.pages for coin in page]
        assert caps == sorted(caps, reverse=True)
        ranks = [coin["market_cap_rank"] for page in crawl.pages for coin in page]
        assert ranks == [*range(1, 60), None]


def test_markets_defaults_currencies_and_bad_requests(emulator: Emulator, url: str) -> None:
    emulator.set_day(DAY_ONE)
    markets = f"{url}/coins/markets"
    usd = requests.get(markets, params={"vs_currency": "usd"}, timeout=5).json()
    assert len(usd) == 60  # per_page defaults to 100, as on the real API
    assert not any(key.endswith("_in_currency") for key in usd[0])
    eur = requests.get(markets, params={"vs_currency": "EUR", "per_page": "3"}, timeout=5).json()
    assert [coin["id"] for coin in eur] == [coin["id"] for coin in usd[:3]]
    assert eur[1]["current_price"] == pytest.approx(usd[1]["current_price"] * FIAT_PER_USD["eur"], rel=1e-6)
    for params, message in (
        ({}, "Missing parameter vs_currency"),
        ({"vs_currency": "xyz"}, "invalid vs_currency"),
        ({"vs_currency": "usd", "per_page": "251"}, "per_page"),
        ({"vs_currency": "usd", "page": "0"}, "page"),
        ({"vs_currency": "usd", "order": "volume_desc"}, "order"),
    ):
        response = requests.get(markets, params=params, timeout=5)
        assert response.status_code == 400 and message in response.json()["error"], params


def test_exchanges_pages_of_ten_then_empty(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        assert [len(page) for page in crawl.exchange_pages] == [10, 10, 0]
        exchanges = [exchange for page in crawl.exchange_pages for exchange in page]
        assert {exchange["id"] for exchange in exchanges} == set(SCENARIO.exchange_ids)
        assert [exchange["trust_score_rank"] for exchange in exchanges] == list(range(1, 21))


def test_unknown_coins_and_unsupported_intervals_are_refused(url: str) -> None:
    missing = requests.get(f"{url}/coins/not-a-coin", params=DETAIL_FLAGS, timeout=5)
    assert (missing.status_code, missing.json()) == (404, {"error": "coin not found"})
    chart = f"{url}/coins/bitcoin/market_chart"
    assert (
        requests.get(f"{url}/coins/not-a-coin/market_chart", params={"vs_currency": "usd"}, timeout=5).status_code
        == 404
    )
    assert requests.get(chart, params={"vs_currency": "usd", "days": "0"}, timeout=5).status_code == 400
    assert (
        requests.get(chart, params={"vs_currency": "usd", "days": "2", "interval": "hourly"}, timeout=5).status_code
        == 400
    )
    assert requests.get(f"{url}/ping", timeout=5).json() == {"gecko_says": "(V3) To the Moon!"}


# shapes against the captures


def test_markets_items_are_shaped_like_the_capture(crawls: dict[str, Crawl]) -> None:
    real = capture("coingecko_coins_markets_docs_example.json")[0]
    for crawl in crawls.values():
        for coin in crawl.markets.values():
            # Same keys in the same order, then the asked-for windows, as CoinGecko appends them.
            assert list(coin) == [*real, *IN_CURRENCY_KEYS]
            assert_like({k: v for k, v in coin.items() if k in real}, real, "market")
            assert all(is_number(coin[key]) for key in IN_CURRENCY_KEYS)
    bitcoin = crawls[DAY_ONE].markets["bitcoin"]
    # The capture's odd types: big prices are JSON integers, other figures floats.
    assert isinstance(bitcoin["current_price"], int) and isinstance(bitcoin["price_change_24h"], float)
    hyperliquid = crawls[DAY_ONE].markets[SCENARIO.no_market_cap]
    assert (hyperliquid["market_cap"], hyperliquid["market_cap_rank"], hyperliquid["fully_diluted_valuation"]) == (
        0,
        None,
        None,
    )
    assert crawls[DAY_ONE].markets["ethereum"]["roi"]["currency"] == "btc"


def test_coin_details_are_shaped_like_the_capture(crawls: dict[str, Crawl]) -> None:
    real = capture("coingecko_coin_bitcoin_docs_example.json")
    real_order = list(real)
    for crawl in crawls.values():
        for coin_id, coin in crawl.coins.items():
            assert coin["id"] == coin_id
            assert_like(coin, real, "coin")
            # The capture's key order, minus the sections the flags switch off.
            assert list(coin) == [key for key in real_order if key in coin]
            assert not {"localization", "tickers", "market_data"} & set(coin)
            assert {"community_data", "developer_data", "categories", "links"} <= set(coin)
    bitcoin = crawls[DAY_ONE].coins["bitcoin"]
    assert bitcoin["platforms"] == {"": ""} and bitcoin["links"]["homepage"][1:] == ["", ""]
    assert crawls[DAY_ONE].coins[SCENARIO.no_market_cap]["links"]["homepage"] == ["", "", ""]
    for stablecoin in SCENARIO.stablecoins:
        assert crawls[DAY_ONE].coins[stablecoin]["sentiment_votes_up_percentage"] is None
    assert all(coin["community_data"]["facebook_likes"] is None for coin in crawls[DAY_ONE].coins.values())


def test_detail_flags_left_out_count_as_true(url: str) -> None:
    full = requests.get(f"{url}/coins/bitcoin", timeout=5).json()
    assert {"localization", "tickers", "market_data"} <= set(full)
    real = capture("coingecko_coin_bitcoin_docs_example.json")
    assert set(full["market_data"]) <= set(real["market_data"])
    bare = requests.get(f"{url}/coins/bitcoin", params={**DETAIL_FLAGS, "community_data": "false"}, timeout=5).json()
    assert "community_data" not in bare and "developer_data" in bare


def test_market_chart_is_shaped_like_the_capture_and_ends_with_the_markets_price(crawls: dict[str, Crawl]) -> None:
    real = capture("coingecko_market_chart_range_docs_example.json")
    for day, crawl in crawls.items():
        for coin_id, chart in crawl.charts.items():
            assert list(chart) == list(real)
            stamps = [point[0] for point in chart["prices"]]
            for series in chart.values():
                assert [point[0] for point in series] == stamps
                assert all(isinstance(point[0], int) and is_number(point[1]) for point in series)
            moments = [datetime.fromtimestamp(stamp / 1000, UTC) for stamp in stamps]
            # Seven 00:00 UTC snapshots ending on the as-of day, then the price at the snapshot time.
            assert len(moments) == 8 and all(m.hour == m.minute == m.second == 0 for m in moments[:7])
            assert moments[6].date().isoformat() == day and moments[7] > moments[6]
            assert chart["prices"][-1][1] == pytest.approx(crawl.markets[coin_id]["current_price"])
    # History does not change between as-of days: six of the seven days overlap and agree.
    one, two = crawls[DAY_ONE].charts["bitcoin"]["prices"], crawls[DAY_TWO].charts["bitcoin"]["prices"]
    assert one[1:7] == two[0:6]


def test_categories_exchanges_and_global_are_shaped_like_the_captures(crawls: dict[str, Crawl]) -> None:
    real_category = capture("coingecko_coins_categories_docs_example.json")[0]
    real_exchange = capture("coingecko_exchanges_docs_example.json")[0]
    real_global = capture("coingecko_global.json")
    for crawl in crawls.values():
        assert {category["name"] for category in crawl.categories} == set(SCENARIO.listed_categories)
        for category in crawl.categories:
            assert list(category) == list(real_category)
            assert_like(category, real_category, "category")
        empty = next(c for c in crawl.categories if c["name"] == SCENARIO.category_without_coins)
        assert (empty["market_cap"], empty["top_3_coins_id"], empty["volume_24h"]) == (None, [], None)
        assert crawl.categories[-1] is empty
        for exchange in (exchange for page in crawl.exchange_pages for exchange in page):
            assert list(exchange) == list(real_exchange)
            assert_like(exchange, real_exchange, "exchange")
        assert list(crawl.global_data["data"]) == list(real_global["data"])
        assert_like(crawl.global_data, real_global, "global")
        assert (
            len(crawl.global_data["data"]["total_market_cap"]) == len(crawl.global_data["data"]["total_volume"]) == 11
        )
        shares = crawl.global_data["data"]["market_cap_percentage"]
        assert set(shares) == set(real_global["data"]["market_cap_percentage"])
        assert sum(shares.values()) < 100


# The keys of /search/trending in the real API's order (no capture of it is in reference_responses/: these are
# the fields CoinGecko documents and public clients' recorded answers show).
TRENDING_ITEM_KEYS = [
    "id", "coin_id", "name", "symbol", "market_cap_rank", "thumb", "small", "large", "slug", "price_btc", "score",
    "data",
]  # fmt: skip
TRENDING_DATA_KEYS = [
    "price", "price_btc", "price_change_percentage_24h", "market_cap", "market_cap_btc", "total_volume",
    "total_volume_btc", "sparkline", "content",
]  # fmt: skip
TRENDING_CATEGORY_KEYS = ["id", "name", "market_cap_1h_change", "slug", "coins_count", "data"]
TRENDING_CATEGORY_DATA_KEYS = [
    "market_cap", "market_cap_btc", "total_volume", "total_volume_btc", "market_cap_change_percentage_24h", "sparkline",
]  # fmt: skip


def test_trending_is_shaped_like_the_real_answer(crawls: dict[str, Crawl]) -> None:
    for day, crawl in crawls.items():
        assert list(crawl.trending) == ["coins", "nfts", "categories"]
        assert crawl.trending["nfts"] == []
        items = [entry["item"] for entry in crawl.trending["coins"]]
        assert all(list(entry) == ["item"] for entry in crawl.trending["coins"])
        assert [item["id"] for item in items] == list(TRENDING_COINS[day])
        assert [item["score"] for item in items] == list(range(7))
        for item in items:
            assert list(item) == TRENDING_ITEM_KEYS and list(item["data"]) == TRENDING_DATA_KEYS
            assert isinstance(item["coin_id"], int) and item["symbol"] == item["symbol"].upper()
            assert is_number(item["price_btc"]) and is_number(item["data"]["price"])
            # CoinGecko's quirk: caps and volumes as "$1,234" text, BTC figures in `data` as text.
            assert re.fullmatch(r"\$\d{1,3}(,\d{3})*", item["data"]["market_cap"])
            assert re.fullmatch(r"\$\d{1,3}(,\d{3})*", item["data"]["total_volume"])
            assert all(
                isinstance(item["data"][key], str) for key in ("price_btc", "market_cap_btc", "total_volume_btc")
            )
            assert set(item["data"]["price_change_percentage_24h"]) == {*FIAT_PER_USD, "btc"}
            assert item["data"]["content"] is None or list(item["data"]["content"]) == ["title", "description"]
        for category in crawl.trending["categories"]:
            assert list(category) == TRENDING_CATEGORY_KEYS and list(category["data"]) == TRENDING_CATEGORY_DATA_KEYS
            assert isinstance(category["id"], int) and category["coins_count"] > 0
        assert len(crawl.trending["categories"]) == 3


def test_trending_agrees_with_the_markets_and_changes_from_day_to_day(crawls: dict[str, Crawl]) -> None:
    outsiders = {coin.id for coin in TRENDING_OUTSIDERS}
    for crawl in crawls.values():
        markets = crawl.markets
        for entry in crawl.trending["coins"]:
            item = entry["item"]
            if item["id"] in outsiders:
                assert item["id"] not in markets
                continue
            market = markets[item["id"]]
            assert item["market_cap_rank"] == market["market_cap_rank"]
            assert item["data"]["price"] == pytest.approx(market["current_price"])
            assert item["data"]["market_cap"] == f"${market['market_cap']:,}"
            change = item["data"]["price_change_percentage_24h"]["usd"]
            assert change == pytest.approx(market["price_change_percentage_24h"])
            assert item["price_btc"] == pytest.approx(market["current_price"] / markets["bitcoin"]["current_price"])
        trending = {entry["item"]["id"] for entry in crawl.trending["coins"]}
        # Each day names one coin outside our 60 and at least one on the markets pages but outside the top 50.
        assert len(trending & outsiders) == 1 and trending & set(SCENARIO.outside_top_n)
    one, two = ([e["item"]["id"] for e in crawls[day].trending["coins"]] for day in (DAY_ONE, DAY_TWO))
    assert one != two and set(one) & set(two) == {"solana", "bitcoin"}
    hyperliquid = next(
        e["item"] for e in crawls[DAY_ONE].trending["coins"] if e["item"]["id"] == SCENARIO.no_market_cap
    )
    assert (hyperliquid["market_cap_rank"], hyperliquid["data"]["market_cap"]) == (None, "$0")


# the documented days


def test_only_the_documented_coins_change_tracked_attributes(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    changed = {
        coin_id
        for coin_id in SCENARIO.coin_ids
        if any(one.coins[coin_id][key] != two.coins[coin_id][key] for key in TRACKED_DETAILS)
        or one.coins[coin_id]["links"]["homepage"] != two.coins[coin_id]["links"]["homepage"]
    }
    assert changed == {SCENARIO.renamed[0], SCENARIO.gained_category[0]}


def test_rename_and_gained_category(crawls: dict[str, Crawl]) -> None:
    coin_id, name_before, name_after, symbol_before, symbol_after = SCENARIO.renamed
    for day, name, symbol in ((DAY_ONE, name_before, symbol_before), (DAY_TWO, name_after, symbol_after)):
        assert (crawls[day].coins[coin_id]["name"], crawls[day].coins[coin_id]["symbol"]) == (name, symbol)
        assert (crawls[day].markets[coin_id]["name"], crawls[day].markets[coin_id]["symbol"]) == (name, symbol)
    coin_id, category = SCENARIO.gained_category
    before, after = crawls[DAY_ONE].coins[coin_id]["categories"], crawls[DAY_TWO].coins[coin_id]["categories"]
    assert category not in before and after == [*before, category]


def test_prices_move_and_ranks_change_as_documented(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE].markets, crawls[DAY_TWO].markets
    assert all(one[coin_id]["current_price"] != two[coin_id]["current_price"] for coin_id in SCENARIO.coin_ids)
    moved = {
        coin_id: (one[coin_id]["market_cap_rank"], two[coin_id]["market_cap_rank"])
        for coin_id in SCENARIO.coin_ids
        if one[coin_id]["market_cap_rank"] != two[coin_id]["market_cap_rank"]
    }
    assert moved == dict(SCENARIO.rank_changes)
    assert moved["solana"] == (6, 5) and moved["binancecoin"] == (5, 6)
    assert two["solana"]["price_change_percentage_24h"] == pytest.approx(12.0)
    top = {coin_id for coin_id, coin in one.items() if coin["market_cap_rank"] and coin["market_cap_rank"] <= 50}
    assert top == {
        coin_id for coin_id, coin in two.items() if coin["market_cap_rank"] and coin["market_cap_rank"] <= 50
    }
    assert top == set(SCENARIO.coin_ids) - set(SCENARIO.outside_top_n)


def test_exchange_rename_and_trust_rank_swap(crawls: dict[str, Crawl]) -> None:
    def by_id(day: str) -> dict[str, dict[str, Any]]:
        return {e["id"]: e for page in crawls[day].exchange_pages for e in page}

    one, two = by_id(DAY_ONE), by_id(DAY_TWO)
    exchange_id, before, after = SCENARIO.renamed_exchange
    assert (one[exchange_id]["name"], two[exchange_id]["name"]) == (before, after)
    first, second = SCENARIO.trust_rank_swap
    assert (one[first]["trust_score_rank"], one[second]["trust_score_rank"]) == (4, 5)
    assert (two[first]["trust_score_rank"], two[second]["trust_score_rank"]) == (5, 4)
    assert all(one[e]["trade_volume_24h_btc"] != two[e]["trade_volume_24h_btc"] for e in SCENARIO.exchange_ids)
    changed = {e for e in SCENARIO.exchange_ids if one[e]["name"] != two[e]["name"]}
    assert changed == {exchange_id}


def test_global_counts_move_as_documented(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE].global_data["data"], crawls[DAY_TWO].global_data["data"]
    assert (one["active_cryptocurrencies"], two["active_cryptocurrencies"]) == (16950, 16962)
    assert (one["markets"], two["markets"]) == (1195, 1196)
    assert one["total_market_cap"]["usd"] != two["total_market_cap"]["usd"]


def test_docstring_states_the_scenario() -> None:
    flat = " ".join((crypto.__doc__ or "").split())
    coin_id, name_before, name_after, symbol_before, symbol_after = SCENARIO.renamed
    assert f'{coin_id} "{name_before}" -> "{name_after}" and symbol "{symbol_before}" -> "{symbol_after}"' in flat
    assert f'{SCENARIO.gained_category[0]} gains "{SCENARIO.gained_category[1]}"' in flat
    for moved, (before, after) in SCENARIO.rank_changes.items():
        assert re.search(rf"\b{re.escape(moved)} {before} -> {after}\b", flat), moved
    outside = re.search(r"every coin but (.*?), on both days", flat)
    assert outside is not None
    assert re.split(r", | and ", outside.group(1)) == list(SCENARIO.outside_top_n)
    exchange_id, before, after = SCENARIO.renamed_exchange
    assert f'{exchange_id} renamed "{before}" -> "{after}"' in flat
    assert crypto.DAYS == ["2025-01-01", "2025-01-02"]
    for day, coins in TRENDING_COINS.items():
        assert f"{day}: {', '.join(coins)}" in flat
