"""Masked card numbers; E.164 digits stored without their ``+``; fingerprint labels and
JSON objects naming no identifier; European ID document labels and a dash after a
wallet's name; ``normalize_value`` with its arguments swapped; the unreadable-values
notice."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths
from _normalize_checks import sent_per_value

import sellergraph as sg
from sellergraph import normalize
from sellergraph._phones import stored_e164_code
from sellergraph.normalize import REASON_CODES, REASONS, normalize_value
from sellergraph.notices import unreadable_values_notice

# --- masked card numbers ---------------------------------------------------------------

MASKED = [
    "4111 11XX XXXX 1111", "411111xxxxxx1111", "411111XXXXXX1111", "411111******1111",
    "**** **** **** 1111", "****1111", "*1111", "4111-11**-****-1111", "xxxx-xxxx-xxxx-1234",
    "XXXX1234", "•••• 1234", "4111 11•• •••• 1111", "#### #### #### 1234",
    "VISA **** 1234", "VISA **** **** **** 1234", "Mastercard xxxx xxxx xxxx 1234",
    "Amex XXXX XXXXXX X1234", "card: 4111 11XX XXXX 1111", "card ending 1234",
    "Visa ending in 1234", "last 4: 1234", "尾号1234", "尾号 1234", "建设银行 尾号1234",
    "招商银行 卡号尾号 1234", "4111 11XX XXXX XXXX",
]  # fmt: skip

NOT_MASKED = [
    ("4111 1111 1111 1111", "4111111111111111"),
    ("wx: foxxx123", "FOXXX123"),  # a wallet id holding "xxx"
    ("BOX1234", "BOX1234"),
    ("paypal: xxx1234@corp.cn", "xxx1234@corp.cn"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
]


def test_the_reasons_keep_their_codes() -> None:
    # new reasons go last: an index's codes of the earlier ones stay put
    assert list(REASONS)[-4:] == [
        "masked_value",
        "json_object",
        "bank_code_only",
        "several_accounts",
    ]
    assert REASON_CODES.index("device_model_only") == 11  # the codes before stay put


def test_every_masked_card_form_is_one_reason_on_both_paths() -> None:
    got = _both_paths("payment_account", MASKED)
    assert got == [(None, "masked_value", None)] * len(MASKED), list(zip(MASKED, got, strict=True))


def test_card_numbers_and_wallet_ids_are_not_masked() -> None:
    got = _both_paths("payment_account", [v for v, _ in NOT_MASKED])
    assert [k for k, _, _ in got] == [k for _, k in NOT_MASKED]


def test_masked_cards_are_placeholders_no_more_but_all_x_stays_one() -> None:
    assert normalize_value("payment_account", "xxxx xxxx xxxx xxxx")[1] == "placeholder"
    assert normalize_value("payment_account", "**** **** **** ****")[1] == "placeholder"


def test_strangers_sharing_a_masked_card_do_not_alert() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2", "A3"],
            "status": ["banned", "active", "active", "active"],
            "opened_at": ["2023-01-01"] + ["2023-07-01"] * 3,
            "closed_at": ["2023-06-01", None, None, None],
            "payment_account": ["4111 11XX XXXX 1111"] * 2 + ["411111******1111"] * 2,
        }
    )
    result = sg.analyze(stores)
    assert result.alerts.empty
    assert set(result.dataset.rejected["reason"]) == {"masked_value"}


# --- phone numbers stored as E.164 digits without "+" ----------------------------------

# (region, value, key): the same number in its national and stored forms.
E164_WITHOUT_PLUS = [
    ("DE", "4915123761615", "+4915123761615"),
    ("DE", "01512 3761615", "+4915123761615"),
    ("DE", "49 151 23761615", "+4915123761615"),
    ("DE", "493012345678", "+493012345678"),
    ("DE", "030 12345678", "+493012345678"),
    ("AT", "436641234567", "+436641234567"),
    ("AT", "0664 1234567", "+436641234567"),
    ("AT", "4315121234", "+4315121234"),
    ("AT", "01 5121234", "+4315121234"),
    # Italy has no trunk prefix: a national number may start with 39 and stays so
    ("IT", "393123456789", "+393123456789"),
    ("IT", "3931234567", "+393931234567"),
    ("IT", "3908932400", "+393908932400"),
    ("IT", "390612345678", "+390612345678"),
    ("IT", "06 1234 5678", "+390612345678"),
    # genuine national numbers starting with the code's digits stay national
    ("PL", "483016194", "+48483016194"),  # Radom
    ("DE", "049112345", "+4949112345"),  # Leer, with its trunk prefix
    ("FR", "33612345678", "+33612345678"),
    ("US", "14155552671", "+14155552671"),
]


@pytest.mark.parametrize(("region", "value", "key"), E164_WITHOUT_PLUS)
def test_stored_e164_digits_read_as_international(region: str, value: str, key: str) -> None:
    assert _both_paths("phone", [value], region) == [(key, None, None)]


@pytest.mark.parametrize("region", ["DE", "AT", "IT", "PL"])
def test_the_column_path_agrees_on_many_numbers(region: str) -> None:
    # enough rows per country code for the column-wise reading (not the library's)
    rng = np.random.default_rng(sum(map(ord, region)))
    code = {"DE": "49", "AT": "43", "IT": "39", "PL": "48"}[region]
    heads = [code + h for h in ("1", "15", "151", "2", "3", "30", "4", "6", "66", "9")]
    values = [head + str(rng.integers(10**4, 10**9)) for head in heads for _ in range(40)] + [
        "0" + str(rng.integers(10**6, 10**10)) for _ in range(200)
    ]
    _both_paths("phone", values, region)


def test_the_rule_applies_where_national_numbers_have_a_trunk_prefix() -> None:
    assert [stored_e164_code(r) for r in ("DE", "AT", "FI", "IT", "PL", "US", "CA")] == [
        "49", "43", "358", None, None, None, None,
    ]  # fmt: skip


# --- devices: fingerprint labels -------------------------------------------------------


def test_a_fingerprint_is_one_key_with_or_without_its_label() -> None:
    values = [
        "fp=9a0c3f7e1b", "fp:9a0c3f7e1b", "fp 9a0c3f7e1b", "9a0c3f7e1b", "FP: 9A0C3F7E1B",
        "fingerprint: 9a0c3f7e1b", "Browser Fingerprint: 9a0c3f7e1b",
        "browser_fingerprint=9a0c3f7e1b", "browser-fingerprint 9a0c3f7e1b",
    ]  # fmt: skip
    assert _both_paths("device", values) == [("9a0c3f7e1b", None, None)] * len(values)
    assert _both_paths("device", ["fpabc123456", "Browser"]) == [
        ("fpabc123456", None, None),
        (None, "device_model_only", None),
    ]


def test_json_fingerprints_match_the_labelled_and_bare_forms() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2023-01-01", "2023-07-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None, None],
            "device": ['{"fp": "5e1a9c7d3b", "ua": "Mozilla/5.0"}', "fp=5e1a9c7d3b", "5e1a9c7d3b"],
        }
    )
    ds = sg.load(stores)
    assert set(ds.links["key"]) == {"5e1a9c7d3b"}
    assert len(ds.links) == 3


def test_a_json_object_naming_no_identifier_is_json_object() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None],
            "device": ['{"os": "iOS 17.3", "model": "iPhone15,2"}', "[]"],
        }
    )
    r = sg.load(stores).rejected.sort_values("row")
    assert r["reason"].tolist()[0] == "json_object"
    assert r["reason"].tolist()[1] != "json_object"  # an empty array is no object
    assert "export the field as a column" in r["message"].iloc[0]


# --- ID documents and wallets: labels ---------------------------------------------------

ID_LABELLED = [
    "Personalausweis: L01X00T47", "Personalausweisnummer L01X00T47", "Ausweis-Nr. L01X00T47",
    "Ausweisnummer: L01X00T47", "Reisepass L01X00T47", "Pass: L01X00T47",
    "Carte d'identité : L01X00T47", "carte nationale d'identite L01X00T47", "CNI L01X00T47",
    "Passeport: L01X00T47", "DNI L01X00T47", "NIE: L01X00T47", "Carta d'identità L01X00T47",
    "passaporto L01X00T47", "pasaporte: L01X00T47", "paspoort: L01X00T47",
    "identiteitskaart L01X00T47", "Dowód osobisty: L01X00T47", "paszport L01X00T47",
    "documento de identidad L01X00T47", "Documento Nacional de Identidad: L01X00T47",
]  # fmt: skip


def test_european_id_document_labels_are_dropped() -> None:
    got = _both_paths("id_document", ID_LABELLED)
    bad = [(v, g) for v, g in zip(ID_LABELLED, got, strict=True) if g != ("L01X00T47", None, None)]
    assert not bad


def test_a_dash_after_a_wallets_name_is_a_separator() -> None:
    values = ["PayPal - a@b.com", "paypal:a@b.com", "PayPal -a@b.com", "alipay — a@b.com"]
    assert _both_paths("payment_account", values) == [("a@b.com", None, None)] * 4
    # a dash without a space is part of the address
    assert _both_paths("payment_account", ["paypal-ann@corp.cn"]) == [
        ("paypal-ann@corp.cn", None, None)
    ]


# --- normalize_value: arguments in the wrong order -------------------------------------


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("+49 151 23761615", "phone"),
        ("a@b.com", "email"),
        ("Hauptstr. 1, Berlin", "address"),
        ("shop_name", "address"),  # an unknown kind with a built-in kind's name as value
        (4915123761615, "phone"),
    ],
)
def test_swapped_arguments_raise(kind: object, value: object) -> None:
    with pytest.raises(ValueError, match=r"the kind comes first"):
        normalize_value(kind, value)  # type: ignore[arg-type]


def test_custom_kinds_still_normalise() -> None:
    assert normalize_value("loyalty_id", "DE 123 456 789") == ("de 123 456 789", None, None)
    assert normalize_value("Shop Code", "x12345")[0] == "x12345"
    assert normalize_value("phone_2", "+4915123761615")[0] == "+4915123761615"
    # other names of built-in kinds are those kinds, as in a links table's kind column
    assert normalize_value("tax_id", "DE 123 456 789") == ("DE123456789", None, None)


# --- the unreadable-values notice -------------------------------------------------------


@pytest.mark.parametrize("reason", ["device_model_only", "masked_value", "json_object"])
def test_the_notice_counts_the_reasons(reason: str) -> None:
    notice = unreadable_values_notice({"device": (1_000, {reason: 400, "placeholder": 50})})
    assert notice is not None and f"device 400 of 1,000 (40%; {reason} 400)" in notice


def test_masked_values_go_per_value_only_when_they_may_be_masked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = sent_per_value(monkeypatch)
    plain = [f"4111 1111 1111 {i:04d}" for i in range(200)]
    masked = [f"4111 11XX XXXX {i:04d}" for i in range(200)]
    d = normalize.normalize_distinct_codes("payment_account", pd.Series(plain + masked))
    assert seen == masked  # the fast path decides plain card numbers itself
    assert {REASON_CODES[r] for r in d.reason[200:]} == {"masked_value"}


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("alipay#aptno", "ALIPAY:APTNO"),
        ("wx: shop_owner", "WECHAT:SHOP_OWNER"),
        ("PayPal johnsmith", "PAYPAL:JOHNSMITH"),
    ],
)
def test_a_wallet_id_of_letters_keeps_its_wallet_and_reads_again_the_same(
    value: str, key: str
) -> None:
    assert _both_paths("payment_account", [value, key]) == [(key, None, None)] * 2
