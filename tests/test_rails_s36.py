"""Payment rails of India, Kenya and Nigeria, accounts written in labelled parts, ID
labels of India, the Gulf, Kenya and Nigeria; screening reads the config's kind names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import normalize
from sellergraph.config import Config
from sellergraph.normalize import normalize_value
from sellergraph.screening import Screener

_Result = tuple[str | None, str | None, str | None]


def _both_paths(kind: str, values: list[str]) -> list[_Result]:
    """Results of ``values``, checked to agree between the fast and per-value paths,
    the load's codes per distinct value and :func:`normalize_value`."""
    padded = [*values, *(f"pad {i} value {i}" for i in range(normalize._FAST_MIN))]
    s = pd.Series(padded, dtype=object)
    fast = list(normalize._normalize_values_via(kind, s, "fast").itertuples(index=False, name=None))
    ref = list(
        normalize._normalize_values_via(kind, s, "reference").itertuples(index=False, name=None)
    )
    assert fast == ref, [(v, f, r) for v, f, r in zip(padded, fast, ref, strict=True) if f != r]
    d = normalize.normalize_distinct_codes(kind, s)
    keys = d.key.to_pylist()
    coded = [
        (keys[c], normalize.REASON_CODES[d.reason[c]], normalize.FLAG_CODES[d.flag[c]])
        for c in d.codes
    ]
    assert coded == ref
    assert [normalize_value(kind, v) for v in values] == ref[: len(values)]
    return ref[: len(values)]


def _same_key(kind: str, values: list[str], expected: str) -> None:
    got = _both_paths(kind, values)
    assert [k for k, _, _ in got] == [expected] * len(values), list(zip(values, got, strict=True))
    # a key read again is the same key
    assert normalize_value(kind, expected)[0] == expected


def _stores(n: int) -> pd.DataFrame:
    """Store B banned (closed 2023-01-10), then A1..An active (opened 2023-06-01)."""
    ids = ["B", *(f"A{i}" for i in range(1, n + 1))]
    return pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned"] + ["active"] * n,
            "country": "IN",
            "opened_at": ["2022-01-01"] + ["2023-06-01"] * n,
            "closed_at": ["2023-01-10"] + [None] * n,
        }
    )


def _loaded(kind: str, values: list[str]) -> tuple[sg.Dataset, sg.Dataset]:
    """The values (B's first, then one per active store) loaded from a links table and
    from a wide stores table."""
    stores = _stores(len(values) - 1)
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": kind, "value": values})
    long = sg.load(stores, links)
    wide = sg.load(stores.assign(**{kind: values}))
    return long, wide


# -- payment accounts in labelled parts (the load keeps them whole) -----------------------

