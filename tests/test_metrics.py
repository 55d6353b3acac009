"""Tests for sellergraph.metrics: ranking and ring metrics on hand-made cases."""

from __future__ import annotations

import math
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sellergraph.errors import InputError, SellergraphError
from sellergraph.metrics import Evaluation, average_precision, evaluate


def _truth(positive, operators=None, status=None, offender=None):
    n = len(positive)
    df = pd.DataFrame(
        {
            "store_id": [f"s{i}" for i in range(n)],
            "operator_id": operators if operators is not None else [f"o{i}" for i in range(n)],
            "positive": positive,
        }
    )
    if status is not None:
        df["status"] = status
    if offender is not None:
        df["offender"] = offender
    return df


def _scores(values, rings=None):
    df = pd.DataFrame({"store_id": [f"s{i}" for i in range(len(values))], "score": values})
    df["ring_id"] = rings if rings is not None else None
    return df


def _sk_ap(y, s):
    """Reference AP: scikit-learn's definition written out the slow way."""
    y, s = np.asarray(y, bool), np.asarray(s, float)
    total = 0.0
    prev_recall = 0.0
    for t in sorted(set(s), reverse=True):
        alert = s >= t
        tp = (alert & y).sum()
        p, r = tp / alert.sum(), tp / y.sum()
        total += (r - prev_recall) * p
        prev_recall = r
    return total


# -- average precision ---------------------------------------------------------


def test_perfect_ranking_has_ap_one():
    ev = evaluate(_scores([0.9, 0.8, 0.3, 0.1]), _truth([True, True, False, False]))
    assert ev.average_precision == 1.0
    assert ev.roc_auc == 1.0
    assert ev.recall_at_p90 == 1.0


def test_worst_ranking():
    ev = evaluate(_scores([0.1, 0.2, 0.8, 0.9]), _truth([True, False, False, False]))
    # The only positive comes last of four: precision 1/4 at recall 1.
    assert ev.average_precision == pytest.approx(0.25)
    assert ev.roc_auc == 0.0


def test_known_small_example():
    # Ranking: P N P N P. Precision at each positive: 1, 2/3, 3/5.
    y = [True, False, True, False, True]
    s = [0.9, 0.8, 0.7, 0.6, 0.5]
    expected = (1 + 2 / 3 + 3 / 5) / 3
    assert average_precision(y, s) == pytest.approx(expected)
    ev = evaluate(_scores(s), _truth(y), threshold=0.65)
    assert ev.average_precision == pytest.approx(expected)
    assert ev.n_alerts == 3
    assert ev.precision == pytest.approx(2 / 3)
    assert ev.recall == pytest.approx(2 / 3)
    assert ev.f1 == pytest.approx(2 / 3)
    # AUC: positives 0.9, 0.7, 0.5 against negatives 0.8, 0.6 win 2 + 1 + 0 of 6 pairs.
    assert ev.roc_auc == pytest.approx(0.5)


def test_ties_are_one_threshold():
    # All tied: one threshold, precision = prevalence.
    assert average_precision([True, False, False, False], [0.5] * 4) == pytest.approx(0.25)
    # A tie between a positive and a negative at the top is not resolved in
    # the positive's favour: precision 1/2 there, then 2/3 at full recall.
    y = [True, False, True]
    s = [0.9, 0.9, 0.1]
    assert average_precision(y, s) == pytest.approx(0.5 * 0.5 + 0.5 * 2 / 3)
    # The order of tied rows does not matter.
    assert average_precision(y[::-1], s[::-1]) == average_precision(y, s)


def test_pr_curve_groups_distinct_scores():
    ev = evaluate(_scores([0.9, 0.9, 0.4, 0.1]), _truth([True, False, True, False]))
    curve = ev.pr_curve
    assert list(curve.columns) == ["threshold", "precision", "recall"]
    assert curve["threshold"].tolist() == [0.9, 0.4, 0.1]
    assert curve["precision"].tolist() == pytest.approx([0.5, 2 / 3, 0.5])
    assert curve["recall"].tolist() == pytest.approx([0.5, 1.0, 1.0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=6)), min_size=1, max_size=30
    ).filter(lambda rows: any(y for y, _ in rows))
)
def test_ap_matches_reference_definition(rows):
    y = [r[0] for r in rows]
    s = [r[1] / 6 for r in rows]  # few distinct values: many ties
    assert average_precision(y, s) == pytest.approx(_sk_ap(y, s))


