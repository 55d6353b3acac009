"""Phone numbers in the forms of their day: Brazil's ninth digit (2012-2016) and
Vietnam's 11-digit mobiles (2018) meet today's forms on one key, column-wise and per
value alike (Mexico's pre-2019 forms are tested in test_normalize.py)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pytest

import sellergraph as sg
from sellergraph import normalize
from sellergraph._phones import VN_LEGACY_MOBILE, decide_phones
from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_distinct_codes, normalize_value, normalize_values

_BR = NormalizeConfig(default_region="BR")
_VN = NormalizeConfig(default_region="VN")
_US = NormalizeConfig(default_region="US")

#: Area codes (DDD) of the states that got the ninth digit at different times, all in
#: the phonenumbers metadata (checked in test_the_area_codes_used_here_exist).
_DDDS = ("11", "19", "21", "27", "31", "41", "47", "51", "61", "71", "81", "85", "91", "98")


def test_the_area_codes_used_here_exist() -> None:
    for ddd in _DDDS:
        mobile = phonenumbers.parse(f"+55{ddd}987654321")
        landline = phonenumbers.parse(f"+55{ddd}34567890")
        assert phonenumbers.is_valid_number(mobile), ddd
        assert phonenumbers.is_valid_number(landline), ddd


# ---------------------------------------------------------------------------
# per value
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "config", "expected"),
    [
        ("+55 11 8765-4321", _US, "+5511987654321"),  # with the country code, anywhere
        ("+55 (21) 9876-5432", _BR, "+5521998765432"),
        ("0055 11 8765 4321", _US, "+5511987654321"),
        ("55118765 4321", _BR, "+5511987654321"),  # 55 without "+", read in BR
        ("(11) 8765-4321", _BR, "+5511987654321"),  # national
        ("11 8765 4321", _BR, "+5511987654321"),
        ("011 8765-4321", _BR, "+5511987654321"),  # with the national prefix
        ("(011) 8765-4321", _BR, "+5511987654321"),
        ("0xx11 8765-4321", _BR, "+5511987654321"),  # carrier placeholder (per value)
        ("0 21 11 8765-4321", _BR, "+5511987654321"),  # with a carrier code
        ("(61) 6123-4567", _BR, "+5561961234567"),  # subscriber numbers starting 6-9
        ("(85) 9876-5432", _BR, "+5585998765432"),
        ("(47) 8812-3456", _BR, "+5547988123456"),
    ],
)
def test_brazilian_mobiles_before_the_ninth_digit(
    raw: str, config: NormalizeConfig, expected: str
) -> None:
    assert normalize_value("phone", raw, config=config) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "config", "expected"),
    [
        ("0168 123 4567", _VN, "+84381234567"),  # national
        ("01681234567", _VN, "+84381234567"),
        ("+84 168 123 4567", _US, "+84381234567"),  # with the country code, anywhere
        ("(+84) 1681234567", NormalizeConfig(default_region="CN"), "+84381234567"),
        ("0084 168 123 4567", _VN, "+84381234567"),
        ("84 168 123 4567", _VN, "+84381234567"),  # 84 without "+", read in VN
        ("0120.456.7890", _VN, "+84704567890"),
        ("0199 595 9999", _VN, "+84595959999"),
    ],
)
def test_vietnamese_11_digit_mobiles(raw: str, config: NormalizeConfig, expected: str) -> None:
    assert normalize_value("phone", raw, config=config) == (expected, None, None)


@pytest.mark.parametrize(("old", "new"), sorted(VN_LEGACY_MOBILE.items()))
def test_every_vietnamese_network_code_maps_to_today_s(old: str, new: str) -> None:
    want = "+84" + new[1:] + "2345678"
    assert phonenumbers.is_valid_number(phonenumbers.parse(want))
    assert normalize_value("phone", f"{old} 234 5678", config=_VN) == (want, None, None)
    assert normalize_value("phone", f"{new} 234 5678", config=_VN) == (want, None, None)
    assert normalize_value("phone", f"+84 {old[1:]} 234 5678", config=_US) == (want, None, None)


@pytest.mark.parametrize(
    ("raw", "config"),
    [
        ("(11) 3456-7890", _BR),  # a landline: eight digits starting 2-5
        ("(21) 2345-6789", _BR),
        ("(11) 98765-4321", _BR),  # a mobile in today's form
        ("+55 11 98765-4321", _US),
        ("(11) 7654-3210", _BR),  # ten digits the metadata lists (trunked radio)
        ("0381234567", _VN),  # a Vietnamese mobile in today's form
        ("+84 38 123 4567", _US),
        ("0912 345 678", _VN),  # a 10-digit mobile that was never renumbered
        ("024 3825 1234", _VN),  # a Hanoi landline
        ("+65 8123 4567", _US),  # eight digits, not Brazilian
        ("+852 6123 4567", _BR),
        ("(11) 8765-4321", NormalizeConfig(default_region="IN")),  # read in India
        ("(11) 8765-4321", _US),
        ("(20) 8765-4321", _BR),  # no area code 20: not rewritten
        ("+55 11 2345-678", _US),  # too short
        ("0170 123 4567", _VN),  # not a renumbered network code
        ("0111 123 4567", _VN),
        ("0168 123 456", _VN),  # one digit short
    ],
)
def test_numbers_not_in_an_old_form_read_as_before(raw: str, config: NormalizeConfig) -> None:
    """A valid number is never changed, and a rewritten number that is not valid is not
    used: the library's reading stands."""
    got = normalize_value("phone", raw, config=config)
    assert got == normalize._phone_parse(raw, config.default_region)
    if raw.startswith(("(11) 3456", "(11) 98765", "+55 11 98765", "0381", "+84 38")):
        assert got[2] is None and got[0] is not None


