"""The Python API people script against: orchestrator results, parameter aliases, extraction for notebooks."""

from __future__ import annotations

import pytest

from ingestion.emulator import Emulator
from ingestion.records import extract_records
from ingestion.runner.orchestrator import Orchestrator, get_orchestrator
from ingestion.sources.gaming.notebook import top_games
from ingestion.verticals import discover
from tests.conftest import ReplayRun


def test_run_results_carry_what_a_script_needs(replayed) -> None:
    run: ReplayRun = replayed("gaming")
    result = run.results["2025-01-02"][0]
    assert (result.vertical, result.status, result.error) == ("gaming", "success", None)
    assert result.records_extracted == 300  # 60 apps x 5 resources
    assert sorted(result.tables_created) == sorted(
        row[0] for row in run.query("select table_name from information_schema.tables where table_schema = 'gaming'")
    )
    assert result.total_rows == sum(run.scalar(f"select count(*) from gaming.{t}") for t in result.tables_created)
    assert result.total_duration_sec >= sum(result.phase_seconds.values()) > 0
    assert set(result.phase_seconds) == {"extract", "load", "transform", "export"}
    # The Parquet writes inside dbt's post-hooks are booked as export, not as transform.
    assert result.phase_seconds["export"] > 0
    assert result.http["steam_app_details"]["requests"] == 60


def test_limit_is_accepted_as_the_top_n_of_gaming() -> None:
    gaming = discover()["gaming"]
    assert gaming.resolve_params({"limit": 100}, replay=False)["top_n"] == 100
    with pytest.raises(ValueError, match="valid: app_ids, steamspy_max_pages, top_n"):
        gaming.resolve_params({"pages": 2}, replay=False)


def test_get_orchestrator_defaults_to_live_runs_over_every_vertical() -> None:
    orchestrator = get_orchestrator()
    assert isinstance(orchestrator, Orchestrator) and orchestrator.mode == "live"
    assert "gaming" in orchestrator.specs


def test_top_games_gives_named_records_with_an_owners_estimate() -> None:
    with Emulator(["gaming"]) as emulator:
        games = top_games(count=5, sort_by="owners", max_pages=5, base_urls=emulator.base_urls()["gaming"])
    assert [game["name"] for game in games][:2] == ["Dota 2", "Counter-Strike 2"]
    assert games[0]["owners_estimate"] == 350_000_000  # "200,000,000 .. 500,000,000"
    estimates = [game["owners_estimate"] for game in games]
    assert estimates == sorted(estimates, reverse=True)


def test_extract_records_names_what_is_valid() -> None:
    with pytest.raises(ValueError, match="unknown vertical 'chess'"):
        extract_records("chess", "games")
    with Emulator(["gaming"]) as emulator, pytest.raises(ValueError, match="valid: steamspy_apps"):
        extract_records("gaming", "nope", base_urls=emulator.base_urls()["gaming"])
