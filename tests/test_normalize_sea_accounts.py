"""South-East Asian payment accounts and dummy phone numbers: a bank's names made one
key (``กสิกรไทย`` = ``KBank`` = ``Kasikorn``), an account holder's name before the
bank's, and phone numbers that are a short prefix followed by one digit repeated."""

from __future__ import annotations

import phonenumbers
import pytest
from _normalize_checks import checked_results as _both_paths
from phonenumbers import PhoneNumberFormat as Fmt

from sellergraph.config import NormalizeConfig
from sellergraph.normalize import _is_filler, _is_junk, normalize_value


def _same_key(values: list[str], key: str) -> None:
    got = _both_paths("payment_account", values)
    assert [k for k, _, _ in got] == [key] * len(values), list(zip(values, got, strict=True))
    assert all(r is None for _, r, _ in got)
    # keys are stable: normalising a key gives it back
    assert [normalize_value("payment_account", key)[0]] == [key]


# --- dummy phone numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "values"),
    [
        ("MY", ["08000000000", "0800 000 0000", "+60 8000 00000", "+60 3-0000 0000"]),
        ("ID", ["08000000000", "0812 0000 0000", "0812-1111-1111", "+62 812 0000 0000"]),
        ("VN", ["0900 000 000", "090 0000000", "+84 90 000 0000", "0988888888"]),
        ("TH", ["081 000 0000", "08 0000 0000", "+66 81 000 0000"]),
        ("PH", ["0917 000 0000 0", "0800 000 0000", "+63 2 0000 0000"]),
        ("CN", ["13800000000", "138 0000 0000", "+86 138 8888 8888", "010 0000 0000"]),
        ("US", ["+1 800 000 0000", "(200) 000-0000"]),
        ("IN", ["98000 00000", "+91 90000 00000"]),
    ],
)
def test_dummy_numbers_are_placeholders(region: str, values: list[str]) -> None:
    got = _both_paths("phone", values, region)
    assert [r for _, r, _ in got] != [None] * len(values)
    assert all(k is None and r in ("placeholder", "invalid_phone") for k, r, _ in got), got
    assert sum(r == "placeholder" for _, r, _ in got) >= len(values) - 1, got


def test_the_tester_s_dummy_number() -> None:
    # read in Malaysia it was the unlisted +608000000000, shared by unrelated stores
    for region in ("MY", "ID", "VN", "TH", "PH"):
        got = normalize_value("phone", "08000000000", config=NormalizeConfig(default_region=region))
        assert got == (None, "placeholder", None), region


def _example_numbers() -> list[phonenumbers.PhoneNumber]:
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for numtype in range(11):
            ex = phonenumbers.example_number_for_type(region, numtype)
            if ex is not None:
                out.append(ex)
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        ex = phonenumbers.example_number_for_non_geo_entity(code)
        if ex is not None:
            out.append(ex)
    return out


def test_example_numbers_of_every_region_are_no_fillers() -> None:
    examples = _example_numbers()
    assert len(examples) > 1000
    nsns = [phonenumbers.national_significant_number(ex) for ex in examples]
    assert not [n for n in nsns if _is_filler(n)]
    texts = [phonenumbers.format_number(ex, Fmt.E164) for ex in examples]
    texts += [phonenumbers.format_number(ex, Fmt.INTERNATIONAL) for ex in examples]
    got = _both_paths("phone", texts, "US")
    # only the older rule (a run: 12345678) makes one of them a placeholder
    placeholders = {t for t, (_, r, _) in zip(texts, got, strict=True) if r == "placeholder"}
    junk = {t for t, n in zip(texts, nsns * 2, strict=True) if _is_junk(n, 0)}
    assert placeholders <= junk


def test_fillers_made_of_every_region_s_example_numbers() -> None:
    # a region's own leading digit, then zeros (or nines) to the same length
    texts = []
    for ex in _example_numbers():
        nsn = phonenumbers.national_significant_number(ex)
        if len(nsn) >= 8:
            for digit in "09":
                texts.append(f"+{ex.country_code}{nsn[0]}{digit * (len(nsn) - 1)}")
    got = _both_paths("phone", texts, "US")
    kept = [(t, g) for t, g in zip(texts, got, strict=True) if g[0] is not None]
    assert not kept
    assert sum(r == "placeholder" for _, r, _ in got) > 0.8 * len(texts)


