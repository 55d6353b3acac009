"""The input contract: sg.load, validation, rejected rows, formats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import InputError


def _stores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3"],
            "platform": ["mkt-a", "mkt-a", ""],
            "status": ["banned", "Active ", "closed"],
            "opened_at": ["2016-01-01", "2017-06-01", "2015-03-04"],
            "closed_at": ["2017-05-01", "", "2016-01-01"],
            "closure_reason": ["counterfeit", None, "seller_request"],
        }
    )


def _links() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S2", "S9", "S2", "S1", "S2", "S3", "S1", " S2"],
            "kind": [
                "phone",
                " Phone",
                "email",
                "phone",
                "fax",
                "device",
                "device",
                "address",
                "phone",
                "PHONE",
            ],
            "value": [
                "+86 138 0013 8000",
                "138-0013-8000",
                "N/A",
                "13800138000",
                "0591 8765 4321",
                "IMEI:490154203237518",
                "x" * 400,
                "福建省莆田市荔城区12号",
                "0086 13800138000",
                "(+86) 13800138000",
            ],
            "observed_at": [
                "2016-02-01",
                "2017-07-01",
                "",
                "",
                "",
                "yesterday-ish",
                "",
                "",
                "2016-03-01",
                "2017-08-01",
            ],
        }
    )


def test_load_reports_every_row_it_sets_aside() -> None:
    ds = sg.load(_stores(), _links())
    c = ds.counts
    assert c["links_in"] == 10
    assert c["links_accepted"] + c["links_rejected"] == c["links_in"]
    dropped = ds.rejected[ds.rejected["dropped"]]
    by_row = dict(zip(dropped["row"], dropped["reason"], strict=True))
    assert by_row == {
        2: "placeholder",
        3: "unknown_store",
        4: "unknown_kind",
        6: "too_long",
        8: "duplicate",
        9: "duplicate",
    }
    cleared = ds.rejected[~ds.rejected["dropped"]]
    assert cleared[["table", "row", "column", "reason"]].values.tolist() == [
        ["links", 5, "observed_at", "invalid_date"]
    ]
    assert c["rejected_by_reason"]["duplicate"] == 2


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_a_kind_whose_every_value_is_missing_is_rejected_row_by_row(missing) -> None:
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S1", "S2"],
            "kind": ["phone", "phone", "email", "email"],
            "value": ["13800138000", "138-0013-8000", missing, missing],
        },
        dtype=object,
    )
    ds = sg.load(_stores(), links)
    assert ds.rejected[["row", "reason"]].values.tolist() == [[2, "empty"], [3, "empty"]]
    assert ds.counts["links_accepted"] == 2


def test_duplicates_merge_first_and_last_seen() -> None:
    ds = sg.load(_stores(), _links())
    phone = ds.links[(ds.links["store_id"] == "S1") & (ds.links["kind"] == "phone")].iloc[0]
    assert phone["key"] == "+8613800138000"
    assert phone["n_obs"] == 2
    assert phone["first_seen"] == pd.Timestamp("2016-02-01")
    assert phone["last_seen"] == pd.Timestamp("2016-03-01")
    s2 = ds.links[(ds.links["store_id"] == "S2") & (ds.links["kind"] == "phone")].iloc[0]
    assert s2["n_obs"] == 2  # " S2" is the same store once whitespace is stripped


def test_stores_are_canonical() -> None:
    ds = sg.load(_stores(), _links())
    st = ds.stores.set_index("store_id")
    assert st.loc["S2", "status"] == "active"
    assert st.loc["S3", "platform"] == "default"
    assert pd.isna(st.loc["S2", "closed_at"])
    assert st.loc["S1", "closed_at"] == pd.Timestamp("2017-05-01")


def test_table_level_problems_are_all_listed_together() -> None:
    stores = pd.DataFrame(
        {"store_id": ["S1", "S1", "", "S4"], "status": ["banned", "active", "active", "paused"]}
    )
    with pytest.raises(InputError) as err:
        sg.load(stores, _links())
    f = err.value.failures
    assert f is not None
    got = sorted(zip(f["row"], f["column"], f["reason"], strict=True))
    assert got == [
        (0, "store_id", "duplicate_store_id"),
        (1, "store_id", "duplicate_store_id"),
        (2, "store_id", "missing_value"),
        (3, "status", "unknown_status"),
    ]
    assert "paused" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_a_stores_row_written_twice_is_read_once_and_noted() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S1", "S3", " S3", "S1"],
            "status": ["banned", "active", "banned", "active", "active", "banned"],
            "closed_at": ["2017-05-01", None, "2017-05-01", None, None, "2017-05-01"],
            "phone": ["13800138000", "13800138000", "13800138000", None, None, "13800138000"],
        }
    )
    ds = sg.load(stores)
    assert ds.stores["store_id"].tolist() == ["S1", "S2", "S3"]
    notes = ds.rejected[ds.rejected["reason"] == "repeated_store_row"]
    assert notes[["row", "store_id", "dropped"]].values.tolist() == [
        [2, "S1", False],
        [4, "S3", False],
        [5, "S1", False],
    ]
    # the repeated rows' identifier cells are duplicate sightings of one link: one
    # rejected row, at its first repeat, counts them
    dupes = ds.rejected[ds.rejected["reason"] == "duplicate"]
    assert dupes["row"].tolist() == [2]
    assert ds.counts["links_in"] == ds.counts["links_accepted"] + ds.counts["links_rejected"]
    assert len(ds.links) == 2

    differ = stores.assign(status=["banned", "active", "closed", "active", "active", "banned"])
    with pytest.raises(InputError) as err:
        sg.load(differ)
    f = err.value.failures
    assert f is not None
    assert sorted(zip(f["row"], f["reason"], strict=True)) == [
        (0, "duplicate_store_id"),
        (2, "duplicate_store_id"),
    ]


def test_an_error_s_message_shows_every_reason_and_counts_them() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1"] * 30 + ["S2", "S3"],
            "status": ["active"] * 30 + ["suspended", "active"],
            "name": [f"shop {i}" for i in range(32)],
        }
    )
    with pytest.raises(InputError) as err:
        sg.load(stores, _links())
    text = str(err.value)
    assert text.count("\n  - ") == 20
    assert "value 'suspended'" in text
    assert "in all: 30 duplicate_store_id, 1 unknown_status" in text
    f = err.value.failures
    assert f is not None and len(f) == 31


def test_missing_columns_and_empty_tables() -> None:
    with pytest.raises(InputError, match="required column 'status' is missing"):
        sg.load(pd.DataFrame({"store_id": ["S1"]}), _links())
    with pytest.raises(InputError, match="table has no rows"):
        sg.load(pd.DataFrame({"store_id": [], "status": []}), _links())
    with pytest.raises(InputError) as err:
        sg.load(_stores(), pd.DataFrame({"shop": ["S1"], "type": ["phone"]}))
    f = err.value.failures
    assert f is not None
    assert sorted(f["column"]) == ["kind", "store_id", "value"]
    assert set(f["table"]) == {"links"}


def test_contract_column_names_in_another_case_or_spelling_are_read() -> None:
    stores = _stores().rename(
        columns={"store_id": "Store ID", "platform": "Platform", "opened_at": "OPENED-AT"}
    )
    links = _links().assign(observed_at="2017-01-01")
    links = links.rename(columns={"kind": "Kind", "observed_at": "Observed_At"})
    ds = sg.load(stores, links)
    st = ds.stores.set_index("store_id")
    assert st.loc["S1", "platform"] == "mkt-a"
    assert st.loc["S1", "opened_at"] == pd.Timestamp("2016-01-01")
    assert (ds.links["first_seen"] == pd.Timestamp("2017-01-01")).all()
    # a table with the exact name as well keeps the other column as data
    both = sg.load(_stores().assign(Platform="other"), _links())
    assert both.stores.set_index("store_id").loc["S1", "platform"] == "mkt-a"


def test_null_words_in_optional_columns_are_missing_not_invalid() -> None:
    stores = _stores().assign(
        platform=["NULL", "mkt-a", "#N/A"],
        closed_at=["2017-05-01", "NULL", "\\N"],
        closure_reason=["counterfeit", "None", "null"],
        opened_at=["2016-01-01", "0000-00-00", "n/a"],
    )
    ds = sg.load(stores, _links().assign(observed_at="NULL"))
    st = ds.stores.set_index("store_id")
    assert st["platform"].tolist() == ["default", "mkt-a", "default"]
    assert st["closed_at"].isna().tolist() == [False, True, True]
    assert st["opened_at"].isna().tolist() == [False, True, True]
    assert st["closure_reason"].isna().tolist() == [False, True, True]
    assert "invalid_date" not in set(ds.rejected["reason"])


def test_links_none_of_whose_stores_exist_are_an_error_naming_one() -> None:
    links = _links().assign(store_id="1.00235E+05")
    with pytest.raises(InputError, match="none of the links' store ids") as err:
        sg.load(_stores(), links)
    f = err.value.failures
    assert f is not None
    assert f[["table", "row", "column", "value"]].values.tolist() == [
        ["links", 0, "store_id", "1.00235E+05"]
    ]


def test_column_mapping() -> None:
    stores = _stores().rename(columns={"store_id": "shop_id", "status": "state"})
    links = _links().rename(columns={"store_id": "shop_id", "value": "identifier"})
    ds = sg.load(
        stores,
        links,
        columns={"shop_id": "store_id", "state": "status", "identifier": "value"},
    )
    assert ds.counts["links_in"] == 10
    assert set(ds.links["store_id"]) == {"S1", "S2", "S3"}


def test_column_mapping_by_table() -> None:
    """One name meaning different things in the two tables: each table's own rule."""
    stores = _stores().rename(columns={"store_id": "id"})
    links = _links().rename(columns={"store_id": "shop"}).assign(id=lambda f: range(len(f)))
    ds = sg.load(
        stores, links, columns={"stores.id": "store_id", "links.id": "row_no", "shop": "store_id"}
    )
    assert ds.counts["links_in"] == 10
    assert set(ds.links["store_id"]) == {"S1", "S2", "S3"}
    # an unprefixed rule alone would rename links' id to store_id too: a duplicate column
    with pytest.raises(sg.InputError, match="column appears twice"):
        sg.load(stores, links, columns={"id": "store_id", "shop": "store_id"})