def test_no_positives_gives_nan():
    ev = evaluate(_scores([0.9, 0.1]), _truth([False, False]))
    assert math.isnan(ev.average_precision)
    assert math.isnan(ev.recall)
    assert math.isnan(ev.roc_auc)
    assert ev.n_positives == 0


# -- recall at 90% precision -----------------------------------------------------


def test_recall_at_90_precision():
    # 10 positives then 1 negative then 10 positives: precision stays >= 0.9
    # through the 21st row (20/21 = 0.95); then 5 negatives.
    y = [True] * 10 + [False] + [True] * 10 + [False] * 5
    s = np.linspace(1, 0, len(y))
    ev = evaluate(_scores(s), _truth(y))
    assert ev.recall_at_p90 == 1.0

    # 8 positives, 2 negatives, 2 positives: precision is 1 at recall 0.8, then
    # 8/9 < 0.9 and 10/12 < 0.9 -- so recall at 90% precision is 0.8.
    y = [True] * 8 + [False, False] + [True, True] + [False] * 3
    s = np.linspace(1, 0, len(y))
    ev = evaluate(_scores(s), _truth(y))
    assert ev.recall_at_p90 == pytest.approx(0.8)


def test_recall_at_90_precision_unreachable():
    ev = evaluate(_scores([0.9, 0.8]), _truth([False, True]))
    assert ev.recall_at_p90 == 0.0


# -- active stores, defaults, missing scores -------------------------------------------


def test_only_active_stores_are_ranked_and_missing_scores_are_zero():
    truth = _truth(
        [True, False, False, True, False],
        status=["active", "banned", "closed", "active", "active"],
    )
    scores = pd.DataFrame({"store_id": ["s0", "s1"], "score": [0.8, 0.99]})
    ev = evaluate(scores, truth)
    assert ev.n_stores == 3  # s0, s3, s4
    assert ev.n_positives == 2
    assert ev.n_alerts == 1  # s1 is banned: not ranked
    assert ev.recall == 0.5
    # s3 and s4 both score 0 (absent): a tie.
    assert ev.average_precision == pytest.approx(0.5 * 1 + 0.5 * 2 / 3)


def test_positive_missing_means_not_ranked_without_status():
    truth = _truth(pd.array([True, pd.NA, False], dtype="boolean"))
    ev = evaluate(_scores([0.9, 0.8, 0.1]), truth)
    assert ev.n_stores == 2
    assert ev.average_precision == 1.0


def test_threshold_from_result_object():
    result = SimpleNamespace(
        scores=_scores([0.9, 0.65, 0.55]),
        config=SimpleNamespace(scoring=SimpleNamespace(alert_threshold=0.6)),
    )
    truth = _truth([True, True, False])
    ev = evaluate(result, truth)
    assert ev.threshold == 0.6
    assert ev.n_alerts == 2
    assert evaluate(result, truth, threshold=0.95).n_alerts == 0
    assert evaluate(result.scores, truth).threshold == 0.5


def test_no_alerts_precision_is_nan():
    ev = evaluate(_scores([0.1, 0.2]), _truth([True, False]), threshold=0.9)
    assert ev.n_alerts == 0
    assert math.isnan(ev.precision)
    assert ev.recall == 0.0


def test_positive_as_text():
    truth = _truth(["True", "false", " yes "])
    ev = evaluate(_scores([0.9, 0.1, 0.8]), truth)
    assert ev.n_positives == 2


# -- rings -----------------------------------------------------------------------


def test_identical_partitions():
    ops = ["a", "a", "a", "b", "b", "c"]
    truth = _truth([True] * 6, operators=ops)
    ev = evaluate(_scores([0.9] * 6, rings=["r1", "r1", "r1", "r2", "r2", "r3"]), truth)
    assert ev.adjusted_rand_index == 1.0
    assert ev.ring_purity == 1.0
    assert ev.pairwise_precision == 1.0
    assert ev.pairwise_recall == 1.0
    assert ev.n_rings == 3
    assert ev.n_ring_stores == 6
    assert ev.ring_coverage == 1.0


def test_ring_ids_are_labels_only():
    ops = ["a", "a", "b", "b"]
    truth = _truth([True] * 4, operators=ops)
    ev = evaluate(_scores([0.5] * 4, rings=[7, 7, 3, 3]), truth)
    assert ev.adjusted_rand_index == 1.0


