"""Screening sets aside the values the config lists as known shared, as the batch sets
their links aside: a registration's value is ``known_shared`` in ``unusable``, no
evidence, and a store added to a live index brings no such value into it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import ConfigError

WAREHOUSE_IBAN = "NL91 ABNA 0417 1643 00"  # a payment provider's collecting account


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and two active ones paid out through one provider's account; the
    banned store also has its own phone."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2024-01-01", None, None],
            "opened_at": ["2023-01-01", "2024-02-01", "2024-03-01"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2", "B1"],
            "kind": ["iban", "iban", "payment_account", "phone"],
            "value": [WAREHOUSE_IBAN, "nl91abna0417164300", WAREHOUSE_IBAN, "+86 138 0013 8000"],
        }
    )
    return stores, links


def _screener(**kwargs: object) -> sg.Screener:
    stores, links = _tables()
    cfg = sg.Config(known_shared={"payment_account": ["NL91ABNA0417164300"]})
    return sg.Screener.from_analysis(sg.analyze(stores, links, config=cfg, seed=0), **kwargs)


def _reasons(decision: sg.Decision) -> list[tuple[str, str]]:
    return [(u["field"], u["reason"]) for u in decision.unusable]


def test_a_registration_s_known_shared_value_is_set_aside_and_said() -> None:
    screener = _screener()
    decision = screener.screen(
        {"store_id": "N1", "identifiers": {"iban": ["IBAN: nl91 abna 0417 1643 00"]}}
    )
    assert (decision.verdict, decision.score, decision.evidence_records) == ("allow", 0.0, ())
    assert _reasons(decision) == [("identifiers.payment_account", "known_shared")]
    # the value is masked in what screening reports, as every other value is
    assert "0417" not in json.dumps(decision.to_dict())


def test_a_store_added_with_a_known_shared_value_brings_no_evidence_of_it() -> None:
    screener = _screener()
    added = screener.add_store(
        {"store_id": "B2", "identifiers": {"payment_account": [WAREHOUSE_IBAN]}},
        status="banned",
        closed_at="2024-05-01",
    )
    assert _reasons(added) == [("identifiers.payment_account", "known_shared")]
    later = screener.screen(
        {"store_id": "N2", "identifiers": {"payment_account": [WAREHOUSE_IBAN]}}
    )
    # before, the added banned store's copy of the provider's account was evidence: 0.85
    assert (later.verdict, later.score, later.n_banned_linked) == ("allow", 0.0, 0)


def test_the_list_is_kept_by_a_saved_index_and_read_in_many_at_once(tmp_path: Path) -> None:
    screener = sg.Screener.load(_screener().save(tmp_path / "index.sgidx"))
    assert dict(screener.config.known_shared) == {"payment_account": ("NL91ABNA0417164300",)}
    many = [
        {"store_id": f"N{i}", "identifiers": {"payment_account": [WAREHOUSE_IBAN]}}
        for i in range(300)
    ]  # past the per-value path: the vectorised reading
    decisions = screener.screen_many(many)
    assert (decisions["verdict"] == "allow").all()
    assert decisions["unusable"].str.contains("known_shared").all()
    phone = screener.screen(
        {
            "store_id": "N",
            "identifiers": {"payment_account": [WAREHOUSE_IBAN], "phone": ["+86 138 0013 8000"]},
        }
    )
    assert phone.matched_store_id == "B1" and phone.kinds == "phone"


def test_values_given_to_the_index_join_the_config_s_and_name_configured_kinds() -> None:
    stores, links = _tables()
    analysis = sg.analyze(stores, links, seed=0)  # a config without the list
    plain = sg.Screener.from_analysis(analysis)
    registration = {"store_id": "N", "identifiers": {"payment_account": [WAREHOUSE_IBAN]}}
    assert plain.screen(registration).verdict == "block"  # the banned store's account
    listed = sg.Screener.from_analysis(analysis, known_shared={"iban": [WAREHOUSE_IBAN]})
    assert listed.screen(registration).verdict == "allow"
    with pytest.raises(ConfigError, match="names no configured kind"):
        sg.Screener.from_analysis(analysis, known_shared={"fax": ["+86 10 1234 5678"]})


def test_the_index_command_reads_the_list_from_the_run_s_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = _tables()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    config = tmp_path / "config.toml"
    config.write_text('[known_shared]\niban = ["NL91ABNA0417164300"]\n', encoding="utf-8")
    tables = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    run = str(tmp_path / "run")
    assert main(["run", *tables, "--config", str(config), "--out", run, "--no-report", "-q"]) == 0
    # the run folder records its config without the list: the index alone would use it
    index = str(tmp_path / "index.sgidx")
    assert main(["index", "--run", run, "--out", index, "--known-shared", str(config)]) == 0
    assert "known shared      1 value set aside in screening (payment_account 1)" in (
        capsys.readouterr().out
    )
    decision = sg.Screener.load(index).screen(
        {"store_id": "N", "identifiers": {"iban": [WAREHOUSE_IBAN]}}
    )
    assert _reasons(decision) == [("identifiers.payment_account", "known_shared")]
    assert main(["index", "--run", run, "--out", index, "--known-shared", "missing.toml"]) == 2
    assert "cannot read config file 'missing.toml'" in capsys.readouterr().err
