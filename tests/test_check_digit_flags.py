"""Check-digit flags: an IBAN whose ISO 13616 check digits fail is ``iban_check_failed``,
and an ID number whose form names a scheme with a published check character (a Chinese
resident ID, a Spanish DNI or NIE, a Singapore NRIC or FIN, an Italian codice fiscale, a
Mexican CURP, an Indian GSTIN) and fails it ``id_check_failed``: kept, weaker, on both
paths, read again as themselves, and matched with their twins in the batch, screening
and partner matching.

Valid numbers are published examples (SWIFT's IBAN registry, the schemes' own examples)
or made by the schemes' algorithms, written here apart from the normaliser's.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _normalize_checks import checked_results, sent_per_value

import sellergraph as sg
from sellergraph import normalize
from sellergraph.evidence import FLAG_FACTORS
from sellergraph.intel import match_watchlist, to_watchlist
from sellergraph.normalize import FLAGS, normalize_value

# --- the schemes, written apart from the normaliser ---------------------------------


def _iban(country: str, bban: str) -> str:
    """An IBAN with its check digits: 98 minus the BBAN, the country and ``00`` modulo 97."""
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def _dni(number: int) -> str:
    return f"{number:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def _nie(prefix: str, number: int) -> str:
    return (
        f"{prefix}{number:07d}"
        + "TRWAGMYFPDXBNJZSQVHLCKE"[int(f"{'XYZ'.index(prefix)}{number:07d}") % 23]
    )


def _rut_check(body: str) -> str:
    total = sum(int(c) * w for c, w in zip(reversed(body), [2, 3, 4, 5, 6, 7] * 2, strict=False))
    return {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))


def _sg_uen(digits: str) -> str:
    """A Singapore business's UEN (ROB): 8 digits and their check letter."""
    total = sum(int(c) * w for c, w in zip(digits, (10, 4, 9, 3, 8, 2, 7, 1), strict=True))
    return digits + "XMKECAWLJDB"[total % 11]


def _nric(prefix: str, digits: str) -> str:
    total = sum(int(c) * w for c, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=True))
    total += 4 if prefix in "TG" else 0
    return prefix + digits + ("JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK")[total % 11]


def _cif_letter(prefix: str, digits: str) -> str:
    """A Spanish CIF with a check letter: its Luhn digit over the digits, as ``JABCDEFGHI``."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return prefix + digits + "JABCDEFGHI"[(10 - total % 10) % 10]


def _gstin(first14: str) -> str:
    """A GSTIN: Luhn modulo 36 over its 15 characters."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    total = 0
    for i, c in enumerate(reversed(first14)):
        v = alphabet.index(c) * (1 if i % 2 else 2)
        total += v // 36 + v % 36
    return first14 + alphabet[(36 - total % 36) % 36]


