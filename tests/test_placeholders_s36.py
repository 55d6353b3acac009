"""Everyday words for "none" in Indian, Gulf and African exports are no identifier."""

from __future__ import annotations

import pytest

from sellergraph.normalize import normalize_value


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", "NoEmail@Gmail.com"),
        ("email", "na@gmail.com"),
        ("id_document", "AAAAA0000A"),
        ("address", "Same as above"),
        ("address", "As above"),
        ("address", "Not applicable"),
        ("phone", "لا يوجد"),
        ("address", "कोई नहीं"),
        ("device", "hakuna"),
    ],
)
def test_placeholder(kind: str, value: str) -> None:
    assert normalize_value(kind, value)[1] == "placeholder"


@pytest.mark.parametrize(
    ("kind", "value"),
    [("email", "noemail.shop@gmail.com"), ("id_document", "ABCPE1234F")],
)
def test_real_values_stay(kind: str, value: str) -> None:
    assert normalize_value(kind, value)[0] is not None
