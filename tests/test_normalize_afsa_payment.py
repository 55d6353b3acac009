"""Payment accounts as African and South-Asian marketplaces write them.

A bank's M-Pesa paybill written alone (``522522``, ``KCB Paybill 522522``) is
``bank_code_only``, as ``Paybill 522522`` was: every customer of the bank pays to it. The
phone-number wallets of Bangladesh, Pakistan, Egypt, Ghana and Kenya (bKash, Nagad,
JazzCash, Easypaisa, InstaPay, Vodafone Cash, MTN MoMo, Airtel Money) key their number in
its national form however written; OPay, PalmPay and Moniepoint accounts are the phone
number without its ``0``. A holder's name after the number, the number before the bank's
name, the banks' other names (``Plc``, ``MFB``, ``Equity Bank``/``Equity``, ``Bank of
Ceylon``/``BOC``, ``A/C``), ``Lipa na M-Pesa Till`` and InstaPay's labels no longer split
one account into several keys. Two wallets in one cell are two values, and ``Bank: United
Bank for Africa`` and ``Bank: United Bank Limited`` are two banks.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest
from _normalize_checks import both_paths

import sellergraph as sg
from sellergraph.dataset import list_parts
from sellergraph.normalize import normalize_value

#: Enough copies of each value for the fast path to take them.
_both_paths = partial(both_paths, "payment_account", copies=40)


def _pay(value: str) -> tuple[str | None, str | None, str | None]:
    return normalize_value("payment_account", value)


def _same_key(values: list[str], key: str) -> None:
    assert _both_paths(values) == [(key, None, None)] * len(values)
    assert _pay(key) == (key, None, None)  # the key reads back as itself


# --- 1. a bank's M-Pesa paybill alone -------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "522522",
        "247247",
        "522 522",
        "KCB Paybill 522522",
        "Paybill 522522",
        "Paybill: 247247",
        "Equity Bank Paybill 247247",
        "Co-op Bank Paybill 400200",
        "M-Pesa Paybill 522522",
        "Lipa na M-Pesa Paybill 880100",
    ],
)
def test_a_banks_paybill_alone_is_bank_code_only(written: str) -> None:
    # every customer of the bank pays to it: alone it would link them all
    assert _both_paths([written]) == [(None, "bank_code_only", None)]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("512845", "512845"),  # another six-digit number is no bank's paybill
        ("522523", "522523"),
        ("Till 522522", "TILL522522"),  # a till, however numbered
        ("KCB Paybill 888999", "PAYBILL888999"),  # a merchant's own paybill
        ("Airtel Money Paybill 522522", "AIRTELMONEYPAYBILL522522"),  # Airtel's biller
        ("Airtel Money Paybill 888999", "AIRTELMONEYPAYBILL888999"),
    ],
)
def test_other_numbers_and_billers_are_kept(written: str, key: str) -> None:
    assert _both_paths([written]) == [(key, None, None)]


def test_a_banks_paybill_with_the_account_is_one_key_however_the_bank_is_named() -> None:
    _same_key(
        [
            "Paybill 522522 Acc 1234567890",
            "KCB Paybill 522522 Acc 1234567890",
            "Paybill: 522522, Account: 1234567890",
            "Pay Bill 522522 A/C No 1234567890",
        ],
        "PAYBILL522522ACC1234567890",
    )


# --- 2a. phone-number wallets: national and international forms -----------------

_WALLETS = [
    (
        ["bKash 01712345678", "Bkash 01712-345678", "bKash +8801712345678",
         "bKash 8801712345678", "bKash: ০১৭১২৩৪৫৬৭৮", "bkash personal 01712345678",
         "বিকাশ 01712345678", "01712345678 (bKash)"],
        "BKASH01712345678",
    ),
    (["Nagad 01812345678", "নগদ 01812345678", "Nagad +880 1812-345678"], "NAGAD01812345678"),
    (
        ["JazzCash 03001234567", "Jazz Cash 0300-1234567", "JazzCash +92 300 1234567",
         "JazzCash 923001234567", "JazzCash: ٠٣٠٠١٢٣٤٥٦٧"],
        "JAZZCASH03001234567",
    ),
    (
        ["Easypaisa 03451234567", "EasyPaisa 0345-1234567", "Easypaisa +92 345 1234567",
         "easy paisa 03451234567"],
        "EASYPAISA03451234567",
    ),
    (
        ["Vodafone Cash 01012345678", "فودافون كاش 01012345678", "Vodafone Cash +20 10 1234 5678",
         "VF Cash 01012345678", "Vodafone Cash ٠١٠١٢٣٤٥٦٧٨"],
        "VODAFONECASH01012345678",
    ),
    (["InstaPay 01012345678", "InstaPay +201012345678"], "INSTAPAY01012345678"),
    (
        ["MTN MoMo 0241234567", "MoMo 024 123 4567", "MTN Mobile Money +233 24 123 4567",
         "Momo: 0241234567", "0241234567 (MTN MoMo)", "MTN MoMo 233241234567",
         "MoMo +233 24 123 4567"],
        "MOMO0241234567",
    ),
    (["MTN MoMo +256 772 123456", "MoMo 0772 123456"], "MOMO0772123456"),
    (["MoMo +84 912 345 678", "MoMo 0912 345 678", "MoMo 84912345678"], "MOMO0912345678"),
    (
        ["Airtel Money 0733123456", "Airtel Money +254 733 123456", "AirtelMoney 254733123456"],
        "AIRTELMONEY0733123456",
    ),
    (
        ["Rocket 017123456789", "DBBL Rocket 017123456789", "Rocket 01712345678-9"],
        "ROCKET017123456789",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("values", "key"), _WALLETS, ids=[k for _, k in _WALLETS])
def test_a_wallets_number_is_one_key_however_written(values: list[str], key: str) -> None:
    _same_key(values, key)


def test_a_number_of_a_country_the_wallet_is_not_listed_for_keeps_its_calling_code() -> None:
    # MTN MoMo in Cameroon: national numbers without a 0, not read as another country's
    assert _both_paths(["MoMo +237 671 234 567", "bKash +44 7700 900123"]) == [
        ("MOMO+237671234567", None, None),
        ("BKASH+447700900123", None, None),
    ]


def test_one_number_in_two_wallets_is_two_keys() -> None:
    got = both_paths(
        "payment_account",
        ["bKash 01712345678", "Nagad 01712345678", "JazzCash 03001234567", "Easypaisa 03001234567"],
    )
    assert len({k for k, _, _ in got}) == 4


# --- 2b. OPay, PalmPay, Moniepoint: the phone number without its 0 ----------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            ["OPay 8031234567", "Opay 08031234567", "OPay +234 803 123 4567", "OPay: 08031234567",
             "08031234567 (Opay)", "OPay 234 0803 123 4567", "OPay 8031234567 Adebayo Ogunleye"],
            "OPAY8031234567",
        ),
        (["PalmPay 8031234567", "Palmpay 08031234567", "Palm Pay 8031234567"], "PALMPAY8031234567"),
        (
            ["Moniepoint 5012345678", "Moniepoint MFB 05012345678",
             "MoniePoint Microfinance Bank 5012345678"],
            "MONIEPOINT5012345678",
        ),
    ],
)  # fmt: skip
def test_a_phone_wallets_account_is_the_number_without_its_0(values: list[str], key: str) -> None:
    _same_key(values, key)


def test_other_banks_keep_their_numbers_as_written() -> None:
    # a bank's NUBAN is no phone number: its 0 stays (and a 0 before ten digits too)
    assert _both_paths(["Kuda 08031234567", "GTB 0123456789"]) == [
        ("KUDA08031234567", None, None),
        ("GTB0123456789", None, None),
    ]


# --- 2c. the holder's name after the number; 2e. the number before the bank ------

_GTB_FORMS = [
    "GTB 0123456789",
    "GTBank 0123456789",
    "Gtbank 0123456789 Adebayo Ogunleye",
    "GTB 0123456789 Adebayo Ogunleye",
    "GTBank - 0123456789 - ADEBAYO OGUNLEYE",
    "GTBank 0123456789 (Adebayo Ogunleye)",
    "GTBank 0123456789 - Adebayo Ogunleye",
    "GTB 0123456789, Adebayo Ogunleye",
    "GTB 0123456789 Acct name: Adebayo Ogunleye",
    "0123456789 - GTB",
    "0123456789 GTBank",
    "0123456789 - Guaranty Trust Bank",
    "0123456789 GTB Adebayo Ogunleye",
    "0123456789 (GTB)",
    "Acct No: 0123456789, Bank: GTBank, Name: Adebayo Ogunleye",
]


@pytest.mark.parametrize("written", _GTB_FORMS)
def test_a_nuban_is_one_key_with_a_holders_name_and_the_bank_after_it(written: str) -> None:
    assert _both_paths([written]) == [("GTB0123456789", None, None)]


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["M-Pesa 0712345678", "M-Pesa 0712345678 John Kamau", "MPESA 254712345678"],
         "MPESA0712345678"),
        (["Till 512845", "Till 512845 Mama Njeri", "Till 512845 - Mama Njeri Shop",
          "Till No. 512845 (Mama Njeri Shop)"], "TILL512845"),
        (["BOC 0071234567", "BOC 0071234567 Kollupitiya", "Bank of Ceylon 0071234567",
          "BOC A/C 0071234567", "Bank: Bank of Ceylon, Acct: 0071234567"], "BOC0071234567"),
    ],
)  # fmt: skip
def test_words_after_the_number_are_no_part_of_the_account(values: list[str], key: str) -> None:
    _same_key(values, key)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("0123456789 Adebayo Ogunleye", "0123456789ADEBAYOOGUNLEYE"),  # names no bank
        ("Sampath Bankers 001234567890 Ann", "SAMPATHBANKERS001234567890ANN"),
    ],
)
def test_words_stay_after_a_number_no_known_bank_names(written: str, key: str) -> None:
    assert _both_paths([written]) == [(key, None, None)]


def test_one_word_in_brackets_after_the_number_is_still_refused() -> None:
    # a name in brackets is dropped only as a holder's full name (two words or more)
    assert _both_paths(["GTB 0123456789 (Adebayo)"]) == [(None, "invalid_characters", None)]


# --- 2d. the banks' other names ---------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["Access Bank 0690000031", "Access 0690000031", "ACCESS BANK PLC 0690000031",
          "Access Bank Nigeria 0690000031", "Access Bank Plc 0690000031",
          "0690000031 (ACCESS BANK PLC)",
          "0690000031 (Access Bank Plc)"], "ACCESS0690000031"),
        (["Zenith Bank 2081234567", "ZENITH BANK PLC 2081234567", "2081234567 (ZENITH BANK PLC)"],
         "ZENITH2081234567"),
        (["UBA 0122976135", "United Bank for Africa 0122976135", "UBA Plc 0122976135",
          "0122976135 (UBA Plc)", "0122976135 (United Bank for Africa)",
          "Bank: United Bank for Africa, Acct: 0122976135",
          "Bank: United Bank for Africa Acct: 0122976135"], "UBA0122976135"),
        (["Kuda 2001234567", "Kuda Bank 2001234567", "Kuda MFB 2001234567",
          "Kuda Microfinance Bank 2001234567"], "KUDA2001234567"),
        (["Equity Bank 0663220340355", "Equity 0663220340355", "Equity Bank Kenya 0663220340355",
          "Equity Bank A/C 0663220340355"], "EQUITY0663220340355"),
        (["KCB 1234567890", "Kenya Commercial Bank 1234567890"], "KCB1234567890"),
        (["HBL 12345678901234", "Habib Bank Limited 12345678901234"], "HBL12345678901234"),
        (["Bank: United Bank Limited, Acct: 0122976135", "UBL 0122976135"], "UBL0122976135"),
        (["Commercial Bank of Ceylon 8001234567", "ComBank 8001234567"], "COMBANK8001234567"),
        (["Sampath Bank 001234567890", "Sampath 001234567890"], "SAMPATH001234567890"),
    ],
)  # fmt: skip
def test_one_banks_names_are_one(values: list[str], key: str) -> None:
    _same_key(values, key)


def test_two_banks_named_united_are_two_keys() -> None:
    # United Bank for Africa (Nigeria) and United Bank Limited (Pakistan) were both UNITED…
    got = both_paths(
        "payment_account",
        [
            "Bank: United Bank for Africa, Acct: 0122976135",
            "Bank: United Bank Limited, Acct: 0122976135",
        ],
    )
    assert got == [("UBA0122976135", None, None), ("UBL0122976135", None, None)]


@pytest.mark.parametrize(
    "values",
    [
        ["Stanbic 0012345680", "Stanbic IBTC 0012345680"],  # Stanbic Bank: other countries
        ["Commercial Bank 8001234567", "ComBank 8001234567"],  # a name of several banks
        ["GTB 0123456789", "Zenith 0123456789", "UBA 0123456789", "OPay 0123456789"],
    ],
)
def test_names_of_different_banks_stay_apart(values: list[str]) -> None:
    got = _both_paths(values)
    assert len({k for k, _, _ in got}) == len(values), got


def test_bank_of_ceylon_before_a_chinese_cards_digits_is_read_as_boc() -> None:
    # BOC is Bank of China's Latin name too: before 12 digits or more it is dropped
    _same_key(["Bank of Ceylon 001234567890", "BOC 001234567890"], "001234567890")


# --- 2f. Lipa na M-Pesa; 2g. InstaPay's handles ---------------------------------


def test_lipa_na_mpesa_till_is_the_till() -> None:
    _same_key(
        ["Lipa na M-Pesa Till 183513", "Buy Goods Till No. 183513", "M-Pesa Till 183513"],
        "TILL183513",
    )


def test_instapay_labels_before_its_address_are_labels() -> None:
    _same_key(
        [
            "InstaPay ahmed.ali@instapay",
            "Instapay: ahmed.ali@instapay",
            "ahmed.ali@instapay",
            "IPA ahmed.ali@instapay",
        ],
        "ahmed.ali@instapay",
    )


# --- 8. two wallets in one cell ---------------------------------------------------

_MPESA, _AIRTEL = "MPESA0712345678", "AIRTELMONEY0733123456"


@pytest.mark.parametrize(
    ("cell", "keys"),
    [
        ("M-Pesa 0712345678 / Airtel Money 0733123456", [_MPESA, _AIRTEL]),
        ("Opay 8031234567 / Palmpay 8059876543", ["OPAY8031234567", "PALMPAY8059876543"]),
        ("M-Pesa 0712345678, Airtel Money 0733123456", [_MPESA, _AIRTEL]),
        ("bKash 01712345678 / Nagad 01812345678", ["BKASH01712345678", "NAGAD01812345678"]),
    ],
)  # fmt: skip
def test_two_wallets_in_one_cell_are_two_values(cell: str, keys: list[str]) -> None:
    # refused as one value (they were glued into one key, MPESA…AIRTELMONEY…), listed by
    # the load as two
    assert _both_paths([cell]) == [(None, "several_accounts", None)]
    assert [_pay(p)[0] for p in list_parts("payment_account", cell)] == keys
    stores = pd.DataFrame(
        {"store_id": ["S"], "status": ["active"], "opened_at": ["2024-01-01"], "closed_at": [None]}
    )
    links = pd.DataFrame({"store_id": ["S"], "kind": ["payment_account"], "value": [cell]})
    ds = sg.load(stores, links)
    assert sorted(ds.links["key"]) == sorted(keys)
    assert ds.rejected["reason"].tolist() == ["several_values"]


def test_two_wallets_written_without_a_separator_are_refused() -> None:
    assert _both_paths(["M-Pesa 0712345678 Airtel Money 0733123456"]) == [
        (None, "several_accounts", None)
    ]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("국민은행 / 387129-01-296438", "KB38712901296438"),  # a bank's name and its number
        ("Equity Bank / 0663220340355", "EQUITY0663220340355"),
        ("Ag 5864 / CC 14953966-1", "AG5864CC149539661"),  # an agency and its account
    ],
)
def test_a_bank_and_its_number_across_a_slash_stay_one_value(cell: str, key: str) -> None:
    assert _both_paths([cell]) == [(key, None, None)]
    stores = pd.DataFrame(
        {"store_id": ["S"], "status": ["active"], "opened_at": ["2024-01-01"], "closed_at": [None]}
    )
    links = pd.DataFrame({"store_id": ["S"], "kind": ["payment_account"], "value": [cell]})
    assert sg.load(stores, links).links["key"].tolist() == [key]


# --- the region's forms through both paths at once --------------------------------


def test_the_regions_forms_agree_on_both_paths() -> None:
    values = [v for vs, _ in _WALLETS for v in vs] + _GTB_FORMS
    values += ["522522", "KCB Paybill 522522", "Lipa na M-Pesa Till 183513", "UBA Plc 2012345678"]
    got = _both_paths(values)
    assert all(k is not None for k, _, _ in got[:-4])
