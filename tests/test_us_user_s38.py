"""Findings of a US/Canadian marketplace's first run, on an export of its own making."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.address_columns import address_groups

US = sg.Config().replace(default_region="US")


@pytest.mark.parametrize(
    ("state", "postcode"),
    [
        ("State/Province", "ZIP/Postal Code"),
        ("State / Province", "Zip / Postal code"),
        ("state_or_province", "Postal/Zip Code"),
        ("Province/Territory", "ZIP or Postal Code"),
    ],
)
def test_locality_columns_named_as_alternatives_are_address_parts(
    state: str, postcode: str
) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["IL-1", "MA-1"],
            "status": ["banned", "active"],
            "closed_at": ["2024-01-01", None],
            "Address Line 1": ["100 Main St", "100 Main St"],
            "City": ["Springfield", "Springfield"],
            state: ["IL", "MA"],
            postcode: ["62701", "01103"],
        }
    )
    keys = sg.load(stores, None, config=US).links["key"].tolist()
    assert len(set(keys)) == 2  # before: both "100 main street springfield"
    assert all("springfield" in k and k[-5:] in ("62701", "01103") for k in keys)
    assert sg.analyze(stores, None, config=US).scores["score"].max() == 0


def test_alternative_names_keep_their_prefix_group_and_order() -> None:
    columns = ["Billing Street", "Billing ZIP/Postal Code", "Billing State/Province", "City"]
    (group,) = address_groups(columns, {"address"})
    assert group.label == "Billing Street + Billing State/Province + Billing ZIP/Postal Code"


@pytest.mark.parametrize(
    "columns",
    [
        ["street", "region"],  # a sales region alone
        ["street", "postal"],
        ["street", "Street/House Number"],
        ["street", "City/Notes"],
    ],
)
def test_names_that_are_not_locality_alternatives_stay_unread(columns: list[str]) -> None:
    assert [g.label for g in address_groups(columns, {"address"})] == ["street"]


def test_a_status_prefix_hint_names_the_other_statuses_it_would_read() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D"],
            "status": [
                "Suspended - Counterfeit",
                "SUSPENDED - Past Due Balance",
                "Active - Good Standing",
                "Suspended - Counterfeit",
            ],
        }
    )
    with pytest.raises(sg.InputError) as caught:
        sg.load(stores, None)
    text = str(caught.value)
    assert "--status 'suspended*=STATUS', which also reads 'SUSPENDED - Past Due Balance')" in text
    assert "which also reads 'Suspended - Counterfeit'" in text
    assert "--status 'active*=STATUS')" in text  # nothing else starts so


def test_match_watchlist_does_not_warn_that_the_partner_s_stores_are_not_banned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sellergraph.cli import main
    from sellergraph.intel import to_watchlist, write_watchlist

    secret = b"the key both marketplaces agreed"
    stores, links, _ = sg.make_marketplace(300, seed=2)
    write_watchlist(
        to_watchlist(sg.analyze(stores, links, seed=0), secret=secret), tmp_path / "wl.csv"
    )
    (tmp_path / "key").write_bytes(secret)
    stores.assign(status="active", closed_at=None).to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    args = ["match-watchlist", "--watchlist", str(tmp_path / "wl.csv"), "-q"]
    args += ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    args += ["--key-file", str(tmp_path / "key"), "--out", str(tmp_path / "m.csv")]
    assert main(args) == 0
    assert "No store is banned" not in capsys.readouterr().err
    assert len(pd.read_csv(tmp_path / "m.csv")) > 0
    main(["run", *args[4:8], "--out", str(tmp_path / "r"), "-q", "--no-report"])
    assert "No store is banned" in capsys.readouterr().err  # the batch still says it
