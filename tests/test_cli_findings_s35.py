"""``sellergraph evaluate`` reads the truth's status words as the run mapped them, and
an empty status cell falls back to the run's status; the run summary counts repeat
observations merged into their link apart from the rows rejected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sellergraph.cli import main
from sellergraph.metrics import evaluate

STORES = (
    "store_id,status,opened_at,closed_at,phone\n"
    "B1,SUSPENDED,2023-01-01,2023-06-01,+49 151 23761615\n"
    "A1,Active,2023-07-01,,+49 151 23761615\n"
    "A2,Active,2023-07-01,,+49 151 99999999\n"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("eval")
    (folder / "stores.csv").write_text(STORES)
    out = folder / "run"
    code = main(["run", "--stores", str(folder / "stores.csv"), "--out", str(out), "-q",
                 "--status", "SUSPENDED=banned"])  # fmt: skip
    assert code == 0
    return out


def _truth(tmp_path: Path, statuses: list[str]) -> Path:
    path = tmp_path / "truth.csv"
    pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "operator_id": ["op1", "op1", "op2"],
            "positive": [0, 1, 0],
            "status": statuses,
        }
    ).to_csv(path, index=False)
    return path


def test_the_runs_status_words_read_the_truth(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = _truth(tmp_path, ["SUSPENDED", "Active", "Active"])
    assert main(["evaluate", "--run", str(run), "--truth", str(truth)]) == 0
    said = capsys.readouterr().out
    assert "Evaluation over 2 active stores (1 positive)" in said
    assert "matches      1.000" in said


def test_an_empty_status_cell_is_the_runs_status(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = _truth(tmp_path, ["", "", "Active"])
    assert main(["evaluate", "--run", str(run), "--truth", str(truth)]) == 0
    assert "Evaluation over 2 active stores (1 positive)" in capsys.readouterr().out


def test_an_unknown_word_is_named_once_with_its_rows(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = _truth(tmp_path, ["Weird", "Weird", "Active"])
    assert main(["evaluate", "--run", str(run), "--truth", str(truth)]) == 2
    said = capsys.readouterr().err
    assert said.count("value 'Weird'") == 1 and "2 rows hold it" in said


def test_statuses_given_in_python() -> None:
    scores = pd.DataFrame({"store_id": ["A1", "A2"], "score": [0.9, 0.1]})
    truth = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "operator_id": ["op1", "op1", "op2"],
            "positive": [False, True, False],
            "status": ["gesperrt", "aktiv", "aktiv"],
        }
    )
    ev = evaluate(scores, truth, statuses={"gesperrt": "banned", "aktiv": "active"})
    assert (ev.n_stores, ev.n_positives, ev.n_banned) == (2, 1, 1)


def test_the_summary_counts_merged_repeats_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text("store_id,status\nB1,banned\nA1,active\n")
    (tmp_path / "l.csv").write_text(
        "store_id,kind,value,observed_at\n"
        "A1,ip,203.0.113.7,2024-01-01\nA1,ip,203.0.113.7,2024-01-02\n"
        "A1,ip, 203.0.113.7 ,2024-01-03\nB1,phone,not a phone,\n"
    )
    args = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv"),
            "--out", str(tmp_path / "o"), "--no-report"]  # fmt: skip
    assert main(args) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("links ")]
    assert line.endswith(
        "(3 rejected: 2 repeats merged into 1 link, 1 for other reasons; "
        "0 values cleared: see rejected)"
    )


def test_the_summary_has_a_known_shared_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["store_id,status,closed_at,payment_account"]
    rows += [f"B{i},banned,2023-06-01,NL91 ABNA 0417 1643 00" for i in range(2)]
    rows += [f"A{i},active,,NL91 ABNA 0417 1643 00" for i in range(5)]
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "c.toml").write_text('[known_shared]\npayment_account = ["nl91abna0417164300"]\n')
    args = ["run", "--stores", str(tmp_path / "s.csv"), "--out", str(tmp_path / "o"),
            "--config", str(tmp_path / "c.toml"), "--no-report"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    (links,) = [x for x in out if x.startswith("links ")]
    (known,) = [x for x in out if x.startswith("known shared ")]
    assert links.endswith("(7 rejected: 7 known shared; 0 values cleared: see rejected)")
    assert known.endswith("payment_account 1 of 1 value matched, 7 links set aside")
    (alerts,) = [x for x in out if x.startswith("alerts ")]
    assert " 0  (score" in alerts


def test_explain_shows_a_paths_store_and_no_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.csv").write_text(
        "store_id,status,opened_at,closed_at,payment_account,device,id_document\n"
        "B1,banned,2023-01-01,2023-06-01,DE89370400440532013000,a1b2c3d4e5f60718,\n"
        "X1,active,2023-07-01,,DE44500105175407324931,a1b2c3d4e5f60718,L01X00T47\n"
        "A1,active,2023-02-01,,DE02120300000000202051,,L01X00T47\n"
    )
    out = tmp_path / "o"
    assert main(["run", "--stores", str(tmp_path / "s.csv"), "--out", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["explain", "A1", "--run", str(out)]) == 0
    said = capsys.readouterr().out
    (row,) = [x for x in said.splitlines() if x.strip().startswith("1 path")]
    assert "via X1" in row and "None" not in row
