"""The emulator's server: lifecycle, routing, simulated day, faults, control endpoints and request log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ingestion.emulator import Emulator, Fault, FaultInjector
from ingestion.emulator.registry import VERTICALS

REPO = Path(__file__).resolve().parents[1]
SPY = "/steamspy/api.php"
DOTA = {"request": "appdetails", "appid": "570"}


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(["gaming"]) as running:
        yield running


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def spy(emulator: Emulator, http: requests.Session, **kwargs: object) -> requests.Response:
    return http.get(emulator.base_url + SPY, params=DOTA, timeout=5, **kwargs)  # type: ignore[arg-type]


# lifecycle and routing


def test_serves_on_loopback_with_a_free_port_and_stops() -> None:
    emulator = Emulator(["gaming"]).start()
    base_url = emulator.base_url
    try:
        assert base_url.startswith("http://127.0.0.1:")
        assert emulator.port > 0
        assert requests.get(base_url + SPY, params=DOTA, timeout=5).json()["appid"] == 570
    finally:
        emulator.stop()
    with pytest.raises(RuntimeError, match="not running"):
        _ = emulator.base_url
    with pytest.raises(requests.ConnectionError):
        requests.get(base_url + SPY, params=DOTA, timeout=2)


def test_stop_closes_kept_alive_connections(http: requests.Session) -> None:
    emulator = Emulator(["gaming"]).start()
    base_url = emulator.base_url
    assert http.get(base_url + SPY, params=DOTA, timeout=5).status_code == 200
    emulator.stop()
    with pytest.raises(requests.ConnectionError):
        http.get(base_url + SPY, params=DOTA, timeout=2)


def test_unknown_path_is_a_json_404(emulator: Emulator, http: requests.Session) -> None:
    response = http.get(emulator.base_url + "/steam-store/api/nothing-here", timeout=5)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "no emulator route", "path": "/steam-store/api/nothing-here"}


def test_known_path_with_wrong_method_is_a_405(emulator: Emulator, http: requests.Session) -> None:
    response = http.post(emulator.base_url + SPY, params=DOTA, timeout=5)
    assert response.status_code == 405
    assert response.json()["path"] == SPY


def test_every_vertical_is_selectable_and_unknown_ones_are_refused() -> None:
    assert "gaming" in VERTICALS
    assert Emulator().verticals.keys() == VERTICALS.keys()
    with pytest.raises(ValueError, match="unknown emulator vertical"):
        Emulator(["gaming", "nope"])


def test_base_urls_point_at_the_emulator(emulator: Emulator) -> None:
    urls = emulator.base_urls()["gaming"]
    assert urls == {
        "steamspy": f"{emulator.base_url}/steamspy",
        "steam_store": f"{emulator.base_url}/steam-store",
        "steam_web": f"{emulator.base_url}/steam-web",
    }


def test_quiet_no_request_logging_on_stderr(
    emulator: Emulator, http: requests.Session, capfd: pytest.CaptureFixture[str]
) -> None:
    spy(emulator, http)
    http.get(emulator.base_url + "/nowhere", timeout=5)
    assert capfd.readouterr().err == ""


# simulated day


def test_days_and_set_day() -> None:
    emulator = Emulator(["gaming"], day="2025-01-02")
    assert emulator.days == ["2025-01-01", "2025-01-02"]
    assert emulator.day == "2025-01-02"
    emulator.set_day("2025-01-01")
    assert emulator.day == "2025-01-01"
    with pytest.raises(ValueError, match=r"valid days: 2025-01-01, 2025-01-02"):
        emulator.set_day("2025-01-03")
    with pytest.raises(ValueError, match="unknown emulator day"):
        Emulator(["gaming"], day="1999-01-01")


def test_day_changes_answers(emulator: Emulator, http: requests.Session) -> None:
    params = {"appids": "271590"}
    url = emulator.base_url + "/steam-store/api/appdetails"
    first = http.get(url, params=params, timeout=5).json()["271590"]["data"]["name"]
    emulator.set_day("2025-01-02")
    second = http.get(url, params=params, timeout=5).json()["271590"]["data"]["name"]
    assert (first, second) == ("Grand Theft Auto V", "Grand Theft Auto V Legacy")


# faults


def test_429_with_retry_after_once_then_normal(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(
        Fault(r"/steamspy/api\.php", "status", 429, headers={"Retry-After": "7"}, body='{"error":"slow"}')
    )
    limited = spy(emulator, http)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert limited.json() == {"error": "slow"}
    normal = spy(emulator, http)
    assert normal.status_code == 200
    assert normal.json()["name"] == "Dota 2"


def test_500_forever_until_cleared(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "status", status=500, times=None))
    assert [spy(emulator, http).status_code for _ in range(4)] == [500, 500, 500, 500]
    assert emulator.faults.clear() == 1
    assert spy(emulator, http).status_code == 200


def test_times_counts_down(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "status", status=503, times=2))
    assert [spy(emulator, http).status_code for _ in range(3)] == [503, 503, 200]
    assert emulator.faults.pending() == []


def test_delay_then_normal_answer_and_client_timeouts(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "delay", delay_seconds=0.3))
    started = time.monotonic()
    response = spy(emulator, http)
    assert time.monotonic() - started >= 0.3
    assert response.json()["appid"] == 570

    emulator.faults.add(Fault(r"/steamspy/", "delay", delay_seconds=1.0))
    with pytest.raises(requests.Timeout):
        requests.get(emulator.base_url + SPY, params=DOTA, timeout=0.2)


def test_malformed_is_the_real_body_truncated(emulator: Emulator, http: requests.Session) -> None:
    real = spy(emulator, http).text
    emulator.faults.add(Fault(r"/steamspy/", "malformed"))
    broken = spy(emulator, http)
    assert broken.status_code == 200
    assert 0 < len(broken.text) < len(real)
    assert real.startswith(broken.text)
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.text)


def test_html_error_page_with_status_200(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "html"))
    page = spy(emulator, http)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.text.lstrip().lower().startswith("<!doctype html>")
    with pytest.raises(requests.JSONDecodeError):
        page.json()


def test_drop_closes_the_connection_without_answering(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "drop"))
    with pytest.raises(requests.ConnectionError):
        spy(emulator, http)
    assert spy(emulator, http).status_code == 200


def test_fault_matches_path_and_every_query_value(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "status", status=500, times=None, query={"appid": "730"}))
    assert spy(emulator, http).status_code == 200
    cs2 = http.get(emulator.base_url + SPY, params={"request": "appdetails", "appid": "730"}, timeout=5)
    assert cs2.status_code == 500
    store = http.get(emulator.base_url + "/steam-store/api/appdetails", params={"appids": "730"}, timeout=5)
    assert store.status_code == 200


def test_status_fault_can_serve_a_drifted_schema(emulator: Emulator, http: requests.Session) -> None:
    drifted = json.dumps({"570": {"app_id": 570, "title": "Dota 2"}})
    emulator.faults.add(Fault(r"/steamspy/", "status", status=200, body=drifted))
    assert spy(emulator, http).json() == {"570": {"app_id": 570, "title": "Dota 2"}}


def test_concurrent_requests_consume_each_use_once(emulator: Emulator) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "status", status=503, times=3))
    statuses: list[int] = []
    lock = threading.Lock()

    def call() -> None:
        status = requests.get(emulator.base_url + SPY, params=DOTA, timeout=5).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=call) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 9 + [503] * 3
    assert len(emulator.requests) == 12


def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault(r"/x", "explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="times"):
        Fault(r"/x", "drop", times=0)
    with pytest.raises(ValueError, match="unknown fault field"):
        Fault.from_dict({"path_pattern": "/x", "kind": "drop", "tiems": 2})
    injector = FaultInjector()
    injector.add(Fault(r"/a", "drop"))
    assert injector.take("/b", {}) is None
    taken = injector.take("/a/b", {})
    assert taken is not None and taken.kind == "drop"
    assert injector.take("/a/b", {}) is None


# control endpoints


def test_control_day(emulator: Emulator, http: requests.Session) -> None:
    url = emulator.base_url + "/_emulator/day"
    assert http.get(url, timeout=5).json() == {"day": "2025-01-01", "days": ["2025-01-01", "2025-01-02"]}
    changed = http.post(url, params={"value": "2025-01-02"}, timeout=5)
    assert changed.status_code == 200
    assert emulator.day == "2025-01-02"
    refused = http.post(url, params={"value": "2031-01-01"}, timeout=5)
    assert refused.status_code == 400
    assert "2025-01-01, 2025-01-02" in refused.json()["error"]
    assert emulator.day == "2025-01-02"


def test_control_faults(emulator: Emulator, http: requests.Session) -> None:
    url = emulator.base_url + "/_emulator/faults"
    fault = {"path_pattern": r"/steamspy/", "kind": "status", "status": 429, "headers": {"Retry-After": "1"}}
    created = http.post(url, json=fault, timeout=5)
    assert created.status_code == 201
    assert created.json()["fault"]["times"] == 1
    assert http.get(url, timeout=5).json()[0]["status"] == 429
    limited = spy(emulator, http)
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")
    assert spy(emulator, http).status_code == 200

    http.post(url, json={**fault, "times": None}, timeout=5)
    assert spy(emulator, http).status_code == 429
    assert http.delete(url, timeout=5).json() == {"cleared": 1}
    assert spy(emulator, http).status_code == 200

    assert http.post(url, json={"path_pattern": "/x", "kind": "nope"}, timeout=5).status_code == 400
    assert http.post(url, data=b"[1, 2]", timeout=5).status_code == 400
    assert http.post(url, data=b"{not json", timeout=5).status_code == 400


def test_control_requests_and_base_urls(emulator: Emulator, http: requests.Session) -> None:
    spy(emulator, http, headers={"X-Api-Key": "secret-1"})
    recorded = http.get(emulator.base_url + "/_emulator/requests", timeout=5).json()
    assert len(recorded) == 1
    assert recorded[0]["path"] == SPY
    assert recorded[0]["query"] == DOTA
    assert recorded[0]["headers"]["x-api-key"] == "secret-1"
    # Inspecting the emulator is not itself recorded, nor subject to faults.
    emulator.faults.add(Fault(r"/", "status", status=500, times=None))
    assert http.get(emulator.base_url + "/_emulator/requests", timeout=5).status_code == 200
    assert len(emulator.requests) == 1
    assert http.delete(emulator.base_url + "/_emulator/requests", timeout=5).json() == {"cleared": 1}
    assert emulator.requests == []
    urls = http.get(emulator.base_url + "/_emulator/base-urls", timeout=5).json()
    assert urls["gaming"]["steam_web"] == emulator.base_url + "/steam-web"


# request log


def test_records_method_path_query_and_headers(emulator: Emulator, http: requests.Session) -> None:
    http.get(
        emulator.base_url + "/steam-store/api/appdetails",
        params={"appids": "570", "cc": "us", "l": "english"},
        headers={"x-cg-demo-api-key": "demo-key", "Authorization": "Bearer token-9"},
        timeout=5,
    )
    [recorded] = emulator.requests
    assert recorded.method == "GET"
    assert recorded.path == "/steam-store/api/appdetails"
    assert recorded.query == {"appids": "570", "cc": "us", "l": "english"}
    # Header lookups ignore case, as HTTP does.
    assert recorded.headers["X-CG-Demo-Api-Key"] == "demo-key"
    assert recorded.headers.get("authorization") == "Bearer token-9"
    assert "AUTHORIZATION" in recorded.headers
    assert recorded.received_at <= time.time()
    assert emulator.clear_requests() == 1
    assert emulator.requests == []


def test_faulted_and_unknown_requests_are_recorded_too(emulator: Emulator, http: requests.Session) -> None:
    emulator.faults.add(Fault(r"/steamspy/", "status", status=500))
    spy(emulator, http)
    http.get(emulator.base_url + "/nowhere?x=1", timeout=5)
    assert [(r.path, r.query) for r in emulator.requests] == [(SPY, DOTA), ("/nowhere", {"x": "1"})]


# running as a process


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_module_entry_point_serves_until_interrupted(stop_signal: signal.Signals) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = ["-m", "ingestion.emulator", "--port", "0", "--day", "2025-01-02", "--verticals", "gaming"]
    # Started as a script's background job is (`... &`): SIGINT ignored, which the emulator must undo. CI runs
    # launched that way hung here before.
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ignore_sigint,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        base_url = first.split()[2].rstrip(",")
        assert base_url.startswith("http://127.0.0.1:")
        listing = [process.stdout.readline() for _ in range(3)]
        assert any(f"{base_url}/steamspy" in line for line in listing)
        day = requests.get(base_url + "/_emulator/day", timeout=5).json()["day"]
        assert day == "2025-01-02"
        process.send_signal(stop_signal)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_bad_fault_pattern_is_refused(emulator: Emulator, http: requests.Session) -> None:
    with pytest.raises(ValueError, match="not a valid regex"):
        Fault(r"/steamspy/(", "drop")
    response = http.post(emulator.base_url + "/_emulator/faults", json={"path_pattern": "(", "kind": "drop"}, timeout=5)
    assert response.status_code == 400


def test_a_rewrite_changes_the_json_of_matching_paths_only_until_cleared(
    emulator: Emulator, http: requests.Session
) -> None:
    seen: list[object] = []

    def without_tags(body: dict[str, object]) -> dict[str, object]:
        seen.append(body["tags"])
        return {**body, "tags": []}

    emulator.rewrite(r"/steamspy/", without_tags)
    emulator.rewrite(r"/steam-store/", lambda _: {"never": "applied here"})
    rewritten = spy(emulator, http).json()
    assert rewritten["tags"] == [] and rewritten["appid"] == 570
    # The change got the real answer (Dota 2's tags object), not an earlier rewrite's output.
    assert isinstance(seen[0], dict) and seen[0]

    emulator.clear_rewrites()
    assert spy(emulator, http).json()["tags"] == seen[0]
