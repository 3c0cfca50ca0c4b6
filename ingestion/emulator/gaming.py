"""Gaming vertical of the emulator: SteamSpy, the Steam storefront and the Steam Web API.

APIs (name, emulator base URL, live base URL; clients append the real paths to the base URL):
    steamspy      {emulator}/steamspy       https://steamspy.com
    steam_store   {emulator}/steam-store    https://store.steampowered.com
    steam_web     {emulator}/steam-web      https://api.steampowered.com

Endpoints:
    GET /steamspy/api.php?request=all&page=N       50 apps a page (STEAMSPY_PAGE_SIZE; the real one pages by
        1000), keyed by app id string, by owners range descending, then ccu descending, then app id; pages
        0 and 1 hold 50 + 10 apps, later pages answer {}.
    GET /steamspy/api.php?request=appdetails&appid=N   the same keys (playtime filled in, see below) plus
        languages, genre, tags. An id
        outside the catalogue answers 200 with name/price/initialprice/discount/languages/genre null,
        developer/publisher "", counts 0, owners "0 .. 20,000" and tags [] (our stand-in for SteamSpy).
    GET /steam-store/api/appdetails?appids=N[&cc=us&l=english]   {"N": {"success": true, "data": {...}}};
        prices are always USD. Unknown ids answer {"N": {"success": false}}; several ids at once answer
        400 with body null.
    GET /steam-store/appreviews/N?json=1&num_per_page=0[&language=all&purchase_type=all]   the review
        summary; unknown ids answer 0 reviews. Without json=1 it answers 400.
    GET /steam-web/ISteamUserStats/GetNumberOfCurrentPlayers/v1/?appid=N   {"response": {"player_count": n,
        "result": 1}}; 404 {"response": {"result": 42}} for coming-soon, unavailable and unknown apps.

Catalogue: 60 apps (`gaming_catalogue.CATALOGUE`), all `type` "game".
    Free to play (8): 570 Dota 2, 730 Counter-Strike 2, 578080 PUBG: BATTLEGROUNDS, 1172470 Apex Legends,
        440 Team Fortress 2, 230410 Warframe, 1085660 Destiny 2, 1222670 The Sims™ 4. is_free true and no
        price_overview key; SteamSpy price, initialprice and discount "0".
    Coming soon on day one (2): 1030300 Hollow Knight: Silksong (still coming soon on day two) and
        1903340 Clair Obscur: Expedition 33 (released on day two). release_date {"coming_soon": true,
        "date": "Coming soon"}, no price_overview, packages or recommendations keys; SteamSpy owners
        "0 .. 20,000", prices "0", ccu/positive/negative 0; appreviews 0 reviews (review_score 0, "No user
        reviews"); current players 404.
    Storefront success:false (1): 224060 Deadpool (delisted): appdetails {"224060": {"success": false}},
        appreviews 0 reviews, current players 404; it is in SteamSpy's `all` (owners "1,000,000 ..
        2,000,000", prices "0") and it is the one app whose SteamSpy appdetails `tags` is [].
    Paid and released: the other 49.
    Quirks: required_age is the string "17" for 1091500 Cyberpunk 2077 and the integer 0 for every other
        app. mac_requirements and linux_requirements are [] for 578080, 1172470, 1085660, 1966720, 553850,
        1623730 (other Windows-only apps send objects with empty lists). Two developers: 289070, 8930,
        346110, 1817070, 1593500; two publishers: 1245620, 374320, 814380, 289070, 8930 (SteamSpy joins them
        with ", ", and "FromSoftware, Inc." has a comma of its own). price_overview.initial_formatted is ""
        unless discounted. SteamSpy's genre string spells genre 37 "Free to Play"; the storefront says
        "Free To Play". No metacritic: 578080, 1172470, 230410, 1085660, 1222670, 1030300, 1903340, 892970,
        1966720, 359550, 381210, 1623730, 322330, 4000, 489830, 945360, 1919590, 108600, 739630, 1063730.
        No achievements: 570, 1172470, 1222670, 1030300, 1903340, 1966720, 359550, 322330, 945360, 108600.
        score_rank is "" and userscore 0 everywhere, as SteamSpy sends them today; `request=all` sends the
        four playtimes 0 for every app (as in the 2025-01-01 capture), appdetails fills them (the same on both
        days, `gaming_payloads.steamspy_playtime`) except for apps without SteamSpy reviews (1030300, 1903340:
        0 throughout).
    Discounted on day one: 1245620 ELDEN RING 40%, 292030 The Witcher 3: Wild Hunt 80%, 1086940 Baldur's
        Gate 3 20%, 252490 Rust 50% (all unchanged on day two), 105600 Terraria 50%, 359550 Tom Clancy's
        Rainbow Six® Siege 60% (full price on day two).

Days: DAYS = ["2025-01-01", "2025-01-02"]. Day two differs from day one in exactly these ways:
    1. Rename: 271590 "Grand Theft Auto V" -> "Grand Theft Auto V Legacy" (storefront name and SteamSpy
       name; list price 2998, not discounted on either day).
    2. Genre and tag: 1145360 Hades gains the storefront genre {"id": "25", "description": "Adventure"}
       (appended: ids 1, 23, 3 -> 1, 23, 3, 25), so SteamSpy's genre string goes "Action, Indie, RPG" ->
       "Action, Indie, RPG, Adventure", and gains the SteamSpy tag "Mythology" (appended, fewest votes;
       the other tags keep their votes). Nothing else tracked changes for it.
    3. List price: 892970 Valheim 1999 -> 2499 (price_overview initial and final; SteamSpy initialprice and
       price "1999" -> "2499"); discount 0 on both days.
    4. Release: 1903340 Clair Obscur: Expedition 33 gets release_date {"coming_soon": false, "date":
       "2 Jan, 2025"}, price_overview {initial 4999, final 4999, discount_percent 0} and packages; SteamSpy
       price and initialprice "4999", discount "0" (owners still "0 .. 20,000" and ccu/positive/negative
       still 0: SteamSpy lags a day); appreviews 1740 positive / 58 negative (9, "Overwhelmingly
       Positive"); current players answers 200 with player_count 41873.
    5. Daily metrics only (no tracked attribute changes):
       - 10 sales start (full price on day one; initial unchanged): 413150 Stardew Valley 40% (final
         1499 -> 899), 1091500 Cyberpunk 2077 55% (5999 -> 2699), 381210 Dead by Daylight 65% (1999 -> 699),
         553850 HELLDIVERS™ 2 20% (3999 -> 3199), 1623730 Palworld 25% (2999 -> 2249), 374320 DARK SOULS™
         III 60% (5999 -> 2399), 367520 Hollow Knight 50% (1499 -> 749), 548430 Deep Rock Galactic 67%
         (2999 -> 989), 264710 Subnautica 70% (2999 -> 899), 1174180 Red Dead Redemption 2 75%
         (5999 -> 1499). SteamSpy price and discount follow.
       - 2 sales end: 105600 Terraria (50%, final 499 -> 999) and 359550 Tom Clancy's Rainbow Six® Siege
         (60%, final 799 -> 1999).
       - Owners: 2358720 Black Myth: Wukong "10,000,000 .. 20,000,000" -> "20,000,000 .. 50,000,000" (the
         only owners change).
       - The 57 apps released and in the store on day one (all but 1030300, 1903340, 224060): SteamSpy ccu
         changes, positive and negative grow, appreviews totals equal the new SteamSpy counts, and the
         current player_count changes. 1030300 and 224060 keep every figure.
       Tag votes, recommendations totals, screenshots, images and everything else are identical.
    Hence the other 56 apps have identical name, type, is_free, list price (initial), developers,
    publishers, platforms, release date and coming_soon, required_age, genres, categories and metacritic on
    both days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from ingestion.emulator import gaming_days as days
from ingestion.emulator.gaming_catalogue import CATALOGUE
from ingestion.emulator.gaming_days import AppState
from ingestion.emulator.gaming_payloads import (
    appreviews,
    current_players,
    owners_rank,
    steamspy_details,
    steamspy_summary,
    steamspy_unknown,
    store_appdetails,
)
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, json_response

DAYS: list[str] = list(days.DAYS)
STEAMSPY_PAGE_SIZE = 50

LIVE_BASE_URLS: dict[str, str] = {
    "steamspy": "https://steamspy.com",
    "steam_store": "https://store.steampowered.com",
    "steam_web": "https://api.steampowered.com",
}
PREFIXES: dict[str, str] = {"steamspy": "/steamspy", "steam_store": "/steam-store", "steam_web": "/steam-web"}


def base_urls(emulator_base_url: str) -> dict[str, str]:
    root = emulator_base_url.rstrip("/")
    return {api: f"{root}{prefix}" for api, prefix in PREFIXES.items()}


@dataclass(frozen=True)
class GamingScenario:
    """The docstring's facts as data, for tests and docs; tests check the served responses against it."""

    app_ids: tuple[int, ...]
    free: tuple[int, ...]
    coming_soon: tuple[int, ...]
    unavailable: int
    empty_tags: int
    string_required_age: int
    renamed: tuple[int, str, str]
    genre_and_tag: tuple[int, str, str]
    list_price: tuple[int, int, int]
    released: tuple[int, str, int]
    still_coming_soon: int
    sales_starting: Mapping[int, int]
    sales_ending: tuple[int, ...]
    owners_moved: tuple[int, str, str]

    @property
    def attribute_changes(self) -> tuple[int, ...]:
        """Apps whose tracked attributes differ between the days."""
        return (self.renamed[0], self.genre_and_tag[0], self.list_price[0], self.released[0])


