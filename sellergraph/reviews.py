"""Investigators' decisions on alerts, fed back so a reviewed alert is not raised again.

A nightly batch finds the same honest family, agency or shared office every night
until someone says so. A reviews table records what an investigator decided about an
alerted store: ``cleared`` (not a return: a family, an agency, a coincidence) or
``confirmed`` (a return; action under way). An alerts table with a ``decision``
column added is a reviews table: it already holds ``store_id``, ``score`` and
``matched_store_id``.

The latest review of a store holds its alert back while the evidence is what the
investigator saw. The alert is back when the evidence changed:

* the store now matches a different banned store than ``matched_store_id``, or
* its score rose above the reviewed ``score`` by more than
  ``scoring.review_margin`` (new evidence; 0.05 by default).

A review that gives neither ``matched_store_id`` nor ``score`` holds the alert back
whatever the evidence. Every review row is accounted for in the result, with its
``status``:

``held``
    the store alerts and the review holds the alert back;
``back``
    the store alerts again, ``reason`` says what changed;
``not_alerting``
    the store scores below the alert threshold now: nothing to hold back;
``not_active``
    the store is banned or closed now;
``superseded``
    a later review of the same store counts instead;
``unknown_store``
    no store has this ``store_id``;
``invalid``
    a cell breaks the contract; ``reason`` names the column and the value.

Examples
--------
>>> import pandas as pd
>>> reviews = read_reviews(pd.DataFrame({
...     "store_id": ["S1", "S2"], "decision": ["Cleared", "maybe"]}))
>>> reviews[["store_id", "decision", "reason"]].values.tolist()
[['S1', 'cleared', None], ['S2', None, "column 'decision': 'maybe' is not cleared or confirmed"]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .errors import InputError
from .io.tables import TableSource, read_table
from .schema import (
    REVIEW_COLUMNS,
    parse_dates,
    placeholder_dates,
    rename_columns,
    store_id_text,
)
from .scoring import SCORE_COLUMNS

__all__ = [
    "DECISIONS",
    "REVIEW_STATUSES",
    "REVIEW_TABLE_COLUMNS",
    "apply_reviews",
    "held_back",
    "read_reviews",
]

#: What an investigator may decide, and the words read as each (case, spaces and
#: hyphens aside).
DECISIONS: Mapping[str, str] = {
    "cleared": "cleared",
    "false_positive": "cleared",
    "not_a_return": "cleared",
    "confirmed": "confirmed",
    "true_positive": "confirmed",
}

REVIEW_STATUSES: tuple[str, ...] = (
    "held",
    "back",
    "not_alerting",
    "not_active",
    "superseded",
    "unknown_store",
    "invalid",
)

#: Columns of :func:`apply_reviews`' table, before the caller's own columns.
REVIEW_TABLE_COLUMNS: tuple[str, ...] = (
    "row",
    "store_id",
    "decision",
    "reviewed_at",
    "matched_store_id",
    "score",
    "status",
    "reason",
    "score_now",
    "matched_now",
)

#: Why a review dated with a placeholder for an unknown date (1970-01-01, 1900-01-01,
#: 2099-12-31, ...: :func:`sellergraph.schema.placeholder_dates`) is ``invalid``.
_PLACEHOLDER_REVIEW_DATE = (
    "is a date exports write for an unknown date (placeholder_date); leave the cell "
    "empty for an undated review"
)

#: Columns of an alerts table that a reviews table made from one does not carry on
#: (the analysis has them fresh).
_ALERT_COLUMNS = frozenset(SCORE_COLUMNS) - set(REVIEW_COLUMNS)


def _decision(text: pd.Series) -> pd.Series:
    words = text.str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    return words.map(DECISIONS)


def _score(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Scores as floats (a decimal comma read too) and where a cell is not one in [0, 1]."""
    if pd.api.types.is_numeric_dtype(values):
        number = values.astype("float64")
    else:
        text = values.astype("str").str.strip()
        text = text.where(
            ~text.str.fullmatch(r"[0-9]*,[0-9]+", na=False), text.str.replace(",", ".")
        )
        number = pd.to_numeric(text, errors="coerce").astype("float64")
        number[text.isna() | (text == "")] = np.nan
    given = values.notna() & (values.astype("str").str.strip() != "")
    bad = given & ~number.between(0, 1)
    return number.where(~bad), bad


