"""The gaming fixtures: pagination, shapes against the real captures, quirks, and the documented day-two
changes (other tests hard-code them from the `ingestion.emulator.gaming` docstring, so they are checked)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from ingestion.emulator import Emulator, gaming
from ingestion.emulator.gaming import SCENARIO, STEAMSPY_PAGE_SIZE
from ingestion.emulator.gaming_catalogue import CATEGORIES, GENRES
from ingestion.emulator.gaming_payloads import PLAYTIME_KEYS, review_score

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "reference_responses" / "gaming"
DAY_ONE, DAY_TWO = gaming.DAYS
OWNERS_FORMAT = re.compile(r"\d{1,3}(,\d{3})* \.\. \d{1,3}(,\d{3})*")
REVIEW_SCALE = {
    9: "Overwhelmingly Positive",
    8: "Very Positive",
    7: "Positive",
    6: "Mostly Positive",
    5: "Mixed",
    4: "Mostly Negative",
    3: "Negative",
    2: "Very Negative",
    1: "Overwhelmingly Negative",
}
# Storefront keys every served app has; the captured app has them all too.
ESSENTIAL_STORE_KEYS = {
    "type",
    "name",
    "steam_appid",
    "required_age",
    "is_free",
    "short_description",
    "supported_languages",
    "header_image",
    "pc_requirements",
    "mac_requirements",
    "linux_requirements",
    "developers",
    "publishers",
    "platforms",
    "categories",
    "genres",
    "release_date",
}
# Where Steam itself sends another JSON type than in the capture (see the gaming module's quirks).
STORE_TYPE_QUIRKS: dict[str, tuple[type, ...]] = {
    "entry.data.required_age": (str,),
    "entry.data.mac_requirements": (list,),
    "entry.data.linux_requirements": (list,),
    "entry.data.website": (type(None),),
    "entry.data.content_descriptors.notes": (str,),
}
TRACKED_STORE_FIELDS = (
    "name",
    "type",
    "is_free",
    "developers",
    "publishers",
    "platforms",
    "release_date",
    "required_age",
    "metacritic",
    "genres",
    "categories",
)


@dataclass
class Crawl:
    """Every gaming response the emulator serves for one day."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    spy: dict[int, dict[str, Any]] = field(default_factory=dict)
    store: dict[int, dict[str, Any]] = field(default_factory=dict)
    reviews: dict[int, dict[str, Any]] = field(default_factory=dict)
    players: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def catalogue(self) -> dict[int, dict[str, Any]]:
        return {int(key): app for page in self.pages for key, app in page.items()}

    def data(self, appid: int) -> dict[str, Any]:
        return self.store[appid][str(appid)]["data"]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["gaming"]) as running:
        yield running


@pytest.fixture(scope="module")
def crawls(emulator: Emulator) -> dict[str, Crawl]:
    urls = emulator.base_urls()["gaming"]
    result: dict[str, Crawl] = {}
    with requests.Session() as http:

        def get(url: str, **params: str) -> requests.Response:
            response = http.get(url, params=params, timeout=5)
            assert response.headers["Content-Type"].startswith("application/json")
            return response

        for day in gaming.DAYS:
            emulator.set_day(day)
            crawl = result[day] = Crawl()
            for page in range(4):
                crawl.pages.append(get(f"{urls['steamspy']}/api.php", request="all", page=str(page)).json())
            for appid in SCENARIO.app_ids:
                crawl.spy[appid] = get(f"{urls['steamspy']}/api.php", request="appdetails", appid=str(appid)).json()
                crawl.store[appid] = get(
                    f"{urls['steam_store']}/api/appdetails", appids=str(appid), cc="us", l="english"
                ).json()
                crawl.reviews[appid] = get(
                    f"{urls['steam_store']}/appreviews/{appid}",
                    json="1",
                    num_per_page="0",
                    language="all",
                    purchase_type="all",
                ).json()
                players = get(f"{urls['steam_web']}/ISteamUserStats/GetNumberOfCurrentPlayers/v1/", appid=str(appid))
                crawl.players[appid] = (players.status_code, players.json())
    emulator.set_day(DAY_ONE)
    return result


