"""``explain`` says nothing of a platform the stores table did not name."""

from __future__ import annotations

from pathlib import Path

import pytest

import sellergraph as sg
from sellergraph.cli import main


def test_explain_names_no_default_platform(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links, _ = sg.make_marketplace(800, seed=5)
    stores.drop(columns="platform").to_csv(tmp_path / "s.csv", index=False)
    links.to_csv(tmp_path / "l.csv", index=False)
    args = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv")]
    assert main([*args, "--out", str(tmp_path / "run"), "--no-report", "-q"]) == 0
    alerts = (tmp_path / "run" / "alerts.csv").read_text().splitlines()
    store = alerts[1].split(",")[0]
    assert main(["explain", store, "--run", str(tmp_path / "run")]) == 0
    sentence = capsys.readouterr().out.splitlines()[0]
    assert sentence.startswith(f"Store {store} (opened ")
    assert "default" not in sentence and "banned store" in sentence
    analysis = sg.analyze(stores, links, seed=0)
    named = analysis.explain(analysis.alerts["store_id"].iloc[0]).summary
    assert named.startswith(f"Store {analysis.alerts['store_id'].iloc[0]} (mkt-")
