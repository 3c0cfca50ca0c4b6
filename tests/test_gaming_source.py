"""Every gaming resource against the local emulator, through the same client code the live run uses."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from dlt.extract.exceptions import ResourceExtractionError

from ingestion.emulator import Emulator, Fault
from ingestion.http import StatsRegistry
from ingestion.runner.orchestrator import make_clients
from ingestion.sources.gaming import SPEC, gaming_source
from ingestion.sources.gaming.helpers import store_details_row
from ingestion.sources.payloads import PayloadShapeError

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


def test_default_selection_is_the_top_n_by_owners(emulator: Emulator) -> None:
    rows = extract(emulator, "steam_app_details", top_n=5, steamspy_max_pages=10)
    # Owners bucket first, then concurrent users: Dota 2, CS2, then the 50M-100M bucket by ccu.
    assert [row["app_id"] for row in rows] == [570, 730, 578080, 271590, 1172470]


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


def test_a_wrongly_shaped_payload_is_rejected_with_the_endpoint_named(emulator: Emulator) -> None:
    emulator.faults.add(
        Fault(path_pattern="/steam-store/api/appdetails", kind="status", status=200, body='{"unexpected": []}')
    )
    with pytest.raises(ResourceExtractionError) as raised:
        extract(emulator, "steam_app_details", app_ids=[570])
    assert isinstance(raised.value.__cause__, PayloadShapeError)
    assert "steam_store endpoint 'appdetails'" in str(raised.value)


def test_an_html_error_page_is_retried_not_loaded(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path_pattern="/steamspy/api.php", kind="html", times=1))
    stats = StatsRegistry()
    rows = extract(emulator, "steamspy_apps", stats=stats, steamspy_max_pages=1)
    assert len(rows) == 50 and stats.as_dict()["steamspy_apps"]["retries"] == 1
