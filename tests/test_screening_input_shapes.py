"""Screening says back every shape a registration comes in: a kind given twice, fields
under two spellings, duplicated JSON keys; ``screen --columns`` and ``--summary``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.screening import Screener


@pytest.fixture(scope="module")
def market() -> tuple[pd.DataFrame, pd.DataFrame, Screener]:
    stores, links, _ = sg.make_marketplace(n_stores=800, seed=3)
    return stores, links, Screener.from_analysis(sg.analyze(stores, links, seed=0))


@pytest.fixture(scope="module")
def banned_phone(market) -> str:
    stores, links, _ = market
    banned = set(stores.loc[stores["status"] == "banned", "store_id"])
    phones = links[(links["kind"] == "phone") & links["store_id"].isin(banned)]
    return str(phones["value"].iloc[0])


@pytest.fixture(scope="module")
def index(market, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return market[2].save(tmp_path_factory.mktemp("index") / "i.sgidx")


def _said(decision: sg.Decision) -> list[tuple[str, str]]:
    return [(u["field"], u["reason"]) for u in decision.unusable]


def test_a_null_beside_a_value_of_the_same_kind_is_reported_and_the_value_screened(
    market, banned_phone: str
) -> None:
    screener = market[2]
    alone = screener.screen({"identifiers": {"phone": banned_phone}})
    assert alone.score > 0
    nested_null = screener.screen({"identifiers": {"phone": None}, "phone": banned_phone})
    flat_null = screener.screen({"identifiers": {"phone": banned_phone}, "phone": None})
    assert nested_null.score == flat_null.score == alone.score
    # the two forms are told apart: the field of its own keeps its own name
    assert _said(nested_null) == [("identifiers.phone", "empty")]
    assert _said(flat_null) == [("phone", "empty")]
    both_empty = screener.screen({"identifiers": {"phone": []}, "phone": ""})
    assert _said(both_empty) == [("identifiers.phone", "empty"), ("phone", "empty")]


def test_both_values_of_a_kind_given_twice_are_screened(market, banned_phone: str) -> None:
    screener = market[2]
    alone = screener.screen({"identifiers": {"phone": banned_phone}})
    for reg in (
        {"identifiers": {"phone": "13900139000"}, "phone": banned_phone},
        {"identifiers": {"phone": banned_phone}, "phone": "13900139000"},
        {"identifiers": {"phone": banned_phone}, "phone": banned_phone},
    ):
        got = screener.screen(reg)
        assert (got.score, got.unusable) == (alone.score, ()), reg
    # an identifiers that is no object no longer hides the kinds given beside it
    wrong = screener.screen({"identifiers": "phone=1", "phone": banned_phone})
    assert wrong.score == alone.score
    assert _said(wrong) == [("identifiers", "not_an_object")]


@pytest.mark.parametrize(
    ("registration", "said"),
    [
        ({"identifiers": {"phone": ["13800138000", None, ""]}}, {("identifiers.phone", "empty")}),
        ({"identifiers": {"phone": [True]}}, {("identifiers.phone", "not_a_value")}),
        ({"identifiers": {"phone": {"n": "138"}}}, {("identifiers.phone", "not_a_value")}),
        ({"identifiers": {"fax": "1"}}, {("identifiers.fax", "unknown_kind")}),
        (
            {"identifiers": {"phone": "13800138000"}, "phone": {"n": "13800138000"}},
            {("phone", "not_a_value")},
        ),
        ({"identifiers": ["phone"], "device": []}, {("identifiers", "not_an_object")}),
        ({"store_id": "A", "Store ID": "B"}, {("Store ID", "duplicate_field")}),
    ],
)
def test_every_shape_gets_an_outcome(market, registration: dict, said: set) -> None:
    got = market[2].screen(registration)
    assert said <= set(_said(got))
    assert all(u["reason"] != "unknown_field" for u in got.unusable)


def test_a_field_under_two_spellings_reads_one_and_reports_the_other(market) -> None:
    screener = market[2]
    got = screener.screen({"Store ID": "A", "store-id": "B", "identifiers": {"phone": "1"}})
    assert got.store_id == "A"
    assert {
        "field": "store-id",
        "value": "B",
        "reason": "duplicate_field",
        "read": "Store ID",
    } in got.unusable
    own = screener.screen({"store id": "B", "store_id": "A", "identifiers": {"phone": "1"}})
    assert own.store_id == "A"  # the contract's own name is read, wherever it stands
    quiet = screener.screen({"store_id": "A", "Store ID": None, "identifiers": {"phone": "1"}})
    assert all(u["field"] != "Store ID" for u in quiet.unusable)  # nothing given, nothing lost


def test_a_field_of_its_own_in_the_wrong_shape_is_masked(market) -> None:
    reg = {"identifiers": {"phone": "13800138000"}, "phone": ["13912345678", {"n": 1}]}
    masked = market[2].screen(reg)
    raw = market[2].screen(reg, mask=False)
    [entry] = [u for u in masked.unusable if u["field"] == "phone"]
    [raw_entry] = [u for u in raw.unusable if u["field"] == "phone"]
    assert raw_entry["value"] == "{'n': 1}" and entry["value"] != raw_entry["value"]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def test_cli_refuses_a_key_given_twice_in_one_object(index: Path) -> None:
    lines = ['{"store_id": "A", "phone": null, "phone": "13800138000"}', '{"store_id": "B"}']
    res = _cli("screen", "--index", str(index), "-", stdin="\n".join(lines))
    assert res.returncode == 1
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert out[0]["line"] == 1 and "key 'phone' appears twice" in out[0]["error"]
    assert out[1]["store_id"] == "B"
    nested = '{"identifiers": {"device": "a", "device": "b"}}'
    res = _cli("screen", "--index", str(index), "-", stdin=nested)
    assert "key 'device' appears twice" in json.loads(res.stdout)["error"]


def test_cli_columns_rename_fields_as_run_does(index: Path, banned_phone: str) -> None:
    lines = [
        json.dumps({"seller": "S1", "tel": banned_phone}),
        json.dumps({"seller": "S2", "tel": "1", "phone": "2"}),
    ]
    res = _cli(
        "screen",
        "--index",
        str(index),
        "--columns",
        " seller=store_id, tel=phone,links.type=kind",
        "-",
        stdin="\n".join(lines),
    )
    assert res.returncode == 1, res.stderr
    first, second = (json.loads(x) for x in res.stdout.splitlines())
    assert first["store_id"] == "S1" and first["score"] > 0 and first["unusable"] == []
    assert second["error"] == (
        "line 2: fields 'tel' and 'phone' are both 'phone' under --columns (one field given twice)"
    )
    for cmd in (["screen", "--index", str(index), "-"], ["run", "--stores", "s", "--out", "o"]):
        bad = _cli(*cmd, "--columns", "seller", stdin="")
        assert bad.returncode == 2 and "Traceback" not in bad.stderr
        assert bad.stderr.strip().splitlines()[-1] == (
            "sellergraph: error: --columns expects SRC=DST[,SRC=DST...] (got 'seller')"
        )


def test_cli_summary_file(index: Path, tmp_path: Path, banned_phone: str) -> None:
    lines = [
        json.dumps({"store_id": "A", "identifiers": {"phone": banned_phone}}),
        "not json",
        "",
        json.dumps({"store_id": "B", "identifiers": {"phone": None}, "fax": "1"}),
    ]
    args = ["screen", "--index", str(index), "--out", str(tmp_path / "d.jsonl"), "-"]
    res = _cli(*args, "--summary", str(tmp_path / "s.json"), stdin="\n".join(lines))
    assert res.returncode == 1
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["registrations"] == 3 and summary["screened"] == 2
    assert summary["errors"] == 1 and summary["error_lines"] == [2]
    assert sum(summary["verdicts"].values()) == 2 and summary["with_unusable"] == 1
    assert summary["unusable_reasons"] == {"empty": 1, "unknown_field": 1}
    assert summary["exit_status"] == 1
    # the decisions stream is unchanged: one object per input line, each with its line
    assert [json.loads(x)["line"] for x in (tmp_path / "d.jsonl").read_text().splitlines()] == [
        1,
        2,
        4,
    ]
    again = _cli(*args, "--summary", str(tmp_path / "s2.json"), stdin="\n".join(lines))
    assert again.returncode == 1
    assert (tmp_path / "s2.json").read_bytes() == (tmp_path / "s.json").read_bytes()
    same = _cli(*args, "--summary", str(tmp_path / "d.jsonl"), stdin="")
    assert same.returncode == 2 and "name the same file" in same.stderr


@pytest.mark.parametrize("missing", [pd.NA, np.nan, pd.NaT, np.datetime64("NaT"), None])
def test_a_missing_value_of_pandas_is_empty_as_null_is(missing: object) -> None:
    stores = pd.DataFrame(
        {"store_id": ["B", "A"], "status": ["banned", "active"], "closed_at": ["2024-01-01", None]}
    )
    links = pd.DataFrame(
        {"store_id": ["B", "A"], "kind": ["phone"] * 2, "value": ["+86 138 0013 8001"] * 2}
    )
    screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
    empty = ({"field": "identifiers.phone", "value": None, "reason": "empty"},)
    # as row.to_dict() gives it: before, pd.NA was not_a_value with a masked "<NA>"
    assert screener.screen({"identifiers": {"phone": missing}}).unusable == empty
    listed = screener.screen({"identifiers": {"phone": [missing, "+86 138 0013 8001"]}})
    assert listed.unusable == empty and listed.matched_store_id == "B"
    table = screener.screen_many(
        pd.DataFrame({"store_id": ["N"]}),
        links=pd.DataFrame(
            {"store_id": ["N", "N"], "kind": ["phone"] * 2, "value": [missing, "+86 138 0013 8001"]}
        ),
    )
    assert table["unusable"].tolist() == ["identifiers.phone: empty"]
    assert table["matched_store_id"].tolist() == ["B"]
