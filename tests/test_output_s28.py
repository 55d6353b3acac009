"""Outside users' findings on what the outputs show: bidi controls and invisible characters
in data, the empty score histogram, tiny contributions, ring pair precision over honest
stores, and ``export ... --quiet``."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.metrics import evaluate
from sellergraph.report import plot_ring, plot_score_distribution, plot_timeline, to_html
from sellergraph.report._text import contribution_text, visible, visible_one_line

#: Every bidirectional control and invisible format character the outputs must escape.
HIDDEN = [
    "\u061c",
    "\u200b",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    "\u2060",
    *map(chr, range(0x2066, 0x206A)),
    "\ufeff",
]
HIDDEN_RE = re.compile("[" + "".join(HIDDEN) + "]")

BANNED = "B\u2066one\u2069"
SPOOF = "S1\u202eSSAP"  # shows as "S1PASS"
ZWJ_ID = "C\u200dZWJ"  # the joiner some scripts need: left alone
WORKER = "\U0001f469\u200d\U0001f4bb-shop"  # an emoji ZWJ sequence in an id


def _escaped(text: str) -> str:
    return HIDDEN_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def spoofing_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and its return whose ids, platform, closure reason and name hold
    bidi controls and invisible characters, sharing six identifiers (a saturated score)."""
    ids = [BANNED, SPOOF, "bystander\u200b", ZWJ_ID, WORKER]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned", "active", "active", "active", "active"],
            # a BOM or zero-width character is removed from a platform: a mark is kept
            "platform": ["mall\u200f", "mall", "mall", "mall", "mall"],
            "opened_at": ["2020-01-01", "2021-03-01", "2019-01-01", "2021-04-01", "2021-05-01"],
            "closed_at": ["2021-01-01", None, None, None, None],
            "closure_reason": ["counter\u200efeit\u061c", None, None, None, None],
            "name": ["n\u202bame\u202c", "x\u2060y", "y", "z", "w"],
        }
    )
    values = {
        "device": "490154203237518",
        "payment_account": "6222020200112233445",
        "phone": "+86 138 0013 8000",
        "email": "evil.seller@example.com",
        "id_document": "110101199003074578",
        "ip": "203.0.113.9",
    }
    rows = [(s, k, v) for k, v in values.items() for s in (BANNED, SPOOF)]
    rows += [(ZWJ_ID, "device", values["device"]), (WORKER, "phone", values["phone"])]
    return stores, pd.DataFrame(rows, columns=["store_id", "kind", "value"])


@pytest.fixture(scope="module")
def spoofed() -> sg.Analysis:
    return sg.analyze(*spoofing_market())


# -- 1. bidi controls and invisible format characters ------------------------------------


@pytest.mark.parametrize("char", HIDDEN)
def test_visible_escapes_bidi_and_invisible_characters(char: str) -> None:
    want = f"a\\u{ord(char):04x}b"
    assert visible(f"a{char}b") == want
    assert visible_one_line(f"a{char}b") == want


