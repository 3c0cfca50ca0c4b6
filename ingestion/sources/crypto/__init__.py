"""The `crypto` dlt source: the CoinGecko API v3 into `raw_crypto`.

Resources (all append-only; every root row carries the run's `as_of_date` and `_run_id`, so the raw schema keeps
each day's answers and dbt picks the latest load per coin and day):

- `coins_markets`: `/coins/markets` in `vs_currency`, `markets_per_page` coins a page until `max_coins` coins or a
  short page, with the 1 h / 24 h / 7 d / 30 d percent changes;
- `coin_details`: `/coins/{id}` for the coins of the day's detail plan (categories, sentiment, genesis date,
  hashing algorithm, links, community and developer data; no localization, tickers or market data), each row
  stamped with the `bulk_signal` (name and symbol on the markets pages) the coin had when read;
- `coin_market_chart`: `/coins/{id}/market_chart?days=chart_days&interval=daily` for the same coins, one row
  per point (timestamp_ms, price, market_cap, total_volume); every run re-reads `chart_days` days, so runs
  overlap and backfill missed days, and dbt keeps one row per coin and day;
- `coins_categories`: `/coins/categories` (category ids, names and their market figures);
- `exchanges`: `/exchanges`, `exchanges_per_page` a page until `max_exchanges` or a short page;
- `global_market`: `/global` (market totals in every currency, top coins' share of the market);
- `trending`: `/search/trending`, one row a day with the child tables `trending__coins` (the most searched coins
  in order, figures as text: CoinGecko writes caps and volumes as "$1,234"), their 24 h changes per currency
  (`trending__coins__price_change_percentage_24h`), `trending__nfts` and `trending__categories` (with
  `trending__categories__market_cap_change_percentage_24h`).

Details and charts cost two requests a coin, so they follow a daily plan (`ingestion.refresh`): `coin_ids` first,
then coins never detailed (by market cap rank), then coins whose name or symbol moved on the markets pages, then
the stalest, within the API's `daily_budget` and at most `top_n` coins beyond `coin_ids` (none when `coin_ids`
is given without `top_n`). Every coin of the markets pages gets its daily row either way.

Credentials are optional: a demo key in `sources.crypto.coingecko.demo_api_key` travels in the
`x-cg-demo-api-key` header; a pro key in `sources.crypto.coingecko.pro_api_key` travels in `x-cg-pro-api-key`
and switches the public base URL to the pro host. Without a key the public API and its limits apply. Keys are
registered with the HTTP client as secrets, so they never show in a log line, URL or error.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import dlt
from dlt.sources import DltResource

from ingestion.http import ApiClient, ApiConfig, iter_pages
from ingestion.params import check_values
from ingestion.refresh import DetailPlan, Refreshed
from ingestion.settings import RATE_LIMIT_SETTINGS, configured_values, secret_value
from ingestion.sources.crypto import helpers
from ingestion.sources.crypto.plans import RESOURCES, coin_detail_plan, plan_calls
from ingestion.sources.crypto.settings import (
    API_NAME,
    APIS,
    CATEGORIES_ENDPOINT,
    COIN_DETAIL_PARAMS,
    COIN_ENDPOINT,
    DEFAULT_CHART_DAYS,
    DEFAULT_EXCHANGES_PER_PAGE,
    DEFAULT_MARKETS_PER_PAGE,
    DEFAULT_MAX_COINS,
    DEFAULT_MAX_EXCHANGES,
    DEFAULT_VS_CURRENCY,
    DEMO_KEY_HEADER,
    DEMO_KEY_SETTING,
    DEMO_RATE_LIMIT,
    EXCHANGES_ENDPOINT,
    GLOBAL_ENDPOINT,
    MARKET_CHART_ENDPOINT,
    MARKETS_ENDPOINT,
    PARAMS,
    PRICE_CHANGE_WINDOWS,
    PRO_BASE_URL,
    PRO_KEY_HEADER,
    PRO_KEY_SETTING,
    PUBLIC_BASE_URL,
    TRENDING_ENDPOINT,
    VERTICAL,
)
from ingestion.sources.payloads import Quarantined, nested_columns, one_record_per_answer
from ingestion.verticals import DetailTable, VerticalSpec

__all__ = ["SPEC", "apply_credentials", "crypto_source"]

# Column hints are the raw contract the staging models rely on. CoinGecko writes whole numbers as JSON integers
# (bitcoin's price is 70187, most prices are floats), so every measure is pinned to double: otherwise dlt would
# type a column by the first value it sees and put later floats in a variant column. Hints also create the
# optional columns (max_supply, roi, sentiment, ...) even when no row of a load has a value.
DOUBLE, BIGINT, TEXT, TIMESTAMP, DATE, BOOL = "double", "bigint", "text", "timestamp", "date", "bool"
STAMPS = {"as_of_date": DATE, "_run_id": TEXT}
REQUIRED = frozenset({"as_of_date", "_run_id", "coin_id", "vs_currency", "timestamp_ms", "id"})


def column_hints(types: Mapping[str, str], required: frozenset[str] = REQUIRED) -> dict[str, dict[str, Any]]:
    """One fresh hint per column: dlt writes the column name into each hint it is given, so a hint object shared
    by two columns would merge them."""
    return {
        name: {"data_type": data_type, **({"nullable": False} if name in required else {})}
        for name, data_type in types.items()
    }


MARKETS_HINTS = column_hints(
    {
        **STAMPS,
        "id": TEXT,
        "vs_currency": TEXT,
        "symbol": TEXT,
        "name": TEXT,
        "image": TEXT,
        "market_cap_rank": BIGINT,
        **dict.fromkeys(
            (
                "current_price",
                "market_cap",
                "fully_diluted_valuation",
                "total_volume",
                "high_24h",
                "low_24h",
                "price_change_24h",
                "price_change_percentage_24h",
                "market_cap_change_24h",
                "market_cap_change_percentage_24h",
                "circulating_supply",
                "total_supply",
                "max_supply",
                "ath",
                "ath_change_percentage",
                "atl",
                "atl_change_percentage",
                "roi__times",
                "roi__percentage",
                *(f"price_change_percentage_{window}_in_currency" for window in PRICE_CHANGE_WINDOWS),
            ),
            DOUBLE,
        ),
        "roi__currency": TEXT,
        "ath_date": TIMESTAMP,
        "atl_date": TIMESTAMP,
        "last_updated": TIMESTAMP,
    }
)
DETAILS_HINTS = column_hints(
    {
        **STAMPS,
        "coin_id": TEXT,
        "symbol": TEXT,
        "name": TEXT,
        "asset_platform_id": TEXT,
        "hashing_algorithm": TEXT,
        "genesis_date": TEXT,
        "country_origin": TEXT,
        "public_notice": TEXT,
        "block_time_in_minutes": BIGINT,
        "watchlist_portfolio_users": BIGINT,
        "market_cap_rank": BIGINT,
        "sentiment_votes_up_percentage": DOUBLE,
        "sentiment_votes_down_percentage": DOUBLE,
        "links__whitepaper": TEXT,
        "links__subreddit_url": TEXT,
        "links__twitter_screen_name": TEXT,
        "links__snapshot_url": TEXT,
        "links__bitcointalk_thread_identifier": BIGINT,
        "community_data__facebook_likes": BIGINT,
        # Gone from today's API, still in older answers.
        "community_data__twitter_followers": BIGINT,
        "community_data__reddit_subscribers": BIGINT,
        "community_data__reddit_average_posts_48h": DOUBLE,
        "community_data__reddit_average_comments_48h": DOUBLE,
        "community_data__reddit_accounts_active_48h": DOUBLE,
        "community_data__telegram_channel_user_count": BIGINT,
        **dict.fromkeys(
            (
                f"developer_data__{column}"
                for column in (
                    "forks",
                    "stars",
                    "subscribers",
                    "total_issues",
                    "closed_issues",
                    "pull_requests_merged",
                    "pull_request_contributors",
                    "code_additions_deletions_4_weeks__additions",
                    "code_additions_deletions_4_weeks__deletions",
                    "commit_count_4_weeks",
                )
            ),
            BIGINT,
        ),
        "last_updated": TIMESTAMP,
    },
    # The body's own `id` is checked against coin_id by the parser; only the requested id is required here.
    required=REQUIRED - {"id"},
)
CHART_HINTS = column_hints(
    {
        **STAMPS,
        "coin_id": TEXT,
        "vs_currency": TEXT,
        "chart_days": BIGINT,
        "timestamp_ms": BIGINT,
        "price": DOUBLE,
        "market_cap": DOUBLE,
        "total_volume": DOUBLE,
    }
)
CATEGORIES_HINTS = column_hints(
    {
        **STAMPS,
        "id": TEXT,
        "name": TEXT,
        "content": TEXT,
        "market_cap": DOUBLE,
        "market_cap_change_24h": DOUBLE,
        "volume_24h": DOUBLE,
        "updated_at": TIMESTAMP,
    }
)
EXCHANGES_HINTS = column_hints(
    {
        **STAMPS,
        "id": TEXT,
        "name": TEXT,
        "year_established": BIGINT,
        "country": TEXT,
        "description": TEXT,
        "url": TEXT,
        "image": TEXT,
        "has_trading_incentive": BOOL,
        "trust_score": BIGINT,
        "trust_score_rank": BIGINT,
        "trade_volume_24h_btc": DOUBLE,
        "trade_volume_24h_btc_normalized": DOUBLE,
    }
)
GLOBAL_HINTS = column_hints(
    {
        **STAMPS,
        "vs_currency": TEXT,
        "active_cryptocurrencies": BIGINT,
        "upcoming_icos": BIGINT,
        "ongoing_icos": BIGINT,
        "ended_icos": BIGINT,
        "markets": BIGINT,
        "market_cap_change_percentage_24h_usd": DOUBLE,
        # Epoch seconds.
        "updated_at": BIGINT,
    }
)

# Child tables of /search/trending. The parser hands every figure over as text (CoinGecko sends caps and volumes
# as "$1,234", prices as numbers), so a column is typed once whatever a day sends; staging parses them.
TRENDING_NESTED_HINTS: dict[Any, Any] = {
    "coins": {
        "columns": nested_columns(
            **{
                **dict.fromkeys(("id", "name", "symbol", "thumb", "small", "large", "slug", "price_btc"), TEXT),
                **dict.fromkeys(("coin_id", "market_cap_rank", "score"), BIGINT),
                **{f"data__{figure}": TEXT for figure in helpers.TRENDING_COIN_FIGURES},
                **dict.fromkeys(("data__sparkline", "data__content__title", "data__content__description"), TEXT),
            }
        )
    },
    ("coins", "price_change_percentage_24h"): {"columns": nested_columns(currency=TEXT, percentage=DOUBLE)},
    "nfts": {
        "columns": nested_columns(
            **{
                **dict.fromkeys(("id", "name", "symbol", "native_currency_symbol"), TEXT),
                "nft_contract_id": BIGINT,
                **dict.fromkeys(("floor_price_in_native_currency", "floor_price_24h_percentage_change"), TEXT),
                **dict.fromkeys(("data__floor_price", "data__h24_volume"), TEXT),
            }
        )
    },
    "categories": {
        "columns": nested_columns(
            **{
                "id": BIGINT,
                "coins_count": BIGINT,
                **dict.fromkeys(("name", "slug", "market_cap_1h_change", "data__sparkline"), TEXT),
                **{f"data__{figure}": TEXT for figure in helpers.TRENDING_CATEGORY_FIGURES},
            }
        )
    },
    ("categories", "market_cap_change_percentage_24h"): {"columns": nested_columns(currency=TEXT, percentage=DOUBLE)},
}


def _paged(
    client: ApiClient,
    path: str,
    endpoint: str,
    resource: str,
    params: Mapping[str, Any],
    per_page: int,
    limit: int,
    parse: Callable[[Any], list[helpers.Entry]],
) -> list[helpers.Entry]:
    """Every record of a `page`/`per_page` endpoint up to `limit`: stops at the limit, or at a short or empty page
    (CoinGecko answers [] past the end)."""

    def fetch(page: int) -> list[helpers.Entry]:
        body = client.get_json(
            path, {**params, "per_page": per_page, "page": page}, endpoint=endpoint, resource=resource
        )
        return parse(body)

    records: list[helpers.Entry] = []
    for page in iter_pages(
        fetch, first_page=1, max_pages=math.ceil(limit / per_page), is_last=lambda rows, _: len(rows) < per_page
    ):
        records.extend(page)
    return records[:limit]


class Markets:
    """The /coins/markets pages, fetched once per run and shared by the markets resource and the selection."""

    def __init__(self, client: ApiClient, vs_currency: str, max_coins: int, per_page: int) -> None:
        self._client = client
        self._vs_currency = vs_currency
        self._max_coins = max_coins
        self._per_page = per_page

    @property
    def coins(self) -> list[dict[str, Any]]:
        """The coins of the pages, without the entries quarantined."""
        return [entry for entry in self.entries if not isinstance(entry, Quarantined)]

    @functools.cached_property
    def entries(self) -> list[helpers.Entry]:
        params = {
            "vs_currency": self._vs_currency,
            "order": "market_cap_desc",
            "sparkline": "false",
            "price_change_percentage": ",".join(PRICE_CHANGE_WINDOWS),
        }
        return _paged(
            self._client,
            "coins/markets",
            MARKETS_ENDPOINT,
            "coins_markets",
            params,
            self._per_page,
            self._max_coins,
            helpers.markets_page_rows,
        )


@dlt.source(name="crypto", max_table_nesting=2)
def crypto_source(
    clients: Mapping[str, ApiClient],
    as_of_date: str,
    run_id: str,
    vs_currency: str = DEFAULT_VS_CURRENCY,
    max_coins: int = DEFAULT_MAX_COINS,
    markets_per_page: int = DEFAULT_MARKETS_PER_PAGE,
    top_n: int | None = None,
    coin_ids: Sequence[str] | None = None,
    chart_days: int = DEFAULT_CHART_DAYS,
    max_exchanges: int = DEFAULT_MAX_EXCHANGES,
    exchanges_per_page: int = DEFAULT_EXCHANGES_PER_PAGE,
    refreshed: Mapping[str, Mapping[Hashable, Refreshed]] | None = None,
) -> Sequence[DltResource]:
    """CoinGecko for one as-of date; `clients` maps the API name in `settings.APIS` to its client and `refreshed`
    holds what the warehouse already has of each coin's details (`ingestion.refresh`)."""
    # Runs check these in `resolve_params` already; a direct caller (a notebook, a test) gets the same checks.
    checked = check_values(
        VERTICAL,
        PARAMS,
        {
            "vs_currency": vs_currency,
            "max_coins": max_coins,
            "markets_per_page": markets_per_page,
            "top_n": top_n,
            "coin_ids": coin_ids or [],
            "chart_days": chart_days,
            "max_exchanges": max_exchanges,
            "exchanges_per_page": exchanges_per_page,
        },
    )
    vs_currency, coin_ids, chart_days = checked["vs_currency"], checked["coin_ids"], checked["chart_days"]
    max_coins, markets_per_page, top_n = checked["max_coins"], checked["markets_per_page"], checked["top_n"]
    max_exchanges, exchanges_per_page = checked["max_exchanges"], checked["exchanges_per_page"]
    coingecko = clients[API_NAME]
    markets = Markets(coingecko, vs_currency, max_coins, markets_per_page)

    @functools.cache
    def detail_plan() -> DetailPlan:
        history = (refreshed or {}).get(API_NAME, {})
        return coin_detail_plan(lambda: markets.coins, coingecko.config, history, top_n=top_n, coin_ids=coin_ids)

    def stamped(row: Mapping[str, Any] | Quarantined, signal: str | None = None) -> Any:
        if isinstance(row, Quarantined):
            return row
        # The bulk signal the coin had when detailed: the next run compares it with the markets pages'.
        signed = {"bulk_signal": signal} if signal is not None else {}
        return {**row, **signed, "as_of_date": as_of_date, "_run_id": run_id}

    @dlt.resource(name="coins_markets", write_disposition="append", columns=MARKETS_HINTS)
    def coins_markets() -> Iterator[list[Any]]:
        yield [
            entry if isinstance(entry, Quarantined) else stamped({**entry, "vs_currency": vs_currency})
            for entry in markets.entries
        ]

    @dlt.resource(name="selected_coins", selected=False)
    def selected_coins() -> Iterator[str]:
        yield from detail_plan().chosen

    @dlt.transformer(data_from=selected_coins, name="coin_details", columns=DETAILS_HINTS)
    @one_record_per_answer(key_of=lambda coin_id: coin_id)
    def coin_details(coin_id: str) -> Iterator[Any]:
        body = coingecko.get_json(
            f"coins/{quote(coin_id, safe='')}", COIN_DETAIL_PARAMS, endpoint=COIN_ENDPOINT, resource="coin_details"
        )
        yield stamped(helpers.coin_details_row(body, coin_id), detail_plan().signal(coin_id))

    @dlt.transformer(data_from=selected_coins, name="coin_market_chart", columns=CHART_HINTS)
    @one_record_per_answer(key_of=lambda coin_id: coin_id)
    def coin_market_chart(coin_id: str) -> Iterator[Any]:
        body = coingecko.get_json(
            f"coins/{quote(coin_id, safe='')}/market_chart",
            {"vs_currency": vs_currency, "days": chart_days, "interval": "daily"},
            endpoint=MARKET_CHART_ENDPOINT,
            resource="coin_market_chart",
        )
        yield [
            stamped({**point, "vs_currency": vs_currency, "chart_days": chart_days})
            for point in helpers.market_chart_rows(body, coin_id)
        ]

    @dlt.resource(name="coins_categories", write_disposition="append", columns=CATEGORIES_HINTS)
    def coins_categories() -> Iterator[list[dict[str, Any]]]:
        body = coingecko.get_json(
            "coins/categories", {"order": "market_cap_desc"}, endpoint=CATEGORIES_ENDPOINT, resource="coins_categories"
        )
        yield [stamped(category) for category in helpers.categories_rows(body)]

    @dlt.resource(name="exchanges", write_disposition="append", columns=EXCHANGES_HINTS)
    def exchanges() -> Iterator[list[dict[str, Any]]]:
        records = _paged(
            coingecko,
            "exchanges",
            EXCHANGES_ENDPOINT,
            "exchanges",
            {},
            exchanges_per_page,
            max_exchanges,
            helpers.exchanges_page_rows,
        )
        yield [stamped(exchange) for exchange in records]

    @dlt.resource(name="global_market", write_disposition="append", columns=GLOBAL_HINTS)
    def global_market() -> Iterator[dict[str, Any]]:
        body = coingecko.get_json("global", endpoint=GLOBAL_ENDPOINT, resource="global_market")
        yield stamped({**helpers.global_row(body), "vs_currency": vs_currency})

    @dlt.resource(
        name="trending",
        write_disposition="append",
        columns=column_hints(STAMPS),
        nested_hints=TRENDING_NESTED_HINTS,
    )
    def trending() -> Iterator[dict[str, Any]]:
        body = coingecko.get_json("search/trending", endpoint=TRENDING_ENDPOINT, resource="trending")
        yield stamped(helpers.trending_row(body))

    return (coins_markets, coin_details, coin_market_chart, coins_categories, exchanges, global_market, trending)


