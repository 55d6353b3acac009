"""An e-mail style payment account keeps a word glued to its local part: only a label
before a separator is one (``wechat123@qq.com`` and ``alipay123@qq.com`` are two people)."""

from __future__ import annotations

import pytest
from _normalize_checks import checked_results as _both_paths


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("wechat123@qq.com", "wechat123@qq.com"),
        ("alipay123@qq.com", "alipay123@qq.com"),
        ("card123@x.com", "card123@x.com"),
        ("WeChat: 123@qq.com", "123@qq.com"),
        ("PayPal ann@corp.cn", "ann@corp.cn"),
        ("paypal:ann@corp.cn", "ann@corp.cn"),
        ("Alipay - ann@corp.cn", "ann@corp.cn"),
        ("Chave PIX (e-mail): ana@uol.com.br", "ana@uol.com.br"),
    ],
)
def test_only_a_label_before_a_separator_leaves_an_e_mail_account(value: str, key: str) -> None:
    assert _both_paths("payment_account", [value]) == [(key, None, None)]
