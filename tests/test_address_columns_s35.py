"""Addresses split over columns: the Arrow reading of the parts gives what reading them
value by value gives; one part given by two columns is refused."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import sellergraph as sg
from sellergraph.address_columns import (
    _PLAIN,
    _PLAIN_NOT_SIGNIFICANT,
    _PLAIN_SPACE,
    AddressColumns,
    _column_parts,
    _folded,
    _joined,
    _read_cells,
    _read_parts,
    _texts,
    address_groups,
    address_links,
    compose_address,
    compose_addresses,
    no_street_line,
)
from sellergraph.config import DEFAULT_PLACEHOLDERS
from sellergraph.errors import InputError

KINDS = frozenset({"address", "phone", "email"})

#: Cells of many shapes: blank, placeholders in several spellings, numbers, case,
#: scripts and spaces the Arrow reading leaves to the reading value by value.
SHAPES = [
    "",
    " ",
    "\t \n",
    "\x0b\x0c\r",
    "\u3000",
    "\xa0",
    "\u2003 \u2003",
    "\x1c",
    "\x1cA\x1f",
    "\x85x\x85",
    "\u200b",
    "\u200bN/A\u200b",
    "-",
    "--",
    " - ",
    "—",
    ".",
    "...",
    "#",
    "-/-",
    "n/a",
    "N/A",
    " N / A ",
    "n.a.",
    "NA",
    "na",
    "nan",
    "NaN",
    "none",
    "NONE",
    "None ",
    "Null",
    "null",
    "unknown",
    "UNKNOWN ",
    "Unknow",
    "tbd",
    "TBD.",
    "test",
    "Test@Test.com",
    "no address",
    "No-Address",
    "noaddress",
    "Tidak-Ada",
    "tidak ada",
    "không có",
    "KHÔNG CÓ",
    "khong co",
    "ไม่มี",
    "无",
    " 无 ",
    "未知",
    "暂无",
    "不详",
    "空",
    "空空",
    "无-",
    "ｎｏｎｅ",
    "ＮＯＮＥ",
    "Ｎ／Ａ",
    "ｎ／ａ",
    "－",
    "＿",
    "０",
    "0",
    "00",
    "000",
    "0.0",
    "00123",
    "007",
    "２０００",
    "2000",
    "2000.0",
    "12345-6789",
    "Main St",
    "MAIN ST",
    "main st",
    "  12 Main St  ",
    "12  Main   St",
    "\t12 Main St\n",
    "Apt 4",
    "apt#4",
    "Springfield",
    "İstanbul",
    "ISTANBUL",
    "Straße",
    "STRASSE",
    "naïve",
    "nai\u0308ve",
    "e\u0301",
    "Ⅻ",
    "ﬁ",
    "①",
    "㈱",
    "豈",
    "⼀",
    "\u3400",
    "\U00020000",
    "\u9ff0",
    "\u9fff",
    "서울",
    "القاهرة",
    "Москва",
    "Hà Nội",
    "🏠",
    "\x00",
    "\x7f",
    "北京市",
    "北京市 海淀区 鞋都路889号 2820室",
    "浙江省杭州市西湖区胜利路445号1306室",
    "山東省臨沂市蘭山區長江路２３７號２６１０室",
    "北京\u3000海淀",
    "广东省广州市番禺区解放路７４０号１２０９室",
    "Rm 1202, 192 Zhenxing St, Wuzhong District, Suzhou",
    "a" * 5000,
    "路" * 3000,
    " " * 300 + "x",
    "N/A" * 400,
    "-" * 1000,
]

_ALPHABET = list(
    "abcXYZ019 \t-/.,_#路号市区无未知空ＡＢｎａ０１２／－＿"
    "éÉßİı\u0301\u3000\xa0\u2003\x1c\u200bไม่มีó"
)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _random_cells(rng: np.random.Generator, n: int, placeholders: list[str]) -> list[object]:
    """Cells of every shape: the shapes above, random text, and placeholders written
    in other cases, with punctuation and spaces, full width, padded."""
    cells: list[object] = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.3:
            cells.append(SHAPES[rng.integers(len(SHAPES))])
        elif pick < 0.55:
            size = int(rng.integers(0, 12))
            cells.append("".join(_ALPHABET[i] for i in rng.integers(len(_ALPHABET), size=size)))
        elif pick < 0.85:
            text = placeholders[rng.integers(len(placeholders))]
            text = "".join(c.upper() if rng.random() < 0.4 else c for c in text)
            if rng.random() < 0.3:
                at = int(rng.integers(0, len(text) + 1))
                text = text[:at] + "-. /_"[rng.integers(5)] + text[at:]
            if rng.random() < 0.2:
                text = _fullwidth(text)
            cells.append(" " * int(rng.integers(0, 3)) + text + "\t" * int(rng.integers(0, 2)))
        elif pick < 0.95:
            cells.append(f"{rng.integers(1, 999)} {'Main St' if rng.random() < 0.5 else '中山路'}")
        else:
            cells.append(None)
    return cells


def _frame(seed: int, n: int, placeholders: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    numbers = rng.choice(np.array([2000.0, 2000.5, np.nan, 1e20, np.inf, 0.0, -3.0]), size=n)
    mixed: list[object] = _random_cells(rng, n, placeholders)
    for i in rng.integers(n, size=n // 10):
        mixed[i] = [3, 4.0, np.int64(7), np.float32(2.0), True, pd.NA][int(rng.integers(6))]
    return pd.DataFrame(
        {
            "house_number": pd.Series(_random_cells(rng, n, placeholders), dtype="str"),
            "address_line_1": pd.Series(_random_cells(rng, n, placeholders), dtype="str"),
            "street": pd.Series(_random_cells(rng, n, placeholders), dtype="string[pyarrow]"),
            "address_line_2": pd.Series(_random_cells(rng, n, placeholders), dtype="str"),
            "city": pd.Series(mixed, dtype=object),
            "postcode": numbers,
            "state": pd.Series(_random_cells(rng, n, placeholders), dtype="str"),
        }
    )


def _by_record(frame: pd.DataFrame, group: AddressColumns, **options: object) -> list[object]:
    """Each row composed by the per-record :func:`compose_address`, as screening does."""
    return [
        compose_address(
            [row[c] for c in group.street],
            [row[c] for c in group.lines],
            [row[c] for c in group.locality],
            number=[row[c] for c in group.number],
            **options,  # type: ignore[arg-type]
        )
        for _, row in frame.iterrows()
    ]


# -- the Arrow reading of parts -------------------------------------------------------------


def test_plain_characters_are_read_as_python_reads_them() -> None:
    """What the Arrow reading assumes of plain text holds in this Python's Unicode."""
    plain = re.compile(_PLAIN.replace(r"\x{", r"\U0000").replace("}", "")[1:-2])
    ranges = [(0x09, 0x0D), (0x20, 0x7E), (0x4E00, 0x9FEF), (0xFF01, 0xFF5E)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]
    assert all(plain.fullmatch(c) for c in chars)
    assert not any(plain.fullmatch(c) for c in "\x1c\x85\xa0\u3000\u9ff0é\U00020000\uff5f")
    # Arrow's pattern is the one read here, over every character
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    arrow = pc.match_substring_regex(pa.array(every, pa.large_string()), _PLAIN)
    assert np.flatnonzero(np.asarray(arrow)).tolist() == [
        i for i, c in enumerate(every) if plain.fullmatch(c)
    ]
    for c in chars:
        folded = unicodedata.normalize("NFKC", c)
        assert folded == c or (0xFF01 <= ord(c) <= 0xFF5E and ord(folded) == ord(c) - 0xFEE0)
        assert folded.casefold() == (folded.lower() if folded.isascii() else folded)
        assert c.isspace() == (c in _PLAIN_SPACE)
    # the letters and digits of each, as the placeholder check reads them
    keys = pc.ascii_lower(pc.utf8_normalize(pa.array(chars, pa.large_string()), "NFKC"))
    assert pc.replace_substring_regex(keys, _PLAIN_NOT_SIGNIFICANT, "").to_pylist() == [
        re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", c).casefold()) for c in chars
    ]


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]"])
def test_each_shape_reads_as_it_reads_value_by_value(dtype: str) -> None:
    column = pd.Series([*SHAPES, None, *SHAPES[::-1]], dtype=dtype)
    folded, squashed = _folded(DEFAULT_PLACEHOLDERS)
    real, given = _column_parts(column, folded, squashed)
    assert (real.to_pylist(), given.to_pylist()) == _texts(column, folded, squashed)


