"""Addresses split over several columns: found by name, composed per row, read as one."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.address_columns import (
    AddressColumns,
    address_groups,
    address_part,
    compose_address,
    compose_addresses,
)
from sellergraph.errors import InputError
from sellergraph.io.run import run_store_columns
from sellergraph.screening import Screener

KINDS = frozenset({"address", "phone", "email", "ip", "device", "mac_address"})


def _labels(columns: list[str], kinds: frozenset[str] = KINDS) -> list[str]:
    return [g.label for g in address_groups(columns, kinds)]


# -- which columns are parts of an address ------------------------------------------------


def test_febrl_columns_are_one_address() -> None:
    febrl = [
        "rec_id",
        "given_name",
        "surname",
        "street_number",
        "address_1",
        "address_2",
        "suburb",
        "postcode",
        "state",
        "date_of_birth",
        "soc_sec_id",
    ]
    (group,) = address_groups(febrl, KINDS)
    assert group.number == ("street_number",)
    assert group.street == ("address_1",)
    assert group.lines == ("address_2",)
    assert group.locality == ("suburb", "state", "postcode")


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Address Line 1", "street"),
        ("address-line1", "street"),
        ("ADDR1", "street"),
        ("Street Address", "street"),
        ("line_1", "street"),
        ("address", "street"),
        ("Address Line 2", "line"),
        ("addr2", "line"),
        ("address_3", "line"),
        ("Zip Code", "locality"),
        ("PLZ", "locality"),
        ("Postal-Code", "locality"),
        ("prefecture", "locality"),
        ("street_number", "number"),
        ("House No", "number"),
        ("building-number", "number"),
    ],
)
def test_roles_are_read_from_the_canonical_name(name: str, role: str) -> None:
    part = address_part(name, KINDS)
    assert part is not None
    assert (part.prefix, part.role) == ("", role)


@pytest.mark.parametrize(
    "name",
    ["ip_address", "IP Address", "email_address", "mac_address", "country", "line", "name"],
)
def test_other_kinds_and_non_address_columns_are_not_parts(name: str) -> None:
    assert address_part(name, KINDS) is None


def test_network_addresses_are_not_parts_even_when_their_kind_is_not_configured() -> None:
    assert address_part("ip_address", {"address"}) is None
    assert address_part("MAC Address", {"address"}) is None


def test_prefix_groups_compose_their_own_address() -> None:
    columns = [
        "billing_address_line_1",
        "billing_city",
        "warehouse_address",
        "warehouse_city",
        "Address",
        "City",
        "Postcode",
        "shipping_zip",
    ]
    assert _labels(columns) == [
        "billing_address_line_1 + billing_city",
        "warehouse_address + warehouse_city",
        "Address + City + Postcode",
    ]


def test_a_city_or_postcode_alone_is_not_an_address() -> None:
    assert _labels(["City"]) == []
    assert _labels(["City", "Postcode", "State", "billing_city"]) == []
    assert _labels(["address_2", "City"]) == []  # no street line


def test_unprefixed_locality_joins_only_the_unprefixed_group() -> None:
    assert _labels(["billing_address", "City"]) == ["billing_address"]


def test_one_column_read_as_an_address_already_is_left_as_it_is() -> None:
    assert _labels(["address", "phone"]) == []
    assert _labels(["warehouse_address"]) == []  # another name of address
    assert _labels(["Address Line 1"]) == ["Address Line 1"]  # not read before: composed


def test_nothing_is_composed_without_the_address_kind() -> None:
    assert _labels(["Address Line 1", "City"], frozenset({"phone"})) == []


def test_lines_come_in_line_order() -> None:
    (group,) = address_groups(["City", "Address Line 2", "Address Line 1"], KINDS)
    assert group.columns == ("Address Line 1", "Address Line 2", "City")


# -- composing -----------------------------------------------------------------------------


def test_empty_and_placeholder_parts_are_skipped() -> None:
    got = compose_address(["  12 Main St "], ["", None, "N/A", " - "], ["Springfield", "12345"])
    assert got == "12 Main St, Springfield, 12345"


def test_locality_alone_is_no_address() -> None:
    assert compose_address([None, "  "], ["Apt 4"], ["Springfield", "12345"]) is None


def test_a_placeholder_street_is_kept_alone_to_be_reported() -> None:
    assert compose_address(["unknown"], ["Apt 4"], ["Springfield"]) == "unknown"


def test_whole_number_floats_read_as_numbers() -> None:
    frame = pd.DataFrame({"street": ["1 High St", "2 High St"], "zip": [2000.0, float("nan")]})
    group = AddressColumns("", ("street",), (), ("zip",))
    assert compose_addresses(frame, group).tolist() == ["1 High St, 2000", "2 High St"]


# -- load ----------------------------------------------------------------------------------


def _stores(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(
        {
            "Store ID": [f"S{i}" for i in range(n)],
            "Status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["2024-01-01"] + [None] * (n - 1),
            **columns,
        }
    )


def _address_owners(ds: sg.Dataset) -> list[list[str]]:
    links = ds.links[ds.links["kind"] == "address"]
    return sorted(sorted(g) for g in links.groupby("key")["store_id"].apply(list))


def test_same_street_in_another_city_is_not_linked() -> None:
    stores = _stores(
        **{
            "Address Line 1": ["12 Main Street", "12 Main St", "12 Main St"],
            "Address Line 2": ["Apt 4", "apt 4", "Apt 4"],
            "City": ["Springfield", "Springfield", "Shelbyville"],
            "Postcode": ["12345", "12345", "12345"],
        }
    )
    ds = sg.load(stores)
    assert _address_owners(ds) == [["S0", "S1"], ["S2"]]
    assert ds.counts["links_in"] == 3
    assert ds.counts["address_from"] == [["Address Line 1", "Address Line 2", "City", "Postcode"]]


def test_house_numbers_keep_neighbours_apart() -> None:
    stores = _stores(
        street_number=["3", 3.0, "5", "3"],
        address_1=["smith street", "Smith Street", "smith street", None],
        suburb=["clayfield"] * 4,
    )
    ds = sg.load(stores)
    assert _address_owners(ds) == [["S0", "S1"], ["S2"]]
    assert compose_addresses(stores, address_groups(stores.columns, KINDS)[0]).tolist() == [
        "3 smith street, clayfield",
        "3 Smith Street, clayfield",
        "5 smith street, clayfield",
        None,
    ]


def test_a_rejected_composed_value_names_its_row_and_columns() -> None:
    stores = _stores(
        **{
            "Address Line 1": ["1 High St", "N/A"],
            "City": ["Leeds", "Leeds"],
            "Postcode": ["LS1", "LS1"],
            "Phone": ["+14155550100", "+14155550199"],
        }
    )
    rejected = sg.load(stores).rejected
    assert rejected[["table", "row", "store_id", "column", "reason"]].values.tolist() == [
        ["stores", 1, "S1", "Address Line 1 + City + Postcode", "placeholder"]
    ]


def test_two_prefix_groups_are_two_addresses_each_naming_its_columns() -> None:
    stores = _stores(
        address=["1 High St", "unknown"],
        city=["Leeds", "York"],
        billing_street=["unknown", "2 Low St"],
        billing_city=["York", "York"],
    )
    ds = sg.load(stores)
    assert ds.counts["address_from"] == [["address", "city"], ["billing_street", "billing_city"]]
    assert ds.rejected[["row", "column"]].values.tolist() == [
        [0, "billing_street + billing_city"],
        [1, "address + city"],
    ]
    assert len(ds.links) == 2


def test_a_single_address_column_is_read_as_before() -> None:
    stores = _stores(address=["12 Main St, Springfield", " n/a ", "12 main street springfield"])
    ds = sg.load(stores)
    assert "address_from" not in ds.counts
    assert _address_owners(ds) == [["S0", "S2"]]
    assert ds.rejected[["row", "column", "value"]].values.tolist() == [[1, "address", " n/a "]]


def test_listed_parts_are_refused() -> None:
    stores = _stores(street=["1 High St", "2 Low St"], city=[["Leeds"], "York"])
    with pytest.raises(InputError, match="row 0, column 'city'"):
        sg.load(stores)


def test_the_run_stores_table_does_not_carry_address_parts() -> None:
    columns = ["store_id", "Address Line 1", "Address Line 2", "City", "Phone", "tier"]
    assert run_store_columns(columns, ["address", "phone"]) == ["store_id", "tier"]
    # a city without an address is no identifier: carried as it came
    assert run_store_columns(["store_id", "City"], ["address"]) == ["store_id", "City"]


# -- screening -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def screener() -> Screener:
    stores = _stores(
        **{
            "Address Line 1": ["12 Main Street", "9 Elm Road"],
            "Address Line 2": ["Apt 4", None],
            "City": ["Springfield", "Shelbyville"],
            "Postcode": ["12345", "54321"],
            "Phone": ["+14155550100", "+14155550199"],
        }
    )
    return Screener.from_analysis(sg.analyze(stores))


def _returning() -> dict[str, object]:
    return {
        "store_id": "NEW",
        "address_1": "12 Main St.",
        "address_2": "apt 4",
        "suburb": "SPRINGFIELD",
        "zip": "12345",
    }


def test_a_registration_record_composes_the_address(screener: Screener) -> None:
    got = screener.screen(_returning())
    assert got.matched_store_id == "S0"
    assert not got.unusable
    elsewhere = screener.screen({**_returning(), "suburb": "Shelbyville"})
    assert elsewhere.matched_store_id is None


def test_a_registrations_table_composes_the_address(screener: Screener) -> None:
    table = pd.DataFrame([_returning(), {**_returning(), "store_id": "NEW2", "zip": "99999"}])
    got = screener.screen_many(table)
    assert got["matched_store_id"].tolist()[0] == "S0"
    assert pd.isna(got["matched_store_id"].tolist()[1])
    assert got["score"].iloc[0] == screener.screen(_returning()).score
    assert (got["unusable"].fillna("") == "").all()


def test_records_and_tables_screen_the_same_on_several_processes(screener: Screener) -> None:
    regs = [{**_returning(), "store_id": f"N{i}", "note": "x"} for i in range(4200)]
    one = screener.screen_many(regs)
    assert (one["matched_store_id"] == "S0").all()
    pd.testing.assert_frame_equal(screener.screen_many(regs, n_jobs=2), one)
    table = pd.DataFrame(regs).drop(columns="note")
    pd.testing.assert_frame_equal(
        screener.screen_many(table, n_jobs=2), screener.screen_many(table)
    )


def test_a_record_without_a_street_keeps_its_identifiers_address(screener: Screener) -> None:
    reg = {
        "store_id": "NEW",
        "City": "Springfield",
        "identifiers": {"address": "12 Main Street, Apt 4, Springfield, 12345"},
    }
    got = screener.screen(reg)
    assert got.matched_store_id == "S0"
    assert [u["reason"] for u in got.unusable] == ["unknown_field"]  # a city alone


def test_the_run_summary_names_the_composed_columns(tmp_path, capsys) -> None:
    from sellergraph.cli import main

    stores = _stores(
        **{
            "Address Line 1": ["12 Main Street", "12 Main St"],
            "City": ["Springfield", "Springfield"],
            "Phone": ["+14155550100", "+14155550199"],
        }
    )
    stores.to_csv(tmp_path / "stores.csv", index=False)
    main(
        [
            "run",
            "--stores",
            str(tmp_path / "stores.csv"),
            "--out",
            str(tmp_path / "run"),
            "--no-report",  # not --quiet: the summary is what is read
        ]
    )
    assert "address from      Address Line 1 + City\n" in capsys.readouterr().out
    carried = pd.read_csv(tmp_path / "run" / "stores.csv")
    assert "City" not in carried.columns and "Address Line 1" not in carried.columns


# -- review findings -----------------------------------------------------------------------


def test_address_prefixed_parts_are_the_address_itself() -> None:
    # Stripe-style names: address_city is the address's city, not a group "address"
    stripe = ["address_line1", "address_line2", "address_city", "address_state", "address_zip"]
    assert _labels(stripe) == [" + ".join(stripe)]
    assert _labels(["billing_address_line1", "billing_address_city", "address_city"]) == [
        "billing_address_line1 + billing_address_city"
    ]


def test_locality_order_does_not_depend_on_column_order() -> None:
    one = pd.DataFrame({"street": ["1 High St"], "city": ["Leeds"], "zip": ["LS1"]})
    other = one[["zip", "city", "street"]]
    (g1,) = address_groups(one.columns, KINDS)
    (g2,) = address_groups(other.columns, KINDS)
    assert compose_addresses(one, g1).tolist() == compose_addresses(other, g2).tolist()
    assert compose_addresses(one, g1).tolist() == ["1 High St, Leeds, LS1"]


def test_flags_about_an_address_are_not_addresses() -> None:
    assert _labels(["has_address", "is_address", "address_verified", "city"]) == []
    assert address_part("has_address", KINDS) is None


def test_street_name_is_a_street_line() -> None:
    assert _labels(["street_name", "house_number", "city"]) == ["house_number + street_name + city"]


def test_a_record_keeps_its_identifiers_address_beside_a_composed_one(
    screener: Screener,
) -> None:
    got = screener.screen(
        {
            "store_id": "N2",
            "identifiers": {"address": "12 Main Street, Apt 4, Springfield, 12345"},
            "street": "1 Nowhere Lane",
            "city": "Elsewhere",
        }
    )
    assert got.matched_store_id == "S0"


def test_address_lines_ten_and_up_are_composed_in_their_order() -> None:
    columns = ["store_id", "Address Line 1", "Address Line 10", "Address Line 2", "zip"]
    (group,) = address_groups(columns, {"address"})
    assert group.label == "Address Line 1 + Address Line 2 + Address Line 10 + zip"
