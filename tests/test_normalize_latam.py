"""Latin American forms: PIX/CBU/CVU and NIT/RUC labels, CLABE check digits, and
Portuguese/Spanish address words (``N°``, ``s/n``, ``CEP``, ``R.``, ``C.``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sellergraph import normalize
from sellergraph.normalize import normalize_value

_Result = tuple[str | None, str | None, str | None]


def _both_paths(kind: str, values: list[str]) -> list[_Result]:
    """Results of ``values``, checked to agree between the fast and per-value paths
    (padded so that the batch takes the fast paths)."""
    padded = [*values, *(f"pad {i} value {i}" for i in range(normalize._FAST_MIN))]
    s = pd.Series(padded, dtype=object)
    fast = normalize._normalize_values_via(kind, s, "fast")
    ref = normalize._normalize_values_via(kind, s, "reference")
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    bad = [(v, g, w) for v, g, w in zip(padded, got, want, strict=True) if g != w]
    assert not bad, f"{kind}: {len(bad)} differences, e.g. {bad[:10]}"
    # the load's form: codes per distinct value
    d = normalize.normalize_distinct_codes(kind, s)
    keys = d.key.to_pylist()
    coded = [
        (keys[c], normalize.REASON_CODES[d.reason[c]], normalize.FLAG_CODES[d.flag[c]])
        for c in d.codes
    ]
    assert coded == want
    one = [normalize_value(kind, v) for v in values]
    assert one == want[: len(values)]
    return one


def _same_key(kind: str, values: list[str], expected: str) -> None:
    got = _both_paths(kind, values)
    assert [k for k, _, _ in got] == [expected] * len(values), list(zip(values, got, strict=True))
    assert all(r is None for _, r, _ in got)


def _clabe(body: str) -> str:
    """``body`` (17 digits) with its CLABE check digit (weights 3, 7, 1)."""
    total = sum(int(d) * (3, 7, 1)[i % 3] for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _luhn(body: str) -> str:
    """``body`` with its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


# ---------------------------------------------------------------------------
# F2: payment-account labels
# ---------------------------------------------------------------------------

_UUID = "bb47f531-c0f7-fc73-ddbc-d86ea5fa61b2"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            [
                f"Chave PIX: {_UUID}",
                f"chave pix {_UUID}",
                f"ChavePIX:{_UUID}",
                f"PIX {_UUID}",
                f"pix: {_UUID}",
                f"PIX={_UUID}",
                _UUID,
            ],
            "BB47F531C0F7FC73DDBCD86EA5FA61B2",
        ),
        (
            [
                "CBU 70561481 41808745387322",
                "CBU: 7056148141808745387322",
                "cbu 7056148141808745387322",
                "CBU7056148141808745387322",
                "CBU No. 7056148141808745387322",
                "7056148141808745387322",
            ],
            "7056148141808745387322",
        ),
        (
            ["CVU 0000003100010000000014", "CVU: 0000003100010000000014", "0000003100010000000014"],
            "0000003100010000000014",
        ),
        (  # a CPF used as a PIX key, under both labels
            ["Chave PIX CPF: 581.372.836-84", "PIX 581.372.836-84", "58137283684"],
            "58137283684",
        ),
    ],
)
def test_pix_cbu_cvu_labels_are_removed(values: list[str], expected: str) -> None:
    _same_key("payment_account", values, expected)


