"""Entity-relationship diagrams of each vertical's star schema, drawn from dbt's manifest: a box per mart (and
`shared.dim_date` where a vertical's facts join it) listing its keys, and a line per reference the marts' tests
check (the `references_are_valid` checks of their `rows_are_valid` tests), so the diagram is exactly what the
build enforces.

Facts sit on the left, dimensions in the middle and bridges on the right, so most references run between two
columns; one within a column (a fact joining a fact, a dimension its outrigger) loops out of the column's free
side instead of crossing its boxes. The SVG is deterministic (the same manifest gives the same
bytes): the committed copies under `docs/er/` show on the docs pages, `make docs` rewrites them and the dbt docs
site shows them on its overview."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ingestion.runner.paths import PROJECT_DIR

DIAGRAM_DIR = PROJECT_DIR / "docs" / "er"
REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")

BOX_WIDTH = 300
COLUMN_X = {"fact": 60, "dimension": 460, "bridge": 860}
HEADER = 26
ROW = 18
GAP = 24
KIND_COLOURS = {"fact": "#1f5f99", "dimension": "#2e7d32", "bridge": "#b85c00"}


@dataclass
class Reference:
    table: str
    column: str
    to: str
    field: str


@dataclass
class Box:
    table: str
    kind: str
    label: str
    keys: dict[str, str] = field(default_factory=dict)  # column -> its role: PK, grain, FK -> table
    other_columns: int = 0


@dataclass
class Diagram:
    vertical: str
    boxes: dict[str, Box]
    references: list[Reference]


def kind_of(table: str) -> str:
    return "fact" if table.startswith("fct_") else "bridge" if table.startswith("bridge_") else "dimension"


def checks_by_model(manifest: dict) -> dict[str, list[tuple[str, object]]]:
    """Per model, the (check, argument) pairs of its `rows_are_valid` tests, e.g. ("grain_is_unique", [...])."""
    checks: dict[str, list[tuple[str, object]]] = {}
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and metadata.get("name") == "rows_are_valid" and node.get("attached_node"):
            for check in metadata["kwargs"]["checks"]:
                checks.setdefault(node["attached_node"], []).extend(
                    (kind, argument) for kind, argument in check.items() if kind != "where"
                )
    return checks


def diagrams(manifest: dict) -> dict[str, Diagram]:
    """Per vertical, its marts with their keys and the references between them."""
    checks = checks_by_model(manifest)
    marts = {
        node["unique_id"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and (node["fqn"][2:3] == ["marts"] or node["fqn"][1] == "shared")
    }
    by_name = {node["name"]: node for node in marts.values()}
    result: dict[str, Diagram] = {}
    for unique_id, node in sorted(marts.items()):
        vertical = node["fqn"][1]
        if vertical == "shared":
            continue
        diagram = result.setdefault(vertical, Diagram(vertical, {}, []))
        diagram.boxes[node["name"]] = box_for(node, checks.get(unique_id, []))
        for kind, references in checks.get(unique_id, []):
            if kind != "references_are_valid":
                continue
            for reference in references:
                target = REF.search(reference["to"])
                if target:
                    diagram.references.append(
                        Reference(node["name"], reference["column"], target.group(1), reference["field"])
                    )
    for diagram in result.values():
        for reference in diagram.references:
            if reference.to not in diagram.boxes and reference.to in by_name:
                # A conformed dimension of another folder (shared.dim_date) joins the diagram that uses it.
                target = by_name[reference.to]
                diagram.boxes[reference.to] = box_for(target, checks.get(target["unique_id"], []))
            diagram.boxes[reference.table].keys[reference.column] = f"FK {diagram.boxes[reference.to].label}"
            diagram.boxes[reference.to].keys.setdefault(reference.field, "key")
        for box in diagram.boxes.values():
            box.other_columns = max(len(by_name[box.table]["columns"]) - len(box.keys), 0)
    return result


def box_for(node: dict, checks: list[tuple[str, object]]) -> Box:
    keys: dict[str, str] = {}
    for kind, columns in checks:
        if kind == "columns_are_unique":
            # Each listed column is unique on its own: the surrogate key, and natural keys beside it.
            for column in sorted(columns, key=lambda name: not name.endswith("_key")):
                keys.setdefault(column, "PK" if column.endswith("_key") else "unique")
    for kind, columns in checks:
        if kind == "grain_is_unique":
            for column in columns:
                keys.setdefault(column, "grain")
    # The relation's name, as analysts query it (crypto's `crypto_dim_category` is `crypto.dim_category`).
    label = f"shared.{node['alias']}" if node["fqn"][1] == "shared" else node["alias"]
    return Box(node["name"], kind_of(node["name"]), label, keys)


def layout(diagram: Diagram) -> dict[str, tuple[int, int]]:
    """Top-left corner of each box. Dimensions are stacked in the order the facts, then the bridges, first
    reference them, so the lines run mostly level."""
    order: dict[str, list[str]] = {"fact": [], "dimension": [], "bridge": []}
    for table in sorted(diagram.boxes, key=lambda name: (kind_of(name) != "fact", name)):
        box = diagram.boxes[table]
        if box.kind != "dimension":
            order[box.kind].append(table)
    for source in order["fact"] + order["bridge"]:
        for reference in diagram.references:
            if (
                reference.table == source
                and diagram.boxes[reference.to].kind == "dimension"
                and reference.to not in order["dimension"]
            ):
                order["dimension"].append(reference.to)
    order["dimension"] += sorted(
        t for t, b in diagram.boxes.items() if b.kind == "dimension" and t not in order["dimension"]
    )
    corners = {}
    for kind, tables in order.items():
        y = 50
        for table in tables:
            corners[table] = (COLUMN_X[kind], y)
            y += box_height(diagram.boxes[table]) + GAP
    return corners


def box_height(box: Box) -> int:
    return HEADER + ROW * (len(box.keys) + (1 if box.other_columns else 0)) + 6


def row_y(box: Box, corner: tuple[int, int], column: str) -> int:
    return corner[1] + HEADER + ROW * list(box.keys).index(column) + ROW // 2 + 3


def reference_path(source_x: int, source_y: int, target_x: int, target_y: int) -> str:
    """A curve from the source row to the target row. Between two columns it leaves the facing sides; within a
    column (a fact joining a fact, a dimension its outrigger) it loops out of the column's free side: left of the
    facts, right of the dimensions."""
    if source_x != target_x:
        x1, x2 = (source_x + BOX_WIDTH, target_x) if source_x < target_x else (source_x, target_x + BOX_WIDTH)
        middle = (x1 + x2) // 2
        return f"M{x1},{source_y} C{middle},{source_y} {middle},{target_y} {x2},{target_y}"
    reach = min(50, 20 + abs(target_y - source_y) // 12)
    side, out = (source_x, -reach) if source_x == COLUMN_X["fact"] else (source_x + BOX_WIDTH, reach)
    return f"M{side},{source_y} C{side + out},{source_y} {side + out},{target_y} {side},{target_y}"


def render_svg(diagram: Diagram) -> str:
    corners = layout(diagram)
    height = max(corner[1] + box_height(diagram.boxes[table]) for table, corner in corners.items()) + 20
    # Room on the right for the loops between dimensions.
    width = max(corner[0] for corner in corners.values()) + BOX_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12" '
        f'data-vertical="{diagram.vertical}">',
        '<defs><marker id="one" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="20" y="28" font-size="16" font-weight="bold">{escape(diagram.vertical)} star schema</text>',
    ]
    for reference in diagram.references:
        (sx, sy), (tx, ty) = corners[reference.table], corners[reference.to]
        y1 = row_y(diagram.boxes[reference.table], (sx, sy), reference.column)
        y2 = row_y(diagram.boxes[reference.to], (tx, ty), reference.field)
        parts.append(
            f'<path class="reference" data-from="{reference.table}.{reference.column}" '
            f'data-to="{reference.to}.{reference.field}" d="{reference_path(sx, y1, tx, y2)}" '
            'fill="none" stroke="#555" stroke-width="1.2" marker-end="url(#one)"/>'
        )
    for table, (x, y) in corners.items():
        box = diagram.boxes[table]
        colour = KIND_COLOURS[box.kind]
        parts.append(f'<g class="table" data-table="{table}" data-kind="{box.kind}">')
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{box_height(box)}" rx="4" '
            f'fill="#fafafa" stroke="{colour}" stroke-width="1.5"/>'
        )
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{HEADER}" rx="4" fill="{colour}"/>')
        parts.append(f'<text x="{x + 8}" y="{y + 17}" fill="#ffffff" font-weight="bold">{escape(box.label)}</text>')
        for index, (column, role) in enumerate(box.keys.items()):
            baseline = y + HEADER + ROW * index + 14
            parts.append(f'<text x="{x + 8}" y="{baseline}">{escape(column)}</text>')
            parts.append(
                f'<text x="{x + BOX_WIDTH - 8}" y="{baseline}" text-anchor="end" fill="#666">{escape(role)}</text>'
            )
        if box.other_columns:
            baseline = y + HEADER + ROW * len(box.keys) + 14
            parts.append(f'<text x="{x + 8}" y="{baseline}" fill="#888">+ {box.other_columns} more columns</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_diagrams(manifest_file: Path, *folders: Path) -> list[Path]:
    """`<folder>/<vertical>.svg` for every vertical, in each of `folders`; returns the files written."""
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    written = []
    for vertical, diagram in sorted(diagrams(manifest).items()):
        svg = render_svg(diagram)
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{vertical}.svg"
            path.write_text(svg, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    """`python -m ingestion.er_diagram <manifest.json> <folder>...` (what `make docs` runs after dbt)."""
    if len(argv) < 2:
        print("usage: python -m ingestion.er_diagram <manifest.json> <folder>...", file=sys.stderr)
        return 2
    for path in write_diagrams(Path(argv[0]), *map(Path, argv[1:])):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
