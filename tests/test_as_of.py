"""The day the data is of (``dates.as_of``, ``sellergraph run --as-of``, ``sg.load(as_of=)``):
future dates are judged by it in place of the clock's day, in a table of any size, so
that the same input and seed give the same bytes on any day and a run of an old export
can be made again; and the unreadable-dates notice names ``dates.order = "year_first"``
(``--date-order year_first``) when the dates have a two-digit year."""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
import sellergraph.schema as schema
from sellergraph.cli import main
from sellergraph.cli.batch import DATE_ORDERS as CLI_DATE_ORDERS
from sellergraph.config import DATE_ORDERS
from sellergraph.errors import ConfigError
from sellergraph.io.run import RUN_TABLES, read_analysis
from sellergraph.notices import unreadable_dates_notices

# A tiny marketplace: B2 "closed" in 2031 (a "suspended until" day) holds its phone
# number until then, and A2, a stranger who got the number years later, looks its sibling.
_TINY_STORES = pd.DataFrame(
    {
        "store_id": ["B1", "A1", "B2", "A2"],
        "status": ["banned", "active", "banned", "active"],
        "opened_at": ["2015-01-01", "2023-06-01", "2015-01-01", "2023-06-01"],
        "closed_at": ["2016-06-01", None, "2031-06-01", None],
    }
)
_TINY_LINKS = pd.DataFrame(
    {
        "store_id": ["B1", "A1", "B2", "A2"],
        "kind": "phone",
        "value": ["+86 138 0013 8000"] * 2 + ["+86 139 0013 8000"] * 2,
        "observed_at": ["2016-06-01", "2024-01-01", "2016-06-01", "2024-01-01"],
    }
)


def _files(tmp_path: Path, stores: pd.DataFrame, links: pd.DataFrame) -> list[str]:
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    return ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]


def _run(tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    args = ["run", *_files(tmp_path, _TINY_STORES, _TINY_LINKS), "--out", str(out), "-q"]
    assert main([*args, "--no-report", *extra]) == 0
    return out


def _rejected(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "rejected.csv")


class _Clock:
    """``schema.datetime`` with its ``now`` on a given day (the machine's date)."""

    def __init__(self, day: str) -> None:
        self.day = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC)

    def now(self, tz: datetime.tzinfo | None = None) -> datetime.datetime:
        return self.day


# 1. A tiny table is judged by the day the data is of -------------------------------------


def test_a_tiny_tables_2031_ban_is_a_future_date_as_of_the_export_day(tmp_path: Path) -> None:
    without = _run(tmp_path, "without")
    assert "future_date" not in set(_rejected(without)["reason"])  # 8 dates: never judged
    scores = pd.read_csv(without / "scores.csv").set_index("store_id")
    assert scores.loc["A2", "relation"] == "sibling" and scores.loc["A2", "score"] >= 0.6

    out = _run(tmp_path, "as_of", "--as-of", "2024-06-01")
    rejected = _rejected(out)
    future = rejected[rejected["reason"] == "future_date"]
    assert future[["table", "store_id", "column", "value", "dropped"]].values.tolist() == [
        ["stores", "B2", "closed_at", "2031-06-01", False]
    ]
    assert "after 2024-06-01, the day the data is of (dates.as_of)" in future["message"].iloc[0]
    assert "missing_closed_at" in set(rejected.loc[rejected["store_id"] == "B2", "reason"])
    assert "A2" not in set(pd.read_csv(out / "alerts.csv")["store_id"])


def test_a_date_on_the_day_after_as_of_is_kept_for_time_zones() -> None:
    stores = _TINY_STORES.assign(closed_at=["2016-06-01", None, "2024-06-02 23:30", None])
    ds = sg.load(stores, _TINY_LINKS, as_of="2024-06-01")
    assert "future_date" not in set(ds.rejected["reason"])
    stores = _TINY_STORES.assign(closed_at=["2016-06-01", None, "2024-06-03", None])
    ds = sg.load(stores, _TINY_LINKS, as_of="2024-06-01")
    assert ds.rejected.loc[ds.rejected["reason"] == "future_date", "store_id"].tolist() == ["B2"]
    observed = _TINY_LINKS.assign(observed_at=["2016-06-01", "2024-06-03", "2016-06-01", None])
    ds = sg.load(_TINY_STORES.assign(closed_at=["2016-06-01", None, "2017-01-01", None]), observed,
                 as_of="2024-06-01")  # fmt: skip
    future = ds.rejected[ds.rejected["reason"] == "future_date"]
    assert future[["table", "column", "value"]].values.tolist() == [
        ["links", "observed_at", "2024-06-03"]
    ]


def test_future_dates_as_of_judges_any_table() -> None:
    closed = pd.Series(["2031-06-01", "2021-03-04", None], dtype="datetime64[ns]")
    (found,) = schema.future_dates([closed], as_of="2024-06-01")
    assert found.tolist() == [True, False, False]
    # the day of the run no longer takes part
    (found,) = schema.future_dates([closed], as_of="2024-06-01", today=np.datetime64("2040-01-01"))
    assert found.tolist() == [True, False, False]


