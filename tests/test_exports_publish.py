"""Publishing a pending export folder into the published exports: months a build did not write stay as they are,
months the table no longer holds go, and nothing is left in the pending folder."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.runner.publish import publish_exports

TABLE = Path("gaming") / "fct_x"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def manifest(*months: str) -> str:
    return json.dumps({"files": [{"path": f"as_of_month={month}/fct_x_{month}.parquet"} for month in months]})


def test_publishing_replaces_written_months_keeps_the_others_and_drops_months_the_manifest_lost(
    tmp_path: Path,
) -> None:
    exports, pending = tmp_path / "exports", tmp_path / "exports" / ".pending" / "run-2"
    for month in ("2024-11", "2024-12", "2025-01"):
        write(exports / TABLE / f"as_of_month={month}" / f"fct_x_{month}.parquet", f"old {month}")
        write(exports / TABLE / f"as_of_month={month}" / f"_fct_x_{month}.parquet.meta.json", f"old {month}")
    write(exports / TABLE / "_manifest.json", manifest("2024-11", "2024-12", "2025-01"))
    write(exports / "gaming" / "dim_x.parquet", "old dim")
    # The build rewrote January and added February; November is no longer in the table.
    for month in ("2025-01", "2025-02"):
        write(pending / TABLE / f"as_of_month={month}" / f"fct_x_{month}.parquet", f"new {month}")
        write(pending / TABLE / f"as_of_month={month}" / f"_fct_x_{month}.parquet.meta.json", f"new {month}")
    write(pending / TABLE / "_manifest.json", manifest("2024-12", "2025-01", "2025-02"))
    write(pending / "gaming" / "dim_x.parquet", "new dim")
    write(pending / "gaming" / "dim_x.parquet.meta.json", "new dim")

    published = publish_exports(pending, exports)

    relative = [str(path.relative_to(exports)) for path in published]
    # Data files first, then their sidecars, the manifest last.
    assert relative == [
        "gaming/dim_x.parquet",
        "gaming/fct_x/as_of_month=2025-01/fct_x_2025-01.parquet",
        "gaming/fct_x/as_of_month=2025-02/fct_x_2025-02.parquet",
        "gaming/dim_x.parquet.meta.json",
        "gaming/fct_x/as_of_month=2025-01/_fct_x_2025-01.parquet.meta.json",
        "gaming/fct_x/as_of_month=2025-02/_fct_x_2025-02.parquet.meta.json",
        "gaming/fct_x/_manifest.json",
    ]
    on_disk = {
        str(path.relative_to(exports)): path.read_text() for path in sorted(exports.rglob("*")) if path.is_file()
    }
    assert on_disk == {
        "gaming/dim_x.parquet": "new dim",
        "gaming/dim_x.parquet.meta.json": "new dim",
        "gaming/fct_x/_manifest.json": manifest("2024-12", "2025-01", "2025-02"),
        "gaming/fct_x/as_of_month=2024-12/_fct_x_2024-12.parquet.meta.json": "old 2024-12",
        "gaming/fct_x/as_of_month=2024-12/fct_x_2024-12.parquet": "old 2024-12",
        "gaming/fct_x/as_of_month=2025-01/_fct_x_2025-01.parquet.meta.json": "new 2025-01",
        "gaming/fct_x/as_of_month=2025-01/fct_x_2025-01.parquet": "new 2025-01",
        "gaming/fct_x/as_of_month=2025-02/_fct_x_2025-02.parquet.meta.json": "new 2025-02",
        "gaming/fct_x/as_of_month=2025-02/fct_x_2025-02.parquet": "new 2025-02",
    }
    assert not (exports / ".pending" / "run-2").exists()


def test_nothing_pending_publishes_nothing(tmp_path: Path) -> None:
    kept = write(tmp_path / "exports" / TABLE / "as_of_month=2025-01" / "fct_x_2025-01.parquet", "kept")
    assert publish_exports(tmp_path / "exports" / ".pending" / "never-built", tmp_path / "exports") == []
    assert kept.read_text() == "kept"
