"""Build the evidence graph: store-identifier incidence and store-store links.

Everything here works on integer codes (stores and identifiers numbered from 0) and
NumPy arrays; no Python loop runs per store, link or pair. The networkx views that
users see are made on demand from these tables by :class:`sellergraph.Analysis`.

Store-store links combine the evidence of every identifier two stores share with a
noisy-or, ``1 - prod(1 - w_i)``: independent identifiers reinforce each other. A
second identifier of the same kind (two addresses) counts only
``same_kind_discount`` of its weight, since such values are seldom independent. A
match on a value that may have been handed on between the two stores (a phone
number seen years apart) is weakened first (:mod:`sellergraph.recycling`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import group_starts, mask_labels, ragged_pairs
from ._parallel import alongside
from .config import Config, KindRule
from .dataset import Dataset
from .evidence import identifier_table
from .neardup import (
    Candidates,
    candidate_split,
    compare_candidates,
    near_candidates,
    near_pairs_frame,
)
from .recycling import (
    days,
    kind_recycling,
    pair_gaps,
    recycling_factor,
    sightings,
    value_recycling,
)

__all__ = [
    "NEAR_HUB_COLUMNS",
    "EvidenceGraph",
    "build_evidence",
    "combine_noisy_or",
    "kind_rules",
    "link_order",
    "link_order_blocks",
    "stable_order",
    "store_id_ranks",
    "text_order",
    "text_order_within",
]

_MAX_WEIGHT = 0.999
#: Between these many links the near-duplicate search runs in a forked process
#: (below, a fork costs more than it saves; above, its memory would add to the peak).
_NEAR_FORK_MIN_LINKS = 1_000_000
_NEAR_FORK_MAX_LINKS = 25_000_000
#: The forked process's share of the near-duplicate comparisons (by value pairs): this
#: one first pairs the exact matches (at 1M stores: 0.4 s of the 2 s).
_NEAR_FORK_SHARE = 0.66
_NAME_RULE_FREE, _NAME_RULE_CAP = 4, 20
#: Columns of :attr:`EvidenceGraph.near_hubs`.
NEAR_HUB_COLUMNS: tuple[str, ...] = ("kind", "value", "n_values", "n_stores", "n_banned")


@dataclass(frozen=True)
class EvidenceGraph:
    """Store-identifier incidence and the store-store links it implies.

    Attributes
    ----------
    store_ids : ndarray of object
        Store id of each store code (the stores table's order).
    banned : ndarray of bool
        Whether each store is banned.
    identifiers : DataFrame
        One row per identifier code: ``kind, key, flag, n_stores, n_banned,
        base_weight, specificity, weight, suppressed, hub``.
    incidence : DataFrame
        ``store, ident, first_seen, last_seen`` (codes), one row per link.
    items : DataFrame
        Evidence items: one row per (store pair, identifier match) with ``a < b``:
        ``a, b, kind, ident_a, ident_b, match`` (``exact`` or ``near``),
        ``similarity`` and ``weight``.
    kinds : list of str
        Identifier kinds in code order (the bits of ``kind_mask``).
    near_hubs : DataFrame
        The clusters of near-duplicate values held by more stores in all than their
        kind's ``hub_cap`` (a value written many ways, each spelling held by a few
        stores), which link no stores as near duplicates: :data:`NEAR_HUB_COLUMNS`,
        most stores first.
    pairs : DataFrame
        One row per linked store pair ``a < b``: ``a, b, weight`` (combined),
        ``kinds`` (``|``-joined), ``kind_mask`` (bit ``i`` = ``kinds_sorted[i]``), ``n_items``.
    """

    store_ids: np.ndarray
    banned: np.ndarray
    identifiers: pd.DataFrame
    incidence: pd.DataFrame
    items: pd.DataFrame
    pairs: pd.DataFrame
    kinds: list[str]
    near_hubs: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(NEAR_HUB_COLUMNS))
    )


def stable_order(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` for codes in ``[0, n_codes)``.

    Each code and its position are packed into one integer key, all distinct, that
    NumPy's unstable sort (several times faster than the stable one) orders the same.

    Examples
    --------
    >>> stable_order(np.array([2, 0, 2, 1, 0]), 3).tolist()
    [1, 4, 3, 0, 2]
    """
    shift = max(len(codes) - 1, 1).bit_length()
    if n_codes.bit_length() + shift > 62 or (len(codes) and int(codes.min()) < 0):
        return np.argsort(codes, kind="stable")
    key = np.left_shift(np.asarray(codes, dtype=np.int64), shift)
    key |= np.arange(len(codes), dtype=np.int64)
    key.sort()
    key &= (1 << shift) - 1
    return key


