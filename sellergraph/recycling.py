"""Values handed on to other people: the time between two holders weakens a match.

Phone numbers are reassigned once their owner gives them up, and dynamic IP
addresses go to the next customer. A banned store's phone number that turns up on a
new store five years after the ban was most likely reassigned, not kept by the
offender. Each kind's :class:`~sellergraph.config.KindRule` says how fast:
``recycled_after_days`` of grace, then the match halves in weight every
``recycled_half_life_days`` (0: never; the default for devices, payment accounts,
ID documents, e-mail and addresses).

The gap is read cautiously, so that it is never longer than the data shows:

* a store that is banned or closed held a value until its last sighting
  (``observed_at``) or its closure, whichever is later;
* an active store still holds its values (no gap after it);
* a store held a value from its first sighting or its opening, whichever is
  earlier.

Days are integer day numbers (days since 1970-01-01), :data:`NAT_DAYS` where unknown.

Examples
--------
>>> recycling_factor(np.array([1879]), np.array([365]), np.array([365])).round(3).tolist()
[0.056]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .config import Config

__all__ = [
    "NAT_DAYS",
    "days",
    "gap_note",
    "held_gap",
    "kind_recycling",
    "pair_gaps",
    "recycling_factor",
    "recycling_rules",
    "sightings",
]

#: Day number of an unknown date (below every real day).
NAT_DAYS = np.iinfo(np.int64).min // 2

#: Evidence texts mention the time between two holders of a value from this many days.
NOTED_GAP_DAYS = 365


def gap_note(gap_days: int | None) -> str:
    """What an evidence text adds about a long time between two holders of a value.

    Examples
    --------
    >>> gap_note(1978), gap_note(30), gap_note(None)
    ('; 1,978 days between holders', '', '')
    """
    if gap_days is None or gap_days == NAT_DAYS or gap_days < NOTED_GAP_DAYS:
        return ""
    return f"; {gap_days:,} days between holders"


def days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers of dates, :data:`NAT_DAYS` where missing.

    Examples
    --------
    >>> days(np.array(["1970-01-02", "NaT"], dtype="datetime64[ns]")).tolist() == [1, NAT_DAYS]
    True
    """
    arr = np.asarray(values, dtype="datetime64[ns]")
    out = arr.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(arr), NAT_DAYS, out)


def recycling_factor(
    gap_days: np.ndarray, after_days: np.ndarray, half_life_days: np.ndarray
) -> np.ndarray:
    """How much of its weight a match keeps when its value went unheld ``gap_days``.

    A value of a kind that is handed on keeps its weight for ``after_days``, then
    halves every ``half_life_days``. A half-life of 0, an unknown gap
    (:data:`NAT_DAYS`) or a negative one (the stores held the value at the same
    time) keeps the whole weight.

    Examples
    --------
    >>> recycling_factor(np.array([100, 730, 1879, 1879]), np.array([365, 365, 365, 0]),
    ...                  np.array([365, 365, 365, 0])).round(3).tolist()
    [1.0, 0.5, 0.056, 1.0]
    """
    gap = np.asarray(gap_days, dtype=np.int64)
    after = np.asarray(after_days, dtype=np.float64)
    half = np.asarray(half_life_days, dtype=np.float64)
    beyond = np.maximum(gap - after, 0.0)
    fades = (half > 0) & (gap != NAT_DAYS) & (beyond > 0)
    return np.where(fades, 0.5 ** (beyond / np.where(half > 0, half, 1.0)), 1.0)


def held_gap(
    first_seen: np.ndarray,
    opened: np.ndarray,
    last_seen: np.ndarray,
    closed: np.ndarray,
    ended: np.ndarray,
) -> np.ndarray:
    """Days from one store's last holding of a value to another store's first.

    Parameters
    ----------
    first_seen, opened : ndarray
        The later store's first sighting of its value and its opening day; it held
        the value from the earlier of the two known ones.
    last_seen, closed : ndarray
        The earlier store's last sighting of its value and its closing day; it held
        the value until the later of the two known ones.
    ended : ndarray of bool
        Whether the earlier store is banned or closed: an active store still holds
        its values, and there is no gap after it.

    Returns
    -------
    ndarray
        The gap in days (negative: the holdings overlap), :data:`NAT_DAYS` where
        either end is unknown or the earlier store has not ended.

    Examples
    --------
    >>> nat = NAT_DAYS
    >>> held_gap(np.array([900, nat, 900]), np.array([1000, 950, 1000]),
    ...          np.array([100, 100, 100]), np.array([50, nat, 50]),
    ...          np.array([True, True, False])).tolist() == [800, 850, nat]
    True
    """
    start = _earliest(np.asarray(first_seen), np.asarray(opened))
    end = np.maximum(np.asarray(last_seen), np.asarray(closed))  # NAT_DAYS is lowest
    known = np.asarray(ended, dtype=bool) & (start != NAT_DAYS) & (end != NAT_DAYS)
    return np.where(known, start - end, NAT_DAYS)


