"""Screening speed against the index of a large marketplace.

    python bench/bench_screen.py --stores 1000000 [--registrations 10000]

Generates a marketplace of ``--stores`` plus ``--registrations`` stores, holds the
latter out as new registrations (active stores, returners among them), analyses the
rest and builds the index. Then measures, on one core: index build, save, size on
disk and load; single-screen latency (p50/p90/p99/max over every registration, one
``Screener.screen`` call each, after a warm-up); batch throughput of
``Screener.screen_records`` (dicts in, Decisions out) and of ``Screener.screen_many``
(a table in) on one core, then of ``screen_many(..., n_jobs=<cores>)`` on every core
(the first batch forks the workers; later batches reuse them); and ``sellergraph
screen`` end to end on a JSON-lines file in a fresh process (start-up and index load
included). Prints a table; nothing is asserted.

The process is pinned to one core when the platform allows it (``os.sched_setaffinity``),
except for the ``n_jobs`` measures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import sellergraph as sg
from sellergraph.screening import Screener


def registrations(stores: pd.DataFrame, links: pd.DataFrame) -> list[dict]:
    """Registration dicts of the held-out stores, as a platform would send them."""
    by_store: dict[str, dict[str, list[str]]] = {}
    for sid, kind, value in zip(links["store_id"], links["kind"], links["value"], strict=True):
        if isinstance(value, str):
            by_store.setdefault(sid, {}).setdefault(str(kind), []).append(value)
    out = []
    for row in stores.itertuples(index=False):
        opened = row.opened_at
        out.append(
            {
                "store_id": row.store_id,
                "platform": row.platform,
                "opened_at": None if pd.isna(opened) else str(opened)[:10],
                "identifiers": by_store.get(row.store_id, {}),
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stores", type=int, default=1_000_000)
    ap.add_argument("--registrations", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=5, help="batches timed per measure")
    args = ap.parse_args()
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else set()
    if cores:
        os.sched_setaffinity(0, {sorted(cores)[0]})

    total = args.stores + args.registrations
    t0 = time.perf_counter()
    stores, links, _ = sg.make_marketplace(n_stores=total, seed=args.seed)
    active = stores[stores["status"] == "active"]["store_id"].to_numpy()
    rng = np.random.default_rng(args.seed)
    held = set(rng.choice(active, args.registrations, replace=False).tolist())
    is_new = stores["store_id"].isin(held)
    new_links = links["store_id"].isin(held)
    regs = registrations(stores[is_new], links[new_links])
    print(f"generated {total:,} stores in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    t0 = time.perf_counter()
    analysis = sg.analyze(stores[~is_new], links[~new_links], seed=args.seed)
    t_analyze = time.perf_counter() - t0
    print(f"analysed {len(analysis.stores):,} stores in {t_analyze:.1f}s", file=sys.stderr)

    rows: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    screener = Screener.from_analysis(analysis)
    rows.append(("index build (from the analysis)", f"{time.perf_counter() - t0:.2f} s"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sgidx"
        t0 = time.perf_counter()
        screener.save(path)
        rows.append(("index save", f"{time.perf_counter() - t0:.2f} s"))
        rows.append(("index size on disk", f"{path.stat().st_size / 2**20:.0f} MiB"))
        del screener, analysis
        gc.collect()
        t0 = time.perf_counter()
        screener = Screener.load(path)
        rows.append(("index load", f"{time.perf_counter() - t0:.2f} s"))
        gc.collect()
        gc.freeze()  # the index is long-lived: keep it out of the collector's way

        for reg in regs[:500]:  # warm-up
            screener.screen(reg)
        lat = np.empty(len(regs))
        for i, reg in enumerate(regs):
            s = time.perf_counter()
            screener.screen(reg)
            lat[i] = time.perf_counter() - s
        lat_ms = lat * 1e3
        for q in (50, 90, 99):
            rows.append((f"single screen p{q}", f"{np.percentile(lat_ms, q):.3f} ms"))
        rows.append(("single screen max", f"{lat_ms.max():.3f} ms"))
        rows.append(("single screens per second", f"{len(regs) / lat.sum():,.0f}"))

        t0 = time.perf_counter()
        decisions = screener.screen_records(regs)
        took = time.perf_counter() - t0
        rows.append(("batch screen_records", f"{len(regs) / took:,.0f} registrations/s"))
        frame = pd.DataFrame(
            {
                "store_id": [r["store_id"] for r in regs],
                "platform": [r["platform"] for r in regs],
                "opened_at": [r["opened_at"] for r in regs],
            }
        )
        long = links[new_links][["store_id", "kind", "value"]]
        rates = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            reference = screener.screen_many(frame, links=long)
            rates.append(len(regs) / (time.perf_counter() - t0))
        rows.append(
            (
                "batch screen_many (table in), one core",
                f"{np.median(rates):,.0f} registrations/s (median of {args.repeats})",
            )
        )
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, cores)  # the workers inherit this process's cores
        jobs = len(cores) or (os.cpu_count() or 1)
        rates = []
        for i in range(args.repeats + 1):
            t0 = time.perf_counter()
            got = screener.screen_many(frame, links=long, n_jobs=jobs)
            rates.append(len(regs) / (time.perf_counter() - t0))
            if i == 0:
                pd.testing.assert_frame_equal(got, reference)  # the same table on any n_jobs
        screener.close()
        rows.append(
            (
                f"batch screen_many, n_jobs={jobs}, first batch (workers forked)",
                f"{rates[0]:,.0f} registrations/s",
            )
        )
        rows.append(
            (
                f"batch screen_many, n_jobs={jobs}, next batches",
                f"{np.median(rates[1:]):,.0f} registrations/s (median of {args.repeats})",
            )
        )
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {sorted(cores)[0]})
        verdicts = pd.Series([d.verdict for d in decisions]).value_counts()
        rows.append(
            (
                "verdicts",
                ", ".join(f"{verdicts.get(v, 0):,} {v}" for v in ("block", "review", "allow")),
            )
        )

        jsonl = Path(tmp) / "registrations.jsonl"
        with jsonl.open("w") as fh:
            for reg in regs:
                fh.write(json.dumps(reg) + "\n")
        cmd = ["sellergraph", "screen", "--index", str(path), str(jsonl), "--out", os.devnull]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        took = time.perf_counter() - t0
        rows.append(
            (
                f"sellergraph screen, {len(regs):,} lines end to end",
                f"{took:.2f} s, {len(regs) / took:,.0f} lines/s (start-up and load included)",
            )
        )

    width = max(len(k) for k, _ in rows)
    print(f"\nScreening against an index of {args.stores:,} stores ({len(regs):,} registrations)")
    print(f"{'measure':<{width}}  value")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
