"""Dates and load-time messages new users reported (session 41).

- Japanese and Korean short dates written year first (``23/03/12``: 12 March 2023) were
  read day first without a word (2012-03-23); ``dates.order = "year_first"`` declares
  them, and under ``"auto"`` a table reads them where its dates prove or show the year,
  and clears (with a warning) those that read both ways where it cannot tell.
- Japanese era dates, Korean and Taiwanese dates with a time after a word for morning or
  afternoon, Republic of China dates and a weekday in brackets were ``invalid_date``.
- A date a year past the rest of its table (a banned store "closed" in 2031) is cleared as
  ``future_date``, with a warning: kept, it switched off the fading of recycled numbers.
- A date column of one day (a backfill stamped with the load date) is warned of.
- The "no links" error sends the user to ``--kind-names``; the encoding error names
  ``cp932``, ``cp949``, ``cp950`` or ``gbk`` for CJK double-byte text.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.config import ConfigError
from sellergraph.errors import InputError
from sellergraph.io.tables import read_table, suggested_encoding
from sellergraph.schema import busiest_day, dates_with_placeholders, future_dates, parse_dates


def _days(values: list[str], **kwargs: object) -> tuple[list[str | None], list[bool]]:
    parsed, bad = parse_dates(pd.Series(values, dtype=object), **kwargs)  # type: ignore[arg-type]
    return [None if pd.isna(p) else p.strftime("%Y-%m-%d") for p in parsed], bad.tolist()


def _config(order: str = "auto") -> sg.Config:
    return sg.Config.from_dict({"normalize": {"default_region": "JP"}, "dates": {"order": order}})


# 1. Two-digit years written first ----------------------------------------------------


SEPARATORS = ["/", ".", "-"]


def _short(sep: str, *dates: str) -> list[str]:
    """ISO dates written yy<sep>mm<sep>dd."""
    return [f"{d[2:4]}{sep}{d[5:7]}{sep}{d[8:10]}" for d in dates]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_a_table_that_writes_four_digit_years_first_reads_its_short_dates_year_first(
    sep: str,
) -> None:
    # the user's forms: 23/03/12, 23.03.12, 23-03-12 beside 2023/01/05 (or 2023.01.05)
    whole = "2023/01/05" if sep != "." else "2023.01.05"
    days, bad = _days([*_short(sep, "2023-03-12", "2022-11-05"), whole])
    assert days == ["2023-03-12", "2022-11-05", "2023-01-05"]
    assert bad == [False, False, False]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_short_dates_that_read_both_ways_are_not_read_silently(sep: str) -> None:
    # before: 23/03/12 "proved" day first and was read 2012-03-23, nothing rejected
    days, bad = _days(_short(sep, "2021-04-01", "2022-11-05", "2023-03-12"))
    assert days == [None, None, None]
    assert bad == [True, True, True]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_year_first_declared_reads_them(sep: str) -> None:
    values = [*_short(sep, "2021-04-01", "2022-11-05", "2023-03-12"), f"15{sep}03{sep}45"]
    days, bad = _days(values, order="year_first")
    assert days == ["2021-04-01", "2022-11-05", "2023-03-12", None]
    assert bad == [False, False, False, True]  # 15/03/45 reads only year last
    # a four-digit year last still takes its day/month order from the values
    assert _days(["23/03/12", "25/12/2024", "05/03/2024"], order="year_first")[0] == [
        "2023-03-12",
        "2024-12-25",
        "2024-03-05",
    ]


def test_a_first_field_that_is_no_day_proves_the_year_first() -> None:
    assert _days(["98/03/12", "23/03/12"]) == (["1998-03-12", "2023-03-12"], [False, False])
    assert _days(["00.03.12", "23.03.12"])[0] == ["2000-03-12", "2023-03-12"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_the_fields_show_the_year_first_in_a_column_of_enough_dates(sep: str) -> None:
    iso = [
        "2022-01-03",
        "2022-02-15",
        "2022-05-21",
        "2023-04-28",
        "2023-07-09",
        "2023-08-30",
        "2024-09-21",
        "2024-11-06",
    ]
    days, bad = _days(_short(sep, *iso))
    assert days == iso and not any(bad)
    # the same days written day first (a European export) are read day first, as before
    european = [f"{d[8:10]}{sep}{d[5:7]}{sep}{d[2:4]}" for d in iso]
    assert _days(european) == (iso, [False] * len(iso))


def test_year_last_dates_keep_their_old_reading() -> None:
    assert _days(["01/02/68", "01/02/69", "1/2/3", "01/02/99"])[0] == [
        "2068-01-02",
        "1969-01-02",
        "2003-01-02",
        "1999-01-02",
    ]
    assert _days(["25/03/2024", "06/04/24"])[0] == ["2024-03-25", "2024-04-06"]
    assert _days(["03/15/22", "05/03/22"])[0] == ["2022-03-15", "2022-05-03"]
    assert _days(["23/03/12"], order="day_first")[0] == ["2012-03-23"]


def test_short_dates_read_year_first_prove_no_day_first_order() -> None:
    # 23/03/12 read year first says nothing of the links' 05/03/2024 (before: day first)
    stores = pd.DataFrame(
        {"store_id": ["A", "B"], "status": "active", "opened_at": ["2023/01/05", "23/03/12"]}
    )
    links = pd.DataFrame(
        {
            "store_id": ["A"],
            "kind": "phone",
            "value": "+81 90 3871 2964",
            "observed_at": "05/03/2024",
        }
    )
    ds = sg.load(stores, links)
    assert ds.stores["opened_at"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-05", "2023-03-12"]
    assert ds.links["first_seen"].dt.strftime("%Y-%m-%d").tolist() == ["2024-05-03"]
    assert ds.counts["date_order"] == "month_first"


def test_a_table_that_writes_whole_years_first_and_last_reads_short_dates_by_their_fields():
    days, bad = _days(["2023/01/05", "05/03/2024", "23/03/12", "98/03/12", "12/03/98"])
    assert days == ["2023-01-05", "2024-05-03", None, "1998-03-12", "1998-12-03"]
    assert bad == [False, False, True, False, False]


def test_each_value_alone_a_short_date_that_may_be_a_day_or_a_year_is_unusable() -> None:
    parsed, bad, _ = dates_with_placeholders(pd.Series(["23/03/12", "98/03/12", "05/03/22"]))
    assert bad.tolist() == [True, False, False]
    assert parsed.dt.strftime("%Y-%m-%d").tolist()[1:] == ["1998-03-12", "2022-05-03"]
    parsed, bad, _ = dates_with_placeholders(pd.Series(["23/03/12"]), order="year_first")
    assert parsed.dt.strftime("%Y-%m-%d").tolist() == ["2023-03-12"] and not bad.any()


def _return_after_ban(opened_old: str, closed_old: str, opened_new: str, order: str) -> sg.Analysis:
    stores = pd.DataFrame(
        [
            {
                "store_id": "OLD",
                "status": "banned",
                "opened_at": opened_old,
                "closed_at": closed_old,
            },
            {"store_id": "NEW", "status": "active", "opened_at": opened_new},
        ]
    )
    links = pd.DataFrame(
        [
            {"store_id": "OLD", "kind": "phone", "value": "090-3871-2964"},
            {"store_id": "NEW", "kind": "phone", "value": "09038712964"},
        ]
    )
    return sg.analyze(stores, links, seed=0, config=_config(order))


@pytest.mark.parametrize("sep", SEPARATORS)
def test_the_users_return_after_a_ban_in_short_dates(
    sep: str, caplog: pytest.LogCaptureFixture
) -> None:
    iso = _return_after_ban("2021-04-01", "2022-11-05", "2023-03-12", "auto")
    short = _short(sep, "2021-04-01", "2022-11-05", "2023-03-12")
    # declared: the same score as ISO dates (0.763), not 0.017 (a "recycled" number)
    declared = _return_after_ban(*short, "year_first")
    assert declared.scores.set_index("store_id")["score"].to_dict() == pytest.approx(
        iso.scores.set_index("store_id")["score"].to_dict()
    )
    assert "NEW" in set(declared.alerts["store_id"])
    # not declared: the dates are cleared, with a warning naming the setting
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        auto = _return_after_ban(*short, "auto")
    assert auto.stores["opened_at"].isna().all()
    assert (auto.rejected["reason"] == "invalid_date").sum() == 3
    (notice,) = [n for n in auto.dataset.counts["notices"] if "two-digit year" in n]
    assert f"3 dates of the stores table (opened_at 2, closed_at 1), such as '{short[0]}'" in notice
    assert 'dates.order = "year_first"' in notice
    assert notice in caplog.text


def test_year_first_is_a_date_order_of_the_config() -> None:
    assert _config("year_first").dates.order == "year_first"
    with pytest.raises(ConfigError, match="year_first"):
        sg.Config.from_dict({"dates": {"order": "ymd"}})


def test_a_year_first_run_gives_screening_a_day_month_order(tmp_path: Path) -> None:
    analysis = _return_after_ban("21/04/01", "22/11/05", "23/03/12", "year_first")
    # an index records the day/month order, which screening reads (year_first is none)
    assert analysis.dataset.counts["date_order"] in ("day_first", "month_first")
    screener = sg.Screener.from_analysis(analysis)
    decision = screener.screen({"store_id": "N2", "opened_at": "23/03/13", "phone": "09038712964"})
    assert decision.opened_at == "2023-03-13"


# 2. Forms that were cleared ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("令和5年3月12日", "2023-03-12 00:00"),
        ("令和５年３月１２日", "2023-03-12 00:00"),
        ("令和元年5月1日", "2019-05-01 00:00"),
        ("平成31年4月30日", "2019-04-30 00:00"),
        ("昭和64年1月7日", "1989-01-07 00:00"),
        ("令和5年3月12日 14:05", "2023-03-12 14:05"),
        ("R5.3.12", "2023-03-12 00:00"),
        ("R05/03/12", "2023-03-12 00:00"),
        ("H31.4.30", "2019-04-30 00:00"),
        ("Ｒ５．３．１２", "2023-03-12 00:00"),
        ("2023-03-12 오후 2:05", "2023-03-12 14:05"),
        ("2023-03-12 오후 2:05:00", "2023-03-12 14:05"),
        ("2023. 3. 12. 오후 2:05:00", "2023-03-12 14:05"),
        ("2023. 3. 12. 오전 12:05:00", "2023-03-12 00:05"),
        ("2023/3/12 下午 02:05:00", "2023-03-12 14:05"),
        ("2023/3/12 上午 10:00", "2023-03-12 10:00"),
        ("2023/3/12 上午 12:30", "2023-03-12 00:30"),
        ("2023/3/12 오전 10:00", "2023-03-12 10:00"),
        ("民國112年3月12日", "2023-03-12 00:00"),
        ("民国112年3月12日", "2023-03-12 00:00"),
        ("中華民國112年03月12日", "2023-03-12 00:00"),
        ("112年3月12日", "2023-03-12 00:00"),
        ("112/03/12", "2023-03-12 00:00"),
        ("112.3.12", "2023-03-12 00:00"),
        ("112-03-12 下午 02:05:00", "2023-03-12 14:05"),
        ("2023/03/12(日)", "2023-03-12 00:00"),
        ("2023.03.12(일)", "2023-03-12 00:00"),
        ("２０２３／０３／１２（日）", "2023-03-12 00:00"),
        ("2023/03/12 (日) 10:00", "2023-03-12 10:00"),
        ("2022年3月4日 下午3:05", "2022-03-04 15:05"),
    ],
)
def test_japanese_korean_and_taiwanese_forms_are_read(value: str, expected: str) -> None:
    parsed, bad = parse_dates(pd.Series([value], dtype=object))
    assert not bad.iloc[0]
    assert parsed.iloc[0].strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize(
    "value",
    [
        "R5.13.12",  # no month 13
        "112/13/12",
        "212/03/12",  # a three-digit year outside 100-199 is no ROC year
        "民國0年3月12日",
        "2023/03/12 foo",  # what follows is no time
        "X5.3.12",  # no era
    ],
)
def test_what_only_looks_like_those_forms_is_not_read(value: str) -> None:
    assert _days([value]) == ([None], [True])


def test_a_two_digit_roc_year_is_not_read_as_one() -> None:
    # 99/03/12 may be ROC 99 (2010) or 1999: it is a short date, read as those are
    assert _days(["99/03/12", "23/03/12"]) == (["1999-03-12", "2023-03-12"], [False, False])


# 3. Future dates -------------------------------------------------------------------------


def _future_market(closed: str, *, filler: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The skew user's repro, with ``filler`` ordinary stores so that the table has dates
    enough to judge: B1 banned 2017 and A1 opened 2024 share a phone (recycled); B2 is
    the same but for its ``closed`` date."""
    rows = [
        {
            "store_id": "B1",
            "status": "banned",
            "opened_at": "2016-01-01",
            "closed_at": "2017-01-01",
        },
        {"store_id": "A1", "status": "active", "opened_at": "2024-01-01", "closed_at": None},
        {"store_id": "B2", "status": "banned", "opened_at": "2016-01-01", "closed_at": closed},
        {"store_id": "A2", "status": "active", "opened_at": "2024-01-01", "closed_at": None},
    ]
    days = pd.date_range("2016-02-01", "2024-05-01", periods=filler).strftime("%Y-%m-%d")
    rows += [
        {"store_id": f"F{i}", "status": "active", "opened_at": d, "closed_at": None}
        for i, d in enumerate(days)
    ]
    links = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "B2", "A2"],
            "kind": "phone",
            "value": ["0812-3456-7890", "0812-3456-7890", "0813-3456-7890", "0813-3456-7890"],
            "observed_at": ["2016-06-01", "2024-01-01", "2016-06-01", "2024-01-01"],
        }
    )
    return pd.DataFrame(rows), links