def test_random_cells_compose_as_they_compose_value_by_value() -> None:
    frame = _frame(0, 4000, list(DEFAULT_PLACEHOLDERS))
    (group,) = address_groups(frame.columns, KINDS)
    assert group.label == (
        "house_number + address_line_1 + street + address_line_2 + city + state + postcode"
    )
    parts = _read_parts(frame, group, DEFAULT_PLACEHOLDERS)
    cells = _read_cells(frame, group, DEFAULT_PLACEHOLDERS)
    assert [p.to_pylist() for p in parts.given] == cells.given
    assert [p.to_pylist() for p in parts.street] == cells.street
    assert [p.to_pylist() for p in parts.rest] == cells.rest
    assert [p.to_pylist() for p in parts.number] == cells.number
    composed = cells.addresses()
    assert parts.addresses().to_pylist() == composed
    assert compose_addresses(frame, group).tolist() == composed == _by_record(frame, group)
    streetless = no_street_line(frame, group)
    assert streetless.tolist() == cells.streetless().tolist()
    # every shape of row is there: with an address, with a placeholder only, without
    assert {type(a) for a in composed} == {str, type(None)}
    assert 0 < streetless.sum() < len(frame)
    found = address_links(frame.assign(store_id=range(len(frame))), [group])
    rows = [i for i, a in enumerate(composed) if a is not None]
    assert found.links["_sellergraph_row"].tolist() == rows
    assert found.links["value"].tolist() == [composed[i] for i in rows]
    assert found.links["value"].dtype == "str"
    assert found.no_street_line[group.label].tolist() == streetless.tolist()


