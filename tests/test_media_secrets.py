"""THE redaction test: a sentinel TMDb credential goes through success, 401, 404, 429, an echoing error body and
connection failures, and must not appear in any log line (every logger at DEBUG, urllib3 and dlt included), any
exception text, any warehouse table (every schema, every column) or any exported Parquet file or sidecar."""

from __future__ import annotations

import json
import logging
import socket
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dlt
import duckdb
import pyarrow.parquet as pq
import pytest
from dlt.common.versioned_state import decompress_state

from ingestion.clients import make_clients
from ingestion.emulator import Emulator, Fault
from ingestion.emulator.media_payloads import NOT_FOUND, UNAUTHORIZED
from ingestion.http import StatsRegistry
from ingestion.settings import secret_value
from ingestion.sources.media import SPEC, media_source
from ingestion.sources.media.settings import API_KEY_SETTING
from tests.conftest import ReplayRun, duckdb_pipeline
from tests.test_media_e2e import SENTINEL_KEY, replayed_media

SENTINEL_TOKEN = "eyJhbGciOiJIUzI1NiJ9.sentinel-token-for-tests.b7c1d9"
DAY_ONE = "2025-01-01"
CREDENTIALS = {
    "v3 api_key": ("SOURCES__MEDIA__TMDB__API_KEY", SENTINEL_KEY),
    "v4 bearer token": ("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", SENTINEL_TOKEN),
}


