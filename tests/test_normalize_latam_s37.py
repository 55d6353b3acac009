"""A Brazil/Mexico marketplace export, read as its sellers write it: PIX keys after their
Portuguese labels, accented bank names, two IMEIs in one cell, ``Cuenta CLABE``,
Portuguese and Spanish unit words, ``CPF/CNPJ:``, ``MP``, labelled IPs and e-mails, and a
"no value" phrase in an e-mail cell (the new user's findings 4 to 10)."""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

import sellergraph as sg
from sellergraph.dataset import list_parts
from sellergraph.normalize import normalize_value

UUID = "57fe54f1-c5fb-ce9c-54be-21b1ac95890e"
UUID_KEY = "57FE54F1C5FBCE9C54BE21B1AC95890E"
IMEI_1, IMEI_2 = "352099001761481", "352099001761499"


def _same_key(kind: str, values: list[str], key: str) -> None:
    got = _both_paths(kind, values)
    assert [k for k, _, _ in got] == [key] * len(values), list(zip(values, got, strict=True))
    assert all(r is None for _, r, _ in got)
    assert normalize_value(kind, key)[0] == key  # keys stay keys


def _load(kind: str, cells: list[str]) -> sg.Dataset:
    n = len(cells)
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["active"] * n,
            "country": ["BR"] * n,
        }
    )
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": [kind] * n, "value": cells})
    return sg.load(stores, links)


# -- 4: PIX keys after their labels --------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                UUID,
                f"Chave PIX: {UUID}",
                f"chave aleatória {UUID}",
                f"chave aleatoria {UUID}",
                f"Chave aleatória: {UUID}",
                f"EVP {UUID}",
                f"Chave PIX aleatória: {UUID}",
                f"PIX (aleatória) {UUID}",
                f"PIX (EVP): {UUID}",
            ],
            UUID_KEY,
        ),
        (
            ["870.021.765-91", "PIX 870.021.765-91", "PIX (CPF) 870.021.765-91"],
            "87002176591",
        ),
        (["ana@uol.com.br", "Chave Pix (e-mail): ana@uol.com.br"], "ana@uol.com.br"),
    ],
)
def test_pix_keys_after_their_labels_are_the_bare_key(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "+55 11 91234-5678",
                "PIX +55 11 91234-5678",
                "PIX (11) 91234-5678",
                "Chave PIX: (11) 91234-5678",
                "Chave Pix (celular): 11 91234-5678",
                "PIX (telefone) 11912345678",
                "pix 11 9 1234-5678",
                "PIX: 55 11 91234 5678",
                "(11) 91234-5678",
                "(11) 9 1234-5678",
                "11 91234-5678",
            ],
            "+5511912345678",
        ),
        (["PIX (11) 3456-7890", "Chave PIX: +55 11 3456-7890"], "+551134567890"),
    ],
)
def test_a_pix_phone_key_written_nationally_is_the_international_key(
    values: list[str], key: str
) -> None:
    _same_key("payment_account", values, key)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("PIX 11912345678", "11912345678"),  # eleven bare digits may be a CPF
        ("PIX 870.021.765-91", "87002176591"),
        ("(11) 3456-7890", "1134567890"),  # a landline alone may be any country's
        ("(56) 91234-5678", "56912345678"),  # 56 is no Brazilian area code
        ("(55) 1234 5678", "5512345678"),  # Mexico City
    ],
)
def test_numbers_that_need_not_be_brazilian_phones_keep_their_digits(value: str, key: str) -> None:
    assert _both_paths("payment_account", [value]) == [(key, None, None)]


# -- 5: accented Latin letters are Latin ---------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (["Itau ag 1234 cc 12345-6", "Itaú ag 1234 cc 12345-6"], "ITAUAG1234CC123456"),
        (
            ["Caixa Economica 1234 12345-6", "Caixa Econômica 1234 12345-6"],
            "CAIXAECONOMICA1234123456",
        ),
        (
            ["Bradesco Agencia 1234 Conta 12345-6", "Bradesco Agência 1234 Conta 12345-6"],
            "BRADESCOAGENCIA1234CONTA123456",
        ),
    ],
)
def test_accented_bank_names_and_labels_read_as_unaccented(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key)


