"""Bad records go to `raw_<vertical>.quarantine` with their reason and the run goes on, with warnings, unless too
large a share of a table is refused. Regression: one permanently bad record failed the whole vertical (a value
that changed type failed the drift check; an entry the parsers refused failed the extraction)."""

from __future__ import annotations

import json
from pathlib import Path

import dlt
import duckdb
import pytest
import requests

from ingestion.emulator import Emulator, Fault
from ingestion.params import SettingError
from ingestion.runner import report
from ingestion.runner.drift import declared_contract
from ingestion.runner.extract import pipeline_for
from ingestion.runner.paths import PROJECT_DIR
from ingestion.runner.quarantine import QuarantineThresholdError, RecordGuard
from ingestion.sources.payloads import Quarantined
from ingestion.verticals import discover
from tests.conftest import land, make_paths, replay

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
NAMING = dlt.Schema("naming").naming


def guard(vertical: str) -> RecordGuard:
    return RecordGuard(declared_contract(PROJECT_DIR, f"raw_{vertical}"), NAMING)


def test_values_their_declared_column_cannot_hold_are_named() -> None:
    gaming = guard("gaming")
    app = {"appid": 570, "ccu": 1200, "positive": "12", "price": 999, "name": None, "tags": [], "owners": {}}
    assert gaming.problems("steamspy_apps", app) == []
    assert gaming.problems("steamspy_apps", {**app, "ccu": "lots", "positive": 1.5, "negative": True}) == [
        "steamspy_apps.ccu: 'lots' is not a bigint",
        "steamspy_apps.positive: 1.5 is not a bigint",
        "steamspy_apps.negative: True is not a bigint",
    ]
    assert gaming.problems("steamspy_apps", {**app, "ccu": {"now": 1}, "appid": [570]}) == [
        "steamspy_apps.appid: a list where bigint is declared",
        "steamspy_apps.ccu: an object where bigint is declared",
    ]
    # Nested objects are columns `data__...`, lists are child tables: both are checked as dlt will load them.
    details = {"app_id": 570, "data": {"metacritic": {"score": "n/a"}, "genres": [{"id": 1, "description": "Action"}]}}
    assert gaming.problems("steam_app_details", details) == [
        "steam_app_details.data__metacritic__score: 'n/a' is not a bigint"
    ]
    assert gaming.problems("steam_app_details", {"app_id": 570, "data": {"genres": "Action"}}) == [
        "steam_app_details.data__genres: 'Action' where a list (table steam_app_details__data__genres) is declared"
    ]
    assert gaming.problems("steamspy_app_details", {"appid": 570, "tags": {"Action": 5}}) == [
        "steamspy_app_details.tags: {'Action': 5} where a list (table steamspy_app_details__tags) is declared"
    ]
    # Fields the contract does not declare are not its business (the drift check reports new ones).
    assert gaming.problems("steamspy_apps", {"appid": 570, "brand_new": {"x": [1, "y"]}}) == []


@pytest.mark.parametrize("vertical", ["gaming", "crypto", "betting", "media"])
def test_every_type_the_contracts_declare_is_known_and_a_served_timestamp_passes(vertical: str) -> None:
    """Regression: `timestamp with time zone` was unknown and every crypto record with a timestamp was refused."""
    checked = guard(vertical)
    if vertical == "crypto":
        assert checked.problems("coins_markets", {"id": "bitcoin", "last_updated": "2025-01-01T11:58:30.000Z"}) == []
        assert checked.problems("coins_markets", {"id": "bitcoin", "last_updated": "yesterday"}) == [
            "coins_markets.last_updated: 'yesterday' is not a timestamp"
        ]


def test_a_type_the_check_does_not_know_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"t\.c \(interval\); known: varchar"):
        RecordGuard({"t": {"c": "interval"}}, NAMING)


def test_names_are_checked_as_dlt_normalizes_them_down_nested_child_tables() -> None:
    event = {
        "id": "401",
        "competitions": [
            {"attendance": "sold out", "competitors": [{"homeAway": "home", "winner": "maybe", "order": 0}]}
        ],
    }
    assert guard("betting").problems("scoreboard", event) == [
        "scoreboard__competitions.attendance: 'sold out' is not a bigint",
        "scoreboard__competitions__competitors.winner: 'maybe' is not a bool",
    ]


def test_a_guard_admits_good_records_and_keeps_the_refused_with_their_reasons() -> None:
    gaming = guard("gaming")
    admit = gaming.admitting("steamspy_apps", ("appid",))
    refused_answer = Quarantined("steamspy endpoint 'all' returned str", "gone", key="999")
    assert [admit(record) for record in ({"appid": 1, "ccu": 5}, {"appid": 2, "ccu": "x"}, refused_answer)] == [
        True,
        False,
        False,
    ]
    assert [(r.table, r.key, r.payload) for r in gaming.refused] == [
        ("steamspy_apps", "2", {"appid": 2, "ccu": "x"}),
        ("steamspy_apps", "999", "gone"),
    ]
    assert gaming.counts() == {"steamspy_apps": 2}
    assert gaming.breaches(0.7) == []
    assert gaming.breaches(0.5) == [
        "steamspy_apps: 2 of 3 records (66.7%) refused, first: steamspy_apps.ccu: 'x' is not a bigint"
    ]


