"""Every crypto resource against the local emulator, through the same client code the live run uses: pagination,
selection, reshaping, CoinGecko's 429, optional keys (sent only when configured, never logged) and shape errors."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from dlt.extract.exceptions import ResourceExtractionError

from ingestion.emulator import Emulator, Fault
from ingestion.emulator.crypto import RATE_LIMIT_BODY, SCENARIO
from ingestion.emulator.crypto_days import TRENDING_COINS
from ingestion.http import ApiClient, ApiStatusError, FakeClock, StatsRegistry
from ingestion.runner.orchestrator import make_clients
from ingestion.settings import replay_api_config, resolve_api_config
from ingestion.sources.crypto import SPEC, apply_credentials, crypto_source
from ingestion.sources.crypto.settings import (
    COIN_DETAIL_PARAMS,
    COINGECKO,
    DEMO_RATE_LIMIT,
    KEYLESS_RATE_LIMIT,
    PRO_BASE_URL,
    PUBLIC_BASE_URL,
)
from ingestion.sources.payloads import PayloadShapeError, Quarantined

DAY_ONE = "2025-01-01"
DEMO_KEY = "CG-demo-5ecret-key-3141"
PRO_KEY = "CG-pro-5ecret-key-2718"
DEMO_ENV = "SOURCES__CRYPTO__COINGECKO__DEMO_API_KEY"
PRO_ENV = "SOURCES__CRYPTO__COINGECKO__PRO_API_KEY"
KEY_HEADERS = ("x-cg-demo-api-key", "x-cg-pro-api-key")
# Small pages so the emulator's 60 coins and 20 exchanges take several.
PAGED = {"markets_per_page": 25, "exchanges_per_page": 10}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["crypto"]) as running:
        yield running


@pytest.fixture(autouse=True)
def clean_emulator(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    emulator.set_day(DAY_ONE)
    emulator.faults.clear()
    emulator.clear_rewrites()
    emulator.clear_requests()
    # A developer's own key in the environment must not leak into (or change) these tests.
    monkeypatch.delenv(DEMO_ENV, raising=False)
    monkeypatch.delenv(PRO_ENV, raising=False)
    yield
    emulator.faults.clear()


def coingecko_url(emulator: Emulator) -> str:
    return emulator.base_urls()["crypto"]["coingecko"]


def extract(emulator: Emulator, resource: str, stats: StatsRegistry | None = None, **params: Any) -> list[dict]:
    clients = make_clients(SPEC, stats=stats or StatsRegistry(), replay_base_urls=emulator.base_urls()["crypto"])
    source = crypto_source(clients, as_of_date=DAY_ONE, run_id="test-run", **{**PAGED, **params})
    return list(source.with_resources(resource))


def queries(emulator: Emulator, path: str) -> list[dict[str, str]]:
    return [r.query for r in emulator.requests if r.path == f"/coingecko/{path}"]


# pagination and selection


def test_markets_walk_every_page_until_a_short_one(emulator: Emulator) -> None:
    rows = extract(emulator, "coins_markets")
    assert len(rows) == 60 and len({row["id"] for row in rows}) == 60
    asked = queries(emulator, "coins/markets")
    assert [(q["page"], q["per_page"]) for q in asked] == [("1", "25"), ("2", "25"), ("3", "25")]
    assert all(q["vs_currency"] == "usd" and q["price_change_percentage"] == "1h,24h,7d,30d" for q in asked)
    assert all((row["as_of_date"], row["_run_id"], row["vs_currency"]) == (DAY_ONE, "test-run", "usd") for row in rows)
    assert all("price_change_percentage_7d_in_currency" in row for row in rows)


def test_markets_stop_at_max_coins(emulator: Emulator) -> None:
    rows = extract(emulator, "coins_markets", max_coins=30)
    assert [row["market_cap_rank"] for row in rows] == list(range(1, 31))
    assert [q["page"] for q in queries(emulator, "coins/markets")] == ["1", "2"]


def test_exchanges_walk_pages_until_an_empty_one_or_the_limit(emulator: Emulator) -> None:
    rows = extract(emulator, "exchanges")
    assert [row["trust_score_rank"] for row in rows] == list(range(1, 21))
    assert [q["page"] for q in queries(emulator, "exchanges")] == ["1", "2", "3"]
    emulator.clear_requests()
    assert len(extract(emulator, "exchanges", max_exchanges=15)) == 15
    assert [q["page"] for q in queries(emulator, "exchanges")] == ["1", "2"]


def test_details_and_charts_cover_the_top_n_by_market_cap_rank(emulator: Emulator) -> None:
    details = extract(emulator, "coin_details", top_n=5)
    assert [row["coin_id"] for row in details] == ["bitcoin", "ethereum", "tether", "ripple", "binancecoin"]
    asked = [r for r in emulator.requests if r.path != "/coingecko/coins/markets"]
    assert [r.path for r in asked] == [f"/coingecko/coins/{row['coin_id']}" for row in details]
    assert all(r.query == COIN_DETAIL_PARAMS for r in asked)
    # On day two solana overtakes binancecoin for rank 5, so the selection follows.
    emulator.set_day("2025-01-02")
    charts = extract(emulator, "coin_market_chart", top_n=5, chart_days=1)
    assert sorted({row["coin_id"] for row in charts}) == ["bitcoin", "ethereum", "ripple", "solana", "tether"]


def test_explicit_coin_ids_win_and_need_no_markets(emulator: Emulator) -> None:
    rows = extract(emulator, "coin_details", coin_ids=["chainlink", "hyperliquid", "chainlink"])
    assert [row["coin_id"] for row in rows] == ["chainlink", "hyperliquid"]
    assert queries(emulator, "coins/markets") == []
    chainlink = rows[0]
    # {"ethereum": "0x51..."} becomes one pair per chain; a native coin's {"": ""} becomes no pair at all.
    assert chainlink["platforms"] == [
        {"platform_id": "ethereum", "contract_address": "0x514910771af9ca656af840dff83e8264ecf986ca"}
    ]
    assert chainlink["detail_platforms"][0]["decimal_place"] == 18
    assert rows[1]["platforms"] == [] and rows[1]["categories"] == ["Decentralized Finance (DeFi)", "Layer 1 (L1)"]
    assert chainlink["developer_data"]["stars"] > 0 and chainlink["sentiment_votes_up_percentage"] == 85.2


def test_market_chart_arrays_become_one_row_per_point(emulator: Emulator) -> None:
    rows = extract(emulator, "coin_market_chart", coin_ids=["bitcoin", "tether"], chart_days=3)
    bitcoin = [row for row in rows if row["coin_id"] == "bitcoin"]
    # Three 00:00 UTC snapshots, then the price at extraction time.
    assert [row["timestamp_ms"] for row in bitcoin] == [1735516800000, 1735603200000, 1735689600000, 1735732710000]
    columns = {"coin_id", "timestamp_ms", "price", "market_cap", "total_volume", "vs_currency", "chart_days"}
    assert all(set(row) == {*columns, "as_of_date", "_run_id"} for row in rows)
    assert all(isinstance(row["price"], float) and row["chart_days"] == 3 for row in rows)
    assert queries(emulator, "coins/bitcoin/market_chart") == [{"vs_currency": "usd", "days": "3", "interval": "daily"}]
    (market,) = [row for row in extract(emulator, "coins_markets", max_coins=1)]
    assert bitcoin[-1]["price"] == pytest.approx(market["current_price"])


def test_categories_and_global_load_as_rows(emulator: Emulator) -> None:
    categories = extract(emulator, "coins_categories")
    assert {row["name"] for row in categories} == set(SCENARIO.listed_categories)
    (market,) = extract(emulator, "global_market", vs_currency="eur")
    assert market["vs_currency"] == "eur" and market["as_of_date"] == DAY_ONE
    currencies = {total["currency"] for total in market["totals"]}
    assert {"usd", "eur", "btc"} <= currencies
    assert {share["coin_symbol"] for share in market["market_cap_percentage"]} >= {"btc", "eth"}


def test_trending_loads_one_row_a_day_with_its_lists_in_order(emulator: Emulator) -> None:
    (row,) = extract(emulator, "trending")
    assert [r.path for r in emulator.requests] == ["/coingecko/search/trending"]
    assert (row["as_of_date"], row["_run_id"]) == (DAY_ONE, "test-run")
    assert [coin["id"] for coin in row["coins"]] == list(TRENDING_COINS[DAY_ONE])
    assert row["nfts"] == [] and len(row["categories"]) == 3
    solana = row["coins"][0]
    # The {"item": ...} wrapper and the `data` object are flattened; figures stay text for staging to parse.
    assert (solana["coin_id"], solana["symbol"], solana["score"]) == (486, "SOL", 0)
    assert solana["data__price"] == "189.3" and solana["data__market_cap"] == "$91,053,300,000"
    assert solana["data__content__title"] == "What is Solana?"
    assert {pair["currency"]: pair["percentage"] for pair in solana["price_change_percentage_24h"]}["usd"] == -1.2
    outsider = row["coins"][1]
    assert (outsider["id"], outsider["market_cap_rank"], outsider["data__content__title"]) == ("moonpup-inu", 412, None)
    meme = row["categories"][0]
    assert (meme["name"], meme["slug"], meme["id"]) == ("Meme", "meme-token", 1004)
    assert isinstance(meme["data__market_cap"], str) and meme["market_cap_change_percentage_24h"]


def messy_trending(body: dict[str, Any]) -> dict[str, Any]:
    """What real answers do on some days: `nfts` left out, `data` missing, null or [], figures as text with
    dollar signs and commas, or null, or a number where text is usual."""
    del body["nfts"]
    items = [entry["item"] for entry in body["coins"]]
    del items[0]["data"]
    items[1]["data"] = []
    items[2]["data"] = None
    items[3]["data"].update(price="$1,234.50", market_cap=None, total_volume=12345, price_change_percentage_24h=[])
    items[4]["price_btc"] = None
    return body


def test_messy_trending_answers_load_without_inventing_values(emulator: Emulator) -> None:
    emulator.rewrite(r"/coingecko/search/trending", messy_trending)
    (row,) = extract(emulator, "trending")
    assert row["nfts"] == [] and len(row["coins"]) == 7
    figures = [{key: coin[key] for key in coin if key.startswith("data__")} for coin in row["coins"][:3]]
    assert all(set(values.values()) == {None} for values in figures)
    assert all(coin["price_change_percentage_24h"] == [] for coin in row["coins"][:4])
    fourth = row["coins"][3]
    assert (fourth["data__price"], fourth["data__market_cap"], fourth["data__total_volume"]) == (
        "$1,234.50",
        None,
        "12345",
    )
    assert row["coins"][4]["price_btc"] is None and row["coins"][4]["data__price_btc"] is not None

    emulator.clear_rewrites()
    emulator.rewrite(r"/coingecko/search/trending", lambda body: {"coins": [], "categories": None})
    (empty,) = extract(emulator, "trending")
    assert (empty["coins"], empty["nfts"], empty["categories"]) == ([], [], [])


def test_vs_currency_is_passed_to_markets_and_charts(emulator: Emulator) -> None:
    usd = extract(emulator, "coins_markets", max_coins=1)[0]
    eur = extract(emulator, "coins_markets", max_coins=1, vs_currency="EUR")[0]
    assert eur["vs_currency"] == "eur" and eur["current_price"] < usd["current_price"]
    extract(emulator, "coin_market_chart", coin_ids=["bitcoin"], vs_currency="eur", chart_days=1)
    assert queries(emulator, "coins/bitcoin/market_chart")[0]["vs_currency"] == "eur"


def test_bad_parameters_are_refused_before_any_request(emulator: Emulator) -> None:
    for params, message in (
        ({"markets_per_page": 251}, "markets_per_page"),
        ({"exchanges_per_page": 0}, "exchanges_per_page"),
        ({"vs_currency": "u s d"}, "vs_currency"),
        ({"chart_days": 0}, "chart_days"),
        ({"top_n": -1}, "top_n"),
    ):
        with pytest.raises(ValueError, match=message):
            extract(emulator, "coins_markets", **params)
    assert emulator.requests == []


# CoinGecko's 429


def test_429_with_coingeckos_body_waits_retry_after_then_loads(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    # The live settings (Retry-After up to 300 s is honoured) on a fake clock, so the real 53 s wait is instant.
    config = dataclasses.replace(COINGECKO, base_url=coingecko_url(emulator), rate_limit=None)
    clock, stats = FakeClock(), StatsRegistry()
    emulator.faults.add(
        Fault(r"/coingecko/coins/markets", "status", 429, {"Retry-After": "53"}, json.dumps(RATE_LIMIT_BODY))
    )
    with ApiClient(config, stats=stats, clock=clock) as client, caplog.at_level(logging.WARNING, "starline.http"):
        source = crypto_source({"coingecko": client}, as_of_date=DAY_ONE, run_id="r", **PAGED)
        rows = list(source.with_resources("coins_markets"))
    assert len(rows) == 60 and all("status" not in row for row in rows)
    assert clock.sleeps == [53.0]
    assert [q["page"] for q in queries(emulator, "coins/markets")] == ["1", "1", "2", "3"]
    booked = stats.as_dict()["coins_markets"]
    assert (booked["requests"], booked["retries"], booked["wait_seconds"]) == (4, 1, 53.0)
    assert any("'coins/markets': HTTP 429" in record.getMessage() for record in caplog.records)


def test_429_that_never_ends_fails_naming_the_endpoint_and_loads_nothing(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(r"/coingecko/global", "status", 429, {"Retry-After": "0"}, json.dumps(RATE_LIMIT_BODY), times=None)
    )
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "global_market")
    error = raised.value.__cause__
    assert isinstance(error, ApiStatusError) and error.status == 429
    assert "coingecko endpoint 'global' answered HTTP 429" in str(error) and "exceeded the Rate Limit" in str(error)
    assert len(queries(emulator, "global")) == 4  # the replay retry policy's attempts


# keys


def test_no_key_configured_sends_no_key_header(emulator: Emulator) -> None:
    extract(emulator, "coins_markets", max_coins=1)
    assert emulator.requests and not any(name in r.headers for r in emulator.requests for name in KEY_HEADERS)


def test_demo_key_is_sent_on_every_request_and_never_logged(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(DEMO_ENV, DEMO_KEY)
    emulator.faults.add(
        Fault(r"/coingecko/exchanges", "status", 429, {"Retry-After": "0"}, json.dumps(RATE_LIMIT_BODY))
    )
    emulator.faults.add(Fault(r"/coingecko/global", "status", 500, times=None))
    with caplog.at_level(logging.DEBUG):
        extract(emulator, "exchanges")
        with pytest.raises(ResourceExtractionError) as raised:
            extract(emulator, "global_market")
    assert emulator.requests
    assert all(r.headers.get("x-cg-demo-api-key") == DEMO_KEY for r in emulator.requests)
    assert not any("x-cg-pro-api-key" in r.headers for r in emulator.requests)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "429" in logged and "500" in logged  # the retries were logged...
    assert DEMO_KEY not in logged and DEMO_KEY not in str(raised.value)  # ...without the key


def test_pro_key_wins_travels_in_its_own_header_and_moves_live_runs_to_the_pro_host(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DEMO_ENV, DEMO_KEY)
    monkeypatch.setenv(PRO_ENV, PRO_KEY)
    extract(emulator, "global_market")
    (request,) = emulator.requests
    assert request.headers.get("x-cg-pro-api-key") == PRO_KEY and "x-cg-demo-api-key" not in request.headers
    live = apply_credentials(COINGECKO, replay=False)
    assert live.base_url == PRO_BASE_URL and live.headers == {"x-cg-pro-api-key": PRO_KEY}
    assert PRO_KEY in live.secrets
    # A base URL pointed elsewhere (a proxy, the emulator) is the user's choice and stays.
    proxied = apply_credentials(dataclasses.replace(COINGECKO, base_url="http://proxy.local/cg"), replay=False)
    assert proxied.base_url == "http://proxy.local/cg"


def test_without_keys_the_public_api_is_left_untouched() -> None:
    assert apply_credentials(COINGECKO, replay=False) == COINGECKO
    assert COINGECKO.base_url == PUBLIC_BASE_URL and not COINGECKO.headers


def test_a_demo_key_paces_at_the_demo_plan_unless_a_rate_limit_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert apply_credentials(COINGECKO, replay=False).rate_limit == KEYLESS_RATE_LIMIT
    monkeypatch.setenv(DEMO_ENV, DEMO_KEY)
    assert apply_credentials(COINGECKO, replay=False).rate_limit == DEMO_RATE_LIMIT
    # Replays run unpaced, key or not.
    replay = replay_api_config(COINGECKO, "http://127.0.0.1:1/coingecko")
    assert apply_credentials(replay, replay=True).rate_limit is None

    monkeypatch.setenv("SOURCES__CRYPTO__COINGECKO__RATE_LIMIT_REQUESTS", "20")
    configured = apply_credentials(resolve_api_config("crypto", COINGECKO), replay=False)
    assert configured.rate_limit is not None and configured.rate_limit.requests == 20


def test_a_pro_key_keeps_the_configured_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PRO_ENV, PRO_KEY)
    # Paid plans differ: their limit is the user's to configure.
    assert apply_credentials(COINGECKO, replay=False).rate_limit == KEYLESS_RATE_LIMIT


def test_defaults_stay_below_the_public_rate_limit() -> None:
    assert COINGECKO.rate_limit is not None and COINGECKO.rate_limit.rate * 60 <= 10
    # Prices are never cached; only the slow-moving reference endpoints are, for at most an hour.
    assert set(COINGECKO.cache_ttl_seconds) == {"coins/{id}", "coins/categories"}
    assert max(COINGECKO.cache_ttl_seconds.values()) <= 3600


# shape errors


@pytest.mark.parametrize(
    ("resource", "path", "body", "endpoint"),
    [
        ("coins_markets", r"/coingecko/coins/markets", json.dumps(RATE_LIMIT_BODY), "coins/markets"),
        ("coins_markets", r"/coingecko/coins/markets", '[{"id": "bitcoin"}]', "coins/markets"),
        ("exchanges", r"/coingecko/exchanges", '{"error": "Not Found"}', "exchanges"),
        ("global_market", r"/coingecko/global", '{"data": {"total_market_cap": "lots"}}', "global"),
        ("trending", r"/coingecko/search/trending", '{"coins": {"item": {"id": "bitcoin"}}}', "search/trending"),
        ("trending", r"/coingecko/search/trending", '{"coins": [{"id": "bitcoin"}]}', "search/trending"),
        ("trending", r"/coingecko/search/trending", json.dumps(RATE_LIMIT_BODY), "search/trending"),
    ],
)
def test_a_wrongly_shaped_200_is_rejected_naming_the_endpoint(
    emulator: Emulator, resource: str, path: str, body: str, endpoint: str
) -> None:
    emulator.faults.add(Fault(path, "status", 200, body=body, times=None))
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, resource, coin_ids=["bitcoin"])
    assert isinstance(raised.value.__cause__, PayloadShapeError)
    assert f"coingecko endpoint '{endpoint}'" in str(raised.value)


@pytest.mark.parametrize(
    ("resource", "path", "body", "endpoint"),
    [
        ("coin_details", r"/coingecko/coins/bitcoin$", '{"id": "ethereum", "categories": []}', "coins/{id}"),
        ("coin_market_chart", r"/bitcoin/market_chart", '{"prices": {"1": 2}}', "coins/{id}/market_chart"),
        (
            "coin_market_chart",
            r"/bitcoin/market_chart",
            '{"prices": [[1, 2, 3]], "market_caps": [], "total_volumes": []}',
            "coins/{id}/market_chart",
        ),
    ],
)
def test_a_wrongly_shaped_answer_for_one_coin_quarantines_that_coin_only(
    emulator: Emulator, resource: str, path: str, body: str, endpoint: str
) -> None:
    emulator.faults.add(Fault(path, "status", 200, body=body, times=None))
    records = extract(emulator, resource, coin_ids=["bitcoin", "ethereum"])
    refused = [record for record in records if isinstance(record, Quarantined)]
    assert [(q.key, q.payload) for q in refused] == [("bitcoin", refused[0].payload)] and refused[0].payload
    assert f"coingecko endpoint '{endpoint}'" in refused[0].reason
    assert {record["coin_id"] for record in records if not isinstance(record, Quarantined)} == {"ethereum"}


def test_a_markets_entry_without_its_keys_is_quarantined_and_the_page_loads(emulator: Emulator) -> None:
    emulator.set_day(DAY_ONE)
    base = emulator.base_urls()["crypto"]["coingecko"]
    page = requests.get(
        f"{base}/coins/markets", params={"vs_currency": "usd", "per_page": "250", "page": "1"}, timeout=10
    ).json()
    emulator.faults.add(Fault(r"/coingecko/coins/markets", "status", 200, body=json.dumps([*page, {"id": "x"}])))
    records = extract(emulator, "coins_markets", markets_per_page=250)
    assert [(q.key, q.payload) for q in records if isinstance(q, Quarantined)] == [("x", {"id": "x"})]
    assert [record["id"] for record in records if not isinstance(record, Quarantined)] == [c["id"] for c in page]


def test_an_unknown_coin_fails_at_once_with_a_404(emulator: Emulator) -> None:
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "coin_details", coin_ids=["no-such-coin"])
    assert "coins/{id}' answered HTTP 404" in str(raised.value)
    assert len(emulator.requests) == 1