def test_pix_label_on_an_email_style_key() -> None:
    _same_key(
        "payment_account",
        ["Chave PIX: Joao.Silva@Gmail.com", "PIX joao.silva@gmail.com", "joao.silva@gmail.com"],
        "joao.silva@gmail.com",
    )
    # e-mail style: a PIX label only before a separator, never glued to the address
    _same_key("payment_account", ["pix1@loja.com.br", "PIX1@loja.com.br"], "pix1@loja.com.br")
    _same_key("payment_account", ["pixel@loja.com.br"], "pixel@loja.com.br")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["Conta: 12345-6", "Conta 12345-6", "conta:123456", "Conta # 12345-6"], "CONTA123456"),
        (["Banco Itau: 0341 12345", "Banco Itau 0341 12345"], "BANCOITAU034112345"),
        (["PIXEL 12345"], "PIXEL12345"),  # not a label: the word goes on
    ],
)
def test_a_colon_after_an_unknown_label_is_a_separator(values: list[str], expected: str) -> None:
    """``LABEL: value`` is ``LABEL value`` (it was ``invalid_value``): the ``:`` (``=``,
    ``#``) that ends a label separates like a space; an unknown label stays."""
    _same_key("payment_account", values, expected)


def test_an_account_with_a_colon_still_needs_valid_characters() -> None:
    got = _both_paths("payment_account", ["Conta: 12345-6 (Itaú)", "Nome: João"])
    assert [r for _, r, _ in got] == ["invalid_characters", "no_digit"]


# ---------------------------------------------------------------------------
# F3: ID-document labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["NIT 989.159.344-2", "NIT: 989159344-2", "nit. 989.159.344-2", "9891593442"],
            "9891593442",
        ),
        (
            ["RUC 20123456789", "RUC: 20123456789", "ruc 20 12345678 9", "20123456789"],
            "20123456789",
        ),
        (["CC 1.020.304.050", "C.C. 1.020.304.050", "C.C 1020304050", "1020304050"], "1020304050"),
        (["CI 4.837.291-5", "C.I.: 48372915", "c.i. 4837291-5", "48372915"], "48372915"),
        (["RUT 12.345.678-5", "RUT: 12345678-5", "12.345.678-5"], "123456785"),
        (["DNI 30.123.456", "DNI: 30123456", "30.123.456"], "30123456"),
        (["CURP GODE561231HDFRRL09", "CURP: GODE561231HDFRRL09"], "GODE561231HDFRRL09"),
    ],
)
def test_latam_id_labels_are_removed(values: list[str], expected: str) -> None:
    _same_key("id_document", values, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ABCD800101XXX", "ABCD800101XXX"),  # an RFC starts with letters
        ("RFC ABCD800101XXX", "ABCD800101XXX"),
        ("NITA800101XX1", "NITA800101XX1"),  # letters glued to the value: no label
        ("RUCA800101XX1", "RUCA800101XX1"),
        ("CCA800101XX1", "CCA800101XX1"),
        ("CIRA800101XX1", "CIRA800101XX1"),
        ("NIT-9891593442", "NIT9891593442"),  # a hyphen does not separate a label
    ],
)
def test_id_letters_that_are_part_of_the_number_stay(raw: str, expected: str) -> None:
    assert _both_paths("id_document", [raw]) == [(expected, None, None)]


# ---------------------------------------------------------------------------
# F4: CLABE check digits are not card Luhn digits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("clabe", ["002010077777777771", "032180000118359719"])
def test_a_valid_clabe_is_not_luhn_failed(clabe: str) -> None:
    spaced = f"{clabe[:3]} {clabe[3:6]} {clabe[6:17]} {clabe[17]}"
    got = _both_paths("payment_account", [clabe, spaced, f"CLABE {clabe}", f"CLABE: {spaced}"])
    assert got == [(clabe, None, None)] * 4


def test_a_clabe_is_no_card_however_written() -> None:
    # not a valid CLABE (nor a valid card), but no card starts with 0 as a CLABE's bank
    # code does: no card flag, labelled or not (a key read again keeps its flag)
    raw = "002180012345678911"
    got = _both_paths("payment_account", [f"CLABE {raw}", f"clabe: {raw}", f"CLABE-{raw}", raw])
    assert got == [(raw, None, None)] * 4