def read_reviews(
    source: TableSource,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: str = "auto",
    encoding: str = "utf-8",
    spreadsheet_serials: bool = False,
) -> pd.DataFrame:
    """Read and check a reviews table (CSV, Parquet or JSON path, or a DataFrame).

    Parameters
    ----------
    source : DataFrame, str or Path
        Columns ``store_id`` and ``decision`` (``cleared`` or ``confirmed``, or
        ``false_positive`` / ``true_positive``), optionally ``matched_store_id``,
        ``score`` and ``reviewed_at``; any other column (``reviewer``, ``note``, a
        case number) is carried to the result, but those of an alerts table.
    columns : mapping, optional
        Column renames, as for :func:`sellergraph.load`.
    date_order : {"auto", "day_first", "month_first"}, default "auto"
        Day/month order of numeric ``reviewed_at`` dates.
    encoding : str, default "utf-8"
        Text encoding of a CSV or JSON file, as for :func:`sellergraph.load`.
    spreadsheet_serials : bool, default False
        Read ``reviewed_at`` spreadsheet serial day numbers (``45352``) as dates, as
        the config's ``dates.spreadsheet_serials`` does for the stores and links.

    Returns
    -------
    DataFrame
        ``row`` (the input row), the columns above cleaned (``decision`` in its
        canonical word, ``score`` a float, ``reviewed_at`` a date), the caller's
        other columns, and ``reason``: ``None``, or why the row cannot be used. A
        ``reviewed_at`` that cannot be read, or that is a placeholder for an unknown
        date (``1970-01-01``, ``1900-01-01``, ``2099-12-31``, ...: what the batch's
        loader clears as ``placeholder_date``), is cleared and its row unusable.

    Examples
    --------
    >>> import pandas as pd
    >>> reviews = read_reviews(pd.DataFrame({"store_id": ["S1", "S2"],
    ...     "decision": ["cleared", "cleared"], "reviewed_at": ["2026-10-01", "1970-01-01"]}))
    >>> reviews["reviewed_at"].dt.strftime("%Y-%m-%d").tolist()
    ['2026-10-01', nan]
    >>> reviews["reason"].iloc[1].split(" is a date")[0]
    "column 'reviewed_at': '1970-01-01'"

    Raises
    ------
    InputError
        The table has no ``store_id`` or no ``decision`` column.
    """
    raw = rename_columns(
        read_table(source, table="reviews", encoding=encoding), columns, table="reviews"
    )
    missing = [c for c in ("store_id", "decision") if c not in raw.columns]
    if missing:
        found = ", ".join(repr(str(c)) for c in raw.columns) or "none"
        raise InputError(
            f"table 'reviews': no {' or '.join(repr(m) for m in missing)} column "
            f"(columns found: {found}); a reviews table needs store_id and decision"
        )
    raw = raw.reset_index(drop=True)
    n = len(raw)
    reason = pd.Series([None] * n, dtype=object)

    def flag(bad: pd.Series, column: str, why: str) -> None:
        rows = bad.to_numpy(dtype=bool) & reason.isna().to_numpy()
        for i in np.flatnonzero(rows):
            value = raw[column].iloc[i]
            reason.iloc[i] = f"column {column!r}: {str(value)[:60]!r} {why}"

    store_id = store_id_text(raw["store_id"])
    flag(store_id.isna() | (store_id == ""), "store_id", "is empty")
    decision_text = raw["decision"].astype("str").str.strip()
    decision = _decision(decision_text)
    flag(decision_text.isna() | (decision_text == ""), "decision", "is empty")
    flag(decision.isna(), "decision", "is not cleared or confirmed")
    out = pd.DataFrame({"row": np.arange(n, dtype=np.int64), "store_id": store_id})
    out["decision"] = decision.astype(object).where(decision.notna(), None)
    if "matched_store_id" in raw.columns:
        matched = store_id_text(raw["matched_store_id"])
        out["matched_store_id"] = matched.astype(object).where(
            matched.notna() & (matched != ""), None
        )
    else:
        out["matched_store_id"] = None
    if "score" in raw.columns:
        score, bad = _score(raw["score"])
        flag(bad, "score", "is not a number from 0 to 1")
        out["score"] = score.to_numpy()
    else:
        out["score"] = np.nan
    if "reviewed_at" in raw.columns:
        when, bad = parse_dates(
            raw["reviewed_at"], order=date_order, spreadsheet_serials=spreadsheet_serials
        )
        flag(bad, "reviewed_at", "is not a date")
        # 2099-12-31 would make a review the latest of its store for good; such a row is
        # invalid, as one with an unreadable date is, rather than silently undated
        placeholder = pd.Series(placeholder_dates(when), index=when.index)
        flag(placeholder, "reviewed_at", _PLACEHOLDER_REVIEW_DATE)
        out["reviewed_at"] = when.where(~placeholder)
    else:
        out["reviewed_at"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out["reason"] = pd.Series(reason.to_numpy(), dtype=object)
    carried = [
        c
        for c in raw.columns
        if c not in REVIEW_COLUMNS and c not in _ALERT_COLUMNS and c not in out.columns
    ]
    for c in carried:  # mixed objects as text, so that any table format holds them
        out[c] = raw[c].astype("str") if raw[c].dtype == object else raw[c].to_numpy()
    return out


def apply_reviews(
    reviews: pd.DataFrame,
    scores: pd.DataFrame,
    stores: pd.DataFrame,
    *,
    alert_threshold: float,
    margin: float,
) -> pd.DataFrame:
    """Each review's status against the scores of this analysis.

    Parameters
    ----------
    reviews : DataFrame
        From :func:`read_reviews`.
    scores : DataFrame
        The analysis' scores (``store_id, score, matched_store_id``).
    stores : DataFrame
        The validated stores table (``store_id, status``).
    alert_threshold : float
        Stores scoring at least this alert.
    margin : float
        A score this much above the reviewed one is new evidence.

    Returns
    -------
    DataFrame
        Columns :data:`REVIEW_TABLE_COLUMNS` then the reviews' own columns, in the
        reviews' row order.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"store_id": ["A", "B"], "score": [0.9, 0.8],
    ...                        "matched_store_id": ["X", "Y"]})
    >>> stores = pd.DataFrame({"store_id": ["A", "B", "X", "Y"],
    ...                        "status": ["active", "active", "banned", "banned"]})
    >>> reviews = read_reviews(pd.DataFrame({"store_id": ["A", "B"],
    ...     "decision": ["cleared", "cleared"], "matched_store_id": ["X", "Z"]}))
    >>> out = apply_reviews(reviews, scores, stores, alert_threshold=0.6, margin=0.05)
    >>> out[["store_id", "status", "reason"]].values.tolist()
    [['A', 'held', None], ['B', 'back', 'now matches Y (reviewed with Z)']]
    """
    out = reviews.copy()
    n = len(out)
    status = np.full(n, "", dtype=object)
    why = out["reason"].to_numpy(dtype=object).copy()
    valid = pd.isna(why)
    status[~valid] = "invalid"

    # the latest review of each store counts (undated ones before dated ones)
    order = out[valid].sort_values(["reviewed_at", "row"], na_position="first", kind="stable")
    latest = np.zeros(n, dtype=bool)
    latest[order.drop_duplicates("store_id", keep="last").index.to_numpy()] = True
    status[valid & ~latest] = "superseded"

    by_id = scores.set_index("store_id")
    now = by_id.reindex(out["store_id"])
    score_now = now["score"].to_numpy(dtype=float)
    matched_now = now["matched_store_id"].to_numpy(dtype=object)
    store_status = stores.set_index("store_id")["status"].reindex(out["store_id"]).to_numpy(object)

    todo = valid & latest
    known = ~pd.isna(store_status)
    status[todo & ~known] = "unknown_store"
    why[todo & ~known] = "store_id is not in the stores table"
    inactive = todo & known & (store_status != "active")
    status[inactive] = "not_active"
    why[inactive] = [f"the store is {s} now" for s in store_status[inactive]]
    open_ = todo & known & ~inactive
    quiet = open_ & ~(np.nan_to_num(score_now, nan=0.0) >= alert_threshold)
    status[quiet] = "not_alerting"
    why[quiet] = [
        f"score {s:.2f} is below the alert threshold {alert_threshold:g}"
        for s in np.nan_to_num(score_now[quiet], nan=0.0)
    ]
    alerting = open_ & ~quiet
    reviewed_match = out["matched_store_id"].to_numpy(dtype=object)
    reviewed_score = out["score"].to_numpy(dtype=float)
    for i in np.flatnonzero(alerting):
        changes = []
        m, m_now = reviewed_match[i], matched_now[i]
        if m is not None and isinstance(m_now, str) and m_now and m_now != m:
            changes.append(f"now matches {m_now} (reviewed with {m})")
        s = reviewed_score[i]
        if not np.isnan(s) and score_now[i] > s + margin:
            changes.append(f"score rose from {s:.2f} to {score_now[i]:.2f}")
        status[i] = "back" if changes else "held"
        why[i] = "; ".join(changes) if changes else None
    out["status"] = status
    out["reason"] = pd.Series(why, dtype=object)
    active = known & (store_status == "active")
    out["score_now"] = np.where(active, np.nan_to_num(score_now, nan=0.0), np.nan)
    out["matched_now"] = pd.Series(
        [m if isinstance(m, str) and m else None for m in matched_now], dtype=object
    )
    own = [c for c in out.columns if c not in REVIEW_TABLE_COLUMNS]
    return out[[*REVIEW_TABLE_COLUMNS, *own]].reset_index(drop=True)


def held_back(table: pd.DataFrame) -> np.ndarray:
    """Store ids whose alert a review holds back (status ``held``)."""
    return table.loc[table["status"] == "held", "store_id"].to_numpy(dtype=object)
