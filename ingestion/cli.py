"""`starline`: run verticals live or against the local emulator, build or rebuild what is landed, show the run
log, list verticals.

Exit codes: 0 every requested vertical succeeded (or was skipped for a missing key), 1 one or more failed,
2 usage or configuration error (one line on stderr, before any request is sent or the warehouse is opened).
"""

from __future__ import annotations

import argparse
import ast
import logging
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NoReturn

from ingestion.clients import known_secrets
from ingestion.http import Redactor
from ingestion.logsetup import configure
from ingestion.params import SettingError, check_as_of
from ingestion.plan import render as render_plan
from ingestion.runner.freshness import FreshnessConfigError, any_error
from ingestion.runner.lock import LockTimeoutError
from ingestion.runner.orchestrator import Orchestrator, VerticalResult, new_run_id
from ingestion.runner.paths import Paths
from ingestion.runner.planning import plan_vertical
from ingestion.runner.report import print_results, print_status
from ingestion.settings import resolve_api_config
from ingestion.verticals import VerticalSpec, discover, resolve_run_params

log = logging.getLogger("starline.cli")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments: the message says what is valid."""


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (argparse's default prints the whole usage block first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parse_params(items: Sequence[str], verticals: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`--param gaming.top_n=100` (or `top_n=100` when one vertical runs); values are Python literals or text."""
    params: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        vertical, dot, name = key.rpartition(".")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: expected VERTICAL.NAME=VALUE, e.g. gaming.top_n=100")
        if not dot:
            if len(verticals) != 1:
                raise UsageError(f"--param {item!r}: name the vertical (VERTICAL.{name}=...) when several run")
            vertical = verticals[0]
        try:
            value: Any = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw
        params.setdefault(vertical, {})[name] = value
    return params