# 2. The same input on two days ---------------------------------------------------------------


def _market_with_a_date_ahead() -> tuple[pd.DataFrame, pd.DataFrame]:
    """60 stores of 2020-2023, one of them closed on 2026-06-01 (a year past the rest)."""
    n = 60
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] * 10 + ["active"] * (n - 10),
            "opened_at": pd.date_range("2020-01-01", periods=n, freq="2W").strftime("%Y-%m-%d"),
            "closed_at": ["2026-06-01"] + ["2023-01-15"] * 9 + [None] * (n - 10),
        }
    )
    links = pd.DataFrame(
        {
            "store_id": stores["store_id"],
            "kind": "phone",
            "value": [f"+86 138 0013 {8000 + i // 2}" for i in range(n)],
            "observed_at": "2023-06-01",
        }
    )
    return stores, links


def _bytes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: str, name: str, *extra: str
) -> dict[str, bytes]:
    monkeypatch.setattr(schema, "datetime", _Clock(today))
    out = tmp_path / name
    args = ["run", *_files(tmp_path, *_market_with_a_date_ahead()), "--out", str(out), "-q"]
    assert main([*args, *extra]) == 0
    names = [f"{t}.csv" for t in [*RUN_TABLES, "links"]] + ["report.html"]
    return {n: (out / n).read_bytes() for n in names}


def test_the_same_input_gives_the_same_bytes_on_any_day_as_of_its_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # without --as-of the machine's date takes part: in 2025 the 2026 closure is in the
    # future, in 2027 it is not
    early = _bytes_on(tmp_path, monkeypatch, "2025-01-01", "early")
    late = _bytes_on(tmp_path, monkeypatch, "2027-01-01", "late")
    assert early["rejected.csv"] != late["rejected.csv"]
    assert b"future_date" in early["rejected.csv"]
    # with it, every output is the same on both days
    pinned = ("--as-of", "2024-12-31")
    assert _bytes_on(tmp_path, monkeypatch, "2025-01-01", "a", *pinned) == _bytes_on(
        tmp_path, monkeypatch, "2027-01-01", "b", *pinned
    )


# 3. Recorded in run.json, and read back with it ----------------------------------------------


def test_as_of_is_recorded_in_run_json_and_reused_when_read_back(tmp_path: Path) -> None:
    out = _run(tmp_path, "run", "--as-of", "2024-06-01")
    meta = json.loads((out / "run.json").read_text())
    assert meta["config"]["dates"]["as_of"] == "2024-06-01"
    rebuilt = read_analysis(out)  # checks the rebuilt scores against the folder's
    assert rebuilt.config.dates.as_of == "2024-06-01"
    # a run without it records no as_of (configs from before it read the same)
    plain = json.loads((_run(tmp_path, "plain") / "run.json").read_text())
    assert "as_of" not in plain["config"]["dates"]


# 4. The command line, the config file and Python ---------------------------------------------


@pytest.mark.parametrize("written", ["as_of = 2024-06-01", 'as_of = "2024-06-01"'])
def test_the_config_key_sets_as_of(tmp_path: Path, written: str) -> None:
    (tmp_path / "c.toml").write_text(f"[dates]\n{written}\n")
    assert sg.Config.from_file(tmp_path / "c.toml").dates.as_of == "2024-06-01"
    out = _run(tmp_path, "run", "--config", str(tmp_path / "c.toml"))
    assert "future_date" in set(_rejected(out)["reason"])
    # the command line's day wins over the file's
    out = _run(tmp_path, "later", "--config", str(tmp_path / "c.toml"), "--as-of", "2032-01-01")
    assert "future_date" not in set(_rejected(out)["reason"])
    meta = json.loads((out / "run.json").read_text())
    assert meta["config"]["dates"]["as_of"] == "2032-01-01"


def test_python_api_takes_as_of() -> None:
    ds = sg.load(_TINY_STORES, _TINY_LINKS, as_of=datetime.date(2024, 6, 1))
    assert ds.config.dates.as_of == "2024-06-01"
    assert "future_date" in set(ds.rejected["reason"])
    cfg = sg.Config().replace(as_of="2024-06-01")
    assert "future_date" in set(sg.load(_TINY_STORES, _TINY_LINKS, config=cfg).rejected["reason"])
    result = sg.analyze(_TINY_STORES, _TINY_LINKS, as_of="2024-06-01")
    assert result.config.dates.as_of == "2024-06-01"
    assert "A2" not in set(result.alerts["store_id"])
    # a dataset keeps the day it was loaded with; naming another is an error
    assert sg.analyze(ds).config.dates.as_of == "2024-06-01"
    assert sg.analyze(ds, config=sg.Config()).config.dates.as_of == "2024-06-01"
    with pytest.raises(ConfigError, match=r"give as_of to sg\.load\(\)"):
        sg.analyze(ds, as_of="2024-07-01")