def test_placeholders_of_ones_own_are_read_alike() -> None:
    placeholders = ["tbc", "路", "ＡＢＣ", "n-a", "", "000", "ไม่มี", "Straße", "無"]
    frame = _frame(1, 3000, placeholders)
    (group,) = address_groups(frame.columns, KINDS)
    cells = _read_cells(frame, group, placeholders)
    composed = cells.addresses()
    assert _read_parts(frame, group, placeholders).addresses().to_pylist() == composed
    assert compose_addresses(frame, group, placeholders=placeholders).tolist() == composed
    assert composed == _by_record(frame, group, placeholders=placeholders)
    # the placeholders count: with the default ones, other rows compose otherwise
    assert composed != _read_cells(frame, group, DEFAULT_PLACEHOLDERS).addresses()


def test_a_street_line_of_placeholders_only_is_kept_alone() -> None:
    frame = pd.DataFrame(
        {
            "street_number": ["3", "3", None, "4"],
            "address_1": [" N/A ", None, "-", "  "],
            "address_2": ["unknown", "none", "Apt 4", None],
            "suburb": ["Leeds", "Leeds", None, "York"],
        },
        dtype="str",
    )
    (group,) = address_groups(frame.columns, KINDS)
    assert compose_addresses(frame, group).tolist() == ["N/A", None, "-", None]
    assert no_street_line(frame, group).tolist() == [False, True, False, True]


def test_rows_without_parts_keep_their_place_when_joined() -> None:
    """pyarrow's ``binary_join_element_wise`` with ``null_handling="skip"`` drops such
    rows in some versions: the composition does not use it."""
    text = pa.large_string()
    parts = [pa.array(["x", None, None, "y"], text), pa.array(["1", None, "2", None], text)]
    assert _joined(parts, ", ", 4).to_pylist() == ["x, 1", None, "2", "y"]
    assert _joined([], ", ", 2).to_pylist() == [None, None]
    assert _joined([pa.array([], text)] * 2, ", ", 0).to_pylist() == []


