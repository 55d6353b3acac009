"""A config file's ``[columns]``: the input's column names kept with the other settings."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import ConfigError

STORES = (
    "Seller ID,Account Status,Date Suspended,Mobile\n"
    "B1,banned,2021-06-01,+86 138 0013 8000\n"
    "A1,active,,138-0013-8000\n"
    "A2,active,,139 0013 9000\n"
)


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(STORES)
    return path


def test_a_config_s_columns_rename_the_input_as_the_argument_does(tmp_path: Path) -> None:
    cfg = sg.Config(columns={"Seller ID": "store_id", "Account Status": "status"})
    by_config = sg.analyze(_export(tmp_path), config=cfg)
    by_argument = sg.analyze(
        _export(tmp_path), columns={"Seller ID": "store_id", "Account Status": "status"}
    )
    pd.testing.assert_frame_equal(by_config.scores, by_argument.scores)
    assert by_config.alerts["store_id"].tolist() == ["A1"]


def test_an_argument_s_rename_of_a_column_wins_over_the_config_s(tmp_path: Path) -> None:
    cfg = sg.Config(columns={"Seller ID": "seller", "Account Status": "status"})
    result = sg.analyze(_export(tmp_path), config=cfg, columns={"Seller ID": "store_id"})
    assert result.alerts["store_id"].tolist() == ["A1"]


def test_the_cli_reads_columns_from_the_config_file_and_the_folder_reads_back(
    tmp_path: Path,
) -> None:
    (tmp_path / "sg.toml").write_text(
        '[columns]\n"Seller ID" = "store_id"\n"Account Status" = "status"\n'
    )
    out = tmp_path / "run"
    config = ["--config", str(tmp_path / "sg.toml")]
    code = main(["run", "--stores", str(_export(tmp_path)), "--out", str(out), "-q", *config])
    assert code == 0
    recorded = json.loads((out / "run.json").read_text())["config"]["columns"]
    assert recorded == {"Seller ID": "store_id", "Account Status": "status"}
    assert pd.read_csv(out / "alerts.csv")["store_id"].tolist() == ["A1"]
    index = tmp_path / "i.sgidx"
    assert main(["index", "--run", str(out), "--out", str(index), "-q"]) == 0


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"Seller ID": 7}, "'columns.Seller ID' must be a column name, text (got 7)"),
        ({"  ": "store_id"}, "'columns' must be keyed by a non-empty column name"),
        (["Seller ID"], "columns must be a mapping of an input column's name"),
    ],
)
def test_a_columns_setting_that_is_no_mapping_of_names_is_refused(
    columns: object, message: str
) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        sg.Config.from_dict({"columns": columns})


def test_the_columns_setting_survives_its_dictionary() -> None:
    cfg = sg.Config(columns={"links.Type": "kind"})
    assert sg.Config.from_dict(cfg.to_dict()) == cfg
    assert "columns" not in sg.Config().to_dict()
