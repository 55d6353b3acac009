"""Normalised keys normalise to themselves, with the flags they got.

Reading a run folder back (:func:`sellergraph.io.run.read_analysis`) normalises the
stored keys again and rebuilds the scores from them: a key that read again gets
another key, or another flag (``luhn_failed``, ``imei_check_failed``,
``id_check_failed``, ``unlisted_phone``, ...: a weight), makes the folder unreadable
(``index``, ``export stix``, ``export watchlist`` fail). This checks it over a broad
corpus of raw values of every kind: the strings of the normaliser tests (their
parametrised cases and fixtures), the synthetic generator's values, the independent
foreign marketplace's (``bench/foreign_marketplace.py``) and the forms a UK / Ireland /
Australia / New Zealand / South Africa export writes, each read as every built-in
kind and a custom one, in two regions, on the vectorised and the per-value paths.
"""

from __future__ import annotations

import ast
import runpy
import sys
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import normalize
from sellergraph.config import BUILTIN_KINDS, NormalizeConfig

_TESTS = Path(__file__).parent
_LONGEST = 160

#: Forms of a UK / IE / AU / NZ / ZA export (the new user's, s39).
UK_AU_FORMS = [
    "BSB: 063720, Account: 404689100", "BSB 063-720 Acc 404689100", "063-720 4046 89100",
    "063720 404689100", "063-720-404689100", "Sort code: 64 11 18, Acc: 43696356",
    "S/C 12-34-57 A/C 41920385", "SC: 404784 AC: 41920385", "Sort: 40-47-84 Acct: 41920385",
    "12-34-57 / 41920385", "342097 62093243", "GB82 WEST 1234 5698 7654 32",
    "IBAN: IE64 IRCE 9205 0112 3456 78", "ie64 irce 9205 0112 3456 78", "12-3140-0123457-00",
    "12-3140-0123457-000", "12 3140 0123457 00", "123140012345700", "06-1611-6022004-51",
    "FNB 62123456789 branch 250655", "Acc: 62123456789, Branch code: 250655",
    "FNB 62123456789 (250655)", "Nedbank 1234567890 (198765)", "1452369870 (Capitec)",
    "Capitec Bank 1452369870", "Standard Bank 10123456789 branch 051001",
    "62123456789 250655", "PayID: 0412 345 678", "PayID +61 412 345 678",
    "ABN 51 824 753 556", "IRD No. 49-091-850", "IRD 049-091-850", "NZBN 9429041234567",
    "CRN: SC123456", "Company No. 04567123", "Co. Reg. No. 04567123", "GB 284 6913 57",
    "SA ID 8501015800087", "+44 (0)7912 345678", "0044 7912-345-678", "(02) 9876 5432",
    "+61 4 1234 5678", "+353 (0)87 123 4567", "+64 (0)21 234 5679", "0027 82 123 4568",
    "082 123 4568", "046 559 724", "Flat 2, 10 High Street, Bristol BS1 1FX",
    "2/10 High St", "12 Main St, Apt 5, Co. Dublin, D02X285", "L2, 100 Queen St, Auckland 1010",
    "U3 12 Smith St, Parramatta NSW 2150", "P/Bag X1, Long Str, Cape Town",
    "c/o Amazon EU, Unit 1, Boundary Way, Hemel Hempstead HP2 7YU", "PO Box 123, Sydney NSW 2001",
    "wx: lily88", "LG05 KYX2J",
]  # fmt: skip


def _test_strings() -> set[str]:
    """The string constants of the normaliser tests: their cases and fixtures."""
    found: set[str] = set()
    for path in sorted(_TESTS.glob("test_normalize*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and 0 < len(text) <= _LONGEST:
                found.add(text)
    return found


def _foreign_values(out: Path) -> set[str]:
    """The link values of ``bench/foreign_marketplace.py`` (a small run of it)."""
    script = _TESTS.parent / "bench" / "foreign_marketplace.py"
    argv = sys.argv
    sys.argv = [str(script), "1500", str(out), "7"]
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
    links = pd.read_csv(out / "links.csv.gz", dtype=str)
    return set(links["id_value"].dropna())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    _, links, _ = sg.make_marketplace(1500, seed=0)
    values = _test_strings() | set(links["value"].dropna()) | set(UK_AU_FORMS)
    values |= _foreign_values(tmp_path_factory.mktemp("foreign"))
    return sorted(values)


def _not_idempotent(kind: str, values: list[str], path: str, config: NormalizeConfig) -> list:
    first = normalize._normalize_values_via(
        kind, pd.Series(values, dtype=object), path, config=config
    )
    kept = first["key"].notna().to_numpy()
    raw = [v for v, k in zip(values, kept, strict=True) if k]
    keys = first["key"][kept].tolist()
    flags = first["flag"][kept].tolist()
    again = normalize._normalize_values_via(
        kind, pd.Series(keys, dtype=object), path, config=config
    )
    return [
        (v, k, f, k2, f2, r2)
        for v, k, f, k2, f2, r2 in zip(
            raw, keys, flags, again["key"], again["flag"], again["reason"], strict=True
        )
        if (k, f) != (k2, f2)
    ]


@pytest.mark.parametrize("path", ["fast", "reference"])
@pytest.mark.parametrize("region", ["CN", "GB"])
@pytest.mark.parametrize("kind", [*sorted(BUILTIN_KINDS), "loyalty_id"])
def test_keys_normalise_to_themselves_with_their_flags(
    corpus: list[str], kind: str, region: str, path: str
) -> None:
    bad = _not_idempotent(kind, corpus, path, NormalizeConfig(default_region=region))
    assert not bad, f"{len(bad)} keys read again differ (raw, key, flag, again...): {bad[:10]}"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("BSB: 063720, Account: 404689100", "063720404689100"),
        ("Sort code: 64 11 18, Acc: 43696356", "64111843696356"),
        ("Acc: 1017861793, Branch code: 250655", "FNB1017861793"),
        ("021000021 / 527831946", "021000021527831946"),
        ("12345-004 1234567", "004123451234567"),
        ("06-1611-6022004-51", "061611602200451"),
    ],
)
def test_a_labelled_bank_account_and_its_key_weigh_the_same(raw: str, key: str) -> None:
    # the s39 crash: the labelled form had no flag, its key read back luhn_failed
    for path in ("fast", "reference"):
        padded = pd.Series([raw, key] * normalize._FAST_MIN, dtype=object)
        got = normalize._normalize_values_via("payment_account", padded, path)
        assert got.iloc[0].tolist() == got.iloc[1].tolist() == [key, None, None]
