"""Verticals are discovered from their packages; a fifth one needs no change to the runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ingestion.sources as sources_package
from ingestion.verticals import discover

FIFTH_VERTICAL = """
from ingestion.http import ApiConfig
from ingestion.params import Setting, WholeNumber
from ingestion.verticals import VerticalSpec

SPEC = VerticalSpec(
    name="weather",
    description="a vertical added by dropping in a package",
    apis=(ApiConfig(name="forecasts", base_url="https://weather.example"),),
    make_source=lambda clients, **params: None,
    params=(Setting("stations", WholeNumber(1), 10, "weather stations to read"),),
    secret_settings=("sources.weather.forecasts.api_key",),
)
"""


def test_the_four_verticals_declare_what_the_runner_needs() -> None:
    specs = discover()
    assert list(specs) == ["betting", "crypto", "gaming", "media"]
    for name, spec in specs.items():
        assert spec.name == name and spec.dataset_name == f"raw_{name}" and spec.dbt_selector == name
        assert spec.apis and all(api.base_url.startswith("https://") for api in spec.apis)
        assert callable(spec.make_source) and spec.default_params
    assert specs["media"].secret_settings and not specs["gaming"].secret_settings


def test_a_new_package_with_a_spec_is_found_without_touching_the_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "weather"
    package.mkdir()
    (package / "__init__.py").write_text(FIFTH_VERTICAL)
    monkeypatch.setattr(sources_package, "__path__", [*sources_package.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "ingestion.sources.weather", raising=False)
    specs = discover()
    assert "weather" in specs
    weather = specs["weather"]
    assert weather.resolve_params({"stations": 3}, replay=False) == {"stations": 3}
    assert weather.missing_key() == "no API key: set sources.weather.forecasts.api_key (see docs/weather.md)"
    sys.modules.pop("ingestion.sources.weather", None)
