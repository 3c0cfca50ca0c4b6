"""Crypto defaults: the CoinGecko base URLs, key settings and limits set just below what CoinGecko publishes
(DESIGN.md §3: the public API allows roughly 5-30 calls a minute, about 10 in practice, the demo plan 30, paid
plans more)."""

from __future__ import annotations

from ingestion.http import ApiConfig, RateLimit
from ingestion.params import ListOf, Setting, Text, WholeNumber

VERTICAL = "crypto"
API_NAME = "coingecko"

PUBLIC_BASE_URL = "https://api.coingecko.com/api/v3"
# Pro keys only work on the pro host; CoinGecko refuses them on the public one (and demo keys on the pro one).
PRO_BASE_URL = "https://pro-api.coingecko.com/api/v3"

# Optional keys, from .dlt/secrets.toml or SOURCES__CRYPTO__COINGECKO__DEMO_API_KEY / ..._PRO_API_KEY.
DEMO_KEY_SETTING = f"sources.{VERTICAL}.{API_NAME}.demo_api_key"
PRO_KEY_SETTING = f"sources.{VERTICAL}.{API_NAME}.pro_api_key"
DEMO_KEY_HEADER = "x-cg-demo-api-key"
PRO_KEY_HEADER = "x-cg-pro-api-key"

# Logical endpoint names: they key the cache expiry and appear in every error message.
MARKETS_ENDPOINT = "coins/markets"
COIN_ENDPOINT = "coins/{id}"
MARKET_CHART_ENDPOINT = "coins/{id}/market_chart"
CATEGORIES_ENDPOINT = "coins/categories"
EXCHANGES_ENDPOINT = "exchanges"
GLOBAL_ENDPOINT = "global"
TRENDING_ENDPOINT = "search/trending"

# A bucket sends at most burst + rate * 60 calls in any minute: both limits keep that below the allowance plus one
# (whole calls), at 98% (keyless) and 97% (demo) of it over a long run. When CoinGecko lowers the keyless limit
# under load, its 429s slow the client down (`ingestion.http.ratelimit`).
KEYLESS_RATE_LIMIT = RateLimit(requests=10, per_seconds=61, burst=1)
# What `apply_credentials` paces at with a demo key (30 calls a minute) unless a rate limit is configured. Paid
# plans differ by plan: configure their limit under [sources.crypto.coingecko].
DEMO_RATE_LIMIT = RateLimit(requests=29, per_seconds=60, burst=1)

COINGECKO = ApiConfig(
    name=API_NAME,
    base_url=PUBLIC_BASE_URL,
    rate_limit=KEYLESS_RATE_LIMIT,
    # Only the slow-moving per-coin details and the category list are cached, and only for an hour: enough for
    # a same-day re-run (after a dbt failure, say) to skip the costly calls, never long enough to serve
    # yesterday's sentiment or category figures as today's. Prices, charts, exchanges and /global never are.
    cache_ttl_seconds={COIN_ENDPOINT: 3600, CATEGORIES_ENDPOINT: 3600},
    # Details and charts, two a coin: 100 coins a day. With the 40 markets pages of 10,000 coins and the five
    # other calls that is about 245 calls a day, 25 minutes at 10 a minute, and about 7,400 a month: inside the
    # demo plan's 10,000 calls a month as well as the public API's pace.
    daily_budget=200,
)

APIS = (COINGECKO,)

DEFAULT_VS_CURRENCY = "usd"
# /coins/markets: how many coins to keep, read `per_page` at a time (CoinGecko's maximum page is 250): every one
# of them gets its daily row, at 40 calls for 10,000 coins.
DEFAULT_MAX_COINS = 10_000
DEFAULT_MARKETS_PER_PAGE = 250
MAX_PER_PAGE = 250
# /coins/{id} and /coins/{id}/market_chart cost one call each per coin.
DETAIL_REQUESTS_PER_COIN = 2
# The /coins/markets fields whose change makes a coin's details worth reading again before its turn. Not
# `last_updated`: it moves with every price tick, so it would call every coin changed every day.
SIGNAL_FIELDS = ("name", "symbol")
# Days of daily history per run; each run re-reads them, so a missed day is backfilled by the next run.
DEFAULT_CHART_DAYS = 30
DEFAULT_MAX_EXCHANGES = 100
DEFAULT_EXCHANGES_PER_PAGE = 100
# /simple/supported_vs_currencies (the keys of /global's totals): the currencies CoinGecko prices coins in.
SUPPORTED_VS_CURRENCIES = (
    *("aed", "ars", "aud", "bch", "bdt", "bhd", "bits", "bmd", "bnb", "brl", "btc", "cad", "chf", "clp", "cny"),
    *("czk", "dkk", "dot", "eos", "eth", "eur", "gbp", "gel", "hkd", "huf", "idr", "ils", "inr", "jpy", "krw"),
    *("kwd", "link", "lkr", "ltc", "mmk", "mxn", "myr", "ngn", "nok", "nzd", "php", "pkr", "pln", "rub", "sar"),
    *("sats", "sek", "sgd", "thb", "try", "twd", "uah", "usd", "vef", "vnd", "xag", "xau", "xdr", "xlm", "xrp"),
    *("yfi", "zar"),
)
PER_PAGE = WholeNumber(1, MAX_PER_PAGE)
PARAMS = (
    Setting(
        "vs_currency",
        Text(
            f"one of CoinGecko's {len(SUPPORTED_VS_CURRENCIES)} vs currencies, e.g. usd, eur, gbp, jpy, btc",
            choices=SUPPORTED_VS_CURRENCIES,
            lower=True,
        ),
        DEFAULT_VS_CURRENCY,
        "the currency of prices, market caps and volumes",
    ),
    Setting("max_coins", WholeNumber(0), DEFAULT_MAX_COINS, "coins to read from /coins/markets; 0 = none"),
    Setting("markets_per_page", PER_PAGE, DEFAULT_MARKETS_PER_PAGE, "coins per /coins/markets page"),
    Setting(
        "top_n",
        WholeNumber(0),
        None,
        "coins detailed (details and history) a day at most beyond coin_ids (new first, by market cap rank, then "
        "renamed, then stalest), within the daily_budget; unset = as many as the budget allows, 0 = none",
    ),
    Setting(
        "coin_ids",
        ListOf(Text("a CoinGecko coin id such as 'bitcoin'", pattern=r"[a-z0-9][a-z0-9._-]*")),
        [],
        "coins detailed every day before any other, also beyond the markets pages read; without top_n, only these",
    ),
    Setting("chart_days", WholeNumber(1), DEFAULT_CHART_DAYS, "days of daily price history per run"),
    Setting("max_exchanges", WholeNumber(0), DEFAULT_MAX_EXCHANGES, "exchanges to read from /exchanges; 0 = none"),
    Setting("exchanges_per_page", PER_PAGE, DEFAULT_EXCHANGES_PER_PAGE, "exchanges per /exchanges page"),
)
# The windows /coins/markets reports percent changes for (each adds a price_change_percentage_<w>_in_currency).
PRICE_CHANGE_WINDOWS = ("1h", "24h", "7d", "30d")
# /coins/{id}: only the sections the star schema uses; market data comes from /coins/markets.
COIN_DETAIL_PARAMS: dict[str, str] = {
    "localization": "false",
    "tickers": "false",
    "market_data": "false",
    "community_data": "true",
    "developer_data": "true",
    "sparkline": "false",
}
