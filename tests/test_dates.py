"""Date parsing: one day/month order per column, out-of-range sentinels, no clock."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.schema import parse_dates
from sellergraph.screening import Screener


def _days(
    values: list[str | None],
    *,
    order_from: Sequence[pd.Series] = (),
    order_by_value: bool = False,
) -> tuple[list[str | None], list[bool]]:
    """``YYYY-MM-DD`` (None where NaT) and the bad flags of parsed ``values``."""
    parsed, bad = parse_dates(
        pd.Series(values, dtype=object), order_from=order_from, order_by_value=order_by_value
    )
    days = [None if pd.isna(p) else p.strftime("%Y-%m-%d") for p in parsed]
    return days, bad.tolist()


def _links(store_ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": store_ids,
            "kind": ["phone"] * len(store_ids),
            "value": ["+1 415 555 0101"] * len(store_ids),
        }
    )


def test_a_column_of_day_first_dates_is_read_day_first() -> None:
    days, bad = _days(["10/01/2020", "15/02/2022", "02/04/2022", "01/03/2022", ""])
    assert days == ["2020-01-10", "2022-02-15", "2022-04-02", "2022-03-01", None]
    assert not any(bad)
    # dashes follow the same evidence; a time after the date is kept
    days, _ = _days(["13-02-2022", "01-03-2022 10:30"])
    assert days == ["2022-02-13", "2022-03-01"]


def test_dot_dates_are_day_first_by_convention() -> None:
    assert _days(["01.05.2022", "1.6.2022"]) == (["2022-05-01", "2022-06-01"], [False, False])


def test_evidence_both_ways_sets_the_ambiguous_values_aside() -> None:
    days, bad = _days(["15/02/2022", "02/15/2022", "01/03/2022", "05/05/2022", "01.03.2022"])
    # the values that read only one way (or the same both ways) are kept
    assert days == ["2022-02-15", "2022-02-15", None, "2022-05-05", None]
    assert bad == [False, False, True, False, True]
    # dots are day first by convention: beside a month-first date, that is both ways
    assert _days(["02/15/2022", "01/03/2022", "01.03.2022"])[0] == ["2022-02-15", None, None]
    assert _days(["01.13.2022", "01.05.2022"])[0] == ["2022-01-13", None]


def test_an_out_of_range_day_or_month_is_no_evidence() -> None:
    # 45/02 and 01/45 cannot be dates: neither says which order the column is in
    assert _days(["45/02/2022", "01/03/2022"]) == ([None, "2022-01-03"], [True, False])
    days, bad = _days(["01/45/2022", "15/02/2022", "01/03/2022"])
    assert days == [None, "2022-02-15", "2022-03-01"]
    assert bad == [True, False, False]


def test_the_other_date_columns_of_the_table_count_as_evidence() -> None:
    opened = pd.Series(["10/01/2020", "15/02/2022", "02/04/2022"])
    assert _days(["01/03/2022", None], order_from=[opened])[0] == ["2022-03-01", None]
    iso = pd.Series(["2020-01-01"])
    datetimes = pd.Series(pd.to_datetime(["2020-01-01"]))
    assert _days(["01/03/2022"], order_from=[iso, datetimes])[0] == ["2022-01-03"]
    month_first = pd.Series(["02/15/2022"])
    both = _days(["15/02/2022", "01/03/2022"], order_from=[month_first])
    assert both == (["2022-02-15", None], [False, True])


def test_each_value_alone_when_asked() -> None:
    days, bad = _days(["15/02/2022", "01/03/2022", "01.05.2022"], order_by_value=True)
    assert days == ["2022-02-15", "2022-01-03", "2022-05-01"]
    assert not any(bad)


def test_two_digit_years_do_not_depend_on_the_current_year() -> None:
    days, _ = _days(["01/02/68", "01/02/69", "1/2/3", "01/02/99"])
    assert days == ["2068-01-02", "1969-01-02", "2003-01-02", "1999-01-02"]


def test_stores_table_reads_its_day_first_column_one_way(tmp_path: Path) -> None:
    path = tmp_path / "stores.csv"
    path.write_text(
        "store_id,status,opened_at,closed_at\n"
        "A,banned,10/01/2020,01/03/2022\n"
        "B,active,15/02/2022,\n"
        "C,active,02/04/2022,\n"
    )
    stores = sg.load(path, _links(["A", "B"])).stores.set_index("store_id")
    assert stores.loc["A", "opened_at"] == pd.Timestamp("2020-01-10")
    assert stores.loc["C", "opened_at"] == pd.Timestamp("2022-04-02")


def test_closed_at_takes_the_order_of_opened_at(tmp_path: Path) -> None:
    path = tmp_path / "stores.csv"
    path.write_text(
        "store_id,status,opened_at,closed_at\n"
        "A,banned,10/01/2020,01/03/2022\n"
        "B,active,15/02/2022,\n"
    )
    stores = sg.load(path, _links(["A", "B"])).stores.set_index("store_id")
    assert stores.loc["A", "closed_at"] == pd.Timestamp("2022-03-01")


def test_sentinels_beside_sub_microsecond_fractions() -> None:
    values = [
        "2021-06-30 17:45:12.1234567",
        "9999-12-31",
        "0001-01-01",
        "2021-06-30T17:45:12.123456789Z",
        "2020-01-05T10:00:00+02:00",
        "2020/01/05",
        "1700000000",
    ]
    parsed, bad = parse_dates(pd.Series(values, dtype=object))
    assert parsed.iloc[0] == pd.Timestamp("2021-06-30 17:45:12.1234567")
    assert parsed.iloc[3] == pd.Timestamp("2021-06-30 17:45:12.123456789")
    assert parsed.iloc[4] == pd.Timestamp("2020-01-05 10:00")  # its zone dropped
    assert parsed.iloc[5] == pd.Timestamp("2020-01-05")
    assert parsed.iloc[6] == pd.Timestamp("2023-11-14 22:13:20")  # Unix epoch seconds
    assert bad.tolist() == [False, True, True, False, False, False, False]


def test_a_run_with_sentinels_and_sub_microsecond_fractions(tmp_path: Path) -> None:
    stores, links, out = tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / "o"
    stores.write_text(
        "store_id,status,opened_at,closed_at\n"
        "A,banned,2020-01-01,2021-06-30 17:45:12.1234567\n"
        "B,active,2021-08-01,9999-12-31\n"
    )
    links.write_text(
        "store_id,kind,value,observed_at\n"
        "A,phone,+14155550101,2021-06-30 17:45:12.1234567\n"
        "B,phone,+14155550101,9999-12-31\n"
    )
    args = ["run", "--stores", str(stores), "--links", str(links), "--out", str(out)]
    assert main([*args, "--no-report", "-q"]) == 0
    rejected = pd.read_csv(out / "rejected.csv")
    cleared = rejected[rejected["reason"] == "invalid_date"]
    assert sorted(zip(cleared["table"], cleared["row"], strict=True)) == [
        ("links", 1),
        ("stores", 1),
    ]


@pytest.mark.parametrize(
    "value", ["12:30", "12:30:45.5", "9:05 PM", "12:30 UTC", "12:30 May 2020", "12:30 2020"]
)
def test_a_time_without_a_whole_date_is_invalid(value: str) -> None:
    assert _days([value, "2020-01-01"]) == ([None, "2020-01-01"], [True, False])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022年3月4日", "2022-03-04 00:00"),
        ("２０２２年３月４日", "2022-03-04 00:00"),
        ("2022年03月04日 12:30", "2022-03-04 12:30"),
        ("2022年3月4日 下午3:05", "2022-03-04 15:05"),
        ("2022年3月4日(金) 午後3時5分", "2022-03-04 15:05"),
        ("2022년 3월 4일 오후 3:05", "2022-03-04 15:05"),
        ("4. März 2022", "2022-03-04 00:00"),
        ("Freitag, 4. März 2022 10:00 Uhr", "2022-03-04 10:00"),
        ("15 mars 2022", "2022-03-15 00:00"),
        ("1 janv. 2022", "2022-01-01 00:00"),
        ("3 de marzo de 2022", "2022-03-03 00:00"),
        ("12 de dezembro de 2021 às 14:30", "2021-12-12 14:30"),
        ("4 марта 2022 г.", "2022-03-04 00:00"),
        ("4 maja 2022", "2022-05-04 00:00"),
        ("4 Mar 2022", "2022-03-04 00:00"),
        ("ngày 15 tháng 3 năm 2023", "2023-03-15 00:00"),
        ("Ngày 5 tháng 12 năm 2023 10:30", "2023-12-05 10:30"),
        ("15 tháng 03, 2023", "2023-03-15 00:00"),
        ("1 ธันวาคม 2022", "2022-12-01 00:00"),
    ],
)
def test_dates_in_words_of_other_languages(value: str, expected: str) -> None:
    parsed, bad = parse_dates(pd.Series([value]))
    assert not bad.iloc[0]
    assert parsed.iloc[0].strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/03/2566", "2023-03-15 00:00"),
        ("2566-03-15", "2023-03-15 00:00"),
        ("2566-03-15 10:00:00", "2023-03-15 10:00"),
        ("31.12.2565", "2022-12-31 00:00"),
        ("15 มีนาคม 2566", "2023-03-15 00:00"),
        ("1 ธันวาคม 2565 เวลา 10:00 น.", "2022-12-01 10:00"),
    ],
)
def test_thai_buddhist_era_years_are_read_as_such(value: str, expected: str) -> None:
    parsed, bad = parse_dates(pd.Series([value, "2023-01-01"]))
    assert not bad.any()
    assert parsed.iloc[0].strftime("%Y-%m-%d %H:%M") == expected


def test_years_outside_both_calendars_stay_invalid() -> None:
    values = ["9999-12-31", "2262-05-01", "2499-01-01", "2700-01-01", "2566/2566/01"]
    assert _days(values) == ([None] * 5, [True] * 5)


@pytest.mark.parametrize(
    ("value", "as_written"),
    [
        # a zone, by name or offset, is read and dropped: the date and time as written
        ("2022-03-04 10:00 GMT+8", "2022-03-04 10:00"),
        ("2022-03-04 10:00 (UTC+08:00)", "2022-03-04 10:00"),
        ("2022-03-04 10:00 UTC-5", "2022-03-04 10:00"),
        ("Mar 4, 2022 10:00 PM GMT+8", "2022-03-04 22:00"),
        ("2022-03-04 10:00 CET", "2022-03-04 10:00"),
        ("04.03.2022 10:00:00 CEST", "2022-03-04 10:00"),
        ("4 Mar 2022 10:00 PST", "2022-03-04 10:00"),
        ("2022-03-04 10:00 JST", "2022-03-04 10:00"),
        # zones that name several offsets (China or US Central): no offset is needed
        ("2022-03-04 10:00 CST", "2022-03-04 10:00"),
        ("4 Mar 2022 10:00 PM IST", "2022-03-04 22:00"),
        ("2022-03-04 23:30 -05:00", "2022-03-04 23:30"),
        ("Fri, 04 Mar 2022 10:00:00 GMT", "2022-03-04 10:00"),
    ],
)
def test_time_zones_by_name_or_offset_are_dropped(value: str, as_written: str) -> None:
    parsed, bad = parse_dates(pd.Series([value]))
    assert not bad.iloc[0]
    assert parsed.iloc[0].strftime("%Y-%m-%d %H:%M") == as_written


@pytest.mark.parametrize(
    "value",
    ["31 juin 2022", "März 2022", "10:00 CET"],
)
def test_incomplete_dates_in_words_are_invalid(value: str) -> None:
    assert _days([value, "2020-01-01"]) == ([None, "2020-01-01"], [True, False])


def test_a_time_before_a_whole_date_keeps_the_date() -> None:
    parsed, bad = parse_dates(pd.Series(["12:30 2020-01-05", "12:30"]))
    assert parsed.iloc[0] == pd.Timestamp("2020-01-05 12:30")
    assert bad.tolist() == [False, True]


@pytest.fixture(scope="module")
def screener() -> Screener:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "status": ["banned", "active"],
            "opened_at": ["2019-01-01", "2020-01-01"],
            "closed_at": ["2022-02-01", ""],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A", "A", "B"],
            "kind": ["phone", "device", "email"],
            "value": ["+14155550101", "IMEI:490154203237518", "b@example.com"],
        }
    )
    return Screener.from_analysis(sg.analyze(stores, links, seed=0))


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12"])
def test_screening_sets_aside_the_dates_the_batch_sets_aside(
    screener: Screener, value: str
) -> None:
    assert parse_dates(pd.Series([value]))[1].iloc[0]
    registration = {
        "store_id": "N",
        "opened_at": value,
        "identifiers": {"phone": "+1 415 555 0101", "device": "IMEI:490154203237518"},
    }
    decision = screener.screen(registration)
    assert decision.relation == "unknown"
    assert decision.opened_at is None
    assert ("opened_at", "invalid_date") in {(u["field"], u["reason"]) for u in decision.unusable}
    table = screener.screen_many([registration, {**registration, "opened_at": "2022-06-01"}])
    assert table["relation"].tolist() == ["unknown", "return"]
    with pytest.raises(InputError, match="closed_at must be a date"):
        screener.ban("B", closed_at=value)


def test_screening_reads_a_registration_date_on_its_own(screener: Screener) -> None:
    regs = [
        {"store_id": "N1", "opened_at": "15/02/2022", "identifiers": {"phone": "+14155550101"}},
        {"store_id": "N2", "opened_at": "01/03/2022", "identifiers": {"phone": "+14155550101"}},
        {"store_id": "N3", "opened_at": "01.05.2022", "identifiers": {"phone": "+14155550101"}},
    ]
    decisions = screener.screen_records(regs)
    assert [d.opened_at for d in decisions] == ["2022-02-15", "2022-01-03", "2022-05-01"]
    relations = [d.relation for d in decisions]
    assert relations == ["return", "sibling", "return"]  # A was banned on 2022-02-01
    # a table is read value by value too: the same decisions, whatever else it holds
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "identifiers"} for r in regs])
    table["phone"] = "+14155550101"
    assert screener.screen_many(table)["relation"].tolist() == relations
    assert [screener.screen(r).relation for r in regs] == relations


def _order_of(values: list[str], order: str) -> tuple[list[str | None], list[bool]]:
    parsed, bad = parse_dates(pd.Series(values, dtype=object), order=order)
    return [None if pd.isna(p) else p.strftime("%Y-%m-%d") for p in parsed], bad.tolist()


def test_a_declared_order_reads_every_numeric_date_its_way() -> None:
    values = ["05/03/2024", "25/12/2024", "12/25/2024", "01.05.2022", "2024-03-05", "7/7/24"]
    assert _order_of(values, "day_first") == (
        ["2024-03-05", "2024-12-25", None, "2022-05-01", "2024-03-05", "2024-07-07"],
        [False, False, True, False, False, False],
    )
    # what the values would prove otherwise does not count: 25/12 is set aside
    assert _order_of(values, "month_first") == (
        ["2024-05-03", None, "2024-12-25", "2022-01-05", "2024-03-05", "2024-07-07"],
        [False, True, False, False, False, False],
    )
    # each value alone (screening) follows a declared order too
    parsed, bad = parse_dates(
        pd.Series(["05/03/2024", "25/12/2024"]), order="month_first", order_by_value=True
    )
    assert parsed.iloc[0] == pd.Timestamp("2024-05-03") and bad.tolist() == [False, True]
    with pytest.raises(ValueError, match="'order' must be one of"):
        parse_dates(pd.Series(["05/03/2024"]), order="dmy")


def _stores(opened: list[str]) -> pd.DataFrame:
    n = len(opened)
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "opened_at": opened,
            "closed_at": ["2019-01-01"] + [None] * (n - 1),
        }
    )


def _observed(observed: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(len(observed))],
            "kind": ["phone"] * len(observed),
            "value": ["+1 415 555 0101"] * len(observed),
            "observed_at": observed,
        }
    )


def _first_seen(ds: sg.Dataset) -> list[str]:
    return ds.links.sort_values("store_id")["first_seen"].dt.strftime("%Y-%m-%d").tolist()


def _opened(ds: sg.Dataset) -> list[str]:
    return ds.stores["opened_at"].dt.strftime("%Y-%m-%d").tolist()


def test_a_declared_order_sets_aside_what_reads_only_the_other_way() -> None:
    stores = _stores(["05/03/2018", "25/12/2018"])
    links = _observed(["06/04/2018", "13/01/2019"])
    config = sg.Config.from_dict({"dates": {"order": "month_first"}})
    for ds in (sg.load(stores, links, config=config), sg.analyze(stores, links, config=config)):
        if isinstance(ds, sg.Analysis):
            ds = ds.dataset
        assert _opened(ds)[0] == "2018-05-03" and _first_seen(ds)[0] == "2018-06-04"
        cleared = ds.rejected[ds.rejected["reason"] == "invalid_date"]
        assert cleared[
            ["table", "row", "store_id", "column", "value", "dropped"]
        ].values.tolist() == [
            ["stores", 1, "S1", "opened_at", "25/12/2018", False],
            ["links", 1, "S1", "observed_at", "13/01/2019", False],
        ]
        assert "dates.order" in cleared["message"].iloc[0]
        assert ds.counts["links_accepted"] == 2  # a cleared date keeps its row
    # the same data read in the order it proves
    ds = sg.load(stores, links, config=config.replace(order="day_first"))
    assert _opened(ds) == ["2018-03-05", "2018-12-25"]
    assert _first_seen(ds) == ["2018-04-06", "2019-01-13"]
    assert "invalid_date" not in set(ds.rejected["reason"])


def test_links_without_evidence_take_the_order_the_stores_prove() -> None:
    links = _observed(["05/03/2024", "06/04/2024"])
    ds = sg.load(_stores(["25/01/2020", "05/03/2021"]), links)
    assert _opened(ds) == ["2020-01-25", "2021-03-05"]
    assert _first_seen(ds) == ["2024-03-05", "2024-04-06"]
    # stores that prove nothing lend nothing: month first
    assert _first_seen(sg.load(_stores(["2020-01-25", "2021-03-05"]), links)) == [
        "2024-05-03",
        "2024-06-04",
    ]
    # nor do stores whose dates prove both orders
    both = sg.load(_stores(["25/01/2020", "01/25/2021"]), links)
    assert _first_seen(both) == ["2024-05-03", "2024-06-04"]


def test_stores_without_evidence_take_the_order_the_links_prove(tmp_path: Path) -> None:
    stores, links = tmp_path / "stores.csv", tmp_path / "links.csv"
    stores.write_text(
        "shop,status,opened_at,closed_at\nS0,banned,05/03/2018,01/02/2019\nS1,active,06/04/2020,\n"
    )
    links.write_text(
        "shop,kind,value,seen\nS0,phone,+14155550101,13/01/2019\nS1,phone,+14155550101,05/03/2021\n"
    )
    columns = {"shop": "store_id", "seen": "observed_at"}
    ds = sg.load(stores, links, columns=columns)
    assert _opened(ds) == ["2018-03-05", "2020-04-06"]
    assert ds.stores["closed_at"].iloc[0] == pd.Timestamp("2019-02-01")
    assert _first_seen(ds) == ["2019-01-13", "2021-03-05"]
    # without the links' dates, month first
    ds = sg.load(stores, links, columns={"shop": "store_id"})
    assert _opened(ds) == ["2018-05-03", "2020-06-04"]


def test_tables_that_prove_opposite_orders_each_keep_their_own() -> None:
    ds = sg.load(_stores(["25/01/2020", "05/03/2021"]), _observed(["12/25/2023", "05/03/2024"]))
    assert _opened(ds) == ["2020-01-25", "2021-03-05"]
    assert _first_seen(ds) == ["2023-12-25", "2024-05-03"]
    assert "invalid_date" not in set(ds.rejected["reason"])


def test_the_date_order_from_a_config_file_on_the_command_line(tmp_path: Path) -> None:
    stores, links, out = tmp_path / "s.csv", tmp_path / "l.csv", tmp_path / "o"
    _stores(["05/03/2018", "25/12/2018"]).to_csv(stores, index=False)
    _observed(["06/04/2018", "07/05/2018"]).to_csv(links, index=False)
    config = tmp_path / "sellergraph.toml"
    config.write_text('[dates]\norder = "month_first"\n')
    args = ["run", "--stores", str(stores), "--links", str(links), "--out", str(out)]
    assert main([*args, "--config", str(config), "--no-report", "-q"]) == 0
    rejected = pd.read_csv(out / "rejected.csv")
    cleared = rejected[rejected["reason"] == "invalid_date"]
    assert cleared[["table", "row", "column", "value"]].values.tolist() == [
        ["stores", 1, "opened_at", "25/12/2018"]
    ]


def test_the_links_order_is_read_only_when_a_stores_date_needs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sellergraph.dataset as dataset

    calls: list[object] = []
    real = dataset._links_date_order

    def counted(*args: object) -> str:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(dataset, "_links_date_order", counted)
    links = _observed(["13/01/2019", "05/03/2021"])
    for opened in (["2018-03-05", "2020-04-06"], ["25/01/2020", "05/03/2021"], ["07/07/2018"] * 2):
        sg.load(_stores(opened), links)
    assert calls == []  # ISO dates, dates that prove an order, dates that read one way
    # two columns that need it: the links' dates are looked at once
    stores = _stores(["05/03/2018", "06/04/2020"]).assign(closed_at=["01/02/2019", None])
    assert _opened(sg.load(stores, links)) == ["2018-03-05", "2020-04-06"]
    assert len(calls) == 1


def test_dates_read_value_by_value_take_the_given_order_when_they_read_either_way() -> None:
    values = pd.Series(["05/03/2024", "25/12/2024", "12/25/2024", "05.03.2024", "2024-03-05"])
    for default, first in (("month_first", "2024-05-03"), ("day_first", "2024-03-05")):
        parsed, bad = parse_dates(values, default_order=default, order_by_value=True)
        assert parsed.dt.strftime("%Y-%m-%d").tolist() == [
            first,
            "2024-12-25",
            "2024-12-25",
            "2024-03-05",  # dots: day first, whatever the default
            "2024-03-05",
        ]
        assert not bad.any()


def test_links_record_the_order_their_dates_prove() -> None:
    stores = pd.DataFrame({"store_id": ["S1", "S2"], "status": ["active", "active"]})
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "kind": "phone",
            "value": ["+86 138 0013 8000"] * 2,
            "observed_at": ["25/12/2020", "05/03/2021"],
        }
    )
    ds = sg.load(stores, links)
    assert ds.counts["date_order"] == "day_first"
    assert sorted(ds.links["first_seen"].dt.strftime("%Y-%m-%d")) == ["2020-12-25", "2021-03-05"]
    declared = sg.Config.from_dict({"dates": {"order": "month_first"}})
    assert sg.load(stores, links, config=declared).counts["date_order"] == "month_first"
