"""Detection quality on synthetic marketplaces, against naive matching.

    python bench/quality.py --stores 50000 --seeds 0 1 2

For each difficulty preset (easy, standard, hard) and seed: generate a marketplace with
ground truth, analyse it with default settings, and print average precision, recall at
90% precision, precision/recall at the alert threshold and ring agreement. Two reference
lines are printed with it:

- ``naive``: exact matching of raw values after strip/lower-case, each kind's default
  weight, noisy-or over identifiers shared with banned stores, no normalisation, no hub
  handling, no near duplicates, no paths;
- ``ceiling``: the share of positives that share any evidence at all (exact or near
  duplicate, after normalisation) with a banned store of their own operator, directly or
  through their operator's other stores. No linkage method can find the rest from these
  tables; ``AP findable`` is the average precision with those evidence-less positives taken
  out of the ranking.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import sellergraph as sg
from sellergraph.metrics import average_precision

WEIGHTS = {k: r.weight for k, r in sg.Config().kinds.items()}


def naive_scores(stores: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """Exact raw-value matching with kind weights: what a first attempt looks like."""
    lk = links.assign(
        kind=links["kind"].astype(str).str.strip().str.lower(),
        value=links["value"].astype(str).str.strip().str.lower(),
    )
    lk = lk[lk["kind"].isin(WEIGHTS.keys()) & (lk["value"] != "")]
    status = stores.set_index("store_id")["status"]
    lk = lk.assign(status=lk["store_id"].map(status)).dropna(subset=["status"])
    lk = lk.drop_duplicates(["store_id", "kind", "value"])
    banned_values = set(
        zip(*lk.loc[lk["status"] == "banned", ["kind", "value"]].T.values, strict=True)
    )
    active = lk[lk["status"] == "active"]
    hit = [(k, v) in banned_values for k, v in zip(active["kind"], active["value"], strict=True)]
    hits = active[np.array(hit, dtype=bool)]
    log_keep = np.log1p(-hits["kind"].map(WEIGHTS).to_numpy())
    keep = pd.Series(log_keep, index=hits["store_id"].to_numpy()).groupby(level=0).sum()
    return 1 - np.exp(keep)


def findable(result: sg.Analysis, truth: pd.DataFrame) -> pd.Series:
    """Per store: is it a positive connected by any evidence to a banned store of its operator."""
    op = truth.set_index("store_id")["operator_id"].reindex(result.evidence.store_ids).to_numpy()
    p = result.evidence.pairs
    a, b = p["a"].to_numpy(), p["b"].to_numpy()
    # suppressed hubs link no stores but can still be evidence (a farm's device):
    # their holders of one operator count as connected, each to the first of them
    inc = result.evidence.incidence
    hub = result.evidence.identifiers["suppressed"].to_numpy()[inc["ident"].to_numpy()]
    held = pd.DataFrame(
        {"ident": inc["ident"].to_numpy()[hub], "store": inc["store"].to_numpy()[hub]}
    )
    held["op"] = op[held["store"].to_numpy()]
    held = held.dropna(subset=["op"])
    first = held.groupby(["ident", "op"])["store"].transform("first").to_numpy()
    a = np.concatenate([a, first])
    b = np.concatenate([b, held["store"].to_numpy()])
    same = op[a] == op[b]
    n = len(op)
    m = sp.coo_matrix((np.ones(int(same.sum())), (a[same], b[same])), shape=(n, n))
    _, comp = connected_components(m, directed=False)
    banned_comp = set(comp[result.evidence.banned])
    pos = truth.set_index("store_id")["positive"].reindex(result.evidence.store_ids).to_numpy()
    pos = pos.astype(bool)
    reachable = np.isin(comp, list(banned_comp)) & pos
    return pd.Series(reachable, index=result.evidence.store_ids)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stores", type=int, default=50_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--difficulties", nargs="+", default=["easy", "standard", "hard"])
    args = ap.parse_args()
    rows = []
    for diff in args.difficulties:
        for seed in args.seeds:
            stores, links, truth = sg.make_marketplace(args.stores, seed=seed, difficulty=diff)
            t0 = time.perf_counter()
            result = sg.analyze(stores, links, seed=seed)
            secs = time.perf_counter() - t0
            ev = sg.evaluate(result, truth)
            active = truth[truth["status"] == "active"]
            naive = naive_scores(stores, links).reindex(active["store_id"]).fillna(0.0)
            naive_ap = average_precision(active["positive"].to_numpy(), naive.to_numpy())
            found = findable(result, truth)
            ceil = float(found.sum() / max(int(truth["positive"].sum()), 1))
            # AP when positives that left no evidence at all are taken out of the ranking.
            keep = ~(active["positive"].to_numpy() & ~found.reindex(active["store_id"]).to_numpy())
            ranked = result.scores.set_index("store_id")["score"].reindex(active["store_id"])
            ap_findable = average_precision(
                active["positive"].to_numpy()[keep], ranked.fillna(0.0).to_numpy()[keep]
            )
            rows.append(
                {
                    "difficulty": diff,
                    "seed": seed,
                    "positives": ev.n_positives,
                    "AP": ev.average_precision,
                    "R@90P": ev.recall_at_p90,
                    "P@thr": ev.precision,
                    "R@thr": ev.recall,
                    "ceiling": ceil,
                    "AP findable": ap_findable,
                    "naive AP": naive_ap,
                    "ring ARI": ev.adjusted_rand_index,
                    "ring purity": ev.ring_purity,
                    "seconds": secs,
                }
            )
            print(pd.DataFrame([rows[-1]]).round(3).to_string(index=False, header=len(rows) == 1))
    table = pd.DataFrame(rows)
    print("\nmean over seeds:")
    print(table.drop(columns="seed").groupby("difficulty", sort=False).mean().round(3).to_string())


if __name__ == "__main__":
    main()
