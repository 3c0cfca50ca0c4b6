"""The emulator: an HTTP server on 127.0.0.1 answering the real APIs' paths from fixture data, in a daemon
thread, with a settable simulated day, fault injection, optionally the APIs' published rate limits, and a log of
the requests it received."""

from __future__ import annotations

import contextlib
import copy
import re
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ingestion.emulator import registry
from ingestion.emulator.control import CONTROL_PREFIX, control_routes
from ingestion.emulator.faults import DEFAULT_HTML_PAGE, Fault, FaultInjector
from ingestion.emulator.limits import PUBLISHED_LIMITS, ApiLimit, LimitEnforcer, LimitStats
from ingestion.emulator.routes import (
    EmulatorRequest,
    EmulatorResponse,
    Headers,
    day_for,
    json_response,
    resolve,
)
from ingestion.http.clock import Clock, SystemClock


@dataclass(frozen=True)
class Incoming:
    method: str
    path: str
    query: dict[str, str]
    headers: Headers
    body: bytes


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: Headers
    # Arrival time (epoch seconds on the emulator's clock), so tests can check client-side pacing.
    received_at: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": dict(self.query),
            "headers": dict(self.headers),
            "received_at": self.received_at,
        }


class Emulator:
    """With `enforce_limits`, each API holds its clients to `limits` (default: the published ones) and refuses a
    request beyond them with 429 and Retry-After, counted in `limit_stats()`. `clock` times those windows and the
    request log; a `FakeClock` shared with the clients lets a test run hours of traffic in seconds."""

    def __init__(
        self,
        verticals: Iterable[str] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        day: str | None = None,
        catalogue: str | Path | None = None,
        enforce_limits: bool = False,
        limits: Iterable[ApiLimit] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.verticals = registry.load(None if verticals is None else list(verticals), catalogue)
        self.days: list[str] = sorted({d for vertical in self.verticals.values() for d in vertical.DAYS})
        if not self.days:
            raise ValueError("the selected verticals define no days")
        # Each vertical answers with its own day (see `day_for`), so routes stay grouped by vertical.
        self._route_groups = [(sorted(v.DAYS), v.routes()) for v in self.verticals.values()]
        self._control = control_routes(self)
        self.faults = FaultInjector()
        self._clock = clock or SystemClock()
        prefixes = {api: url for vertical in self.verticals.values() for api, url in vertical.base_urls("").items()}
        self._limits = (
            LimitEnforcer(PUBLISHED_LIMITS.values() if limits is None else limits, prefixes, self._clock)
            if enforce_limits
            else None
        )
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._day = self.days[0]
        self._requests: list[RecordedRequest] = []
        self._rewrites: list[tuple[re.Pattern[str], Callable[[Any], Any]]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        if day is not None:
            self.set_day(day)

    # lifecycle

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        self._server = _Server((self._host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        # Keep-alive connections would otherwise keep answering after stop().
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def base_urls(self) -> dict[str, dict[str, str]]:
        """Per vertical, each API's base URL on this emulator (what a client's `base_url` setting takes)."""
        return {name: vertical.base_urls(self.base_url) for name, vertical in self.verticals.items()}

    # simulated day

    @property
    def day(self) -> str:
        with self._lock:
            return self._day

    def set_day(self, day: str) -> None:
        if day not in self.days:
            raise ValueError(f"unknown emulator day {day!r}; valid days: {', '.join(self.days)}")
        with self._lock:
            self._day = day

    # request log

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> int:
        with self._lock:
            count = len(self._requests)
            self._requests.clear()
        return count

    def _record(self, recorded: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(recorded)

    # rate limits

    @property
    def enforces_limits(self) -> bool:
        return self._limits is not None

    def limit_stats(self) -> dict[str, LimitStats]:
        """Per enforced limit: requests received, provoked 429s, and how each window was used; empty when limits
        are not enforced."""
        return self._limits.stats() if self._limits is not None else {}

    def _admit(self, incoming: Incoming) -> EmulatorResponse | None:
        if self._limits is None:
            return None
        return self._limits.admit(incoming.path, incoming.query, incoming.headers)

    # payload rewrites

    def rewrite(self, path_pattern: str, change: Callable[[Any], Any]) -> None:
        """From now on, the JSON body of every answer whose path matches `path_pattern` (searched) goes through
        `change` (it gets a copy and returns the body to send). In-process only: tests use it to serve the shapes
        real APIs send on some days (an empty list, an absent field, no events) without a fixture per case."""
        with self._lock:
            self._rewrites.append((re.compile(path_pattern), change))

    def clear_rewrites(self) -> None:
        with self._lock:
            self._rewrites.clear()

    # dispatch

    def answer(self, incoming: Incoming) -> EmulatorResponse:
        """The normal (fault-free) answer to a request, after any payload rewrites."""
        response = self._route(incoming)
        with self._lock:
            changes = [change for pattern, change in self._rewrites if pattern.search(incoming.path)]
        if response.status == 200 and not isinstance(response.body, str):
            for change in changes:
                response.body = change(copy.deepcopy(response.body))
        return response

    def _route(self, incoming: Incoming) -> EmulatorResponse:
        method, path = incoming.method, incoming.path
        groups = [(self.days, self._control)] if path.startswith(CONTROL_PREFIX) else self._route_groups
        path_known = False
        for days, routes in groups:
            resolution = resolve(routes, method, path)
            if resolution.route is None or resolution.match is None:
                path_known = path_known or resolution.path_known
                continue
            request = EmulatorRequest(
                method=method,
                path=path,
                query=incoming.query,
                headers=incoming.headers,
                groups={k: v for k, v in resolution.match.groupdict().items() if v is not None},
                day=day_for(self.day, days),
                body=incoming.body,
            )
            return resolution.route.handler(request)
        if path_known:
            return json_response({"error": "method not allowed", "path": path, "method": method}, status=405)
        return json_response({"error": "no emulator route", "path": path}, status=404)


class _Server(ThreadingHTTPServer):
    # Daemon handler threads: a test that times out mid-delay must not block shutdown.
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 makes bursts of parallel clients wait a second for a SYN retry.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: Emulator) -> None:
        self.emulator = emulator
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall for seconds without DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (timeouts, dropped connections) are expected here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients wait ~40 ms per request.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _dispatch(self) -> None:
        emulator = self.server.emulator
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        incoming = Incoming(
            method=self.command,
            path=unquote(split.path),
            query={name: values[0] for name, values in parse_qs(split.query, keep_blank_values=True).items()},
            headers=Headers(self.headers.items()),
            body=self.rfile.read(length) if length > 0 else b"",
        )
        if incoming.path.startswith(CONTROL_PREFIX):
            self._send(self._safe_answer(emulator, incoming))
            return
        received_at = emulator._clock.utcnow().timestamp()
        emulator._record(RecordedRequest(incoming.method, incoming.path, incoming.query, incoming.headers, received_at))
        refusal = emulator._admit(incoming)
        if refusal is not None:
            self._send(refusal)
            return
        fault = emulator.faults.take(incoming.path, incoming.query)
        if fault is None:
            self._send(self._safe_answer(emulator, incoming))
        else:
            self._apply(fault, emulator, incoming)

    def _apply(self, fault: Fault, emulator: Emulator, incoming: Incoming) -> None:
        if fault.kind == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault.kind == "status":
            self._send(EmulatorResponse(fault.status, fault.body, dict(fault.headers)))
            return
        if fault.kind == "html":
            headers = {"Content-Type": "text/html; charset=utf-8", **fault.headers}
            self._send(EmulatorResponse(200, fault.body or DEFAULT_HTML_PAGE, headers))
            return
        if fault.kind == "delay":
            time.sleep(fault.delay_seconds)
            self._send(self._safe_answer(emulator, incoming))
            return
        encoded = self._safe_answer(emulator, incoming).encode()
        truncated = encoded[: len(encoded) // 2].decode("utf-8", "ignore")
        self._send(EmulatorResponse(200, truncated, dict(fault.headers)))

    def _safe_answer(self, emulator: Emulator, incoming: Incoming) -> EmulatorResponse:
        try:
            return emulator.answer(incoming)
        except Exception as error:
            # A fixture bug must reach the client as a 500 it can report, not as a hung connection.
            return json_response({"error": "emulator handler failed", "detail": repr(error)}, status=500)

    def _send(self, response: EmulatorResponse) -> None:
        payload = response.encode()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type())
            for name, value in response.headers.items():
                if name.lower() not in ("content-type", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
