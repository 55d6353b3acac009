"""South-East Asian forms (Indonesia, Vietnam, Thailand, the Philippines, Malaysia):
e-wallet accounts that are phone numbers, account-number labels and account holders'
names, ID-document labels, local "none" words, and Indonesian/Malay month names."""

from __future__ import annotations

import pandas as pd
import pytest
from test_normalize_latam import _both_paths, _same_key

from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_value
from sellergraph.schema import parse_dates

# --- F1: e-wallet accounts are phone numbers ---------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["OVO +62 812 3456 7890", "OVO 0812 3456 7890", "OVO 6281234567890"], "OVO081234567890"),
        (["OVO: +62-812-3456-7890", "ovo 081234567890"], "OVO081234567890"),
        (
            ["GCash +63 917 123 4567", "GCash 0917 123 4567", "GCash +63 0917 123 4567"],
            "GCASH09171234567",
        ),
        (["MoMo +84 912 345 678", "MoMo 0912 345 678", "MoMo 84912345678"], "MOMO0912345678"),
        (
            ["ZaloPay a.n. HOANG HOANG NAM +84 88 003 9385", "ZaloPay 088 003 9385"],
            "ZALOPAY0880039385",
        ),
        (["PromptPay +66 81 234 5678", "PromptPay 081-234-5678"], "PROMPTPAY0812345678"),
    ],
)
def test_wallet_phone_in_international_and_national_form(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key)


def test_name_before_an_international_number_is_kept() -> None:
    # a bank gives no country: the number stays as written, and the national form stays
    # apart (no region is known here); a wallet of several countries keys a mobile of one
    # of them in its national form, as that country writes it (``ShopeePay 0812 …``), and
    # another country's number stays as written
    got = _both_paths(
        "payment_account",
        ["Maybank +60 12-387 6612", "ShopeePay +62 812 3456 7890", "OVO +44 7700 900123"],
    )
    assert [k for k, _, _ in got] == [
        "MAYBANK+60123876612",
        "SHOPEEPAY081234567890",
        "OVO+447700900123",
    ]
    assert normalize_value("payment_account", "Maybank 012-387 6612")[0] == "MAYBANK0123876612"


def test_wallet_short_number_is_not_rewritten() -> None:
    # too few digits after the code to be a phone number: kept as written
    _same_key("payment_account", ["OVO 621234"], "OVO621234")


def test_bank_name_in_another_script() -> None:
    _same_key(
        "payment_account",
        ["กสิกรไทย 731-0-48295-6", "ธนาคารกสิกรไทย 731-0-48295-6", "ธนาคาร กสิกรไทย 7310482956"],
        "KBANK7310482956",
    )
    # a holder's name in Chinese before a card number stays invalid (test_normalize)
    got = _both_paths("payment_account", ["张三 6222021234567890", "Ngân hàng Á Châu 123456789"])
    assert got[0][1] == "invalid_characters"
    assert got[1][0] == "ACB123456789"
    # the key is stable and idempotent
    assert normalize_value("payment_account", "KBANK7310482956")[0] == "KBANK7310482956"


def test_unchanged_phone_style_accounts() -> None:
    got = _both_paths(
        "payment_account",
        ["+62 812 3456 7890", "081234567890", "OVO081234567890", "PIX +55 11 98765-4321"],
    )
    assert [k for k, _, _ in got] == [
        "+6281234567890",
        "081234567890",
        "OVO081234567890",
        "+5511987654321",
    ]


# --- F3: account-number labels and account holders' names ---------------------------