def test_wide_format_is_melted() -> None:
    wide = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "status": ["banned", "active"],
            "closed_at": ["2017-01-01", None],
            "Phone": ["+86 138 0013 8000", "13800138000"],
            "device": ["abcdef0123456789", None],
        }
    )
    ds = sg.load(wide)
    assert sorted(ds.links["kind"] + "=" + ds.links["store_id"]) == [
        "device=S1",
        "phone=S1",
        "phone=S2",
    ]


def test_numbered_and_other_names_of_a_kind_are_wide_columns_too() -> None:
    wide = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2017-01-01", None, None],
            "phone": ["+86 138 0013 8000", "+86 139 0013 9000", None],
            "Phone 2": ["+86 137 0013 7000", None, "not a phone"],
            "Mobile": [None, None, "13700137000"],
            "Address 2": ["Suite 100", "Suite 100", "Suite 100"],  # a second line: not read
        }
    )
    ds = sg.load(wide, config=sg.Config(normalize=sg.NormalizeConfig(default_region="CN")))
    assert sorted(ds.links["store_id"] + "=" + ds.links["key"]) == [
        "S1=+8613700137000",
        "S1=+8613800138000",
        "S2=+8613900139000",
        "S3=+8613700137000",
    ]
    assert set(ds.links["kind"]) == {"phone"}
    assert ds.counts["kinds_read_as"] == {"mobile": "phone", "phone_2": "phone"}
    bad = ds.rejected[ds.rejected["reason"] == "invalid_phone"]
    assert bad[["table", "row", "column"]].values.tolist() == [["stores", 2, "Phone 2"]]
    assert "Address 2" in ds.stores.columns
    result = sg.analyze(wide, config=sg.Config(normalize=sg.NormalizeConfig(default_region="CN")))
    assert result.scores.set_index("store_id").loc["S3", "score"] > 0


