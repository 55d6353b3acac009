"""A payment account written in labelled parts is one value; spreadsheet serial dates are
named and, when asked, read; a wide table's rejected values name the user's columns;
dates under their common names are read."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.config import Config
from sellergraph.dataset import list_parts
from sellergraph.errors import ConfigError, InputError
from sellergraph.schema import dates_with_placeholders, parse_dates, spreadsheet_serial_dates
from sellergraph.screening import Screener

IFSC_B = "IFSC: SBIN0001234, A/C: 30418275196"
IFSC_A = "IFSC: SBIN0001234, A/C: 57302948113"
PAYBILL_B = "Paybill: 522522, Acc No: 1048377"
PAYBILL_A = "Paybill: 522522, Acc No: 2950461"
SERIALS = Config().replace(spreadsheet_serials=True)


def _pair_stores(**more: list[object]) -> pd.DataFrame:
    """B banned (closed 2023-01-10), A active (opened 2023-06-01) and X, in India."""
    return pd.DataFrame(
        {
            "store_id": ["B", "A", "X"],
            "status": ["banned", "active", "active"],
            "country": "IN",
            "opened_at": ["2022-01-01", "2023-06-01", "2020-01-01"],
            "closed_at": ["2023-01-10", None, None],
            **more,
        }
    )


def _pair_links(kind: str, banned: str, active: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"store_id": ["B", "A", "X"], "kind": kind, "value": [banned, active, "+91 90000 12857"]}
    )


def _score(result: sg.Analysis, store: str) -> float:
    return float(result.scores.set_index("store_id")["score"].get(store, 0.0))


# -- 1. one account written in parts -----------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        IFSC_B,
        PAYBILL_B,
        "Pay Bill 522522, Account 1234567",
        "A/c 30418275196; IFSC SBIN0001234",
        "SBIN0001234, 30418275196",  # a bare IFSC code is a branch's
        "Bank: HDFC, A/C 5012345678901, IFSC HDFC0000123",
        "Bank: 058, Account: 0149284756",  # a bank's code
        "Name: Ravi Kumar, A/C 5012345678901",
        "Till: 512845, Name: Mama Mboga Shop",
        "Sort code: 12-34-56, Account: 41920385",
        "Routing 021000021, Account 739104826",
        "IBAN: DE89370400440532013000, BIC: COBADEFFXXX",
        "Banco: 341, Agência: 1234, Conta: 12345-6",
        "开户行：招商银行，账号：6225881234567890",
        "BCA 7310482956\nCabang: Sudirman",
    ],
)
def test_a_payment_account_in_labelled_parts_is_one_value(cell: str) -> None:
    assert list_parts("payment_account", cell) == []


@pytest.mark.parametrize(
    ("kind", "cell", "parts"),
    [
        ("payment_account", "0812345678; 089-765-4321", ["0812345678", "089-765-4321"]),
        (
            "payment_account",
            "DE89370400440532013000, GB82WEST12345698765432",
            ["DE89370400440532013000", "GB82WEST12345698765432"],
        ),
        (
            "payment_account",
            "A/C 30418275196, A/C 57302948113",
            ["A/C 30418275196", "A/C 57302948113"],
        ),
        (
            "payment_account",
            "Bank 0149284756; Bank 3060621660",
            ["Bank 0149284756", "Bank 3060621660"],
        ),
        # a name is a detail of a payment account only
        ("phone", "Name: Ravi, 0812345678", ["Name: Ravi", "0812345678"]),
        ("id_document", "ABCPE1234F, 27ABCPE1234F1Z5", ["ABCPE1234F", "27ABCPE1234F1Z5"]),
    ],
)
def test_genuine_lists_are_still_split(kind: str, cell: str, parts: list[str]) -> None:
    assert list_parts(kind, cell) == parts


@pytest.mark.parametrize(("banned", "active"), [(IFSC_B, IFSC_A), (PAYBILL_B, PAYBILL_A)])
def test_a_branch_code_or_paybill_links_no_strangers(banned: str, active: str) -> None:
    links = _pair_links("payment_account", banned, active)
    ds = sg.load(_pair_stores(), links)
    # the cells reach the normaliser whole: no several_values note, no fragment key
    assert "several_values" not in set(ds.rejected["reason"])
    assert ds.counts["links_in"] == 3
    fragments = {"IFSCSBIN0001234", "PAYBILL522522"}
    assert not fragments & set(ds.links["key"])
    rows = ds.rejected[ds.rejected["store_id"].isin(["A", "B"])]
    assert set(rows["value"]) <= {banned, active}
    assert _score(sg.analyze(_pair_stores(), links, seed=0), "A") == 0.0


def test_the_wide_table_reads_payment_cells_as_the_links_table_does() -> None:
    cells = [IFSC_B, "0812345678; 089-765-4321", "Sort code: 12-34-56"]
    stores = _pair_stores()
    long = sg.load(
        stores,
        pd.concat(
            [
                _pair_links("payment_account", cells[0], cells[1]).head(2),
                pd.DataFrame({"store_id": ["X"], "kind": "payment_account", "value": [cells[2]]}),
            ],
            ignore_index=True,
        ),
    )
    wide = sg.load(
        stores.assign(**{"Bank Account": cells}),
        config=Config(kind_names={"Bank Account": "payment_account"}),
    )
    for ds in (long, wide):
        assert sorted(ds.links[["store_id", "key"]].values.tolist()) == [
            ["A", "0812345678"],
            ["A", "0897654321"],
            ["B", "SBIN000123430418275196"],
        ]
    got = [
        r[["store_id", "value", "reason"]].values.tolist() for r in (long.rejected, wide.rejected)
    ]
    assert got[0] == got[1]
    assert sorted(got[0]) == [
        ["A", "0812345678; 089-765-4321", "several_values"],
        ["X", "Sort code: 12-34-56", "bank_code_only"],
    ]
    assert wide.rejected["column"].tolist() == ["Bank Account"] * 2


def test_screening_reads_payment_cells_as_the_batch_does() -> None:
    stores = _pair_stores()
    links = pd.concat(
        [
            _pair_links("payment_account", IFSC_B, IFSC_A),
            pd.DataFrame({"store_id": ["B"], "kind": "phone", "value": ["+91 98204 17356"]}),
        ],
        ignore_index=True,
    )
    analysis = sg.analyze(stores, links, seed=0)
    screener = Screener.from_analysis(analysis)
    batch = analysis.dataset.rejected.set_index("store_id")
    # the IFSC code no longer matches the banned store: the account is another one
    got = screener.screen(
        {"store_id": "N1", "country": "IN", "identifiers": {"payment_account": [IFSC_A]}}
    )
    assert got.score == 0.0 and got.matched_store_id is None
    assert got.unusable == () and "A" not in batch.index
    # a genuine list still lists: its second value is the banned store's phone
    got = screener.screen(
        {"store_id": "N2", "country": "IN", "phone": "+91 90000 12857; 098204 17356"}
    )
    assert got.matched_store_id == "B"
    assert [u["reason"] for u in got.unusable] == ["several_values"]
    active = stores[stores["status"] == "active"].drop(columns=["status", "closed_at"])
    active = active.assign(payment_account=[IFSC_A, None])
    scores = screener.screen_many(active).set_index("store_id")["score"]
    assert scores.to_dict() == pytest.approx(
        analysis.scores.set_index("store_id")["score"].reindex(scores.index).fillna(0).to_dict()
    )


# -- 2. spreadsheet serial dates ----------------------------------------------------------


def test_spreadsheet_serials_have_their_own_reason_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    n = 30
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "opened_at": ["2022-01-01"] * (n - 1) + ["45352"],  # one in thirty
            "closed_at": ["44936"] + [None] * (n - 1),
            "phone": [f"+91 98204 {17300 + i}" for i in range(n)],
        }
    )
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores)
    serial = ds.rejected[ds.rejected["reason"] == "spreadsheet_serial"]
    assert serial[["row", "column", "value", "dropped"]].values.tolist() == [
        [0, "closed_at", "44936", False],
        [29, "opened_at", "45352", False],
    ]
    assert "1899-12-30" in serial["message"].iloc[0]
    assert "dates.spreadsheet_serials" in serial["message"].iloc[0]
    assert ds.stores["closed_at"].isna().all()
    notices = [n for n in ds.counts["notices"] if "spreadsheet_serial" in n]
    assert notices == [
        "1 of 30 opened_at values of the stores table (3%) are spreadsheet serial day numbers, "
        "such as '45352' (2024-03-01), and were cleared (spreadsheet_serial). To read them "
        "as days since 1899-12-30, as Excel, LibreOffice and Google Sheets count them, set "
        "dates.spreadsheet_serials = true in the config; or format the column as dates "
        "(2024-03-01) before exporting it.",
        "1 of 1 closed_at values of the stores table (100%) are spreadsheet serial day "
        "numbers, such as '44936' (2023-01-10), and were cleared (spreadsheet_serial). To "
        "read them as days since 1899-12-30, as Excel, LibreOffice and Google Sheets count "
        "them, set dates.spreadsheet_serials = true in the config; or format the column as "
        "dates (2024-03-01) before exporting it.",
    ]
    assert sum("spreadsheet serial" in r.getMessage() for r in caplog.records) == 2
    # asked for, they are read: no note, no warning
    ds = sg.load(stores, config=SERIALS)
    assert "spreadsheet_serial" not in set(ds.rejected["reason"])
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2023-01-10")
    assert ds.stores["opened_at"].iloc[-1] == pd.Timestamp("2024-03-01")
    assert not any("spreadsheet" in n for n in ds.counts.get("notices", []))


def test_a_serial_closure_read_tells_a_return_from_a_sibling() -> None:
    links = _pair_links("phone", "+91 98204 17356", "+91 98204 17356")
    stores = _pair_stores().assign(closed_at=["44936", None, None])
    relation = {}
    for name, config in (("off", Config()), ("on", SERIALS)):
        result = sg.analyze(stores, links, config=config, seed=0)
        relation[name] = result.scores.set_index("store_id").loc["A", "relation"]
    iso = sg.analyze(_pair_stores(), links, seed=0)
    assert relation == {
        "off": "unknown",
        "on": iso.scores.set_index("store_id").loc["A", "relation"],
    }
    assert relation["on"] == "return"


def test_serial_observation_dates_are_read_when_asked() -> None:
    links = _pair_links("phone", "+91 98204 17356", "+91 98204 17356").assign(
        observed_at=["44936", "45352.5", "19800"]
    )
    off = sg.load(_pair_stores(), links)
    assert off.rejected.set_index("row").loc[[0, 1, 2], "reason"].tolist() == [
        "spreadsheet_serial",
        "spreadsheet_serial",
        "invalid_date",  # days since 1970, or anything else: not a serial of 1970-2099
    ]
    on = sg.load(_pair_stores(), links, config=SERIALS)
    seen = on.links.set_index("store_id")["first_seen"]
    assert seen["B"] == pd.Timestamp("2023-01-10")
    assert seen["A"] == pd.Timestamp("2024-03-01 12:00")
    assert on.rejected.set_index("row").loc[2, "reason"] == "invalid_date"


def test_serial_reading_in_the_date_functions() -> None:
    values = pd.Series(["45352", 45352.5, "25569", "73051", "2024-03-01", None], dtype=object)
    assert spreadsheet_serial_dates(values).tolist() == [True, True, True, False, False, False]
    parsed, bad = parse_dates(values)
    assert bad.tolist() == [True, True, True, True, False, False]
    parsed, bad = parse_dates(values, spreadsheet_serials=True)
    assert parsed.dt.strftime("%Y-%m-%d %H:%M").tolist()[:3] == [
        "2024-03-01 00:00",
        "2024-03-01 12:00",
        "1970-01-01 00:00",
    ]
    assert bad.tolist() == [False, False, False, True, False, False]
    # serial 25569 is 1970-01-01, a placeholder for an unknown date
    _, bad, placeholder = dates_with_placeholders(values, spreadsheet_serials=True)
    assert placeholder.tolist() == [False, False, True, False, False, False]
    # a numeric column of serials
    parsed, bad = parse_dates(pd.Series([45352, 44936]), spreadsheet_serials=True)
    assert parsed.dt.strftime("%Y-%m-%d").tolist() == ["2024-03-01", "2023-01-10"]


def test_the_serials_setting() -> None:
    config = Config.from_dict({"dates": {"spreadsheet_serials": True}})
    assert config.dates.spreadsheet_serials is True
    assert config.to_dict()["dates"] == {"order": "auto", "spreadsheet_serials": True}
    assert Config.from_dict(config.to_dict()) == config
    # recorded only when on: what runs record is as before
    assert Config().to_dict()["dates"] == {"order": "auto"}
    with pytest.raises(ConfigError, match="spreadsheet_serials' must be true or false"):
        Config.from_dict({"dates": {"spreadsheet_serials": "yes"}})


# -- 3. a wide table's rejected values name the user's columns ------------------------------


def test_kind_names_columns_are_named_as_the_user_named_them() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "status": "active",
            "PAN": ["NA", "ABCPE1234F"],
            "GSTIN": ["27ABCPE1234F1Z5", "URP"],
        }
    )
    config = Config(kind_names={"PAN": "id_document", "GSTIN": "id_document"})
    ds = sg.load(stores, None, config=config)
    assert ds.rejected[["table", "row", "column", "value"]].values.tolist() == [
        ["stores", 0, "PAN", "NA"],
        ["stores", 1, "GSTIN", "URP"],
    ]
    assert ds.counts["kinds_read_as"] == {"gstin": "id_document", "pan": "id_document"}
    assert ds.links[["store_id", "kind", "key"]].values.tolist() == [
        ["S1", "id_document", "27ABCPE1234F1Z5"],
        ["S2", "id_document", "ABCPE1234F"],
    ]
    # as a links table naming the kinds so is read
    links = pd.DataFrame(
        {"store_id": ["S1", "S1", "S2", "S2"], "kind": ["PAN", "GSTIN"] * 2,
         "value": ["NA", "27ABCPE1234F1Z5", "ABCPE1234F", "URP"]}
    )  # fmt: skip
    long = sg.load(stores[["store_id", "status"]], links, config=config)
    assert long.counts["kinds_read_as"] == ds.counts["kinds_read_as"]


def test_a_kind_names_column_beside_one_named_as_its_kind() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "status": "active",
            "id_document": ["ABCPE1234F", None],
            "Aadhaar No": [None, "0000"],
        }
    )
    ds = sg.load(stores, config=Config(kind_names={"Aadhaar No": "id_document"}))
    assert ds.rejected[["row", "column", "reason"]].values.tolist() == [
        [1, "Aadhaar No", "placeholder"]
    ]
    assert ds.counts["kinds_read_as"] == {"aadhaar_no": "id_document"}


# -- 4. dates under their common names ------------------------------------------------------


def test_dates_under_common_names_are_read() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B", "A"],
            "status": ["banned", "active"],
            "Opened On": ["2022-01-01", "2023-06-01"],
            "closed_on": ["2023-01-10", None],
            "phone": ["+91 98204 17356", "+91 98204 17356"],
        }
    )
    ds = sg.load(stores)
    assert ds.stores["opened_at"].tolist() == [
        pd.Timestamp("2022-01-01"),
        pd.Timestamp("2023-06-01"),
    ]
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2023-01-10")
    assert "missing_closed_at" not in set(ds.rejected["reason"])
    assert ds.counts["columns_read_as"] == {"Opened On": "opened_at", "closed_on": "closed_at"}
    assert "columns_not_read" not in ds.counts
    for opened, closed in (
        ("created_at", "banned_at"),
        ("registration_date", "suspended_at"),
        ("Open Date", "Deactivated At"),
    ):
        renamed = stores.rename(columns={"Opened On": opened, "closed_on": closed})
        ds = sg.load(renamed)
        assert ds.counts["columns_read_as"] == {opened: "opened_at", closed: "closed_at"}
        assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2023-01-10")


def test_two_other_names_of_one_date_are_refused() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1"],
            "status": ["active"],
            "opened_on": ["2022-01-01"],
            "Created At": ["2021-06-01"],
            "phone": ["+91 98204 17356"],
        }
    )
    with pytest.raises(InputError, match="'opened_on' and 'Created At' are both") as caught:
        sg.load(stores)
    assert caught.value.failures["reason"].tolist() == ["duplicate_column"]
    # named, the other is carried along
    ds = sg.load(stores, columns={"opened_on": "opened_at"})
    assert ds.stores["opened_at"].iloc[0] == pd.Timestamp("2022-01-01")
    assert ds.counts["columns_not_read"] == ["Created At"]
    assert ds.counts["columns_not_read_why"] == {"Created At": "opened_at is read from 'opened_on'"}
    # beside the date's own column, another name of it is carried along
    ds = sg.load(stores.rename(columns={"opened_on": "opened_at"}))
    assert ds.counts["columns_not_read_why"] == {"Created At": "the table has opened_at"}


@pytest.mark.parametrize("name", ["updated_at", "start_date", "end_date", "deleted_at", "date"])
def test_names_of_other_days_are_not_read_as_a_store_date(name: str) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1"],
            "status": ["active"],
            name: ["2022-01-01"],
            "phone": ["+91 98204 17356"],
        }
    )
    ds = sg.load(stores)
    assert ds.counts["columns_not_read"] == [name]
    assert ds.stores["opened_at"].isna().all() and ds.stores["closed_at"].isna().all()
