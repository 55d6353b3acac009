"""UK addresses: postcodes written with or without their space, UK street words."""

from __future__ import annotations

import pandas as pd
import pytest

from sellergraph import normalize
from sellergraph.normalize import normalize_value


def _keys(values: list[str]) -> list[str | None]:
    """Keys of ``values``, checked to agree between the fast and per-value paths."""
    padded = [*values, *(f"pad {i} value {i}" for i in range(normalize._FAST_MIN))]
    s = pd.Series(padded, dtype=object)
    fast = normalize._normalize_values_via("address", s, "fast")
    ref = normalize._normalize_values_via("address", s, "reference")
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    assert got == want, [(v, g, w) for v, g, w in zip(padded, got, want, strict=True) if g != w]
    assert [normalize_value("address", v) for v in values] == want[: len(values)]
    return [k for k, _, _ in want[: len(values)]]


@pytest.mark.parametrize(
    ("spaced", "glued", "expected"),
    [
        ("Leicester LE17 4XT", "Leicester LE174XT", "leicester le 17 4 xt"),
        ("Norwich NR24 9QE", "Norwich NR249QE", "norwich nr 24 9 qe"),
        ("Bristol BS16 3QF", "bristol bs163qf", "bristol bs 16 3 qf"),
        ("M1 1AE", "M11AE", "m 1 1 ae"),
        ("Birmingham B33 8TH", "Birmingham B338TH", "birmingham b 33 8th"),
        ("London SW1A 1AA", "London SW1A1AA", "london sw 1 a 1 aa"),
        ("London EC1A 1BB", "London EC1A1BB", "london ec 1 a 1 bb"),
        ("DN55 1PT", "DN551PT", "dn 55 1 pt"),
        ("St Peter Port GY1 1AA", "St Peter Port GY11AA", "saint peter port gy 1 1 aa"),
        ("北京路 LE17 4XT", "北京路LE174XT", "北京路 le 17 4 xt"),
    ],
)
def test_uk_postcode_with_or_without_its_space(spaced: str, glued: str, expected: str) -> None:
    assert _keys([spaced, glued]) == [expected, expected]


def test_uk_address_variants_meet() -> None:
    got = _keys(
        [
            "Flat 3, 12 High St, Leicester LE17 4XT",
            "12 High Street Apt 3 Leicester LE174XT",
            "FLAT 3 12 HIGH ST LEICESTER LE17 4XT",
            "3/12 High Street Leicester LE174XT",
        ]
    )
    assert got == ["3/12 high street leicester le 17 4 xt"] * 4


def test_close_and_park_are_expanded() -> None:
    got = _keys(
        [
            "Flat 13, 234 Ash Close, Bristol BS16 3QF",
            "234 Ash Cl, Apt 13, Bristol BS163QF",
            "FLAT 13 234 ASH CL BRISTOL BS16 3QF",
            "13/234 Ash Close Bristol BS163QF",
            "Unit 3 Magna Park, Lutterworth, LE17 4XT",
            "Unit 3 Magna Pk, Lutterworth, LE174XT",
        ]
    )
    assert got[:4] == ["13/234 ash close bristol bs 16 3 qf"] * 4
    assert got[4:] == ["3 magna park lutterworth le 17 4 xt"] * 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # NR (Norwich) is a postcode area, not "number", before a district and inward code
        ("Norwich NR1 3QU", "norwich nr 1 3 qu"),
        ("13/157 Ash Cl Norwich NR24 9QE", "13/157 ash close norwich nr 24 9 qe"),
        ("NR1 3ST", "nr 1 3st"),
        ("12 High St Apt 3 NR1 3QU", "12 high street 3 nr 1 3 qu"),
        ("no nr 1 3qu", "no nr 1 3 qu"),
        # otherwise it is still a number word
        ("Nr 5 Main St", "5 main street"),
        ("Hauptstr. Nr. 12", "hauptstr 12"),
        ("nr 1 3", "1 3"),
        ("nr 12 3 ac", "12 3 ac"),  # c is never in an inward code
        ("Flat NR1 3QU Leeds", "1/3 qu leeds"),  # a unit number pair first, as before
    ],
)
def test_nr_postcode_area_is_kept(raw: str, expected: str) -> None:
    assert _keys([raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # other countries' postcodes and unit numbers are split as before
        ("1234 AB Amsterdam", "1234 ab amsterdam"),
        ("1234AB Amsterdam", "1234 ab amsterdam"),
        ("Ottawa ON K1A 0B1", "ottawa on k 1 a 0 b 1"),
        ("Ottawa ON K1A0B1", "ottawa on k 1 a 0 b 1"),
        ("12B Main St", "12 b main street"),
        ("Apt 16C, 8 Smith St", "16 c 8 smith street"),
        ("Rm1203 Bldg 5", "room 1203 building 5"),
        # not a UK postcode: no known area, a c in the inward letters, glued to more
        ("QA123XT", "qa 123 xt"),
        ("LE174CX", "le 174 cx"),
        ("XLE174XT", "xle 174 xt"),
        ("LE174XTS", "le 174 xts"),
        ("LE1234XT", "le 1234 xt"),
    ],
)
def test_other_forms_are_unchanged(raw: str, expected: str) -> None:
    assert _keys([raw]) == [expected]


def test_two_glued_postcodes_in_one_value() -> None:
    assert _keys(["LE174XT,NR249QE", "LE17 4XT NR24 9QE"]) == ["le 17 4 xt nr 24 9 qe"] * 2