def test_other_scripts_are_still_invalid_characters() -> None:
    # a holder's name in Chinese before the number is no bank's name
    assert normalize_value("payment_account", "张三 6222 0202 0011 2233")[1] == (
        "invalid_characters"
    )


# -- 6: two IMEIs in one device cell -------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        f"IMEI1: {IMEI_1} IMEI2: {IMEI_2}",
        f"IMEI 1: {IMEI_1}, IMEI 2: {IMEI_2}",
        f"{IMEI_1} / {IMEI_2}",
        f"{IMEI_1}/{IMEI_2}",
        f"IMEI {IMEI_1} / {IMEI_2}",
    ],
)
def test_two_imeis_in_one_cell_are_two_devices(cell: str) -> None:
    assert [normalize_value("device", p)[0] for p in list_parts("device", cell)] == [
        IMEI_1,
        IMEI_2,
    ]
    ds = _load("device", [cell, IMEI_2])
    assert sorted(ds.links["key"]) == [IMEI_1, IMEI_2, IMEI_2]
    assert ds.rejected["reason"].tolist() == ["several_values"]


def test_a_numbered_imei_alone_is_the_imei() -> None:
    _same_key("device", [IMEI_1, f"IMEI1: {IMEI_1}", f"IMEI 2 {IMEI_1}"], IMEI_1)


@pytest.mark.parametrize(
    "value",
    [
        "ab12/cd34+==",  # a base64 id holds a "/"
        "0123456789abcdef/0123456789abcdee",  # not whole numbers
        f"{IMEI_1}/{IMEI_2}0",  # two lengths
    ],
)
def test_a_slash_inside_one_device_id_stays(value: str) -> None:
    assert list_parts("device", value) == []
    key, reason, _ = normalize_value("device", value)
    assert key is not None and reason is None


def test_device_fast_path_agrees() -> None:
    _both_paths(
        "device",
        [
            f"IMEI1: {IMEI_1}",
            f"imei 1 {IMEI_1}",
            f"IMEI1: {IMEI_1} IMEI2: {IMEI_2}",
            f"{IMEI_1}/{IMEI_2}",
            f"imei: {IMEI_1}",
            "imei1234567890abcd",
        ],
    )


# -- 7: Cuenta CLABE, CLABE interbancaria --------------------------------------------------


def test_clabe_labels() -> None:
    _same_key(
        "payment_account",
        [
            "002180700100123459",
            "CLABE: 002180700100123459",
            "Cuenta CLABE: 002180700100123459",
            "Cuenta CLABE 002 180 700100123459",
            "CLABE interbancaria: 002180700100123459",
        ],
        "002180700100123459",
    )


def test_cuenta_alone_stays_a_label_it_does_not_know() -> None:
    assert normalize_value("payment_account", "Cuenta: 12345-6")[0] == "CUENTA123456"


# -- 8: Portuguese and Spanish unit words, Rod. and Rodovia --------------------------------


@pytest.mark.parametrize(
    ("values"),
    [
        [
            "Rua Augusta, 1500, Apt 42",
            "Rua Augusta, 1500, apto 42",
            "Rua Augusta, 1500, Apto. 42",
            "Rua Augusta, 1500, ap 42",
            "Rua Augusta, 1500, ap. 42",
            "Rua Augusta, 1500, apartamento 42",
        ],
        [
            "Paseo de la Reforma 222 Int. 5, Juárez",
            "Paseo de la Reforma 222 Interior 5, Juárez",
            "Paseo de la Reforma 222 Depto 5, Juárez",
            "Paseo de la Reforma 222 Dpto. 5, Juárez",
            "Paseo de la Reforma 222 departamento 5, Juárez",
            "Paseo de la Reforma 222 # 5, Juárez",
        ],
        [
            "Rod. Anhanguera, km 37,5 - Galpão 5, Cajamar",
            "Rodovia Anhanguera km 37,5 Galpao 5 Cajamar",
        ],
    ],
)
def test_unit_words_and_rodovia(values: list[str]) -> None:
    got = _both_paths("address", values)
    assert len({k for k, _, _ in got}) == 1, got
    assert normalize_value("address", got[0][0])[0] == got[0][0]  # keys stay keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # "ap" is a unit word before a unit number only: AP before an Indian PIN stays
        ("Vijayawada, AP 520001", "Vijayawada 520001"),
        ("Rua do Ap", "Rua do"),
    ],
)
def test_ap_is_a_unit_word_only_before_a_unit_number(one: str, other: str) -> None:
    got = _both_paths("address", [one, other])
    assert got[0][0] != got[1][0]


