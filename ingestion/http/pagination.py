"""Walking paged endpoints and date ranges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")


def iter_pages(
    fetch_page: Callable[[int], T],
    *,
    first_page: int,
    max_pages: int | None,
    is_last: Callable[[T, int], bool],
) -> Iterator[T]:
    """Yield `fetch_page(first_page)`, `fetch_page(first_page + 1)`, ... until a stop condition.

    Stops after `max_pages` pages (None: no limit) or once `is_last(page, page_number)` is true.
    `is_last` is evaluated after the page has been yielded, so the last page is always yielded too; an
    API that signals the end with an empty page yields that empty page, which consumers simply iterate.
    """
    if max_pages is not None and max_pages < 0:
        raise ValueError(f"max_pages must be zero or positive, got {max_pages}")
    page_number = first_page
    while max_pages is None or page_number - first_page < max_pages:
        page = fetch_page(page_number)
        yield page
        if is_last(page, page_number):
            return
        page_number += 1


def iter_dates(start: date, end: date) -> Iterator[date]:
    """Every date from `start` to `end`, both included (nothing if `end` is before `start`)."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