def test_card_numbers_of_18_digits_are_still_checked() -> None:
    rng = np.random.default_rng(7)
    # card numbers of 18 digits start as a scheme's do (UnionPay's 62, Discover's 65)
    bodies = ["6" + "".join(map(str, rng.integers(0, 10, 16))) for _ in range(400)]
    clabes = [_clabe(b) for b in bodies]
    cards = [_luhn(b) for b in bodies]
    # 18 digits failing both checks: a card typo, flagged
    neither = [
        b + d for b in bodies for d in "0123456789" if b + d != _clabe(b) and b + d != _luhn(b)
    ][:400]
    got = _both_paths("payment_account", clabes + cards + neither)
    flags = [f for _, _, f in got]
    assert flags[:400] == [None] * 400  # valid CLABEs (some fail Luhn)
    assert sum(not normalize._luhn_ok(c) for c in clabes) > 300
    assert flags[400:800] == [None] * 400  # valid Luhn
    assert flags[800:] == ["luhn_failed"] * len(neither)
    # labelled forms of each, column-wise as per value: the key decides the flag
    labelled = [f"CLABE {c}" for c in neither[:200]] + [f"card {c}" for c in neither[:200]]
    got = _both_paths("payment_account", labelled)
    assert [f for _, _, f in got] == ["luhn_failed"] * 400
    # 18 digits starting as no card does (0, 1, 7): no card check
    other = [d + b[1:] for b in neither[:300] for d in "017"]
    assert [f for _, _, f in _both_paths("payment_account", other)] == [None] * len(other)


def test_other_lengths_keep_the_card_check() -> None:
    got = _both_paths("payment_account", ["4111 1111 1111 1112", "4111111111111111"])
    assert got == [("4111111111111112", None, "luhn_failed"), ("4111111111111111", None, None)]


# ---------------------------------------------------------------------------
# F7: Portuguese and Spanish address words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            [
                "AV PAULISTA N° 1000",
                "Av. Paulista, N°1000",
                "Avenida Paulista nº 1000",
                "Avenida Paulista Nº1000",
                "Av. Paulista, n.º 1000",
                "Av Paulista N.° 1000",
                "Av. Paulista, No. 1000",
                "Av. Paulista, 1000",
            ],
            "avenue paulista 1000",
        ),
        (
            [
                "Rua Oriente, s/n",
                "Rua Oriente S/N",
                "Rua Oriente s/nº",
                "Rua Oriente, s/n°",
                "Rua Oriente S / N",
                "Rua Oriente, sem número",
                "Rua Oriente",
            ],
            "rua oriente",
        ),
        (
            ["Calle Oriente s/n, Centro", "Calle Oriente sin número, Centro", "C. Oriente, Centro"],
            "calle oriente centro",
        ),
        (
            [
                "Rua Augusta, 1500 - Consolação, São Paulo - SP, CEP 01310-100",
                "R. Augusta nº 1500, Consolacao, Sao Paulo SP 01310100",
                "R.Augusta, N° 1500, Consolação, São Paulo/SP, CEP: 01310100",
                "Rua Augusta 1500 Consolacao Sao Paulo SP CEP nº 01310-100",
            ],
            "rua augusta 1500 consolacao sao paulo sp 01310100",
        ),
        (
            [
                "Calle Niños Héroes 120, Col. Doctores, C.P. 06720",
                "C. Ninos Heroes No. 120, Colonia Doctores, CP 06720",
                "C. Niños Héroes N° 120, Col. Doctores, CEP 06720",
            ],
            "calle ninos heroes 120 doctores 06720",
        ),
        (["R. 25 de Março, 100", "Rua 25 de Marco, 100"], "rua 25 de marco 100"),
        (["C. 60 No. 500, Mérida", "Calle 60 Nº 500, Merida"], "calle 60 500 merida"),
    ],
)
def test_latam_address_forms(values: list[str], expected: str) -> None:
    _same_key("address", values, expected)
    assert normalize_value("address", expected)[0] == expected  # idempotent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Av. Juan C. Pérez 12", "avenue juan c perez 12"),  # a middle initial
        ("C.P. 06720, Centro", "06720 centro"),  # the postcode mark, not calle
        ("C.C. Plaza 5", "c c plaza 5"),
        ("Bloco R. 5", "bloco r 5"),  # R. not at the start
        ("Cep 12", "cep 12"),  # not before a postcode
        ("Rua do Cep 10", "rua do cep 10"),
        ("CEP 1234567", "cep 1234567"),
        ("Block C P 123", "block c p 123"),
        ("Sin numero, numero 5, Lima", "5 lima"),  # the pair only (numero 5: a number)
        ("Pasaje Sn 4", "pasaje sn 4"),
        ("Rua N 5", "rua n 5"),  # no degree sign, no ordinal indicator: n stays
        ("1/12 St Kilda Rd", "1/12 saint kilda road"),
    ],
)
def test_latam_address_rules_stay_narrow(raw: str, expected: str) -> None:
    assert _both_paths("address", [raw]) == [(expected, None, None)]


