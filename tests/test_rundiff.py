"""``sellergraph diff`` and :func:`sellergraph.rundiff.diff_runs`: what changed from one
night's run folder to the next, on two small nights made with ``sellergraph run``."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sellergraph.cli import diff_command, main
from sellergraph.errors import InputError
from sellergraph.rundiff import (
    ALERT_CHANGE_COLUMNS,
    DEFAULT_TOLERANCE,
    RING_CHANGE_COLUMNS,
    alert_changes,
    diff_runs,
    ring_changes,
)

#: Night 1: three banned stores each with a return (R1, R2, R3) sharing a device and
#: an e-mail; B4 banned and alone; H6 and H7 share a device (a ring, no banned store).
NIGHT1_STORES = """store_id,status,opened_at,closed_at
B1,banned,2016-01-01,2017-01-01
R1,active,2017-06-01,
B2,banned,2016-01-01,2017-02-01
R2,active,2017-07-01,
B3,banned,2016-01-01,2017-03-01
R3,active,2017-08-01,
B4,banned,2016-01-01,2017-04-01
H1,active,2018-01-01,
H6,active,2018-02-01,
H7,active,2018-03-01,
"""
NIGHT1_LINKS = """store_id,kind,value
B1,device,490154203237518
R1,device,490154203237518
B1,email,one.seller@163.com
R1,email,one.seller@163.com
B2,device,356938035643809
R2,device,356938035643809
B2,email,two.seller@163.com
R2,email,two.seller@163.com
B3,device,353918057381233
R3,device,353918057381233
B3,email,three.seller@163.com
R3,email,three.seller@163.com
R3,phone,13800138000
B4,device,358240051111110
B4,email,four.seller@163.com
H1,email,honest.shop@163.com
H6,device,861234567890123
H7,device,861234567890123
"""


def night2_tables() -> tuple[str, str]:
    """Night 2: R2 is banned; N1 returns for B4 (a new store and a new ring); G3 shares
    R3's phone (R3's ring grows); H7 changed device (H6 and H7's ring dissolves)."""
    stores = NIGHT1_STORES.replace("R2,active,2017-07-01,", "R2,banned,2017-07-01,2019-05-01")
    stores += "G3,active,2019-01-01,\nN1,active,2019-02-01,\n"
    links = NIGHT1_LINKS.replace("H7,device,861234567890123", "H7,device,869999999999999")
    links += "G3,phone,13800138000\nN1,device,358240051111110\nN1,email,four.seller@163.com\n"
    return stores, links


def make_run(folder: Path, stores: str, links: str, *extra: str) -> Path:
    """A run folder of ``sellergraph run`` on the two tables given as text."""
    folder.mkdir(parents=True)
    (folder / "stores.csv").write_text(stores)
    (folder / "links.csv").write_text(links)
    out = folder / "run"
    args = ["run", "--stores", str(folder / "stores.csv"), "--links", str(folder / "links.csv")]
    assert main([*args, "--out", str(out), "--no-report", "-q", *extra]) == 0
    return out


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Night 1 in CSV, night 2 in Parquet, and night 2 again with changes of its own."""
    root = tmp_path_factory.mktemp("nights")
    stores2, links2 = night2_tables()
    (root / "reviews.csv").write_text("store_id,decision\nR1,cleared\n")
    (root / "strict.json").write_text('{"scoring": {"alert_threshold": 0.95}}')
    return {
        "night1": make_run(root / "night1", NIGHT1_STORES, NIGHT1_LINKS),
        "night2": make_run(root / "night2", stores2, links2, "--format", "parquet"),
        # R1's alert cleared by an investigator
        "reviewed": make_run(
            root / "reviewed", NIGHT1_STORES, NIGHT1_LINKS, "--reviews", str(root / "reviews.csv")
        ),
        # a higher alert threshold: R3 (0.949) no longer alerts
        "strict": make_run(
            root / "strict", NIGHT1_STORES, NIGHT1_LINKS, "--config", str(root / "strict.json")
        ),
        # R1 left the export; H1 closed
        "smaller": make_run(
            root / "smaller",
            "\n".join(
                line.replace("H1,active,2018-01-01,", "H1,closed,2018-01-01,2019-01-01")
                for line in NIGHT1_STORES.splitlines()
                if not line.startswith("R1,")
            )
            + "\n",
            "".join(line for line in NIGHT1_LINKS.splitlines(True) if not line.startswith("R1,")),
        ),
        # every link but one header: no link, no score, no alert
        "empty": make_run(root / "empty", NIGHT1_STORES, "store_id,kind,value\n"),
    }


def by_store(alerts: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {row["store_id"]: row for row in alerts.to_dict("records")}


# -- alerts ----------------------------------------------------------------------------------


def test_a_new_returner_is_a_new_alert_and_a_banned_store_a_gone_one(
    nights: dict[str, Path],
) -> None:
    diff = diff_runs(nights["night1"], nights["night2"])
    assert list(diff.alerts.columns) == list(ALERT_CHANGE_COLUMNS)
    assert diff.alerts["change"].tolist() == ["new", "gone"]
    rows = by_store(diff.alerts)
    new, gone = rows["N1"], rows["R2"]
    assert new["reason"] == "new store"
    assert new["matched_store_id"] == "B4" and new["score"] >= 0.6
    assert math.isnan(float(new["score_previous"]))  # not in night 1
    assert pd.isna(new["ring_id_previous"]) and pd.notna(new["ring_id"])
    assert gone["reason"] == "banned"
    assert gone["matched_store_id_previous"] == "B2" and gone["score_previous"] >= 0.6
    assert math.isnan(float(gone["score"]))  # banned: no score
    assert gone["ring_id"] == gone["ring_id_previous"]  # still in its ring, banned
    counts = diff.counts
    assert (counts["alerts_new"], counts["alerts_gone"], counts["alerts_changed"]) == (1, 1, 0)
    assert counts["alerts_unchanged"] == 2  # R1 and R3
    assert counts["alerts_new_by_reason"]["new store"] == 1
    assert counts["alerts_gone_by_reason"]["banned"] == 1
    assert diff.notes == ()


def test_a_review_a_store_left_out_and_a_lower_score_say_why_an_alert_is_gone(
    nights: dict[str, Path],
) -> None:
    held = diff_runs(nights["night1"], nights["reviewed"])
    assert held.alerts[["change", "store_id", "reason"]].values.tolist() == [
        ["gone", "R1", "held back by a review"]
    ]
    row = held.alerts.iloc[0]
    assert row["score"] == row["score_previous"]  # still scored as before
    back = diff_runs(nights["reviewed"], nights["night1"])
    assert back.alerts["reason"].tolist() == ["no longer held back by a review"]

    left = diff_runs(nights["night1"], nights["smaller"])
    assert left.alerts[["change", "store_id", "reason"]].values.tolist() == [
        ["gone", "R1", "left the export"]
    ]
    assert pd.isna(left.alerts.iloc[0]["ring_id"])

    empty = diff_runs(nights["night1"], nights["empty"])
    assert empty.alerts["reason"].tolist() == ["fell below the threshold"] * 3
    assert empty.alerts["score"].tolist() == [0.0] * 3  # active, not scored: 0
    again = diff_runs(nights["empty"], nights["night1"])
    assert again.alerts["reason"].tolist() == ["rose to the threshold"] * 3


def test_runs_with_different_thresholds_say_so(nights: dict[str, Path]) -> None:
    diff = diff_runs(nights["night1"], nights["strict"])
    assert diff.alerts[["change", "store_id", "reason"]].values.tolist() == [
        ["gone", "R3", "by the threshold change"]
    ]
    assert diff.notes == (
        "the alert threshold is 0.95, 0.6 in the previous run: alerts are new or gone for "
        "that alone",
    )


def test_identical_runs_show_no_change(nights: dict[str, Path]) -> None:
    diff = diff_runs(nights["night1"], nights["night1"])
    assert diff.alerts.empty and diff.rings.empty
    assert list(diff.alerts.columns) == list(ALERT_CHANGE_COLUMNS)
    assert list(diff.rings.columns) == list(RING_CHANGE_COLUMNS)
    counts = diff.counts
    assert counts["alerts_new"] == counts["alerts_gone"] == counts["alerts_changed"] == 0
    assert counts["alerts_unchanged"] == 3
    assert set(counts["rings"].values()) == {0} and counts["rings_unchanged"] == 4
    assert "(4 unchanged)" in diff.summary()


def test_an_empty_alerts_table_on_both_sides(nights: dict[str, Path]) -> None:
    diff = diff_runs(nights["empty"], nights["empty"])
    assert diff.alerts.empty and diff.counts["alerts_unchanged"] == 0


def test_an_alert_in_no_ring_is_the_same_alert_in_both_formats(
    nights: dict[str, Path], tmp_path: Path
) -> None:
    unringed = tmp_path / "unringed"
    shutil.copytree(nights["night1"], unringed)
    for table in ("alerts", "scores"):  # R1 alerts outside any ring (a weak path's return)
        frame = pd.read_csv(unringed / f"{table}.csv", dtype=str, keep_default_na=False)
        frame.loc[frame["store_id"] == "R1", "ring_id"] = ""
        frame.to_csv(unringed / f"{table}.csv", index=False)
    as_parquet = tmp_path / "parquet"
    shutil.copytree(unringed, as_parquet)
    meta = json.loads((unringed / "run.json").read_text())
    (as_parquet / "run.json").write_text(json.dumps({**meta, "format": "parquet"}))
    for table in ("alerts", "scores", "stores"):
        frame = pd.read_csv(unringed / f"{table}.csv", dtype=str).astype(object)
        frame = frame.where(frame.notna(), None)
        frame.assign(score=pd.to_numeric(frame.get("score", 0))).to_parquet(
            as_parquet / f"{table}.parquet"
        )
    for previous, current in ((unringed, unringed), (unringed, as_parquet), (as_parquet, unringed)):
        diff = diff_runs(previous, current)
        assert diff.alerts.empty, diff.alerts
        assert diff.counts["alerts_unchanged"] == 3


def test_a_score_drift_within_the_tolerance_is_no_change() -> None:
    columns = ["store_id", "score", "matched_store_id", "ring_id", "relation"]
    last = pd.DataFrame([["A", 0.9, "X", "R-x", "return"]], columns=columns)
    now = last.assign(score=0.9 + 1.5e-4)  # the banned-rate prior's nightly drift
    stores = pd.DataFrame({"store_id": ["A", "X"], "status": ["active", "banned"]})
    stores["ring_id"] = "R-x"

    def changes(current: pd.DataFrame, **kwargs: float) -> pd.DataFrame:
        return alert_changes(
            last,
            current,
            scores_previous=last.set_index("store_id"),
            scores=current.set_index("store_id"),
            stores_previous=stores,
            stores=stores,
            threshold_previous=0.6,
            threshold=0.6,
            **kwargs,
        )

    assert changes(now).empty
    assert changes(now, tolerance=0)["reason"].tolist() == ["score 0.90015 (was 0.9)"]
    moved = changes(now.assign(score=0.95, matched_store_id="Y"))
    assert moved["reason"].tolist() == ["score 0.95 (was 0.9); matches Y (was X)"]


def test_a_bad_tolerance_is_refused(nights: dict[str, Path]) -> None:
    for bad in (-0.1, float("nan"), "0.1", True):
        with pytest.raises(InputError, match="tolerance"):
            diff_runs(nights["night1"], nights["night1"], tolerance=bad)  # type: ignore[arg-type]


# -- rings -----------------------------------------------------------------------------------


def test_rings_new_grown_and_dissolved(nights: dict[str, Path]) -> None:
    diff = diff_runs(nights["night1"], nights["night2"])
    rings = diff.rings
    assert rings["change"].tolist() == ["new", "grown", "dissolved"]
    new, grown, dissolved = rings.to_dict("records")
    assert new["added_store_ids"] == "B4|N1" and pd.isna(new["ring_id_previous"])
    assert (new["size_previous"], new["size"], new["banned"]) == (0, 2, 1)
    assert grown["ring_id"] == grown["ring_id_previous"]  # the earliest member stayed
    assert (grown["size_previous"], grown["size"], grown["added"]) == (2, 3, 1)
    assert grown["added_store_ids"] == "G3" and pd.isna(grown["removed_store_ids"])
    assert pd.isna(dissolved["ring_id"]) and dissolved["removed_store_ids"] == "H6|H7"
    assert diff.counts["rings_unchanged"] == 2  # B1's and B2's (R2 banned, members the same)
    assert "3  (1 new, 1 grown, 1 dissolved; 2 unchanged)" in diff.summary()


def test_rings_merged_split_regrouped_and_renamed() -> None:
    def stores(rings: dict[str, str | None]) -> pd.DataFrame:
        return pd.DataFrame(
            {"store_id": list(rings), "status": "active", "ring_id": list(rings.values())}
        )

    before = stores({"A": "R-a", "B": "R-a", "C": "R-c", "D": "R-c", "E": "R-e", "F": "R-e"})
    merged = ring_changes(before, stores({"A": "R-a", "B": "R-a", "C": "R-a", "D": "R-a"}))
    assert merged[["change", "ring_id", "ring_id_previous"]].values.tolist()[0] == [
        "merged",
        "R-a",
        "R-a|R-c",
    ]
    split = ring_changes(
        stores({"A": "R-a", "B": "R-a", "C": "R-a", "D": "R-a"}),
        stores({"A": "R-a", "B": "R-a", "C": "R-c", "D": "R-c"}),
    )
    assert split[["change", "ring_id", "ring_id_previous"]].values.tolist() == [
        ["split", "R-a|R-c", "R-a"]
    ]
    regrouped = ring_changes(
        before, stores({"A": "R-a", "C": "R-a", "B": "R-b", "D": "R-b", "E": "R-e", "F": "R-e"})
    )
    assert regrouped["change"].tolist() == ["regrouped"]
    # the earliest member (A) left: the ring is the same, under the next member's id
    renamed = ring_changes(before.iloc[:2].assign(ring_id="R-a"), stores({"B": "R-b", "G": "R-b"}))
    assert renamed[
        ["change", "ring_id", "ring_id_previous", "added", "removed"]
    ].values.tolist() == [["changed", "R-b", "R-a", 1, 1]]


def test_ring_changes_read_missing_ring_ids_as_no_ring() -> None:
    a = pd.DataFrame({"store_id": [1, 2, 3], "status": "active", "ring_id": ["R-1", "R-1", None]})
    b = a.assign(ring_id=["R-1", "R-1", float("nan")])
    assert ring_changes(a, b).empty


# -- the command -----------------------------------------------------------------------------


def test_diff_prints_a_summary_and_writes_tables(
    nights: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "diff"
    args = ["diff", "--previous", str(nights["night1"]), "--run", str(nights["night2"])]
    assert main([*args, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[2] == "new alerts                   1  (1 new store)"
    assert lines[3] == "gone alerts                  1  (1 banned)"
    assert lines[4] == "changed alerts               0"
    assert lines[5] == "unchanged alerts             2"
    assert lines[6] == "ring changes                 3  (1 new, 1 grown, 1 dissolved; 2 unchanged)"
    assert f"outputs           {out}/" in lines
    assert any(line.startswith("  new      N1  ") and "new store" in line for line in lines)
    assert any(line.startswith("  gone     R2  ") and line.endswith("banned") for line in lines)
    assert sorted(p.name for p in out.iterdir()) == [
        "alert_changes.csv",
        "diff.json",
        "ring_changes.csv",
    ]
    written = pd.read_csv(out / "alert_changes.csv", dtype=str)
    assert written["store_id"].tolist() == ["N1", "R2"]
    summary = json.loads((out / "diff.json").read_text())
    assert summary["counts"]["alerts_new"] == 1 and summary["tolerance"] == DEFAULT_TOLERANCE
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main([*args, "--out", str(out), "-q"]) == 0
    assert capsys.readouterr() == ("", "")  # -q: nothing
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # the same bytes

    assert main([*args, "--out", str(tmp_path / "pq"), "--format", "parquet", "-q"]) == 0
    rings = pd.read_parquet(tmp_path / "pq" / "ring_changes.parquet")
    assert rings["change"].tolist() == ["new", "grown", "dissolved"]


def test_diff_json_and_notes(nights: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", "--previous", str(nights["night1"]), "--run", str(nights["strict"])]
    assert main([*args, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["alerts_gone"] == 1 and len(payload["notes"]) == 1
    assert main(args) == 0
    assert "note              the alert threshold is 0.95" in capsys.readouterr().out
    assert main([*args, "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("sellergraph: warning: the alert threshold is 0.95")


def test_diff_errors_are_one_line_with_exit_status_2(
    nights: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = str(nights["night1"])
    assert main(["diff", "--previous", str(tmp_path), "--run", run]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"sellergraph: error: {str(tmp_path)!r} is not a run folder (no run.json; make one "
        "with 'sellergraph run')\n"
    )
    broken = tmp_path / "broken"
    shutil.copytree(nights["night1"], broken)
    (broken / "stores.csv").unlink()
    assert main(["diff", "--previous", run, "--run", str(broken)]) == 2
    assert "has no stores table (stores.csv)" in capsys.readouterr().err
    for bad in ("-1", "nan", "x"):
        with pytest.raises(SystemExit) as exit_:
            main(["diff", "--previous", run, "--run", run, "--tolerance", bad])
        assert exit_.value.code == 2
        assert "argument --tolerance" in capsys.readouterr().err


def test_diff_is_a_command_of_its_own() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "sellergraph", "diff", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0 and "--previous RUN --run RUN" in res.stdout
    assert diff_command.DEFAULT_TOLERANCE == DEFAULT_TOLERANCE
