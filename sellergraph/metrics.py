"""Evaluate returning-seller scores and rings against ground truth.

:func:`evaluate` compares an analysis (or a bare ``scores`` table) with a truth
table such as the one :func:`~sellergraph.synthetic.make_marketplace` returns,
and gives an :class:`Evaluation`: ranking quality over all active stores, the
operating point at the alert threshold, and how well rings recover operators.

Only NumPy, pandas and SciPy are used (no scikit-learn); the formulas follow
scikit-learn's definitions so numbers can be compared.

Examples
--------
>>> import pandas as pd
>>> from sellergraph.metrics import evaluate
>>> truth = pd.DataFrame({
...     "store_id": ["a", "b", "c", "d"],
...     "operator_id": ["o1", "o1", "o2", "o3"],
...     "positive": [True, False, True, False],
... })
>>> scores = pd.DataFrame({"store_id": ["a", "b", "c"], "score": [0.9, 0.8, 0.4],
...                        "ring_id": ["r1", "r1", None]})
>>> ev = evaluate(scores, truth)
>>> round(ev.average_precision, 3)
0.833
>>> ev.precision, ev.recall, ev.n_alerts
(0.5, 0.5, 2)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import rankdata

from ._wording import counted
from .config import STATUSES
from .errors import InputError, MissingDependencyError
from .schema import _unknown_statuses, status_of, store_id_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Evaluation", "average_precision", "evaluate"]

#: Precision target of :attr:`Evaluation.recall_at_p90`.
TARGET_PRECISION = 0.9

_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0"}


@dataclass(frozen=True)
class Evaluation:
    """How well scores and rings match the truth.

    Ranking metrics are computed over every active store of the truth table
    (stores missing from the scores count as score 0); banned and closed
    stores are not ranked.

    Attributes
    ----------
    n_stores : int
        Active stores evaluated.
    n_positives : int
        Active stores whose operator has a banned store.
    n_alerts : int
        Active stores scoring at least ``threshold``.
    threshold : float
        Alert threshold used for ``precision``, ``recall`` and ``f1``.
    average_precision : float
        Step-wise average precision, ``sum((R_k - R_{k-1}) * P_k)`` over distinct
        scores (ties count as one threshold, as in scikit-learn). NaN with only
        one class: without negatives every ranking would give 1.0.
    precision, recall, f1 : float
        At ``threshold``; precision is NaN when nothing is alerted. With only one
        class, precision and F1 are NaN (every alert would be right, or every one
        wrong, whatever the scores); recall is NaN without positives.
    recall_at_p90 : float
        Largest recall over thresholds whose precision is at least 0.9 (0 if no
        threshold reaches it). NaN with only one class.
    roc_auc : float
        Area under the ROC curve (ties count half). NaN with only one class.
    n_rings, n_ring_stores : int
        Distinct rings, and ring members that are in the truth table. Members
        are every store of a ring (banned ones too) when the run's stores are
        known; from a bare scores table, the stores it lists with a ring id.
    ring_purity : float
        Share of ring members belonging to their ring's majority operator
        (weighted by ring size). NaN when no ring holds two stores of the truth
        table: a ring of one is pure whatever it gathered.
    pairwise_precision : float
        Of the pairs of stores placed in one ring, over every ringed store
        (honest ones too), the share run by one operator: a ring of honest
        stores of different operators counts all its pairs as wrong. NaN when
        no ring holds two stores of the truth table.
    pairwise_recall : float
        Among ringed stores of offender operators: of the pairs run by one
        operator, the share placed in one ring. Stores without a ring are not
        counted (see ``ring_coverage`` and ``pairwise_recall_all``).
    pairwise_recall_all : float
        Of the pairs of stores run by one offender operator, over all of their
        stores in the run, ringed or not, the share placed in one ring: a store
        left out of every ring misses all its pairs. Without the run's stores
        (a bare scores table), stores it does not list count as in no ring.
    adjusted_rand_index : float
        Agreement of rings with operators over ringed stores, corrected for
        chance (1 = identical partitions, about 0 = random). NaN when no two
        ringed stores share a ring or an operator (nothing to agree on).
    ring_coverage : float
        Share of positive stores that carry a ring id.
    match_precision : float
        Of the alerts that name a matched banned store (``matched_store_id``) the
        truth table lists, the share whose matched store is run by the alerted
        store's own operator: an alert on a returning seller that names another
        offender's store is a wrong lead. An honest store's alert counts as wrong.
        Alerts naming a store the truth does not list are left out (whose store it
        is cannot be told). NaN when no alert names a matched store, when the truth
        lists none of the stores they name, or when no ranked store is positive
        (every alert is then wrong whatever the scores).
    n_unmatched : int
        Truth rows whose store is not in the run (left out of every metric).
        Counted when the run's stores are known (an analysis, or ``stores``).
    n_banned : int
        Banned stores of the truth table in the run (by the truth's ``status``,
        else the run's; 0 when neither is known).
    n_matches_named, n_matches_judged : int
        Alerts naming a matched store, and those of them whose matched store the
        truth table lists (what ``match_precision`` is over).
    pr_curve : pandas.DataFrame
        ``threshold, precision, recall``, one row per distinct score, highest
        threshold first.
    """

    n_stores: int
    n_positives: int
    n_alerts: int
    threshold: float
    average_precision: float
    precision: float
    recall: float
    f1: float
    recall_at_p90: float
    roc_auc: float
    n_rings: int
    n_ring_stores: int
    ring_purity: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_recall_all: float
    adjusted_rand_index: float
    ring_coverage: float
    pr_curve: pd.DataFrame = field(repr=False, compare=False)
    n_unmatched: int = 0
    match_precision: float = float("nan")
    n_banned: int = 0
    n_matches_named: int = 0
    n_matches_judged: int = 0

    @property
    def one_class(self) -> str | None:
        """Why the metrics that compare positives with negatives are NaN: the ranked
        stores are all positive, or none is (None when both are ranked).

        Examples
        --------
        >>> import pandas as pd
        >>> truth = pd.DataFrame({"store_id": ["a", "b"], "operator_id": ["x", "y"],
        ...                       "positive": [True, True]})
        >>> ev = evaluate(pd.DataFrame({"store_id": ["a"], "score": [0.7]}), truth)
        >>> ev.one_class
        'every ranked store is positive (no negatives)'
        """
        if not self.n_stores:
            return "no store is ranked"
        if self.n_positives == self.n_stores:
            return "every ranked store is positive (no negatives)"
        if not self.n_positives:
            return "no ranked store is positive"
        return None

    @property
    def undefined(self) -> dict[str, str]:
        """Why each metric that is NaN says nothing, by metric name (empty when every
        metric is measured). ``sellergraph evaluate --json`` prints it as ``undefined``
        next to the metrics, which are ``null`` there.

        Examples
        --------
        >>> import pandas as pd
        >>> truth = pd.DataFrame({"store_id": ["a", "b"], "operator_id": ["x", "y"],
        ...                       "positive": [True, True]})
        >>> ev = evaluate(pd.DataFrame({"store_id": ["a"], "score": [0.7]}), truth)
        >>> ev.undefined["roc_auc"]
        'every ranked store is positive (no negatives)'
        >>> ev.undefined["ring_purity"]
        'no store of the truth is in a ring'
        """
        return {
            name: self._why_undefined(name)
            for name, value in self.to_dict().items()
            if isinstance(value, float) and math.isnan(value)
        }

    def _why_undefined(self, name: str) -> str:
        one_class = self.one_class
        no_banned = "" if self.n_banned else " (the truth lists no banned store)"
        if name in ("average_precision", "roc_auc", "recall_at_p90", "recall") and one_class:
            return one_class
        if name in ("precision", "f1"):
            return one_class or "no store is alerted"
        if name == "match_precision":
            return self._why_no_matches() or "not measured"
        if name == "ring_coverage":
            return "no store of the truth is positive"
        if not self.n_ring_stores:
            return "no store of the truth is in a ring"
        if name in ("ring_purity", "pairwise_precision"):
            return "no ring holds two stores of the truth"
        if name == "adjusted_rand_index":
            return "no two ringed stores of the truth share a ring or an operator"
        if name == "pairwise_recall":
            return f"no offender operator has two stores in rings{no_banned}"
        if name == "pairwise_recall_all":
            return f"no offender operator has two stores in the run{no_banned}"
        return "not measured"

    def _why_no_matches(self) -> str | None:
        """Why ``match_precision`` is NaN (None when it is not)."""
        if not math.isnan(self.match_precision):
            return None
        if not self.n_matches_named:
            return "no alert names a matched store"
        if not self.n_matches_judged:
            return (
                "the truth lists none of the banned stores named by"
                f" {counted(self.n_matches_named, 'alert')}"
            )
        return self.one_class

    def _matches(self, why_not: str | None) -> str:
        """The ``matches`` line of :meth:`__str__`, after its label."""
        if why_not is not None:
            return f"n/a: {why_not}"
        judged = (
            f" (judged on {self.n_matches_judged:,} of {self.n_matches_named:,} alerts:"
            " the truth does not list the others' matched stores)"
            if self.n_matches_judged < self.n_matches_named
            else ""
        )
        return (
            f"{_fmt(self.match_precision)} of alerts name a banned store of their own"
            f" operator{judged}"
        )

    def _without_banned(self) -> str:
        """What the truth's lack of banned stores leaves unmeasured, for the note of
        :meth:`__str__` ("" when it leaves nothing)."""
        said = []
        if self.n_matches_named and not self.n_matches_judged:
            said.append("matches")
        if self.n_ring_stores and math.isnan(self.ring_purity):
            said.append("ring purity")
        if self.n_ring_stores and math.isnan(self.adjusted_rand_index):
            said.append("ARI")
        if not said:
            return ""
        listed = " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        return f"{listed} say{'' if len(said) > 1 else 's'} nothing (n/a)"

    def to_dict(self) -> dict[str, float | int]:
        """Every scalar metric by name (the PR curve is left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "pr_curve"}

    def to_frame(self) -> pd.DataFrame:
        """Tidy table of the scalar metrics: columns ``metric, value``.

        ``value`` holds counts (``n_stores``, ``n_unmatched``, ...) as ``int`` and rates
        and scores as ``float``, so a count prints as a whole number whatever its value.
        """
        items = self.to_dict()
        values = [int(v) if _is_count(v) else float(v) for v in items.values()]
        return pd.DataFrame({"metric": list(items), "value": pd.Series(values, dtype=object)})

    def plot_pr(self, ax: Axes | None = None) -> Axes:
        """Draw the precision-recall curve and the operating point.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure (not attached to pyplot, so nothing
            is shown and no GUI backend is needed) is made otherwise.

        Returns
        -------
        matplotlib.axes.Axes
        """
        try:
            from matplotlib.figure import Figure
        except ImportError:  # pragma: no cover - matplotlib is a dependency
            raise MissingDependencyError(
                "plotting needs matplotlib: pip install matplotlib"
            ) from None
        if ax is None:
            ax = Figure(figsize=(5.0, 4.0)).subplots()
        curve = self.pr_curve
        if len(curve):
            recall = np.r_[0.0, curve["recall"].to_numpy(float)]
            precision = np.r_[curve["precision"].iloc[0], curve["precision"].to_numpy(float)]
            ax.plot(
                recall,
                precision,
                drawstyle="steps-pre",
                label=f"AP = {_fmt(self.average_precision)}",
            )
        if not (math.isnan(self.precision) or math.isnan(self.recall)):
            ax.plot(
                [self.recall],
                [self.precision],
                "o",
                label=f"threshold {self.threshold:g}",
            )
        ax.set_xlabel("Recall")
        ax.set_ylabel("Precision")
        ax.set_xlim(0.0, 1.02)
        ax.set_ylim(0.0, 1.02)
        ax.set_title(f"Returning sellers: {self.n_positives:,} positives")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="lower left")
        return ax

    def __str__(self) -> str:
        why_no_matches = self._why_no_matches() if self.n_matches_named else None
        one_class_matches = why_no_matches is not None and why_no_matches == self.one_class
        no_banned = "" if self.n_banned else self._without_banned()
        lines = [
            f"Evaluation over {counted(self.n_stores, 'active store')}"
            f" ({counted(self.n_positives, 'positive')})",
            *(
                [
                    f"  note         {counted(self.n_unmatched, 'truth row')} left out"
                    " (their stores are not in the run)"
                ]
                if self.n_unmatched
                else []
            ),
            *(
                [
                    f"  note         {self.one_class}: {'' if self.n_positives else 'recall, '}"
                    f"average precision, ROC AUC, recall at {TARGET_PRECISION:.0%} precision,"
                    f" precision{', F1 and matches' if one_class_matches else ' and F1'}"
                    " say nothing (n/a)"
                ]
                if self.one_class
                else []
            ),
            *(
                [f"  note         the truth lists no banned store: {no_banned}"]
                if no_banned
                else []
            ),
            f"  ranking      average precision {_fmt(self.average_precision)}"
            f"   ROC AUC {_fmt(self.roc_auc)}"
            f"   recall at {TARGET_PRECISION:.0%} precision {_fmt(self.recall_at_p90)}",
            f"  at {self.threshold:<8g}  precision {_fmt(self.precision)}"
            f"   recall {_fmt(self.recall)}   F1 {_fmt(self.f1)}"
            f"   alerts {self.n_alerts:,}",
        ]
        if self.n_matches_named:
            lines.append(f"  matches      {self._matches(why_no_matches)}")
        if self.n_ring_stores:
            alone = math.isnan(self.ring_purity)  # no ring holds two stores of the truth
            lines += [
                f"  rings        {counted(self.n_rings, 'ring')} over"
                f" {counted(self.n_ring_stores, 'store')}"
                f"{', none holding two stores of the truth' if alone else ''}:"
                f" purity {_fmt(self.ring_purity)}"
                f", ARI {_fmt(self.adjusted_rand_index)}"
                f", {_fmt(self.ring_coverage)} of positives in a ring",
                f"  store pairs  among ringed stores: precision {_fmt(self.pairwise_precision)}"
                f" / recall {_fmt(self.pairwise_recall)}"
                f"; over all offender stores: recall {_fmt(self.pairwise_recall_all)}",
            ]
        else:
            lines.append("  rings        none")
        return "\n".join(lines)


