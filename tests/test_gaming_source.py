"""Every gaming resource against the local emulator, through the same client code the live run uses."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dlt.extract.exceptions import ResourceExtractionError

from ingestion.emulator import Emulator, Fault
from ingestion.http import StatsRegistry
from ingestion.refresh import Refreshed, bulk_signal
from ingestion.runner.orchestrator import make_clients
from ingestion.sources.gaming import SPEC, gaming_source
from ingestion.sources.gaming.helpers import store_details_row
from ingestion.sources.gaming.settings import SIGNAL_FIELDS
from ingestion.sources.payloads import PayloadShapeError, Quarantined

DAY_ONE = "2025-01-01"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["gaming"]) as running:
        yield running


@pytest.fixture(autouse=True)
def clean_emulator(emulator: Emulator) -> Iterator[None]:
    emulator.set_day(DAY_ONE)
    emulator.faults.clear()
    emulator.clear_requests()
    yield
    emulator.faults.clear()


def extract(emulator: Emulator, resource: str, stats: StatsRegistry | None = None, **params: Any) -> list[dict]:
    clients = make_clients(SPEC, stats=stats or StatsRegistry(), replay_base_urls=emulator.base_urls()["gaming"])
    source = gaming_source(clients, as_of_date=DAY_ONE, run_id="test-run", **params)
    return list(source.with_resources(resource))


def requests_to(emulator: Emulator, path_part: str) -> list[dict[str, str]]:
    return [r.query for r in emulator.requests if path_part in r.path]


def test_steamspy_catalogue_walks_every_page_until_an_empty_one(emulator: Emulator) -> None:
    rows = extract(emulator, "steamspy_apps", steamspy_max_pages=10)
    assert len(rows) == 60 and len({row["appid"] for row in rows}) == 60
    assert [q["page"] for q in requests_to(emulator, "/steamspy/api.php")] == ["0", "1", "2"]
    assert all(row["as_of_date"] == DAY_ONE and row["_run_id"] == "test-run" for row in rows)


def test_steamspy_catalogue_stops_at_the_page_limit(emulator: Emulator) -> None:
    rows = extract(emulator, "steamspy_apps", steamspy_max_pages=1)
    assert len(rows) == 50
    assert [q["page"] for q in requests_to(emulator, "/steamspy/api.php")] == ["0"]


def test_new_apps_are_detailed_in_owners_order_up_to_top_n(emulator: Emulator) -> None:
    rows = extract(emulator, "steam_app_details", top_n=5, steamspy_max_pages=10)
    # Owners bucket first, then concurrent users: Dota 2, CS2, then the 50M-100M bucket by ccu. The requests run
    # on several threads, so the rows come in any order.
    assert sorted(row["app_id"] for row in rows) == sorted([570, 730, 578080, 271590, 1172470])


def test_explicit_app_ids_win_and_success_false_is_kept_as_a_row(emulator: Emulator) -> None:
    rows = {row["app_id"]: row for row in extract(emulator, "steam_app_details", app_ids=[570, 224060])}
    assert set(rows) == {570, 224060}
    assert rows[224060]["success"] is False and "data" not in rows[224060]
    dota = rows[570]["data"]
    assert dota["is_free"] is True and "price_overview" not in dota
    # Explicit ids need no catalogue: SteamSpy's `request=all` is never called.
    assert requests_to(emulator, "/steamspy/api.php") == []


def test_success_true_with_empty_data_is_no_store_details(emulator: Emulator) -> None:
    # Steam's answer for an app it lists but will not describe: success true, `data` a PHP empty array.
    emulator.faults.add(
        Fault(
            path_pattern="/steam-store/api/appdetails",
            kind="status",
            status=200,
            body='{"570": {"success": true, "data": []}}',
            query={"appids": "570"},
        )
    )
    rows = {row["app_id"]: row for row in extract(emulator, "steam_app_details", app_ids=[570, 730])}
    assert rows[570] == {"app_id": 570, "success": False, "as_of_date": DAY_ONE, "_run_id": "test-run"}
    assert rows[730]["success"] is True and rows[730]["data"]["name"] == "Counter-Strike 2"


def test_store_data_that_is_neither_an_object_nor_empty_is_rejected() -> None:
    with pytest.raises(PayloadShapeError, match=r"data of app 570 as an object or \[\]"):
        store_details_row({"570": {"success": True, "data": "unavailable"}}, 570)


def test_empty_lists_where_steam_documents_objects_are_dropped(emulator: Emulator) -> None:
    (pubg,) = extract(emulator, "steam_app_details", app_ids=[578080])
    assert "mac_requirements" not in pubg["data"] and "linux_requirements" not in pubg["data"]
    assert isinstance(pubg["data"]["pc_requirements"], dict)


def test_steamspy_tags_become_name_vote_pairs_and_empty_tags_stay_empty(emulator: Emulator) -> None:
    rows = {row["appid"]: row for row in extract(emulator, "steamspy_app_details", app_ids=[1145360, 224060])}
    assert rows[224060]["tags"] == []
    hades_tags = rows[1145360]["tags"]
    assert hades_tags and all(set(tag) == {"tag", "votes"} and isinstance(tag["votes"], int) for tag in hades_tags)
    assert [tag["votes"] for tag in hades_tags] == sorted((tag["votes"] for tag in hades_tags), reverse=True)


def test_reviews_and_current_players_including_the_no_count_answer(emulator: Emulator) -> None:
    reviews = {row["app_id"]: row for row in extract(emulator, "steam_app_reviews", app_ids=[620, 1030300])}
    assert reviews[1030300]["query_summary"]["total_reviews"] == 0
    players = {row["app_id"]: row for row in extract(emulator, "steam_current_players", app_ids=[570, 1030300])}
    assert players[570]["response"]["result"] == 1 and players[570]["response"]["player_count"] > 0
    # Steam answers 404 {"response": {"result": 42}} when it has no count: a row without a count, not an error.
    assert players[1030300]["response"] == {"result": 42}


def test_429_with_retry_after_is_waited_out_and_logged(emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    emulator.faults.add(
        Fault(path_pattern="/steam-store/api/appdetails", kind="status", status=429, headers={"Retry-After": "0"})
    )
    stats = StatsRegistry()
    with caplog.at_level(logging.WARNING, logger="starline.http"):
        rows = extract(emulator, "steam_app_details", stats=stats, app_ids=[570])
    assert rows[0]["success"] is True
    booked = stats.as_dict()["steam_app_details"]
    assert booked["requests"] == 2 and booked["retries"] == 1
    assert any("429" in record.getMessage() and "appdetails" in record.getMessage() for record in caplog.records)


def test_a_failing_endpoint_fails_the_extraction_naming_it(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path_pattern="/steam-store/appreviews", kind="status", status=500, times=None))
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "steam_app_reviews", app_ids=[570])
    assert "appreviews" in str(raised.value) and "500" in str(raised.value)


def test_a_wrongly_shaped_answer_quarantines_that_app_only(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(
            path_pattern="/steam-store/api/appdetails",
            kind="status",
            status=200,
            body='{"unexpected": []}',
            query={"appids": "570"},
        )
    )
    records = extract(emulator, "steam_app_details", app_ids=[570, 730])
    refused = [record for record in records if isinstance(record, Quarantined)]
    assert [record["app_id"] for record in records if not isinstance(record, Quarantined)] == [730]
    assert [(q.key, q.payload) for q in refused] == [("570", {"unexpected": []})]
    assert "steam_store endpoint 'appdetails'" in refused[0].reason and "an entry for app 570" in refused[0].reason


def test_a_quarantined_answer_leaves_the_cache_and_the_journal_so_a_rerun_asks_again(
    emulator: Emulator, tmp_path: Path
) -> None:
    refused_query = {"request": "appdetails", "appid": "570"}
    emulator.faults.add(Fault("/steamspy/api.php", "status", 200, body='["not", "an", "app"]', query=refused_query))

    def run() -> list[dict | Quarantined]:
        clients = make_clients(
            SPEC,
            stats=StatsRegistry(),
            replay_base_urls=emulator.base_urls()["gaming"],
            cache_dir=tmp_path / "cache",
            journal_dir=tmp_path / "journal",
        )
        source = gaming_source(clients, as_of_date=DAY_ONE, run_id="test-run", app_ids=[570, 730])
        return list(source.with_resources("steamspy_app_details"))

    first = run()
    assert [q.key for q in first if isinstance(q, Quarantined)] == ["570"]
    # 730's answer stays cached (SteamSpy's appdetails for 20 hours); 570's refused one is in neither store.
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    assert len(list((tmp_path / "journal").glob("*.json"))) == 1
    emulator.faults.clear()
    emulator.clear_requests()
    second = run()
    assert requests_to(emulator, "/steamspy/api.php") == [refused_query]
    assert sorted(record["appid"] for record in second if not isinstance(record, Quarantined)) == [570, 730]


def test_a_catalogue_entry_that_is_not_an_app_is_quarantined_and_the_page_loads(emulator: Emulator) -> None:
    page = {"570": {"appid": 570, "name": "Dota 2"}, "999": "gone", "730": {"appid": 730, "name": "CS2"}}
    emulator.faults.add(Fault("/steamspy/api.php", "status", 200, body=json.dumps(page), query={"page": "0"}))
    records = extract(emulator, "steamspy_apps", steamspy_max_pages=1)
    assert [record["appid"] for record in records if not isinstance(record, Quarantined)] == [570, 730]
    assert [(q.key, q.payload) for q in records if isinstance(q, Quarantined)] == [("999", "gone")]


def test_an_html_error_page_is_retried_not_loaded(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path_pattern="/steamspy/api.php", kind="html", times=1))
    stats = StatsRegistry()
    rows = extract(emulator, "steamspy_apps", stats=stats, steamspy_max_pages=1)
    assert len(rows) == 50 and stats.as_dict()["steamspy_apps"]["retries"] == 1


def catalogue_signals(emulator: Emulator) -> dict[int, str]:
    rows = extract(emulator, "steamspy_apps")
    emulator.clear_requests()
    return {int(row["appid"]): bulk_signal(row, SIGNAL_FIELDS) for row in rows}


def detailed_app_ids(emulator: Emulator, path_part: str, parameter: str = "appids") -> list[int]:
    return [int(query[parameter]) for query in requests_to(emulator, path_part)]


def test_each_api_spends_its_daily_budget_on_new_then_changed_then_stalest_apps(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    signals = catalogue_signals(emulator)
    new_apps, changed_app = [1245620, 292030], 570
    older, oldest = 730, 440
    history = {app: Refreshed("2024-12-30", signal) for app, signal in signals.items() if app not in new_apps}
    history[changed_app] = Refreshed("2024-12-31", "a signal from before a rename")
    history[older] = Refreshed("2024-12-20", signals[older])
    history[oldest] = Refreshed("2024-12-10", signals[oldest])
    # Ten storefront requests: five apps at two requests each (appdetails and appreviews); three current players.
    monkeypatch.setenv("SOURCES__GAMING__STEAM_STORE__DAILY_BUDGET", "10")
    monkeypatch.setenv("SOURCES__GAMING__STEAM_WEB__DAILY_BUDGET", "3")
    monkeypatch.setenv("SOURCES__GAMING__STEAMSPY__DAILY_BUDGET", "0")
    refreshed = {"steam_store": history, "steam_web": history}
    clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["gaming"])
    source = gaming_source(clients, as_of_date=DAY_ONE, run_id="test-run", refreshed=refreshed)
    rows = list(source.with_resources("steam_app_details", "steam_app_reviews", "steam_current_players"))

    store_apps = {*new_apps, changed_app, older, oldest}
    assert sorted(detailed_app_ids(emulator, "/steam-store/api/appdetails")) == sorted(store_apps)
    assert sorted(int(r.path.rsplit("/", 1)[1]) for r in emulator.requests if "/appreviews/" in r.path) == sorted(
        store_apps
    )
    # Three players requests: the two new apps, then the changed one.
    assert sorted(detailed_app_ids(emulator, "GetNumberOfCurrentPlayers", "appid")) == sorted([*new_apps, changed_app])
    assert requests_to(emulator, "/steamspy/api.php") == [{"request": "all", "page": str(page)} for page in (0, 1, 2)]
    # Every detail row records the catalogue signal it was read under, for the next day's plan.
    assert {row["bulk_signal"] for row in rows if row["app_id"] in new_apps} == {signals[app] for app in new_apps}


def test_the_budget_goes_to_apps_never_detailed_before_apps_read_on_earlier_days(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    signals = catalogue_signals(emulator)
    pending = [1245620, 292030]
    done = {app: Refreshed("2024-12-31", signal) for app, signal in signals.items() if app not in pending}
    monkeypatch.setenv("SOURCES__GAMING__STEAMSPY__DAILY_BUDGET", "2")
    clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=emulator.base_urls()["gaming"])
    source = gaming_source(clients, as_of_date=DAY_ONE, run_id="test-run", refreshed={"steamspy": done})
    rows = list(source.with_resources("steamspy_app_details"))
    assert sorted(row["appid"] for row in rows) == sorted(pending)
    appdetails = [query for query in requests_to(emulator, "/steamspy/api.php") if query["request"] == "appdetails"]
    assert sorted(int(query["appid"]) for query in appdetails) == sorted(pending)
