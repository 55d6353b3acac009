"""Small array kernels shared by the pipeline steps (NumPy and Arrow, no Python loops)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "arrow_text",
    "factorize_text",
    "group_cumsum",
    "group_offsets",
    "group_starts",
    "ragged_pairs",
]


def factorize_text(values: pd.Series) -> tuple[np.ndarray, Any]:
    """Codes (-1 where missing) into the distinct values, numbered by first appearance.

    Arrow text is encoded by Arrow directly: 32-bit codes, and none of the copies
    pandas makes on the way (its codes are 64-bit), which matters for tens of
    millions of values. Anything else goes through :func:`pandas.factorize`.

    Examples
    --------
    >>> codes, uniques = factorize_text(pd.Series(["b", "a", None, "b"], dtype="str"))
    >>> codes.tolist(), list(uniques)
    ([0, 1, -1, 0], ['b', 'a'])
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(values.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        encoded = arr.dictionary_encode()
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        return codes, pd.array(encoded.dictionary, dtype=dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        # the category codes, renumbered by first appearance (unused categories go)
        cat_codes = np.asarray(values.cat.codes)
        seen = pd.unique(cat_codes[cat_codes >= 0])
        number = np.full(len(dtype.categories) + 1, -1, dtype=np.int32)
        number[seen] = np.arange(len(seen), dtype=np.int32)
        return number[cat_codes], dtype.categories.take(seen).array
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), uniques


def arrow_text(values: pd.Series) -> Any:
    """Arrow-backed text (pandas ``str`` dtype) as one ``large_string`` Arrow array,
    without a copy of its values; ``None`` for any other dtype.

    Examples
    --------
    >>> arrow_text(pd.Series(["a", None], dtype="str")).to_pylist()
    ['a', None]
    >>> arrow_text(pd.Series([1, 2])) is None
    True
    """
    dtype = values.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa

    arr = pa.array(values.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def group_offsets(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions ordering ``keys`` (stable) and where key ``k`` (0..n-1) starts in them.

    The positions of key ``k`` are ``order[starts[k] : starts[k + 1]]``, ascending;
    keys below 0 (none) come first and belong to no group.

    Examples
    --------
    >>> order, starts = group_offsets(np.array([1, -1, 0, 1]), 3)
    >>> order.tolist(), starts.tolist()
    ([1, 2, 0, 3], [1, 2, 4, 4])
    """
    order = np.argsort(keys, kind="stable")
    return order, np.searchsorted(keys[order], np.arange(n + 1))


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


def group_cumsum(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Running sum of ``values`` within each run beginning at ``starts`` (sorted, from 0).

    Each run is summed from its own start, value after value, exactly as
    ``np.cumsum`` of the run alone: one cumsum over everything less the sum before
    the run would round differently with whatever comes before it.

    Examples
    --------
    >>> group_cumsum(np.array([1e16, 1.0, 0.1, 0.2, 0.3]), np.array([0, 2])).tolist()
    [1e+16, 1e+16, 0.1, 0.30000000000000004, 0.6000000000000001]
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    out = values.copy()
    if n < 2:
        return out
    sizes = np.diff(np.append(starts, n))
    by_size = np.argsort(-sizes, kind="stable")
    first, length = starts[by_size], sizes[by_size]
    # runs longer than r: a prefix of the runs sorted by decreasing length
    longer = np.searchsorted(-length, -np.arange(int(length[0])), side="left")
    for r in range(1, int(length[0])):
        m = int(longer[r])
        if m < 32:  # the few longest runs, one at a time
            for s, size in zip(first[:m].tolist(), length[:m].tolist(), strict=True):
                out[s : s + size] = np.cumsum(values[s : s + size])
            break
        pos = first[:m] + r
        out[pos] = out[pos - 1] + values[pos]
    return out


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


def mask_labels(mask: np.ndarray, labels: list[str]) -> np.ndarray:
    """``|``-joined labels of the set bits of each mask (bit ``i`` is ``labels[i]``).

    Examples
    --------
    >>> mask_labels(np.array([5, 0, 2]), ["address", "device", "phone"]).tolist()
    ['address|phone', '', 'device']
    """
    uniq, inverse = np.unique(mask, return_inverse=True)
    text = np.array(
        ["|".join(k for b, k in enumerate(labels) if int(m) >> b & 1) for m in uniq],
        dtype=object,
    )
    return text[inverse.ravel()] if len(uniq) else np.array([], dtype=object)


def labels_by_group(group: np.ndarray, codes: np.ndarray, labels: list[str], n: int) -> np.ndarray:
    """Sorted distinct labels of each of ``n`` groups, ``|``-joined (``""`` if none).

    ``codes`` index into ``labels``, which should be sorted.

    Examples
    --------
    >>> labels_by_group(np.array([0, 0, 2]), np.array([1, 0, 1]), ["a", "b"], 3).tolist()
    ['a|b', '', 'b']
    """
    if len(labels) <= 62:
        mask = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(mask, group, np.left_shift(np.int64(1), codes.astype(np.int64)))
        return mask_labels(mask, labels)
    out = np.full(n, "", dtype=object)
    pairs = np.unique(np.stack([group, codes]), axis=1)
    lab = np.asarray(labels, dtype=object)
    starts = np.flatnonzero(group_starts(pairs[0]))
    ends = np.append(starts[1:], pairs.shape[1])
    for s, e in zip(starts, ends, strict=True):
        out[pairs[0, s]] = "|".join(lab[pairs[1, s:e]])
    return out
