"""Japanese, Korean and Taiwanese addresses (the JP/KR/TW user's finding 9, s40).

Near duplicates: two CJK addresses whose numbers differ in order, or that name different
places of one level (ward, city, district), are different places, not typos: one
character is a whole word there. Typos in a road's or building's name, a place left out
and Latin near duplicates link as before.

Keys: a block number or a road's section in kanji/hanzi numerals is written in digits
(二丁目 = 2丁目, 五段 = 5段), Korea's and Taiwan's postcodes are dropped as Japan's are,
``12F`` is ``12樓`` in a Chinese address, and 台灣/中華民國 before a Taiwanese place is
dropped. Each rule holds on the fast and the per-value paths and keys stay keys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _normalize_checks import address_keys, checked_results
from _normalize_checks import address_pair_keys as _pair_keys

from sellergraph.neardup import near_duplicates, places_apart, similarities, similarity
from sellergraph.normalize import normalize_values


def _keys(values: list[str], region: str = "CN") -> list[str | None]:
    return address_keys(values, region)


# --- keys ----------------------------------------------------------------------------

SAME: dict[str, list[str]] = {
    # Japan: kanji numerals of a block number
    "東京都 渋谷区 渋谷 2 21 1 メゾンドール 501": [
        "東京都渋谷区渋谷2-21-1 メゾンドール501",
        "東京都渋谷区渋谷二丁目21番1号 メゾンドール501",
        "東京都渋谷区渋谷2丁目21番1号 メゾンドール501",
        "東京都渋谷区渋谷二丁目二十一番一号 メゾンドール501",
        "〒150-0002 東京都渋谷区渋谷二丁目21-1 メゾンドール501",
    ],
    "東京都 港区 六本木 6 10 1": ["東京都港区六本木6-10-1", "東京都港区六本木六丁目10番1号"],
    "渋谷区 渋谷 12 3 4": ["渋谷区渋谷十二丁目3番4号", "渋谷区渋谷12-3-4"],
    # Korea: the postcode, first (bare or bracketed) or last in brackets
    "서울 강남구 테헤란로 152 1203 호": [
        "서울특별시 강남구 테헤란로 152 1203호",
        "(06236) 서울특별시 강남구 테헤란로 152 1203호",
        "06236 서울특별시 강남구 테헤란로 152 1203호",
        "（06236）서울특별시 강남구 테헤란로 152 1203호",
        "서울특별시 강남구 테헤란로 152 1203호 (06236)",
        "서울 강남구 테헤란로 152 1203호",
    ],
    # Taiwan: the postcode, the section's numeral, 12F, the country's name
    "台北 信义区 信义路 5 段 7 号 12 楼": [
        "臺北市信義區信義路五段7號12樓",
        "台北市信义区信义路五段7号12楼",
        "臺北市信義區信義路5段7號12樓",
        "臺北市信義區信義路 五段 7號 12樓",
        "110,臺北市信義區信義路五段7號12樓",
        "110臺北市信義區信義路五段7號12樓",
        "110 臺北市信義區信義路五段7號12樓",
        "(110)台北市信義區信義路5段7號12樓",
        "11049臺北市信義區信義路五段7號12樓",
        "110049 臺北市信義區信義路五段7號12樓",
        "臺北市信義區信義路五段7號12F",
        "臺北市信義區信義路五段7號12 F",
        "臺北市信義區信義路五段7號12/F",
        "中華民國臺北市信義區信義路五段7號12樓",
        "中華民國 臺北市信義區信義路五段7號12F",
        "１１０臺北市信義區信義路五段７號１２Ｆ",
    ],
    "台中 西屯区 台湾大道 3 段 99 号": [
        "臺中市西屯區臺灣大道三段99號",
        "407臺中市西屯區臺灣大道3段99號",
    ],
    "台北 中山区 民生东路 10 段 100 号": ["臺北市中山區民生東路十段100號"],
    # 台灣 is a province, kept as China's are (a near duplicate of the address without it)
    "台湾 台北 信义区 信义路 5 段 7 号 12 楼": [
        "台灣台北市信義區信義路五段7號12樓",
        "臺灣臺北市信義區信義路5段7號12F",
        "臺灣省臺北市信義區信義路五段7號12樓",
        "中華民國臺灣省臺北市信義區信義路五段7號12樓",
    ],
    "彰化县 彰化市中山路 2 段 100 号": [
        "彰化縣彰化市中山路二段100號",
        "500彰化縣彰化市中山路二段100號",
        "中華民國彰化縣彰化市中山路2段100號",
    ],
}


@pytest.mark.parametrize("key", sorted(SAME))
def test_spellings_of_one_cjk_address_are_one_key(key: str) -> None:
    values = SAME[key]
    got = _keys(values)
    assert got == [key] * len(values), list(zip(values, got, strict=True))


#: Values whose keys keep what these rules must not take (value -> key).
KEPT = {
    "東京都千代田区九段北1-1-1": "東京都 千代田区 九段北 1 1 1",  # Tokyo's 九段, a place
    "東京都千代田区一番町1-1": "東京都 千代田区 一番町 1 1",  # a place's name, not 番
    "東京都港区六本木6-10-1 ヒルズ3F": "東京都 港区 六本木 6 10 1 ヒルズ 3 floor",  # Japan
    "Rm 5, 12F, 8 Smith St": "room 5 12 floor 8 smith street",
    "100000 北京市朝阳区建国路88号": "100000 北京 朝阳区 建国路 88 号",  # not Taiwan's
    "110 福建省莆田市荔城区123号": "110 福建 莆田 荔城区 123 号",
    "台灣大道三段99號": "台湾 大道 3 段 99 号",  # the road, not the country
    "서울특별시 강남구 테헤란로 152 1203호 (역삼동)": "서울 강남구 테헤란로 152 1203 호 역삼동",
    "서울특별시 강남구 테헤란로 152 (1203)": "서울 강남구 테헤란로 152 1203",  # not five
    "福建省莆田市荔城区人民路88号1203室": "福建 莆田 荔城区 人民路 88 号 1203 室",
    # 楼 before a CJK word would join it when the key is read again
    "臺北市信義區信義路五段7號12F之1": "台北 信义区 信义路 5 段 7 号 12 floor 之 1",
    "(06236) (06237) 서울 강남구 테헤란로 152": "06236 06237 서울 강남구 테헤란로 152",
}


def test_what_the_rules_must_not_take_stays() -> None:
    values = list(KEPT)
    assert _keys(values) == list(KEPT.values())


def test_a_japanese_address_with_kanji_chome_only_is_read_as_japanese() -> None:
    # 丁目 alone marks the address as Japanese (no conversion to simplified Chinese).
    # Not _keys: a Japanese key with no prefecture and no kana is read as Chinese when it
    # is read again (千葉市 -> 千叶), as it was before.
    values = ["港区六本木六丁目10番1号", "千葉市花見川区幕張本郷二丁目"]
    assert [key for key, _, _ in checked_results("address", values)] == [
        "港区 六本木 6 10 1",
        "千葉市 花見川区 幕張本郷 2",
    ]


# --- near duplicates -------------------------------------------------------------------

#: The user's pairs of different places (pairs.py, pairs2.py) and their kin.
APART = [
    (
        "東京都渋谷区渋谷二丁目21番1号 メゾンドール501",
        "東京都渋谷区渋谷三丁目21番1号 メゾンドール501",
    ),
    ("東京都渋谷区渋谷二丁目21番1号", "東京都渋谷区渋谷三丁目21番1号"),
    ("東京都渋谷区渋谷1-21-2", "東京都渋谷区渋谷2-21-1"),
    ("大阪府大阪市北区梅田1-1-1 ハイツ緑201", "大阪府大阪市西区梅田1-1-1 ハイツ緑201"),
    ("臺北市信義區信義路四段7號12樓", "臺北市信義區信義路五段7號12樓"),
    ("臺北市中山區民生東路三段100號", "臺北市中山區民生東路二段100號"),
    ("新北市板橋區文化路一段100號", "新北市板橋區文化路二段100號"),
    ("臺中市西屯區臺灣大道三段99號", "臺南市西屯區臺灣大道三段99號"),
    ("臺北市信義區信義路五段7號12樓", "臺中市信義區信義路五段7號12樓"),
    ("臺北市大安區忠孝東路四段100巷5弄3號", "臺北市大安區忠孝東路四段100巷3弄5號"),
    ("서울특별시 강남구 테헤란로 152", "서울특별시 강동구 테헤란로 152"),
    ("경기도 수원시 영통구 광교로 156", "경기도 용인시 영통구 광교로 156"),
    ("福建省莆田市荔城区镇海街道人民路88号", "福建省莆田市城厢区镇海街道人民路88号"),
]

#: Near duplicates that stay: a place left out or written in full, a room word, a
#: building's name typed wrong, a road typed wrong (the synthetic data's typos).
NEAR = [
    ("東京都渋谷区渋谷2-21-1 メゾンドール501", "渋谷区渋谷2-21-1 メゾンドール501"),
    (
        "東京都渋谷区渋谷2-21-1 メゾンドール501",
        "〒150-0002 東京都渋谷区渋谷2丁目21番1号 メゾンドール501号室",
    ),
    ("서울특별시 강남구 테헤란로 152 1203호", "서울특별시 강남구 테헤란로 152 1203호 (역삼동)"),
    ("福建省莆田市荔城区人民路88号1203室", "莆田市荔城区人民路88号1203室"),
    ("福建省莆田市荔城区人民路88号1203室", "福建省莆田市荔城区仁民路88号1203室"),
    ("广东省广州市天河区长江路656号", "广东省广州市天河区常江路656号"),
    ("福建省漳州市长泰市岩溪镇人民路88号1203室", "福建省漳州市岩溪镇人民路88号1203室"),
    ("大阪府大阪市北区梅田1-1-1 ハイツ緑201", "大阪府大阪市北区梅田1-1-1 ハイツ緑 201号室"),
    ("台灣台北市信義區信義路五段7號12樓", "臺北市信義區信義路5段7號12F"),
]


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_cjk_places_are_no_near_duplicates(a: str, b: str) -> None:
    ((ka, kb),) = _pair_keys([(a, b)])
    assert places_apart(ka, kb) and places_apart(kb, ka)
    assert similarity(ka, kb) == 0.0  # the screener's rule
    assert near_duplicates(pd.Series([ka, kb]), min_similarity=80).empty  # the batch's


@pytest.mark.parametrize(("a", "b"), NEAR)
def test_cjk_near_duplicates_of_one_place_still_link(a: str, b: str) -> None:
    ((ka, kb),) = _pair_keys([(a, b)])
    assert not places_apart(ka, kb)
    near = near_duplicates(pd.Series([ka, kb]), min_similarity=90)
    assert near[["a", "b"]].values.tolist() == [[0, 1]], (ka, kb, similarity(ka, kb))


def test_latin_near_duplicates_are_unchanged() -> None:
    pairs = [
        ("12 bedford s treet sunnybank", "12 bedford street sunnybank"),
        ("88 jianguo road room 1203", "88 jianguo raod room 1203"),
        ("perth 6000 12 smith street", "12 smith streat perth 6000"),  # numbers moved
        ("5 main street kew", "5 kew main street"),
    ]
    for a, b in pairs:
        assert not places_apart(a, b)
        assert similarity(a, b) >= 90


def test_batch_and_pairwise_paths_agree_on_cjk_places() -> None:
    # small blocks (pairwise), large blocks (matrix) and the screener's similarities
    keys = pd.Series(sorted({k for pair in _pair_keys(APART + NEAR) for k in pair}), dtype="str")
    small = near_duplicates(keys, min_similarity=85)
    large = near_duplicates(keys, min_similarity=85, max_block_size=2)
    values = keys.tolist()
    i, j = np.triu_indices(len(values), k=1)
    sims = similarities(values, i, values, j, min_similarity=85)
    for found in (small, large):
        got = set(zip(found["a"], found["b"], strict=True))
        assert got <= {(a, b) for a, b, s in zip(i, j, sims, strict=True) if s > 0}
        for a, b in got:
            assert not places_apart(values[a], values[b])
    assert len(small) >= len(NEAR)


def test_the_end_to_end_scores_no_longer_link_the_users_different_places() -> None:
    import sellergraph as sg

    pairs = APART[:1] + APART[3:4] + APART[7:8] + APART[9:11] + NEAR[:1]
    stores, links = [], []
    for n, (a, b) in enumerate(pairs):
        stores += [
            {"store_id": f"B{n}", "status": "banned", "closed_at": "2022-01-01"},
            {"store_id": f"A{n}", "status": "active"},
        ]
        links += [
            {"store_id": f"B{n}", "kind": "address", "value": a},
            {"store_id": f"A{n}", "kind": "address", "value": b},
        ]
    scores = sg.analyze(pd.DataFrame(stores), pd.DataFrame(links), seed=0).scores
    scored = set(scores.loc[scores["score"] > 0, "store_id"])
    assert scored == {f"A{len(pairs) - 1}"}


def test_normalised_sections_and_chome_block_apart() -> None:
    keys = normalize_values(
        "address",
        pd.Series(
            ["臺北市信義區信義路四段7號", "臺北市信義區信義路5段7號", "渋谷区渋谷三丁目21番1号"]
        ),
    )["key"].tolist()
    assert keys == [
        "台北 信义区 信义路 4 段 7 号",
        "台北 信义区 信义路 5 段 7 号",
        "渋谷区 渋谷 3 21 1",
    ]
