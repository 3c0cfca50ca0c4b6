"""The plan of a run, per API: bulk and detail requests, the time they take at the configured rate, and the share
of a day's allowance they use. Printed by `starline plan` and at the start of every run, and recorded in the run
log beside the requests the run actually made."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ingestion.http import ApiConfig

BULK, DETAIL = "bulk", "detail"
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class ResourceCalls:
    """Where a resource's requests go: the API, the client's endpoint name (rate limits are per endpoint) and
    whether one request returns many entities (bulk) or one (detail)."""

    api: str
    endpoint: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in (BULK, DETAIL):
            raise ValueError(f"a resource's requests are {BULK!r} or {DETAIL!r}, got {self.kind!r}")


@dataclass(frozen=True)
class EndpointCalls:
    """Requests a run is expected to make for one resource; `at_most` when the count is a ceiling (pages are read
    until an empty one)."""

    resource: str
    calls: ResourceCalls
    requests: int
    at_most: bool = False


@dataclass(frozen=True)
class ApiPlan:
    api: str
    bulk: int
    detail: int
    seconds: float
    # Of the requests the configured rate allows in a day; None when the API is not paced.
    day_share: float | None
    at_most: bool = False

    @property
    def requests(self) -> int:
        return self.bulk + self.detail


def expected_seconds(config: ApiConfig, by_endpoint: Mapping[str, int]) -> float:
    """The least time the client's token buckets allow for these requests: the host bucket paces them all, an
    endpoint's own bucket (SteamSpy's `request=all`, one a minute) paces its share."""
    waits = [0.0]
    total = sum(by_endpoint.values())
    if config.rate_limit is not None:
        waits.append(max(0, total - config.rate_limit.burst) / config.rate_limit.rate)
    for endpoint, requests in by_endpoint.items():
        limit = config.endpoint_rate_limits.get(endpoint)
        if limit is not None:
            waits.append(max(0, requests - limit.burst) / limit.rate)
    return max(waits)


def api_plans(calls: Iterable[EndpointCalls], configs: Mapping[str, ApiConfig]) -> list[ApiPlan]:
    """One line per API of the vertical, in the order the vertical declares its APIs."""
    by_api: dict[str, dict[str, int]] = {api: defaultdict(int) for api in configs}
    kinds: dict[str, dict[str, int]] = {api: defaultdict(int) for api in configs}
    ceilings: set[str] = set()
    for call in calls:
        by_api[call.calls.api][call.calls.endpoint] += call.requests
        kinds[call.calls.api][call.calls.kind] += call.requests
        if call.at_most:
            ceilings.add(call.calls.api)
    plans = []
    for api, config in configs.items():
        total = sum(by_api[api].values())
        rate = config.rate_limit.rate if config.rate_limit is not None else None
        plans.append(
            ApiPlan(
                api=api,
                bulk=kinds[api][BULK],
                detail=kinds[api][DETAIL],
                seconds=expected_seconds(config, by_api[api]),
                day_share=total / (rate * SECONDS_PER_DAY) if rate else None,
                at_most=api in ceilings,
            )
        )
    return plans


def duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def render(vertical: str, as_of_date: str, plans: Iterable[ApiPlan], basis: str) -> str:
    """The plan as a small table; `basis` says what the figures rest on."""
    lines = [
        f"plan {vertical} for {as_of_date} ({basis})",
        f"  {'api':<14}{'bulk':>8}{'detail':>9}{'requests':>10}{'expected':>10}  share of a day at the rate",
    ]
    for plan in plans:
        share = f"{plan.day_share:.1%}" if plan.day_share is not None else "not paced"
        requests = f"{'<=' if plan.at_most else ''}{plan.requests}"
        lines.append(
            f"  {plan.api:<14}{plan.bulk:>8}{plan.detail:>9}{requests:>10}{duration(plan.seconds):>10}  {share}"
        )
    return "\n".join(lines)


def actual_requests(
    requests_by_resource: Mapping[str, int], resources: Mapping[str, ResourceCalls]
) -> dict[str, dict[str, int]]:
    """The requests a run made, per API and kind, from the per-resource counts of its HTTP stats."""
    actual: dict[str, dict[str, int]] = {}
    for resource, requests in requests_by_resource.items():
        calls = resources.get(resource)
        if calls is None:
            continue
        per_kind = actual.setdefault(calls.api, {BULK: 0, DETAIL: 0})
        per_kind[calls.kind] += requests
    return actual