def test_no_house_number_alone_is_no_address() -> None:
    got = _both_paths("address", ["S/N", "s/nº", "sin número"])
    assert [r for _, r, _ in got] == ["placeholder"] * 3


def test_latam_address_words_column_wise_as_per_value() -> None:
    words = [
        *("R.", "C.", "r", "c", "R.Augusta", "C.60", "N°", "N.º", "n.o", "Nº", "nº5", "N°5"),
        *("s/n", "S/N", "s/nº", "s/n°", "s / n", "sin", "sem", "numero", "número", "sn"),
        *("CEP", "cep", "CEP:", "C.P.", "CP", "No.", "01310-100", "01310100", "03100", "12"),
        *("Augusta", "Paulista", "Av.", "Col.", "Rua", "/", "-", ".", "路", "北京", "号"),
    ]
    rng = np.random.default_rng(11)
    texts = [
        rng.choice(["", " "]).join(rng.choice(words, int(rng.integers(1, 7)))) for _ in range(4000)
    ]
    s = pd.Series(texts).drop_duplicates()
    fast = normalize._normalize_values_via("address", s, "fast")
    ref = normalize._normalize_values_via("address", s, "reference")
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    bad = [(v, g, w) for v, g, w in zip(s, got, want, strict=True) if g != w]
    assert not bad, bad[:10]
    # and every accepted key normalises to itself
    keys = [k for k, _, _ in want if k is not None]
    again = normalize._normalize_values_via("address", pd.Series(keys), "reference")["key"]
    assert [k for k, a in zip(keys, again, strict=True) if a != k] == []


def test_latam_payment_and_id_forms_column_wise_as_per_value() -> None:
    labels = ["PIX", "Chave PIX", "CBU", "CVU", "CLABE", "NIT", "RUC", "CC", "C.C.", "CI"]
    labels += ["Conta", "card", "pix1", "", "No."]
    seps = [" ", ": ", ":", " = ", "#", "-", "."]
    rng = np.random.default_rng(5)
    bodies = [_clabe("".join(map(str, rng.integers(0, 10, 17)))) for _ in range(100)]
    bodies += ["".join(map(str, rng.integers(0, 10, int(rng.integers(8, 23))))) for _ in range(200)]
    bodies += [_UUID, "joao@gmail.com", "GODE561231GR8", "989.159.344-2"]
    texts = [
        f"{rng.choice(labels)}{rng.choice(seps)}{rng.choice(bodies)}".strip() for _ in range(4000)
    ]
    s = pd.Series(texts).drop_duplicates()
    for kind in ("payment_account", "id_document"):
        fast = normalize._normalize_values_via(kind, s, "fast")
        ref = normalize._normalize_values_via(kind, s, "reference")
        got = list(fast.itertuples(index=False, name=None))
        want = list(ref.itertuples(index=False, name=None))
        bad = [(v, g, w) for v, g, w in zip(s, got, want, strict=True) if g != w]
        assert not bad, (kind, bad[:10])
        keys = [k for k, _, _ in want if k is not None]
        again = normalize._normalize_values_via(kind, pd.Series(keys), "reference")["key"]
        assert [k for k, a in zip(keys, again, strict=True) if a != k] == []
