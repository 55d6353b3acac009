"""European marketplace exports (DE/FR/PL/NL/TR/UA): labels before tax and company
numbers and before account numbers, the Polish NRB, a bank's name after an IBAN, IDN
e-mail domains, Turkish ``İ`` and European address words. Each value is checked on the
fast and per-value paths (they must agree)."""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph import normalize
from sellergraph.normalize import normalize_value

_Result = tuple[str | None, str | None, str | None]


def _keys(kind: str, values: list[str]) -> list[str | None]:
    return [key for key, _, _ in _both_paths(kind, values)]


# --- 3, 4: labels before tax, company and personal numbers ---------------------------

TAX_LABELLED = {
    "DE123456789": [
        "USt-IdNr.: DE123456789", "USt-IdNr. DE 123456789", "UStIdNr DE123456789",
        "USt-ID DE123456789", "VAT: DE123456789", "VAT ID DE123456789", "VAT No. DE123456789",
        "UID-Nr. DE123456789", "BTW-nummer DE123456789", "TVA intracom. DE123456789",
        "N° TVA DE123456789",
    ],
    "5261040828": ["NIP: 526-104-08-28", "NIP 5261040828", "nip 526 104 08 28"],
    "73282932000074": [
        "SIRET : 732 829 320 00074", "N° SIRET 73282932000074", "Siret: 73282932000074",
        "N° 73282932000074",
    ],
    "732829320": ["SIREN 732 829 320", "SIREN: 732829320"],
    "28713517595": [
        "Steuer-ID: 28713517595", "Steuer-IdNr. 28713517595", "Steuernummer 28713517595",
        "Steuer-Nr. 28713517595", "Steuer-Identifikationsnummer: 28713517595",
    ],
    "44051401359": ["PESEL: 44051401359", "pesel 44051401359"],
    "123456785": ["REGON: 123456785", "KRS 123456785", "KvK-nummer 123456785"],
    "10000000146": [
        "TC Kimlik No: 10000000146", "T.C. 10000000146", "TCKN 10000000146",
        "T.C. Kimlik No 10000000146", "Kimlik No: 10000000146",
    ],
    "4840847211": ["VKN: 4840847211", "Vergi No: 4840847211", "Vergi Kimlik No: 4840847211"],
    "2871351759": [
        "IPN 2871351759", "ІПН 2871351759", "ІПН: 2871351759", "РНОКПП 2871351759",
        "іпн: 2871351759", "ЄДРПОУ 2871351759",
    ],
    "04710660969": ["Partita IVA 04710660969", "P. IVA: 04710660969", "Codice fiscale 04710660969"],
}  # fmt: skip


@pytest.mark.parametrize("key", list(TAX_LABELLED))
def test_labels_before_tax_and_company_numbers_are_dropped(key: str) -> None:
    values = [key, *TAX_LABELLED[key]]
    got = _both_paths("id_document", values)
    bad = [(v, g) for v, g in zip(values, got, strict=True) if g != (key, None, None)]
    assert not bad


def test_a_label_glued_to_its_number_stays() -> None:
    # as CURPSTVC... stays: only a label before a separator is dropped
    assert _keys("id_document", ["NIP5261040828", "SIRET73282932000074"]) == [
        "NIP5261040828",
        "SIRET73282932000074",
    ]


def test_a_json_key_naming_a_tax_number_is_read() -> None:
    from sellergraph.dataset import _json_key_value

    assert _json_key_value("id_document", "NIP", "5261040828") == "nip: 5261040828"


# --- 5: payment accounts -----------------------------------------------------------------

PL_IBAN = "PL61109010140000071219812874"


@pytest.mark.parametrize(
    ("key", "values"),
    [
        (
            PL_IBAN,
            [
                "PL61 1090 1014 0000 0712 1981 2874", "61 1090 1014 0000 0712 1981 2874",
                "61109010140000071219812874", "Nr konta: PL61 1090 1014 0000 0712 1981 2874",
                "Numer rachunku: 61109010140000071219812874",
                "nr rachunku 61 1090 1014 0000 0712 1981 2874",
                "Numer konta: 61-1090-1014-0000-0712-1981-2874",
            ],
        ),
        ("FR1420041010050500013M02606", ["RIB: FR14 2004 1010 0505 0001 3M02 606"]),
        (
            "DE89370400440532013000",
            ["Kontonummer: DE89 3704 0044 0532 0130 00", "Konto DE89370400440532013000"],
        ),
        ("ACCT_1NV0FGQ9RKHGCVDK", ["acct_1Nv0FGQ9RKHgCVdK", "Stripe: acct_1Nv0FGQ9RKHgCVdK"]),
        ("K123456", ["Klarna: K123456", "klarna K123456"]),
    ],
)  # fmt: skip
def test_european_account_labels_are_dropped(key: str, values: list[str]) -> None:
    got = _both_paths("payment_account", values)
    assert got == [(key, None, None)] * len(values), list(zip(values, got, strict=True))


