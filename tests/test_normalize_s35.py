"""Device models are no device ids; a Chinese bank's name before its card number; digits
of other scripts; Australia Post street types read in place; letters after a phone
number."""

from __future__ import annotations

import random

import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph import normalize
from sellergraph.normalize import REASONS, normalize_value

# --- device models -------------------------------------------------------------------

MODELS = [
    "iphone", "iPhone", "iPhone 12", "iPhone12", "iphone 13 pro max", "iPhone13ProMax",
    "iPhone 12 128GB", "iphone xr", "iphone_x", "Samsung Galaxy S21", "galaxy s21 ultra",
    "Galaxy-S21+", "Samsung SM-G991B", "Galaxy Tab S7", "android", "Android 11", "ios 15",
    "Windows 10", "MacBook Pro", "Apple iPad Air 4", "huawei", "Huawei P30 Pro", "xiaomi",
    "Mi 11 Ultra", "Redmi Note 10 Pro", "redmi note 8", "oppo reno 5", "Pixel 6",
    "Pixel 4a 5G", "moto g power", "HTC One", "desktop", "laptop", "mobile", "tablet",
    "chrome", "emulator", "unknown device", "device 1", "Device-1",
]  # fmt: skip

IDS = [
    ("IMEI: 35-209900-176148-1", "352099001761481"),
    ("352099001761481", "352099001761481"),
    ("AA:BB:CC:DD:EE:01", "aabbccddee01"),
    ("6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff8b86d011b42d00c04fc964ff"),
    ("idfa: 6D92078A-8246-4BA4-AE5B-76104861E7DC", "6d92078a82464ba4ae5b76104861e7dc"),
    ("android_id: 9f8e7d6c5b4a3921", "9f8e7d6c5b4a3921"),
    ("android id-5020 8277 7366 84", "50208277736684"),  # a label, then the id
    ("android id-aa:bb:cc:dd:ee:01", "androididaabbccddee01"),  # a label the key keeps
    ("SN: C02XG0FDH7JY", "c02xg0fdh7jy"),  # serials: letters and digits
    ("R58M123ABC", "r58m123abc"),
    ("SM-G991B", "smg991b"),  # a model number without a maker's name: not refused
    ("iPhone 3520 9900 1761 481", "iphone352099001761481"),  # too many digits for a model
    ("deadbeef", "deadbeef"),
    ("shop_owner", "shop_owner"),
]


@pytest.mark.parametrize("value", MODELS)
def test_a_device_model_is_no_device_id(value: str) -> None:
    assert _both_paths("device", [value]) == [(None, "device_model_only", None)]


def test_device_ids_stay() -> None:
    got = _both_paths("device", [v for v, _ in IDS])
    assert [k for k, _, _ in got] == [k for _, k in IDS]
    assert all(r is None for _, r, _ in got)


def test_too_short_model_words_stay_placeholders() -> None:
    for value in ("pc", "PC", "ios", "web", "ipad", "unknown"):
        assert normalize_value("device", value)[1] == "placeholder", value


def test_no_hex_id_is_a_model_word() -> None:
    # the fast path decides hex ids (and digits) alone: none may be a model's name
    hex_digits = set("0123456789abcdef")
    assert all(set(w) - hex_digits for w in normalize._DEVICE_MODEL_WORDS)


def test_the_new_reason_is_explained_and_comes_last() -> None:
    assert normalize.REASON_CODES.index("device_model_only") == 11
    assert normalize.REASON_CODES.index("invalid_characters") == 10  # old codes keep theirs
    assert "model" in REASONS["device_model_only"]


# --- a Chinese bank's name before a card or account number ---------------------------

CN_BANKS = [
    "招商银行 6225 8812 3456 7890",
    "招商银行 6225881234567890",
    "招商银行6225881234567890",
    "招商银行卡号 6225881234567890",
    "招商银行 卡号: 6225-8812-3456-7890",
    "开户行：招商银行 账号：6225881234567890",
    "招行 6225881234567890",
    "CMB 6225881234567890",
    "China Merchants Bank 6225881234567890",
    "张三 招商银行 6225881234567890",  # a holder's name before the bank's goes with it
]


def test_a_chinese_bank_name_before_the_number_is_the_number() -> None:
    alone = _both_paths("payment_account", ["6225881234567890"])
    assert alone == [("6225881234567890", None, "luhn_failed")]
    assert _both_paths("payment_account", CN_BANKS) == alone * len(CN_BANKS)


