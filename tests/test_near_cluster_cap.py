"""A value written many ways is one hub: near-duplicate clusters obey the hub cap."""

from __future__ import annotations

import pandas as pd

import sellergraph as sg


def _typo_cloud(n_variants: int, holders: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One warehouse address written ``n_variants`` ways (one letter of the street name
    mistyped as ``q`` or ``z``), each spelling held by ``holders`` stores."""
    street = "industrialparkavenue"
    rows, ids = [], []
    for v in range(n_variants):
        i = v % len(street)
        spelt = street[:i] + "qz"[v // len(street)] + street[i + 1 :]
        for h in range(holders):
            sid = f"S{v:03d}{h}"
            ids.append(sid)
            rows.append({"store_id": sid, "kind": "address", "value": f"88 {spelt}, shenzhen"})
    stores = pd.DataFrame({"store_id": ids, "status": "active"})
    stores.loc[0, ["status"]] = "banned"
    stores["closed_at"] = [("2020-01-01" if s == "banned" else None) for s in stores["status"]]
    return stores, pd.DataFrame(rows)


def test_a_typo_cloud_past_the_hub_cap_links_no_stores():
    stores, links = _typo_cloud(40, 2)  # 80 stores in all: past address's hub_cap (40)
    result = sg.analyze(stores, links)
    assert result.links["key"].nunique() == 40
    assert result.provenance["counts"]["store_links"] == 40  # each spelling's own pair only
    assert (result.scores["score"] < 0.6).all()


def test_a_small_cloud_still_links_its_spellings():
    stores, links = _typo_cloud(6, 2)  # 12 stores: an operator's few spellings
    result = sg.analyze(stores, links)
    assert result.provenance["counts"]["store_links"] > 6
