"""The near-duplicate search split between two processes finds what one search finds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
import sellergraph.build as build
from sellergraph import neardup
from sellergraph._parallel import can_fork


def _addresses(n: int, seed: int) -> pd.Series:
    """Addresses with typos, in blocks of every size (a few larger than the window)."""
    rng = np.random.default_rng(seed)
    streets = ["main street", "jianguo road", "bedford street", "smith st", "rua augusta"]
    values = set()
    while len(values) < n:
        number = int(rng.zipf(1.3)) % 60
        street = streets[rng.integers(len(streets))]
        if rng.random() < 0.5:  # a typo: one letter doubled or dropped
            at = int(rng.integers(len(street)))
            street = street[:at] + (street[at] * 2 if rng.random() < 0.5 else "") + street[at + 1 :]
        values.add(f"{number} {street} {int(rng.integers(3))}")
    return pd.Series(sorted(values), dtype="str")


@pytest.mark.parametrize("share", [0.0, 0.1, 0.5, 0.66, 0.9, 1.0])
def test_parts_of_the_candidates_give_the_whole_search(share: float) -> None:
    keys = _addresses(2500, seed=3)
    whole = neardup.near_duplicates(keys, min_similarity=85, max_block_size=40)
    assert len(whole) > 100
    cand = neardup.near_candidates(keys)
    assert cand is not None
    at = neardup.candidate_split(cand, share, max_block_size=40)
    assert at == 0 or at == len(cand.blocks) or cand.blocks[at] != cand.blocks[at - 1]
    first = neardup.compare_candidates(cand, 0, at, min_similarity=85, max_block_size=40)
    rest = neardup.compare_candidates(cand, at, min_similarity=85, max_block_size=40)
    pd.testing.assert_frame_equal(neardup.near_pairs_frame(first, rest), whole)
    pd.testing.assert_frame_equal(neardup.near_pairs_frame(rest, first), whole)


def test_the_split_follows_the_comparisons_not_the_rows() -> None:
    # one block of 300 values and 300 blocks of two: nearly all comparisons are in the first
    blocks = np.repeat(np.arange(301), [300] + [2] * 300)
    cand = neardup.Candidates(
        ids=np.arange(len(blocks)),
        values=np.array([f"{b} x" for b in blocks], dtype=object),
        blocks=blocks,
        size=np.bincount(blocks),
    )
    assert neardup.candidate_split(cand, 0.5) == 300  # right after the big block
    assert neardup.candidate_split(cand, 0.0) == 0


def test_no_pairs_frame_has_the_result_columns() -> None:
    empty = neardup.near_pairs_frame()
    assert empty.columns.tolist() == ["a", "b", "similarity"] and empty.empty
    assert neardup.near_duplicates(pd.Series(["1 a", "2 b"], dtype="str")).empty


@pytest.mark.skipif(not can_fork(), reason="processes cannot be forked here")
def test_evidence_with_the_search_split_over_a_fork_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stores, links, _ = sg.make_marketplace(3000, seed=11)
    dataset = sg.load(stores, links)
    one = build.build_evidence(dataset)
    assert (one.items["match"] == "near").any()
    monkeypatch.setattr(build, "_NEAR_FORK_MIN_LINKS", 0)
    split = build.build_evidence(dataset)
    for name in ("items", "pairs", "identifiers", "incidence"):
        pd.testing.assert_frame_equal(getattr(split, name), getattr(one, name))
