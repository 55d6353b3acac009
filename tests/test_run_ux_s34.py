"""What a new user running a benchmark (FEBRL4 as stores) tripped over: the summary's
store notes, evaluation metrics without negatives, and ``run --default-country``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from sellergraph.cli import main
from sellergraph.metrics import evaluate

# A wide stores table: B1 is banned without closed_at (a note on its stores row, no
# link value cleared); A2's e-mail cell lists two values (a cell read as two links).
WIDE = (
    "rec_id,status,closed_at,phone,email\n"
    "B1,banned,,0412 345 678,a@x.com\n"
    "B2,banned,2021-01-01,0413 111 222,b@x.com\n"
    "A1,active,,+61 412 345 678,a@x.com\n"
    "A2,active,not a date,0413 111 222,c@x.com;d@x.com\n"
)


def _run(tmp_path: Path, *options: str, stores: str = WIDE) -> list[str]:
    (tmp_path / "s.csv").write_text(stores)
    argv = ["run", "--stores", str(tmp_path / "s.csv"), "--out", str(tmp_path / "o")]
    assert main([*argv, "--columns", "rec_id=store_id", "--no-report", *options]) == 0
    return [str(v) for v in pd.read_csv(tmp_path / "o/links.csv")["key"]]


def _line(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"{name} "))


# -- 1. the summary counts store notes on the stores line ----------------------------


def test_store_notes_are_on_the_stores_line_not_the_links_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(tmp_path)
    out = capsys.readouterr().out
    stores, links = _line(out, "stores"), _line(out, "links")
    assert stores.endswith(
        "(2 banned, 2 active, 0 closed; noted in rejected: 1 invalid_date, 1 missing_closed_at)"
    )
    assert links.endswith("(0 rejected, 0 values cleared, 1 cell of several values: see rejected)")


def test_a_link_date_cleared_is_counted_on_the_links_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,closed_at\nB1,banned,2021-01-01\nB2,banned,\nA1,active,\n"
    )
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value,observed_at\nB1,phone,13800138000,yesterday\n"
        "A1,phone,13800138000,2022-01-01\nA1,email,N/A,2022-01-01\n"
    )
    argv = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv")]
    assert main([*argv, "--out", str(tmp_path / "o"), "--no-report"]) == 0
    out = capsys.readouterr().out
    stores = _line(out, "stores")
    assert stores.endswith("(2 banned, 1 active, 0 closed; noted in rejected: 1 missing_closed_at)")
    assert _line(out, "links").endswith("(1 rejected, 1 value cleared: see rejected)")


def test_the_report_cards_count_link_values_and_store_notes_apart(tmp_path: Path) -> None:
    _run(tmp_path, "--no-report")
    assert main(["run", "--stores", str(tmp_path / "s.csv"), "--out", str(tmp_path / "r"),
                 "--columns", "rec_id=store_id", "-q"]) == 0  # fmt: skip
    page = (tmp_path / "r/report.html").read_text()
    assert '<div class="n">0</div><div class="k">link values cleared</div>' in page
    assert '<div class="n">2</div><div class="k">store notes</div>' in page
    assert '<div class="k">values cleared</div>' not in page
    assert "kept with a note in the rejected table: 1 invalid_date, 1 missing_closed_at." in page
    assert "1 cell listing several values each gave a link per value." in page


# -- 2. evaluation without negatives (or positives) ------------------------------------


def _truth(positive: list[bool]) -> pd.DataFrame:
    ids = [f"s{i}" for i in range(len(positive))]
    return pd.DataFrame({"store_id": ids, "operator_id": ids, "positive": positive})


def _scores(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"store_id": [f"s{i}" for i in range(len(values))], "score": values})


@pytest.mark.parametrize("positive", [True, False])
def test_one_class_leaves_the_comparing_metrics_nan_with_a_reason(positive: bool) -> None:
    ev = evaluate(_scores([0.9, 0.7, 0.0]), _truth([positive] * 3), threshold=0.6)
    for name in ("average_precision", "roc_auc", "recall_at_p90", "precision", "f1"):
        assert math.isnan(getattr(ev, name)), name
    assert ev.n_alerts == 2
    if positive:  # recall still says how many returning sellers were found
        assert ev.recall == pytest.approx(2 / 3)
        assert ev.one_class == "every ranked store is positive (no negatives)"
    else:
        assert math.isnan(ev.recall) and ev.one_class == "no ranked store is positive"
    text = str(ev)
    assert f"  note         {ev.one_class}: " in text
    assert "average precision n/a   ROC AUC n/a   recall at 90% precision n/a" in text


def test_both_classes_keep_every_metric_and_no_note() -> None:
    ev = evaluate(_scores([0.9, 0.7, 0.0]), _truth([True, False, True]), threshold=0.6)
    assert ev.one_class is None and "note" not in str(ev)
    assert ev.average_precision == pytest.approx((1 + 2 / 3) / 2)
    assert ev.precision == 0.5 and ev.recall_at_p90 == 0.5


def test_evaluate_command_prints_n_a_without_negatives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(tmp_path)
    truth = tmp_path / "truth.csv"
    truth.write_text("store_id,operator_id,positive\nA1,1,true\nA2,2,true\n")
    capsys.readouterr()
    assert main(["evaluate", "--run", str(tmp_path / "o"), "--truth", str(truth)]) == 0
    out = capsys.readouterr().out
    assert "  note         every ranked store is positive (no negatives): " in out
    assert "average precision n/a   ROC AUC n/a   recall at 90% precision n/a" in out
    assert "precision n/a   recall 1.000   F1 n/a   alerts 2" in out
    assert main(["evaluate", "--run", str(tmp_path / "o"), "--truth", str(truth), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)  # null, with why under "undefined"
    assert got["average_precision"] is None and got["recall_at_p90"] is None
    assert got["undefined"]["average_precision"] == "every ranked store is positive (no negatives)"


# -- 3. run --default-country ----------------------------------------------------------


def test_default_country_reads_national_numbers_in_that_country(tmp_path: Path) -> None:
    keys = _run(tmp_path, "--default-country", "Australia", "-q")
    assert "+61412345678" in keys and "+61413111222" in keys
    assert not any(k.startswith("+86") for k in keys)
    meta = json.loads((tmp_path / "o/run.json").read_text())
    assert meta["config"]["normalize"]["default_region"] == "AU"  # index builds from it


def test_default_country_wins_over_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('[normalize]\ndefault_region = "CN"\n')
    keys = _run(tmp_path, "--config", str(tmp_path / "c.toml"), "--default-country", "AUS", "-q")
    assert "+61412345678" in keys
    keys = _run(tmp_path, "--config", str(tmp_path / "c.toml"), "-q")
    assert "+86412345678" in keys  # B1's 0412 345 678 without the option: the file's CN


def test_default_country_that_names_no_country_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text(WIDE)
    argv = ["run", "--stores", str(tmp_path / "s.csv"), "--out", str(tmp_path / "o")]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--default-country", "Narnia"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --default-country: 'Narnia' is not an ISO 3166 code" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()


def test_run_help_shows_default_country(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert "--default-country COUNTRY" in out and "normalize.default_region" in out
