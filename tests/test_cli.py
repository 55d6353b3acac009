"""The command line, run as a user would run it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.io.run import read_analysis


def sellergraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def run_args(stores: Path, links: Path, out: Path, *extra: str) -> list[str]:
    """Arguments of ``sellergraph run`` on two tables."""
    return ["run", "--stores", str(stores), "--links", str(links), "--out", str(out), *extra]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    res = sellergraph("demo", "--out", str(out), "--stores", "3000", "--seed", "7", "-q")
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""  # -q: no summary, no progress; errors only
    return out


def test_demo_writes_every_output(demo: Path) -> None:
    for name in ("scores", "alerts", "rings", "hubs", "rejected", "evidence"):
        assert (demo / f"{name}.csv").is_file(), name
    assert (demo / "report.html").stat().st_size > 10_000
    meta = json.loads((demo / "run.json").read_text())
    assert set(meta) >= {"config", "versions", "counts", "timings", "inputs"}
    assert (
        meta["counts"]["links_accepted"] + meta["counts"]["links_rejected"]
        == meta["counts"]["links_in"]
    )
    scores = pd.read_csv(demo / "scores.csv")
    assert list(scores.columns[:7]) == [
        "store_id",
        "score",
        "matched_store_id",
        "ring_id",
        "returning",
        "kinds",
        "evidence",
    ]
    assert (scores["score"] > 0).all()
    alerts = pd.read_csv(demo / "alerts.csv")
    assert (alerts["score"] >= meta["config"]["scoring"]["alert_threshold"]).all()


def test_run_reproduces_demo_numbers(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = sellergraph(
        *run_args(demo / "data/stores.csv", demo / "data/links.csv", out, "--seed", "7", "-q")
    )
    assert res.returncode == 0, res.stderr
    for name in ("scores", "alerts", "rings", "hubs", "rejected", "evidence"):
        assert (out / f"{name}.csv").read_bytes() == (demo / f"{name}.csv").read_bytes(), name
    # Same input and seed, another process: the report is byte-identical too (the demo's
    # report also carries the evaluation, so compare two plain runs).
    again = tmp_path / "again"  # without -q: the summary is read below
    res = sellergraph(
        *run_args(demo / "data/stores.csv", demo / "data/links.csv", again, "--seed", "7")
    )
    assert res.returncode == 0, res.stderr
    assert (again / "report.html").read_bytes() == (out / "report.html").read_bytes()
    # the summary's time is the whole run: the analysis and then the outputs
    line = next(x for x in res.stdout.splitlines() if x.startswith("time "))
    whole, analysis, written = map(float, re.findall(r"([0-9.]+)s", line))
    meta = json.loads((again / "run.json").read_text(encoding="utf-8"))
    assert analysis == round(meta["timings"]["total"], 1)
    assert whole >= analysis + max(meta["timings"]["write_tables"], meta["timings"]["report"]) - 0.1
    assert abs(whole - analysis - written) <= 0.11


def test_parquet_output_and_raw_values(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    data = demo / "data"
    args = run_args(data / "stores.csv", data / "links.csv", out, "--format", "parquet", "--raw")
    assert main([*args, "--no-report", "-q"]) == 0
    hubs = pd.read_parquet(out / "hubs.parquet")
    assert "value" in hubs.columns
    assert not (out / "report.html").exists()
    masked = pd.read_csv(demo / "hubs.csv")
    assert "value" not in masked.columns


def test_explain_and_evaluate(demo: Path, tmp_path: Path) -> None:
    scores = pd.read_csv(demo / "scores.csv")
    top = scores["store_id"].iloc[0]
    res = sellergraph("explain", top, "--run", str(demo))
    assert res.returncode == 0, res.stderr
    assert f"Store {top}" in res.stdout and "contribution" in res.stdout
    res = sellergraph("explain", top, "--run", str(demo), "--json")
    payload = json.loads(res.stdout)
    assert payload["score"] == pytest.approx(
        sum(c["contribution"] for c in payload["contributions"]), abs=1e-5
    )
    plot = tmp_path / "pr.png"
    res = sellergraph(
        "evaluate", "--run", str(demo), "--truth", str(demo / "data/truth.csv"), "--plot", str(plot)
    )
    assert res.returncode == 0, res.stderr
    assert "average precision" in res.stdout.lower()
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_a_run_folder_as_the_api_evaluates_the_analysis(demo: Path) -> None:
    from sellergraph.io.run import read_analysis

    truth = pd.read_csv(demo / "data/truth.csv")
    res = sellergraph(
        "evaluate", "--run", str(demo), "--truth", str(demo / "data/truth.csv"), "--json"
    )
    assert res.returncode == 0, res.stderr
    api = sg.evaluate(read_analysis(demo), truth).to_dict()
    payload = json.loads(res.stdout)
    assert payload.pop("undefined") == {}  # every metric measured: no null
    assert payload == pytest.approx(api)
    # rings are measured over every member, banned ones too (the scores hold active stores)
    stores = pd.read_csv(demo / "stores.csv")
    assert api["n_ring_stores"] == stores["ring_id"].notna().sum()
    assert (stores.loc[stores["ring_id"].notna(), "status"] == "banned").any()
    # --threshold 0 is a threshold, not "the run's"
    res = sellergraph(
        "evaluate",
        "--run",
        str(demo),
        "--truth",
        str(demo / "data/truth.csv"),
        "--json",
        "--threshold",
        "0",
    )
    zero = json.loads(res.stdout)
    assert zero["threshold"] == 0 and zero["n_alerts"] == zero["n_stores"]


def test_a_run_folder_keeps_every_link_s_observation_count(demo: Path, tmp_path: Path) -> None:
    from sellergraph.io.run import read_analysis, write_run

    links = pd.read_csv(demo / "data/links.csv", dtype=str)
    links = pd.concat([links, links.head(50), links.head(20)], ignore_index=True)
    stores = pd.read_csv(demo / "data/stores.csv", dtype=str)
    analysis = sg.analyze(stores, links, seed=7)
    assert analysis.links["n_obs"].max() >= 3
    for fmt in ("csv", "parquet"):
        write_run(analysis, tmp_path / fmt, fmt=fmt, report=False)  # type: ignore[arg-type]
        rebuilt = read_analysis(tmp_path / fmt)
        cols = ["store_id", "kind", "key", "n_obs"]
        pd.testing.assert_frame_equal(rebuilt.links[cols], analysis.links[cols])


def test_a_report_made_in_a_forked_process_is_the_same(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sellergraph.io.run as run

    stores = pd.read_csv(demo / "data/stores.csv", dtype=str)
    links = pd.read_csv(demo / "data/links.csv", dtype=str)
    analysis = sg.analyze(stores, links, seed=0)
    run.write_run(analysis, tmp_path / "thread")
    monkeypatch.setattr(run, "_REPORT_FORK_MIN_LINKS", 0)
    written = run.write_run(analysis, tmp_path / "fork")
    assert written["report"] == tmp_path / "fork/report.html"
    for name in ("report.html", "scores.csv", "evidence.csv"):
        assert (tmp_path / "fork" / name).read_bytes() == (tmp_path / "thread" / name).read_bytes()


def test_a_reader_that_stops_reading_is_no_error(demo: Path) -> None:
    top = pd.read_csv(demo / "scores.csv")["store_id"].iloc[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sellergraph.cli", "explain", top, "--run", str(demo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head` does once it has its lines
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() == 0 and err == ""


def test_synth_writes_tables(tmp_path: Path) -> None:
    assert main(["synth", "--stores", "500", "--seed", "1", "--out", str(tmp_path)]) == 0
    for name in ("stores", "links", "truth"):
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--stores", "missing.csv", "--links", "x.csv", "--out", "o"], "does not exist"),
        (["explain", "S1", "--run", "."], "not a run folder"),
    ],
)
def test_user_errors_are_one_clear_line(args: list[str], message: str, tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("sellergraph: error:")]
    assert len(errors) == 1 and message in errors[0]


def test_bad_table_is_reported_with_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "stores.csv").write_text("store_id,status\nS1,banned\nS1,active\nS3,paused\n")
    (tmp_path / "links.csv").write_text("store_id,kind,value\nS1,phone,13800138000\n")
    res = sellergraph(
        *run_args(tmp_path / "stores.csv", tmp_path / "links.csv", tmp_path / "o", "-q")
    )
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "row 2 column 'status' value 'paused'" in res.stderr
    assert "appears more than once" in res.stderr


def test_kind_names_read_as_built_in_kinds_are_in_the_summary_and_report(
    tmp_path: Path,
) -> None:
    (tmp_path / "stores.csv").write_text(
        "store_id,status,closed_at\nS1,banned,2021-01-01\nS2,active,\n"
    )
    (tmp_path / "links.csv").write_text(
        "store_id,kind,value\nS1,Mobile,13800138000\nS2,phone,+86 138 0013 8000\n"
    )
    res = sellergraph(*run_args(tmp_path / "stores.csv", tmp_path / "links.csv", tmp_path / "o"))
    assert res.returncode == 0, res.stderr
    assert "kinds read as     mobile as phone" in res.stdout
    assert "<b>mobile</b> as phone" in (tmp_path / "o/report.html").read_text()
    assert json.loads((tmp_path / "o/run.json").read_text())["counts"]["kinds_read_as"] == {
        "mobile": "phone"
    }


def test_help_everywhere() -> None:
    for cmd in ([], ["demo"], ["run"], ["synth"], ["evaluate"], ["explain"]):
        res = sellergraph(*cmd, "--help")
        assert res.returncode == 0 and "usage: sellergraph" in res.stdout


def test_explain_from_a_csv_run_reads_booleans(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,opened_at,closed_at\nold,banned,2016-01-01,2017-05-01\n"
        "new,active,2017-06-01,\n"
    )
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value\nold,device,abcdef0123456789\nnew,device,ABCDEF0123456789\n"
    )
    out = tmp_path / "run"
    assert (
        main(
            [
                "run",
                "--stores",
                str(tmp_path / "s.csv"),
                "--links",
                str(tmp_path / "l.csv"),
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    res = sellergraph("explain", "new", "--run", str(out))
    assert res.returncode == 0, res.stderr
    assert "another platform" not in res.stdout
    assert "a likely return of banned store old" in res.stdout


def test_bad_config_type_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text('{"scoring": {"max_hops": "2"}}')
    (tmp_path / "s.csv").write_text("store_id,status\nS1,active\n")
    (tmp_path / "l.csv").write_text("store_id,kind,value\nS1,phone,13800138000\n")
    res = sellergraph(
        *run_args(
            tmp_path / "s.csv",
            tmp_path / "l.csv",
            tmp_path / "o",
            "--config",
            str(tmp_path / "c.json"),
            "-q",
        )
    )
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "'scoring.max_hops' must be an integer (got '2')" in res.stderr


def test_pull_into_a_run_folder_is_refused(demo: Path) -> None:
    """Pulling there would replace the run's stores and links tables."""
    res = sellergraph("neo4j", "pull", "--uri", "bolt://127.0.0.1:1", "--out", str(demo), "-q")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "holds a sellergraph run" in res.stderr
    assert "observed_at" not in (demo / "links.csv").read_text(encoding="utf-8")[:200]