def test_a_cell_listing_several_values_gives_a_link_for_each() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D"],
            "status": ["banned", "active", "active", "active"],
            "closed_at": ["2024-01-01", None, None, None],
            "country": ["TH"] * 4,
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B", "C", "D", "D", "A", "C"],
            "kind": ["phone", "phone", "phone", "email", "email", "Email", "address"],
            "value": [
                "0812345678;0897654321",  # not a number and its extension
                "0897654321",
                "081-234-5678 | 123",  # one value is no phone number
                "a@x.com, b@y.com",
                "b@y.com",
                "a@x.com",
                "1 Main St, Bangkok",  # addresses hold commas: never a list
            ],
        }
    )
    ds = sg.load(stores, links)
    got = sorted(zip(ds.links["store_id"], ds.links["key"], ds.links["row"], strict=True))
    assert got == [
        ("A", "+66812345678", 0),
        ("A", "+66897654321", 0),
        ("A", "a@x.com", 5),
        ("B", "+66897654321", 1),
        ("C", "+66812345678", 2),
        ("C", "1 main street bangkok", 6),
        ("D", "a@x.com", 3),
        ("D", "b@y.com", 3),
    ]
    r = ds.rejected
    assert r[["row", "reason", "dropped"]].values.tolist() == [
        [2, "placeholder", True],  # too short for a phone number
        [4, "duplicate", True],
        [0, "several_values", False],
        [2, "several_values", False],
        [3, "several_values", False],
    ]
    assert r["value"].tolist()[:3] == ["123", "b@y.com", "0812345678;0897654321"]
    assert r["message"].iloc[2].endswith("(2 values)")
    c = ds.counts
    assert (c["links_in"], c["links_accepted"], c["links_rejected"]) == (10, 8, 2)
    assert c["rejected_by_reason"]["several_values"] == 3
    # the same cells in a wide stores table
    wide = stores.assign(phone=["0812345678|0897654321", "0897654321", None, None])
    ds = sg.load(wide)
    assert sorted(zip(ds.links["store_id"], ds.links["key"], strict=True)) == [
        ("A", "+66812345678"),
        ("A", "+66897654321"),
        ("B", "+66897654321"),
    ]
    note = ds.rejected[ds.rejected["reason"] == "several_values"]
    assert note[["table", "row", "column"]].values.tolist() == [["stores", 0, "phone"]]
    # a cell too long to read is not read as a list either
    long = stores.assign(email=[" ".join(["ann@corp.cn"] * 30), None, None, None])
    ds = sg.load(long)
    assert ds.rejected["reason"].tolist() == ["too_long"] and ds.links.empty


