"""Config as data: validation, round trips, files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.config import Config, KindRule
from sellergraph.errors import ConfigError


def test_round_trip_through_dict_and_json() -> None:
    cfg = Config().replace(alert_threshold=0.7, resolution=0.05).with_kind("fax", 0.3)
    again = Config.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg
    assert again.kinds["fax"] == KindRule(weight=0.3)
    assert hash(again) == hash(cfg)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rings": {"resolution": -1.0}}, "'resolution' must be > 0 (got -1.0)"),
        ({"scoring": {"alert_threshold": 2}}, "'alert_threshold' must be in (0, 1] (got 2)"),
        ({"rings": {"method": "magic"}}, "'method' must be one of"),
        ({"kinds": {"phone": {"weight": 0}}}, "'weight' must be in (0, 1] (got 0)"),
        ({"kinds": {"phone": {"hub_cap": 2}}}, "'hub_cap' must be >= free_share (got 2)"),
        ({"scoring": {"nonsense": 1}}, "unknown setting(s) in 'scoring': nonsense"),
        ({"bogus": {}}, "unknown config section(s): bogus"),
        ({"normalize": {"default_region": "China"}}, "'default_region' must be a two-letter"),
    ],
)
def test_bad_values_name_the_setting_and_value(change: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        Config.from_dict(change)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_partial_dict_merges_over_defaults() -> None:
    cfg = Config.from_dict({"kinds": {"ip": {"weight": 0.1}, "email": None}})
    assert cfg.kinds["ip"].weight == 0.1
    assert cfg.kinds["ip"].hub_cap == Config().kinds["ip"].hub_cap
    assert "email" not in cfg.kinds
    assert cfg.kinds["device"] == Config().kinds["device"]


def test_toml_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text(
        "[scoring]\nalert_threshold = 0.8\n\n[kinds.wechat]\nweight = 0.6\n"
    )
    cfg = Config.from_file(tmp_path / "c.toml")
    assert cfg.scoring.alert_threshold == 0.8
    assert cfg.kinds["wechat"].weight == 0.6
    (tmp_path / "c.json").write_text(json.dumps({"rings": {"min_link": 0.6}}))
    assert Config.from_file(tmp_path / "c.json").rings.min_link == 0.6
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ConfigError, match="is not valid"):
        Config.from_file(tmp_path / "bad.json")
    with pytest.raises(ConfigError, match="cannot read config file"):
        Config.from_file(tmp_path / "missing.json")


def test_analysis_records_its_config() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=500, seed=0)
    cfg = Config().replace(alert_threshold=0.9)
    r = sg.analyze(stores, links, config=cfg.to_dict())
    assert r.config == cfg
    assert r.provenance["versions"]["sellergraph"] == sg.__version__
    assert set(r.provenance["timings"]) >= {"load", "link", "rings", "score", "total"}
    assert (r.alerts["score"] >= 0.9).all()


def test_front_door_lists_every_public_name() -> None:
    import sellergraph as sg

    assert set(sg.__all__) == {*sg._EXPORTS, *sg._SUBMODULES, "__version__"}
    for name in sg.__all__:
        assert getattr(sg, name) is not None


def test_a_removed_kind_stays_removed_through_a_dict() -> None:
    import sellergraph as sg

    config = sg.Config().with_kind("ip", None)
    again = sg.Config.from_dict(config.to_dict())
    assert "ip" not in again.kinds
    assert again == config


def test_kind_names_in_the_config_are_spelt_as_the_data_kinds_are() -> None:
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": ["banned", "active"], "closed_at": ["2021-01-01", None]}
    )
    links = pd.DataFrame(
        {"store_id": ["A", "B"], "kind": ["WeChat ID"] * 2, "value": ["wx_abc"] * 2}
    )
    for config in (
        Config().with_kind("wechat-id", 0.6),
        Config.from_dict({"kinds": {"WeChat ID": {"weight": 0.6}}}),
    ):
        assert "wechat_id" in config.kinds
        ds = sg.load(stores, links, config=config)
        assert ds.rejected.empty and ds.counts["links_accepted"] == 2
    assert "payment_account" not in Config.from_dict({"kinds": {"Payment-Account": None}}).kinds


@pytest.mark.parametrize(("region", "hint"), [("UK", "did you mean 'GB'"), ("XX", "got 'XX'")])
def test_a_region_without_a_numbering_plan_is_refused(region: str, hint: str) -> None:
    with pytest.raises(ConfigError, match=hint):
        Config.from_dict({"normalize": {"default_region": region}})
