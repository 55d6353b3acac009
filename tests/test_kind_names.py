"""Other names of kinds: the config's kind_names, the built-in other names, and the
notice when many links have a kind nobody configured."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import KIND_ALIASES, resolve_kind
from sellergraph.errors import ConfigError


def _tables(kind_names: list[str], n_active: int = 40):
    ids = ["B0"] + [f"A{i}" for i in range(n_active)]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned"] + ["active"] * n_active,
            "closed_at": ["2021-01-01"] + [None] * n_active,
        }
    )
    rows = []
    for i, kind in enumerate(kind_names):
        rows.append({"store_id": ids[i % len(ids)], "kind": kind, "value": f"+55 11 9{i:04d}-4321"})
    return stores, pd.DataFrame(rows)


def test_kind_names_read_a_kind_under_the_platforms_name():
    stores = pd.DataFrame(
        {"store_id": ["B", "A"], "status": ["banned", "active"], "closed_at": ["2021-01-01", None]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["B", "A"],
            "kind": ["TELEFONE_CONTATO", "phone"],
            "value": ["(11) 98765-4321", "+55 11 9 8765 4321"],
        }
    )
    config = sg.Config(kind_names={"TELEFONE_CONTATO": "phone"}).replace(default_region="BR")
    ds = sg.load(stores, links, config=config)
    assert ds.links["key"].tolist() == ["+5511987654321", "+5511987654321"]
    assert ds.counts["kinds_read_as"] == {"telefone_contato": "phone"}
    assert sg.analyze(ds).scores["score"].iloc[0] > 0.6


def test_kind_names_rename_wide_columns_and_number_a_second_one():
    stores = pd.DataFrame(
        {
            "store_id": ["B", "A"],
            "status": ["banned", "active"],
            "closed_at": ["2021-01-01", None],
            "FONE1": ["+55 11 98765-4321", None],
            "FONE2": [None, "+55 11 98765-4321"],
        }
    )
    config = sg.Config(kind_names={"FONE1": "phone", "FONE2": "phone"})
    ds = sg.load(stores, config=config)
    assert sorted(ds.links["store_id"]) == ["A", "B"]
    assert set(ds.links["kind"]) == {"phone"}


def test_kind_names_must_name_a_configured_kind():
    with pytest.raises(ConfigError, match=r"'kind_names.TEL' must name a configured kind"):
        sg.Config(kind_names={"TEL": "fone"})
    with pytest.raises(ConfigError, match="mapped to both"):
        sg.Config(kind_names={"tel x": "phone", "TEL_X": "email"})


def test_kind_names_round_trip_through_a_config_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[kind_names]\nCHAVE_PIX = "payment_account"\n')
    config = sg.Config.from_file(path)
    assert dict(config.kind_names) == {"chave_pix": "payment_account"}
    assert sg.Config.from_dict(config.to_dict()) == config
    assert "kind_names" not in sg.Config().to_dict()  # recorded only when set


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("TELEFONE", "phone"),
        ("Teléfono", "phone"),
        ("Chave PIX", "payment_account"),
        ("CLABE", "payment_account"),
        ("DOC_FISCAL", "id_document"),
        ("Cédula", "id_document"),
        ("IP_LOGIN", "ip"),
        ("Endereço", "address"),
        ("correo", "email"),
    ],
)
def test_portuguese_and_spanish_names_of_the_built_in_kinds(name, kind):
    assert resolve_kind(name, set(sg.Config().kinds)) == kind


def test_a_configured_kind_of_that_name_wins_over_the_other_name():
    assert "pix" in KIND_ALIASES
    known = set(sg.Config().with_kind("pix", 0.8).kinds)
    assert resolve_kind("PIX", known) == "pix"


def test_many_unknown_kinds_are_a_notice_naming_them(caplog):
    stores, links = _tables(["TEL_FIXO"] * 30 + ["phone"] * 10)
    ds = sg.load(stores, links)
    notices = ds.counts["notices"]
    assert len(notices) == 1
    assert notices[0].startswith(
        "30 of 40 links (75%) have a kind that is not configured and were set aside "
        "(unknown_kind): 'TEL_FIXO' (30)."
    )
    assert "--kind-names TEL_FIXO=phone" in notices[0]
    few, links = _tables(["TEL_FIXO"] * 19 + ["phone"] * 30)
    assert "notices" not in sg.load(few, links).counts


def test_cli_kind_names_option(tmp_path, capsys):
    stores, links = _tables(["TEL_FIXO"] * 30)
    stores.to_csv(tmp_path / "s.csv", index=False)
    links.to_csv(tmp_path / "l.csv", index=False)
    base = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv")]
    assert main([*base, "--out", str(tmp_path / "r1"), "--kind-names", "TEL_FIXO=phone"]) == 0
    out = capsys.readouterr().out
    assert "kinds read as     tel_fixo as phone" in out
    assert "(0 rejected" in out
    assert main([*base, "--out", str(tmp_path / "r2"), "--kind-names", "TEL_FIXO"]) == 2
    assert "--kind-names expects NAME=KIND" in capsys.readouterr().err
