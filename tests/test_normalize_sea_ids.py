"""ID documents, company numbers and phone numbers as a marketplace in Vietnam, Thailand,
the Philippines, Malaysia, Singapore and Indonesia writes them (the s42 sea user, F2a
and F2d).

ID documents lose this region's company, tax and ID labels, so a labelled number and
the bare number are one key: Singapore's ``UEN`` (``UEN No.``, ``ACRA UEN``), ``FIN``
and ``NRIC/FIN``, Malaysia's ``I/C``, ``K/P``, ``SSM``, ``ROC``, ``Co. No.``, ``No.
Pendaftaran`` and ``Reg. No.``, the Philippines' ``SEC Reg. No.``, Indonesia's
``NPWP``, Vietnam's ``MST``, ``Mã số thuế`` (also without diacritics) and
``CMND/CCCD``, ``Thai ID`` and Thailand's juristic-person and taxpayer labels in Thai.
A Philippine TIN written with its head office's branch code (``-000``, ``-00000``) is
the TIN; another branch keeps its code.

A phone number with its network's name after it (``(AIS)``, ``(Globe)``, ``(Maxis)``,
``(Telkomsel)``, ``(Viettel)``, ``(Singtel)``, ..., in brackets or not) is read.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results

import sellergraph as sg
from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_value

# --- ID and company-number labels (F2a) ----------------------------------------------

_ID_FORMS = {
    "201912345K": [  # Singapore's UEN (a company)
        "201912345K",
        "UEN 201912345K",
        "UEN: 201912345K",
        "UEN No. 201912345K",
        "ACRA UEN 201912345K",
        "Business Reg. No. 201912345K",
        "Registration No. 201912345K",
    ],
    "53123456L": ["53123456L", "UEN: 53123456L", "UEN No. 53123456L", "ACRA UEN: 53123456L"],
    "G1234567X": [  # Singapore's FIN
        "G1234567X",
        "FIN G1234567X",
        "FIN: G1234567X",
        "NRIC/FIN: G1234567X",
        "FIN/NRIC G1234567X",
    ],
    "S1234567D": ["S1234567D", "NRIC/FIN: S1234567D", "NRIC/FIN No: S1234567D"],
    "850101145678": [  # Malaysia's MyKad
        "850101-14-5678",
        "I/C 850101-14-5678",
        "I/C: 850101-14-5678",
        "I/C No. 850101-14-5678",
        "No. K/P: 850101-14-5678",
        "K/P 850101145678",
    ],
    "201901012345": [  # Malaysia's SSM company number
        "201901012345",
        "SSM 201901012345",
        "SSM No. 201901012345",
        "SSM: 201901012345",
        "Reg. No. 201901012345",
        "No. Pendaftaran 201901012345",
        "No. Pendaftaran Syarikat: 201901012345",
    ],
    "1234567X": ["1234567-X", "SSM 1234567-X", "ROC 1234567-X", "Co. No. 1234567-X"],
    "CS201912345": [  # the Philippines' SEC registration
        "CS201912345",
        "SEC CS201912345",
        "SEC Reg. No. CS201912345",
        "SEC Registration No. CS201912345",
    ],
    "092542943407000": [  # Indonesia's NPWP
        "09.254.294.3-407.000",
        "092542943407000",
        "NPWP 09.254.294.3-407.000",
        "NPWP: 092542943407000",
        "NPWP. 09.254.294.3-407.000",
    ],
    "0312345678": [  # Vietnam's tax code
        "0312345678",
        "MST 0312345678",
        "MST: 0312345678",
        "Mã số thuế 0312345678",
        "Mã số thuế: 0312345678",
        "MÃ SỐ THUẾ 0312345678",
        "Ma so thue 0312345678",
        "Ma so thue: 0312345678",
        "MSDN: 0312345678",
        "Mã số doanh nghiệp 0312345678",
    ],
    "079201001234": [  # Vietnam's CCCD
        "079201001234",
        "CMND/CCCD: 079201001234",
        "CMND/CCCD 079201001234",
        "CCCD/CMND: 079201001234",
        "Số CMND/CCCD: 079201001234",
        "CMND/CCCD số 079201001234",
    ],
    "1103702071831": [  # Thailand's ID
        "1-1037-02071-83-1",
        "Thai ID: 1-1037-02071-83-1",
        "Thai ID 1103702071831",
        "Thai National ID 1103702071831",
        "เลขประจำตัวผู้เสียภาษี 1103702071831",
    ],
    "0105556012345": [  # a Thai juristic person's registration (and tax) number
        "0105556012345",
        "0-1055-56012-34-5",
        "เลขทะเบียนนิติบุคคล 0105556012345",
        "เลขทะเบียนนิติบุคคล: 0-1055-56012-34-5",
        "ทะเบียนนิติบุคคล 0105556012345",
        "เลขนิติบุคคล 0-1055-56012-34-5",
        "เลขประจำตัวผู้เสียภาษี 0105556012345",
        "เลขประจำตัวผู้เสียภาษี(อากร) 0105556012345",
        "เลขประจำตัวผู้เสียภาษีอากร: 0105556012345",
        "Tax ID 0105556012345",
    ],
}
_ID_CASES = [(form, key) for key, forms in _ID_FORMS.items() for form in forms]


@pytest.mark.parametrize(("value", "key"), _ID_CASES)
def test_id_after_a_label_of_this_region_is_the_bare_number(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)
    assert normalize_value("id_document", key) == (key, None, None)


@pytest.mark.parametrize("region", ["TH", "SG", "VN"])
def test_id_labels_fast_path_matches_reference(region: str) -> None:
    got = checked_results("id_document", [form for form, _ in _ID_CASES], region)
    assert [key for key, _, _ in got] == [key for _, key in _ID_CASES]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        # a label needs its separator: glued, the letters are the value's
        ("FING1234567X", "FING1234567X"),
        ("UEN201912345K", "UEN201912345K"),
        ("MST0312345678", "MST0312345678"),
        ("NPWP092542943407000", "NPWP092542943407000"),
        # words that start like a label are no label
        ("FINAL 1234567", "FINAL1234567"),
        ("ROCK 1234567", "ROCK1234567"),
        ("MSTR 12345", "MSTR12345"),
        ("SECURITY 12345", "SECURITY12345"),
        ("SSMX 12345", "SSMX12345"),
        ("REGON 123456785", "123456785"),  # Poland's REGON stays a label of its own
        # a Vietnamese branch's own tax code (13 digits) stays whole, as a PH branch's does
        ("MST: 0312345678-001", "0312345678001"),
    ],
)
def test_what_is_no_label_of_this_region_stays(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)


# --- a Philippine TIN and its branch code (F2a) ---------------------------------------

_TIN_FORMS = {
    "418205773": [  # the head office: the TIN alone, or with branch 000 / 00000
        "418-205-773",
        "TIN 418-205-773",
        "TIN: 418-205-773",
        "418205773",
        "418-205-773-000",
        "TIN 418-205-773-000",
        "TIN No. 418-205-773-000",
        "418-205-773-00000",
        "TIN: 418-205-773-00000",
    ],
    "418205773001": [  # another branch of the same taxpayer: its own key
        "418-205-773-001",
        "TIN 418-205-773-001",
        "418-205-773-00001",
        "418205773001",
    ],
    "418205773012": ["418-205-773-012", "418-205-773-00012"],
}
_TIN_CASES = [(form, key) for key, forms in _TIN_FORMS.items() for form in forms]


@pytest.mark.parametrize(("value", "key"), _TIN_CASES)
def test_ph_tin_with_the_head_office_branch_is_the_tin(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)
    assert normalize_value("id_document", key) == (key, None, None)


def test_ph_tin_fast_path_matches_reference() -> None:
    got = checked_results("id_document", [form for form, _ in _TIN_CASES], "PH")
    assert [key for key, _, _ in got] == [key for _, key in _TIN_CASES]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        # twelve bare digits ending in 000, or in threes between spaces: as often a MyKad
        # or a CCCD (whose first nine digits are nobody's) as a TIN and its branch
        ("418205773000", "418205773000"),
        ("850101145000", "850101145000"),
        ("079 201 001 000", "079201001000"),
        # no branch code: four zeros, five digits not 00…, another shape
        ("418-205-773-0000", "4182057730000"),
        ("418-205-773-10000", "41820577310000"),
        ("418-205-773-000-000", "418205773000000"),
        ("788.002.158-23", "78800215823"),  # a Brazilian CPF
        ("NIT 989.159.344-2", "9891593442"),  # a Colombian NIT
    ],
)
def test_other_twelve_digit_shapes_keep_their_digits(value: str, key: str) -> None:
    assert normalize_value("id_document", value) == (key, None, None)


# --- phones: a mobile network's name after the number (F2d) ---------------------------

_PHONE_FORMS = [
    ("TH", "081-583-2291 (AIS)", "+66815832291"),
    ("TH", "081-583-2291 (DTAC)", "+66815832291"),
    ("TH", "081-583-2291 (True)", "+66815832291"),
    ("TH", "081-583-2291 (TrueMove H)", "+66815832291"),
    ("TH", "+66 81 583 2291 (AIS)", "+66815832291"),
    ("TH", "0815832291 AIS", "+66815832291"),
    ("TH", "081-583-2291 - True", "+66815832291"),
    ("TH", "081-583-2291 (ไลน์)", "+66815832291"),
    ("TH", "081-583-2291 ไลน์", "+66815832291"),
    ("TH", "๐๘๑-๕๘๓-๒๒๙๑ (AIS)", "+66815832291"),
    ("PH", "0917 583 2291 (Globe)", "+639175832291"),
    ("PH", "0917 583 2291 (Smart)", "+639175832291"),
    ("PH", "0917 583 2291 (TNT)", "+639175832291"),
    ("PH", "0917 583 2291 (DITO)", "+639175832291"),
    ("PH", "+63 917 583 2291 Globe", "+639175832291"),
    ("MY", "012-387 6612 (Maxis)", "+60123876612"),
    ("MY", "012-387 6612 (Celcom)", "+60123876612"),
    ("MY", "012-387 6612 (Digi)", "+60123876612"),
    ("MY", "012-387 6612 (U Mobile)", "+60123876612"),
    ("MY", "012-387 6612 U Mobile", "+60123876612"),
    ("MY", "012-3876612 Maxis", "+60123876612"),
    ("ID", "0812-5832-2917 (Telkomsel)", "+6281258322917"),
    ("ID", "0812-5832-2917 (Indosat)", "+6281258322917"),
    ("ID", "0812-5832-2917 (XL)", "+6281258322917"),
    ("ID", "0812-5832-2917 (Tri)", "+6281258322917"),
    ("ID", "+62 812 5832 2917 Telkomsel", "+6281258322917"),
    ("VN", "0912 583 229 (Viettel)", "+84912583229"),
    ("VN", "0912 583 229 (Vinaphone)", "+84912583229"),
    ("VN", "0912 583 229 (Mobifone)", "+84912583229"),
    ("VN", "091.258.3229 Viettel", "+84912583229"),
    ("SG", "9583 2291 (Singtel)", "+6595832291"),
    ("SG", "9583 2291 (StarHub)", "+6595832291"),
    ("SG", "9583 2291 (M1)", "+6595832291"),
    ("SG", "+65 9583 2291 M1", "+6595832291"),
]


@pytest.mark.parametrize(("region", "value", "key"), _PHONE_FORMS)
def test_phone_with_its_network_after_it(region: str, value: str, key: str) -> None:
    config = NormalizeConfig(default_region=region)
    assert normalize_value("phone", value, config=config) == (key, None, None)


@pytest.mark.parametrize("region", sorted({r for r, _, _ in _PHONE_FORMS}))
def test_phone_networks_fast_path_matches_reference(region: str) -> None:
    forms = [(v, k) for r, v, k in _PHONE_FORMS if r == region]
    got = checked_results("phone", [v for v, _ in forms], region)
    assert [key for key, _, _ in got] == [k for _, k in forms]


@pytest.mark.parametrize(
    "value",
    [
        "081-583-2291 (Bangkok)",
        "081-583-2291 trueX",
        "081-583-2291 (tru)",
        "081-583-2291 (Mobile U)",
        "081-AIS-2291",
    ],
)
def test_other_words_after_a_phone_stay_invalid(value: str) -> None:
    config = NormalizeConfig(default_region="TH")
    assert normalize_value("phone", value, config=config) == (None, "invalid_phone", None)


# --- a number written in a neighbour's national form (F6): no country is guessed ----------


@pytest.mark.parametrize(
    ("region", "value", "key", "reason"),
    [
        # a Malaysian mobile in a Singapore store: 012 dials out of Singapore, and the
        # digits are as valid in Malaysia as an Indonesian or Philippine landline
        # (0361-123456, 032-123-4567) is: rejected (and reported), not given +60
        ("SG", "012-387 6612", None, "invalid_phone"),
        ("SG", "0361-123456", None, "invalid_phone"),
        # eight digits are a Singapore mobile and a Malaysian landline (09-583 2291 with
        # its 0 lost), both valid: read in the store's country
        ("MY", "9583 2291", "+6095832291", None),
        ("SG", "9583 2291", "+6595832291", None),
    ],
)
def test_a_neighbours_national_form_is_read_in_the_stores_country(
    region: str, value: str, key: str | None, reason: str | None
) -> None:
    config = NormalizeConfig(default_region=region)
    assert normalize_value("phone", value, config=config)[:2] == (key, reason)


# --- through the loader, each store read in its country ---------------------------------


def test_loader_joins_the_tagged_and_labelled_forms() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D", "E", "F"],
            "status": ["active"] * 6,
            "country": ["TH", "TH", "PH", "PH", "VN", "VN"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D", "E", "F"],
            "kind": ["phone", "phone", "id_document", "id_document", "id_document", "phone"],
            "value": [
                "081-583-2291 (AIS)",
                "+66 81 583 2291",
                "TIN 418-205-773",
                "418-205-773-00000",
                "Mã số thuế 0312345678",
                "0912 583 229 (Viettel)",
            ],
        }
    )
    ds = sg.load(stores, links)
    keys = dict(zip(ds.links["store_id"], ds.links["key"].astype(str), strict=True))
    assert keys == {
        "A": "+66815832291",
        "B": "+66815832291",
        "C": "418205773",
        "D": "418205773",
        "E": "0312345678",
        "F": "+84912583229",
    }
    assert ds.rejected.empty
