"""Near-duplicate values: addresses (and store names) that differ by typos or formatting.

Comparing every address with every other is quadratic; instead values are *blocked*
and only compared inside a block, with rapidfuzz's C++ matrix scorer:

- addresses are blocked on their numbers (house, building and room numbers, postcode),
  in any order: two addresses are near duplicates only when all their numbers agree and
  the rest is similar. ``Room 1203`` and ``Room 1204`` of one building are different places, so a
  difference in a number never makes a near duplicate, and addresses without any
  number are not fuzzily matched at all. In a Latin address a letter that names a place
  as a number does is one of its numbers: a block's, sector's, phase's or zone's
  (``Block C``, ``Phase A``), an Islamabad sector's (``G-9/1``), a house's (``12B``):
  ``Block C`` and ``Block D``, ``G-9/1`` and ``I-9/1``, ``12B`` and ``12`` are different
  places (a directional before a street's name, ``12 N Main St``, and the ``s`` of
  ``Queen's`` are no such letter). Sorted, the numbers of ``House 12, Road 5`` and
  ``House 5, Road 12`` are one block: two Latin values that give a house, road, street,
  block, plot, ... (:data:`_NUMBER_LABELS`) different numbers are no near duplicates
  (:func:`places_apart`);
- names are blocked on their first three characters.

A block larger than ``max_block_size`` is compared by sorted neighbourhood (overlapping
windows over its sorted values), so the cost stays bounded however skewed the data.

Inside a block, two values are compared without their spaces: the similarity is the
larger of two rapidfuzz ``ratio`` scores (0-100, from the Indel distance), one between
the values with their words sorted and their spaces taken out (word order does not
count), one between the values with only their spaces taken out (a word split in two,
``s treet``, does not count, nor does a typo that would move a word in the sorted
order). Spaces do not count as characters in common either: counting them
(``token_sort_ratio``) makes two roads of one district with the same numbers 92% alike.

Two values written in Chinese, Japanese or Korean (both with a Han, kana or Hangul
character) are no near duplicates, however similar, when they are different places by
what one character says there:

- their numbers differ in their written order (``100 巷 5 弄 3 号`` and ``100 巷 3 弄
  5 号``: lane 5, number 3 and lane 3, number 5; ``1 21 2`` and ``2 21 1`` in Japan);
- or both name a place of one level, and differently: a province or prefecture (福建,
  東京都, 서울), a city (台中 and 台南, 大阪市, 수원시), a district or ward (北区 and 西区,
  강남구 and 강동구, 县, 군), a county (郡) or a town (镇, 乡, 街道, 町, 村, 읍, 면, 동).
  In such a language one character is a whole word: the ward, not a typo. One place
  written with more before it (``长泰岩溪镇``, ``岩溪镇``) or left out (no province) is
  no difference; a road or building name with a character typed wrong (``人民路``,
  ``仁民路``) still is a typo.

The normaliser writes a road's section and a Japanese block number in digits (``五段``
is ``5 段``, ``二丁目`` is ``2``), so they are numbers here.

Examples
--------
>>> import pandas as pd
>>> keys = pd.Series(["88 jianguo road room 1203", "88 jianguo raod room 1203",
...                   "88 jianguo road room 1204", "福建 莆田 荔城区 镇海街道 12 号",
...                   "12 bedford s treet sunnybank", "12 bedford street sunnybank"])
>>> near_duplicates(keys, min_similarity=90).round(1).to_dict("records")
[{'a': 0, 'b': 1, 'similarity': 95.2}, {'a': 4, 'b': 5, 'similarity': 100.0}]
>>> a, b = "福建 莆田 荔城区 人民路 88 号 1203 室", "福建 莆田 荔城区 中山路 88 号 1203 室"
>>> round(similarity(a, b), 1), round(similarity(a, b.replace("中山", "仁民")), 1)
(88.9, 94.4)
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import _zh
from ._arrays import group_starts, ragged_pairs
from .normalize import _JP_PREFECTURES, _KR_REGIONS

__all__ = [
    "Candidates",
    "address_block_keys",
    "block_key",
    "block_keys",
    "candidate_split",
    "compare_candidates",
    "name_block_keys",
    "near_candidates",
    "near_duplicates",
    "near_pairs_frame",
    "places_apart",
    "similarities",
    "similarity",
]

_NON_NUMBERS = re.compile(r"[^\d/]+")
_LOOSE_SLASHES = re.compile(r"(^|\s)/+|/+(\s|$)")
#: A word of one letter (a-z) in a key; the same for ``re`` and RE2.
_LONE_LETTER_RE2 = r"(?:^| )[a-z](?: |$)"
_LONE_LETTER = re.compile(_LONE_LETTER_RE2)
#: Words after which one letter names a place as a number does (``Block C``, ``Sector
#: F``, ``Phase A``, ``Zone B``, ``Plot A``, ``Tower B``).
_LETTER_PLACE_WORDS = frozenset(
    {
        *("block", "sector", "phase", "zone", "section", "pocket", "stage", "wing"),
        *("tower", "building", "plot", "flat", "house", "shop", "unit", "apartment", "suite"),
    }
)
#: A sector of Islamabad after its letter (``F-7/2``: ``f 7/2``).
_SECTOR_NUMBER = re.compile(r"[0-9]{1,2}/[0-9]")


# ``\d`` in Python is "a Unicode decimal digit" (category Nd): the same class in
# RE2, so Arrow runs the regex instead of Python (tests/test_neardup.py compares them).
_NON_NUMBERS_RE2 = r"[^\p{Nd}/]+"
_LOOSE_SLASHES_RE2 = r"(^|\s)/+|/+(\s|$)"


def address_block_keys(keys: pd.Series) -> pd.Series:
    """Blocking key of each address: its numbers, sorted as text (``""`` if none).

    Sorted, so ``perth 6000 12 smith street`` and ``12 smith street perth 6000`` meet.
    The letters that name a place as a number does are numbers here (see the module
    notes): ``block c`` and ``block d`` of one road and house never meet.
    Numbers joined by ``/`` are one number in their written order: ``1/12`` (unit 1 of
    number 12) never meets ``12/1``. The normaliser writes a unit before or after the
    street as such a pair (``Unit 3, 12 Smith St`` and ``12 Smith St Unit 3`` are both
    ``3/12 smith street``), so those meet and ``Unit 12, 3 Smith St`` does not.
    """
    import pyarrow as pa

    text = keys if keys.dtype != object else keys.astype("string[pyarrow]")
    try:
        arr = pa.array(text.array)
    except (pa.ArrowException, TypeError, ValueError):  # not Arrow-backed: one by one
        out = [None if pd.isna(k) else block_key(k, blocking="address") for k in text]
        return pd.Series(out, index=keys.index, name=keys.name, dtype=text.dtype)
    out = _arrow_block_keys(arr, blocking="address")
    return pd.Series(pd.array(out, dtype=text.dtype), index=keys.index, name=keys.name)


def _arrow_block_keys(arr: Any, *, blocking: str) -> Any:
    """:func:`block_keys` on Arrow text (nulls stay null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if blocking != "address":
        return pc.utf8_slice_codeunits(arr, 0, 3)  # code points, as Python's [:3]
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    spaced = pc.replace_substring_regex(arr, pattern=_NON_NUMBERS_RE2, replacement=" ")
    slashed = pc.fill_null(pc.match_substring(spaced, "/"), False)
    if pc.any(slashed).as_py():  # few addresses have a '/': the other passes on those alone
        some = spaced.filter(slashed)
        some = pc.replace_substring_regex(some, pattern=_LOOSE_SLASHES_RE2, replacement=" ")
        some = pc.replace_substring_regex(some, pattern=" {2,}", replacement=" ")
        spaced = pc.replace_with_mask(spaced, slashed, some)
    numbers = pc.split_pattern(pc.utf8_trim(spaced, characters=" "), " ")
    flat = numbers.flatten()
    # Arrow sorts text by its UTF-8 bytes: code point order, as Python's sorted()
    order = pc.sort_indices(
        pa.table({"value": pc.list_parent_indices(numbers), "number": flat}),
        sort_keys=[("value", "ascending"), ("number", "ascending")],
    )
    in_order = type(numbers).from_arrays(
        numbers.offsets, flat.take(order), mask=pc.is_null(numbers)
    )
    out = pc.binary_join(in_order, pa.scalar(" ", flat.type))
    # few addresses hold a word of one letter: those that may name a place by it
    # (:func:`_place_letters`) go one by one
    lettered = pc.fill_null(pc.match_substring_regex(arr, _LONE_LETTER_RE2), False)
    if pc.any(lettered).as_py():
        some = [_address_block_key(k) for k in arr.filter(lettered).to_pylist()]
        out = pc.replace_with_mask(out, lettered, pa.array(some, type=out.type))
    return out


def name_block_keys(keys: pd.Series) -> pd.Series:
    """Blocking key of each store name: its first three characters."""
    return keys.str.slice(0, 3)


def block_keys(keys: pd.Series, *, blocking: str) -> pd.Series:
    """Blocking keys of values, by ``blocking`` (``"address"`` or ``"name"``)."""
    return address_block_keys(keys) if blocking == "address" else name_block_keys(keys)


def block_key(key: str, *, blocking: str) -> str:
    """The blocking key of one value: the same rule as :func:`block_keys`.

    Examples
    --------
    >>> block_key("room 1203 88 jianguo road", blocking="address")
    '1203 88'
    >>> block_key("1/12 smith street", blocking="address")
    '1/12'
    >>> block_key("house 12 road 5 block c mirpur 10", blocking="address")
    '10 12 5 c'
    >>> block_key("bright watches", blocking="name")
    'bri'
    """
    if blocking == "address":
        return _address_block_key(key)
    return key[:3]


def _address_block_key(key: str) -> str:
    """:func:`block_key` of an address: its numbers, and the letters that name a place
    as a number does (:func:`_place_letters`), sorted."""
    numbers = _LOOSE_SLASHES.sub(" ", _NON_NUMBERS.sub(" ", key)).split()
    if numbers and _LONE_LETTER.search(key) is not None:
        numbers += _place_letters(key)
    return " ".join(sorted(numbers))


def _place_letters(key: str) -> list[str]:
    """The words of one letter (a-z) that name a place in a Latin address as a number
    does: a block's, sector's, phase's or zone's letter (``block c``, ``phase a``,
    :data:`_LETTER_PLACE_WORDS`), a letter before a sector's number (``g 9/1``, Islamabad's
    ``G-9/1``), after a number (``12 b``: house 12B; not a directional before a street's
    name, ``12 n main street``) or starting the address before one (``b 12``). Not in a
    Chinese, Japanese or Korean value, nor an ``s`` after a word (``queen s road``).

    Examples
    --------
    >>> _place_letters("house 12 road 5 block c mirpur 10"), _place_letters("5 g 9/1 islamabad")
    (['c'], ['g'])
    >>> _place_letters("12 b adeola street"), _place_letters("12 n main street")
    (['b'], [])
    >>> _place_letters("12 queen s road"), _place_letters("mcdonald s 12 main street")
    ([], [])
    """
    if _CJK_CHAR.search(key) is not None:
        return []
    words = key.split(" ")
    last = len(words) - 1
    out: list[str] = []
    for i, word in enumerate(words):
        if len(word) != 1 or not "a" <= word <= "z":
            continue
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i < last else ""
        after_number = "0" <= prev[-1:] <= "9"
        if (
            prev in _LETTER_PLACE_WORDS
            or _SECTOR_NUMBER.fullmatch(nxt) is not None
            or (not prev and "0" <= nxt[:1] <= "9")
            or (after_number and not (word in "nsew" and len(nxt) >= 2 and nxt.isalpha()))
        ):
            out.append(word)
    return out


_Forms = tuple[np.ndarray, np.ndarray, np.ndarray]


def _forms(values: Sequence[str] | np.ndarray) -> _Forms:
    """The two forms values are compared in: their words sorted and joined without
    spaces, and the values without their spaces (words are what single spaces separate,
    as in normalised keys); and the values themselves (:func:`places_apart`).

    Once per value, in Python: for short keys such as addresses this beats Arrow's
    split, sort and join (and its conversions back to Python strings for rapidfuzz).
    """
    words_sorted = ["".join(sorted(v.split(" "))) for v in values]
    spaceless = [v.replace(" ", "") for v in values]
    return (
        np.asarray(words_sorted, dtype=object),
        np.asarray(spaceless, dtype=object),
        np.asarray(values, dtype=object),
    )


def _take(forms: _Forms, at: np.ndarray) -> _Forms:
    return forms[0][at], forms[1][at], forms[2][at]


def _pair_scores(a: _Forms, b: _Forms, min_similarity: float, workers: int) -> np.ndarray:
    """Similarity of value ``k`` of ``a`` and of ``b``, for every ``k``, from their
    :func:`_forms`; 0 below ``min_similarity`` and for different CJK places
    (:func:`places_apart`)."""
    from rapidfuzz import fuzz, process

    if not len(a[0]):
        return np.zeros(0, dtype=np.float64)
    kw: dict[str, Any] = {
        "scorer": fuzz.ratio,
        "score_cutoff": min_similarity,
        "dtype": np.float64,
        "workers": workers,
    }
    scores = np.maximum(
        np.asarray(process.cpdist(a[0].tolist(), b[0].tolist(), **kw), dtype=np.float64),
        np.asarray(process.cpdist(a[1].tolist(), b[1].tolist(), **kw), dtype=np.float64),
    )
    hit = np.flatnonzero(scores)
    if len(hit):
        scores[hit[_apart(a[2][hit], b[2][hit])]] = 0.0
    return scores


#: A Han, kana or Hangul character: a value holding one is read by :func:`places_apart`.
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3]")
_PROVINCE_NAMES = frozenset((*_zh.PROVINCES, *_JP_PREFECTURES, *_KR_REGIONS.values(), *_KR_REGIONS))
#: The level of a place by the last character of its word (Chinese, Japanese, Korean).
_PLACE_SUFFIX_LEVEL = {
    **dict.fromkeys("市시", "city"),
    **dict.fromkeys("区區县縣구군", "district"),
    **dict.fromkeys("郡", "county"),
    **dict.fromkeys("镇鎮乡鄉町村읍면동", "town"),
}