# -- 9: CPF/CNPJ, Mercado Pago --------------------------------------------------------------


def test_cpf_cnpj_label() -> None:
    _same_key(
        "id_document",
        ["CPF: 870.021.765-91", "CPF/CNPJ: 870.021.765-91", "CPF / CNPJ 870.021.765-91"],
        "87002176591",
    )


def test_mercado_pago_and_mp() -> None:
    _same_key(
        "payment_account",
        ["Mercado Pago 100200300", "MP 100200300", "mercadopago 100200300"],
        "MERCADOPAGO100200300",
    )
    # MP is a name only before a number; an e-mail after Mercado Pago's name is the e-mail
    _same_key("payment_account", ["Mercado Pago: ana@gmail.com", "ana@gmail.com"], "ana@gmail.com")


# -- 10: labelled IPs and e-mails, a phrase in an e-mail cell ------------------------------


def test_labelled_ip() -> None:
    _same_key(
        "ip", ["177.1.1.1", "IP: 177.1.1.1", "ip 177.1.1.1", "IP address: 177.1.1.1"], "177.1.1.1"
    )
    assert normalize_value("ip", "IPv6: 2001:db8::1")[0] == "2001:db8::1"


def test_labelled_email_is_one_value() -> None:
    _same_key(
        "email",
        ["ana@uol.com.br", "Email: ana@uol.com.br", "E-mail: ANA@uol.com.br"],
        "ana@uol.com.br",
    )
    ds = _load("email", ["Email: ana@uol.com.br"])
    assert ds.links["key"].tolist() == ["ana@uol.com.br"]
    assert ds.rejected.empty
    assert list_parts("email", "Email: ann@corp.cn; bob@corp.cn") == ["ann@corp.cn", "bob@corp.cn"]


@pytest.mark.parametrize("cell", ["Sin información", "não informado"])
def test_a_phrase_in_an_email_cell_is_one_rejected_value(cell: str) -> None:
    assert list_parts("email", cell) == []
    ds = _load("email", [cell])
    assert ds.links.empty
    assert len(ds.rejected) == 1


# -- screening reads the cells as the batch does -------------------------------------------


def test_screening_reads_two_imeis_as_the_batch_does() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None],
            "country": ["BR", "BR"],
            "device": [IMEI_2, f"{IMEI_1}/{IMEI_2}"],
        }
    )
    analysis = sg.analyze(stores)
    batch = analysis.scores.set_index("store_id").loc["A1"]
    assert batch["matched_store_id"] == "B1"
    screener = sg.Screener.from_analysis(analysis)
    cells = [f"IMEI1: {IMEI_1} IMEI2: {IMEI_2}", f"{IMEI_1}/{IMEI_2}", f"{IMEI_1} / {IMEI_2}"]
    for cell in cells:
        reg = {"store_id": "N1", "country": "BR", "opened_at": "2023-07-01", "device": cell}
        got = screener.screen(reg)
        assert got.matched_store_id == "B1" and got.score == batch["score"], cell
    table = pd.DataFrame(
        {
            "store_id": [f"N{i}" for i in range(300)],
            "country": "BR",
            "opened_at": "2023-07-01",
            "device": [cells[i % 3] for i in range(300)],
        }
    )
    assert set(screener.screen_many(table)["score"]) == {batch["score"]}
