"""Runs verticals: each is extracted and loaded in turn, isolated (one failing never stops the others), then the
verticals whose load succeeded are transformed together by one dbt build, whose results are split back per
vertical (`transform.build`)."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from ingestion.clients import known_secrets, make_clients
from ingestion.http import ApiClient, Redactor, StatsRegistry
from ingestion.logsetup import configure
from ingestion.params import check_as_of
from ingestion.plan import render as render_plan
from ingestion.runner import runlog
from ingestion.runner.asof import newest_built_as_of, refuse_older_as_of
from ingestion.runner.drift import SchemaDriftError
from ingestion.runner.extract import extract_and_load, make_private
from ingestion.runner.journal import RunJournal
from ingestion.runner.lock import DEFAULT_LOCK_TIMEOUT, RunLock, wait_for_warehouse
from ingestion.runner.paths import Paths
from ingestion.runner.planning import VerticalPlan, plan_and_actual, plan_vertical
from ingestion.runner.progress import RowCounter, show_progress
from ingestion.runner.publish import recover_exports
from ingestion.runner.quarantine import QuarantineThresholdError
from ingestion.runner.transform import build, rebuild
from ingestion.settings import config_value
from ingestion.sources.payloads import PayloadShapeError
from ingestion.verticals import VerticalSpec, discover, resolve_run_params

log = logging.getLogger("starline.run")


class UnreachableHostError(RuntimeError):
    """A live run cannot open a connection to an API host."""


@dataclass
class VerticalResult:
    """What one vertical's run produced (also what the Python API returns).

    `records_extracted`: the distinct entities extracted (games, coins, teams, titles: `VerticalSpec.entity_keys`);
    `records_by_resource`: the rows loaded per raw table; `tables_created`: the vertical's mart tables after the
    build; `total_rows`: the rows in those tables; `total_duration_sec`: wall time of the vertical's extract and
    load plus its share of the run's one dbt build (see `transform.VerticalOutcome`). `as_of_date` of a build
    without extraction (`starline build`/`rebuild`) is the newest as-of date its marts hold after the build."""

    vertical: str
    run_id: str
    as_of_date: str | None
    status: str = "running"
    error: str | None = None
    records_extracted: int = 0
    records_by_resource: dict[str, int] = field(default_factory=dict)
    tables_created: list[str] = field(default_factory=list)
    total_rows: int = 0
    total_duration_sec: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)
    http: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Schema drift the run saw: raw columns its load added, and raw values staging could not cast.
    new_fields: list[dict[str, str]] = field(default_factory=list)
    uncast_values: dict[str, int] = field(default_factory=dict)
    # Per raw table, the records set aside in `raw_<vertical>.quarantine` (`runner.quarantine`).
    quarantined: dict[str, int] = field(default_factory=dict)
    # Per API: the plan printed before the run and the requests made (`runner.planning.plan_and_actual`).
    api_requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pipeline(self) -> str:
        """The vertical's name, under the name scripts written for other ELT runners use."""
        return self.vertical


def describe_failure(error: BaseException) -> str:
    """One line naming the real cause: dlt wraps source errors (PipelineStepFailed, ResourceExtractionError), so
    follow the chain down to the error that says which API, endpoint or setting is at fault."""
    chain = causes(error)
    ours = [e for e in chain if type(e).__module__.startswith("ingestion.")]
    cause = ours[-1] if ours else chain[-1]
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    described = f"{type(cause).__name__}: {lines[0] if lines else 'no message'}"
    hint = next((hint for hint in map(storage_hint, chain) if hint), None)
    return f"{described} ({hint})" if hint else described


def causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps, outermost first (dlt keeps a step's error in `exception`)."""
    chain = [error]
    while len(chain) < 20:
        current = chain[-1]
        wrapped = getattr(current, "exception", None)
        context = None if current.__suppress_context__ else current.__context__
        following = wrapped if isinstance(wrapped, BaseException) else current.__cause__ or context
        if following is None or following in chain:
            break
        chain.append(following)
    return chain


def caused_by_an_answer(error: BaseException) -> bool:
    """The run failed on what an API answered (a shape the parsers refuse, a type change in raw), not on the
    API, the network or the disk: replaying those answers would fail the same way."""
    return any(
        isinstance(cause, PayloadShapeError | SchemaDriftError | QuarantineThresholdError) for cause in causes(error)
    )


# What the operator does about a storage error; DuckDB reports them as text, Python as errno.
STORAGE_HINTS = (
    (
        {errno.ENOSPC, errno.EDQUOT},
        ("no space left on device", "disk quota exceeded"),
        "the disk is full: free space where the warehouse, .state (dlt's load packages) and exports live, "
        "then run again (the exports of a failed run are not published)",
    ),
    (
        {errno.EROFS, errno.EACCES, errno.EPERM},
        ("read-only file system", "permission denied"),
        "a folder the run writes is read-only or not the runner's: make the warehouse, .state, exports and logs "
        "folders writable, or move them with STARLINE_WAREHOUSE, STARLINE_STATE_DIR, STARLINE_EXPORT_DIR and "
        "STARLINE_LOG_DIR",
    ),
)


def storage_hint(error: BaseException) -> str | None:
    text = str(error).lower()
    for numbers, messages, hint in STORAGE_HINTS:
        if (isinstance(error, OSError) and error.errno in numbers) or any(message in text for message in messages):
            return hint
    return None


def first_line_of(error: BaseException) -> str:
    return next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def check_reachable(spec: VerticalSpec, base_urls: Mapping[str, str], timeout: float = 5.0) -> None:
    """Fail in seconds, naming the host, instead of after minutes of retries when there is no network."""
    for api in spec.apis:
        parts = urlsplit(base_urls[api.name])
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as error:
            raise UnreachableHostError(
                f"cannot reach {host}:{port} ({api.name}, for {spec.name}): {error.strerror or error}. "
                "No network? `make demo` runs everything offline against the local API emulator."
            ) from None


class Orchestrator:
    """`mode` is "live" (real APIs, configured base URLs) or "replay" (the local emulator at `replay_base_urls`;
    without them, each run starts an emulator of its own and stops it at the end).

    `log_level`, when given, routes the `starline` log to stderr and `logs/<run id>.log` for each run at that
    level (the Python API's default); None leaves logging to the caller (the CLI configures it itself)."""

    def __init__(
        self,
        paths: Paths | None = None,
        *,
        mode: str = "live",
        replay_base_urls: Mapping[str, Mapping[str, str]] | None = None,
        specs: Mapping[str, VerticalSpec] | None = None,
        lock_timeout: float | None = None,
        log_level: int | None = None,
    ) -> None:
        if mode not in ("live", "replay"):
            raise ValueError(f"mode {mode!r} is not known; use 'live' (the real APIs) or 'replay' (the local emulator)")
        self.paths = paths or Paths.from_environment()
        self.mode = mode
        self.replay_base_urls = replay_base_urls
        self.specs = dict(specs) if specs is not None else discover()
        # How long to wait for another run, or for an analyst's connection to the warehouse, before giving up.
        self.lock_timeout = lock_timeout if lock_timeout is not None else default_lock_timeout()
        self.log_level = log_level
        self.journal = RunJournal(self.paths.run_journal)

    def run_all_pipelines(
        self,
        verticals: Iterable[str] | None = None,
        *,
        as_of_date: str | None = None,
        extractor_params: Mapping[str, Mapping[str, Any]] | None = None,
        run_id: str | None = None,
        land_only: bool = False,
    ) -> list[VerticalResult]:
        """Extract and load each vertical, then one dbt build over those that loaded. `land_only` stops after the
        load (status "landed"): for an older as-of date that `starline rebuild` then puts into history."""
        names = self._known(verticals)
        run_id = run_id or new_run_id()
        checked_as_of = check_as_of(as_of_date) if as_of_date else None
        # Every setting is checked before anything runs (SettingError): a typo fails the call, not half a run.
        params = resolve_run_params(
            self.specs,
            names,
            extractor_params or {},
            replay=self.mode == "replay",
            as_of_date=checked_as_of or datetime.now(UTC).date().isoformat(),
        )
        if self.log_level is not None:
            configure(run_id, self.paths.logs, Redactor(known_secrets(self.specs.values())), level=self.log_level)
        with (
            self._endpoints(names, checked_as_of) as (as_of_date, base_urls),
            RunLock(self.paths.lock_file, owner=f"run {run_id}", timeout_seconds=self.lock_timeout),
        ):
            self._log_crashed_runs(run_id)
            runs = [
                self._land(self.specs[name], run_id, as_of_date, params[name], base_urls.get(name)) for name in names
            ]
            if land_only:
                for run in runs:
                    run.result.status = "landed" if run.result.status == "running" else run.result.status
            else:
                self._transform([run for run in runs if run.result.status == "running"], run_id, rebuilding=False)
            return [self._finish(run) for run in runs]

    def build_verticals(
        self, verticals: Iterable[str] | None = None, *, rebuilding: bool = False, run_id: str | None = None
    ) -> list[VerticalResult]:
        """Transform what is landed, without extracting: one dbt build of the verticals (`rebuilding`: every mart
        from scratch and SCD2 history re-derived from raw), published and logged like a run (mode "build" or
        "rebuild")."""
        names = self._known(verticals)
        run_id = run_id or new_run_id()
        if self.log_level is not None:
            configure(run_id, self.paths.logs, Redactor(known_secrets(self.specs.values())), level=self.log_level)
        mode = "rebuild" if rebuilding else "build"
        with RunLock(self.paths.lock_file, owner=f"{mode} {run_id}", timeout_seconds=self.lock_timeout):
            self._log_crashed_runs(run_id)
            runs = [_Run(VerticalResult(vertical=name, run_id=run_id, as_of_date=None), mode) for name in names]
            for run in runs:
                self._start(run, "transform")
            self._transform(runs, run_id, rebuilding=rebuilding)
            for run in runs:
                run.result.as_of_date = newest_built_as_of(self.paths.warehouse, run.result.vertical)
            return [self._finish(run) for run in runs]

    def _known(self, verticals: Iterable[str] | None) -> list[str]:
        names = list(verticals) if verticals is not None else list(self.specs)
        unknown = [name for name in names if name not in self.specs]
        if unknown:
            raise ValueError(f"unknown vertical(s) {', '.join(unknown)}; valid: {', '.join(self.specs)}")
        return names

    def run_pipeline(
        self,
        vertical: str,
        *,
        as_of_date: str | None = None,
        extractor_params: Mapping[str, Any] | None = None,
        run_id: str | None = None,
    ) -> VerticalResult:
        return self.run_all_pipelines(
            [vertical],
            as_of_date=as_of_date,
            extractor_params={vertical: extractor_params or {}},
            run_id=run_id,
        )[0]

    @contextmanager
    def _endpoints(
        self, names: list[str], as_of_date: str | None
    ) -> Iterator[tuple[str, Mapping[str, Mapping[str, str]]]]:
        """The run's as-of date and, in replay mode, each vertical's emulator base URLs."""
        if self.mode != "replay" or self.replay_base_urls is not None:
            base_urls = self.replay_base_urls or {}
            missing = [name for name in names if self.mode == "replay" and name not in base_urls]
            if missing:
                raise ValueError(
                    f"replay_base_urls has no emulator base URLs for {', '.join(missing)}: "
                    "add them, or pass none and the run starts an emulator of its own"
                )
            yield as_of_date or datetime.now(UTC).date().isoformat(), base_urls
        else:
            from ingestion.emulator import Emulator

            with Emulator(names) as emulator:
                if as_of_date:
                    emulator.set_day(as_of_date)
                log.info("replaying against a local emulator at %s, as of %s", emulator.base_url, emulator.day)
                yield emulator.day, emulator.base_urls()

    def build_clients(
        self,
        spec: VerticalSpec,
        stats: StatsRegistry,
        as_of_date: str,
        replay_base_urls: Mapping[str, str] | None = None,
        journal_dir: Path | None = None,
    ) -> dict[str, ApiClient]:
        # Emulated days change every few seconds; a cache per day keeps them apart.
        namespace = f"replay-{as_of_date}" if self.mode == "replay" else "live"
        return make_clients(
            spec,
            stats=stats,
            replay_base_urls=replay_base_urls if self.mode == "replay" else None,
            cache_dir=self.paths.http_cache(namespace),
            journal_dir=journal_dir,
        )

    def _land(
        self,
        spec: VerticalSpec,
        run_id: str,
        as_of_date: str,
        params: Mapping[str, Any],
        replay_base_urls: Mapping[str, str] | None,
    ) -> _Run:
        """Extract and load one vertical; its status stays "running" when the load succeeded."""
        run = _Run(VerticalResult(vertical=spec.name, run_id=run_id, as_of_date=as_of_date), self.mode)
        self._start(run, "extract")
        stats = StatsRegistry()
        try:
            missing_key = spec.missing_key() if self.mode == "live" else None
            if missing_key:
                run.result.status, run.result.error = "skipped", missing_key
                log.warning("%s skipped: %s", spec.name, missing_key)
            else:
                log.info("%s: %s run as of %s", spec.name, self.mode, as_of_date)
                self._extract_load(spec, run, stats, params, replay_base_urls)
        except Exception as error:  # one vertical's failure is recorded, never raised past the run
            run.fail(error, Redactor(known_secrets([spec])))
        run.result.total_duration_sec = round(time.monotonic() - run.started, 3)
        run.result.http = stats.as_dict()
        if run.plan is not None:
            run.result.api_requests = plan_and_actual(run.plan, spec, run.result.http)
        return run

    def _transform(self, runs: list[_Run], run_id: str, *, rebuilding: bool) -> None:
        """One dbt build over the runs' verticals; each run gets its vertical's outcome."""
        if not runs:
            return
        names = [run.result.vertical for run in runs]
        log.info("%s the marts of %s with one dbt build", "rebuilding" if rebuilding else "building", ", ".join(names))

        def publishing() -> None:
            for run in runs:
                self._enter(run, "publish")

        try:
            # Under the run lock: no other run's pending exports can still be in use.
            recover_exports(self.paths.exports)
            wait_for_warehouse(self.paths.warehouse, self.lock_timeout)
            for run in runs:
                self._enter(run, "transform", log_row=True)
            built = (rebuild if rebuilding else build)(self.paths, names, run_id, on_publish=publishing)
        except Exception as error:  # the build itself could not run: every vertical in it failed
            for run in runs:
                run.fail(error, Redactor(known_secrets([self.specs[run.result.vertical]])))
            return
        for run in runs:
            result, outcome = run.result, built.verticals[run.result.vertical]
            result.phase_seconds.update(transform=outcome.transform_seconds, export=outcome.export_seconds)
            result.total_duration_sec = round(
                result.total_duration_sec + outcome.transform_seconds + outcome.export_seconds, 3
            )
            result.uncast_values = outcome.uncast_values
            if outcome.status != "success":
                result.status, result.error = "failed", outcome.error
                log.error("%s failed: %s", result.vertical, result.error)
                continue
            try:
                result.tables_created, result.total_rows = mart_tables(self.paths, result.vertical)
                result.status = "success"
            except Exception as error:
                run.fail(error, Redactor(known_secrets([self.specs[result.vertical]])))

    def _start(self, run: _Run, phase: str) -> None:
        """The vertical's run log row, status running, exists from here on; the journal follows its phases."""
        run.phase = phase
        record = run_record(run)
        self.journal.start(record)
        self._log_run(record, in_progress=True)

    def _enter(self, run: _Run, phase: str, *, log_row: bool = False) -> None:
        run.phase = phase
        self.journal.enter(run.result.vertical, phase)
        if log_row:
            self._log_run(run_record(run), in_progress=True)

    def _log_crashed_runs(self, run_id: str) -> None:
        """Log the verticals a killed run left unfinished as crashed (under the run lock: no run is in progress)."""
        for record in self.journal.crashed(found_by=run_id):
            log.warning("run %s of %s: %s", record.run_id, record.vertical, record.error)
            self._log_run(record)
        self.journal.clear()

    def _finish(self, run: _Run) -> VerticalResult:
        result = run.result
        if result.status == "success":
            log.info(
                "%s: success, %d entities extracted, %d mart tables with %d rows, %.1f s",
                result.vertical,
                result.records_extracted,
                len(result.tables_created),
                result.total_rows,
                result.total_duration_sec,
            )
        self._log_run(run_record(run, finished=True))
        self.journal.finish(result.vertical)
        return result

    def _log_run(self, record: runlog.RunRecord, *, in_progress: bool = False) -> None:
        try:
            runlog.write(self.paths.warehouse, record, deferred=self.paths.deferred_runlog)
        except duckdb.Error as error:
            if in_progress:
                # The final row follows (or the journal, if the run dies): nothing to keep for later.
                log.info("the warehouse is busy: %s's row says running once it is free", record.vertical)
                return
            runlog.defer(self.paths.deferred_runlog, record)
            log.error(
                "the warehouse is busy; run log row for %s kept in %s for the next run: %s",
                record.vertical,
                self.paths.deferred_runlog,
                first_line_of(error),
            )

    def _extract_load(
        self,
        spec: VerticalSpec,
        run: _Run,
        stats: StatsRegistry,
        params: Mapping[str, Any],
        replay_base_urls: Mapping[str, str] | None,
    ) -> None:
        result = run.result
        as_of_date = result.as_of_date or ""
        wait_for_warehouse(self.paths.warehouse, self.lock_timeout)
        refuse_older_as_of(self.paths.warehouse, spec.name, as_of_date)
        journal = open_journal(self.paths, spec.name, as_of_date)
        clients = self.build_clients(spec, stats, as_of_date, replay_base_urls, journal)
        configs = {name: client.config for name, client in clients.items()}
        run.plan = plan_vertical(spec, self.paths.warehouse, configs, params, as_of_date)
        log.info("%s", render_plan(spec.name, as_of_date, run.plan.apis, run.plan.basis))
        try:
            if self.mode == "live":
                check_reachable(spec, {name: client.config.base_url for name, client in clients.items()})
            rows = RowCounter()
            with show_progress(spec.name, stats, rows):
                loaded = extract_and_load(
                    spec,
                    self.paths,
                    clients,
                    as_of_date=as_of_date,
                    run_id=result.run_id,
                    params=params,
                    rows=rows,
                    lock_timeout=self.lock_timeout,
                    on_phase=lambda phase: self._enter(run, phase),
                )
        except Exception as error:
            # An API that failed, a lost network or a locked file: the next run resumes with the answers received
            # so far. A bad answer: the next run asks again rather than replay it.
            if caused_by_an_answer(error):
                for client in clients.values():
                    client.discard_stored()
                shutil.rmtree(journal, ignore_errors=True)
            raise
        else:
            # Loaded: a later run of the same day asks the APIs afresh.
            shutil.rmtree(journal, ignore_errors=True)
        finally:
            for client in clients.values():
                client.close()
            # Failed runs too: dlt writes its trace after every step.
            make_private(self.paths.dlt_pipelines)
        result.records_by_resource = loaded.rows_by_table
        result.records_extracted = loaded.records_extracted
        result.new_fields = [new.as_dict(spec.dataset_name) for new in loaded.new_fields]
        result.quarantined = loaded.quarantined
        result.phase_seconds.update(extract=loaded.extract_seconds, load=loaded.load_seconds)
        log.info("%s HTTP requests per resource:\n%s", spec.name, stats.render())


def open_journal(paths: Paths, vertical: str, as_of_date: str) -> Path:
    """The folder of the vertical's answers for the as-of date, saying so when a stopped run left some there;
    answers a run of another day left are dropped (a run resumes only the day it was stopped on)."""
    journal = paths.answers_journal(vertical, as_of_date)
    for other in journal.parent.glob("*"):
        if other != journal:
            log.warning("%s: dropping the answers a stopped run of %s left (a new day started)", vertical, other.name)
            shutil.rmtree(other, ignore_errors=True)
    kept = sum(1 for _ in journal.glob("*.json")) if journal.exists() else 0
    if kept:
        log.warning(
            "%s: resuming the stopped run of %s: %d answers it received are used instead of asking again",
            vertical,
            as_of_date,
            kept,
        )
    return journal


@dataclass
class _Run:
    """One vertical's result while the run is in progress, with when it started."""

    result: VerticalResult
    mode: str
    phase: str | None = None
    plan: VerticalPlan | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))
    started: float = field(default_factory=time.monotonic)

    def fail(self, error: BaseException, redactor: Redactor) -> None:
        self.result.status = "failed"
        self.result.error = redactor.text(describe_failure(error))
        log.error("%s failed: %s", self.result.vertical, self.result.error)
        log.debug("%s failure details", self.result.vertical, exc_info=True)


