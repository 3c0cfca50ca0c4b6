"""How the runner reads dbt's results: failing nodes, reasons, and the seconds spent exporting."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.runner.transform import export_statement_seconds, first_line, node_name


def event(name: str, thread: str, **data: object) -> str:
    return json.dumps({"info": {"name": name, "thread": thread}, "data": data})


def test_export_seconds_add_up_the_copy_statements_of_each_thread(tmp_path: Path) -> None:
    log = tmp_path / "dbt.log"
    log.write_text(
        "\n".join(
            [
                event("SQLQuery", "t1", sql='/* {"node_id": "model.x"} */\n  copy (select * from a) to \'a.parquet\''),
                event("SQLQuery", "t2", sql="create table b as select 1"),
                event("SQLQueryStatus", "t2", elapsed=5.0),
                event("SQLQueryStatus", "t1", elapsed=0.25),
                event("SQLQuery", "t2", sql="COPY (select 1) TO 'b.parquet.meta.json'"),
                event("SQLQueryStatus", "t2", elapsed=0.5),
                "a line that is not JSON",
            ]
        )
    )
    assert export_statement_seconds(log) == 0.75
    assert export_statement_seconds(tmp_path / "missing.log") == 0.0


def test_failing_nodes_are_named_and_reasons_are_clean() -> None:
    assert node_name("test.starline.grain_is_unique_stg_x_app_id.de63579d07") == "grain_is_unique_stg_x_app_id"
    assert node_name("model.starline.dim_game") == "dim_game"
    assert node_name("unit_test.starline.fct_x.facts_point_to_versions") == "facts_point_to_versions"
    output = "\x1b[0m21:32:43  Encountered an error:\nParsing Error\n  Error reading starline: x.yml\n"
    assert first_line(output) == "Parsing Error"
    assert first_line(output, 2) == "Parsing Error: Error reading starline: x.yml"