PARTS = [
    # (the same account in other ways, its key)
    (
        [
            "IBAN: DE89 3704 0044 0532 0130 00, BIC: COBADEFFXXX",
            "DE89 3704 0044 0532 0130 00",
            "IBAN DE89370400440532013000 (BIC COBADEFFXXX)",
        ],
        "DE89370400440532013000",
    ),
    (
        [
            "IFSC: SBIN0001234, A/C: 30418275196",
            "A/c 30418275196; IFSC SBIN0001234",
            "SBIN0001234, 30418275196",
            "SBIN0001234 / 30418275196",
            "A/c 30418275196 IFSC SBIN0001234",
            "Acct No. 30418275196 (SBIN0001234)",
            "30418275196 SBIN0001234",
            "Bank: SBI, A/C 30418275196, IFSC SBIN0001234",
            "Name: Ravi Kumar, A/C: 30418275196, IFSC: SBIN0001234",
        ],
        "SBIN000123430418275196",
    ),
    (
        [
            "Paybill 522522 Acc 1234567",
            "Paybill 522522 Account 1234567",
            "Paybill: 522522 A/C No 1234567",
            "Pay Bill 522522, Account 1234567",
            "Paybill: 522522, Acc No: 1234567",
            "M-Pesa Paybill 522522 Account Number 1234567",
        ],
        "PAYBILL522522ACC1234567",
    ),
    (
        [
            "Till 512845",
            "Buy Goods Till No. 512845",
            "Till No: 512845",
            "Till: 512845, Name: Mama Mboga Shop",
        ],
        "TILL512845",
    ),
    (["Name: Ravi Kumar, A/C 5012345678901", "A/C 5012345678901"], "5012345678901"),
    (
        ["Sort code: 12-34-56, Account: 41920385", "Sort Code 12-34-56 Account 41920385"],
        "12345641920385",
    ),
    (
        ["Routing 021000021, Account 739104826", "ABA 021000021; Acct 739104826"],
        "021000021739104826",
    ),
    (["Banco: 341, Agência: 1234, Conta: 12345-6"], "3411234123456"),
    (["Bank: 058, Account: 0149284756"], "0580149284756"),
    (["开户行：招商银行，账号：6225881234567890", "招商银行 6225881234567890"], "6225881234567890"),
    (["BCA 7310482956\nCabang: Sudirman", "BCA 7310482956"], "BCA7310482956"),
    (["Bank: HDFC, A/C 50100123456789", "HDFC Bank 50100123456789"], "HDFC50100123456789"),
]


@pytest.mark.parametrize(("values", "expected"), PARTS)
def test_an_account_in_parts_is_one_key_on_every_path(values: list[str], expected: str) -> None:
    _same_key("payment_account", values, expected)


@pytest.mark.parametrize(("values", "expected"), PARTS)
def test_an_account_in_parts_links_through_the_load(values: list[str], expected: str) -> None:
    for ds in _loaded("payment_account", values):
        assert ds.links["key"].tolist() == [expected] * len(values)
        assert ds.rejected.empty


CODES_ONLY = [
    "SBIN0001234",
    "IFSC: SBIN0001234",
    "IFSC Code SBIN0001234",
    "Sort code: 12-34-56",
    "Routing 021000021",
    "BIC: COBADEFFXXX",
    "SWIFT Code: COBADEFFXXX",
    "BSB 062-000",
    "Paybill 522522",  # KCB's: every customer of the bank pays to it
    "Paybill: 247247",  # Equity's
]


def test_a_bank_or_branch_code_alone_is_no_account() -> None:
    got = _both_paths("payment_account", CODES_ONLY)
    assert got == [(None, "bank_code_only", None)] * len(CODES_ONLY)
    assert "bank_code_only" in normalize.REASONS


def test_two_accounts_each_with_its_code_are_refused() -> None:
    values = [
        "A/C 30418275196 IFSC SBIN0001234, A/C 57302948113 IFSC HDFC0000123",
        "IFSC: SBIN0001234, HDFC0000123, A/C: 30418275196",
        "IBAN DE89370400440532013000, IBAN GB82WEST12345698765432, BIC COBADEFFXXX",
    ]
    assert _both_paths("payment_account", values) == [(None, "several_accounts", None)] * 3


def test_a_merchants_own_paybill_is_kept() -> None:
    _same_key("payment_account", ["Paybill 888999", "Pay Bill: 888999"], "PAYBILL888999")


def test_what_is_no_part_reads_as_before() -> None:
    got = _both_paths(
        "payment_account",
        [
            "Conta: 12345-6 (Itaú)",  # an unknown name in brackets
            "Ag 5864 / CC 14953966-1",
            "Banco Itau: 0341 12345",
            "0812345678; 089-765-4321",  # a list (the load splits it)
            "BCA 7310482956 a.n. BUDI",
            "(11) 98765-4321",
        ],
    )
    assert got == [
        (None, "invalid_characters", None),
        ("AG5864CC149539661", None, None),
        ("BANCOITAU034112345", None, None),
        (None, "invalid_characters", None),
        ("BCA7310482956", None, None),
        ("+5511987654321", None, None),  # a Brazilian mobile: the PIX phone key's form
    ]