def run_record(run: _Run, *, finished: bool = False) -> runlog.RunRecord:
    """The run log row of a vertical, in progress (status running) or `finished`."""
    result = run.result
    return runlog.RunRecord(
        run_id=result.run_id,
        vertical=result.vertical,
        mode=run.mode,
        as_of_date=result.as_of_date,
        started_at=run.started_at,
        finished_at=datetime.now(UTC).replace(tzinfo=None) if finished else None,
        status=result.status if finished else "running",
        phase=run.phase,
        error=result.error,
        records_by_resource=result.records_by_resource,
        records_extracted=result.records_extracted,
        tables_built=len(result.tables_created),
        mart_rows=result.total_rows,
        **{f"{phase}_seconds": seconds for phase, seconds in result.phase_seconds.items()},
        http=result.http,
        new_fields=result.new_fields,
        uncast_values=result.uncast_values,
        quarantined=result.quarantined,
        apis=result.api_requests,
    )


def mart_tables(paths: Paths, schema: str) -> tuple[list[str], int]:
    """The vertical's mart tables and their total row count, read back from the warehouse."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
                [schema],
            ).fetchall()
        ]
        total = 0
        for table in tables:
            count = connection.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
            total += count[0] if count else 0
    return tables, total


def default_lock_timeout() -> float:
    """STARLINE_LOCK_TIMEOUT, else `[runtime] starline_lock_timeout` in .dlt/config.toml, else 10 minutes."""
    configured = config_value("runtime.starline_lock_timeout", float, DEFAULT_LOCK_TIMEOUT)
    return float(os.environ.get("STARLINE_LOCK_TIMEOUT", configured))


def get_orchestrator(*, mode: str = "live", paths: Paths | None = None, quiet: bool = False) -> Orchestrator:
    """The Python entry point: `get_orchestrator().run_pipeline('gaming', extractor_params={'limit': 100})`.

    Runs log their progress to stderr (and to `logs/<run id>.log`); `quiet=True` keeps only warnings and errors.
    `mode="replay"` runs offline against a local emulator that each run starts and stops."""
    return Orchestrator(paths, mode=mode, log_level=logging.WARNING if quiet else logging.INFO)
