"""The example queries of README.md and docs/*.md, and the results they show.

The convention: a ```sql block is an example query against the demo warehouse, and the ```text block right after
it (only blank lines between) holds exactly what the DuckDB CLI prints for it, run as `duckdb_command()` says.
`make doc-examples` rewrites those blocks from a warehouse (`--check` compares instead and exits 1 with a diff);
`tests/test_doc_examples.py` runs every example against a freshly replayed demo warehouse.

The CLI, not the Python API, renders the results so that a reader who pastes a query sees the same table:
DuckDB's own box, its column types, and its markers when rows or columns are cut.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingestion.runner.paths import PROJECT_DIR, Paths

# The width the docs are written for: wide enough for the betting standings' nine columns, narrow enough to read
# on GitHub with little scrolling. DuckDB wraps or cuts wider values itself.
MAX_WIDTH = 120
FENCE = re.compile(r"^(`{3,})([^`]*)$")
DUCKDB = Path(sys.executable).with_name("duckdb")


class ExampleError(RuntimeError):
    """An example cannot be run (no warehouse, no CLI) or DuckDB refused it."""


@dataclass(frozen=True)
class Block:
    """A fenced block: `start` is the opening fence's line index (0-based), `end` the closing fence's."""

    info: str
    start: int
    end: int
    body: str

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


@dataclass(frozen=True)
class Example:
    path: Path
    query: Block
    result: Block | None

    @property
    def line(self) -> int:
        return self.query.start + 1

    @property
    def sql(self) -> str:
        return self.query.body

    @property
    def shown(self) -> str | None:
        return None if self.result is None else self.result.body

    def where(self, root: Path = PROJECT_DIR) -> str:
        return f"{relative(self.path, root)}:{self.line}"

    def title(self) -> str:
        """The query's first comment, else its first line: how a failure names it."""
        lines = [line.strip() for line in self.sql.splitlines() if line.strip()]
        comments = [line.removeprefix("--").strip() for line in lines if line.startswith("--")]
        return comments[0] if comments else (lines[0] if lines else "")


def relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def doc_files(root: Path = PROJECT_DIR) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def fenced_blocks(lines: Sequence[str]) -> list[Block]:
    """The fenced code blocks of a Markdown file (fences at the start of a line, as the docs write them)."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        ticks = opening[1]
        end = next(
            (i for i in range(index + 1, len(lines)) if lines[i].startswith(ticks) and not lines[i].strip("`")),
            len(lines),
        )
        blocks.append(Block(opening[2].strip(), index, end, "\n".join(lines[index + 1 : end])))
        index = end + 1
    return blocks


def find_examples(path: Path) -> list[Example]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = fenced_blocks(lines)
    examples = []
    for position, block in enumerate(blocks):
        if block.language != "sql":
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        adjacent = following is not None and all(not line.strip() for line in lines[block.end + 1 : following.start])
        result = following if adjacent and following is not None and following.language == "text" else None
        examples.append(Example(path, block, result))
    return examples


def duckdb_command(warehouse: Path | str, duckdb: Path | str = DUCKDB) -> list[str]:
    """The command whose output the docs show. `-no-init` so that nobody's ~/.duckdbrc changes what is compared."""
    return [str(duckdb), "-readonly", "-no-init", "-bail", "-cmd", f".maxwidth {MAX_WIDTH}", str(warehouse)]


def run_example(sql: str, warehouse: Path, duckdb: Path = DUCKDB) -> str:
    """What the DuckDB CLI prints for `sql` on `warehouse`, read from its standard input as a pasted query is."""
    if not warehouse.exists():
        raise ExampleError(f"no warehouse at {warehouse}: run `make demo` first")
    if not duckdb.exists():
        raise ExampleError(f"no DuckDB CLI at {duckdb}: `make install` installs it (the duckdb-cli package)")
    # COLUMNS and LINES would override the width; timestamps with a time zone print in the process's zone.
    environment = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    completed = subprocess.run(
        duckdb_command(warehouse, duckdb),
        input=sql,
        capture_output=True,
        text=True,
        env={**environment, "TZ": "UTC"},
        cwd=PROJECT_DIR,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0 or completed.stderr.strip():
        raise ExampleError((completed.stderr or completed.stdout).strip() or f"exit status {completed.returncode}")
    # Trailing blanks are invisible and editors strip them: the shown result keeps every line without them.
    return "\n".join(line.rstrip() for line in completed.stdout.splitlines()).strip("\n")


def run_checked(example: Example, warehouse: Path, duckdb: Path = DUCKDB) -> str:
    try:
        return run_example(example.sql, warehouse, duckdb)
    except ExampleError as error:
        raise ExampleError(f"{example.where()} ({example.title()}): {error}") from error


def mismatch(example: Example, actual: str) -> str | None:
    """A diff naming the file, line and query when the shown result is not what DuckDB prints; else None."""
    if example.shown == actual:
        return None
    if example.shown is None:
        return f"{example.where()} ({example.title()}): no result shown; `make doc-examples` writes it"
    diff = difflib.unified_diff(
        example.shown.splitlines(),
        actual.splitlines(),
        fromfile=f"{example.where()} shown",
        tofile="what duckdb prints",
        lineterm="",
    )
    return f"{example.where()} ({example.title()}): the shown result differs\n" + "\n".join(diff)


def rewrite(path: Path, warehouse: Path, duckdb: Path = DUCKDB) -> list[Example]:
    """Writes each example's result block from `warehouse`; returns the examples whose block changed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = []
    # From the end, so the line indexes of the examples not yet rewritten stay valid.
    for example in reversed(find_examples(path)):
        actual = run_checked(example, warehouse, duckdb)
        if example.shown == actual:
            continue
        block = ["```text", *actual.splitlines(), "```"]
        if example.result is None:
            lines[example.query.end + 1 : example.query.end + 1] = ["", *block]
        else:
            lines[example.result.start : example.result.end + 1] = block
        changed.append(example)
    if changed:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed[::-1]


def check(paths: Iterable[Path], warehouse: Path, duckdb: Path = DUCKDB) -> list[str]:
    """The mismatches of every example of `paths`, each a message with its diff."""
    found = []
    for path in paths:
        for example in find_examples(path):
            problem = mismatch(example, run_checked(example, warehouse, duckdb))
            if problem:
                found.append(problem)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingestion.doc_examples",
        description="Write (or --check) the result shown under every example query of README.md and docs/*.md.",
    )
    parser.add_argument("files", nargs="*", type=Path, help="Markdown files (default: README.md and docs/*.md)")
    parser.add_argument("--warehouse", type=Path, help="default: STARLINE_WAREHOUSE, else the demo's warehouse")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 with a diff when one differs")
    args = parser.parse_args(argv)
    warehouse = args.warehouse or Paths.from_environment().warehouse
    files = [path.resolve() for path in args.files] or doc_files()
    try:
        if args.check:
            problems = check(files, warehouse)
            for problem in problems:
                print(problem, file=sys.stderr)
            examples = sum(len(find_examples(path)) for path in files)
            print(f"doc examples: {examples - len(problems)} of {examples} show what {warehouse.name} gives")
            return 1 if problems else 0
        for path in files:
            total = len(find_examples(path))
            if total:
                rewritten = rewrite(path, warehouse)
                print(f"{relative(path, PROJECT_DIR)}: {len(rewritten)} of {total} results rewritten")
    except ExampleError as error:
        print(f"doc examples: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
