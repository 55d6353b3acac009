"""What a new user running ``sellergraph evaluate`` and ``run`` on a benchmark tripped
over: metrics of a truth table that lists no banned store, ``evaluate --json`` that strict
JSON parsers refuse, and stores rows set aside on no line of the run summary."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.metrics import evaluate

# B1 and B2 are banned; A1 and A2 return with their phones (one ring each: the banned
# store and its return); A3 is an honest store sharing nothing.
STORES = (
    "store_id,status,closed_at,phone\n"
    "B1,banned,2021-01-01,13800138000\n"
    "B2,banned,2021-01-01,13900139000\n"
    "A1,active,,13800138000\n"
    "A2,active,,13900139000\n"
    "A3,active,,13700137000\n"
)
ACTIVE_ONLY = "store_id,operator_id,positive\nA1,o1,true\nA2,o2,true\nA3,o3,false\n"
WITH_BANNED = ACTIVE_ONLY + "B1,o1,false\nB2,o2,false\n"


def _strict(text: str) -> Any:
    """``text`` as a strict JSON parser reads it: NaN and Infinity are refused."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evalcli")
    (folder / "stores.csv").write_text(STORES)
    argv = ["run", "--stores", str(folder / "stores.csv"), "--out", str(folder / "run")]
    assert main([*argv, "--no-report", "-q"]) == 0
    return folder / "run"


def _evaluate(
    run: Path, truth: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> str:
    (tmp_path / "truth.csv").write_text(truth)
    capsys.readouterr()
    argv = ["evaluate", "--run", str(run), "--truth", str(tmp_path / "truth.csv"), *options]
    assert main(argv) == 0
    return capsys.readouterr().out


def _line(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"  {label} "))


# -- 1. a truth table without banned stores -------------------------------------------


