"""Card schemes' names, China's wallets' numbers and WeChat ids in payment accounts.

A card scheme's name before one of its cards' numbers is a label; an Alipay or WeChat
mobile number written internationally is keyed in the national form its wallet's column
holds; a WeChat id is one key however it is labelled, and a column whose kind names a
wallet reads its values after the wallet's name.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import normalize
from sellergraph.config import Config
from sellergraph.normalize import normalize_value


def _key(value: str) -> str | None:
    return normalize_value("payment_account", value)[0]


def _both_paths(values: list[str]) -> list[tuple[object, ...]]:
    """The fast and the per-value paths' results, which must agree."""
    s = pd.Series(values, dtype=object)
    fast = normalize._normalize_values_via("payment_account", s, "fast")
    ref = normalize._normalize_values_via("payment_account", s, "reference")
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    assert got == want, [(v, g, w) for v, g, w in zip(values, got, want, strict=True) if g != w]
    return got


# --- card schemes --------------------------------------------------------------

_UNIONPAY = "6222021234567890128"  # a valid Luhn check digit
_SCHEME_CARDS = [
    (f"UnionPay {_UNIONPAY[:4]} {_UNIONPAY[4:8]} {_UNIONPAY[8:12]} {_UNIONPAY[12:]}", _UNIONPAY),
    (f"China UnionPay {_UNIONPAY}", _UNIONPAY),
    (f"银联 {_UNIONPAY}", _UNIONPAY),
    (f"中国银联 {_UNIONPAY}", _UNIONPAY),
    (f"银联卡 {_UNIONPAY}", _UNIONPAY),
    (f"Card: UnionPay {_UNIONPAY}", _UNIONPAY),
    ("VISA 4111 1111 1111 1111", "4111111111111111"),
    ("Visa card no. 4111-1111-1111-1111", "4111111111111111"),
    ("Mastercard 5555 5555 5555 4444", "5555555555554444"),
    ("MasterCard: 5555555555554444", "5555555555554444"),
    ("Amex 3782 822463 10005", "378282246310005"),
    ("American Express 3782 822463 10005", "378282246310005"),
    ("JCB 3530 1113 3330 0000", "3530111333300000"),
    ("Discover 6011 1111 1111 1117", "6011111111111117"),
    ("Diners Club 3056 9309 0259 04", "30569309025904"),
]


@pytest.mark.parametrize(("written", "bare"), _SCHEME_CARDS)
def test_a_card_schemes_name_before_its_card_is_a_label(written: str, bare: str) -> None:
    assert normalize_value("payment_account", written) == (bare, None, None)
    assert _key(bare) == bare


@pytest.mark.parametrize(
    ("written", "key"),
    [
        # not the scheme's card: its first digits, its length, its Luhn check
        ("VISA 5555 5555 5555 4444", "VISA5555555555554444"),
        ("Amex 4111 1111 1111 1111", "AMEX4111111111111111"),
        ("UnionPay 6222021234567890123", "UNIONPAY6222021234567890123"),
        # a bank's name stays: an account is unique within its bank only
        ("BCA 7310482956", "BCA7310482956"),
        ("KBank 731-0-48295-6", "KBANK7310482956"),
        # a Chinese bank's name goes, as before
        (f"招商银行 {_UNIONPAY}", _UNIONPAY),
    ],
)
def test_other_names_before_numbers_are_kept_as_before(written: str, key: str) -> None:
    assert _key(written) == key


# --- China's wallets' mobile numbers ------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",  # what an Alipay column holds
        "Alipay +86 138 0013 8000",
        "Alipay: 13800138000",
        "Alipay 8613800138000",
        "Alipay (+86) 138-0013-8000",
        "支付宝 138-0013-8000",
        "支付宝: 0086 138 0013 8000",
        "WeChat: +86 13800138000",
        "WeChat Pay 13800138000",
        "微信支付 +86 138 0013 8000",
        "wx: 8613800138000",
    ],
)
def test_alipay_and_wechat_mobile_numbers_meet_in_national_form(written: str) -> None:
    assert normalize_value("payment_account", written) == ("13800138000", None, None)


def test_wechats_other_names_are_its_label_only_before_a_separator() -> None:
    assert _key("WeChat Pay: shop_owner") == _key("Weixin shop_owner") == "WECHAT:SHOP_OWNER"
    assert _key("WeChat Pay: ann@corp.cn") == "ann@corp.cn"
    # an e-mail address starting with the word is the address
    assert _key("weixin78426@gmail.com") == "weixin78426@gmail.com"
    assert _key("WeChatPay1@qq.com") == "wechatpay1@qq.com"


def test_numbers_without_a_chinese_wallets_name_stay_as_written() -> None:
    # outside the wallets a national number and its international form stay two keys
    assert _key("+86 138 0013 8000") == "+8613800138000"
    assert _key("Alipay +852 6123 4567") == "+85261234567"  # another country's number
    assert _key("PayPal +86 138 0013 8000") == "+8613800138000"  # a wallet of any country
    assert _key("OVO +62 812 3456 7890") == "OVO081234567890"


