"""Placeholder dates: the dates exports write for an unknown date (1970-01-01, the
number 0, 1900-01-01, a spreadsheet's day zero, "never" in 2099 and later) are cleared
and noted (``placeholder_date``), in every form the loader reads; real old dates stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.schema import ROW_REASONS, placeholder_dates

PHONE = "+1 415 555 0101"


def _load(opened: list[object], closed: list[object] | None = None) -> sg.Dataset:
    n = len(opened)
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["active"] * n,
            "opened_at": pd.Series(opened),
            "closed_at": pd.Series(closed if closed is not None else [None] * n, dtype=object),
        }
    )
    links = pd.DataFrame({"store_id": ["S0"], "kind": "phone", "value": PHONE})
    return sg.load(stores, links)


def _noted(ds: sg.Dataset, reason: str = "placeholder_date") -> list[list[object]]:
    rej = ds.rejected[ds.rejected["reason"] == reason]
    return rej[["table", "row", "store_id", "column", "value", "dropped"]].values.tolist()


@pytest.mark.parametrize(
    "value",
    [
        "1970-01-01",
        "1970-01-01 00:00:00",
        "1970-01-01T00:00:00Z",
        "1970-01-01T00:00:00.000+00:00",
        "1970-01-01 08:00:00",  # epoch zero as a clock in China shows it
        "1969-12-31 19:00:00",  # ... in New York
        "1970-01-01 05:45",  # ... in Nepal
        "01/01/1970",
        "1.1.1970",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "1. Januar 1970",
        "19700101",
        "0",
        "0.0",
        "0000000000",
        "0000000000000",
        "00000000",
        "1900-01-01",
        "1900-01-01 00:00:00",
        "01/01/1900",
        "19000101",
        "1899-12-30",
        "1899-12-31",
        "1904-01-01",
        "1753-01-01",
        "2099-12-31",
        "2099-12-31 23:59:59",
        "12/31/2099",
        "2100-01-01",
        "2199-12-31",
        "2262-04-01",
    ],
)
def test_a_placeholder_date_in_text_is_cleared_and_noted(value: str) -> None:
    ds = _load([value, "2024-03-05"])
    assert pd.isna(ds.stores["opened_at"].iloc[0])
    assert ds.stores["opened_at"].iloc[1] == pd.Timestamp("2024-03-05")
    assert _noted(ds) == [["stores", 0, "S0", "opened_at", value, False]]
    assert _noted(ds, "invalid_date") == []
    message = ds.rejected.loc[ds.rejected["reason"] == "placeholder_date", "message"].iloc[0]
    assert message == ROW_REASONS["placeholder_date"]


@pytest.mark.parametrize(
    "value",
    [
        "1985-06-01",  # a founding date
        "1970-01-02",
        "1969-12-31",  # midnight: no zone's clock shows epoch zero so
        "1970-01-01 00:00:01",
        "1970-01-01 08:07",
        "1900-01-01 10:30",
        "1900-01-02",
        "1899-12-29",
        "1753-01-02",
        "2099-12-30 23:59:59",
        "1609459200",  # epoch seconds of 2021-01-01
    ],
)
def test_real_dates_near_the_placeholders_are_kept(value: str) -> None:
    ds = _load([value])
    assert pd.notna(ds.stores["opened_at"].iloc[0])
    assert _noted(ds) == [] and _noted(ds, "invalid_date") == []


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2999-12-31", "12/31/9999"])
def test_dates_past_what_is_held_stay_invalid_dates(value: str) -> None:
    ds = _load([value])
    assert _noted(ds, "invalid_date") == [["stores", 0, "S0", "opened_at", value, False]]
    assert _noted(ds) == []


def test_epoch_numbers_in_a_numeric_column() -> None:
    # a Parquet or JSON integer column of epoch seconds, 0 where unknown
    ds = _load([0, 1609459200, 0], [1612137600, 0, None])
    assert ds.stores["opened_at"].isna().tolist() == [True, False, True]
    assert ds.stores["closed_at"].isna().tolist() == [False, True, True]
    assert [(r[1], r[3]) for r in _noted(ds)] == [
        (0, "opened_at"),
        (1, "closed_at"),
        (2, "opened_at"),
    ]
    ds = _load([0.0, 1609459200.0, np.nan])
    assert [(r[1], r[4]) for r in _noted(ds)] == [(0, 0.0)]


@pytest.mark.parametrize("zone", [None, "UTC", "Asia/Shanghai", "America/New_York"])
def test_a_datetime_column_holding_placeholders(zone: str | None) -> None:
    at = pd.to_datetime(pd.Series(["1970-01-01", "1900-01-01", "2024-03-05", "2099-12-31", None]))
    if zone is not None:  # epoch zero, as the zone's clock shows it
        at = at.dt.tz_localize("UTC").dt.tz_convert(zone)
        at.iloc[1] = pd.Timestamp("1900-01-01", tz=zone)
        at.iloc[3] = pd.Timestamp("2099-12-31", tz=zone)
    ds = _load(list(at) if zone else at.tolist())
    assert ds.stores["opened_at"].notna().tolist() == [False, False, True, False, False]
    assert [r[1] for r in _noted(ds)] == [0, 1, 3]


def test_files_of_every_form(tmp_path: Path) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "status": ["banned", "active", "active"],
            "opened_at": ["1970-01-01", "2023-05-02", "1899-12-30"],
            "closed_at": ["2023-04-01", "9999-12-31", "2099-12-31"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "kind": "phone",
            "value": PHONE,
            "observed_at": ["1970-01-01 08:00:00", "2023-05-02"],
        }
    )
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    as_dates = stores.assign(opened_at=pd.to_datetime(stores["opened_at"]))
    as_dates.drop(columns="closed_at").to_parquet(tmp_path / "stores.parquet")
    from_csv = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    assert _noted(from_csv) == [
        ["stores", 0, "A", "opened_at", "1970-01-01", False],
        ["stores", 2, "C", "opened_at", "1899-12-30", False],
        ["stores", 2, "C", "closed_at", "2099-12-31", False],
        ["links", 0, "A", "observed_at", "1970-01-01 08:00:00", False],
    ]
    assert _noted(from_csv, "invalid_date") == [
        ["stores", 1, "B", "closed_at", "9999-12-31", False]
    ]
    first = from_csv.links.set_index("store_id")["first_seen"]
    assert pd.isna(first["A"]) and first["B"] == pd.Timestamp("2023-05-02")
    from_parquet = sg.load(tmp_path / "stores.parquet", tmp_path / "links.csv")
    assert [r[:4] for r in _noted(from_parquet) if r[0] == "stores"] == [
        ["stores", 0, "A", "opened_at"],
        ["stores", 2, "C", "opened_at"],
    ]


def test_a_cleared_date_is_no_evidence_of_order() -> None:
    # opened "2099-12-31" and closed in 2023 is no store closed before it opened; a
    # banned store whose closure is a placeholder has no closure
    ds = _load(["2099-12-31", "2020-01-01"], ["2023-04-01", "2099-12-31"])
    assert _noted(ds, "closed_before_opened") == []
    stores = pd.DataFrame(
        {
            "store_id": ["A"],
            "status": ["banned"],
            "opened_at": ["2020-01-01"],
            "closed_at": "1900-01-01",
        }
    )
    links = pd.DataFrame({"store_id": ["A"], "kind": "phone", "value": PHONE})
    ds = sg.load(stores, links)
    assert ds.rejected["reason"].tolist() == ["placeholder_date", "missing_closed_at"]


def test_a_new_store_registered_on_1970_is_not_read_as_decades_old() -> None:
    # the returning store's registration is unknown, not thirty years before the ban
    ds = _load(["2021-05-01", "1970-01-01"], ["2023-04-01", None])
    assert ds.stores["opened_at"].isna().tolist() == [False, True]


def test_placeholder_dates_of_parsed_values() -> None:
    at = pd.to_datetime(
        pd.Series(["1970-01-01 14:00", "1970-01-01 14:15", "1969-12-31 12:00", "1969-12-31 11:45"])
    )
    assert placeholder_dates(at).tolist() == [True, False, True, False]
    assert placeholder_dates(at.to_numpy()).tolist() == [True, False, True, False]
    assert placeholder_dates(pd.Series([], dtype="datetime64[ns]")).tolist() == []
