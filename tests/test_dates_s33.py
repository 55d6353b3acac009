"""Dates as the source wrote them: time zones dropped, dots no proof for slashes,
no date made up from a year or a month alone, MySQL's zero date in every form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.schema import parse_dates, proven_date_order


def _read(values: list[object]) -> tuple[list[str | None], list[bool]]:
    """``YYYY-MM-DD HH:MM`` (None where NaT) and the bad flags of parsed ``values``."""
    parsed, bad = parse_dates(pd.Series(values, dtype=object))
    return [None if pd.isna(p) else p.strftime("%Y-%m-%d %H:%M") for p in parsed], bad.tolist()


# 1. Time zones: the local date and time as written -----------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01T23:30:00-05:00",
        "2024-03-01T23:30:00.000-0500",
        "2024-03-01 23:30:00-05",
        "2024-03-01T23:30:00Z",
        "2024-03-01T23:30:00+08:00",
        "2024-03-01T23:30:00+05:30",
        "2024-03-01 23:30:00 UTC",
        "2024-03-01 23:30 GMT+8",
        "2024-03-01 23:30 (UTC-05:00)",
        "2024-03-01 23:30 PST",
        "Fri, 01 Mar 2024 23:30:00 -0500",
        "Mar 1, 2024 11:30 PM GMT+8",
        "01.03.2024 23:30:00 CEST",
        "01/03/2024 23:30 +01:00",
    ],
)
def test_a_time_zone_is_dropped_not_applied(value: str) -> None:
    # the store was closed on the evening of 1 March where it was written: in UTC
    # several of these are 2 March (or 1 March at another hour)
    assert _read([value, "25/12/2024"]) == (
        ["2024-03-01 23:30", "2024-12-25 00:00"],
        [False, False],
    )


def test_values_of_one_column_in_different_zones_keep_their_own_dates() -> None:
    days, bad = _read(["2024-03-01T23:30:00-05:00", "2024-03-02T01:30:00+08:00", "2024-03-01"])
    assert days == ["2024-03-01 23:30", "2024-03-02 01:30", "2024-03-01 00:00"]
    assert not any(bad)


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Shanghai", "UTC"])
def test_a_zoned_datetime_column_is_read_in_its_own_zone(zone: str) -> None:
    wall = pd.to_datetime(["2024-03-01 23:30", None])
    for values in (
        pd.Series(wall.tz_localize(zone)),
        pd.Series(wall.tz_localize(zone)).astype(f"timestamp[ns, tz={zone}][pyarrow]"),
    ):
        parsed, bad = parse_dates(values)
        assert parsed.tolist()[0] == pd.Timestamp("2024-03-01 23:30")
        assert pd.isna(parsed.iloc[1]) and not bad.any()
        assert parsed.dtype == "datetime64[ns]"


def test_python_datetimes_with_a_zone_keep_their_wall_clock() -> None:
    minus5 = dt.timezone(dt.timedelta(hours=-5))
    values = [dt.datetime(2024, 3, 1, 23, 30, tzinfo=minus5), pd.Timestamp("2024-03-01 23:30+08")]
    assert _read(values) == (["2024-03-01 23:30", "2024-03-01 23:30"], [False, False])


def test_epoch_numbers_name_no_zone_and_are_read_in_utc() -> None:
    # 1709335800 is 2024-03-01 23:30 UTC: text, integers and milliseconds alike
    assert _read(["1709335800", "1709335800000", "1709335800.5"])[0] == ["2024-03-01 23:30"] * 3
    parsed, _ = parse_dates(pd.Series([1709335800, 1709335800000]))
    assert parsed.tolist() == [pd.Timestamp("2024-03-01 23:30")] * 2


def test_a_banned_store_closed_late_in_new_york_is_closed_that_day() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["OLD", "NEW"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-10", "2024-03-02"],
            "closed_at": ["2024-03-01T23:30:00-05:00", None],
        }
    )
    links = pd.DataFrame({"store_id": ["OLD", "NEW"], "kind": "phone", "value": "+1 415 555 0101"})
    ds = sg.load(stores, links)
    closed = ds.stores.set_index("store_id").loc["OLD", "closed_at"]
    assert closed == pd.Timestamp("2024-03-01 23:30")
    assert "invalid_date" not in set(ds.rejected["reason"])


# 2. Slash and dotted dates in one table ------------------------------------------------


def test_dots_alone_decide_no_slash_date() -> None:
    # 03.04.2024 is 3 April by the European convention; a slash date beside it may be a
    # US export's 4 March: it is set aside, not guessed either way
    assert _read(["03/04/2024", "03.04.2024"]) == ([None, "2024-04-03 00:00"], [True, False])
    assert _read(["03-04-2024", "05.06.2024"])[1] == [True, False]
    assert proven_date_order([pd.Series(["03.04.2024", "05.06.2024"])]) is None
    # a slash date that reads one way only is still read
    assert _read(["13/04/2024", "03.04.2024"])[0] == ["2024-04-13 00:00", "2024-04-03 00:00"]


def test_a_date_whose_fields_prove_the_order_decides_every_style() -> None:
    # 25.03.2024 can only be day first (not a convention): its table reads day first
    assert _read(["25.03.2024", "03/04/2024"])[0] == ["2024-03-25 00:00", "2024-04-03 00:00"]
    assert (
        _read(["25/03/2024", "03.04.2024", "03/04/2024"])[0]
        == ["2024-03-25 00:00"] + ["2024-04-03 00:00"] * 2
    )
    assert proven_date_order([pd.Series(["25.03.2024", "03/04/2024"])]) == "day_first"


def test_a_month_first_table_sets_its_ambiguous_dotted_dates_aside() -> None:
    days, bad = _read(["12/25/2024", "03.04.2024", "03/04/2024"])
    assert days == ["2024-12-25 00:00", None, None] and bad == [False, True, True]
    assert proven_date_order([pd.Series(["12/25/2024", "03.04.2024"])]) is None


def test_dotted_dates_of_the_other_column_decide_no_slash_date() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "status": ["banned", "active"],
            "opened_at": ["03.04.2023", "05.06.2023"],
            "closed_at": ["03/04/2024", None],
        }
    )
    links = pd.DataFrame({"store_id": ["A", "B"], "kind": "phone", "value": "+1 415 555 0101"})
    ds = sg.load(stores, links)
    assert ds.stores["opened_at"].dt.strftime("%Y-%m-%d").tolist() == ["2023-04-03", "2023-06-05"]
    cleared = ds.rejected[ds.rejected["reason"] == "invalid_date"]
    assert cleared[["column", "value"]].values.tolist() == [["closed_at", "03/04/2024"]]
    # declared, the order reads every date
    ds = sg.load(stores, links, config=sg.Config().replace(order="day_first"))
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2024-04-03")


def test_dots_alone_lend_the_links_no_order() -> None:
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": "active", "opened_at": ["03.04.2023", "05.06.2023"]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "kind": "phone",
            "value": "+1 415 555 0101",
            "observed_at": ["05/03/2024", "06/04/2024"],
        }
    )
    ds = sg.load(stores, links)
    assert sorted(ds.links["first_seen"].dt.strftime("%Y-%m-%d")) == ["2024-05-03", "2024-06-04"]
    assert ds.counts["date_order"] == "month_first"


# 3. What exports write instead of a date ------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2024", "2024-03", "2024/03", "03/2024", "3/2024", "March 2024", "Mar 2024", "1999"]
)
def test_a_year_or_a_month_without_a_day_is_no_date(value: str) -> None:
    # pandas reads them as the first day: a date the source did not give
    assert _read([value, "2024-03-05"]) == ([None, "2024-03-05 00:00"], [True, False])


@pytest.mark.parametrize(
    "value",
    ["0000-00-00", "0000-00-00T00:00:00", "00/00/0000", "00.00.0000", "0000/00/00", " ", ""],
)
def test_zero_dates_in_every_form_are_missing_not_invalid(value: str) -> None:
    assert _read([value]) == ([None], [False])


@pytest.mark.parametrize(
    "value",
    ["45000", "45352.75", "0", "-1", "1709335800123456", "9999-12-31", "2262-04-12", "Q1 2024"],
)
def test_numbers_and_sentinels_that_are_no_date_are_invalid(value: str) -> None:
    # spreadsheet serials, microseconds, "never": cleared and reported, never read
    assert _read([value, "2024-03-05"]) == ([None, "2024-03-05 00:00"], [True, False])


def test_invalid_dates_are_listed_with_their_column_and_value() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2024-03", "00/00/0000", "45000"],
            "closed_at": ["2024-03-01T23:30:00-05:00", None, None],
        }
    )
    links = pd.DataFrame({"store_id": ["A"], "kind": "phone", "value": "+1 415 555 0101"})
    ds = sg.load(stores, links)
    cleared = ds.rejected[ds.rejected["reason"].isin(["invalid_date", "spreadsheet_serial"])]
    assert cleared[["row", "column", "value", "reason", "dropped"]].values.tolist() == [
        [0, "opened_at", "2024-03", "invalid_date", False],
        [2, "opened_at", "45000", "spreadsheet_serial", False],
    ]
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2024-03-01 23:30")


def test_datetimes_pulled_from_a_graph_database_keep_their_own_zone() -> None:
    from sellergraph.neo4j.rows import _dates

    evening = dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert _dates([evening, None]).iloc[0] == pd.Timestamp("2024-03-01 23:30")
