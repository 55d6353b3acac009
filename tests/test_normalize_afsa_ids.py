"""ID documents and phone numbers as a marketplace in Nigeria, Kenya, Ghana, South Africa,
Egypt, Pakistan, Bangladesh and Sri Lanka writes them (the s41 afsa user).

ID documents lose this region's labels, so a labelled number and the bare number are one
key: Pakistan's ``CNIC``/``CNIC No.``/``NIC``/``B-Form``, Bangladesh's ``NID``/``NID
No.``/``Smart NID`` (and ``জাতীয় পরিচয়পত্র``), the ``Ghana Card``, Sri Lanka's ``NIC``,
Kenya's bare ``PIN`` and ``KRA``, ``Kenyan ID``, ``RSA ID``, ``NIN-`` joined by a hyphen,
Egypt's ``رقم قومي``. A South African ID number's Luhn digit is not checked, labelled or
not: 13 digits may be a CNIC, a Bangladeshi NID, a Korean or Thai id, and a flag is the
key's, which has lost the label.

A phone number with its network's name after it (``(MTN)``, ``(Safaricom)``, ``(Jazz)``,
``(Grameenphone)``, ``(Dialog)``, ``(we)``, ...) or WhatsApp in Arabic (``واتساب``) is
read; two whole numbers glued by a ``/`` (``08031234567/08059876543``) are a list the
loader reads as both, while ``030/1234567`` stays one Berlin number.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import both_paths as _both_paths

import sellergraph as sg
from sellergraph.config import NormalizeConfig
from sellergraph.dataset import list_parts
from sellergraph.normalize import normalize_value

# --- ID labels (finding 3) -------------------------------------------------------

_ID_FORMS = {
    "3520208492191": [  # Pakistan's CNIC
        "35202-0849219-1",
        "CNIC 35202-0849219-1",
        "CNIC: 3520208492191",
        "CNIC No. 35202-0849219-1",
        "CNIC-35202-0849219-1",
        "NIC 35202-0849219-1",
        "SNIC 35202-0849219-1",
        "NICOP: 35202-0849219-1",
        "B-Form 35202-0849219-1",
        "B Form No: 35202-0849219-1",
        "Computerized National Identity Card 35202-0849219-1",
        "National Identity Card: 35202-0849219-1",
        "CNIC ۳۵۲۰۲-۰۸۴۹۲۱۹-۱",
        "شناختی کارڈ نمبر ۳۵۲۰۲-۰۸۴۹۲۱۹-۱",
    ],
    "4829173651": [  # Bangladesh's NID
        "4829173651",
        "NID 4829173651",
        "NID No. 4829173651",
        "NID: 482 917 3651",
        "NID-4829173651",
        "Smart NID 4829173651",
        "Smart Card No. 4829173651",
        "NID ৪৮২৯১৭৩৬৫১",
        "জাতীয় পরিচয়পত্র ৪৮২৯১৭৩৬৫১",
        "জাতীয় পরিচয়পত্র নম্বর: ৪৮২৯১৭৩৬৫১",
        "এনআইডি ৪৮২৯১৭৩৬৫১",
    ],
    "19726062006214150": ["19726062006214150", "NID 19726062006214150", "NID No 19726062006214150"],
    "GHA3960930987": [  # the Ghana Card
        "GHA-396093098-7",
        "GHA3960930987",
        "Ghana Card GHA-396093098-7",
        "Ghana Card: GHA-396093098-7",
        "GhanaCard GHA-396093098-7",
        "Ghana Card PIN: GHA-396093098-7",
    ],
    "906565586V": ["906565586V", "NIC 906565586V", "NIC No: 906565586v", "NIC-906565586V"],
    "197973222027": ["197973222027", "NIC 197973222027", "Sri Lankan ID 197973222027"],
    "A734218753Z": [  # Kenya's KRA PIN
        "A734218753Z",
        "KRA PIN A734218753Z",
        "PIN A734218753Z",
        "PIN No. A734218753Z",
        "PIN: a734218753z",
        "KRA: A734218753Z",
        "KRA PIN No: A734218753Z",
    ],
    "28491736": [  # Kenya's national ID
        "28491736",
        "ID 28491736",
        "Kenyan ID 28491736",
        "Kenya ID No. 28491736",
        "Kenyan National ID: 28491736",
    ],
    "8001015009087": [  # South Africa's ID
        "8001015009087",
        "SA ID 8001015009087",
        "RSA ID 8001015009087",
        "RSA ID No: 800101-5009-087",
        "South African ID 8001015009087",
    ],
    "48219376510": [  # Nigeria's NIN
        "48219376510",
        "NIN 48219376510",
        "NIN-48219376510",
        "NIN - 482 1937 6510",
        "NIN No. 48219376510",
        "Nigerian ID 48219376510",
    ],
    "29001011234567": [  # Egypt's national number
        "29001011234567",
        "الرقم القومي 29001011234567",
        "الرقم القومى ٢٩٠٠١٠١١٢٣٤٥٦٧",
        "رقم قومي: ٢٩٠٠١٠١١٢٣٤٥٦٧",
        "رقم قومى ٢٩٠٠١٠١١٢٣٤٥٦٧",
        "NID 29001011234567",
        "Egyptian ID 29001011234567",
    ],
}
_ID_CASES = [(form, key) for key, forms in _ID_FORMS.items() for form in forms]


@pytest.mark.parametrize(("value", "key"), _ID_CASES)
def test_id_after_a_label_of_this_region_is_the_bare_number(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)


def test_id_labels_fast_path_matches_reference() -> None:
    _both_paths("id_document", [form for form, _ in _ID_CASES])


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("NIT-989.159.344-2", "NIT9891593442"),  # a hyphen ends none but this region's labels
        ("NTN 1234567-8", "NTN12345678"),  # Pakistan's tax number is another document
        ("PINA734218753Z", "PINA734218753Z"),  # a label needs its separator
        ("NICK 906565586V", "NICK906565586V"),
        ("GHA-396093098-7", "GHA3960930987"),  # the card's own letters stay
    ],
)
def test_what_is_no_label_of_this_region_stays(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)


# --- South African ID check digit: none, as a flag belongs to the key ---------------


@pytest.mark.parametrize(
    "value",
    [
        "8001015009088",  # a wrong Luhn digit
        "SA ID 8001015009088",
        "RSA ID: 800101 5009 088",
        "South African ID No. 800101-5009-088",
        "4210116028031",  # a CNIC's digits: a date first, no Luhn digit
        "CNIC 42101-1602803-1",
        "800101-1234568",  # a Korean resident registration number's shape
    ],
)
def test_thirteen_digits_get_no_check_flag_labelled_or_not(value: str) -> None:
    # 13 digits are a Pakistani, Bangladeshi, Korean or Thai id as often as a South
    # African one, and a flag is the key's: the labelled form and the bare key weigh alike
    key, reason, flag = normalize_value("id_document", value)
    assert (reason, flag) == (None, None)
    assert normalize_value("id_document", key) == (key, None, None)


# --- phones: a network's name after the number (finding 8) -----------------------------

_PHONE_FORMS = [
    ("NG", "0805 987 6543 (MTN)", "+2348059876543"),
    ("NG", "08031234567 (Glo)", "+2348031234567"),
    ("NG", "08031234567 (Airtel)", "+2348031234567"),
    ("NG", "0909 123 4567 (9mobile)", "+2349091234567"),
    ("NG", "0809 123 4567 (Etisalat)", "+2348091234567"),
    ("NG", "0805 987 6543 MTN", "+2348059876543"),
    ("NG", "+234 805 987 6543 - MTN", "+2348059876543"),
    ("KE", "0712345678 (Safaricom)", "+254712345678"),
    ("KE", "0733123456 (Airtel)", "+254733123456"),
    ("KE", "0712345678 (M-Pesa)", "+254712345678"),
    ("KE", "0712345678 Safaricom", "+254712345678"),
    ("GH", "024 123 4567 (MTN)", "+233241234567"),
    ("GH", "020 123 4567 (Vodafone)", "+233201234567"),
    ("GH", "027 123 4567 (AirtelTigo)", "+233271234567"),
    ("ZA", "082 123 4567 (Vodacom)", "+27821234567"),
    ("ZA", "084 123 4567 (Cell C)", "+27841234567"),
    ("PK", "0300-1234567 (Jazz)", "+923001234567"),
    ("PK", "0310-1234567 (Zong)", "+923101234567"),
    ("PK", "0345-1234567 (Telenor)", "+923451234567"),
    ("PK", "0333-1234567 (Ufone)", "+923331234567"),
    ("PK", "۰۳۰۰-۱۲۳۴۵۶۷ (Jazz)", "+923001234567"),
    ("BD", "01712-345678 (Grameenphone)", "+8801712345678"),
    ("BD", "01712-345678 (GP)", "+8801712345678"),
    ("BD", "01812-345678 (Robi)", "+8801812345678"),
    ("BD", "01912-345678 (Banglalink)", "+8801912345678"),
    ("EG", "01012345678 (Vodafone)", "+201012345678"),
    ("EG", "01112345678 (Etisalat)", "+201112345678"),
    ("EG", "01212345678 (Orange)", "+201212345678"),
    ("EG", "01512345678 (we)", "+201512345678"),
    ("EG", "01012345678 واتساب", "+201012345678"),
    ("EG", "٠١٠١٢٣٤٥٦٧٨ واتساب", "+201012345678"),
    ("EG", "01012345678 (واتساب)", "+201012345678"),
    ("LK", "0771234567 (Dialog)", "+94771234567"),
    ("LK", "0711234567 (Mobitel)", "+94711234567"),
]


@pytest.mark.parametrize(("region", "value", "key"), _PHONE_FORMS)
def test_phone_with_its_network_after_it(region: str, value: str, key: str) -> None:
    config = NormalizeConfig(default_region=region)
    assert normalize_value("phone", value, config=config) == (key, None, None)


@pytest.mark.parametrize("region", sorted({r for r, _, _ in _PHONE_FORMS}))
def test_phone_networks_fast_path_matches_reference(region: str) -> None:
    values = [v for r, v, _ in _PHONE_FORMS if r == region]
    _both_paths("phone", values, NormalizeConfig(default_region=region))


@pytest.mark.parametrize(
    "value", ["0803 123 4567 john", "0803 123 4567 (Lagos)", "0805-MTN-6543", "0803 123 4567 wee"]
)
def test_other_words_after_a_phone_stay_invalid(value: str) -> None:
    config = NormalizeConfig(default_region="NG")
    assert normalize_value("phone", value, config=config) == (None, "invalid_phone", None)


# --- phones: two numbers glued by a "/" (finding 8) ----------------------------------


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("08031234567/08059876543", ["08031234567", "08059876543"]),
        ("0712345678/0733123456", ["0712345678", "0733123456"]),
        ("0803 123 4567/0805 987 6543", ["0803 123 4567", "0805 987 6543"]),
        ("+2348031234567/+2348059876543", ["+2348031234567", "+2348059876543"]),
        ("0803 123 4567 (MTN)/0805 987 6543", ["0803 123 4567 (MTN)", "0805 987 6543"]),
        ("08031234567/08059876543; 0712345678", ["08031234567", "08059876543", "0712345678"]),
        ("০১৭১২৩৪৫৬৭৮/০১৮১২৩৪৫৬৭৮", ["০১৭১২৩৪৫৬৭৮", "০১৮১২৩৪৫৬৭৮"]),
    ],
)
def test_numbers_glued_by_a_slash_are_a_list(value: str, parts: list[str]) -> None:
    assert list_parts("phone", value) == parts


@pytest.mark.parametrize(
    "value",
    [
        "030/1234567",
        "0171/1234567",
        "0803 123 4567/8",
        "08031234567/67",
        "08031234567/5829174",  # seven digits: valid alone in Nigeria, but no whole number
        "12/05/2021",
    ],
)
def test_a_slash_inside_one_number_is_no_list(value: str) -> None:
    assert list_parts("phone", value) == []


def test_loader_reads_both_glued_numbers_and_keeps_a_berlin_number_whole() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D"],
            "status": ["active"] * 4,
            "country": ["NG", "KE", "DE", "NG"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D"],
            "kind": "phone",
            "value": [
                "08031234567/08059876543",
                "0712345678/0733123456",
                "030/1234567",
                "0805 987 6543 (MTN)",
            ],
        }
    )
    ds = sg.load(stores, links)
    keys = ds.links.groupby("store_id")["key"].apply(lambda k: sorted(k.astype(str)))
    assert keys["A"] == ["+2348031234567", "+2348059876543"]
    assert keys["B"] == ["+254712345678", "+254733123456"]
    assert keys["C"] == ["+49301234567"]
    assert keys["D"] == ["+2348059876543"]
    assert set(ds.rejected["reason"]) == {"several_values"}
    assert set(ds.rejected["store_id"]) == {"A", "B"}
