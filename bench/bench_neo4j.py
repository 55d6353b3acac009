"""Push throughput into a Bolt server: stores/s, links/s and seconds per phase.

    python bench/bench_neo4j.py --sizes 100000 1000000 [--batch-size 5000] [--repush]

For each size: generate a synthetic marketplace, analyse it, start a fresh ArcadeDB
Bolt server (``sellergraph.neo4j.testing``; or use the server that
``SELLERGRAPH_NEO4J_URI`` / ``_USER`` / ``_PASSWORD`` / ``_DATABASE`` point at, whose
database is emptied first), push the analysis and print the time of each phase and
the rates. ``--repush`` pushes the same analysis a second time (the incremental path:
every MERGE matches, stale relationships are looked for). Nothing is asserted.

Rates: ``stores/s`` is stores over the whole push; ``links/s`` is identifier links
(``USES`` relationships) over the ``uses`` phase; ``rows/s`` counts every node and
relationship written over the whole push.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

PHASES = ("stores", "identifiers", "uses", "rings", "memberships", "links", "cleanup")


@contextlib.contextmanager
def bolt_target(memory: str) -> Iterator[Any]:
    """A connection to an empty database: external when configured, else ArcadeDB."""
    from sellergraph.neo4j import connect

    uri = os.environ.get("SELLERGRAPH_NEO4J_URI")
    if uri:
        with connect(
            uri,
            user=os.environ.get("SELLERGRAPH_NEO4J_USER", "neo4j"),
            password=os.environ["SELLERGRAPH_NEO4J_PASSWORD"],
            database=os.environ.get("SELLERGRAPH_NEO4J_DATABASE", "neo4j"),
        ) as conn:
            while conn.write("MATCH (n) WITH n LIMIT 50000 DETACH DELETE n RETURN count(*) AS n")[
                0
            ]["n"]:
                pass
            yield conn
        return
    from sellergraph.neo4j.testing import arcadedb_server

    with arcadedb_server(memory=memory) as server, server.connect() as conn:
        yield conn


def driver_flavour() -> str:
    from neo4j._codec.packstream import v1

    if getattr(v1, "_rust_pack", None) is None:
        return "pure Python packstream"
    return "neo4j-rust-ext packstream"


def measure(n: int, *, seed: int, batch_size: int, repush: bool, memory: str) -> dict[str, Any]:
    import sellergraph as sg
    from sellergraph import neo4j as sgn

    t0 = time.perf_counter()
    stores, links, _ = sg.make_marketplace(n_stores=n, seed=seed)
    analysis = sg.analyze(stores, links, seed=seed)
    prepare = time.perf_counter() - t0
    secret = b"bench-secret-0123456789abcdef"
    print(f"\n{n:,} stores: generated and analysed in {prepare:.1f}s", file=sys.stderr)
    with bolt_target(memory) as conn:
        first = sgn.push(analysis, conn, secret=secret, batch_size=batch_size)
        second = sgn.push(analysis, conn, secret=secret, batch_size=batch_size) if repush else None
        counts = sgn.graph_counts(conn)
    return {"n": n, "first": first, "second": second, "counts": counts}


def report(result: dict[str, Any]) -> None:
    first = result["first"]
    c = first.counts
    rows = sum(c[k] for k in ("stores", "identifiers", "uses", "rings", "memberships", "links"))
    print(f"\n== {result['n']:,} stores ==")
    print(
        f"graph: {c['stores']:,} stores, {c['identifiers']:,} identifiers, {c['uses']:,} USES, "
        f"{c['rings']:,} rings, {c['memberships']:,} IN_RING, {c['links']:,} LINKED"
    )
    print(f"{'phase':<12} {'rows':>11} {'first push':>11} {'rows/s':>9}", end="")
    print(f" {'re-push':>9} {'rows/s':>9}" if result["second"] else "")
    for phase in ("prepare", "constraints", *PHASES):
        n_rows = c.get(phase, 0)
        s1 = first.seconds.get(phase, 0.0)
        line = (
            f"{phase:<12} {n_rows:>11,} {s1:>10.1f}s {n_rows / s1 if s1 and n_rows else 0:>9,.0f}"
        )
        if result["second"]:
            s2 = result["second"].seconds.get(phase, 0.0)
            line += f" {s2:>8.1f}s {n_rows / s2 if s2 and n_rows else 0:>9,.0f}"
        print(line)
    total = first.seconds["total"]
    print(
        f"total        {rows:>11,} {total:>10.1f}s {rows / total:>9,.0f}"
        + (f" {result['second'].seconds['total']:>8.1f}s" if result["second"] else "")
    )
    print(
        f"throughput: {c['stores'] / total:,.0f} stores/s overall, "
        f"{c['uses'] / first.seconds['uses']:,.0f} links/s (USES phase), "
        f"{rows / total:,.0f} rows/s overall"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--repush", action="store_true", help="push a second time, incrementally")
    p.add_argument("--memory", default="4g", help="ArcadeDB Java heap (default 4g)")
    args = p.parse_args()
    target = os.environ.get("SELLERGRAPH_NEO4J_URI") or "a fresh local ArcadeDB (Bolt)"
    print(f"server: {target}; driver: {driver_flavour()}; batch size {args.batch_size:,}")
    for n in args.sizes:
        report(
            measure(
                n,
                seed=args.seed,
                batch_size=args.batch_size,
                repush=args.repush,
                memory=args.memory,
            )
        )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
