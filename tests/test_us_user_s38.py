"""Findings of a US/Canadian marketplace's first run, on an export of its own making."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.address_columns import address_groups

US = sg.Config().replace(default_region="US")


@pytest.mark.parametrize(
    ("state", "postcode"),
    [
        ("State/Province", "ZIP/Postal Code"),
        ("State / Province", "Zip / Postal code"),
        ("state_or_province", "Postal/Zip Code"),
        ("Province/Territory", "ZIP or Postal Code"),
    ],
)
def test_locality_columns_named_as_alternatives_are_address_parts(
    state: str, postcode: str
) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["IL-1", "MA-1"],
            "status": ["banned", "active"],
            "closed_at": ["2024-01-01", None],
            "Address Line 1": ["100 Main St", "100 Main St"],
            "City": ["Springfield", "Springfield"],
            state: ["IL", "MA"],
            postcode: ["62701", "01103"],
        }
    )
    keys = sg.load(stores, None, config=US).links["key"].tolist()
    assert len(set(keys)) == 2  # before: both "100 main street springfield"
    assert all("springfield" in k and k[-5:] in ("62701", "01103") for k in keys)
    assert sg.analyze(stores, None, config=US).scores["score"].max() == 0


def test_alternative_names_keep_their_prefix_group_and_order() -> None:
    columns = ["Billing Street", "Billing ZIP/Postal Code", "Billing State/Province", "City"]
    (group,) = address_groups(columns, {"address"})
    assert group.label == "Billing Street + Billing State/Province + Billing ZIP/Postal Code"


@pytest.mark.parametrize(
    "columns",
    [
        ["street", "region"],  # a sales region alone
        ["street", "postal"],
        ["street", "Street/House Number"],
        ["street", "City/Notes"],
    ],
)
def test_names_that_are_not_locality_alternatives_stay_unread(columns: list[str]) -> None:
    assert [g.label for g in address_groups(columns, {"address"})] == ["street"]