def test_matches_are_n_a_when_the_truth_lists_no_banned_store(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _evaluate(run, ACTIVE_ONLY, tmp_path, capsys)
    assert _line(out, "matches") == (
        "  matches      n/a: the truth lists none of the banned stores named by 2 alerts"
    )
    assert "0.000" not in _line(out, "matches")
    assert "  note         the truth lists no banned store: matches, ring purity and ARI say" in out
    assert _line(out, "rings") == (
        "  rings        2 rings over 2 stores, none holding two stores of the truth:"
        " purity n/a, ARI n/a, 1.000 of positives in a ring"
    )
    # what can be measured still is
    assert "precision 1.000   recall 1.000   F1 1.000   alerts 2" in out


def test_a_truth_listing_the_banned_stores_measures_matches_and_rings(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _evaluate(run, WITH_BANNED, tmp_path, capsys)
    assert "note" not in out
    assert _line(out, "matches") == (
        "  matches      1.000 of alerts name a banned store of their own operator"
    )
    assert _line(out, "rings").startswith("  rings        2 rings over 4 stores: purity 1.000, ARI")
    # B2 run by someone else: A2's alert names another operator's store, a wrong lead
    wrong = WITH_BANNED.replace("B2,o2,", "B2,o9,")
    assert "  matches      0.500 of alerts" in _evaluate(run, wrong, tmp_path, capsys)


def test_alerts_naming_a_store_the_truth_does_not_list_are_left_out(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _evaluate(run, ACTIVE_ONLY + "B1,o1,false\n", tmp_path, capsys)
    assert _line(out, "matches") == (
        "  matches      1.000 of alerts name a banned store of their own operator (judged on"
        " 1 of 2 alerts: the truth does not list the others' matched stores)"
    )
    payload = _strict(_evaluate(run, ACTIVE_ONLY + "B1,o1,false\n", tmp_path, capsys, "--json"))
    assert (payload["n_matches_named"], payload["n_matches_judged"]) == (2, 1)
    assert payload["n_banned"] == 1


def test_matches_are_n_a_when_no_ranked_store_is_positive(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    honest = WITH_BANNED.replace(",true", ",false")  # every alert is a wrong lead
    out = _evaluate(run, honest, tmp_path, capsys)
    assert _line(out, "matches") == "  matches      n/a: no ranked store is positive"
    assert "precision, F1 and matches say nothing (n/a)" in _line(out, "note")


# -- 2. strict JSON --------------------------------------------------------------------


def test_evaluate_json_is_strict_with_null_and_the_reasons(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _evaluate(run, ACTIVE_ONLY.replace("A3,o3,false", "A3,o3,true"), tmp_path, capsys)
    assert "every ranked store is positive (no negatives)" in out  # NaN metrics in this case
    text = _evaluate(
        run, ACTIVE_ONLY.replace("A3,o3,false", "A3,o3,true"), tmp_path, capsys, "--json"
    )
    assert "NaN" not in text
    payload = _strict(text)
    why = payload.pop("undefined")
    nulls = {name for name, value in payload.items() if value is None}
    assert {"average_precision", "roc_auc", "match_precision", "ring_purity"} <= nulls
    assert set(why) == nulls  # every null metric says why, and only those
    assert why["roc_auc"] == "every ranked store is positive (no negatives)"
    assert why["match_precision"] == "the truth lists none of the banned stores named by 2 alerts"
    assert payload["recall"] == pytest.approx(2 / 3) and payload["n_alerts"] == 2
    assert isinstance(payload["n_stores"], int) and isinstance(payload["threshold"], float)


def test_evaluate_json_of_a_marketplace_is_every_metric_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links, truth = sg.make_marketplace(600, seed=0)
    for name, frame in (("stores", stores), ("links", links), ("truth", truth)):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    argv = ["run", "--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    assert main([*argv, "--out", str(tmp_path / "run"), "--no-report", "-q"]) == 0
    payload = _strict(
        _evaluate(tmp_path / "run", truth.to_csv(index=False), tmp_path, capsys, "--json")
    )
    assert payload.pop("undefined") == {}
    table = pd.read_csv(tmp_path / "run/scores.csv")
    api = evaluate(
        table,
        truth,
        threshold=payload["threshold"],
        stores=pd.read_csv(tmp_path / "run/stores.csv"),
    ).to_dict()
    assert payload == pytest.approx(api)
    text = _evaluate(tmp_path / "run", truth.to_csv(index=False), tmp_path, capsys)
    assert "n/a" not in text and "note" not in text and "judged on" not in text


def test_explain_json_is_strict(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["explain", "A1", "--run", str(run), "--json"]) == 0
    payload = _strict(capsys.readouterr().out)
    assert payload["store_id"] == "A1" and payload["score"] > 0.6


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_threshold_that_is_no_number_is_a_usage_error(
    run: Path, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "truth.csv").write_text(WITH_BANNED)
    argv = ["evaluate", "--run", str(run), "--truth", str(tmp_path / "truth.csv")]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, f"--threshold={value}"])
    assert exit_.value.code == 2
    assert "is not a number a score can be compared with" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("truth", "positive"),
    [
        (ACTIVE_ONLY, [True, True, False]),
        (ACTIVE_ONLY, [True, True, True]),
        (ACTIVE_ONLY, [False, False, False]),
        (WITH_BANNED, [True, True, False, False, False]),
        (WITH_BANNED, [False] * 5),
    ],
    ids=["active-only", "active-only-positive", "active-only-honest", "with-banned", "honest"],
)
def test_every_nan_metric_has_a_reason(truth: str, positive: list[bool], run: Path) -> None:
    table = pd.read_csv(io.StringIO(truth)).assign(positive=positive)
    scores = pd.read_csv(run / "scores.csv")
    for stores in (pd.read_csv(run / "stores.csv"), None):
        ev = evaluate(scores, table, stores=stores, threshold=0.6)
        nan = {k for k, v in ev.to_dict().items() if isinstance(v, float) and math.isnan(v)}
        assert set(ev.undefined) == nan
        assert "not measured" not in ev.undefined.values()


def test_rings_of_two_truth_stores_keep_their_purity() -> None:
    truth = pd.DataFrame(
        {"store_id": ["a", "b", "c"], "operator_id": ["x", "x", "y"], "positive": [1, 1, 0]}
    )
    scores = pd.DataFrame({"store_id": ["a", "b", "c"], "score": [0.9, 0.8, 0.1]})
    ev = evaluate(scores.assign(ring_id=["r", "r", None]), truth)
    assert ev.ring_purity == 1.0 and ev.adjusted_rand_index == 1.0
    alone = evaluate(scores.assign(ring_id=["r", "s", None]), truth)
    assert math.isnan(alone.ring_purity)
    assert alone.adjusted_rand_index == 0.0  # x's two stores split: a measurement
    assert alone.undefined["ring_purity"] == "no ring holds two stores of the truth"


# -- 3. stores rows set aside are on the summary's stores line --------------------------

ASIDE = (
    "store_id,status,closed_at,phone\n"
    "B1,banned,,13800138000\n"
    ",,,\n"
    "\n"
    "A1,active,,13800138000\n"
    ",,,\n"
    "store_id,status,closed_at,phone\n"
    "A2,active,,13900139000\n"
    ",,,\n"
)


def _summary(tmp_path: Path, stores: str, capsys: pytest.CaptureFixture[str]) -> str:
    (tmp_path / "s.csv").write_text(stores)
    argv = ["run", "--stores", str(tmp_path / "s.csv"), "--out", str(tmp_path / "o")]
    assert main([*argv, "--no-report"]) == 0
    return capsys.readouterr().out


def test_stores_rows_set_aside_are_counted_on_the_stores_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _summary(tmp_path, ASIDE, capsys)
    stores = next(line for line in out.splitlines() if line.startswith("stores "))
    assert stores.endswith(
        "(1 banned, 2 active, 0 closed; 4 rows set aside: 3 empty_row, 1 header_row;"
        " noted in rejected: 1 missing_closed_at)"
    )
    rejected = pd.read_csv(tmp_path / "o/rejected.csv")
    aside = rejected[rejected["dropped"]]
    assert aside["reason"].value_counts().to_dict() == {"empty_row": 3, "header_row": 1}
    links = next(line for line in out.splitlines() if line.startswith("links "))
    assert links.endswith("(0 rejected, 0 values cleared: see rejected)")  # no store, no link


def test_a_stores_table_without_rows_set_aside_keeps_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _summary(tmp_path, STORES, capsys)
    stores = next(line for line in out.splitlines() if line.startswith("stores "))
    assert stores.endswith("(2 banned, 3 active, 0 closed)")
