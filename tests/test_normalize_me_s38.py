"""A Gulf, Egypt, Japan and Korea marketplace export, read as its sellers write it:
Japanese bank names before 7-digit accounts, zengin and Korean bank accounts, "none"
in Japanese, Korean and Arabic, an address in a payment column, another country's
number without its ``+``, ID document labels, Japanese, Korean and Gulf addresses,
Arabic month names (the new user's findings 1, 2, 4-8 and 10)."""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

import sellergraph as sg
from sellergraph.dataset import list_parts
from sellergraph.normalize import normalize_value
from sellergraph.schema import parse_dates


def _same_key(kind: str, values: list[str], key: str, region: str = "CN") -> None:
    got = _both_paths(kind, values, region)
    assert [k for k, _, _ in got] == [key] * len(values), list(zip(values, got, strict=True))
    assert all(r is None and f is None for _, r, f in got), got
    assert normalize_value(kind, key)[0] == key  # keys stay keys


def _keys(kind: str, values: list[str], region: str = "CN") -> list[str | None]:
    return [k for k, _, _ in _both_paths(kind, values, region)]


# -- 1 and 7: Japanese bank accounts ------------------------------------------------------


def test_a_japanese_banks_name_never_leaves_the_bare_account_number() -> None:
    keys = _keys("payment_account", ["三井住友銀行 7369213", "みずほ銀行 7369213", "7369213"], "JP")
    assert keys == ["SMBC7369213", "MIZUHO7369213", "7369213"]


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "0005-138 普通 7369213",
                "0005 138 1 7369213",
                "0005-138-1-7369213",
                "0005-138-7369213",
                "00051387369213",
                "三菱UFJ銀行 138支店 普通 7369213",
                "三菱UFJ銀行 支店138 普通預金 7369213",
                "MUFG 138 7369213",
                "０００５－１３８　普通　７３６９２１３",
            ],
            "00051387369213",
        ),
        (["三井住友銀行 支店945 普通預金 1114276", "0009 945 1 1114276"], "00099451114276"),
        (["MUFG 7369213", "三菱UFJ銀行 7369213", "三菱UFJ 7369213"], "MUFG7369213"),
    ],
)
def test_zengin_accounts_are_their_bank_branch_and_number(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key, "JP")


def test_an_unknown_japanese_bank_before_seven_digits_is_no_bare_number() -> None:
    assert _both_paths("payment_account", ["静岡銀行 7369213"], "JP") == [
        (None, "invalid_characters", None)
    ]


# -- 7: Korean bank accounts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "국민은행 673-76-208884",
                "KB국민은행 673-76-208884",
                "국민 67376208884",
                "KB 67376208884",
                "004-673-76-208884",
                "Kookmin 673-76-208884",
            ],
            "KB67376208884",
        ),
        (
            ["신한은행 110-123-456789", "Shinhan 110123456789", "088-110-123-456789"],
            "SHINHAN110123456789",
        ),
    ],
)
def test_korean_accounts_are_their_bank_and_number(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key, "KR")


# -- traps: Chinese banks, cards ------------------------------------------------------------


def test_chinese_bank_names_before_cards_are_still_dropped() -> None:
    keys = _keys(
        "payment_account",
        [
            "招商银行 6225881234567890",
            "中國工商銀行 6222020200112233445",
            "ICBC 6222020200112233445",
        ],
    )
    assert keys == ["6225881234567890", "6222020200112233445", "6222020200112233445"]


def test_luhn_still_applies_to_card_numbers_not_to_zengin_accounts() -> None:
    got = _both_paths(
        "payment_account", ["4111 1111 1111 1112", "36000000000009", "00051387369214"]
    )
    assert [f for _, _, f in got] == ["luhn_failed", "luhn_failed", None]


def test_a_korean_bank_code_needs_its_own_group_and_enough_digits() -> None:
    keys = _keys("payment_account", ["00467376208884", "004-1234", "999-673-76-208884"], "KR")
    assert keys == ["00467376208884", "0041234", "99967376208884"]


# -- 2: "none" in Japanese, Korean and Arabic ---------------------------------------------

_NONE_WORDS = [
    "なし", "無し", "該当なし", "不明", "未記入", "없음", "해당없음", "미기재", "미상", "모름",
    "غير متوفر", "غير متاح", "لا ينطبق",
]  # fmt: skip


