"""What changed from one run folder to the next: alerts new, gone and changed, rings
new, grown, shrunk, merged, split and dissolved.

A nightly job runs ``sellergraph run`` on tonight's export; :func:`diff_runs` then
compares the run folder with last night's. It reads only the ``alerts``, ``scores``
and ``stores`` tables of each folder (in whichever format each was written) and
rebuilds nothing.

*Alerts* are compared by store id. An alert is **new** when the store alerts in the
current run and did not in the previous one, **gone** the other way round, and
**changed** when the store alerts in both but its score moved by more than the
tolerance, or its matched banned store, ring or relation changed. Why an alert is
new or gone is told from the runs' own tables: a new store, one active again, a score
that rose to or fell below the threshold, a store banned or closed since, one that
left the export, a review holding the alert back (or no longer), a threshold that
differs between the runs.

Scores drift a little from night to night even where a store's evidence is the same:
a hub's weight reads the marketplace-wide rate of banned holders, which moves with
every ban. That drift is in the order of 1e-4; the default tolerance,
:data:`DEFAULT_TOLERANCE`, keeps it out of the changed alerts.

*Rings* are compared by membership (each store's ``ring_id`` in the ``stores``
table). A ring keeps its id while its earliest member stays, so a ring whose members
are the same has the same id; a ring of the previous run and one of the current run
are the *same ring* when they share members and neither shares members with another
ring. Rings that share members are grouped: one previous ring and no current one is
**dissolved**, the other way round **new**; one and one is the same ring, **grown**,
**shrunk** or **changed** (members both added and removed) unless its members are
the same; several previous rings in one current ring are **merged**, one previous
ring in several current ones **split**, and several in several **regrouped**.

Examples
--------
>>> import pandas as pd
>>> previous = pd.DataFrame({"store_id": ["A", "B", "C", "D"], "status": ["active"] * 4,
...     "ring_id": ["R-a", "R-a", "R-c", "R-c"]})
>>> current = pd.DataFrame({"store_id": ["A", "B", "C", "D", "E"], "status": ["active"] * 5,
...     "ring_id": ["R-a", "R-a", "R-a", "R-a", "R-a"]})
>>> ring_changes(previous, current)[["change", "ring_id", "ring_id_previous", "size"]]
   change ring_id ring_id_previous  size
0  merged     R-a          R-a|R-c     5
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ._version import keys_version_of, keys_version_text
from ._wording import counted
from .errors import InputError

__all__ = [
    "ALERT_CHANGE_COLUMNS",
    "DEFAULT_TOLERANCE",
    "RING_CHANGE_COLUMNS",
    "RunDiff",
    "alert_changes",
    "diff_runs",
    "ring_changes",
]

#: How far a score may move and its alert still count as unchanged. Scores of stores
#: whose evidence is the same drift by up to about 1.5e-4 a night (the banned-rate
#: prior of the hub weights); this keeps a margin of several times that.
DEFAULT_TOLERANCE = 0.001

#: The values of an alert compared between runs, as the ``scores`` table names them.
_COMPARED = ("score", "matched_store_id", "ring_id", "relation")

#: Columns of :attr:`RunDiff.alerts` (each compared value, the previous run's first).
ALERT_CHANGE_COLUMNS: tuple[str, ...] = (
    "change",
    "store_id",
    "reason",
    *(name for column in _COMPARED for name in (f"{column}_previous", column)),
)

#: Columns of :attr:`RunDiff.rings`.
RING_CHANGE_COLUMNS: tuple[str, ...] = (
    "change",
    "ring_id",
    "ring_id_previous",
    "size_previous",
    "size",
    "banned_previous",
    "banned",
    "added",
    "removed",
    "added_store_ids",
    "removed_store_ids",
)

_STORE_COLUMNS = ("store_id", "status", "ring_id")
_ALERT_ORDER = ("new", "gone", "changed")
_RING_ORDER = ("new", "grown", "shrunk", "changed", "merged", "split", "regrouped", "dissolved")

#: Why an alert is new, or gone (the ``reason`` of :attr:`RunDiff.alerts`).
NEW_STORE, ACTIVE_AGAIN, REVIEW_LIFTED, ROSE = (
    "new store",
    "active again",
    "no longer held back by a review",
    "rose to the threshold",
)
LEFT, BANNED, CLOSED, HELD, FELL = (
    "left the export",
    "banned",
    "closed",
    "held back by a review",
    "fell below the threshold",
)
#: Why an alert is new or gone when the runs' alert thresholds differ and the store's
#: score is on the same side of both.
THRESHOLD_MOVED = "by the threshold change"


@dataclasses.dataclass(frozen=True)
class _Run:
    """The parts of a run folder a diff reads."""

    folder: str
    meta: dict[str, Any]
    threshold: float
    alerts: pd.DataFrame  # store_id and the compared values
    scores: pd.DataFrame  # the same, of every scored store, indexed by store_id
    stores: pd.DataFrame  # store_id, status, ring_id


@dataclasses.dataclass(frozen=True)
class RunDiff:
    """What changed from a previous run folder to the current one (:func:`diff_runs`).

    Attributes
    ----------
    previous, current : str
        The two run folders, as given.
    tolerance : float
        How far a score may move and its alert still count as unchanged.
    alerts : DataFrame
        One row per alert new, changed or gone, columns :data:`ALERT_CHANGE_COLUMNS`:
        ``change`` (``new``, ``gone`` or ``changed``), ``store_id``, ``reason`` and the
        store's ``score``, ``matched_store_id``, ``ring_id`` and ``relation`` in both
        runs (``*_previous`` the previous run's; missing where the store has none: a
        store not in a run, or not active there, has no score; an active store not in
        the ``scores`` table scores 0). The ``reason`` of a new alert is ``new store``,
        ``active again``, ``rose to the threshold``, ``no longer held back by a
        review`` or ``by the threshold change``; of a gone one ``banned``, ``closed``,
        ``left the export``, ``fell below the threshold``, ``held back by a review``
        or ``by the threshold change``; of a changed one what changed
        (``score 0.8 (was 0.9); matches Y (was X)``). New alerts first, then gone, then
        changed, each by score (highest first; gone ones by their previous score),
        then store id.
    rings : DataFrame
        One row per ring change, columns :data:`RING_CHANGE_COLUMNS`: ``change``
        (``new``, ``grown``, ``shrunk``, ``changed``, ``merged``, ``split``,
        ``regrouped`` or ``dissolved``), the current and previous ring ids (several
        joined by ``|``), member counts and banned member counts in both runs, the
        members added and removed (counts, and store ids joined by ``|``). In that
        order of changes, then by ring id.
    counts : dict
        How many of each, for the summary: ``alerts_new``, ``alerts_gone``,
        ``alerts_changed`` and ``alerts_unchanged``, the first three by reason or
        value (``alerts_new_by_reason``, ...); ``rings`` (by change) and
        ``rings_unchanged``; the size of each run (``previous``, ``current``).
    notes : tuple of str
        What makes the two runs hard to compare: a different alert threshold, config,
        seed or sellergraph version.
    """

    previous: str
    current: str
    tolerance: float
    alerts: pd.DataFrame
    rings: pd.DataFrame
    counts: dict[str, Any]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The runs, tolerance, counts and notes, as JSON holds them (``diff.json``)."""
        return {
            "previous": self.previous,
            "current": self.current,
            "tolerance": self.tolerance,
            "counts": self.counts,
            "notes": list(self.notes),
        }

    def write(self, out: str | Path, *, fmt: str = "csv") -> dict[str, Path]:
        """Write ``alert_changes``, ``ring_changes`` (CSV or Parquet) and ``diff.json``
        into the folder ``out`` (created if missing); return name -> path."""
        from .io.tables import write_table

        if fmt not in ("csv", "parquet"):
            raise InputError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = {
            "alert_changes": write_table(self.alerts, folder / f"alert_changes.{fmt}", fmt=fmt),
            "ring_changes": write_table(self.rings, folder / f"ring_changes.{fmt}", fmt=fmt),
        }
        path = folder / "diff.json"
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n")
        written["diff"] = path
        return written

    def summary(self) -> str:
        """The counts, as ``sellergraph diff`` prints them."""
        c = self.counts
        lines = [
            f"previous          {self.previous}  ({_run_counts(c, 'previous')})",
            f"run               {self.current}  ({_run_counts(c, 'current')})",
            f"new alerts        {c['alerts_new']:>12,}{_bracket(c['alerts_new_by_reason'])}",
            f"gone alerts       {c['alerts_gone']:>12,}{_bracket(c['alerts_gone_by_reason'])}",
            f"changed alerts    {c['alerts_changed']:>12,}{_bracket(self._changed())}",
            f"unchanged alerts  {c['alerts_unchanged']:>12,}",
            f"ring changes      {sum(c['rings'].values()):>12,}  ({_ring_counts(c)})",
        ]
        lines += [f"note              {note}" for note in self.notes]
        return "\n".join(lines)

    def _changed(self) -> dict[str, int]:
        """The changed alerts' count of each value that changed, as the summary words it."""
        what = self.counts["alerts_changed_by_value"]
        moved = f"moved by more than {self.tolerance:g}"
        words = {
            "score": (f"score {moved}", f"scores {moved}"),
            "matched_store_id": ("match changed", "matches changed"),
            "ring_id": ("ring changed", "rings changed"),
            "relation": ("relation changed", "relations changed"),
        }
        return {words[column][n != 1]: n for column, n in what.items() if n}

    def __str__(self) -> str:
        return self.summary()