def exception_texts(error: BaseException) -> list[str]:
    """What a person can see of an error: its full traceback as Python prints it, and str/repr of every error in
    the chain that traceback shows (dlt nests the source's errors in `exception` attributes and causes). Context
    suppressed with `raise ... from None` is not part of that text, as Python never prints it."""
    texts, seen = ["".join(traceback.format_exception(error))], set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), *map(str, current.args)]
        wrapped = getattr(current, "exception", None)
        context = None if current.__suppress_context__ else current.__context__
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__ or context
    return texts


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(["media"]) as running:
        yield running


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record of every logger at DEBUG. `starline` does not propagate once a run configured logging, so the
    capture handler is attached to it directly as well."""
    starline = logging.getLogger("starline")
    previous = starline.level
    starline.addHandler(caplog.handler)
    starline.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "dlt", "starline.http"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog
    starline.removeHandler(caplog.handler)
    starline.setLevel(previous)


def logged_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info or record.exc_text:
            lines.append(record.exc_text or logging.Formatter().formatException(record.exc_info))  # type: ignore[arg-type]
    return lines


@pytest.mark.parametrize("credential", list(CREDENTIALS), ids=list(CREDENTIALS))
def test_the_credential_never_shows_in_logs_or_errors(
    credential: str, emulator: Emulator, all_logs: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable, sentinel = CREDENTIALS[credential]
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", "")
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__ACCESS_TOKEN", "")
    monkeypatch.setenv(variable, sentinel)
    emulator.faults.clear()
    emulator.clear_requests()

    def run(resource: str, base_url: str | None = None) -> Any:
        urls = {"tmdb": base_url or emulator.base_urls()["media"]["tmdb"]}
        clients = make_clients(SPEC, stats=StatsRegistry(), replay_base_urls=urls)
        return list(
            media_source(clients, as_of_date=DAY_ONE, run_id="secrets", trending_max_pages=1).with_resources(resource)
        )

    errors: list[BaseException] = []

    def failing(call: Callable[[], Any]) -> None:
        with pytest.raises(Exception) as raised:
            call()
        errors.append(raised.value)

    # Success: the key travels on every request (urllib3 logs each request line at DEBUG).
    assert len(run("trending_all_day")) == 20
    sent = emulator.requests[-1]
    assert sentinel in (sent.query.get("api_key", "") + sent.headers.get("Authorization", ""))
    # 401 while building the source, and mid-extraction.
    emulator.faults.add(Fault(r"/tmdb/genre/movie/list", "status", 401, body=json.dumps(UNAUTHORIZED)))
    failing(lambda: run("genres"))
    emulator.faults.add(Fault(r"/tmdb/trending", "status", 401, body=json.dumps(UNAUTHORIZED)))
    failing(lambda: run("trending_all_day"))
    # 404 on a list (fails) and on a title (skipped with a warning).
    emulator.faults.add(Fault(r"/tmdb/trending", "status", 404, body=json.dumps(NOT_FOUND)))
    failing(lambda: run("trending_all_day"))
    emulator.faults.add(Fault(r"/tmdb/tv/1399$", "status", 404, body=json.dumps(NOT_FOUND)))
    assert len(run("tv_details")) == 25
    # 429 until the retries run out, with the retry warnings logged.
    emulator.faults.add(Fault(r"/tmdb/trending", "status", 429, headers={"Retry-After": "0"}, times=None))
    failing(lambda: run("trending_all_day"))
    emulator.faults.clear()
    # An error body that echoes the credential back, as some gateways do.
    echo = json.dumps({"status_message": f"bad key {sentinel}", "request": f"/3/trending/all/day?api_key={sentinel}"})
    emulator.faults.add(Fault(r"/tmdb/trending", "status", 500, body=echo, times=None))
    failing(lambda: run("trending_all_day"))
    emulator.faults.clear()
    # The connection dropped mid-request, then nothing listening at all.
    emulator.faults.add(Fault(r"/tmdb/trending", "drop", times=None))
    failing(lambda: run("trending_all_day"))
    emulator.faults.clear()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    failing(lambda: run("trending_all_day", base_url=f"http://127.0.0.1:{closed_port}/tmdb"))

    assert len(errors) == 7
    texts = [text for error in errors for text in exception_texts(error)]
    assert any("invalid TMDb credentials" in text for text in texts)
    assert any("HTTP 429" in text for text in texts) and any("unreachable" in text for text in texts)
    assert not [text for text in texts if sentinel in text]
    lines = logged_text(all_logs)
    # The capture is real: urllib3's request lines and our retry warnings are in it, masked.
    assert any("api_key=***" in line or "/trending/all/day" in line for line in lines if "HTTP/1.1" in line)
    assert any("retrying" in line for line in lines)
    assert not [line for line in lines if sentinel in line]


@pytest.fixture(scope="module")
def media(replayed) -> ReplayRun:  # type: ignore[no-untyped-def]
    return replayed_media(replayed)


def test_the_replayed_warehouse_holds_no_trace_of_the_key(media: ReplayRun) -> None:
    with duckdb.connect(str(media.paths.warehouse), read_only=True) as connection:
        columns = connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() order by all"
        ).fetchall()
        schemas = {schema for schema, _, _ in columns}
        assert {"raw_media", "media_staging", "media", "media_snapshots", "shared", "ops"} <= schemas
        hits = [
            (schema, table, column)
            for schema, table, column in columns
            if connection.execute(
                f'select count(*) from "{schema}"."{table}" where cast("{column}" as varchar) like ?',
                [f"%{SENTINEL_KEY}%"],
            ).fetchone()[0]  # type: ignore[index]
        ]
        # dlt keeps its pipeline state compressed: look inside it too.
        states = connection.execute('select state from "raw_media"."_dlt_pipeline_state"').fetchall()
    assert hits == []
    assert states and not [s for (s,) in states if SENTINEL_KEY in json.dumps(decompress_state(s))]
    assert len(columns) > 300  # every table of the run was searched, not an empty catalogue


def test_exports_logs_and_run_state_hold_no_trace_of_the_key(media: ReplayRun) -> None:
    parquet_files = sorted(media.paths.exports.rglob("*.parquet"))
    # 9 dimension and bridge files, dim_date, and the fact's file per day (two days).
    assert len(parquet_files) == 12
    for file in parquet_files:
        table = pq.read_table(file)
        assert SENTINEL_KEY not in json.dumps(table.to_pylist(), default=str), file
        assert SENTINEL_KEY.encode() not in b"".join(
            key + value for key, value in (pq.ParquetFile(file).metadata.metadata or {}).items()
        )
    searched: list[Path] = [
        path
        for folder in (media.paths.exports, media.paths.logs, media.paths.state)
        for path in folder.rglob("*")
        if path.is_file()
    ]
    assert len([p for p in searched if p.name.endswith(".meta.json")]) == 12  # a sidecar per Parquet file
    assert [path for path in searched if SENTINEL_KEY.encode() in path.read_bytes()] == []


def test_dlt_trace_of_a_run_that_reads_the_key_keeps_it_blank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCES__MEDIA__TMDB__API_KEY", SENTINEL_KEY)

    @dlt.resource
    def credential_lengths() -> Iterator[dict[str, int]]:
        # Read during extraction, as the media source does: what dlt traces for the pipeline step.
        yield {"length": len(secret_value(API_KEY_SETTING) or "")}

    pipeline = duckdb_pipeline(tmp_path, "trace_check", "checks")
    pipeline.run(credential_lengths())
    with pipeline.sql_client() as client:
        assert client.execute_sql("select length from credential_lengths") == [(len(SENTINEL_KEY),)]
    trace_file = tmp_path / "pipelines" / "trace_check" / "trace.pickle"
    traced = {value.key: value for value in pipeline.last_trace.resolved_config_values}
    assert traced["api_key"].is_secret_hint and traced["api_key"].value is None
    files = [path for path in (tmp_path / "pipelines").rglob("*") if path.is_file()]
    assert trace_file in files
    assert [path for path in files if SENTINEL_KEY.encode() in path.read_bytes()] == []


def test_the_run_state_is_private_to_its_owner(media: ReplayRun) -> None:
    state = media.paths.state
    assert state.stat().st_mode & 0o777 == 0o700
    pipelines = media.paths.dlt_pipelines
    files = [path for path in pipelines.rglob("*") if path.is_file()]
    assert any(path.name == "trace.pickle" for path in files)
    assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o600"}
    assert {oct(path.stat().st_mode & 0o777) for path in pipelines.rglob("*") if path.is_dir()} == {"0o700"}
