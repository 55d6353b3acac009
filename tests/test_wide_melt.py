"""A wide stores table's identifier columns melted into links, column by column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.schema import ROW_MARK, _melt_any_columns, melt_wide_links, wide_kind

KINDS = {"phone", "email", "device", "address"}


def _wide() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 300
    cells = np.array(["", " ", "\u3000", "\t", None, "a", " b ", "x@y.cn", "138 0013 8000", "设备"])

    def column() -> pd.Series:
        return pd.Series(cells[rng.integers(0, len(cells), n)], dtype="str")

    return pd.DataFrame(
        {
            "store_id": pd.Series([f"S{i % 290}" for i in range(n)], dtype="str"),
            "phone_2": column(),
            "Email": column(),
            "device": column(),
            "phone": column(),
            "name": column(),
            "Phone ": column(),  # a second column of one name: after the first, in table order
        }
    )


def _as_objects(frame: pd.DataFrame) -> list[list[object]]:
    return [[None if pd.isna(v) else v for v in row] for row in frame.astype(object).values]


def test_text_columns_melt_as_the_general_path_does() -> None:
    stores = _wide()
    fast = melt_wide_links(stores, KINDS)
    cols = {c: wide_kind(c) for c in stores.columns}
    wide = sorted(
        [c for c in stores.columns if c not in ("store_id", "name")], key=lambda c: cols[c]
    )
    general = _melt_any_columns(stores, wide, cols)
    assert fast is not None
    assert list(fast.columns) == list(general.columns)
    assert _as_objects(fast) == _as_objects(general)
    assert len(fast) > 100  # the blanks (spaces, an ideographic space, a tab) are no links
    assert not fast["value"].str.strip().eq("").any()


def test_text_columns_keep_text_values_and_row_marks() -> None:
    fast = melt_wide_links(_wide(), KINDS)
    assert fast is not None
    assert fast["value"].dtype == "str"
    assert fast[ROW_MARK].is_monotonic_increasing
    assert set(fast["kind"].unique()) == {"device", "email", "phone", "phone_2"}


def test_a_number_column_takes_the_general_path() -> None:
    stores = pd.DataFrame(
        {"store_id": ["S1", "S2"], "phone": [13800138000, None], "device": ["d1", " "]}
    )
    out = melt_wide_links(stores, KINDS)
    assert out is not None
    assert out[["store_id", "kind", "value"]].values.tolist() == [
        ["S1", "device", "d1"],
        ["S1", "phone", 13800138000.0],
    ]


def test_no_rows() -> None:
    stores = _wide().iloc[:0]
    out = melt_wide_links(stores, KINDS)
    assert out is not None and len(out) == 0


@pytest.mark.parametrize("with_links", [False, True])
def test_wide_stores_load_with_and_without_a_links_table(with_links: bool) -> None:
    stores = pd.DataFrame(
        {
            "store_id": pd.Series(["S1", "S2", "S3"], dtype="str"),
            "status": pd.Series(["banned", "active", "active"], dtype="str"),
            "phone": pd.Series(["13800138000", "138 0013 8000", ""], dtype="str"),
            "Address Line 1": pd.Series(["1 High St", None, "1 High St"], dtype="str"),
            "City": pd.Series(["Leeds", "York", "Leeds"], dtype="str"),
        }
    )
    links = pd.DataFrame({"store_id": ["S3"], "kind": ["phone"], "value": ["13800138000"]})
    ds = sg.load(stores, links if with_links else None)
    got = ds.links.sort_values(["store_id", "kind"])[["store_id", "kind"]].values.tolist()
    expected = [["S1", "address"], ["S1", "phone"], ["S2", "phone"], ["S3", "address"]]
    if with_links:
        expected.insert(4, ["S3", "phone"])
    assert got == expected
