"""Parsing of Steam and SteamSpy payloads into rows dlt can load without inventing values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ingestion.sources.gaming.settings import STORE_OBJECT_KEYS
from ingestion.sources.payloads import (
    PayloadShapeError,
    Quarantined,
    drop_empty_lists,
    expect_mapping,
    parse_each,
)


def steamspy_page_rows(body: Any) -> list[dict[str, Any] | Quarantined]:
    """`request=all` answers an object keyed by app id; an empty object means past the last page. An entry that
    is not an app object is quarantined under its key."""
    page = expect_mapping(body, "steamspy", "all")

    def app_row(entry: tuple[str, Any]) -> dict[str, Any]:
        key, app = entry
        if not isinstance(app, Mapping):
            raise PayloadShapeError("steamspy", "all", f"an app object under key {key!r}", app)
        return dict(app)

    return parse_each(page.items(), app_row, key_of=lambda entry: entry[0])


def owners_bounds(owners: str | None) -> tuple[int | None, int | None]:
    """'20,000,000 .. 50,000,000' -> (20000000, 50000000); a bound that is missing or unreadable is None.
    (The warehouse parses the same ranges in SQL; this one ranks apps before anything is loaded.)"""
    parts = (owners or "").split("..")
    bounds = [part.replace(",", "").strip() for part in parts] if len(parts) == 2 else ["", ""]
    low, high = (int(bound) if bound.isdigit() else None for bound in bounds)
    return low, high


def owners_lower_bound(owners: str | None) -> int | None:
    return owners_bounds(owners)[0]


def top_app_ids_by_owners(apps: Iterable[Mapping[str, Any]], count: int) -> list[int]:
    """The `count` apps with the most owners; ties go to the higher concurrent-user count, then the lower id."""
    ranked = sorted(
        (app for app in apps if app.get("appid") is not None),
        key=lambda app: (
            -(owners_lower_bound(app.get("owners")) or 0),
            # A ccu that is not a number ranks as 0 here; the load's drift check then names the changed field.
            -(app["ccu"] if isinstance(app.get("ccu"), int) else 0),
            int(app["appid"]),
        ),
    )
    return [int(app["appid"]) for app in ranked[:count]]


def steamspy_details_row(body: Any, app_id: int) -> dict[str, Any]:
    """SteamSpy's tags are an object {tag: votes} (or `[]` when there are none); as a list of pairs they load
    as one child table instead of a column per tag."""
    details = dict(expect_mapping(body, "steamspy", "appdetails"))
    tags = details.get("tags")
    if isinstance(tags, Mapping):
        details["tags"] = [{"tag": tag, "votes": votes} for tag, votes in tags.items()]
    elif tags in ([], None):
        details["tags"] = []
    else:
        raise PayloadShapeError("steamspy", "appdetails", "tags as an object or []", tags)
    details["appid"] = app_id
    return details


def store_details_row(body: Any, app_id: int) -> dict[str, Any]:
    """Storefront appdetails answers {"<id>": {"success": bool, "data": {...}}}; success:false is kept as a row
    so the run records that the store had nothing for the app. Steam also answers success:true with `data: []`
    (a PHP empty array) for apps it will not describe: that is no details either, so the row says success false
    rather than claiming store details it never got."""
    envelope = expect_mapping(body, "steam_store", "appdetails")
    entry = envelope.get(str(app_id))
    if not isinstance(entry, Mapping) or "success" not in entry:
        raise PayloadShapeError("steam_store", "appdetails", f"an entry for app {app_id}", body)
    data = entry.get("data")
    if data not in (None, []) and not isinstance(data, Mapping):
        raise PayloadShapeError("steam_store", "appdetails", f"data of app {app_id} as an object or []", data)
    has_details = bool(entry["success"]) and bool(data)
    row: dict[str, Any] = {"app_id": app_id, "success": has_details}
    if has_details:
        row["data"] = drop_empty_lists(data, STORE_OBJECT_KEYS)
    return row


def reviews_row(body: Any, app_id: int) -> dict[str, Any]:
    """Only the review summary: the endpoint is called with num_per_page=0."""
    reviews = expect_mapping(body, "steam_store", "appreviews")
    summary = reviews.get("query_summary")
    if reviews.get("success") != 1 or not isinstance(summary, Mapping):
        raise PayloadShapeError("steam_store", "appreviews", "success 1 with a query_summary", body)
    return {"app_id": app_id, "success": reviews["success"], "query_summary": dict(summary)}


def current_players_row(body: Any, app_id: int) -> dict[str, Any]:
    """{"response": {"player_count": n, "result": 1}}; result 42 (no player_count) means Steam has no count."""
    response = expect_mapping(
        expect_mapping(body, "steam_web", "current_players").get("response"), "steam_web", "current_players"
    )
    return {"app_id": app_id, "response": dict(response)}
