"""Which coins CoinGecko details on an as-of date, and the requests a run is expected to make."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from ingestion.http import ApiConfig
from ingestion.plan import BULK, DETAIL, EndpointCalls, ResourceCalls
from ingestion.refresh import DetailPlan, Refreshed, bulk_signal, daily_budget, plan_details
from ingestion.sources.crypto import helpers
from ingestion.sources.crypto.settings import (
    API_NAME,
    CATEGORIES_ENDPOINT,
    COIN_ENDPOINT,
    DETAIL_REQUESTS_PER_COIN,
    EXCHANGES_ENDPOINT,
    GLOBAL_ENDPOINT,
    MARKET_CHART_ENDPOINT,
    MARKETS_ENDPOINT,
    SIGNAL_FIELDS,
    TRENDING_ENDPOINT,
)
from ingestion.verticals import PlanInputs

RESOURCES = {
    "coins_markets": ResourceCalls(API_NAME, MARKETS_ENDPOINT, BULK),
    "coins_categories": ResourceCalls(API_NAME, CATEGORIES_ENDPOINT, BULK),
    "exchanges": ResourceCalls(API_NAME, EXCHANGES_ENDPOINT, BULK),
    "global_market": ResourceCalls(API_NAME, GLOBAL_ENDPOINT, BULK),
    "trending": ResourceCalls(API_NAME, TRENDING_ENDPOINT, BULK),
    "coin_details": ResourceCalls(API_NAME, COIN_ENDPOINT, DETAIL),
    "coin_market_chart": ResourceCalls(API_NAME, MARKET_CHART_ENDPOINT, DETAIL),
}
DETAIL_RESOURCES = ("coin_details", "coin_market_chart")
# One request each a run.
SINGLE_REQUEST_RESOURCES = ("coins_categories", "global_market", "trending")


def coin_detail_plan(
    markets: Callable[[], Sequence[Mapping[str, Any]]],
    config: ApiConfig,
    history: Mapping[Hashable, Refreshed],
    *,
    top_n: int | None,
    coin_ids: Sequence[str],
) -> DetailPlan:
    """The coins to detail (and chart) today: `coin_ids` first, then coins never detailed by market cap rank,
    then those whose name or symbol moved on the markets pages, then the stalest, within the daily budget and at
    most `top_n` beyond `coin_ids` (none when `coin_ids` is given without `top_n`, and the markets pages are not
    needed to decide)."""
    extra = top_n if top_n is not None else (0 if coin_ids else None)
    coins = markets() if extra != 0 else []
    by_id = {coin["id"]: coin for coin in coins}
    candidates: dict[Hashable, str | None] = {
        coin_id: bulk_signal(by_id[coin_id], SIGNAL_FIELDS) for coin_id in helpers.top_coin_ids(coins, len(coins))
    }
    budget = daily_budget(
        API_NAME,
        config.daily_budget,
        DETAIL_REQUESTS_PER_COIN,
        candidates=len(candidates),
        pinned=len(set(coin_ids)),
        extra=extra,
    )
    return plan_details(budget, candidates, history, pinned=coin_ids)


def plan_calls(inputs: PlanInputs) -> list[EndpointCalls]:
    """The run's requests before it starts: the markets and exchanges pages the last run read (at most what
    `max_coins` and `max_exchanges` allow when no run has yet), and the detail plan over the coins the warehouse's
    newest markets pages list (how many coins it reaches, not which: names and symbols are not read back here)."""
    params = inputs.params

    def pages(resource: str, limit: int, per_page: int) -> EndpointCalls:
        ceiling = math.ceil(limit / per_page)
        read = inputs.last_requests.get(resource)
        return EndpointCalls(resource, RESOURCES[resource], min(read, ceiling) if read else ceiling, not read)

    plan = coin_detail_plan(
        lambda: [{"id": key, "market_cap_rank": rank} for rank, key in enumerate(inputs.catalogue, start=1)],
        inputs.configs[API_NAME],
        inputs.refreshed.get(API_NAME, {}),
        top_n=params.get("top_n"),
        coin_ids=params.get("coin_ids") or (),
    )
    calls = [
        pages("coins_markets", params["max_coins"], params["markets_per_page"]),
        pages("exchanges", params["max_exchanges"], params["exchanges_per_page"]),
    ]
    calls.extend(EndpointCalls(resource, RESOURCES[resource], 1) for resource in SINGLE_REQUEST_RESOURCES)
    calls.extend(EndpointCalls(resource, RESOURCES[resource], len(plan.chosen)) for resource in DETAIL_RESOURCES)
    return calls