def test_merged_rings_by_hand():
    # Two operators of 2 stores each, all in one ring.
    truth = _truth([True] * 4, operators=["a", "a", "b", "b"])
    ev = evaluate(_scores([0.5] * 4, rings=["r"] * 4), truth)
    assert ev.ring_purity == 0.5
    assert ev.pairwise_precision == pytest.approx(2 / 6)
    assert ev.pairwise_recall == 1.0
    # Contingency [[2, 2]]: index 2, sum_a 6, sum_b 2, expected 6*2/6 = 2, max 4.
    assert ev.adjusted_rand_index == pytest.approx(0.0)


def test_split_and_impure_rings_by_hand():
    # Operator a: 4 stores split 3 + 1; ring r2 also holds b's store.
    ops = ["a", "a", "a", "a", "b"]
    rings = ["r1", "r1", "r1", "r2", "r2"]
    truth = _truth([True] * 5, operators=ops)
    ev = evaluate(_scores([0.5] * 5, rings=rings), truth)
    assert ev.ring_purity == pytest.approx(4 / 5)
    # Same-ring pairs: C(3,2)+C(2,2)=4, of which same-operator 3.
    assert ev.pairwise_precision == pytest.approx(3 / 4)
    # Same-operator pairs: C(4,2)=6, of which same ring 3.
    assert ev.pairwise_recall == pytest.approx(3 / 6)
    # ARI by hand: index 3, sum_a 4, sum_b 6, total 10, expected 2.4, max 5.
    assert ev.adjusted_rand_index == pytest.approx((3 - 2.4) / (5 - 2.4))


def test_ari_matches_permutation_invariance_and_known_value():
    # Classic example: labels [0,0,1,1] vs [0,0,1,2] -> ARI 0.5714...
    truth = _truth([True] * 4, operators=["x", "x", "y", "y"])
    ev = evaluate(_scores([0.5] * 4, rings=["p", "p", "q", "r"]), truth)
    assert ev.adjusted_rand_index == pytest.approx(0.5714285714)


def test_pairwise_only_over_offender_stores_and_ringed_stores():
    ops = ["a", "a", "h", "h", "a"]
    truth = _truth(
        [True, True, False, False, True],
        operators=ops,
        status=["active"] * 5,
        offender=[True, True, False, False, True],
    )
    # Honest stores h (one operator) share a ring: a right pair for precision, not
    # counted for recall (offenders' pairs only); s4 has no ring.
    ev = evaluate(_scores([0.9, 0.9, 0.1, 0.1, 0.2], rings=["r", "r", "h", "h", None]), truth)
    assert ev.pairwise_precision == 1.0
    assert ev.pairwise_recall == 1.0
    # over all of a's 3 stores (s4 unringed counts as missed), 1 of 3 pairs is together
    assert ev.pairwise_recall_all == pytest.approx(1 / 3)
    text = str(ev)
    assert "among ringed stores: precision 1.000 / recall 1.000" in text
    assert "over all offender stores: recall 0.333" in text
    assert ev.to_dict()["pairwise_recall_all"] == pytest.approx(1 / 3)
    assert ev.n_ring_stores == 4
    assert ev.ring_coverage == pytest.approx(2 / 3)


def test_no_ring_column():
    ev = evaluate(pd.DataFrame({"store_id": ["s0"], "score": [1.0]}), _truth([True, False]))
    assert ev.n_rings == 0
    assert math.isnan(ev.adjusted_rand_index)
    assert "rings        none" in str(ev)


# -- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "column"),
    [("scores", "score"), ("scores", "store_id"), ("truth", "operator_id"), ("truth", "positive")],
)
def test_missing_column_names_table_and_column(table, column):
    scores = _scores([0.5, 0.4])
    truth = _truth([True, False])
    frames = {"scores": scores, "truth": truth}
    frames[table] = frames[table].drop(columns=column)
    with pytest.raises(InputError, match=rf"{table}.*{column}") as info:
        evaluate(frames["scores"], frames["truth"])
    assert isinstance(info.value, SellergraphError)
    assert isinstance(info.value, ValueError)
    failures = info.value.failures
    assert failures is not None
    assert failures["column"].tolist() == [column]
    assert failures["table"].tolist() == [table]


def test_duplicate_and_bad_values_rejected():
    truth = _truth([True, False])
    with pytest.raises(InputError, match="duplicated"):
        evaluate(pd.DataFrame({"store_id": ["s0", "s0"], "score": [0.1, 0.2]}), truth)
    with pytest.raises(InputError, match="not numeric"):
        evaluate(pd.DataFrame({"store_id": ["s0"], "score": ["high"]}), truth)
    with pytest.raises(InputError, match="not boolean"):
        evaluate(_scores([0.1, 0.2]), _truth(["maybe", "no"]))
    with pytest.raises(TypeError):
        evaluate(object(), truth)


