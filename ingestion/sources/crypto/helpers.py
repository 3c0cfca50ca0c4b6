"""Parsing of CoinGecko payloads into rows dlt can load without inventing values.

Every function checks the shape it was promised and raises `PayloadShapeError` naming the endpoint otherwise;
CoinGecko's error bodies ({"status": {"error_code": ..., "error_message": ...}} or {"error": "..."}) are
recognised and rejected as errors even when they arrive with HTTP 200, so they can never be loaded as data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ingestion.sources.crypto.settings import (
    API_NAME,
    CATEGORIES_ENDPOINT,
    COIN_ENDPOINT,
    EXCHANGES_ENDPOINT,
    GLOBAL_ENDPOINT,
    MARKET_CHART_ENDPOINT,
    MARKETS_ENDPOINT,
    TRENDING_ENDPOINT,
)
from ingestion.sources.payloads import PayloadShapeError, Quarantined, expect_mapping, parse_each

CHART_SERIES = {"prices": "price", "market_caps": "market_cap", "total_volumes": "total_volume"}
# Sections /coins/{id} sends only when asked; we ask them off (markets carry the market data) and drop them
# should they come anyway, so a changed default cannot add hundreds of per-currency columns.
UNREQUESTED_DETAIL_SECTIONS = ("market_data", "tickers", "localization")
# Keys every record of a list endpoint must have: enough to tell one endpoint's answer from another's (a
# /coins/list answer is a list of objects with ids too) without failing on keys CoinGecko adds or retires.
MARKETS_KEYS = frozenset({"id", "symbol", "name", "current_price", "market_cap"})
CATEGORY_KEYS = frozenset({"id", "name", "market_cap"})
EXCHANGE_KEYS = frozenset({"id", "name", "trust_score"})


def error_message(body: Any) -> str | None:
    """The message of a CoinGecko error body, or None when `body` is not one."""
    if not isinstance(body, Mapping):
        return None
    status = body.get("status")
    if isinstance(status, Mapping) and "error_code" in status:
        return f"error {status.get('error_code')}: {status.get('error_message')}"
    error = body.get("error")
    if isinstance(error, str) and len(body) == 1:
        return error
    return None


def _reject_error_body(body: Any, endpoint: str, expected: str) -> None:
    message = error_message(body)
    if message is not None:
        raise PayloadShapeError(API_NAME, endpoint, f"{expected}, not a CoinGecko error ({message})", body)


Entry = dict[str, Any] | Quarantined


def _expect_records(body: Any, endpoint: str, what: str, keys: frozenset[str]) -> list[Entry]:
    """A JSON array of objects that each carry `keys`, among them a non-empty text `id`; an entry that does not
    is quarantined (under its id when it has one), the others load."""
    _reject_error_body(body, endpoint, f"a list of {what}")
    if not isinstance(body, list):
        raise PayloadShapeError(API_NAME, endpoint, f"a list of {what}", body)

    def record(item: Any) -> dict[str, Any]:
        if not isinstance(item, Mapping) or not keys <= set(item):
            raise PayloadShapeError(API_NAME, endpoint, f"{what} with the keys {', '.join(sorted(keys))}", item)
        if not isinstance(item["id"], str) or not item["id"]:
            raise PayloadShapeError(API_NAME, endpoint, f"{what} with a text id", item)
        return dict(item)

    return parse_each(body, record, key_of=lambda item: item.get("id") if isinstance(item, Mapping) else None)


def markets_page_rows(body: Any) -> list[Entry]:
    """One /coins/markets page. `roi` is null for most coins and an object for a few: the null is dropped so dlt
    does not add an untyped `roi` column next to the `roi__*` columns the object flattens into (they stay NULL)."""
    rows = _expect_records(body, MARKETS_ENDPOINT, "coins", MARKETS_KEYS)
    for row in rows:
        if not isinstance(row, Quarantined) and row.get("roi") is None:
            row.pop("roi", None)
    return rows


def top_coin_ids(rows: Iterable[Mapping[str, Any]], count: int) -> list[str]:
    """The `count` coins with the best market cap rank; unranked coins (no market cap) come last, in served order."""
    ranked = sorted(
        enumerate(rows),
        key=lambda item: (item[1].get("market_cap_rank") is None, item[1].get("market_cap_rank") or 0, item[0]),
    )
    return list(dict.fromkeys(row["id"] for _, row in ranked))[:count]


def _platform_pairs(value: Any, endpoint: str) -> list[dict[str, Any]]:
    """{"<chain>": "<contract>"} (or {"": ""} for native coins) -> [{"platform_id", "contract_address"}]: a column
    per blockchain would grow the table with every new chain, and the empty key is CoinGecko's "no platform"."""
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise PayloadShapeError(API_NAME, endpoint, "platforms as an object", value)
    pairs = []
    for platform, contract in value.items():
        if not platform:
            continue
        if isinstance(contract, Mapping):
            pairs.append(
                {
                    "platform_id": platform,
                    "contract_address": contract.get("contract_address") or None,
                    "decimal_place": contract.get("decimal_place"),
                }
            )
        else:
            pairs.append({"platform_id": platform, "contract_address": contract or None})
    return pairs