def test_visible_leaves_joiners_and_other_text_alone() -> None:
    for text in ("\u0915\u094d\u200d\u0937", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"):
        assert visible(text) == text and visible_one_line(text) == text
    assert visible(WORKER) == WORKER
    assert (
        visible("店铺 Ünïcode \u05e9\u05dc\u05d5\u05dd") == "店铺 Ünïcode \u05e9\u05dc\u05d5\u05dd"
    )
    # control characters still read as before
    assert visible("a\x00b\u202e\tc\n") == "a\\x00b\\u202e\tc\n"
    assert visible_one_line("a\u202e\tb") == "a\\u202e\\x09b"


def test_the_loader_keeps_bidi_characters_the_outputs_must_escape(spoofed: sg.Analysis) -> None:
    assert {BANNED, SPOOF, ZWJ_ID, WORKER} <= set(spoofed.stores["store_id"])
    assert SPOOF in set(spoofed.alerts["store_id"])


def test_report_shows_bidi_characters_as_escapes(spoofed: sg.Analysis) -> None:
    page = to_html(spoofed)
    assert HIDDEN_RE.search(page) is None
    for value in (SPOOF, BANNED, "mall\u200f", "counter\u200efeit\u061c"):
        assert _escaped(value) in page, value
    assert "S1\\u202eSSAP" in page
    # joiners stay: the emoji sequence and the joined id are shown as written
    assert ZWJ_ID in page and WORKER in page


def test_case_dossier_and_csv_show_bidi_characters_as_escapes(spoofed: sg.Analysis) -> None:
    from sellergraph.intel import to_case

    ring_id = str(spoofed.alerts.set_index("store_id").loc[SPOOF, "ring_id"])
    files = to_case(spoofed, ring_id, raw=True).files
    dossier = files["dossier.html"].decode("utf-8")
    assert HIDDEN_RE.search(dossier) is None
    for value in (SPOOF, BANNED, "n\u202bame\u202c", "counter\u200efeit\u061c"):
        assert _escaped(value) in dossier, value
    assert ZWJ_ID in dossier
    for name in ("members", "timeline", "identifiers", "links", "evidence"):
        body = files[f"{name}.csv"].decode("utf-8")
        assert HIDDEN_RE.search(body) is None, name
    assert "S1\\u202eSSAP" in files["members.csv"].decode("utf-8")
    # case.json keeps the exact values
    data = json.loads(files["case.json"])
    assert SPOOF in {m["store_id"] for m in data["members"]}


def test_plots_label_bidi_characters_as_escapes(spoofed: sg.Analysis) -> None:
    ring = spoofed.ring(str(spoofed.alerts.set_index("store_id").loc[SPOOF, "ring_id"]))
    for ax in (plot_ring(ring), plot_timeline(ring)):
        texts = [t.get_text() for t in ax.texts] + [ax.get_title(loc="left")]
        assert not any(HIDDEN_RE.search(t) for t in texts), texts
        assert any("S1\\u202eSSAP" in t for t in texts), texts


def test_interactive_view_shows_bidi_characters_as_escapes(spoofed: sg.Analysis) -> None:
    pytest.importorskip("pyvis")
    from sellergraph.report.interactive import to_interactive_html, to_pyvis

    ring = spoofed.ring(str(spoofed.alerts.set_index("store_id").loc[SPOOF, "ring_id"]))
    nodes = {n["id"]: n for n in to_pyvis(ring, resources="remote").nodes}
    assert nodes[SPOOF]["label"] == "S1\\u202eSSAP"  # the id itself stays the exact key
    assert "store S1\\u202eSSAP" in nodes[SPOOF]["title"]
    for node in nodes.values():
        assert HIDDEN_RE.search(node["label"] + node["title"]) is None
    page = to_interactive_html(ring, resources="remote")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert HIDDEN_RE.search(title) is None


# -- 2. the score histogram with no evidence at all ---------------------------------------


def test_empty_score_histogram_has_a_count_axis_from_zero() -> None:
    ax = plot_score_distribution(pd.Series([0.0, 0.0, 0.0]), threshold=0.6)
    bottom, top = ax.get_ylim()
    assert bottom == 0 and top >= 1
    ticks = [t for t in ax.get_yticks() if bottom <= t <= top]
    assert ticks and all(t >= 0 and float(t).is_integer() for t in ticks)
    assert ax.get_title(loc="left").startswith("0 active stores with evidence (3 with none)")


def test_score_histogram_counts_whole_stores_from_zero() -> None:
    ax = plot_score_distribution(pd.Series([0.0, 0.3, 0.8]), threshold=0.6)
    bottom, top = ax.get_ylim()
    assert bottom == 0
    assert all(float(t).is_integer() for t in ax.get_yticks() if bottom <= t <= top)


def test_report_without_evidence_draws_its_histogram(tmp_path: Path) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "platform": "mkt",
            "opened_at": ["2021-01-01", "2021-08-01"],
            "closed_at": ["2021-06-01", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["B1", "A1"], "kind": "device", "value": ["490154203237518", "35209900176148"]}
    )
    analysis = sg.analyze(stores, links)
    assert (analysis.scores["score"] == 0).all()
    assert "Distribution of store scores" in to_html(analysis)


# -- 3. tiny and zero contributions -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.85, "+0.85"),
        (0.1215, "+0.12"),
        (0.004788, "+<0.01"),
        (0.000041, "+<0.01"),
        (1e-12, "+<0.01"),
        (0.0, "+0"),
        (-0.0, "+0"),
        (-0.001, "-<0.01"),
        (-0.25, "-0.25"),
        (float("nan"), "n/a"),
    ],
)
def test_contribution_text(value: float, text: str) -> None:
    assert contribution_text(value) == text


def test_contribution_text_digits() -> None:
    assert contribution_text(0.0004, digits=3) == "+<0.001"
    assert contribution_text(0.0004, digits=4) == "+0.0004"


def test_saturated_score_does_not_show_later_items_as_zero(spoofed: sg.Analysis) -> None:
    table = spoofed.explain(SPOOF).contributions
    assert ((table["contribution"] > 0) & (table["contribution"] < 0.005)).any()
    summary = spoofed.explain(SPOOF).summary
    assert "(+<0.01)" in summary
    assert "+0.00" not in summary and "+0.00" not in to_html(spoofed)


# -- 4. ring pair precision counts honest stores ----------------------------------------


def _truth(operators: list[str], offender: list[bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": [f"s{i}" for i in range(len(operators))],
            "operator_id": operators,
            "positive": offender,
            "status": "active",
            "offender": offender,
        }
    )


