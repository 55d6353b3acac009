"""The links file is ordered a block of stores at a time, as the whole would be."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sellergraph.build import link_order, link_order_blocks

KINDS = ["phone", "ip", "device"]
KEYS = ["9", "10", "1.1.1.1", "z", "Z", "é", "中", "a b", "ab", "", "x" * 30]
IDENTS = pd.DataFrame(
    {
        "kind": pd.Categorical([k for k in KINDS for _ in KEYS]),
        "key": pd.Series([v for _ in KINDS for v in KEYS], dtype="str"),
    }
)


def _links(seed: int, n_stores: int, *, grouped: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pairs = {(int(s), int(i)) for s, i in rng.integers(0, [n_stores, len(IDENTS)], size=(200, 2))}
    store, ident = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs), strict=True))
    if not grouped:
        shuffle = rng.permutation(len(store))
        store, ident = store[shuffle], ident[shuffle]
    return store, ident


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("grouped", [True, False])
@pytest.mark.parametrize("block_rows", [1, 7, 50, 1_000])
def test_blocks_join_into_the_whole_order(seed: int, grouped: bool, block_rows: int) -> None:
    n_stores = 12
    store, ident = _links(seed, n_stores, grouped=grouped)
    rng = np.random.default_rng(seed + 100)
    for ranks in (None, rng.permutation(n_stores)):
        whole = link_order(store, ident, IDENTS, ranks)
        whole = np.arange(len(store)) if whole is None else whole
        blocks = list(link_order_blocks(store, ident, IDENTS, ranks, block_rows=block_rows))
        assert np.concatenate(blocks).tolist() == whole.tolist()
        if grouped:  # whole stores per block, about block_rows links each
            seen = [set(store[b].tolist()) for b in blocks]
            assert all(not (a & b) for i, a in enumerate(seen) for b in seen[i + 1 :])
            assert all(len(b) <= block_rows + np.bincount(store).max() for b in blocks)


def test_no_links_no_blocks() -> None:
    empty = np.array([], dtype=np.int64)
    assert list(link_order_blocks(empty, empty, IDENTS, None)) == []
    assert list(link_order_blocks(empty, empty, IDENTS, np.arange(3))) == []