def test_landline_and_mobile_of_the_same_digits_stay_apart() -> None:
    landline = normalize_value("phone", "(11) 3456-7890", config=_BR)
    mobile = normalize_value("phone", "(11) 9456-7890", config=_BR)
    assert landline == ("+551134567890", None, None)
    assert mobile == ("+5511994567890", None, None)


# ---------------------------------------------------------------------------
# column-wise, as per value
# ---------------------------------------------------------------------------


def _brazilian(rng: np.random.Generator, n: int) -> tuple[list[str], list[str]]:
    """Old forms of ``n`` mobiles (each in seven ways) and their keys today."""
    texts, keys = [], []
    for _ in range(n):
        ddd = str(rng.choice(_DDDS))
        eight = str(rng.choice(["6", "8", "9"])) + "".join(map(str, rng.integers(0, 10, 7)))
        a, b = eight[:4], eight[4:]
        texts += [f"+55 {ddd} {a}-{b}", f"55{ddd}{a} {b}", f"({ddd}) {a}-{b}"]
        texts += [f"0{ddd} {a}-{b}", f"0 21 {ddd} {eight}", f"+55 {ddd} 9{a}-{b}", f"{ddd}{eight}"]
        keys += [f"+55{ddd}9{eight}"] * 7
    return texts, keys


def _vietnamese(rng: np.random.Generator, n: int) -> tuple[list[str], list[str]]:
    """Old forms of ``n`` mobiles (each in five ways) and their keys today."""
    texts, keys = [], []
    for _ in range(n):
        old, new = list(VN_LEGACY_MOBILE.items())[int(rng.integers(len(VN_LEGACY_MOBILE)))]
        seven = "".join(map(str, rng.integers(0, 10, 7)))
        texts += [f"{old} {seven[:3]} {seven[3:]}", f"+84 {old[1:]} {seven}", f"84{old[1:]}{seven}"]
        texts += [f"0084 {old[1:]}{seven}", f"{new}{seven}"]
        keys += [f"+84{new[1:]}{seven}"] * 5
    return texts, keys


def _others(rng: np.random.Generator, n: int) -> list[str]:
    """Numbers that are not in an old form: landlines, numbers in today's forms,
    unknown area and network codes."""
    out = []
    for _ in range(n):
        ddd = str(rng.choice([*_DDDS, "20", "10"]))
        seven = "".join(map(str, rng.integers(0, 10, 7)))
        out += [f"({ddd}) {rng.integers(2, 6)}{seven}", f"({ddd}) 7{seven}", f"0{ddd} 9{seven}"]
        out += [f"0170 {seven}", f"+84 38 {seven}", f"+84 111 {seven}", f"+65 8{seven}"]
    return out