def text_order(values: pd.Series | np.ndarray) -> np.ndarray:
    """Stable positions ordering texts as Python's ``str`` comparison does.

    Arrow compares UTF-8 bytes (code point order) and sorts stably; text Arrow cannot
    hold (lone surrogates) is sorted by NumPy.

    Examples
    --------
    >>> text_order(np.array(["b", "a", "B", "a"], dtype=object)).tolist()
    [2, 1, 3, 0]
    """
    text = _arrow_text(values)
    if text is None:
        return np.argsort(np.asarray(values, dtype=object).astype(str), kind="stable")
    return np.asarray(pc.sort_indices(text).to_numpy(), dtype=np.int64)


def _arrow_text(values: pd.Series | np.ndarray) -> pa.Array | pa.ChunkedArray | None:
    """Values as Arrow text, without a copy when they are Arrow text already (None when
    Arrow cannot hold them)."""
    if isinstance(values, pd.Series) and pd.api.types.is_string_dtype(values.dtype):
        try:
            arr = pa.array(values.array)
        except (pa.ArrowException, TypeError, ValueError):
            arr = None
        if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            return arr
    try:
        return pa.array(np.asarray(values, dtype=object).astype(str), type=pa.large_string())
    except (pa.ArrowException, UnicodeError):
        return None


def _arrow_backed(values: pd.Series) -> bool:
    """Whether a column holds Arrow text (read without converting a Python string)."""
    return isinstance(values.array, pd.arrays.ArrowStringArray) or (
        isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
    )


def store_id_ranks(store_ids: pd.Series | np.ndarray) -> np.ndarray | None:
    """Each store code's rank by store id (code point order), or None when the codes
    are in store id order already (the common case: one pass, no sort).

    The output tables list stores in this order, so that the same stores given in
    another row order give the same files.

    Examples
    --------
    >>> store_id_ranks(np.array(["S2", "S10", "S1"], dtype=object)).tolist()
    [2, 1, 0]
    >>> store_id_ranks(np.array(["S1", "S10", "S2"], dtype=object)) is None
    True
    """
    n = len(store_ids)
    if n < 2:
        return None
    if isinstance(store_ids, pd.Series) and _arrow_backed(store_ids):
        text = pa.array(store_ids.array)
        if pc.all(pc.less(text[:-1], text[1:])).as_py():
            return None
    else:  # Python strings compare in code point order, as Arrow's bytes do
        ids = np.asarray(store_ids, dtype=object)
        try:
            if (ids[1:] > ids[:-1]).all():
                return None
        except TypeError:  # not all text
            pass
    order = text_order(store_ids)
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.arange(n)
    return ranks


def link_order(
    store: np.ndarray,
    ident: np.ndarray,
    identifiers: pd.DataFrame,
    store_rank: np.ndarray | None,
) -> np.ndarray | None:
    """Positions ordering links by store id, then kind name, then key (code point
    order), or None when they are in that order already.

    Parameters
    ----------
    store, ident : ndarray
        Store and identifier code of each link.
    identifiers : DataFrame
        ``kind`` (categorical) and ``key`` of each identifier code.
    store_rank : ndarray or None
        :func:`store_id_ranks` of the stores (None: store codes are in id order).

    Notes
    -----
    Loaded links come grouped by store and, within a store, by identifier code:
    kinds in the order the input first named them, values in the order they first
    appeared. Only links sharing a store and a kind (two IPs of one store) are
    compared by key, and only among themselves: sorting every key would cost seconds
    at millions of links.

    Examples
    --------
    >>> ids = pd.DataFrame({"kind": pd.Categorical(["ip", "phone", "ip"]),
    ...                     "key": ["9.9.9.9", "555", "1.1.1.1"]})
    >>> link_order(np.array([1, 0, 0, 0]), np.array([0, 0, 1, 2]), ids, None).tolist()
    [3, 1, 2, 0]
    """
    kind = identifiers["kind"].astype("category")
    names = np.asarray([str(k) for k in kind.cat.categories], dtype=object).astype(str)
    n_kinds = len(names) + 1
    kind_rank = np.empty(n_kinds, dtype=np.int8 if n_kinds < 128 else np.int64)
    kind_rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    kind_rank[-1] = len(names)  # no kind (code -1): last
    group = np.multiply(store if store_rank is None else store_rank[store], n_kinds, dtype=np.int64)
    group += kind_rank[np.asarray(kind.cat.codes)[ident]]
    order: np.ndarray | None = None
    descents = np.count_nonzero(group[1:] < group[:-1])
    if descents:
        # Grouped by store already, only each store's kinds out of order: NumPy's merge
        # sort takes the ordered stretches as they are. Else the packed-key sort wins.
        by_store = store_rank is None and not np.count_nonzero(store[1:] < store[:-1])
        order = (
            np.argsort(group, kind="stable")
            if by_store
            else stable_order(group, int(group.max()) + 1)
        )
        group = group[order]
    same = group[1:] == group[:-1]
    if not same.any():
        return order
    order = np.arange(len(group)) if order is None else order
    _by_key_within_runs(order, same, ident, identifiers["key"])
    return order


