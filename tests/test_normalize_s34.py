"""Rejected identifier values say why (``no_digit``, ``invalid_characters``), payment
accounts that are a word, and round phone numbers that are no fillers.

Every case runs through the per-value path and the vectorised fast paths (padded
past ``normalize._FAST_MIN`` distinct values), which must agree.
"""

from __future__ import annotations

import phonenumbers
import pytest
from _normalize_checks import checked_results as _both_paths
from phonenumbers import PhoneNumberFormat as Fmt

from sellergraph import normalize
from sellergraph._phones import plan_fixes_digit, subscriber_number
from sellergraph.notices import unreadable_values_notice

# --- the reason codes ----------------------------------------------------------------


def test_new_reasons_come_after_the_old_ones() -> None:
    # reason codes are int8 positions in REASON_CODES: the old ones keep theirs
    assert normalize.REASON_CODES[:9] == (
        None,
        "empty",
        "too_long",
        "placeholder",
        "invalid_phone",
        "invalid_email",
        "invalid_ip",
        "invalid_value",
        "scientific_notation",
    )
    assert normalize.REASON_CODES[9:11] == ("no_digit", "invalid_characters")
    assert len(normalize.REASON_CODES) < 128


@pytest.mark.parametrize(
    ("kind", "values", "reason"),
    [
        # a word where a number belongs: how one pays, or "pending"
        (
            "payment_account",
            ["PayPal", "paypal", "bank transfer", "Dinheiro", "Efectivo", "GoPay",
             "Transferência bancária", "alipay", "a.n. BUDI SANTOSO", "account:", "Conta: ",
             "wechat: ", "bank: transfer"],
            "no_digit",
        ),
        (
            "id_document",
            ["pending", "SEE ATTACHED", "Passport No.:", "não preenchido", "São Paulo"],
            "no_digit",
        ),
        # characters the kind never holds
        (
            "payment_account",
            ["BCA 7310482956 (Budi)", "$cash 12345", "acct~12345"],
            "invalid_characters",
        ),
        ("id_document", ["123é45678", "E1234567~", "CPF 870,021,765-91"],
         "invalid_characters"),
        ("device", ["abc-é12345", "ünknown dev 1", "imei: 35209900~1761481", "mac: (aa11bb22)"],
         "invalid_characters"),
        # an e-mail style account that is no e-mail address
        ("payment_account", ["@venmo-handle", "ann@@corp.cn", "paypal: ann@"], "invalid_email"),
        # a device id a spreadsheet showed in scientific notation, after a label too
        ("device", ["imei: 3.52099E+14", "IMEI 3.52099E+14"], "scientific_notation"),
        # what stays invalid_value: a "+" inside an account, a device label alone
        ("payment_account", ["7310+482956", "+ABC12345"], "invalid_value"),
        ("device", ["serial:", "device id: {}"], "invalid_value"),
    ],
)  # fmt: skip
def test_refused_values_say_why(kind: str, values: list[str], reason: str) -> None:
    got = _both_paths(kind, values)
    assert got == [(None, reason, None)] * len(values), list(zip(values, got, strict=True))


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["ann@corp.cn", "PayPal: ann@corp.cn", "paypal ann@corp.cn", "ANN@CORP.CN"],
         "ann@corp.cn"),
        (["pix1@x.com"], "pix1@x.com"),
        (["Chave PIX: joao@x.com", "PIX joao@x.com"], "joao@x.com"),
    ],
)  # fmt: skip
def test_e_mail_payment_accounts_need_no_digit(values: list[str], key: str) -> None:
    assert _both_paths("payment_account", values) == [(key, None, None)] * len(values)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("wx: shop_owner", "WECHAT:SHOP_OWNER"),
        ("WeChat: john_smith", "WECHAT:JOHN_SMITH"),
        ("alipay shopowner", "ALIPAY:SHOPOWNER"),
        ("PayPal: johnsmith", "PAYPAL:JOHNSMITH"),
        ("微信: shop_owner", "WECHAT:SHOP_OWNER"),
    ],
)
def test_wallet_ids_after_their_wallet_s_name_need_no_digit(value: str, key: str) -> None:
    assert _both_paths("payment_account", [value]) == [(key, None, None)]


