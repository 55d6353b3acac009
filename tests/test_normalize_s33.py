"""Fillers after an area or mobile code, TrueMoney's Thai numbers.

Every case runs through the per-value path and the vectorised fast paths (padded
past ``normalize._FAST_MIN`` distinct values), which must agree.
"""

from __future__ import annotations

import phonenumbers
import pytest
from _normalize_checks import checked_results as _both_paths
from phonenumbers import PhoneNumberFormat as Fmt

from sellergraph._phones import subscriber_number
from sellergraph.normalize import _fills_subscriber

# --- fillers after an area or mobile code ------------------------------------------


@pytest.mark.parametrize(
    ("region", "text"),
    [
        ("US", "(212) 000-0000"),  # area code, then seven zeros (it was unlisted, kept)
        ("US", "+1 212 000 0000"),
        ("US", "212-999-9999"),
        ("PH", "0917 000 0000"),  # mobile code, then seven zeros (it was valid, kept)
        ("PH", "+63 917 000 0000"),
        ("US", "+63 917 000 0000"),
        ("PH", "0917 777 7777"),
    ],
)
def test_a_subscriber_number_of_one_digit_is_a_placeholder(region: str, text: str) -> None:
    assert _both_paths("phone", [text], region) == [(None, "placeholder", None)]


@pytest.mark.parametrize(
    ("region", "text", "key"),
    [
        ("KR", "010-2000-0000", "+821020000000"),  # mobile code 10, subscriber 2000 0000
        ("KR", "010-3000-0000", "+821030000000"),
        ("KR", "031-200-0000", "+82312000000"),
        ("PH", "0917 100 0000", "+639171000000"),
        ("US", "212-200-0000", "+12122000000"),
        ("GB", "020 7000 0000", "+442070000000"),
    ],
)
def test_a_subscriber_number_with_another_digit_stays(region: str, text: str, key: str) -> None:
    assert _both_paths("phone", [text], region)[0][:2] == (key, None)


def _example_keys() -> list[str]:
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for numtype in range(11):
            ex = phonenumbers.example_number_for_type(region, numtype)
            if ex is not None:
                out.append(phonenumbers.format_number(ex, Fmt.E164))
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        ex = phonenumbers.example_number_for_non_geo_entity(code)
        if ex is not None:
            out.append(phonenumbers.format_number(ex, Fmt.E164))
    return out


def test_no_example_number_of_any_region_fills_its_subscriber_number() -> None:
    keys = _example_keys()
    assert len(keys) > 1000
    assert [k for k in keys if _fills_subscriber(k)] == []
    # and almost every one, its area or mobile code followed by zeros, is one (not all:
    # the code's length is read from formatting rules, which depend on the digits)
    fillers = []
    for key in keys:
        sub = subscriber_number(key)
        if sub is not None and len(sub) >= 7:
            fillers.append(key[: len(key) - len(sub)] + "0" * len(sub))
    assert len(fillers) > 500
    assert sum(map(_fills_subscriber, fillers)) > 0.95 * len(fillers)


# --- TrueMoney: a Thai wallet named by its phone number ---------------------------


def test_truemoney_international_and_national_forms_are_one_key() -> None:
    texts = [
        "TrueMoney +66 86 123 4567",
        "TrueMoney 086 123 4567",
        "TrueMoney 66861234567",
        "truemoney: +66 (0) 86-123-4567",
        "TRUEMONEY0861234567",
    ]
    got = _both_paths("payment_account", texts, "US")
    assert got == [("TRUEMONEY0861234567", None, None)] * len(texts)


def test_truemoney_as_promptpay_is_keyed() -> None:
    texts = ["TrueMoney +66 86 123 4567", "PromptPay +66 86 123 4567"]
    got = _both_paths("payment_account", texts, "TH")
    assert [k for k, _, _ in got] == ["TRUEMONEY0861234567", "PROMPTPAY0861234567"]


def test_truemoney_numbers_of_other_countries_stay_as_written() -> None:
    got = _both_paths("payment_account", ["TrueMoney +855 12 345 678"], "US")
    assert got == [("TRUEMONEY+85512345678", None, None)]