def test_a_lone_surrogate_is_composed_value_by_value() -> None:
    frame = pd.DataFrame(
        {
            "street": pd.Series(["1 High St\udcff", None, "2 Low St"], dtype=object),
            "city": pd.Series(["Leeds", "York", "N/A"], dtype="str"),
        }
    )
    (group,) = address_groups(frame.columns, KINDS)
    assert compose_addresses(frame, group).tolist() == [
        "1 High St\udcff, Leeds",
        None,
        "2 Low St",
    ]
    assert no_street_line(frame, group).tolist() == [False, True, False]


def test_an_empty_table_composes_nothing() -> None:
    frame = pd.DataFrame({"street": pd.Series([], dtype="str"), "zip": pd.Series([], dtype=float)})
    (group,) = address_groups(frame.columns, KINDS)
    assert compose_addresses(frame, group).tolist() == []
    assert no_street_line(frame, group).tolist() == []


def test_the_load_reads_composed_parts_as_it_reads_the_address_they_make() -> None:
    frame = _frame(2, 600, list(DEFAULT_PLACEHOLDERS))
    (group,) = address_groups(frame.columns, KINDS)
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(len(frame))],
            "status": ["banned"] + ["active"] * (len(frame) - 1),
            "closed_at": ["2024-01-01"] + [None] * (len(frame) - 1),
        }
    )
    split = sg.load(pd.concat([stores, frame], axis=1))
    whole = sg.load(stores.assign(address=pd.Series(_by_record(frame, group), dtype=object)))

    def links(ds: sg.Dataset) -> list[list[object]]:
        return ds.links[["store_id", "kind", "key"]].values.tolist()

    def rejected(ds: sg.Dataset) -> list[list[object]]:
        return ds.rejected[["row", "store_id", "value", "reason", "message"]].values.tolist()

    assert links(split) == links(whole)
    assert len(split.links) > 100
    assert rejected(split) == rejected(whole)
    assert split.counts["no_street_line"] == {group.label: int(no_street_line(frame, group).sum())}


# -- one part given by two columns ---------------------------------------------------------


def _stores(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["2024-01-01"] + [None] * (n - 1),
            **columns,
        }
    )


@pytest.mark.parametrize(
    ("first", "second", "part"),
    [
        ("City", "city", "address's city"),
        ("Postcode", "postcode", "address's postcode"),
        ("Post Code", "postcode", "address's post code"),
        ("ZIP-code", "zip_code", "address's zip code"),
        ("address_city", "City", "address's city"),
        ("Address Line 1", "address_line1", "address's address line 1"),
        ("Billing City", "billing_city", "billing address's city"),
    ],
)
def test_one_part_in_two_columns_is_refused_naming_both(first: str, second: str, part: str) -> None:
    prefix = "billing " if first.startswith("Billing") else ""
    street = "street" if first != "Address Line 1" else "Street Number"
    stores = _stores(
        **{
            f"{prefix}{street}": ["12 Main St", "12 Main St"],
            first: ["Springfield", "Springfield"],
            second: ["Springfield", None],
        }
    )
    message = f"columns '{first}' and '{second}' are both the {part}: "
    with pytest.raises(InputError, match=re.escape(message)):
        sg.load(stores)
    with pytest.raises(InputError, match=re.escape(message)):
        address_groups(stores.columns, KINDS)


def test_a_part_of_each_of_two_addresses_is_no_part_given_twice() -> None:
    stores = _stores(
        street=["12 Main St", "12 Main St"],
        City=["Springfield", "Shelbyville"],
        billing_street=["1 High St", "1 High St"],
        billing_city=["Leeds", "York"],
    )
    ds = sg.load(stores)
    assert ds.counts["address_from"] == [["street", "City"], ["billing_street", "billing_city"]]
    addresses = ds.links[ds.links["kind"] == "address"]
    assert len(addresses) == addresses["key"].nunique() == 4


def test_a_city_twice_without_a_street_is_no_address_and_no_error() -> None:
    stores = _stores(City=["Springfield", "Leeds"], city=["Springfield", None], phone=["1", "2"])
    assert address_groups(stores.columns, KINDS) == []
    assert sg.load(stores).counts.get("address_from") is None