def link_order_blocks(
    store: np.ndarray,
    ident: np.ndarray,
    identifiers: pd.DataFrame,
    store_rank: np.ndarray | None,
    *,
    block_rows: int = 1_000_000,
) -> Iterator[np.ndarray]:
    """The positions of :func:`link_order`, a block of whole stores at a time.

    Each block holds about ``block_rows`` links (more when one store has more), so
    ordering tens of millions of links holds a few arrays of one block, not of all.

    Examples
    --------
    >>> ids = pd.DataFrame({"kind": pd.Categorical(["ip", "phone", "ip"]),
    ...                     "key": ["9.9.9.9", "555", "1.1.1.1"]})
    >>> store, ident = np.array([0, 0, 0, 1]), np.array([0, 1, 2, 0])
    >>> [b.tolist() for b in link_order_blocks(store, ident, ids, np.array([1, 0]), block_rows=1)]
    [[3], [2, 0, 1]]
    """
    n = len(store)
    if n and np.count_nonzero(store[1:] < store[:-1]):  # not grouped by store: sort all
        order = link_order(store, ident, identifiers, store_rank)
        for start in range(0, n, block_rows):
            stop = min(start + block_rows, n)
            yield np.arange(start, stop) if order is None else order[start:stop]
        return
    n_stores = len(store_rank) if store_rank is not None else int(store[-1]) + 1 if n else 0
    per_store = np.bincount(store, minlength=n_stores)
    first_link = np.cumsum(per_store) - per_store
    by_id = np.arange(n_stores)
    if store_rank is not None:
        by_id[store_rank] = np.arange(n_stores)
    links_before = np.cumsum(per_store[by_id])
    cuts = np.searchsorted(links_before, np.arange(block_rows, n, block_rows), side="left")
    for stores in np.split(by_id, np.unique(cuts + 1)):
        counts = per_store[stores]
        total = int(counts.sum())
        if not total:
            continue
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = np.repeat(first_link[stores], counts) + within
        local_store = np.repeat(np.arange(len(stores)), counts)
        order = link_order(local_store, ident[rows], identifiers, None)
        yield rows if order is None else rows[order]


def _by_key_within_runs(
    order: np.ndarray, same: np.ndarray, ident: np.ndarray, keys: pd.Series
) -> None:
    """Reorder, in place, each run of ``order`` whose entries are alike (``same[i]``:
    entry ``i + 1`` is like entry ``i``) by the key of its links' identifiers."""
    tied = np.zeros(len(order), dtype=bool)
    tied[1:] = same
    tied[:-1] |= same
    at = np.flatnonzero(tied)
    first = np.ones(len(at), dtype=bool)
    first[1:] = ~same[at[1:] - 1]
    run_start = np.flatnonzero(first)
    run_len = np.diff(np.append(run_start, len(at)))
    text = _arrow_text(keys)
    if text is None:
        order[at] = order[at][text_order_within(np.cumsum(first), keys.take(ident[order[at]]))]
        return
    # most runs are two links (two IPs): one comparison each, no sort
    i = at[run_start[run_len == 2]]
    if len(i):
        a, b = order[i], order[i + 1]
        swap = pc.greater(text.take(pa.array(ident[a])), text.take(pa.array(ident[b])))
        swap = np.asarray(swap.to_numpy(zero_copy_only=False), dtype=bool)
        order[i[swap]], order[i[swap] + 1] = b[swap], a[swap]
    longer = np.repeat(run_len > 2, run_len)
    if longer.any():
        rows = at[longer]
        run = np.repeat(np.arange(len(run_len)), run_len)[longer]
        texts = text.take(pa.array(ident[order[rows]]))
        order[rows] = order[rows][text_order_within(run, texts)]


def text_order_within(
    group: np.ndarray, texts: pd.Series | pa.Array | pa.ChunkedArray
) -> np.ndarray:
    """Positions ordering entries by ``group`` (ascending), then by text (code point
    order, as Python compares ``str``), then by position.

    Examples
    --------
    >>> text_order_within(np.array([1, 0, 1, 0]), pd.Series(["b", "z", "a", "y"])).tolist()
    [3, 1, 2, 0]
    """
    text = texts if isinstance(texts, pa.Array | pa.ChunkedArray) else _arrow_text(texts)
    if text is None:
        within = np.unique(np.asarray(texts, dtype=object).astype(str), return_inverse=True)[1]
        return np.lexsort((within.reshape(-1), group))
    by_text = pc.sort_indices(
        pa.table({"group": group, "text": text}),
        sort_keys=[("group", "ascending"), ("text", "ascending")],
    )
    return np.asarray(by_text.to_numpy(), dtype=np.int64)


