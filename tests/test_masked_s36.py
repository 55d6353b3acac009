"""Values the exporter partly hid are ``masked_value`` in every built-in kind, on every
path (fast, per value, the batch, screening); a JSON object naming no identifier is
``json_object`` in screening as in the batch; ``normalize_value`` and
``normalize_values`` read another name of a kind (``mobile``) as the batch does."""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths
from _normalize_checks import sent_per_value

import sellergraph as sg
from sellergraph.config import KIND_ALIASES, NormalizeConfig
from sellergraph.normalize import (
    REASON_CODES,
    REASONS,
    mask_value,
    normalize_distinct_codes,
    normalize_value,
    normalize_values,
)
from sellergraph.screening import Screener

# --- masked values, kind by kind -------------------------------------------------------

MASKED: dict[str, list[str]] = {
    "phone": [
        "138****5678", "+86 138****5678", "+86 138 **** 5678", "138-****-5678",
        "138xxxx5678", "138XXXX5678", "+86 138 XXXX 5678", "138####5678", "138••••5678",
        "138●●●●5678", "138····5678", "１３８＊＊＊＊５６７８", "+86 138 0013 800*",
        "(415) xxx-2671", "+1 (415) ***-2671", "138****5678 (mob)", "手机尾号5678",
        "尾号 5678", "phone ending in 5678", "+49 151 ***** 615",
    ],
    "email": [
        "j***@gmail.com", "j****n@163.com", "***@qq.com", "jo**@g***.com", "ann@c***.cn",
        "j•••n@163.com", "mailto:J***@GMAIL.COM", "Ann <a***@corp.cn>",
    ],
    "payment_account": [
        "DE89 **** **** **** 1234", "DE89 3704 **** **** **30 00", "6222 **** **** 1234",
        "6222 02** **** 1234", "6222 •••• •••• 1234", "IBAN DE89 XXXX XXXX XXXX 1234",
        "4111 11XX XXXX 1111", "****1234", "VISA **** 1234", "card ending in 1234",
        "建设银行 尾号1234", "PayPal: j***@gmail.com", "wx: shop***", "Conta: *****-6",
        "CPF ***.021.765-**", "acct*12345", "6222 0200 x-x12 1234",
    ],
    "id_document": [
        "1101**********1234", "110105********1234", "1101 0519 **** **** 1234",
        "110105XXXXXXXX1234", "XXXXXXXXXXXXXX1234", "身份证尾号1234",
        "Passport No. E12****78", "CPF ***.021.765-**",
    ],
    "device": [
        "****-****-1234", "imei: 8690****2680177", "IMEI 869093XXXXXX177",
        "xx:xx:xx:xx:ee:01", "aa:bb:cc:**:**:01", "••••1234abcd", "imei: 35209900*1761481",
    ],
    "ip": [
        "192.168.*.*", "192.168.1.*", "203.0.113.x", "10.0.x.x", "192.168.1.xxx",
        "2001:db8:85a3:x:x:x:x:x", "192.168.●.●",
    ],
    "address": [
        "广东省深圳市南山区****", "广东省深圳市南山区科技园路**号", "北京市朝阳区＊＊＊＊",
        "** Main St, Springfield", "Rua Augusta, *** - São Paulo", "Calle ••• 12",
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(MASKED))
def test_every_masked_value_is_one_reason_on_every_path(kind: str) -> None:
    got = _both_paths(kind, MASKED[kind])
    wrong = [(v, g) for v, g in zip(MASKED[kind], got, strict=True) if g[1] != "masked_value"]
    assert not wrong
    assert all(key is None and flag is None for key, _, flag in got)


# (kind, value, key): an ``x``, ``#``, star or dot that hides nothing.
NOT_MASKED = [
    ("phone", "+86 138 0013 8000", "+8613800138000"),
    ("phone", "+1 415 555 2671 x 12", "+14155552671"),  # an extension
    ("phone", "+1 415 555 2671 ext. 12", "+14155552671"),
    ("email", "foxxx@gmail.com", "foxxx@gmail.com"),
    ("email", "maxx.power@163.com", "maxx.power@163.com"),
    ("email", "xiaoming.xx@qq.com", "xiaoming.xx@qq.com"),
    ("email", "xxx1234@corp.cn", "xxx1234@corp.cn"),
    ("payment_account", "wx: foxxx123", "FOXXX123"),
    ("payment_account", "BOX 7310 4829", "BOX73104829"),
    ("payment_account", "Maxx 73104829", "MAXX73104829"),
    ("payment_account", "XK05 1212 0123 4567 8906", "XK051212012345678906"),  # Kosovo
    ("payment_account", "Acct# 73104829", "73104829"),
    ("payment_account", "paypal: xxx1234@corp.cn", "xxx1234@corp.cn"),
    ("id_document", "11010519491231002X", "11010519491231002X"),
    ("id_document", "110105 19491231 002x", "11010519491231002X"),
    ("id_document", "XEXA010101AB1", "XEXA010101AB1"),  # an RFC of letters and x
    ("device", "0x1f2e3d4c5b6a", "0x1f2e3d4c5b6a"),
    ("device", "f2lxx1234567", "f2lxx1234567"),
    ("ip", "8.8.8.8", "8.8.8.8"),
    ("address", "5* Hotel Road", "5 hotel road"),  # one star is no mask in an address
    ("address", "Foxx Rd 12", "foxx road 12"),
]


@pytest.mark.parametrize(("kind", "value", "key"), NOT_MASKED)
def test_what_hides_nothing_is_read_as_before(kind: str, value: str, key: str) -> None:
    assert _both_paths(kind, [value])[0][0] == key


def test_brazils_any_carrier_prefix_is_no_mask() -> None:
    got = _both_paths("phone", ["0xx11 8765-4321", "0xx11 98765-4321"], region="BR")
    assert [k for k, _, _ in got] == ["+5511987654321", "+5511987654321"]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("phone", "138 0013 8000 x"),  # an extension marker alone: dropped, as before
        ("device", "Xiaomi Redmi Note 8"),
        ("payment_account", "xxxx xxxx xxxx xxxx"),
        ("payment_account", "**** **** **** ****"),
        ("device", "****-****"),
        ("ip", "*.*.*.*"),
        ("email", "xxx@gmail.com"),
        ("address", "****"),
    ],
)
def test_a_value_hidden_whole_or_a_word_keeps_its_reason(kind: str, value: str) -> None:
    assert _both_paths(kind, [value])[0][1] != "masked_value"


