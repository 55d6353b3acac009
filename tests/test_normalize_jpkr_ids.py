"""Phones, devices, company ids, e-mail addresses and countries as Japanese, Korean and
Taiwanese back offices write them (the s40 JP/KR/TW user).

A device id after ``端末ID：`` or ``기기ID:``, and one whose groups are joined by a minus
sign (``−``, what ``shift_jis`` makes of ``－``), a hyphen (``‐``) or a long-vowel mark
(``ー``, what an input method gives for ``-``), is read. So is a phone number with ``ー``
or ``ｰ`` between its groups, or a word after it (``（携帯）``, ``(휴대폰)``, ``(手機)``,
``(代表)``); a cell with two numbers (``TEL 03-… FAX 03-…``, ``03-…／090-…``) is a list.
Company ids lose their Japanese, Korean and Taiwanese labels (``登録番号：``,
``インボイス番号``, ``등록번호``, ``統一編號：``, ``統編``), and a Japanese invoice number
``T`` + a corporate number is keyed as the corporate number when its check digit holds.
E-mail addresses lose ``メール：``, ``電子郵件：``, ``이메일:`` and a comment after them
(``（携帯）``). ``韓国``, ``臺灣``, ``中華民國``, ``Korea, Republic of`` name their countries.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import both_paths as _both_paths

import sellergraph as sg
from sellergraph import normalize
from sellergraph._countries import region_of
from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_value

_JP = NormalizeConfig(default_region="JP")
_KR = NormalizeConfig(default_region="KR")
_TW = NormalizeConfig(default_region="TW")


# --- devices (finding 4) ---------------------------------------------------------

_IMEI = "352099001761481"
_UUID = "6f1c2a7e-0b3d-4c5e-a1f2-9d8c7b6a5e4f"

_IMEI_FORMS = [
    f"端末ID：{_IMEI}",
    f"端末ID: {_IMEI}",
    f"端末ＩＤ：{_IMEI}",
    f"端末番号 {_IMEI}",
    f"기기ID: {_IMEI}",
    f"기기 ID {_IMEI}",
    f"단말기 ID: {_IMEI}",
    f"裝置ID：{_IMEI}",
    f"設備ID: {_IMEI}",
    f"设备ID: {_IMEI}",
    "35−209900−176148−1",  # U+2212 minus sign
    "35‐209900‐176148‐1",  # U+2010 hyphen
    "35‑209900‑176148‑1",  # U+2011 non-breaking hyphen
    "35ー209900ー176148ー1",  # U+30FC long-vowel mark
    "35ｰ209900ｰ176148ｰ1",  # U+FF70, half-width
    "35–209900–176148–1",  # U+2013 en dash
    "IMEI：35−209900−176148−1",
    f"端末ID：{_IMEI[:2]}−{_IMEI[2:8]}−{_IMEI[8:14]}−{_IMEI[14]}",
]


@pytest.mark.parametrize("value", _IMEI_FORMS)
def test_device_after_a_cjk_label_or_with_other_dashes(value: str) -> None:
    assert normalize_value("device", value) == (_IMEI, None, None)


@pytest.mark.parametrize(
    "value", [f"端末ID: {_UUID}", f"端末ID：{_UUID.upper()}", f"기기ID: {_UUID}"]
)
def test_uuid_after_a_cjk_label(value: str) -> None:
    assert normalize_value("device", value) == (_UUID.replace("-", ""), None, None)


def test_device_cjk_forms_agree_on_both_paths() -> None:
    _both_paths("device", [*_IMEI_FORMS, f"端末ID: {_UUID}", "端末ID：", "端末ID：iPhone 12"])


@pytest.mark.parametrize(
    "value", ["デバイスー1234567", "端末ID：ｱｲﾌｫﾝ", "端末ID 352099ー00176148あ"]
)
def test_device_other_script_letters_stay_invalid(value: str) -> None:
    assert normalize_value("device", value)[1] == "invalid_characters"


# --- phones (finding 5) ----------------------------------------------------------

_JP_PHONE_FORMS = [
    "090ー3871ー2964",
    "０９０ー３８７１ー２９６４",
    "090ｰ3871ｰ2964",
    "090 ー 3871 ー 2964",
    "090-3871-2964（携帯）",
    "090-3871-2964(携帯)",
    "090-3871-2964 携帯",
    "090ー3871ー2964（携帯）",
    "090-3871-2964 (携帯電話)",
    "携帯：090-3871-2964",
]


@pytest.mark.parametrize("value", _JP_PHONE_FORMS)
def test_japanese_mobile_forms(value: str) -> None:
    assert normalize_value("phone", value, config=_JP) == ("+819038712964", None, None)


@pytest.mark.parametrize(
    "value", ["03-3871-2964(代表)", "03-3871-2964（代）", "03-3871-2964 代表", "(03)ー3871ー2964"]
)
def test_japanese_main_line_forms(value: str) -> None:
    assert normalize_value("phone", value, config=_JP) == ("+81338712964", None, None)


@pytest.mark.parametrize(
    "value",
    [
        "010-3871-2964 (휴대폰)",
        "010-3871-2964 휴대폰",
        "010-3871-2964 (핸드폰)",
        "010-3871-2964(휴대전화)",
    ],
)
def test_korean_mobile_with_a_word_after_it(value: str) -> None:
    assert normalize_value("phone", value, config=_KR) == ("+821038712964", None, None)


@pytest.mark.parametrize(
    "value", ["0912-387-296 (手機)", "0912-387-296 手機", "0912-387-296（行動電話）"]
)
def test_taiwanese_mobile_with_a_word_after_it(value: str) -> None:
    assert normalize_value("phone", value, config=_TW) == ("+886912387296", None, None)


@pytest.mark.parametrize(
    "value",
    ["090ー3871ー29６4あ", "090ーabcー2964", "0903871296ーー", "090-3871-2964 代わり"],
)
def test_a_long_vowel_mark_is_no_hyphen_elsewhere(value: str) -> None:
    assert normalize_value("phone", value, config=_JP)[0] is None


def test_phone_cjk_forms_agree_on_both_paths() -> None:
    values = [*_JP_PHONE_FORMS, "03-3871-2964(代表)", "TEL 03-3871-2964 FAX 03-3871-2965"]
    _both_paths("phone", values, _JP)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("03-3871-2964／090-3871-2964", ["03-3871-2964", "090-3871-2964"]),
        ("03-3871-2964 ／ 090-3871-2964", ["03-3871-2964", "090-3871-2964"]),
        ("TEL 03-3871-2964 FAX 03-3871-2965", ["TEL 03-3871-2964", "FAX 03-3871-2965"]),
        ("TEL：03-3871-2964　FAX：03-3871-2965", ["TEL：03-3871-2964", "FAX：03-3871-2965"]),
        ("03-3871-2964(代表) 携帯 090-3871-2964", ["03-3871-2964(代表)", "携帯 090-3871-2964"]),
    ],
)
def test_two_numbers_in_a_phone_cell_are_a_list(value: str, parts: list[str]) -> None:
    assert normalize.PHONE_LIST_SEPARATOR.split(value) == parts
    assert normalize_value("phone", value, config=_JP) == (None, "invalid_phone", None)
    for part in parts:
        assert normalize_value("phone", part, config=_JP)[0] is not None


@pytest.mark.parametrize(
    "value", ["030/1234567", "03-3871-2964 FAX", "三菱UFJ銀行／0141931", "TEL 03-3871-2964"]
)
def test_one_value_is_no_phone_list(value: str) -> None:
    assert len([p for p in normalize.PHONE_LIST_SEPARATOR.split(value) if p]) == 1
    assert not normalize._lists_numbers(value)


def test_an_area_code_and_number_is_one_number() -> None:
    assert not normalize._lists_numbers("030 / 1234567")  # split, but one part is short


# --- company ids (finding 8) ------------------------------------------------------

_CORPORATE = "7010001088960"  # a corporate number with a valid check digit (法人番号)

_JP_COMPANY_FORMS = [
    _CORPORATE,
    f"T{_CORPORATE}",
    f"t{_CORPORATE}",
    f"Ｔ{_CORPORATE}",
    f"T-{_CORPORATE[:4]}-{_CORPORATE[4:8]}-{_CORPORATE[8:]}",
    f"T {_CORPORATE}",
    f"登録番号：T{_CORPORATE}",
    f"登録番号: T{_CORPORATE}",
    f"インボイス番号 T{_CORPORATE}",
    f"インボイス登録番号：T{_CORPORATE}",
    f"適格請求書発行事業者登録番号：T{_CORPORATE}",
    f"法人番号：{_CORPORATE}",
    f"T{_CORPORATE[:4]}−{_CORPORATE[4:8]}−{_CORPORATE[8:]}",
]


@pytest.mark.parametrize("value", _JP_COMPANY_FORMS)
def test_japanese_invoice_number_is_its_corporate_number(value: str) -> None:
    assert normalize_value("id_document", value) == (_CORPORATE, None, None)


@pytest.mark.parametrize(
    "value",
    [
        "T1010001088960",  # check digit wrong: not a corporate number
        "T0010001088960",  # a corporate number never starts with 0
        "T701000108896",  # 12 digits
        "T70100010889601",  # 14 digits
        "TT7010001088960",
    ],
)
def test_other_t_numbers_keep_their_t(value: str) -> None:
    key = normalize_value("id_document", value)[0]
    assert key is not None and key.startswith("T")


@pytest.mark.parametrize(
    "number", ["7010001088960", "1180301018771", "5010401067252", "7000012050002", "4010401022860"]
)
def test_corporate_number_check_digit(number: str) -> None:
    assert normalize._jp_corporate_ok(number)
    wrong = str((int(number[0]) % 9) + 1) + number[1:]
    assert not normalize._jp_corporate_ok(wrong)


@pytest.mark.parametrize(
    "value",
    [
        "등록번호 220-81-62517",
        "등록번호: 220-81-62517",
        "사업자등록번호: 220-81-62517",
        "220ー81ー62517",
        "220−81−62517",
        "220‐81‐62517",
        "2208162517",
    ],
)
def test_korean_business_number(value: str) -> None:
    assert normalize_value("id_document", value) == ("2208162517", None, None)


@pytest.mark.parametrize(
    "value",
    [
        "統一編號：04595257",
        "統一編號 04595257",
        "統編 04595257",
        "公司統編 04595257",
        "公司統編：04595257",
        "统一编号: 04595257",
        "UBN 04595257",
        "UBN: 04595257",
        "04595257",
    ],
)
def test_taiwanese_business_number(value: str) -> None:
    assert normalize_value("id_document", value) == ("04595257", None, None)


def test_company_id_forms_agree_on_both_paths() -> None:
    values = [*_JP_COMPANY_FORMS, "T1010001088960", "등록번호 220-81-62517", "UBN 04595257"]
    _both_paths("id_document", [*values, "220ー81ー62517", "統編 04595257", "UBN04595257"])


def test_invoice_keys_read_as_themselves() -> None:
    for value in (*_JP_COMPANY_FORMS, "T1010001088960"):
        key, _, flag = normalize_value("id_document", value)
        assert key is not None
        assert normalize_value("id_document", key) == (key, None, flag)


# --- e-mail addresses (finding 12) --------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "メール：taro@docomo.ne.jp",
        "メール: taro@docomo.ne.jp",
        "メールアドレス: taro@docomo.ne.jp",
        "メールアドレス：taro@docomo.ne.jp",
        "Eメール：taro@docomo.ne.jp",
        "Ｅメール：taro@docomo.ne.jp",
        "ﾒｰﾙ：taro@docomo.ne.jp",
        "電子メール：taro@docomo.ne.jp",
        "電子郵件：taro@docomo.ne.jp",
        "电子邮件：taro@docomo.ne.jp",
        "電郵: taro@docomo.ne.jp",
        "邮箱：taro@docomo.ne.jp",
        "이메일: taro@docomo.ne.jp",
        "이메일 주소: taro@docomo.ne.jp",
        "taro@docomo.ne.jp（携帯）",
        "taro@docomo.ne.jp (携帯)",
        "taro@docomo.ne.jp(work)",
        "メール：taro@docomo.ne.jp（携帯）",
        "TARO@DOCOMO.NE.JP (PC)",
    ],
)
def test_email_labels_and_comments(value: str) -> None:
    assert normalize_value("email", value) == ("taro@docomo.ne.jp", None, None)


@pytest.mark.parametrize(
    "value",
    ["taro(携帯)@docomo.ne.jp", "taro@docomo.ne.jp（a@b.jp）", "(携帯)", "taro@(携帯)"],
)
def test_a_comment_follows_the_address(value: str) -> None:
    assert normalize_value("email", value)[1] == "invalid_email"


def test_email_forms_agree_on_both_paths() -> None:
    values = [
        "ann@corp.cn (work)",
        "ann@corp.cn()",
        "ann@corp.cn (a@b)",
        "ann@(x)",
        "a@b.com(x)(y)",
    ]
    _both_paths("email", [*values, "メール：taro@docomo.ne.jp", "taro@docomo.ne.jp（携帯）"])


# --- countries (finding 7) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("韓国", "KR"),
        ("韓國", "KR"),
        ("한국", "KR"),
        ("大韓民國", "KR"),
        ("Korea, Republic of", "KR"),
        ("KOREA, REPUBLIC OF", "KR"),
        ("臺灣", "TW"),
        ("台灣", "TW"),
        ("中華民國", "TW"),
        ("Taiwan, Province of China", "TW"),
        ("타이완", "TW"),
        ("日本国", "JP"),
        ("北朝鮮", "KP"),
        ("Korea, Democratic People's Republic of", "KP"),
        ("日本", "JP"),
        ("台湾", "TW"),
        ("대한민국", "KR"),
    ],
)
def test_east_asian_country_names(name: str, region: str) -> None:
    assert region_of(name) == region


def test_korean_store_reads_its_mobiles_as_korean() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B", "A"],
            "status": ["banned", "active"],
            "country": ["韓国", "한국"],
            "opened_at": ["2022-01-01", "2023-06-01"],
            "closed_at": ["2023-01-10", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["B", "A"], "kind": "phone", "value": ["010-3871-2964", "+82 10 3871 2964"]}
    )
    data = sg.load(stores, links)
    assert set(data.links["key"]) == {"+821038712964"}
    assert data.stores["country"].tolist() == ["KR", "KR"]


def test_a_cell_with_a_phone_and_a_fax_number_is_read_as_both() -> None:
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": ["active", "active"], "country": ["JP", "JP"]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "kind": ["phone", "phone"],
            "value": ["TEL 03-3871-2964 FAX 03-3871-2965", "03-3871-2964／090-3871-2964"],
        }
    )
    ds = sg.load(stores, links)
    keys = ds.links.groupby("store_id")["key"].apply(lambda k: sorted(k.astype(str)))
    assert keys["A"] == ["+81338712964", "+81338712965"]
    assert keys["B"] == ["+81338712964", "+819038712964"]
    assert set(ds.rejected["reason"]) == {"several_values"}
