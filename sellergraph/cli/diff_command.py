"""The ``diff`` command: what changed from last night's run folder to tonight's."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]

#: :data:`sellergraph.rundiff.DEFAULT_TOLERANCE`, written out: that module imports
#: pandas, which ``sellergraph --help`` does not wait for.
DEFAULT_TOLERANCE = 0.001
#: Alert changes listed under the summary at most (all are in ``alert_changes``).
_LISTED = 20


def _tolerance(text: str) -> float:
    """``diff --tolerance``: a number of at least 0.

    Examples
    --------
    >>> _tolerance("0.0005")
    0.0005
    >>> _tolerance("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '-1' is not a score difference (a number of at least 0)
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a score difference (a number of at least 0)"
        )
    return value


def _listing(alerts: Any, where: str = "alert_changes (--out)", limit: int = _LISTED) -> list[str]:
    """The alert changes as lines under the summary: change, store, score (the
    previous one of a gone alert), match, ring and reason; ``limit`` at most, and
    ``where`` the others are.

    Examples
    --------
    >>> import pandas as pd
    >>> alerts = pd.DataFrame({"change": ["new", "gone"], "store_id": ["S9", "S2"],
    ...     "reason": ["new store", "banned"], "score_previous": [None, 0.91],
    ...     "score": [0.97, None], "matched_store_id_previous": [None, "B1"],
    ...     "matched_store_id": ["B1", None], "ring_id_previous": [None, "R-1"],
    ...     "ring_id": ["R-1", "R-1"]})
    >>> for line in _listing(alerts, limit=1):
    ...     print(line)
      new      S9  0.970000  matches B1  ring R-1  new store
      ... 1 more: see alert_changes (--out)
    """
    lines = []
    for row in alerts.head(limit).itertuples(index=False):
        gone = row.change == "gone"
        score = row.score_previous if gone else row.score
        match = row.matched_store_id_previous if gone else row.matched_store_id
        ring = row.ring_id_previous if gone else row.ring_id
        lines.append(
            f"  {row.change:<8} {row.store_id}  {_number(score)}  matches {_word(match)}"
            f"  ring {_word(ring)}  {row.reason}"
        )
    if len(alerts) > limit:
        lines.append(f"  ... {len(alerts) - limit:,} more: see {where}")
    return lines


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> str:
    return "-" if _missing(value) else f"{float(value):.6f}"


def _word(value: Any) -> str:
    return "none" if _missing(value) else str(value)


def cmd_diff(args: argparse.Namespace) -> int:
    from ..rundiff import diff_runs

    result = diff_runs(args.previous, args.run, tolerance=args.tolerance)
    where = "alert_changes (--out)"
    if args.out:
        where = str(result.write(args.out, fmt=args.format)["alert_changes"])
    if args.quiet:  # what makes the runs hard to compare still goes to stderr
        for note in result.notes:
            print(f"sellergraph: warning: {note}", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, sort_keys=True))
        return 0
    print(result.summary())
    if args.out:
        print(f"outputs           {Path(args.out)}/")
    listing = _listing(result.alerts, where)
    if listing:
        print()
        print("\n".join(listing))
    return 0


def register(sub: Any) -> None:
    """Add ``diff`` to the ``sellergraph`` sub-command parser."""
    d = sub.add_parser(
        "diff",
        help="what changed from one run folder to the next: alerts new, gone, changed; rings",
        description="Compare a run folder with an earlier one (last night's): alerts new, gone "
        "(and why: banned, closed, left the export, below the threshold, held back by a review) "
        "and changed (score, match, ring, relation), and rings new, grown, shrunk, merged, "
        "split and dissolved. Reads the runs' alerts, scores and stores tables only.",
    )
    d.add_argument(
        "--previous", required=True, metavar="RUN", help="the earlier run folder (last night's)"
    )
    d.add_argument("--run", required=True, metavar="RUN", help="the later run folder (tonight's)")
    d.add_argument(
        "--out",
        metavar="DIR",
        help="write alert_changes, ring_changes and diff.json (counts and notes) to this folder",
    )
    d.add_argument(
        "--format", choices=["csv", "parquet"], default="csv", help="--out tables format"
    )
    d.add_argument(
        "--tolerance",
        type=_tolerance,
        default=DEFAULT_TOLERANCE,
        metavar="X",
        help=(
            "an alert whose score moved by at most this much (and whose match, ring and "
            "relation are the same) is unchanged: scores drift by up to about 1.5e-4 a night "
            f"with the same evidence (default {DEFAULT_TOLERANCE:g}; 0 shows every move)"
        ),
    )
    d.add_argument("--json", action="store_true", help="print the counts and notes as JSON")
    d.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing (errors still go to stderr); with --out, for a scheduled job",
    )
    d.set_defaults(func=cmd_diff)