@pytest.mark.parametrize(
    "value",
    [
        "中国工商银行6222020200112233445",
        "中國工商銀行 6222020200112233445",  # traditional characters
        "工商银行: 6222020200112233445",
        "工行 6222 0202 0011 2233 445",
        "ICBC 6222020200112233445",
        "ICBC card: 6222 0202 0011 2233 445",
        "Industrial and Commercial Bank of China 6222020200112233445",
    ],
)
def test_the_names_of_one_bank_key_the_same_number(value: str) -> None:
    assert _both_paths("payment_account", [value]) == [("6222020200112233445", None, "luhn_failed")]


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("Bank of China 4111 1111 1111 1111", ("4111111111111111", None, None)),
        ("中国银行 4111111111111111", ("4111111111111111", None, None)),
        ("招商银行 1111111111111111", (None, "placeholder", None)),  # as the number alone
        ("建设银行 尾号1234", (None, "masked_value", None)),  # the last digits only
        ("建设银行 ****1234", (None, "masked_value", None)),
        ("招商银行 张三 6225881234567890", (None, "invalid_characters", None)),  # a name after
        ("张三 6222020200112233445", (None, "invalid_characters", None)),
        ("招商银行", (None, "placeholder", None)),
        ("Bank of China", (None, "no_digit", None)),
        # other banks' names stay in the key (two banks' accounts must not meet)
        ("KBank 7310482956", ("KBANK7310482956", None, None)),
        ("BCA 7310482956", ("BCA7310482956", None, None)),
        ("HSBC 6225881234567890", ("HSBC6225881234567890", None, None)),
    ],
)
def test_other_bank_names_and_masked_numbers(value: str, want: tuple[object, ...]) -> None:
    assert _both_paths("payment_account", [value]) == [want]


# --- digits of other scripts ---------------------------------------------------------

ID_FORMS = [
    "1103702345678",
    "๑๑๐๓๗๐๒๓๔๕๖๗๘",  # Thai
    "١١٠٣٧٠٢٣٤٥٦٧٨",  # Arabic-Indic
    "۱۱۰۳۷۰۲۳۴۵۶۷۸",  # Extended Arabic-Indic (Persian, Urdu)
    "１１０３７０２３４５６７８",  # full-width
    "เลขบัตรประชาชน ๑-๑๐๓๗-๐๒๓๔๕-๖๗-๘",
    "ID: ١-١٠٣٧-٠٢٣٤٥-٦٧-٨",
]


def test_id_documents_read_digits_of_every_script() -> None:
    assert _both_paths("id_document", ID_FORMS, "TH") == [("1103702345678", None, None)] * len(
        ID_FORMS
    )


@pytest.mark.parametrize(
    ("kind", "forms", "key"),
    [
        ("phone", ["081 234 5678", "๐๘๑ ๒๓๔ ๕๖๗๘", "٠٨١ ٢٣٤ ٥٦٧٨"], "+66812345678"),
        (
            "payment_account",
            ["กสิกรไทย 731-0-48295-6", "กสิกรไทย ๗๓๑-๐-๔๘๒๙๕-๖"],
            "KBANK7310482956",
        ),
        ("device", ["352099001761481", "٣٥٢٠٩٩٠٠١٧٦١٤٨١"], "352099001761481"),
        ("address", ["123/45 ซอยสุขุมวิท 21", "๑๒๓/๔๕ ซอยสุขุมวิท ๒๑"], "123/45 ซอย สุขุมวิท 21"),
    ],
)
def test_other_kinds_read_them_too(kind: str, forms: list[str], key: str) -> None:
    assert [k for k, _, _ in _both_paths(kind, forms, "TH")] == [key] * len(forms)


def test_e_mails_and_ips_keep_theirs() -> None:
    assert normalize_value("ip", "๑.๒.๓.๔")[1] == "invalid_ip"
    assert normalize_value("email", "๑๒๓@corp.cn")[0] == "๑๒๓@corp.cn"


def test_a_thai_run_is_a_placeholder_as_the_ascii_one() -> None:
    assert _both_paths("id_document", ["๑๒๓๔๕๖๗๘", "12345678"]) == [(None, "placeholder", None)] * 2


# --- Australia Post street types read in place ---------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("12 Smith Cr", "12 smith crescent"),
        ("12 Smith Cr, Perth WA 6000", "12 smith crescent perth wa 6000"),
        ("1/12 Smith Cr", "1/12 smith crescent"),
        ("Unit 1, 12 Smith Cr", "1/12 smith crescent"),
        ("Apt 5, 12 Smith Cr", "5/12 smith crescent"),
        ("No. 12 Smith Cr", "12 smith crescent"),
        ("12-14 Smith Cr", "12 14 smith crescent"),
        ("12 The Cr", "12 the crescent"),
        ("12 Sir Thomas Mitchell Cr", "12 sir thomas mitchell crescent"),
        ("12 Smith Gr", "12 smith grove"),
        ("12 Smith Cv", "12 smith cove"),
        ("12 Smith Wy", "12 smith way"),
        ("12 Smith Cr St Kilda", "12 smith crescent saint kilda"),  # a street type before St
        # not in place: a county road, a state or country, a UK postcode, a PO box
        ("CR 123", "cr 123"),
        ("1234 CR 45", "1234 cr 45"),
        ("12 Smith Cr 6000", "12 smith cr 6000"),
        ("PO Box 123, Cheyenne WY", "po box 123 cheyenne wy"),
        ("123 Main St, Cheyenne, WY 82001", "123 main street cheyenne wy 82001"),
        ("12 Smith Road, Croydon CR0 2AB", "12 smith road croydon cr 0 2 ab"),
        ("12 A B C D Cr", "12 a b c d cr"),  # more words than a street name has
        ("12 Smith 人民 Cr", "12 smith 人民 cr"),
        ("人民路 12 Smith Cr", "人民路 12 smith cr"),
        # the other Australia Post and NZ Post types, and two more
        ("12 Smith Cct", "12 smith circuit"),
        ("12 Smith Pde", "12 smith parade"),
        ("12 Smith Hwy", "12 smith highway"),
        ("12 Smith Tce", "12 smith terrace"),
        ("12 Smith Esp", "12 smith esplanade"),
        ("12 Smith Cl", "12 smith close"),
        ("12 Smith Pl", "12 smith place"),
        ("12 Smith Pwy", "12 smith parkway"),
        ("12 Smith Prom", "12 smith promenade"),
        ("12 Smith Way Unit 3", "3/12 smith way"),  # a street type: the unit joins
    ],
)
def test_street_types_read_in_place(raw: str, key: str) -> None:
    assert _both_paths("address", [raw], "AU") == [(key, None, None)]
    assert _both_paths("address", [raw], "US") == [(key, None, None)]  # in every region
    assert normalize_value("address", key)[0] == key  # keys stay keys


