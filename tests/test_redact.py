"""Identifiers typed into free text (a closure reason) are taken out of what is shared."""

from __future__ import annotations

import pytest

from sellergraph._redact import REDACTED, redact_identifiers, redacted_texts

R = REDACTED


@pytest.mark.parametrize(
    ("text", "shared"),
    [
        ("售假；关联手机130-4612-9792", f"售假；关联手机{R}"),
        ("2024年3月5日 售假 13800138000", f"2024年3月5日 售假 {R}"),
        ("call 138 0013 8000 or 0086-138-0013-8000", f"call {R} or {R}"),
        ("Tel. (02) 9876 5432", f"Tel. {R}"),
        ("+44 (0)7700 900123 again", f"{R} again"),
        ("mail Ann.Lee@corp.cn, see https://shop.example/s/88", f"mail {R}, see {R}"),
        ("ip 10.12.20.30 and fe80::1ff:fe23:4567:890a", f"ip {R} and {R}"),
        ("IMEI 35-209900-176148-1", f"IMEI {R}"),
        ("IBAN GB82WEST12345698765432", f"IBAN {R}"),
        ("device 9774d56d682e549c", f"device {R}"),
        ("same operator as ST004870", f"same operator as {R}"),
        ("Sort 12-34-56 41920385", f"Sort {R} {R}"),
        ("ID 11010119900307457X", f"ID {R}"),
    ],
)
def test_identifiers_in_free_text_are_redacted(text: str, shared: str) -> None:
    assert redact_identifiers(text) == shared


@pytest.mark.parametrize(
    "text",
    [
        "counterfeit",
        "counterfeit, banned 2023-05-01 under policy 4.2, 3 listings",
        "2 stores, 14/03/2024 10:22",
        "2023-05-01T10:00:00Z",
        "Sold fakes at 12 High St, London SW1A 1AA",
        "reason code 12345",
        "售假 (3 次)",
        "",
    ],
)
def test_words_dates_and_short_numbers_stay(text: str) -> None:
    assert redact_identifiers(text) == text


def test_values_that_are_not_text_are_kept() -> None:
    nan = float("nan")
    out = redacted_texts(["fake goods", None, nan, "0412 345 678"])
    assert out[:2] == ["fake goods", None] and out[2] is nan and out[3] == R