def _bracket(by_reason: Mapping[str, int]) -> str:
    """A summary line's counts by reason, in brackets (nothing when there are none).

    Examples
    --------
    >>> _bracket({"new store": 3, "rose to the threshold": 1})
    '  (3 new stores, 1 rose to the threshold)'
    >>> _bracket({})
    ''
    """
    said = [
        counted(n, reason) if reason == NEW_STORE else f"{n:,} {reason}"
        for reason, n in by_reason.items()
        if n
    ]
    return f"  ({', '.join(said)})" if said else ""


def _run_counts(counts: Mapping[str, Any], side: str) -> str:
    run = counts[side]
    return (
        f"{counted(run['stores'], 'store')}, {counted(run['alerts'], 'alert')} at score >= "
        f"{run['threshold']:g}, {counted(run['rings'], 'ring')}"
    )


def _ring_counts(counts: Mapping[str, Any]) -> str:
    """The ``ring changes`` line in brackets.

    Examples
    --------
    >>> _ring_counts({"rings": {"new": 2, "grown": 1, "merged": 0}, "rings_unchanged": 40})
    '2 new, 1 grown; 40 unchanged'
    """
    said = ", ".join(f"{n:,} {change}" for change, n in counts["rings"].items() if n)
    unchanged = f"{counts['rings_unchanged']:,} unchanged"
    return f"{said}; {unchanged}" if said else unchanged


