"""`python -m ingestion.emulator --port 8765 [--day YYYY-MM-DD] [--verticals gaming] [--catalogue seed]
[--enforce-limits]`: serve until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from ingestion.emulator.limits import PUBLISHED_LIMITS
from ingestion.emulator.registry import VERTICALS
from ingestion.emulator.server import Emulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ingestion.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--day", help="simulated day to start on (YYYY-MM-DD); default: the first")
    parser.add_argument(
        "--verticals",
        nargs="+",
        help=f"verticals to serve, space- or comma-separated (default: all of {', '.join(VERTICALS)})",
    )
    parser.add_argument(
        "--enforce-limits",
        action="store_true",
        help="answer 429 with Retry-After beyond each API's published rate limit (GET /_emulator/limits counts them)",
    )
    parser.add_argument(
        "--catalogue",
        help="serve a generated catalogue: a built-in description (seed, small) or a .toml path; "
        "default: the hand-written scenarios",
    )
    return parser.parse_args(argv)


def stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    # Set explicitly: a process started in the background by a script (`... &`) inherits SIGINT ignored, and
    # Python then never turns Ctrl-C into KeyboardInterrupt. SIGTERM (systemd, docker stop, kill) stops it too.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    args = parse_args(argv)
    names = [name for item in args.verticals for name in item.split(",") if name] if args.verticals else None
    try:
        emulator = Emulator(
            names,
            host=args.host,
            port=args.port,
            day=args.day,
            catalogue=args.catalogue,
            enforce_limits=args.enforce_limits,
        )
    except ValueError as error:
        print(f"error: {error}")
        return 2
    with emulator:
        print(f"emulator on {emulator.base_url}, day {emulator.day} (days: {', '.join(emulator.days)})")
        for vertical, urls in emulator.base_urls().items():
            for api, url in urls.items():
                print(f"  {vertical:<8} {api:<12} {url}")
        if emulator.enforces_limits:
            served = {api for urls in emulator.base_urls().values() for api in urls}
            for limit in PUBLISHED_LIMITS.values():
                if served.intersection(limit.apis):
                    print(f"  limit {limit.name:<12} {'; '.join(w.describe() for w in limit.windows)}")
        print(f"control: {emulator.base_url}/_emulator/{{day,faults,requests,base-urls,limits}}; Ctrl-C stops")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
