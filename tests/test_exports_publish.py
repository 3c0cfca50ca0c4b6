"""Publishing a pending export folder into the published exports: files a build did not write stay as they are,
files the table no longer holds go, and nothing is left in the pending folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ingestion.runner import publish
from ingestion.runner.publish import publish_exports, recover_exports

TABLE = Path("gaming") / "fct_x"
DIM = Path("gaming") / "dim_x"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def manifest(*months: str) -> str:
    return json.dumps({"files": [{"path": f"as_of_month={month}/fct_x_{month}.parquet"} for month in months]})


def write_dimension(root: Path, table: Path, text: str) -> None:
    """A dimension's folder as the export writes it: its one file, the file's sidecar, the manifest."""
    write(root / table / f"{table.name}.parquet", text)
    write(root / table / f"_{table.name}.parquet.meta.json", text)
    write(root / table / "_manifest.json", json.dumps({"files": [{"path": f"{table.name}.parquet"}]}))


def test_publishing_replaces_written_months_keeps_the_others_and_drops_months_the_manifest_lost(
    tmp_path: Path,
) -> None:
    exports, pending = tmp_path / "exports", tmp_path / "exports" / ".pending" / "run-2"
    for month in ("2024-11", "2024-12", "2025-01"):
        write(exports / TABLE / f"as_of_month={month}" / f"fct_x_{month}.parquet", f"old {month}")
        write(exports / TABLE / f"as_of_month={month}" / f"_fct_x_{month}.parquet.meta.json", f"old {month}")
    write(exports / TABLE / "_manifest.json", manifest("2024-11", "2024-12", "2025-01"))
    write(exports / DIM / "dim_x.parquet", "old dim")
    # The build rewrote January and added February; November is no longer in the table.
    for month in ("2025-01", "2025-02"):
        write(pending / TABLE / f"as_of_month={month}" / f"fct_x_{month}.parquet", f"new {month}")
        write(pending / TABLE / f"as_of_month={month}" / f"_fct_x_{month}.parquet.meta.json", f"new {month}")
    write(pending / TABLE / "_manifest.json", manifest("2024-12", "2025-01", "2025-02"))
    write_dimension(pending, DIM, "new dim")

    published = publish_exports(pending, exports)

    relative = [str(path.relative_to(exports)) for path in published]
    # Each data file, then its sidecar; the manifests last.
    assert relative == [
        "gaming/dim_x/dim_x.parquet",
        "gaming/dim_x/_dim_x.parquet.meta.json",
        "gaming/fct_x/as_of_month=2025-01/fct_x_2025-01.parquet",
        "gaming/fct_x/as_of_month=2025-01/_fct_x_2025-01.parquet.meta.json",
        "gaming/fct_x/as_of_month=2025-02/fct_x_2025-02.parquet",
        "gaming/fct_x/as_of_month=2025-02/_fct_x_2025-02.parquet.meta.json",
        "gaming/dim_x/_manifest.json",
        "gaming/fct_x/_manifest.json",
    ]
    on_disk = {
        str(path.relative_to(exports)): path.read_text() for path in sorted(exports.rglob("*")) if path.is_file()
    }
    assert on_disk == {
        "gaming/dim_x/_dim_x.parquet.meta.json": "new dim",
        "gaming/dim_x/_manifest.json": json.dumps({"files": [{"path": "dim_x.parquet"}]}),
        "gaming/dim_x/dim_x.parquet": "new dim",
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


class Crash(BaseException):
    """A kill between two renames: not an Exception, so nothing on the way catches it."""


def pending_build(exports: Path, run_id: str) -> Path:
    pending = exports / ".pending" / run_id
    for month in ("2025-01", "2025-02"):
        write(pending / TABLE / f"as_of_month={month}" / f"fct_x_{month}.parquet", f"new {month}")
        write(pending / TABLE / f"as_of_month={month}" / f"_fct_x_{month}.parquet.meta.json", f"new {month}")
    write(pending / TABLE / "_manifest.json", manifest("2025-01", "2025-02"))
    write_dimension(pending, DIM, "new dim")
    return pending


def published_files(exports: Path) -> dict[str, str]:
    return {
        str(path.relative_to(exports)): path.read_text()
        for path in sorted(exports.rglob("*"))
        if path.is_file() and ".pending" not in path.parts
    }


@pytest.mark.parametrize("renames_before_the_crash", range(8))
def test_a_publish_killed_between_renames_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames_before_the_crash: int
) -> None:
    exports = tmp_path / "exports"
    write(exports / TABLE / "as_of_month=2024-12" / "fct_x_2024-12.parquet", "old 2024-12")
    write_dimension(exports, DIM, "old dim")
    reference = tmp_path / "reference"
    write(reference / TABLE / "as_of_month=2024-12" / "fct_x_2024-12.parquet", "old 2024-12")
    write_dimension(reference, DIM, "old dim")
    publish_exports(pending_build(reference, "run-2"), reference)

    renames, real_replace = [], os.replace

    def crashing_replace(source: Path, target: Path) -> None:
        if not Path(source).name.startswith(publish.JOURNAL):
            if len(renames) == renames_before_the_crash:
                raise Crash
            renames.append(target)
        real_replace(source, target)

    pending = pending_build(exports, "run-2")
    monkeypatch.setattr(publish.os, "replace", crashing_replace)
    with pytest.raises(Crash):
        publish_exports(pending, exports)
    monkeypatch.undo()

    recovery = recover_exports(exports)

    assert recovery.finished == {"run-2": 8 - renames_before_the_crash} and recovery.dropped == []
    assert published_files(exports) == published_files(reference)
    assert published_files(exports)["gaming/dim_x/_dim_x.parquet.meta.json"] == "new dim"
    assert not list((exports / ".pending").iterdir())


def test_the_pending_exports_of_a_build_that_never_published_are_removed_and_nothing_else(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    write_dimension(exports, DIM, "old dim")
    pending_build(exports, "run-crashed-in-dbt")

    recovery = recover_exports(exports)

    assert recovery.dropped == ["run-crashed-in-dbt"] and recovery.finished == {}
    assert published_files(exports) == {
        "gaming/dim_x/_dim_x.parquet.meta.json": "old dim",
        "gaming/dim_x/_manifest.json": json.dumps({"files": [{"path": "dim_x.parquet"}]}),
        "gaming/dim_x/dim_x.parquet": "old dim",
    }
    assert not (exports / ".pending" / "run-crashed-in-dbt").exists()


def test_files_the_new_manifest_does_not_list_go_with_their_sidecars_and_emptied_folders(tmp_path: Path) -> None:
    exports, pending = tmp_path / "exports", tmp_path / "exports" / ".pending" / "run-3"
    january, february = exports / TABLE / "as_of_month=2025-01", exports / TABLE / "as_of_month=2025-02"
    # An earlier release wrote one file per month; this one a file per day, and the table lost 2025-01-02.
    write(january / "fct_x_2025-01.parquet", "month file")
    write(january / "_fct_x_2025-01.parquet.meta.json", "month sidecar")
    for day in ("2025-01-01", "2025-01-02"):
        write(january / f"fct_x_{day}.parquet", f"old {day}")
        write(january / f"_fct_x_{day}.parquet.meta.json", f"old {day}")
    write(february / "fct_x_2025-02-01.parquet", "old 2025-02-01")
    write(february / "_fct_x_2025-02-01.parquet.meta.json", "old 2025-02-01")
    write(pending / TABLE / "as_of_month=2025-01" / "fct_x_2025-01-03.parquet", "new 2025-01-03")
    write(pending / TABLE / "as_of_month=2025-01" / "_fct_x_2025-01-03.parquet.meta.json", "new 2025-01-03")
    listed = ["as_of_month=2025-01/fct_x_2025-01-01.parquet", "as_of_month=2025-01/fct_x_2025-01-03.parquet"]
    write(pending / TABLE / "_manifest.json", json.dumps({"files": [{"path": path} for path in listed]}))

    publish_exports(pending, exports)

    assert sorted(str(path.relative_to(exports / TABLE)) for path in (exports / TABLE).rglob("*")) == [
        "_manifest.json",
        "as_of_month=2025-01",
        "as_of_month=2025-01/_fct_x_2025-01-01.parquet.meta.json",
        "as_of_month=2025-01/_fct_x_2025-01-03.parquet.meta.json",
        "as_of_month=2025-01/fct_x_2025-01-01.parquet",
        "as_of_month=2025-01/fct_x_2025-01-03.parquet",
    ]


def test_the_first_publish_in_table_folders_removes_the_flat_files_of_the_tables_it_published(tmp_path: Path) -> None:
    exports, pending = tmp_path / "exports", tmp_path / "exports" / ".pending" / "run-4"
    # Written by the release before table folders: a dimension was a file beside the fact datasets.
    for table in ("gaming/dim_x", "gaming/bridge_x", "shared/dim_date", "crypto/dim_c"):
        write(exports / f"{table}.parquet", f"flat {table}")
        write(exports / f"{table}.parquet.meta.json", f"flat {table}")
    write(exports / TABLE / "as_of_month=2025-01" / "fct_x_2025-01.parquet", "old 2025-01")
    write(exports / TABLE / "_manifest.json", manifest("2025-01"))
    # This build published gaming and shared. crypto was not built and bridge_x not in it: their files stay.
    for table in (DIM, Path("shared") / "dim_date"):
        write_dimension(pending, table, f"new {table}")
    write(pending / TABLE / "as_of_month=2025-01" / "fct_x_2025-01.parquet", "new 2025-01")
    write(pending / TABLE / "_manifest.json", manifest("2025-01"))

    publish_exports(pending, exports)

    assert {path: text for path, text in published_files(exports).items() if not path.endswith("_manifest.json")} == {
        "crypto/dim_c.parquet": "flat crypto/dim_c",
        "crypto/dim_c.parquet.meta.json": "flat crypto/dim_c",
        "gaming/bridge_x.parquet": "flat gaming/bridge_x",
        "gaming/bridge_x.parquet.meta.json": "flat gaming/bridge_x",
        "gaming/dim_x/_dim_x.parquet.meta.json": "new gaming/dim_x",
        "gaming/dim_x/dim_x.parquet": "new gaming/dim_x",
        "gaming/fct_x/as_of_month=2025-01/fct_x_2025-01.parquet": "new 2025-01",
        "shared/dim_date/_dim_date.parquet.meta.json": "new shared/dim_date",
        "shared/dim_date/dim_date.parquet": "new shared/dim_date",
    }
    assert not (exports / ".pending" / "run-4").exists()


def test_a_dimension_folder_keeps_only_the_file_its_manifest_lists(tmp_path: Path) -> None:
    exports, pending = tmp_path / "exports", tmp_path / "exports" / ".pending" / "run-5"
    write(exports / DIM / "dim_x_old_name.parquet", "stale")
    write(exports / DIM / "_dim_x_old_name.parquet.meta.json", "stale")
    write_dimension(pending, DIM, "new dim")

    publish_exports(pending, exports)

    assert sorted(path.name for path in (exports / DIM).iterdir()) == [
        "_dim_x.parquet.meta.json",
        "_manifest.json",
        "dim_x.parquet",
    ]
