"""The requests a media run is expected to make, before it starts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ingestion.plan import BULK, DETAIL, EndpointCalls, ResourceCalls
from ingestion.sources.media.helpers import MEDIA_TYPES
from ingestion.sources.media.settings import discover_year_range
from ingestion.verticals import PlanInputs

LISTS = ("movie_popular", "tv_popular", "discover_movie", "discover_tv", "trending_all_day")
RESOURCES = {
    "genres": ResourceCalls("tmdb", "genre_list", BULK),
    "languages": ResourceCalls("tmdb", "languages", BULK),
    **{title_list: ResourceCalls("tmdb", title_list, BULK) for title_list in LISTS},
    "movie_changes": ResourceCalls("tmdb", "movie_changes", BULK),
    "tv_changes": ResourceCalls("tmdb", "tv_changes", BULK),
    "movie_details": ResourceCalls("tmdb", "movie_details", DETAIL),
    "tv_details": ResourceCalls("tmdb", "tv_details", DETAIL),
}
LIST_PAGE_SIZE = 20
# Both genre lists and the languages; a run within their cache time reads none of them.
REFERENCE_REQUESTS = {"genres": 2, "languages": 1}


def list_page_ceilings(params: Mapping[str, Any]) -> dict[str, int]:
    """The most pages each list can take at these settings: discover once per year when split."""
    years = discover_year_range(params["discover_years"])
    discover = params["discover_max_pages"] * (len(years) if years is not None else 1)
    return {
        "movie_popular": params["popular_max_pages"],
        "tv_popular": params["popular_max_pages"],
        "discover_movie": discover,
        "discover_tv": discover,
        "trending_all_day": params["trending_max_pages"],
    }


def plan_calls(inputs: PlanInputs) -> list[EndpointCalls]:
    """The newest run's requests per resource, which a day's lists and plan repeat closely; before the first
    run, ceilings: every list page the settings allow, a detail per title those pages can hold (within the daily
    budget), and no changes feed (every title is new)."""
    last, ceilings = inputs.last_requests, list_page_ceilings(inputs.params)
    if any(resource in last for resource in (*LISTS, "movie_details", "tv_details")):
        return [
            EndpointCalls(resource, RESOURCES[resource], min(last[resource], ceilings.get(resource, last[resource])))
            for resource in RESOURCES
            if resource in last
        ]
    calls = [EndpointCalls(resource, RESOURCES[resource], pages, at_most=True) for resource, pages in ceilings.items()]
    calls += [EndpointCalls(resource, RESOURCES[resource], count) for resource, count in REFERENCE_REQUESTS.items()]
    budget = inputs.configs["tmdb"].daily_budget
    left = budget
    for media_type in MEDIA_TYPES:
        # Trending names movies and shows alike: its titles count for both.
        pages = sum(pages for name, pages in ceilings.items() if media_type in name or name == "trending_all_day")
        titles = pages * LIST_PAGE_SIZE if left is None else min(left, pages * LIST_PAGE_SIZE)
        left = None if left is None else left - titles
        calls.append(EndpointCalls(f"{media_type}_details", RESOURCES[f"{media_type}_details"], titles, True))
    return calls
