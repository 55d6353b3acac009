"""Findings of an outside run of the Febrl record-linkage benchmarks: what a load says
about a ``name`` column it does not read and about addresses without a street line,
identifiers with repeating digits, ``explain`` on stores that are not scored, and
how a summary words a score below the alert threshold."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from _febrl_tables import febrl_stores as _febrl

import sellergraph as sg
from sellergraph.analysis import explanation_summary
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.normalize import normalize_value, normalize_values
from sellergraph.notices import NO_STREET_LINE_MIN, no_street_line_notice

# -- F-5: a name column read only with fuzzy.names ---------------------------------


def test_a_name_column_is_not_read_without_fuzzy_names() -> None:
    ds = sg.load(_febrl(3).assign(date_of_birth="19170712"))
    assert ds.counts["columns_not_read"] == ["name", "date_of_birth"]
    assert ds.counts["columns_not_read_why"] == {"name": "fuzzy.names is off"}
    named = sg.load(_febrl(3), config=sg.Config().replace(names=True))
    assert "columns_not_read" not in named.counts
    assert "columns_not_read_why" not in named.counts


def test_names_alone_are_no_links_and_the_error_says_so() -> None:
    stores = _febrl(3)[["store_id", "status", "name"]].assign(date_of_birth="19170712")
    with pytest.raises(InputError, match="no links") as caught:
        sg.load(stores, config=sg.Config().replace(names=True))
    message = str(caught.value)
    assert "A store's name is no identifier" in message
    assert "Columns not read: date_of_birth" in message
    with pytest.raises(InputError) as plain:  # no name column: not a word about names
        sg.load(stores.drop(columns="name"))
    assert "name is no identifier" not in str(plain.value)


def test_the_run_summary_says_why_the_name_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stores.csv"
    _febrl(30, no_street=25).to_csv(path, index=False)
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "run")]) == 0
    out, err = capsys.readouterr()  # not -q: the summary is what is read
    assert "not read          name (fuzzy.names is off) (carried along" in out
    assert "address from      address_1 + address_2 + suburb + postcode  (25 rows " in out
    assert "sellergraph: warning: 25 of 30 stores rows (83.3%) have parts of the address" in err
    counts = json.loads((tmp_path / "run/run.json").read_text())["counts"]
    assert counts["no_street_line"] == {"address_1 + address_2 + suburb + postcode": 25}
    report = (tmp_path / "run/report.html").read_text()
    assert "no street line (address_1)" in report


# -- F-6: address parts without a street line ------------------------------------


def test_rows_without_a_street_line_are_counted_and_noticed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(_febrl(2000, no_street=40))
    label = "address_1 + address_2 + suburb + postcode"
    assert ds.counts["no_street_line"] == {label: 40}
    assert (ds.links["kind"] == "address").sum() == 1960  # the rule is unchanged
    (notice,) = ds.counts["notices"]
    assert notice.startswith(f"40 of 2,000 stores rows (2.0%) have parts of the address {label}")
    assert [r.getMessage() for r in caplog.records] == [notice]


def test_a_few_rows_without_a_street_line_are_counted_but_not_noticed() -> None:
    few = sg.load(_febrl(100, no_street=NO_STREET_LINE_MIN - 1))  # too few
    assert few.counts["no_street_line"] == {
        "address_1 + address_2 + suburb + postcode": NO_STREET_LINE_MIN - 1
    }
    assert "notices" not in few.counts
    rare = sg.load(_febrl(3000, no_street=25))  # below 1% of the stores
    assert "notices" not in rare.counts
    assert "no_street_line" not in sg.load(_febrl(10)).counts


def test_a_placeholder_street_line_or_an_empty_row_is_no_missing_street() -> None:
    stores = _febrl(4, no_street=2)
    stores.loc[2, "address_1"] = "N/A"  # set aside as a placeholder, and reported so
    stores.loc[3, ["address_2", "suburb", "postcode"]] = None  # no part at all
    ds = sg.load(stores)
    assert "no_street_line" not in ds.counts
    assert ds.rejected["reason"].tolist() == ["placeholder"]


def test_the_notice_thresholds() -> None:
    assert no_street_line_notice("a + b", ["a"], 19, stores=20) is None
    assert no_street_line_notice("a + b", ["a"], 20, stores=2001) is None
    assert no_street_line_notice("a + b", ["a"], 20, stores=2000) is not None


# -- F-7: repeating digits ------------------------------------------------------


@pytest.mark.parametrize("kind", ["id_document", "phone", "payment_account", "device"])
@pytest.mark.parametrize(
    ("value", "junk"),
    [
        ("83783783", False),  # a unit of three over five more digits: a real number
        ("41041041", False),
        ("92892892", False),
        ("3783783", False),
        ("2121212", False),
        ("21212121", True),  # a unit of two over six more
        ("12121212", True),
        ("123123123", True),  # a unit of three over six more
        ("12312312312", True),
        ("4242424242424242", True),
    ],
)
def test_repeating_digits_are_junk_only_when_they_repeat_long(
    kind: str, value: str, junk: bool
) -> None:
    one = normalize_value(kind, value)
    many = normalize_values(kind, pd.Series([value, *(f"pad {i} x {i}" for i in range(600))]))
    assert (one[1] == "placeholder") == junk, one
    assert many["reason"].iloc[0] == one[1]


def test_a_phone_s_national_number_follows_the_same_rule() -> None:
    config = sg.Config().replace(default_region="HK").normalize
    assert normalize_value("phone", "+852 2323 2323", config=config)[1] == "placeholder"
    assert normalize_value("phone", "+852 2372 3723", config=config)[1] is None


# -- F-8: explain on a store that is not scored ---------------------------------


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("febrl")
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2", "A3"],
            "status": ["banned", "active", "active", "active"],
            "opened_at": ["2020-01-01", "2023-06-01", "2023-06-01", "2023-06-01"],
            "closed_at": ["2023-01-01", None, None, None],
            "address": ["25 pike street, yass 2582", "25 pike stret, yass 2582", None, None],
            "phone": ["+86 138 0013 8000", None, "+86 138 0013 8000", "+86 139 0013 9123"],
        }
    )
    stores.to_csv(folder / "stores.csv", index=False)
    out = folder / "run"
    assert main(["run", "--stores", str(folder / "stores.csv"), "--out", str(out), "-q"]) == 0
    return out


@pytest.mark.parametrize(
    ("store_id", "message"),
    [
        ("NOPE", "store_id 'NOPE' is not in this analysis"),
        ("B1", "store 'B1' is banned; only active stores are scored"),
    ],
)
def test_explain_says_why_a_store_is_not_scored(
    run_folder: Path, store_id: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["explain", store_id, "--run", str(run_folder)]) == 2
    assert message in capsys.readouterr().err


def test_explain_of_an_active_store_without_evidence_is_its_zero_score(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["explain", "A3", "--run", str(run_folder)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "Store A3 (opened 2023-06-01) scores 0.00: it shares no usable evidence "
        "with any banned store."
    )
    analysis = sg.analyze(pd.read_csv(run_folder.parent / "stores.csv", dtype=str))
    assert analysis.explain("A3").summary == out.strip()


# -- F-9: wording ---------------------------------------------------------------


def test_a_score_below_the_alert_threshold_is_a_possible_return(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["explain", "A1", "--run", str(run_folder)]) == 0
    out = capsys.readouterr().out
    assert "(below the alert threshold, 0.60) as a possible return of banned store B1" in out
    assert "an address (25 ***) similar to that of B1 (+0.28)" in out
    assert main(["explain", "A2", "--run", str(run_folder)]) == 0
    out = capsys.readouterr().out
    assert "as a likely return of banned store B1" in out
    assert "the same phone (+86138****8000) as B1" in out


def test_the_summary_words_a_score_by_the_threshold_given() -> None:
    table = pd.DataFrame(
        {
            "item": ["direct"],
            "kind": ["address"],
            "match": ["near"],
            "value": ["25 pike ***"],
            "other_store_id": ["B1"],
            "other_platform": ["default"],
            "other_closed_at": [pd.Timestamp("2023-01-01")],
            "closure_reason": [None],
            "contribution": [0.34],
        }
    )
    store = {"store_id": "A1", "platform": "default", "opened_at": pd.Timestamp("2023-06-01")}
    row = {
        "score": 0.34,
        "matched_store_id": "B1",
        "relation": "sibling",
        "cross_platform": False,
        "ring_id": None,
    }
    low = explanation_summary(store, row, table)
    assert "(below the alert threshold, 0.60) as a possible concurrent sibling of" in low
    high = explanation_summary(store, row, table, alert_threshold=0.3)
    assert "scores 0.34 as a likely concurrent sibling of banned store B1" in high
    other = explanation_summary(store, {**row, "relation": "operator"}, table)
    assert "as possibly run by the operator of banned store B1" in other
