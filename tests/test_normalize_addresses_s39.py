"""Addresses of the UK / Ireland / Australia / New Zealand / South Africa marketplace
(the new user's finding 7): ``Co.`` before an Irish county is County (``Acme Co.`` stays
company); AU/NZ ``U3``/``L2`` before a house number are unit and level; a South African
``Str`` is street (German ``Str.`` stays ``str``), ``P/Bag`` is Private Bag and ``c/o``
one word. Each rule holds on the fast and the per-value paths, keys stay keys, and the
traps next to each (UK and Canadian postcodes, Mannheim's blocks, Madrid's ``C/
O'Donnell``, German and Swiss addresses) keep their keys."""

from __future__ import annotations

import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph.normalize import normalize_value


def _keys(values: list[str], region: str = "GB") -> list[str | None]:
    got = [key for key, _, _ in _both_paths("address", values, region)]
    for key in got:  # keys stay keys
        assert key is None or normalize_value("address", key)[0] == key
    return got


def _one_key(values: list[str], key: str, region: str = "GB") -> None:
    got = _keys(values, region)
    assert got == [key] * len(values), list(zip(values, got, strict=True))


SAME: dict[str, list[str]] = {
    # 1: Co. before a county of Ireland or Northern Ireland
    "5/12 main street county dublin d 02 x 285": [
        "12 Main St, Apt 5, Co. Dublin, D02X285",
        "12 Main Street, Apt 5, County Dublin, D02 X285",
        "12 Main St, Apt 5, Co Dublin, D02 X285",
        "12 Main St, Apt 5, CO. DUBLIN, D02 X285",
    ],
    "73 station street limerick county limerick v 94 dfy 2": [
        "73 Station Street, Limerick, Co. Limerick, V94 DFY2",
        "73 Station St, Limerick, County Limerick, V94DFY2",
    ],
    "4 mill road county antrim bt 1 1 aa": [
        "4 Mill Rd, Co. Antrim BT1 1AA",
        "4 Mill Road, County Antrim, BT1 1AA",
    ],
    "county londonderry": ["Co. Londonderry", "County Londonderry"],
    # 2: AU unit and NZ level
    "3/12 smith street parramatta nsw 2150": [
        "U3 12 Smith St, Parramatta NSW 2150",
        "U3, 12 Smith St, Parramatta NSW 2150",
        "U3/12 Smith St, Parramatta NSW 2150",
        "u3 12 Smith Street, Parramatta NSW 2150",
        "Unit 3, 12 Smith St, Parramatta NSW 2150",
        "3/12 Smith St, Parramatta NSW 2150",
    ],
    "3/12 a smith street": ["U3 12A Smith St", "Unit 3, 12A Smith St"],
    "level 2 100 queen street auckland 1010": [
        "L2, 100 Queen St, Auckland 1010",
        "L2 100 Queen St, Auckland 1010",
        "Level 2, 100 Queen St, Auckland 1010",
    ],
    # 3: South Africa
    "12 long street cape town 8001": [
        "12 Long Str, Cape Town 8001",
        "12 Long Str., Cape Town 8001",
        "12 Long St, Cape Town 8001",
        "12 Long Street, Cape Town 8001",
    ],
    "5 long street cape town 8001 south africa": [
        "Shop 5, Long Str, Cape Town 8001, South Africa",
        "Shop 5, Long Street, Cape Town 8001, South Africa",
    ],
    "private bag x 123 pretoria 0001": [
        "P/Bag X123, Pretoria 0001",
        "P Bag X123, Pretoria 0001",
        "P.Bag X123, Pretoria 0001",
        "Private Bag X123, Pretoria 0001",
    ],
    "careof amazon eu 5 high street": [
        "c/o Amazon EU, 5 High St",
        "C/O Amazon EU, 5 High St",
        "c / o Amazon EU, 5 High St",
    ],
}


@pytest.mark.parametrize("key", list(SAME))
def test_one_address_one_key(key: str) -> None:
    _one_key(SAME[key], key)


KEPT: dict[str, str] = {
    # company, not county
    "Acme Co., 5 High St, London": "acme company 5 high street london",
    "Smith & Co. Ltd, 5 High St": "smith company limited 5 high street",
    "Acme Co, Down St": "acme company down street",  # Down Street, no county
    "Acme Co., Cork Road": "acme company cork road",
    "Colchester CO1 1AA": "colchester company 1 1 aa",  # (as before: no county)
    # postcodes and other U/L words
    "10 Dale St, Liverpool L2 2AB": "10 dale street liverpool l 2 2 ab",
    "10 Dale St, Liverpool L22AB": "10 dale street liverpool l 2 2 ab",
    "10 Dale St, Liverpool L2 2 AB": "10 dale street liverpool l 2 2 ab",
    "12 King St, St Catharines ON L2R 1A1": "12 king street saint catharines on l 2 r 1 a 1",
    "Block U3, Industrial Estate": "block u 3 industrial estate",
    "L2 11, 68161 Mannheim": "l 2 11 68161 mannheim",  # a Mannheim block
    "Unit U3, Smith Tower": "unit u 3 smith tower",
    # German and Swiss Str. stay str; str before a number stays
    "Kölner Str 12, 50667 Köln": "kolner str 12 50667 koln",
    "Hauptstr. 5, 10115 Berlin": "hauptstr 5 10115 berlin",
    "Bahnhof Str, 8001 Zürich": "bahnhof str 8001 zurich",
    "Long Str 12, Cape Town 8001": "long str 12 cape town 8001",
    "12 Long Str, Cape Town": "12 long str cape town",  # no postcode: no marker
    # Madrid's C/ O'Donnell is no c/o
    "C/ O'Donnell 12, Madrid": "c o donnell 12 madrid",
    "PO Box 12, Sandton 2146": "po box 12 sandton 2146",
}


def test_traps_keep_their_keys() -> None:
    values = list(KEPT)
    got = _keys(values)
    bad = [(v, g, KEPT[v]) for v, g in zip(values, got, strict=True) if g != KEPT[v]]
    assert not bad, bad


@pytest.mark.parametrize("region", ["IE", "AU", "NZ", "ZA", "DE"])
def test_region_does_not_matter(region: str) -> None:
    # addresses are read without the region: the same keys in every market
    for key, values in SAME.items():
        assert _keys(values[:1], region) == [key]