def capture(name: str) -> Any:
    path = CAPTURES / name
    if not path.is_file():
        pytest.skip(f"reference capture {path} is not available (it lives outside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))


def lower_bound(owners: str) -> int:
    return int(owners.split(" .. ")[0].replace(",", ""))


def assert_like(actual: Any, reference: Any, path: str, quirks: dict[str, tuple[type, ...]]) -> None:
    """`actual` uses only keys the reference has, with the reference's JSON types (bool is not int)."""
    if type(actual) in quirks.get(path, ()):
        return
    assert type(actual) is type(reference), f"{path}: {type(actual).__name__} != {type(reference).__name__}"
    if isinstance(reference, dict):
        unknown = set(actual) - set(reference)
        assert not unknown, f"{path}: keys the real API does not send: {sorted(unknown)}"
        for key in actual:
            assert_like(actual[key], reference[key], f"{path}.{key}", quirks)
    elif isinstance(reference, list) and reference:
        for item in actual:
            assert_like(item, reference[0], f"{path}[]", quirks)


# pagination


def test_steamspy_pages_of_fifty_then_empty(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        assert [len(page) for page in crawl.pages] == [STEAMSPY_PAGE_SIZE, 10, 0, 0]
        assert crawl.pages[2] == {}
        appids = [int(key) for page in crawl.pages for key in page]
        assert len(appids) == len(set(appids)) == 60
        assert set(appids) == set(SCENARIO.app_ids)
        assert all(int(key) == app["appid"] for page in crawl.pages for key, app in page.items())


def test_steamspy_all_is_ordered_by_owners_then_ccu(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        ranked = [(-lower_bound(app["owners"]), -app["ccu"], app["appid"]) for app in crawl.catalogue.values()]
        assert ranked == sorted(ranked)


def test_steamspy_page_defaults_to_zero_and_bad_requests_are_refused(emulator: Emulator) -> None:
    url = emulator.base_urls()["gaming"]["steamspy"] + "/api.php"
    first = requests.get(url, params={"request": "all", "page": "0"}, timeout=5).json()
    assert requests.get(url, params={"request": "all"}, timeout=5).json() == first
    assert requests.get(url, params={"request": "all", "page": "x"}, timeout=5).status_code == 400
    assert requests.get(url, params={"request": "top100in2weeks"}, timeout=5).status_code == 400


# shapes against the captures


def test_steamspy_values_match_the_capture(crawls: dict[str, Crawl]) -> None:
    real = next(iter(capture("steamspy_all_page0_20250101.json").values()))
    for crawl in crawls.values():
        for app in crawl.catalogue.values():
            assert list(app) == list(real)
            assert_like(app, real, "app", {})
            assert OWNERS_FORMAT.fullmatch(app["owners"])
            assert all(app[key].isdigit() for key in ("price", "initialprice", "discount"))


def test_steamspy_appdetails_shape(crawls: dict[str, Crawl]) -> None:
    real = next(iter(capture("steamspy_all_page0_20250101.json").values()))
    for crawl in crawls.values():
        for appid, details in crawl.spy.items():
            assert list(details) == [*real, "languages", "genre", "tags"]
            summary = {key: details[key] for key in real if key not in PLAYTIME_KEYS}
            assert summary == {key: crawl.catalogue[appid][key] for key in summary}
            # request=all's playtime is all zeros; appdetails fills it for apps SteamSpy has reviews of.
            assert all(crawl.catalogue[appid][key] == 0 for key in PLAYTIME_KEYS)
            playtime = [details[key] for key in PLAYTIME_KEYS]
            assert all(type(minutes) is int for minutes in playtime)
            assert all(playtime) if details["positive"] + details["negative"] else not any(playtime)
            assert isinstance(details["languages"], str) and details["languages"]
            assert isinstance(details["genre"], str) and details["genre"]
            tags = details["tags"]
            if appid == SCENARIO.empty_tags:
                assert tags == []
                continue
            assert isinstance(tags, dict) and tags
            votes = list(tags.values())
            assert all(type(vote) is int for vote in votes)
            assert votes == sorted(votes, reverse=True)


def test_steamspy_unknown_app(emulator: Emulator) -> None:
    url = emulator.base_urls()["gaming"]["steamspy"] + "/api.php"
    body = requests.get(url, params={"request": "appdetails", "appid": "999999999"}, timeout=5).json()
    assert body["appid"] == 999999999
    assert body["name"] is None
    assert body["tags"] == []
    assert body["owners"] == "0 .. 20,000"


def test_store_appdetails_match_the_capture(crawls: dict[str, Crawl]) -> None:
    real = capture("steam_appdetails_1174180_priced.json")["1174180"]
    for crawl in crawls.values():
        for appid, body in crawl.store.items():
            assert list(body) == [str(appid)]
            entry = body[str(appid)]
            if not entry["success"]:
                continue
            assert list(entry) == ["success", "data"]
            data = entry["data"]
            assert set(data) >= ESSENTIAL_STORE_KEYS
            assert_like(entry, real, "entry", STORE_TYPE_QUIRKS)
            for key in ("price_overview", "platforms", "release_date", "support_info", "content_descriptors"):
                if key in data:
                    assert set(data[key]) == set(real["data"][key]), key
            assert data["steam_appid"] == appid
            assert data["type"] == "game"


def test_store_success_false_is_the_captured_shape(emulator: Emulator, crawls: dict[str, Crawl]) -> None:
    real = capture("steam_appdetails_error_success_false.json")
    url = emulator.base_urls()["gaming"]["steam_store"] + "/api/appdetails"
    assert requests.get(url, params={"appids": "999999999"}, timeout=5).json() == real
    unavailable = [appid for appid, body in crawls[DAY_ONE].store.items() if not body[str(appid)]["success"]]
    assert unavailable == [SCENARIO.unavailable]
    assert crawls[DAY_ONE].store[SCENARIO.unavailable] == {str(SCENARIO.unavailable): {"success": False}}
    assert SCENARIO.unavailable in crawls[DAY_ONE].catalogue


def test_store_refuses_several_or_no_ids(emulator: Emulator) -> None:
    url = emulator.base_urls()["gaming"]["steam_store"] + "/api/appdetails"
    for params in ({"appids": "570,730"}, {}):
        response = requests.get(url, params=params, timeout=5)
        assert (response.status_code, response.json()) == (400, None)


def test_appreviews_match_the_capture(crawls: dict[str, Crawl]) -> None:
    real = capture("steam_appreviews_620_summary.json")
    for crawl in crawls.values():
        for body in crawl.reviews.values():
            assert list(body) == list(real)
            assert list(body["query_summary"]) == list(real["query_summary"])
            assert_like(body, real, "reviews", {})
            summary = body["query_summary"]
            assert body["success"] == 1 and body["reviews"] == [] and body["cursor"] == "*"
            assert summary["total_reviews"] == summary["total_positive"] + summary["total_negative"]
            expected = review_score(summary["total_positive"], summary["total_negative"])
            assert (summary["review_score"], summary["review_score_desc"]) == expected
            if summary["total_reviews"] >= 10:
                assert REVIEW_SCALE[summary["review_score"]] == summary["review_score_desc"]


def test_review_scale() -> None:
    assert review_score(0, 0) == (0, "No user reviews")
    assert review_score(3, 1) == (0, "4 user reviews")
    assert review_score(9_600, 400) == (9, "Overwhelmingly Positive")
    assert review_score(9_000, 1_000) == (8, "Very Positive")
    assert review_score(20, 2) == (7, "Positive")
    assert review_score(75, 25) == (6, "Mostly Positive")
    assert review_score(50, 50) == (5, "Mixed")
    assert review_score(30, 70) == (4, "Mostly Negative")
    assert review_score(2, 18) == (3, "Negative")
    assert review_score(10, 90) == (2, "Very Negative")
    assert review_score(10, 990) == (1, "Overwhelmingly Negative")


def test_appreviews_requires_json(emulator: Emulator) -> None:
    url = emulator.base_urls()["gaming"]["steam_store"] + "/appreviews/570"
    assert requests.get(url, params={"num_per_page": "0"}, timeout=5).status_code == 400


def test_current_players(crawls: dict[str, Crawl], emulator: Emulator) -> None:
    day_one = crawls[DAY_ONE].players
    no_count = {SCENARIO.unavailable, *SCENARIO.coming_soon}
    for appid, (status, body) in day_one.items():
        if appid in no_count:
            assert (status, body) == (404, {"response": {"result": 42}})
        else:
            assert status == 200
            assert list(body["response"]) == ["player_count", "result"]
            assert body["response"]["result"] == 1
            assert type(body["response"]["player_count"]) is int and body["response"]["player_count"] > 0
    url = emulator.base_urls()["gaming"]["steam_web"] + "/ISteamUserStats/GetNumberOfCurrentPlayers/v1"
    unknown = requests.get(url, params={"appid": "999999999"}, timeout=5)
    assert (unknown.status_code, unknown.json()) == (404, {"response": {"result": 42}})


# catalogue make-up and quirks


def test_catalogue_make_up(crawls: dict[str, Crawl]) -> None:
    crawl = crawls[DAY_ONE]
    live = {appid for appid, body in crawl.store.items() if body[str(appid)]["success"]}
    free = {appid for appid in live if crawl.data(appid)["is_free"]}
    soon = {appid for appid in live if crawl.data(appid)["release_date"]["coming_soon"]}
    assert len(live) == 59
    assert free == set(SCENARIO.free) and len(free) == 8
    assert soon == set(SCENARIO.coming_soon) and len(soon) == 2
    assert sum(len(crawl.data(a)["developers"]) == 2 for a in live) >= 3
    assert sum(len(crawl.data(a)["publishers"]) == 2 for a in live) >= 3
    for appid in live:
        data = crawl.data(appid)
        assert all(GENRES[genre["id"]] == genre["description"] for genre in data["genres"])
        assert all(CATEGORIES[category["id"]] == category["description"] for category in data["categories"])


def test_free_games_have_no_price_overview(crawls: dict[str, Crawl]) -> None:
    for crawl in crawls.values():
        for appid in SCENARIO.free:
            data = crawl.data(appid)
            assert data["is_free"] is True
            assert "price_overview" not in data
            assert crawl.catalogue[appid]["price"] == "0"


def test_coming_soon_quirks(crawls: dict[str, Crawl]) -> None:
    for appid in SCENARIO.coming_soon:
        data = crawls[DAY_ONE].data(appid)
        assert data["release_date"] == {"coming_soon": True, "date": "Coming soon"}
        assert "price_overview" not in data
        assert crawls[DAY_ONE].catalogue[appid]["owners"] == "0 .. 20,000"
        summary = crawls[DAY_ONE].reviews[appid]["query_summary"]
        assert (summary["total_reviews"], summary["review_score"]) == (0, 0)
        assert summary["review_score_desc"] == "No user reviews"


def test_storefront_type_quirks(crawls: dict[str, Crawl]) -> None:
    crawl = crawls[DAY_ONE]
    live = [appid for appid in SCENARIO.app_ids if appid != SCENARIO.unavailable]
    ages = {appid: crawl.data(appid)["required_age"] for appid in live}
    assert {appid: age for appid, age in ages.items() if age != 0} == {SCENARIO.string_required_age: "17"}
    empty = [appid for appid in live if crawl.data(appid)["mac_requirements"] == []]
    assert len(empty) >= 1
    assert all(crawl.data(appid)["linux_requirements"] == [] for appid in empty)
    assert all(not crawl.data(appid)["platforms"]["mac"] for appid in empty)
    missing = {key: sum(key not in crawl.data(a) for a in live) for key in ("metacritic", "achievements")}
    assert all(0 < count < len(live) for count in missing.values())
    for appid in live:
        price = crawl.data(appid).get("price_overview")
        if price:
            assert price["currency"] == "USD"
            assert price["final_formatted"] == f"${price['final'] // 100}.{price['final'] % 100:02d}"
            assert (price["initial_formatted"] == "") == (price["discount_percent"] == 0)


# days


def tracked_store(crawl: Crawl, appid: int) -> dict[str, Any]:
    body = crawl.store[appid][str(appid)]
    if not body["success"]:
        return {"success": False}
    data = body["data"]
    fields = {key: data.get(key) for key in TRACKED_STORE_FIELDS}
    fields["list_price"] = data.get("price_overview", {}).get("initial")
    return fields


def tracked_spy(crawl: Crawl, appid: int) -> dict[str, Any]:
    details = crawl.spy[appid]
    return {key: details[key] for key in ("name", "developer", "publisher", "initialprice", "genre", "tags")}


def test_only_the_documented_apps_change_tracked_attributes(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    store_changed = {a for a in SCENARIO.app_ids if tracked_store(one, a) != tracked_store(two, a)}
    spy_changed = {a for a in SCENARIO.app_ids if tracked_spy(one, a) != tracked_spy(two, a)}
    assert store_changed == set(SCENARIO.attribute_changes)
    assert spy_changed == set(SCENARIO.attribute_changes)
    untouched = set(SCENARIO.app_ids) - store_changed
    assert len(untouched) == 56


def test_rename(crawls: dict[str, Crawl]) -> None:
    appid, before, after = SCENARIO.renamed
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    assert (one.data(appid)["name"], two.data(appid)["name"]) == (before, after)
    assert (one.catalogue[appid]["name"], two.catalogue[appid]["name"]) == (before, after)
    assert {k: v for k, v in tracked_store(one, appid).items() if k != "name"} == {
        k: v for k, v in tracked_store(two, appid).items() if k != "name"
    }
    assert one.data(appid)["price_overview"]["discount_percent"] == 0
    assert two.data(appid)["price_overview"]["discount_percent"] == 0


def test_genre_and_tag_gained(crawls: dict[str, Crawl]) -> None:
    appid, genre_id, tag = SCENARIO.genre_and_tag
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    genres_one = one.data(appid)["genres"]
    assert two.data(appid)["genres"] == [*genres_one, {"id": genre_id, "description": GENRES[genre_id]}]
    tags_one, tags_two = one.spy[appid]["tags"], two.spy[appid]["tags"]
    assert list(tags_two) == [*tags_one, tag]
    assert {k: v for k, v in tags_two.items() if k != tag} == tags_one
    assert tags_two[tag] < min(tags_one.values())
    assert two.spy[appid]["genre"] == one.spy[appid]["genre"] + ", Adventure"
    unchanged = {k: v for k, v in tracked_store(two, appid).items() if k != "genres"}
    assert unchanged == {k: v for k, v in tracked_store(one, appid).items() if k != "genres"}


def test_list_price_change(crawls: dict[str, Crawl]) -> None:
    appid, before, after = SCENARIO.list_price
    for day, cents in ((DAY_ONE, before), (DAY_TWO, after)):
        price = crawls[day].data(appid)["price_overview"]
        assert (price["initial"], price["final"], price["discount_percent"]) == (cents, cents, 0)
        spy = crawls[day].catalogue[appid]
        assert (spy["initialprice"], spy["price"], spy["discount"]) == (str(cents), str(cents), "0")


def test_release(crawls: dict[str, Crawl]) -> None:
    appid, date, cents = SCENARIO.released
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    assert one.players[appid][0] == 404
    assert two.data(appid)["release_date"] == {"coming_soon": False, "date": date}
    assert two.data(appid)["price_overview"]["initial"] == cents
    assert two.data(appid)["price_overview"]["final"] == cents
    assert two.catalogue[appid]["price"] == two.catalogue[appid]["initialprice"] == str(cents)
    assert two.players[appid][0] == 200
    assert two.reviews[appid]["query_summary"]["total_reviews"] > 0
    still = SCENARIO.still_coming_soon
    assert two.data(still)["release_date"]["coming_soon"] is True
    assert two.players[still][0] == 404


def test_sales_start_and_end(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    for appid, percent in SCENARIO.sales_starting.items():
        before, after = one.data(appid)["price_overview"], two.data(appid)["price_overview"]
        assert before["discount_percent"] == 0 and before["final"] == before["initial"]
        assert after["discount_percent"] == percent and after["final"] < after["initial"] == before["initial"]
        assert two.catalogue[appid]["discount"] == str(percent)
        assert two.catalogue[appid]["price"] == str(after["final"])
    for appid in SCENARIO.sales_ending:
        before, after = one.data(appid)["price_overview"], two.data(appid)["price_overview"]
        assert before["discount_percent"] > 0 and after["discount_percent"] == 0
        assert after["final"] == after["initial"] == before["initial"]
        assert two.catalogue[appid]["price"] == two.catalogue[appid]["initialprice"]
    assert len(SCENARIO.sales_starting) == 10 and len(SCENARIO.sales_ending) == 2
    discount_changed = {
        appid for appid in SCENARIO.app_ids if one.catalogue[appid]["discount"] != two.catalogue[appid]["discount"]
    }
    assert discount_changed == {*SCENARIO.sales_starting, *SCENARIO.sales_ending}


def test_daily_metrics_move(crawls: dict[str, Crawl]) -> None:
    one, two = crawls[DAY_ONE], crawls[DAY_TWO]
    appid, before, after = SCENARIO.owners_moved
    assert (one.catalogue[appid]["owners"], two.catalogue[appid]["owners"]) == (before, after)
    owners_changed = [a for a in SCENARIO.app_ids if one.catalogue[a]["owners"] != two.catalogue[a]["owners"]]
    assert owners_changed == [appid]
    frozen = {SCENARIO.unavailable, *SCENARIO.coming_soon}
    for appid in set(SCENARIO.app_ids) - frozen:
        assert one.catalogue[appid]["ccu"] != two.catalogue[appid]["ccu"]
        assert two.catalogue[appid]["positive"] > one.catalogue[appid]["positive"]
        assert two.catalogue[appid]["negative"] > one.catalogue[appid]["negative"]
        total_one = one.reviews[appid]["query_summary"]["total_reviews"]
        assert two.reviews[appid]["query_summary"]["total_reviews"] > total_one
        assert one.players[appid][1] != two.players[appid][1]
        assert two.data(appid).get("recommendations") == one.data(appid).get("recommendations")
    for appid in frozen - {SCENARIO.released[0]}:
        assert one.catalogue[appid] == two.catalogue[appid]
        assert one.reviews[appid] == two.reviews[appid]


def test_docstring_states_the_scenario() -> None:
    doc = gaming.__doc__ or ""
    flat = " ".join(doc.split())
    for appid in (
        *SCENARIO.free,
        *SCENARIO.coming_soon,
        *SCENARIO.sales_starting,
        *SCENARIO.sales_ending,
        SCENARIO.unavailable,
        SCENARIO.string_required_age,
        *SCENARIO.attribute_changes,
        SCENARIO.owners_moved[0],
    ):
        assert str(appid) in doc
    appid, before, after = SCENARIO.renamed
    assert f'{appid} "{before}" -> "{after}"' in flat
    assert f"{SCENARIO.list_price[0]} Valheim {SCENARIO.list_price[1]} -> {SCENARIO.list_price[2]}" in flat
    assert f'"date": "{SCENARIO.released[1]}"' in flat
    assert f'"{SCENARIO.genre_and_tag[2]}"' in flat
    for appid, percent in SCENARIO.sales_starting.items():
        assert re.search(rf"{appid} [^,]*? {percent}% \(", flat), appid
    assert gaming.DAYS == ["2025-01-01", "2025-01-02"]