def catalogue_page_with_a_bad_value(emulator: Emulator) -> str:
    emulator.set_day(DAY_ONE)
    base = emulator.base_urls()["gaming"]["steamspy"]
    page = requests.get(f"{base}/api.php", params={"request": "all", "page": "0"}, timeout=10).json()
    page["570"]["ccu"] = "lots"
    return json.dumps(page)


def test_bad_records_are_quarantined_and_the_run_succeeds_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        page = catalogue_page_with_a_bad_value(emulator)
        emulator.faults.add(Fault("/steamspy/api.php", "status", 200, body=page, times=None, query={"page": "0"}))
        emulator.faults.add(
            Fault("/steam-store/api/appdetails", "status", 200, body="[]", times=None, query={"appids": "730"})
        )
        run = replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
    (result,) = run.results[DAY_ONE]
    assert (result.status, result.error) == ("success", None)
    assert result.quarantined == {"steam_app_details": 1, "steamspy_apps": 1}
    rows = run.query(
        "select table_name, record_key, reason, payload, as_of_date::varchar, _run_id "
        "from raw_gaming.quarantine order by table_name"
    )
    assert [row[:2] for row in rows] == [("steam_app_details", "730"), ("steamspy_apps", "570")]
    assert "steam_store endpoint 'appdetails' returned list" in rows[0][2] and json.loads(rows[0][3]) == []
    assert rows[1][2] == "steamspy_apps.ccu: 'lots' is not a bigint"
    assert json.loads(rows[1][3])["ccu"] == "lots"
    assert {row[4:] for row in rows} == {(DAY_ONE, result.run_id)}
    # Not loaded: the bad catalogue row and the bad answer are missing from raw; the other apps are there.
    assert run.scalar("select count(*) from raw_gaming.steamspy_apps where appid = 570") == 0
    assert run.scalar("select count(*) from raw_gaming.steam_app_details where app_id = 730") == 0
    assert run.scalar("select count(*) from raw_gaming.steamspy_apps") == 59
    assert run.scalar("select count(*) from gaming.dim_game where not is_unknown_member") > 0
    logged = run.scalar("select quarantined from ops.etl_runs where run_id = ?", [result.run_id])
    assert json.loads(logged) == {"steam_app_details": 1, "steamspy_apps": 1}

    report.print_results([result])
    report.print_status(paths, 5)
    printed = capsys.readouterr().out
    assert "success (warnings)" in printed
    assert "gaming: 1 record of raw_gaming.steamspy_apps quarantined (not loaded; see raw_gaming.quarantine)" in printed
    assert "gaming: 1 record of raw_gaming.steam_app_details quarantined" in printed


def raw_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'raw_gaming'"
        ).fetchall()
        return {
            table: connection.execute(f'select count(*) from raw_gaming."{table}"').fetchone()[0] for (table,) in tables
        }


def test_too_large_a_refused_share_fails_the_vertical_and_loads_nothing(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        emulator.set_day(DAY_ONE)
        land(paths, emulator, "gaming", DAY_ONE, "run-1")
        before = raw_counts(paths.warehouse)
        emulator.set_day(DAY_TWO)
        emulator.faults.add(Fault("/steam-store/api/appdetails", "status", 200, body='{"unexpected": []}', times=None))
        with pytest.raises(QuarantineThresholdError) as raised:
            land(paths, emulator, "gaming", DAY_TWO, "run-2")
        message = str(raised.value)
        assert message.startswith("raw_gaming.steam_app_details: ")
        assert "records (100.0%) refused, first: steam_store endpoint 'appdetails'" in message
        assert "runtime.starline_quarantine_max_share = 5%, so nothing of this run was loaded" in message
        assert raw_counts(paths.warehouse) == before
        assert not pipeline_for(discover()["gaming"], paths).has_pending_data
        # The next run loads the day as if the refused one never happened.
        emulator.faults.clear()
        loaded = land(paths, emulator, "gaming", DAY_TWO, "run-3")
    assert loaded.quarantined == {}
    assert raw_counts(paths.warehouse)["steamspy_apps"] == 2 * before["steamspy_apps"]


def test_the_share_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_paths(tmp_path)
    monkeypatch.setenv("RUNTIME__STARLINE_QUARANTINE_MAX_SHARE", "1")
    with Emulator(["gaming"]) as emulator:
        emulator.set_day(DAY_ONE)
        emulator.faults.add(Fault("/steam-store/api/appdetails", "status", 200, body='{"unexpected": []}', times=None))
        loaded = land(paths, emulator, "gaming", DAY_ONE, "run-1")
        refused = loaded.quarantined["steam_app_details"]
        assert refused > 1 and "steam_app_details" not in loaded.rows_by_table
        monkeypatch.setenv("RUNTIME__STARLINE_QUARANTINE_MAX_SHARE", "1.5")
        with pytest.raises(SettingError, match=r"runtime.starline_quarantine_max_share=1.5: not a share; allowed"):
            land(paths, emulator, "gaming", DAY_ONE, "run-2")
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        assert connection.execute("select count(*) from raw_gaming.quarantine").fetchone() == (refused,)
