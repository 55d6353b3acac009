"""Investigators' reviews: reading them, their status, and what they do to the alerts."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.report import to_html
from sellergraph.reviews import REVIEW_TABLE_COLUMNS, apply_reviews, read_reviews


@pytest.fixture(scope="module")
def analysis():
    stores, links, _ = sg.make_marketplace(600, seed=3)
    return sg.analyze(stores, links, seed=0)


def _stores(**status):
    return pd.DataFrame({"store_id": list(status), "status": list(status.values())})


SCORES = pd.DataFrame(
    {
        "store_id": ["A", "B", "C", "D"],
        "score": [0.9, 0.8, 0.3, 0.95],
        "matched_store_id": ["X", "Y", "X", "X"],
    }
)
STORES = _stores(A="active", B="active", C="active", D="active", E="banned", X="banned", Y="banned")


def _apply(frame, margin=0.05):
    return apply_reviews(read_reviews(frame), SCORES, STORES, alert_threshold=0.6, margin=margin)


def test_decision_words_are_read_in_any_case_and_spelling():
    rows = read_reviews(
        pd.DataFrame(
            {
                "store_id": list("ABCDEF"),
                "decision": [
                    "Cleared",
                    " CONFIRMED ",
                    "false positive",
                    "True-Positive",
                    "not a return",
                    "maybe",
                ],
            }
        )
    )
    assert rows["decision"].tolist() == [
        "cleared",
        "confirmed",
        "cleared",
        "confirmed",
        "cleared",
        None,
    ]
    assert rows["reason"].tolist()[:5] == [None] * 5
    assert rows["reason"].iloc[5] == "column 'decision': 'maybe' is not cleared or confirmed"


def test_bad_cells_name_their_column_and_value():
    rows = read_reviews(
        pd.DataFrame(
            {
                "store_id": ["A", "", "C", "D", "E"],
                "decision": ["cleared"] * 5,
                "score": ["0,71", "0.5", "high", "1.5", ""],
                "reviewed_at": ["2026-10-01", "2026-10-02", "2026-10-03", "soon", None],
            }
        )
    )
    assert rows["score"].iloc[0] == pytest.approx(0.71)
    assert np.isnan(rows["score"].iloc[4])  # not given: fine
    assert rows["reason"].tolist() == [
        None,
        "column 'store_id': '' is empty",
        "column 'score': 'high' is not a number from 0 to 1",
        "column 'score': '1.5' is not a number from 0 to 1",
        None,
    ]
    assert rows["reviewed_at"].iloc[0] == pd.Timestamp("2026-10-01")


def test_a_bad_date_is_named():
    rows = read_reviews(
        pd.DataFrame({"store_id": ["A"], "decision": ["cleared"], "reviewed_at": ["soon"]})
    )
    assert rows["reason"].tolist() == ["column 'reviewed_at': 'soon' is not a date"]


def test_a_table_without_decision_is_an_input_error():
    with pytest.raises(InputError, match=r"table 'reviews': no 'decision' column .*'store_id'"):
        read_reviews(pd.DataFrame({"store_id": ["A"], "verdict": ["cleared"]}))


def test_header_spelling_and_renames_are_read():
    rows = read_reviews(
        pd.DataFrame({"Store ID": ["A"], "Decision": ["cleared"], "analyst": ["ana"]}),
        columns={"analyst": "reviewer"},
    )
    assert rows[["store_id", "decision", "reviewer"]].values.tolist() == [["A", "cleared", "ana"]]


def test_own_columns_are_carried_but_not_an_alerts_tables():
    rows = read_reviews(
        pd.DataFrame(
            {
                "store_id": ["A"],
                "decision": ["cleared"],
                "note": ["family shop"],
                "case": [17],
                "evidence": ["phone +86..."],
                "ring_id": ["R-S1"],
            }
        )
    )
    assert "note" in rows and "case" in rows
    assert "evidence" not in rows and "ring_id" not in rows


def test_status_of_each_review():
    out = _apply(
        pd.DataFrame(
            {
                "store_id": ["A", "B", "C", "E", "Z", "D", "D"],
                "decision": ["cleared"] * 7,
                "matched_store_id": ["X", "Q", "X", "X", "X", "X", "X"],
                "score": [0.9, 0.8, 0.3, 0.9, 0.9, 0.80, 0.94],
                "reviewed_at": [None, None, None, None, None, "2026-01-01", "2026-02-01"],
            }
        )
    )
    assert list(out.columns[: len(REVIEW_TABLE_COLUMNS)]) == list(REVIEW_TABLE_COLUMNS)
    assert out["status"].tolist() == [
        "held",
        "back",
        "not_alerting",
        "not_active",
        "unknown_store",
        "superseded",
        "held",
    ]
    assert out["reason"].tolist() == [
        None,
        "now matches Y (reviewed with Q)",
        "score 0.30 is below the alert threshold 0.6",
        "the store is banned now",
        "store_id is not in the stores table",
        None,
        None,
    ]
    assert out["score_now"].tolist()[:3] == [0.9, 0.8, 0.3]
    assert np.isnan(out["score_now"].iloc[3])  # banned: not scored


def test_a_score_risen_past_the_margin_brings_the_alert_back():
    frame = pd.DataFrame({"store_id": ["A"], "decision": ["cleared"], "score": [0.84]})
    assert _apply(frame)["status"].tolist() == ["back"]
    assert _apply(frame)["reason"].tolist() == ["score rose from 0.84 to 0.90"]
    assert _apply(frame, margin=0.1)["status"].tolist() == ["held"]


def test_the_latest_review_counts_undated_ones_first():
    frame = pd.DataFrame(
        {
            "store_id": ["A", "A", "A"],
            "decision": ["cleared", "cleared", "confirmed"],
            "matched_store_id": ["Q", "X", "Q"],
            "reviewed_at": ["2026-03-01", "2026-05-01", None],
        }
    )
    out = _apply(frame)
    assert out["status"].tolist() == ["superseded", "held", "superseded"]


def test_a_review_without_match_or_score_holds_the_alert_whatever_the_evidence():
    out = _apply(pd.DataFrame({"store_id": ["B"], "decision": ["confirmed"]}))
    assert out["status"].tolist() == ["held"]


def test_invalid_rows_hold_nothing():
    out = _apply(pd.DataFrame({"store_id": ["A"], "decision": ["perhaps"]}))
    assert out["status"].tolist() == ["invalid"]


def test_reviews_hold_alerts_back_and_change_nothing_else(analysis):
    reviewed = analysis.alerts.head(5).assign(decision="cleared", note="seen")
    after = analysis.with_reviews(reviewed)
    assert after.reviews["status"].tolist() == ["held"] * 5
    assert len(after.alerts) == len(analysis.alerts) - 5
    assert not after.alerts["store_id"].isin(reviewed["store_id"]).any()
    pd.testing.assert_frame_equal(after.scores, analysis.scores)
    pd.testing.assert_frame_equal(after.rings, analysis.rings)
    counts = after.provenance["counts"]
    assert counts["alerts"] == len(after.alerts)
    assert (counts["reviews"], counts["alerts_held"], counts["alerts_back"]) == (5, 5, 0)
    assert analysis.provenance["counts"]["alerts"] == len(analysis.alerts)  # unchanged
    assert analysis.reviews.empty and list(analysis.reviews.columns) == list(REVIEW_TABLE_COLUMNS)


def test_analyze_takes_reviews_and_fails_early_on_a_bad_table(analysis):
    stores, links = analysis.dataset.stores, analysis.links
    reviewed = analysis.alerts.head(3).assign(decision="cleared")
    direct = sg.analyze(analysis.dataset, seed=0, reviews=reviewed)
    pd.testing.assert_frame_equal(direct.alerts, analysis.with_reviews(reviewed).alerts)
    with pytest.raises(InputError, match="table 'reviews'"):
        sg.analyze(stores.iloc[:0], links, reviews=pd.DataFrame({"store_id": ["A"]}))


def test_report_says_what_reviews_did_and_escapes_ids(analysis):
    top = analysis.alerts.head(2)
    reviewed = top.assign(decision="cleared")
    reviewed.loc[reviewed.index[1], "matched_store_id"] = "<b>S0</b>"
    page = to_html(analysis.with_reviews(reviewed))
    assert "1 alert held back by investigators&#x27; reviews" in page or (
        "1 alert held back by investigators' reviews" in page
    )
    assert "<b>S0</b>" not in page
    assert "reviewed alert is back, the evidence changed" in page


def test_cli_run_with_reviews(tmp_path, capsys):
    stores, links, _ = sg.make_marketplace(500, seed=5)
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    first = tmp_path / "night1"
    args = ["run", "--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    assert main([*args, "--out", str(first), "-q"]) == 0
    alerts = pd.read_csv(first / "alerts.csv", dtype=str)
    reviewed = alerts.head(4).assign(decision="cleared", reviewed_at="2026-11-01")
    reviewed.to_csv(tmp_path / "reviews.csv", index=False)
    capsys.readouterr()
    second = tmp_path / "night2"
    assert main([*args, "--reviews", str(tmp_path / "reviews.csv"), "--out", str(second)]) == 0
    said = capsys.readouterr().out
    assert "reviews                      4  (4 alerts held back, 0 back" in said
    again = pd.read_csv(second / "alerts.csv", dtype=str)
    assert len(again) == len(alerts) - 4
    table = pd.read_csv(second / "reviews.csv", dtype=str)
    assert table["status"].tolist() == ["held"] * 4
    assert table["reviewed_at"].tolist() == ["2026-11-01"] * 4
    meta = json.loads((second / "run.json").read_text())
    assert meta["counts"]["alerts_held"] == 4
    assert meta["outputs"]["reviews"] == "reviews.csv"
    assert "reviews" in meta["inputs"]
    assert "reviews" not in json.loads((first / "run.json").read_text())["outputs"]


def test_a_run_folder_read_back_keeps_its_reviews(tmp_path, analysis):
    from sellergraph.io.run import read_analysis, write_run

    reviewed = analysis.with_reviews(analysis.alerts.head(3).assign(decision="confirmed"))
    write_run(reviewed, tmp_path / "run", fmt="parquet", report=False)
    back = read_analysis(tmp_path / "run")
    assert back.alerts["store_id"].tolist() == reviewed.alerts["store_id"].tolist()
    assert back.reviews["status"].tolist() == ["held"] * 3