def test_a_run_folder_with_a_foreign_links_table_is_one_clear_error(
    demo: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    shutil.copytree(demo, run)
    (run / "links.csv").write_text("store_id,kind,value,observed_at\nS1,phone,+8613800138000,\n")
    with pytest.raises(sg.InputError, match="has no column 'key', 'first_seen', 'last_seen'"):
        read_analysis(run)


@pytest.mark.parametrize("summary", ["{}", "[1, 2]", '{"config": {}, "seed": "0"}'])
def test_a_run_json_without_its_settings_is_one_clear_error(
    demo: Path, tmp_path: Path, summary: str
) -> None:
    run = tmp_path / "run"
    shutil.copytree(demo, run)
    (run / "run.json").write_text(summary)
    with pytest.raises(sg.InputError, match=r"run\.json"):
        read_analysis(run)
    key = tmp_path / "partner.key"
    key.write_text("k" * 40)
    for args in (
        ("export", "stix", "--run", str(run), "--out", str(tmp_path / "b.json")),
        ("evaluate", "--run", str(run), "--truth", str(demo / "data/truth.csv")),
    ):
        res = sellergraph(*args, "--key-file", str(key)) if "stix" in args else sellergraph(*args)
        assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
        assert "run.json" in res.stderr, res.stderr


def test_library_warnings_are_single_lines_and_the_driver_log_is_kept_quiet(
    tmp_path: Path,
) -> None:
    script = (
        "import logging, sys\n"
        "from sellergraph.cli import main\n"
        f"main(['synth', '--stores', '200', '--out', {str(tmp_path)!r}])\n"
        "logging.getLogger('neo4j.io').warning('[#ACFE] _: <CONNECTION> error: defunct')\n"
        "logging.getLogger('sellergraph.neo4j.sync').warning('batch run again')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr == "sellergraph: warning: batch run again\n"


def test_a_lost_worker_is_an_error_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sellergraph.io.run as run
    from sellergraph.errors import WorkerLostError

    def killed(*args: object, **kwargs: object) -> None:
        raise WorkerLostError("a worker process ended without a result (out of memory?)")

    monkeypatch.setattr(run, "write_run", killed)
    assert main(["demo", "--stores", "300", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "sellergraph: error: a worker process ended" in err and "Traceback" not in err


def test_run_summary_counts_stores_of_every_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,closed_at\nB1,banned,2021-01-01\nA1,active,\nA2,active,\n"
        "C1,closed,2020-05-01\n"
    )
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value\nB1,phone,13800138000\nA1,phone,+86 138 0013 8000\n"
        "A2,email,N/A\nC1,phone,13900139000\n"
    )
    args = run_args(tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / "o", "--no-report")
    assert main(args) == 0  # not -q: the summary is what is read
    out = capsys.readouterr().out
    counts = json.loads((tmp_path / "o/run.json").read_text())["counts"]
    assert counts["banned"] + counts["active"] + counts["closed"] == counts["stores"] == 4
    assert "stores                       4  (1 banned, 2 active, 1 closed)" in out
    assert (
        f"({counts['links_rejected']:,} rejected, {counts['values_cleared']:,} values cleared: "
        "see rejected)" in out
    )


def test_run_json_counts_the_rows_kept_with_a_note_as_the_summary_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,closed_at\nB1,banned,\nA1,active,\nA2,active,\n"
    )
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value,observed_at\nB1,phone,13800138000,soon\n"
        'A1,phone,"+86 138 0013 8000; 13900139000",2024-01-01\nA2,email,a@b.cn,\n'
    )
    args = run_args(tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / "o", "--no-report")
    assert main(args) == 0
    out = capsys.readouterr().out
    counts = json.loads((tmp_path / "o/run.json").read_text())["counts"]
    rejected = pd.read_csv(tmp_path / "o/rejected.csv")
    kept = int((~rejected["dropped"]).sum())
    assert (counts["values_cleared"], counts["cells_split"], counts["store_rows_noted"]) == (
        1,
        1,
        1,
    )
    assert counts["values_cleared"] + counts["cells_split"] + counts["store_rows_noted"] == kept
    assert "1 value cleared, 1 cell of several values: see rejected" in out