def test_only_a_26_digit_number_passing_the_polish_iban_check_is_a_polish_iban() -> None:
    other = "62109010140000071219812874"  # one digit off: the check fails
    assert _keys("payment_account", [other, "83 1020 3352 0000 1102 0169 1271"]) == [
        other,
        "83102033520000110201691271",
    ]
    # many NRBs on the fast path give what the per-value path gives
    nrbs = [f"{n:026d}" for n in range(10**25, 10**25 + 400)]
    s = pd.Series(nrbs, dtype=object)
    fast = normalize._normalize_values_via("payment_account", s, "fast")
    ref = normalize._normalize_values_via("payment_account", s, "reference")
    assert fast.equals(ref)
    assert fast["key"].str.startswith("PL").sum() == sum(normalize._iban_ok("PL" + n) for n in nrbs)


@pytest.mark.parametrize(
    "value",
    [
        "DE89 3704 0044 0532 0130 00 (Commerzbank)",
        "IBAN: DE89 3704 0044 0532 0130 00 (Deutsche Bank AG)",
        "DE89370400440532013000 ( Sparkasse Köln-Bonn )",
    ],
)
def test_a_banks_name_in_brackets_after_a_valid_iban_is_dropped(value: str) -> None:
    assert _both_paths("payment_account", [value]) == [("DE89370400440532013000", None, None)]


def test_a_name_in_brackets_after_no_valid_iban_is_read_as_before() -> None:
    got = _both_paths(
        "payment_account", ["DE88 3704 0044 0532 0130 00 (Commerzbank)", "0149284756 (GTB)"]
    )
    assert got == [(None, "invalid_characters", None), ("GTB0149284756", None, None)]


def test_iban_check() -> None:
    assert normalize._iban_ok("DE89370400440532013000")
    assert normalize._iban_ok("FR1420041010050500013M02606")
    assert not normalize._iban_ok("DE88370400440532013000")
    assert not normalize._iban_ok("4111111111111111")


# --- 6: e-mail addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("info@bücher.de", ["info@bücher.de", "info@xn--bcher-kva.de", "INFO@XN--BCHER-KVA.DE"]),
        (
            "jorg.muller3954@müller-shop.de",
            ["Jorg.Muller3954@Müller-Shop.De", "jorg.muller3954@xn--mller-shop-9db.de"],
        ),
        ("ilker@gmail.com", ["İLKER@gmail.com", "ilker@gmail.com", "İlker@Gmail.com"]),
        ("ilker@gmail.com", ["i̇lker@gmail.com"]),  # lower-cased already: i and a dot above
        ("a@strasse.de", ["a@straße.de", "a@xn--strae-oqa.de"]),
    ],
)
def test_idn_domains_and_turkish_dotted_i_are_one_key(key: str, values: list[str]) -> None:
    got = _both_paths("email", values)
    assert got == [(key, None, None)] * len(values), list(zip(values, got, strict=True))
    assert normalize_value("email", key) == (key, None, None)  # idempotent


def test_invalid_punycode_stays_as_written() -> None:
    assert _keys("email", ["a@xn--zz.de", "a@xn--abc.com"]) == ["a@xn--zz.de", "a@xn--abc.com"]


def test_idn_rows_go_per_value_and_others_stay_fast() -> None:
    spec, comp = normalize._SPECS["email"], normalize._compiled(None)
    values = pd.Index([f"user{i}@corp{i}.com" for i in range(200)] + ["info@xn--bcher-kva.de"])
    done = normalize._fast_codes(values, spec, comp)
    assert done is not None
    assert [values[i] for i in done[3]] == ["info@xn--bcher-kva.de"]


