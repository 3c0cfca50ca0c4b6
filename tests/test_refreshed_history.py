"""What the runner reads of each entity's details from the warehouse (`ingestion.runner.refreshed`)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion.refresh import Refreshed
from ingestion.runner.refreshed import read_refreshed
from ingestion.verticals import DetailTable

TABLES = {
    "steam_store": DetailTable("steam_app_details", "app_id"),
    "steam_web": DetailTable("steam_current_players", "app_id"),
}


def test_each_entity_has_its_newest_read_and_the_signal_of_that_read(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema raw_gaming")
        connection.execute(
            "create table raw_gaming.steam_app_details (app_id bigint, as_of_date date, bulk_signal text)"
        )
        connection.execute(
            "insert into raw_gaming.steam_app_details values "
            "(570, '2025-01-01', 'a'), (570, '2025-01-03', 'b'), (730, '2025-01-02', null), (null, '2025-01-03', 'x')"
        )
        # A table landed before detail plans existed has no signal column.
        connection.execute("create table raw_gaming.steam_current_players (app_id bigint, as_of_date date)")
        connection.execute("insert into raw_gaming.steam_current_players values (570, '2025-01-02')")
    assert read_refreshed(warehouse, "raw_gaming", TABLES, before="2025-01-04") == {
        "steam_store": {570: Refreshed("2025-01-03", "b"), 730: Refreshed("2025-01-02", None)},
        "steam_web": {570: Refreshed("2025-01-02", None)},
    }
    # A re-run of 2025-01-03 plans from the days before it, as that day's first run did.
    assert read_refreshed(warehouse, "raw_gaming", TABLES, before="2025-01-03") == {
        "steam_store": {570: Refreshed("2025-01-01", "a"), 730: Refreshed("2025-01-02", None)},
        "steam_web": {570: Refreshed("2025-01-02", None)},
    }


def test_no_warehouse_or_no_table_yet_means_nothing_was_detailed(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    assert read_refreshed(warehouse, "raw_gaming", TABLES, before="2025-01-01") == {}
    assert not warehouse.exists()
    duckdb.connect(str(warehouse)).close()
    assert read_refreshed(warehouse, "raw_gaming", TABLES, before="2025-01-01") == {}
