"""Page walking, date ranges and batching."""

from __future__ import annotations

from datetime import date

import pytest

from ingestion.http import iter_dates, iter_pages


def test_iter_pages_stops_at_max_pages() -> None:
    fetched: list[int] = []

    def fetch(page: int) -> list[int]:
        fetched.append(page)
        return [page]

    pages = list(iter_pages(fetch, first_page=0, max_pages=3, is_last=lambda _result, _n: False))

    assert pages == [[0], [1], [2]]
    assert fetched == [0, 1, 2]


def test_iter_pages_yields_the_last_page_then_stops() -> None:
    total_pages = 3
    calls: list[int] = []

    def fetch(page: int) -> dict[str, int]:
        calls.append(page)
        return {"page": page, "total_pages": total_pages}

    pages = list(iter_pages(fetch, first_page=1, max_pages=None, is_last=lambda r, n: n >= r["total_pages"]))

    assert [p["page"] for p in pages] == [1, 2, 3]
    assert calls == [1, 2, 3]


def test_iter_pages_is_lazy_and_checks_is_last_after_yielding() -> None:
    events: list[str] = []

    def fetch(page: int) -> int:
        events.append(f"fetch {page}")
        return page

    def is_last(result: int, page: int) -> bool:
        events.append(f"is_last {page}")
        return False

    pages = iter_pages(fetch, first_page=0, max_pages=None, is_last=is_last)
    assert events == []
    assert next(pages) == 0
    assert events == ["fetch 0"]
    assert next(pages) == 1
    assert events == ["fetch 0", "is_last 0", "fetch 1"]


def test_iter_pages_with_zero_max_pages_fetches_nothing() -> None:
    assert list(iter_pages(lambda p: p, first_page=0, max_pages=0, is_last=lambda r, n: False)) == []
    with pytest.raises(ValueError, match="max_pages"):
        list(iter_pages(lambda p: p, first_page=0, max_pages=-1, is_last=lambda r, n: False))


def test_iter_dates_is_inclusive() -> None:
    assert list(iter_dates(date(2024, 2, 28), date(2024, 3, 1))) == [
        date(2024, 2, 28),
        date(2024, 2, 29),
        date(2024, 3, 1),
    ]
    assert list(iter_dates(date(2024, 1, 2), date(2024, 1, 2))) == [date(2024, 1, 2)]
    assert list(iter_dates(date(2024, 1, 2), date(2024, 1, 1))) == []