def coin_details_row(body: Any, coin_id: str) -> dict[str, Any]:
    """/coins/{id} as one row, keyed by the requested id (a body for another coin is a shape error)."""
    _reject_error_body(body, COIN_ENDPOINT, f"the details of {coin_id!r}")
    details = dict(expect_mapping(body, API_NAME, COIN_ENDPOINT))
    if details.get("id") != coin_id:
        raise PayloadShapeError(API_NAME, COIN_ENDPOINT, f"the details of {coin_id!r}", details.get("id"))
    categories = details.get("categories")
    if categories is not None and not isinstance(categories, list):
        raise PayloadShapeError(API_NAME, COIN_ENDPOINT, "categories as a list of names", categories)
    # A null or empty name is no category; keeping it would give the bridge a member without a name.
    details["categories"] = [name for name in categories or [] if isinstance(name, str) and name.strip()]
    for section in UNREQUESTED_DETAIL_SECTIONS:
        details.pop(section, None)
    details["platforms"] = _platform_pairs(details.get("platforms"), COIN_ENDPOINT)
    details["detail_platforms"] = _platform_pairs(details.get("detail_platforms"), COIN_ENDPOINT)
    return {"coin_id": coin_id, **details}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def market_chart_rows(body: Any, coin_id: str) -> list[dict[str, Any]]:
    """/coins/{id}/market_chart as one row per timestamp with price, market cap and volume side by side.

    CoinGecko sends three parallel arrays of [ms_timestamp, value] pairs. Loaded as they are, dlt would turn each
    into a child table of two-element lists (a table of tables) that SQL cannot key or join; merging the series
    on their timestamp gives plain rows. A timestamp missing from one series leaves that value NULL."""
    _reject_error_body(body, MARKET_CHART_ENDPOINT, f"the market chart of {coin_id!r}")
    chart = expect_mapping(body, API_NAME, MARKET_CHART_ENDPOINT)
    points: dict[int, dict[str, Any]] = {}
    for series, column in CHART_SERIES.items():
        values = chart.get(series)
        if not isinstance(values, list):
            raise PayloadShapeError(API_NAME, MARKET_CHART_ENDPOINT, f"'{series}' as a list of [ms, value]", values)
        for pair in values:
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and _is_number(pair[0])
                and (pair[1] is None or _is_number(pair[1]))
            ):
                raise PayloadShapeError(API_NAME, MARKET_CHART_ENDPOINT, f"[ms, value] pairs in '{series}'", pair)
            timestamp_ms = int(pair[0])
            empty = {"coin_id": coin_id, "timestamp_ms": timestamp_ms, **dict.fromkeys(CHART_SERIES.values())}
            row = points.setdefault(timestamp_ms, empty)
            row[column] = None if pair[1] is None else float(pair[1])
    return [points[timestamp] for timestamp in sorted(points)]