def test_the_reason_is_renamed_in_its_place() -> None:
    assert "masked_card" not in REASONS
    assert REASON_CODES.index("masked_value") == 12  # masked_card's code: indexes keep it
    assert "strangers share what is left" in REASONS["masked_value"]


def test_masked_values_go_per_value_and_plain_ones_stay_fast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = sent_per_value(monkeypatch)
    for kind, plain, masked in [
        ("id_document", "11010519491231{:04d}", "1101**********{:04d}"),
        ("email", "ann.{:04d}@corp.cn", "a***.{:04d}@corp.cn"),
        ("address", "广东省深圳市南山区科技园路{}号", "广东省深圳市南山区科技园路{}号**室"),
    ]:
        seen.clear()
        values = [plain.format(i) for i in range(200)] + [masked.format(i) for i in range(200)]
        d = normalize_distinct_codes(kind, pd.Series(values))
        assert seen == values[200:], kind
        assert {REASON_CODES[r] for r in d.reason[200:]} == {"masked_value"}


# --- the batch and screening agree -----------------------------------------------------

ONE_OF_EACH = {
    "phone": "+86 138****5678",
    "email": "j***@gmail.com",
    "payment_account": "DE89 **** **** **** 1234",
    "id_document": "1101**********1234",
    "device": "****-****-1234",
    "ip": "192.168.*.*",
    "address": "广东省深圳市南山区****",
}