def test_no_links_at_all_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no links"):
        sg.load(pd.DataFrame({"store_id": ["S1"], "status": ["active"]}))


def test_unknown_kind_accepted_when_configured() -> None:
    cfg = sg.Config().with_kind("fax", 0.3)
    ds = sg.load(_stores(), _links(), config=cfg)
    assert "fax" in set(ds.links["kind"])
    assert "unknown_kind" not in set(ds.rejected["reason"])


def test_store_dates_unparseable_are_cleared_not_dropped() -> None:
    stores = _stores()
    stores.loc[1, "opened_at"] = "not a date"
    stores.loc[0, "closed_at"] = "2015-01-01"  # before opened_at
    ds = sg.load(stores, _links())
    assert len(ds.stores) == 3
    notes = ds.rejected[ds.rejected["table"] == "stores"]
    assert sorted(notes["reason"]) == ["closed_before_opened", "invalid_date"]
    assert not notes["dropped"].any()


def test_csv_and_parquet_paths(tmp_path) -> None:
    stores, links = _stores(), _links()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_parquet(tmp_path / "links.parquet", index=False)
    from_files = sg.load(tmp_path / "stores.csv", tmp_path / "links.parquet")
    from_frames = sg.load(stores, links)
    pd.testing.assert_frame_equal(from_files.links, from_frames.links)
    pd.testing.assert_frame_equal(from_files.rejected, from_frames.rejected)


def test_csv_keeps_values_as_text(tmp_path) -> None:
    (tmp_path / "stores.csv").write_text("store_id,status\n007,banned\n008,active\n")
    (tmp_path / "links.csv").write_text(
        "store_id,kind,value\n007,phone,N/A\n007,device,0012345678\n008,device,0012345678\n"
    )
    ds = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    assert list(ds.stores["store_id"]) == ["007", "008"]
    assert ds.rejected.loc[ds.rejected["dropped"], "value"].tolist() == ["N/A"]
    assert set(ds.links["key"]) == {"0012345678"}


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        sg.load(tmp_path / "nope.csv", tmp_path / "links.csv")


def test_csv_dialects_semicolon_bom_crlf(tmp_path) -> None:
    (tmp_path / "stores.csv").write_bytes(
        "\ufeffstore_id;status;closed_at\r\nS1;banned;2020-01-01\r\nS2;active;\r\n".encode()
    )
    (tmp_path / "links.tsv").write_text("store_id\tkind\tvalue\nS1\tphone\t13800138000\n")
    (tmp_path / "links.csv").write_text('store_id|kind|value\nS2|phone|"+86 138 0013 8000"\n')
    ds = sg.load(tmp_path / "stores.csv", tmp_path / "links.tsv")
    assert list(ds.stores["store_id"]) == ["S1", "S2"]
    assert ds.links["key"].tolist() == ["+8613800138000"]
    ds2 = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    assert ds2.links["store_id"].tolist() == ["S2"]


