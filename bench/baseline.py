"""The straightforward approach an analyst would write, as the speed baseline.

A networkx graph of stores and raw identifiers, a store-store projection, networkx
Louvain for rings, and per-store Python loops for scoring: no normalisation beyond
strip/lower, no hub handling beyond skipping identifiers shared by very many stores
(without that skip the projection does not fit in memory at all).

    python bench/baseline.py --stores DIR/stores.parquet --links DIR/links.parquet

Prints one JSON line: seconds per stage and the number of alerts.
"""

from __future__ import annotations

import argparse
import json
import time

import networkx as nx
import pandas as pd

WEIGHTS = {
    "payment_account": 0.9,
    "id_document": 0.95,
    "device": 0.85,
    "phone": 0.7,
    "email": 0.7,
    "address": 0.4,
    "ip": 0.2,
}
MAX_SHARED = 50


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stores", required=True)
    ap.add_argument("--links", required=True)
    ap.add_argument("--threshold", type=float, default=0.6)
    args = ap.parse_args()
    t: dict[str, float] = {}

    t0 = time.perf_counter()
    stores = pd.read_parquet(args.stores)
    links = pd.read_parquet(args.links)
    t["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    status = dict(zip(stores["store_id"], stores["status"], strict=True))
    g = nx.Graph()
    for rec in links.itertuples(index=False):
        if rec.store_id not in status:
            continue
        kind = str(rec.kind).strip().lower()
        if kind not in WEIGHTS:
            continue
        value = str(rec.value).strip().lower()
        if not value:
            continue
        g.add_node(("s", rec.store_id), status=status[rec.store_id])
        g.add_edge(("s", rec.store_id), ("i", kind, value))
    t["graph"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    proj = nx.Graph()
    for node in g:
        if node[0] != "i":
            continue
        members = list(g.neighbors(node))
        if len(members) < 2 or len(members) > MAX_SHARED:
            continue
        w = WEIGHTS[node[1]]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                old = proj.get_edge_data(a, b, {"weight": 0.0})["weight"]
                proj.add_edge(a, b, weight=1 - (1 - old) * (1 - w))
    t["projection"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    rings = nx.community.louvain_communities(proj, weight="weight", seed=0)
    t["louvain"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    scores = {}
    for node, data in g.nodes(data=True):
        if node[0] != "s" or data.get("status") != "active":
            continue
        keep = 1.0
        for ident in g.neighbors(node):
            others = [s for s in g.neighbors(ident) if s != node]
            if len(others) > MAX_SHARED:
                continue
            if any(g.nodes[s].get("status") == "banned" for s in others):
                keep *= 1 - WEIGHTS[ident[1]]
        scores[node[1]] = 1 - keep
    t["score"] = time.perf_counter() - t0
    alerts = sum(1 for v in scores.values() if v >= args.threshold)
    t["total"] = sum(t.values())
    print(
        json.dumps(
            {
                "timings": {k: round(v, 2) for k, v in t.items()},
                "alerts": alerts,
                "rings": sum(1 for r in rings if len(r) > 1),
            }
        )
    )


if __name__ == "__main__":
    main()