@pytest.mark.parametrize(
    "values",
    [
        [
            "BCA 7310482956",
            "No. Rek BCA 7310482956",
            "Rek BCA 7310482956",
            "Rek. BCA 7310482956",
            "No Rek: BCA 7310482956",
            "Nomor Rekening BCA 7310482956",
            "Rekening BCA 731-048-2956",
            "Bank BCA 7310482956",
            "BCA 7310482956 a.n. BUDI",
            "BCA 7310482956 a.n. Budi Santoso",
            "BCA 7310482956 atas nama Budi Santoso",
            "BCA 7310482956 a/n Budi",
            "BCA 7310482956 an. Budi",
            "BCA 7310482956 (a.n. Budi)",
            "BCA 7310482956, a.n. Budi",
        ]
    ],
)
def test_indonesian_account_labels_and_holders(values: list[str]) -> None:
    _same_key("payment_account", values, "BCA7310482956")


def test_vietnamese_account_labels() -> None:
    _same_key(
        "payment_account",
        [
            "STK 0071001234567",
            "Số TK 0071001234567",
            "Số tài khoản: 0071001234567",
            "0071001234567",
        ],
        "0071001234567",
    )
    _same_key(
        "payment_account",
        ["Vietcombank 0071001234567", "Ngân hàng Vietcombank 0071001234567"],
        "VIETCOMBANK0071001234567",
    )


def test_holder_name_alone_is_no_account() -> None:
    got = _both_paths("payment_account", ["a.n. Budi Santoso", "atas nama BUDI"])
    assert [r for _, r, _ in got] == ["no_digit", "no_digit"]


def test_words_like_holder_markers_stay() -> None:
    # "an" without a dot, and "a.n" inside a word, are not holder markers
    got = _both_paths("payment_account", ["BANANA 12345", "AN 7310482956"])
    assert [k for k, _, _ in got] == ["BANANA12345", "AN7310482956"]


def test_email_accounts_unchanged() -> None:
    got = _both_paths("payment_account", ["paypal: ann@corp.cn", "an.na@corp.cn", "a.n@x.com"])
    assert [k for k, _, _ in got] == ["ann@corp.cn", "an.na@corp.cn", "a.n@x.com"]


def test_area_code_in_brackets() -> None:
    # a PIX phone key as Brazilians write it: the +55 form's key
    _same_key(
        "payment_account",
        [
            "(11) 98765-4321",
            "PIX (11) 98765-4321",
            "Chave PIX: (11) 98765-4321",
            "11 98765-4321",
            "+55 11 98765-4321",
        ],
        "+5511987654321",
    )
    got = _both_paths("payment_account", ["BCA 7310482956 (BUDI)"])
    assert got[0][1] == "invalid_characters"  # a name in brackets is not dropped


# --- F2/F3: ID-document labels ------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            ["079185001234", "Số CCCD 079185001234", "Số CCCD: 079185001234",
             "CCCD số 079185001234", "CCCD 079185001234", "So CCCD 079185001234",
             "CMND: 079185001234",
             "Căn cước công dân 079185001234"],
            "079185001234",
        ),
        (
            ["1101700123456", "เลขบัตรประชาชน 1101700123456", "เลขประจำตัวประชาชน: 1-1017-00123-45-6",
             "บัตรประชาชน 1 1017 00123 45 6"],
            "1101700123456",
        ),
        (
            ["8340275519632207", "PCN: 8340275519632207", "PCN 8340-2755-1963-2207",
             "PhilSys 8340275519632207", "PhilSys ID: 8340275519632207"],
            "8340275519632207",
        ),
        (
            ["850101145678", "IC: 850101-14-5678", "IC 850101-14-5678", "MyKad 850101145678",
             "NRIC 850101-14-5678", "No. KP 850101-14-5678", "IC No. 850101-14-5678"],
            "850101145678",
        ),
        (
            ["3174014506850003", "NIK: 3174014506850003", "KTP 3174014506850003",
             "e-KTP 3174014506850003", "No. KTP: 3174014506850003"],
            "3174014506850003",
        ),
    ],
)  # fmt: skip
def test_south_east_asian_id_labels(values: list[str], key: str) -> None:
    _same_key("id_document", values, key)