def test_a_closure_in_the_future_is_cleared_and_the_number_fades(
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = sg.Config.from_dict({"normalize": {"default_region": "ID"}})
    honest = sg.analyze(*_future_market("2017-01-01"), seed=0, config=config)
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        future = sg.analyze(*_future_market("2031-06-01"), seed=0, config=config)
    scores = future.scores.set_index("store_id")["score"]
    # before: A2 0.70 "sibling" of B2, held "until 2031"; now as its recycled twin A1
    assert scores["A2"] < 0.1
    assert scores["A2"] == pytest.approx(
        honest.scores.set_index("store_id")["score"]["A2"], rel=0.5
    )
    assert "A2" not in set(future.alerts["store_id"])
    noted = future.rejected[future.rejected["reason"] == "future_date"]
    assert noted[["table", "store_id", "column", "value", "dropped"]].values.tolist() == [
        ["stores", "B2", "closed_at", "2031-06-01", False]
    ]
    assert future.stores.set_index("store_id")["closed_at"].isna()["B2"]
    assert "missing_closed_at" in set(future.rejected["reason"])
    (notice,) = [n for n in future.dataset.counts["notices"] if "future_date" in n]
    assert "1 closed_at of the stores table (such as '2031-06-01')" in notice
    assert notice in caplog.text


def test_future_observations_and_openings_are_cleared_too() -> None:
    stores, links = _future_market("2017-01-01")
    stores.loc[stores["store_id"] == "F3", "opened_at"] = "2030-01-01"
    extra = pd.DataFrame(
        {
            "store_id": [f"F{i}" for i in range(60)],
            "kind": "email",
            "value": [f"shop{i}@example.com" for i in range(60)],
            "observed_at": ["2037-01-01 10:00"] + ["2020-01-01"] * 59,
        }
    )
    ds = sg.load(stores, pd.concat([links, extra], ignore_index=True))
    noted = ds.rejected[ds.rejected["reason"] == "future_date"]
    assert sorted(map(tuple, noted[["table", "column", "value"]].values.tolist())) == [
        ("links", "observed_at", "2037-01-01 10:00"),
        ("stores", "opened_at", "2030-01-01"),
    ]
    assert ds.stores.set_index("store_id")["opened_at"].isna()["F3"]


def test_a_small_table_or_a_date_less_than_a_year_ahead_is_not_judged() -> None:
    stores, links = _future_market("2031-06-01", filler=0)  # 8 dates: one may be the newest
    assert "future_date" not in set(sg.load(stores, links).rejected["reason"])
    stores, links = _future_market("2025-03-01")  # ten months after the newest
    assert "future_date" not in set(sg.load(stores, links).rejected["reason"])


def test_future_dates_are_after_the_data_and_the_run_day() -> None:
    days = pd.Series(pd.date_range("2090-01-01", periods=200, freq="D"))
    late = pd.Series(["2095-01-01"], dtype="datetime64[ns]")
    found = future_dates([days, late], today=np.datetime64("2090-07-01"))
    assert not found[0].any() and found[1].tolist() == [True]
    # more than 2% of the dates that far ahead: no longer "a few"
    many = pd.Series(["2095-01-01"] * 10, dtype="datetime64[ns]")
    assert not future_dates([days, many], today=np.datetime64("2090-07-01"))[1].any()
    # a year after the rest but not after the run's day: the newest stores of an
    # extract of old bans and this week's registrations, not an error
    assert not future_dates([days, late], today=np.datetime64("2095-01-02"))[1].any()


def test_this_weeks_registrations_next_to_old_bans_keep_their_dates() -> None:
    stores, links = _future_market("2017-01-01")
    stores.loc[stores["store_id"] == "F3", "opened_at"] = "2026-01-05"
    ds = sg.load(stores, links)
    assert "future_date" not in set(ds.rejected["reason"])
    assert not ds.stores.set_index("store_id")["opened_at"].isna()["F3"]


# 4. A date column of one day ------------------------------------------------------------


def test_a_column_of_one_day_is_warned_of(caplog: pytest.LogCaptureFixture) -> None:
    n = 60
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] * 10 + ["active"] * (n - 10),
            "opened_at": "2024-01-01",
            "closed_at": ["2024-01-01"] * 10 + [None] * (n - 10),
        }
    )
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": "phone", "value": "x"})
    links["value"] = [f"+86 138 0013 {8000 + i}" for i in range(n)]
    links["observed_at"] = ["2024-01-01 03:00"] * (n - 1) + ["2023-05-02"]
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores, links)
    (notice,) = [n for n in ds.counts["notices"] if "one day" in n]
    assert notice.startswith(
        "All 60 opened_at values of the stores table are one day, 2024-01-01; 59 of 60 (98%) "
        "observed_at values of the links table are one day, 2024-01-01."
    )
    assert "closed_at" not in notice  # 10 values: too few to say
    assert notice in caplog.text
    # dates of many days, or a short column, say nothing
    spread = stores.assign(opened_at=pd.date_range("2020-01-01", periods=n).strftime("%Y-%m-%d"))
    assert not [
        m for m in sg.load(spread, links.head(1)).counts.get("notices", []) if "one day" in m
    ]
    assert busiest_day(pd.Series([], dtype="datetime64[ns]")) is None