def categories_rows(body: Any) -> list[Entry]:
    """/coins/categories: the whole list in one answer."""
    return _expect_records(body, CATEGORIES_ENDPOINT, "categories", CATEGORY_KEYS)


def exchanges_page_rows(body: Any) -> list[Entry]:
    """One /exchanges page."""
    return _expect_records(body, EXCHANGES_ENDPOINT, "exchanges", EXCHANGE_KEYS)


def _number_pairs(value: Any, key_name: str, value_name: str, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, Mapping) or not all(v is None or _is_number(v) for v in value.values()):
        raise PayloadShapeError(API_NAME, GLOBAL_ENDPOINT, f"{what} as an object of numbers", value)
    return [{key_name: key, value_name: None if v is None else float(v)} for key, v in value.items()]


def global_row(body: Any) -> dict[str, Any]:
    """/global's `data` object as one row. Its totals are objects keyed by currency and its market share one keyed
    by coin symbol; as columns they would change with every currency or top-ten reshuffle, so they become lists
    of pairs (child tables): `totals` (currency, total_market_cap, total_volume) and `market_cap_percentage`
    (coin_symbol, market_cap_percentage)."""
    _reject_error_body(body, GLOBAL_ENDPOINT, "the global market data")
    envelope = expect_mapping(body, API_NAME, GLOBAL_ENDPOINT)
    data = dict(expect_mapping(envelope.get("data"), API_NAME, GLOBAL_ENDPOINT))
    caps = _number_pairs(data.pop("total_market_cap", None), "currency", "total_market_cap", "total_market_cap")
    volumes = {
        pair["currency"]: pair["total_volume"]
        for pair in _number_pairs(data.pop("total_volume", None), "currency", "total_volume", "total_volume")
    }
    data["totals"] = [{**cap, "total_volume": volumes.pop(cap["currency"], None)} for cap in caps]
    data["totals"] += [
        {"currency": currency, "total_market_cap": None, "total_volume": volume} for currency, volume in volumes.items()
    ]
    data["market_cap_percentage"] = _number_pairs(
        data.get("market_cap_percentage"), "coin_symbol", "market_cap_percentage", "market_cap_percentage"
    )
    return data


def _text(value: Any) -> str | None:
    """A figure /search/trending sends as a number one day and as text ("$1,234", "0.0001") another: always
    text, so dlt types the column once and staging parses it; objects and lists (no figure) are None."""
    if value is None or isinstance(value, Mapping | list | bool):
        return None
    return str(value)


