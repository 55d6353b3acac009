"""What a load says about input it read but probably not as meant: unread columns,
phone numbers read in the wrong region, a DataFrame's index, a missing column."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import canonical_kind
from sellergraph.errors import InputError


def _au_stores(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["2024-01-01"] + [None] * (n - 1),
            "phone": [f"04{12345000 + 7 * i}" for i in range(n)],  # Australian mobiles
        }
    )


def test_phones_read_in_the_wrong_region_are_noticed(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(_au_stores())
    (notice,) = ds.counts["notices"]
    assert notice.startswith(
        "40 of 40 distinct phone values (100%) are not valid numbers in the region"
    )
    assert "read in CN (normalize.default_region)" in notice
    assert [r.getMessage() for r in caplog.records] == [notice]


def test_phones_read_in_their_region_are_not_noticed(caplog: pytest.LogCaptureFixture) -> None:
    stores = _au_stores().assign(country="AU")
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores)
    assert "notices" not in ds.counts
    assert not caplog.records
    few = _au_stores(10)  # ten odd numbers say nothing
    assert "notices" not in sg.load(few).counts


def test_the_notice_names_the_country_column_when_there_is_one() -> None:
    stores = _au_stores().assign(country=None)
    (notice,) = sg.load(stores).counts["notices"]
    assert "in their store's country, else in CN" in notice


def test_cli_prints_the_notice_and_unread_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stores.csv"
    _au_stores().assign(
        given_name="x", phone=lambda f: f["phone"].map(lambda p: "0" + p[1:])
    ).to_csv(path, index=False)
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "run")]) == 0
    out, err = capsys.readouterr()  # not -q: the summary is what is read
    assert "not read          given_name (carried along" in out
    assert "sellergraph: warning: 40 of 40 distinct phone values" in err
    report = (tmp_path / "run" / "report.html").read_text()
    assert "Columns carried along, not read as identifiers: given_name." in report
    assert "<b>Note:</b> 40 of 40 distinct phone values" in report


def test_columns_not_read_are_counted() -> None:
    stores = _au_stores(3).assign(
        given_name="x", date_of_birth="1970-01-01", Mobile="+61412345678", country="AU"
    )
    ds = sg.load(stores)
    assert ds.counts["columns_not_read"] == ["given_name", "date_of_birth"]
    assert "columns_not_read" not in sg.load(_au_stores(3)).counts


@pytest.mark.parametrize("name", ["soc_sec_id", "SSN", "National ID Number", "CPF", "NRIC"])
def test_national_id_numbers_are_id_documents(name: str) -> None:
    stores = _au_stores(2).drop(columns="phone").assign(**{name: ["830 517 294", "830-517-294"]})
    ds = sg.load(stores)
    assert ds.counts["kinds_read_as"] == {canonical_kind(name): "id_document"}
    assert ds.links["kind"].tolist() == ["id_document", "id_document"]
    assert ds.links["key"].nunique() == 1


def test_a_named_index_is_a_column() -> None:
    stores = _au_stores(3).set_index("store_id")
    assert sg.load(stores).stores["store_id"].tolist() == ["S0", "S1", "S2"]
    by_rec = stores.rename_axis("rec_id")
    assert len(sg.load(by_rec, columns={"rec_id": "store_id"}).stores) == 3
    with pytest.raises(InputError, match=r"columns: rec_id, status.*--columns YOURS=store_id"):
        sg.load(by_rec)


def test_a_number_shared_by_many_stores_counts_once() -> None:
    n = 200
    stores = _au_stores(n).assign(country="AU")
    stores.loc[: n - 26, "phone"] = "+61 412 345 678"  # one valid number, 175 stores
    stores.loc[n - 25 :, "phone"] = [f"+61 9{i:03d}" for i in range(25)]  # 25 too short
    (notice,) = sg.load(stores).counts["notices"]  # distinct values on both sides
    assert notice.startswith("25 of 26 distinct phone values (96%)")
    assert "(0 unlisted_phone, 25 invalid_phone)" in notice


def test_an_index_with_repeated_names_is_left_alone() -> None:
    stores = _au_stores(2)
    stores.index = pd.MultiIndex.from_arrays([[1, 2], [3, 4]], names=["k", "k"])
    assert len(sg.load(stores).stores) == 2


def _wallet_links(n_bad: int, n_good: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"S{i}" for i in range(n_bad + n_good)]
    stores = pd.DataFrame({"store_id": ids, "status": "active"})
    values = [f"acct (old) {i:08d}" for i in range(n_bad)]  # a form the kind refuses
    values += [f"6222{i:012d}" for i in range(n_good)]
    links = pd.DataFrame({"store_id": ids, "kind": "Payment_Account", "value": values})
    return stores, links


def test_a_kind_with_many_values_it_does_not_read_is_noticed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stores, links = _wallet_links(30, 170)
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores, links)
    assert ds.counts["rejected_by_reason"] == {"invalid_characters": 30}
    (notice,) = [n for n in ds.counts["notices"] if "does not read" in n]
    assert "payment_account 30 of 200 (15%; invalid_characters 30)" in notice
    assert notice in caplog.text


def test_a_few_values_a_kind_does_not_read_are_not_noticed() -> None:
    stores, links = _wallet_links(5, 195)  # under UNKNOWN_KIND_MIN
    ds = sg.load(stores, links)
    assert ds.counts["rejected_by_reason"] == {"invalid_characters": 5}
    assert not any("does not read" in n for n in ds.counts.get("notices", []))
