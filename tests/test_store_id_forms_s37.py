"""A store id given to the Python API is read as the load reads ids: an integer, its
ends stripped, ``1027.0`` as ``1027``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.neo4j.sync import _check_store_id


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores = pd.DataFrame(
        {
            "store_id": [1026, 1027],
            "status": ["banned", "active"],
            "closed_at": ["2024-01-01", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": [1026, 1027], "kind": ["phone"] * 2, "value": ["+86 138 0013 8001"] * 2}
    )
    return sg.analyze(stores, links, seed=0)


@pytest.mark.parametrize("given", [1027, "1027", " 1027 ", 1027.0, np.int64(1027), "\ufeff1027"])
def test_explain_reads_a_store_id_as_the_load_does(analysis: sg.Analysis, given: object) -> None:
    explained = analysis.explain(given)  # type: ignore[arg-type]
    assert (explained.store_id, explained.score) == ("1027", 0.7)


def test_an_unknown_id_is_still_refused(analysis: sg.Analysis) -> None:
    with pytest.raises(InputError, match="store_id '1028' is not in this analysis"):
        analysis.explain("1028")


@pytest.mark.parametrize(("given", "read"), [(1027, "1027"), (" S1 ", "S1"), (1027.0, "1027")])
def test_the_graph_s_store_ids_are_read_so_too(given: object, read: str) -> None:
    assert _check_store_id(given, "store_id") == read


@pytest.mark.parametrize("given", ["", "  ", None, True, float("nan"), ["S1"]])
def test_no_store_id_is_refused(given: object) -> None:
    with pytest.raises(InputError, match="must be a non-empty store id"):
        _check_store_id(given, "store_id")


def test_a_repeated_store_id_s_error_names_the_columns_its_rows_differ_in() -> None:
    stores = pd.DataFrame(
        {"store_id": ["a", "b", "b"], "status": ["active", "banned", "banned"]},
        index=pd.Index([10, 11, 12], name="rowid"),  # a named index is one more column
    )
    links = pd.DataFrame(
        {"store_id": ["a", "b"], "kind": ["phone"] * 2, "value": ["13812345679"] * 2}
    )
    with pytest.raises(InputError) as caught:
        sg.load(stores, links)
    assert "store_id appears more than once (its rows differ in 'rowid';" in str(caught.value)
    sg.load(stores.reset_index(drop=True), links)  # alike in every column: read once


@pytest.mark.parametrize(
    ("stores_ids", "link_ids", "said"),
    [
        ([100, 101], ["00100", "00101"], "after removing leading zeros"),
        (["00100", "00101"], [100, 101], "after adding leading zeros"),
    ],
)
def test_links_none_of_whose_ids_meet_a_store_say_how_they_would(
    stores_ids: list[object], link_ids: list[object], said: str
) -> None:
    stores = pd.DataFrame(
        {"store_id": stores_ids, "status": ["banned", "active"], "closed_at": ["2024-01-01", None]}
    )
    links = pd.DataFrame(
        {"store_id": link_ids, "kind": ["phone"] * 2, "value": ["13800138001"] * 2}
    )
    with pytest.raises(InputError) as caught:
        sg.load(stores, links)
    message = str(caught.value)
    assert "none of the links' store ids is in the stores table" in message
    assert f"2 of the 2 distinct ids would match a store {said}" in message
    assert "np.int64" not in message
