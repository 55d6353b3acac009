"""A run into a folder an earlier run wrote leaves only its own outputs there."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellergraph.cli import main

STORES = "store_id,status,closed_at\nB1,banned,2021-01-01\nA1,active,\nA2,active,\n"
LINKS = "store_id,kind,value\nB1,phone,13800138000\nA1,phone,+86 138 0013 8000\nA2,phone,1\n"


def _run(tmp_path: Path, out: Path, *extra: str) -> int:
    inputs = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    return main(["run", *inputs, "--out", str(out), "-q", *extra])


def test_an_earlier_run_s_other_files_are_removed_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "stores.csv").write_text(STORES)
    (tmp_path / "links.csv").write_text(LINKS)
    (tmp_path / "reviews.csv").write_text("store_id,decision\nA1,cleared\n")
    out = tmp_path / "run"
    assert _run(tmp_path, out, "--reviews", str(tmp_path / "reviews.csv")) == 0
    assert {"alerts.csv", "reviews.csv", "report.html"} <= {p.name for p in out.iterdir()}
    (out / "notes.txt").write_text("an investigator's own file")
    assert _run(tmp_path, out, "--format", "parquet", "--no-report") == 0
    left = sorted(p.name for p in out.iterdir())
    assert left == sorted(
        ["run.json", "notes.txt"]
        + [f"{n}.parquet" for n in ("scores", "alerts", "rings", "hubs", "rejected")]
        + [f"{n}.parquet" for n in ("evidence", "stores", "links")]
    )
    assert "removed 10 files of an earlier run" in caplog.text
    assert "report.html, reviews.csv, rings.csv" in caplog.text


def test_a_folder_that_is_no_run_folder_keeps_its_files(tmp_path: Path) -> None:
    (tmp_path / "stores.csv").write_text(STORES)
    (tmp_path / "links.csv").write_text(LINKS)
    # the inputs in the output folder itself, written as Parquet there
    assert _run(tmp_path, tmp_path, "--format", "parquet", "--no-report") == 0
    assert (tmp_path / "stores.csv").read_text() == STORES
    assert (tmp_path / "links.csv").read_text() == LINKS
    # a second run: now a run folder, but its inputs are still never removed
    assert _run(tmp_path, tmp_path, "--format", "parquet", "--no-report") == 0
    assert (tmp_path / "stores.csv").read_text() == STORES
