"""`make docs`: dbt's docs site opens from disk in a real browser, with an ER diagram per vertical on its overview
that shows every reference the build's tests enforce; the copies under docs/er/ are up to date."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ingestion.er_diagram import DIAGRAM_DIR, diagrams, render_svg, write_diagrams
from ingestion.runner.paths import PROJECT_DIR
from tests.conftest import ReplayRun, run_dbt

VERTICALS = ["gaming", "crypto", "betting", "media"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("STARLINE_ARTIFACTS_DIR", PROJECT_DIR / "artifacts")) / "docs"
SVG = "{http://www.w3.org/2000/svg}"
REF = re.compile(r"ref\('([^']+)'\)")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    target = tmp_path_factory.mktemp("parse")
    completed = run_dbt(target / "unused.duckdb", target, "parse")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads((target / "manifest.json").read_text())


def declared_references(vertical: str) -> set[tuple[str, str]]:
    """(model.column, model.field) of every references_are_valid check in the vertical's mart YAML, read from the
    YAML itself."""
    found = set()
    for path in (PROJECT_DIR / "models" / vertical / "marts").glob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            checks = [
                check
                for test in model.get("data_tests", [])
                if isinstance(test, dict) and "rows_are_valid" in test
                for check in test["rows_are_valid"]["arguments"]["checks"]
            ]
            for check in checks:
                for reference in check.get("references_are_valid", []):
                    target = REF.search(reference["to"]).group(1)  # type: ignore[union-attr]
                    found.add((f"{model['name']}.{reference['column']}", f"{target}.{reference['field']}"))
    return found


def drawn(svg: str) -> tuple[set[str], set[tuple[str, str]]]:
    root = ElementTree.fromstring(svg)
    tables = {group.get("data-table", "") for group in root.iter(f"{SVG}g") if group.get("class") == "table"}
    lines = {
        (path.get("data-from", ""), path.get("data-to", ""))
        for path in root.iter(f"{SVG}path")
        if path.get("class") == "reference"
    }
    return tables, lines


@pytest.mark.parametrize("vertical", VERTICALS)
def test_each_diagram_draws_every_mart_and_every_tested_reference(manifest: dict, vertical: str) -> None:
    tables, lines = drawn(render_svg(diagrams(manifest)[vertical]))
    marts = {path.stem for path in (PROJECT_DIR / "models" / vertical / "marts").glob("*.sql")}
    assert tables == marts | {"dim_date"}
    assert lines == declared_references(vertical)


def test_the_references_named_in_the_star_schemas_are_drawn(manifest: dict) -> None:
    every = {line for vertical in VERTICALS for line in drawn(render_svg(diagrams(manifest)[vertical]))[1]}
    assert {
        ("fct_game_daily_metrics.game_key", "dim_game.game_key"),
        ("bridge_game_tag.app_id", "dim_game.app_id"),
        ("fct_game_odds.game_key", "fct_game_results.game_key"),
        ("dim_team.league_key", "dim_league.league_key"),
        ("fct_title_daily_metrics.date_key", "dim_date.date_key"),
        ("bridge_coin_category.category_key", "crypto_dim_category.category_key"),
    } <= every


def test_the_committed_diagrams_are_up_to_date(manifest: dict) -> None:
    for vertical, diagram in diagrams(manifest).items():
        committed = (DIAGRAM_DIR / f"{vertical}.svg").read_text(encoding="utf-8")
        assert committed == render_svg(diagram), f"docs/er/{vertical}.svg is stale: run `make docs` to redraw it"


def test_a_diagram_is_the_same_bytes_every_time(manifest: dict, tmp_path: Path) -> None:
    first = [path.read_bytes() for path in write_diagrams_from(manifest, tmp_path / "a")]
    second = [path.read_bytes() for path in write_diagrams_from(manifest, tmp_path / "b")]
    assert first == second and len(first) == len(VERTICALS)


def write_diagrams_from(manifest: dict, folder: Path) -> list[Path]:
    manifest_file = folder / "manifest.json"
    folder.mkdir(parents=True)
    manifest_file.write_text(json.dumps(manifest))
    return write_diagrams(manifest_file, folder)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
def test_the_docs_site_opens_from_disk_with_the_diagrams(replayed: Callable[[str], ReplayRun], tmp_path: Path) -> None:
    run = replayed("gaming")
    target = tmp_path / "target"
    completed = run_dbt(run.paths.warehouse, target, "docs", "generate", "--static")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    page = target / "static_index.html"
    browser = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    budget = "--virtual-time-budget=20000"
    dom = subprocess.run(
        [*browser, budget, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    # The app rendered (from the manifest inside the file, no server): the tree lists every gaming mart.
    listed = set(re.findall(r'data-nav-unique-id="model\.starline\.([a-z_]+)"', dom))
    assert {path.stem for path in (PROJECT_DIR / "models/gaming/marts").glob("*.sql")} <= listed
    # The overview shows the four diagrams, each beside the page where dbt copied it (asset-paths).
    images = re.findall(r'<img src="(docs/er/[a-z]+\.svg)" alt="([a-z]+) star schema">', dom)
    assert [vertical for _, vertical in images] == VERTICALS
    for source, vertical in images:
        tables, _ = drawn((target / source).read_text(encoding="utf-8"))
        assert "dim_date" in tables, vertical
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "overview.png"
    subprocess.run(
        [*browser, budget, "--window-size=1400,2400", f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.stat().st_size > 50_000
