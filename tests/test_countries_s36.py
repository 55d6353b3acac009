"""Everyday country names read as the phone region they name."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph._countries import region_of


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("UAE", "AE"),
        ("U.A.E.", "AE"),
        ("KSA", "SA"),
        ("K.S.A.", "SA"),
        ("Saudi", "SA"),
        ("U.S.A.", "US"),
        ("U.K.", "GB"),
        ("The Netherlands", "NL"),
        ("Holland", "NL"),
        ("The Gambia", "GM"),
        ("PRC", "CN"),
        ("DR Congo", "CD"),
        ("Burma", "MM"),
        ("Kosovo", "XK"),
    ],
)
def test_everyday_names(name: str, region: str) -> None:
    assert region_of(name) == region


@pytest.mark.parametrize("name", ["The", "Theo", "Atlantis", "Dubai", "XX"])
def test_not_countries(name: str) -> None:
    assert region_of(name) is None


def test_uae_store_reads_its_phones_as_emirati() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B", "A"],
            "status": ["banned", "active"],
            "country": ["AE", "UAE"],
            "opened_at": ["2022-01-01", "2023-06-01"],
            "closed_at": ["2023-01-10", None],
        }
    )
    links = pd.DataFrame({"store_id": ["B", "A"], "kind": "phone", "value": "050 123 4867"})
    config = sg.Config(normalize=sg.NormalizeConfig(default_region="IN"))
    data = sg.load(stores, links, config=config)
    assert set(data.links["key"]) == {"+971501234867"}
