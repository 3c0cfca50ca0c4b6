"""The `gaming` dlt source: Steam storefront and SteamSpy into `raw_gaming`.

Resources (all append-only; every root row carries the run's `as_of_date` and `_run_id`, so the raw schema keeps
each day's answers and dbt picks the latest load per app and day):

- `steamspy_apps`: SteamSpy `request=all`, every page up to `steamspy_max_pages`: the catalogue, and the daily
  figures (owners, ccu, reviews, playtime, price) of every app in it;
- `steamspy_app_details`: SteamSpy `request=appdetails` per app of its plan (tags with votes, genre, languages);
- `steam_app_details`: storefront `api/appdetails` per app of its plan (success:false kept as a row);
- `steam_app_reviews`: storefront `appreviews` review summary for the same apps;
- `steam_current_players`: Web API `GetNumberOfCurrentPlayers` per app of its plan.

Each API's detail requests follow its own plan (`DetailPlans`, `ingestion.refresh`): `app_ids` first, then new,
changed and stalest apps of the catalogue, within the API's `daily_budget`; detail rows record the catalogue
signal they were read under (`bulk_signal`).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

import dlt
from dlt.sources import DltResource

from ingestion.http import ApiClient, iter_pages
from ingestion.refresh import Refreshed
from ingestion.sources.gaming import helpers
from ingestion.sources.gaming.plans import RESOURCES, DetailPlans, plan_calls
from ingestion.sources.gaming.settings import APIS, DEFAULT_STEAMSPY_MAX_PAGES, PARAMS, VERTICAL
from ingestion.sources.payloads import Quarantined, one_record_per_answer
from ingestion.verticals import DetailTable, VerticalSpec

# Column hints are the raw contract the staging models rely on: they fix one type per field where the APIs mix
# types, and they create optional columns even when no row of a load carried the key (dlt otherwise adds a
# column only once some row has it, and the SQL reading it would fail on a small sample).
AS_OF_HINTS: dict[str, Any] = {"as_of_date": {"data_type": "date", "nullable": False}}
# SteamSpy sends "" or a number for score_rank and prices as strings; players_2weeks is gone from the API.
STEAMSPY_HINTS: dict[str, Any] = {
    **AS_OF_HINTS,
    "score_rank": {"data_type": "text"},
    "price": {"data_type": "text"},
    "initialprice": {"data_type": "text"},
    "discount": {"data_type": "text"},
    "players_2weeks": {"data_type": "bigint"},
}
# Steam sends required_age as 0 or "17"; the other fields are missing from many apps.
STORE_HINTS: dict[str, Any] = {
    **AS_OF_HINTS,
    "bulk_signal": {"data_type": "text"},
    "data__required_age": {"data_type": "text"},
    "data__type": {"data_type": "text"},
    "data__name": {"data_type": "text"},
    "data__is_free": {"data_type": "bool"},
    "data__platforms__windows": {"data_type": "bool"},
    "data__platforms__mac": {"data_type": "bool"},
    "data__platforms__linux": {"data_type": "bool"},
    "data__release_date__coming_soon": {"data_type": "bool"},
    "data__release_date__date": {"data_type": "text"},
    "data__metacritic__score": {"data_type": "bigint"},
    "data__recommendations__total": {"data_type": "bigint"},
    "data__achievements__total": {"data_type": "bigint"},
    "data__price_overview__currency": {"data_type": "text"},
    "data__price_overview__initial": {"data_type": "bigint"},
    "data__price_overview__final": {"data_type": "bigint"},
    "data__price_overview__discount_percent": {"data_type": "bigint"},
}
# Detail rows carry the catalogue signal the app had when it was detailed (see `DetailPlans`).
SIGNED_HINTS: dict[str, Any] = {**AS_OF_HINTS, "bulk_signal": {"data_type": "text"}}
DETAIL_HINTS: dict[str, Any] = {**STEAMSPY_HINTS, **SIGNED_HINTS}
PLAYERS_HINTS: dict[str, Any] = {**SIGNED_HINTS, "response__player_count": {"data_type": "bigint"}}


class SteamSpyCatalogue:
    """The `request=all` pages, fetched once per run and shared by the catalogue resource and the detail plans."""

    def __init__(self, client: ApiClient, max_pages: int) -> None:
        self._client = client
        self._max_pages = max_pages

    @functools.cached_property
    def pages(self) -> list[list[dict[str, Any] | Quarantined]]:
        def fetch(page: int) -> list[dict[str, Any] | Quarantined]:
            body = self._client.get_json(
                "api.php", {"request": "all", "page": page}, endpoint="all", resource="steamspy_apps"
            )
            return helpers.steamspy_page_rows(body)

        return [
            page
            for page in iter_pages(fetch, first_page=0, max_pages=self._max_pages, is_last=lambda rows, _: not rows)
            if page
        ]

    def apps(self) -> Iterator[dict[str, Any]]:
        for page in self.pages:
            yield from (app for app in page if not isinstance(app, Quarantined))


@dlt.source(name="gaming", max_table_nesting=2)
def gaming_source(
    clients: Mapping[str, ApiClient],
    as_of_date: str,
    run_id: str,
    top_n: int | None = None,
    app_ids: Sequence[int] | None = None,
    steamspy_max_pages: int = DEFAULT_STEAMSPY_MAX_PAGES,
    refreshed: Mapping[str, Mapping[Hashable, Refreshed]] | None = None,
) -> Sequence[DltResource]:
    """Steam + SteamSpy for one as-of date; `clients` maps each API name in `settings.APIS` to its client and
    `refreshed` holds, per API, what the warehouse already has of each app's details (`ingestion.refresh`)."""
    steamspy, steam_store, steam_web = clients["steamspy"], clients["steam_store"], clients["steam_web"]
    catalogue = SteamSpyCatalogue(steamspy, steamspy_max_pages)
    plans = DetailPlans(
        catalogue.apps,
        {api: client.config for api, client in clients.items()},
        refreshed or {},
        top_n=top_n,
        app_ids=app_ids or (),
    )

    def stamped(row: dict[str, Any] | Quarantined, chosen: Mapping[str, Any] | None = None) -> Any:
        if isinstance(row, Quarantined):
            return row
        # The bulk signal the app had when detailed: the next run compares it with the catalogue's.
        signal = {"bulk_signal": chosen["signal"]} if chosen is not None and chosen["signal"] is not None else {}
        return {**row, **signal, "as_of_date": as_of_date, "_run_id": run_id}

    @dlt.resource(name="steamspy_apps", write_disposition="append", columns=STEAMSPY_HINTS)
    def steamspy_apps() -> Iterator[list[dict[str, Any] | Quarantined]]:
        for page in catalogue.pages:
            yield [stamped(app) for app in page]

    # Each API's apps come from their own plan and run in their own thread, so every API's allowance is used at
    # once instead of one waiting for another's pacing.
    @dlt.resource(name="steamspy_selection", selected=False)
    def steamspy_selection() -> Iterator[dict[str, Any]]:
        yield from plans.apps_for("steamspy")

    @dlt.resource(name="steam_store_selection", selected=False)
    def steam_store_selection() -> Iterator[dict[str, Any]]:
        yield from plans.apps_for("steam_store")

    @dlt.resource(name="steam_web_selection", selected=False)
    def steam_web_selection() -> Iterator[dict[str, Any]]:
        yield from plans.apps_for("steam_web")

    @dlt.transformer(data_from=steamspy_selection, name="steamspy_app_details", columns=DETAIL_HINTS, parallelized=True)
    @one_record_per_answer(key_of=lambda chosen: chosen["app_id"])
    def steamspy_app_details(chosen: dict[str, Any]) -> Iterator[Any]:
        app_id = chosen["app_id"]
        body = steamspy.get_json(
            "api.php",
            {"request": "appdetails", "appid": app_id},
            endpoint="appdetails",
            resource="steamspy_app_details",
        )
        yield stamped(helpers.steamspy_details_row(body, app_id), chosen)

    @dlt.transformer(data_from=steam_store_selection, name="steam_app_details", columns=STORE_HINTS, parallelized=True)
    @one_record_per_answer(key_of=lambda chosen: chosen["app_id"])
    def steam_app_details(chosen: dict[str, Any]) -> Iterator[Any]:
        app_id = chosen["app_id"]
        details = steam_store.get_json(
            "api/appdetails",
            {"appids": app_id, "cc": "us", "l": "english"},
            endpoint="appdetails",
            resource="steam_app_details",
        )
        yield stamped(helpers.store_details_row(details, app_id), chosen)

    @dlt.transformer(data_from=steam_store_selection, name="steam_app_reviews", columns=SIGNED_HINTS, parallelized=True)
    @one_record_per_answer(key_of=lambda chosen: chosen["app_id"])
    def steam_app_reviews(chosen: dict[str, Any]) -> Iterator[Any]:
        app_id = chosen["app_id"]
        body = steam_store.get_json(
            f"appreviews/{app_id}",
            {"json": 1, "num_per_page": 0, "language": "all", "purchase_type": "all"},
            endpoint="appreviews",
            resource="steam_app_reviews",
        )
        yield stamped(helpers.reviews_row(body, app_id), chosen)

    @dlt.transformer(
        data_from=steam_web_selection, name="steam_current_players", columns=PLAYERS_HINTS, parallelized=True
    )
    @one_record_per_answer(key_of=lambda chosen: chosen["app_id"])
    def steam_current_players(chosen: dict[str, Any]) -> Iterator[Any]:
        app_id = chosen["app_id"]
        # Steam answers 404 with {"response": {"result": 42}} for apps it has no count for.
        body = steam_web.get_json(
            "ISteamUserStats/GetNumberOfCurrentPlayers/v1/",
            {"appid": app_id},
            endpoint="current_players",
            resource="steam_current_players",
            accept_statuses=(404,),
        )
        yield stamped(helpers.current_players_row(body, app_id), chosen)

    return (
        steamspy_apps,
        steamspy_app_details,
        steam_app_details,
        steam_app_reviews,
        steam_current_players,
    )


SPEC = VerticalSpec(
    name=VERTICAL,
    description="Steam storefront + SteamSpy: games, developers, publishers, genres, tags, daily metrics",
    apis=APIS,
    make_source=gaming_source,
    params=PARAMS,
    param_aliases={"limit": "top_n", "count": "top_n"},
    # Games: the catalogue's apps and any detailed beyond it, dim_game's members.
    entity_keys={
        "steamspy_apps": ("appid",),
        "steamspy_app_details": ("appid",),
        "steam_app_details": ("app_id",),
    },
    detail_tables={
        "steamspy": DetailTable("steamspy_app_details", "appid"),
        "steam_store": DetailTable("steam_app_details", "app_id"),
        "steam_web": DetailTable("steam_current_players", "app_id"),
    },
    catalogue_table=DetailTable("steamspy_apps", "appid"),
    resources=RESOURCES,
    plan_calls=plan_calls,
)
