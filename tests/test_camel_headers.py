"""CamelCase names, as exports and JSON APIs write them (``StoreId``, ``closedAt``,
``PhoneNumber``), are read as the contract's and the kinds' names; a name that is one
word as written (``eMail``, ``IBAN``) is read as before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import resolve_kind
from sellergraph.schema import contract_name

KINDS = {"phone", "email", "device", "ip", "payment_account", "id_document", "address"}


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("StoreId", "store_id"),
        ("storeID", "store_id"),
        ("STORE_ID", "store_id"),
        ("ClosedAt", "closed_at"),
        ("openedAt", "opened_at"),
        ("ClosureReason", "closure_reason"),
        ("Status", "status"),
    ],
)
def test_contract_columns_in_camel_case(header: str, column: str) -> None:
    assert contract_name(header, sg.schema.STORE_COLUMNS) == column


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("PhoneNumber", "phone"),
        ("phoneNumber", "phone"),
        ("EmailAddress", "email"),
        ("eMail", "email"),
        ("DeviceId", "device"),
        ("IPAddress", "ip"),
        ("LastLoginIP", "ip"),
        ("IBAN", "payment_account"),
        ("PhoneVerified", "phoneverified"),  # words around a kind make no kind
        ("ShopName", "shopname"),
    ],
)
def test_kind_names_in_camel_case(name: str, kind: str) -> None:
    assert resolve_kind(name, KINDS) == kind


def _camel_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores = pd.DataFrame(
        {
            "StoreId": ["S1", "S2", "S3"],
            "Status": ["banned", "active", "active"],
            "ClosedAt": ["2024-01-02", None, None],
            "OpenedAt": ["2023-01-01", "2024-03-01", "2024-04-01"],
            "BanReason": ["counterfeit", None, None],
            "ShopName": ["a", "b", "c"],
        }
    )
    links = pd.DataFrame(
        {
            "StoreId": ["S1", "S2", "S1", "S3"],
            "Kind": ["PhoneNumber", "phoneNumber", "DeviceId", "DeviceId"],
            "Value": ["+86 138 0013 8000", "13800138000", "dev-77120", "dev-77120"],
        }
    )
    return stores, links


def test_a_camel_case_export_is_read_as_the_contract() -> None:
    stores, links = _camel_tables()
    ds = sg.load(stores, links)
    assert ds.stores["closure_reason"].tolist()[0] == "counterfeit"
    assert ds.stores["opened_at"].notna().all()
    assert sorted(ds.links["kind"].astype(str).unique()) == ["device", "phone"]
    assert ds.counts["links_accepted"] == 4 and ds.rejected.empty
    alerts = sg.analyze(stores, links, seed=0).alerts
    assert sorted(alerts["store_id"]) == ["S2", "S3"]


def test_a_wide_table_s_camel_case_columns_are_its_kinds(tmp_path: Path) -> None:
    stores = pd.DataFrame(
        {
            "StoreId": ["S1", "S2"],
            "Status": ["banned", "active"],
            "ClosedAt": ["2024-01-02", None],
            "PhoneNumber": ["+86 138 0013 8000", "13800138000"],
            "EmailAddress": ["li.wei@163.com", "shop.b@qq.com"],
            "PhoneVerified": ["yes", "no"],
        }
    )
    ds = sg.load(stores)
    assert sorted(ds.links["kind"].astype(str).unique()) == ["email", "phone"]
    assert ds.counts["links_accepted"] == 4


def test_the_run_names_the_camel_case_kinds_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = _camel_tables()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    tables = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    assert main(["run", *tables, "--out", str(tmp_path / "run"), "--no-report"]) == 0
    out = capsys.readouterr().out
    assert "DeviceId as device, PhoneNumber as phone, phoneNumber as phone" in out
    assert "BanReason as closure_reason" in out


def test_screening_reads_a_camel_case_registration() -> None:
    stores, links = _camel_tables()
    screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
    decision = screener.screen(
        {
            "storeId": "N1",
            "openedAt": "2024-05-01",
            "identifiers": {"phoneNumber": ["138 0013 8000"]},
        }
    )
    assert (decision.store_id, decision.matched_store_id, decision.unusable) == ("N1", "S1", ())
    assert decision.opened_at == "2024-05-01"


def test_an_address_split_over_camel_case_columns_is_one_address() -> None:
    from sellergraph.address_columns import address_groups

    columns = ["StoreId", "AddressLine1", "AddressLine2", "City", "PostalCode", "BillingStreet"]
    columns += ["BillingZipCode", "IpCountry"]
    labels = [g.label for g in address_groups(columns, {"address", "ip"})]
    assert labels == [
        "AddressLine1 + AddressLine2 + City + PostalCode",
        "BillingStreet + BillingZipCode",
    ]
    stores = pd.DataFrame(
        {
            "StoreId": ["S1", "S2"],
            "Status": ["banned", "active"],
            "ClosedAt": ["2024-01-02", None],
            "AddressLine1": ["12 Baker Street", "12 Baker St"],
            "City": ["London", "London"],
            "PostalCode": ["NW1 6XE", "NW1 6XE"],
        }
    )
    ds = sg.load(stores)
    assert ds.links["key"].nunique() == 1 and len(ds.links) == 2
