"""Small findings, session 29: what the report says about rows without a street line and
about columns not read, ``-q`` on ``run``, ``demo``, ``synth`` and ``match-watchlist``,
invisible characters in ``platform``, and identifier kinds given an empty list or a
boolean in a registration."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from _febrl_tables import febrl_stores as _febrl

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.intel import to_watchlist, write_watchlist
from sellergraph.report import to_html
from sellergraph.schema import platform_name, platform_text, validate_stores
from sellergraph.screening import Screener

SECRET = b"s29-partner-key-0123456789abcdef"


LABEL = "address_1 + address_2 + suburb + postcode"


# -- 1, 2: the report -------------------------------------------------------------


def test_the_report_counts_rows_without_a_street_line_when_nothing_was_rejected() -> None:
    analysis = sg.analyze(_febrl(30, no_street=5))
    assert analysis.rejected.empty and analysis.dataset.counts["no_street_line"] == {LABEL: 5}
    assert "notices" not in analysis.dataset.counts  # too few for a notice: the report says it
    page = to_html(analysis)
    assert "Every input row was accepted" not in page
    assert "No input row was set aside and no value cleared." in page
    assert f"5 stores rows have parts of the address {LABEL} but no street line" in page
    assert f"columns {LABEL} (5 stores rows with other parts of it but no street line" in page


def test_the_report_counts_them_next_to_rejected_rows_too() -> None:
    stores = _febrl(30, no_street=1)
    stores.loc[3, "soc_sec_id"] = "N/A"  # a placeholder: one rejected row
    analysis = sg.analyze(stores)
    assert not analysis.rejected.empty
    page = to_html(analysis)
    assert f"1 stores row has parts of the address {LABEL} but no street line" in page


def test_a_clean_input_is_still_every_row_accepted() -> None:
    analysis = sg.analyze(_febrl(30))
    assert "no_street_line" not in analysis.dataset.counts
    page = to_html(analysis)
    assert "Every input row was accepted as it was." in page
    assert "no street line" not in page


def test_the_report_says_why_a_column_is_not_read() -> None:
    analysis = sg.analyze(_febrl(30).assign(date_of_birth="19170712"))
    assert analysis.dataset.counts["columns_not_read_why"] == {"name": "fuzzy.names is off"}
    page = to_html(analysis)
    assert (
        "Columns carried along, not read as identifiers: name (fuzzy.names is off), "
        "date_of_birth." in page
    )


def test_the_report_of_a_run_folder_keeps_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stores.csv"
    _febrl(30, no_street=5).to_csv(path, index=False)
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "name (fuzzy.names is off)" in page
    assert "Every input row was accepted" not in page
    assert "5 stores rows have parts of the address" in page


# -- 3: -q prints nothing but errors ------------------------------------------------


def test_run_quiet_prints_nothing_but_the_summary_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stores.csv"
    _febrl(30).to_csv(path, index=False)
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "q"), "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert (tmp_path / "q" / "report.html").is_file()
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "loud")]) == 0
    out, err = capsys.readouterr()
    assert "stores            " in out and "report            " in out
    assert "] load" in err  # progress on stderr


def test_run_quiet_keeps_errors_and_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--stores", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")]) == 2
    assert main(["run", "--stores", str(tmp_path / "nope.csv"), "--out", str(tmp_path), "-q"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("sellergraph: error: ") == 2
    path = tmp_path / "stores.csv"
    _febrl(30, no_street=25).to_csv(path, index=False)  # a notice: a warning, as export -q
    assert main(["run", "--stores", str(path), "--out", str(tmp_path / "w"), "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("sellergraph: warning: 25 of 30 stores rows")


def test_demo_and_synth_quiet_print_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo"), "--stores", "400", "-q"]) == 0
    assert main(["synth", "--stores", "200", "--out", str(tmp_path / "syn"), "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert (tmp_path / "demo" / "report.html").is_file()
    assert (tmp_path / "syn" / "truth.csv").is_file()
    assert main(["synth", "--stores", "200", "--out", str(tmp_path / "syn2")]) == 0
    assert "truth" in capsys.readouterr().out


@pytest.fixture
def partner(tmp_path: Path) -> Path:
    stores, links, _ = sg.make_marketplace(600, seed=3)
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    wl = to_watchlist(sg.analyze(stores, links, seed=0), secret=SECRET)
    write_watchlist(wl, tmp_path / "wl.csv")
    (tmp_path / "key").write_bytes(SECRET + b"\n")
    return tmp_path


def test_match_watchlist_has_quiet(partner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["match-watchlist", "--watchlist", str(partner / "wl.csv")]
    args += ["--stores", str(partner / "stores.csv"), "--links", str(partner / "links.csv")]
    args += ["--key-file", str(partner / "key"), "--identifiers-out", str(partner / "ids.csv")]
    assert main([*args, "--out", str(partner / "m.csv"), "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert len(pd.read_csv(partner / "m.csv")) > 0 and (partner / "ids.csv").is_file()
    assert main([*args, "--out", str(partner / "m2.csv"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*args, "--out", str(partner / "m3.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("watchlist         ") and "identifiers       " in out
    assert (partner / "m.csv").read_bytes() == (partner / "m3.csv").read_bytes()


# -- 4: invisible characters in platform ---------------------------------------------


@pytest.mark.parametrize("mark", ["\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"])
def test_invisible_characters_do_not_make_another_platform(mark: str) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3", "S4", "S5"],
            "status": ["banned", "active", "active", "active", "active"],
            "platform": [f"{mark}mkt-a", "mkt-a", f"mkt{mark}-a{mark}", f"{mark} mkt-a", mark],
        }
    )
    out, _ = validate_stores(stores)
    assert out["platform"].tolist() == ["mkt-a", "mkt-a", "mkt-a", "mkt-a", "default"]


def test_a_bom_in_platform_is_no_cross_platform_match() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "platform": ["\ufeffmkt-a", "mkt-a"],
            "closed_at": ["2023-01-01", None],
            "opened_at": ["2022-01-01", "2023-06-01"],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["B1", "A1"], "kind": "payment_account", "value": "6222020200112233445"}
    )
    analysis = sg.analyze(stores, links)
    assert analysis.dataset.stores["platform"].nunique() == 1
    assert not analysis.scores["cross_platform"].any()
    screener = Screener.from_analysis(analysis)
    reg = {"store_id": "N1", "platform": "mkt-a\u200b", "opened_at": "2024-01-01"}
    reg["identifiers"] = {"payment_account": ["6222020200112233445"]}
    assert screener.screen(reg).cross_platform is False
    table = screener.screen_many(
        pd.DataFrame(
            {
                "store_id": ["N2"],
                "platform": ["\ufeffmkt-a"],
                "payment_account": ["6222020200112233445"],
            }
        )
    )
    assert not table["cross_platform"].any()


def test_platform_helpers() -> None:
    assert platform_text(pd.Series(["\u2060x\ufeff", " y "])).tolist() == ["x", "y"]
    assert platform_name("\ufeff") is None and platform_name(None) is None


# -- 5: registrations with an empty list or a boolean ---------------------------------


@pytest.fixture(scope="module")
def screener() -> Screener:
    stores, links, _ = sg.make_marketplace(n_stores=300, seed=11)
    return Screener.from_analysis(sg.analyze(stores, links, seed=0))


@pytest.mark.parametrize(
    ("value", "shown", "reason"),
    [([], "[]", "empty"), ((), "()", "empty"), (True, True, "not_a_value")],
)
def test_a_registration_kind_with_no_value_or_a_boolean_is_reported(
    screener: Screener, value: object, shown: object, reason: str
) -> None:
    want = {"field": "identifiers.phone", "value": shown, "reason": reason}
    for reg in (
        {"store_id": "N1", "identifiers": {"phone": value}},
        {"store_id": "N1", "phone": value},  # a kind given as a field of its own
    ):
        assert want in screener.screen(reg).unusable
        assert want in screener.screen(reg, mask=False).unusable


def test_false_and_booleans_in_a_list_are_not_values(screener: Screener) -> None:
    got = screener.screen(
        {"store_id": "N1", "identifiers": {"phone": [False, True], "email": False}}
    ).unusable
    assert [(u["field"], u["value"], u["reason"]) for u in got] == [
        ("identifiers.phone", False, "not_a_value"),
        ("identifiers.phone", True, "not_a_value"),
        ("identifiers.email", False, "not_a_value"),
    ]


def test_tables_report_them_too(screener: Screener) -> None:
    wide = screener.screen_many(pd.DataFrame({"store_id": ["A", "B"], "phone": [[], True]}))
    assert wide["unusable"].tolist() == [
        "identifiers.phone: empty",
        "identifiers.phone: not_a_value",
    ]
    nested = screener.screen_many(
        pd.DataFrame({"store_id": ["A", "B"], "identifiers": [{"phone": []}, {"phone": True}]})
    )
    assert nested["unusable"].tolist() == wide["unusable"].tolist()
    long = screener.screen_many(
        pd.DataFrame({"store_id": ["A"]}),
        links=pd.DataFrame({"store_id": ["A"], "kind": ["phone"], "value": [True]}),
    )
    assert long["unusable"].tolist() == ["identifiers.phone: not_a_value"]


def test_the_cli_echoes_them(tmp_path: Path, screener: Screener) -> None:
    # the decisions' JSON, as `sellergraph screen` writes it
    decision = screener.screen({"store_id": "N1", "identifiers": {"phone": [], "email": True}})
    text = json.dumps(decision.to_dict())
    assert '"value": "[]", "reason": "empty"' in text
    assert '"value": true, "reason": "not_a_value"' in text