def _cn_id(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _typo(key: str, at: int) -> str:
    """``key`` with its character ``at`` changed (a digit to the next, a letter to the next)."""
    c = key[at]
    other = str((int(c) + 1) % 10) if c.isdigit() else chr(65 + (ord(c) - 64) % 26)
    return key[:at] + other + key[at + 1 :]


# --- IBAN -----------------------------------------------------------------------------

#: Sample IBANs of SWIFT's IBAN registry, as written there.
REGISTRY_IBANS = [
    "AD12 0001 2030 2003 5910 0100", "AE070331234567890123456",
    "AL47 2121 1009 0000 0002 3569 8741", "AT61 1904 3002 3457 3201",
    "AZ21NABZ00000000137010001944", "BA39 1290 0794 0102 8494", "BG80 BNBG 9661 1020 3456 78",
    "BH67BMAG00001299123456", "BR1800000000141455123924100C2", "CH93 0076 2011 6238 5295 7",
    "CY17 0020 0128 0000 0012 0052 7600", "CZ65 0800 0000 1920 0014 5399",
    "DE89 3704 0044 0532 0130 00", "DK50 0040 0440 1162 43", "DO28BAGR00000001212453611324",
    "EE38 2200 2210 2014 5685", "ES91 2100 0418 4502 0005 1332", "FO62 6460 0001 6316 34",
    "FR14 2004 1010 0505 0001 3M02 606", "GB29 NWBK 6016 1331 9268 19",
    "GE29 NB00 0000 0101 9049 17", "GI75 NWBK 0000 0000 7099 453", "GL89 6471 0001 0002 06",
    "GR16 0110 1250 0000 0001 2300 695", "GT82TRAJ01020000001210029690",
    "HR12 1001 0051 8630 0016 0", "HU42 1177 3016 1111 1018 0000 0000",
    "IE29 AIBK 9311 5212 3456 78", "IL62 0108 0000 0009 9999 999",
    "IS14 0159 2600 7654 5510 7303 39", "IT60 X054 2811 1010 0000 0123 456",
    "JO94CBJO0010000000000131000302", "KZ86125KZT5004100100",
    "LB62 0999 0000 0001 0019 0122 9114", "LI21 0881 0000 2324 013A A",
    "LT12 1000 0111 0100 1000", "LU28 0019 4006 4475 0000", "LV80 BANK 0000 4351 9500 1",
    "MD24AG000225100013104168", "ME25 5050 0001 2345 6789 51", "MK07250120000058984",
    "MR13 0002 0001 0100 0012 3456 753", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    "MU17 BOMM 0101 1010 3030 0200 000M UR", "NL91 ABNA 0417 1643 00", "NO93 8601 1117 947",
    "PK36SCBL0000001123456702", "PL61 1090 1014 0000 0712 1981 2874",
    "PS92PALS000000000400123456702", "PT50 0002 0123 1234 5678 9015 4",
    "QA58DOHB00001234567890ABCDEFG", "RO49 AAAA 1B31 0075 9384 0000",
    "RS35 2600 0560 1001 6113 79", "SA03 8000 0000 6080 1016 7519",
    "SE45 5000 0000 0583 9825 7466", "SI56 1910 0000 0123 438", "SK31 1200 0000 1987 4263 7541",
    "SM86 U032 2509 8000 0000 0270 100", "TN59 1000 6035 1835 9847 8831",
    "TR33 0006 1005 1978 6457 8413 26", "VG96VPVG0000012345678901", "XK051212012345678906",
]  # fmt: skip


#: A Finnish IBAN written without ``IBAN`` before it is read as a Canadian financial
#: institution's number (the parts label ``FI``) and refused, ``bank_code_only``, so the
#: key of ``IBAN FI21 …`` does not read back: not this module's to fix (see the test below).
FINNISH_IBAN = "FI21 1234 5600 0007 85"


def _compact(written: str) -> str:
    return written.replace(" ", "").upper()


def test_the_registry_lengths_are_the_samples_lengths() -> None:
    for written in REGISTRY_IBANS:
        key = _compact(written)
        assert normalize._IBAN_LENGTHS[key[:2]] == len(key), written
    assert len(normalize._IBAN_LENGTHS) == 89


def test_published_ibans_are_not_flagged() -> None:
    got = checked_results("payment_account", REGISTRY_IBANS)
    assert all(reason is None and flag is None for _, reason, flag in got), got
    # a British or Irish IBAN with valid check digits is its sort code and account
    keys = {w: key for w, (key, _, _) in zip(REGISTRY_IBANS, got, strict=True)}
    assert keys["GB29 NWBK 6016 1331 9268 19"] == "60161331926819"
    assert keys["DE89 3704 0044 0532 0130 00"] == "DE89370400440532013000"


@pytest.mark.parametrize("written", REGISTRY_IBANS)
def test_an_iban_with_one_typo_is_flagged(written: str) -> None:
    key = _compact(written)
    # every character after the country's letters changed once, and two different
    # neighbouring digits swapped: ISO 13616's check fails them all
    typos = [_typo(key, at) for at in range(2, len(key))]
    typos += [
        key[:at] + key[at + 1] + key[at] + key[at + 2 :]
        for at in range(4, len(key) - 1)
        if key[at].isdigit() and key[at + 1].isdigit() and key[at] != key[at + 1]
    ]
    got = checked_results("payment_account", typos)
    assert got == [(t, None, "iban_check_failed") for t in typos]


def test_a_valid_and_a_broken_iban_of_every_registry_country() -> None:
    rng = random.Random(13616)
    valid, broken, longer = [], [], []
    for country, length in sorted(normalize._IBAN_LENGTHS.items()):
        if country in ("GB", "IE", "FI"):  # GB, IE: four letters first (below); FI: above
            continue
        bban = "".join(rng.choice("0123456789") for _ in range(length - 4))
        iban = _iban(country, bban)
        valid.append(iban)
        broken.append(iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:])
        longer.append(_iban(country, bban + "7"))  # valid, but not its country's length
    for country in ("GB", "IE"):
        broken.append(
            _typo(_iban(country, "WEST" + "".join(rng.choice("0123456789") for _ in range(14))), 9)
        )
    assert checked_results("payment_account", valid) == [(v, None, None) for v in valid]
    assert checked_results("payment_account", broken) == [
        (b, None, "iban_check_failed") for b in broken
    ]
    assert [flag for _, _, flag in checked_results("payment_account", longer)] == [None] * len(
        longer
    )


