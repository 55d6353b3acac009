"""SHA-256 of every output table of ``sellergraph run`` on a synthetic marketplace.

    python bench/outputs_digest.py --stores 100000 --seed 0

Speed work must not change results: run this before and after a change and compare the
digests (the table files are deterministic for the same input and seed; ``run.json`` is
left out because it records timings).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

import sellergraph as sg
from sellergraph.io.run import RUN_TABLES, write_run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stores", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    stores, links, _ = sg.make_marketplace(args.stores, seed=args.seed)
    result = sg.analyze(stores, links, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        write_run(result, tmp, fmt="csv")
        for name in [*RUN_TABLES, "report"]:
            path = Path(tmp) / (f"{name}.csv" if name != "report" else "report.html")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            print(f"{name:<10} {digest}")


if __name__ == "__main__":
    main()
