"""``explain --run`` says why a mobile-money wallet years apart weighs less, as the batch does.

A payment account that is a wallet addressed by its holder's phone number (M-Pesa's
``MPESA0712345678``) fades as the phone does when the two stores held it years apart:
the number, and the wallet with it, may have passed to a new holder. The batch's
explanation says so; ``sellergraph explain --run`` read the wallet from the evidence
table's value, which a run folder masks (``***********5678``), and said nothing. It
now finds the key in the folder's links table and words the row as the batch does; the
value stays masked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.io.run import write_run

HANDED_ON = "a mobile-money account may have passed to a new holder with its phone number"


def marketplace() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Banned stores and, years after their bans, stores sharing: B1's M-Pesa wallet
    (A1) or bank account (A2); B2's wallet and a bank account whose masks differ only in
    their stars (A3); B3's wallet and a bank account of the same mask (A4)."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "B2", "B3", "A1", "A2", "A3", "A4"],
            "status": ["banned"] * 3 + ["active"] * 4,
            "opened_at": ["2016-01-01"] * 3 + ["2021-06-01"] * 4,
            "closed_at": ["2018-01-01", "2018-02-01", "2018-03-01", None, None, None, None],
            "closure_reason": ["counterfeit", "fraud", "fraud", None, None, None, None],
        }
    )
    links = pd.DataFrame(
        [
            ("B1", "payment_account", "M-Pesa 0712345678"),
            ("B1", "payment_account", "GTBank 0123456789"),
            ("A1", "payment_account", "MPESA 0712 345 678"),
            ("A2", "payment_account", "GTB 0123456789"),
            ("B2", "payment_account", "M-Pesa 0722995678"),  # MPESA0722995678
            ("B2", "payment_account", "Equity 1180295678"),  # EQUITY1180295678
            ("A3", "payment_account", "mpesa 0722 995 678"),
            ("A3", "payment_account", "Equity Bank 1180295678"),
            ("B3", "payment_account", "M-Pesa 0733995678"),  # MPESA0733995678
            ("B3", "payment_account", "KCB 1234 5678 5678"),  # KCB123456785678
            ("A4", "payment_account", "M-PESA 0733 995678"),
            ("A4", "payment_account", "KCB 123456785678"),
        ],
        columns=["store_id", "kind", "value"],
    )
    return stores, links


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    return sg.analyze(*marketplace(), seed=0)


def explained(folder: Path, store_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["explain", store_id, "--run", str(folder)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("raw", [False, True])
def test_the_folder_explains_a_wallet_handed_on_as_the_batch_does(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, raw: bool
) -> None:
    folder = tmp_path / "run"
    write_run(analysis, folder, fmt=fmt, raw=raw, report=False)
    batch = analysis.explain("A1", mask=not raw).summary
    assert HANDED_ON in batch  # the batch's wording of the row
    out = explained(folder, "A1", capsys)
    assert out.splitlines()[0] == batch
    if not raw:  # the masked value stays masked
        assert "0712345678" not in out and "MPESA" not in out
        assert "***********5678" in out


def test_json_gives_the_same_summary(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_run(analysis, tmp_path / "run", report=False)
    capsys.readouterr()
    assert main(["explain", "A1", "--run", str(tmp_path / "run"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"] == analysis.explain("A1").summary
    assert {c["value"] for c in payload["contributions"]} == {"***********5678"}


@pytest.mark.parametrize("store_id", ["A2", "A3"])
def test_a_bank_account_next_to_a_wallet_is_worded_as_the_batch_does(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str], store_id: str
) -> None:
    # A2's bank account years apart keeps its weight; A3's wallet and bank account end
    # alike (both masked to ...5678, with different numbers of stars)
    write_run(analysis, tmp_path / "run", report=False)
    out = explained(tmp_path / "run", store_id, capsys).splitlines()[0]
    batch = analysis.explain(store_id).summary
    assert out == batch
    assert batch.count(HANDED_ON) == (store_id == "A3")


def test_a_wallet_and_a_bank_account_of_one_mask_are_not_told_apart(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A4 shares B3's wallet and a bank account masked alike (***********5678): which
    # row is the wallet the masked folder cannot tell, and it words neither as handed
    # on rather than guess (the batch, which reads the keys, words the wallet's)
    write_run(analysis, tmp_path / "run", report=False)
    out = explained(tmp_path / "run", "A4", capsys).splitlines()[0]
    batch = analysis.explain("A4").summary
    assert HANDED_ON in batch and HANDED_ON not in out
    assert out == re.sub(rf"; [0-9,]+ days apart, {HANDED_ON}: weight x[0-9.]+", "", batch)


def test_a_folder_without_links_explains_as_before(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_run(analysis, tmp_path / "run", report=False)
    (tmp_path / "run" / "links.csv").unlink()  # as written before run folders held them
    out = explained(tmp_path / "run", "A1", capsys)
    assert "***********5678" in out and HANDED_ON not in out
