"""Response bodies for the CoinGecko API, built from `crypto_days` states and shaped like the captures in
`reference_responses/crypto/` (key names, key order, JSON types, nulls and the API's quirks)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ingestion.emulator.crypto_catalogue import CATEGORIES, FIAT_PER_USD, TRENDING_OUTSIDERS, Coin
from ingestion.emulator.crypto_days import (
    ACTIVE_CRYPTOCURRENCIES,
    ASSUMED_SUPPLY,
    DAY_ONE,
    DAY_TWO,
    MARKETS,
    TRENDING_CATEGORIES,
    TRENDING_COINS,
    WHOLE_MARKET_FACTOR,
    CoinState,
    ExchangeState,
    coin_state,
    coin_states,
    epoch_ms,
    midnight_price,
    significant,
    snapshot_at,
    turnover,
)

# CoinGecko's answer to a client over the public rate limit (HTTP 429, with a Retry-After header).
RATE_LIMIT_BODY: dict[str, Any] = {
    "status": {
        "error_code": 429,
        "error_message": (
            "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to "
            "our API plans for higher rate limits."
        ),
    }
}
COIN_NOT_FOUND: dict[str, Any] = {"error": "coin not found"}
PRICE_CHANGE_WINDOWS = ("1h", "24h", "7d", "14d", "30d", "200d", "1y")

ASSETS = "https://assets.coingecko.com"
ATH_DATES = ("2024-12-17T15:02:41.429Z", "2024-03-14T07:10:36.635Z", "2021-11-10T14:24:11.849Z")
ATL_DATES = ("2013-07-06T00:00:00.000Z", "2020-03-13T02:22:55.044Z", "2022-12-29T05:40:55.347Z")
BLOCK_MINUTES = {"bitcoin": 10, "bitcoin-cash": 10, "litecoin": 2, "monero": 2, "dogecoin": 1, "zcash": 1}
COUNTRY_ORIGIN = {"usd-coin": "US", "uniswap": "US", "ripple": "US", "tether": "VG", "okb": "SC"}
# Crypto quote currencies /global reports totals in, besides the fiat ones.
GLOBAL_COIN_CURRENCIES = ("btc", "eth", "ltc", "bch", "bnb", "xrp")


def iso_ms(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def price_value(usd: float, vs_currency: str) -> float | int:
    """A price as CoinGecko writes it: whole numbers from 10,000 up (70187), else a float."""
    value = significant(usd * FIAT_PER_USD[vs_currency])
    return round(value) if value >= 10_000 else value


def amount(usd: float, vs_currency: str) -> int:
    """Market caps and volumes: whole numbers, as in the markets capture."""
    return round(usd * FIAT_PER_USD[vs_currency])


def supply(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def percent(part: float, whole: float) -> float:
    return round((part - whole) / whole * 100, 5)


def coin_image(state: CoinState, size: str = "large") -> str:
    return f"{ASSETS}/coins/images/{1 + state.index * 97}/{size}/{state.id}.png?1696501400"


def last_updated(state: CoinState) -> str:
    return iso_ms(snapshot_at(state.day) - timedelta(seconds=state.index % 50, milliseconds=state.index * 7))


def ath_usd(state: CoinState) -> float:
    if state.coin.is_stablecoin:
        return 1.32
    return significant(state.coin.price * (1.12 + (state.index * 7 % 10) * 0.12))


def atl_usd(state: CoinState) -> float:
    if state.coin.is_stablecoin:
        return 0.5723
    return significant(state.coin.price * (0.004 + (state.index % 9) * 0.011))


def window_change(state: CoinState, window: str) -> float:
    """Percent change over `window` (deterministic per coin and day; 24h is the real day-over-day change)."""
    if window == "24h":
        return percent(state.price, state.previous_price)
    day_offset = 0 if state.day == DAY_ONE else 1
    scale = {"1h": 0.1, "7d": 0.8, "14d": 1.0, "30d": 1.5, "200d": 4.0, "1y": 9.0}[window]
    modulus = {"1h": 9, "7d": 25, "14d": 27, "30d": 41, "200d": 51, "1y": 61}[window]
    raw = ((state.index * 13 + day_offset * 5 + len(window)) % modulus - modulus // 2) * scale
    return round(raw / 20 if state.coin.is_stablecoin else raw, 5)


def markets_item(state: CoinState, vs_currency: str, windows: Iterable[str]) -> dict[str, Any]:
    """One element of /coins/markets (keys in the capture's order; the `_in_currency` changes only when asked)."""
    coin = state.coin
    no_cap = state.market_cap == 0
    roi = None
    if coin.roi is not None:
        times = round(coin.roi[0] * state.price / coin.price, 6)
        roi = {"times": times, "currency": coin.roi[1], "percentage": round(times * 100, 4)}
    item: dict[str, Any] = {
        "id": coin.id,
        "symbol": state.symbol,
        "name": state.name,
        "image": coin_image(state),
        "current_price": price_value(state.price, vs_currency),
        "market_cap": amount(state.market_cap, vs_currency),
        "market_cap_rank": state.rank,
        "fully_diluted_valuation": (
            None if state.fully_diluted_valuation is None else amount(state.fully_diluted_valuation, vs_currency)
        ),
        "total_volume": amount(state.total_volume, vs_currency),
        "high_24h": price_value(max(state.price, state.previous_price) * 1.011, vs_currency),
        "low_24h": price_value(min(state.price, state.previous_price) * 0.987, vs_currency),
        "price_change_24h": significant((state.price - state.previous_price) * FIAT_PER_USD[vs_currency]),
        "price_change_percentage_24h": percent(state.price, state.previous_price),
        "market_cap_change_24h": amount(state.market_cap - state.previous_market_cap, vs_currency),
        "market_cap_change_percentage_24h": 0 if no_cap else percent(state.market_cap, state.previous_market_cap),
        "circulating_supply": supply(coin.circulating),
        "total_supply": supply(coin.total),
        "max_supply": supply(coin.max),
        "ath": price_value(ath_usd(state), vs_currency),
        "ath_change_percentage": percent(state.price, ath_usd(state)),
        "ath_date": ATH_DATES[state.index % len(ATH_DATES)],
        "atl": price_value(atl_usd(state), vs_currency),
        "atl_change_percentage": percent(state.price, atl_usd(state)),
        "atl_date": ATL_DATES[state.index % len(ATL_DATES)],
        "roi": roi,
        "last_updated": last_updated(state),
    }
    for window in PRICE_CHANGE_WINDOWS:
        if window in windows:
            item[f"price_change_percentage_{window}_in_currency"] = window_change(state, window)
    return item


def _sentiment(state: CoinState) -> tuple[float | None, float | None]:
    up = state.coin.sentiment_up
    if up is None:
        return None, None
    if state.day == DAY_TWO:
        up = round(up + (state.index % 5 - 2) * 0.35, 2)
    return up, round(100 - up, 2)


def _community(state: CoinState) -> dict[str, Any]:
    index, has_repo = state.index, state.coin.github is not None
    grown = 0 if state.day == DAY_ONE else 1
    return {
        "facebook_likes": None,
        "reddit_average_posts_48h": round((index * 3 % 9) * 0.25, 3) if has_repo else 0,
        "reddit_average_comments_48h": round((index * 5 % 13) * 0.5, 3) if has_repo else 0,
        "reddit_subscribers": 50_000 + index * 7_919 % 900_000 + grown * (index * 3 + 1) if has_repo else 0,
        "reddit_accounts_active_48h": index * 131 % 2_000 if has_repo else 0,
        "telegram_channel_user_count": 10_000 + index * 5_311 + grown * index * 2 if index % 3 else None,
    }


def _developer(state: CoinState) -> dict[str, Any]:
    index = state.index
    if state.coin.github is None:
        # What CoinGecko sends for a coin without a tracked repository: zero counts, null code churn.
        counts = dict.fromkeys(
            (
                "forks",
                "stars",
                "subscribers",
                "total_issues",
                "closed_issues",
                "pull_requests_merged",
                "pull_request_contributors",
            ),
            0,
        )
        return {
            **counts,
            "code_additions_deletions_4_weeks": {"additions": None, "deletions": None},
            "commit_count_4_weeks": 0,
            "last_4_weeks_commit_activity_series": [],
        }
    later = 0 if state.day == DAY_ONE else 1
    total_issues = 500 + index * 311 % 8_000
    return {
        "forks": 1_000 + index * 733 % 30_000,
        "stars": 2_000 + index * 1_231 % 70_000 + later * (index % 7 + 1),
        "subscribers": 100 + index * 97 % 4_000,
        "total_issues": total_issues,
        "closed_issues": total_issues * 9 // 10,
        "pull_requests_merged": 300 + index * 617 % 12_000 + later,
        "pull_request_contributors": 20 + index * 29 % 900,
        "code_additions_deletions_4_weeks": {
            "additions": 100 + index * 173 % 5_000 + later * 40,
            "deletions": -(50 + index * 151 % 4_000) - later * 25,
        },
        "commit_count_4_weeks": 5 + index * 17 % 150 + later * 2,
        "last_4_weeks_commit_activity_series": [],
    }


def _links(coin: Coin, name: str) -> dict[str, Any]:
    if coin.platform is not None:
        explorers = [f"https://etherscan.io/token/{coin.platform[1]}", "", ""]
    else:
        explorers = [f"https://blockchair.com/{coin.id}/", ""]
    return {
        "homepage": [coin.homepage, "", ""],
        "whitepaper": f"{coin.homepage}whitepaper.pdf" if coin.homepage else "",
        "blockchain_site": explorers,
        "official_forum_url": [""],
        "chat_url": [""],
        "announcement_url": ["", ""],
        "snapshot_url": None,
        "twitter_screen_name": coin.id.replace("-", ""),
        "facebook_username": "",
        "bitcointalk_thread_identifier": None,
        "telegram_channel_identifier": "",
        "subreddit_url": f"https://www.reddit.com/r/{name.replace(' ', '')}/" if coin.github else "",
        "repos_url": {"github": [coin.github] if coin.github else [], "bitbucket": []},
    }


def coin_details(
    state: CoinState,
    *,
    localization: bool,
    tickers: bool,
    market_data: bool,
    community_data: bool,
    developer_data: bool,
) -> dict[str, Any]:
    """/coins/{id}: the sections switched off by the request's flags are left out, as CoinGecko does."""
    coin = state.coin
    if coin.platform is None:
        platforms: dict[str, Any] = {"": ""}
        detail_platforms: dict[str, Any] = {"": {"decimal_place": None, "contract_address": ""}}
    else:
        decimals = 6 if coin.id in ("tether", "usd-coin") else 18
        platforms = {coin.platform[0]: coin.platform[1]}
        detail_platforms = {coin.platform[0]: {"decimal_place": decimals, "contract_address": coin.platform[1]}}
    up, down = _sentiment(state)
    body: dict[str, Any] = {
        "id": coin.id,
        "symbol": state.symbol,
        "name": state.name,
        "web_slug": coin.id,
        "asset_platform_id": coin.platform[0] if coin.platform else None,
        "platforms": platforms,
        "detail_platforms": detail_platforms,
        "block_time_in_minutes": BLOCK_MINUTES.get(coin.id, 0),
        "hashing_algorithm": coin.hashing,
        "categories": list(state.categories),
        "preview_listing": False,
        "public_notice": None,
        "additional_notices": [],
    }
    if localization:
        body["localization"] = {"en": state.name, "de": state.name}
    body.update(
        {
            "description": {"en": f"{state.name} is a crypto asset tracked by CoinGecko." if coin.github else ""},
            "links": _links(coin, state.name),
            "image": {size: coin_image(state, size) for size in ("thumb", "small", "large")},
            "country_origin": COUNTRY_ORIGIN.get(coin.id, ""),
            "genesis_date": coin.genesis,
            "sentiment_votes_up_percentage": up,
            "sentiment_votes_down_percentage": down,
            "watchlist_portfolio_users": round(1_600_000 / (state.index + 1)) + (0 if state.day == DAY_ONE else 11),
            "market_cap_rank": state.rank,
        }
    )
    if market_data:
        body["market_data"] = {
            "current_price": {vs: price_value(state.price, vs) for vs in FIAT_PER_USD},
            "market_cap": {vs: amount(state.market_cap, vs) for vs in FIAT_PER_USD},
            "market_cap_rank": state.rank,
            "total_volume": {vs: amount(state.total_volume, vs) for vs in FIAT_PER_USD},
            "price_change_percentage_24h": percent(state.price, state.previous_price),
            "total_supply": supply(coin.total),
            "max_supply": supply(coin.max),
            "circulating_supply": supply(coin.circulating),
            "last_updated": last_updated(state),
        }
    if community_data:
        body["community_data"] = _community(state)
    if developer_data:
        body["developer_data"] = _developer(state)
    body["status_updates"] = []
    body["last_updated"] = last_updated(state)
    if tickers:
        body["tickers"] = []
    return body


def market_chart(state: CoinState, days: int, vs_currency: str) -> dict[str, Any]:
    """/coins/{id}/market_chart with daily points: the 00:00 UTC snapshot of each of the last `days` days (the
    as-of day included), then the latest price at the snapshot time, as CoinGecko ends every series with "now"."""
    coin, index = state.coin, state.index
    as_of = date.fromisoformat(state.day)
    series: dict[str, list[list[float | int]]] = {"prices": [], "market_caps": [], "total_volumes": []}

    def point(moment_ms: int, price_usd: float, volume_usd: float) -> None:
        series["prices"].append([moment_ms, significant(price_usd * FIAT_PER_USD[vs_currency], 12)])
        cap = price_usd * coin.circulating * FIAT_PER_USD[vs_currency]
        series["market_caps"].append([moment_ms, round(cap, 2)])
        series["total_volumes"].append([moment_ms, round(volume_usd * FIAT_PER_USD[vs_currency], 4)])

    for offset in range(days - 1, -1, -1):
        day = as_of - timedelta(days=offset)
        price = midnight_price(index, coin, day)
        midnight_ms = epoch_ms(datetime(day.year, day.month, day.day, tzinfo=UTC))
        supply = coin.circulating or ASSUMED_SUPPLY
        volume = price * supply * turnover(index, coin) * (1 + (index + offset) % 5 * 0.03)
        point(midnight_ms, price, volume)
    point(epoch_ms(snapshot_at(state.day)), state.price, state.total_volume)
    return series


def categories(day: str) -> list[dict[str, Any]]:
    """/coins/categories: every listed category with its members' figures, by market cap (no figures: last)."""
    states = coin_states(day)
    updated_at = iso_ms(snapshot_at(day) - timedelta(minutes=3, milliseconds=598))
    rows = []
    for category_id, name, content in CATEGORIES:
        members = sorted((s for s in states if name in s.categories), key=lambda s: -s.market_cap)
        if not members:
            rows.append(
                {
                    "id": category_id,
                    "name": name,
                    "market_cap": None,
                    "market_cap_change_24h": None,
                    "content": content,
                    "top_3_coins_id": [],
                    "top_3_coins": [],
                    "volume_24h": None,
                    "updated_at": updated_at,
                }
            )
            continue
        cap = sum(s.market_cap for s in members) * WHOLE_MARKET_FACTOR
        previous = sum(s.previous_market_cap for s in members) * WHOLE_MARKET_FACTOR
        rows.append(
            {
                "id": category_id,
                "name": name,
                "market_cap": round(cap, 2),
                # CoinGecko calls it market_cap_change_24h, but it is a percentage.
                "market_cap_change_24h": percent(cap, previous),
                "content": content,
                "top_3_coins_id": [s.id for s in members[:3]],
                "top_3_coins": [coin_image(s, "small") for s in members[:3]],
                "volume_24h": round(sum(s.total_volume for s in members) * WHOLE_MARKET_FACTOR, 4),
                "updated_at": updated_at,
            }
        )
    return sorted(rows, key=lambda row: (row["market_cap"] is None, -(row["market_cap"] or 0)))


def exchange_item(state: ExchangeState) -> dict[str, Any]:
    exchange = state.exchange
    return {
        "id": exchange.id,
        "name": state.name,
        "year_established": exchange.year_established,
        "country": exchange.country,
        "description": exchange.description,
        "url": exchange.url,
        "image": f"{ASSETS}/markets/images/{exchange.image_id}/small/{exchange.id}.png?1706864649",
        "has_trading_incentive": False,
        "trust_score": exchange.trust_score,
        "trust_score_rank": state.trust_score_rank,
        "trade_volume_24h_btc": state.volume_btc,
        "trade_volume_24h_btc_normalized": state.normalized_volume_btc,
    }


def global_data(day: str) -> dict[str, Any]:
    """/global: totals over the whole market in many currencies, and the top ten coins' share of it."""
    states = coin_states(day)
    total = sum(s.market_cap for s in states) * WHOLE_MARKET_FACTOR
    previous = sum(s.previous_market_cap for s in states) * WHOLE_MARKET_FACTOR
    volume = sum(s.total_volume for s in states) * WHOLE_MARKET_FACTOR
    prices = {s.symbol: s.price for s in states}

    def in_currencies(usd: float) -> dict[str, float]:
        values = {symbol: usd / prices[symbol] for symbol in GLOBAL_COIN_CURRENCIES}
        values.update({vs: usd * rate for vs, rate in FIAT_PER_USD.items()})
        values["sats"] = values["btc"] * 100_000_000
        return {currency: round(value, 6) for currency, value in values.items()}

    return {
        "data": {
            "active_cryptocurrencies": ACTIVE_CRYPTOCURRENCIES[day],
            "upcoming_icos": 0,
            "ongoing_icos": 49,
            "ended_icos": 3376,
            "markets": MARKETS[day],
            "total_market_cap": in_currencies(total),
            "total_volume": in_currencies(volume),
            "market_cap_percentage": {s.symbol: s.market_cap / total * 100 for s in states[:10]},
            "market_cap_change_percentage_24h_usd": (total - previous) / previous * 100,
            "updated_at": int(snapshot_at(day).timestamp()) - 215,
        }
    }


def dollars(usd: float) -> str:
    """How /search/trending writes market caps and volumes: text with a dollar sign and thousands commas."""
    return f"${round(usd):,}"


def btc_text(value: float) -> str:
    """/search/trending's BTC figures inside `data`: text, not numbers."""
    return f"{significant(value, 15):.15g}"


def _percentages_24h(change_usd: float, btc_change: float) -> dict[str, float]:
    """The 24 h change in every currency (CoinGecko sends some sixty; fiat ones differ only by exchange-rate
    moves, which the emulator does not have) and in BTC, which moves with bitcoin's own change."""
    changes = {vs: change_usd for vs in FIAT_PER_USD}
    changes["btc"] = round((1 + change_usd / 100) / (1 + btc_change / 100) * 100 - 100, 5)
    return changes


def trending(day: str) -> dict[str, Any]:
    """/search/trending: the coins people searched for most (score 0 is the most searched), no NFTs (the list is
    empty on both days), and the trending categories. Prices are USD; caps and volumes are "$1,234" text."""
    bitcoin = coin_state("bitcoin", day)
    assert bitcoin is not None
    btc_price = bitcoin.price
    btc_change = percent(bitcoin.price, bitcoin.previous_price)
    outsiders = {coin.id: coin for coin in TRENDING_OUTSIDERS}
    items = []
    for score, coin_id in enumerate(TRENDING_COINS[day]):
        state = coin_state(coin_id, day)
        if state is not None:
            number, symbol, name, rank = 1 + state.index * 97, state.symbol.upper(), state.name, state.rank
            price, change = state.price, percent(state.price, state.previous_price)
            cap, volume = state.market_cap, state.total_volume
            content: dict[str, str] | None = (
                {"title": f"What is {state.name}?", "description": f"{state.name} is a crypto asset."}
                if state.coin.github
                else None
            )
        else:
            outsider = outsiders[coin_id]
            number, symbol, name, rank = outsider.number, outsider.symbol, outsider.name, outsider.market_cap_rank
            price, change, cap, volume = outsider.price, outsider.change_24h, outsider.market_cap, outsider.total_volume
            content = None
        image = f"{ASSETS}/coins/images/{number}/{{size}}/{coin_id}.png?1696501400"
        items.append(
            {
                "item": {
                    "id": coin_id,
                    "coin_id": number,
                    "name": name,
                    "symbol": symbol,
                    "market_cap_rank": rank,
                    "thumb": image.format(size="standard"),
                    "small": image.format(size="small"),
                    "large": image.format(size="large"),
                    "slug": coin_id,
                    "price_btc": price / btc_price,
                    "score": score,
                    "data": {
                        "price": price,
                        "price_btc": btc_text(price / btc_price),
                        "price_change_percentage_24h": _percentages_24h(change, btc_change),
                        "market_cap": dollars(cap),
                        "market_cap_btc": btc_text(cap / btc_price),
                        "total_volume": dollars(volume),
                        "total_volume_btc": btc_text(volume / btc_price),
                        "sparkline": f"https://www.coingecko.com/coins/{number}/sparkline.svg",
                        "content": content,
                    },
                }
            }
        )
    listed = {row["id"]: row for row in categories(day)}
    indexes = {category_id: index for index, (category_id, _, _) in enumerate(CATEGORIES)}
    states = coin_states(day)
    trending_categories = []
    for category_id in TRENDING_CATEGORIES[day]:
        row = listed[category_id]
        cap, volume = row["market_cap"] or 0, row["volume_24h"] or 0
        number = 1000 + indexes[category_id]
        trending_categories.append(
            {
                "id": number,
                "name": row["name"],
                "market_cap_1h_change": round(row["market_cap_change_24h"] / 24, 5),
                "slug": category_id,
                "coins_count": sum(1 for s in states if row["name"] in s.categories),
                "data": {
                    "market_cap": cap,
                    "market_cap_btc": cap / btc_price,
                    "total_volume": volume,
                    "total_volume_btc": volume / btc_price,
                    "market_cap_change_percentage_24h": _percentages_24h(row["market_cap_change_24h"], btc_change),
                    "sparkline": f"https://www.coingecko.com/categories/{number}/sparkline.svg",
                },
            }
        )
    return {"coins": items, "nfts": [], "categories": trending_categories}
