"""`python -m benchmarks [--apps N] [--days D]`: the gaming warehouse at scale, plus HTTP client throughput."""

from __future__ import annotations

import argparse

from benchmarks import gaming_scale, http_throughput


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--apps", type=int, default=3000, help="games per day in the synthetic warehouse")
    parser.add_argument("--days", type=int, default=3, help="as-of days to build, one dbt build each")
    parser.add_argument("--requests", type=int, default=600, help="requests for the HTTP throughput run")
    args = parser.parse_args()
    http_throughput.run(args.requests)
    gaming_scale.run(args.apps, args.days)


if __name__ == "__main__":
    main()