def test_timezone_aware_dates_are_read_in_their_own_zone() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1"],
            "status": ["banned"],
            "closed_at": pd.to_datetime(["2020-01-02 03:00"]).tz_localize("Asia/Shanghai"),
        }
    )
    links = pd.DataFrame({"store_id": ["S1"], "kind": ["phone"], "value": ["13800138000"]})
    ds = sg.load(stores, links)
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2020-01-02 03:00")  # not 1 Jan UTC


def test_sentinel_dates_out_of_range_are_cleared_not_fatal() -> None:
    stores = _stores()
    stores.loc[1, "closed_at"] = "9999-12-31"
    stores.loc[2, "opened_at"] = "0001-01-01"
    links = _links()
    links.loc[0, "observed_at"] = "9999-12-31"
    ds = sg.load(stores, links)
    cleared = ds.rejected[ds.rejected["reason"] == "invalid_date"]
    assert sorted(zip(cleared["table"], cleared["row"], strict=True)) == [
        ("links", 0),
        ("links", 5),
        ("stores", 1),
        ("stores", 2),
    ]
    parquet_dates = pd.Series(pd.to_datetime(["2017-01-01"]).astype("datetime64[us]"))
    assert sg.schema.parse_dates(parquet_dates)[0].iloc[0] == pd.Timestamp("2017-01-01")


def test_a_user_column_named_row_is_just_data() -> None:
    links = _links().assign(row=["A1"] * 10)
    ds = sg.load(_stores(), links)
    assert sorted(ds.rejected.loc[ds.rejected["dropped"], "row"]) == [2, 3, 4, 6, 8, 9]


def test_integer_ids_read_as_floats_still_match() -> None:
    stores = pd.DataFrame({"store_id": [1, 2], "status": ["banned", "active"]})
    links = pd.DataFrame(
        {"store_id": [1.0, 2.0, np.nan], "kind": "device", "value": ["abcdef0123456789"] * 3}
    )
    ds = sg.load(stores, links)
    assert ds.counts["rejected_by_reason"] == {"missing_closed_at": 1, "missing_store_id": 1}
    assert sorted(ds.links["store_id"]) == ["1", "2"]


def test_integer_ids_a_float_column_wrote_as_decimals_still_match(tmp_path) -> None:
    # the stores export went through a float column, the links export did not
    (tmp_path / "stores.csv").write_text(
        "store_id,status,closed_at\n1001.0,banned,2021-03-04\n1002.0,active,\n"
    )
    (tmp_path / "links.csv").write_text(
        "store_id,kind,value\n1001,device,abcdef0123456789\n1002,device,abcdef0123456789\n"
    )
    ds = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    assert ds.stores["store_id"].tolist() == ["1001", "1002"]
    assert sorted(ds.links["store_id"]) == ["1001", "1002"]
    assert ds.counts["links_rejected"] == 0
    # a column mixing such ids with others keeps them as written: 7.0 may be a real id
    stores = pd.DataFrame({"store_id": ["7.0", "A8"], "status": ["active", "active"]})
    links = pd.DataFrame({"store_id": ["7", "7.0"], "kind": "device", "value": "abcdef0123456789"})
    ds = sg.load(stores, links)
    assert ds.stores["store_id"].tolist() == ["7.0", "A8"]
    assert ds.rejected["reason"].tolist() == ["unknown_store"]


def test_other_names_of_built_in_kinds_are_read_as_them() -> None:
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S1", "S2", "S3"],
            "kind": ["Mobile", "phone", "Bank Account", "IBAN", "fax"],
            "value": [
                "+86 138 0013 8000",
                "13800138000",
                "DE89370400440532013000",
                "DE89 3704 0044 0532 0130 00",
                "555",
            ],
        }
    )
    stores = pd.DataFrame({"store_id": ["S1", "S2", "S3"], "status": "active"})
    ds = sg.load(stores, links)
    assert sorted(set(ds.links["kind"])) == ["payment_account", "phone"]
    assert len(ds.links) == 4
    assert ds.counts["kinds_read_as"] == {
        "bank_account": "payment_account",
        "iban": "payment_account",
        "mobile": "phone",
    }
    assert ds.rejected["reason"].tolist() == ["unknown_kind"]  # fax is no built-in's
    # a name the config gives its own weight stays its own kind
    ds = sg.load(stores, links, config=sg.Config().with_kind("iban", 0.5))
    assert sorted(set(ds.links["kind"])) == ["iban", "payment_account", "phone"]
    assert ds.counts["kinds_read_as"] == {"bank_account": "payment_account", "mobile": "phone"}