def _is_count(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _fmt(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


# ---------------------------------------------------------------------------
# Ranking metrics
# ---------------------------------------------------------------------------


def _pr_points(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thresholds (distinct scores, descending), precision and recall at each."""
    if not len(s):
        empty = np.zeros(0)
        return empty, empty, empty
    order = np.argsort(s, kind="stable")[::-1]
    s_sorted = s[order]
    y_sorted = y[order]
    last_of_group = np.r_[np.flatnonzero(np.diff(s_sorted)), len(s_sorted) - 1]
    tps = np.cumsum(y_sorted)[last_of_group].astype(float)
    alerts = (last_of_group + 1).astype(float)
    n_pos = float(y.sum())
    precision = tps / alerts
    recall = tps / n_pos if n_pos else np.full(len(tps), np.nan)
    return s_sorted[last_of_group], precision, recall


def average_precision(y_true: Iterable[bool], scores: Iterable[float]) -> float:
    """Step-wise average precision (scikit-learn's definition), ties grouped.

    Parameters
    ----------
    y_true : array-like of bool
        Whether each item is a positive.
    scores : array-like of float
        Higher means more likely positive.

    Returns
    -------
    float
        ``sum((R_k - R_{k-1}) * P_k)`` over distinct scores in decreasing order;
        NaN without positives, and 1.0 without negatives whatever the scores (as in
        scikit-learn; :func:`evaluate` reports NaN then).

    Examples
    --------
    >>> average_precision([True, False, True], [0.9, 0.8, 0.7])
    0.8333333333333333
    >>> average_precision([True, False], [0.5, 0.5])  # one tie: precision 1/2
    0.5
    """
    y = np.asarray(list(y_true) if not isinstance(y_true, np.ndarray) else y_true, dtype=bool)
    s = np.asarray(list(scores) if not isinstance(scores, np.ndarray) else scores, dtype=float)
    if y.shape != s.shape:
        raise InputError(f"y_true and scores differ in length ({len(y)} vs {len(s)})")
    _, precision, recall = _pr_points(y, s)
    return _ap(precision, recall)


def _ap(precision: np.ndarray, recall: np.ndarray) -> float:
    if not len(recall) or np.isnan(recall).any():
        return float("nan")
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def _roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(s)  # average ranks: ties count half
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


# ---------------------------------------------------------------------------
# Partition metrics
# ---------------------------------------------------------------------------


def _comb2(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    return float(np.sum(x * (x - 1) / 2))


def _contingency(a: pd.Series, b: pd.Series) -> sparse.csr_matrix:
    a_codes, a_uniques = pd.factorize(a, sort=False)
    b_codes, b_uniques = pd.factorize(b, sort=False)
    ones = np.ones(len(a_codes), dtype=np.int64)
    return sparse.coo_matrix(
        (ones, (a_codes, b_codes)), shape=(len(a_uniques), len(b_uniques))
    ).tocsr()


def _pair_precision(table: sparse.csr_matrix) -> float:
    """Of the pairs of items sharing a row (a ring) of a rings x operators contingency
    table, the share also sharing a column (an operator); NaN when no row holds two.

    Examples
    --------
    >>> _pair_precision(_contingency(pd.Series(["r", "r", "r"]), pd.Series(["a", "a", "b"])))
    0.3333333333333333
    """
    predicted = _comb2(np.asarray(table.sum(axis=1)).ravel())
    return _comb2(table.data) / predicted if predicted else float("nan")


def _adjusted_rand(table: sparse.csr_matrix) -> float:
    n = float(table.sum())
    if n < 2:
        return 1.0
    index = _comb2(table.data)
    sum_a = _comb2(np.asarray(table.sum(axis=1)).ravel())
    sum_b = _comb2(np.asarray(table.sum(axis=0)).ravel())
    expected = sum_a * sum_b / (n * (n - 1) / 2)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:  # both partitions trivial (all one group / all singletons)
        return 1.0
    return float((index - expected) / (maximum - expected))


# ---------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------


def _require(df: Any, table: str, columns: Iterable[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"table {table!r} must be a pandas DataFrame (got {type(df).__name__})")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        failures = pd.DataFrame(
            {
                "table": table,
                "row": None,
                "column": missing,
                "value": None,
                "reason": "missing_column",
                "message": [f"required column {c!r} is missing" for c in missing],
            }
        )
        names = ", ".join(repr(c) for c in missing)
        raise InputError(f"table {table!r} is missing column(s) {names}", failures)


def _unique_ids(df: pd.DataFrame, table: str) -> None:
    dup = df["store_id"].duplicated(keep="first")
    if dup.any():
        rows = np.flatnonzero(dup.to_numpy())
        failures = pd.DataFrame(
            {
                "table": table,
                "row": rows.tolist(),
                "column": "store_id",
                "value": df["store_id"].iloc[rows].astype(str).tolist(),
                "reason": "duplicate",
                "message": "store_id appears more than once",
            }
        )
        raise InputError(f"table {table!r} has {len(rows)} duplicated store_id(s)", failures)


def _as_bool(values: pd.Series, table: str, column: str) -> pd.Series:
    """Booleans from bool, 0/1 or 'true'/'false' text; missing stays missing (NA)."""
    if pd.api.types.is_bool_dtype(values.dtype) and not isinstance(values.dtype, pd.BooleanDtype):
        return values.astype("boolean")
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    present = values.notna()
    if pd.api.types.is_numeric_dtype(values.dtype) or isinstance(values.dtype, pd.BooleanDtype):
        nums = values[present].astype(float)
        bad = ~nums.isin([0.0, 1.0])
        if not bad.any():
            out[present] = nums.to_numpy() == 1.0
            return out
    else:
        text = values[present].map(lambda v: str(v).strip().lower())
        is_true, is_false = text.isin(_TRUE), text.isin(_FALSE)
        bad = ~(is_true | is_false)
        if not bad.any():
            out[present] = is_true.to_numpy()
            return out
    rows = np.flatnonzero(present.to_numpy())[np.flatnonzero(bad.to_numpy())]
    failures = pd.DataFrame(
        {
            "table": table,
            "row": rows.tolist(),
            "column": column,
            "value": values.iloc[rows].astype(str).tolist(),
            "reason": "not_boolean",
            "message": "expected true/false",
        }
    )
    raise InputError(f"column {column!r} of table {table!r} is not boolean", failures)


def _scores_and_threshold(result: Any) -> tuple[pd.DataFrame, float]:
    if isinstance(result, pd.DataFrame):
        return result, 0.5
    scores = getattr(result, "scores", None)
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(
            "result must be an analysis with a .scores DataFrame or a scores DataFrame "
            f"(got {type(result).__name__})"
        )
    config = getattr(result, "config", None)
    threshold = getattr(getattr(config, "scoring", None), "alert_threshold", 0.5)
    return scores, float(threshold)


def _solo_operators(truth: pd.DataFrame) -> pd.DataFrame:
    """A store whose ``operator_id`` is missing is its operator's only store."""
    missing = truth["operator_id"].isna() | (truth["operator_id"].astype(str).str.strip() == "")
    if not missing.any():
        return truth
    alone = "\x00alone:" + pd.Series(np.arange(len(truth)), index=truth.index).astype(str)
    return truth.assign(operator_id=truth["operator_id"].astype(object).where(~missing, alone))


def _truth_status(values: pd.Series, statuses: Mapping[str, str]) -> pd.Series:
    """The truth's statuses, other words read as the run's config maps them; None
    where the cell is empty.

    Examples
    --------
    >>> _truth_status(pd.Series(["Suspended", " ", None, "active"]), {"suspended": "banned"})
    0    banned
    1      None
    2      None
    3    active
    dtype: object
    """
    cells = values.reset_index(drop=True)
    status = status_of(cells, statuses)
    empty = (status == "").to_numpy()
    bad = ~status.isin(STATUSES).to_numpy() & ~empty
    if bad.any():
        failures = pd.DataFrame(_unknown_statuses("truth", cells, status[bad]))
        first = failures.iloc[0]
        raise InputError(
            f"column 'status' of table 'truth' holds {first['value']!r} (row {first['row']}):"
            f" status must be one of {', '.join(STATUSES)}",
            failures[["table", "row", "column", "value", "reason", "message"]],
        )
    named = np.where(empty, None, status.to_numpy(dtype=object))
    return pd.Series(named, index=values.index, dtype=object)


def _bad_cells(
    table: str, column: str, values: pd.Series, bad: pd.Series, reason: str, message: str
) -> pd.DataFrame:
    """The failures table of an :class:`InputError`: one row per bad cell."""
    rows = np.flatnonzero(bad.to_numpy())
    return pd.DataFrame(
        {
            "table": table,
            "row": rows.tolist(),
            "column": column,
            "value": values.iloc[rows].astype(str).tolist(),
            "reason": reason,
            "message": message,
        }
    )


def evaluate(
    result: Any,
    truth: pd.DataFrame,
    *,
    threshold: float | None = None,
    stores: pd.DataFrame | None = None,
    statuses: Mapping[str, str] | None = None,
) -> Evaluation:
    """Score a detection result against ground truth.

    Parameters
    ----------
    result : Analysis or pandas.DataFrame
        An object with ``.scores`` (``store_id, score`` and optionally
        ``ring_id``) and ``.config.scoring.alert_threshold``, or the scores
        table itself. Stores missing from it score 0; a missing ``ring_id``
        means "in no ring".
    truth : pandas.DataFrame
        ``store_id, operator_id, positive`` and optionally ``status`` and
        ``offender`` (as from :func:`~sellergraph.synthetic.make_marketplace`).
        A missing ``operator_id`` means the store's operator runs no other store.
        Store ids are read as the stores table's are (surrounding spaces
        removed). Ranked stores are the active ones (by the truth's ``status``,
        else by the run's) whose ``positive`` is not missing; with no status
        known, every store whose ``positive`` is not missing. Without an
        ``offender`` column, offenders are the operators with a banned store
        (when a status is known) or with a positive store.
    threshold : float, optional
        Alert threshold; defaults to the result's configured
        ``alert_threshold``, or 0.5 for a bare scores table.
    stores : pandas.DataFrame, optional
        The run's stores (``store_id`` and optionally ``status`` and
        ``ring_id``), for a bare scores table: a run folder's ``stores``
        table. An analysis brings its own. With them, truth rows naming stores
        not in the run are counted (:attr:`Evaluation.n_unmatched`), statuses
        come from the run when the truth has none (or its cell is empty), and
        rings are measured over all their members.
    statuses : mapping, optional
        Other status words of the truth's ``status`` and what they mean
        (``{"suspended": "banned"}``), as the config's ``statuses``; defaults to
        the result's config (none for a bare scores table). ``sellergraph
        evaluate`` passes the run's.

    Returns
    -------
    Evaluation

    Raises
    ------
    InputError
        A required column is missing (the message names the table and column),
        ``store_id`` is duplicated, ``score``/``positive`` are not
        numeric/boolean, a ``status`` is not ``active``, ``banned`` or ``closed``, or
        no store of the truth table is in the run.
    TypeError
        ``result`` is neither a DataFrame nor has a ``.scores`` DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> truth = pd.DataFrame({"store_id": ["a", "b"], "operator_id": ["x", "y"],
    ...                       "positive": [True, False]})
    >>> print(evaluate(pd.DataFrame({"store_id": ["a"], "score": [0.7]}), truth))
    Evaluation over 2 active stores (1 positive)
      ranking      average precision 1.000   ROC AUC 1.000   recall at 90% precision 1.000
      at 0.5       precision 1.000   recall 1.000   F1 1.000   alerts 1
      rings        none
    """
    scores, default_threshold = _scores_and_threshold(result)
    thr = default_threshold if threshold is None else float(threshold)
    _require(scores, "scores", ("store_id", "score"))
    _require(truth, "truth", ("store_id", "operator_id", "positive"))
    _unique_ids(scores, "scores")
    _unique_ids(truth, "truth")
    truth = _solo_operators(truth)

    score_values = pd.to_numeric(scores["score"], errors="coerce")
    bad = score_values.isna() & scores["score"].notna()
    if bad.any():
        failures = _bad_cells(
            "scores", "score", scores["score"], bad, "not_numeric", "score must be a number"
        )
        raise InputError("column 'score' of table 'scores' is not numeric", failures)

    run = _run_stores(result, stores)
    store_key = store_id_text(truth["store_id"]).fillna("")
    score_ids = store_id_text(scores["store_id"]).fillna("")
    known = _known_stores(store_key, score_ids if run is None else run["store_id"], run)
    positive = _as_bool(truth["positive"], "truth", "positive")
    run_status = (
        store_key.map(pd.Series(run["status"].to_numpy(), index=run["store_id"]))
        if run is not None and "status" in run.columns
        else None
    )
    if "status" in truth.columns:
        if statuses is None:
            statuses = getattr(getattr(result, "config", None), "statuses", None) or {}
        given = _truth_status(truth["status"], statuses)
        status: pd.Series | None = (
            given if run_status is None else given.where(given.notna(), run_status)
        )
    else:
        status = run_status
    active = known & positive.notna().to_numpy()
    if status is not None:
        active &= (status == "active").to_numpy()

    score_by_store = pd.Series(score_values.fillna(0.0).to_numpy(float), index=score_ids)
    s = store_key[active].map(score_by_store).fillna(0.0).to_numpy(float)
    y = positive[active].fillna(False).to_numpy(bool)

    thresholds, precision_curve, recall_curve = _pr_points(y, s)
    n_pos = int(y.sum())
    alerts = s >= thr
    n_alerts = int(alerts.sum())
    tp = int((alerts & y).sum())
    precision = tp / n_alerts if n_alerts else float("nan")
    recall = tp / n_pos if n_pos else float("nan")
    if math.isnan(precision) or math.isnan(recall):
        f1 = float("nan")
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if n_pos and n_pos < len(y):
        ok = precision_curve >= TARGET_PRECISION
        recall_at_p90 = float(recall_curve[ok].max()) if ok.any() else 0.0
        ap = _ap(precision_curve, recall_curve)
    else:  # one class: these would say 1.0 (or 0) whatever the scores
        recall_at_p90 = ap = precision = f1 = float("nan")

    # Offender operators.
    if "offender" in truth.columns:
        offender = _as_bool(truth["offender"], "truth", "offender").fillna(False).to_numpy(bool)
    else:
        flag = (
            (status == "banned").to_numpy()
            if status is not None
            else positive.fillna(False).to_numpy(bool)
        )
        bad_ops = set(truth["operator_id"][flag & known])
        offender = truth["operator_id"].isin(bad_ops).to_numpy()

    if run is not None and "ring_id" in run.columns:
        members = run[["store_id", "ring_id"]]
    elif "ring_id" in scores.columns:
        members = pd.DataFrame({"store_id": score_ids, "ring_id": scores["ring_id"]})
    else:
        members = None
    ring = _ring_metrics(
        members, truth, store_key, offender & known, positive.fillna(False).to_numpy(bool) & known
    )

    curve = pd.DataFrame(
        {"threshold": thresholds, "precision": precision_curve, "recall": recall_curve}
    )
    alerted = store_key[active][alerts]
    match_precision, named, judged = _match_precision(scores, score_ids, alerted, truth, store_key)
    if not n_pos:  # every alert is a wrong lead, whatever the scores and their matches
        match_precision = float("nan")
    return Evaluation(
        n_stores=int(active.sum()),
        n_positives=n_pos,
        n_alerts=n_alerts,
        threshold=thr,
        average_precision=ap,
        precision=float(precision),
        recall=float(recall),
        f1=float(f1),
        recall_at_p90=recall_at_p90,
        roc_auc=_roc_auc(y, s),
        pr_curve=curve,
        n_unmatched=0 if run is None else int((~known).sum()),
        match_precision=match_precision,
        n_banned=0 if status is None else int(((status == "banned").to_numpy() & known).sum()),
        n_matches_named=named,
        n_matches_judged=judged,
        **ring,
    )


def _match_precision(
    scores: pd.DataFrame,
    score_ids: pd.Series,
    alerted: pd.Series,
    truth: pd.DataFrame,
    store_key: pd.Series,
) -> tuple[float, int, int]:
    """Share of the alerts naming a matched store the truth lists whose matched store
    is their operator's; the alerts naming a matched store, and those judged."""
    if "matched_store_id" not in scores.columns:
        return float("nan"), 0, 0
    matched = pd.Series(store_id_text(scores["matched_store_id"]).to_numpy(), index=score_ids)
    named = alerted.map(matched)
    has = named.notna() & (named != "")
    operator = pd.Series(truth["operator_id"].to_numpy(), index=store_key)
    operator = operator[~operator.index.duplicated()]
    mine = alerted[has].map(operator).to_numpy(dtype=object)
    theirs = named[has].map(operator).to_numpy(dtype=object)
    judged = pd.notna(theirs)  # a store the truth does not list is no one's we know
    if not judged.any():
        return float("nan"), int(has.sum()), 0
    same = pd.notna(mine[judged]) & (mine[judged] == theirs[judged])
    return float(np.mean(same)), int(has.sum()), int(judged.sum())


def _run_stores(result: Any, stores: pd.DataFrame | None) -> pd.DataFrame | None:
    """``store_id`` (as text) and, where known, ``status`` and ``ring_id`` of the run's stores."""
    if stores is None:
        own = None if isinstance(result, pd.DataFrame) else getattr(result, "stores", None)
        ring_of = getattr(result, "ring_of", None)
        if not isinstance(own, pd.DataFrame) or "store_id" not in own.columns:
            return None
        stores = (
            own.assign(ring_id=ring_of) if ring_of is not None and len(ring_of) == len(own) else own
        )
    _require(stores, "stores", ("store_id",))
    out = pd.DataFrame({"store_id": store_id_text(stores["store_id"]).fillna("")})
    if "status" in stores.columns:
        out["status"] = stores["status"].astype(str).str.strip().str.lower().to_numpy()
    if "ring_id" in stores.columns:
        out["ring_id"] = stores["ring_id"].to_numpy()
    return out


def _known_stores(truth_ids: pd.Series, run_ids: pd.Series, run: pd.DataFrame | None) -> np.ndarray:
    """Which truth rows name a store of the run; an error when none does.

    Without the run's stores, only the scored stores are known: every truth row
    counts, but a truth table sharing no store id with a non-empty scores table
    is still refused (the ids are written differently).
    """
    found = truth_ids.isin(run_ids).to_numpy()
    if len(truth_ids) and len(run_ids) and not found.any():
        sample = ", ".join(repr(v) for v in truth_ids.head(3).tolist())
        theirs = ", ".join(repr(v) for v in run_ids.head(3).tolist())
        raise InputError(
            f"no store_id of table 'truth' is in the run (truth has {sample}...; the run has "
            f"{theirs}...): the truth must name the stores the way the stores table does"
        )
    return found if run is not None else np.ones(len(truth_ids), dtype=bool)


def _ring_metrics(
    members: pd.DataFrame | None,
    truth: pd.DataFrame,
    store_key: pd.Series,
    offender: np.ndarray,
    positive: np.ndarray,
) -> dict[str, Any]:
    nan = float("nan")
    offender_pairs = _comb2(truth["operator_id"][offender].value_counts().to_numpy())
    empty: dict[str, Any] = {
        "n_rings": 0,
        "n_ring_stores": 0,
        "ring_purity": nan,
        "pairwise_precision": nan,
        "pairwise_recall": nan,
        "pairwise_recall_all": 0.0 if offender_pairs else nan,
        "adjusted_rand_index": nan,
        "ring_coverage": 0.0 if positive.any() else nan,
    }
    if members is None:
        return empty
    has_ring = members["ring_id"].notna() & (members["ring_id"].astype(str) != "")
    ring_of = pd.Series(
        members["ring_id"][has_ring].to_numpy(), index=members["store_id"][has_ring]
    )
    ring = store_key.map(ring_of)
    in_ring = ring.notna().to_numpy()
    if not in_ring.any():
        return empty
    rings = ring[in_ring].reset_index(drop=True)
    operators = truth["operator_id"][in_ring].reset_index(drop=True)
    table = _contingency(rings, operators)
    n = float(table.sum())
    ring_pairs = _comb2(np.asarray(table.sum(axis=1)).ravel())
    operator_pairs = _comb2(np.asarray(table.sum(axis=0)).ravel())
    # rings of one store of the truth each are pure, and agree with operators of one
    # store each, whatever they gathered: not a measurement
    purity = float(np.asarray(table.max(axis=1).todense()).sum() / n) if ring_pairs else nan

    pair_p = _pair_precision(table)
    off = offender[in_ring]
    together = 0.0
    if off.sum() >= 1:
        sub = _contingency(rings[off], operators[off])
        together = _comb2(sub.data)
        actual = _comb2(np.asarray(sub.sum(axis=0)).ravel())
        pair_r = together / actual if actual else nan
    else:
        pair_r = nan
    n_positive = int(positive.sum())
    return {
        "n_rings": int(table.shape[0]),
        "n_ring_stores": int(n),
        "ring_purity": purity,
        "pairwise_precision": float(pair_p),
        "pairwise_recall": float(pair_r),
        "pairwise_recall_all": together / offender_pairs if offender_pairs else nan,
        "adjusted_rand_index": _adjusted_rand(table) if ring_pairs or operator_pairs else nan,
        "ring_coverage": float((in_ring & positive).sum() / n_positive) if n_positive else nan,
    }