@pytest.mark.parametrize("region", ["BR", "VN", "US", "MX", "CN"])
def test_old_forms_column_wise_as_per_value(region: str) -> None:
    rng = np.random.default_rng(11)
    br, br_keys = _brazilian(rng, 40)
    vn, vn_keys = _vietnamese(rng, 40)
    texts = br + vn + _others(rng, 30)
    assert len(set(texts)) >= normalize._FAST_MIN  # large enough for the fast path
    config = NormalizeConfig(default_region=region)
    one = [normalize_value("phone", t, config=config) for t in texts]
    table = normalize_values("phone", pd.Series(texts), config=config)
    assert list(zip(table["key"], table["reason"], table["flag"], strict=True)) == one
    fast = normalize._normalize_values_via("phone", pd.Series(texts), "fast", config=config)
    assert list(zip(fast["key"], fast["reason"], fast["flag"], strict=True)) == one
    distinct = normalize_distinct_codes("phone", pd.Series(texts), config=config)
    keys = distinct.key.to_pylist()
    assert [None if c < 0 else keys[c] for c in distinct.codes] == [k for k, _, _ in one]
    # the old forms with a country code are today's numbers in any region; national
    # forms only where they are read in their country
    for i, (text, want) in enumerate(zip(br + vn, br_keys + vn_keys, strict=True)):
        international = text.startswith(("+", "00"))
        own = (region == "BR" and i < len(br)) or (region == "VN" and i >= len(br))
        if international or own:
            assert one[i] == (want, None, None), text


@pytest.mark.parametrize("region", ["BR", "VN"])
def test_old_forms_are_decided_column_wise(region: str) -> None:
    """The vectorised reading decides the old forms itself (nothing left to the
    library, no loop over numbers)."""
    rng = np.random.default_rng(5)
    texts, keys = _brazilian(rng, 60) if region == "BR" else _vietnamese(rng, 60)
    if region == "BR":  # the carrier-code form goes through Python's re (the library's rule)
        keep = [i for i, t in enumerate(texts) if not t.startswith("0 21")]
        texts, keys = [texts[i] for i in keep], [keys[i] for i in keep]
    digits = pa.array([re.sub(r"[^0-9]", "", t) for t in texts], pa.large_string())
    plus = np.array([t.startswith("+") for t in texts])
    read = decide_phones(digits, plus, region)
    assert read.valid.all()
    assert read.keys.to_pylist() == keys


# ---------------------------------------------------------------------------
# end to end: a banned store's old number links to an active store's new one
# ---------------------------------------------------------------------------


def _market(fillers: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        ("old-br", "banned", "2011-03-01", "2012-05-01", "BR", "(11) 8765-4321"),
        ("new-br", "active", "2023-02-01", None, "BR", "+55 11 98765-4321"),
        ("old-vn", "banned", "2015-01-01", "2016-09-01", None, "0168 123 4567"),
        ("new-vn", "active", "2022-06-01", None, None, "038 123 4567"),
        ("land", "active", "2020-01-01", None, "BR", "(11) 3456-7890"),
    ]
    for i in range(1, fillers + 1):  # enough distinct numbers for the column-wise paths
        country = "BR" if i % 2 else None
        value = f"(21) 9{i:04d}-{(7 * i) % 10000:04d}" if i % 2 else f"09{i:08d}"
        rows.append((f"F{i}", "active", "2020-01-01", None, country, value))
    stores = pd.DataFrame(
        [r[:5] for r in rows],
        columns=["store_id", "status", "opened_at", "closed_at", "country"],
    )
    links = pd.DataFrame({"store_id": [r[0] for r in rows], "kind": "phone"})
    links["value"] = [r[5] for r in rows]
    return stores, links


@pytest.mark.parametrize("fillers", [0, 400])  # per value, and the column-wise paths
def test_a_banned_store_s_old_number_links_to_the_new_form(fillers: int) -> None:
    stores, links = _market(fillers)
    config = sg.Config.from_dict({"normalize": {"default_region": "VN"}})
    ds = sg.load(stores, links, config=config)
    key = dict(zip(ds.links["store_id"], ds.links["key"], strict=True))
    assert key["old-br"] == key["new-br"] == "+5511987654321"
    assert key["old-vn"] == key["new-vn"] == "+84381234567"
    assert key["land"] == "+551134567890"
    assert not ds.rejected["dropped"].any()
    result = sg.analyze(stores, links, config=config)
    scores = result.scores.set_index("store_id")
    for new, old in (("new-br", "old-br"), ("new-vn", "old-vn")):
        row = scores.loc[new]
        assert row["matched_store_id"] == old
        assert row["kinds"] == "phone"
        assert row["score"] > 0
    assert scores.loc["land", "score"] == 0.0