@pytest.mark.parametrize(
    ("kind", "value", "key"),
    [
        ("payment_account", "card: 4111 1111 1111 1111", "4111111111111111"),
        ("payment_account", "BCA 7310482956", "BCA7310482956"),
        ("payment_account", "Conta: 12345-6", "CONTA123456"),
        ("payment_account", "NO93 8601 1117 947", "NO9386011117947"),
        ("id_document", "Passport No. E12345678", "E12345678"),
        ("id_document", "CURP: STVC800101HDFRRL09", "STVC800101HDFRRL09"),
        ("device", "AA:BB:CC:DD:EE:FF", "aabbccddeeff"),  # device ids need no digit
        ("device", "shop_owner", "shop_owner"),
    ],
)
def test_values_with_a_digit_stay(kind: str, value: str, key: str) -> None:
    assert _both_paths(kind, [value])[0][:2] == (key, None)


def test_the_new_reasons_count_toward_the_unreadable_values_notice() -> None:
    notice = unreadable_values_notice(
        {
            "payment_account": (200, {"no_digit": 25, "invalid_characters": 5}),
            "id_document": (200, {"placeholder": 40}),
        }
    )
    assert notice is not None
    assert "payment_account 30 of 200 (15%; no_digit 25, invalid_characters 5)" in notice
    assert "id_document" not in notice


# --- round phone numbers and fillers ---------------------------------------------------


@pytest.mark.parametrize(
    ("region", "text", "key"),
    [
        ("KR", "02-2000-0000", "+82220000000"),  # Seoul: area code 2, subscriber 2000 0000
        ("KR", "+82 2 3000 0000", "+82230000000"),
        ("EG", "02 2000 0000", "+20220000000"),  # Cairo
        ("MA", "0520-000000", "+212520000000"),
        ("AU", "(08) 7000 0000", "+61870000000"),  # Adelaide
    ],
)
def test_round_numbers_are_no_fillers(region: str, text: str, key: str) -> None:
    assert _both_paths("phone", [text], region)[0][:2] == (key, None)


@pytest.mark.parametrize(
    ("region", "text"),
    [
        ("GB", "07700 000000"),  # mobile code 7700, then six zeros
        ("BR", "(11) 96666-6666"),  # the mobile 9 is the plan's, not the subscriber's
        ("BR", "(11) 6666-6666"),  # the same before the ninth digit
        ("AR", "+54 9 11 9999 9999"),
        ("CL", "+56 2 2000 0000"),  # Santiago's numbers all start 2 2
        ("MY", "08000000000"),
        ("CN", "138 0000 0000"),
        ("IN", "98000 00000"),
        ("US", "000-0000"),
        ("US", "123456789"),
        ("US", "1111111111"),
        ("US", "0000000000"),
    ],
)
def test_fillers_stay_placeholders(region: str, text: str) -> None:
    assert _both_paths("phone", [text], region) == [(None, "placeholder", None)]


def test_plan_fixes_digit() -> None:
    assert plan_fixes_digit("+5511900000000", 2)  # Brazil's mobile 9
    assert not plan_fixes_digit("+82220000000", 1)  # Seoul: 2-9 start a subscriber number
    assert not plan_fixes_digit("+999", 0)
    assert not plan_fixes_digit("+82220000000", 20)


def _example_keys() -> list[str]:
    keys = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for numtype in range(11):
            ex = phonenumbers.example_number_for_type(region, numtype)
            if ex is not None:
                keys.add(phonenumbers.format_number(ex, Fmt.E164))
    return sorted(keys)


def test_round_numbers_made_of_every_region_s_example_numbers() -> None:
    # an example number's area or mobile code, then one digit and zeros: a number an
    # organisation may hold (7,147 valid ones; the older rule refused 193)
    rounds = set()
    for key in _example_keys():
        sub = subscriber_number(key)
        if sub is not None and len(sub) >= 4:
            head = key[: len(key) - len(sub)]
            rounds.update(head + d + "0" * (len(sub) - 1) for d in "123456789")
    valid = sorted(k for k in rounds if phonenumbers.is_valid_number(phonenumbers.parse(k)))
    assert len(valid) > 5000
    got = _both_paths("phone", valid, "US")
    refused = [k for k, (_, r, _) in zip(valid, got, strict=True) if r == "placeholder"]
    # those left: the code read from the number is longer (+49 30 000000), or no code
    # is known (+591 6000 0000), or the plan fixes the digit (+55 11 9 0000 0000)
    assert len(refused) <= 20, refused
