"""Every example query of README.md and docs/*.md shows what the DuckDB CLI prints for it on the demo warehouse
(replayed once per session: tests/conftest.py's `demo`), and `make doc-examples` writes exactly that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingestion.doc_examples import (
    Example,
    ExampleError,
    check,
    doc_files,
    find_examples,
    main,
    mismatch,
    rewrite,
    run_checked,
    run_example,
)
from tests.conftest import DEMO_GROUP, ReplayRun

pytestmark = pytest.mark.xdist_group(DEMO_GROUP)

EXAMPLES = [example for path in doc_files() for example in find_examples(path)]
# What differs between two builds of the same data: run ids (20261203T162701Z-805a36), and the audit columns.
RUN_SPECIFIC = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}|\b(_run_id|_load_id|_loaded_at|_built_at|_dlt_\w+|dbt_\w+)\b")


def test_the_demo_tests_share_one_worker(request: pytest.FixtureRequest) -> None:
    # The demo warehouse is replayed once per worker that asks for it: this file and the report's share a group.
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not distributed by pytest-xdist's loadgroup")
    assert request.node.nodeid.endswith(f"@{DEMO_GROUP}")


def test_the_docs_have_example_queries_and_each_shows_a_result() -> None:
    assert len(EXAMPLES) >= 20
    assert {example.path.name for example in EXAMPLES} >= {"README.md", "gaming.md", "crypto.md", "betting.md"}
    missing = [f"{example.where()} ({example.title()})" for example in EXAMPLES if example.shown is None]
    assert not missing, "no result shown under (run `make doc-examples`):\n" + "\n".join(missing)


def test_no_example_shows_what_changes_from_one_build_to_the_next() -> None:
    found = [example.where() for example in EXAMPLES if RUN_SPECIFIC.search(example.sql + (example.shown or ""))]
    assert not found, f"examples printing run ids or load/build stamps: {found}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.where() for example in EXAMPLES])
def test_the_shown_result_is_what_duckdb_prints_on_the_demo_warehouse(demo: ReplayRun, example: Example) -> None:
    problem = mismatch(example, run_checked(example, demo.paths.warehouse))
    if problem:
        pytest.fail(f"{problem}\n(`make demo` then `make doc-examples` rewrites it)", pytrace=False)


DOC = """# A page

Some prose, then a query with no result yet:

```sql
select 1 + 1 as two;
```

A query whose shown result is wrong:

```sql
select 'x' as letter
union all select 'y'
order by letter;
```

```text
stale
```

A shell block is not an example:

```sh
.venv/bin/duckdb -c "select 3"
```
"""


def test_rewriting_adds_missing_results_replaces_wrong_ones_and_then_changes_nothing(
    demo: ReplayRun, tmp_path: Path
) -> None:
    doc = tmp_path / "page.md"
    doc.write_text(DOC, encoding="utf-8")
    before = find_examples(doc)
    assert [(example.line, example.shown) for example in before] == [(5, None), (11, "stale")]

    changed = rewrite(doc, demo.paths.warehouse)

    assert [example.line for example in changed] == [5, 11]
    after = find_examples(doc)
    assert after[0].shown == "\n".join(["┌───────┐", "│  two  │", "│ int32 │", "├───────┤", "│     2 │", "└───────┘"])
    assert after[1].shown == "\n".join(
        ["┌─────────┐", "│ letter  │", "│ varchar │", "├─────────┤", "│ x       │", "│ y       │", "└─────────┘"]
    )
    text = doc.read_text(encoding="utf-8")
    assert "stale" not in text and text.endswith('```sh\n.venv/bin/duckdb -c "select 3"\n```\n')
    assert rewrite(doc, demo.paths.warehouse) == [] and doc.read_text(encoding="utf-8") == text
    assert check([doc], demo.paths.warehouse) == []


def test_a_differing_result_is_a_diff_naming_the_file_line_and_query(demo: ReplayRun, tmp_path: Path) -> None:
    doc = tmp_path / "page.md"
    doc.write_text(DOC, encoding="utf-8")
    rewrite(doc, demo.paths.warehouse)
    doc.write_text(doc.read_text(encoding="utf-8").replace("│ y       │", "│ z       │"), encoding="utf-8")

    [problem] = check([doc], demo.paths.warehouse)

    assert problem.startswith(f"{doc}:20 (select 'x' as letter): the shown result differs\n")
    assert "\n-│ z       │\n+│ y       │" in problem


def test_a_query_duckdb_refuses_names_the_example_and_duckdbs_error(demo: ReplayRun, tmp_path: Path) -> None:
    doc = tmp_path / "page.md"
    doc.write_text("```sql\n-- a table that is not there\nselect * from gaming.no_such_table;\n```\n")

    with pytest.raises(ExampleError, match=r"page\.md:1 \(a table that is not there\): Catalog Error: .*no_such_table"):
        rewrite(doc, demo.paths.warehouse)
    with pytest.raises(ExampleError, match=r"no warehouse at .*: run `make demo` first"):
        run_example("select 1", tmp_path / "missing.duckdb")


def test_the_command_line_checks_and_rewrites(
    demo: ReplayRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "page.md"
    doc.write_text(DOC, encoding="utf-8")
    warehouse = ["--warehouse", str(demo.paths.warehouse)]

    assert main([str(doc), "--check", *warehouse]) == 1
    assert "no result shown" in capsys.readouterr().err
    assert main([str(doc), *warehouse]) == 0
    assert "2 of 2 results rewritten" in capsys.readouterr().out
    assert main([str(doc), "--check", *warehouse]) == 0
    assert "doc examples: 2 of 2 show what warehouse.duckdb gives" in capsys.readouterr().out