def test_unknown_truth_status_is_an_error_naming_the_row():
    truth = _truth([True, False], status=["active", "suspended"])
    with pytest.raises(InputError, match="'suspended' \\(row 1\\)") as err:
        evaluate(_scores([0.9, 0.1]), truth)
    assert err.value.failures is not None
    assert err.value.failures[["row", "column"]].values.tolist() == [[1, "status"]]


def test_a_store_without_operator_is_its_operator_s_only_store():
    truth = _truth([True, False, False], operators=["o1", None, np.nan])
    ev = evaluate(_scores([0.9, 0.1, 0.2], rings=["R1", "R1", None]), truth)
    alone = evaluate(_scores([0.9, 0.1, 0.2], rings=["R1", "R1", None]), _truth([1, 0, 0]))
    assert ev.n_positives == 1
    assert (ev.ring_purity, ev.adjusted_rand_index) == (
        alone.ring_purity,
        alone.adjusted_rand_index,
    )


# -- output --------------------------------------------------------------------------


def test_outputs():
    ev = evaluate(
        _scores([0.9, 0.8, 0.3], rings=["r", "r", None]),
        _truth([True, True, False], operators=["a", "a", "b"]),
    )
    assert isinstance(ev, Evaluation)
    d = ev.to_dict()
    assert "pr_curve" not in d
    assert d["average_precision"] == 1.0
    frame = ev.to_frame()
    assert list(frame.columns) == ["metric", "value"]
    assert frame.set_index("metric")["value"]["n_positives"] == 2
    text = str(ev)
    assert "average precision 1.000" in text
    assert "1 ring over 2 stores" in text
    with pytest.raises(AttributeError):
        ev.threshold = 0.1  # type: ignore[misc]


def test_plot_pr_returns_axes():
    ev = evaluate(_scores([0.9, 0.8, 0.3, 0.2]), _truth([True, False, True, False]))
    ax = ev.plot_pr()
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() == "Recall"
    fig = Figure()
    own = fig.subplots()
    assert ev.plot_pr(ax=own) is own
    # Nothing to plot is fine too.
    empty = evaluate(pd.DataFrame({"store_id": [], "score": []}), _truth([]))
    assert isinstance(empty.plot_pr(), Axes)


# -- the run's stores ------------------------------------------------------------


def _run_stores(status, rings=None):
    df = pd.DataFrame({"store_id": [f"s{i}" for i in range(len(status))], "status": status})
    if rings is not None:
        df["ring_id"] = rings
    return df


def test_truth_ids_are_read_like_the_stores_table():
    truth = _truth([True, False])
    truth["store_id"] = [" s0", "s1 "]
    ev = evaluate(_scores([0.9, 0.1]), truth)
    assert ev.recall == 1.0 and ev.n_alerts == 1


def test_truth_ids_a_float_column_wrote_as_decimals_meet_the_run_s():
    truth = _truth([True, False])
    truth["store_id"] = ["1001.0", "1002.0"]
    scores = _scores([0.9, 0.1])
    scores["store_id"] = ["1001", "1002"]
    ev = evaluate(scores, truth)
    assert ev.recall == 1.0 and ev.n_alerts == 1


def test_truth_naming_no_store_of_the_run_is_refused():
    truth = _truth([True, False])
    truth["store_id"] = ["S0", "S1"]
    with pytest.raises(InputError, match="no store_id of table 'truth' is in the run"):
        evaluate(_scores([0.9, 0.1]), truth)
    with pytest.raises(InputError, match="'S0'"):
        evaluate(_scores([]), truth, stores=_run_stores(["active", "active"]))


def test_truth_rows_outside_the_run_are_counted_and_left_out():
    truth = _truth([True, True, False])
    truth.loc[2, "store_id"] = "elsewhere"
    ev = evaluate(_scores([0.9, 0.0]), truth, stores=_run_stores(["active", "active", "active"]))
    assert ev.n_unmatched == 1 and ev.n_stores == 2
    assert "1 truth row left out (their stores are not in the run)" in str(ev)
    assert evaluate(_scores([0.9, 0.0]), truth).n_unmatched == 0  # run's stores unknown


