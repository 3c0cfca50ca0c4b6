"""A run stopped before its load resumes the same as-of date with the answers it had received (`answers` journal
under the state folder): no request is sent twice, and the day lands once."""

from __future__ import annotations

from pathlib import Path

from ingestion.emulator import Emulator, Fault
from tests.conftest import make_paths, replay

DAY_ONE = "2025-01-01"
STUCK_APP = "578080"


def answered(emulator: Emulator) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    return {(request.path, tuple(sorted(request.query.items()))) for request in emulator.requests}


def test_a_run_stopped_by_a_failing_api_resumes_without_asking_again(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    journal = paths.answers_journal("gaming", DAY_ONE)
    with Emulator(["gaming"]) as emulator:
        emulator.faults.add(
            Fault(
                path_pattern="/steam-store/api/appdetails",
                kind="status",
                status=503,
                times=None,
                query={"appids": STUCK_APP},
            )
        )
        stopped = replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
        assert [r.status for r in stopped.results[DAY_ONE]] == ["failed"]
        assert "503" in (stopped.results[DAY_ONE][0].error or "")
        first_run = answered(emulator) - {
            (path, query) for path, query in answered(emulator) if ("appids", STUCK_APP) in query
        }
        kept = len(list(journal.glob("*.json")))
        assert kept == len(first_run) > 0

        emulator.faults.clear()
        emulator.clear_requests()
        resumed = replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
        assert [(r.status, r.error) for r in resumed.results[DAY_ONE]] == [("success", None)]
        second_run = answered(emulator)

    assert not second_run & first_run
    assert ("/steam-store/api/appdetails", (("appids", STUCK_APP), ("cc", "us"), ("l", "english"))) in second_run
    assert not journal.exists()
    # One load of the day: every app once in raw and in the marts, nothing counted twice.
    assert resumed.query(
        "select count(*), count(distinct app_id), count(distinct _dlt_load_id) from raw_gaming.steam_app_details"
    ) == [(60, 60, 1)]
    assert resumed.scalar("select count(*) from gaming.fct_game_daily_metrics") == 60
    assert (
        resumed.scalar(
            "select cache_hits from ops.etl_run_resources r join ops.etl_runs u using (run_id, vertical) "
            "where resource = 'steamspy_apps' and u.status = 'success'"
        )
        == 3
    )


def test_a_bad_answer_is_neither_replayed_nor_served_from_the_cache(tmp_path: Path) -> None:
    """Answers the parsers refuse, more of them than the quarantine allows, fail the run; the next run asks again
    instead of failing on the same answers from the journal. Regression: SteamSpy's appdetails are cached for 20
    hours, and the refused answer was served from that cache to every re-run of the day."""
    paths = make_paths(tmp_path)
    with Emulator(["gaming"]) as emulator:
        emulator.faults.add(
            Fault(
                path_pattern="/steamspy/api.php",
                kind="status",
                status=200,
                body="[1, 2]",
                times=None,
                query={"request": "appdetails"},
            )
        )
        stopped = replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
        assert [r.status for r in stopped.results[DAY_ONE]] == ["failed"]
        assert "QuarantineThresholdError: raw_gaming.steamspy_app_details" in (stopped.results[DAY_ONE][0].error or "")
        assert not paths.answers_journal("gaming", DAY_ONE).exists()
        emulator.faults.clear()
        resumed = replay(paths, ["gaming"], days=[DAY_ONE], emulator=emulator)
    assert [(r.status, r.error) for r in resumed.results[DAY_ONE]] == [("success", None)]
    assert resumed.scalar("select count(*) from raw_gaming.steamspy_app_details where appid = 570") == 1


def test_answers_a_stopped_run_of_another_day_left_are_dropped(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    stale = paths.answers_journal("gaming", "2024-12-31")
    stale.mkdir(parents=True)
    (stale / f"{'0' * 64}.json").write_text('{"fetched_at": "2024-12-31T00:00:00+00:00", "body": "{}"}')
    run = replay(paths, ["gaming"], days=[DAY_ONE])
    assert [(r.status, r.error) for r in run.results[DAY_ONE]] == [("success", None)]
    assert not stale.exists() and not paths.answers_journal("gaming", DAY_ONE).exists()
