"""Gaming defaults: live base URLs and limits set just below what Steam and SteamSpy publish (DESIGN.md §3).

A bucket of `burst` and `rate` sends at most `burst + rate * W` requests in any W seconds; each default keeps that
below the published N per W (plus one, as requests are whole) while its long-run rate is 97-99% of N / W, so the
allowance is used without provoking a 429 (`tests/test_rate_limit_usage.py` measures both against the emulator).
"""

from __future__ import annotations

from ingestion.http import ApiConfig, RateLimit
from ingestion.params import ListOf, Setting, WholeNumber

VERTICAL = "gaming"

# SteamSpy: 1 request/s in general, `request=all` once per 60 s (and counted in the first). 1 per 1.01 s leaves
# 10 ms of jitter between two arrivals; request=all takes a token from both buckets at once.
STEAMSPY = ApiConfig(
    name="steamspy",
    base_url="https://steamspy.com",
    rate_limit=RateLimit(requests=1, per_seconds=1.01),
    endpoint_rate_limits={"all": RateLimit(requests=1, per_seconds=61)},
    # Tags, genres and languages move slowly; a same-day re-run should not re-download them.
    cache_ttl_seconds={"appdetails": 20 * 3600},
    # appdetails at 1/s allows 86,400 a day; a quarter of that (6 hours of requests) leaves room for others.
    daily_budget=21_600,
)

# Steam storefront: about 200 requests per 5 minutes per IP. 194 per 300 s with a burst of 5: at most 199 in any
# 5 minutes, 97% of the allowance over a long run.
STEAM_STORE = ApiConfig(
    name="steam_store",
    base_url="https://store.steampowered.com",
    rate_limit=RateLimit(requests=194, per_seconds=300, burst=5),
    # About 57,600 requests a day at the published limit; a quarter of them, two (details and reviews) per app.
    daily_budget=14_400,
)

# Steam Web API: 100,000 calls a day. 99,000 per day, spread evenly (1.15 a second) with a burst of 10: a day-long
# window never holds more than 99,010, and a quick run of a few apps does not wait.
STEAM_WEB = ApiConfig(
    name="steam_web",
    base_url="https://api.steampowered.com",
    rate_limit=RateLimit(requests=99_000, per_seconds=86_400, burst=10),
    # A quarter of the 100,000 calls a day the Web API allows.
    daily_budget=25_000,
)

APIS = (STEAMSPY, STEAM_STORE, STEAM_WEB)

# SteamSpy's catalogue holds fewer than 100 pages of 1000 apps; the walk stops at the first empty page.
DEFAULT_STEAMSPY_MAX_PAGES = 100
PARAMS = (
    Setting(
        "top_n",
        WholeNumber(0),
        None,
        "apps detailed a day at most (new first, then changed, then stalest), within each API's daily_budget; "
        "unset = as many as the budgets allow, 0 = none",
    ),
    Setting(
        "app_ids",
        ListOf(WholeNumber(1)),
        [],
        "Steam app ids detailed every day before any other, also beyond the catalogue pages read; without top_n, "
        "only these",
    ),
    Setting(
        "steamspy_max_pages",
        WholeNumber(0),
        DEFAULT_STEAMSPY_MAX_PAGES,
        "SteamSpy catalogue pages of 1000 apps to read, one a minute (every app read gets its daily row); 0 = none",
    ),
)
# Per-app detail requests on each API: storefront appdetails and appreviews; SteamSpy appdetails; current players.
DETAIL_REQUESTS_PER_APP = {"steam_store": 2, "steamspy": 1, "steam_web": 1}
# The request=all fields whose change makes an app's details worth reading again before its turn.
SIGNAL_FIELDS = ("name", "developer", "publisher", "price", "initialprice")
# Storefront fields documented as objects that Steam sometimes sends as `[]`.
STORE_OBJECT_KEYS = (
    "pc_requirements",
    "mac_requirements",
    "linux_requirements",
    "price_overview",
    "metacritic",
    "recommendations",
    "achievements",
    "platforms",
    "release_date",
    "support_info",
    "ratings",
    "content_descriptors",
    "fullgame",
    "demos",
)