@pytest.mark.parametrize(
    ("region", "text", "key"),
    [
        ("KR", "010-2000-0000", "+821020000000"),  # the library's example number
        ("SC", "+248 800 0000", "+2488000000"),  # the Seychelles' example toll-free number
        ("GB", "020 7000 0000", "+442070000000"),  # London, three zeros fewer than a filler
        ("VN", "0912 000 000", "+84912000000"),  # six zeros after three digits
        ("MY", "012-387 6612", "+60123876612"),
        ("ID", "0812 3456 7890", "+6281234567890"),
        ("CN", "138 0013 8000", "+8613800138000"),
    ],
)
def test_numbers_with_some_zeros_stay(region: str, text: str, key: str) -> None:
    assert _both_paths("phone", [text], region)[0][:2] == (key, None)


def test_filler_rule() -> None:
    assert [_is_filler(n) for n in ("8000000000", "90000000", "1380000000", "13800000000")] == [
        True,
        True,
        False,  # seven zeros after three digits
        True,
    ]
    assert not any(_is_filler(n) for n in ("", "0", "8000000", "800000000"[:7], "12000000"))


# --- one bank, several names ------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["กสิกรไทย 731-0-48295-6", "KBank 731-0-48295-6", "K-Bank 7310482956",
          "Kasikorn 7310482956", "KASIKORNBANK 7310482956", "ธนาคารกสิกรไทย 7310482956",
          "Bank Kasikorn: 731-0-48295-6", "กสิกร 7310482956"], "KBANK7310482956"),
        (["Bangkok Bank 1234567890", "ธนาคารกรุงเทพ 1234567890", "BBL 123-4-56789-0"],
         "BBL1234567890"),
        (["SCB 1234567890", "ไทยพาณิชย์ 1234567890", "Siam Commercial Bank 1234567890"],
         "SCB1234567890"),
        (["Krungthai 1234567890", "กรุงไทย 1234567890", "KTB 1234567890"], "KTB1234567890"),
        (["Krungsri 1234567890", "กรุงศรี 1234567890", "BAY 1234567890",
          "กรุงศรีอยุธยา 1234567890", "Bank of Ayudhya 1234567890"], "BAY1234567890"),
        (["TTB 1234567890", "ทีทีบี 1234567890", "TMB 1234567890", "ทหารไทยธนชาต 1234567890"],
         "TTB1234567890"),
    ],
)  # fmt: skip
def test_thai_banks(values: list[str], key: str) -> None:
    _same_key(values, key)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["BCA 7310482956", "Bank Central Asia 7310482956"], "BCA7310482956"),
        (["BRI 123456789012345", "Bank Rakyat Indonesia 1234-56-789012-34-5"],
         "BRI123456789012345"),
        (["BNI 1234567890", "Bank Negara Indonesia 1234567890"], "BNI1234567890"),
        (["Maybank 514022398817", "Malayan Banking 5140 2239 8817"], "MAYBANK514022398817"),
        (["Hong Leong Bank 12345678901", "HLB 12345678901"], "HLB12345678901"),
        (["Vietcombank 0071001234567", "VCB 0071001234567",
          "Ngân hàng TMCP Ngoại thương Việt Nam 0071001234567",
          "Ngan hang Ngoai thuong 0071001234567"], "VIETCOMBANK0071001234567"),
        (["ACB 123456789", "Ngân hàng Á Châu 123456789", "A Chau 123456789"], "ACB123456789"),
        (["MB Bank 123456789012", "MB 123456789012", "Bank MB Bank 123456789012",
          "Ngân hàng Quân Đội 123456789012"], "MBBANK123456789012"),
        (["Techcombank 19012345678901", "TCB 19012345678901"], "TECHCOMBANK19012345678901"),
        (["BPI 1234567890", "Bank of the Philippine Islands 1234567890"], "BPI1234567890"),
        (["BDO 123456789012", "BDO Unibank 123456789012", "Banco de Oro 123456789012"],
         "BDO123456789012"),
        (["Metrobank 4966012077774", "No. Rek Metrobank 4966012077774",
          "Metropolitan Bank 4966012077774"], "METROBANK4966012077774"),
        (["PayMaya 0917 123 4567", "Maya +63 917 123 4567"], "MAYA09171234567"),
        (["TNG eWallet +60 12-345 6789", "TNG 012-345 6789", "Touch n Go 0123456789"],
         "TNG0123456789"),
    ],
)  # fmt: skip
def test_banks_and_wallets_of_indonesia_malaysia_vietnam_the_philippines(
    values: list[str], key: str
) -> None:
    _same_key(values, key)


