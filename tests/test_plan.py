"""The run plan per API (`ingestion.plan`) and the gaming, crypto and media estimates it rests on
(`sources/*/plans.py`)."""

from __future__ import annotations

import dataclasses

import pytest

from ingestion.http import ApiConfig, RateLimit
from ingestion.plan import BULK, DETAIL, EndpointCalls, ResourceCalls, actual_requests, api_plans, expected_seconds
from ingestion.plan import render as render_plan
from ingestion.refresh import Refreshed, bulk_signal
from ingestion.sources.crypto.plans import coin_detail_plan
from ingestion.sources.crypto.plans import plan_calls as crypto_plan_calls
from ingestion.sources.gaming.plans import RESOURCES, DetailPlans, plan_calls
from ingestion.sources.media.plans import plan_calls as media_plan_calls
from ingestion.verticals import PlanInputs

STEAMSPY = ApiConfig(
    name="steamspy",
    base_url="https://steamspy.com",
    rate_limit=RateLimit(requests=1, per_seconds=1),
    endpoint_rate_limits={"all": RateLimit(requests=1, per_seconds=60)},
    daily_budget=4,
)
STORE = ApiConfig(
    name="steam_store",
    base_url="https://store.steampowered.com",
    rate_limit=RateLimit(requests=200, per_seconds=300, burst=5),
    daily_budget=6,
)
WEB = ApiConfig(name="steam_web", base_url="https://api.steampowered.com", daily_budget=None)
CONFIGS = {"steamspy": STEAMSPY, "steam_store": STORE, "steam_web": WEB}


def test_the_slowest_bucket_sets_the_expected_time() -> None:
    # Ten catalogue pages at one a minute outlast 100 appdetails at one a second: the first page is free.
    assert expected_seconds(STEAMSPY, {"all": 10, "appdetails": 100}) == pytest.approx(9 * 60)
    assert expected_seconds(STEAMSPY, {"all": 1, "appdetails": 300}) == pytest.approx(300)
    # Five back to back, then 0.667 a second.
    assert expected_seconds(STORE, {"appdetails": 105}) == pytest.approx(150)
    assert expected_seconds(WEB, {"current_players": 10_000}) == 0


def test_api_lines_split_bulk_and_detail_and_say_the_share_of_a_day() -> None:
    calls = [
        EndpointCalls("steamspy_apps", RESOURCES["steamspy_apps"], 50, at_most=True),
        EndpointCalls("steamspy_app_details", RESOURCES["steamspy_app_details"], 8590),
        EndpointCalls("steam_app_details", RESOURCES["steam_app_details"], 7200),
        EndpointCalls("steam_app_reviews", RESOURCES["steam_app_reviews"], 7200),
    ]
    plans = {plan.api: plan for plan in api_plans(calls, CONFIGS)}
    assert (plans["steamspy"].bulk, plans["steamspy"].detail, plans["steamspy"].at_most) == (50, 8590, True)
    assert plans["steamspy"].day_share == pytest.approx(8640 / 86_400)
    assert plans["steam_store"].requests == 14_400 and not plans["steam_store"].at_most
    assert plans["steam_store"].day_share == pytest.approx(14_400 / (200 / 300 * 86_400))
    assert plans["steam_web"].requests == 0 and plans["steam_web"].day_share is None
    table = render_plan("gaming", "2025-01-02", plans.values(), "catalogue of 50000 as last landed").splitlines()
    assert table[0] == "plan gaming for 2025-01-02 (catalogue of 50000 as last landed)"
    assert table[2].split() == ["steamspy", "50", "8590", "<=8640", "2h23m", "10.0%"]
    assert table[3].split() == ["steam_store", "0", "14400", "14400", "5h59m", "25.0%"]
    assert table[4].split() == ["steam_web", "0", "0", "0", "0s", "not", "paced"]


def test_actual_requests_are_counted_per_api_and_kind() -> None:
    resources = {"pages": ResourceCalls("tmdb", "pages", BULK), "details": ResourceCalls("tmdb", "details", DETAIL)}
    made = actual_requests({"pages": 11, "details": 66, "unmapped": 5}, resources)
    assert made == {"tmdb": {BULK: 11, DETAIL: 66}}