def test_files_that_are_not_utf8_or_empty_are_clear_errors(tmp_path) -> None:
    (tmp_path / "latin.csv").write_bytes(b"store_id,status\n\xff\xfe,active\n")
    with pytest.raises(InputError, match="not UTF-8"):
        sg.load(tmp_path / "latin.csv", _links())
    import gzip

    with gzip.open(tmp_path / "empty.csv.gz", "wb"):
        pass
    with pytest.raises(InputError, match="is empty"):
        sg.load(tmp_path / "empty.csv.gz", _links())


def test_text_without_utf8_form_is_refused_with_its_row():
    # A lone surrogate (bytes decoded with surrogateescape) has no UTF-8 form: no
    # output could hold it, so it is refused at the boundary with its place.
    stores = pd.DataFrame({"store_id": ["a", "b"], "status": ["active", "active"]})
    links = pd.DataFrame(
        {"store_id": ["a", "b"], "kind": ["device", "device"], "value": ["ab12cd34", "x\ud800"]},
        dtype=object,
    )
    with pytest.raises(InputError) as err:
        sg.load(stores, links)
    failure = err.value.failures.iloc[0]
    assert (failure["table"], failure["row"], failure["column"]) == ("links", 1, "value")
    assert "U+D800" in str(err.value)
    mixed = links.assign(value=pd.Series([7, "x\udc80"], dtype=object))
    with pytest.raises(InputError, match="U\\+DC80"):
        sg.load(stores, mixed)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_files_load_like_frames(tmp_path, suffix):
    # Files are read with store ids, kinds and dates dictionary-encoded (they repeat
    # from row to row); the result must be what the same table gives as a DataFrame.
    stores = pd.DataFrame(
        {
            "shop": ["S1", "S2", "S3"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2017-05-01", "", ""],
        }
    )
    links = pd.DataFrame(
        {
            "shop": [" S1", "S2 ", "S2", "S9", "S3", "", "S1"],
            "kind": ["phone", " Phone", "email", "phone", "fax", "device", "phone"],
            "value": ["13800138000", "138-0013-8000", "a@b.cn", "1", "x", "y", "13800138000"],
            "observed_at": [
                "2017-01-02",
                "not a date",
                "",
                "2017-01-02",
                "2017-01-03",
                "",
                " 2017-02-01",
            ],
        }
    )
    paths = {}
    for name, frame in (("stores", stores), ("links", links)):
        paths[name] = tmp_path / f"{name}{suffix}"
        if suffix == ".csv":
            frame.to_csv(paths[name], index=False)
        else:
            frame.to_parquet(paths[name], index=False)
    columns = {"shop": "store_id"}
    from_files = sg.load(paths["stores"], paths["links"], columns=columns)
    from_frames = sg.load(stores.replace("", None), links, columns=columns)
    pd.testing.assert_frame_equal(from_files.links, from_frames.links)
    pd.testing.assert_frame_equal(from_files.rejected, from_frames.rejected)
    assert set(from_files.rejected["reason"]) >= {"unknown_store", "unknown_kind", "invalid_date"}


def test_raw_links_are_freed_before_normalising(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Memory: the raw links table (every value as read) must be gone before the
    # normaliser makes its own arrays; at 10M stores it is several GiB. It is read
    # on a second thread, whose future must not keep it alive.
    import weakref

    from sellergraph import dataset

    stores, links, _ = sg.make_marketplace(n_stores=300, seed=2)
    stores.to_parquet(tmp_path / "stores.parquet")
    links.to_parquet(tmp_path / "links.parquet")
    events: list[str] = []
    read, normalise = dataset.read_table, dataset._normalise_links

    def read_and_watch(source, *, table, repeated=(), **options):
        frame = read(source, table=table, repeated=repeated, **options)
        if table == "links":
            weakref.finalize(frame, events.append, "raw links freed")
        return frame

    def normalise_and_note(*args, **kwargs):
        events.append("normalising")
        return normalise(*args, **kwargs)

    monkeypatch.setattr(dataset, "read_table", read_and_watch)
    monkeypatch.setattr(dataset, "_normalise_links", normalise_and_note)
    sg.load(tmp_path / "stores.parquet", tmp_path / "links.parquet")
    assert events == ["raw links freed", "normalising"]


def test_values_from_identifier_columns_of_stores_are_reported_there() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "status": ["banned", "active"],
            "closed_at": ["2021-06-30", None],
            "phone": ["+8613800138000", "13800138000"],
            "Email": ["N/A", "bad-email"],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["A", "Z"], "kind": ["device"] * 2, "value": ["490154203237518"] * 2}
    )
    for ds in (sg.load(stores, links), sg.load(stores)):
        bad = ds.rejected.set_index("value")
        assert bad.loc["N/A", ["table", "row", "column"]].tolist() == ["stores", 0, "Email"]
        assert bad.loc["bad-email", ["table", "row", "column"]].tolist() == ["stores", 1, "Email"]
        c = ds.counts
        assert c["links_accepted"] + c["links_rejected"] == c["links_in"]
    assert bad.shape[0] == 2 and ds.counts["links_rejected"] == 2  # the last load: stores only
    # accepted links from a column keep "links rows, then stores rows" numbering
    start = len(links)
    phones = sg.load(stores, links).links.query("kind == 'phone'")
    assert phones["row"].tolist() == [start, start + 1]


