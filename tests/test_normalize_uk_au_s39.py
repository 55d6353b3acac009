"""A UK / Ireland / Australia / New Zealand / South Africa marketplace export, read as
its sellers write it (the new user's findings 1 to 6): a bank account is no card (no
Luhn check, however written, so a key read again keeps its flag); one account
written with ``S/C``/``A/C``, ``SC``/``AC``, ``Sort``/``Acct`` labels, bare or as its
British or Irish IBAN is one key; New Zealand's 2- and 3-digit suffixes are one
account; South African banks' names and universal branch codes name one bank (also in
brackets); Australia's PayID is a phone wallet; UK, Australian and New Zealand id
labels are dropped and an IRD number is one key with its leading zero or without; the
country words ``RSA``, ``S. Africa``, ``ROI``, ``Aotearoa`` name their countries. Each
rule holds on the fast and the per-value paths, and the traps next to each stay
apart."""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph import normalize
from sellergraph._countries import region_of
from sellergraph.normalize import normalize_value

_Result = tuple[str | None, str | None, str | None]


def _same(kind: str, values: list[str], want: _Result, region: str = "GB") -> None:
    got = _both_paths(kind, values, region)
    bad = [(v, g) for v, g in zip(values, got, strict=True) if g != want]
    assert not bad, bad
    assert want[0] is None or normalize_value(kind, want[0]) == want  # keys stay keys


# -- 1, 2: a bank account is no card, however written -------------------------------------

BANK_ACCOUNTS: dict[str, list[str]] = {
    # Australia: BSB and account
    "063720404689100": [
        "BSB: 063720, Account: 404689100", "BSB 063-720 Acc 404689100", "063720 404689100",
        "063-720-404689100", "063720404689100",
    ],
    "802985900112233": ["BSB 802-985 Acc 900112233", "802985900112233"],
    # the UK: sort code and account (each a Luhn failure were it a card)
    "64111843696356": ["Sort code: 64 11 18, Acc: 43696356", "64-11-18 43696356", "64111843696356"],
    "20325243693358": ["Sort code: 20-32-52, Account: 43693358", "20325243693358"],
    "40478441920385": [
        "Sort code 40-47-84, Account 41920385", "SC: 404784 AC: 41920385",
        "Sort: 40-47-84 Acct: 41920385", "S/C 40-47-84 A/C 41920385", "40-47-84 / 41920385",
        "404784 41920385", "40478441920385",
    ],
    # New Zealand: bank, branch, account, suffix (2 or 3 digits)
    "061611602200451": ["06-1611-6022004-51", "06 1611 6022004 51", "06-1611-6022004-051"],
    "123140012345700": ["12-3140-0123457-00", "12-3140-0123457-000", "123140012345700"],
    "389012012345601": ["38-9012-0123456-01", "38-9012-0123456-001"],
}  # fmt: skip


@pytest.mark.parametrize("key", list(BANK_ACCOUNTS))
def test_a_bank_account_is_one_key_without_a_card_flag(key: str) -> None:
    _same("payment_account", BANK_ACCOUNTS[key], (key, None, None))


def test_cards_keep_their_luhn_check() -> None:
    cards = {
        "4111111111111112": "4111 1111 1111 1112",  # Visa 16
        "4222222222223": "4222222222223",  # Visa 13
        "5500000000000005": "5500-0000-0000-0005",  # Mastercard
        "2221000000000008": "2221 0000 0000 0008",  # Mastercard 2-series
        "378282246310006": "3782 822463 10006",  # American Express 15
        "36227206271660": "3622 720627 1660",  # Diners Club 14
        "6011111111111118": "6011 1111 1111 1118",  # Discover
        "6222020200112233447": "6222 0202 0011 2233 447",  # UnionPay 19
        "3530111333300001": "3530 1113 3330 0001",  # JCB
        "6759649826438454": "6759 6498 2643 8454",  # Maestro UK
        "501800000008": "5018 0000 0008",  # Maestro 12
        "9704000000000019": "9704 0000 0000 0019",  # NAPAS (Vietnam)
    }
    for key, written in cards.items():
        _same("payment_account", [written, key, f"card: {written}"], (key, None, "luhn_failed"))
    valid = ["4111111111111111", "378282246310005", "36227206271667", "6011111111111117"]
    assert [f for _, _, f in _both_paths("payment_account", valid)] == [None] * 4


def test_numbers_no_card_starts_as_are_not_checked() -> None:
    # 12-19 digits starting as no card scheme's numbers do: 0, 1, 7; 4 of 14 or 15
    # digits (Visa's are 13, 16 or 19); 30-59 of 12 to 15 digits but Maestro's
    values = ["0512378654301", "1928374655647382", "7000000000000001", "40123456789012",
              "401234567890123", "20325243693358", "30945712345679", "50123456789012"]  # fmt: skip
    got = _both_paths("payment_account", values)
    assert got == [(v, None, None) for v in values]


# -- 3: silent splits --------------------------------------------------------------------


def test_a_british_or_irish_iban_is_its_sort_code_and_account() -> None:
    _same(
        "payment_account",
        [
            "GB82 WEST 1234 5698 7654 32",
            "GB82WEST12345698765432",
            "gb82 west 1234 5698 7654 32",
            "IBAN: GB82 WEST 1234 5698 7654 32",
            "GB82 WEST 1234 5698 7654 32 (Westpac)",
            "12-34-56 98765432",
            "Sort code: 12-34-56, Account: 98765432",
            "IBAN: GB82 WEST 1234 5698 7654 32, BIC: WESTGB2L",
        ],
        ("12345698765432", None, None),
    )
    _same(
        "payment_account",
        [
            "IE64 IRCE 9205 0112 3456 78",
            "ie64irce92050112345678",
            "NSC: 92-05-01, Account: 12345678",
        ],
        ("92050112345678", None, None),
    )


