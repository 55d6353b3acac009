"""Small array kernels shared by the pipeline steps (pure NumPy, no Python loops)."""

from __future__ import annotations

import numpy as np

__all__ = ["group_starts", "ragged_pairs"]


def group_starts(keys: np.ndarray) -> np.ndarray:
    """Boolean mask of the first element of each run of equal keys.

    Examples
    --------
    >>> group_starts(np.array([3, 3, 5, 5, 5, 1])).tolist()
    [True, False, True, False, False, True]
    """
    if not len(keys):
        return np.array([], dtype=bool)
    return np.concatenate([[True], keys[1:] != keys[:-1]])


def ragged_pairs(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All position pairs ``i < j`` that share a group, for a sorted group array.

    Examples
    --------
    >>> i, j = ragged_pairs(np.array([0, 0, 0, 1, 2, 2]))
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2), (1, 2), (4, 5)]
    """
    n = len(group)
    if n < 2:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(group)) + 1])
    ends = np.concatenate([starts[1:], [n]])
    end_of = np.repeat(ends, ends - starts)
    counts = end_of - np.arange(n) - 1
    total = int(counts.sum())
    left = np.repeat(np.arange(n, dtype=np.int64), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return left, left + 1 + offsets