# --- 7: addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ["Hauptstr. 12a, 10115 Berlin", "Hauptstraße 12a, 10115 Berlin",
         "Hauptstrasse 12a, 10115 Berlin", "HAUPTSTRASSE 12A 10115 BERLIN"],
        ["Kölner Straße 5, 50667 Köln", "Kölner Str. 5, 50667 Köln",
         "Kölner Strasse 5, 50667 Köln"],
        ["Kerkstraat 12, 1011 AB Amsterdam", "Kerkstr. 12, 1011 AB Amsterdam"],
        ["bd Voltaire 59ter, 75011 Paris", "boulevard Voltaire 59ter, 75011 Paris",
         "Bd. Voltaire 59 ter, 75011 Paris"],
        ["ul. Marszałkowska 120 m. 39, 00-001 Warszawa", "Marszałkowska 120/39, 00-001 Warszawa",
         "ulica Marszałkowska 120 m 39, 00-001 Warszawa",
         "ul. Marszałkowska 120 lok. 39, 00-001 Warszawa"],
        ["al. Jerozolimskie 160/55, Warszawa", "aleja Jerozolimskie 160 m. 55, Warszawa",
         "Al. Jerozolimskie 160 m 55, Warszawa"],
        ["Atatürk Mah. Cumhuriyet Cad. No: 154 Daire: 30 34710 İstanbul",
         "Atatürk Mahallesi Cumhuriyet Caddesi No:154 D:30 34710 İstanbul",
         "Atatürk Mah. Cumhuriyet Cad. No:154/30 34710 İstanbul"],
        ["Moda Mah. Şair Nefi Sok. No:3 Kadıköy", "Moda Mahallesi Şair Nefi Sokak No: 3 Kadıköy",
         "Moda Mah. Şair Nefi Sk. No:3 Kadıköy"],
        ["вул. Хрещатик, 22, кв. 5, Київ, 01001", "вулиця Хрещатик 22 кв 5 Київ 01001",
         "вул. Хрещатик 22/5, м. Київ, 01001"],
        # ASCII forms (the fast path's)
        ["Ataturk Mah. Cumhuriyet Cad. No:12 D:5", "Ataturk Mahallesi Cumhuriyet Caddesi No 12/5"],
        ["ul. Dluga 12 m. 5, Warszawa", "Dluga 12/5, Warszawa"],
    ],
)  # fmt: skip
def test_european_address_forms_are_one_key(values: list[str]) -> None:
    keys = _keys("address", values)
    assert len(set(keys)) == 1, list(zip(values, keys, strict=True))
    assert normalize_value("address", keys[0])[0] == keys[0]  # idempotent


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Kölner Str. 5, 50667 Köln", "kolner str 5 50667 koln"),  # not English street
        ("Hauptstraße 12a, 10115 Berlin", "hauptstr 12 a 10115 berlin"),
        ("12 ter rue de la Paix, 75002 Paris", "12 ter rue de la paix 75002 paris"),
        ("12 bis rue de la Paix, 75002 Paris", "12 bis rue de la paix 75002 paris"),
        ("bd Voltaire 59ter", "boulevard voltaire 59 ter"),
        ("al. Jerozolimskie 44", "al jerozolimskie 44"),
        ("ul. Długa 12 m. 5", "dluga 12/5"),
        ("Şair Nefi Sk. No:3", "sair nefi sokak 3"),
        ("вул. Хрещатик 22", "вулиця хрещатик 22"),
    ],
)
def test_european_address_keys(value: str, key: str) -> None:
    assert _keys("address", [value]) == [key]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("12 Smith Ter", "12 smith terrace"),  # English terrace
        ("Lvl 3, 12 Smith Tce", "level 3 12 smith terrace"),
        ("Bradford BD1 1AA", "bradford bd 1 1 aa"),  # a UK postcode, no boulevard
        ("Stockport SK1 3XE", "stockport sk 1 3 xe"),  # a UK postcode, no sokak
        ("Regina, SK S4P 3Y2", "regina sk s 4 p 3 y 2"),  # Saskatchewan
        ("Birmingham, AL 35203", "birmingham al 35203"),
        (
            "Unit 7, 4970 Harbour Road, Building D, Kowloon",
            "7/4970 harbour road building d kowloon",
        ),
        ("Building D 5", "building d 5"),  # D is a flat mark only after No and a number
        ("12 Fuhrman Str eet", "12 fuhrman street"),
        ("Hauptstr. Nr. 12", "hauptstr 12"),
        ("ul. Długa 12 m. 56789", "dluga 12 m 56789"),  # no flat has five digits
    ],
)
def test_what_european_words_leave_alone(value: str, key: str) -> None:
    assert _keys("address", [value]) == [key]


def test_european_words_keep_the_fast_path_for_other_addresses() -> None:
    spec, comp = normalize._SPECS["address"], normalize._compiled(None)
    plain = [f"Rm {i}, {i} Renmin Rd, Licheng District, Putian" for i in range(200)]
    european = ["Hauptstrasse 12a, 10115 Berlin", "ul. Dluga 12 m. 5", "bd Voltaire 59ter"]
    values = pd.Index(plain + european)
    done = normalize._fast_codes(values, spec, comp)
    assert done is not None
    assert [values[i] for i in done[3]] == european