def test_a_finnish_iban_is_an_iban() -> None:
    key = _compact(FINNISH_IBAN)
    typo = _typo(key, 7)
    written = [FINNISH_IBAN, f"IBAN {FINNISH_IBAN}", key, typo]
    assert checked_results("payment_account", written) == [
        (key, None, None), (key, None, None), (key, None, None), (typo, None, "iban_check_failed")
    ]  # fmt: skip


FLAGGED_PK = "PK36SCBL0000001123456703"


@pytest.mark.parametrize(
    "written",
    [
        "PK36 SCBL 0000 0011 2345 6703", "pk36scbl0000001123456703",
        "IBAN: PK36 SCBL 0000 0011 2345 6703", "IBAN PK36-SCBL-0000-0011-2345-6703",
        "Account: PK36SCBL0000001123456703",
        " PK36.SCBL.0000.0011.2345.6703 ", "IBAN: PK36 SCBL 0000 0011 2345 6703, BIC: SCBLPKKX",
    ],
)  # fmt: skip
def test_a_mistyped_iban_is_one_flagged_key_however_written(written: str) -> None:
    assert checked_results("payment_account", [written]) == [
        (FLAGGED_PK, None, "iban_check_failed")
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # no registry country, not its country's length, another bank's words
        ("QQ12 3456 7890 1234 5678 90", ("QQ12345678901234567890", None, None)),
        ("DE89 3704 0044 0532 0130 0", ("DE8937040044053201300", None, None)),
        ("MB01 2345 6789 012", ("MBBANK0123456789012", None, None)),
        # a Polish NRB whose IBAN check fails stays digits (no IBAN: no flag)
        ("62 1090 1014 0000 0712 1981 2874", ("62109010140000071219812874", None, None)),
        # a bank's name after an IBAN whose check fails stays refused, as before
        ("DE88 3704 0044 0532 0130 00 (Commerzbank)", (None, "invalid_characters", None)),
    ],
)
def test_what_is_no_iban_is_not_flagged(written: str, expected: tuple[object, ...]) -> None:
    assert checked_results("payment_account", [written]) == [expected]


def test_the_vectorised_iban_check_is_the_per_value_one() -> None:
    rng = np.random.default_rng(97)
    keys = []
    for country, length in normalize._IBAN_LENGTHS.items():
        for _ in range(20):
            body = rng.choice(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), length - 4)
            keys.append(country + "".join(rng.choice(list("0123456789"), 2)) + "".join(body))
        keys.append(_iban(country, "1" * (length - 4)))
    arr = pa.array(["x", *keys], pa.large_string())
    rows = np.arange(1, len(keys) + 1)
    got = normalize._iban_many(arr, rows).tolist()
    assert got == [normalize._iban_ok(k) for k in keys]
    assert any(got) and not all(got)


# --- ID documents -------------------------------------------------------------------


def _valid_ids() -> dict[str, list[str]]:
    """Published examples and numbers the schemes' algorithms make, per scheme."""
    rng = random.Random(7064)
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    letters = lambda n: "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))  # noqa: E731
    return {
        "cn": ["11010519491231002X", *(_cn_id("110105" + digits(11)) for _ in range(8))],
        "dni": ["12345678Z", "00000001R", *(_dni(rng.randrange(10**8)) for _ in range(8))],
        "nie": [
            "X1234567L", "Y1234567X", "Z1234567R",
            *(_nie(p, rng.randrange(10**7)) for p in "XYZXYZ"),
        ],
        "nric": ["S1234567D", "T0123456G", *(_nric(p, digits(7)) for p in "STFGSTFG")],
        "codice_fiscale": [
            "RSSMRA85T10A562S", "MRTNTN23M02D969P", "RCCMNL83S18D969H", "MRSMSR81D60Z611H",
            "CNTCHR83T41D969D", "FOXDRA26C24H872Y", "MAILCU91A25F839D", "RSSMRA45C12F20RX",
            "RSSMRA45C12F2LRI", "BNCSFN85T58G702W",
        ],
        "curp": [
            "BOXW310820HNERXN09", "HEGG560427MVZRRL04", "BEML920313HMCLNS09", "PEGL890909MJCRMS08",
            "AAMG890608HDFLJL00", "MARR890512HMNRMN09", "TOMA880125HMNRRN02", "VIAA900930MMNCLL08",
        ],
        "gstin": [
            "27AAPFU0939F1ZV",
            *(
                _gstin(f"{rng.randrange(1, 38):02d}{letters(5)}{digits(4)}{letters(1)}1Z")
                for _ in range(8)
            ),
        ],
    }  # fmt: skip