def test_banks_that_stay_apart() -> None:
    got = _both_paths(
        "payment_account",
        [
            "CIMB 1234567890123",  # Malaysia
            "CIMB Niaga 1234567890123",  # Indonesia
            "Thanachart 1234567890",  # before its accounts moved to TTB
            "Ngân hàng Sài Gòn Công Thương 123456789",  # Saigonbank, not VietinBank
            "Bangkok 1234567890",  # a city
        ],
    )
    assert [k for k, _, _ in got] == [
        "CIMB1234567890123",
        "CIMBNIAGA1234567890123",
        "THANACHART1234567890",
        "SAIGONCONGTHUONG123456789",
        "BANGKOK1234567890",
    ]


# --- the holder's name before the bank's -------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        [
            "BCA 7310482956 a.n. BUDI SANTOSO",
            "a.n. BUDI SANTOSO BCA 7310482956",
            "a.n. Budi Santoso Bank BCA 731-048-2956",
            "atas nama BUDI SANTOSO BCA 7310482956",
            "BUDI SANTOSO - BCA 7310482956",
            "BUDI SANTOSO BCA 7310482956",
            "Budi Santoso / Bank Central Asia 7310482956",
        ]
    ],
)
def test_holder_before_the_bank(values: list[str]) -> None:
    _same_key(values, "BCA7310482956")


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["JUAN DELA CRUZ - BPI 1234567890", "BPI 1234567890"], "BPI1234567890"),
        (["สมชาย ใจดี กสิกรไทย 731-0-48295-6", "ชื่อบัญชี สมชาย ใจดี กสิกรไทย 7310482956"],
         "KBANK7310482956"),
        (["a.n. BUDI OVO 0812 3456 7890", "BUDI - OVO +62 812 3456 7890"], "OVO081234567890"),
        (["NGUYEN VAN AN - Vietcombank 0071001234567", "chủ TK Nguyễn Văn An VCB 0071001234567"],
         "VIETCOMBANK0071001234567"),
    ],
)  # fmt: skip
def test_holder_before_the_bank_elsewhere(values: list[str], key: str) -> None:
    _same_key(values, key)


def test_holder_forms_left_as_they_were() -> None:
    got = _both_paths(
        "payment_account",
        [
            "OVO BCA 7310482956",  # two names: which is the account's is not clear
            "a.n. BCA 7310482956",  # no holder's name before the bank's
            "BCA 7310482956 a.n. BUDI MANDIRI",  # a holder's name after the number
            "BUDI SANTOSO, BCA: 7310482956",  # a comma is no separator in an account
            "BUDISANTOSO BCA 7310482956",
            "BCA KCP Sudirman 7310482956",  # words after the bank's name stay
        ],
    )
    assert got == [
        ("OVOBCA7310482956", None, None),
        ("7310482956", None, None),
        ("BCA7310482956", None, None),
        (None, "invalid_characters", None),
        ("BCA7310482956", None, None),
        ("BCAKCPSUDIRMAN7310482956", None, None),
    ]


def test_many_bank_values_through_the_fast_path() -> None:
    # more than the padding: the column-wise replacement of a bank's other names
    names = ["Kasikorn", "KBank", "SCB", "Krungsri", "VCB", "BUDI - BCA", "Malayan Banking"]
    values = [f"{name} {n:010d}" for n in range(300) for name in names]
    got = _both_paths("payment_account", values)
    keys = {k[:-10] for k, _, _ in got if k is not None}
    assert keys == {"KBANK", "SCB", "BAY", "VIETCOMBANK", "BCA", "MAYBANK"}
