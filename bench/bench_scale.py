"""End-to-end and per-stage timings of ``sellergraph run``, against the naive baseline.

    python bench/bench_scale.py --sizes 100000 1000000 [--baseline-timeout 600]
    python bench/bench_scale.py --sizes 10000000 --formats parquet --no-baseline
    python bench/bench_scale.py --sizes 1000000 --formats parquet wide --no-baseline
    python bench/bench_scale.py --sizes 1000000 --formats address_columns --no-baseline

For each size: generate a marketplace with the synthetic generator (Parquet, and CSV
for the CSV path), run ``sellergraph run`` end to end in a fresh process (wall time and
peak RSS from the kernel's accounting of that process), read the per-stage timings
from its ``run.json``, then run ``bench/baseline.py`` on the same data in its own
process (killed after ``--baseline-timeout`` seconds) and print the ratio.

``--formats wide`` also runs the same marketplace as one wide stores table (Parquet):
each store's identifiers in columns on its row (``phone``, ``phone_2``, ``email``, ...; up
to three values of a kind, and only the first address, since ``address_2`` would read
as an address's second line), with no links table. ``--formats address_columns`` runs
that wide table with its address split over ``street``, ``city`` and ``postcode``
columns, composed into one address per store by the load.

Prints a table per size and a final summary table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
#: The load stage, then its steps (from run.json), printed indented under it.
_LOAD_STEPS = ["load", "load_read", "load_check_links", "load_normalise", "load_merge"]


def _descendants(root: int) -> set[int]:
    """A process and all its descendants (Linux ``/proc``; elsewhere just ``root``)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as fh:
                    parents[int(entry.name)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier and p not in tree}
        tree |= frontier
    return tree


def workers_pss_mib(root: int) -> float:
    """Memory of a process and its forked workers together, in MiB (0 without workers).

    The sum of their proportional set sizes: a page a worker still shares with its
    parent counts once, split between them (summing their RSS would count it twice).
    """
    tree = _descendants(root)
    if len(tree) < 2:
        return 0.0
    kib = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                kib += sum(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, IndexError, ValueError):
            continue
    return kib / 1024


