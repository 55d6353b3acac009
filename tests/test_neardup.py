"""Near-duplicate blocking and scoring: the vectorised paths agree with the per-value ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz

from sellergraph.neardup import (
    _forms,
    _score_pairs,
    address_block_keys,
    block_key,
    block_keys,
    near_duplicates,
    similarities,
    similarity,
)
from sellergraph.normalize import normalize_values

ADDRESSES = [
    "88 jianguo road room 1203",
    "no digits at all",
    "１２ fullwidth road",  # NFKC would make these ASCII; blocking must agree either way
    "٣٤ street 5",  # Arabic-Indic digits are decimal digits to Python's \\d
    "३ lane ² floor",  # Devanagari digit yes, superscript two no
    "  7  ",
    "",
    "a1b2c3",
    "x\u00a012\u3000",
    "上海市浦东新区 88号 1203室",
    "room 1203 88 road 9 88",  # sorted as text, repeats kept
    "1/12 smith street",  # unit 1 of number 12: one number, in its order
    "c/o 12 a/b 12 / 1",  # slashes not between digits are spaces
    "/12/  x 1//2 ٣/٤",
]


@pytest.mark.parametrize("dtype", ["str", object, "string[python]"])
def test_block_keys_match_the_per_value_rule(dtype: object) -> None:
    keys = pd.Series([*ADDRESSES, None], dtype=dtype)
    got = block_keys(keys, blocking="address")
    want = [block_key(v, blocking="address") for v in ADDRESSES]
    assert got.iloc[:-1].tolist() == want
    assert pd.isna(got.iloc[-1])
    names = block_keys(pd.Series(ADDRESSES, dtype=dtype), blocking="name").tolist()
    assert names == [block_key(v, blocking="name") for v in ADDRESSES]


def _rule(a: str, b: str, cutoff: float = 0.0) -> float:
    """The similarity rule, pair by pair with rapidfuzz: the larger ``ratio`` of the
    values without spaces, words sorted or not."""
    sort = fuzz.ratio("".join(sorted(a.split())), "".join(sorted(b.split())), score_cutoff=cutoff)
    flat = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""), score_cutoff=cutoff)
    return max(sort, flat)


def test_pair_scores_are_the_rule_with_the_cutoff() -> None:
    rng = np.random.default_rng(0)
    words = ["road", "rd", "room", "88", "1203", "jianguo", "jian guo", "unit", "b", "人民路"]
    values = np.array(
        [" ".join(rng.choice(words, rng.integers(1, 6))) for _ in range(300)], dtype=object
    )
    i = rng.integers(0, 300, 2000)
    j = rng.integers(0, 300, 2000)
    got = _score_pairs(_forms(values), i, j, 85.0)
    want = [_rule(values[a], values[b], 85.0) for a, b in zip(i, j, strict=True)]
    np.testing.assert_array_equal(got, np.asarray(want, dtype=np.float64))
    assert (got > 0).any() and (got == 0).any()
    assert _score_pairs(_forms(values), i[:0], j[:0], 85.0).shape == (0,)
    pairwise = similarities(values, i, values.tolist(), j, min_similarity=85.0)
    np.testing.assert_array_equal(pairwise, got)
    assert [similarity(values[a], values[b]) for a, b in zip(i[:50], j[:50], strict=True)] == [
        _rule(values[a], values[b]) for a, b in zip(i[:50], j[:50], strict=True)
    ]


def test_spaces_inside_words_do_not_count() -> None:
    # A word split in two moves its halves apart in token_sort_ratio's sorted words
    # (80 here): FEBRL3 had 185 unlinked same-person address pairs equal but for spaces.
    same = ("12 bedford s treet sunnybank", "12 bedford street sunnybank")
    assert fuzz.token_sort_ratio(*same) < 90
    keys = pd.Series([*same, "12 oxford street sunnybank"])
    near = near_duplicates(keys, min_similarity=90)
    assert near.to_dict("records") == [{"a": 0, "b": 1, "similarity": 100.0}]
    # word order still does not count, and a typo that moves a word in the sorted
    # order counts no more than one that does not
    assert similarity("5 main street kew", "5 kew main street") == 100.0
    typo = ("广东 广州 天河区 长江路 656 号", "广东 广州 天河区 常江路 656 号")
    assert fuzz.token_sort_ratio(*typo) < 90 <= similarity(*typo)


def test_the_same_numbers_in_another_order_are_compared() -> None:
    # through the normaliser: a unit written before or after the street is one place
    # (one key, so one block); unit 12 of number 3 is another place, in another block
    raw = [
        "Unit 3, 12 Smith St, Perth 6000",
        "12 Smith St Unit 3, Perth 6000",
        "12 Smith Street, Apt 3, Perht 6000",  # a typo in the town
        "Perth 6000, 12 Smith St",
        "12 Smith St, Perth 6000",
        "Unit 4, 12 Smith St, Perth 6000",
        "Unit 12, 3 Smith St, Perth 6000",
        "3 Smith St Unit 12, Perth 6000",
    ]
    keys = normalize_values("address", pd.Series(raw))["key"]
    assert keys[0] == keys[1] == "3/12 smith street perth 6000"
    assert keys[6] == keys[7] == "12/3 smith street perth 6000"
    blocks = address_block_keys(keys)
    assert blocks[0] == blocks[1] == blocks[2] == "3/12 6000"
    assert blocks[3] == blocks[4] != blocks[0]
    assert len({blocks[0], blocks[5], blocks[6]}) == 3
    near = near_duplicates(keys.drop([1, 7]), min_similarity=90)  # distinct keys
    assert near[["a", "b"]].values.tolist() == [[0, 2], [3, 4]]


def test_a_unit_and_number_pair_keeps_its_order() -> None:
    keys = pd.Series(
        [
            "1/12 smith street sunnybank 4109",
            "12/1 smith street sunnybank 4109",
            "1/12 smith streat sunnybank 4109",
        ]
    )
    assert near_duplicates(keys, min_similarity=90)[["a", "b"]].values.tolist() == [[0, 2]]


def test_unit_first_addresses_keep_the_unit_and_number_apart() -> None:
    # normalised keys: "Unit 1, 12 Smith St" is unit 1 of number 12, as "1/12 Smith St"
    # is; unit 12 of number 1 is another place, not a near duplicate of it
    raw = ["Unit 1, 12 Smith St, Sunnybank", "1/12 Smith St, Sunnybank"]
    raw += ["Unit 12, 1 Smith St, Sunnybank", "Unit 1, 12 Smith Sreet, Sunnybank"]
    keys = normalize_values("address", pd.Series(raw))["key"]
    assert keys[0] == keys[1] == "1/12 smith street sunnybank"
    assert block_key(keys[0], blocking="address") != block_key(keys[2], blocking="address")
    near = near_duplicates(keys.drop(1), min_similarity=90)
    assert near[["a", "b"]].values.tolist() == [[0, 3]]


def test_different_places_with_the_same_numbers_stay_apart() -> None:
    # Another street, or another road of the same district: spaces no longer count as
    # characters in common (token_sort_ratio gave the Chinese pair 92).
    pairs = [
        ("12 oxford street sunnybank", "12 bedford street sunnybank"),
        ("12 bedford street", "12 bedford road"),
        ("福建 莆田 荔城区 人民路 88 号 1203 室", "福建 莆田 荔城区 中山路 88 号 1203 室"),
    ]
    keys = pd.Series([v for pair in pairs for v in pair])
    assert near_duplicates(keys, min_similarity=90).empty
    assert fuzz.token_sort_ratio(*pairs[2]) >= 90


def test_large_blocks_score_as_small_blocks() -> None:
    # Blocks above the small-block size are compared by matrix, in windows: the same
    # similarities as the pairwise path.
    rng = np.random.default_rng(7)
    words = ["bedford", "s", "treet", "street", "oxford", "road", "人民路", "中山路"]
    keys = pd.Series(
        ["12 " + " ".join(rng.choice(words, rng.integers(1, 4))) for _ in range(60)], dtype="str"
    ).drop_duplicates()
    near = near_duplicates(keys, min_similarity=80, max_block_size=400)
    assert len(near) > 20
    values = keys.to_numpy()
    pos = {label: n for n, label in enumerate(keys.index)}
    pairs = zip(near["a"], near["b"], strict=True)
    want = [similarity(values[pos[a]], values[pos[b]]) for a, b in pairs]
    np.testing.assert_array_equal(near["similarity"].to_numpy(), want)


def test_near_duplicates_finds_the_close_pair() -> None:
    keys = pd.Series(["88 jianguo road 1203", "88 jianguo rd 1203", "5 other street 9"])
    near = near_duplicates(keys, min_similarity=80, max_block_size=50, blocking="address")
    assert near[["a", "b"]].values.tolist() == [[0, 1]]


def test_small_blocks_scored_in_chunks_give_the_same_pairs(monkeypatch):
    # Candidate pairs are scored a bounded number at a time; the pairs found must
    # not depend on where the chunks are cut.
    from sellergraph import neardup

    rng = np.random.default_rng(3)
    streets = ["Huacheng Rd", "Main St", "Nanjing Rd", "Tianhe Rd"]
    keys = pd.Series(
        [
            f"No. {rng.integers(1, 200)} {streets[rng.integers(4)]} Rm {rng.integers(1, 4)}"
            + ("" if rng.random() < 0.7 else " Bldg")
            for _ in range(3000)
        ],
        dtype="str",
    )
    whole = neardup.near_duplicates(keys, min_similarity=85)
    assert len(whole) > 100
    monkeypatch.setattr(neardup, "_PAIR_CHUNK", 7)
    pd.testing.assert_frame_equal(neardup.near_duplicates(keys, min_similarity=85), whole)


@pytest.mark.parametrize("blocking", ["address", "name"])
def test_arrow_candidates_agree_with_the_pandas_path(monkeypatch, blocking: str) -> None:
    # Text keys are blocked, encoded and sorted by Arrow; anything else goes through
    # pandas and Python's regex. Both must find the same pairs in the same order,
    # including for non-ASCII digits, wide text and a non-default index.
    from sellergraph import neardup

    rng = np.random.default_rng(11)
    parts = ["88", "١٢", "road", "rd", "上海市", "room", "1203", "１２", "b", "ä"]
    keys = pd.Series(
        [" ".join(rng.choice(parts, size=rng.integers(1, 5))) for _ in range(2500)],
        index=np.arange(2500) * 3 + 7,
        dtype="str",
    ).drop_duplicates()
    # small windows: which pairs are compared depends on the sort
    arrow = neardup.near_duplicates(keys, min_similarity=80, max_block_size=6, blocking=blocking)
    assert len(arrow) > 50
    monkeypatch.setattr(neardup, "_arrow_text", lambda _keys: None)
    pandas_path = neardup.near_duplicates(
        keys, min_similarity=80, max_block_size=6, blocking=blocking
    )
    pd.testing.assert_frame_equal(arrow, pandas_path)


def test_evidence_with_the_search_in_a_forked_process_is_the_same(monkeypatch) -> None:
    import sellergraph as sg
    import sellergraph.build as build

    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=3)
    ds = sg.load(stores, links)
    inline = build.build_evidence(ds)
    assert (inline.items["match"] == "near").any()
    monkeypatch.setattr(build, "_NEAR_FORK_MIN_LINKS", 0)
    forked = build.build_evidence(ds)
    pd.testing.assert_frame_equal(forked.items, inline.items)
    pd.testing.assert_frame_equal(forked.pairs, inline.pairs)