def test_status_comes_from_the_run_when_the_truth_has_none():
    truth = _truth([False, True], operators=["o1", "o1"])
    ev = evaluate(_scores([0.0, 0.9]), truth, stores=_run_stores(["banned", "active"]))
    # one ranked store, a positive: precision is n/a without negatives
    assert ev.n_stores == 1 and ev.recall == 1.0 and ev.n_alerts == 1
    # the banned store makes its operator an offender: its pair is measured
    ev = evaluate(
        _scores([0.0, 0.9]),
        truth,
        stores=_run_stores(["banned", "active"], rings=["r1", "r1"]),
    )
    assert ev.n_ring_stores == 2 and ev.pairwise_precision == 1.0


def test_rings_count_every_member_when_the_run_is_known():
    # ring r1 holds a banned store of another operator: impure, though the
    # scores (active stores only) see a ring of one store, which says nothing
    truth = _truth([False, False, True], operators=["x", "y", "x"])
    scores = pd.DataFrame({"store_id": ["s2"], "score": [0.9], "ring_id": ["r1"]})
    assert math.isnan(evaluate(scores, truth).ring_purity)
    stores = _run_stores(["banned", "banned", "active"], rings=["r1", "r1", "r1"])
    ev = evaluate(scores, truth, stores=stores)
    assert ev.n_ring_stores == 3 and ev.ring_purity == pytest.approx(2 / 3)


def test_an_analysis_brings_its_stores_and_rings():
    import sellergraph as sg

    stores, links, truth = sg.make_marketplace(400, seed=3)
    a = sg.analyze(stores, links, seed=0)
    ev = evaluate(a, truth)
    members = int(pd.notna(pd.Series(a.ring_of, dtype=object)).sum())
    assert ev.n_ring_stores == members > int(a.scores["ring_id"].notna().sum())
    table = a.stores.assign(ring_id=a.ring_of)
    scored = a.scores[a.scores["score"] > 0]  # as a run folder keeps them
    assert evaluate(scored, truth, threshold=ev.threshold, stores=table).to_dict() == ev.to_dict()


def test_pairwise_recall_over_all_offender_stores_without_rings():
    truth = _truth([True, True], operators=["a", "a"], offender=[True, True])
    assert evaluate(_scores([0.9, 0.9], rings=[None, None]), truth).pairwise_recall_all == 0.0
    solo = _truth([True, False])
    assert math.isnan(evaluate(_scores([0.9, 0.1]), solo).pairwise_recall_all)


def test_pairwise_recall_over_all_offender_stores_leaves_out_stores_not_in_the_run():
    truth = _truth([True, True, True], operators=["a", "a", "a"], offender=[True] * 3)
    truth.loc[2, "store_id"] = "elsewhere"
    stores = _run_stores(["active", "active"], rings=["r", "r"])
    ev = evaluate(_scores([0.9, 0.9]), truth, stores=stores)
    assert ev.pairwise_recall_all == 1.0


def test_to_frame_keeps_counts_whole():
    ev = evaluate(_scores([0.9, 0.8, 0.3]), _truth([True, False, False]))
    values = ev.to_frame().set_index("metric")["value"]
    for name in ("n_stores", "n_positives", "n_alerts", "n_rings", "n_unmatched"):
        assert type(values[name]) is int, name
    assert values["n_unmatched"] == 0
    assert type(values["precision"]) is float and type(values["threshold"]) is float
    assert "1 positive)" in str(ev) and "3 active stores" in str(ev)


def test_match_precision_counts_alerts_naming_another_operators_store() -> None:
    scores = pd.DataFrame(
        {
            "store_id": ["r1", "r2", "h"],
            "score": [0.9, 0.8, 0.7],
            "matched_store_id": ["b1", "b1", "b2"],  # r2 is b2's operator's, h is honest
        }
    )
    truth = pd.DataFrame(
        {
            "store_id": ["r1", "r2", "h", "b1", "b2"],
            "operator_id": ["x", "y", "z", "x", "y"],
            "positive": [True, True, False, False, False],
            "status": ["active", "active", "active", "banned", "banned"],
        }
    )
    ev = evaluate(scores, truth, threshold=0.6)
    assert ev.precision == pytest.approx(2 / 3)
    assert ev.match_precision == pytest.approx(1 / 3)
    assert "0.333 of alerts name a banned store" in str(ev)
    assert math.isnan(evaluate(scores.drop(columns="matched_store_id"), truth).match_precision)
