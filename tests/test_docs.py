"""The README and docs/*.md against the code: commands written as they run on a fresh clone, `make` targets and
`starline` commands that exist, relative links and anchors that resolve, and a README that stays a short tour
linking every page. (The example queries' results: tests/test_doc_examples.py.)"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingestion.cli import build_parser
from ingestion.doc_examples import doc_files, fenced_blocks, relative
from ingestion.runner.paths import PROJECT_DIR
from ingestion.verticals import discover

# Installed into .venv by `make install`; on a fresh clone nothing else puts them on PATH.
BARE_TOOLS = {
    "duckdb": ".venv/bin/duckdb",
    "dbt": ".venv/bin/dbt",
    "starline": ".venv/bin/starline",
    "pytest": "make test (or .venv/bin/pytest)",
    "ruff": "make lint (or .venv/bin/ruff)",
    "python": ".venv/bin/python",
    "python3": ".venv/bin/python",
    "pip": ".venv/bin/pip",
}
SHELL_BLOCKS = {"sh", "bash", "shell", "console", "cron"}
# Words that run the command after them.
PREFIXES = {"time", "env", "exec", "nohup", "sudo", "then", "do", "!"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
SEPARATORS = re.compile(r"&&|\|\||[;|(]|\$\(")
INLINE_CODE = re.compile(r"(`+)(.+?)\1", flags=re.S)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Command:
    path: Path
    line: int
    text: str

    def where(self) -> str:
        return f"{relative(self.path, PROJECT_DIR)}:{self.line}"


def shell_commands(path: Path) -> Iterator[Command]:
    """Each command line of the file's shell blocks: a console block's `$ ` lines, a cron line's command, every
    line of the others, comments removed and continued lines joined."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for block in fenced_blocks(lines):
        if block.language not in SHELL_BLOCKS:
            continue
        pending, first = "", 0
        for offset, raw in enumerate(block.body.splitlines()):
            line = raw.strip()
            if block.language == "console":
                if not line.startswith("$ ") and not pending:
                    continue
                line = line.removeprefix("$ ")
            if block.language == "cron" and not pending:
                line = " ".join(line.split()[5:]) if not line.startswith("#") else ""
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            first = first if pending else offset
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            if pending + line:
                yield Command(path, block.start + 2 + first, pending + line)
            pending = ""


def inline_commands(path: Path) -> Iterator[Command]:
    """Inline code outside fenced blocks that is a command: a first word and arguments. A quoted log line such as
    `dbt build: 212 of 420 nodes done` is output, not a command."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for line_number, paragraph in prose_lines(lines):
        for match in INLINE_CODE.finditer(paragraph):
            words = match[2].split()
            if len(words) > 1 and not words[1].endswith(":"):
                yield Command(path, line_number + paragraph[: match.start()].count("\n"), " ".join(words))


def prose_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(first line number, paragraph) for the text outside fenced blocks, so inline code spanning lines is seen."""
    inside = {index for block in fenced_blocks(lines) for index in range(block.start, block.end + 1)}
    paragraph: list[str] = []
    start = 0
    for index, line in enumerate([*lines, ""]):
        if index in inside or not line.strip():
            if paragraph:
                yield start + 1, "\n".join(paragraph)
            paragraph = []
            continue
        if not paragraph:
            start = index
        paragraph.append(line)


def every_command() -> list[Command]:
    return [command for path in doc_files() for found in (shell_commands, inline_commands) for command in found(path)]


def invocations(text: str) -> Iterator[list[str]]:
    """The words of each simple command in a command line, from the program on (assignments and prefixes off)."""
    for part in SEPARATORS.split(text):
        words = part.split()
        while words and (ASSIGNMENT.match(words[0]) or words[0] in PREFIXES):
            words = words[1:]
        if words:
            yield words


def test_the_shell_blocks_are_read_as_commands() -> None:
    # The scanner itself, on the README: the two set-up commands and a `.venv/bin/duckdb` line are among them.
    readme = [command.text for command in shell_commands(PROJECT_DIR / "README.md")]
    assert readme[:2] == ["make demo", "make test"]
    assert ".venv/bin/duckdb -readonly warehouse/warehouse.duckdb" in readme
    assert list(invocations("SOURCES__GAMING__TOP_N=50 make run VERTICAL=gaming && ls x | wc -l")) == [
        ["make", "run", "VERTICAL=gaming"],
        ["ls", "x"],
        ["wc", "-l"],
    ]


def test_a_bare_tool_is_found_in_shell_blocks_console_prompts_cron_lines_and_inline_code(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "Run `dbt build --select gaming`, see `dbt build: 3 of 9 nodes done`.\n\n"
        "```console\n$ starline run\nstarline: gaming.top_n=-5: below 0\n```\n\n"
        "```sh\nX=1 duckdb -readonly w.duckdb  # not .venv/bin/duckdb\nmake demo && \\\n  pytest -q\n```\n\n"
        "```cron\n0 * * * *  cd /srv && python -m x\n```\n"
    )
    found = [
        (command.where(), words[0])
        for command in [*shell_commands(doc), *inline_commands(doc)]
        for words in invocations(command.text)
        if words[0] in BARE_TOOLS
    ]
    where = f"{doc}:"
    assert found == [
        (f"{where}4", "starline"),
        (f"{where}9", "duckdb"),
        (f"{where}10", "pytest"),
        (f"{where}15", "python"),
        (f"{where}1", "dbt"),
    ]


