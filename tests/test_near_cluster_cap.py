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


def test_a_cloud_past_the_cap_is_named_in_a_notice(caplog):
    stores, links = _typo_cloud(40, 2)
    with caplog.at_level("WARNING", logger="sellergraph"):
        result = sg.analyze(stores, links)
    near = result.evidence.near_hubs
    assert near[["kind", "n_values", "n_stores", "n_banned"]].values.tolist() == [
        ["address", 40, 80, 1]
    ]
    notices = result.provenance["counts"]["notices"]
    said = [n for n in notices if n.startswith("Near-duplicate values past")]
    assert len(said) == 1 and said[0] in caplog.text
    assert "address 1 cluster (the largest: 40 values held by 80 stores, 1 banned" in said[0]
    assert "industrialpark" not in said[0]  # masked, as every value in a notice


def test_a_small_cloud_gives_no_notice():
    stores, links = _typo_cloud(6, 2)
    result = sg.analyze(stores, links)
    assert result.evidence.near_hubs.empty
    assert not any(
        n.startswith("Near-duplicate") for n in result.provenance["counts"].get("notices", [])
    )


def test_a_few_spellings_past_the_cap_are_listed_but_named_in_no_notice():
    stores, links = _typo_cloud(3, 20)  # one busy address written three ways, 60 stores
    result = sg.analyze(stores, links)
    assert result.evidence.near_hubs[["n_values", "n_stores"]].values.tolist() == [[3, 60]]
    assert not any(
        n.startswith("Near-duplicate") for n in result.provenance["counts"].get("notices", [])
    )
