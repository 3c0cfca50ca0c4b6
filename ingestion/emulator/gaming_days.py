"""What each gaming app looks like on each emulated day: the catalogue plus the day-two changes that the
`gaming` module's docstring documents (the constants below are the single source for both)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from ingestion.emulator.gaming_catalogue import CATALOGUE, M10, M20, Game

DAY_ONE = "2025-01-01"
DAY_TWO = "2025-01-02"
DAYS = [DAY_ONE, DAY_TWO]

RENAMED_APPID = 271590
NAME_BEFORE = "Grand Theft Auto V"
NAME_AFTER = "Grand Theft Auto V Legacy"

GENRE_TAG_APPID = 1145360
GAINED_GENRE_ID = "25"
GAINED_TAG = "Mythology"

LIST_PRICE_APPID = 892970
LIST_PRICE_BEFORE = 1999
LIST_PRICE_AFTER = 2499

RELEASED_APPID = 1903340
RELEASE_DATE = "2 Jan, 2025"
RELEASE_PRICE = 4999
# The storefront's review and player figures for the release day; SteamSpy lags a day and still shows none.
RELEASE_REVIEWS = (1_740, 58)
RELEASE_PLAYERS = 41_873

STILL_COMING_SOON_APPID = 1030300
UNAVAILABLE_APPID = 224060
EMPTY_TAGS_APPID = 224060

# Percent off from day two; full price on day one.
SALES_STARTING: dict[int, int] = {
    413150: 40,
    1091500: 55,
    381210: 65,
    553850: 20,
    1623730: 25,
    374320: 60,
    367520: 50,
    548430: 67,
    264710: 70,
    1174180: 75,
}
# Discounted on day one (see the catalogue), full price on day two.
SALES_ENDING: tuple[int, ...] = (105600, 359550)

OWNERS_MOVED_APPID = 2358720
OWNERS_BEFORE = M10
OWNERS_AFTER = M20


@dataclass(frozen=True)
class AppState:
    game: Game
    day: str
    name: str
    coming_soon: bool
    release_date: str
    # List price and discount in US cents / percent; 0 for free-to-play and unpriced apps.
    price: int
    discount: int
    genres: tuple[str, ...]
    tags: tuple[tuple[str, int], ...]
    owners: str
    ccu: int
    positive: int
    negative: int
    review_positive: int
    review_negative: int
    # None when Steam has no count for the app (unreleased, unavailable): the Web API answers 404.
    player_count: int | None
    in_store: bool

    @property
    def appid(self) -> int:
        return self.game.appid

    @property
    def final_price(self) -> int:
        # Steam rounds discounted cents down: 5999 at 40% off is 3599.
        return self.price * (100 - self.discount) // 100


def tag_votes(game: Game) -> tuple[tuple[str, int], ...]:
    """Votes fall off by rank so the order is strict; they scale with the app's day-one review count."""
    top = max(300, game.positive // 40)
    return tuple((tag, top * (100 - 12 * rank) // 100) for rank, tag in enumerate(game.tags))


def players_for(appid: int, ccu: int) -> int:
    """The Web API's current player count for an app with `ccu` concurrent SteamSpy users."""
    return max(1, ccu * (40 + appid % 35) // 100)


def _day_one(game: Game) -> AppState:
    live = game.appid != UNAVAILABLE_APPID and not game.coming_soon
    return AppState(
        game=game,
        day=DAY_ONE,
        name=game.name,
        coming_soon=game.coming_soon,
        release_date=game.released or "Coming soon",
        price=game.price,
        discount=game.discount,
        genres=game.genres,
        tags=tag_votes(game),
        owners=game.owners,
        ccu=game.ccu,
        positive=game.positive,
        negative=game.negative,
        review_positive=game.positive if live else 0,
        review_negative=game.negative if live else 0,
        player_count=players_for(game.appid, game.ccu) if live else None,
        in_store=game.appid != UNAVAILABLE_APPID,
    )


def _day_two(game: Game) -> AppState:
    before = _day_one(game)
    changes: dict[str, Any] = {"day": DAY_TWO}
    if before.player_count is not None:
        # Daily metrics of every live app move; tracked attributes stay put unless listed below.
        ccu = game.ccu + game.ccu * (game.appid % 11 - 5) // 100
        ccu = ccu if ccu != game.ccu else ccu + 1
        players = players_for(game.appid, ccu)
        changes.update(
            ccu=ccu,
            positive=game.positive + max(1, game.positive // 1500),
            negative=game.negative + max(1, game.negative // 2500),
            player_count=players if players != before.player_count else players + 1,
        )
        changes.update(review_positive=changes["positive"], review_negative=changes["negative"])
    if game.appid == RENAMED_APPID:
        changes["name"] = NAME_AFTER
    if game.appid == GENRE_TAG_APPID:
        changes["genres"] = (*game.genres, GAINED_GENRE_ID)
        changes["tags"] = (*before.tags, (GAINED_TAG, before.tags[-1][1] // 2))
    if game.appid == LIST_PRICE_APPID:
        changes["price"] = LIST_PRICE_AFTER
    if game.appid == RELEASED_APPID:
        changes.update(
            coming_soon=False,
            release_date=RELEASE_DATE,
            price=RELEASE_PRICE,
            review_positive=RELEASE_REVIEWS[0],
            review_negative=RELEASE_REVIEWS[1],
            player_count=RELEASE_PLAYERS,
        )
    if game.appid in SALES_STARTING:
        changes["discount"] = SALES_STARTING[game.appid]
    if game.appid in SALES_ENDING:
        changes["discount"] = 0
    if game.appid == OWNERS_MOVED_APPID:
        changes["owners"] = OWNERS_AFTER
    return dataclasses.replace(before, **changes)


@functools.cache
def states(day: str) -> dict[int, AppState]:
    """Every catalogue app's state on `day`, by app id."""
    if day not in DAYS:
        raise ValueError(f"unknown gaming day {day!r}; valid days: {', '.join(DAYS)}")
    build = _day_one if day == DAY_ONE else _day_two
    return {game.appid: build(game) for game in CATALOGUE}


def state(appid: int, day: str) -> AppState | None:
    return states(day).get(appid)
