"""Returning-seller scores and the contributions that explain them.

For every active store the score in [0, 1] says how likely it is run by the same
operator as a banned store. It is built from evidence *items*, each with a weight:

``direct``
    each identifier the store shares (exactly, or as a near duplicate) with at least
    one banned store, counted once however many banned stores share it, weighted by
    its kind, flags and hub specificity; a second identifier of a kind already seen
    counts ``same_kind_discount`` of its weight. Items combine by noisy-or:
    ``direct = 1 - prod(1 - w)``.
``path``
    the strongest chain store -> other store(s) -> banned store through non-banned
    stores (a ring member that is itself linked to a banned store), its strength the
    product of link weights times ``ring_decay`` per extra hop. The evidence score is
    ``max(direct, path)``, so evidence reaching a banned store two ways is never
    counted twice.
``timing``
    a store opened within ``return_window_days`` after the closure of the banned
    store it matches gets ``timing_weight * s * (1 - s)`` more: a return.

A value of a kind that is handed on to other people (phone numbers, IPs: see
``KindRule.recycled_after_days``) counts less the longer it went unseen between the
banned store and the scored store (:mod:`sellergraph.recycling`): a phone number first
seen on a new store five years after its banned holder closed was most likely
reassigned.

Each item's *contribution* is what it added to the running score, in decreasing order
of weight, so the contributions of a store sum to its score exactly.

Stores closed for other reasons (``status = closed``) are never evidence sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._arrays import group_cumsum, group_starts, labels_by_group
from .build import EvidenceGraph, kind_rules
from .build import text_order as _text_order
from .config import Config, ScoreConfig
from .evidence import kind_label
from .normalize import mask_value
from .recycling import NAT_DAYS as _NAT_DAYS
from .recycling import (
    NOTED_GAP_DAYS,
    gap_note,
    pair_gaps,
    recycling_factor,
    sightings,
    value_recycling,
)
from .recycling import days as _days

__all__ = [
    "CONTRIBUTION_COLUMNS",
    "HUB_COLUMNS",
    "HUB_SPEAKS_AT",
    "MAX_ITEM_WEIGHT",
    "SCORE_COLUMNS",
    "PathTables",
    "RankedItems",
    "Scoring",
    "Settled",
    "banned_lift",
    "banned_rate",
    "banned_share",
    "hop_strength",
    "hub_ceiling",
    "hubs_table",
    "pair_totals",
    "path_tables",
    "rank_items",
    "reinforce",
    "score_stores",
    "settle",
    "with_rings",
]

SCORE_COLUMNS: tuple[str, ...] = (
    "store_id",
    "score",
    "matched_store_id",
    "ring_id",
    "returning",
    "kinds",
    "evidence",
    "relation",
    "cross_platform",
    "n_banned_linked",
    "platform",
    "opened_at",
)

#: Columns of :attr:`Scoring.contributions` (store codes; -1 for none). A path item goes
#: from ``store`` through ``via`` (and, on a path of three hops, ``via2``) to the banned
#: ``other``.
CONTRIBUTION_COLUMNS: tuple[str, ...] = (
    "store",
    "rank",
    "item",
    "kind",
    "match",
    "ident",
    "other_ident",
    "other",
    "via",
    "via2",
    "similarity",
    "weight",
    "contribution",
    "gap_days",
)

#: No single evidence item counts more than this (one item is never certainty).
MAX_ITEM_WEIGHT = 0.999


@dataclass(frozen=True)
class Scoring:
    """Scores of active stores and their contributions (store codes, long form)."""

    scores: pd.DataFrame
    contributions: pd.DataFrame
    #: Store code (row of the stores table) of each ``scores`` row.
    store: np.ndarray


#: How far above the marketplace's banned rate (0) towards half (1) a suppressed
#: hub's shrunk banned share must be before it counts as direct evidence at all:
#: below, a hub whose holders are slightly more often banned than average would
#: give every honest holder a sliver of a score.
HUB_SPEAKS_AT = 0.5


def reinforce(
    weight: np.ndarray,
    n_stores: np.ndarray,
    n_banned: np.ndarray,
    specificity: np.ndarray,
    *,
    banned_rate: float | np.ndarray,
    prior: float,
    suppressed: np.ndarray | None = None,
    hub_cap: np.ndarray | None = None,
) -> np.ndarray:
    """Strengthen evidence from identifiers that several banned stores hold.

    An identifier held by ``n`` stores of which ``k`` are banned is discounted by hub
    specificity; but when the banned share ``(k + b0 m) / (n + m)`` (shrunk towards
    the marketplace's banned rate ``b0`` with ``m = prior``) is well above ``b0``,
    the value belongs to an offender operation rather than to innocent neighbours,
    and the discount is lifted accordingly. Each further banned holder then counts
    as one more chance, ``1 - (1 - w) ** e``, with ``e = sqrt(k)`` for a value held
    by no more stores than its kind's ``free_share``. A wider-shared value counts its
    further banned holders only as much as it says at all (its specificity, or its
    lifted share where higher): ``e = 1 + (sqrt(k) - 1) * max(specificity, toxic)``.
    Four banned clients of an agency's device shared by 38 stores do not make the
    other 34 stores' evidence twice as strong; twelve of 38 make it stronger.

    A ``suppressed`` hub (``weight`` then its kind's weight times specificity, as if
    it were not) says only what its banned share says, and only when that share is
    high (``toxic`` at least :data:`HUB_SPEAKS_AT`): ``max(specificity, toxic)``
    becomes ``toxic``, else 0. A device on 45 stores, 44 of them banned, is a
    counterfeit farm's, not a shared warehouse's; one on 450 stores with 5 banned,
    or on 45 with 10, stays silent. Given each value's kind's ``hub_cap``, what a
    suppressed hub says is at most :func:`hub_ceiling`: the further past its cap,
    the closer to its shrunk banned share. An emulator's fingerprint on 30,000
    stores, half of them banned, is no one operator's, and holding it makes a store
    about as likely banned as that half, not 0.85.

    Examples
    --------
    >>> reinforce(np.array([0.5]), np.array([2]), np.array([1]), np.array([1.0]),
    ...           banned_rate=0.1, prior=4).round(3).tolist()
    [0.5]
    >>> reinforce(np.array([0.39, 0.39]), np.array([38, 38]), np.array([4, 12]),
    ...           np.array([0.46, 0.46]), banned_rate=0.06, prior=4).round(3).tolist()
    [0.514, 0.742]
    >>> reinforce(np.array([0.36, 0.12]), np.array([45, 450]), np.array([44, 5]),
    ...           np.array([0.42, 0.13]), banned_rate=0.06, prior=4,
    ...           suppressed=np.array([True, True])).round(3).tolist()
    [0.857, 0.0]
    >>> reinforce(np.array([0.36, 0.077]), np.array([45, 1000]), np.array([44, 500]),
    ...           np.array([0.42, 0.09]), banned_rate=0.06, prior=4,
    ...           suppressed=np.array([True, True]), hub_cap=np.array([40, 40])).round(3).tolist()
    [0.857, 0.518]
    """
    if not len(weight):
        return np.asarray(weight, dtype=np.float64)
    k = np.asarray(n_banned, dtype=np.float64)
    spec = np.asarray(specificity, dtype=np.float64)
    toxic = banned_lift(n_stores, n_banned, banned_rate=banned_rate, prior=prior)
    says = np.maximum(spec, toxic)
    if suppressed is not None:
        says = np.where(suppressed, np.where(toxic >= HUB_SPEAKS_AT, toxic, 0.0), says)
    lifted = np.minimum(weight / np.maximum(spec, 1e-12) * says, 0.999)
    chances = 1.0 + (np.sqrt(np.maximum(k, 1.0)) - 1.0) * says
    if suppressed is not None:
        # one value, whose banned share is all it says: its banned holders are one
        # chance, not one each (a payment provider's account on 51 stores, 26 of them
        # banned, gave each of its 25 active holders 0.999 on its own)
        chances = np.where(suppressed, 1.0, chances)
    said = 1.0 - (1.0 - lifted) ** chances
    if suppressed is not None and hub_cap is not None:
        ceiling = hub_ceiling(n_stores, n_banned, hub_cap, banned_rate=banned_rate, prior=prior)
        said = np.where(suppressed, np.minimum(said, ceiling), said)
    return said


def banned_share(
    n_stores: np.ndarray, n_banned: np.ndarray, *, banned_rate: float | np.ndarray, prior: float
) -> np.ndarray:
    """Share of a value's holders that are banned, shrunk towards the marketplace's
    banned rate ``b0``: ``(k + b0 m) / (n + m)`` with ``m = prior``.

    Examples
    --------
    >>> banned_share(np.array([2, 1000]), np.array([2, 500]), banned_rate=0.05, prior=4).round(3)
    array([0.367, 0.498])
    """
    n = np.asarray(n_stores, dtype=np.float64)
    k = np.asarray(n_banned, dtype=np.float64)
    return (k + banned_rate * prior) / (n + prior)


def hub_ceiling(
    n_stores: np.ndarray,
    n_banned: np.ndarray,
    hub_cap: np.ndarray,
    *,
    banned_rate: float | np.ndarray,
    prior: float,
) -> np.ndarray:
    """The most a suppressed hub says against an active store holding it.

    A value held by no more stores than its kind's ``hub_cap`` can be one operator's;
    one held by ``n`` more is so only as far as ``hub_cap / n`` allows. Its ceiling is
    its :func:`banned_share` ``s`` plus that part of the rest: ``s + (1 - s) * hub_cap
    / n``. Just past the cap that is near certainty (a farm's device on 45 stores, 44
    banned, is not held back); far past it, about the share itself (an emulator's
    fingerprint on 30,000 stores, half banned, says what holding it says of any
    store: even odds, below an alert).

    Examples
    --------
    >>> hub_ceiling(np.array([45, 1000, 30000]), np.array([44, 500, 15000]), np.array([40] * 3),
    ...             banned_rate=0.06, prior=4).round(3)
    array([0.989, 0.518, 0.501])
    """
    share = banned_share(n_stores, n_banned, banned_rate=banned_rate, prior=prior)
    n = np.maximum(np.asarray(n_stores, dtype=np.float64), 1.0)
    return share + (1.0 - share) * np.minimum(1.0, np.asarray(hub_cap, dtype=np.float64) / n)


def banned_lift(
    n_stores: np.ndarray, n_banned: np.ndarray, *, banned_rate: float | np.ndarray, prior: float
) -> np.ndarray:
    """How far a value's banned share, shrunk towards the marketplace's banned rate,
    lies above that rate towards half (0 to 1; see :func:`reinforce`): from
    :data:`HUB_SPEAKS_AT` the value is taken for an offender operation's.

    Examples
    --------
    >>> banned_lift(np.array([37, 34]), np.array([15, 4]), banned_rate=0.03, prior=4).round(2)
    array([0.72, 0.17])
    """
    b0 = banned_rate
    share = banned_share(n_stores, n_banned, banned_rate=b0, prior=prior)
    return np.clip((share - b0) / np.maximum(0.5 - b0, 1e-9), 0.0, 1.0)


def _reinforce(
    weight: np.ndarray, ident: np.ndarray, graph: EvidenceGraph, config: Config
) -> np.ndarray:
    idents = graph.identifiers
    return reinforce(
        weight,
        idents["n_stores"].to_numpy()[ident],
        idents["n_banned"].to_numpy()[ident],
        idents["specificity"].to_numpy()[ident],
        banned_rate=banned_rate(graph),
        prior=config.scoring.banned_share_prior,
        suppressed=idents["suppressed"].to_numpy()[ident],
        hub_cap=_kind_hub_caps(graph, config)[ident],
    )


def _kind_hub_caps(graph: EvidenceGraph, config: Config) -> np.ndarray:
    """Each identifier's kind's ``hub_cap`` (store names' too, a kind of their own)."""
    kind = graph.identifiers["kind"]
    rules = kind_rules(config)
    caps = np.array([rules[str(k)].hub_cap for k in kind.cat.categories], dtype=np.int64)
    return caps[kind.cat.codes.to_numpy()]


def banned_rate(graph: EvidenceGraph) -> float:
    """The marketplace's share of banned stores (what banned shares are shrunk towards)."""
    return float(graph.banned.mean()) if len(graph.banned) else 0.0


def _unsuppressed_weight(graph: EvidenceGraph, ident: np.ndarray) -> np.ndarray:
    """Identifiers' weights as if no hub were suppressed (kind weight times specificity)."""
    idents = graph.identifiers
    return np.round(
        idents["base_weight"].to_numpy()[ident] * idents["specificity"].to_numpy()[ident], 6
    )


def toxic_hubs(graph: EvidenceGraph, config: Config) -> np.ndarray:
    """Codes of the suppressed hubs whose banned share still gives them direct weight.

    A hub links no stores (rings, paths), but an active store holding one that
    mostly banned stores hold is scored for it, against one of them (see
    :func:`reinforce`).
    """
    idents = graph.identifiers
    hub = np.flatnonzero(idents["suppressed"].to_numpy() & (idents["n_banned"].to_numpy() > 0))
    if not len(hub):
        return hub
    w = reinforce(
        _unsuppressed_weight(graph, hub),
        idents["n_stores"].to_numpy()[hub],
        idents["n_banned"].to_numpy()[hub],
        idents["specificity"].to_numpy()[hub],
        banned_rate=banned_rate(graph),
        prior=config.scoring.banned_share_prior,
        suppressed=np.ones(len(hub), dtype=bool),
        hub_cap=_kind_hub_caps(graph, config)[hub],
    )
    return hub[w > 0]


#: Columns of :func:`hubs_table`, in order.
HUB_COLUMNS: tuple[str, ...] = (
    "kind",
    "value",
    "value_masked",
    "n_stores",
    "n_banned",
    "specificity",
    "weight",
    "direct_weight",
    "suppressed",
)


def hubs_table(graph: EvidenceGraph, config: Config) -> pd.DataFrame:
    """Identifiers held by more stores than their kind's ``free_share``, with the
    weights scoring gave them.

    Parameters
    ----------
    graph : EvidenceGraph
    config : Config

    Returns
    -------
    DataFrame
        Columns :data:`HUB_COLUMNS`, most shared first. ``weight`` is the value's
        weight in store links (rings and indirect paths): its kind's weight times
        hub specificity, 0 once ``suppressed``. ``direct_weight`` is its weight as
        direct evidence, what an active store holding it scores for sharing it
        with a banned holder (the item's ``weight`` in its explanation): ``weight``
        after banned-share reinforcement (:func:`reinforce`), so above ``weight``
        when banned stores hold much of it and equal to it when none does, at most
        :data:`MAX_ITEM_WEIGHT`. A second value of a kind a store already shares
        with banned stores counts ``same_kind_discount`` of it.
    """
    idents = graph.identifiers
    hub = np.flatnonzero(idents["hub"].to_numpy())
    h = idents.iloc[hub]
    kinds = h["kind"].astype(str).to_numpy(dtype=object)
    keys = h["key"].to_numpy(dtype=object)
    weight = h["weight"].to_numpy(dtype=np.float64)
    out = pd.DataFrame(
        {
            "kind": kinds,
            "value": keys,
            "value_masked": [mask_value(str(k), v) for k, v in zip(kinds, keys, strict=True)],
            "n_stores": h["n_stores"].to_numpy(),
            "n_banned": h["n_banned"].to_numpy(),
            "specificity": np.round(h["specificity"].to_numpy(), 4),
            "weight": weight,
            "direct_weight": np.round(
                np.minimum(
                    _reinforce(_unsuppressed_weight(graph, hub), hub, graph, config),
                    MAX_ITEM_WEIGHT,
                ),
                6,
            ),
            "suppressed": h["suppressed"].to_numpy(),
        }
    )
    return out.sort_values(
        ["n_stores", "kind", "value"], ascending=[False, True, True]
    ).reset_index(drop=True)


def pair_totals(store: np.ndarray, other: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Total weight of the items each ``(store, other)`` pair shares, on every item row.

    When one value is held by several banned stores, its item goes to the banned
    store sharing the most with the scored store overall, not to whichever comes
    first in the input.

    Examples
    --------
    >>> pair_totals(np.array([0, 0, 0]), np.array([5, 6, 5]), np.array([0.5, 0.5, 0.25])).tolist()
    [0.75, 0.5, 0.75]
    """
    if not len(store):
        return np.zeros(0)
    key = np.asarray(store, dtype=np.int64) * (int(np.max(other)) + 1) + other
    _, inverse = np.unique(key, return_inverse=True)
    return np.bincount(inverse, weights=weight)[inverse]


def _direct_items(
    graph: EvidenceGraph,
    active: np.ndarray,
    opened_days: np.ndarray,
    closed_days: np.ndarray,
    config: Config,
    prefer: Preference,
) -> pd.DataFrame:
    items = graph.items
    a, b = items["a"].to_numpy(), items["b"].to_numpy()
    banned = graph.banned
    m1 = active[a] & banned[b]
    m2 = banned[a] & active[b]
    s = np.concatenate([a[m1], b[m2]])
    t = np.concatenate([b[m1], a[m2]])
    ia, ib = items["ident_a"].to_numpy(), items["ident_b"].to_numpy()
    ident_s = np.concatenate([ia[m1], ib[m2]])
    ident_t = np.concatenate([ib[m1], ia[m2]])
    cols = {
        "store": s,
        "other": t,
        "ident": ident_s,
        "other_ident": ident_t,
        "kind": np.concatenate([items["kind"].to_numpy()[m1], items["kind"].to_numpy()[m2]]),
        "match": np.concatenate([items["match"].to_numpy()[m1], items["match"].to_numpy()[m2]]),
        "similarity": np.concatenate(
            [items["similarity"].to_numpy()[m1], items["similarity"].to_numpy()[m2]]
        ),
        "weight": np.concatenate([items["weight"].to_numpy()[m1], items["weight"].to_numpy()[m2]]),
    }
    hub = _hub_items(graph, active, config, prefer)
    if hub is not None:
        cols = {name: np.concatenate([cols[name], hub[name]]) for name in cols}
        s, t, ident_s, ident_t = cols["store"], cols["other"], cols["ident"], cols["other_ident"]
    frame = pd.DataFrame(cols)
    seen = sightings(graph.incidence, len(graph.identifiers))
    gap = pair_gaps(seen, s, ident_s, t, ident_t, opened_days, closed_days, ~active)
    weight = frame["weight"].to_numpy()
    if hub is not None:  # the graph's items are weighed for recycling already
        on_hub = np.arange(len(frame)) >= len(frame) - len(hub["store"])
        hub_keys = graph.identifiers["key"].take(hub["ident"])
        after, half = value_recycling(frame["kind"].to_numpy()[on_hub], hub_keys, config)
        weight = weight.copy()
        weight[on_hub] *= recycling_factor(gap[on_hub], after, half)
    frame["weight"] = _reinforce(weight, ident_t, graph, config)
    frame["gap_days"] = gap
    # Count distinct banned stores reached directly, before collapsing per identifier.
    n_linked = (
        frame.drop_duplicates(["store", "other"]).groupby("store").size()
        if len(frame)
        else pd.Series(dtype=np.int64)
    )
    shared = pair_totals(s, t, frame["weight"].to_numpy())
    w = frame["weight"].to_numpy()
    order = np.lexsort((t, -closed_days[t], -shared, -w, ident_s, s))
    # banned stores closed the same day: by store id, not by the input's order
    order = _ties_by(order, (s, ident_s, w, shared, closed_days[t]), t, prefer)
    frame = frame.iloc[order]
    first = group_starts(frame["store"].to_numpy()) | group_starts(frame["ident"].to_numpy())
    frame = frame[first]
    frame = frame.reset_index(drop=True)
    frame.attrs["n_linked"] = n_linked
    return frame


def _hub_items(
    graph: EvidenceGraph, active: np.ndarray, config: Config, prefer: Preference
) -> dict[str, np.ndarray] | None:
    """Direct items of active stores holding a :func:`toxic_hubs` value: one per store
    and value, against the banned holder ``prefer`` ranks first (a hub's holders are
    never paired all with all). Weights are the unsuppressed ones, before
    :func:`reinforce`."""
    hubs = toxic_hubs(graph, config)
    if not len(hubs):
        return None
    is_hub = np.zeros(len(graph.identifiers), dtype=bool)
    is_hub[hubs] = True
    inc_ident = graph.incidence["ident"].to_numpy()
    rows = np.flatnonzero(is_hub[inc_ident])
    store = graph.incidence["store"].to_numpy()[rows]
    ident = inc_ident[rows]
    held = graph.banned[store]
    b_store, b_ident = store[held], ident[held]
    order = np.lexsort((prefer(b_store), b_ident))
    first = group_starts(b_ident[order])
    end = np.full(len(is_hub), -1, dtype=np.int64)
    end[b_ident[order][first]] = b_store[order][first]
    mine = active[store]
    store, ident = store[mine], ident[mine]
    kinds = np.asarray(graph.kinds, dtype=object)
    kind_code = graph.identifiers["kind"].cat.codes.to_numpy()
    return {
        "store": store,
        "other": end[ident],
        "ident": ident,
        "other_ident": ident,
        "kind": kinds[kind_code[ident]],
        "match": np.full(len(store), "exact", dtype=object),
        "similarity": np.full(len(store), 100.0),
        "weight": _unsuppressed_weight(graph, ident),
    }


#: Ranks of some entries for breaking ties (lower first; comparable within one call).
Preference = Callable[[np.ndarray], np.ndarray]


def store_preference(store_ids: np.ndarray, closed_days: np.ndarray) -> Preference:
    """Which of several banned stores a tie goes to: the one closed most recently,
    then the lowest store id; never the order of the input rows.

    Returns a function of store codes (-1: none, last) giving their ranks. A call
    with many codes reads them from the ranks of all stores (computed once); a few
    are ranked among themselves, in the same order.

    Examples
    --------
    >>> rank = store_preference(np.array(["b", "a", "c"], dtype=object), np.array([5, 5, 9]))
    >>> rank(np.array([0, 1, 2, 1, -1])).tolist()
    [2, 1, 0, 1, 3]
    """
    every: list[np.ndarray] = []  # the ranks of all stores, once they are wanted

    def rank_all(codes: np.ndarray) -> np.ndarray:
        if not every:
            every.append(_preference_ranks(store_ids, closed_days))
        return every[0][codes]  # -1 reads the last entry: after every store

    def rank_among(codes: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(codes, return_inverse=True)
        known = uniq[uniq >= 0]
        by_id = np.empty(len(known), dtype=np.int64)
        by_id[_text_order(store_ids[known])] = np.arange(len(known))
        ranks = np.full(len(uniq), len(known), dtype=np.int64)  # -1 (first in uniq): last
        ranks[len(uniq) - len(known) :][np.lexsort((by_id, -closed_days[known]))] = np.arange(
            len(known)
        )
        return ranks[inverse.reshape(-1)]

    def rank(codes: np.ndarray) -> np.ndarray:
        codes = np.asarray(codes, dtype=np.int64)
        many = every or len(codes) * _RANK_ALL_FROM >= len(store_ids)
        return rank_all(codes) if many else rank_among(codes)

    return rank


#: A preference ranks every store once it is asked about at least one in this many.
_RANK_ALL_FROM = 16


def _preference_ranks(store_ids: np.ndarray, closed_days: np.ndarray) -> np.ndarray:
    """:func:`store_preference` rank of every store code, and ``len(store_ids)`` last
    (for code -1)."""
    n = len(store_ids)
    by_id = np.empty(n, dtype=np.int64)
    by_id[_text_order(store_ids)] = np.arange(n)
    ranks = np.empty(n + 1, dtype=np.int64)
    ranks[np.lexsort((by_id, -np.asarray(closed_days)))] = np.arange(n)
    ranks[n] = n
    return ranks


def _id_ranks(store_ids: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rank of each of ``codes`` by its store id among them (code point order).

    Examples
    --------
    >>> _id_ranks(np.array(["b", "a", "c"], dtype=object), np.array([2, 0, 0, 1])).tolist()
    [2, 1, 1, 0]
    """
    uniq, inverse = np.unique(codes, return_inverse=True)
    ids = store_ids[uniq]
    if len(ids) < 2 or (ids[1:] > ids[:-1]).all():  # codes in id order (the common case)
        return inverse.reshape(-1)
    ranks = np.empty(len(uniq), dtype=np.int64)
    ranks[_text_order(ids)] = np.arange(len(uniq))
    return ranks[inverse.reshape(-1)]


def _by_item(
    prefer: Preference, other: np.ndarray, key_of: Callable[[np.ndarray], np.ndarray]
) -> Preference:
    """Preference of evidence items: by their other store, then their identifier's key
    (``key_of(items)``)."""

    def rank(x: np.ndarray) -> np.ndarray:
        keys = np.asarray(key_of(x), dtype=object).astype(str)
        return _then(prefer(other[x]), np.unique(keys, return_inverse=True)[1].reshape(-1))

    return rank


def _keys_of(graph: EvidenceGraph, ident: pd.Series) -> Callable[[np.ndarray], np.ndarray]:
    keys, codes = graph.identifiers["key"].array, ident.to_numpy()

    def key_of(x: np.ndarray) -> np.ndarray:
        return np.asarray(keys.take(codes[x]), dtype=object)

    return key_of


def _then(first: np.ndarray, second: np.ndarray, third: np.ndarray | None = None) -> np.ndarray:
    """Ranks ordering by ``first``, then ``second`` (then ``third``), then position."""
    ranks = np.empty(len(first), dtype=np.int64)
    keys = (second, first) if third is None else (third, second, first)
    ranks[np.lexsort(keys)] = np.arange(len(first))
    return ranks


def _ties_by(
    order: np.ndarray,
    keys: tuple[np.ndarray, ...],
    arg: np.ndarray,
    prefer: Preference,
) -> np.ndarray:
    """``order`` (sorted by ``keys``, among others) with the runs of entries equal in
    every key reordered by ``prefer(arg)``; only tied entries are ranked."""
    same = np.ones(max(len(order) - 1, 0), dtype=bool)
    for key in keys:
        k = key[order]
        same &= k[1:] == k[:-1]
    if not same.any():
        return order
    tied = np.zeros(len(order), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    runs = np.cumsum(np.concatenate([[True], ~same]))
    at = np.flatnonzero(tied)
    run = runs[at]
    order = order.copy()
    order[at] = order[at][np.lexsort((prefer(arg[order[at]]), run))]
    return order


def _top_two(
    group: np.ndarray,
    value: np.ndarray,
    arg: np.ndarray,
    n: int,
    prefer: Preference | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Best and second-best value per group, each with its ``arg`` (-1 when none).

    Equal values go to the ``arg`` that ``prefer`` ranks first, then the lowest.
    """
    v1 = np.zeros(n)
    v2 = np.zeros(n)
    a1 = np.full(n, -1, dtype=np.int64)
    a2 = np.full(n, -1, dtype=np.int64)
    if not len(group):
        return v1, a1, v2, a2
    first = _best_per_group(group, value, arg, n, prefer)
    v1[group[first]] = value[first]
    a1[group[first]] = arg[first]
    rest = np.ones(len(group), dtype=bool)
    rest[first] = False
    rest = np.flatnonzero(rest)
    second = rest[_best_per_group(group[rest], value[rest], arg[rest], n, prefer)]
    v2[group[second]] = value[second]
    a2[group[second]] = arg[second]
    return v1, a1, v2, a2


def _best_per_group(
    group: np.ndarray, value: np.ndarray, arg: np.ndarray, n: int, prefer: Preference | None
) -> np.ndarray:
    """Position of each group's highest value; of equal ones, that of the ``arg``
    ``prefer`` ranks first, then the lowest ``arg``, then the first."""
    if not len(group):
        return np.array([], dtype=np.int64)
    cand = np.flatnonzero(value == _group_max(group, value, n)[group])
    g, a = group[cand], np.asarray(arg[cand], dtype=np.int64)
    tied = np.bincount(g, minlength=n)[g] > 1
    if not tied.any():
        return cand
    rank = np.zeros(len(cand), dtype=np.int64)
    if prefer is not None:
        rank[tied] = prefer(a[tied])
    span = int(a.max()) - int(a.min()) + 1
    if (int(rank.max()) + 1) * span >= 1 << 62:  # no room for one key
        order = np.lexsort((a, rank, g))
        return cand[order[group_starts(g[order])]]
    key = rank * span + (a - a.min())
    best = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(best, g, key)
    win = np.flatnonzero(key == best[g])  # more than one: the same arg twice
    first = np.full(n, len(cand))
    np.minimum.at(first, g[win], win)
    return cand[first[first < len(cand)]]


def _group_max(group: np.ndarray, value: np.ndarray, n: int) -> np.ndarray:
    """Highest ``value`` of each of ``n`` groups (``-inf`` for an empty one)."""
    high = np.full(n, -np.inf)
    np.maximum.at(high, group, value)
    return high


@dataclass(frozen=True)
class PathTables:
    """What every store offers as the middle of an indirect path to a banned store.

    ``d1[c]``: the strongest link from non-banned store ``c`` to a banned store
    (``d_end[c]``). ``e1[c]``: the strongest ``w(c, c2) * decay * d1[c2]`` over
    non-banned neighbours ``c2`` (``e1_arg[c]``), ``e2``/``e2_arg`` the runner-up, so
    a path can avoid passing back through the store being scored.
    """

    d1: np.ndarray
    d_end: np.ndarray
    e1: np.ndarray
    e1_arg: np.ndarray
    e2: np.ndarray
    e2_arg: np.ndarray


def path_tables(
    graph: EvidenceGraph, config: Config, *, prefer: Preference | None = None
) -> PathTables:
    """:class:`PathTables` of every store of an evidence graph.

    Of equally strong links, a store's ``d_end`` is the banned store ``prefer`` ranks
    first (see :func:`store_preference`), and its ``e1_arg`` the neighbour whose own
    ``d_end`` it ranks first, then the neighbour it ranks first; without ``prefer``,
    the lowest store code.
    """
    n = len(graph.store_ids)
    decay = config.scoring.ring_decay
    pa = graph.pairs["a"].to_numpy()
    pb = graph.pairs["b"].to_numpy()
    pw = graph.pairs["weight"].to_numpy()
    src = np.concatenate([pa, pb])
    dst = np.concatenate([pb, pa])
    w = np.concatenate([pw, pw])
    banned = graph.banned
    to_banned = ~banned[src] & banned[dst]
    d1, d_end, _, _ = _top_two(src[to_banned], w[to_banned], dst[to_banned], n, prefer)
    free = ~banned[src] & ~banned[dst]
    fs, fd, fw = src[free], dst[free], w[free]
    middle = None if prefer is None else _through(prefer, d_end)
    e1, e1_arg, e2, e2_arg = _top_two(fs, fw * decay * d1[fd], fd, n, middle)
    return PathTables(d1=d1, d_end=d_end, e1=e1, e1_arg=e1_arg, e2=e2, e2_arg=e2_arg)


def _through(prefer: Preference, end: np.ndarray, middle: np.ndarray | None = None) -> Preference:
    """Preference of paths: by their banned end (``end[x]``), then their middle store
    (``middle[x]``, or ``x`` itself), then ``x``."""

    def rank(x: np.ndarray) -> np.ndarray:
        return _then(prefer(end[x]), prefer(x if middle is None else middle[x]), x)

    return rank


def hop_strength(
    weight: np.ndarray,
    middle: np.ndarray,
    source: np.ndarray,
    tables: PathTables,
    *,
    decay: float,
    max_hops: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Strength and banned endpoint of the best path ``source -> middle -> ... -> banned``.

    ``weight`` is the link ``source``-``middle`` (``middle`` not banned). Two hops
    reach the middle's own banned neighbour; three go one store further, never back
    through ``source`` (``source`` may be -1 for a store outside the tables).
    """
    best, end, _ = _best_hops(weight, middle, source, tables, decay=decay, max_hops=max_hops)
    return best, end


def _best_hops(
    weight: np.ndarray,
    middle: np.ndarray,
    source: np.ndarray,
    tables: PathTables,
    *,
    decay: float,
    max_hops: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`hop_strength`, and the store after ``middle`` on a path of three hops
    (-1 on a path of two: ``middle`` links to the banned end itself)."""
    hop2 = weight * decay * tables.d1[middle]
    end = tables.d_end[middle]
    if max_hops < 3:
        return hop2, end, np.full(len(hop2), -1, dtype=np.int64)
    back = tables.e1_arg[middle] == source
    mid2 = np.where(back, tables.e2_arg[middle], tables.e1_arg[middle])
    hop3 = weight * decay * np.where(back, tables.e2[middle], tables.e1[middle])
    use3 = hop3 > hop2
    best = np.where(use3, hop3, hop2)
    end = np.where(use3, tables.d_end[np.maximum(mid2, 0)], end)
    return best, end, np.where(use3, mid2, -1)


def _paths(
    graph: EvidenceGraph, active: np.ndarray, config: Config, prefer: Preference
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Strongest indirect path of each store: (strength, via store, the store after it
    on a path of three hops or -1, banned endpoint); of equally strong paths, the one
    whose end, then middle, ``prefer`` ranks first."""
    n = len(graph.store_ids)
    strength = np.zeros(n)
    via = np.full(n, -1, dtype=np.int64)
    via2 = np.full(n, -1, dtype=np.int64)
    end = np.full(n, -1, dtype=np.int64)
    sc = config.scoring
    if sc.max_hops < 2 or graph.pairs.empty or sc.ring_decay == 0:
        return strength, via, via2, end
    tables = path_tables(graph, config, prefer=prefer)
    pa = graph.pairs["a"].to_numpy()
    pb = graph.pairs["b"].to_numpy()
    pw = graph.pairs["weight"].to_numpy()
    src = np.concatenate([pa, pb])
    dst = np.concatenate([pb, pa])
    w = np.concatenate([pw, pw])
    free = ~graph.banned[src] & ~graph.banned[dst]
    fs, fd, fw = src[free], dst[free], w[free]
    best, end_of = hop_strength(fw, fd, fs, tables, decay=sc.ring_decay, max_hops=sc.max_hops)
    keep = np.flatnonzero(active[fs] & (best > 0))
    s_best, pos, _, _ = _top_two(fs[keep], best[keep], keep, n, _through(prefer, end_of, fd))
    has = pos >= 0
    strength[:] = s_best
    via[has] = fd[pos[has]]
    end[has] = end_of[pos[has]]
    # the third store of the paths taken only (not of every link's)
    at = pos[has]
    via2[has] = _best_hops(
        fw[at], fd[at], fs[at], tables, decay=sc.ring_decay, max_hops=sc.max_hops
    )[2]
    return strength, via, via2, end


@dataclass(frozen=True)
class RankedItems:
    """Direct evidence items combined per store (see :func:`rank_items`)."""

    order: np.ndarray
    weight: np.ndarray
    contribution: np.ndarray
    rank: np.ndarray
    direct: np.ndarray
    top: np.ndarray


def rank_items(
    store: np.ndarray,
    kind_code: np.ndarray,
    ident: np.ndarray,
    weight: np.ndarray,
    n: int,
    *,
    same_kind_discount: float,
    prefer: Preference | None = None,
) -> RankedItems:
    """Combine each store's direct items by noisy-or, with contributions.

    Within a store, the strongest item of each kind counts in full and every further
    item of that kind ``same_kind_discount`` of its weight; items are then taken in
    decreasing order of effective weight and each contributes what it adds to the
    running ``1 - prod(1 - w)``.

    Parameters
    ----------
    store, kind_code, ident, weight : ndarray
        One entry per item: the scored store's code (``0 <= store < n``), the code of
        its kind (codes ordered like the kind names), its identifier code and weight.
    n : int
        Number of stores scored.
    same_kind_discount : float
    prefer : callable, optional
        Ranks of items (by position) for equally strong items of a store: which one
        counts in full and comes first (its other store is the store's match). Without
        it, the lowest identifier code.

    Returns
    -------
    RankedItems
        ``order``: the items' new order (by store, then contribution); ``weight``,
        ``contribution`` and ``rank`` in that order; ``direct``: each store's combined
        score (length ``n``); ``top``: position of its strongest item (-1 if none).

    Examples
    --------
    >>> r = rank_items(np.array([0, 0, 0]), np.array([0, 0, 1]), np.array([5, 6, 7]),
    ...                np.array([0.5, 0.4, 0.3]), 1, same_kind_discount=0.5)
    >>> r.direct.round(3).tolist(), r.contribution.round(3).tolist()
    ([0.72], [0.5, 0.15, 0.07])
    """
    order1 = np.lexsort((ident, -weight, kind_code, store))
    if prefer is not None:
        order1 = _ties_by(order1, (store, kind_code, weight), np.arange(len(store)), prefer)
    s1, k1, w1 = store[order1], kind_code[order1], weight[order1]
    first_of_kind = group_starts(s1) | group_starts(k1)
    eff1 = np.minimum(np.where(first_of_kind, w1, w1 * same_kind_discount), MAX_ITEM_WEIGHT)
    order2 = np.lexsort((ident[order1], k1, -eff1, s1))
    if prefer is not None:
        order2 = _ties_by(order2, (s1, eff1, k1), order1, prefer)
    order = order1[order2]
    s, eff = s1[order2], eff1[order2]
    starts = np.flatnonzero(group_starts(s))
    sizes = np.diff(np.append(starts, len(s)))
    logk = np.log1p(-eff)
    # summed store by store: a store's score does not depend on the stores before it
    # (the screener scores a registration alone or in any batch)
    cum = group_cumsum(logk, starts)
    after = np.exp(cum)
    before = np.exp(cum - logk)
    direct = np.zeros(n)
    top = np.full(n, -1, dtype=np.int64)
    if len(s):
        ends = np.append(starts[1:], len(s)) - 1
        direct[s[starts]] = 1.0 - after[ends]
        top[s[starts]] = starts
    return RankedItems(
        order=order,
        weight=eff,
        contribution=before - after,
        rank=np.arange(len(s)) - np.repeat(starts, sizes),
        direct=direct,
        top=top,
    )


@dataclass(frozen=True)
class Settled:
    """Final scores of a set of stores (see :func:`settle`)."""

    evidence: np.ndarray
    matched: np.ndarray
    relation: np.ndarray
    timing: np.ndarray
    score: np.ndarray
    use_path: np.ndarray


def settle(
    direct: np.ndarray,
    top_other: np.ndarray,
    path: np.ndarray,
    path_end: np.ndarray,
    opened: np.ndarray,
    closed: np.ndarray,
    scoring: ScoreConfig,
) -> Settled:
    """Evidence, matched banned store, relation, timing bump and score.

    ``direct``/``top_other`` and ``path``/``path_end`` are per scored store;
    ``opened`` its opening day (``_NAT_DAYS`` when unknown); ``closed`` the closing
    day of every store the matched codes point into.
    """
    use_path = path > direct
    evidence = np.maximum(direct, path)
    matched = np.where(use_path, path_end, top_other)
    m = np.maximum(matched, 0)
    closed_m = closed[m] if len(closed) else np.full(len(m), _NAT_DAYS)
    gap = np.where((matched >= 0) & (opened != _NAT_DAYS), opened - closed_m, _NAT_DAYS)
    gap = np.where(closed_m == _NAT_DAYS, _NAT_DAYS, gap)
    known = (matched >= 0) & (gap != _NAT_DAYS)
    relation = np.full(len(direct), "", dtype=object)
    relation[(matched >= 0) & ~known] = "unknown"
    relation[known & (gap >= 0)] = "return"
    relation[known & (gap < 0)] = "sibling"
    prompt = known & (gap >= 0) & (gap <= scoring.return_window_days)
    timing = np.where(prompt, scoring.timing_weight * evidence * (1 - evidence), 0.0)
    score = np.clip(evidence + timing, 0.0, 1.0)
    return Settled(
        evidence=evidence,
        matched=matched,
        relation=relation,
        timing=timing,
        score=score,
        use_path=use_path,
    )


def score_stores(
    graph: EvidenceGraph, stores: pd.DataFrame, ring_of: np.ndarray | None, config: Config
) -> Scoring:
    """Score every active store against the banned stores.

    Parameters
    ----------
    graph : EvidenceGraph
    stores : DataFrame
        Validated stores, same order as ``graph.store_ids``.
    ring_of : ndarray or None
        Ring id per store (None outside rings). Only the ``ring_id`` column of the
        scores depends on it: None leaves the column empty, for :func:`with_rings`
        to fill once the rings are found (the rings may be found meanwhile).
    config : Config

    Returns
    -------
    Scoring
        ``scores``: one row per active store, columns :data:`SCORE_COLUMNS`, sorted by
        score (descending) then store id; ``contributions``: one row per evidence item
        of every store with a positive score, columns :data:`CONTRIBUTION_COLUMNS`,
        by store id, then direct items (strongest first), path and timing.
    """
    sc = config.scoring
    n = len(graph.store_ids)
    status = stores["status"].to_numpy(dtype=object)
    active = status == "active"
    opened = _days(stores["opened_at"])
    closed = _days(stores["closed_at"])
    platform = stores["platform"].to_numpy(dtype=object)

    prefer = store_preference(graph.store_ids, closed)
    items = _direct_items(graph, active, opened, closed, config, prefer)
    n_linked = items.attrs.get("n_linked", pd.Series(dtype=np.int64))
    kinds_sorted = sorted(set(items["kind"]))
    kcode = pd.Series(items["kind"]).map({k: i for i, k in enumerate(kinds_sorted)}).to_numpy()
    ranked = rank_items(
        items["store"].to_numpy(),
        np.asarray(kcode, dtype=np.int64),
        items["ident"].to_numpy(),
        items["weight"].to_numpy(),
        n,
        same_kind_discount=sc.same_kind_discount,
        prefer=_by_item(prefer, items["other"].to_numpy(), _keys_of(graph, items["ident"])),
    )
    items = items.iloc[ranked.order].reset_index(drop=True)
    items["weight"] = ranked.weight
    items["contribution"] = ranked.contribution
    items["rank"] = ranked.rank
    other = items["other"].to_numpy()
    top_other = (
        np.where(ranked.top >= 0, other[np.maximum(ranked.top, 0)], -1)
        if len(other)
        else np.full(n, -1, dtype=np.int64)
    )
    direct = ranked.direct

    path, via, via2, path_end = _paths(graph, active, config, prefer)
    settled = settle(direct, top_other, path, path_end, opened, closed, sc)
    use_path, matched, relation = settled.use_path, settled.matched, settled.relation
    timing, score = settled.timing, settled.score

    # Long-form contributions: direct items, then path and timing items.
    items["item"] = "direct"
    items["via"] = -1
    items["via2"] = -1
    extra = []
    p_idx = np.flatnonzero(active & use_path)
    if len(p_idx):
        extra.append(
            pd.DataFrame(
                {
                    "store": p_idx,
                    "item": "path",
                    "kind": "path",
                    "match": "path",
                    "ident": -1,
                    "other_ident": -1,
                    "other": path_end[p_idx],
                    "via": via[p_idx],
                    "via2": via2[p_idx],
                    "similarity": np.nan,
                    "weight": path[p_idx],
                    "contribution": path[p_idx] - direct[p_idx],
                    "gap_days": _NAT_DAYS,
                }
            )
        )
    t_idx = np.flatnonzero(active & (timing > 0))
    if len(t_idx):
        extra.append(
            pd.DataFrame(
                {
                    "store": t_idx,
                    "item": "timing",
                    "kind": "timing",
                    "match": "timing",
                    "ident": -1,
                    "other_ident": -1,
                    "other": matched[t_idx],
                    "via": -1,
                    "via2": -1,
                    "similarity": np.nan,
                    "weight": sc.timing_weight,
                    "contribution": timing[t_idx],
                    "gap_days": _NAT_DAYS,
                }
            )
        )
    contributions = pd.concat([items, *extra], ignore_index=True) if extra else items
    item_rank = contributions["item"].map({"direct": 0, "path": 1, "timing": 2}).to_numpy()
    base_rank = contributions["rank"].fillna(0).to_numpy()
    # stores by id, not by code (the input's row order)
    by_id = _id_ranks(graph.store_ids, contributions["store"].to_numpy())
    order = np.lexsort((base_rank, item_rank, by_id))
    contributions = contributions.iloc[order].reset_index(drop=True)
    st = contributions["store"].to_numpy()
    cs = np.flatnonzero(group_starts(st))
    contributions["rank"] = np.arange(len(st)) - np.repeat(cs, np.diff(np.append(cs, len(st))))
    contributions = contributions[list(CONTRIBUTION_COLUMNS)]

    scores, store = _score_table(
        graph,
        stores,
        ring_of,
        contributions,
        score,
        matched,
        relation,
        platform,
        n_linked,
        active,
    )
    return Scoring(scores=scores, contributions=contributions, store=store)


def _evidence_text(
    graph: EvidenceGraph,
    contributions: pd.DataFrame,
    closed: pd.Series,
    top: int = 3,
) -> pd.Series:
    """A short, masked, one-line account of each store's strongest evidence (vectorised)."""
    c = contributions[contributions["rank"] < top]
    if c.empty:
        return pd.Series(dtype=object)
    sid = graph.store_ids
    item = c["item"].to_numpy(dtype=object)
    other = np.maximum(c["other"].to_numpy(), 0)
    via = np.maximum(c["via"].to_numpy(), 0)
    ident = c["ident"].to_numpy()
    closed_txt = closed.dt.strftime("%Y-%m-%d").fillna("date unknown").to_numpy(dtype=object)
    # Mask each distinct identifier once.
    used = np.unique(ident[ident >= 0])
    keys = graph.identifiers["key"].take(used).to_numpy(dtype=object)
    kinds = graph.identifiers["kind"].take(used).astype(str).to_numpy(dtype=object)
    masked = np.array(
        [f"{kind_label(k)} {mask_value(k, v)}" for k, v in zip(kinds, keys, strict=True)],
        dtype=object,
    )
    value = np.full(len(c), "", dtype=object)
    direct = ident >= 0
    value[direct] = masked[np.searchsorted(used, ident[direct])]
    near = np.where(c["match"].to_numpy(dtype=object) == "near", " (near match)", "")
    gap = c["gap_days"].to_numpy()
    unseen = np.full(len(c), "", dtype=object)
    long_gap = (gap >= NOTED_GAP_DAYS) & (item == "direct")
    unseen[long_gap] = [gap_note(int(g)) for g in gap[long_gap]]
    text = np.where(
        item == "direct",
        value
        + near
        + " shared with banned "
        + sid[other]
        + " (closed "
        + closed_txt[other]
        + unseen
        + ")",
        np.where(
            item == "path",
            "linked via " + sid[via] + " to banned " + sid[other],
            "opened soon after " + sid[other] + " was banned",
        ),
    )
    store = c["store"].to_numpy()
    rank = c["rank"].to_numpy()
    out = pd.Series(text[rank == 0], index=store[rank == 0], dtype=object)
    for k in range(1, top):
        more = pd.Series(text[rank == k], index=store[rank == k], dtype=object)
        idx = more.index
        out.loc[idx] = out.loc[idx].to_numpy() + "; " + more.to_numpy()
    return out


def with_rings(scoring: Scoring, ring_of: np.ndarray) -> Scoring:
    """The scoring with each scored store's ring (``ring_of``: ring id per store
    code, None outside rings) in its ``ring_id`` column."""
    scores = scoring.scores.assign(ring_id=ring_of[scoring.store])
    return replace(scoring, scores=scores)


def _score_table(
    graph: EvidenceGraph,
    stores: pd.DataFrame,
    ring_of: np.ndarray | None,
    contributions: pd.DataFrame,
    score: np.ndarray,
    matched: np.ndarray,
    relation: np.ndarray,
    platform: np.ndarray,
    n_linked: pd.Series,
    active: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The scores table, and the store code of each of its rows."""
    sid = graph.store_ids
    # Rows are made once, already in the table's order (score descending, then
    # store id): sorting the finished table would copy every column.
    idx = np.flatnonzero(active)
    rounded = np.round(score[idx], 6)
    order = _score_order(rounded, sid[idx])
    idx, rounded = idx[order], rounded[order]
    direct = contributions[contributions["item"] != "timing"]
    kind_names = sorted({*graph.kinds, "via_ring"})
    kind_code = pd.Index(kind_names).get_indexer(
        direct["kind"].where(direct["kind"] != "path", "via_ring")
    )
    kinds = labels_by_group(direct["store"].to_numpy(), kind_code, kind_names, len(sid))
    evidence = _evidence_text(graph, contributions, stores["closed_at"])
    has_match = matched[idx] >= 0
    table = pd.DataFrame(
        {
            "store_id": sid[idx],
            "score": rounded,
            "matched_store_id": np.where(has_match, sid[np.maximum(matched[idx], 0)], None),
            "ring_id": ring_of[idx] if ring_of is not None else np.full(len(idx), None),
            "returning": relation[idx] == "return",
            "kinds": kinds[idx],
            "evidence": evidence.reindex(idx).fillna("").to_numpy(dtype=object),
            "relation": relation[idx],
            "cross_platform": has_match & (platform[idx] != platform[np.maximum(matched[idx], 0)]),
            "n_banned_linked": n_linked.reindex(idx).fillna(0).to_numpy(dtype=np.int64),
            "platform": platform[idx],
            "opened_at": stores["opened_at"].to_numpy()[idx],
        },
        copy=False,  # every array here is new
    )
    return table[list(SCORE_COLUMNS)], idx


def _score_order(score: np.ndarray, store_id: np.ndarray) -> np.ndarray:
    """Positions ordering rows by score (descending), then store id.

    Arrow's multi-key sort compares the ids' UTF-8 bytes, which orders text as
    Python's ``str`` comparison does (code point order).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.table({"score": score, "store_id": pa.array(store_id, type=pa.large_string())})
    order = pc.sort_indices(keys, sort_keys=[("score", "descending"), ("store_id", "ascending")])
    return order.to_numpy()
