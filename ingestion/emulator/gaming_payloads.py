"""Response bodies for the gaming APIs, built from an `AppState` and shaped like the captures in
`reference_responses/gaming/` (key names, key order, JSON types and the real APIs' quirks)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ingestion.emulator.gaming_catalogue import CATEGORIES, GENRES, OWNERS_RANGES, STEAMSPY_GENRE_NAMES, Game
from ingestion.emulator.gaming_days import AppState

ASSETS = "https://shared.akamai.steamstatic.com/store_item_assets/steam/apps"
STORE_IMAGES = "https://store.akamai.steamstatic.com/images/storepagebackground/app"
CONTENT_NOTES = "Contains violence, blood and strong language."
HIGHLIGHTED_ACHIEVEMENTS = ("First Steps", "Seasoned")
PLATFORMS = {"w": "windows", "m": "mac", "l": "linux"}
PLAYTIME_KEYS = ("average_forever", "average_2weeks", "median_forever", "median_2weeks")


# SteamSpy


def steamspy_summary(app: AppState) -> dict[str, Any]:
    """One value of `request=all`. SteamSpy stopped publishing playtime and user scores, so those are 0, and
    it shows "0" prices for apps the store does not sell (free, delisted or not yet priced)."""
    game = app.game
    priced = app.in_store and not app.coming_soon
    return {
        "appid": game.appid,
        "name": app.name,
        "developer": ", ".join(game.developers),
        "publisher": ", ".join(game.publishers),
        "score_rank": "",
        "positive": app.positive,
        "negative": app.negative,
        "userscore": 0,
        "owners": app.owners,
        "average_forever": 0,
        "average_2weeks": 0,
        "median_forever": 0,
        "median_2weeks": 0,
        "price": str(app.final_price) if priced else "0",
        "initialprice": str(app.price) if priced else "0",
        "discount": str(app.discount) if priced else "0",
        "ccu": app.ccu,
    }


def steamspy_details(app: AppState) -> dict[str, Any]:
    """`request=appdetails`: the summary with its playtime filled in, plus languages, genres and tags. SteamSpy
    sends `[]`, not `{}`, for an app without tags (a PHP empty array)."""
    genre_names = (STEAMSPY_GENRE_NAMES.get(genre_id, GENRES[genre_id]) for genre_id in app.genres)
    tags: dict[str, int] | list[Any] = dict(app.tags) if app.tags else []
    return {
        **steamspy_summary(app),
        **steamspy_playtime(app),
        "languages": ", ".join(app.game.languages),
        "genre": ", ".join(genre_names),
        "tags": tags,
    }


def steamspy_playtime(app: AppState) -> dict[str, int]:
    """Playtime in minutes as appdetails sends it (request=all no longer does), the same on both days. An app
    SteamSpy has no players of (no reviews yet: coming soon, or released the same day) answers 0 throughout."""
    if app.positive + app.negative == 0:
        return dict.fromkeys(PLAYTIME_KEYS, 0)
    average = 600 + app.appid % 9_000
    recent = 60 + app.appid % 900
    return {
        "average_forever": average,
        "average_2weeks": recent,
        "median_forever": average * 2 // 5,
        "median_2weeks": recent // 2,
    }


def steamspy_unknown(appid: int) -> dict[str, Any]:
    """Our stand-in for what SteamSpy answers for an id it does not know: HTTP 200 with the usual keys, `name`
    and the prices null, counts 0, the lowest owners range and no tags."""
    return {
        "appid": appid,
        "name": None,
        "developer": "",
        "publisher": "",
        "score_rank": "",
        "positive": 0,
        "negative": 0,
        "userscore": 0,
        "owners": OWNERS_RANGES[0],
        "average_forever": 0,
        "average_2weeks": 0,
        "median_forever": 0,
        "median_2weeks": 0,
        "price": None,
        "initialprice": None,
        "discount": None,
        "ccu": 0,
        "languages": None,
        "genre": None,
        "tags": [],
    }


def owners_rank(app: AppState) -> tuple[int, int, int]:
    """SteamSpy lists `request=all` by owners, most first; ties by concurrent users, then app id."""
    return (-OWNERS_RANGES.index(app.owners), -app.ccu, app.appid)


# Steam storefront


def store_appdetails(app: AppState) -> dict[str, Any]:
    game = app.game
    version = _asset_version(game.appid)
    blurb = _blurb(game)
    data: dict[str, Any] = {
        "type": "game",
        "name": app.name,
        "steam_appid": game.appid,
        "required_age": game.required_age,
        "is_free": game.free,
        "detailed_description": f"<p>{blurb}</p>",
        "about_the_game": f"<p>{blurb}</p>",
        "short_description": blurb,
        "supported_languages": _supported_languages(game.languages),
        "header_image": f"{ASSETS}/{game.appid}/header.jpg?t={version}",
        "capsule_image": f"{ASSETS}/{game.appid}/capsule_231x87.jpg?t={version}",
        "capsule_imagev5": f"{ASSETS}/{game.appid}/capsule_184x69.jpg?t={version}",
        "website": game.website,
        "pc_requirements": _requirements(game, "w"),
        "mac_requirements": _requirements(game, "m"),
        "linux_requirements": _requirements(game, "l"),
        "developers": list(game.developers),
        "publishers": list(game.publishers),
    }
    # Steam leaves price_overview out entirely for free and unreleased apps.
    if app.price and not app.coming_soon:
        data["price_overview"] = _price_overview(app)
    if not app.coming_soon:
        data["packages"] = [_package_id(game.appid)]
    data["platforms"] = {name: letter in game.platforms for letter, name in PLATFORMS.items()}
    if game.metacritic is not None:
        data["metacritic"] = {"score": game.metacritic, "url": _metacritic_url(game.name)}
    data["categories"] = [{"id": number, "description": CATEGORIES[number]} for number in game.categories]
    data["genres"] = [{"id": genre_id, "description": GENRES[genre_id]} for genre_id in app.genres]
    data["screenshots"] = _screenshots(game.appid, version)
    if not game.coming_soon:
        # Attribute-like in our fixtures: fixed at the day-one review count on every day.
        data["recommendations"] = {"total": (game.positive + game.negative) * 9 // 10}
    if game.achievements is not None:
        data["achievements"] = {"total": game.achievements, "highlighted": _achievements(game.appid)}
    data["release_date"] = {"coming_soon": app.coming_soon, "date": app.release_date}
    data["support_info"] = {"url": game.website or "", "email": ""}
    data["background"] = f"{STORE_IMAGES}/{game.appid}?t={version}"
    data["background_raw"] = f"{ASSETS}/{game.appid}/page_bg_raw.jpg?t={version}"
    data["content_descriptors"] = {"ids": [2, 5], "notes": CONTENT_NOTES} if game.mature else {"ids": [], "notes": None}
    return data


def _price_overview(app: AppState) -> dict[str, Any]:
    # Steam leaves initial_formatted empty unless the app is discounted.
    return {
        "currency": "USD",
        "initial": app.price,
        "final": app.final_price,
        "discount_percent": app.discount,
        "initial_formatted": _usd(app.price) if app.discount else "",
        "final_formatted": _usd(app.final_price),
    }


def _usd(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def _requirements(game: Game, platform: str) -> dict[str, str] | list[Any]:
    if platform in game.platforms:
        system = {"w": "Windows 10 64-bit", "m": "macOS 12", "l": "Ubuntu 22.04"}[platform]
        return {
            "minimum": '<strong>Minimum:</strong><br><ul class="bb_ul">'
            f"<li><strong>OS:</strong> {system}<br></li><li><strong>Memory:</strong> 8 GB RAM</li></ul>",
            "recommended": '<strong>Recommended:</strong><br><ul class="bb_ul"><li><strong>Memory:</strong> '
            "16 GB RAM</li></ul>",
        }
    if game.empty_requirements:
        return []
    return {
        "minimum": '<strong>Minimum:</strong><br><ul class="bb_ul"></ul>',
        "recommended": '<strong>Recommended:</strong><br><ul class="bb_ul"></ul>',
    }


def _supported_languages(languages: tuple[str, ...]) -> str:
    first, *rest = languages
    listed = ", ".join([f"{first}<strong>*</strong>", *rest])
    return f"{listed}<br><strong>*</strong>languages with full audio support"


def _blurb(game: Game) -> str:
    kinds = ", ".join(GENRES[genre_id].lower() for genre_id in game.genres)
    return f"{game.name}: {kinds} from {' and '.join(game.developers)}."


def _digest(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


def _asset_version(appid: int) -> int:
    # Steam appends the asset's upload time as ?t=; stable per app so both days serve identical URLs.
    return 1_730_000_000 + int(_digest("t", appid)[:6], 16) % 5_000_000


def _package_id(appid: int) -> int:
    return 100_000 + int(_digest("package", appid)[:6], 16) % 900_000


def _metacritic_url(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"https://www.metacritic.com/game/pc/{slug}?ftag=MCD-06-10aaa1f"


def _screenshots(appid: int, version: int) -> list[dict[str, Any]]:
    count = 1 + appid % 2
    shots = []
    for index in range(count):
        image = f"{ASSETS}/{appid}/ss_{_digest('ss', appid, index)}"
        shots.append(
            {
                "id": index,
                "path_thumbnail": f"{image}.600x338.jpg?t={version}",
                "path_full": f"{image}.1920x1080.jpg?t={version}",
            }
        )
    return shots


def _achievements(appid: int) -> list[dict[str, Any]]:
    highlighted = []
    for name in HIGHLIGHTED_ACHIEVEMENTS:
        icon = f"{_digest('achievement', appid, name)}.jpg"
        highlighted.append(
            {
                "icon": icon,
                "localized_name": name,
                "archived": 0,
                "hidden": 0,
                "name": name,
                "path": f"https://shared.akamai.steamstatic.com/community_assets/images/apps/{appid}/{icon}",
            }
        )
    return highlighted


def appreviews(app: AppState | None) -> dict[str, Any]:
    """The review summary; num_per_page=0 means no reviews. `success` is the number 1, as Steam sends it."""
    positive = app.review_positive if app else 0
    negative = app.review_negative if app else 0
    score, description = review_score(positive, negative)
    return {
        "success": 1,
        "query_summary": {
            "num_reviews": 0,
            "review_score": score,
            "review_score_desc": description,
            "total_positive": positive,
            "total_negative": negative,
            "total_reviews": positive + negative,
        },
        "reviews": [],
        "cursor": "*",
    }


def review_score(positive: int, negative: int) -> tuple[int, str]:
    """Steam's user-review scale: the share of positive reviews, with the extremes needing volume."""
    total = positive + negative
    if total == 0:
        return 0, "No user reviews"
    if total < 10:
        return 0, f"{total} user reviews"
    share = positive / total
    if share >= 0.8:
        if share >= 0.95 and total >= 500:
            return 9, "Overwhelmingly Positive"
        return (8, "Very Positive") if total >= 50 else (7, "Positive")
    if share >= 0.7:
        return 6, "Mostly Positive"
    if share >= 0.4:
        return 5, "Mixed"
    if share >= 0.2:
        return 4, "Mostly Negative"
    if total >= 500:
        return 1, "Overwhelmingly Negative"
    return (2, "Very Negative") if total >= 50 else (3, "Negative")


# Steam Web API


def current_players(app: AppState | None) -> tuple[int, dict[str, Any]]:
    """Steam answers 404 with result 42 ("no match") for apps it has no player count for."""
    if app is None or app.player_count is None:
        return 404, {"response": {"result": 42}}
    return 200, {"response": {"player_count": app.player_count, "result": 1}}
