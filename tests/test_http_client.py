"""ApiClient against a scripted HTTP server on 127.0.0.1: pacing, retries, errors, cache, redaction, stats."""

from __future__ import annotations

import contextlib
import json
import logging
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from ingestion.http import (
    ApiClient,
    ApiConfig,
    ApiError,
    ApiStatusError,
    ApiUnreachableError,
    FakeClock,
    HttpCache,
    MalformedResponseError,
    RateLimit,
    RetryAfterTooLongError,
    RetryPolicy,
    StatsRegistry,
)

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

MakeClient = Callable[..., ApiClient]


@dataclass
class Reply:
    status: int = 200
    body: str = "{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class ScriptedServer:
    """Answers each GET with the next scripted reply (418 when the script has run out) and records it."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # A short poll interval keeps shutdown (once per test) quick.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def reply(
        self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None, delay: float = 0.0
    ) -> None:
        text = body if isinstance(body, str) else json.dumps({} if body is None else body)
        content_type = {"Content-Type": "application/json"}
        self.script.append(Reply(status, text, {**content_type, **(headers or {})}, delay))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            return self.script.popleft() if self.script else Reply(418, '{"error": "unscripted request"}')

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                reply = server._next(Seen(parts.path, parse_qs(parts.query), dict(self.headers.items())))
                time.sleep(reply.delay)
                payload = reply.body.encode()
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # A client that timed out has hung up already; that is the point of those tests.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    scripted.start()
    yield scripted
    scripted.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def stats() -> StatsRegistry:
    return StatsRegistry()


@pytest.fixture
def make_client(clock: FakeClock, stats: StatsRegistry) -> Iterator[MakeClient]:
    clients: list[ApiClient] = []

    def make(base_url: str, *, cache: HttpCache | None = None, **config: Any) -> ApiClient:
        config.setdefault("retry", RetryPolicy(max_attempts=3))
        client = ApiClient(
            ApiConfig(name="demo_api", base_url=base_url, **config),
            stats=stats,
            cache=cache,
            clock=clock,
            rng=random.Random(7),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def http_logs(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "starline.http" and r.levelno == level]


def test_get_json_joins_url_sends_config_headers_and_params(server: ScriptedServer, make_client: MakeClient) -> None:
    server.reply(body={"ok": [1, 2]})
    client = make_client(server.url + "/api/", headers={"X-Client": "starline"}, params={"lang": "en"})

    assert client.get_json("/v1/items", {"page": 2}, endpoint="items", resource="items") == {"ok": [1, 2]}
    (seen,) = server.seen
    assert seen.path == "/api/v1/items"
    assert seen.query == {"lang": ["en"], "page": ["2"]}
    assert seen.headers["X-Client"] == "starline"


def test_accepted_status_returns_its_json_body(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry
) -> None:
    server.reply(404, {"status_code": 34, "status_message": "not found"})
    client = make_client(server.url)

    body = client.get_json("movie/1", endpoint="movie", resource="movies", accept_statuses=(404,))

    assert body == {"status_code": 34, "status_message": "not found"}
    assert stats.for_resource("movies").errors == 0


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_client_errors_fail_at_once_naming_the_endpoint(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry, clock: FakeClock, status: int
) -> None:
    server.reply(status, {"error": "nope"})
    client = make_client(server.url)

    with pytest.raises(ApiStatusError) as raised:
        client.get_json("api/appdetails", {"appids": 10}, endpoint="appdetails", resource="apps")

    assert len(server.seen) == 1
    assert clock.sleeps == []
    error = raised.value
    assert error.status == status
    assert (error.api, error.endpoint) == ("demo_api", "appdetails")
    assert f"demo_api endpoint 'appdetails' answered HTTP {status} for GET {server.url}" in str(error)
    assert '{"error": "nope"}' in str(error)
    assert stats.for_resource("apps").errors == 1


def test_error_body_snippet_is_short(server: ScriptedServer, make_client: MakeClient) -> None:
    server.reply(403, "x" * 5000)
    client = make_client(server.url)

    with pytest.raises(ApiStatusError) as raised:
        client.get_json("a", endpoint="a", resource="a")

    snippet = str(raised.value).split("Response body: ", 1)[1]
    assert 0 < len(snippet) <= 200


def test_503_then_200_succeeds_after_one_retry(
    server: ScriptedServer,
    make_client: MakeClient,
    stats: StatsRegistry,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    server.reply(503, {"error": "busy"})
    server.reply(body={"fine": True})
    client = make_client(server.url, retry=RetryPolicy(max_attempts=3, backoff_base=2.0, jitter=0.25))

    assert client.get_json("global", endpoint="global", resource="global") == {"fine": True}

    assert len(server.seen) == 2
    (delay,) = clock.sleeps
    assert 2.0 <= delay <= 2.5
    counters = stats.for_resource("global")
    assert (counters.requests, counters.retries, counters.errors) == (2, 1, 0)
    assert counters.wait_seconds == pytest.approx(delay)
    (warning,) = http_logs(caplog, logging.WARNING)
    assert "demo_api" in warning
    assert "'global'" in warning
    assert "HTTP 503" in warning
    assert "attempt 1/3" in warning
    assert f"{delay:.2f}s" in warning
    assert f"{server.url}/global" in warning


def test_retry_after_seconds_sets_the_delay(server: ScriptedServer, make_client: MakeClient, clock: FakeClock) -> None:
    server.reply(429, {"status": {"error_code": 429}}, headers={"Retry-After": "53"})
    server.reply(body=[])
    client = make_client(server.url, retry=RetryPolicy(backoff_base=1.0, jitter=0.25))

    assert client.get_json("coins/markets", endpoint="markets", resource="coins") == []
    assert clock.sleeps == [53.0]


def test_retry_after_http_date_is_read_against_the_clock(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock
) -> None:
    retry_at = format_datetime(START + timedelta(seconds=120), usegmt=True)
    server.reply(503, headers={"Retry-After": retry_at})
    server.reply(body={"ok": 1})
    client = make_client(server.url)

    client.get_json("x", endpoint="x", resource="x")

    assert clock.sleeps == [120.0]


def test_backoff_wins_over_a_shorter_retry_after(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock
) -> None:
    server.reply(503, headers={"Retry-After": "1"})
    server.reply(body={})
    client = make_client(server.url, retry=RetryPolicy(backoff_base=10.0, jitter=0.0))

    client.get_json("x", endpoint="x", resource="x")

    assert clock.sleeps == [10.0]


def test_exhausted_retries_raise_the_last_status(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry, clock: FakeClock
) -> None:
    for _ in range(3):
        server.reply(500, {"error": "boom"})
    client = make_client(server.url, retry=RetryPolicy(max_attempts=3, backoff_base=1.0, jitter=0.0))

    with pytest.raises(ApiStatusError) as raised:
        client.get_json("teams", endpoint="teams", resource="teams")

    assert raised.value.status == 500
    assert "after 3 attempts" in str(raised.value)
    assert len(server.seen) == 3
    assert clock.sleeps == [1.0, 2.0]
    counters = stats.for_resource("teams")
    assert (counters.requests, counters.retries, counters.errors) == (3, 2, 1)
    assert counters.wait_seconds == pytest.approx(3.0)


def test_retry_after_beyond_the_limit_fails_at_once(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock
) -> None:
    server.reply(429, headers={"Retry-After": "3600"})
    client = make_client(server.url, retry=RetryPolicy(max_retry_after=300.0))

    with pytest.raises(RetryAfterTooLongError) as raised:
        client.get_json("coins/list", endpoint="coins_list", resource="coins")

    assert len(server.seen) == 1
    assert clock.sleeps == []
    error = raised.value
    assert (error.status, error.retry_after) == (429, 3600.0)
    assert "'coins_list'" in str(error)
    assert "3600s" in str(error)
    assert "max_retry_after" in str(error)


def test_connection_refused_raises_unreachable_after_all_attempts(
    make_client: MakeClient, stats: StatsRegistry, clock: FakeClock
) -> None:
    base_url = closed_port_url()
    client = make_client(base_url, retry=RetryPolicy(max_attempts=3))

    with pytest.raises(ApiUnreachableError) as raised:
        client.get_json("scoreboard", endpoint="scoreboard", resource="events")

    error = raised.value
    assert error.host == base_url.removeprefix("http://")
    assert error.host in str(error)
    assert "'scoreboard'" in str(error)
    assert "after 3 attempts" in str(error)
    assert "`make demo`" in str(error)
    assert len(clock.sleeps) == 2
    counters = stats.for_resource("events")
    assert (counters.requests, counters.retries, counters.errors) == (3, 2, 1)


def test_read_timeout_is_retried_then_unreachable(server: ScriptedServer, make_client: MakeClient) -> None:
    server.reply(body={}, delay=0.5)
    server.reply(body={}, delay=0.5)
    client = make_client(server.url, timeout_seconds=0.1, retry=RetryPolicy(max_attempts=2))

    with pytest.raises(ApiUnreachableError, match="ReadTimeout"):
        client.get_json("slow", endpoint="slow", resource="slow")

    assert len(server.seen) == 2


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        ('{"truncated": ', "application/json", "invalid JSON"),
        ("<html><body>Access denied</body></html>", "text/html", "HTML page"),
        ("<!DOCTYPE html><html></html>", "application/json", "HTML page"),
    ],
)
def test_malformed_bodies_are_retried_then_raised(
    server: ScriptedServer,
    make_client: MakeClient,
    stats: StatsRegistry,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    body: str,
    content_type: str,
    problem: str,
) -> None:
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        server.reply(200, body, headers={"Content-Type": content_type})
    client = make_client(server.url)

    with pytest.raises(MalformedResponseError) as raised:
        client.get_json("api.php", {"request": "all"}, endpoint="all", resource="apps")

    assert len(server.seen) == 3
    assert len(clock.sleeps) == 2
    assert problem in str(raised.value)
    assert "'all'" in str(raised.value)
    assert body[:10] in str(raised.value)
    assert len(http_logs(caplog, logging.WARNING)) == 2
    assert stats.for_resource("apps").retries == 2


def test_json_served_as_text_html_is_accepted(server: ScriptedServer, make_client: MakeClient) -> None:
    server.reply(200, '{"570": {"name": "Dota 2"}}', headers={"Content-Type": "text/html; charset=UTF-8"})
    client = make_client(server.url)

    assert client.get_json("api.php", endpoint="all", resource="apps") == {"570": {"name": "Dota 2"}}


def test_invalid_url_is_an_api_error(make_client: MakeClient) -> None:
    client = make_client("not-a-url")

    with pytest.raises(ApiError, match="'x'"):
        client.get_json("x", endpoint="x", resource="x")


def test_host_rate_limit_paces_requests(
    server: ScriptedServer,
    make_client: MakeClient,
    stats: StatsRegistry,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(4):
        server.reply(body={})
    client = make_client(server.url, rate_limit=RateLimit(1, 2.0, burst=1))

    for _ in range(4):
        client.get_json("x", endpoint="x", resource="paced")

    assert clock.sleeps == pytest.approx([2.0, 2.0, 2.0])
    counters = stats.for_resource("paced")
    assert (counters.rate_limit_waits, counters.wait_seconds) == (3, pytest.approx(6.0))
    infos = http_logs(caplog, logging.INFO)
    assert len(infos) == 3
    assert all("demo_api" in line and "'x'" in line and "2.00s" in line for line in infos)


def test_endpoint_rate_limit_applies_on_top_of_the_host_limit(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock
) -> None:
    for _ in range(5):
        server.reply(body={})
    client = make_client(
        server.url,
        rate_limit=RateLimit(10, 1.0, burst=10),
        endpoint_rate_limits={"all": RateLimit(1, 60.0)},
    )

    client.get_json("api.php", endpoint="all", resource="apps")
    client.get_json("api.php", endpoint="all", resource="apps")
    assert clock.sleeps == pytest.approx([60.0])

    for _ in range(3):
        client.get_json("api.php", endpoint="appdetails", resource="apps")
    assert clock.sleeps == pytest.approx([60.0])
    assert len(server.seen) == 5


def test_cache_hits_use_no_rate_limit_token(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock, tmp_path: Path
) -> None:
    server.reply(body={"genres": []})
    client = make_client(
        server.url,
        cache=HttpCache(tmp_path, clock),
        cache_ttl_seconds={"genres": 3600.0},
        rate_limit=RateLimit(1, 10.0),
    )

    for _ in range(3):
        client.get_json("genre/movie/list", endpoint="genres", resource="genres")

    assert clock.sleeps == []


def test_cache_serves_within_ttl_and_refetches_after(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry, clock: FakeClock, tmp_path: Path
) -> None:
    server.reply(body={"version": 1})
    server.reply(body={"version": 2})
    client = make_client(server.url, cache=HttpCache(tmp_path, clock), cache_ttl_seconds={"genres": 600.0})

    first = client.get_json("genre/tv/list", {"language": "en"}, endpoint="genres", resource="genres")
    clock.advance(599)
    second = client.get_json("genre/tv/list", {"language": "en"}, endpoint="genres", resource="genres")

    assert first == second == {"version": 1}
    assert len(server.seen) == 1
    assert (stats.for_resource("genres").requests, stats.for_resource("genres").cache_hits) == (1, 1)

    clock.advance(2)
    assert client.get_json("genre/tv/list", {"language": "en"}, endpoint="genres", resource="genres") == {"version": 2}
    assert len(server.seen) == 2


def test_cache_key_depends_on_params(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock, tmp_path: Path
) -> None:
    server.reply(body={"page": 1})
    server.reply(body={"page": 2})
    client = make_client(server.url, cache=HttpCache(tmp_path, clock), cache_ttl_seconds={"popular": 60.0})

    assert client.get_json("popular", {"page": 1}, endpoint="popular", resource="p") == {"page": 1}
    assert client.get_json("popular", {"page": 2}, endpoint="popular", resource="p") == {"page": 2}
    assert len(server.seen) == 2


def test_endpoints_without_ttl_are_never_cached(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry, clock: FakeClock, tmp_path: Path
) -> None:
    server.reply(body={"price": 1})
    server.reply(body={"price": 2})
    client = make_client(server.url, cache=HttpCache(tmp_path, clock), cache_ttl_seconds={"genres": 600.0})

    assert client.get_json("coins/markets", endpoint="markets", resource="m") == {"price": 1}
    assert client.get_json("coins/markets", endpoint="markets", resource="m") == {"price": 2}
    assert stats.for_resource("m").cache_hits == 0
    assert list(tmp_path.iterdir()) == []


def test_failures_are_not_cached(
    server: ScriptedServer, make_client: MakeClient, clock: FakeClock, tmp_path: Path
) -> None:
    server.reply(404, {"missing": True})
    server.reply(body={"found": True})
    client = make_client(server.url, cache=HttpCache(tmp_path, clock), cache_ttl_seconds={"movie": 600.0})

    with pytest.raises(ApiStatusError):
        client.get_json("movie/5", endpoint="movie", resource="movies")
    assert client.get_json("movie/5", endpoint="movie", resource="movies") == {"found": True}


def test_stats_are_booked_per_resource(server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry) -> None:
    server.reply(body={})
    server.reply(503)
    server.reply(body={})
    server.reply(body={})
    client = make_client(server.url)

    client.get_json("teams", endpoint="teams", resource="nba_teams")
    client.get_json("teams", endpoint="teams", resource="nba_teams")
    client.get_json("teams", endpoint="teams", resource="nfl_teams")

    assert stats.as_dict()["nba_teams"]["requests"] == 3
    assert stats.as_dict()["nba_teams"]["retries"] == 1
    assert stats.as_dict()["nfl_teams"]["requests"] == 1
    assert stats.as_dict()["nfl_teams"]["retries"] == 0
    assert stats.total().requests == 4
    table = stats.render()
    assert "nba_teams" in table
    assert "nfl_teams" in table


SENTINEL = "SENTINEL-b6f0c2e1"
PARAM_SENTINEL = "PARAMKEY-91d4a7"


def test_secrets_reach_the_server_but_no_log_error_or_cache_file(
    server: ScriptedServer,
    make_client: MakeClient,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    cache_dir = tmp_path / "cache"
    client = make_client(
        server.url,
        cache=HttpCache(cache_dir, clock),
        cache_ttl_seconds={"config": 600.0},
        headers={"Authorization": f"Bearer {SENTINEL}"},
        params={"api_key": PARAM_SENTINEL},
        retry=RetryPolicy(max_attempts=2),
    )
    texts: list[str] = []

    server.reply(body={"ok": True})
    assert client.get_json("configuration", endpoint="config", resource="config") == {"ok": True}
    assert server.seen[0].headers["Authorization"] == f"Bearer {SENTINEL}"
    assert server.seen[0].query["api_key"] == [PARAM_SENTINEL]

    # An API that echoes the key back in its error body.
    server.reply(401, {"status_message": f"Invalid API key: {PARAM_SENTINEL} / {SENTINEL}"})
    with pytest.raises(ApiStatusError) as unauthorised:
        client.get_json("movie/1", endpoint="movie", resource="movies")
    texts += [str(unauthorised.value), unauthorised.value.url]

    server.reply(429, {"echo": SENTINEL}, headers={"Retry-After": "1"})
    server.reply(429, {"echo": SENTINEL}, headers={"Retry-After": "1"})
    with pytest.raises(ApiStatusError) as throttled:
        client.get_json("movie/2", {"token": "CALLTOKEN-77aa"}, endpoint="movie", resource="movies")
    texts += [str(throttled.value), throttled.value.url]

    offline = make_client(
        closed_port_url(),
        headers={"Authorization": f"Bearer {SENTINEL}"},
        params={"api_key": PARAM_SENTINEL},
        retry=RetryPolicy(max_attempts=2),
    )
    with pytest.raises(ApiUnreachableError) as unreachable:
        offline.get_json("movie/3", endpoint="movie", resource="movies")
    texts += [str(unreachable.value), unreachable.value.url]

    texts += [record.getMessage() for record in caplog.records]
    texts += [path.read_text() for path in cache_dir.iterdir()]
    assert any("api_key=***" in text for text in texts)
    assert any(record.name.startswith("urllib3") for record in caplog.records)
    for secret in (SENTINEL, PARAM_SENTINEL, "CALLTOKEN-77aa"):
        leaks = [text for text in texts if secret in text]
        assert leaks == [], f"{secret} leaked"


def test_no_exception_in_the_chain_of_a_connection_error_carries_the_key() -> None:
    # Regression: an error raised inside `except requests...` kept the requests exception (with the raw URL and
    # its api_key) as __context__, which tracebacks print even after `from None`.
    config = ApiConfig(
        name="keyed",
        base_url="http://127.0.0.1:9",
        params={"api_key": "SENTINEL-KEY-123"},
        retry=RetryPolicy(max_attempts=2, backoff_base=0.0, jitter=0.0),
    )
    client = ApiClient(config, stats=StatsRegistry(), clock=FakeClock())
    with pytest.raises(ApiUnreachableError) as raised:
        client.get_json("data", endpoint="data", resource="keyed")
    chain: list[BaseException] = []
    current: BaseException | None = raised.value
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    assert all("SENTINEL-KEY-123" not in f"{error!r} {error}" for error in chain)


def test_a_429_slows_the_buckets_it_drew_on_and_holds_them_for_the_retry_after(
    server: ScriptedServer,
    make_client: MakeClient,
    stats: StatsRegistry,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    server.reply(429, {"status": {"error_code": 429}}, headers={"Retry-After": "53"})
    for _ in range(3):
        server.reply(body=[])
    client = make_client(
        server.url,
        rate_limit=RateLimit(10, 1.0, burst=10),
        endpoint_rate_limits={"all": RateLimit(1, 10.0), "other": RateLimit(1, 10.0)},
    )

    client.get_json("api.php", endpoint="all", resource="apps")
    # The retry waited the Retry-After once; the bucket held it too (so would other threads), no second wait.
    assert clock.sleeps == [53.0]
    assert [(d.api, d.limit) for d in stats.rate_drops()] == [("demo_api", "host"), ("demo_api", "endpoint 'all'")]
    assert [(d.before, d.after) for d in stats.rate_drops()] == [
        (10.0, pytest.approx(9.0)),
        (0.1, pytest.approx(0.09)),
    ]
    # The endpoint's next token comes at its slowed rate; an endpoint not refused keeps its own.
    client.get_json("api.php", endpoint="all", resource="apps")
    assert clock.sleeps[1] == pytest.approx(10 / 0.9)
    client.get_json("api.php", endpoint="other", resource="apps")
    assert len(clock.sleeps) == 2
    lowered = [line for line in http_logs(caplog, logging.WARNING) if "lowered" in line]
    assert len(lowered) == 2 and all("HTTP 429" in line and "demo_api" in line for line in lowered)
    assert "from 10 to 9 requests/s" in lowered[0]


def test_a_5xx_slows_nothing_down(server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry) -> None:
    server.reply(503, headers={"Retry-After": "2"})
    server.reply(body={})
    client = make_client(server.url, rate_limit=RateLimit(10, 1.0))

    client.get_json("x", endpoint="x", resource="x")

    assert stats.rate_drops() == []


def test_a_429_on_the_last_attempt_still_slows_the_bucket_down(
    server: ScriptedServer, make_client: MakeClient, stats: StatsRegistry
) -> None:
    server.reply(429, headers={"Retry-After": "1"})
    client = make_client(server.url, rate_limit=RateLimit(10, 1.0), retry=RetryPolicy(max_attempts=1))

    with pytest.raises(ApiStatusError):
        client.get_json("x", endpoint="x", resource="x")

    # Other requests of this client (other threads, later resources) must not go on at the refused pace.
    assert len(stats.rate_drops()) == 1