def test_no_command_runs_a_project_tool_that_is_not_on_the_path_of_a_fresh_clone() -> None:
    found = [
        f"{command.where()}: `{command.text}` runs a bare `{words[0]}`, which only .venv has: write "
        f"{BARE_TOOLS[words[0]]}"
        for command in every_command()
        for words in invocations(command.text)
        if words[0] in BARE_TOOLS
    ]
    assert not found, "\n".join(found)


def makefile_targets() -> set[str]:
    text = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    rules = re.findall(r"^([A-Za-z0-9][\w .-]*?):(?!=)", text, flags=re.M)
    return {target for rule in rules for target in rule.split()}


def test_every_make_target_the_docs_name_is_in_the_makefile() -> None:
    targets = makefile_targets()
    assert {"demo", "test", "doc-examples", "status", "run"} <= targets
    named = [
        (command, words[1])
        for command in every_command()
        for words in invocations(command.text)
        if words[0] == "make" and len(words) > 1 and not words[1].startswith(("-", "<")) and "=" not in words[1]
    ]
    assert {"demo", "test", "doc-examples", "bench-extract"} <= {target for _, target in named}
    missing = [
        f"{command.where()}: `{command.text}`: the Makefile has no target {target!r}"
        for command, target in named
        if target not in targets
    ]
    assert not missing, "\n".join(missing)


def starline_commands() -> set[str]:
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(subparsers.choices)


def test_every_starline_command_the_docs_name_exists() -> None:
    commands = starline_commands()
    named = [
        (command, words[1])
        for command in every_command()
        for words in invocations(command.text)
        if words[0] == ".venv/bin/starline" and len(words) > 1 and not words[1].startswith(("-", "<", "["))
    ]
    assert {"run", "plan", "rebuild", "status"} <= {name for _, name in named}
    unknown = [
        f"{command.where()}: `{command.text}`: starline has no command {name!r} (it has {', '.join(sorted(commands))})"
        for command, name in named
        if name not in commands
    ]
    assert not unknown, "\n".join(unknown)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation but hyphens and underscores dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = {index for block in fenced_blocks(lines) for index in range(block.start, block.end + 1)}
    headings = [line.lstrip("#") for index, line in enumerate(lines) if index not in inside and line.startswith("#")]
    return {slug(heading) for heading in headings}


def test_every_relative_link_and_anchor_resolves() -> None:
    broken = []
    checked = 0
    for path in doc_files():
        for line_number, paragraph in prose_lines(path.read_text(encoding="utf-8").splitlines()):
            for target in LINK.findall(paragraph):
                if re.match(r"[a-z]+:", target):
                    continue
                checked += 1
                file_part, _, anchor = target.partition("#")
                linked = (path.parent / file_part).resolve() if file_part else path
                if not linked.exists():
                    broken.append(f"{path.relative_to(PROJECT_DIR)}:{line_number}: {target}: no such file")
                elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                    broken.append(f"{path.relative_to(PROJECT_DIR)}:{line_number}: {target}: no such heading")
    assert not broken, "\n".join(broken)
    assert checked > 40


def test_the_readme_is_a_short_tour_that_links_every_docs_page() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 150
    assert readme.count("\nmake demo ") == 1 and "\nmake test " in readme
    linked = {Path(target.partition("#")[0]) for target in LINK.findall(readme)}
    pages = {path.relative_to(PROJECT_DIR) for path in (PROJECT_DIR / "docs").glob("*.md")}
    assert pages - linked == set()
    assert (PROJECT_DIR / "docs/images/report-gaming.png").stat().st_size > 20_000
    assert "(docs/images/report-gaming.png)" in readme


@pytest.mark.parametrize("vertical", ["gaming", "crypto", "betting", "media"])
def test_each_vertical_page_holds_its_star_schema_and_example_queries(vertical: str) -> None:
    page = PROJECT_DIR / "docs" / f"{vertical}.md"
    assert {"star-schema", "example-queries", "configuration"} <= anchors(page)
    assert "```mermaid" in page.read_text(encoding="utf-8")


def test_a_missing_key_points_to_a_page_that_says_how_to_set_it() -> None:
    # `starline run` without a key says "(see docs/<vertical>.md)": that page names every setting it asks for.
    keyed = {name: spec for name, spec in discover().items() if spec.secret_settings}
    assert "media" in keyed
    for name, spec in keyed.items():
        page = PROJECT_DIR / "docs" / f"{name}.md"
        # None where this machine has the key configured; the message is then not shown.
        assert f"(see {page.relative_to(PROJECT_DIR)})" in (spec.missing_key() or f"(see docs/{name}.md)")
        text = page.read_text(encoding="utf-8")
        assert all(setting in text for setting in spec.secret_settings), page