def parse_dates(value: str | None, verticals: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`--dates START:END` (make's DATES): betting's backfill range as its start_date and end_date parameters."""
    if value is None:
        return {}
    start, sep, end = value.partition(":")
    if not sep or not start or not end or ":" in end:
        raise UsageError(
            f"--dates={value!r}: not START:END; allowed: YYYY-MM-DD:YYYY-MM-DD, e.g. 2024-09-05:2025-01-05"
        )
    if "betting" not in verticals:
        raise UsageError(
            f"--dates={value!r}: only betting reads a date range and this run is {', '.join(verticals)}; "
            "allowed: add betting to the run or drop --dates"
        )
    return {"betting": {"start_date": start, "end_date": end}}


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="starline",
        description="Public APIs -> dlt -> DuckDB -> dbt star schemas -> Parquet.",
        epilog="Configuration: .dlt/config.toml, .dlt/secrets.toml or SOURCES__<VERTICAL>__... variables.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="extract, load, transform and export verticals")
    run.add_argument("verticals", nargs="*", metavar="VERTICAL", help="verticals to run (default: all)")
    run.add_argument("--vertical", action="append", default=[], dest="more_verticals", help=argparse.SUPPRESS)
    run.add_argument("--as-of", help="as-of date YYYY-MM-DD, up to today (default: today, UTC)")
    run.add_argument("--replay", action="store_true", help="run against the local API emulator (offline)")
    run.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="VERTICAL.NAME=VALUE",
        help="override a source parameter, e.g. gaming.top_n=100 or gaming.app_ids=[570,730]",
    )
    run.add_argument(
        "--dates",
        metavar="START:END",
        help="betting backfill range, e.g. 2024-09-05:2025-01-05 (= betting.start_date and betting.end_date)",
    )
    run.add_argument(
        "--land-only",
        action="store_true",
        help="extract and load only, no dbt build (for an older as-of date: then `starline rebuild`)",
    )
    # The scheduler names each attempt's run, to find its log and run log rows afterwards.
    run.add_argument("--run-id", help=argparse.SUPPRESS)
    run.add_argument("-v", "--verbose", action="store_true", help="debug logging")

    for name, summary in (
        ("build", "transform, test and export what is landed (no extraction), in one dbt build"),
        ("rebuild", "every mart from scratch and SCD2 history re-derived from raw (drops the snapshot tables)"),
    ):
        transform = commands.add_parser(name, help=summary)
        transform.add_argument("verticals", nargs="*", metavar="VERTICAL", help="verticals to build (default: all)")
        transform.add_argument("-v", "--verbose", action="store_true", help="debug logging")

    demo = commands.add_parser("demo", help="offline: emulator + every vertical over the emulated days")
    demo.add_argument("-v", "--verbose", action="store_true", help="debug logging")

    plan = commands.add_parser(
        "plan", help="per API, the requests a run would make, how long they take at the limits, the share of a day"
    )
    plan.add_argument("verticals", nargs="*", metavar="VERTICAL", help="verticals to plan (default: all)")
    plan.add_argument("--as-of", help="as-of date YYYY-MM-DD, up to today (default: today, UTC)")
    plan.add_argument(
        "--param", action="append", default=[], metavar="VERTICAL.NAME=VALUE", help="as for `starline run`"
    )

    status = commands.add_parser(
        "status",
        help="the last runs, each vertical's freshness and drift; exits 1 when a vertical is past its error threshold",
    )
    status.add_argument("--limit", type=int, default=20, help="how many rows (default 20)")
    status.add_argument("--json", action="store_true", help="print one JSON document instead of tables")

    schedule = commands.add_parser(
        "schedule",
        help="run each vertical when its [schedule.<vertical>] cron says, with retries and alerts (foreground)",
    )
    schedule.add_argument("--replay", action="store_true", help="run against the local API emulator (offline)")
    printing = schedule.add_mutually_exclusive_group()
    printing.add_argument("--print-systemd", action="store_true", help="print a systemd unit for this checkout")
    printing.add_argument("--print-cron", action="store_true", help="print a crontab for this checkout")
    printing.add_argument(
        "--now", metavar="VERTICAL", help="run VERTICAL's current slot (with retries and alert) and exit"
    )
    schedule.add_argument("-v", "--verbose", action="store_true", help="debug logging")

    commands.add_parser("report", help="the charts of every vertical as static pages that open from disk")

    commands.add_parser("verticals", help="list the verticals and whether they are ready to run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    paths = Paths.from_environment()
    try:
        if args.command == "run":
            return command_run(args, paths)
        if args.command in ("build", "rebuild"):
            return command_build(args, paths)
        if args.command == "demo":
            from ingestion.runner.demo import run_demo

            return run_demo(paths, verbose=args.verbose)
        if args.command == "plan":
            return command_plan(args, paths)
        if args.command == "status":
            return EXIT_FAILED if any_error(print_status(paths, args.limit, as_json=args.json)) else EXIT_OK
        if args.command == "verticals":
            return command_verticals()
        if args.command == "schedule":
            from ingestion.schedule.command import command_schedule

            return command_schedule(args, paths)
        if args.command == "report":
            return command_report(paths)
    except (UsageError, SettingError, FreshnessConfigError) as error:
        print(f"starline: {error}", file=sys.stderr)
        return EXIT_USAGE
    except LockTimeoutError as error:
        print(f"starline: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_USAGE


def command_report(paths: Paths) -> int:
    from ingestion.charts.site import ReportError, build_report

    try:
        pages = build_report(paths.warehouse, paths.report)
    except ReportError as error:
        print(f"starline: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Report: {pages[0]} (opens from disk; one page per vertical beside it)")
    return EXIT_OK


def command_run(args: argparse.Namespace, paths: Paths) -> int:
    specs = discover()
    names = known_verticals([*args.verticals, *args.more_verticals], specs)
    as_of = check_as_of(args.as_of, "--as-of") if args.as_of is not None else None
    params = parse_params(args.param, names)
    for vertical, dates in parse_dates(args.dates, names).items():
        params.setdefault(vertical, {}).update(dates)
    # Everything is checked before the log file, the emulator, the lock or the warehouse is touched.
    emulator = None
    if args.replay:
        from ingestion.emulator import Emulator

        emulator = Emulator(names)
        if as_of is not None and as_of not in emulator.days:
            raise UsageError(
                f"--as-of={as_of!r}: not a day the emulator serves; allowed with --replay: {', '.join(emulator.days)}"
            )
        as_of = as_of or emulator.day
    resolve_run_params(
        specs, names, params, replay=args.replay, as_of_date=as_of or datetime.now(UTC).date().isoformat()
    )
    run_id = args.run_id or new_run_id()
    configure(run_id, paths.logs, Redactor(known_secrets(specs.values())), verbose=args.verbose)
    if emulator is not None:
        with emulator:
            emulator.set_day(as_of)
            orchestrator = Orchestrator(paths, mode="replay", replay_base_urls=emulator.base_urls())
            results = run_checked(orchestrator, names, as_of, params, run_id, args.land_only)
    else:
        orchestrator = Orchestrator(paths, mode="live")
        results = run_checked(orchestrator, names, as_of, params, run_id, args.land_only)
    print_results(results)
    return exit_code(results)


def command_build(args: argparse.Namespace, paths: Paths) -> int:
    specs = discover()
    names = known_verticals(args.verticals, specs)
    run_id = new_run_id()
    configure(run_id, paths.logs, Redactor(known_secrets(specs.values())), verbose=args.verbose)
    results = Orchestrator(paths, specs=specs).build_verticals(
        names, rebuilding=args.command == "rebuild", run_id=run_id
    )
    print_results(results)
    return exit_code(results)


def command_plan(args: argparse.Namespace, paths: Paths) -> int:
    """The live run's plan per vertical, from the configured limits and budgets and what the warehouse holds;
    nothing is requested and nothing is written."""
    specs = discover()
    names = known_verticals(args.verticals, specs)
    as_of = check_as_of(args.as_of, "--as-of") if args.as_of is not None else datetime.now(UTC).date().isoformat()
    params = resolve_run_params(specs, names, parse_params(args.param, names), replay=False, as_of_date=as_of)
    for name in names:
        spec = specs[name]
        configs = {api.name: resolve_api_config(spec.name, api) for api in spec.apis}
        plan = plan_vertical(spec, paths.warehouse, configs, params[name], as_of)
        print(render_plan(name, as_of, plan.apis, plan.basis))
    return EXIT_OK


def known_verticals(requested: Sequence[str], specs: Mapping[str, VerticalSpec]) -> list[str]:
    """The requested verticals without repeats (all of them when none is named); unknown names are a usage error."""
    names = list(dict.fromkeys(requested)) or list(specs)
    unknown = [name for name in names if name not in specs]
    if unknown:
        raise UsageError(f"unknown vertical {', '.join(unknown)}; valid: {', '.join(specs)}")
    return names


def run_checked(
    orchestrator: Orchestrator,
    names: list[str],
    as_of: str | None,
    params: dict[str, dict[str, Any]],
    run_id: str,
    land_only: bool,
) -> list[VerticalResult]:
    try:
        return orchestrator.run_all_pipelines(
            names, as_of_date=as_of, extractor_params=params, run_id=run_id, land_only=land_only
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


def exit_code(results: Sequence[VerticalResult]) -> int:
    return EXIT_FAILED if any(result.status == "failed" for result in results) else EXIT_OK


def command_verticals() -> int:
    for spec in discover().values():
        missing_key = spec.missing_key()
        state = f"needs a key: set {' or '.join(spec.secret_settings)}" if missing_key else "ready"
        print(f"{spec.name:<10} {state:<40} {spec.description}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