def _whole(value: Any) -> int | None:
    """A rank or score: a whole number, or None for null, text or anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _currency_changes(value: Any) -> list[dict[str, Any]]:
    """{"usd": 1.2, "btc": -0.4, ...} -> [{"currency", "percentage"}]: one child row per currency, like /global's
    totals, instead of a column per currency. Anything but an object gives no rows; a value that is no number
    gives a NULL percentage."""
    if not isinstance(value, Mapping):
        return []
    return [
        {"currency": str(currency), "percentage": float(change) if _is_number(change) else None}
        for currency, change in value.items()
    ]


# The figures of a trending coin's `data` object, kept as text (see `_text`).
TRENDING_COIN_FIGURES = ("price", "price_btc", "market_cap", "market_cap_btc", "total_volume", "total_volume_btc")
TRENDING_CATEGORY_FIGURES = ("market_cap", "market_cap_btc", "total_volume", "total_volume_btc")


def _trending_coin(entry: Any) -> dict[str, Any]:
    item = entry.get("item") if isinstance(entry, Mapping) else None
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not item["id"]:
        raise PayloadShapeError(API_NAME, TRENDING_ENDPOINT, 'coins as {"item": {...}} with a text id', entry)
    # `data` is an object on today's API; older answers leave it out, and some send [] for "none".
    data = item.get("data") if isinstance(item.get("data"), Mapping) else {}
    content = data.get("content") if isinstance(data.get("content"), Mapping) else {}
    return {
        "id": item["id"],
        # CoinGecko's internal number for the coin, not the text id every other endpoint uses.
        "coin_id": _whole(item.get("coin_id")),
        "name": _text(item.get("name")),
        "symbol": _text(item.get("symbol")),
        "market_cap_rank": _whole(item.get("market_cap_rank")),
        "thumb": _text(item.get("thumb")),
        "small": _text(item.get("small")),
        "large": _text(item.get("large")),
        "slug": _text(item.get("slug")),
        "price_btc": _text(item.get("price_btc")),
        "score": _whole(item.get("score")),
        **{f"data__{figure}": _text(data.get(figure)) for figure in TRENDING_COIN_FIGURES},
        "data__sparkline": _text(data.get("sparkline")),
        "data__content__title": _text(content.get("title")),
        "data__content__description": _text(content.get("description")),
        "price_change_percentage_24h": _currency_changes(data.get("price_change_percentage_24h")),
    }


def _trending_category(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
        raise PayloadShapeError(API_NAME, TRENDING_ENDPOINT, "categories as objects with a name", entry)
    data = entry.get("data") if isinstance(entry.get("data"), Mapping) else {}
    return {
        "id": _whole(entry.get("id")),
        "name": entry["name"],
        "slug": _text(entry.get("slug")),
        "coins_count": _whole(entry.get("coins_count")),
        "market_cap_1h_change": _text(entry.get("market_cap_1h_change")),
        **{f"data__{figure}": _text(data.get(figure)) for figure in TRENDING_CATEGORY_FIGURES},
        "data__sparkline": _text(data.get("sparkline")),
        "market_cap_change_percentage_24h": _currency_changes(data.get("market_cap_change_percentage_24h")),
    }


def trending_row(body: Any) -> dict[str, Any]:
    """/search/trending as one row with the lists `coins` (in the answer's order: the most searched first),
    `nfts` and `categories` (child tables). Each coin's {"item": {...}} wrapper and `data` object are
    flattened by hand, because dlt would store objects that deep as JSON; the 24 h changes keyed by currency
    become a child list of pairs. A missing or null list is an empty one; `data` missing, null or [] leaves
    the coin's figures NULL; figures are kept as text, since CoinGecko sends some as "$1,234"."""
    _reject_error_body(body, TRENDING_ENDPOINT, "the trending searches")
    trending = expect_mapping(body, API_NAME, TRENDING_ENDPOINT)
    lists: dict[str, list[Any]] = {}
    for key in ("coins", "nfts", "categories"):
        value = trending.get(key)
        if value is not None and not isinstance(value, list):
            raise PayloadShapeError(API_NAME, TRENDING_ENDPOINT, f"'{key}' as a list", value)
        lists[key] = value or []
    nfts = []
    for nft in lists["nfts"]:
        if not isinstance(nft, Mapping) or not isinstance(nft.get("id"), str):
            raise PayloadShapeError(API_NAME, TRENDING_ENDPOINT, "nfts as objects with a text id", nft)
        data = nft.get("data") if isinstance(nft.get("data"), Mapping) else {}
        nfts.append(
            {
                "id": nft["id"],
                "name": _text(nft.get("name")),
                "symbol": _text(nft.get("symbol")),
                "nft_contract_id": _whole(nft.get("nft_contract_id")),
                "native_currency_symbol": _text(nft.get("native_currency_symbol")),
                "floor_price_in_native_currency": _text(nft.get("floor_price_in_native_currency")),
                "floor_price_24h_percentage_change": _text(nft.get("floor_price_24h_percentage_change")),
                "data__floor_price": _text(data.get("floor_price")),
                "data__h24_volume": _text(data.get("h24_volume")),
            }
        )
    return {
        "coins": [_trending_coin(entry) for entry in lists["coins"]],
        "nfts": nfts,
        "categories": [_trending_category(entry) for entry in lists["categories"]],
    }