@pytest.mark.parametrize("kind", ["address", "phone", "email", "payment_account", "id_document"])
def test_none_words_are_placeholders(kind: str) -> None:
    got = _both_paths(kind, _NONE_WORDS, "JP")
    assert [r for _, r, _ in got] == ["placeholder"] * len(_NONE_WORDS), got


def test_none_words_in_date_columns_are_missing_dates() -> None:
    dates, invalid = parse_dates(pd.Series([*_NONE_WORDS, "لا يوجد", "2024-01-02"]))
    assert dates.isna().tolist() == [True] * 14 + [False]
    assert not invalid.any()


# -- 4: an address in a payment column ----------------------------------------------------


def test_a_cell_of_mostly_no_values_is_no_list() -> None:
    cell = "Building A1, Dubai Digital Park, Dubai Silicon Oasis, Dubai, UAE"
    assert list_parts("payment_account", cell) == []
    assert list_parts("phone", "0812345678; N/A") == ["0812345678", "N/A"]
    assert list_parts("payment_account", "AE070331234567890123456; ann@corp.ae") == [
        "AE070331234567890123456",
        "ann@corp.ae",
    ]


def test_an_account_of_one_or_two_digits_is_none() -> None:
    got = _both_paths("payment_account", ["Building A1", "Shop 12", "wx: lily88", "AB123"])
    assert got == [
        (None, "invalid_value", None),
        (None, "invalid_value", None),
        ("WECHAT:LILY88", None, None),  # its wallet's name kept: "LILY88" is no account
        ("AB123", None, None),
    ]


def test_the_same_address_in_two_payment_columns_links_nobody() -> None:
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": ["banned", "active"], "closed_at": ["2024-01-01", None]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "kind": ["payment_account"] * 2,
            "value": [
                "Building A1, Dubai Digital Park, Dubai Silicon Oasis, Dubai, UAE",
                "Building A1, Dubai Silicon Oasis, Dubai",
            ],
        }
    )
    assert len(sg.load(stores, links).links) == 0
    assert len(sg.analyze(stores, links).alerts) == 0


# -- 5: another country's number without its "+" ------------------------------------------


@pytest.mark.parametrize(
    ("value", "region", "key"),
    [
        ("971540152029", "KR", "+971540152029"),
        ("971540152029", "SA", "+971540152029"),
        ("971540152029", "AE", "+971540152029"),
        ("821078073600", "AE", "+821078073600"),
        ("971 54 015 2029", "KR", "+971540152029"),
    ],
)
def test_another_countrys_e164_digits_are_that_number(value: str, region: str, key: str) -> None:
    assert _both_paths("phone", [value], region) == [(key, None, None)]


def test_a_leading_1_is_not_read_as_north_american() -> None:
    # "1" and ten digits is China's mobile shape (12345678900 a filler there) and
    # Mexico's old mobile prefix: a North American number needs its "+1" elsewhere
    assert _both_paths("phone", ["15514032404"], "MX")[0][0] is None
    assert _both_paths("phone", ["12345678900"], "CN")[0][0] != "+12345678900"


def test_a_valid_national_number_is_still_read_nationally() -> None:
    keys = _keys("phone", ["010-1234-5678", "01012345678"], "KR") + _keys(
        "phone", ["4155552671"], "US"
    )
    assert keys == ["+821012345678", "+821012345678", "+14155552671"]


# -- 6: ID document labels ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            ["法人番号：2002596158911", "会社法人等番号 2002596158911", "2002596158911"],
            "2002596158911",
        ),
        (["マイナンバー 683655661614", "個人番号：683655661614"], "683655661614"),
        (
            [
                "사업자등록번호 513-33-55792",
                "사업자번호: 513-33-55792",
                "BRN 513-33-55792",
                "5133355792",
            ],
            "5133355792",
        ),
        (["الرقم القومي ٢٩٠٠١٠١١٢٣٤٥٦٧", "رقم الهوية 29001011234567"], "29001011234567"),
        (
            [
                "رخصة تجارية رقم 1146948",
                "CN-1146948",
                "TL-1146948",
                "Trade Licence No. 1146948",
                "Trade License 1146948",
                "DED Licence No. 1146948",
                "1146948",
            ],
            "1146948",
        ),
        (["CR 1010123456", "CR: 1010123456", "السجل التجاري 1010123456"], "1010123456"),
    ],
)
def test_id_labels_are_not_the_key(values: list[str], key: str) -> None:
    _same_key("id_document", values, key, "AE")


