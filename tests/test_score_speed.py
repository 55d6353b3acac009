"""The array kernels that replaced sorts in linking and scoring give the sorts' answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sellergraph.build import stable_order
from sellergraph.recycling import NAT_DAYS, sightings
from sellergraph.scoring import _through, _top_two, store_preference


def _top_two_by_sorting(group, value, arg, n, prefer=None):
    """The former ``_top_two``: a full sort, ties among a group's first two by ``prefer``."""
    v1, v2 = np.zeros(n), np.zeros(n)
    a1, a2 = np.full(n, -1), np.full(n, -1)
    for g in np.unique(group):
        at = np.flatnonzero(group == g)
        rank = prefer(arg[at]) if prefer is not None else np.zeros(len(at))
        at = at[np.lexsort((arg[at], rank, -value[at]))]
        v1[g], a1[g] = value[at[0]], arg[at[0]]
        if len(at) > 1:
            v2[g], a2[g] = value[at[1]], arg[at[1]]
    return v1, a1, v2, a2


def test_stable_order_is_a_stable_argsort():
    rng = np.random.default_rng(1)
    for n_codes in (1, 3, 1000):
        codes = rng.integers(0, n_codes, 5000)
        assert stable_order(codes, n_codes).tolist() == np.argsort(codes, kind="stable").tolist()
    assert stable_order(np.array([], dtype=np.int64), 0).tolist() == []


def test_top_two_matches_a_full_sort_with_many_ties():
    rng = np.random.default_rng(2)
    n, m = 40, 600
    group = rng.integers(0, n, m)
    value = rng.choice([0.25, 0.5, 0.85], m)  # few values: many ties
    arg = rng.integers(0, 90, m)
    ids = np.array([f"s{i:03d}" for i in rng.permutation(90)], dtype=object)
    closed = rng.choice([5, 9, 12], 90)
    prefer = store_preference(ids, closed)
    for p in (None, prefer):
        got = _top_two(group, value, arg, n, p)
        want = _top_two_by_sorting(group, value, arg, n, p)
        for g, w in zip(got, want, strict=True):
            assert g.tolist() == w.tolist()


def test_path_preference_breaks_full_ties_by_the_lower_arg():
    prefer = store_preference(np.array(["a", "b"], dtype=object), np.array([1, 1]))
    end, middle = np.array([0, 0, 0]), np.array([1, 1, 1])
    rank = _through(prefer, end, middle)
    assert rank(np.array([2, 0, 1])).tolist() == [2, 0, 1]


def test_store_preference_same_order_for_few_and_many_codes():
    rng = np.random.default_rng(3)
    ids = np.array([f"id{i}" for i in rng.permutation(200)], dtype=object)
    closed = rng.choice([NAT_DAYS, 3, 7], 200)
    few = np.array([5, 17, -1, 5, 120])
    many = np.concatenate([few, np.arange(200)])
    r_few = store_preference(ids, closed)(few)
    r_many = store_preference(ids, closed)(many)[: len(few)]
    assert np.argsort(r_few, kind="stable").tolist() == np.argsort(r_many, kind="stable").tolist()


def test_sightings_reads_both_columns_of_one_lookup():
    inc = pd.DataFrame(
        {
            "store": [0, 1, 2],
            "ident": [5, 5, 4],
            "first_seen": pd.to_datetime(["1970-01-03", None, "1970-01-02"]),
            "last_seen": pd.to_datetime(["1970-01-09", None, "1970-01-04"]),
        }
    )
    seen = sightings(inc, 6)
    store, ident = np.array([2, 0, 1, 3]), np.array([4, 5, 5, 5])
    assert seen(store, ident, "first_seen").tolist() == [1, 2, NAT_DAYS, NAT_DAYS]
    assert seen(store, ident, "last_seen").tolist() == [3, 8, NAT_DAYS, NAT_DAYS]
    assert seen(store[:2], ident[:2], "last_seen").tolist() == [3, 8]