def test_a_branch_code_links_no_strangers_and_screening_agrees() -> None:
    """Two customers of one branch (or one bank's paybill) share its code only."""
    stores = _stores(2)
    values = ["IFSC: SBIN0001234, A/C: 30418275196", "IFSC: SBIN0001234, A/C: 57302948113",
              "SBIN0001234"]  # fmt: skip
    links = pd.DataFrame(
        {"store_id": stores["store_id"], "kind": "payment_account", "value": values}
    )
    analysis = sg.analyze(stores, links, seed=0)
    assert analysis.dataset.links["key"].tolist() == [
        "SBIN000123430418275196",
        "SBIN000123457302948113",
    ]
    assert analysis.dataset.rejected["reason"].tolist() == ["bank_code_only"]
    assert analysis.scores["score"].max() == 0.0
    screener = Screener.from_analysis(analysis)
    for value, matched in [
        ("A/c 30418275196 IFSC SBIN0001234", "B"),
        ("Acct No. 30418275196 (SBIN0001234)", "B"),
        ("IFSC: SBIN0001234, A/C: 99999999999", None),
    ]:
        got = screener.screen({"country": "IN", "identifiers": {"payment_account": value}})
        assert got.matched_store_id == matched, value
    got = screener.screen({"country": "IN", "payment_account": "IFSC SBIN0001234"})
    assert [u["reason"] for u in got.unusable] == ["bank_code_only"]
    many = screener.screen_many(
        pd.DataFrame(
            {
                "store_id": [f"N{i}" for i in range(300)],
                "country": "IN",
                "payment_account": ["SBIN0001234 / 30418275196", "Sort code: 12-34-56"] * 150,
            }
        )
    )
    assert set(many["score"].iloc[::2]) == {got_score(screener)}
    assert set(many["score"].iloc[1::2]) == {0.0}


def got_score(screener: Screener) -> float:
    return float(
        screener.screen({"country": "IN", "payment_account": "SBIN0001234 / 30418275196"}).score
    )


# -- payment rails: UPI, M-Pesa, NUBAN bank names ------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["UPI: ravi.kumar4821@okaxis", "ravi.kumar4821@okaxis",
             "upi id - Ravi.Kumar4821@OKAXIS",
             "VPA ravi.kumar4821@okaxis", "UPI ID: ravi.kumar4821@okaxis"],
            "ravi.kumar4821@okaxis",
        ),
        (["upi id - suresh.mehta6822@ibl", "suresh.mehta6822@ibl"], "suresh.mehta6822@ibl"),
        (
            ["M-Pesa 0712 845 396", "MPESA +254 712 845 396", "mpesa 254712845396",
             "M-PESA No. 0712845396"],
            "MPESA0712845396",
        ),
        (
            ["GTBank 0149284756", "GTB 0149284756", "0149284756 (GTB)",
             "Guaranty Trust Bank 0149284756", "GTCO 0149284756"],
            "GTB0149284756",
        ),
        (["Zenith Bank 3060621660", "3060621660 (Zenith)", "ZENITH 3060621660"],
         "ZENITH3060621660"),
        (["Access Bank 0690000031", "0690000031 (Access Bank)"], "ACCESS0690000031"),
    ],
)  # fmt: skip
def test_payment_rails_are_one_key_however_written(values: list[str], expected: str) -> None:
    _same_key("payment_account", values, expected)
    for ds in _loaded("payment_account", values):
        assert ds.links["key"].tolist() == [expected] * len(values)


def test_a_nuban_without_its_bank_stays_apart() -> None:
    """As for the other banks by name (``BCA 7310482956``), a NUBAN is unique within its
    bank only: a bare number is not a named bank's."""
    got = _both_paths("payment_account", ["0149284756", "GTB 0149284756", "UBA 0149284756"])
    assert [k for k, _, _ in got] == ["0149284756", "GTB0149284756", "UBA0149284756"]