def _cross_pairs(
    starts: np.ndarray, sizes_a: np.ndarray, starts_b: np.ndarray, sizes_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (member of group a, member of group b) for each of several group pairs."""
    per = sizes_a * sizes_b
    total = int(per.sum())
    which = np.repeat(np.arange(len(per)), per)
    k = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
    nb = sizes_b[which]
    return starts[which] + k // nb, starts_b[which] + k % nb, which


def combine_noisy_or(
    pair_key: np.ndarray, kind_code: np.ndarray, weight: np.ndarray, same_kind_discount: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Combine evidence items into one weight per pair.

    Items must be sorted by ``(pair_key, kind_code, -weight)``. Returns
    ``(group_start, combined_weight, kind_mask, effective_item_weight)``.

    Examples
    --------
    >>> key = np.array([0, 0, 0, 1]); kind = np.array([0, 0, 1, 0])
    >>> w = np.array([0.5, 0.5, 0.5, 0.9])
    >>> starts, comb, mask, eff = combine_noisy_or(key, kind, w, 0.5)
    >>> comb.round(4).tolist(), eff.tolist()
    ([0.8125, 0.9], [0.5, 0.25, 0.5, 0.9])
    """
    n = len(pair_key)
    if n == 0:
        empty = np.array([], dtype=np.int64)
        return empty, np.array([]), empty, np.array([])
    new_pair = np.concatenate([[True], pair_key[1:] != pair_key[:-1]])
    new_kind = new_pair | np.concatenate([[True], kind_code[1:] != kind_code[:-1]])
    eff = np.where(new_kind, weight, weight * same_kind_discount)
    eff = np.minimum(eff, _MAX_WEIGHT)
    starts = np.flatnonzero(new_pair)
    log_keep = np.add.reduceat(np.log1p(-eff), starts)
    combined = -np.expm1(log_keep)
    mask = np.bitwise_or.reduceat(np.left_shift(1, kind_code.astype(np.int64)), starts)
    return starts, combined, mask, eff


def kind_rules(config: Config) -> dict[str, KindRule]:
    """The rules of every kind the evidence holds: the config's, and ``name`` when
    ``fuzzy.names`` is on and the config does not configure it."""
    rules = dict(config.kinds)
    if config.fuzzy.names and "name" not in rules:
        rules["name"] = KindRule(
            weight=config.fuzzy.name_weight, free_share=_NAME_RULE_FREE, hub_cap=_NAME_RULE_CAP
        )
    return rules


def _name_links(dataset: Dataset) -> pd.DataFrame:
    from .normalize import normalize_values

    names = dataset.stores["name"]
    has = names.notna() & (names.astype(str).str.strip() != "")
    norm = normalize_values(
        "name", names[has].reset_index(drop=True), config=dataset.config.normalize
    )
    ok = norm["reason"].isna().to_numpy()
    sub = dataset.stores[has].reset_index(drop=True)[ok]
    return pd.DataFrame(
        {
            "store_id": sub["store_id"].to_numpy(),
            "kind": "name",
            "key": norm["key"].to_numpy()[ok],
            "flag": None,
            "first_seen": sub["opened_at"].to_numpy(),
            "last_seen": sub["opened_at"].to_numpy(),
        }
    )


def _link_codes(
    dataset: Dataset,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, np.ndarray, np.ndarray]:
    """Store and identifier codes of every link (plus store names as ``name`` links)."""
    c = dataset.codes
    store, ident, table = c.store, c.ident, c.identifiers
    first_seen, last_seen = c.first_seen, c.last_seen
    if dataset.config.fuzzy.names:
        names = _name_links(dataset)
        name_key, name_uniq = pd.factorize(names["key"])
        store = np.concatenate(
            [store, pd.Index(dataset.stores["store_id"]).get_indexer(names["store_id"])]
        )
        ident = np.concatenate([ident, name_key + len(table)])
        table = pd.concat(
            [
                table,
                pd.DataFrame(
                    {"kind": "name", "key": pd.Series(name_uniq, dtype="str"), "flag": None}
                ),
            ],
            ignore_index=True,
        )
        first_seen = np.concatenate([first_seen, names["first_seen"].to_numpy()])
        last_seen = np.concatenate([last_seen, names["last_seen"].to_numpy()])
    return (
        np.asarray(store, dtype=np.int64),
        np.asarray(ident, dtype=np.int64),
        table,
        first_seen,
        last_seen,
    )


def _strongest_per_value(
    items: pd.DataFrame, store_ids: np.ndarray, keys: pd.Series
) -> pd.DataFrame:
    """Per store pair, the first item on each value of one store, then of the other.

    ``items`` is sorted by store pair first, then by kind, weight and value: an
    exact item's kind and weight are its value's, so exact items repeating a value
    are next to each other. Only a pair holding a near match, or an item repeating
    the one before it, can hold two items on one value; the de-duplication runs on
    those pairs' items alone (exact items are one per value and pair, and are most
    of the table), in an order that does not depend on the input's row order: a
    pair's items by kind, strongest first, then by the value (``keys``) of the store
    with the lower store id and by the other store's; the first item on each value
    of the first store is kept, then, of those, the first on each of the other's.
    """
    pair = items["a"].to_numpy() * np.int64(len(store_ids)) + items["b"].to_numpy()
    ident_a = items["ident_a"].to_numpy()
    near = ident_a != items["ident_b"].to_numpy()
    repeat = np.zeros(len(items), dtype=bool)
    repeat[1:] = (pair[1:] == pair[:-1]) & (ident_a[1:] == ident_a[:-1])
    suspect = near | repeat
    if not suspect.any():
        return items
    group = np.cumsum(group_starts(pair)) - 1
    in_suspect_pair = np.zeros(group[-1] + 1, dtype=bool)
    in_suspect_pair[group[suspect]] = True
    rows = np.flatnonzero(in_suspect_pair[group])
    a, b = items["a"].to_numpy()[rows], items["b"].to_numpy()[rows]
    ia, ib = ident_a[rows], items["ident_b"].to_numpy()[rows]
    flip = store_ids[a].astype(str) > store_ids[b].astype(str)
    first, second = np.where(flip, ib, ia), np.where(flip, ia, ib)
    rank = value_ranks(np.concatenate([first, second]), keys)
    order = np.lexsort(
        (
            rank[len(rows) :],
            rank[: len(rows)],
            -items["weight"].to_numpy()[rows],
            items["kind_code"].to_numpy()[rows],
            pair[rows],
        )
    )
    kept = order[first_per_value(pair[rows][order], first[order])]
    kept = kept[first_per_value(pair[rows][kept], second[kept])]
    keep = ~in_suspect_pair[group]
    keep[rows[kept]] = True
    return items[keep].reset_index(drop=True)


def value_ranks(idents: np.ndarray, keys: pd.Series) -> np.ndarray:
    """Each of ``idents``' rank among them by its value (``keys``, code point order)."""
    codes, inverse = np.unique(idents, return_inverse=True)
    text = keys.take(codes).to_numpy(dtype=object).astype(str)  # not the whole column
    return np.argsort(np.argsort(text, kind="stable"), kind="stable")[inverse]


def first_per_value(pair: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Positions of the first row of each (``pair``, ``value``), in row order."""
    o = np.lexsort((value, pair))
    starts = np.ones(len(o), dtype=bool)
    starts[1:] = (pair[o][1:] != pair[o][:-1]) | (value[o][1:] != value[o][:-1])
    # stable lexsort: the first of each run is the earliest row with that (pair, value)
    return np.sort(o[starts])


def _near_candidates(
    idents: pd.DataFrame, rules: dict[str, KindRule], config: Config
) -> dict[str, Candidates]:
    """Per fuzzy kind, its values to compare for near duplicates (:func:`near_candidates`;
    ids are identifier codes)."""
    fuzzy_kinds = (["address"] if config.fuzzy.addresses else []) + (
        ["name"] if config.fuzzy.names else []
    )
    out = {}
    for fk in fuzzy_kinds:
        if fk not in rules:
            continue
        cand = idents.index[(idents["kind"] == fk) & ~idents["suppressed"]]
        found = near_candidates(
            idents.loc[cand, "key"], blocking="address" if fk == "address" else "name"
        )
        if found is not None:
            out[fk] = found
    return out


_Found = tuple[np.ndarray, np.ndarray, np.ndarray]


def _compare_near(
    candidates: dict[str, Candidates], rows: dict[str, tuple[int, int]], config: Config
) -> dict[str, _Found]:
    """Per fuzzy kind, the near-duplicate pairs among ``rows`` of its candidates."""
    return {
        fk: compare_candidates(
            cand,
            *rows[fk],
            min_similarity=config.fuzzy.min_similarity,
            max_block_size=config.fuzzy.max_block_size,
        )
        for fk, cand in candidates.items()
    }


def within_hub_cap(near: pd.DataFrame, n_stores: np.ndarray, hub_cap: int) -> pd.DataFrame:
    """The near-duplicate pairs (``a, b`` identifier codes) but those of clusters of
    near-duplicate values held by more than ``hub_cap`` stores in all.

    A warehouse written three thousand ways is one hub, though each spelling is held by
    a few stores: its near-duplicate pairs would link every holder with every other.
    A cluster is a connected group of near-duplicate values; its stores are counted
    per value (a store holding two spellings counts twice).

    Examples
    --------
    >>> near = pd.DataFrame({"a": [0, 1, 3], "b": [1, 2, 4], "similarity": [95.0] * 3})
    >>> within_hub_cap(near, np.array([20, 15, 10, 3, 4]), 40)["a"].tolist()
    [3]
    """
    if near.empty:
        return near
    return _within_cap(near, *_near_clusters(near, n_stores), hub_cap)


def _within_cap(
    near: pd.DataFrame, cluster: np.ndarray, held: np.ndarray, hub_cap: int
) -> pd.DataFrame:
    keep = held[cluster[near["a"].to_numpy()]] <= hub_cap
    return near if keep.all() else near[keep].reset_index(drop=True)


def capped_near_clusters(
    near: pd.DataFrame, n_stores: np.ndarray, hub_cap: int
) -> list[np.ndarray]:
    """The clusters of near-duplicate values :func:`within_hub_cap` leaves out, as the
    identifier codes of each (sorted), most stores first.

    Examples
    --------
    >>> near = pd.DataFrame({"a": [0, 1, 3], "b": [1, 2, 4], "similarity": [95.0] * 3})
    >>> [c.tolist() for c in capped_near_clusters(near, np.array([20, 15, 10, 3, 4]), 40)]
    [[0, 1, 2]]
    """
    if near.empty:
        return []
    return _past_cap(near, *_near_clusters(near, n_stores), hub_cap)


def _past_cap(
    near: pd.DataFrame, cluster: np.ndarray, held: np.ndarray, hub_cap: int
) -> list[np.ndarray]:
    involved = np.unique(near[["a", "b"]].to_numpy())
    past = np.flatnonzero(held > hub_cap)
    order = past[np.lexsort((past, -held[past]))]
    return [involved[cluster[involved] == c] for c in order.tolist()]


def _near_clusters(near: pd.DataFrame, n_stores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each identifier's cluster of near-duplicate values (connected by ``near``'s
    pairs), and the stores each cluster's values are held by in all."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    a, b = near["a"].to_numpy(), near["b"].to_numpy()
    n = len(n_stores)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, cluster = connected_components(graph, directed=False)
    involved = np.unique(np.concatenate([a, b]))
    held = np.bincount(cluster[involved], weights=n_stores[involved], minlength=cluster.max() + 1)
    return cluster, held


def _weigh_recycling(
    items: pd.DataFrame,
    incidence: pd.DataFrame,
    keys: pd.Series,
    stores: pd.DataFrame,
    kinds_sorted: list[str],
    config: Config,
) -> None:
    """Weaken, in place, matches on values that may have been handed on between the
    two stores (see :mod:`sellergraph.recycling`): by their kind's rule, or for a
    payment account by its value's (``keys``: each identifier's key), so a wallet
    handed on with a phone number fades as the phone does."""
    after, half = kind_recycling(kinds_sorted, config)
    code = items["kind_code"].to_numpy()
    rows = np.flatnonzero(half[code] > 0) if len(kinds_sorted) else np.array([], np.int64)
    row_after, row_half = after[code[rows]], half[code[rows]]
    if "payment_account" in kinds_sorted:
        pay = kinds_sorted.index("payment_account")
        other = code[rows] != pay
        p_rows, p_after, p_half = _payment_recycling(items, code == pay, keys, config)
        rows = np.concatenate([rows[other], p_rows])
        row_after = np.concatenate([row_after[other], p_after])
        row_half = np.concatenate([row_half[other], p_half])
    if not len(rows):
        return
    gap = pair_gaps(
        sightings(incidence, len(keys)),
        items["a"].to_numpy()[rows],
        items["ident_a"].to_numpy()[rows],
        items["b"].to_numpy()[rows],
        items["ident_b"].to_numpy()[rows],
        days(stores["opened_at"]),
        days(stores["closed_at"]),
        (stores["status"] != "active").to_numpy(),
    )
    factor = recycling_factor(gap, row_after, row_half)
    weight = items["weight"].to_numpy(dtype=np.float64, copy=True)
    weight[rows] *= factor
    items["weight"] = weight


def _payment_recycling(
    items: pd.DataFrame, on_pay: np.ndarray, keys: pd.Series, config: Config
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The payment account items that fade, with their ``recycled_after_days`` and
    ``recycled_half_life_days`` (:func:`~sellergraph.recycling.value_recycling`: a
    wallet handed on with a phone number by the phone's rule). Payment accounts match
    exactly only (``ident_a`` is ``ident_b``); each distinct one is read once."""
    rows = np.flatnonzero(on_pay)
    distinct, at = np.unique(items["ident_a"].to_numpy()[rows], return_inverse=True)
    after, half = value_recycling(
        np.full(len(distinct), "payment_account", dtype=object), keys.take(distinct), config
    )
    fades = half[at] > 0
    return rows[fades], after[at][fades], half[at][fades]


def build_evidence(dataset: Dataset) -> EvidenceGraph:
    """Build the evidence graph of a loaded dataset.

    Parameters
    ----------
    dataset : Dataset
        Output of :func:`sellergraph.load`.

    Returns
    -------
    EvidenceGraph
    """
    config = dataset.config
    stores = dataset.stores
    store_ids = stores["store_id"].to_numpy(dtype=object)
    banned = (stores["status"] == "banned").to_numpy()
    rules = kind_rules(config)
    cfg = Config(
        kinds=rules,
        normalize=config.normalize,
        fuzzy=config.fuzzy,
        rings=config.rings,
        scoring=config.scoring,
    )
    store_code, ident_code, ident_table, first_seen, last_seen = _link_codes(dataset)
    n_ident = len(ident_table)
    n_stores = np.bincount(ident_code, minlength=n_ident)
    n_banned = np.bincount(ident_code, weights=banned[store_code], minlength=n_ident).astype(
        np.int64
    )
    kinds_sorted = sorted(rules)
    # a handful of kinds over millions of rows: encode the distinct kinds, not every row
    kind_codes, kind_names = pd.factorize(ident_table["kind"])
    to_sorted = np.asarray(
        [kinds_sorted.index(str(k)) if str(k) in kinds_sorted else -1 for k in kind_names] + [-1],
        dtype=np.int64,
    )
    kind_cat = pd.Categorical.from_codes(to_sorted[kind_codes], categories=kinds_sorted)
    ident_kind = np.asarray(kind_cat.codes, dtype=np.int64)
    idents = pd.DataFrame(
        {
            "kind": kind_cat,
            "key": ident_table["key"].reset_index(drop=True),
            "flag": ident_table["flag"].reset_index(drop=True),
        }
    )
    idents = pd.concat(
        [idents, identifier_table(kind_cat, idents["flag"], n_stores, n_banned, cfg)], axis=1
    )
    incidence = pd.DataFrame(
        {
            "store": store_code,
            "ident": ident_code,
            "first_seen": first_seen,
            "last_seen": last_seen,
        },
        copy=False,  # one link per row: no second copy of the largest arrays
    )

    weight = idents["weight"].to_numpy()

    # Near duplicates: stores holding two different but similar values. For large
    # inputs a forked process compares the first part of each kind's candidates
    # (Python and rapidfuzz), while this one pairs the exact matches (NumPy) and then
    # compares the rest: neither waits for the other's interpreter.
    candidates = _near_candidates(idents, rules, config)
    n_links = len(store_code)
    forked = _NEAR_FORK_MIN_LINKS <= n_links <= _NEAR_FORK_MAX_LINKS
    split = {
        fk: candidate_split(cand, _NEAR_FORK_SHARE, max_block_size=config.fuzzy.max_block_size)
        if forked
        else 0
        for fk, cand in candidates.items()
    }

    def first_part() -> dict[str, _Found]:
        return _compare_near(candidates, {fk: (0, at) for fk, at in split.items()}, config)

    nearby = alongside(first_part, fork=True) if forked else contextlib.nullcontext(None)
    with nearby as first_result:
        # Exact matches: every pair of stores holding one linking identifier.
        # (temporaries the length of the links table are dropped as soon as they are used)
        order = stable_order(ident_code, n_ident)
        inc_store = store_code[order]
        inc_ident = ident_code[order]
        del order
        live = (n_stores[inc_ident] >= 2) & (weight[inc_ident] > 0)
        li_store, li_ident = inc_store[live], inc_ident[live]
        del inc_ident, live
        i, j = ragged_pairs(li_ident)
        ex_a, ex_b, ex_id = li_store[i], li_store[j], li_ident[i]
        del li_store, li_ident, i, j
        parts = [
            pd.DataFrame(
                {
                    "a": np.minimum(ex_a, ex_b),
                    "b": np.maximum(ex_a, ex_b),
                    "ident_a": ex_id,
                    "ident_b": ex_id,
                    "similarity": 100.0,
                    "weight": weight[ex_id],
                }
            )
        ]
        del ex_a, ex_b, ex_id
        rest = _compare_near(
            candidates, {fk: (at, len(candidates[fk].ids)) for fk, at in split.items()}, config
        )
        first = {} if first_result is None else first_result()
    near_of_kind = {
        fk: near
        for fk in candidates
        if not (near := near_pairs_frame(*([first[fk]] if fk in first else []), rest[fk])).empty
    }
    ident_start = np.cumsum(n_stores) - n_stores  # where each identifier's links begin
    capped: list[tuple[str, np.ndarray]] = []
    for fk, near in near_of_kind.items():
        clusters = _near_clusters(near, n_stores)  # near_of_kind holds no empty frame
        capped += [(fk, c) for c in _past_cap(near, *clusters, rules[fk].hub_cap)]
        near = _within_cap(near, *clusters, rules[fk].hub_cap)
        ia, ib = near["a"].to_numpy(), near["b"].to_numpy()
        at_a, at_b, which = _cross_pairs(
            ident_start[ia], n_stores[ia], ident_start[ib], n_stores[ib]
        )
        sa, sb = inc_store[at_a], inc_store[at_b]
        keep = sa != sb
        w_near = config.fuzzy.weight_factor * np.minimum(weight[ia], weight[ib])
        lo = np.where(sa < sb, ia[which], ib[which])
        hi = np.where(sa < sb, ib[which], ia[which])
        parts.append(
            pd.DataFrame(
                {
                    "a": np.minimum(sa, sb)[keep],
                    "b": np.maximum(sa, sb)[keep],
                    "ident_a": lo[keep],
                    "ident_b": hi[keep],
                    "similarity": near["similarity"].to_numpy()[which][keep],
                    "weight": w_near[which][keep],
                }
            )
        )
    items = pd.concat(parts, ignore_index=True)
    items["kind_code"] = ident_kind[items["ident_a"].to_numpy()]
    _weigh_recycling(items, incidence, idents["key"], stores, kinds_sorted, cfg)
    exact = (items["ident_a"].to_numpy() == items["ident_b"].to_numpy()).astype(np.int8)
    # Arrow text straight from a two-word dictionary (no fixed-width NumPy strings)
    labels = pa.DictionaryArray.from_arrays(pa.array(exact), pa.array(["near", "exact"]))
    items["match"] = pd.Series(labels.cast(pa.large_string()), dtype="str")
    # A store pair can hold both an exact and a near match on one value; keep the strongest.
    order = np.lexsort(  # stable: (a, b, kind, strongest first, ident_a, ident_b)
        [
            items[c].to_numpy() if c != "weight" else -items[c].to_numpy()
            for c in ("ident_b", "ident_a", "weight", "kind_code", "b", "a")
        ]
    )
    items = _strongest_per_value(items.iloc[order].reset_index(drop=True), store_ids, idents["key"])

    n = len(store_ids)
    pair_key = items["a"].to_numpy() * np.int64(n) + items["b"].to_numpy()
    starts, combined, mask, eff = combine_noisy_or(
        pair_key,
        items["kind_code"].to_numpy(),
        items["weight"].to_numpy(),
        config.scoring.same_kind_discount,
    )
    items["effective_weight"] = eff
    items["kind"] = np.asarray(kinds_sorted, dtype=object)[items["kind_code"].to_numpy()]
    counts = np.diff(np.concatenate([starts, [len(items)]]))
    pairs = pd.DataFrame(
        {
            "a": items["a"].to_numpy()[starts],
            "b": items["b"].to_numpy()[starts],
            "weight": np.round(combined, 6),
            "kinds": mask_labels(mask, kinds_sorted),
            "kind_mask": mask.astype(np.int64),
            "n_items": counts.astype(np.int64),
        }
    )
    items = items[
        [
            "a",
            "b",
            "kind",
            "ident_a",
            "ident_b",
            "match",
            "similarity",
            "weight",
            "effective_weight",
        ]
    ]
    return EvidenceGraph(
        store_ids=store_ids,
        banned=banned,
        identifiers=idents,
        incidence=incidence,
        items=items,
        pairs=pairs,
        kinds=kinds_sorted,
        near_hubs=_near_hubs(capped, idents, n_stores, n_banned),
    )


def _near_hubs(
    capped: list[tuple[str, np.ndarray]],
    idents: pd.DataFrame,
    n_stores: np.ndarray,
    n_banned: np.ndarray,
) -> pd.DataFrame:
    """One row per cluster of near-duplicate values past its kind's hub cap: the kind,
    the value most stores hold (the first in key order of equals), how many values the
    cluster has and the stores and banned stores holding them (a store holding two of
    them counted twice, as the cap counts them)."""
    keys = idents["key"].to_numpy(dtype=object)
    rows = []
    for kind, members in capped:
        most = members[np.lexsort((keys[members].astype(str), -n_stores[members]))[0]]
        rows.append(
            (
                kind,
                keys[most],
                len(members),
                int(n_stores[members].sum()),
                int(n_banned[members].sum()),
            )
        )
    return pd.DataFrame(rows, columns=list(NEAR_HUB_COLUMNS)).astype(
        {"n_values": np.int64, "n_stores": np.int64, "n_banned": np.int64}
    )
