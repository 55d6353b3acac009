"""What a new user met with a Latin-American export: a STIX bundle of stores without a
platform, Mexico's generic tax ids, Portuguese and Spanish words for "not informed",
and an unknown-status error's count."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import resolve_kind
from sellergraph.errors import InputError
from sellergraph.intel import to_stix, validate_stix
from sellergraph.io.run import read_analysis
from sellergraph.normalize import normalize_values

SECRET = b"a key the partners agreed on, s37"


def _returner_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and its return, sharing a phone and a device; no platform column."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2023-08-01"],
            "closed_at": ["2023-06-01", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "B1", "A1"],
            "kind": ["phone", "phone", "device", "device"],
            "value": ["+55 11 98765-4321"] * 2 + ["358168366674698"] * 2,
        }
    )
    return stores, links


def test_a_stix_bundle_of_stores_without_a_platform_is_valid() -> None:
    analysis = sg.analyze(*_returner_tables(), seed=0)
    text = to_stix(analysis, secret=SECRET)
    assert validate_stix(text) == []  # before: "platforms: empty arrays are not allowed"
    actors = [o for o in json.loads(text)["objects"] if o["type"] == "threat-actor"]
    assert len(actors) == 1
    extension = next(iter(actors[0]["extensions"].values()))
    assert "platforms" not in extension and extension["kinds"] == ["device", "phone"]


@pytest.mark.parametrize("rfc", ["XAXX010101000", "XEXX010101000", "RFC: xaxx-010101-000"])
def test_mexico_s_generic_tax_ids_are_placeholders(rfc: str) -> None:
    assert normalize_values("id_document", pd.Series([rfc]))["reason"].tolist() == ["placeholder"]


def test_strangers_sharing_the_generic_rfc_are_not_linked() -> None:
    n = 12
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["2024-01-01"] + [None] * (n - 1),
            "country": "MX",
        }
    )
    links = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)] * 2,
            "kind": ["id_document"] * n + ["phone"] * n,
            "value": ["XAXX010101000"] * n + [f"55 1234 56{i:02d}" for i in range(n)],
        }
    )
    analysis = sg.analyze(stores, links, seed=0)
    assert analysis.alerts.empty  # before: 11 alerts at 0.83, one ring of 12


@pytest.mark.parametrize(
    "word",
    [
        "não informado",
        "Nao informado",
        "não consta",
        "sem informação",
        "sin dato",
        "Sin datos",
        "Sin información",
        "sin informacion",
        "no informado",
        "no aplica",
        "s/d",
    ],
)
@pytest.mark.parametrize("kind", ["address", "device", "payment_account"])
def test_portuguese_and_spanish_words_for_not_informed_are_placeholders(
    word: str, kind: str
) -> None:
    out = normalize_values(kind, pd.Series([word]))
    assert (out["key"].isna().all(), out["reason"].tolist()) == (True, ["placeholder"])


@pytest.mark.parametrize("word", ["N/D", "n/d", "S/D", "sin dato", "não informado"])
def test_not_informed_in_a_date_column_is_no_date_and_no_warning(
    word: str, caplog: pytest.LogCaptureFixture
) -> None:
    n = 30
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["01/06/2024"] + [word] * (n - 1),
        }
    )
    links = pd.DataFrame({"store_id": ["S0"], "kind": ["phone"], "value": ["+55 11 98765-4321"]})
    with caplog.at_level("WARNING", logger="sellergraph"):
        ds = sg.load(stores, links)
    assert ds.stores["closed_at"].isna().sum() == n - 1
    assert "could not be read as dates" not in caplog.text
    assert not ds.rejected["reason"].eq("invalid_date").any()


def test_an_unknown_status_error_counts_the_words_it_lists() -> None:
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(40)],
            "status": ["ativa", "banida", "suspensa", "inativa"] * 10,
        }
    )
    links = pd.DataFrame({"store_id": ["S0"], "kind": ["phone"], "value": ["+55 11 98765-4321"]})
    with pytest.raises(InputError) as caught:
        sg.load(stores, links)
    message = str(caught.value)
    # one line per word, each standing for the rows holding it
    assert message.startswith("input breaks the data contract (4 problem(s) in stores, on 40 rows)")
    assert message.count("(10 rows hold it)") == 4


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("CPF_CNPJ", "id_document"),
        ("CPF/CNPJ", "id_document"),
        ("RG", "id_document"),
        ("ChavePix", "payment_account"),
        ("ContaRepasse", "payment_account"),
        ("ContaMercadoPago", "payment_account"),
        ("Mercado Pago", "payment_account"),
        ("EnderecoColeta", "address"),
    ],
)
def test_brazilian_and_mexican_headers_name_their_kinds(header: str, kind: str) -> None:
    kinds = {"phone", "email", "device", "ip", "payment_account", "id_document", "address"}
    assert resolve_kind(header, kinds) == kind


def test_a_run_folder_of_an_older_placeholder_list_is_read_without_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stores, links = _returner_tables()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    tables = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    run = tmp_path / "run"
    assert main(["run", *tables, "--out", str(run), "--no-report", "-q"]) == 0
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    older = [p for p in meta["config"]["normalize"]["placeholders"] if p != "sin dato"]
    meta["config"]["normalize"]["placeholders"] = older  # as a version before it wrote
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    with caplog.at_level("WARNING", logger="sellergraph"):
        analysis = read_analysis(run)
    assert "placeholder" not in caplog.text
    assert "sin dato" not in analysis.config.normalize.placeholders  # the run's own list
    with caplog.at_level("WARNING", logger="sellergraph"):
        sg.Config.from_dict({"normalize": {"placeholders": older}})
    assert "leaves out 1 of them ('sin dato'):" in caplog.text  # a user's own config is warned


def test_the_index_says_when_no_store_is_in_its_default_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = _returner_tables()
    stores = stores.assign(country=["BR", "MX"])
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    tables = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    run = str(tmp_path / "run")
    assert main(["run", *tables, "--out", run, "--no-report", "-q"]) == 0
    index = str(tmp_path / "index.sgidx")
    assert main(["index", "--run", run, "--out", index]) == 0
    out = capsys.readouterr().out
    assert "default region    CN (none of the run's stores is in CN; they are in BR, MX" in out
    assert main(["index", "--run", run, "--out", index, "--default-country", "BR"]) == 0
    assert "default region    BR\n" in capsys.readouterr().out