def test_upi_handles_are_accounts_of_their_own() -> None:
    got = _both_paths("payment_account", ["ravi.kumar4821@okaxis", "ravi.kumar4821@ybl"])
    assert got[0][0] != got[1][0]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["BVN: 22183746501", "22183746501", "BVN 22183746501"], "22183746501"),
        (["NIN: 70123456789", "70123456789"], "70123456789"),
        (["Iqama 2183746501", "Iqama No. 2183746501", "2183746501"], "2183746501"),
        (["KRA PIN A012345678Z", "KRA PIN: A012345678Z", "A012345678Z"], "A012345678Z"),
        (["Aadhaar: 4821 7391 6650", "Aadhaar Card 4821 7391 6650", "482173916650"],
         "482173916650"),
        (["PAN: ABCPE1234F", "PAN Card ABCPE1234F", "ABCPE1234F"], "ABCPE1234F"),
        (["GSTIN: 27ABCPE1234F1Z5", "GSTIN 27ABCPE1234F1Z5", "27ABCPE1234F1Z5"], "27ABCPE1234F1Z5"),
        (["Emirates ID: 784-1979-4686281-6", "Emirates ID 784197946862816", "784-1979-4686281-6"],
         "784197946862816"),
    ],
)  # fmt: skip
def test_id_labels_of_india_the_gulf_kenya_and_nigeria(values: list[str], expected: str) -> None:
    _same_key("id_document", values, expected)
    for ds in _loaded("id_document", values):
        assert ds.links["key"].tolist() == [expected] * len(values)


# -- screening reads the config's kind names ---------------------------------------------

KIND_NAMES = Config(kind_names={"emirates_id": "id_document", "upi_id": "payment_account"})


