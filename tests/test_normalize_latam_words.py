"""Spanish and Portuguese address words: ``Nro.``, ``Número``, ``C/`` and ``C.E.P.``."""

from __future__ import annotations

import pandas as pd
import pytest

from sellergraph.normalize import _FAST_MIN, normalize_distinct_codes, normalize_value

SAME_ADDRESS = [
    ("Jr. Lampa Nro. 123, Lima", "Jr. Lampa 123, Lima"),
    ("Av. Paulista, Número 1578, São Paulo", "Av. Paulista 1578, São Paulo"),
    ("Av. Paulista, numero 1578, Sao Paulo", "Av. Paulista, Nº 1578, São Paulo"),
    ("C/ Mayor 12, Madrid", "Calle Mayor 12, Madrid"),
    ("c/Mayor 12, Madrid", "Calle Mayor 12, Madrid"),
    ("Rua X 10, C.E.P. 01310-100", "Rua X 10, CEP 01310-100"),
    ("Rua X 10, C. E. P. 01310100", "Rua X 10, 01310-100"),
]

KEPT_APART = [
    # care of is no street
    ("C/O John Smith, 5 High St", "Calle O John Smith, 5 High St"),
    # a number word only goes before a number
    ("Calle Numero Uno 5", "Calle Uno 5"),
]


@pytest.mark.parametrize(("written", "plain"), SAME_ADDRESS)
def test_forms_read_as_the_plain_address(written: str, plain: str) -> None:
    assert normalize_value("address", written)[0] == normalize_value("address", plain)[0]


@pytest.mark.parametrize(("one", "other"), KEPT_APART)
def test_look_alikes_stay_apart(one: str, other: str) -> None:
    assert normalize_value("address", one)[0] != normalize_value("address", other)[0]


def test_fast_path_reads_them_as_the_per_value_path() -> None:
    values = [v for pair in SAME_ADDRESS + KEPT_APART for v in pair]
    values += ["Calle sin numero, Lima", "c/ 5 de mayo 3", "Rua X, c.e.p 01310-100"]
    # enough distinct values for the vectorised path
    many = pd.Series([f"{v}, Zona {i}" for v in values for i in range(8)], dtype="str")
    d = normalize_distinct_codes("address", many)
    assert len(d.key) >= _FAST_MIN
    fast = d.key.to_pylist()
    for code, value in zip(d.codes.tolist(), many.tolist(), strict=True):
        assert fast[code] == normalize_value("address", value)[0], value