SCENARIO = GamingScenario(
    app_ids=tuple(game.appid for game in CATALOGUE),
    free=tuple(game.appid for game in CATALOGUE if game.free),
    coming_soon=tuple(game.appid for game in CATALOGUE if game.coming_soon),
    unavailable=days.UNAVAILABLE_APPID,
    empty_tags=days.EMPTY_TAGS_APPID,
    string_required_age=next(game.appid for game in CATALOGUE if isinstance(game.required_age, str)),
    renamed=(days.RENAMED_APPID, days.NAME_BEFORE, days.NAME_AFTER),
    genre_and_tag=(days.GENRE_TAG_APPID, days.GAINED_GENRE_ID, days.GAINED_TAG),
    list_price=(days.LIST_PRICE_APPID, days.LIST_PRICE_BEFORE, days.LIST_PRICE_AFTER),
    released=(days.RELEASED_APPID, days.RELEASE_DATE, days.RELEASE_PRICE),
    still_coming_soon=days.STILL_COMING_SOON_APPID,
    sales_starting=MappingProxyType(dict(days.SALES_STARTING)),
    sales_ending=days.SALES_ENDING,
    owners_moved=(days.OWNERS_MOVED_APPID, days.OWNERS_BEFORE, days.OWNERS_AFTER),
)


