"""The suite's distribution over workers: an unmarked test is grouped with the rest of its file."""

from __future__ import annotations

import pytest


def test_an_unmarked_test_is_grouped_by_its_file(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not distributed by pytest-xdist's loadgroup")
    assert request.node.nodeid == (
        "tests/test_suite_grouping.py::test_an_unmarked_test_is_grouped_by_its_file@tests/test_suite_grouping.py"
    )
