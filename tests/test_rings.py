"""Rings: components, community splits, stable content-derived ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.rings import ring_id_for


def two_cliques_joined_by_one_link(n: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two operators of n stores each (one device per operator), one shared phone between them."""
    ids = [f"A{i:02d}" for i in range(n)] + [f"B{i:02d}" for i in range(n)]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned" if i % 4 == 0 else "active" for i in range(2 * n)],
            "opened_at": pd.date_range("2016-01-01", periods=2 * n, freq="7D").strftime("%Y-%m-%d"),
            "closed_at": ["2019-01-01" if i % 4 == 0 else None for i in range(2 * n)],
        }
    )
    # Each operator's stores share a card pairwise in a chain and a device among groups of 5.
    links = []
    for prefix in "AB":
        for i in range(n):
            sid = f"{prefix}{i:02d}"
            links.append((sid, "payment_account", f"{prefix}-card-{i // 2:04d}0000000"))
            links.append((sid, "device", f"{prefix}dev{(i + 1) // 2:03d}abcdef0123"))
    links.append(("A00", "phone", "13911112222"))
    links.append(("B00", "phone", "13911112222"))
    return stores, pd.DataFrame(links, columns=["store_id", "kind", "value"])


def test_large_component_is_split_by_community_detection() -> None:
    stores, links = two_cliques_joined_by_one_link()
    r = sg.analyze(stores, links)
    members = r.scores.set_index("store_id")["ring_id"].dropna()
    ring_of = pd.concat(
        [
            members,
            r.stores.set_index("store_id").loc[lambda d: d["status"] == "banned"].index.to_series(),
        ]
    )
    a_rings = {r.ring_of[i] for i, s in enumerate(r.evidence.store_ids) if s.startswith("A")}
    b_rings = {r.ring_of[i] for i, s in enumerate(r.evidence.store_ids) if s.startswith("B")}
    assert a_rings.isdisjoint(b_rings)
    assert None not in a_rings | b_rings
    assert len(ring_of) > 0
    components_only = sg.analyze(stores, links, config=sg.Config().replace(method="components"))
    assert len(components_only.rings) == 1
    assert components_only.rings["size"].iloc[0] == 80


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_same_seed_same_rings(method: str) -> None:
    stores, links = two_cliques_joined_by_one_link()
    cfg = sg.Config().replace(method=method)
    a = sg.analyze(stores, links, config=cfg, seed=3)
    b = sg.analyze(stores, links, config=cfg, seed=3)
    np.testing.assert_array_equal(a.ring_of, b.ring_of)
    pd.testing.assert_frame_equal(a.rings, b.rings)


def test_ring_id_is_the_hash_of_the_earliest_member() -> None:
    stores, links = two_cliques_joined_by_one_link()
    r = sg.analyze(stores, links)
    for row in r.rings.itertuples():
        members = r.stores[r.ring_of == row.ring_id].sort_values(["opened_at", "store_id"])
        assert row.earliest_store_id == members["store_id"].iloc[0]
        assert row.ring_id == ring_id_for(row.earliest_store_id)
        assert row.size == len(members)
        assert row.n_banned == int((members["status"] == "banned").sum())


def test_rings_table_describes_its_rings() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=1)
    r = sg.analyze(stores, links)
    assert r.rings["ring_id"].is_unique
    assert (r.rings["size"] >= 2).all()
    assert (
        r.rings["n_banned"] + r.rings["n_active"] + r.rings["n_closed"] == r.rings["size"]
    ).all()
    assert r.rings["density"].between(0, 1).all()
    assert r.rings["score"].between(0, 1).all()
    counts = pd.Series(r.ring_of).dropna().value_counts()
    assert (counts.reindex(r.rings["ring_id"]).to_numpy() == r.rings["size"].to_numpy()).all()