def test_run_folder_stores_carry_the_input_s_other_columns(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,closed_at,seller_tier,phone,ring_id\n"
        "B1,banned,2021-01-01,gold,13800138000,theirs\n"
        "A1,active,,silver,+86 138 0013 8000,theirs\n"
        "A2,active,,,13900139000,\n"
    )
    (tmp_path / "l.csv").write_text("store_id,kind,value\nA2,device,490154203237518\n")
    out = tmp_path / "o"
    args = run_args(tmp_path / "s.csv", tmp_path / "l.csv", out, "-q", "--no-report")
    assert main(args) == 0
    stores = pd.read_csv(out / "stores.csv", dtype=str, keep_default_na=False)
    # the extra column comes along; the wide phone column is in links, normalised, and
    # ring_id is the run's own
    assert "seller_tier" in stores.columns and "phone" not in stores.columns
    assert stores["seller_tier"].tolist() == ["silver", "", "gold"]  # A1, A2, B1: by store id
    assert "theirs" not in set(stores["ring_id"])
    assert list(stores.columns[:2]) == ["store_id", "platform"]
    assert stores.columns[-1] == "ring_id"
    # the folder reads back to the same analysis (the phones are not counted twice)
    rebuilt = read_analysis(out)
    assert rebuilt.dataset.counts["links_accepted"] == 4
    assert rebuilt.stores.set_index("store_id")["seller_tier"].loc[["B1", "A1"]].tolist() == [
        "gold",
        "silver",
    ]


