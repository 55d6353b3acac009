"""A cell that holds several values, or a JSON array or object, is read the same way by
the batch and by screening; columns screening does not read are carried along."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.dataset import list_parts
from sellergraph.screening import Screener

IDFA = "1F911D2A-A586-ECA2-F041-E180B6CAB244"
IDFA_KEY = "1f911d2aa586eca2f041e180b6cab244"


def _stores(**identifiers: list[object]) -> pd.DataFrame:
    """B1 banned, A1 and A2 active, all in Germany, with identifier columns."""
    return pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2023-01-01", "2023-07-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None, None],
            "country": ["DE"] * 3,
            **identifiers,
        }
    )


def _links(ds: sg.Dataset) -> list[tuple[str, str, str]]:
    return sorted(zip(ds.links["store_id"], ds.links["kind"], ds.links["key"], strict=True))


# -- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cell", "parts"),
    [
        ("phone", '["+1 415 555 0100", "+1 415 555 0101"]', ["+1 415 555 0100", "+1 415 555 0101"]),
        ("device", f'{{"idfa": "{IDFA}", "os": "iOS 17.3"}}', [f"idfa: {IDFA}"]),
        (
            "device",
            '{"android_id": "9774d56d682e549e", "model": "Pixel 8"}',
            ["android id: 9774d56d682e549e"],
        ),
        ("device", '{"fp": "5e1a9c", "ua": "Mozilla/5.0 (Windows NT 10.0)"}', ["fp: 5e1a9c"]),
        (
            "device",
            '{"browser_fingerprint": "5e1a9c", "app_version": "4.2"}',
            ["browser fingerprint: 5e1a9c"],
        ),
        ("device", '{"idfa": "A1", "idfv": "B2"}', ["idfa: A1", "idfv: B2"]),
        (
            "phone",
            '{"mobile": "0151 23840621", "home": "030 1234567"}',
            ["0151 23840621", "030 1234567"],
        ),
        (
            "payment_account",
            '{"wechat": "shop_owner", "bank": "N26"}',
            ["wechat: shop_owner", "bank: N26"],
        ),
        (
            "email",
            '{"contact_email": "a@x.com", "emails": ["b@y.com"], "verified": true}',
            ["a@x.com", "b@y.com"],
        ),
        (
            "ip",
            '[{"last_login_ip": "81.2.69.160"}, {"ip": "81.2.69.161", "port": 443}]',
            ["81.2.69.160", "81.2.69.161"],
        ),
        ("ip", '["81.2.69.160", 5, null]', ["81.2.69.160", "5"]),  # a number is its text
        # an object naming no value of the kind is one value, not a list split at a comma
        ("device", '{"os": "iOS 17.3", "model": "iPhone15,2"}', []),
        ("device", "{}", []),
        # no JSON: the list separators' rule
        ("device", "[redacted], [none]", ["[redacted]", "[none]"]),
        ("phone", "+33 6 99 99 99 98; 0151 23840621", ["+33 6 99 99 99 98", "0151 23840621"]),
        ("address", '["1 Main St", "2 High St"]', []),  # addresses are never lists
    ],
)
def test_list_parts(kind: str, cell: str, parts: list[str]) -> None:
    assert list_parts(kind, cell) == parts


# -- the batch ------------------------------------------------------------------------


def test_a_json_device_object_links_its_id_and_is_no_list() -> None:
    cell = f'{{"idfa": "{IDFA}", "os": "iOS 17.3"}}'
    ds = sg.load(_stores(device=[cell, IDFA, None]))
    assert _links(ds) == [("A1", "device", IDFA_KEY), ("B1", "device", IDFA_KEY)]
    assert ds.rejected.empty  # one value, read as a value after its label is: no note
    c = ds.counts
    assert (c["links_in"], c["links_accepted"], c["links_rejected"]) == (2, 2, 0)
    result = sg.analyze(_stores(device=[cell, IDFA, None]))
    assert result.scores.set_index("store_id").loc["A1", "matched_store_id"] == "B1"


def test_json_cells_of_several_values_and_of_none() -> None:
    ds = sg.load(
        _stores(
            device=['{"idfa": "A1B2C3D4E5", "idfv": "F6A7B8C9D0"}', '{"os": "iOS 17.3"}', None],
            phone=['["+1 415 555 0100", "+1 415 555 0101"]', None, '["+1 415 555 0101"]'],
        )
    )
    assert _links(ds) == [
        ("A2", "phone", "+14155550101"),
        ("B1", "device", "a1b2c3d4e5"),
        ("B1", "device", "f6a7b8c9d0"),
        ("B1", "phone", "+14155550100"),
        ("B1", "phone", "+14155550101"),
    ]
    r = ds.rejected.sort_values(["column", "row"])
    assert r[["column", "row", "reason", "dropped"]].values.tolist() == [
        ["device", 0, "several_values", False],
        ["device", 1, "json_object", True],  # refused as one value, not split
        ["phone", 0, "several_values", False],
    ]
    assert r["message"].iloc[0].endswith("(2 values)")
    c = ds.counts
    assert c["links_accepted"] + c["links_rejected"] == c["links_in"] == 6
    assert c["rejected_by_reason"]["several_values"] == 2


def test_a_value_of_a_json_cell_that_fails_is_rejected_with_its_own_reason() -> None:
    ds = sg.load(_stores(device=['{"idfa": "0000000000", "os": "iOS"}', None, None]))
    assert ds.links.empty
    assert ds.rejected[["row", "value", "reason"]].values.tolist() == [
        [0, "idfa: 0000000000", "placeholder"]
    ]


# -- screening ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def screener() -> Screener:
    stores = _stores(
        phone=["+33 6 99 99 99 98; 0151 23840621", "0151 23840621", None],
        device=[f'{{"idfa": "{IDFA}", "os": "iOS 17.3"}}', None, None],
    )
    return Screener.from_analysis(sg.analyze(stores))


def _reasons(decision: sg.Decision) -> list[tuple[str, str]]:
    return [(u["field"], u["reason"]) for u in decision.unusable]


def test_a_registration_listing_two_phones_is_read_as_the_batch_reads_the_cell(
    screener: Screener,
) -> None:
    listed = "+33 6 12 34 56 78; 0151 23840621"
    as_list = ["+33 6 12 34 56 78", "0151 23840621"]
    got = screener.screen({"store_id": "N1", "country": "DE", "phone": listed})
    want = screener.screen({"store_id": "N1", "country": "DE", "phone": as_list})
    assert got.score == want.score == 0.7 and got.verdict == "review"
    assert got.matched_store_id == "B1"
    assert got.unusable == (
        {
            "field": "identifiers.phone",
            "value": "+33 6 **********************0621",
            "reason": "several_values",
            "values": 2,
        },
    )
    # each value is screened on its own: one that is no number is reported as such
    got = screener.screen({"country": "DE", "identifiers": {"phone": "0151 23840621 | 12"}})
    assert got.score == 0.7
    assert _reasons(got) == [
        ("identifiers.phone", "several_values"),
        ("identifiers.phone", "placeholder"),
    ]


def test_screen_many_reads_listing_cells_as_screen_does(screener: Screener) -> None:
    cells = ["+33 6 12 34 56 78; 0151 23840621", "0151 23840621", "+33 6 12 34 56 78"]
    # a few registrations and many (the vectorised path) give the same decisions
    for n in (3, 300):
        table = pd.DataFrame(
            {
                "store_id": [f"N{i}" for i in range(n)],
                "country": "DE",
                "phone": [cells[i % 3] for i in range(n)],
            }
        )
        got = screener.screen_many(table)
        assert got["score"].tolist()[:3] == [0.7, 0.7, 0.0]
        assert got["unusable"].tolist()[:3] == ["identifiers.phone: several_values", "", ""]
        records = screener.screen_records(table.head(3).to_dict("records"))
        assert [d.score for d in records] == [0.7, 0.7, 0.0]


def test_every_active_store_screens_to_its_batch_score_with_listing_cells() -> None:
    stores = _stores(
        phone=["+33 6 99 99 99 98; 0151 23840621", "0151 23840621 / 0176 12345678", None],
        device=[
            f'{{"idfa": "{IDFA}", "os": "iOS 17.3"}}',
            None,
            f'[{{"idfa": "{IDFA}"}}, "A1B2C3D4E5F6"]',
        ],
    )
    analysis = sg.analyze(stores)
    screener = Screener.from_analysis(analysis)
    batch = analysis.scores.set_index("store_id")["score"]
    active = stores[stores["status"] == "active"].drop(columns=["status", "closed_at"])
    got = screener.screen_many(active).set_index("store_id")["score"]
    assert got.to_dict() == pytest.approx(batch.reindex(got.index).to_dict(), abs=1e-6)
    assert (got > 0.6).all()


def test_a_json_device_is_screened_as_text_and_as_an_object(screener: Screener) -> None:
    text = f'{{"idfa": "{IDFA.lower()}", "os": "iOS 17.4"}}'
    for value in (text, json.loads(text), [json.loads(text)]):
        got = screener.screen({"store_id": "N1", "identifiers": {"device": value}})
        assert got.matched_store_id == "B1" and got.kinds == "device", value
        assert got.unusable == ()
    table = pd.DataFrame({"store_id": ["N1", "N2"], "device": [json.loads(text), text]})
    assert screener.screen_many(table)["kinds"].tolist() == ["device", "device"]
    # an object that names no device id is no value
    got = screener.screen({"identifiers": {"device": {"os": "iOS 17.3"}}})
    assert _reasons(got) == [("identifiers.device", "not_a_value")]
    got = screener.screen({"identifiers": {"device": '{"os": "iOS 17.3", "model": "X"}'}})
    assert _reasons(got) == [("identifiers.device", "json_object")]


def test_screen_many_carries_columns_it_does_not_read_along(screener: Screener) -> None:
    table = pd.DataFrame(
        {
            "store_id": ["N1", "N2"],
            "country": ["DE", "DE"],
            "phone": ["0151 23840621", "+49 30 1234567"],
            "Shop_Name": ["Shop 1", "Shop 2"],
            "Rating": ["4,5", "3,9"],
            "Owner_Name": ["Ann", None],
            "phnoe": [None, "+49 30 7654321"],  # a misspelt kind: still reported
            "Contact_Emails": ["a@x.com", None],  # a kind's near name: read as the kind
        }
    )
    got = screener.screen_many(table)
    assert got["unusable"].tolist() == ["", "identifiers.phnoe: unknown_kind"]
    assert got.attrs["columns_not_read"] == ["Shop_Name", "Rating", "Owner_Name", "phnoe"]
    assert got["score"].tolist() == [0.7, 0.0]
    # what travels to the worker processes: the columns read and those reported
    sent = screener._screened_fields(table, links=False)
    assert list(sent.columns) == ["store_id", "country", "phone", "phnoe", "Contact_Emails"]
    read = table[["store_id", "country", "phone"]]
    assert "columns_not_read" not in screener.screen_many(read).attrs


def test_cli_screen_reads_a_listing_field_as_the_batch_reads_the_cell(
    tmp_path: Path,
) -> None:
    stores = tmp_path / "stores.csv"
    _stores(phone=["+33 6 99 99 99 98; 0151 23840621", "0151 23840621", None]).to_csv(
        stores, index=False
    )
    lines = [
        {"store_id": "NEW-1", "country": "DE", "phone": "+33 6 12 34 56 78; 0151 23840621"},
        {"store_id": "NEW-2", "country": "DE", "phone": ["+33 6 12 34 56 78", "0151 23840621"]},
    ]
    registrations = tmp_path / "reg.jsonl"
    registrations.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    cli = [sys.executable, "-m", "sellergraph.cli"]
    for args in (
        ["run", "--stores", str(stores), "--out", str(tmp_path / "run"), "-q"],
        ["index", "--run", str(tmp_path / "run"), "--out", str(tmp_path / "i.sgidx"), "-q"],
    ):
        subprocess.run([*cli, *args], check=True, capture_output=True)
    res = subprocess.run(
        [*cli, "screen", "--index", str(tmp_path / "i.sgidx"), str(registrations)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    first, second = (json.loads(x) for x in res.stdout.splitlines())
    assert (
        (first["verdict"], first["score"])
        == (second["verdict"], second["score"])
        == (
            "review",
            0.7,
        )
    )
    assert [u["reason"] for u in first["unusable"]] == ["several_values"]
    assert second["unusable"] == []