VALID_IDS = _valid_ids()
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The check character's place in each scheme's form.
CHECK_AT = {"cn": 17, "dni": 8, "nie": 8, "nric": 8, "codice_fiscale": 15, "curp": 17, "gstin": 14}


def _broken(scheme: str, key: str) -> list[str]:
    """``key`` with each of its other check characters (the ones the form allows)."""
    at = CHECK_AT[scheme]
    allowed = {
        "cn": "0123456789X", "dni": LETTERS, "nie": LETTERS, "nric": LETTERS,
        "codice_fiscale": LETTERS, "curp": "0123456789", "gstin": "0123456789" + LETTERS,
    }[scheme]  # fmt: skip
    out = [key[:at] + c + key[at + 1 :] for c in allowed if c != key[at]]
    if scheme == "dni":  # a valid Chilean RUT (8 digits and K) or Singapore UEN: not flagged
        out = [k for k in out if not (k[-1] == "K" and _rut_check(k[:8]) == "K")]
        out = [k for k in out if k != _sg_uen(k[:8])]
    if scheme == "nric":  # S, F, G with a Spanish CIF's check letter: not flagged
        out = [k for k in out if k[0] == "T" or k != _cif_letter(k[0], k[1:8])]
    return out


@pytest.mark.parametrize("scheme", sorted(VALID_IDS))
def test_valid_id_numbers_are_not_flagged(scheme: str) -> None:
    keys = VALID_IDS[scheme]
    written = [*keys, *(k.lower() for k in keys), *(f"{k[:4]} {k[4:]}" for k in keys)]
    assert checked_results("id_document", written) == [(k, None, None) for k in keys * 3]


@pytest.mark.parametrize("scheme", sorted(VALID_IDS))
def test_id_numbers_failing_their_check_are_flagged_and_kept(scheme: str) -> None:
    broken = [b for key in VALID_IDS[scheme][:4] for b in _broken(scheme, key)]
    assert checked_results("id_document", broken) == [(b, None, "id_check_failed") for b in broken]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("DNI 12345678-A", "12345678A"), ("NIE: X-1234567-A", "X1234567A"),
        ("NRIC: S1234567A", "S1234567A"), ("IC S1234567A", "S1234567A"),
        ("Codice fiscale: RSSMRA85T10A562T", "RSSMRA85T10A562T"),
        ("CURP: BOXW310820HNERXN08", "BOXW310820HNERXN08"),
        ("GSTIN 27AAPFU0939F1ZO", "27AAPFU0939F1ZO"),
        ("身份证: 110105 19491231 0021", "110105194912310021"),
    ],
)  # fmt: skip
def test_labelled_id_numbers_failing_their_check_are_flagged(written: str, key: str) -> None:
    assert checked_results("id_document", [written]) == [(key, None, "id_check_failed")]


def test_a_dni_form_ending_in_k_is_flagged_only_when_no_rut_either() -> None:
    rng = random.Random(23)
    bodies = [f"{rng.randrange(10**7, 10**8)}" for _ in range(400)]
    rut_k = [b + "K" for b in bodies if _rut_check(b) == "K"][:5]
    dni_k = [_dni(int(b)) for b in bodies if _dni(int(b))[-1] == "K" and _rut_check(b) != "K"][:5]
    neither = [
        b + "K"
        for b in bodies
        if _dni(int(b))[-1] != "K" and _rut_check(b) != "K" and _sg_uen(b)[-1] != "K"
    ][:5]
    assert rut_k and dni_k and neither
    got = checked_results("id_document", [*rut_k, *dni_k, *neither])
    assert [flag for _, _, flag in got] == [None] * 10 + ["id_check_failed"] * 5