def test_a_resource_kind_is_bulk_or_detail() -> None:
    with pytest.raises(ValueError, match="'bulk' or 'detail'"):
        ResourceCalls("tmdb", "pages", "paged")


def inputs(**overrides: object) -> PlanInputs:
    values: dict = {
        "params": {"steamspy_max_pages": 100, "top_n": None, "app_ids": []},
        "as_of_date": "2025-01-03",
        "configs": CONFIGS,
        "refreshed": {},
        "catalogue": list(range(1, 11)),
        "last_requests": {"steamspy_apps": 2},
    }
    values.update(overrides)
    return PlanInputs(**values)


def planned(calls: list[EndpointCalls]) -> dict[str, tuple[int, bool]]:
    return {call.resource: (call.requests, call.at_most) for call in calls}


def test_gaming_plans_each_api_over_the_catalogue_the_warehouse_holds() -> None:
    # SteamSpy's budget: four appdetails; the store's: six requests, three apps (details and reviews); the Web
    # API has no budget: every app of the catalogue.
    assert planned(plan_calls(inputs())) == {
        "steamspy_apps": (2, False),
        "steamspy_app_details": (4, False),
        "steam_app_details": (3, False),
        "steam_app_reviews": (3, False),
        "steam_current_players": (10, False),
    }


def test_gaming_plan_caps_at_top_n_and_takes_new_apps_before_stale_ones() -> None:
    read_before = {"steam_web": {key: Refreshed("2025-01-02") for key in range(1, 8)}}
    params = {"steamspy_max_pages": 100, "top_n": 4, "app_ids": []}
    plans = DetailPlans(
        lambda: [{"appid": key} for key in range(1, 11)], CONFIGS, read_before, top_n=4, app_ids=()
    ).by_api
    assert plans["steam_web"].chosen == (8, 9, 10, 1)
    calls = planned(plan_calls(inputs(refreshed=read_before, params=params)))
    assert calls["steam_current_players"] == (4, False)
    calls = planned(plan_calls(inputs(refreshed=read_before)))
    assert calls["steam_current_players"] == (10, False)


def test_before_the_first_run_the_pages_are_a_ceiling() -> None:
    calls = planned(plan_calls(inputs(catalogue=[], last_requests={})))
    assert calls["steamspy_apps"] == (100, True)
    assert calls["steam_app_details"] == (0, False)


COINGECKO = ApiConfig(
    name="coingecko",
    base_url="https://api.coingecko.com/api/v3",
    rate_limit=RateLimit(requests=10, per_seconds=61),
    daily_budget=8,
)
CRYPTO_PARAMS = {
    "max_coins": 1_000,
    "markets_per_page": 250,
    "max_exchanges": 100,
    "exchanges_per_page": 100,
    "top_n": None,
    "coin_ids": [],
}


def crypto_inputs(**overrides: object) -> PlanInputs:
    values: dict = {
        "params": CRYPTO_PARAMS,
        "as_of_date": "2025-01-03",
        "configs": {"coingecko": COINGECKO},
        "refreshed": {},
        "catalogue": [f"coin-{number}" for number in range(10)],
        "last_requests": {"coins_markets": 3, "exchanges": 1},
    }
    values.update(overrides)
    return PlanInputs(**values)


def test_crypto_plans_the_markets_pages_read_and_two_requests_per_coin_of_the_budget() -> None:
    # A budget of eight requests details and charts four of the ten coins landed.
    assert planned(crypto_plan_calls(crypto_inputs())) == {
        "coins_markets": (3, False),
        "exchanges": (1, False),
        "coins_categories": (1, False),
        "global_market": (1, False),
        "trending": (1, False),
        "coin_details": (4, False),
        "coin_market_chart": (4, False),
    }
    plans = {plan.api: plan for plan in api_plans(crypto_plan_calls(crypto_inputs()), {"coingecko": COINGECKO})}
    assert (plans["coingecko"].bulk, plans["coingecko"].detail) == (7, 8)


