"""Gaming defaults: live base URLs and limits set below what Steam and SteamSpy publish (DESIGN.md §3)."""

from __future__ import annotations

from ingestion.http import ApiConfig, RateLimit
from ingestion.params import ListOf, Setting, WholeNumber

VERTICAL = "gaming"

# SteamSpy: 1 request/s in general, `request=all` once per 60 s.
STEAMSPY = ApiConfig(
    name="steamspy",
    base_url="https://steamspy.com",
    rate_limit=RateLimit(requests=1, per_seconds=1.2),
    endpoint_rate_limits={"all": RateLimit(requests=1, per_seconds=65)},
    # Tags, genres and languages move slowly; a same-day re-run should not re-download them.
    cache_ttl_seconds={"appdetails": 20 * 3600},
)

# Steam storefront: about 200 requests per 5 minutes per IP.
STEAM_STORE = ApiConfig(
    name="steam_store",
    base_url="https://store.steampowered.com",
    rate_limit=RateLimit(requests=150, per_seconds=300, burst=5),
)

# Steam Web API: 100k calls a day; pace politely anyway.
STEAM_WEB = ApiConfig(
    name="steam_web",
    base_url="https://api.steampowered.com",
    rate_limit=RateLimit(requests=4, per_seconds=1, burst=4),
)

APIS = (STEAMSPY, STEAM_STORE, STEAM_WEB)

DEFAULT_TOP_N = 50
DEFAULT_STEAMSPY_MAX_PAGES = 1
PARAMS = (
    Setting("top_n", WholeNumber(0), DEFAULT_TOP_N, "apps to track: the top N of the catalogue by owners; 0 = none"),
    Setting(
        "app_ids", ListOf(WholeNumber(1)), [], "exactly these Steam app ids instead of the top N; a non-empty list wins"
    ),
    Setting(
        "steamspy_max_pages",
        WholeNumber(0),
        DEFAULT_STEAMSPY_MAX_PAGES,
        "SteamSpy catalogue pages of 1000 apps to read, one a minute; 0 = none",
    ),
)
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
