"""The verticals as Dagster assets, for teams that run an orchestrator (`pip install -e '.[dagster]'`, then
`dagster dev -m ingestion.dagster_definitions`).

Per vertical: its raw tables (what its dlt resources land, child tables included) and its dbt models and snapshot
as assets with the lineage dbt's manifest records (raw -> staging -> intermediate -> snapshot -> marts), one job,
a schedule from the same `[schedule.<vertical>]` settings as `starline schedule` (its retries as the job's retry
policy), and a freshness check with the thresholds `starline status` uses.

A vertical's assets are materialized together by the runner itself (extract, load, one dbt build, publish and the
run log row of `starline run`), not by Dagster running dbt: the write-audit-publish step and the run log stay the
runner's, so a Dagster run and a `starline run` leave the same warehouse, exports and `ops.etl_runs` rows."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Iterator, Mapping
from graphlib import TopologicalSorter
from typing import Any

import dagster as dg

from ingestion.runner.freshness import ERROR, PASS, rules, vertical_freshness
from ingestion.runner.orchestrator import Orchestrator
from ingestion.runner.paths import Paths
from ingestion.runner.transform import dbt_command
from ingestion.schedule.settings import ScheduleSettings, read_settings
from ingestion.verticals import discover

SHARED = "shared"


class StarlineRunner(dg.ConfigurableResource):  # type: ignore[misc]
    """How the runner runs: "live" (the real APIs) or "replay" (the local emulator), and source parameters per
    vertical (as `--param`)."""

    mode: str = "live"
    params: dict[str, dict[str, Any]] = {}  # noqa: RUF012 (a pydantic field: copied per instance)

    def orchestrator(self) -> Orchestrator:
        return Orchestrator(Paths.from_environment(), mode=self.mode, log_level=logging.INFO)


def dbt_manifest(paths: Paths) -> dict[str, Any]:
    """The manifest of the runner's last build, or of a `dbt parse` when there is none yet."""
    target = paths.state / "dbt_target"
    manifest = target / "manifest.json"
    if not manifest.exists():
        subprocess.run([*dbt_command(paths, "parse", target), "--quiet"], cwd=paths.project_dir, check=True)
    return json.loads(manifest.read_text(encoding="utf-8"))


def asset_key(unique_id: str, node: Mapping[str, Any]) -> dg.AssetKey:
    """raw_<vertical>/<table> for a source, <vertical or shared>/<name> for a model or snapshot."""
    if unique_id.startswith("source."):
        return dg.AssetKey([node["source_name"], node["name"]])
    return dg.AssetKey([node["fqn"][1], node["name"]])


def vertical_specs(manifest: Mapping[str, Any], vertical: str) -> list[dg.AssetSpec]:
    """The vertical's raw tables, models and snapshots, each depending on what dbt says it reads."""
    every = {**manifest["sources"], **manifest["nodes"]}
    specs = []
    for unique_id, source in manifest["sources"].items():
        if source["source_name"] == f"raw_{vertical}":
            specs.append(
                dg.AssetSpec(
                    asset_key(unique_id, source),
                    description=source.get("description") or None,
                    group_name=vertical,
                    kinds={"dlt", "duckdb"},
                )
            )
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] not in ("model", "snapshot") or node["fqn"][1] != vertical:
            continue
        parents = [parent for parent in node["depends_on"]["nodes"] if parent in every]
        specs.append(
            dg.AssetSpec(
                asset_key(unique_id, node),
                deps=[asset_key(parent, every[parent]) for parent in parents],
                description=node.get("description") or None,
                group_name=vertical,
                kinds={"dbt", "duckdb"},
                metadata={"grain": node["config"].get("meta", {}).get("grain", "")},
            )
        )
    # A multi-asset reports its assets in dependency order.
    by_key = {spec.key: spec for spec in specs}
    order = TopologicalSorter(
        {spec.key: [dep.asset_key for dep in spec.deps if dep.asset_key in by_key] for spec in specs}
    )
    return [by_key[spec_key] for spec_key in order.static_order()]


def vertical_assets(vertical: str, specs: list[dg.AssetSpec], settings: ScheduleSettings) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name=f"{vertical}_run",
        specs=specs,
        retry_policy=dg.RetryPolicy(
            max_retries=settings.retries, delay=settings.retry_delay_seconds, backoff=dg.Backoff.EXPONENTIAL
        ),
    )
    def run(starline: StarlineRunner) -> Iterator[dg.MaterializeResult]:
        (result,) = starline.orchestrator().run_all_pipelines(
            [vertical], extractor_params={vertical: starline.params.get(vertical, {})}
        )
        if result.status != "success":
            raise dg.Failure(
                description=f"{vertical} {result.status}: {result.error}",
                metadata={"starline_run_id": result.run_id},
            )
        for spec in specs:
            yield dg.MaterializeResult(
                asset_key=spec.key,
                metadata={"starline_run_id": result.run_id, "as_of_date": result.as_of_date or ""},
            )

    return run


def freshness_check(vertical: str, table: str, paths: Paths) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey([f"raw_{vertical}", table]), name=f"{vertical}_freshness")
    def check() -> dg.AssetCheckResult:
        (entry,) = [
            found for found in vertical_freshness(paths.warehouse, paths.project_dir) if found.vertical == vertical
        ]
        return dg.AssetCheckResult(
            passed=entry.state == PASS,
            severity=dg.AssetCheckSeverity.ERROR if entry.state == ERROR else dg.AssetCheckSeverity.WARN,
            metadata={
                "state": entry.state,
                "age_hours": entry.age_hours if entry.age_hours is not None else -1.0,
                "warn_hours": entry.warn_hours,
                "error_hours": entry.error_hours,
            },
        )

    return check


def build_definitions(paths: Paths | None = None) -> dg.Definitions:
    paths = paths or Paths.from_environment()
    verticals = list(discover())
    manifest = dbt_manifest(paths)
    settings = read_settings(verticals)
    shared = [
        dg.AssetSpec(asset_key(unique_id, node), group_name=SHARED, kinds={"dbt", "duckdb"})
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["fqn"][1] == SHARED
    ]
    assets: list[Any] = list(shared)
    jobs, schedules = [], []
    for vertical in verticals:
        assets.append(vertical_assets(vertical, vertical_specs(manifest, vertical), settings))
        job = dg.define_asset_job(f"{vertical}_job", selection=dg.AssetSelection.groups(vertical))
        jobs.append(job)
        schedule = settings.of(vertical)
        schedules.append(
            dg.ScheduleDefinition(
                name=f"{vertical}_schedule",
                job=job,
                cron_schedule=schedule.cron,
                execution_timezone=schedule.timezone,
                default_status=dg.DefaultScheduleStatus.RUNNING
                if schedule.enabled
                else dg.DefaultScheduleStatus.STOPPED,
            )
        )
    checks = [freshness_check(rule.vertical, rule.table, paths) for rule in rules(paths.project_dir)]
    return dg.Definitions(
        assets=assets,
        asset_checks=checks,
        jobs=jobs,
        schedules=schedules,
        resources={"starline": StarlineRunner()},
    )


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev -m ingestion.dagster_definitions` loads: built when Dagster asks, not at import."""
    return build_definitions()