def test_the_full_and_short_forms_meet() -> None:
    forms = ["12 Smith Cr", "12 Smith Crescent", "12 smith cres", "12 SMITH CR."]
    assert {k for k, _, _ in _both_paths("address", forms)} == {"12 smith crescent"}


# --- letters after or in a phone number ----------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "+61 412 345 678 ab",
        "+61 412 345 678 a",
        "0412 345 678 h",  # a letter alone is no label: "(h)" is
        "+61412345678z",
        "0412 345 678 (ab)",
        "0412345678 AU",
        "0412 3a5 678",  # a letter typed for a digit
        "0412 345 67o",
        "0412 345 678 a 1",
    ],
)
def test_a_letter_after_or_in_the_number_is_no_number(value: str) -> None:
    assert _both_paths("phone", [value], "AU") == [(None, "invalid_phone", None)]


@pytest.mark.parametrize(
    "value",
    [
        "0412 345 678 (h)",
        "0412 345 678 ph",
        "0412 345 678 mob",
        "0412 345 678 x",  # an extension marker with no extension
        "0412 345 678, x",
        "0412 345 678 ext.",
        "0412 345 678 #",
        "0412 345 678 x 12",
        "+61 412 345 678;ext=12",
        "tel:+61-412-345-678",
        "mob: 0412 345 678",
    ],
)
def test_labels_and_extensions_still_go(value: str) -> None:
    assert _both_paths("phone", [value], "AU") == [("+61412345678", None, None)]


def test_chinese_extension_markers_and_brazils_carrier_placeholder() -> None:
    cn = ["13800138000 分机", "13800138000转", "13800138000转123", "138 0013 8000 手机"]
    assert _both_paths("phone", cn, "CN") == [("+8613800138000", None, None)] * len(cn)
    assert _both_paths("phone", ["138 0013 8000 张先生"], "CN") == [(None, "invalid_phone", None)]
    assert _both_paths("phone", ["0xx11 8765-4321"], "BR") == [("+5511987654321", None, None)]


# --- the fast paths and the per-value path agree on these shapes ----------------------

_PIECES = {
    "device": [
        "iphone", "iPhone 12", "Samsung", "Galaxy", "S21", "android", "11", "imei:",
        "35-209900-176148-1", "aa:bb:cc:dd:ee:01", "pro", "9f8e7d6c5b4a3921", "sn", "device id",
        "device_id", "android id", "mac", "dead", "beef", "1234", "5g", "x", "mi", "a1", "face",
    ],
    "address": [
        "12", "1/12", "Unit", "No.", "Smith", "The", "St", "Kilda", "Rd", "Cr", "CR", "Gr", "Cv",
        "Wy", "Way", "3", "6000", "WA", "Cheyenne", "WY", "82001", "PO", "Box", "CR0", "2AB",
        "人民路", "Ste", "Fl", "3rd", "12F", "#3", "12-14", "Pwy", "Prom", "A", "B", "C", "D",
    ],
    "payment_account": [
        "ICBC", "CMB", "CMBC", "BOC", "Bank of China", "China Merchants Bank", "招商银行",
        "中國工商銀行", "工行", "card", "卡号", "6225881234567890", "6222 0202 0011 2233 445",
        "KBank", "BCA", "a.n.", "BUDI", "OVO", "+62 812 3456 7890", ":", "尾号", "1234", "NO",
    ],
    "phone": [
        "0412 345 678", "+61 412 345 678", "x", "ext", "ext.", "12", "a", "ab", "h", "(h)",
        "mob", "#", "分机", "转", "o", "(ab)", ";ext=12", "tel:",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("kind", "region"), [(k, r) for k in _PIECES for r in ("AU", "CN")])
def test_both_paths_agree_on_mixed_values(kind: str, region: str) -> None:
    rng = random.Random(f"{kind}{region}")
    pieces = _PIECES[kind]
    values = {
        rng.choice([" ", "", "-", ", "]).join(rng.choices(pieces, k=rng.randint(1, 5)))
        for _ in range(1500)
    }
    _both_paths(kind, sorted(values), region)  # asserts that the paths agree
