"""Dates of a South-East Asian marketplace's export (Thailand, Vietnam, Malaysia,
Indonesia, the Philippines) that were ``invalid_date``.

- Thai dates with the month abbreviated (``15 มี.ค. 2567``, the usual Thai form), with
  ``พ.ศ.``, ``วันที่`` or a weekday before them, a time in ``น.`` after them, Thai
  digits, or a two-digit Buddhist year (``15 มี.ค. 67``): 202 of one export's stores
  lost their dates, and with them a shared phone's and wallet's fading.
- Vietnamese ``Ngày 15/03/2024``, ``15 thg 3, 2024`` and times after ``SA``/``CH``
  (morning and afternoon, as Windows writes them in Vietnamese).
- Malay, Indonesian and Tagalog month names after a hyphen (``15-Ogos-2024``), before
  the day (``Marso 15, 2024``) or in old spellings (``Nopember``), and their times.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.schema import parse_dates


def _days(values: list[str], **kwargs: object) -> tuple[list[str | None], list[bool]]:
    parsed, bad = parse_dates(pd.Series(values, dtype=object), **kwargs)  # type: ignore[arg-type]
    return [None if pd.isna(p) else p.strftime("%Y-%m-%d %H:%M") for p in parsed], bad.tolist()


def _day(text: str) -> str | None:
    days, _ = _days([text])
    return days[0]


# 1. Thai ------------------------------------------------------------------------------

THAI_ABBREVIATED = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย."]
THAI_ABBREVIATED += ["ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("dots", [True, False])
def test_every_abbreviated_thai_month_is_read(month: int, dots: bool) -> None:
    # before: every one was invalid_date, only the full names were read
    name = THAI_ABBREVIATED[month - 1]
    name = name if dots else name.replace(".", "")
    assert _day(f"1 {name} 2567") == f"2024-{month:02d}-01 00:00"


@pytest.mark.parametrize(
    "text",
    [
        "15 มี.ค. 2567",
        "15 มี.ค.2567",
        "15มี.ค.2567",
        "15 มีค 2567",
        "15 มีนาคม 2567",
        "15 มีนา 2567",
        "15 มี.ค. พ.ศ. 2567",
        "15 มีนาคม พ.ศ. 2567",
        "15 มี.ค. พ.ศ.2567",
        "วันที่ 15 มี.ค. 2567",
        "วันที่ 15 มีนาคม พ.ศ. 2567",
        "วันศุกร์ที่ 15 มีนาคม พ.ศ. 2567",
        "๑๕ มี.ค. ๒๕๖๗",
        "๑๕ มีนาคม พ.ศ. ๒๕๖๗",
        "15 มี.ค. 67",
        "วันที่ 15/03/2567",
        "15 มี.ค. ค.ศ. 2024",
        "15 มี.ค. 2024",
    ],
)
def test_thai_dates_are_read(text: str) -> None:
    assert _day(text) == "2024-03-15 00:00"


@pytest.mark.parametrize(
    "text",
    [
        "15 มี.ค. 2567 14:05 น.",
        "15 มี.ค. 2567 เวลา 14:05 น.",
        "15 มี.ค. 2567 เวลา 14.05 น.",
        "วันที่ 15 มี.ค. 2567 14:05 นาฬิกา",
        "15/03/2567 14:05 น.",
        "15/03/2567 เวลา 14.05 น.",
        "๑๕/๐๓/๒๕๖๗ ๑๔:๐๕ น.",
    ],
)
def test_a_thai_time_of_day_is_read(text: str) -> None:
    assert _day(text) == "2024-03-15 14:05"


def test_a_buddhist_leap_day_is_checked_in_its_gregorian_year() -> None:
    assert _days(["29 ก.พ. 2567", "29 ก.พ. 67", "29 ก.พ. 2566"])[0] == [
        "2024-02-29 00:00",
        "2024-02-29 00:00",
        None,  # 2023 is no leap year
    ]


def test_the_era_written_decides_the_year() -> None:
    # พ.ศ.: Buddhist, whatever the year; ค.ศ.: Christian, so 2567 is no date (it is not
    # taken for a Buddhist year, as a bare 2567 is), nor are two digits after it
    days, bad = _days(["1 ม.ค. พ.ศ. 2500", "1 ม.ค. ค.ศ. 2567", "1 ม.ค. ค.ศ. 67", "1 ม.ค. 2500"])
    assert days == ["1957-01-01 00:00", None, None, "1957-01-01 00:00"]
    assert bad == [False, True, True, False]


@pytest.mark.parametrize("text", ["15 มี.ค.", "มี.ค. 2567", "15 ไม่มี 2567", "15 มี.ค. 2567 25:00"])
def test_what_is_no_thai_date_stays_unread(text: str) -> None:
    assert _days([text]) == ([None], [True])


def test_thai_stores_load_without_cleared_dates() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "status": ["banned", "active", "active"],
            "opened_at": ["1 ม.ค. 2566", "วันที่ 15 มี.ค. 2567", "๒ ก.พ. ๒๕๖๗"],
            "closed_at": ["31 ธ.ค. 66", None, None],
        }
    )
    links = pd.DataFrame({"store_id": ["A", "B"], "kind": "phone", "value": "+66815832291"})
    data = sg.load(stores, links)
    assert "invalid_date" not in set(data.rejected["reason"])
    opened = data.stores.set_index("store_id")["opened_at"].dt.strftime("%Y-%m-%d")
    assert opened.to_dict() == {"A": "2023-01-01", "B": "2024-03-15", "C": "2024-02-02"}
    closed = data.stores.set_index("store_id")["closed_at"]
    assert closed["A"].strftime("%Y-%m-%d") == "2023-12-31"


# 2. Vietnamese ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, want",
    [
        ("Ngày 15/03/2024", "2024-03-15 00:00"),
        ("ngày 15/03/2024", "2024-03-15 00:00"),
        ("Ngay 15/03/2024", "2024-03-15 00:00"),
        ("Ngày 05/03/2024", "2024-03-05 00:00"),  # day first, as Vietnamese writes it
        ("Thứ Sáu, ngày 15/03/2024", "2024-03-15 00:00"),
        ("ngày 15/03/2024 lúc 14:05", "2024-03-15 14:05"),
        ("ngày 15 tháng 3 năm 2024", "2024-03-15 00:00"),
        ("Thứ Sáu, ngày 15 tháng 3 năm 2024", "2024-03-15 00:00"),
        ("ngay 15 thang 3 nam 2024", "2024-03-15 00:00"),
        ("15 thg 3, 2024", "2024-03-15 00:00"),
        ("15 thg 3 2024", "2024-03-15 00:00"),
        ("15/03/2024 2:05 CH", "2024-03-15 14:05"),
        ("15/03/2024 02:05 SA", "2024-03-15 02:05"),
        ("15/03/2024 12:30 CH", "2024-03-15 12:30"),
        ("15/03/2024 12:30 SA", "2024-03-15 00:30"),
        ("15/03/2024 2:05 chiều", "2024-03-15 14:05"),
        ("15/03/2024 9:05 sáng", "2024-03-15 09:05"),
    ],
)
def test_vietnamese_dates_and_times_are_read(text: str, want: str) -> None:
    assert _day(text) == want


def test_a_time_after_sa_or_ch_past_twelve_is_no_time() -> None:
    assert _days(["15/03/2024 14:05 CH"]) == ([None], [True])


# 3. Malay, Indonesian, Tagalog --------------------------------------------------------


@pytest.mark.parametrize(
    "text, want",
    [
        ("15 Mac 2024", "2024-03-15"),
        ("15 Ogos 2024", "2024-08-15"),
        ("15 Dis 2024", "2024-12-15"),
        ("15-Mac-2024", "2024-03-15"),
        ("15-Ogos-2024", "2024-08-15"),
        ("Isnin, 15 Mac 2024", "2024-03-15"),
        ("15 Agustus 2024", "2024-08-15"),
        ("15 Agst 2024", "2024-08-15"),
        ("15-Agu-2024", "2024-08-15"),
        ("15 Mei 2024", "2024-05-15"),
        ("15 Okt 2024", "2024-10-15"),
        ("15 Des 2024", "2024-12-15"),
        ("15 Nopember 2024", "2024-11-15"),
        ("15 Pebruari 2024", "2024-02-15"),
        ("Jumat, 15 Maret 2024", "2024-03-15"),
        ("15 Marso 2024", "2024-03-15"),
        ("15 Agosto 2024", "2024-08-15"),
        ("Marso 15, 2024", "2024-03-15"),
        ("Agosto 15, 2024", "2024-08-15"),
        ("Biyernes, Marso 15, 2024", "2024-03-15"),
        ("15 Septiyembre 2024", "2024-09-15"),
    ],
)
def test_malay_indonesian_and_tagalog_month_names_are_read(text: str, want: str) -> None:
    assert _day(text) == f"{want} 00:00"


@pytest.mark.parametrize(
    "text, want",
    [
        ("15 Mac 2024 2:05 PTG", "14:05"),
        ("15 Mac 2024 10:05 PG", "10:05"),
        ("15/03/2024 2:05 PTG", "14:05"),
        ("15 Maret 2024 14.05 WIB", "14:05"),
        ("15 Maret 2024 pukul 14.05 WIB", "14:05"),
        ("15/03/2024 14:05 WIB", "14:05"),
        ("15/03/2024 14:05 WITA", "14:05"),
        ("15 Marso 2024 2:05 PM", "14:05"),
        ("15/03/2024 14:05 PHT", "14:05"),
        ("15/03/2024 14:05 MYT", "14:05"),
        ("15/03/2024 14:05 ICT", "14:05"),
    ],
)
def test_their_times_and_zones_are_read_as_written(text: str, want: str) -> None:
    assert _day(text) == f"2024-03-15 {want}"


def test_a_month_first_date_needs_a_month_name() -> None:
    assert _days(["Rp 15, 2024"]) == ([None], [True])