def test_the_notice_names_the_day(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(_TINY_STORES, _TINY_LINKS, as_of="2024-06-01")
    (notice,) = [n for n in ds.counts["notices"] if "future_date" in n]
    assert notice.startswith(
        "1 date is after 2024-06-01, the day the data is of (dates.as_of), and the day after it"
    )
    assert "1 closed_at of the stores table (such as '2031-06-01')" in notice
    assert notice in caplog.text


# 5. A bad day is a clear error ---------------------------------------------------------------


@pytest.mark.parametrize("given", ["2024-13-01", "2024-02-30", "31/12/2024", "yesterday", "2024"])
def test_a_bad_as_of_on_the_command_line_names_the_option_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        _run(tmp_path, "run", "--as-of", given)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --as-of: {given!r} is not a day written YYYY-MM-DD" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "given", ['"2024-13-01"', '"01.06.2024"', '"2024-06-01 10:00"', "20240601"]
)
def test_a_bad_as_of_in_the_config_file_names_the_setting_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    (tmp_path / "c.toml").write_text(f"[dates]\nas_of = {given}\n")
    with pytest.raises(ConfigError, match=r"dates\.'as_of' must be a day written YYYY-MM-DD"):
        sg.Config.from_file(tmp_path / "c.toml")
    code = main(["run", *_files(tmp_path, _TINY_STORES, _TINY_LINKS), "--out",
                 str(tmp_path / "run"), "--config", str(tmp_path / "c.toml"), "-q"])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "dates.'as_of' must be a day written YYYY-MM-DD" in err and "(got " in err


def test_a_bad_as_of_in_python_names_it() -> None:
    with pytest.raises(ConfigError, match=r"'as_of' must be a day .*\(got '2024-6-1'\)"):
        sg.load(_TINY_STORES, _TINY_LINKS, as_of="2024-6-1")
    with pytest.raises(ConfigError, match=r"'as_of' .*\(got 5\)"):
        sg.analyze(_TINY_STORES, _TINY_LINKS, as_of=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"from 1678-01-01 to 2261-12-31"):
        sg.Config().replace(as_of="9999-12-31")


# 6. Two-digit-year dates: the notice names year_first -------------------------------------


def _unreadable(values: list[str]) -> str:
    rejected = pd.DataFrame(
        {"table": "stores", "column": "opened_at", "reason": "invalid_date", "value": values}
    )
    (notice,) = unreadable_dates_notices(rejected, {("stores", "opened_at"): len(values)})
    return notice


@pytest.mark.parametrize("sep", ["/", ".", "-"])
def test_the_unreadable_dates_notice_names_year_first_for_two_digit_years(sep: str) -> None:
    values = [f"{y}{sep}03{sep}{d:02d}" for y in (21, 22, 23) for d in range(1, 11)]
    notice = _unreadable(values)
    assert 'set dates.order = "year_first" in the config' in notice
    assert "sellergraph run --date-order year_first" in notice
    assert "day_first or month_first if one is right" not in notice


def test_the_unreadable_dates_notice_keeps_day_and_month_for_four_digit_years() -> None:
    notice = _unreadable([f"{d:02d}/03/2024" for d in range(1, 31)])
    assert '"day_first" or "month_first"' in notice and "--date-order day_first" in notice
    assert "year_first" not in notice


def _year_first_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table whose two-digit-year dates (23/03/12) read both ways and tell neither."""
    n = 30
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["active"] * (n - 1) + ["banned"],
            "opened_at": [f"{21 + i % 3}/{1 + i % 12:02d}/{1 + i % 12:02d}" for i in range(n)],
        }
    )
    links = pd.DataFrame(
        {"store_id": stores["store_id"], "kind": "phone", "value": "+86 138 0013 8000"}
    )
    return stores, links


def test_date_order_on_the_command_line_reads_year_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = _year_first_market()
    args = ["run", *_files(tmp_path, stores, links), "--no-report"]
    assert main([*args, "--out", str(tmp_path / "auto")]) == 0
    err = capsys.readouterr().err
    assert "--date-order year_first" in err  # the warnings name the option
    assert "invalid_date" in set(_rejected(tmp_path / "auto")["reason"])
    assert main([*args, "--out", str(tmp_path / "yf"), "--date-order", "year_first", "-q"]) == 0
    assert "invalid_date" not in set(_rejected(tmp_path / "yf")["reason"])
    stores_out = pd.read_csv(tmp_path / "yf" / "stores.csv").set_index("store_id")
    assert stores_out.loc["S0", "opened_at"] == "2021-01-01"
    meta = json.loads((tmp_path / "yf" / "run.json").read_text())
    assert meta["config"]["dates"]["order"] == "year_first"


def test_the_command_lines_date_orders_are_the_configs() -> None:
    assert CLI_DATE_ORDERS == DATE_ORDERS


def test_diff_does_not_call_a_nightly_as_of_a_config_change() -> None:
    from sellergraph.rundiff import _notes, _Run

    def run(day: str) -> _Run:
        meta = {"config": {"dates": {"as_of": day}, "scoring": {"min_link": 0.2}}}
        return _Run("f", meta, 0.6, *(pd.DataFrame(),) * 3)

    assert _notes(run("2024-06-01"), run("2024-06-02")) == []