def test_lists_in_renamed_or_custom_kind_columns_are_refused_naming_the_cell() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "status": ["banned", "active"],
            "closed_at": ["2021-06-30", None],
            "wechat": ["wx_abc", ["wx_a", "wx_b"]],
        }
    )
    with pytest.raises(InputError, match="table 'stores', row 1, column 'wechat'"):
        sg.load(stores, config=sg.Config().with_kind("wechat", 0.5))
    links = pd.DataFrame({"store_id": ["A"], "type": ["phone"], "identifier": [["1", "2"]]})
    with pytest.raises(InputError, match="table 'links', row 0, column 'value'"):
        sg.load(
            stores.drop(columns="wechat"), links, columns={"type": "kind", "identifier": "value"}
        )


def test_kinds_normalised_in_forked_processes_as_in_threads(monkeypatch) -> None:
    import sellergraph.dataset as dataset

    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=3, difficulty="adversarial")
    monkeypatch.setattr(dataset, "_FORK_MIN_LINKS", 10**12)  # threads
    threaded = sg.load(stores, links)
    monkeypatch.setattr(dataset, "_FORK_MIN_LINKS", 0)  # forked processes where there are
    forked = sg.load(stores, links)
    pd.testing.assert_frame_equal(forked.links, threaded.links)
    pd.testing.assert_frame_equal(forked.rejected, threaded.rejected)
    assert forked.counts == threaded.counts


def test_forked_map_keeps_order_and_raises_the_workers_errors() -> None:
    from sellergraph._parallel import forked_map

    table = {i: i * i for i in range(50)}  # reached through the fork, never pickled
    assert (
        forked_map(table.__getitem__, list(range(50))[::-1], workers=2)
        == [i * i for i in range(50)][::-1]
    )

    def refuse(item: int) -> int:
        if item == 7:
            raise InputError(f"item {item} refused")
        return item

    with pytest.raises(InputError, match="item 7 refused"):
        forked_map(refuse, list(range(10)), workers=2)
    assert forked_map(refuse, [1, 2], workers=1) == [1, 2]


def test_alongside_runs_in_a_forked_process_or_a_thread() -> None:
    import os

    from sellergraph._parallel import alongside

    parent = os.getpid()
    seen: list[int] = []

    def whose() -> int:
        seen.append(os.getpid())  # a forked process's change stays in its own memory
        return os.getpid()

    with alongside(whose, fork=True) as result:
        forked = result()
    assert forked != parent and seen == []
    with alongside(whose, fork=False) as result:
        assert result() == parent and seen == [parent]

    def refuse() -> None:
        raise InputError("the report refused")

    for fork in (True, False):
        with (
            pytest.raises(InputError, match="the report refused"),
            alongside(refuse, fork=fork) as r,
        ):
            r()


