"""The detail planner: budget split, priorities and change signals (`ingestion.refresh`)."""

from __future__ import annotations

import pytest

from ingestion.refresh import DetailBudget, Refreshed, bulk_signal, plan_details


def catalogue(*keys: int, signal: str = "s") -> dict[int, str | None]:
    return {key: signal for key in keys}


def test_new_entities_come_first_in_catalogue_order_then_changed_then_stalest() -> None:
    history = {
        1: Refreshed("2025-01-05", "s"),  # stale, oldest of the unchanged
        2: Refreshed("2025-01-08", "old"),  # changed: its signal moved
        3: Refreshed("2025-01-09", "s"),  # stale, newest
        4: Refreshed("2025-01-07", "s"),  # stale
    }
    plan = plan_details(DetailBudget("api", requests=10), catalogue(1, 2, 3, 4, 5, 6), history)
    assert plan.chosen == (5, 6, 2, 1, 4, 3)
    assert plan.reasons == {"pinned": 0, "new": 2, "changed": 1, "stale": 3}
    assert plan.left == 0 and plan.requests == 6


def test_the_budget_cuts_the_order_and_counts_what_is_left() -> None:
    history = {1: Refreshed("2025-01-05", "s"), 2: Refreshed("2025-01-08", "old")}
    plan = plan_details(DetailBudget("api", requests=7, per_entity=3), catalogue(1, 2, 3, 4), history)
    # Seven requests at three an entity: two entities, both new.
    assert plan.chosen == (3, 4) and plan.requests == 6
    assert plan.reasons == {"pinned": 0, "new": 2, "changed": 0, "stale": 0}
    assert plan.left == 2


def test_pinned_entities_go_first_even_beyond_the_catalogue_and_are_not_taken_twice() -> None:
    plan = plan_details(DetailBudget("api", requests=3), catalogue(1, 2, 3), {}, pinned=[99, 2, 99])
    assert plan.chosen == (99, 2, 1)
    assert plan.reasons == {"pinned": 2, "new": 1, "changed": 0, "stale": 0}
    assert plan.signal(2) == "s" and plan.signal(99) is None


def test_a_change_feed_marks_entities_changed_without_a_signal() -> None:
    history = {1: Refreshed("2025-01-01", None), 2: Refreshed("2025-01-09", None)}
    plan = plan_details(DetailBudget("api", requests=1), {1: None, 2: None}, history, changed={2})
    assert plan.chosen == (2,) and plan.reasons["changed"] == 1


def test_an_unknown_signal_is_never_a_change() -> None:
    # Rows landed before signals existed, or a bulk entry without the fields: only the age decides.
    history = {1: Refreshed("2025-01-09", None), 2: Refreshed("2025-01-02", "s")}
    plan = plan_details(DetailBudget("api", requests=1), {1: "s", 2: None}, history)
    assert plan.chosen == (2,) and plan.reasons["stale"] == 1


def test_a_zero_budget_plans_nothing() -> None:
    plan = plan_details(DetailBudget("api", requests=0), catalogue(1, 2), {}, pinned=[3])
    assert plan.chosen == () and plan.left == 3


def test_the_signal_follows_the_named_fields_only() -> None:
    fields = ("name", "price")
    base = bulk_signal({"name": "Hades", "price": "2499", "ccu": 10}, fields)
    assert bulk_signal({"name": "Hades", "price": "2499", "ccu": 99}, fields) == base
    assert bulk_signal({"name": "Hades II", "price": "2499", "ccu": 10}, fields) != base
    assert bulk_signal({"name": "Hades", "price": "1999", "ccu": 10}, fields) != base


def test_budgets_refuse_impossible_values() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        DetailBudget("steam_store", requests=-1)
    with pytest.raises(ValueError, match="at least one request"):
        DetailBudget("steam_store", requests=1, per_entity=0)