def test_a_spanish_cif_s_check_letter_after_s_f_or_g_is_not_flagged() -> None:
    cifs = [_cif_letter(p, d) for p in "SFG" for d in ("2800000", "9921658", "4107040")]
    cifs = [c for c in cifs if c != _nric(c[0], c[1:8])]
    got = checked_results("id_document", cifs)
    assert got == [(c, None, None) for c in cifs]
    # T begins no CIF: its letter is the NRIC's or the number is flagged
    t = "T" + cifs[0][1:]
    assert checked_results("id_document", [t])[0][2] == (
        None if t == _nric("T", t[1:8]) else "id_check_failed"
    )


@pytest.mark.parametrize(
    "written",
    [
        "CPF 529.982.247-26", "CNPJ 11.222.333/0001-82", "Aadhaar 2341 2341 2347",
        "PESEL 44051401358",
        "TC Kimlik No 10000000147", "SA ID 8001015009088", "주민등록번호 900101-1234560",
        "BSN 111222334", "CUIT 20-12345678-0", "RUT 12.345.678-5", "PL5261040829",
        "12.03.2023", "CURPSTVC800101HDFRRL09", "Passport No. E12345678",
    ],
)  # fmt: skip
def test_numbers_whose_form_names_no_checked_scheme_are_not_flagged(written: str) -> None:
    # digits alone are several countries' numbers (some without a check digit): the
    # key, which lost its label, cannot say whose; letters glued to a label stay a key
    [(key, reason, flag)] = checked_results("id_document", [written])
    assert (reason, flag) == (None, None), key


def test_the_vectorised_id_checks_are_the_per_value_ones() -> None:
    rng = random.Random(11)
    pick = lambda chars, n: "".join(rng.choice(chars) for _ in range(n))  # noqa: E731
    d, omocodic, months = "0123456789", "0123456789LMNPQRSTUV", "ABCDEHLMPRST"
    forms = [
        lambda: pick(d, 8) + pick(LETTERS, 1),
        lambda: pick(d, 8) + "K",
        lambda: pick("XYZ", 1) + pick(d, 7) + pick(LETTERS, 1),
        lambda: pick("STFG", 1) + pick(d, 7) + pick(LETTERS, 1),
        lambda: pick("SFG", 1) + pick(d, 7) + pick("JABCDEFGHI", 1),
        lambda: pick(LETTERS, 6) + pick(omocodic, 2) + pick(months, 1) + pick(omocodic, 2)
        + pick(LETTERS, 1) + pick(omocodic, 3) + pick(LETTERS, 1),
        lambda: pick(LETTERS, 4) + pick(d, 6) + pick(LETTERS, 6) + pick(d + LETTERS, 1)
        + pick(d, 1),
        lambda: pick(d, 2) + pick(LETTERS, 5) + pick(d, 4) + pick(LETTERS, 1)
        + pick(d + LETTERS, 1) + "Z" + pick(d + LETTERS, 1),
    ]  # fmt: skip
    keys = [form() for form in forms for _ in range(400)]
    keys = [k for k in keys if any(c.isdigit() for c in k)]
    got = checked_results("id_document", keys)
    flags = [flag for _, _, flag in got]
    assert got == [(k, None, f) for k, f in zip(keys, flags, strict=True)]
    assert flags == ["id_check_failed" if normalize._id_check_fails(k) else None for k in keys]
    assert 0 < flags.count(None) < len(keys) / 2


def test_flagged_keys_read_again_are_themselves_with_their_flag() -> None:
    values = [
        *REGISTRY_IBANS, *(_typo(_compact(w), 6) for w in REGISTRY_IBANS), FLAGGED_PK,
        *(k for keys in VALID_IDS.values() for k in keys),
        *(b for s, keys in VALID_IDS.items() for b in _broken(s, keys[0])[:3]),
    ]  # fmt: skip
    for kind in ("payment_account", "id_document"):
        for written, (key, _, flag) in zip(values, checked_results(kind, values), strict=True):
            if key is not None:
                assert normalize_value(kind, key) == (key, None, flag), (written, key)


def test_the_fast_path_decides_the_new_forms_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = sent_per_value(monkeypatch)
    rng = random.Random(5)
    ibans = [_iban("DE", f"{rng.randrange(10**18):018d}") for _ in range(300)]
    ids = [_dni(rng.randrange(10**8)) for _ in range(300)]
    ids += [_nric("S", f"{i:07d}") for i in range(300)]
    ids += [k for keys in VALID_IDS.values() for k in keys]
    broken = [b for s, keys in VALID_IDS.items() for k in keys for b in _broken(s, k)[:2]]
    for kind, values, flagged in (
        ("payment_account", ibans + [_typo(v, 9) for v in ibans], 300),
        ("id_document", ids + broken, len(broken)),
    ):
        sent.clear()
        out = normalize._normalize_values_via(kind, pd.Series(values), "fast")
        assert not sent, kind
        assert out["key"].notna().all()
        assert out["flag"].notna().sum() == flagged


