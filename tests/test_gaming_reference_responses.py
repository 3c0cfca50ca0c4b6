"""The gaming parsers over every real captured response in ../shared/reference_responses/gaming/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingestion.sources.gaming import helpers
from tests.conftest import REFERENCE_RESPONSES

GAMING = REFERENCE_RESPONSES / "gaming"
pytestmark = pytest.mark.skipif(
    not GAMING.is_dir(), reason=f"{GAMING} is absent: the captured responses live outside the repository"
)


def check_steamspy_all(body: Any) -> None:
    rows = helpers.steamspy_page_rows(body)
    assert len(rows) == len(body) > 0
    assert all(isinstance(row["appid"], int) for row in rows)
    assert all(helpers.owners_lower_bound(row["owners"]) is not None for row in rows)
    assert helpers.top_app_ids_by_owners(rows, 3)[0] == 570


def check_appreviews(body: Any) -> None:
    row = helpers.reviews_row(body, 620)
    summary = row["query_summary"]
    assert summary["total_reviews"] == summary["total_positive"] + summary["total_negative"]
    assert summary["review_score_desc"] == "Overwhelmingly Positive"


def check_appdetails_priced(body: Any) -> None:
    row = helpers.store_details_row(body, 1174180)
    assert row["success"] is True
    assert row["data"]["price_overview"]["initial"] == 5999 and row["data"]["price_overview"]["final"] == 1499
    assert row["data"]["release_date"] == {"coming_soon": False, "date": "5 Dec, 2019"}


def check_appdetails_success_false(body: Any) -> None:
    assert helpers.store_details_row(body, 999999999) == {"app_id": 999999999, "success": False}


# Every capture must have a check: a new file without one fails the test instead of going unread.
CHECKS: dict[str, Callable[[Any], None]] = {
    "steamspy_all_page0_20250101.json": check_steamspy_all,
    "steam_appreviews_620_summary.json": check_appreviews,
    "steam_appdetails_1174180_priced.json": check_appdetails_priced,
    "steam_appdetails_error_success_false.json": check_appdetails_success_false,
}


@pytest.mark.parametrize("capture", sorted(GAMING.glob("*.json")) if GAMING.is_dir() else [], ids=lambda p: p.name)
def test_every_capture_parses(capture: Path) -> None:
    assert capture.name in CHECKS, f"no parser check for {capture.name}: add one to CHECKS"
    CHECKS[capture.name](json.loads(capture.read_text()))
