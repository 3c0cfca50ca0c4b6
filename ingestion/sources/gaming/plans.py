"""Which apps each gaming API details on an as-of date, and the requests a run is expected to make."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ingestion.http import ApiConfig
from ingestion.plan import BULK, DETAIL, EndpointCalls, ResourceCalls
from ingestion.refresh import DetailPlan, Refreshed, bulk_signal, daily_budget, plan_details
from ingestion.sources.gaming import helpers
from ingestion.sources.gaming.settings import DETAIL_REQUESTS_PER_APP, SIGNAL_FIELDS
from ingestion.verticals import PlanInputs

RESOURCES = {
    "steamspy_apps": ResourceCalls("steamspy", "all", BULK),
    "steamspy_app_details": ResourceCalls("steamspy", "appdetails", DETAIL),
    "steam_app_details": ResourceCalls("steam_store", "appdetails", DETAIL),
    "steam_app_reviews": ResourceCalls("steam_store", "appreviews", DETAIL),
    "steam_current_players": ResourceCalls("steam_web", "current_players", DETAIL),
}
# Which plan each detail resource follows.
PLAN_OF = {resource: calls.api for resource, calls in RESOURCES.items() if calls.kind == DETAIL}


class DetailPlans:
    """Which apps each API's detail requests go to today (`ingestion.refresh`), decided once the catalogue is read:
    `app_ids` first, then apps never detailed, then apps whose name or price moved in the catalogue, then the
    stalest, within each API's daily budget and at most `top_n` apps beyond `app_ids` (none when `app_ids` is
    given without `top_n`)."""

    def __init__(
        self,
        catalogue: Callable[[], Iterable[Mapping[str, Any]]],
        configs: Mapping[str, ApiConfig],
        refreshed: Mapping[str, Mapping[Hashable, Refreshed]],
        *,
        top_n: int | None,
        app_ids: Sequence[int],
    ) -> None:
        self._catalogue = catalogue
        self._configs = configs
        self._refreshed = refreshed
        self._top_n = top_n
        self._app_ids = list(app_ids)

    @functools.cached_property
    def by_api(self) -> dict[str, DetailPlan]:
        # Apps beyond `app_ids` are taken in owners order; with `app_ids` and no `top_n`, only they are detailed,
        # and the catalogue is not needed to decide.
        extra = self._top_n if self._top_n is not None else (0 if self._app_ids else None)
        apps = list(self._catalogue()) if extra != 0 else []
        signals = {int(app["appid"]): bulk_signal(app, SIGNAL_FIELDS) for app in apps if app.get("appid") is not None}
        candidates: dict[Hashable, str | None] = {
            app_id: signals[app_id] for app_id in helpers.top_app_ids_by_owners(apps, len(apps))
        }
        return {
            api: plan_details(
                daily_budget(
                    api,
                    self._configs[api].daily_budget,
                    per_app,
                    candidates=len(candidates),
                    pinned=len(self._app_ids),
                    extra=extra,
                ),
                candidates,
                self._refreshed.get(api, {}),
                pinned=self._app_ids,
            )
            for api, per_app in DETAIL_REQUESTS_PER_APP.items()
        }

    def apps_for(self, api: str) -> Iterator[dict[str, Any]]:
        plan = self.by_api[api]
        for app_id in plan.chosen:
            yield {"app_id": app_id, "signal": plan.signal(app_id)}


def plan_calls(inputs: PlanInputs) -> list[EndpointCalls]:
    """The run's requests before it starts: the catalogue pages the last run read (at most `steamspy_max_pages`
    when no run has yet), and each API's plan over the catalogue the warehouse holds."""
    max_pages = inputs.params["steamspy_max_pages"]
    pages_read = inputs.last_requests.get("steamspy_apps")
    pages = min(pages_read, max_pages) if pages_read else max_pages
    plans = DetailPlans(
        lambda: [{"appid": key} for key in inputs.catalogue],
        inputs.configs,
        inputs.refreshed,
        top_n=inputs.params.get("top_n"),
        app_ids=inputs.params.get("app_ids") or (),
    ).by_api
    calls = [EndpointCalls("steamspy_apps", RESOURCES["steamspy_apps"], pages, at_most=not pages_read)]
    calls.extend(
        EndpointCalls(resource, RESOURCES[resource], len(plans[api].chosen)) for resource, api in PLAN_OF.items()
    )
    return calls