class GamingData(Protocol):
    """Where the routes read app states from: the hand-written scenario below, or a generated catalogue
    (`ingestion.emulator.catalogues.gaming`)."""

    def steamspy_page(self, page: int, day: str) -> list[AppState]: ...

    def state(self, appid: int, day: str) -> AppState | None: ...


class HandWritten:
    def steamspy_page(self, page: int, day: str) -> list[AppState]:
        ranked = sorted(days.states(day).values(), key=owners_rank)
        return ranked[page * STEAMSPY_PAGE_SIZE : (page + 1) * STEAMSPY_PAGE_SIZE]

    def state(self, appid: int, day: str) -> AppState | None:
        return days.state(appid, day)


def _app_id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def routes_for(data: GamingData) -> list[Route]:
    def steamspy(request: EmulatorRequest) -> EmulatorResponse:
        kind = request.query.get("request")
        if kind == "all":
            page = _app_id(request.query.get("page", "0"))
            if page is None:
                return json_response({"error": "page must be a non-negative integer"}, status=400)
            return json_response(
                {str(app.appid): steamspy_summary(app) for app in data.steamspy_page(page, request.day)}
            )
        if kind == "appdetails":
            appid = _app_id(request.query.get("appid"))
            if appid is None:
                return json_response({"error": "appid must be an integer"}, status=400)
            app = data.state(appid, request.day)
            return json_response(steamspy_details(app) if app else steamspy_unknown(appid))
        return json_response({"error": f"the emulator does not serve request={kind}"}, status=400)

    def store_appdetails_route(request: EmulatorRequest) -> EmulatorResponse:
        appid = _app_id(request.query.get("appids"))
        if appid is None:
            # Steam refuses several ids (without a price-only filter) or none with a bare null.
            return json_response(None, status=400)
        app = data.state(appid, request.day)
        if app is None or not app.in_store:
            return json_response({str(appid): {"success": False}})
        return json_response({str(appid): {"success": True, "data": store_appdetails(app)}})

    def store_appreviews(request: EmulatorRequest) -> EmulatorResponse:
        if request.query.get("json") != "1":
            return json_response({"error": "the emulator only serves appreviews with json=1"}, status=400)
        appid = int(request.groups["appid"])
        return json_response(appreviews(data.state(appid, request.day)))

    def web_current_players(request: EmulatorRequest) -> EmulatorResponse:
        appid = _app_id(request.query.get("appid"))
        if appid is None:
            return json_response({"error": "appid must be an integer"}, status=400)
        status, body = current_players(data.state(appid, request.day))
        return json_response(body, status=status)

    return [
        Route(r"/steamspy/api\.php", steamspy),
        Route(r"/steam-store/api/appdetails/?", store_appdetails_route),
        Route(r"/steam-store/appreviews/(?P<appid>\d+)/?", store_appreviews),
        Route(r"/steam-web/ISteamUserStats/GetNumberOfCurrentPlayers/v1/?", web_current_players),
    ]


def routes() -> list[Route]:
    return routes_for(HandWritten())