def test_other_ibans_and_a_failing_british_one_stay() -> None:
    values = ["DE89 3704 0044 0532 0130 00", "GB83 WEST 1234 5698 7654 32", "NL91ABNA0417164300"]
    got = _both_paths("payment_account", values)
    assert [k for k, _, _ in got] == [
        "DE89370400440532013000",
        "GB83WEST12345698765432",
        "NL91ABNA0417164300",
    ]


SA_ACCOUNTS: dict[str, list[str]] = {
    "FNB62123456789": [
        "FNB 62123456789 branch 250655", "Acc: 62123456789, Branch code: 250655",
        "FNB 62123456789 (250655)", "62123456789 250655", "250655 62123456789",
        "First National Bank 62123456789", "FNB 62123456789",
        "First National Bank 62123456789 branch 250655",
    ],
    "STANDARDBANK10123456789": [
        "Standard Bank 10123456789 branch 051001", "Standard Bank 10123456789",
        "Standard Bank 10123456789 (051001)", "10123456789 051001",
        "Acc: 10123456789, Branch code: 051001",
    ],
    "CAPITEC1452369870": [
        "Capitec 1452369870", "Capitec Bank 1452369870", "1452369870 (Capitec)",
        "Capitec 1452369870 (470010)", "1452369870 470010",
    ],
    "NEDBANK1234567890": ["Nedbank 1234567890 (198765)", "Nedbank 1234567890 branch 198765"],
    "ABSA4071234567": ["ABSA 4071234567 (632005)", "ABSA 4071234567", "4071234567 632005"],
}  # fmt: skip


@pytest.mark.parametrize("key", list(SA_ACCOUNTS))
def test_a_south_african_account_is_its_bank_and_number(key: str) -> None:
    _same("payment_account", SA_ACCOUNTS[key], (key, None, None), "ZA")


def test_south_african_traps_stay_apart() -> None:
    values = [
        "1452369870",  # no bank: its own key (unique within its bank only)
        "ABSA 4071234567 branch 250655",  # another bank's branch code: as before
        "62123456789 123456",  # no universal branch code
        "SC 1234567890",  # no sort code after SC
    ]
    got = _both_paths("payment_account", values, "ZA")
    assert [k for k, _, _ in got] == [
        "1452369870",
        "250655ABSA4071234567",
        "62123456789123456",
        "SC1234567890",
    ]


def test_payid_is_a_phone_wallet_of_australia() -> None:
    _same(
        "payment_account",
        ["PayID: 0412 345 678", "PayID +61 412 345 678", "payid 61412345678"],
        ("PAYID0412345678", None, None),
        "AU",
    )
    _same(
        "payment_account",
        ["PayID: ann@shop.com.au", "ann@shop.com.au"],
        ("ann@shop.com.au", None, None),
    )


# -- 4: id labels ---------------------------------------------------------------------------

ID_LABELLED = {
    "51824753556": ["ABN 51 824 753 556", "51 824 753 556", "ABN: 51824753556"],
    "004085616": ["ACN 004 085 616", "ACN: 004085616"],
    "049091850": [
        "IRD 049-091-850", "IRD 49-091-850", "IRD No. 49-091-850", "049-091-850", "IRD: 49091850",
    ],
    "9429041234567": ["NZBN 9429041234567", "NZBN: 9429041234567"],
    "04567123": [
        "CRN: 04567123", "Company No. 04567123", "Co. Reg. No. 04567123",
        "Companies House 04567123", "Companies House No: 04567123",
        "Company Registration No. 04567123",
    ],
    "SC123456": ["CRN: SC123456", "Company No. SC123456"],
    "8501015800087": ["SA ID 8501015800087", "ID: 8501015800087", "850101 5800 087"],
}  # fmt: skip


@pytest.mark.parametrize("key", list(ID_LABELLED))
def test_uk_au_nz_id_labels_are_dropped(key: str) -> None:
    _same("id_document", [key, *ID_LABELLED[key]], (key, None, None))


def test_a_bare_eight_digit_number_keeps_its_form() -> None:
    # no label: no IRD number by its look (a SIN, an SSN: 9 digits with a leading 0)
    got = _both_paths("id_document", ["49-091-850", "046 454 286", "GB284691357", "284691357"])
    assert [k for k, _, _ in got] == ["49091850", "046454286", "GB284691357", "284691357"]


# -- 6: country words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "region"),
    [
        ("RSA", "ZA"), ("S. Africa", "ZA"), ("Republic of South Africa", "ZA"),
        ("ROI", "IE"), ("Republic of Ireland", "IE"), ("Rep. of Ireland", "IE"), ("Eire", "IE"),
        ("Éire", "IE"), ("Aotearoa", "NZ"), ("Aotearoa New Zealand", "NZ"), ("N. Ireland", "GB"),
        ("Great Britain", "GB"), ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"),
    ],
)  # fmt: skip
def test_country_words_of_the_five_countries(word: str, region: str) -> None:
    assert region_of(word) == region


def test_ambiguous_words_stay_unknown() -> None:
    assert region_of("Oz") is None
    assert region_of("NI") == "NI"  # Nicaragua's code, not Northern Ireland


# -- the fast path takes the same rows -------------------------------------------------------


def test_many_accounts_take_the_same_keys_on_both_paths() -> None:
    values = [v for forms in (*BANK_ACCOUNTS.values(), *SA_ACCOUNTS.values()) for v in forms]
    s = pd.Series(values * 3, dtype=object)
    fast = normalize._normalize_values_via("payment_account", s, "fast")
    ref = normalize._normalize_values_via("payment_account", s, "reference")
    assert fast.equals(ref)