def test_crypto_plan_pins_coin_ids_and_caps_at_top_n() -> None:
    pinned = {**CRYPTO_PARAMS, "coin_ids": ["bitcoin"], "top_n": 1}
    calls = planned(crypto_plan_calls(crypto_inputs(params=pinned)))
    assert calls["coin_details"] == (2, False)
    # coin_ids without top_n: only they are detailed.
    only_pinned = {**CRYPTO_PARAMS, "coin_ids": ["bitcoin", "ethereum"]}
    assert planned(crypto_plan_calls(crypto_inputs(params=only_pinned)))["coin_market_chart"] == (2, False)


def test_crypto_plan_before_the_first_run_gives_page_ceilings_and_no_details() -> None:
    calls = planned(crypto_plan_calls(crypto_inputs(catalogue=[], last_requests={})))
    assert calls["coins_markets"] == (4, True)
    assert calls["exchanges"] == (1, True)
    assert calls["coin_details"] == (0, False)


def test_crypto_details_go_to_pinned_then_new_coins_by_rank_then_renamed_ones() -> None:
    detailed = {
        key: Refreshed("2025-01-02", bulk_signal({"name": key, "symbol": key}, ("name", "symbol"))) for key in "abc"
    }
    coins = [{"id": key, "market_cap_rank": rank, "name": key, "symbol": key} for rank, key in enumerate("abcdef", 1)]
    coins[2]["name"] = "c renamed"
    # Ranks 6, 5, 4 served in reverse order: new coins are taken by rank, not by page order.
    coins[3:] = reversed(coins[3:])
    roomy = dataclasses.replace(COINGECKO, daily_budget=10)
    plan = coin_detail_plan(lambda: coins, roomy, detailed, top_n=4, coin_ids=["z"])
    assert plan.chosen == ("z", "d", "e", "f", "c")
    assert plan.reasons == {"pinned": 1, "new": 3, "changed": 1, "stale": 0}


TMDB = ApiConfig(name="tmdb", base_url="https://api.themoviedb.org/3", daily_budget=300)
MEDIA_PARAMS = {"popular_max_pages": 5, "discover_max_pages": 10, "trending_max_pages": 1, "discover_years": ""}


def media_inputs(**overrides: object) -> PlanInputs:
    values: dict = {
        "params": MEDIA_PARAMS,
        "as_of_date": "2025-01-03",
        "configs": {"tmdb": TMDB},
        "refreshed": {},
        "catalogue": [],
        "last_requests": {},
    }
    values.update(overrides)
    return PlanInputs(**values)


def test_media_plan_before_the_first_run_is_every_page_allowed_and_a_detail_per_title_within_budget() -> None:
    calls = planned(media_plan_calls(media_inputs(params={**MEDIA_PARAMS, "discover_years": "2001-2004"})))
    # Discover once per year of 2001-2004; popular 5 pages each; trending 1; no changes feed before any details.
    assert calls == {
        "movie_popular": (5, True),
        "tv_popular": (5, True),
        "discover_movie": (40, True),
        "discover_tv": (40, True),
        "trending_all_day": (1, True),
        "genres": (2, False),
        "languages": (1, False),
        # 46 pages of movies (with trending's) hold 920 titles: the budget of 300 goes to them, none left for TV.
        "movie_details": (300, True),
        "tv_details": (0, True),
    }
    roomy = {"tmdb": dataclasses.replace(TMDB, daily_budget=None)}
    unsplit = planned(media_plan_calls(media_inputs(configs=roomy)))
    assert (unsplit["discover_tv"], unsplit["tv_details"]) == ((10, True), (16 * 20, True))


def test_media_plan_repeats_the_newest_run_within_the_page_ceilings() -> None:
    last = {"movie_popular": 5, "discover_movie": 12, "movie_changes": 1, "movie_details": 120, "tv_details": 80}
    assert planned(media_plan_calls(media_inputs(last_requests=last))) == {
        "movie_popular": (5, False),
        # A run with discover_max_pages 10 reads no more than 10, whatever the last run read.
        "discover_movie": (10, False),
        "movie_changes": (1, False),
        "movie_details": (120, False),
        "tv_details": (80, False),
    }
