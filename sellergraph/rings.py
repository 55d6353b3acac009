"""Rings: groups of stores run by one operator.

Deterministic grouping in two steps:

1. connected components over *strong* store-store links (``weight >= min_link``),
   on a SciPy sparse matrix;
2. a component that is large (``> split_above`` stores) or loosely knit (link density
   below ``min_density``) is split by community detection — Leiden with the Constant
   Potts Model (graspologic-native, seeded) by default, or networkx Louvain. Each
   component is clustered on its own, which is exact for CPM and bounds memory.

Ring ids come from content, not from the order rings were found: ``R-`` and a short
hash of the ring's earliest member (earliest ``opened_at``, then ``store_id``). Adding
data elsewhere leaves the id of a ring that did not change as it was.

Examples
--------
>>> ring_id_for("S000123")
'R-0b2c0b5ac1'
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ._arrays import group_starts, labels_by_group, mask_labels
from .build import EvidenceGraph
from .config import RingConfig

__all__ = ["RING_COLUMNS", "find_rings", "ring_id_for"]

RING_COLUMNS: tuple[str, ...] = (
    "ring_id",
    "size",
    "n_banned",
    "n_active",
    "n_closed",
    "platforms",
    "first_opened",
    "last_banned",
    "earliest_store_id",
    "density",
    "kinds",
)


def ring_id_for(store_id: str) -> str:
    """Stable ring id derived from the ring's earliest member."""
    return "R-" + hashlib.blake2b(str(store_id).encode("utf-8"), digest_size=5).hexdigest()


def _split_leiden(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, resolution: float, seed: int
) -> dict[int, int]:
    import graspologic_native as gn

    edges = [(str(x), str(y), float(z)) for x, y, z in zip(a, b, w, strict=True)]
    _, parts = gn.leiden(
        edges,
        resolution=resolution,
        use_modularity=False,
        seed=seed,
        trials=1,
        iterations=2,
        randomness=0.001,
    )
    return {int(k): int(v) for k, v in parts.items()}


def _split_louvain(a: np.ndarray, b: np.ndarray, w: np.ndarray, seed: int) -> dict[int, int]:
    import networkx as nx

    g = nx.Graph()
    g.add_weighted_edges_from(zip(a.tolist(), b.tolist(), w.tolist(), strict=True))
    communities = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return {node: ci for ci, com in enumerate(communities) for node in com}


