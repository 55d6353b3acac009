"""A partner's phone matched long after their ban fades, as the analysis fades it."""

from __future__ import annotations

import pandas as pd

import sellergraph as sg
from sellergraph import intel

KEY = b"a key both partners agreed on, 32+ bytes long"


def _theirs() -> intel.Watchlist:
    stores = pd.DataFrame(
        {
            "store_id": ["T1"],
            "status": ["banned"],
            "opened_at": ["2020-01-01"],
            "closed_at": ["2021-01-01"],
        }
    )
    links = pd.DataFrame({"store_id": ["T1"], "kind": ["phone"], "value": ["+86 138 0013 8000"]})
    return intel.to_watchlist(sg.analyze(stores, links), secret=KEY)


def _match(opened: str) -> pd.DataFrame:
    stores = pd.DataFrame({"store_id": ["O1"], "status": ["active"], "opened_at": [opened]})
    links = pd.DataFrame({"store_id": ["O1"], "kind": ["phone"], "value": ["13800138000"]})
    found = intel.match_watchlist(_theirs(), stores, links, secret=KEY)
    return found.identifiers.merge(found.matches[["store_id", "strength"]], on="store_id")


def test_a_phone_held_soon_after_their_ban_keeps_its_weight() -> None:
    row = _match("2021-03-01").iloc[0]
    assert (row["gap_days"], row["recycled"], row["strength"]) == (59, 1.0, row["weight"])


def test_a_phone_held_years_after_their_ban_fades_as_in_the_analysis() -> None:
    soon, late = _match("2021-03-01").iloc[0], _match("2023-03-01").iloc[0]
    assert late["gap_days"] == 789
    assert late["recycled"] < 0.5  # 424 days past a year, at a half-life of a year
    assert late["strength"] < soon["strength"]