def test_forking_silences_only_python_s_fork_with_threads_warning() -> None:
    import warnings

    from sellergraph._parallel import _forking

    # the text CPython 3.12+ gives when a process with threads forks
    text = (
        "This process (pid=1) is multi-threaded, use of fork() may lead to deadlocks in the child."
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with _forking():
            warnings.warn(text, DeprecationWarning, stacklevel=1)
            warnings.warn("something else", DeprecationWarning, stacklevel=1)
        warnings.warn(text, DeprecationWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["something else", text]


# -- a store's country: the phone region of its national-format numbers ---------------


def _texts(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else v for v in column.tolist()]


def _country_market(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n stores in Brazil, India, an unknown country and none, each with a national-format
    mobile number of its own (and some written with +55 / +91)."""
    countries = ["Brazil", "in", "Atlantis", None]
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["active"] * n,
            "country": [countries[i % 4] for i in range(n)],
        }
    )
    values = []
    for i in range(n):
        if i % 4 == 1:
            values.append(f"98{i:08d}")  # an Indian mobile
        else:
            values.append(f"(11) 9{i + 1234:04d}-{i % 10000:04d}")  # a São Paulo mobile
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": "phone", "value": values})
    return stores, links


@pytest.mark.parametrize("n", [40, 6000])  # per value, and the column-wise fast paths
def test_a_store_s_country_chooses_the_region_of_its_phone_numbers(n: int) -> None:
    stores, links = _country_market(n)
    config = sg.Config.from_dict({"normalize": {"default_region": "IN"}})
    ds = sg.load(stores, links, config=config)
    got = dict(zip(ds.links["store_id"], ds.links["key"], strict=True))
    by_region = {
        r: sg.Config.from_dict({"normalize": {"default_region": r}}).normalize for r in ("BR", "IN")
    }
    for i in range(n):
        region = "BR" if i % 4 == 0 else "IN"  # unknown and missing: the default, IN
        want = sg.normalize_values("phone", [links["value"][i]], config=by_region[region])
        assert got.get(f"S{i}") == want["key"][0], (i, links["value"][i])
    assert got["S0"].startswith("+5511")
    assert got["S3"].startswith("+91")  # no country: read in IN, as before
    assert _texts(ds.stores["country"])[:4] == ["BR", "IN", None, None]
    notes = ds.rejected[ds.rejected["reason"] == "unknown_country"]
    assert notes["store_id"].tolist() == [f"S{i}" for i in range(2, n, 4)]
    assert set(notes["column"]) == {"country"} and not notes["dropped"].any()
    assert set(notes["value"]) == {"Atlantis"}
    assert ds.counts["stores"] == n  # no store is dropped for its country


def test_one_number_written_the_same_in_two_countries_is_two_identifiers() -> None:
    stores = pd.DataFrame(
        {"store_id": ["B", "I"], "status": ["active", "active"], "country": ["BR", "IN"]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["B", "I", "B"],
            "kind": "phone",
            "value": ["11987654321", "11987654321", "+91 11 98765 4321"],
        }
    )
    ds = sg.load(stores, links)
    keys = ds.links.sort_values(["store_id", "key"])[["store_id", "key"]].values.tolist()
    # B's Indian number, written with its country code, is I's number: they share it
    assert keys == [["B", "+5511987654321"], ["B", "+9111987654321"], ["I", "+9111987654321"]]
    assert ds.links["key"].nunique() == 2


@pytest.mark.parametrize(
    ("given", "region"),
    [
        ("BR", "BR"),
        (" br ", "BR"),
        ("BRA", "BR"),
        ("Brasil", "BR"),
        ("brazil", "BR"),
        ("Deutschland", "DE"),
        ("中国", "CN"),
        ("Côte d’Ivoire", "CI"),
        ("UK", "GB"),
        ("United States of America", "US"),
        ("NA", "NA"),  # Namibia, not a missing value
        ("AQ", None),  # Antarctica: no phone numbering plan
        ("Atlantis", None),
        ("12", None),
    ],
)
def test_country_codes_and_names_name_a_phone_region(given: str, region: str | None) -> None:
    from sellergraph._countries import region_of

    assert region_of(given) == region


def test_a_country_column_in_a_csv_is_read_in_any_case(tmp_path) -> None:
    (tmp_path / "stores.csv").write_text(
        "Store_ID;Status;Country\nS1;banned;NA\nS2;active;Namibia\nS3;active;\n",
        encoding="utf-8",
    )
    (tmp_path / "links.csv").write_text(
        "store_id,kind,value\nS1,phone,081 234 5678\nS2,phone,0812345678\nS3,phone,0812345678\n",
        encoding="utf-8",
    )
    ds = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    assert _texts(ds.stores["country"]) == ["NA", "NA", None]
    keys = dict(zip(ds.links["store_id"], ds.links["key"], strict=True))
    assert keys["S1"] == keys["S2"] == "+264812345678"
    assert keys["S3"] != keys["S1"]  # read in the default region, CN
    assert not len(ds.rejected[ds.rejected["reason"] == "unknown_country"])
