"""Rows that are no data (empty rows, the header again, NULL ids), and what a load says
when many links or dates could not be used: unknown store ids, unreadable dates."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError

DEVICE = "356938035643809"


def _counts_add_up(ds: sg.Dataset) -> None:
    c = ds.counts
    assert c["links_accepted"] + c["links_rejected"] == c["links_in"]


def test_empty_rows_are_set_aside_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = tmp_path / "stores.csv", tmp_path / "links.csv"
    stores.write_text(
        "store_id,status,opened_at,closed_at,country\n"
        "S1,banned,2022-01-01,2022-06-01,CN\n"
        ",,,,\n"
        "S2,active,2022-07-01,,CN\n"
        ",,,,\n"
        "NULL,NaN,,,\n"  # a database's empty row
    )
    links.write_text(f"store_id,kind,value\nS1,device,{DEVICE}\n,,\nS2,device,{DEVICE}\n,,\n")
    ds = sg.load(stores, links)
    assert ds.stores["store_id"].tolist() == ["S1", "S2"]
    aside = ds.rejected[ds.rejected["reason"] == "empty_row"]
    assert aside[["table", "row", "dropped"]].values.tolist() == [
        ["stores", 1, True],
        ["stores", 3, True],
        ["stores", 4, True],
        ["links", 1, True],
        ["links", 3, True],
    ]
    assert ds.counts["rejected_by_reason"]["empty_row"] == 5
    assert (ds.counts["links_in"], ds.counts["links_rejected"]) == (4, 2)
    _counts_add_up(ds)
    assert (
        main(["run", "--stores", str(stores), "--links", str(links), "--out", str(tmp_path / "o")])
        == 0
    )
    out = capsys.readouterr().out
    assert "links                        4  (2 rejected" in out
    assert len(ds.links) == 2


def test_an_empty_status_is_said_to_be_empty() -> None:
    stores = pd.DataFrame({"store_id": ["S1", "S2", "S3"], "status": ["active", "", "NULL"]})
    links = pd.DataFrame({"store_id": ["S1"], "kind": "device", "value": DEVICE})
    with pytest.raises(InputError) as err:
        sg.load(stores, links)
    f = err.value.failures
    assert f is not None
    assert f[["row", "column", "reason"]].values.tolist() == [
        [1, "status", "missing_value"],
        [2, "status", "missing_value"],
    ]
    assert set(f["message"].str.split(";").str[0]) == {"status is empty"}
    assert "unknown_status" not in str(err.value)


def test_a_repeated_header_row_is_set_aside(tmp_path: Path) -> None:
    stores, links = tmp_path / "stores.csv", tmp_path / "links.csv"
    # two exports joined: the header again in the middle, in both tables; the
    # stores table is wide (its Mobile column read as phone links)
    stores.write_text(
        "Shop ID,status,Mobile\n"
        "S1,banned,13800138000\n"
        "Shop ID,status,Mobile\n"
        "S2,active,13800138000\n"
    )
    links.write_text(
        f"Shop ID,Kind,value\nS1,device,{DEVICE}\nShop ID,Kind,value\nS2,device,{DEVICE}\n"
    )
    ds = sg.load(stores, links, columns={"Shop ID": "store_id"})
    aside = ds.rejected[ds.rejected["reason"] == "header_row"]
    assert aside[["table", "row", "value", "dropped"]].values.tolist() == [
        ["stores", 1, "Shop ID", True],
        ["links", 1, "Shop ID", True],
    ]
    assert "unknown_store" not in ds.counts["rejected_by_reason"]
    assert sorted(ds.links["kind"]) == ["device", "device", "phone", "phone"]
    _counts_add_up(ds)


@pytest.mark.parametrize("word", ["NULL", "null", "NaN", "None", "N/A", "#N/A"])
def test_null_words_as_store_ids_are_missing_ids(word: str) -> None:
    stores = pd.DataFrame({"store_id": ["S1", "S2"], "status": ["active", "active"]})
    links = pd.DataFrame(
        {"store_id": ["S1", word, "S2"], "kind": "device", "value": [DEVICE, DEVICE, DEVICE]}
    )
    ds = sg.load(stores, links)
    (rejected,) = ds.rejected.itertuples()
    assert (rejected.row, rejected.reason, rejected.value) == (1, "missing_store_id", word)
    assert f"{word!r} is a word for an empty cell" in rejected.message
    assert pd.isna(rejected.store_id)

    with pytest.raises(InputError) as err:  # in the stores table, as an empty id
        sg.load(stores.assign(store_id=["S1", word]), links)
    f = err.value.failures
    assert f is not None
    assert f[["row", "column", "reason"]].values.tolist() == [[1, "store_id", "missing_value"]]
    assert f"store_id is empty: {word!r} is a word for an empty cell" in str(err.value)


def test_a_partial_store_id_mismatch_is_noticed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # a CRM pads its ids with zeros, the database of the links does not, mostly
    status = ["banned"] + ["active"] * 199  # something to score against: no other notice
    stores = pd.DataFrame({"store_id": [f"{i:08d}" for i in range(1, 201)], "status": status})
    ids = [f"{i:08d}" if i % 10 == 0 else str(i) for i in range(1, 201)]
    links = pd.DataFrame({"store_id": ids, "kind": "phone", "value": "+8613800138000"})
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores, links)
    (notice,) = ds.counts["notices"]
    assert notice.startswith(
        "180 of 200 links (90%) name a store_id that is not in the stores table and were "
        "set aside (unknown_store), such as '1', '2', '3'. 180 of the 180 distinct ids "
        "would match a store after adding leading zeros (the links' '1' is the stores' "
        "'00000001')"
    )
    assert [r.getMessage() for r in caplog.records] == [notice]

    # case is a difference of writing too; a handful of unknown stores says nothing
    upper = stores.assign(store_id=[f"SHOP-{i}" for i in range(1, 201)])
    lower = links.assign(store_id=[f"shop-{i}" if i % 2 else f"SHOP-{i}" for i in range(1, 201)])
    (notice,) = sg.load(upper, lower).counts["notices"]
    assert "would match a store after ignoring case (the links' 'shop-1'" in notice
    few = links.assign(store_id=[f"{i:08d}" if i > 10 else str(i) for i in range(1, 201)])
    assert "notices" not in sg.load(stores, few).counts

    s_path, l_path = tmp_path / "stores.csv", tmp_path / "links.csv"
    stores.to_csv(s_path, index=False)
    links.to_csv(l_path, index=False)
    assert (
        main(
            [
                "run",
                "--stores",
                str(s_path),
                "--links",
                str(l_path),
                "--out",
                str(tmp_path / "o"),
                "-q",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "sellergraph: warning: 180 of 200 links (90%) name a store_id" in err
    report = (tmp_path / "o" / "report.html").read_text()
    assert "<b>Note:</b> 180 of 200 links (90%)" in report


def test_unix_epoch_and_yyyymmdd_dates_are_read(tmp_path: Path) -> None:
    at = pd.Timestamp("2021-01-01 00:00:00")
    epoch = int(at.timestamp())
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3", "S4", "S5"],
            "status": ["banned", "banned", "banned", "banned", "active"],
            "opened_at": [str(epoch), str(epoch * 1000), "20201231", "202012311230", None],
            "closed_at": [epoch + 86400, epoch * 1000 + 86400_000, 20210102, 20210102, None],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["S1", "S2"], "kind": "device", "value": DEVICE, "observed_at": [1.6e9, None]}
    )
    ds = sg.load(stores, links)
    st = ds.stores.set_index("store_id")
    assert st["opened_at"].tolist()[:4] == [
        at,
        at,
        pd.Timestamp("2020-12-31"),
        pd.Timestamp("2020-12-31 12:30"),  # twelve digits of a date and time stay that
    ]
    assert st["closed_at"].tolist()[:4] == [pd.Timestamp("2021-01-02")] * 4
    assert "invalid_date" not in ds.counts["rejected_by_reason"]
    assert ds.links["first_seen"].iloc[0] == pd.Timestamp(1_600_000_000, unit="s")

    # numbers of a JSON file and a Parquet file's integer and float columns
    records = stores.assign(opened_at=[epoch, epoch * 1000, 20201231, None, None])
    path = tmp_path / "stores.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records.to_dict("records")))
    assert sg.load(path, links).stores["opened_at"].iloc[1] == at
    parquet = tmp_path / "stores.parquet"
    records.assign(closed_at=[epoch + 0.5, None, None, None, None]).to_parquet(parquet)
    read = sg.load(parquet, links).stores
    assert read["opened_at"].iloc[0] == at
    assert read["closed_at"].iloc[0] == at + pd.Timedelta("500ms")
    # after 2262, epoch numbers are as invalid as other dates there
    late = stores.assign(opened_at=["9999999999", None, None, None, None])
    assert sg.load(late, links).counts["rejected_by_reason"]["invalid_date"] == 1


def test_mostly_unreadable_dates_are_noticed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = 30
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "opened_at": [f"Q{1 + i % 4} {2000 + i}" for i in range(n)],  # quarters
            "closed_at": ["2022-01-01"] + [None] * (n - 1),
            "device": [DEVICE] * n,
        }
    )
    ds = sg.load(stores)
    (notice,) = ds.counts["notices"]
    assert notice.startswith(
        "30 of 30 opened_at values of the stores table (100%) could not be read as dates "
        "and were cleared (invalid_date), such as 'Q1 2000', 'Q2 2001', 'Q3 2002'. Dates "
        "are read in ISO 8601"
    )
    assert "Unix epoch seconds (1647302400) or milliseconds" in notice
    # a few bad dates, or bad dates of a short column, say nothing
    some = stores.assign(opened_at=["2022-01-01"] * 20 + stores["opened_at"].head(10).tolist())
    assert "notices" not in sg.load(some).counts
    assert "notices" not in sg.load(stores.head(10)).counts
    # spreadsheet day numbers are no unreadable dates: they have a notice of their own,
    # from one value on (tests/test_f2_s36.py)
    serials = stores.assign(opened_at=[str(44000 + i) for i in range(n)])
    (notice,) = sg.load(serials).counts["notices"]
    assert notice.startswith(
        "30 of 30 opened_at values of the stores table (100%) are spreadsheet serial day "
        "numbers, such as '44000' (2020-06-18) and '44001' (2020-06-19)"
    )

    links = pd.DataFrame(
        {
            "store_id": stores["store_id"],
            "kind": "phone",
            "value": "+8613800138000",
            "observed_at": "sometime",
        }
    )
    (notice,) = sg.load(stores.drop(columns="opened_at"), links).counts["notices"]
    assert notice.startswith("30 of 30 observed_at values of the links table (100%)")

    path = tmp_path / "stores.csv"
    stores.to_csv(path, index=False)
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "o"), "-q"]) == 0
    assert "sellergraph: warning: 30 of 30 opened_at values of the stores table" in (
        capsys.readouterr().err
    )