def _earliest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The earlier of two days, either of which may be unknown."""
    return np.where(a == NAT_DAYS, b, np.where(b == NAT_DAYS, a, np.minimum(a, b)))


def kind_recycling(
    kinds: Sequence[str] | np.ndarray, config: Config
) -> tuple[np.ndarray, np.ndarray]:
    """``recycled_after_days`` and ``recycled_half_life_days`` of each entry's kind
    (0 and 0 for a kind the config does not list).

    Examples
    --------
    >>> after, half = kind_recycling(["phone", "device"], Config())
    >>> after.tolist(), half.tolist()
    ([365.0, 0.0], [365.0, 0.0])
    """
    names = pd.Series(np.asarray(kinds, dtype=object), dtype=object)
    rules = {k: config.kinds.get(str(k)) for k in pd.unique(names)}
    after = {k: float(r.recycled_after_days) if r else 0.0 for k, r in rules.items()}
    half = {k: float(r.recycled_half_life_days) if r else 0.0 for k, r in rules.items()}
    return (
        names.map(after).to_numpy(dtype=np.float64),
        names.map(half).to_numpy(dtype=np.float64),
    )


def recycling_rules(config: Config) -> dict[str, tuple[float, float]]:
    """Each kind whose values are handed on, with its ``recycled_after_days`` and
    ``recycled_half_life_days``.

    Examples
    --------
    >>> recycling_rules(Config())
    {'ip': (180.0, 180.0), 'phone': (365.0, 365.0)}
    """
    return {
        str(kind): (float(rule.recycled_after_days), float(rule.recycled_half_life_days))
        for kind, rule in sorted(config.kinds.items())
        if rule.recycled_half_life_days > 0
    }


#: Day of a (store, identifier) link's sighting: ``(stores, identifiers, column)``.
Sightings = Callable[[np.ndarray, np.ndarray, str], np.ndarray]


def sightings(incidence: pd.DataFrame, n_identifiers: int) -> Sightings:
    """Look up the ``first_seen``/``last_seen`` day of (store, identifier) links.

    ``incidence`` has ``store, ident, first_seen, last_seen`` (one row per link);
    links it does not hold are :data:`NAT_DAYS`. The lookup of the last (store,
    identifier) arrays asked about is kept, so asking for both columns finds the
    links once.

    Examples
    --------
    >>> inc = pd.DataFrame({"store": [0, 1], "ident": [5, 5],
    ...     "first_seen": pd.to_datetime(["1970-01-03", None]),
    ...     "last_seen": pd.to_datetime(["1970-01-09", None])})
    >>> seen = sightings(inc, 6)
    >>> seen(np.array([0, 1, 2]), np.array([5, 5, 5]), "last_seen").tolist()[0]
    8
    """
    width = np.int64(n_identifiers + 1)
    keys = incidence["store"].to_numpy().astype(np.int64) * width + incidence["ident"].to_numpy()
    order = None if bool(np.all(keys[1:] >= keys[:-1])) else np.argsort(keys, kind="stable")
    if order is not None:
        keys = keys[order]
    last: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def rows_of(store: np.ndarray, ident: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the links asked about the incidence holds, and their rows."""
        if last and last[0][0] is store and last[0][1] is ident:
            return last[0][2], last[0][3]
        wanted = np.asarray(store, dtype=np.int64) * width + np.asarray(ident, dtype=np.int64)
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[pos] == wanted
        rows = pos[found] if order is None else order[pos[found]]
        last[:] = [(store, ident, found, rows)]
        return found, rows

    def seen(store: np.ndarray, ident: np.ndarray, column: str) -> np.ndarray:
        out = np.full(len(store), NAT_DAYS, dtype=np.int64)
        if not len(keys) or not len(store):
            return out
        found, rows = rows_of(store, ident)
        out[found] = days(incidence[column].to_numpy()[rows])
        return out

    return seen


def pair_gaps(
    seen: Sightings,
    a: np.ndarray,
    ident_a: np.ndarray,
    b: np.ndarray,
    ident_b: np.ndarray,
    opened: np.ndarray,
    closed: np.ndarray,
    ended: np.ndarray,
) -> np.ndarray:
    """:func:`held_gap` between stores ``a`` and ``b`` holding ``ident_a`` and
    ``ident_b``, whichever of them held first (``opened``, ``closed``, ``ended``:
    per store code)."""
    first_a, last_a = seen(a, ident_a, "first_seen"), seen(a, ident_a, "last_seen")
    first_b, last_b = seen(b, ident_b, "first_seen"), seen(b, ident_b, "last_seen")
    a_then_b = held_gap(first_b, opened[b], last_a, closed[a], ended[a])
    b_then_a = held_gap(first_a, opened[a], last_b, closed[b], ended[b])
    return np.maximum(a_then_b, b_then_a)
