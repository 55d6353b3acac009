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
        ({"dates": {"order": "dmy"}}, "dates.'order' must be one of 'auto', 'day_first'"),
        ({"dates": {"order": 1}}, "'dates.order' must be text (got 1)"),
        ({"kinds": {"wechat": {"weight": 0.5, "custom": "yes"}}}, "must be true or false"),
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

    assert set(sg.__all__) == {*sg._EXPORTS, *sg._SUBMODULES, "__version__", "KEYS_VERSION"}
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


def test_the_date_order_is_a_setting() -> None:
    assert Config().dates.order == "auto"
    cfg = Config.from_dict({"dates": {"order": "day_first"}})
    assert cfg.dates.order == "day_first"
    assert Config().replace(order="day_first") == cfg
    assert cfg.to_dict()["dates"] == {"order": "day_first"}
    assert Config.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    # a config recorded before the setting existed reads as "auto"
    recorded = {k: v for k, v in Config().to_dict().items() if k != "dates"}
    assert Config.from_dict(recorded) == Config()


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("phnoe", "phone"),
        ("phones", "phone"),
        ("Emial", "email"),
        ("adress", "address"),
        ("devcie", "device"),
        ("payment_acount", "payment_account"),
        ("Payment Acount", "payment_account"),
        ("id_documnet", "id_document"),
        ("ipaddress", "ip"),
    ],
)
def test_a_misspelt_kind_is_refused_with_what_was_meant(
    tmp_path: Path, name: str, meant: str
) -> None:
    hint = f"did you mean {meant!r}"
    with pytest.raises(ConfigError, match=hint) as err:
        Config.from_dict({"kinds": {name: {"weight": 0.8}}})
    assert isinstance(err.value, ValueError)
    with pytest.raises(ConfigError, match=hint):
        Config().with_kind(name, 0.8)
    with pytest.raises(ConfigError, match=hint):
        Config(kinds={name: KindRule(weight=0.8)})
    with pytest.raises(ConfigError, match=hint):  # removing it would remove nothing
        Config.from_dict({"kinds": {name: None}})
    path = tmp_path / "sellergraph.toml"
    path.write_text(f'[kinds."{name}"]\nweight = 0.8\n')
    with pytest.raises(ConfigError, match=hint):
        Config.from_file(path)


def test_kinds_of_your_own_are_kept(tmp_path: Path) -> None:
    own = ["wechat", "bank_card", "device_fp", "zip", "fax", "mail", "device_id", "line_id"]
    cfg = Config.from_dict({"kinds": {name: {"weight": 0.5} for name in own}})
    assert set(own) <= set(cfg.kinds)
    # a name close to a built-in kind's is kept when the config says it is its own
    path = tmp_path / "sellergraph.toml"
    path.write_text("[kinds.phone2]\nweight = 0.6\ncustom = true\n")
    cfg = Config.from_file(path)
    assert cfg.kinds["phone2"] == KindRule(weight=0.6, custom=True)
    assert cfg.to_dict()["kinds"]["phone2"]["custom"] is True
    assert "custom" not in cfg.to_dict()["kinds"]["phone"]  # recorded only when set
    assert Config.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    assert "phone2" in Config().with_kind("phone2", KindRule(weight=0.6, custom=True)).kinds
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": ["banned", "active"], "closed_at": ["2021-01-01", None]}
    )
    links = pd.DataFrame({"store_id": ["A", "B"], "kind": ["phone2"] * 2, "value": ["x9k2"] * 2})
    assert sg.load(stores, links, config=cfg).counts["links_accepted"] == 2


def test_custom_on_a_built_in_kind_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"'kinds\.phone\.custom' must be false"):
        Config.from_dict({"kinds": {"phone": {"custom": True}}})