def _uae_analysis() -> sg.Analysis:
    stores = pd.DataFrame(
        {
            "store_id": ["B", "X"],
            "status": ["banned", "active"],
            "country": "AE",
            "opened_at": ["2023-01-01"] * 2,
            "closed_at": ["2023-06-01", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B", "B", "X"],
            "kind": ["emirates_id", "upi_id", "phone"],
            "value": ["784-1979-4686281-6", "UPI: ravi.kumar4821@okaxis", "+971 50 111 2938"],
        }
    )
    return sg.analyze(stores, links, config=KIND_NAMES, seed=0)


def _reads_kind_names(screener: Screener) -> None:
    for reg in (
        {"identifiers": {"emirates_id": ["784-1979-4686281-6"]}},
        {"Emirates ID": "784 1979 4686281 6"},
        {"identifiers": {"upi_id": "ravi.kumar4821@okaxis"}},
    ):
        got = screener.screen({"opened_at": "2024-01-01", **reg})
        assert (got.verdict, got.matched_store_id, got.unusable) == ("block", "B", ()), reg
    many = screener.screen_many(
        pd.DataFrame(
            {"store_id": ["N1", "N2"], "opened_at": "2024-01-01",
             "emirates_id": ["784-1979-4686281-6", None], "UPI ID": [None, "ravi.kumar4821@okaxis"]}
        )
    )  # fmt: skip
    assert many["verdict"].tolist() == ["block", "block"]


def test_screening_reads_kind_names_from_the_analysis() -> None:
    _reads_kind_names(Screener.from_analysis(_uae_analysis()))


def test_screening_reads_kind_names_from_an_index_file(tmp_path: Path) -> None:
    path = Screener.from_analysis(_uae_analysis()).save(tmp_path / "i.sgidx")
    _reads_kind_names(Screener.load(path))


def test_screening_reads_kind_names_from_a_run_folder_index(tmp_path: Path) -> None:
    stores, links = tmp_path / "stores.csv", tmp_path / "links.csv"
    pd.DataFrame(
        {
            "store_id": ["B", "X"],
            "status": ["banned", "active"],
            "country": "AE",
            "opened_at": ["2023-01-01"] * 2,
            "closed_at": ["2023-06-01", None],
        }
    ).to_csv(stores, index=False)
    pd.DataFrame(
        {
            "store_id": ["B", "X"],
            "kind": ["emirates_id", "phone"],
            "value": ["784-1979-4686281-6", "+971 50 111 2938"],
        }
    ).to_csv(links, index=False)
    config = tmp_path / "sg.toml"
    config.write_text('[kind_names]\nemirates_id = "id_document"\n', encoding="utf-8")
    cli = [sys.executable, "-m", "sellergraph.cli"]
    run, index = tmp_path / "run", tmp_path / "i.sgidx"
    for args in (
        ["run", "--stores", str(stores), "--links", str(links), "--config", str(config),
         "--out", str(run), "-q"],
        ["index", "--run", str(run), "--out", str(index), "-q"],
    ):  # fmt: skip
        subprocess.run([*cli, *args], check=True, capture_output=True)
    got = Screener.load(index).screen(
        {"opened_at": "2024-01-01", "identifiers": {"emirates_id": "784-1979-4686281-6"}}
    )
    assert (got.verdict, got.matched_store_id, got.unusable) == ("block", "B", ())


# -- Indian address forms and post office boxes -------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["Flat 366, Shanti Niketan, Near Metro Station, Whitefield, Jaipur 302089",
             "366, Shanti Niketan, Nr. Metro Station, Whitefield, Jaipur - 302 089",
             "Flat No. 366, Shanti Niketan, Nr Metro Station, Whitefield, Jaipur 302 089"],
            "366 shanti niketan near metro station whitefield jaipur 302089",
        ),
        (
            ["12 MG Road, Opp. City Mall, Pune 411001",
             "12 MG Road, Opposite City Mall, Pune 411 001"],
            "12 mg road opposite city mall pune 411001",
        ),
        (
            ["P.O. Box 24006, Sharjah", "PO Box 24006 Sharjah", "P O Box 24006, Sharjah",
             "POB 24006 Sharjah", "Post Box No. 24006, Sharjah", "P.O.Box 24006 Sharjah"],
            "po box 24006 sharjah",
        ),
    ],
)  # fmt: skip
def test_indian_address_forms_and_po_boxes_are_one_key(values: list[str], expected: str) -> None:
    _same_key("address", values, expected)


def test_address_numbers_that_are_no_pin_stay() -> None:
    got = _both_paths(
        "address", ["Hauptstr. Nr. 5, Berlin", "Suite 100 200", "Unit 1, 12 Smith St"]
    )
    assert [k for k, _, _ in got] == ["hauptstr 5 berlin", "100 200", "1/12 smith street"]


# -- screening reads spreadsheet serial dates as the batch does ----------------------------


def test_screening_names_and_reads_spreadsheet_serials() -> None:
    stores = _stores(1).assign(country="KE")
    links = pd.DataFrame({"store_id": ["B", "A1"], "kind": "phone",
                          "value": ["+254 712 845 396", "+254 700 000 123"]})  # fmt: skip
    for config, reason in ((Config(), "spreadsheet_serial"), (Config().replace(
        spreadsheet_serials=True), None)):  # fmt: skip
        screener = Screener.from_analysis(sg.analyze(stores, links, config=config, seed=0))
        reg = {"store_id": "N", "opened_at": "45352", "phone": "+254 712 845 396"}
        got = screener.screen(reg)
        many = screener.screen_many(pd.DataFrame([reg]))
        if reason is None:
            assert got.opened_at == "2024-03-01" and got.unusable == ()
            assert many["relation"].tolist() == [got.relation] == ["return"]
            screener.ban("A1", closed_at="45352")  # 2024-03-01
        else:
            assert [u["reason"] for u in got.unusable] == [reason]
            assert got.opened_at is None
            assert many["unusable"].tolist() == [f"opened_at: {reason}"]
            with pytest.raises(sg.InputError, match="spreadsheet_serial"):
                screener.ban("A1", closed_at="45352")
