"""``match-watchlist --default-country``: a partner's numbers meet ours written bare, as
``run --default-country`` reads them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import intel
from sellergraph.cli import main

KEY = b"a key both partners agreed on, 32+ bytes long"


@pytest.fixture
def shared(tmp_path: Path) -> list[str]:
    stores = pd.DataFrame({"store_id": ["T1"], "status": ["banned"], "closed_at": ["2023-01-01"]})
    links = pd.DataFrame({"store_id": ["T1"], "kind": ["phone"], "value": ["+49 151 23456789"]})
    intel.write_watchlist(
        intel.to_watchlist(sg.analyze(stores, links), secret=KEY), tmp_path / "wl.csv"
    )
    (tmp_path / "key").write_bytes(KEY)
    (tmp_path / "s.csv").write_text("store_id,status,opened_at\nO1,active,2023-06-01\n")
    (tmp_path / "l.csv").write_text("store_id,kind,value\nO1,phone,0151 23456789\n")
    return [
        "match-watchlist", "--watchlist", str(tmp_path / "wl.csv"),
        "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv"),
        "--out", str(tmp_path / "m.csv"), "--key-file", str(tmp_path / "key"), "-q",
    ]  # fmt: skip


def test_bare_numbers_are_read_in_the_default_country(shared: list[str], tmp_path: Path) -> None:
    assert main(shared) == 0  # read as a Chinese number: no match
    assert pd.read_csv(tmp_path / "m.csv").empty
    assert main([*shared, "--default-country", "Germany"]) == 0
    assert pd.read_csv(tmp_path / "m.csv")["store_id"].tolist() == ["O1"]