def test_parquet_run_folder_carries_a_column_of_mixed_values(tmp_path: Path) -> None:
    from sellergraph.io.run import write_run

    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "phone": ["13800138000", "13800138000"],
            "seller_tier": [1, "gold"],
        }
    )
    analysis = sg.analyze(stores)
    write_run(analysis, tmp_path / "o", fmt="parquet", report=False)
    written = pd.read_parquet(tmp_path / "o/stores.parquet")
    assert written["seller_tier"].tolist() == ["gold", "1"]  # A1, B1: by store id
    assert (
        read_analysis(tmp_path / "o").scores["score"].tolist() == analysis.scores["score"].tolist()
    )


def test_explain_words_a_path_by_the_run_s_strong_link_threshold(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,opened_at,closed_at\nB,banned,2016-01-01,2017-01-01\n"
        "Y,active,2016-06-01,\nX,active,2017-06-01,\n"
    )
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value\nB,device,490154203237518\nY,device,490154203237518\n"
        'Y,address,"88 Warehouse Road, Yiwu"\nX,address,"88 Warehouse Road, Yiwu"\n'
    )
    (tmp_path / "loose.json").write_text('{"rings": {"min_link": 0.2}}')
    for name, extra in (("default", []), ("loose", ["--config", str(tmp_path / "loose.json")])):
        args = run_args(tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / name, *extra)
        assert main([*args, "-q", "--no-report"]) == 0
    default = sellergraph("explain", "X", "--run", str(tmp_path / "default"))
    assert default.returncode == 0, default.stderr
    assert "a weak path through Y to banned B" in default.stdout
    assert "strong links" not in default.stdout
    loose = sellergraph("explain", "X", "--run", str(tmp_path / "loose"), "--json")
    assert "strong links through Y to banned B" in json.loads(loose.stdout)["summary"]


def test_evaluate_names_what_its_pairwise_figures_count(demo: Path) -> None:
    res = sellergraph("evaluate", "--run", str(demo), "--truth", str(demo / "data/truth.csv"))
    assert res.returncode == 0, res.stderr
    line = next(x for x in res.stdout.splitlines() if x.strip().startswith("store pairs"))
    assert "among ringed stores: precision" in line
    assert "over all offender stores: recall" in line
    res = sellergraph(
        "evaluate", "--run", str(demo), "--truth", str(demo / "data/truth.csv"), "--json"
    )
    result = json.loads(res.stdout)
    assert result["pairwise_recall_all"] <= result["pairwise_recall"]
