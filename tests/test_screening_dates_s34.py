"""Screening and reviews read placeholder dates (1970-01-01, 1900-01-01, 2099-12-31, the
number 0, ...) as the batch's loader does: as no date, noted as ``placeholder_date``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.reviews import apply_reviews, read_reviews
from sellergraph.schema import placeholder_dates
from sellergraph.screening import (
    _NAT_DAYS,
    _PLACEHOLDER_DAY_NUMBERS,
    _PLACEHOLDER_FROM_DAY,
    Screener,
    _parse_day,
)

#: What exports write for an unknown date, in the forms a registration may bring.
PLACEHOLDERS = [
    "1970-01-01",
    "1970-01-01 08:00:00",
    "1969-12-31 19:00:00",
    "1970-01-01T00:00:00Z",
    "01/01/1970",
    "1900-01-01",
    "19000101",
    "1899-12-30",
    "1899-12-31",
    "1904-01-01",
    "1753-01-01",
    "2099-12-31",
    "2100-01-01",
    "2199-12-31 23:59:59",
    0,
    "0",
    0.0,
    "0000000000",
    pd.Timestamp("1970-01-01"),
]
#: Real dates next to them, read as the dates they are.
REAL = ["1970-01-02", "1969-12-31", "1900-01-01 10:30", "1985-06-01", "2099-12-30"]


@pytest.fixture(scope="module")
def banned_copies() -> tuple[sg.Analysis, dict, list[str | None]]:
    """A marketplace with three new stores that bring a banned store's identifiers, opened
    on placeholder dates and on none; their analysis; the identifiers; the dates."""
    stores, links, _ = sg.make_marketplace(n_stores=1500, seed=11)
    first = sg.analyze(stores, links, seed=0)
    banned = first.stores[first.stores["status"] == "banned"].iloc[0]
    mine = links[links["store_id"] == banned["store_id"]]
    dates: list[str | None] = ["1970-01-01", "2099-12-31", "1900-01-01", None]
    ids = [f"NEW{i}" for i in range(len(dates))]
    new_stores = pd.DataFrame(
        {
            "store_id": ids,
            "platform": banned["platform"],
            "status": "active",
            "opened_at": dates,
        }
    )
    new_links = pd.concat([mine.assign(store_id=s) for s in ids], ignore_index=True)
    analysis = sg.analyze(
        pd.concat([stores, new_stores], ignore_index=True),
        pd.concat([links, new_links], ignore_index=True),
        seed=0,
    )
    identifiers: dict[str, list[str]] = {}
    for kind, value in zip(mine["kind"], mine["value"], strict=True):
        identifiers.setdefault(str(kind).strip(), []).append(value)
    registration = {"platform": banned["platform"], "identifiers": identifiers}
    return analysis, registration, dates


@pytest.mark.parametrize("value", PLACEHOLDERS, ids=repr)
def test_a_placeholder_registration_date_is_no_date(value: object) -> None:
    assert _parse_day(value) == (_NAT_DAYS, None, "placeholder_date")


@pytest.mark.parametrize("value", REAL)
def test_dates_next_to_the_placeholders_are_dates(value: str) -> None:
    day, text, why = _parse_day(value)
    assert why is None and text == value[:10]
    assert day == (pd.Timestamp(value[:10]) - pd.Timestamp("1970-01-01")).days


def test_out_of_range_dates_stay_invalid() -> None:
    assert _parse_day("9999-12-31")[2] == "invalid_date"
    assert _parse_day("soon")[2] == "invalid_date"
    assert _parse_day(None) == (_NAT_DAYS, None, None)


def test_the_quick_iso_check_agrees_with_the_loaders_rule() -> None:
    # every day the quick YYYY-MM-DD path reads, 1678 to 2261, at midnight
    days = np.arange(
        np.datetime64("1678-01-01", "D").astype(np.int64),
        np.datetime64("2262-01-01", "D").astype(np.int64),
    )
    quick = np.isin(days, list(_PLACEHOLDER_DAY_NUMBERS)) | (days >= _PLACEHOLDER_FROM_DAY)
    loader = placeholder_dates(days.astype("datetime64[D]").astype("datetime64[ns]"))
    np.testing.assert_array_equal(quick, loader)
    assert quick.sum() > 5


def test_a_placeholder_opened_at_screens_as_the_batch_scores_it(banned_copies) -> None:
    analysis, registration, dates = banned_copies
    screener = Screener.from_analysis(analysis)
    batch = analysis.scores.set_index("store_id")
    no_date = screener.screen({**registration, "store_id": "NEW3"})
    for i, opened in enumerate(dates):
        sid = f"NEW{i}"
        d = screener.screen({**registration, "store_id": sid, "opened_at": opened})
        assert d.score == pytest.approx(batch.loc[sid, "score"], abs=1e-9)
        assert d.relation == batch.loc[sid, "relation"] == no_date.relation
        assert d.matched_store_id == batch.loc[sid, "matched_store_id"]
        assert d.opened_at is None
        assert "opened date unknown" in d.summary
        assert "timing" not in d.kinds
        expected = () if opened is None else ({"field": "opened_at", "value": opened},)
        assert [
            {k: u[k] for k in ("field", "value")}
            for u in d.unusable
            if u["reason"] == "placeholder_date"
        ] == list(expected)
    # the batch cleared them too: noted as placeholder_date in rejected
    noted = analysis.rejected[analysis.rejected["reason"] == "placeholder_date"]
    assert sorted(noted["store_id"]) == ["NEW0", "NEW1", "NEW2"]


def test_screen_and_screen_many_agree_on_placeholder_dates(banned_copies) -> None:
    analysis, registration, _ = banned_copies
    screener = Screener.from_analysis(analysis)
    openings: list[object] = [*PLACEHOLDERS, *REAL, "9999-12-31", "soon", None]
    first = {k: v[0] for k, v in registration["identifiers"].items()}  # one a column
    registrations = [
        {**registration, "identifiers": first, "store_id": f"R{i}", "opened_at": opened}
        for i, opened in enumerate(openings)
    ]
    one_by_one = sg.screening.decisions_frame([screener.screen(r) for r in registrations])
    records = sg.screening.decisions_frame(screener.screen_records(registrations))
    table = pd.DataFrame(
        {
            "store_id": [r["store_id"] for r in registrations],
            "platform": registration["platform"],
            "opened_at": pd.Series(openings, dtype=object),
            **first,
        }
    )
    many = screener.screen_many(table)
    pd.testing.assert_frame_equal(one_by_one, records)
    pd.testing.assert_frame_equal(one_by_one, many)
    placeholder = many["unusable"].str.contains("opened_at: placeholder_date", regex=False)
    assert placeholder.tolist() == [True] * len(PLACEHOLDERS) + [False] * (
        len(openings) - len(PLACEHOLDERS)
    )
    assert many["unusable"].iloc[len(PLACEHOLDERS) + len(REAL)] == "opened_at: invalid_date"


def test_ban_and_add_store_refuse_a_placeholder_closed_at(banned_copies) -> None:
    screener = Screener.from_analysis(banned_copies[0])
    with pytest.raises(InputError, match=r"'2099-12-31'.*placeholder_date"):
        screener.ban("NEW0", closed_at="2099-12-31")
    with pytest.raises(InputError, match=r"'1970-01-01'.*placeholder_date"):
        screener.add_store(
            {"store_id": "LATER", "identifiers": {"phone": "+86 139 1111 2222"}},
            status="banned",
            closed_at="1970-01-01",
        )
    assert "LATER" not in screener
    screener.ban("NEW0", closed_at="2024-01-01")  # a real date still bans


def test_add_store_keeps_a_placeholder_opened_at_as_no_date(banned_copies) -> None:
    screener = Screener.from_analysis(banned_copies[0])
    decision = screener.add_store(
        {"store_id": "LATER", "opened_at": "1970-01-01", "identifiers": {"phone": "13911112222"}}
    )
    assert [u["reason"] for u in decision.unusable] == ["placeholder_date"]
    assert screener._opened[screener._code["LATER"]] == _NAT_DAYS


def test_a_placeholder_review_date_makes_the_review_invalid() -> None:
    reviews = read_reviews(
        pd.DataFrame(
            {
                "store_id": ["A", "A", "B", "C"],
                "decision": ["cleared", "confirmed", "cleared", "cleared"],
                "reviewed_at": ["2026-10-01", "2099-12-31", "1970-01-01 08:00:00", "1970-01-02"],
            }
        )
    )
    assert reviews["reviewed_at"].isna().tolist() == [False, True, True, False]
    assert reviews["reason"].iloc[[0, 3]].tolist() == [None, None]
    for i, value in ((1, "2099-12-31"), (2, "1970-01-01 08:00:00")):
        assert (
            reviews["reason"]
            .iloc[i]
            .startswith(
                f"column 'reviewed_at': '{value}' is a date exports write for an unknown date "
                "(placeholder_date)"
            )
        )
    scores = pd.DataFrame(
        {"store_id": ["A", "B", "C"], "score": [0.9] * 3, "matched_store_id": ["X"] * 3}
    )
    stores = pd.DataFrame({"store_id": ["A", "B", "C"], "status": ["active"] * 3})
    out = apply_reviews(reviews, scores, stores, alert_threshold=0.6, margin=0.05)
    # the "never" date does not make the second review of A its latest
    assert out["status"].tolist() == ["held", "invalid", "invalid", "held"]