# --- WeChat ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (
            ["wxid_abcdefghijkl", "WeChat: wxid_abcdefghijkl", "微信: wxid_abcdefghijkl",
             "WECHAT:WXID_ABCDEFGHIJKL", "wx wxid_abcdefghijkl"],
            "WXID_ABCDEFGHIJKL",
        ),
        (["wxid_0ric7phkqdlm", "WeChat: WXID_0RIC7PHKQDLM"], "WXID_0RIC7PHKQDLM"),
        (["wxid_5344tfjgvq4k", "WeChat Pay: wxid_5344tfjgvq4k"], "WXID_5344TFJGVQ4K"),
        (["WeChat: zhangwei_88", "微信 zhangwei_88", "wx:ZHANGWEI_88"], "WECHAT:ZHANGWEI_88"),
        (["wx: shop_owner", "WeChat: shop_owner", "微信 shop_owner"], "WECHAT:SHOP_OWNER"),
        (["Alipay: ann1", "支付宝 ann1"], "ALIPAY:ANN1"),
    ],
)  # fmt: skip
def test_a_wechat_id_is_one_key_however_labelled(forms: list[str], key: str) -> None:
    for got in _both_paths(forms):
        assert got == (key, None, None)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("shop_owner1", "invalid_value"),  # no wallet's name: no account
        ("zhangwei_88", "invalid_value"),
        ("Building A1", "invalid_value"),
        ("zhangwei", "no_digit"),
        ("PayPal", "no_digit"),
        ("WeChat: 12", "invalid_value"),  # a number of two digits: none
    ],
)
def test_words_and_short_numbers_without_a_wallets_name_are_no_account(
    value: str, reason: str
) -> None:
    assert normalize_value("payment_account", value) == (None, reason, None)


def test_invalid_value_says_what_a_payment_account_is() -> None:
    text = normalize.reason_text("payment_account", "invalid_value")
    assert "three digits" in text and "WeChat: shop_owner1" in text
    assert normalize.reason_text("iban", "invalid_value") == text
    assert normalize.reason_text("phone", "invalid_value") == normalize.REASONS["invalid_value"]


# --- both paths and reading keys again --------------------------------------------

_ALL = [
    *(w for w, _ in _SCHEME_CARDS),
    "VISA 5555 5555 5555 4444",
    "UnionPay 6222021234567890123",
    "Alipay +86 138 0013 8000",
    "Alipay 8613800138000",
    "WeChat: 0086 13800138000",
    "+8613800138000",
    "8613800138000",
    "wxid_abcdefghijkl",
    "wxid_0ric7phkqdlm",
    "WeChat: wxid_abcdefghijkl",
    "WeChat: zhangwei_88",
    "Alipay: ann1",
    "wx: shop_owner",
    "shop_owner1",
    "wxid_abc",
    "WeChat Pay: shop_owner",
    "Alipay: ann@corp.cn",
    "WeChat Pay: ann@corp.cn",
    "weixin78426@gmail.com",
    "Weixin: shop_owner",
]


def test_fast_and_per_value_paths_agree_and_keys_read_back_the_same() -> None:
    padded = [*_ALL, *(v.upper() for v in _ALL), *(f" {v} " for v in _ALL)]
    for value, (key, _, flag) in zip(padded, _both_paths(padded), strict=True):
        if key is not None:
            assert normalize_value("payment_account", key) == (key, None, flag), value


# --- kinds and columns naming a wallet ----------------------------------------------


def _stores(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"store_id": ids, "status": "active"})


_KIND_NAMES = Config(kind_names={"微信": "payment_account", "支付宝": "payment_account"})


def test_a_kind_naming_a_wallet_reads_its_values_after_the_wallets_name() -> None:
    links = pd.DataFrame(
        {
            "store_id": ["A1", "A1", "A1", "A2", "A2", "B1", "B1", "B1", "B2"],
            "kind": [
                "微信",
                "微信",
                "支付宝",
                "微信",
                "WeChat",
                *(["payment_account"] * 3),
                "Alipay",
            ],
            "value": [
                "zhangwei_88",
                "wxid_0ric7phkqdlm",
                "13800138000",
                "N/A",
                "shop_owner1",
                "WeChat: zhangwei_88",
                "WeChat: wxid_0ric7phkqdlm",
                "Alipay +86 138 0013 8000",
                "+8613800138000",
            ],
        }
    )
    config = Config(kind_names={**_KIND_NAMES.kind_names, "wechat": "payment_account"})
    ds = sg.load(_stores(["A1", "A2", "B1", "B2"]), links, config=config)
    keys = ds.links.groupby("key")["store_id"].agg(sorted).to_dict()
    assert keys == {
        "WECHAT:ZHANGWEI_88": ["A1", "B1"],
        "WXID_0RIC7PHKQDLM": ["A1", "B1"],
        "13800138000": ["A1", "B1", "B2"],
        "WECHAT:SHOP_OWNER1": ["A2"],
    }
    # a placeholder stays one, and is named as written
    rejected = ds.rejected[ds.rejected["column"] == "value"]
    assert rejected[["row", "value", "reason"]].values.tolist() == [[3, "N/A", "placeholder"]]


def test_a_column_naming_a_wallet_reads_its_values_after_the_wallets_name() -> None:
    stores = _stores(["A1", "B1"]).assign(
        微信=["zhangwei_88", None],
        Alipay=["+86 138 0013 8000", None],
        payment_account=[None, "WeChat: zhangwei_88; Alipay: 13800138000"],
    )
    ds = sg.load(stores, config=_KIND_NAMES)
    keys = ds.links.groupby("key")["store_id"].agg(sorted).to_dict()
    assert keys == {"WECHAT:ZHANGWEI_88": ["A1", "B1"], "13800138000": ["A1", "B1"]}


def test_a_general_payment_column_reads_no_word_as_an_account_and_says_why() -> None:
    links = pd.DataFrame(
        {"store_id": ["A1", "A1"], "kind": "payment_account", "value": ["shop_owner1", "A1"]}
    )
    ds = sg.load(_stores(["A1"]), links)
    assert ds.links.empty
    rejected = ds.rejected[ds.rejected["column"] == "value"]
    assert rejected["reason"].tolist() == ["invalid_value", "placeholder"]
    assert "three digits or more" in rejected["message"].iloc[0]