def diff_runs(
    previous: str | Path, current: str | Path, *, tolerance: float = DEFAULT_TOLERANCE
) -> RunDiff:
    """Compare two run folders: alerts new, gone and changed, and ring changes.

    Parameters
    ----------
    previous : path
        The earlier run folder (last night's), written by ``sellergraph run``.
    current : path
        The later run folder (tonight's). The two may be in different formats (CSV,
        Parquet).
    tolerance : float, default :data:`DEFAULT_TOLERANCE`
        How far an alert's score may move and the alert still count as unchanged
        (when its match, ring and relation are the same). 0 shows every move.

    Returns
    -------
    RunDiff
        ``alerts`` and ``rings`` (the changes), ``counts`` and ``notes``; ``print`` it
        for the summary, :meth:`RunDiff.write` it for the tables.

    Raises
    ------
    InputError
        When a folder is no run folder, or lacks a table the diff reads; when the
        tolerance is no number of at least 0.

    Examples
    --------
    >>> import tempfile
    >>> import sellergraph as sg
    >>> from sellergraph.io.run import write_run
    >>> stores, links, _ = sg.make_marketplace(n_stores=300, seed=1)
    >>> night = tempfile.mkdtemp()
    >>> _ = write_run(sg.analyze(stores, links), night, report=False)
    >>> same = diff_runs(night, night)
    >>> len(same.alerts), len(same.rings), same.counts["alerts_unchanged"]
    (0, 0, 3)
    >>> print(same.summary().splitlines()[2])
    new alerts                   0
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise InputError(f"tolerance must be a number, not {tolerance!r}")
    if not math.isfinite(tolerance) or tolerance < 0:
        raise InputError(f"tolerance must be a number of at least 0 (got {tolerance!r})")
    before, after = _read(previous), _read(current)
    alerts = alert_changes(
        before.alerts,
        after.alerts,
        scores_previous=before.scores,
        scores=after.scores,
        stores_previous=before.stores,
        stores=after.stores,
        threshold_previous=before.threshold,
        threshold=after.threshold,
        tolerance=float(tolerance),
    )
    rings = ring_changes(before.stores, after.stores)
    counts = _counts(before, after, alerts, rings, float(tolerance))
    return RunDiff(
        previous=str(previous),
        current=str(current),
        tolerance=float(tolerance),
        alerts=alerts,
        rings=rings,
        counts=counts,
        notes=tuple(_notes(before, after)),
    )


def _read(folder: str | Path) -> _Run:
    """The tables of a run folder a diff reads, their values as text and floats."""
    from .io.run import read_run, read_run_table

    meta = read_run(folder)
    fmt = meta.get("format", "csv")
    for name in ("alerts", "scores", "stores"):
        if not (Path(folder) / f"{name}.{fmt}").is_file():
            raise InputError(
                f"run folder {str(folder)!r} has no {name} table ({name}.{fmt}); run "
                "'sellergraph run' again to write one"
            )
    config = meta.get("config")
    scoring = config.get("scoring") if isinstance(config, dict) else None
    threshold = scoring.get("alert_threshold") if isinstance(scoring, dict) else None
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InputError(
            f"{str(Path(folder) / 'run.json')!r} does not record the run's alert threshold "
            "(edited, or cut short while written): run 'sellergraph run' again"
        )
    stores = _columns(read_run_table(folder, "stores"), folder, "stores", ("status", "ring_id"))
    scores = _columns(read_run_table(folder, "scores"), folder, "scores", _COMPARED)
    alerts = _columns(read_run_table(folder, "alerts"), folder, "alerts", _COMPARED)
    return _Run(
        folder=str(folder),
        meta=meta,
        threshold=float(threshold),
        alerts=alerts,
        scores=scores.set_index("store_id"),
        stores=stores,
    )


def _columns(
    frame: pd.DataFrame, folder: str | Path, table: str, columns: tuple[str, ...]
) -> pd.DataFrame:
    """``store_id`` and ``columns`` of a run table: ids and words as text (None when
    missing), ``score`` as float; an InputError naming a missing column."""
    from .io.run import check_run_columns

    wanted = ("store_id", *columns)
    check_run_columns(frame, folder, table, wanted)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column in wanted:
        values = frame[column]
        if column == "score":
            out[column] = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
        else:
            text = [None if _missing(v) else str(v) for v in values.tolist()]
            out[column] = pd.Series(text, index=out.index, dtype=object)
    return out


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def alert_changes(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    scores_previous: pd.DataFrame,
    scores: pd.DataFrame,
    stores_previous: pd.DataFrame,
    stores: pd.DataFrame,
    threshold_previous: float,
    threshold: float,
    tolerance: float = DEFAULT_TOLERANCE,
) -> pd.DataFrame:
    """The alerts new, changed and gone from one run's tables to the next's (pure).

    Parameters
    ----------
    previous, current : DataFrame
        The runs' ``alerts``: ``store_id``, ``score``, ``matched_store_id``, ``ring_id``,
        ``relation``.
    scores_previous, scores : DataFrame
        The runs' ``scores`` (the same columns), indexed by ``store_id``.
    stores_previous, stores : DataFrame
        The runs' ``stores``: ``store_id``, ``status``, ``ring_id``.
    threshold_previous, threshold : float
        The runs' alert thresholds.
    tolerance : float
        How far a score may move and its alert still count as unchanged.

    Returns
    -------
    DataFrame
        Columns :data:`ALERT_CHANGE_COLUMNS`, in the order :class:`RunDiff` describes.

    Examples
    --------
    >>> import pandas as pd
    >>> def table(rows):
    ...     return pd.DataFrame(rows, columns=["store_id", "score", "matched_store_id",
    ...                                        "ring_id", "relation"])
    >>> last = table([["A", 0.9, "X", "R-x", "sibling"], ["B", 0.7, "Y", None, "sibling"]])
    >>> now = table([["A", 0.9001, "X", "R-x", "sibling"], ["C", 0.8, "X", "R-x", "sibling"]])
    >>> stores = pd.DataFrame({"store_id": ["A", "B", "C", "X", "Y"],
    ...     "status": ["active", "banned", "active", "banned", "banned"],
    ...     "ring_id": ["R-x", None, "R-x", "R-x", None]})
    >>> changes = alert_changes(last, now, scores_previous=last.set_index("store_id"),
    ...     scores=now.set_index("store_id"), stores_previous=stores.drop(2),
    ...     stores=stores, threshold_previous=0.6, threshold=0.6)
    >>> changes[["change", "store_id", "reason", "score_previous", "score"]]
      change store_id           reason  score_previous  score
    0    new        C        new store             NaN    0.8
    1   gone        B           banned             0.7    NaN
    """
    ids_before = set(previous["store_id"])
    ids_after = set(current["store_id"])
    run_before = _RunValues(scores_previous, stores_previous)
    run_after = _RunValues(scores, stores)
    before = {s: run_before.of(s) for s in previous["store_id"]}
    after = {s: run_after.of(s) for s in current["store_id"]}
    rows: list[dict[str, Any]] = []
    status_before = _status(stores_previous)
    status_after = _status(stores)
    thresholds = (threshold_previous, threshold)
    for store_id in sorted(ids_after - ids_before):
        was = run_before.of(store_id)
        now = after[store_id]
        reason = _why_new(store_id, status_before, was["score"], thresholds)
        rows.append(_row("new", store_id, reason, was, now))
    for store_id in sorted(ids_before & ids_after):
        was, now = before[store_id], after[store_id]
        what = _what_changed(was, now, tolerance)
        if what:
            rows.append(_row("changed", store_id, "; ".join(what), was, now))
    for store_id in sorted(ids_before - ids_after):
        was = before[store_id]
        now = run_after.of(store_id)
        reason = _why_gone(store_id, status_after, now["score"], thresholds)
        rows.append(_row("gone", store_id, reason, was, now))
    table = pd.DataFrame(rows, columns=list(ALERT_CHANGE_COLUMNS))
    for column in ("score_previous", "score"):
        table[column] = table[column].astype(float)
    if table.empty:
        return table.astype({c: object for c in ALERT_CHANGE_COLUMNS if "score" not in c})
    by_score = table["score"].where(table["change"] != "gone", table["score_previous"])
    order = table.assign(
        _rank=table["change"].map(_ALERT_ORDER.index), _score=-by_score.fillna(0.0)
    ).sort_values(["_rank", "_score", "store_id"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)


class _RunValues:
    """A run's compared values per store: its ``scores`` row (the first, as
    written, for an id written twice); else its ring (from ``stores``) and a score of
    0 when active, none otherwise. Looked up by id: a scan of the tables per alert
    made a diff of two million-store runs take minutes."""

    def __init__(self, scores: pd.DataFrame, stores: pd.DataFrame) -> None:
        first = scores[~scores.index.duplicated(keep="first")]
        rows = zip(*(first[c] for c in _COMPARED), strict=True)
        self._scores = dict(zip(first.index, rows, strict=True))
        once = stores.drop_duplicates("store_id", keep="first")
        self._stores = dict(
            zip(once["store_id"], zip(once["status"], once["ring_id"], strict=True), strict=True)
        )

    def of(self, store_id: str) -> dict[str, Any]:
        row = self._scores.get(store_id)
        if row is not None:
            return dict(zip(_COMPARED, row, strict=True))
        status, ring = self._stores.get(store_id, (None, None))
        score = 0.0 if status == "active" else math.nan
        return {"score": score, "matched_store_id": None, "ring_id": ring, "relation": None}


def _status(stores: pd.DataFrame) -> dict[str, str | None]:
    return dict(zip(stores["store_id"], stores["status"], strict=True))


def _why_new(
    store_id: str,
    status_before: Mapping[str, str | None],
    score: float,
    thresholds: tuple[float, float],
) -> str:
    """Why a store alerts now and did not before (``score``: its previous one;
    ``thresholds``: the previous run's and this one's)."""
    if store_id not in status_before:
        return NEW_STORE
    if status_before[store_id] != "active":
        return ACTIVE_AGAIN
    if score >= thresholds[0]:  # scored as alerting, yet held back
        return REVIEW_LIFTED
    return THRESHOLD_MOVED if score >= thresholds[1] else ROSE


def _why_gone(
    store_id: str,
    status_after: Mapping[str, str | None],
    score: float,
    thresholds: tuple[float, float],
) -> str:
    """Why a store no longer alerts (``score``: its score now; ``thresholds``: the
    previous run's and this one's)."""
    if store_id not in status_after:
        return LEFT
    status = status_after[store_id]
    if status == "banned":
        return BANNED
    if status != "active":
        return CLOSED
    if score >= thresholds[1]:  # scored as alerting, yet held back
        return HELD
    return THRESHOLD_MOVED if score >= thresholds[0] else FELL


def _what_changed(was: Mapping[str, Any], now: Mapping[str, Any], tolerance: float) -> list[str]:
    """How an alert in both runs changed (nothing: unchanged).

    Examples
    --------
    >>> was = {"score": 0.9, "matched_store_id": "X", "ring_id": "R-x", "relation": "sibling"}
    >>> _what_changed(was, {**was, "score": 0.90012}, 0.001)
    []
    >>> _what_changed(was, {**was, "score": 0.8, "matched_store_id": "Y"}, 0.001)
    ['score 0.8 (was 0.9)', 'matches Y (was X)']
    """
    said = []
    if abs(float(now["score"]) - float(was["score"])) > tolerance:
        said.append(f"score {now['score']:.6g} (was {was['score']:.6g})")
    words = {"matched_store_id": "matches", "ring_id": "ring", "relation": "relation"}
    for column, word in words.items():
        if not _same(was[column], now[column]):
            said.append(f"{word} {_text(now[column])} (was {_text(was[column])})")
    return said


def _same(a: Any, b: Any) -> bool:
    """Whether two values of a run table are the same, missing ones alike."""
    return (_missing(a) and _missing(b)) or (not _missing(a) and not _missing(b) and a == b)


def _text(value: Any) -> str:
    return "none" if _missing(value) else str(value)


def _row(
    change: str, store_id: str, reason: str, was: Mapping[str, Any], now: Mapping[str, Any]
) -> dict[str, Any]:
    row: dict[str, Any] = {"change": change, "store_id": store_id, "reason": reason}
    for column in _COMPARED:
        row[f"{column}_previous"] = was[column]
        row[column] = now[column]
    return row


def ring_changes(stores_previous: pd.DataFrame, stores: pd.DataFrame) -> pd.DataFrame:
    """The ring changes from one run's ``stores`` table to the next's (pure).

    Parameters
    ----------
    stores_previous, stores : DataFrame
        ``store_id``, ``status`` and ``ring_id`` (missing: in no ring) of every store.

    Returns
    -------
    DataFrame
        Columns :data:`RING_CHANGE_COLUMNS`, one row per group of rings that share
        members and changed (see the module's description), in the order
        :class:`RunDiff` describes.

    Examples
    --------
    >>> import pandas as pd
    >>> last = pd.DataFrame({"store_id": ["A", "B", "C", "D"],
    ...     "status": ["banned", "active", "active", "active"],
    ...     "ring_id": ["R-a", "R-a", "R-c", "R-c"]})
    >>> now = pd.DataFrame({"store_id": ["A", "B", "C", "D", "E"],
    ...     "status": ["banned", "active", "active", "active", "active"],
    ...     "ring_id": ["R-a", "R-a", None, None, "R-a"]})
    >>> ring_changes(last, now)[["change", "ring_id", "ring_id_previous", "added_store_ids"]]
          change ring_id ring_id_previous added_store_ids
    0      grown     R-a              R-a               E
    1  dissolved     NaN              R-c             NaN
    """
    stores_previous, stores = _as_text(stores_previous), _as_text(stores)
    members_before = _members(stores_previous)
    members_after = _members(stores)
    banned_before = set(stores_previous.loc[stores_previous["status"] == "banned", "store_id"])
    banned_after = set(stores.loc[stores["status"] == "banned", "store_id"])
    rows = []
    for rings_before, rings_after in _groups(stores_previous, stores):
        was = set().union(*(members_before[r] for r in rings_before))
        now = set().union(*(members_after[r] for r in rings_after))
        added, removed = sorted(now - was), sorted(was - now)
        change = _ring_change(len(rings_before), len(rings_after), added, removed)
        if change is None and rings_before == rings_after:
            continue
        rows.append(
            {
                "change": change or "changed",  # the same members under another id
                "ring_id": "|".join(rings_after) or None,
                "ring_id_previous": "|".join(rings_before) or None,
                "size_previous": len(was),
                "size": len(now),
                "banned_previous": len(was & banned_before),
                "banned": len(now & banned_after),
                "added": len(added),
                "removed": len(removed),
                "added_store_ids": "|".join(added) or None,
                "removed_store_ids": "|".join(removed) or None,
            }
        )
    table = pd.DataFrame(rows, columns=list(RING_CHANGE_COLUMNS))
    if table.empty:
        counts = ("size_previous", "size", "banned_previous", "banned", "added", "removed")
        return table.astype({c: "int64" if c in counts else object for c in table.columns})
    order = table.assign(
        _rank=table["change"].map(_RING_ORDER.index),
        _id=table["ring_id"].fillna(table["ring_id_previous"]),
    ).sort_values(["_rank", "_id"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def _as_text(stores: pd.DataFrame) -> pd.DataFrame:
    """``store_id``, ``status`` and ``ring_id`` as text (None where missing)."""
    return pd.DataFrame(
        {c: [None if _missing(v) else str(v) for v in stores[c].tolist()] for c in _STORE_COLUMNS},
        dtype=object,
    )


def _members(stores: pd.DataFrame) -> dict[str, set[str]]:
    ringed = stores[stores["ring_id"].notna()]  # None and NaN alike
    members: dict[str, set[str]] = {}
    for store_id, ring_id in zip(ringed["store_id"], ringed["ring_id"], strict=True):
        members.setdefault(ring_id, set()).add(store_id)
    return members


def _groups(
    stores_previous: pd.DataFrame, stores: pd.DataFrame
) -> list[tuple[list[str], list[str]]]:
    """The rings of both runs, grouped by shared members: each group's previous and
    current ring ids (sorted), groups in order of their first ring id."""
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def root(node: tuple[int, str]) -> tuple[int, str]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ring_before: dict[str, Any] = dict(
        zip(stores_previous["store_id"], stores_previous["ring_id"], strict=True)
    )
    for side, table in ((0, stores_previous), (1, stores)):
        for ring_id in table["ring_id"].dropna().unique():
            parent[(side, ring_id)] = (side, ring_id)
    for store_id, ring_id in zip(stores["store_id"], stores["ring_id"], strict=True):
        was = ring_before.get(store_id)
        if not _missing(ring_id) and not _missing(was):
            a, b = root((0, str(was))), root((1, str(ring_id)))
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[tuple[int, str], tuple[list[str], list[str]]] = {}
    for node in sorted(parent):
        side, ring_id = node
        groups.setdefault(root(node), ([], []))[side].append(ring_id)
    return [groups[key] for key in sorted(groups, key=lambda k: (k[1], k[0]))]


def _ring_change(n_before: int, n_after: int, added: list[str], removed: list[str]) -> str | None:
    """What happened to a group of rings (None: the same members).

    Examples
    --------
    >>> _ring_change(2, 1, [], []), _ring_change(1, 1, ["E"], ["A"]), _ring_change(1, 1, [], [])
    ('merged', 'changed', None)
    """
    if not n_before:
        return "new"
    if not n_after:
        return "dissolved"
    if n_before > 1:
        return "merged" if n_after == 1 else "regrouped"
    if n_after > 1:
        return "split"
    if added and removed:
        return "changed"
    if added:
        return "grown"
    return "shrunk" if removed else None


def _counts(
    before: _Run, after: _Run, alerts: pd.DataFrame, rings: pd.DataFrame, tolerance: float
) -> dict[str, Any]:
    change = alerts["change"]
    changed = alerts[change == "changed"]
    kept = len(set(before.alerts["store_id"]) & set(after.alerts["store_id"]))
    moved = (changed["score"] - changed["score_previous"]).abs() > tolerance
    by_value = {"score": int(moved.sum())}
    for column in _COMPARED[1:]:
        pairs = zip(changed[f"{column}_previous"], changed[column], strict=True)
        by_value[column] = sum(not _same(a, b) for a, b in pairs)
    return {
        "previous": _run_sizes(before),
        "current": _run_sizes(after),
        "alerts_new": int((change == "new").sum()),
        "alerts_new_by_reason": _by_reason(
            alerts, "new", (NEW_STORE, ACTIVE_AGAIN, ROSE, REVIEW_LIFTED, THRESHOLD_MOVED)
        ),
        "alerts_gone": int((change == "gone").sum()),
        "alerts_gone_by_reason": _by_reason(
            alerts, "gone", (BANNED, CLOSED, LEFT, FELL, HELD, THRESHOLD_MOVED)
        ),
        "alerts_changed": len(changed),
        "alerts_changed_by_value": by_value,
        "alerts_unchanged": kept - len(changed),
        "rings": {c: int((rings["change"] == c).sum()) for c in _RING_ORDER},
        "rings_unchanged": _unchanged_rings(before, after, rings),
    }


def _by_reason(alerts: pd.DataFrame, change: str, reasons: tuple[str, ...]) -> dict[str, int]:
    these = alerts.loc[alerts["change"] == change, "reason"]
    return {r: int((these == r).sum()) for r in reasons}


def _run_sizes(run: _Run) -> dict[str, Any]:
    return {
        "stores": len(run.stores),
        "alerts": len(run.alerts),
        "threshold": run.threshold,
        "rings": int(run.stores["ring_id"].dropna().nunique()),
    }


def _unchanged_rings(before: _Run, after: _Run, rings: pd.DataFrame) -> int:
    """Rings of the current run with the same id and members as in the previous one."""
    touched = {r for ids in rings["ring_id"].dropna() for r in ids.split("|")}
    same = set(before.stores["ring_id"].dropna()) & set(after.stores["ring_id"].dropna())
    return len(same - touched)


#: Config keys told apart elsewhere (the threshold) or that change every night without
#: moving scores (``dates.as_of``, the day each night's export is of).
_NOT_COMPARED = frozenset({"scoring.alert_threshold", "dates.as_of"})


def _notes(before: _Run, after: _Run) -> list[str]:
    """What makes the runs hard to compare, one sentence each.

    Examples
    --------
    >>> run = lambda meta, t: _Run("f", meta, t, *(pd.DataFrame(),) * 3)
    >>> for note in _notes(run({"config": {"a": 1}}, 0.6), run({"config": {"a": 2}}, 0.5)):
    ...     print(note)
    the alert threshold is 0.5, 0.6 in the previous run: alerts are new or gone for that alone
    the configs differ (a): scores may move for that alone
    """
    notes = []
    if before.threshold != after.threshold:
        notes.append(
            f"the alert threshold is {after.threshold:g}, {before.threshold:g} in the previous "
            "run: alerts are new or gone for that alone"
        )
    differ = [
        key
        for key in _config_paths(before.meta.get("config"), after.meta.get("config"))
        if key not in _NOT_COMPARED
    ]
    if differ:
        shown = ", ".join(differ[:6]) + (f", ... ({len(differ)} in all)" if len(differ) > 6 else "")
        notes.append(f"the configs differ ({shown}): scores may move for that alone")
    if before.meta.get("seed", 0) != after.meta.get("seed", 0):
        notes.append(
            f"the seed is {after.meta.get('seed', 0)}, {before.meta.get('seed', 0)} in the "
            "previous run"
        )
    version = [r.meta.get("versions", {}).get("sellergraph") for r in (before, after)]
    if version[0] != version[1]:
        notes.append(
            f"written by sellergraph {version[1]}, the previous run by {version[0]}: scores "
            "may move for that alone"
        )
    keys = _keys_versions_note(before.meta, after.meta)
    if keys:
        notes.append(keys)
    return notes


def _keys_versions_note(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    """The note when two runs' identifier keys are of different keys versions (None
    when they are of the same, or neither records one).

    Examples
    --------
    >>> print(_keys_versions_note({"keys_version": 1}, {"keys_version": 2}))
    the identifier keys are keys version 2, keys version 1 in the previous run: a value
    written alike may be keyed otherwise, so links, alerts and rings may change for that alone
    >>> _keys_versions_note({"keys_version": 2}, {"keys_version": 2}) is None
    True
    """
    recorded = [keys_version_of({"keys_version": m.get("keys_version")}) for m in (before, after)]
    if recorded[0] == recorded[1]:
        return None
    return (
        f"the identifier keys are {keys_version_text(recorded[1])}, "
        f"{keys_version_text(recorded[0])} in the previous run: a value written alike may "
        "be keyed otherwise, so links, alerts and rings may change for that alone"
    )


def _config_paths(a: Any, b: Any, prefix: str = "") -> list[str]:
    """The dotted keys whose values differ between two recorded configs (sorted).

    Examples
    --------
    >>> _config_paths({"kinds": {"ip": {"weight": 0.2}}, "seed": 1},
    ...               {"kinds": {"ip": {"weight": 0.3}}, "seed": 1, "x": 2})
    ['kinds.ip.weight', 'x']
    """
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b), key=str)
        return [path for k in keys for path in _config_paths(a.get(k), b.get(k), f"{prefix}{k}.")]
    return [] if a == b else [prefix.rstrip(".") or "config"]