def test_a_ring_of_honest_strangers_lowers_pair_precision() -> None:
    # An offender's 2 stores in one ring, and 25 honest stores of 25 operators in another.
    operators = ["bad", "bad", *[f"h{i}" for i in range(25)]]
    truth = _truth(operators, [True, True, *[False] * 25])
    scores = pd.DataFrame(
        {
            "store_id": truth["store_id"],
            "score": [0.9, 0.9, *[0.1] * 25],
            "ring_id": ["r1", "r1", *["r2"] * 25],
        }
    )
    ev = evaluate(scores, truth)
    # 1 + C(25, 2) = 301 pairs placed together, 1 of them run by one operator
    assert ev.pairwise_precision == pytest.approx(1 / 301)
    assert ev.pairwise_recall == 1.0  # recall stays over offenders' pairs
    assert ev.to_dict()["pairwise_precision"] == pytest.approx(1 / 301)
    assert "among ringed stores: precision 0.003 / recall 1.000" in str(ev)


def test_honest_stores_of_one_operator_in_one_ring_are_a_correct_pair() -> None:
    truth = _truth(["bad", "bad", "shop", "shop", "x"], [True, True, False, False, False])
    scores = pd.DataFrame(
        {
            "store_id": truth["store_id"],
            "score": [0.9, 0.9, 0.1, 0.1, 0.1],
            "ring_id": ["r1", "r1", "r2", "r2", "r2"],
        }
    )
    # pairs together: r1 1 (right), r2 3 (1 right: the shop's two stores)
    assert evaluate(scores, truth).pairwise_precision == pytest.approx(2 / 4)


def test_pair_precision_without_any_pair_in_a_ring_is_nan() -> None:
    truth = _truth(["a", "a", "b"], [True, True, False])
    scores = pd.DataFrame(
        {"store_id": truth["store_id"], "score": 0.5, "ring_id": ["r1", "r2", None]}
    )
    ev = evaluate(scores, truth)
    assert math.isnan(ev.pairwise_precision)
    assert ev.pairwise_recall == 0.0


def test_pair_precision_counts_honest_rings_with_no_offender_ringed() -> None:
    truth = _truth(["a", "a", "h1", "h2"], [True, True, False, False])
    scores = pd.DataFrame(
        {"store_id": truth["store_id"], "score": 0.5, "ring_id": [None, None, "r", "r"]}
    )
    ev = evaluate(scores, truth)
    assert ev.pairwise_precision == 0.0
    assert math.isnan(ev.pairwise_recall)


# -- 5. export --quiet ------------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("quiet")
    stores, links, _ = sg.make_marketplace(1500, seed=2)
    stores.to_csv(base / "stores.csv", index=False)
    links.to_csv(base / "links.csv", index=False)
    args = ["--stores", str(base / "stores.csv"), "--links", str(base / "links.csv")]
    assert main(["run", *args, "--out", str(base / "run"), "--no-report", "-q"]) == 0
    (base / "key").write_bytes(b"s28-partner-key-" + b"k" * 32 + b"\n")
    return base


def _export_args(base: Path, what: str) -> list[str]:
    run = str(base / "run")
    key = ["--key-file", str(base / "key")]
    if what == "case":
        rings = pd.read_csv(base / "run" / "rings.csv").sort_values(["n_banned", "ring_id"])
        ring = str(rings["ring_id"].iloc[-1])
        return ["export", "case", "--run", run, "--ring", ring, "--out", str(base / "case-out")]
    suffix = {"watchlist": "csv", "stix": "json", "node-link": "json"}.get(what, what)
    out = str(base / f"out-{what}.{suffix}")
    return ["export", what, "--run", run, "--out", out, *(key if what != "graphml" else [])]


@pytest.mark.parametrize("what", ["watchlist", "stix", "graphml", "gexf", "node-link", "case"])
def test_export_quiet_prints_nothing(
    run_folder: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    args = _export_args(run_folder, what)
    assert main([*args, "-q"]) == 0
    got = capsys.readouterr()
    assert got.out == "" and got.err == ""
    if what == "case":
        import shutil

        shutil.rmtree(run_folder / "case-out")
        (run_folder / "case-out.zip").unlink()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "written" in out or "folder" in out


def test_export_quiet_still_reports_errors(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "case", "--run", str(run_folder / "run"), "--ring", "R-nope"]
    assert main([*args, "--out", str(run_folder / "nope"), "-q"]) == 2
    got = capsys.readouterr()
    assert got.out == ""
    assert got.err.startswith("sellergraph: error: ") and "R-nope" in got.err


def test_explanations_show_bidi_controls_as_escapes(spoofed: sg.Analysis) -> None:
    explained = spoofed.explain(SPOOF)
    assert "\u202e" not in explained.summary and "\u202e" not in repr(explained)
    assert "\\u202e" in explained.summary
