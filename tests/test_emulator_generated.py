"""Generated catalogues (`ingestion.emulator.catalogues`): served at the real page sizes, with exactly the daily
churn their description states, details that agree with the bulk pages, the same bytes for the same seed; and the
real gaming extraction landing the whole catalogue."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from ingestion.emulator import Emulator
from ingestion.emulator.__main__ import main as emulator_main
from ingestion.emulator.catalogues import load
from ingestion.emulator.catalogues.crypto import GeneratedCrypto
from ingestion.emulator.catalogues.description import BUILT_IN_DIR
from ingestion.emulator.catalogues.gaming import GeneratedGaming
from ingestion.emulator.gaming_payloads import PLAYTIME_KEYS
from ingestion.http import StatsRegistry
from ingestion.runner.extract import extract_and_load
from ingestion.runner.orchestrator import Orchestrator
from ingestion.verticals import discover, resolve_run_params
from tests.conftest import make_paths

SMALL = load("small")
assert SMALL.gaming is not None
GAMING = SMALL.gaming
STEAMSPY_PAGE = 1000
CRYPTO = SMALL.crypto
CRYPTO_PAGE = 250


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["gaming"], catalogue="small") as running:
        yield running


def get(emulator: Emulator, day: str, path: str, **query: Any) -> requests.Response:
    emulator.set_day(day)
    return requests.get(f"{emulator.base_url}{path}", params=query, timeout=30)


def steamspy_pages(emulator: Emulator, day: str) -> list[dict[str, dict[str, Any]]]:
    pages = []
    while True:
        body = get(emulator, day, "/steamspy/api.php", request="all", page=len(pages)).json()
        if not body:
            return pages
        pages.append(body)


def catalogue(emulator: Emulator, day: str) -> dict[int, dict[str, Any]]:
    return {int(key): app for page in steamspy_pages(emulator, day) for key, app in page.items()}


@pytest.fixture(scope="module")
def days(emulator: Emulator) -> dict[str, dict[int, dict[str, Any]]]:
    return {day: catalogue(emulator, day) for day in emulator.days}


def test_the_description_names_the_days(emulator: Emulator) -> None:
    assert emulator.days == ["2025-01-01", "2025-01-02", "2025-01-03"][: GAMING.days]
    assert len(emulator.days) == GAMING.days


def test_steamspy_pages_hold_1000_apps_each_until_the_catalogue_ends(emulator: Emulator) -> None:
    for index, day in enumerate(emulator.days):
        pages = steamspy_pages(emulator, day)
        total = GAMING.apps + index * (GAMING.churn.new - GAMING.churn.removed)
        assert [len(page) for page in pages] == [STEAMSPY_PAGE] * (total // STEAMSPY_PAGE) + [total % STEAMSPY_PAGE]
        ids = [int(key) for page in pages for key in page]
        assert len(set(ids)) == len(ids) == total
        assert all(int(key) == app["appid"] and app["appid"] % 10 == 0 for page in pages for key, app in page.items())


def test_pages_are_ordered_by_owners_then_ccu_then_app_id(days: dict[str, dict[int, dict[str, Any]]]) -> None:
    for apps in days.values():
        rows = list(apps.values())
        keys = [(-owners_floor(row["owners"]), -row["ccu"], row["appid"]) for row in rows]
        assert keys == sorted(keys)


def owners_floor(owners: str) -> int:
    return int(owners.split(" .. ")[0].replace(",", ""))


def test_each_day_churns_exactly_as_the_description_says(days: dict[str, dict[int, dict[str, Any]]]) -> None:
    churn = GAMING.churn
    for before, after in itertools.pairwise(days.values()):
        kept = before.keys() & after.keys()

        def changed(field: str, kept: set[int] = kept, before: Any = before, after: Any = after) -> set[int]:
            return {app for app in kept if before[app][field] != after[app][field]}

        assert len(after.keys() - before.keys()) == churn.new
        assert min(after.keys() - before.keys()) > max(before)
        assert len(before.keys() - after.keys()) == churn.removed
        assert len(changed("name")) == churn.renamed
        assert len(changed("initialprice")) == churn.repriced
        assert len({app for app in kept if before[app]["discount"] == "0" != after[app]["discount"]}) == (
            churn.discount_starts
        )
        assert len({app for app in kept if before[app]["discount"] != "0" == after[app]["discount"]}) == (
            churn.discount_ends
        )
        assert len(changed("owners")) == churn.owners_moves
        assert all(
            owners_floor(after[app]["owners"]) > owners_floor(before[app]["owners"]) for app in changed("owners")
        )
        # Daily figures move for every surviving app; attributes SteamSpy shows stay put.
        assert all(after[app]["positive"] > before[app]["positive"] for app in kept)
        assert changed("developer") == changed("publisher") == set()


def test_details_agree_with_the_bulk_rows_of_the_same_day(
    emulator: Emulator, days: dict[str, dict[int, dict[str, Any]]]
) -> None:
    day = emulator.days[-1]
    apps = days[day]
    sample = sorted(apps)[:: len(apps) // 40]
    for appid in sample:
        row = apps[appid]
        spy = get(emulator, day, "/steamspy/api.php", request="appdetails", appid=appid).json()
        # appdetails fills in the playtime request=all sends as 0, as SteamSpy does.
        assert {key: spy[key] for key in row if key not in PLAYTIME_KEYS} == {
            key: value for key, value in row.items() if key not in PLAYTIME_KEYS
        }
        assert isinstance(spy["tags"], dict) and spy["tags"] and spy["genre"]
        store = get(emulator, day, "/steam-store/api/appdetails", appids=appid, cc="us", l="english").json()
        data = store[str(appid)]["data"]
        assert store[str(appid)]["success"] is True
        assert (data["steam_appid"], data["name"], ", ".join(data["developers"])) == (
            appid,
            row["name"],
            row["developer"],
        )
        if row["initialprice"] == "0":
            assert data["is_free"] is True and "price_overview" not in data
        else:
            overview = data["price_overview"]
            prices = (str(overview["initial"]), str(overview["final"]), str(overview["discount_percent"]))
            assert prices == (row["initialprice"], row["price"], row["discount"])
        summary = get(emulator, day, f"/steam-store/appreviews/{appid}", json=1, num_per_page=0).json()["query_summary"]
        assert (summary["total_positive"], summary["total_negative"]) == (row["positive"], row["negative"])
        players = get(emulator, day, "/steam-web/ISteamUserStats/GetNumberOfCurrentPlayers/v1/", appid=appid)
        assert players.status_code == 200 and players.json()["response"]["player_count"] > 0


def test_removed_apps_are_gone_from_the_store_and_new_ones_answer_from_their_day(
    emulator: Emulator, days: dict[str, dict[int, dict[str, Any]]]
) -> None:
    first, second = emulator.days[:2]
    removed = sorted(days[first].keys() - days[second].keys())[0]
    new = sorted(days[second].keys() - days[first].keys())[0]
    store = "/steam-store/api/appdetails"
    assert get(emulator, first, store, appids=removed).json()[str(removed)]["success"] is True
    assert get(emulator, second, store, appids=removed).json() == {str(removed): {"success": False}}
    assert get(emulator, second, "/steamspy/api.php", request="appdetails", appid=removed).json()["name"] is None
    assert get(emulator, first, store, appids=new).json() == {str(new): {"success": False}}
    released = get(emulator, second, store, appids=new).json()[str(new)]["data"]["release_date"]
    assert released == {"coming_soon": False, "date": "2 Jan, 2025"}


def test_the_generator_reports_the_churn_the_pages_show(days: dict[str, dict[int, dict[str, Any]]]) -> None:
    generated = GeneratedGaming(SMALL, GAMING)
    first, second = list(days)[:2]
    churn = generated.day(second).churn
    assert set(churn["new"]) == days[second].keys() - days[first].keys()
    assert set(churn["removed"]) == days[first].keys() - days[second].keys()
    kept = days[first].keys() & days[second].keys()
    assert set(churn["renamed"]) == {app for app in kept if days[first][app]["name"] != days[second][app]["name"]}
    assert set(churn["repriced"]) == {
        app for app in kept if days[first][app]["initialprice"] != days[second][app]["initialprice"]
    }


def test_the_same_seed_serves_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    reseeded = tmp_path / "reseeded.toml"
    reseeded.write_text((BUILT_IN_DIR / "small.toml").read_text().replace("seed = 7", "seed = 8"))

    def page_bytes(catalogue: str | Path) -> list[bytes]:
        with Emulator(["gaming"], catalogue=catalogue, day="2025-01-02") as running:
            paths = ["/steamspy/api.php?request=all&page=1", "/steam-store/api/appdetails?appids=1230"]
            return [requests.get(f"{running.base_url}{path}", timeout=30).content for path in paths]

    assert page_bytes("small") == page_bytes(BUILT_IN_DIR / "small.toml")
    assert page_bytes(reseeded)[0] != page_bytes("small")[0]


def test_a_description_with_an_unknown_or_missing_key_is_refused(tmp_path: Path) -> None:
    text = (BUILT_IN_DIR / "small.toml").read_text()
    typo = tmp_path / "typo.toml"
    typo.write_text(text.replace("renamed =", "renames ="))
    with pytest.raises(ValueError, match=r"unknown keys \['renames'\], missing keys \['renamed'\]"):
        Emulator(["gaming"], catalogue=typo)
    with pytest.raises(ValueError, match="no catalogue description 'nope'"):
        Emulator(["gaming"], catalogue="nope")
    assert emulator_main(["--catalogue", "nope", "--port", "0"]) == 2


def test_at_the_seeds_size_steamspy_serves_50_pages_of_1000_distinct_apps() -> None:
    started = time.monotonic()
    with Emulator(["gaming"], catalogue="seed") as running:
        pages = steamspy_pages(running, running.days[0])
    assert [len(page) for page in pages] == [STEAMSPY_PAGE] * 50
    assert len({key for page in pages for key in page}) == 50_000
    assert time.monotonic() - started < 20


@pytest.mark.e2e
def test_the_gaming_extraction_lands_every_app_of_the_generated_catalogue(
    tmp_path: Path, emulator: Emulator, days: dict[str, dict[int, dict[str, Any]]]
) -> None:
    paths, specs, detailed = make_paths(tmp_path), discover(), 15
    for day in emulator.days[:2]:
        emulator.set_day(day)
        overrides = {"gaming": {"top_n": detailed}}
        params = resolve_run_params(specs, ["gaming"], overrides, replay=True, as_of_date=day)["gaming"]
        orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls(), specs=specs)
        clients = orchestrator.build_clients(specs["gaming"], StatsRegistry(), day, emulator.base_urls()["gaming"])
        try:
            extract_and_load(specs["gaming"], paths, clients, as_of_date=day, run_id=f"run-{day}", params=params)
        finally:
            for client in clients.values():
                client.close()
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        landed = connection.execute(
            "select as_of_date::text, count(*), count(distinct appid) from raw_gaming.steamspy_apps "
            "group by 1 order by 1"
        ).fetchall()
        details = connection.execute(
            "select as_of_date::text, count(*) from raw_gaming.steam_app_details group by 1 order by 1"
        ).fetchall()
    assert landed == [(day, len(days[day]), len(days[day])) for day in emulator.days[:2]]
    assert details == [(day, detailed) for day in emulator.days[:2]]


@pytest.fixture(scope="module")
def coins() -> Iterator[Emulator]:
    with Emulator(["crypto"], catalogue="small") as running:
        yield running


def markets(emulator: Emulator, day: str) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    while not pages or len(pages[-1]) == CRYPTO_PAGE:
        query = {"vs_currency": "usd", "per_page": CRYPTO_PAGE, "page": len(pages) + 1}
        pages.append(get(emulator, day, "/coingecko/coins/markets", **query).json())
    return pages


def test_coingecko_pages_hold_250_coins_ranked_by_market_cap_with_the_described_churn(coins: Emulator) -> None:
    assert CRYPTO is not None
    listed = {}
    for index, day in enumerate(coins.days):
        pages = markets(coins, day)
        total = CRYPTO.coins + index * (CRYPTO.churn.new - CRYPTO.churn.removed)
        assert [len(page) for page in pages] == [CRYPTO_PAGE] * (total // CRYPTO_PAGE) + [total % CRYPTO_PAGE]
        rows = [row for page in pages for row in page]
        assert len({row["id"] for row in rows}) == total
        caps = [row["market_cap"] for row in rows]
        assert caps == sorted(caps, reverse=True)
        ranked = [row["market_cap_rank"] for row in rows if row["market_cap"]]
        assert ranked == list(range(1, len(ranked) + 1))
        listed[day] = {row["id"]: row for row in rows}
    for before, after in itertools.pairwise(listed.values()):
        kept = before.keys() & after.keys()
        assert len(after.keys() - before.keys()) == CRYPTO.churn.new
        assert len(before.keys() - after.keys()) == CRYPTO.churn.removed
        assert len({coin for coin in kept if before[coin]["name"] != after[coin]["name"]}) == CRYPTO.churn.renamed
        assert all(before[coin]["current_price"] != after[coin]["current_price"] for coin in kept)
        assert all(before[coin]["last_updated"] < after[coin]["last_updated"] for coin in kept)


def test_coin_details_and_charts_agree_with_the_markets_of_the_same_day(coins: Emulator) -> None:
    first, second = coins.days[:2]
    rows = [row for page in markets(coins, second) for row in page]
    for row in rows[:: len(rows) // 25]:
        details = get(coins, second, f"/coingecko/coins/{row['id']}", localization="false", tickers="false").json()
        assert (details["name"], details["symbol"], details["market_cap_rank"]) == (
            row["name"],
            row["symbol"],
            row["market_cap_rank"],
        )
        assert details["market_data"]["current_price"]["usd"] == row["current_price"]
        chart = get(coins, second, f"/coingecko/coins/{row['id']}/market_chart", vs_currency="usd", days=7).json()
        assert len(chart["prices"]) == 8
        assert chart["prices"][-1][1] == pytest.approx(row["current_price"])
    generated = GeneratedCrypto(SMALL, CRYPTO)
    churn = generated.day(second).churn
    delisted, listed = churn["removed"][0], churn["new"][0]
    assert get(coins, first, f"/coingecko/coins/{delisted}").status_code == 200
    assert get(coins, second, f"/coingecko/coins/{delisted}").status_code == 404
    assert get(coins, first, f"/coingecko/coins/{listed}").status_code == 404
    recategorised = churn["recategorised"][0]
    before = get(coins, first, f"/coingecko/coins/{recategorised}").json()["categories"]
    after = get(coins, second, f"/coingecko/coins/{recategorised}").json()["categories"]
    assert after[:-1] == before and after[-1] not in before
    # The other endpoints are the hand-written scenario's, on every generated day.
    assert get(coins, coins.days[-1], "/coingecko/global").json()["data"]["active_cryptocurrencies"] > 0
