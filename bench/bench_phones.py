"""Phone numbers read column-wise against the per-value reference, by default region.

Numbers are made from the phone metadata's example numbers of each region (mobile and
fixed line) with random subscriber digits, written the ways people and form exports
write them: E.164, international, national, with an extension (``x123``, ``ext. 45``),
dialled with ``00``, with a wrong leading digit (mostly outside the listed ranges:
unlisted or invalid) and as digit strings of random length. Half of them are repeated.

Prints, per region, the distinct numbers, microseconds a distinct number column-wise
(``normalize_distinct_codes``, the batch path) and per value (``normalize_value``,
the reference, on a sample), the share the column-wise path left to the library, and
the number of sampled values on which the two disagree (0 expected)::

    python bench/bench_phones.py --regions US DE GB BR IN ID MX JP AR CN --numbers 200000
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import phonenumbers
from phonenumbers import PhoneNumberFormat as Fmt

from sellergraph.config import NormalizeConfig
from sellergraph.normalize import (
    FLAG_CODES,
    REASON_CODES,
    normalize_distinct_codes,
    normalize_value,
)


def written_numbers(region: str, n: int, *, seed: int) -> list[str]:
    """``n`` phone numbers of ``region`` written in many ways (see the module docstring)."""
    rng = np.random.default_rng(seed)
    types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    examples = [e for t in types if (e := phonenumbers.example_number_for_type(region, t))]
    out: list[str] = []
    for i in range(n):
        ex = examples[i % len(examples)]
        nsn = phonenumbers.national_significant_number(ex)
        keep = max(1, len(nsn) - 4)
        nsn = nsn[:keep] + "".join(map(str, rng.integers(0, 10, len(nsn) - keep)))
        form = i % 8
        if form == 5:  # a wrong leading digit
            nsn = str((int(nsn[0]) + int(rng.integers(1, 10))) % 10) + nsn[1:]
        number = phonenumbers.parse(f"+{ex.country_code}{nsn}")
        e164 = phonenumbers.format_number(number, Fmt.E164)
        if form in (0, 5):
            out.append(e164)
        elif form == 1:
            out.append(phonenumbers.format_number(number, Fmt.INTERNATIONAL))
        elif form == 2:
            out.append(phonenumbers.format_number(number, Fmt.NATIONAL))
        elif form == 3:
            national = phonenumbers.format_number(number, Fmt.NATIONAL)
            out.append(national + (" x" if i % 2 else " ext. ") + str(rng.integers(1, 9999)))
        elif form == 4:
            out.append("00" + e164[1:])
        elif form == 6:
            out.append("".join(map(str, rng.integers(0, 10, int(rng.integers(3, 16))))))
        else:
            out.append(e164[1:])
    return out + out[: n // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", nargs="+", default=["US", "DE", "GB", "BR", "IN", "CN"])
    parser.add_argument("--numbers", type=int, default=200_000, help="per region")
    parser.add_argument("--sample", type=int, default=5_000, help="per-value reference")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"{'region':<7}{'distinct':>10}{'column-wise':>14}{'per value':>12}"
        f"{'speed-up':>10}{'to library':>12}{'differences':>13}"
    )
    for region in args.regions:
        config = NormalizeConfig(default_region=region)
        values = written_numbers(region, args.numbers, seed=args.seed)
        series = pd.Series(values, dtype="str")
        t0 = time.perf_counter()
        read = normalize_distinct_codes("phone", series, config=config)
        column = time.perf_counter() - t0
        distinct = len(read.reason)
        rng = np.random.default_rng(args.seed)
        picked = rng.choice(len(values), size=min(args.sample, len(values)), replace=False)
        t0 = time.perf_counter()
        one = [normalize_value("phone", values[i], config=config) for i in picked]
        per_value = (time.perf_counter() - t0) / len(picked)
        keys = read.key.to_pylist()
        got = [
            (keys[c], REASON_CODES[read.reason[c]], FLAG_CODES[read.flag[c]])
            for c in read.codes[picked]
        ]
        differences = sum(g != tuple(o) for g, o in zip(got, one, strict=True))
        left = _left_to_library(series, config)
        print(
            f"{region:<7}{distinct:>10,}{column / distinct * 1e6:>11.1f} µs"
            f"{per_value * 1e6:>9.1f} µs{per_value / (column / distinct):>9.1f}x"
            f"{left:>11.1%}{differences:>13}"
        )


def _left_to_library(series: pd.Series, config: NormalizeConfig) -> float:
    from sellergraph import normalize
    from sellergraph._arrays import factorize_text

    _, uniques = factorize_text(series)
    spec, comp = normalize._SPECS["phone"], normalize._compiled(config)
    done = normalize._fast_codes(uniques, spec, comp)
    return 1.0 if done is None else len(done[3]) / len(uniques)


if __name__ == "__main__":
    main()
