"""Other status words: the config's ``statuses``, ``--status``, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import Config
from sellergraph.errors import ConfigError, InputError


def _stores(statuses: list[str]) -> pd.DataFrame:
    n = len(statuses)
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": statuses,
            "closed_at": ["2024-01-01"] * n,
            "phone": ["+14155550100"] * n,
        }
    )


def test_words_are_spelled_like_statuses() -> None:
    cfg = Config(statuses={" Suspended_By-Admin ": "BANNED", "ＯＰＥＮ": "active"})
    assert dict(cfg.statuses) == {"open": "active", "suspended by admin": "banned"}


@pytest.mark.parametrize(
    "statuses, message",
    [
        ({"suspended": "gone"}, "'statuses.suspended' must be one of 'active'"),
        ({"": "banned"}, "'statuses' must be keyed by a non-empty word"),
        ({"Open": "active", "open ": "closed"}, "mapped to both 'active' and 'closed'"),
        (["suspended"], "statuses must be a mapping"),
    ],
)
def test_bad_statuses_are_config_errors(statuses: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        Config.from_dict({"statuses": statuses})


def test_statuses_round_trip_and_stay_out_of_configs_without_them() -> None:
    assert "statuses" not in Config().to_dict()
    cfg = Config.from_dict({"statuses": {"suspended": "banned"}})
    assert cfg.to_dict()["statuses"] == {"suspended": "banned"}
    assert Config.from_dict(cfg.to_dict()) == cfg
    assert cfg != Config()
    assert cfg.replace(statuses={}) == Config()


def test_toml_statuses(tmp_path: Path) -> None:
    path = tmp_path / "sg.toml"
    path.write_text('[statuses]\nsuspended = "banned"\n"ระงับ" = "banned"\n', encoding="utf-8")
    assert dict(Config.from_file(path).statuses) == {"suspended": "banned", "ระงับ": "banned"}


def test_load_reads_mapped_words() -> None:
    cfg = Config(statuses={"suspended": "banned", "open": "active", "ระงับ": "banned"})
    ds = sg.load(_stores(["Suspended", "open", "ระงับ", "Closed"]), config=cfg)
    assert ds.stores["status"].tolist() == ["banned", "active", "banned", "closed"]
    assert (ds.counts["banned"], ds.counts["active"], ds.counts["closed"]) == (2, 1, 1)


def test_a_contract_word_can_mean_another_status() -> None:
    ds = sg.load(_stores(["closed", "active"]), config=Config(statuses={"closed": "banned"}))
    assert ds.stores["status"].tolist() == ["banned", "active"]


def test_unknown_words_are_listed_once_each_with_their_rows() -> None:
    words = ["active", "Suspended", "open", "Suspended", "suspended", "open", None]
    with pytest.raises(InputError) as err:
        sg.load(_stores(words))
    failures = err.value.failures
    assert failures is not None
    assert failures["row"].tolist() == [1, 2, 6]
    assert failures["value"].tolist() == ["Suspended", "open", None]
    assert "(3 rows hold it)" in failures["message"].iloc[0]
    assert "--status WORD=STATUS" in failures["message"].iloc[0]
    assert "(3 problem(s) in stores, on 6 rows)" in str(err.value)


def test_many_rows_count_right_in_the_message() -> None:
    words = ["active"] * 5 + [f"w{i}" for i in range(25)] + ["gone"] * 100
    with pytest.raises(InputError) as err:
        sg.load(_stores(words))
    text = str(err.value)
    assert "(26 problem(s) in stores, on 125 rows)" in text
    assert "in all: 125 unknown_status" in text


def test_cli_status_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stores = tmp_path / "stores.csv"
    _stores(["Suspended", "open"]).assign(closed_at=["2024-01-01", None]).to_csv(
        stores, index=False
    )
    out = tmp_path / "run"
    args = ["run", "--stores", str(stores), "--out", str(out), "--no-report", "-q"]
    assert main(args) != 0
    assert "--status WORD=STATUS" in capsys.readouterr().err
    assert main([*args, "--status", "suspended=banned", "--status", "open=active"]) == 0
    meta = json.loads((out / "run.json").read_text())
    assert meta["config"]["statuses"] == {"open": "active", "suspended": "banned"}
    assert pd.read_csv(out / "stores.csv")["status"].tolist() == ["banned", "active"]
    assert main([*args, "--status", "suspended"]) != 0
    assert "--status expects WORD=STATUS" in capsys.readouterr().err
    assert main([*args, "--status", "suspended=gone,open=active"]) != 0
    assert "'statuses.suspended' must be one of" in capsys.readouterr().err


def test_evaluate_reads_truth_statuses_through_the_config() -> None:
    cfg = Config(statuses={"suspended": "banned"})
    analysis = sg.analyze(sg.load(_stores(["Suspended", "active"]), config=cfg), seed=0)
    truth = pd.DataFrame(
        {
            "store_id": ["S0", "S1"],
            "operator_id": ["o", "o"],
            "positive": [False, True],
            "status": ["Suspended", "active"],
        }
    )
    assert sg.evaluate(analysis, truth).n_positives == 1
    with pytest.raises(InputError, match="Suspended"):
        sg.evaluate(sg.analyze(sg.load(_stores(["banned", "active"])), seed=0), truth)


def test_cli_status_overrides_the_config_whatever_its_case(tmp_path: Path) -> None:
    config = tmp_path / "sg.toml"
    config.write_text('[statuses]\nsuspended = "closed"\n', encoding="utf-8")
    stores = tmp_path / "stores.csv"
    _stores(["Suspended", "active"]).to_csv(stores, index=False)
    out = tmp_path / "run"
    args = ["run", "--stores", str(stores), "--out", str(out), "--config", str(config)]
    assert main([*args, "--status", "SUSPENDED=banned", "--no-report", "-q"]) == 0
    assert pd.read_csv(out / "stores.csv")["status"].tolist() == ["banned", "active"]
