"""African and South-Asian addresses (the afsa user's finding 9, s41) and Indonesian
address words (the skew user's finding 12, s40).

Keys: an Islamabad sector after a street number (``Street 5, F-7/2``) is a place, not a
floor; ``Sector F-7/2`` is ``F-7/2``; South Asia's ``H-12, R-5``/``H# 12`` are ``House 12,
Road 5``; a country of the region ending the address after a comma, and ``State`` ending
it after a place's name, are dropped; Indonesian ``Jl.``, ``Gg.``, ``Kel.``, ``Kec.``,
``Kab.`` are ``Jalan``, ``Gang``, ``Kelurahan``, ``Kecamatan``, ``Kabupaten`` in an
Indonesian address and ``Nomor`` is a number word as ``No.`` is. Each rule holds on the
fast and the per-value paths and keys stay keys.

Near duplicates: a letter naming a block, sector, phase or zone (or a house: ``12B``) is
one of the numbers addresses are blocked on, so ``Block C``/``Block D`` and
``G-9/1``/``I-9/1`` are different places; so are ``House 17, Road 7`` and ``House 7, Road
17`` (the same numbers, sorted, under other labels); typos still link.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _normalize_checks import address_keys
from _normalize_checks import address_pair_keys as _pair_keys

from sellergraph.neardup import (
    block_key,
    block_keys,
    near_duplicates,
    places_apart,
    similarities,
    similarity,
)


def _keys(values: list[str], region: str = "PK") -> list[str | None]:
    return address_keys(values, region)


# --- keys ----------------------------------------------------------------------------

SAME: dict[str, list[str]] = {
    # Islamabad: the sector after the street number is no floor; "Sector" before it goes
    "house 12 street 5 f 7/2 islamabad": [
        "House # 12, Street 5, F-7/2, Islamabad",
        "House No. 12, Street No. 5, F-7/2, Islamabad",
        "H# 12, St# 5, F-7/2, Islamabad",
        "House 12, St 5, F 7/2, Islamabad",
        "H.No 12 Street 5 F-7/2 Islamabad",
        "House #12, Street #5, Sector F-7/2, Islamabad",
        "House 12, Street 5, F-7/2, Islamabad, Pakistan",
    ],
    "f 8/3 islamabad": ["Sector F-8/3, Islamabad", "F-8/3, Islamabad", "SECTOR F-8/3 ISLAMABAD"],
    # Dhaka: H-12, R-5; the country after a comma
    "house 12 road 5 dhanmondi dhaka 1205": [
        "House 12, Road 5, Dhanmondi, Dhaka-1205",
        "House #12, Road #5, Dhanmondi, Dhaka 1205",
        "H-12, R-5, Dhanmondi, Dhaka-1205",
        "H# 12, R# 5, Dhanmondi, Dhaka 1205",
        "House 12, R-5, Dhanmondi, Dhaka-1205",
        "House No. 12, Road No. 5, Dhanmondi, Dhaka - 1205, Bangladesh",
    ],
    # Lagos: the country, the state
    "12 adeola odeku street victoria island lagos": [
        "No. 12, Adeola Odeku Street, Victoria Island, Lagos",
        "12 Adeola Odeku Street, Victoria Island, Lagos, Nigeria",
        "12, Adeola Odeku St., Victoria Island, Lagos State",
        "No 12 Adeola Odeku St, Victoria Island, Lagos State, Nigeria.",
        "12 ADEOLA ODEKU STREET, VICTORIA ISLAND, LAGOS, NIGERIA",
    ],
    "147 ikwerre road mile 1 port harcourt": [
        "No 147 Ikwerre Rd, Mile 1, Port Harcourt State",
        "147, Ikwerre Road, Mile 1, Port Harcourt, Nigeria",
    ],
    "po box 12345 00100 nairobi": [
        "P.O. Box 12345-00100 Nairobi",
        "P.O.Box 12345-00100, Nairobi, Kenya",
    ],
    "building 15 tahrir street dokki giza": [
        "Building 15, Tahrir St., Dokki, Giza",
        "Building 15, Tahrir St., Dokki, Giza, Egypt",
    ],
    "house 12 oxford street osu accra": [
        "House No. 12, Oxford Street, Osu, Accra",
        "House No. 12, Oxford Street, Osu, Accra, Ghana",
    ],
    "45 galle road colombo 03": [
        "No. 45, Galle Road, Colombo 03",
        "45 Galle Rd, Colombo 03, Sri Lanka",
    ],
    "366 shanti niketan jaipur 302089": [
        "Flat 366, Shanti Niketan, Jaipur 302089",
        "Flat 366, Shanti Niketan, Jaipur - 302 089, India",
    ],
    # Indonesia: the skew user's fulfilment centre, five spellings
    "jalan raya cakung cilincing km 3 gudang fc 1 jakarta utara 14130": [
        "Jl. Raya Cakung Cilincing KM 3, Gudang FC-1, Jakarta Utara 14130",
        "JL RAYA CAKUNG CILINCING KM 3 GUDANG FC-1 JAKARTA UTARA 14130",
        "Jl Raya Cakung Cilincing Km.3 Gudang FC 1, Jakarta Utara 14130",
        "Jl. Raya Cakung Cilincing KM 3 Gudang FC-1 Jakarta Utara, 14130",
        "Jalan Raya Cakung Cilincing KM 3, Gudang FC-1, Jakarta Utara 14130",
    ],
    "jalan melati 12 a rt 3 rw 5 kelurahan menteng kecamatan menteng jakarta pusat 10310": [
        "Jl. Melati No. 12A, RT 03/RW 05, Kel. Menteng, Kec. Menteng, Jakarta Pusat 10310",
        "Jalan Melati Nomor 12A RT 3 RW 5 Kelurahan Menteng Kecamatan Menteng Jakarta Pusat 10310",
        "JL. MELATI NO.12A RT 03 RW 05 KEL. MENTENG KEC. MENTENG JAKARTA PUSAT 10310",
        "Jl Melati no 12A RT03/RW05 Kel Menteng Kec Menteng Jakarta Pusat, 10310",
    ],
    "gang mawar 5 jalan melati kabupaten bogor": [
        "Gg. Mawar No. 5, Jl. Melati, Kab. Bogor",
        "Gang Mawar Nomor 5, Jalan Melati, Kabupaten Bogor",
        "Gg Mawar 5 Jl Melati Kab Bogor, Indonesia",
    ],
}


@pytest.mark.parametrize("key", list(SAME))
def test_one_place_written_these_ways_is_one_key(key: str) -> None:
    assert _keys(SAME[key]) == [key] * len(SAME[key])


#: Values whose keys keep what these rules must not take (value -> key).
KEPT = {
    # sectors are places: their letters stay, each its own
    "House 12, Street 5, G-9/1, Islamabad": "house 12 street 5 g 9/1 islamabad",
    "House 12, Street 5, I-8/3, Islamabad": "house 12 street 5 i 8/3 islamabad",
    "House 12, Street 5, E-11/4, Islamabad": "house 12 street 5 e 11/4 islamabad",
    "House 12, Street 5, DHA Phase 5, Lahore": "house 12 street 5 dha phase 5 lahore",
    "House 12, Road 5, Sector 7, Uttara, Dhaka-1230": "house 12 road 5 sector 7 uttara dhaka 1230",
    # floors stay floors
    "Rm 5, 12F, 8 Smith St": "room 5 12 floor 8 smith street",
    "Rm1203 12/F": "room 1203 12 floor",
    "Unit 3, 12F": "3 12 floor",
    "12/F, 88 Queen's Road Central": "12 floor 88 queen s road central",
    # h and r elsewhere
    "H 12 Main Street": "h 12 main street",
    "R.R. 2, Guelph, ON N1H 6J2": "rr 2 guelph on n 1 h 6 j 2",
    # countries: only at the end after a comma, and only those listed
    "P.O. Box 12345-00100 Nairobi Kenya": "po box 12345 00100 nairobi kenya",
    "Kenya Road 12, Nairobi": "kenya road 12 nairobi",
    "12 Nigeria Street, Accra, Ghana": "12 nigeria street accra",
    "12 Long St, Cape Town, 8001, South Africa": "12 long street cape town 8001 south africa",
    "10 Fore St, Portland, ME 04101, USA": "10 fore street portland me 04101 usa",
    # state: not South Africa's Free State, nor after a US state's name
    "12 Main Rd, Bloemfontein, Free State": "12 main road bloemfontein free state",
    "Columbus, Ohio State": "columbus ohio state",
    "Olympia, Washington State": "olympia washington",
    # Indonesian words only in an Indonesian address
    "Kel 5 Smith St": "kel 5 smith street",
    "12 Gg Road": "12 gg road",
}


def test_what_the_rules_must_not_take_stays() -> None:
    values = list(KEPT)
    assert _keys(values) == list(KEPT.values())


def test_sectors_stay_apart() -> None:
    values = [f"House # 12, Street 5, {s}, Islamabad" for s in ("F-7/2", "F-7/3", "F-8/2")]
    values += [f"House # 12, Street 5, {s}, Islamabad" for s in ("G-7/2", "E-7/2", "I-7/2")]
    keys = _keys(values)
    assert len(set(keys)) == len(values)
    assert not any("floor" in k for k in keys if k)


# --- near duplicates -------------------------------------------------------------------

#: The user's pairs of different places (one letter is the whole difference) and kin.
APART = [
    ("House # 12, Street 5, G-9/1, Islamabad", "House # 12, Street 5, I-9/1, Islamabad"),
    ("House # 12, Street 5, F-7/2, Islamabad", "House # 12, Street 5, G-7/2, Islamabad"),
    ("House # 12, Street 5, F-7/2, Islamabad", "House # 12, Street 5, E-7/2, Islamabad"),
    (
        "House 12, Road 5, Block C, Mirpur 10, Dhaka-1216",
        "House 12, Road 5, Block D, Mirpur 10, Dhaka-1216",
    ),
    ("Plot 5, Block A, Lekki Phase 1, Lagos", "Plot 5, Block B, Lekki Phase 1, Lagos"),
    ("Plot 5, Zone A, Lekki, Lagos", "Plot 5, Zone B, Lekki, Lagos"),
    ("12B Adeola Odeku Street, Victoria Island", "12C Adeola Odeku Street, Victoria Island"),
    ("12B Adeola Odeku Street, Victoria Island", "12 Adeola Odeku Street, Victoria Island"),
]

#: Houses and roads (streets) swapped: the same numbers, sorted (the user's data, seed 7).
SWAPPED = [
    ("House 17, Road 7, Mohammadpur, Dhaka-1207", "House 7, Road 17, Mohammadpur, Dhaka-1207"),
    ("House # 13, Street 8, G-9/1, Islamabad", "House No. 8, Street No. 13, G-9/1, Islamabad"),
    ("H# 55, St# 12, F-10/1, Islamabad", "House # 12, Street 55, F-10/1, Islamabad"),
    ("Plot 5, Block 3, Lekki, Lagos", "Plot 3, Block 5, Lekki, Lagos"),
]

#: Typos and spellings of one place that still link.
NEAR = [
    ("House 12, Street 5, G-9/1, Islamabad", "House 12, Street 5, G-9/1, Islambad"),
    ("Plot 5, Block A, Lekki Phase 1, Lagos", "Plot 5, Block A, Leki Phase 1, Lagos"),
    ("12B Adeola Odeku Street, Victoria Island", "12B Adeola Odeku Stret, Victoria Island"),
    ("12 Queen's Road, Victoria Island", "12 Queens Road, Victoria Island"),
    ("12 N Main St, Springfield", "12 Main St, Springfield"),
    ("P.O. Box 36401-00100 Nairobi", "Box 36401-00100 Nairobi"),
    ("Jl. Melati No. 12A, RT 03/RW 05, Jakarta", "Jl. Melati No. 12A, RT 03/RW 05, Jakrta"),
]


@pytest.mark.parametrize(("a", "b"), APART)
def test_places_one_letter_apart_are_no_near_duplicates(a: str, b: str) -> None:
    ((ka, kb),) = _pair_keys([(a, b)])
    assert block_key(ka, blocking="address") != block_key(kb, blocking="address")
    assert near_duplicates(pd.Series([ka, kb]), min_similarity=80).empty


@pytest.mark.parametrize(("a", "b"), SWAPPED)
def test_swapped_house_and_road_numbers_are_no_near_duplicates(a: str, b: str) -> None:
    ((ka, kb),) = _pair_keys([(a, b)])
    assert block_key(ka, blocking="address") == block_key(kb, blocking="address")
    assert places_apart(ka, kb) and places_apart(kb, ka)
    assert similarity(ka, kb) == 0.0  # the screener's rule
    assert near_duplicates(pd.Series([ka, kb]), min_similarity=80).empty  # the batch's


def test_numbers_in_another_order_under_their_labels_still_link() -> None:
    pairs = [
        ("House 12, Road 5, Dhanmondi, Dhaka-1205", "Road 5, House 12, Dhanmondi, Dhaka 1205"),
        ("Room 1203, 88 Jianguo Rd", "88 Jianguo Road Room 1203"),
        ("Perth 6000, 12 Smith St", "12 Smith St, Perth 6000"),
    ]
    for ka, kb in _pair_keys(pairs):
        assert not places_apart(ka, kb)
        assert near_duplicates(pd.Series([ka, kb]), min_similarity=90)["a"].tolist() == [0]


@pytest.mark.parametrize(("a", "b"), NEAR)
def test_typos_of_one_place_still_link(a: str, b: str) -> None:
    ((ka, kb),) = _pair_keys([(a, b)])
    near = near_duplicates(pd.Series([ka, kb]), min_similarity=90)
    assert near[["a", "b"]].values.tolist() == [[0, 1]], (ka, kb)


def test_block_keys_of_lettered_addresses_agree_between_paths() -> None:
    keys = [k for pair in _pair_keys(APART + NEAR) for k in pair]
    keys += ["b 12 x", "x  b 1", "12 b", "s", "a 1 b 2 c", "福建 a 12 号", "c/o 12 a/b 12 / 1"]
    for dtype in ("str", object):
        got = block_keys(pd.Series([*keys, None], dtype=dtype), blocking="address").tolist()
        assert got[:-1] == [block_key(k, blocking="address") for k in keys]
    assert block_key("house 12 road 5 block c mirpur 10", blocking="address") == "10 12 5 c"
    assert block_key("house 12 street 5 g 9/1", blocking="address") == "12 5 9/1 g"
    assert block_key("12 n main street", blocking="address") == "12"
    assert block_key("12 queen s road", blocking="address") == "12"
    assert block_key("block c gulshan", blocking="address") == ""  # no number: no block
    assert block_key("福建 a 12 号", blocking="address") == "12"  # not a Latin address


def test_batch_windows_and_pairwise_scores_agree() -> None:
    keys = pd.Series(sorted({k for pair in _pair_keys(APART + NEAR) for k in pair}), dtype="str")
    small = near_duplicates(keys, min_similarity=85)
    large = near_duplicates(keys, min_similarity=85, max_block_size=2)
    values = keys.tolist()
    blocks = [block_key(v, blocking="address") for v in values]
    i, j = np.triu_indices(len(values), k=1)
    same = np.array([blocks[a] == blocks[b] for a, b in zip(i, j, strict=True)])
    sims = similarities(values, i[same], values, j[same], min_similarity=85)
    want = {(a, b) for a, b, s in zip(i[same], j[same], sims, strict=True) if s > 0}
    assert set(zip(small["a"], small["b"], strict=True)) == want
    assert set(zip(large["a"], large["b"], strict=True)) <= want
    assert len(want) >= len(NEAR)


def test_the_end_to_end_scores_no_longer_link_places_one_letter_apart() -> None:
    import sellergraph as sg

    pairs = APART[:1] + APART[3:5] + SWAPPED[:1] + NEAR[:1]
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