def apply_credentials(config: ApiConfig, replay: bool) -> ApiConfig:
    """The CoinGecko config with the configured key, if any: a pro key (with the pro host, unless the base URL was
    pointed elsewhere or this is a replay) wins over a demo key, which paces at the demo plan's `DEMO_RATE_LIMIT`
    unless a rate limit is configured (or pacing is off, as in replays); no key leaves the public API untouched."""
    pro_key = secret_value(PRO_KEY_SETTING)
    demo_key = secret_value(DEMO_KEY_SETTING)
    rate_limit = config.rate_limit
    if pro_key:
        header, key = PRO_KEY_HEADER, pro_key
        on_public_host = config.base_url.rstrip("/") == PUBLIC_BASE_URL
        base_url = PRO_BASE_URL if on_public_host and not replay else config.base_url
    elif demo_key:
        header, key, base_url = DEMO_KEY_HEADER, demo_key, config.base_url
        configured = configured_values(f"sources.{VERTICAL}.{API_NAME}")
        if rate_limit is not None and not RATE_LIMIT_SETTINGS.intersection(configured):
            rate_limit = DEMO_RATE_LIMIT
    else:
        return config
    return dataclasses.replace(
        config,
        base_url=base_url,
        rate_limit=rate_limit,
        headers={**config.headers, header: key},
        secrets=(*config.secrets, key),
    )


SPEC = VerticalSpec(
    name=VERTICAL,
    description="CoinGecko: coins, categories, exchanges, daily market metrics, price history and trending searches",
    apis=APIS,
    make_source=crypto_source,
    params=PARAMS,
    # The emulator's 60 coins over three market pages and 20 exchanges over two; details and charts for the top
    # 50, so the ten smallest coins exercise coins without details; a week of history, so days overlap.
    replay_params={
        "max_coins": 100,
        "markets_per_page": 25,
        "top_n": 50,
        "chart_days": 7,
        "max_exchanges": 100,
        "exchanges_per_page": 10,
    },
    apply_credentials=apply_credentials,
    # Coins: every coin of the markets pages plus any coin fetched in detail.
    entity_keys={"coins_markets": ("id",), "coin_details": ("id",)},
    detail_tables={API_NAME: DetailTable("coin_details", "coin_id")},
    catalogue_table=DetailTable("coins_markets", "id"),
    resources=RESOURCES,
    plan_calls=plan_calls,
)
