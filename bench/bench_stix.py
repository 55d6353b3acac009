"""STIX export and OASIS validation speed.

    python bench/bench_stix.py --stores 20000 [--seed 0]

Generates and analyses a synthetic marketplace, writes its STIX bundle
(``to_stix``), then validates it with ``validate_stix`` twice: as sellergraph
runs the validator (its schemas indexed once, see
``sellergraph/intel/_stix_schemas.py``), and as the validator runs on its own
(a fresh schema registry for every object, the baseline). Prints objects, seconds,
milliseconds per object and the ratio, and checks both found the same problems.
Nothing is asserted on time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time

import sellergraph as sg
from sellergraph.intel import stix


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stores", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    stores, links, _ = sg.make_marketplace(args.stores, seed=args.seed)
    analysis = sg.analyze(stores, links, seed=args.seed)
    bundle, export_s = timed(stix.to_stix, analysis, secret=b"a benchmark key of 32 bytes long")
    n = len(json.loads(bundle)["objects"])
    stix.validate_stix('{"type": "bundle", "id": "bundle--1"}')  # imports, schema index
    fast, fast_s = timed(stix.validate_stix, bundle)
    indexed = stix.indexed_schemas
    stix.indexed_schemas = contextlib.nullcontext  # type: ignore[assignment]
    try:
        slow, slow_s = timed(stix.validate_stix, bundle)
    finally:
        stix.indexed_schemas = indexed
    print(f"stores {args.stores:,}  objects {n:,}  export {export_s:.1f} s")
    print(f"{'validation':<28}{'seconds':>9}{'ms/object':>11}{'problems':>10}")
    for label, took, found in (
        ("schemas indexed once", fast_s, fast),
        ("validator alone (baseline)", slow_s, slow),
    ):
        print(f"{label:<28}{took:>9.1f}{1000 * took / n:>11.2f}{len(found):>10}")
    print(f"ratio {slow_s / fast_s:.1f}x; same problems: {fast == slow}")


if __name__ == "__main__":
    main()
