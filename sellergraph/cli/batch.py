"""The batch commands: ``demo``, ``run``, ``synth``, ``evaluate`` and ``explain``."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from numbers import Integral
from pathlib import Path
from typing import Any

from .._wording import counted
from ._common import (
    Stages,
    add_common,
    add_default_country_option,
    add_encoding_option,
    add_input_options,
    add_status_option,
    in_default_country,
    load_config,
    parse_columns,
    parse_kind_names,
    parse_statuses,
    with_input_options,
)

__all__ = ["register"]

DIFFICULTIES = ("easy", "standard", "hard", "adversarial")
#: ``sellergraph.config.DATE_ORDERS``, written out: the command line starts without
#: importing the config module.
DATE_ORDERS = ("auto", "day_first", "month_first", "year_first")


def _store_statuses(counts: dict[str, Any]) -> str:
    """How many stores of each status a run read, as the report's cards count them.

    Examples
    --------
    >>> _store_statuses({"banned": 3, "active": 1200, "closed": 40})
    '3 banned, 1,200 active, 40 closed'
    """
    return ", ".join(f"{counts.get(s, 0):,} {s}" for s in ("banned", "active", "closed"))


def _noted(store_notes: dict[str, int]) -> str:
    """What the summary adds to the ``stores`` line for the stores rows kept with a
    note in ``rejected``, by reason (as
    :func:`~sellergraph.report.html.rejected_notes` counts them).

    Examples
    --------
    >>> _noted({"missing_closed_at": 5000, "invalid_date": 12})
    '; noted in rejected: 5,000 missing_closed_at, 12 invalid_date'
    >>> _noted({})
    ''
    """
    from ..report.html import noted

    return f"; noted in rejected: {noted(store_notes)}" if store_notes else ""


def _set_aside(rejected: Any) -> dict[str, int]:
    """The stores rows set aside whole (``empty_row``, ``header_row``, and the rows of a
    store whose id is on rows that differ, ``duplicate_store_id``, under
    ``input.duplicate_stores = "reject"``), by reason, most first: in ``rejected``, but
    no store and no link, so on no other line of the summary.

    Examples
    --------
    >>> import pandas as pd
    >>> rejected = pd.DataFrame({
    ...     "table": ["stores", "stores", "stores", "links", "stores", "stores"],
    ...     "reason": ["empty_row", "header_row", "empty_row", "empty_row", "invalid_value",
    ...                "duplicate_store_id"],
    ...     "dropped": [True, True, True, True, True, True],
    ... })
    >>> _set_aside(rejected)
    {'empty_row': 2, 'duplicate_store_id': 1, 'header_row': 1}
    """
    from ..dataset import DUPLICATE_STORE
    from ..schema import WHOLE_ROW_REASONS

    whole = (
        (rejected["table"] == "stores")
        & rejected["dropped"].astype(bool)
        & rejected["reason"].isin([*WHOLE_ROW_REASONS, DUPLICATE_STORE])
    )
    counts = rejected.loc[whole, "reason"].astype(str).value_counts(sort=False)
    return dict(sorted(((str(r), int(n)) for r, n in counts.items()), key=lambda p: (-p[1], p[0])))


def _aside(set_aside: dict[str, int]) -> str:
    """What the summary adds to the ``stores`` line for the stores rows set aside whole.

    Examples
    --------
    >>> _aside({"empty_row": 3, "header_row": 1})
    '; 4 rows set aside: 3 empty_row, 1 header_row'
    >>> _aside({})
    ''
    """
    from ..report.html import noted

    if not set_aside:
        return ""
    return f"; {counted(sum(set_aside.values()), 'row')} set aside: {noted(set_aside)}"


def _link_notes(
    rejected: int,
    link_notes: dict[str, int],
    merged: int = 0,
    known: int = 0,
    *,
    merged_into: int = 0,
) -> str:
    """The summary's ``links`` line in brackets: the links rejected (``links_rejected``
    of ``run.json``), and of them the repeats of a link merged into it (``merged``, into
    ``merged_into`` links) and the ``known`` links set aside as known shared, apart
    from the others; then the links' values cleared (their dates) and the cells read as
    several links.

    Examples
    --------
    >>> _link_notes(30092, {"invalid_date": 1471})
    '30,092 rejected, 1,471 values cleared: see rejected'
    >>> _link_notes(12495, {}, merged=9092, merged_into=4000)
    '12,495 rejected: 9,092 repeats merged into 4,000 links, 3,403 for other reasons;
    0 values cleared: see rejected'
    >>> _link_notes(2029, {}, known=188)
    '2,029 rejected: 188 known shared, 1,841 for other reasons; 0 values cleared: see rejected'
    >>> _link_notes(8980069, {}, merged=8980069, merged_into=1019931)
    '8,980,069 rejected: 8,980,069 repeats merged into 1,019,931 links; 0 values cleared:
    see rejected'
    """
    several = link_notes.get("several_values", 0)
    cleared = sum(link_notes.values()) - several
    split = f", {counted(several, 'cell')} of several values" if several else ""
    values = f"{counted(cleared, 'value')} cleared{split}: see rejected"
    if not merged and not known:
        return f"{rejected:,} rejected, {values}"
    parts = []
    if merged:
        parts.append(f"{counted(merged, 'repeat')} merged into {counted(merged_into, 'link')}")
    if known:
        parts.append(f"{known:,} known shared")
    if rejected - merged - known:
        parts.append(f"{rejected - merged - known:,} for other reasons")
    return f"{rejected:,} rejected: {', '.join(parts)}; {values}"


def _known_shared(counts: dict[str, dict[str, int]]) -> str:
    """The summary's ``known shared`` line: per kind, the config's values that matched
    a link and the links set aside (``counts["known_shared"]``).

    Examples
    --------
    >>> _known_shared({"ip": {"listed": 2, "matched": 1, "links": 60, "stores": 58}})
    'ip 1 of 2 values matched, 60 links set aside'
    """
    return "; ".join(
        f"{kind} {n['matched']:,} of {counted(n['listed'], 'value')} matched,"
        f" {counted(n['links'], 'link')} set aside"
        for kind, n in counts.items()
    )


def _merged_repeats(counts: dict[str, Any]) -> tuple[int, int]:
    """Links rows merged into a link of the same store, kind and value: repeat
    observations, counted apart from the rows rejected for a fault
    (``counts["link_repeats"]``), and the links they were merged into (each one
    ``duplicate`` row of ``rejected``, in a wide stores table's cells too).

    Examples
    --------
    >>> _merged_repeats({"link_repeats": 9, "rejected_by_reason": {"duplicate": 2}})
    (9, 2)
    """
    into = int((counts.get("rejected_by_reason") or {}).get("duplicate", 0))
    return int(counts.get("link_repeats", into)), into


def _unlinked(counts: dict[str, Any]) -> str:
    """The summary's ``unlinked stores`` line: the stores without a link accepted,
    which nothing can link to another store (a failed join upstream shows here).

    Examples
    --------
    >>> _unlinked({"stores": 200_000, "stores_without_links": 80_000})
    'unlinked stores        80,000  (40% of the stores have no link accepted)'
    >>> _unlinked({"stores": 5_003, "stores_without_links": 3})
    'unlinked stores             3  (under 1% of the stores have no link accepted)'
    >>> _unlinked({"stores": 3, "stores_without_links": 0})
    'unlinked stores             0'
    """
    from ..report.html import share_of_stores

    n = int(counts.get("stores_without_links", 0))
    share = f"  ({share_of_stores(n, counts.get('stores'))} have no link accepted)" if n else ""
    return f"unlinked stores   {n:>12,}{share}"


def _streetless(n: int) -> str:
    """What the summary adds to a composed address's line for the rows without a
    street line (``counts["no_street_line"]``).

    Examples
    --------
    >>> _streetless(318)
    '  (318 rows with other parts but no street line: no address)'
    >>> _streetless(1), _streetless(0)
    ('  (1 row with other parts but no street line: no address)', '')
    """
    if not n:
        return ""
    return f"  ({counted(n, 'row')} with other parts but no street line: no address)"


def _unread(columns: list[str], why: dict[str, str]) -> str:
    """The summary's ``not read`` line: the columns (eight at most), each with why it
    is not read when the counts say (``counts["columns_not_read_why"]``).

    Examples
    --------
    >>> _unread(["name", "date_of_birth"], {"name": "fuzzy.names is off"})
    'name (fuzzy.names is off), date_of_birth (carried along; see the data contract for names read)'
    """
    shown = ", ".join(f"{c} ({why[c]})" if c in why else c for c in columns[:8])
    more = f", ... ({len(columns)} in all)" if len(columns) > 8 else ""
    return f"{shown}{more} (carried along; see the data contract for names read)"


def _review_counts(counts: dict[str, Any]) -> str:
    """What the summary's ``reviews`` line says of them.

    Examples
    --------
    >>> _review_counts({"alerts_held": 12, "alerts_back": 1, "reviews_invalid": 0})
    '12 alerts held back, 1 back with changed evidence'
    """
    said = [
        f"{counted(counts.get('alerts_held', 0), 'alert')} held back",
        f"{counts.get('alerts_back', 0):,} back with changed evidence",
    ]
    if counts.get("reviews_invalid"):
        said.append(f"{counted(counts['reviews_invalid'], 'row')} invalid")
    return ", ".join(said)


def _rate(x: float) -> str:
    """A metric as the summary prints it: three decimals, ``n/a`` for NaN.

    Examples
    --------
    >>> _rate(0.83333), _rate(float("nan"))
    ('0.833', 'n/a')
    """
    return "n/a" if math.isnan(x) else f"{x:.3f}"


def _print_summary(analysis: Any, out: Path, seconds: float, evaluation: Any = None) -> None:
    """The run's counts, and its time end to end (reading the inputs to the last output)."""
    from ..report.html import rejected_notes

    c = analysis.provenance["counts"]
    link_notes, store_notes = rejected_notes(analysis.rejected)
    aside = _aside(_set_aside(analysis.rejected))
    merged, merged_into = _merged_repeats(c)
    known = sum(n["links"] for n in (c.get("known_shared") or {}).values())
    print(
        f"stores            {c['stores']:>12,}  ({_store_statuses(c)}{aside}{_noted(store_notes)})"
    )
    notes = _link_notes(c["links_rejected"], link_notes, merged, known, merged_into=merged_into)
    print(f"links             {c['links_in']:>12,}  ({notes})")
    if "stores_without_links" in c:
        print(_unlinked(c))
    if c.get("known_shared"):
        print(f"known shared      {_known_shared(c['known_shared'])}")
    read_as = c.get("kinds_read_as") or {}
    if read_as:
        names = ", ".join(f"{name} as {kind}" for name, kind in read_as.items())
        print(f"kinds read as     {names}")
    renamed = c.get("columns_read_as") or {}
    if renamed:  # a stores column read as a contract column under another name of it
        names = ", ".join(f"{given} as {column}" for given, column in renamed.items())
        print(f"columns read as   {names}")
    streetless = c.get("no_street_line") or {}
    for parts in c.get("address_from") or []:  # an address composed from several columns
        label = " + ".join(parts)
        print(f"address from      {label}{_streetless(streetless.get(label, 0))}")
    unread = c.get("columns_not_read") or []
    if unread:  # carried along into the stores table, not read as identifiers
        print(f"not read          {_unread(unread, c.get('columns_not_read_why') or {})}")
    print(f"store links       {c['store_links']:>12,}")
    print(f"rings             {c['rings']:>12,}")
    print(f"hubs              {c['hubs']:>12,}  ({c['hubs_suppressed']:,} suppressed)")
    print(f"scored stores     {c['scored']:>12,}")
    print(
        f"alerts            {c['alerts']:>12,}  "
        f"(score >= {analysis.config.scoring.alert_threshold})"
    )
    if "reviews" in c:
        print(f"reviews           {c['reviews']:>12,}  ({_review_counts(c)}: see reviews)")
    if evaluation is not None:
        print(
            f"evaluation        AP {_rate(evaluation.average_precision)}, "
            f"precision {_rate(evaluation.precision)} / recall {_rate(evaluation.recall)} "
            f"at threshold, recall@90%P {_rate(evaluation.recall_at_p90)}"
        )
    analysed = analysis.provenance["timings"]["total"]
    print(
        f"time              {seconds:>11.1f}s  (analysis {analysed:.1f}s, "
        f"tables and report {max(seconds - analysed, 0.0):.1f}s)"
    )
    print(f"outputs           {out}/")
    if (out / "report.html").exists():
        print(f"report            {(out / 'report.html').resolve()}")


def _analyse_and_write(
    stores: str,
    links: str | None,
    out: Path,
    *,
    config: Any,
    seed: int,
    fmt: str,
    raw: bool,
    report: bool,
    quiet: bool,
    columns: dict[str, str] | None,
    truth: str | None = None,
    reviews: str | None = None,
    extra: dict[str, Any] | None = None,
    encoding: str = "utf-8",
) -> tuple[Any, Any, float]:
    from ..io.run import write_run
    from ..pipeline import analyze

    started = time.perf_counter()
    stages = Stages(["load", "link", "rings", "score", "write"], quiet=quiet)
    try:
        analysis = analyze(
            stores,
            links,
            config=config,
            seed=seed,
            columns=columns,
            progress=stages,
            reviews=reviews,
            encoding=encoding,
        )
        evaluation = None
        if truth is not None:
            from ..io.tables import read_table
            from ..metrics import evaluate

            evaluation = evaluate(analysis, read_table(truth, table="truth", encoding=encoding))
        stages("write")
        inputs = {
            "stores": stores,
            **({"links": links} if links else {}),
            **({"reviews": reviews} if reviews else {}),
        }
        write_run(
            analysis,
            out,
            fmt=fmt,  # type: ignore[arg-type]
            raw=raw,
            report=report,
            inputs=inputs,
            extra=extra,
            evaluation=evaluation,
        )
    finally:
        stages.close()
    return analysis, evaluation, time.perf_counter() - started


def as_of_option(text: str) -> str:
    """A ``--as-of`` value: a day written ``YYYY-MM-DD``; anything else is a usage error
    naming the value.

    Examples
    --------
    >>> as_of_option("2024-06-01")
    '2024-06-01'
    >>> as_of_option("2024-6-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '2024-6-1' is not a day written YYYY-MM-DD, ...
    """
    from ..config import as_of_day
    from ..errors import ConfigError

    try:
        return str(as_of_day(text))
    except ConfigError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day written YYYY-MM-DD, such as 2024-06-01 (the day the "
            "data is of: the export's)"
        ) from None


def _date_options(args: argparse.Namespace) -> dict[str, str]:
    """``--as-of`` and ``--date-order`` as config changes (``dates.as_of``,
    ``dates.order``), those given: the options win over the config file's."""
    given = {"as_of": args.as_of, "order": args.date_order}
    return {k: v for k, v in given.items() if v is not None}


def cmd_run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    analysis, _, seconds = _analyse_and_write(
        args.stores,
        args.links,
        out,
        config=with_input_options(
            in_default_country(
                parse_kind_names(
                    args.kind_names, parse_statuses(args.status, load_config(args.config))
                ),
                args.default_country,
            ),
            duplicate_stores=args.duplicate_stores,
            max_rejected_share=args.max_rejected_share,
        ).replace(**_date_options(args)),
        seed=args.seed,
        fmt=args.format,
        raw=args.raw,
        report=not args.no_report,
        quiet=args.quiet,
        columns=parse_columns(args.columns),
        reviews=args.reviews,
        extra={"command": ["sellergraph", *sys.argv[1:]]},
        encoding=args.encoding,
    )
    if not args.quiet:  # --quiet: no progress and no summary; errors still go to stderr
        _print_summary(analysis, out, seconds)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from ..io.tables import write_table
    from ..synthetic import make_marketplace

    out = Path(args.out)
    stores, links, truth = make_marketplace(
        n_stores=args.stores, seed=args.seed, difficulty=args.difficulty
    )
    for name, frame in (("stores", stores), ("links", links), ("truth", truth)):
        path = write_table(frame, out / f"{name}.{args.format}", fmt=args.format)
        if not args.quiet:
            print(f"{name:<7} {len(frame):>12,} rows  {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..io.tables import write_table
    from ..synthetic import make_marketplace

    out = Path(args.out)
    data = out / "data"
    if not args.quiet:
        print(
            f"Generating a synthetic marketplace of {args.stores:,} stores (seed {args.seed}) ...",
            file=sys.stderr,
        )
    stores, links, truth = make_marketplace(
        n_stores=args.stores, seed=args.seed, difficulty=args.difficulty
    )
    paths = {}
    for name, frame in (("stores", stores), ("links", links), ("truth", truth)):
        paths[name] = write_table(frame, data / f"{name}.csv", fmt="csv")
    analysis, evaluation, seconds = _analyse_and_write(
        str(paths["stores"]),
        str(paths["links"]),
        out,
        config=load_config(args.config),
        seed=args.seed,
        fmt="csv",
        raw=False,
        report=True,
        quiet=args.quiet,
        columns=None,
        truth=str(paths["truth"]),
        extra={"command": ["sellergraph", *sys.argv[1:]]},
    )
    if args.quiet:  # no summary and no hints either: errors still go to stderr
        return 0
    print(f"synthetic data    {data}/ (stores.csv, links.csv, truth.csv)")
    _print_summary(analysis, out, seconds, evaluation)
    print(
        "\nSame numbers from the batch command:\n"
        f"  sellergraph run --stores {paths['stores']} --links {paths['links']} --out DIR"
        f" --seed {args.seed}"
    )
    print(
        "Next: screen new registrations against this run, or package a ring for a case:\n"
        f"  sellergraph index --run {out} --out {out}/index.sgidx\n"
        f"  sellergraph screen --index {out}/index.sgidx registrations.jsonl\n"
        f"  sellergraph export case --run {out} --ring RING_ID --out {out}/case"
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..io.run import read_run, read_run_table, run_settings
    from ..io.tables import read_table
    from ..metrics import evaluate

    meta = read_run(args.run)
    scores = read_run_table(args.run, "scores")
    truth = read_table(args.truth, table="truth", encoding=args.encoding)
    config = run_settings(args.run, meta)[0]
    threshold = config.scoring.alert_threshold if args.threshold is None else args.threshold
    stores = read_run_table(args.run, "stores") if _has_table(args.run, meta, "stores") else None
    result = evaluate(scores, truth, threshold=threshold, stores=stores, statuses=config.statuses)
    if args.json:
        print(_evaluation_json(result))
    else:
        print(result)
    if args.plot:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(5, 4))
        FigureCanvasAgg(fig)
        result.plot_pr(fig.add_subplot())
        fig.savefig(args.plot, dpi=110, bbox_inches="tight")
        print(f"PR curve written to {args.plot}")
    return 0


def _evaluation_json(evaluation: Any) -> str:
    """``evaluate --json``: every metric, ``null`` where it says nothing (NaN in Python),
    and ``undefined``, why each ``null`` metric is one. Strict JSON: no ``NaN``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.metrics import evaluate
    >>> truth = pd.DataFrame({"store_id": ["a", "b"], "operator_id": ["x", "y"],
    ...                       "positive": [True, True]})
    >>> payload = json.loads(_evaluation_json(evaluate(
    ...     pd.DataFrame({"store_id": ["a"], "score": [0.7]}), truth)))
    >>> payload["recall"], payload["roc_auc"], payload["undefined"]["roc_auc"]
    (0.5, None, 'every ranked store is positive (no negatives)')
    """
    metrics = {name: _json_number(value) for name, value in evaluation.to_dict().items()}
    payload = {**metrics, "undefined": evaluation.undefined}
    return json.dumps(payload, indent=2, sort_keys=True, allow_nan=False)


def _json_number(value: Any) -> int | float | None:
    """A metric as strict JSON holds it: counts as integers, NaN as ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> _json_number(np.int64(3)), _json_number(0.25), _json_number(float("nan"))
    (3, 0.25, None)
    """
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def _threshold(text: str) -> float:
    """``evaluate --threshold``: a number (a score is between 0 and 1), not NaN or infinity.

    Examples
    --------
    >>> _threshold("0.5")
    0.5
    >>> _threshold("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'nan' is not a number a score can be compared with
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number a score can be compared with")
    return value


def _has_table(run: str, meta: dict[str, Any], name: str) -> bool:
    return (Path(run) / f"{name}.{meta.get('format', 'csv')}").is_file()


def _min_link(meta: dict[str, Any]) -> float | None:
    """The run's ``rings.min_link`` (None when its run.json does not record one)."""
    value = meta.get("config", {}).get("rings", {}).get("min_link")
    return None if value is None else float(value)


def _alert_threshold(meta: dict[str, Any]) -> float | None:
    """The run's ``scoring.alert_threshold`` (None when its run.json does not record one).

    Examples
    --------
    >>> _alert_threshold({"config": {"scoring": {"alert_threshold": 0.45}}}), _alert_threshold({})
    (0.45, None)
    """
    value = meta.get("config", {}).get("scoring", {}).get("alert_threshold")
    return None if value is None else float(value)


def _recycling(meta: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """The run's kinds whose values are handed on (its recorded config's, else the
    default's), as :func:`~sellergraph.recycling.recycling_rules` gives them.

    Examples
    --------
    >>> _recycling({"config": {"kinds": {"phone": {"recycled_half_life_days": 0}}}})
    {'ip': (180.0, 180.0)}
    """
    from ..config import Config
    from ..recycling import recycling_rules

    recorded = meta.get("config")
    config = Config.from_dict(recorded, recorded=True) if recorded else Config()
    return recycling_rules(config)


def _unscored(store_id: str, stores: Any) -> tuple[str | None, Any]:
    """Why a store is not in a run's ``scores`` table, from its ``stores`` table (None
    when the run has none): an error message, as :meth:`~sellergraph.Analysis.explain`
    words it, or, for an active store (which scores 0), its stores row.

    Examples
    --------
    >>> import pandas as pd
    >>> stores = pd.DataFrame({"store_id": ["B1", "A1"], "status": ["banned", "active"]})
    >>> _unscored("NOPE", stores)[0]
    "store_id 'NOPE' is not in this analysis"
    >>> _unscored("B1", stores)[0]
    "store 'B1' is banned; only active stores are scored"
    >>> _unscored("A1", stores)[1]["status"]
    'active'
    """
    if stores is None:
        return (
            f"store {store_id!r} is not in this run's scores (only active stores with a "
            "score above 0 are), and the run folder has no stores table to say whether "
            "the store exists",
            None,
        )
    match = stores[stores["store_id"].astype(str) == store_id]
    if match.empty:
        return f"store_id {store_id!r} is not in this analysis", None
    row = match.iloc[0]
    if row["status"] != "active":
        return f"store {store_id!r} is {row['status']}; only active stores are scored", None
    return None, row


def _wallet_rows(table: Any, recycling: dict[str, tuple[float, float]]) -> Any:
    """The evidence rows whose text would say a phone-number wallet was handed on, were
    their value one: direct payment-account items whose two stores' holdings are further
    apart than the ``phone`` rule's grace (none without a ``phone`` rule).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"item": ["direct", "direct", "path"],
    ...     "kind": ["payment_account", "payment_account", None], "gap_days": [900, 40, None]})
    >>> _wallet_rows(table, {"phone": (365.0, 365.0)}).tolist(), _wallet_rows(table, {}).tolist()
    ([True, False, False], [False, False, False])
    """
    import numpy as np
    import pandas as pd

    if "phone" not in recycling or "gap_days" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    gap = pd.to_numeric(table["gap_days"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        apart = gap > recycling["phone"][0]
    direct = (table["item"] == "direct").to_numpy(dtype=bool, na_value=False)
    paying = (table["kind"] == "payment_account").to_numpy(dtype=bool, na_value=False)
    return direct & paying & apart


def _run_payment_keys(run: str, meta: dict[str, Any], store_ids: set[str]) -> dict[str, set[str]]:
    """The payment-account keys each of some stores holds, from a run folder's
    ``links`` table (empty when the folder has none). Only those stores' rows are kept:
    Parquet row groups of other stores are skipped, CSV is read a block at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    path = Path(run) / f"links.{meta.get('format', 'csv')}"
    if not path.is_file():
        return {}
    wanted = pa.array(sorted(store_ids), type=pa.string())
    columns = ["store_id", "kind", "key"]
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        batches = pq.read_table(
            path, columns=columns, filters=[("store_id", "in", sorted(store_ids))]
        ).to_batches()
    else:
        import pyarrow.csv as pacsv

        batches = pacsv.open_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                include_columns=columns, column_types=dict.fromkeys(columns, pa.string())
            ),
        )
    held: dict[str, set[str]] = {}
    for batch in batches:
        store, kind, key = (batch.column(c).cast(pa.string()) for c in columns)
        keep = pc.and_(
            pc.is_in(store, value_set=wanted), pc.equal(kind, pa.scalar("payment_account"))
        )
        for sid, k in zip(
            store.filter(keep).to_pylist(), key.filter(keep).to_pylist(), strict=True
        ):
            held.setdefault(sid, set()).add(k)
    return held


def _phone_wallets(
    run: str,
    meta: dict[str, Any],
    store_id: str,
    table: Any,
    recycling: dict[str, tuple[float, float]],
) -> list[bool] | None:
    """For each evidence row of a store, whether its value is a payment account handed
    on with a phone number (:func:`~sellergraph.recycling.handed_on_with_phone`), as the
    batch's explanation reads it from the identifier's key; None to read it from the
    table's values (a folder of raw values, whose values are the keys).

    A folder's values are masked (``***********5678``): the key of a row is the
    payment-account key its store shares with the row's banned store, read from the
    folder's ``links`` table, whose mask is the row's value. A row whose value masks
    several such keys is a wallet only when all of them are. Nothing of the key is
    shown: only the wording of the row's weight follows from it.
    """
    import numpy as np

    from ..normalize import mask_value
    from ..recycling import handed_on_with_phone

    rows = np.flatnonzero(_wallet_rows(table, recycling))
    if meta.get("raw_values") or not len(rows):
        return None
    others = {str(o) for o in table["other_store_id"].iloc[rows]}
    held = _run_payment_keys(run, meta, {store_id, *others})
    out = [False] * len(table)
    for i in rows:
        other = str(table["other_store_id"].iloc[i])
        value = table["value"].iloc[i]
        shared = held.get(store_id, set()) & held.get(other, set())
        masked = sorted(k for k in shared if mask_value("payment_account", k) == value)
        if masked:
            out[i] = bool(handed_on_with_phone(["payment_account"] * len(masked), masked).all())
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..analysis import EXPLAIN_COLUMNS, explanation_summary
    from ..errors import InputError
    from ..io.run import read_run, read_run_table
    from ..report._text import visible

    meta = read_run(args.run)
    min_link, threshold = _min_link(meta), _alert_threshold(meta)
    scores = read_run_table(args.run, "scores")
    row = scores[scores["store_id"] == args.store_id]
    evidence = read_run_table(args.run, "evidence")
    table = evidence[evidence["store_id"] == args.store_id].drop(columns="store_id")
    table["other_closed_at"] = pd.to_datetime(table["other_closed_at"])
    if row.empty:  # not scored: unknown, not active, or active with a score of 0
        stores = (
            read_run_table(args.run, "stores") if _has_table(args.run, meta, "stores") else None
        )
        problem, store_row = _unscored(args.store_id, stores)
        if problem is not None:
            raise InputError(problem)
        r = pd.Series(
            {"store_id": args.store_id, "score": 0.0, "ring_id": None, **store_row.to_dict()}
        )
        ring = None
    else:
        r = row.iloc[0]
        ring = None
        if pd.notna(r["ring_id"]):
            rings = read_run_table(args.run, "rings")
            match = rings[rings["ring_id"] == r["ring_id"]]
            ring = match.iloc[0] if len(match) else None
    store = {"store_id": r["store_id"], "platform": r["platform"], "opened_at": r["opened_at"]}
    recycling = _recycling(meta)
    summary = explanation_summary(
        store,
        r,
        table,
        ring,
        min_link=min_link,
        alert_threshold=threshold,
        recycling=recycling,
        phone_wallets=_phone_wallets(args.run, meta, args.store_id, table, recycling),
    )
    if args.json:
        payload = {
            "store_id": args.store_id,
            "score": _json_number(r["score"]),
            "summary": summary,
            "contributions": json.loads(table.to_json(orient="records", date_format="iso")),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False))
        return 0
    print(summary)
    if table.empty:
        return 0
    print()
    # the summary names a path's hops; a run folder written before them has no such column
    hidden = {
        "other_platform",
        "other_closed_at",
        "closure_reason",
        "via_store_id",
        "hops",
        "similarity",
    }
    flagged = _flagged_rows(table)
    if not flagged:  # most stores have no flagged evidence: no empty column for them
        hidden.add("flag")
    cols = [c for c in EXPLAIN_COLUMNS if c not in hidden and c in table.columns]
    shown = table[cols].astype({"value": object})
    path = (table["item"] == "path").to_numpy()
    if path.any():  # a path's value: the store it goes through
        shown.loc[path, "value"] = "via " + table.loc[path, "via_store_id"].astype(str)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        shown = shown.map(lambda v: visible(v) if isinstance(v, str) else "" if v is None else v)
        print(shown.to_string(index=False, na_rep=""))
    if flagged:
        print()
        print("Flagged values (the flag lowers the item's weight):")
        for line in flagged:
            print(f"  {visible(line)}")
    return 0


def _flagged_rows(table: Any) -> list[str]:
    """One line per evidence row whose identifier normalisation flagged: its rank, kind,
    (masked) value and the flag in plain words (:func:`~sellergraph.analysis.flag_wording`).
    No line for a folder written before evidence had a ``flag`` column (no flags).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"rank": [1, 2], "kind": ["device", "ip"],
    ...                       "flag": [None, "private_ip"], "value": ["ab**6789", "10.0.0.x"]})
    >>> _flagged_rows(table)  # doctest: +NORMALIZE_WHITESPACE
    ['rank 2, IP address 10.0.0.x (private_ip): private or carrier-grade NAT address
      (shared by many users); weight x0.3']
    >>> _flagged_rows(table.drop(columns="flag"))
    []
    """
    from ..analysis import flag_wording
    from ..evidence import kind_label

    if "flag" not in table.columns:
        return []
    lines = []
    for rank, kind, value, flag in zip(
        table["rank"], table["kind"], table["value"], table["flag"], strict=True
    ):
        if isinstance(flag, str) and flag:
            lines.append(
                f"rank {rank}, {kind_label(str(kind))} {value} ({flag}): {flag_wording(flag)}"
            )
    return lines


def register(sub: Any) -> None:
    """Add the batch commands to the ``sellergraph`` sub-command parser."""
    d = sub.add_parser(
        "demo",
        help="generate a synthetic marketplace, analyse it and write the report",
        description="Generate a synthetic marketplace with ground truth, analyse it, evaluate "
        "against the truth and write every output plus report.html.",
    )
    d.add_argument(
        "--out", default="sellergraph-demo", help="output folder (default sellergraph-demo)"
    )
    d.add_argument("--stores", type=int, default=20_000, help="number of stores (default 20000)")
    d.add_argument("--difficulty", choices=DIFFICULTIES, default="standard")
    d.add_argument("--config", help="config file (JSON or TOML)")
    add_common(d)
    d.set_defaults(func=cmd_demo)

    r = sub.add_parser(
        "run",
        help="analyse stores and links files; write scores, alerts, rings, hubs, report",
        description="The batch job: read stores and links (CSV, Parquet or JSON Lines), analyse, "
        "and write scores, alerts, rings, hubs, rejected, evidence, report.html and run.json to "
        "--out.",
    )
    r.add_argument("--stores", required=True, help="stores table (CSV, Parquet or JSON Lines)")
    r.add_argument("--links", help="links table (omit for a wide stores table)")
    r.add_argument("--out", required=True, help="output folder")
    r.add_argument("--config", help="config file (JSON or TOML)")
    r.add_argument(
        "--format", choices=["csv", "parquet"], default="csv", help="output tables format"
    )
    r.add_argument(
        "--columns",
        help=(
            "column renames for both tables, e.g. shop_id=store_id,type=kind; "
            "prefix stores. or links. for one table only (links.id=link_id)"
        ),
    )
    add_default_country_option(r)
    add_status_option(r)
    r.add_argument(
        "--raw", action="store_true", help="write raw identifier values (default: masked)"
    )
    r.add_argument(
        "--reviews",
        help=(
            "investigators' decisions on earlier alerts (store_id, decision = cleared or "
            "confirmed[, matched_store_id, score, reviewed_at]); a reviewed alert is held "
            "back until its evidence changes"
        ),
    )
    add_encoding_option(r, "--stores, --links and --reviews")
    add_input_options(r)
    r.add_argument(
        "--as-of",
        type=as_of_option,
        metavar="YYYY-MM-DD",
        help=(
            "the day the data is of (the export's): a date after the day after it is "
            "cleared as future_date, and the run reads the same on any day (default: the "
            "day of the run judges dates more than a year ahead of the rest); sets the "
            "config's dates.as_of, recorded in run.json"
        ),
    )
    r.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        help=(
            "order of numeric dates: auto (the default: from the data), day_first, "
            "month_first, or year_first (23/03/12 is 2023-03-12, as Japanese, Korean and "
            "Chinese exports write it); sets the config's dates.order"
        ),
    )
    r.add_argument("--no-report", action="store_true", help="skip report.html")
    add_common(r)
    r.set_defaults(func=cmd_run)

    s = sub.add_parser(
        "synth",
        help="write a synthetic marketplace with ground truth",
        description="Write stores, links and truth tables of a synthetic marketplace.",
    )
    s.add_argument("--stores", type=int, required=True, help="number of stores")
    s.add_argument("--out", required=True, help="output folder")
    s.add_argument("--difficulty", choices=DIFFICULTIES, default="standard")
    s.add_argument("--format", choices=["csv", "parquet"], default="csv")
    add_common(s)
    s.set_defaults(func=cmd_synth)

    e = sub.add_parser(
        "evaluate",
        help="score a run folder against ground truth",
        description="Average precision, precision/recall at the alert threshold, recall at 90% "
        "precision and ring purity of a run, against a truth table.",
    )
    e.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    e.add_argument(
        "--truth",
        required=True,
        help=(
            "truth table (store_id, operator_id, positive; optionally status, offender): list "
            "the banned stores too, with their operator_id, to measure matches and rings"
        ),
    )
    e.add_argument("--threshold", type=_threshold, help="alert threshold (default: the run's)")
    e.add_argument("--plot", help="write the precision-recall curve to this PNG")
    e.add_argument(
        "--json",
        action="store_true",
        help="print JSON: null for a metric that says nothing, and why under 'undefined'",
    )
    add_encoding_option(e, "--truth")
    e.set_defaults(func=cmd_evaluate)

    x = sub.add_parser(
        "explain",
        help="why a store scored what it did",
        description="Print the evidence behind one store's score, from a run folder.",
    )
    x.add_argument("store_id", help="the store to explain")
    x.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_explain)