def _place_level(word: str) -> str | None:
    """The level of a place a word of a CJK key names (``None``: no place's name)."""
    if len(word) < 2 or _CJK_CHAR.search(word) is None:
        return None
    if word in _PROVINCE_NAMES or word[-1] == "県":
        return "province"
    if word in _zh.CITIES or word in _zh.TW_PLACES:
        return "city"
    if word.endswith("街道"):
        return "town"
    return _PLACE_SUFFIX_LEVEL.get(word[-1])


@functools.lru_cache(maxsize=1 << 16)
def _place_parts(key: str) -> tuple[tuple[str, ...], dict[str, frozenset[str]]] | None:
    """A CJK value's numbers in their written order and its places' names by level
    (``None``: not a CJK value)."""
    if _CJK_CHAR.search(key) is None:
        return None
    numbers = tuple(_LOOSE_SLASHES.sub(" ", _NON_NUMBERS.sub(" ", key)).split())
    levels: dict[str, set[str]] = {}
    for word in key.split(" "):
        level = _place_level(word)
        if level is not None:
            levels.setdefault(level, set()).add(word)
    return numbers, {level: frozenset(words) for level, words in levels.items()}


def _one_place(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the names of one level in two values may be one place: those of one are
    all among the other's, or the end of one (岩溪镇 of 长泰岩溪镇)."""

    def within(xs: frozenset[str], ys: frozenset[str]) -> bool:
        return all(any(y.endswith(x) for y in ys) for x in xs)

    return within(a, b) or within(b, a)


#: Words whose number follows them in a Latin address (``House 12, Road 5``, ``Block 3``):
#: two values giving one of them different numbers are different places.
_NUMBER_LABELS = frozenset(
    {
        *("house", "road", "street", "lane", "avenue", "block", "plot", "sector"),
        *("phase", "zone", "building", "tower", "flat", "room", "level", "shop"),
    }
)


@functools.lru_cache(maxsize=1 << 16)
def _labelled_numbers(key: str) -> dict[str, tuple[str, ...]]:
    """The numbers right after each of :data:`_NUMBER_LABELS` in a Latin value
    (``house 12 road 5``: house 12, road 5)."""
    words = key.split(" ")
    out: dict[str, list[str]] = {}
    for label, word in itertools.pairwise(words):
        if label in _NUMBER_LABELS and "0" <= word[:1] <= "9":
            out.setdefault(label, []).append(word)
    return {label: tuple(numbers) for label, numbers in out.items()}


def _numbers_apart(a: str, b: str) -> bool:
    """Whether two Latin values give a word of :data:`_NUMBER_LABELS` different numbers."""
    la, lb = _labelled_numbers(a), _labelled_numbers(b)
    return any(label in lb and lb[label] != numbers for label, numbers in la.items())


def places_apart(a: str, b: str) -> bool:
    """Whether two values are different places however alike they are written: two
    Chinese, Japanese or Korean values whose numbers differ in order, or that name
    different places of one level; two Latin values that give a house, road, street,
    block, ... different numbers (``house 12 road 5``, ``house 5 road 12``: the same
    numbers, sorted). See the module notes.

    Examples
    --------
    >>> places_apart("大阪府 大阪市 北区 梅田 1 1 1", "大阪府 大阪市 西区 梅田 1 1 1")
    True
    >>> places_apart("台北 大安区 100 巷 5 弄 3 号", "台北 大安区 100 巷 3 弄 5 号")
    True
    >>> places_apart("福建 莆田 荔城区 人民路 88 号", "莆田 荔城区 仁民路 88 号")
    False
    >>> places_apart("12 bedford street", "12 bedfrod street")
    False
    >>> places_apart("house 17 road 7 dhaka", "house 7 road 17 dhaka")
    True
    >>> places_apart("house 17 road 7 dhaka", "road 7 house 17 dhaka")
    False
    """
    pa_, pb = _place_parts(a), _place_parts(b)
    if pa_ is None and pb is None:
        return _numbers_apart(a, b)
    if pa_ is None or pb is None:
        return False
    if pa_[0] != pb[0]:
        return True
    levels_b = pb[1]
    return any(
        level in levels_b and not _one_place(words, levels_b[level])
        for level, words in pa_[1].items()
    )


def _apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`places_apart` of ``a[k]`` and ``b[k]`` for every ``k``."""
    return np.fromiter(map(places_apart, a.tolist(), b.tolist()), dtype=bool, count=len(a))


def similarities(
    a: Sequence[str] | np.ndarray,
    a_at: np.ndarray,
    b: Sequence[str] | np.ndarray,
    b_at: np.ndarray,
    *,
    min_similarity: float = 0.0,
    workers: int = 1,
) -> np.ndarray:
    """Near-duplicate similarity (0-100, see the module notes) of ``a[a_at[k]]`` and
    ``b[b_at[k]]`` for every ``k``; 0 where it is below ``min_similarity``.

    Values are prepared once each however many pairs they are in. The batch
    (:func:`near_duplicates`) and the screener score pairs by this rule.
    """
    return _pair_scores(_take(_forms(a), a_at), _take(_forms(b), b_at), min_similarity, workers)


def similarity(a: str, b: str) -> float:
    """Near-duplicate similarity of two values (0-100; see the module notes).

    Examples
    --------
    >>> similarity("12 bedford s treet", "12 bedford street")
    100.0
    >>> similarity("12 oxford street", "12 bedford street") < 90
    True
    """
    at = np.zeros(1, dtype=np.int64)
    return float(similarities([a], at, [b], at)[0])


def _score_pairs(forms: _Forms, i: np.ndarray, j: np.ndarray, min_similarity: float) -> np.ndarray:
    """Similarity of values ``i[k]`` and ``j[k]`` given the :func:`_forms` of all values."""
    return _pair_scores(_take(forms, i), _take(forms, j), min_similarity, -1)


def _compare_block(
    forms: _Forms, ids: np.ndarray, min_similarity: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz, process

    scores = np.zeros((len(ids), len(ids)), dtype=np.float64)
    for form in forms[:2]:
        values = form.tolist()
        matrix = process.cdist(
            values, values, scorer=fuzz.ratio, score_cutoff=min_similarity, dtype=np.float64
        )
        np.maximum(scores, matrix, out=scores)
    i, j = np.nonzero(np.triu(scores, k=1))
    if len(i):
        keep = ~_apart(forms[2][i], forms[2][j])
        i, j = i[keep], j[keep]
    return ids[i], ids[j], scores[i, j]


def _windows(n: int, size: int) -> list[tuple[int, int]]:
    if n <= size:
        return [(0, n)]
    step = max(size // 2, 1)
    return [(s, min(s + size, n)) for s in range(0, n - step, step)]


_SMALL_BLOCK = 24
#: Candidate pairs scored at once: memory stays bounded however many small blocks
#: there are (tens of millions of addresses give hundreds of millions of pairs).
_PAIR_CHUNK = 1 << 22


def _pair_chunks(blocks: np.ndarray, max_pairs: int) -> list[tuple[int, int]]:
    """Row ranges of whole blocks (``blocks`` sorted) holding about ``max_pairs``
    within-block pairs each (a larger block is a range of its own)."""
    starts = np.flatnonzero(group_starts(blocks))
    sizes = np.diff(np.append(starts, len(blocks)))
    done = np.cumsum(sizes * (sizes - 1) // 2)  # pairs up to and including each block
    edges = [0]
    while edges[-1] < len(starts):
        before = int(done[edges[-1] - 1]) if edges[-1] else 0
        nxt = int(np.searchsorted(done, before + max_pairs, side="right"))
        edges.append(max(nxt, edges[-1] + 1))
    bounds = np.append(starts, len(blocks))
    return [(int(bounds[a]), int(bounds[b])) for a, b in itertools.pairwise(edges)]


def _arrow_text(keys: pd.Series) -> Any:
    """Keys as one ``large_string`` Arrow array, or ``None`` if they are not all text."""
    import pyarrow as pa

    source = keys.array if keys.dtype != object else keys.to_numpy(dtype=object)
    try:
        arr = pa.array(source, type=pa.large_string())
    except (pa.ArrowException, TypeError, ValueError, UnicodeError):
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.null_count == 0 else None


def _candidates(
    keys: pd.Series, blocking: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Values in blocks of two or more, sorted by block, value and id: their ids,
    values, block codes, and the size of every block (``None``: no such block)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    labels = keys.index.to_numpy()
    arr = _arrow_text(keys)
    if arr is None:  # not all text (or no UTF-8 form): pandas and Python's regex
        block = block_keys(keys, blocking=blocking)
        bcode = np.asarray(pd.factorize(block.where(block.str.len() > 0))[0], dtype=np.int64)
    else:
        block = _arrow_block_keys(arr, blocking=blocking)
        block = pc.if_else(pc.greater(pc.utf8_length(block), 0), block, None)
        codes = block.dictionary_encode().indices  # numbered by first appearance
        bcode = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    has = bcode >= 0
    size = np.bincount(bcode[has]) if has.any() else np.array([], dtype=np.int64)
    keep = (
        np.flatnonzero(has & (size[np.maximum(bcode, 0)] >= 2))
        if len(size)
        else np.array([], dtype=np.int64)
    )
    if not len(keep):
        return None
    if arr is None:
        frame = pd.DataFrame(
            {"id": labels[keep], "key": keys.to_numpy()[keep], "block": bcode[keep]}
        ).sort_values(["block", "key", "id"], kind="stable")
        return (
            frame["id"].to_numpy(),
            frame["key"].to_numpy(dtype=object),
            frame["block"].to_numpy(),
            size,
        )
    # Arrow's sort compares the values' UTF-8 bytes: code point order, as Python's
    tie = labels[keep] if np.issubdtype(labels.dtype, np.number) else keep
    table = pa.table({"block": bcode[keep], "key": arr.take(pa.array(keep)), "tie": tie})
    order = pc.sort_indices(
        table, sort_keys=[("block", "ascending"), ("key", "ascending"), ("tie", "ascending")]
    ).to_numpy()
    values = table["key"].take(pa.array(order)).to_numpy(zero_copy_only=False)
    return labels[keep][order], np.asarray(values, dtype=object), bcode[keep][order], size


class Candidates(NamedTuple):
    """Values in blocks of two or more, sorted by block, value and id."""

    ids: np.ndarray  #: each value's id (``keys``' index label)
    values: np.ndarray  #: the values (object array of str)
    blocks: np.ndarray  #: each value's block code
    size: np.ndarray  #: the size of every block, by block code


def near_candidates(keys: pd.Series, *, blocking: str = "address") -> Candidates | None:
    """The values of ``keys`` that have a block to be compared in (``None``: none has).

    The first step of :func:`near_duplicates`; :func:`compare_candidates` is the rest.
    """
    if len(keys) < 2:
        return None
    found = _candidates(keys, blocking)
    return None if found is None else Candidates(*found)


def candidate_split(cand: Candidates, share: float, *, max_block_size: int = 400) -> int:
    """A row of ``cand`` at a block's start before which about ``share`` of the
    comparisons are (by value pairs compared): rows on either side can be compared
    apart, in two processes, and their pairs put together (:func:`near_pairs_frame`).
    """
    starts = np.flatnonzero(group_starts(cand.blocks))
    sizes = np.diff(np.append(starts, len(cand.blocks)))
    width = np.minimum(sizes, max_block_size)
    cost = np.cumsum(sizes.astype(np.float64) * (width - 1))  # pairs in windows, about
    if not len(cost) or cost[-1] <= 0:
        return 0
    # the block boundary nearest the share: before block ``k`` are ``cost[k - 1]``
    before = np.concatenate([[0.0], cost])
    at = int(np.argmin(np.abs(before - share * cost[-1])))
    return int(np.append(starts, len(cand.blocks))[at])


def compare_candidates(
    cand: Candidates,
    lo: int = 0,
    hi: int | None = None,
    *,
    min_similarity: float = 90.0,
    max_block_size: int = 400,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The near-duplicate pairs among rows ``lo:hi`` of ``cand`` (whole blocks):
    ids ``a``, ``b`` and similarity, unordered, a pair of a large block possibly twice
    (:func:`near_pairs_frame` makes them the result of :func:`near_duplicates`)."""
    hi = len(cand.ids) if hi is None else hi
    ids, blocks = cand.ids[lo:hi], cand.blocks[lo:hi]
    forms = _forms(cand.values[lo:hi])
    bsize = cand.size[blocks]
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    small = bsize <= min(_SMALL_BLOCK, max_block_size)
    if small.any():
        pos = np.flatnonzero(small)
        for a, b in _pair_chunks(blocks[pos], _PAIR_CHUNK):
            i, j = ragged_pairs(blocks[pos[a:b]])
            i, j = pos[a + i], pos[a + j]
            sim = _score_pairs(forms, i, j, min_similarity)
            hit = sim > 0
            out.append((ids[i[hit]], ids[j[hit]], sim[hit]))
    large = np.flatnonzero(~small)
    if len(large):
        starts = large[group_starts(blocks[large])]
        for s in starts:
            e = s + int(bsize[s])
            for ws, we in _windows(e - s, max_block_size):
                window = _take(forms, np.arange(s + ws, s + we))
                out.append(_compare_block(window, ids[s + ws : s + we], min_similarity))
    if not out:
        return _NO_PAIRS
    return (
        np.concatenate([o[0] for o in out]),
        np.concatenate([o[1] for o in out]),
        np.concatenate([o[2] for o in out]),
    )


_NO_PAIRS = (np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([]))


def near_pairs_frame(*found: tuple[np.ndarray, np.ndarray, np.ndarray]) -> pd.DataFrame:
    """:func:`near_duplicates`' result from :func:`compare_candidates`' pairs of
    (disjoint row ranges of) its candidates: ``a < b``, each pair once, sorted."""
    a = np.concatenate([f[0] for f in found]) if found else _NO_PAIRS[0]
    if not len(a):
        return pd.DataFrame({"a": _NO_PAIRS[0], "b": _NO_PAIRS[1], "similarity": _NO_PAIRS[2]})
    b = np.concatenate([f[1] for f in found])
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    result = pd.DataFrame({"a": lo, "b": hi, "similarity": np.concatenate([f[2] for f in found])})
    result = result.drop_duplicates(["a", "b"]).sort_values(["a", "b"], kind="stable")
    return result.reset_index(drop=True)


def near_duplicates(
    keys: pd.Series,
    *,
    min_similarity: float = 90.0,
    max_block_size: int = 400,
    blocking: str = "address",
) -> pd.DataFrame:
    """Pairs of distinct values that are near duplicates.

    Parameters
    ----------
    keys : Series of str
        Distinct normalised values (for example address keys); the index is the
        value's id and is returned in the result.
    min_similarity : float
        Similarity (0-100, see the module notes) from which a pair is reported.
    max_block_size : int
        Larger blocks are compared in overlapping sorted windows of this size.
    blocking : {"address", "name"}
        How candidates are blocked (see the module notes).

    Returns
    -------
    DataFrame
        ``a, b, similarity`` with ``a < b`` (index labels of ``keys``), sorted.
    """
    cand = near_candidates(keys, blocking=blocking)
    if cand is None:
        return near_pairs_frame()
    found = compare_candidates(cand, min_similarity=min_similarity, max_block_size=max_block_size)
    return near_pairs_frame(found)