@pytest.fixture(scope="module")
def masked_analysis() -> sg.Analysis:
    """A banned store and an active one holding the same masked value of every kind."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2023-01-01", "2023-07-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None, None],
            **{kind: [value, value, None] for kind, value in ONE_OF_EACH.items()},
            "device_2": [None, None, "9774d56d682e549f"],
        }
    )
    return sg.analyze(stores)


def test_the_batch_refuses_every_masked_value_and_links_nothing(
    masked_analysis: sg.Analysis,
) -> None:
    rejected = masked_analysis.dataset.rejected
    masked = rejected[rejected["reason"] == "masked_value"]
    assert sorted(masked["column"]) == sorted([*ONE_OF_EACH] * 2)
    assert masked_analysis.alerts.empty


def test_screening_refuses_them_as_the_batch_does(masked_analysis: sg.Analysis) -> None:
    screener = Screener.from_analysis(masked_analysis)
    got = screener.screen({"store_id": "N1", **ONE_OF_EACH})
    assert got.score == 0.0
    assert sorted((u["field"], u["reason"]) for u in got.unusable) == sorted(
        (f"identifiers.{kind}", "masked_value") for kind in ONE_OF_EACH
    )
    # many registrations take the vectorised path: the same reasons
    table = pd.DataFrame([{"store_id": f"N{i}", **ONE_OF_EACH} for i in range(300)])
    many = screener.screen_many(table)
    assert (many["score"] == 0.0).all()
    assert set(many["unusable"]) == {
        "; ".join(f"identifiers.{kind}: masked_value" for kind in ONE_OF_EACH)
    }


# --- a JSON object naming no identifier ------------------------------------------------

NO_ID = '{"os": "iOS 17.3", "model": "iPhone15,2"}'


def test_screening_says_json_object_where_the_batch_does() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None],
            "device": [NO_ID, "9774d56d682e549f"],
        }
    )
    analysis = sg.analyze(stores)
    rejected = analysis.dataset.rejected
    assert rejected.loc[rejected["column"] == "device", "reason"].tolist() == ["json_object"]
    screener = Screener.from_analysis(analysis)
    got = screener.screen({"store_id": "N1", "device": NO_ID})
    assert [(u["field"], u["reason"]) for u in got.unusable] == [
        ("identifiers.device", "json_object")
    ]
    table = pd.DataFrame({"store_id": [f"N{i}" for i in range(300)], "device": NO_ID})
    assert set(screener.screen_many(table)["unusable"]) == {"identifiers.device: json_object"}


# --- other names of the kinds -----------------------------------------------------------

SAMPLES = {
    "phone": ["138-0013-8000", "+86 138 0013 8000", "138****5678", "n/a"],
    "payment_account": ["DE89 3704 0044 0532 0130 00", "招商银行 6225 8812 3456 7890"],
    "id_document": ["CPF 870.021.765-91", "110105 19491231 002x"],
    "device": ["IMEI: 35-209900-176148-1", "iPhone 12"],
    "email": ["J.Doe+shop@GoogleMail.com"],
    "address": ["12 Smith St, Apt 3"],
    "ip": ["::ffff:8.8.4.4"],
}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        *sorted(KIND_ALIASES.items()),
        ("Mobile Phone", "phone"),
        ("phone_2", "phone"),
        ("Contact_Phones", "phone"),
        ("Device_Info", "device"),
        ("Last Login IP", "ip"),
        ("seller_email", "email"),
    ],
)
def test_another_name_of_a_kind_is_read_as_the_kind(name: str, kind: str) -> None:
    values = SAMPLES[kind]
    assert [normalize_value(name, v) for v in values] == [normalize_value(kind, v) for v in values]
    s = pd.Series(values)
    assert normalize_values(name, s).equals(normalize_values(kind, s))


def test_mobile_is_a_phone_on_the_fast_paths_and_in_masks() -> None:
    assert normalize_value("mobile", "138-0013-8000") == ("+8613800138000", None, None)
    assert _both_paths("tel", ["138-0013-8000"]) == _both_paths("phone", ["138-0013-8000"])
    assert mask_value("mobile", "+8613800138000") == mask_value("phone", "+8613800138000")


def test_custom_kinds_keep_the_generic_rules() -> None:
    for name in ("loyalty_id", "shop_code", "address_2", "phone_verified", "fax"):
        assert normalize_value(name, "AB 12-34") == ("ab 12-34", None, None), name


def test_a_kind_a_config_names_after_a_built_in_one_is_read_as_that_kind() -> None:
    # a config may weigh IBANs on their own: the links and the function read them alike
    stores = pd.DataFrame({"store_id": ["A1", "A2"], "status": "active"})
    links = pd.DataFrame(
        {
            "store_id": ["A1", "A2"],
            "kind": ["iban", "IBAN"],
            "value": ["DE89 3704 0044 0532 0130 00", "de89370400440532013000"],
        }
    )
    ds = sg.load(stores, links, config=sg.Config().with_kind("iban", 0.5))
    assert set(ds.links["kind"]) == {"iban"}
    assert set(ds.links["key"]) == {normalize_value("iban", "DE89 3704 0044 0532 0130 00")[0]}
    assert ds.links["key"].iloc[0] == "DE89370400440532013000"


def test_phones_read_in_a_region_under_another_name() -> None:
    config = NormalizeConfig(default_region="DE")
    assert normalize_value("Telefone", "01512 3761615", config=config)[0] == "+4915123761615"