def test_letters_of_an_id_without_a_separator_stay() -> None:
    assert _keys("id_document", ["CRC1234567", "BRN5133355792", "CN-ABC"]) == [
        "CRC1234567",
        "BRN5133355792",
        None,
    ]


# -- 8: Japanese, Korean and Gulf addresses -----------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "東京都千代田区千代田1-1-1",
                "東京都千代田区千代田1丁目1番1号",
                "東京都千代田区千代田1丁目1番地1",
                "東京都千代田区千代田1ー1ー1",
                "東京都千代田区千代田1−1−1",
                "〒100-0001 東京都千代田区千代田1-1-1",
                "東京都千代田区千代田1-1-1 〒100-0001",
                "100-0001 東京都千代田区千代田1-1-1",
                "東京都 千代田区 千代田 1‐1‐1",
            ],
            "東京都 千代田区 千代田 1 1 1",
        ),
        (["千葉県市川市塩浜2-13-1", "千葉県市川市塩浜2丁目13番1号"], "千葉県 市川市 塩浜 2 13 1"),
        (
            [
                "서울특별시 강남구 테헤란로 70",
                "서울시 강남구 테헤란로 70",
                "서울 강남구 테헤란로 70",
            ],
            "서울 강남구 테헤란로 70",
        ),
        (["경기도 성남시 분당구 1", "경기 성남시 분당구 1"], "경기 성남시 분당구 1"),
        (["부산광역시 해운대구 1", "부산 해운대구 1"], "부산 해운대구 1"),
        (
            [
                "Office 3090, Almas Tower, JLT, Dubai, U.A.E.",
                "Flat 3090, Almas Tower, JLT, Dubai, UAE",
                "Shop 3090, Almas Tower, JLT, Dubai, UAE",
                "Villa 3090, Almas Tower, JLT, Dubai, U.A.E",
            ],
            "3090 almas tower jlt dubai uae",
        ),
    ],
)
def test_addresses_written_several_ways_are_one(values: list[str], key: str) -> None:
    _same_key("address", values, key, "JP")


def test_chinese_addresses_are_unchanged() -> None:
    keys = _keys(
        "address",
        [
            "福建省莆田市城厢区",
            "中國廣東省深圳市南山區科技園88號",
            "北京市朝阳区建国路88号",
            "广州市番禺区1号",
        ],
    )
    assert keys == [
        "福建 莆田 城厢区",
        "广东 深圳 南山区 科技园 88 号",
        "北京 朝阳区 建国路 88 号",
        "广州 番禺区 1 号",
    ]


# -- 10: Arabic month names -----------------------------------------------------------------


def test_arabic_month_names_are_read_and_hijri_dates_are_not() -> None:
    values = [
        "22 نوفمبر 2024",
        "٢٢ نوفمبر ٢٠٢٤",
        "22 تشرين الثاني 2024",
        "الجمعة، 22 نوفمبر 2024م",
        "5 أبريل 2023",
        "5 ابريل 2023",
        "1446/05/20هـ",
        "20 رمضان 1446",
    ]
    dates, invalid = parse_dates(pd.Series(values))
    got = [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in dates]
    assert got == ["2024-11-22"] * 4 + ["2023-04-05"] * 2 + [None, None]
    assert invalid.tolist() == [False] * 6 + [True, True]


def test_a_korean_bank_code_before_one_group_of_its_account_number() -> None:
    _same_key(
        "payment_account",
        ["088 14001318609", "Shinhan 14001318609", "088-140-01-318609", "신한은행 140-013-18609"],
        "SHINHAN14001318609",
    )
    # a Nigerian bank's code before a ten-digit NUBAN, and Canada's institution,
    # transit and account, are no Korean accounts
    assert _keys("payment_account", ["058 0149284756", "004-12345-1234567"]) == [
        "0580149284756",
        "004123451234567",
    ]


def test_an_area_code_in_brackets_is_not_read_as_a_country_code() -> None:
    # a Brazilian number on a store read in the US: "(51)" is Porto Alegre, not Peru
    ((key, reason, _),) = _both_paths("phone", ["(51) 98516-3199"], "US")
    assert key is None and reason == "invalid_phone"
