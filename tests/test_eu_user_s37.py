"""What a new user met with a European export: a links file whose columns are not the
contract's beside a wide stores table, local words for "no value", and German, French,
Polish, Turkish and Portuguese headers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import resolve_kind
from sellergraph.errors import InputError
from sellergraph.normalize import normalize_values

KINDS = {"phone", "email", "device", "ip", "payment_account", "id_document", "address"}


def test_a_links_file_without_the_contract_s_columns_beside_a_wide_table_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = tmp_path / "stores.csv"
    stores.write_text(
        "store_id,status,closed_at,E-Mail\nA,banned,2023-01-01,anna@web.de\nB,active,,bert@web.de\n",
        encoding="utf-8",
    )
    links = tmp_path / "links.jsonl"
    links.write_text(
        '{"id_vendeur":"A","type":"phone","valeur":"+49 151 23456780"}\n'
        '{"id_vendeur":"B","type":"phone","valeur":"+49 151 23456780"}\n',
        encoding="utf-8",
    )
    args = ["run", "--stores", str(stores), "--links", str(links), "--out", str(tmp_path / "o")]
    # before: every link was set aside as missing_store_id and the run exited 0
    assert main([*args, "-q"]) == 2
    err = capsys.readouterr().err
    assert "(3 problem(s) in links)" in err
    assert "required column 'store_id' is missing (columns: id_vendeur, type, valeur)" in err
    columns = "--columns=links.id_vendeur=store_id,links.type=kind,links.valeur=value"
    assert main([*args, columns, "-q"]) == 0


def test_the_same_in_python_names_the_links_table() -> None:
    stores = pd.DataFrame({"store_id": ["A"], "status": ["active"], "phone": ["+49 151 2345678"]})
    links = pd.DataFrame({"shop": ["A"], "kind": ["phone"], "value": ["+49 151 2345678"]})
    with pytest.raises(InputError, match="in links") as caught:
        sg.load(stores, links)
    assert caught.value.failures["column"].tolist() == ["store_id"]


@pytest.mark.parametrize(
    "word",
    [
        "k.A.",
        "K. A.",
        "keine Angabe",
        "n.v.",
        "Néant",
        "non renseigné",
        "brak",
        "yok",
        "нет",
        "немає",
    ],
)
@pytest.mark.parametrize("kind", ["address", "email", "payment_account", "device"])
def test_european_words_for_no_value_are_placeholders(word: str, kind: str) -> None:
    out = normalize_values(kind, pd.Series([word], dtype=object))
    assert out["reason"].tolist() == ["placeholder"]


def test_a_street_of_k_a_composes_no_address_shared_by_a_city() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2023-01-01", None, None],
            "street": ["k.A.", "k.A.", "Hauptstraße 12"],
            "city": ["Berlin"] * 3,
            "plz": ["10115"] * 3,
        }
    )
    ds = sg.load(stores)
    assert ds.links["store_id"].tolist() == ["C"]  # before: A and B shared "k a berlin 10115"


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Telefonnummer", "phone"),
        ("Handynummer", "phone"),
        ("E-Mail-Adresse", "email"),
        ("Courriel", "email"),
        ("USt-IdNr.", "id_document"),
        ("Steuer-ID", "id_document"),
        ("NIP", "id_document"),
        ("PESEL", "id_document"),
        ("SIRET", "id_document"),
        ("TC Kimlik No", "id_document"),
        ("Kontonummer", "payment_account"),
        ("Nr konta", "payment_account"),
        ("RIB", "payment_account"),
        ("Lageradresse", "address"),
        ("Anschrift", "address"),
        ("IP-Adresse", "ip"),
        ("Gerät", "device"),
    ],
)
def test_european_headers_name_their_kinds(header: str, kind: str) -> None:
    assert resolve_kind(header, KINDS) == kind


def test_european_store_columns_are_read_as_the_contract_s() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "Situação": ["banned", "active"],
            "Gesperrt am": ["01.02.2023", None],
            "Erstellt am": ["01.01.2022", "01.03.2023"],
            "Sperrgrund": ["Fälschung", None],
            "Land": ["DE", "DE"],
            "Telefonnummer": ["0151 23456789", "+49 151 23456789"],
        }
    )
    ds = sg.load(stores)
    assert ds.counts["columns_read_as"] == {
        "Situação": "status",
        "Gesperrt am": "closed_at",
        "Erstellt am": "opened_at",
        "Sperrgrund": "closure_reason",
        "Land": "country",
    }
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2023-02-01")
    assert ds.stores["closure_reason"].iloc[0] == "Fälschung"
    # the German national number read in Germany: one key with the international one
    assert ds.links["key"].nunique() == 1 and len(ds.links) == 2


def _split_address_stores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["A", "U"],
            "status": ["banned", "banned"],
            "closed_at": ["2023-01-01", "2023-01-01"],
            "country": ["Deutschland", "US"],
            "street": ["Hauptstraße", "Main Street"],
            "house_number": ["12", "12"],
            "city": ["Berlin", "Springfield"],
            "plz": ["10115", "62701"],
        }
    )


def test_a_split_address_is_composed_in_its_country_s_order() -> None:
    stores = pd.concat(
        [
            _split_address_stores(),
            pd.DataFrame({"store_id": ["B", "V"], "status": ["active", "active"]}),
        ],
        ignore_index=True,
    )
    links = pd.DataFrame(
        {
            "store_id": ["B", "V"],
            "kind": ["warehouse", "address"],
            "value": ["Hauptstraße 12, 10115 Berlin", "12 Main Street, Springfield 62701"],
        }
    )
    ds = sg.load(stores, links)
    keys = dict(zip(ds.links["store_id"], ds.links["key"], strict=True))
    # before: the German store's address was composed "12 hauptstrasse berlin 10115"
    assert keys["A"] == keys["B"] == "hauptstr 12 10115 berlin"
    assert keys["U"] == keys["V"]
    scores = sg.analyze(stores, links, seed=0).scores.set_index("store_id")["score"]
    assert scores["B"] >= 0.3 and scores["V"] >= 0.3


def test_screening_composes_a_registration_s_address_as_the_batch_does() -> None:
    stores = _split_address_stores()
    links = pd.DataFrame({"store_id": ["A"], "kind": ["phone"], "value": ["+49 151 23456789"]})
    screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
    registration = {
        "store_id": "N",
        "country": "DE",
        "street": "Hauptstraße",
        "house_number": "12",
        "city": "Berlin",
        "plz": "10115",
    }
    one = screener.screen(registration)
    assert (one.matched_store_id, one.kinds) == ("A", "address")
    many = screener.screen_many(pd.DataFrame([registration] * 300))
    assert (many["matched_store_id"] == "A").all()
    # a registration of no country is composed in the screener's default region's
    # order (CN: the number first), which meets the German store's only as a near duplicate
    elsewhere = screener.screen({**registration, "country": None})
    assert [e["match"] for e in elsewhere.evidence_records] == ["near"]
    assert elsewhere.score < one.score


def test_banned_stores_without_closed_at_point_at_an_unread_date_column(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "status": ["banned", "banned", "active"],
            "Zablokowano": ["01.02.2023", "05.03.2023", None],
            "Uwagi": ["podróbki", "x", None],
            "Telefon": ["+48 512 345 678", "+48 512 345 679", "+48 512 345 678"],
        }
    )
    with caplog.at_level("WARNING", logger="sellergraph"):
        ds = sg.load(stores)
    (said,) = [n for n in ds.counts["notices"] if "missing_closed_at" in n]
    assert "its column 'Zablokowano', not read, holds dates on the banned stores" in said
    assert "--columns 'Zablokowano=closed_at'" in said and said in caplog.text
    named = sg.load(stores, columns={"Zablokowano": "closed_at"})
    assert not any("missing_closed_at" in n for n in named.counts.get("notices", []))
    assert named.stores["closed_at"].notna().sum() == 2
