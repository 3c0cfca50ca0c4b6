"""Media through the runner: a live run without a key skips media (and only media), and a refused key fails it
with "invalid TMDb credentials" in the run log instead of a traceback."""

from __future__ import annotations

import json

import pytest

from ingestion.emulator import Emulator, Fault
from ingestion.emulator.media_payloads import UNAUTHORIZED
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.paths import Paths
from ingestion.sources.media import SPEC
from tests.conftest import ReplayRun, replay

DAY_ONE = "2025-01-01"


@pytest.fixture(autouse=True)
def no_tmdb_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    # Empty values count as unset and shadow any key in a developer's .dlt/secrets.toml.
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "")


def test_a_live_run_without_a_key_skips_media_and_still_runs_gaming(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Emulator(["gaming"]) as emulator:
        # A live run of gaming against the emulator: configured base URLs, limits lifted for the test's sake.
        for api, url in emulator.base_urls()["gaming"].items():
            monkeypatch.setenv(f"SOURCES__GAMING__{api.upper()}__BASE_URL", url)
            monkeypatch.setenv(f"SOURCES__GAMING__{api.upper()}__RATE_LIMIT_REQUESTS", "1000")
            monkeypatch.setenv(f"SOURCES__GAMING__{api.upper()}__RATE_LIMIT_PER_SECONDS", "1")
        orchestrator = Orchestrator(paths, mode="live")
        # One catalogue page: SteamSpy's `request=all` keeps its live limit of one a minute, which a second page
        # would wait for (two minutes of this test's time, before).
        gaming_params = {"top_n": 3, "steamspy_max_pages": 1}
        results = orchestrator.run_all_pipelines(
            ["gaming", "media"], as_of_date=DAY_ONE, extractor_params={"gaming": gaming_params}
        )
        media_requests = [r for r in emulator.requests if r.path.startswith("/tmdb")]
    gaming, media = results
    assert (gaming.status, gaming.error) == ("success", None)
    assert media.status == "skipped"
    assert media.error == (
        "no API key: set sources.media.tmdb.access_token or sources.media.tmdb.api_key (see docs/media.md)"
    )
    assert media_requests == []
    logged = ReplayRun(paths).query("select vertical, mode, status, error from ops.etl_runs order by vertical")
    assert logged == [("gaming", "live", "success", None), ("media", "live", "skipped", media.error)]
    assert not (paths.exports / "media").exists()


def test_either_setting_counts_as_a_key_for_live_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert SPEC.missing_key() is not None
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "a-v3-key")
    assert SPEC.missing_key() is None
    monkeypatch.delenv("SOURCES__MEDIA__TMDB__API_KEY")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "a-v4-token")
    assert SPEC.missing_key() is None


def test_a_refused_key_fails_media_with_invalid_tmdb_credentials(paths: Paths) -> None:
    with Emulator(["media"]) as emulator:
        emulator.faults.add(Fault(r"/tmdb/", "status", 401, body=json.dumps(UNAUTHORIZED), times=None))
        result = replay(paths, ["media"], days=[DAY_ONE], emulator=emulator).results[DAY_ONE][0]
    assert result.status == "failed"
    assert result.error is not None and result.error.startswith("TmdbCredentialsError: invalid TMDb credentials")
    assert "sources.media.tmdb.access_token" in result.error and "\n" not in result.error
    logged = ReplayRun(paths).query("select status, error from ops.etl_runs")
    assert logged == [("failed", result.error)]
