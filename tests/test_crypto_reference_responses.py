"""The crypto parsers over every real captured response in ../shared/reference_responses/crypto/."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingestion.emulator.crypto import RATE_LIMIT_BODY
from ingestion.sources.crypto import helpers
from ingestion.sources.payloads import PayloadShapeError
from tests.conftest import REFERENCE_RESPONSES

CRYPTO = REFERENCE_RESPONSES / "crypto"
pytestmark = pytest.mark.skipif(
    not CRYPTO.is_dir(), reason=f"{CRYPTO} is absent: the captured responses live outside the repository"
)

# Every parser with the endpoint it names in its errors.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "coins/markets": helpers.markets_page_rows,
    "coins/{id}": lambda body: helpers.coin_details_row(body, "bitcoin"),
    "coins/{id}/market_chart": lambda body: helpers.market_chart_rows(body, "bitcoin"),
    "coins/categories": helpers.categories_rows,
    "exchanges": helpers.exchanges_page_rows,
    "global": helpers.global_row,
}


def check_global(body: Any) -> None:
    row = helpers.global_row(body)
    totals = {total["currency"]: total for total in row["totals"]}
    assert len(totals) == len(body["data"]["total_market_cap"]) == 62
    assert totals["usd"]["total_market_cap"] == pytest.approx(2515268352188.766)
    assert totals["usd"]["total_volume"] == pytest.approx(198293501804.3288)
    shares = {share["coin_symbol"]: share["market_cap_percentage"] for share in row["market_cap_percentage"]}
    assert shares["btc"] == pytest.approx(60.70858347681936) and len(shares) == 10
    assert (row["active_cryptocurrencies"], row["markets"], row["updated_at"]) == (17111, 1297, 1744025333)
    assert "total_market_cap" not in row and "total_volume" not in row


def check_coin_details(body: Any) -> None:
    row = helpers.coin_details_row(body, "bitcoin")
    assert row["coin_id"] == "bitcoin" and row["hashing_algorithm"] == "SHA-256"
    assert row["categories"] == ["FTX Holdings", "Cryptocurrency", "Proof of Work (PoW)", "Layer 1 (L1)"]
    assert row["genesis_date"] == "2009-01-03" and row["sentiment_votes_up_percentage"] == 84.07
    # Sections we never ask for are dropped even when present, and the native coin's {"": ""} is no platform.
    assert not {"market_data", "tickers", "localization"} & set(row)
    assert row["platforms"] == [] and row["detail_platforms"] == []
    assert row["links"]["homepage"] == ["http://www.bitcoin.org", "", ""]
    assert row["community_data"]["facebook_likes"] is None
    assert row["developer_data"]["code_additions_deletions_4_weeks"] == {"additions": 1570, "deletions": -1948}
    with pytest.raises(PayloadShapeError, match=re.escape("coingecko endpoint 'coins/{id}'")):
        helpers.coin_details_row(body, "ethereum")  # the capture's path says ethereum; the body is bitcoin's


def check_markets(body: Any) -> None:
    (row,) = helpers.markets_page_rows(body)
    assert (row["id"], row["current_price"], row["max_supply"]) == ("bitcoin", 70187, 21000000)
    assert "roi" not in row  # null in the capture: dropped, its roi__* columns stay NULL
    assert helpers.top_coin_ids([row], 10) == ["bitcoin"]


def check_market_chart(body: Any) -> None:
    rows = helpers.market_chart_rows(body, "bitcoin")
    assert [row["timestamp_ms"] for row in rows] == [1711843200000, 1711929600000, 1711983682000]
    assert rows[0] == {
        "coin_id": "bitcoin",
        "timestamp_ms": 1711843200000,
        "price": 69702.3087473573,
        "market_cap": 1370247487960.09,
        "total_volume": 16408802301.8374,
    }
    assert all(isinstance(row[column], float) for row in rows for column in ("price", "market_cap", "total_volume"))


def check_categories(body: Any) -> None:
    (row,) = helpers.categories_rows(body)
    assert (row["id"], row["name"], row["top_3_coins_id"]) == ("layer-1", "Layer 1 (L1)", body[0]["top_3_coins_id"])


def check_exchanges(body: Any) -> None:
    rows = helpers.exchanges_page_rows(body)
    assert [row["id"] for row in rows] == ["bybit_spot", "gdax"]
    assert rows[1]["description"] == "" and rows[0]["trust_score"] == 10


def check_not_served_by_our_endpoints(body: Any) -> None:
    """/coins/list and /simple/price are not endpoints the source calls; served in place of any of ours, they
    must be refused, not loaded."""
    for endpoint, parse in PARSERS.items():
        with pytest.raises(PayloadShapeError, match=re.escape(f"coingecko endpoint '{endpoint}'")):
            parse(body)


def check_rate_limit_error(body: Any) -> None:
    """CoinGecko's 429 body: an error, never data, whichever endpoint it comes from (even with status 200)."""
    assert helpers.error_message(body) == (
        "error 429: You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to "
        "subscribe to our API plans for higher rate limits."
    )
    for endpoint, parse in PARSERS.items():
        with pytest.raises(PayloadShapeError) as raised:
            parse(body)
        assert raised.value.endpoint == endpoint
        assert "not a CoinGecko error (error 429: You've exceeded the Rate Limit" in str(raised.value)


# Every capture must have a check: a new file without one fails the test instead of going unread.
CHECKS: dict[str, Callable[[Any], None]] = {
    "coingecko_global.json": check_global,
    "coingecko_coin_bitcoin_docs_example.json": check_coin_details,
    "coingecko_coins_markets_docs_example.json": check_markets,
    "coingecko_market_chart_range_docs_example.json": check_market_chart,
    "coingecko_coins_categories_docs_example.json": check_categories,
    "coingecko_exchanges_docs_example.json": check_exchanges,
    "coingecko_coins_list_docs_example.json": check_not_served_by_our_endpoints,
    "coingecko_simple_price.json": check_not_served_by_our_endpoints,
    "coingecko_error_429_rate_limit.json": check_rate_limit_error,
}


@pytest.mark.parametrize("capture", sorted(CRYPTO.glob("*.json")) if CRYPTO.is_dir() else [], ids=lambda p: p.name)
def test_every_capture_parses(capture: Path) -> None:
    assert capture.name in CHECKS, f"no parser check for {capture.name}: add one to CHECKS"
    CHECKS[capture.name](json.loads(capture.read_text()))


def test_the_emulator_answers_429_with_coingeckos_exact_body() -> None:
    """The source tests inject the emulator's 429 body; it must be the one CoinGecko really sends."""
    assert json.loads((CRYPTO / "coingecko_error_429_rate_limit.json").read_text()) == RATE_LIMIT_BODY


def test_every_capture_file_is_checked() -> None:
    assert {path.name for path in CRYPTO.glob("*.json")} == set(CHECKS)