def _in_store_id_order(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, store_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A component's links with its stores numbered, and the links listed, in store id
    order: community detection then splits it the same way whatever the input's row
    order. Returns the renumbered links and the store code of each number."""
    nodes = np.unique(np.concatenate([a, b]))
    by_id = nodes[np.argsort(store_ids[nodes].astype(str), kind="stable")]
    number = np.empty(len(nodes), dtype=np.int64)
    number[np.searchsorted(nodes, by_id)] = np.arange(len(nodes))
    na, nb = number[np.searchsorted(nodes, a)], number[np.searchsorted(nodes, b)]
    lo, hi = np.minimum(na, nb), np.maximum(na, nb)
    order = np.lexsort((hi, lo))
    return lo[order], hi[order], w[order], by_id


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    m = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _, labels = connected_components(m, directed=False)
    return labels.astype(np.int64)


def find_rings(
    graph: EvidenceGraph, stores: pd.DataFrame, config: RingConfig, *, seed: int = 0
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group stores into rings.

    Parameters
    ----------
    graph : EvidenceGraph
    stores : DataFrame
        The validated stores table (same order as ``graph.store_ids``).
    config : RingConfig
    seed : int
        Seed for community detection.

    Returns
    -------
    ring_of : ndarray of object
        Ring id of each store (None when the store is in no ring).
    rings : DataFrame
        One row per ring, columns :data:`RING_COLUMNS`, sorted by ring id.
    """
    n = len(graph.store_ids)
    pairs = graph.pairs
    strong = pairs[pairs["weight"] >= config.min_link]
    a = strong["a"].to_numpy()
    b = strong["b"].to_numpy()
    w = strong["weight"].to_numpy()
    label = _components(n, a, b)
    size = np.bincount(label, minlength=n)
    in_group = size[label] >= 2

    # Split large or loose components.
    comp_edges = np.bincount(label[a], minlength=n)
    possible = size * (size - 1) / 2
    density = np.divide(comp_edges, possible, out=np.ones(n), where=possible > 0)
    to_split = np.flatnonzero(
        (size >= 3)
        & ((size > config.split_above) | (density < config.min_density))
        & (config.method != "components")
    )
    group = np.where(in_group, label, -1)
    if len(to_split):
        next_label = n
        edge_comp = label[a]
        order = np.argsort(edge_comp, kind="stable")
        sorted_comp = edge_comp[order]
        for comp in to_split:
            lo, hi = np.searchsorted(sorted_comp, [comp, comp + 1])
            idx = order[lo:hi]
            ca, cb, cw, by_id = _in_store_id_order(a[idx], b[idx], w[idx], graph.store_ids)
            if config.method == "leiden":
                parts = _split_leiden(ca, cb, cw, config.resolution, seed)
            else:
                parts = _split_louvain(ca, cb, cw, seed)
            nodes = by_id[np.fromiter(parts.keys(), dtype=np.int64)]
            comms = np.fromiter(parts.values(), dtype=np.int64)
            group[nodes] = next_label + comms
            next_label += int(comms.max()) + 1 if len(comms) else 0
        gsize = np.bincount(group[group >= 0])
        group = np.where((group >= 0) & (gsize[np.maximum(group, 0)] >= 2), group, -1)

    members = np.flatnonzero(group >= 0)
    ring_of = np.full(n, None, dtype=object)
    if not len(members):
        return ring_of, pd.DataFrame({c: [] for c in RING_COLUMNS})

    m = stores.iloc[members]
    frame = pd.DataFrame(
        {
            "member": members,
            "group": group[members],
            "store_id": m["store_id"].to_numpy(dtype=object),
            "opened_at": m["opened_at"].to_numpy(),
            "closed_at": m["closed_at"].to_numpy(),
            "status": m["status"].to_numpy(dtype=object),
            "platform": m["platform"].to_numpy(dtype=object),
        }
    )
    frame = frame.sort_values(["group", "opened_at", "store_id"], na_position="last", kind="stable")
    earliest = frame.groupby("group", sort=False)["store_id"].first()
    rid = earliest.map(ring_id_for)
    frame["ring_id"] = frame["group"].map(rid)
    ring_of[frame["member"].to_numpy()] = frame["ring_id"].to_numpy()

    # Internal links per ring (strong links whose two ends share a group).
    same = (group[a] >= 0) & (group[a] == group[b])
    internal = strong[same].assign(group=group[a][same])
    edge_count = internal.groupby("group").size()
    # OR of the kind masks per group, on sorted arrays (a groupby agg is a Python
    # call per ring)
    by_group = np.argsort(internal["group"].to_numpy(), kind="stable")
    sorted_group = internal["group"].to_numpy()[by_group]
    first = np.flatnonzero(group_starts(sorted_group))
    ring_mask = pd.Series(
        np.bitwise_or.reduceat(internal["kind_mask"].to_numpy()[by_group], first)
        if len(first)
        else np.array([], dtype=np.int64),
        index=sorted_group[first],
    )
    kinds = pd.Series(mask_labels(ring_mask.to_numpy(), graph.kinds), index=ring_mask.index)
    status = frame["status"].to_numpy()
    frame = frame.assign(
        banned_close=frame["closed_at"].where(frame["status"] == "banned"),
        is_banned=status == "banned",
        is_active=status == "active",
        is_closed=status == "closed",
    )
    g = frame.groupby("group", sort=False)
    group_index = pd.Index(np.unique(frame["group"].to_numpy()))
    group_code = group_index.get_indexer(frame["group"].to_numpy())
    plat_labels = sorted(set(frame["platform"]))
    plat_code = pd.Index(plat_labels).get_indexer(frame["platform"].to_numpy())
    rings = pd.DataFrame(
        {
            "ring_id": rid,
            "size": g.size(),
            "n_banned": g["is_banned"].sum(),
            "n_active": g["is_active"].sum(),
            "n_closed": g["is_closed"].sum(),
            "platforms": pd.Series(
                labels_by_group(group_code, plat_code, plat_labels, len(group_index)),
                index=group_index,
            ),
            "first_opened": g["opened_at"].min(),
            "last_banned": g["banned_close"].max(),
            "earliest_store_id": earliest,
        }
    )
    possible_r = rings["size"] * (rings["size"] - 1) / 2
    rings["density"] = (edge_count.reindex(rings.index).fillna(0) / possible_r).round(4)
    rings["kinds"] = kinds.reindex(rings.index).fillna("")
    rings = rings.sort_values("ring_id", kind="stable").reset_index(drop=True)
    return ring_of, rings[list(RING_COLUMNS)]