def test_id_colon_after_unknown_label_is_a_separator() -> None:
    # "X: n" is "X n": a colon no longer turns a kept value into a rejected one
    got = _both_paths("id_document", ["SIM: 1234-5678-9012", "SIM 1234-5678-9012", "A#12345678"])
    assert [k for k, _, _ in got] == ["SIM123456789012", "SIM123456789012", "A12345678"]


def test_glued_labels_stay() -> None:
    got = _both_paths("id_document", ["IC850101145678", "PCN8340275519632207", "S1234567D"])
    assert [k for k, _, _ in got] == ["IC850101145678", "PCN8340275519632207", "S1234567D"]
    _same_key("id_document", ["NRIC S1234567D", "S 1234567 D"], "S1234567D")


# --- F6: "none" words and letter-only ID documents ---------------------------------

_NONE_WORDS = [
    "tidak ada", "TIDAK ADA", "Tidak-Ada", "belum ada", "kosong", "tiada", "tak ada",
    "wala", "không có", "chưa có", "ไม่มี", "ninguno", "nenhum",
]  # fmt: skip


@pytest.mark.parametrize("kind", ["id_document", "payment_account", "device", "phone", "email"])
def test_none_words_are_placeholders(kind: str) -> None:
    got = _both_paths(kind, _NONE_WORDS)
    assert [r for _, r, _ in got] == ["placeholder"] * len(_NONE_WORDS), got


def test_id_document_without_a_digit_is_invalid() -> None:
    got = _both_paths("id_document", ["pending", "SEE ATTACHED", "ID: menunggu"])
    assert [r for _, r, _ in got] == ["no_digit"] * 3
    # payment accounts without a digit stay after a wallet's name, and as e-mail addresses
    got = _both_paths("payment_account", ["wx: shop_owner", "paypal ann@corp.cn"])
    assert [k for k, _, _ in got] == ["WECHAT:SHOP_OWNER", "ann@corp.cn"]


def test_none_words_can_be_configured_away() -> None:
    config = NormalizeConfig(placeholders=("n/a",))
    assert normalize_value("device", "kosong", config=config) == ("kosong", None, None)


# --- F4/F5: dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1 Maret 2024", "2024-03-01"),
        ("17 Agustus 2023", "2023-08-17"),
        ("25 Desember 2023", "2023-12-25"),
        ("1 Januari 2024", "2024-01-01"),
        ("14 Februari 2024", "2024-02-14"),
        ("1 Mei 2024", "2024-05-01"),
        ("1 Juni 2024", "2024-06-01"),
        ("1 Juli 2024", "2024-07-01"),
        ("1 Oktober 2024", "2024-10-01"),
        ("1 Mac 2024", "2024-03-01"),
        ("17 Ogos 2023", "2023-08-17"),
        ("25 Disember 2023", "2023-12-25"),
        ("3 Jun 2023", "2023-06-03"),
        ("3 Julai 2023", "2023-07-03"),
        ("5 Agt 2023", "2023-08-05"),
        ("25 Des 2023", "2023-12-25"),
        ("9 Pebrero 2021", "2021-02-09"),
        ("25 Disyembre 2023", "2023-12-25"),
        ("29/02/2567", "2024-02-29"),
        ("29-02-2567", "2024-02-29"),
        ("2567-02-29", "2024-02-29"),
        ("29 กุมภาพันธ์ 2567", "2024-02-29"),
        ("28/02/2567", "2024-02-28"),
    ],
)
def test_south_east_asian_dates(text: str, iso: str) -> None:
    parsed, bad = parse_dates(pd.Series([text]), order="day_first")
    assert str(parsed.iloc[0].date()) == iso
    assert not bad.any()


def test_buddhist_era_non_leap_day_stays_invalid() -> None:
    # 2566 BE is 2023: no 29 February
    parsed, bad = parse_dates(pd.Series(["29/02/2566"]), order="day_first")
    assert parsed.isna().all() and bad.all()