# --- flags where they weigh -------------------------------------------------------------


def test_every_flag_has_a_weight_factor() -> None:
    assert set(FLAG_FACTORS) == set(FLAGS)
    assert FLAG_FACTORS["iban_check_failed"] == FLAG_FACTORS["id_check_failed"] == 0.8
    assert "iban_check_failed" in normalize.FLAG_CODES


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store, and an active one holding its mistyped IBAN and DNI written
    otherwise, one in a wide table's column."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2024-02-01"],
            "closed_at": ["2024-01-01", None],
            "iban": [None, "IBAN: pk36 scbl 0000 0011 2345 6703"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "B1", "A1"],
            "kind": ["payment_account", "id_document", "dni"],
            "value": ["PK36 SCBL 0000 0011 2345 6703", "12345678A", "DNI 12345678-A"],
        }
    )
    return stores, links


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links = _tables()
    return sg.analyze(stores, links, seed=0)


def test_the_batch_keeps_flagged_values_as_one_weaker_identifier(analysis: sg.Analysis) -> None:
    idents = analysis.evidence.identifiers.set_index("key")
    cfg = sg.Config()
    for key, kind, flag in [
        (FLAGGED_PK, "payment_account", "iban_check_failed"),
        ("12345678A", "id_document", "id_check_failed"),
    ]:
        row = idents.loc[key]
        assert (row["kind"], row["flag"], row["n_stores"]) == (kind, flag, 2)
        assert row["base_weight"] == pytest.approx(cfg.kinds[kind].weight * 0.8)
    explained = analysis.explain("A1", mask=False).contributions
    shared = explained[explained["value"].isin([FLAGGED_PK, "12345678A"])]
    assert len(shared) == 2
    assert analysis.scores.set_index("store_id").loc["A1", "score"] > 0


def test_screening_matches_a_flagged_value_at_its_flagged_weight(analysis: sg.Analysis) -> None:
    screener = sg.Screener.from_analysis(analysis)
    decision = screener.screen(
        {"store_id": "N1", "identifiers": {"payment_account": ["pk36-scbl-0000-0011-2345-6703"]}}
    )
    assert decision.evidence_records, decision
    weights = {r["kind"]: r["weight"] for r in decision.evidence_records if r["kind"]}
    idents = analysis.evidence.identifiers.set_index("key")
    assert weights["payment_account"] <= idents.loc[FLAGGED_PK, "base_weight"] + 1e-9
    assert weights["payment_account"] < sg.Config().kinds["payment_account"].weight * 0.9


def test_a_partner_s_unflagged_row_matches_our_flagged_key(analysis: sg.Analysis) -> None:
    secret = b"a key both marketplaces hold"
    watchlist = to_watchlist(analysis, secret=secret)
    rows = watchlist.rows.copy()
    assert set(rows["flag"].dropna()) == {"iban_check_failed", "id_check_failed"}
    rows["flag"] = None  # a partner on a version that flags neither
    stores, links = _tables()
    ours = sg.load(stores.assign(store_id=["X1", "X2"]), links.assign(store_id=["X1", "X1", "X2"]))
    found = match_watchlist(rows, ours, secret=secret).identifiers
    assert set(found["kind"]) == {"payment_account", "id_document"}
    assert set(found["flag"]) == {"iban_check_failed", "id_check_failed"}
    for kind, weight in found.groupby("kind")["weight"].max().items():
        # the smaller of the two sides' factors: ours
        assert 0 < weight <= sg.Config().kinds[str(kind)].weight * 0.8 + 1e-9


def test_a_singapore_business_uen_is_no_failed_dni() -> None:
    # 8 digits and a letter: a Spanish DNI, or a Singapore business's UEN (ROB)
    valid_uens = ["00192200M", "53123456L", _sg_uen("20240517")]
    assert checked_results("id_document", valid_uens) == [(u, None, None) for u in valid_uens]
    assert checked_results("id_document", ["53123456A"]) == [("53123456A", None, "id_check_failed")]