# 5. Messages -------------------------------------------------------------------------------


def test_the_no_links_error_names_kind_names() -> None:
    stores = pd.DataFrame(
        {"store_id": ["S1"], "status": ["active"], "電話番号": ["03-1234-5678"], "tel_no": ["1"]}
    )
    with pytest.raises(InputError) as err:
        sg.load(stores)
    message = str(err.value)
    assert "--kind-names '電話番号=KIND,tel_no=phone'" in message
    assert "[kind_names]" in message
    assert "give a kind of that name a weight in the config to read it as one" not in message


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("store_id,status,住所\nS1,active,東京都渋谷区渋谷二丁目21番1号 株式会社テスト\n", "cp932"),
        ("store_id,status,주소\nS1,active,서울특별시 강남구 테헤란로 152 주식회사\n", "cp949"),
        ("store_id,status,地址\nS1,active,臺北市信義區信義路五段7號 股份有限公司\n", "cp950"),
        ("store_id,status,地址\nS1,active,北京市朝阳区建国路88号 有限公司\n", "gbk"),
        ("store_id,status,Adresse\nS1,active,Zoë Müller 12 rue de la Paix Besançon\n", "cp1252"),
        ("store_id,status,Адрес\nS1,active,г. Москва ул. Ленина д. 5\n", "cp1251"),
    ],
)
def test_the_encoding_error_names_the_double_byte_encoding(
    tmp_path: Path, text: str, codec: str
) -> None:
    data = text.encode(codec)
    assert suggested_encoding(data) == codec
    path = tmp_path / "stores.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_table(path, table="stores")
    assert f"encoding={codec!r}" in str(err.value)
    assert f"--encoding {codec} " in (err.value.command_line or "")
    if codec == "cp932":
        assert "shift_jis" in str(err.value)
    # named so, the file reads as written
    assert read_table(path, table="stores", encoding=codec).iloc[0, 2] == text.split(",")[-1][:-1]


def test_shift_jis_and_cp932_read_a_full_width_minus_differently() -> None:
    # what the docs tell Japanese users: name cp932
    data = "0001－1234567".encode("cp932")
    assert data.decode("cp932") == "0001－1234567"
    assert data.decode("shift_jis") == "0001−1234567"
    assert np.char.find(data.decode("shift_jis"), "\u2212") == 4