def run_measured(cmd: list[str], timeout: float | None = None) -> tuple[float, float, int, str]:
    """Run a command; return (seconds, peak RSS in MiB, exit status, stdout).

    The peak is the larger of the kernel's figure for the process alone and the
    largest footprint of it and its forked workers seen every 50 ms
    (:func:`workers_pss_mib`).
    """
    t0 = time.perf_counter()
    tree_peak = 0.0
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                return time.perf_counter() - t0, usage.ru_maxrss / 1024, -9, ""
            tree_peak = max(tree_peak, workers_pss_mib(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode()
    peak = max(usage.ru_maxrss / 1024, tree_peak)
    return seconds, peak, os.waitstatus_to_exitcode(status), text


def generate(
    n: int,
    folder: Path,
    seed: int,
    *,
    csv: bool = True,
    wide: bool = False,
    address_columns: bool = False,
) -> tuple[float, int]:
    import sellergraph as sg

    t0 = time.perf_counter()
    stores, links, truth = sg.make_marketplace(n_stores=n, seed=seed)
    seconds = time.perf_counter() - t0
    folder.mkdir(parents=True, exist_ok=True)
    stores.to_parquet(folder / "stores.parquet", index=False)
    links.to_parquet(folder / "links.parquet", index=False)
    truth.to_parquet(folder / "truth.parquet", index=False)
    if csv:
        stores.to_csv(folder / "stores.csv", index=False)
        links.to_csv(folder / "links.csv", index=False)
    if wide:
        wide_stores(stores, links).to_parquet(folder / "stores_wide.parquet", index=False)
    if address_columns:
        address_column_stores(stores, links).to_parquet(
            folder / "stores_address_columns.parquet", index=False
        )
    return seconds, len(links)


def wide_stores(stores: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The stores with their links as identifier columns (``phone``, ``phone_2``, ...):
    up to three values of a kind, one address."""
    kind = links["kind"].astype("str").str.strip().str.lower()
    nth = links.groupby([links["store_id"], kind]).cumcount().to_numpy()
    keep = (nth < 3) & ((kind != "address").to_numpy() | (nth == 0))
    column = kind[keep] + pd.Series(nth[keep], index=kind[keep].index).map(
        {0: "", 1: "_2", 2: "_3"}
    )
    cells = pd.DataFrame(
        {"store_id": links["store_id"][keep], "column": column, "value": links["value"][keep]}
    )
    wide = cells.pivot(index="store_id", columns="column", values="value")
    return stores.merge(wide, left_on="store_id", right_index=True, how="left")


def address_column_stores(stores: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The wide stores table (:func:`wide_stores`) with its address split over
    ``street``, ``city`` and ``postcode`` columns, as a CRM export gives it.

    A Chinese address is cut after its city (``...市``), an English one before its last
    comma; anything else (a placeholder) is all street. The postcode is six digits
    made from the city, with a few written as ``N/A`` or left blank.
    """
    wide = wide_stores(stores, links)
    address = wide.pop("address").astype("str")
    chinese = address.str.extract(r"^(?P<city>.*?市)\s*(?P<street>.+)$")
    english = address.str.extract(r"^(?P<street>.+?),\s*(?P<city>[^,]+)$")
    cut = chinese["city"].notna()
    city = chinese["city"].where(cut, english["city"])
    street = chinese["street"].where(cut, english["street"]).fillna(address)
    known = city.notna().to_numpy()
    digits = pd.util.hash_array(city.fillna("").to_numpy(dtype=object)) % 900_000 + 100_000
    postcode = pd.Series(digits.astype(str), index=city.index, dtype="str").where(known)
    row = pd.RangeIndex(len(wide))
    postcode = postcode.mask(known & (row % 37 == 0), "N/A").mask(known & (row % 53 == 0), "")
    return wide.assign(street=street, city=city, postcode=postcode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--baseline-timeout", type=float, default=600.0)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--formats",
        nargs="+",
        choices=["parquet", "csv", "wide", "address_columns"],
        default=["parquet", "csv"],
        help="input formats to run (default: parquet and csv; wide: one wide stores table; "
        "address_columns: the same with its address split over street, city and postcode)",
    )
    ap.add_argument("--workdir", default=None, help="keep data here (default: a temp folder)")
    args = ap.parse_args()

    root = Path(args.workdir or tempfile.mkdtemp(prefix="sellergraph-bench-"))
    summary = []
    for n in args.sizes:
        data = root / f"m{n}"
        # in a child process: the generator's memory is gone before the runs are measured
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
            gen_s, n_links = pool.submit(
                generate,
                n,
                data,
                args.seed,
                csv="csv" in args.formats,
                wide="wide" in args.formats,
                address_columns="address_columns" in args.formats,
            ).result()
        print(f"\n== {n:,} stores, {n_links:,} links (generated in {gen_s:.1f}s) ==")
        rows = []
        for fmt in args.formats:
            out = root / f"run-{n}-{fmt}"
            cmd = [
                sys.executable,
                "-m",
                "sellergraph.cli",
                "run",
                "-q",
                *(
                    ["--stores", str(data / f"stores_{fmt}.parquet")]
                    if fmt in ("wide", "address_columns")
                    else [
                        "--stores",
                        str(data / f"stores.{fmt}"),
                        "--links",
                        str(data / f"links.{fmt}"),
                    ]
                ),
                "--out",
                str(out),
                "--format",
                "parquet",
                "--seed",
                str(args.seed),
            ]
            secs, rss, code, _ = run_measured(cmd)
            if code != 0:
                print(f"sellergraph run failed ({fmt}) with status {code}")
                continue
            meta = json.loads((out / "run.json").read_text())
            rows.append((fmt, secs, rss, meta["timings"]))
            if fmt in ("wide", "address_columns"):
                print(f"({fmt}: {meta['counts']['links_in']:,} identifier cells)")
        print(f"{'input':<15} {'stage':<14} {'seconds':>8} {'links/s':>12}")
        for fmt, secs, rss, timings in rows:
            order = [*_LOAD_STEPS, "link", "rings", "score", "total", "write_tables", "report"]
            for stage in sorted(timings, key=lambda k: order.index(k) if k in order else 99):
                s = timings[stage]
                rate = f"{n_links / s:,.0f}" if s > 0 else "-"
                label = "analysis" if stage == "total" else stage.replace("load_", "  ")
                print(f"{fmt:<15} {label:<14} {s:>8.2f} {rate:>12}")
            print(
                f"{fmt:<15} {'END TO END':<14} {secs:>8.2f} {n_links / secs:>12,.0f}"
                f"   peak RSS {rss:,.0f} MiB"
            )
        if rows:
            print("(write_tables and report overlap: up to 25M links the report is made alongside)")
        base = None
        if not args.no_baseline:
            cmd = [
                sys.executable,
                str(HERE / "baseline.py"),
                "--stores",
                str(data / "stores.parquet"),
                "--links",
                str(data / "links.parquet"),
            ]
            bsecs, brss, bcode, btext = run_measured(cmd, timeout=args.baseline_timeout)
            if bcode == 0:
                base = (bsecs, brss)
                print(
                    f"baseline (networkx + Louvain + loops): {bsecs:.1f}s, "
                    f"peak RSS {brss:,.0f} MiB  {btext.strip()}"
                )
            else:
                print(
                    f"baseline did not finish within {args.baseline_timeout:.0f}s (status {bcode})"
                )
        # the ratio is taken against the Parquet run when there is one (the baseline
        # reads Parquet), else against the CSV run
        ref = next((r for r in rows if r[0] == "parquet"), rows[0] if rows else None)
        if ref:
            if args.no_baseline:
                ratio = "not run"
            elif base:
                ratio = f"{base[0] / ref[1]:.1f}x"
            else:
                ratio = f"> {args.baseline_timeout / ref[1]:.1f}x"
            print(f"speed-up over baseline ({ref[0]}, end to end): {ratio}")
            summary.append(
                (
                    n,
                    n_links,
                    next((r[1] for r in rows if r[0] == "parquet"), None),
                    max(r[2] for r in rows),
                    next((r[1] for r in rows if r[0] == "csv"), None),
                    next((r[1] for r in rows if r[0] == "wide"), None),
                    next((r[1] for r in rows if r[0] == "address_columns"), None),
                    base[0] if base else None,
                    ratio,
                )
            )
    print("\n== summary ==")
    print(
        f"{'stores':>10} {'links':>11} {'parquet s':>10} {'peak MiB':>9} {'csv s':>8} "
        f"{'wide s':>7} {'addr s':>7} {'baseline s':>11} {'speed-up':>9}"
    )
    for n, nl, pq_s, rss, csv_s, wide_s, addr_s, b, ratio in summary:
        bs = f"{b:.1f}" if b else ("-" if args.no_baseline else "> limit")
        ps = f"{pq_s:.1f}" if pq_s else "-"
        cs = f"{csv_s:.1f}" if csv_s else "-"
        ws = f"{wide_s:.1f}" if wide_s else "-"
        ads = f"{addr_s:.1f}" if addr_s else "-"
        print(
            f"{n:>10,} {nl:>11,} {ps:>10} {rss:>9,.0f} {cs:>8} {ws:>7} {ads:>7} {bs:>11} {ratio:>9}"
        )


if __name__ == "__main__":
    main()
